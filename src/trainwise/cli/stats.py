"""CLI: trainwise stats (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="stats", no_args_is_help=True)
