"""Shared CLI plumbing: the --db option, settings, JSON output and one-line errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from trainwise.bootstrap import open_catalog
from trainwise.config import Settings, get_settings
from trainwise.domain.accounts import normalize_email
from trainwise.domain.errors import DomainError
from trainwise.storage.accounts import SqlAccountStore
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.users import local_user_id

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path (default: TRAINWISE_DATABASE_URL or the user data dir).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        metavar="EMAIL",
        help="Act on this account's data (default: the local user of single-person mode).",
        show_default=False,
    ),
]


class CliState:
    """Options given before the command (``trainwise --db URL ...``)."""

    db: str | None = None


STATE = CliState()


def settings_for(db: str | None) -> Settings:
    """Settings with --db applied (command option wins over the global one)."""
    return get_settings(database_url=db or STATE.db)


def catalog_for(db: str | None) -> SqlCatalog:
    """Open (and on first use set up) the exercise catalog."""
    return open_catalog(settings_for(db))


def user_id_for(engine: Engine, email: str | None) -> int:
    """The id of the account with this e-mail address; the local default user without one."""
    if not email:
        return local_user_id(engine)
    found = SqlAccountStore(engine).find(normalize_email(email))
    if found is None:
        raise fail(f"no account has the e-mail address '{email.strip()}' (trainwise users list)")
    return found[0].id


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` on one line to stderr and return the Exit to raise."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def read_json_file(path: Path) -> Any:
    """The JSON in the file ``path``; a missing file or one that is not JSON exits 2."""
    if not path.is_file():
        raise fail(f"no such file: {path}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{path} is not JSON: {exc}") from None


def import_progress(disable: bool) -> Progress:
    """The progress bar of the dataset imports ("importing ███ 12/40 0:00:01"), gone when done."""
    return Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True, disable=disable)


def read_text(path: str, legacy_encoding: str | None = None) -> str:
    """The text of ``path`` ('-' = standard input); a missing or unreadable file exits 2. With
    ``legacy_encoding``, a file that is not UTF-8 is read in that encoding (spreadsheet CSVs)."""
    if path == "-":
        return sys.stdin.read()
    file = Path(path).expanduser()
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise fail(f"no such file: {path}") from None
    except IsADirectoryError:
        raise fail(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if legacy_encoding is None:
            raise fail(f"{path} is not a UTF-8 text file") from None
        return data.decode(legacy_encoding, errors="replace")


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and database errors into one line on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            raise fail(str(exc)) from None
        except (ArgumentError, NoSuchModuleError) as exc:
            raise fail(f"bad database URL: {exc}") from None
        except OperationalError as exc:
            raise fail(f"cannot use the database: {str(exc.orig).strip().splitlines()[0]}") from None

    return wrapper


def print_json(data: Any) -> None:
    """Write JSON to stdout (no colours, no wrapping)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
