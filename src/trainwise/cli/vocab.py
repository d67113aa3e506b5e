"""`trainwise vocab KIND`: list a controlled vocabulary."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from trainwise.cli.common import DbOption, JsonOption, console, handle_errors, print_json
from trainwise.domain import vocabulary as v


@handle_errors
def vocab(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(v.KINDS)}.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List a vocabulary: slugs, names, aliases and facts."""
    vocabulary = v.vocabulary(kind.replace("-", "_"))
    terms = [t.as_dict() for t in vocabulary]
    if as_json:
        print_json(terms)
        return
    table = Table(title=f"{vocabulary.kind} ({len(terms)})")
    table.add_column("slug", style="bold")
    table.add_column("name")
    table.add_column("aliases")
    for t in vocabulary:
        table.add_row(t.slug, t.name, ", ".join(t.aliases))
    console.print(table)
