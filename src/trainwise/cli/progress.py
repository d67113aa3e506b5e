"""CLI: trainwise progress (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="progress", no_args_is_help=True)
