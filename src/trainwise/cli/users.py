"""`trainwise users create|reset-password|set-role|list`: accounts for self-hosters (no e-mail server).

Passwords are asked twice on a terminal (never echoed), or read from the first line of standard
input with ``--password-stdin`` (for scripts); they are never accepted as a command-line
argument, where other users of the machine and the shell history would see them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from trainwise.cli.common import (
    DbOption,
    JsonOption,
    catalog_for,
    console,
    fail,
    handle_errors,
    print_json,
)
from trainwise.domain.accounts import ROLES, check_password
from trainwise.services import accounts as svc
from trainwise.storage.accounts import SqlAccountStore

app = typer.Typer(help="Accounts: create them, reset a password, give a role, list them.", no_args_is_help=True)

EmailArg = Annotated[str, typer.Argument(metavar="EMAIL", help="The account's e-mail address (its login name).")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input (for scripts).")]
RoleOpt = Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLES)}.", show_default=True)]


def _store(db: str | None) -> SqlAccountStore:
    return SqlAccountStore(catalog_for(db).engine)


def read_password(from_stdin: bool, email: str | None = None) -> str:
    """The new password: from standard input, or asked twice on a terminal."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt="Password again")
    else:
        raise fail("no terminal to ask for the password: pipe it in with --password-stdin")
    check_password(password, email)
    return password


@app.command()
@handle_errors
def create(email: EmailArg, role: RoleOpt = "athlete", password_stdin: PasswordStdin = False,
           db: DbOption = None) -> None:
    """Make an account (sign-up needs no e-mail server: tell the person their password)."""
    address = email.strip().lower()
    password = read_password(password_stdin, address)
    account = svc.sign_up(_store(db), email, password, role=role)
    console.print(f"account {account.id} created: {account.email} ({account.role})", highlight=False)


@app.command("reset-password")
@handle_errors
def reset_password(email: EmailArg, password_stdin: PasswordStdin = False, db: DbOption = None) -> None:
    """Give an account a new password: its sessions end and its API tokens are revoked."""
    store = _store(db)
    account = svc.find_account(store, email)
    svc.reset_password(store, email, read_password(password_stdin, account.email))
    console.print(f"password of {account.email} reset; its sessions and API tokens are revoked", highlight=False)


@app.command("set-role")
@handle_errors
def set_role(email: EmailArg, role: Annotated[str, typer.Argument(metavar="ROLE", help=f"One of {', '.join(ROLES)}.")],
             db: DbOption = None) -> None:
    """Make an account an athlete, a trainer (may invite clients) or an admin."""
    account = svc.set_role(_store(db), email, role)
    console.print(f"{account.email} is now {account.role}", highlight=False)


@app.command("list")
@handle_errors
def list_(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Every account: id, e-mail address, role, active."""
    accounts = _store(db).list_users()
    if as_json:
        print_json([{**a.to_dict(), "is_active": a.is_active} for a in accounts])
        return
    if not accounts:
        console.print("no accounts yet: trainwise users create EMAIL")
        return
    table = Table("id", "e-mail", "role", "active")
    for a in accounts:
        table.add_row(str(a.id), a.email or "", a.role, "yes" if a.is_active else "no")
    console.print(table)
