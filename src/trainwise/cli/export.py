"""`trainwise export library` and `trainwise import library`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from trainwise.bootstrap import open_catalog
from trainwise.cli.common import (
    DbOption,
    JsonOption,
    console,
    fail,
    handle_errors,
    print_json,
    read_json_file,
    settings_for,
)
from trainwise.services.export import (
    library_document,
    load_library_document,
    markdown_book,
    markdown_files,
)
from trainwise.storage.migrate import upgrade

app = typer.Typer(help="Export data.", no_args_is_help=True)


class ExportFormat(StrEnum):
    json = "json"
    markdown = "markdown"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}") from None


@app.command("library")
@handle_errors
def export_library(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="json: one document; markdown: the guides.")] = (
        ExportFormat.json
    ),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o",
            help="JSON: a file (or folder for library.json). Markdown: a folder with one file per "
            "exercise, or FILE.md for one document. Default: standard output.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the whole library (built-in and imported) as JSON or Markdown."""
    exercises = open_catalog(settings_for(db)).all()
    if fmt is ExportFormat.json:
        text = json.dumps(library_document(exercises), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            typer.echo(text, nl=False)
            return
        target = output / "library.json" if output.is_dir() else output
        _write(target, text)
        console.print(f"exported {len(exercises)} exercises to {target}", markup=False, highlight=False)
        return
    if output is None:
        typer.echo(markdown_book(exercises), nl=False)
        return
    if output.suffix.lower() == ".md" and not output.is_dir():
        _write(output, markdown_book(exercises))
        console.print(f"exported {len(exercises)} exercises to {output}", markup=False, highlight=False)
        return
    if output.exists() and not output.is_dir():
        raise fail(f"{output} is a file: give a folder, or a FILE.md for one document")
    for name, text in markdown_files(exercises).items():
        _write(output / name, text)
    console.print(f"exported {len(exercises)} exercises to {output}/", markup=False, highlight=False)


@handle_errors
def import_library(
    path: Annotated[Path, typer.Argument(help="A JSON file written by `trainwise export library`.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Load a library exported as JSON: adds new entries, updates changed ones (idempotent).

    Into an empty database it loads only the document (not the built-in library first)."""
    data = read_json_file(path)
    repo = open_catalog(settings_for(db), setup=False)
    upgrade(repo.engine)  # an empty database gets the schema only: the document is the library
    report = load_library_document(repo, data)
    result = {"added": len(report.added), "updated": len(report.updated), "unchanged": len(report.unchanged)}
    if as_json:
        print_json(result)
        return
    console.print(f"library loaded: {result['added']} added, {result['updated']} updated, {result['unchanged']} unchanged")
