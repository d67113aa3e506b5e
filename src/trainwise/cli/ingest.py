"""`trainwise ingest PATH_OR_URL... [--json] [--apply] [--format auto|text|html|markdown]`."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trainwise.cli.common import (
    DbOption,
    JsonOption,
    catalog_for,
    console,
    err_console,
    fail,
    handle_errors,
    print_json,
)
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Faq
from trainwise.services import ingest as svc


def _item(x: Any) -> str:
    if isinstance(x, Faq):
        return f"{x.question} — {x.answer}"
    return str(x)


def _show(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "\n".join(f"  {i}. {_item(x)}" for i, x in enumerate(value, 1)) if value else "  (empty)"
    return f"  {value}" if value else "  (empty)"


def _print_actions(actions: list[svc.ApplyAction], *, written: bool, to_stderr: bool) -> None:
    out = err_console if to_stderr else console
    for a in actions:
        if a.action == "add":
            verb = "added" if written else "would add"
            out.print(Text(f"+ {verb} {a.slug} ({a.name}) from {a.source}", style="green"))
        elif a.action == "fill":
            verb = "filled" if written else "would fill"
            out.print(Text(f"~ {verb} {a.slug}: {', '.join(sorted(a.fields))} from {a.source}", style="yellow"))
            for name, (old, new) in a.fields.items():
                out.print(Text(name, style="bold"))
                out.print(Text(f"-{_show(old)}", style="red"))
                out.print(Text(f"+{_show(new)}", style="green"))
        elif a.action == "needs_review":
            out.print(Text(f"? needs review: {a.name}: {'; '.join(a.reasons)}", style="magenta"))
        else:
            out.print(Text(f"= {a.slug}: nothing to fill (curated fields are kept)"))


@handle_errors
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, '-' for standard input, or http(s) URLs.",
                                                 show_default=False)],
    as_json: JsonOption = False,
    apply: Annotated[bool, typer.Option("--apply", help="Add new exercises and fill empty fields of existing ones.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="auto, text, html or markdown.")] = "auto",
    db: DbOption = None,
) -> None:
    """Read exercise pages (text, HTML, Markdown) and extract exercises matched to the library."""
    if fmt not in svc.FORMATS:
        raise fail(f"unknown format '{fmt}'; use one of {', '.join(svc.FORMATS)}")
    repo = catalog_for(db)
    docs = svc.ingest(repo, sources, fmt=fmt, stdin=sys.stdin.buffer if "-" in sources else None)
    report = svc.report_json(docs)
    actions: list[svc.ApplyAction] = []
    if apply:
        actions = svc.plan_apply(repo, docs)
        svc.apply_actions(repo, actions)
        report["apply"] = [a.as_dict() for a in actions]
    if as_json:
        print_json(report)
        if apply:
            _print_actions(actions, written=True, to_stderr=True)
        return
    for d in docs:
        doc = d.document
        table = Table(title=escape(f"{doc.source} — {doc.title[:70]} ({doc.shape}, {len(d.exercises)} exercises)"))
        for col in ("exercise", "library", "steps", "tips", "primary muscles", "equipment", "sets x reps", "conf."):
            table.add_column(col, overflow="fold")
        for item in d.exercises:
            e = item.extracted
            table.add_row(
                escape(e.name),
                f"{item.matched_slug} ({item.match_kind})" if item.matched_slug else "[green]new[/green]",
                str(len(e.steps)), str(len(e.tips)),
                ", ".join(v.MUSCLES.get(m).name for m in e.primary_muscles),
                ", ".join(v.EQUIPMENT.get(x).name for x in e.equipment),
                e.sets_reps or "-", f"{e.confidence:.2f}",
            )
        console.print(table)
    if apply:
        _print_actions(actions, written=True, to_stderr=False)
