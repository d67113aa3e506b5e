"""The trainwise command line (Typer + Rich)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

# Typer 0.29 ships its own copy of click; its exceptions live here.
from typer._click import exceptions as click_exc

from trainwise import __version__
from trainwise.cli import admin, exercises, logs, plans, progress, stats, users
from trainwise.cli import export as export_cli
from trainwise.cli.backup import backup, restore
from trainwise.cli.common import STATE, DbOption, console, err_console
from trainwise.cli.ingest import ingest
from trainwise.cli.serve import serve
from trainwise.cli.vocab import vocab

app = typer.Typer(
    name="trainwise",
    help="trainwise: exercise library, personalised plans and progress tracking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(exercises.app, name="exercises")
app.add_typer(plans.app, name="plan")
app.add_typer(logs.app, name="log")
app.add_typer(progress.app, name="progress")
app.add_typer(stats.app, name="stats")
app.add_typer(admin.db_app, name="db")
app.add_typer(admin.catalog_app, name="catalog")
app.add_typer(admin.import_app, name="import")
admin.import_app.command("library")(export_cli.import_library)
app.add_typer(export_cli.app, name="export")
app.add_typer(users.app, name="users")
app.command("vocab")(vocab)
app.command("serve")(serve)
app.command("backup")(backup)
app.command("restore")(restore)
app.command("ingest")(ingest)


@app.callback()
def root(
    db: DbOption = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """trainwise: exercise library, personalised plans and progress tracking."""
    STATE.db = db
    if version:
        console.print(f"trainwise {__version__}")
        raise typer.Exit(0)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app; usage errors become one line and exit code 2."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="trainwise", standalone_mode=False)
    except click_exc.NoArgsIsHelpError as exc:
        if exc.ctx is not None:
            print(exc.ctx.get_help())
        code = 0
    except click_exc.UsageError as exc:
        err_console.print(f"error: {exc.format_message()}", markup=False, highlight=False, soft_wrap=True)
        code = 2
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
