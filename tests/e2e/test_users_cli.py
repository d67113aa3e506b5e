"""`trainwise users ...`, `--user EMAIL` on the personal commands, and the guards of `trainwise serve`."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from trainwise.cli import main
from trainwise.services import accounts as svc
from trainwise.storage.accounts import SqlAccountStore
from trainwise.storage.engine import make_engine

BEGINNER = str(REPO / "examples" / "profiles" / "beginner-no-equipment-3-days.json")
PASSWORD = "a long enough password"


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'users.db'}"


def _store(db: str) -> SqlAccountStore:
    return SqlAccountStore(make_engine(db))


def test_create_list_reset_and_set_role(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                        db: str) -> None:
    code, out, err = run(capsys, "users", "create", "Coach@Example.org", "--role", "trainer", "--password-stdin",
                         "--db", db, stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert "created: coach@example.org (trainer)" in out and PASSWORD not in out
    assert svc.authenticate(_store(db), "coach@example.org", PASSWORD).role == "trainer"

    code, out, _ = run(capsys, "users", "list", "--json", "--db", db)
    assert code == 0 and json.loads(out) == [{"id": json.loads(out)[0]["id"], "email": "coach@example.org",
                                              "role": "trainer", "is_active": True}]
    code, out, _ = run(capsys, "users", "list", "--db", db)
    assert "coach@example.org" in out and "trainer" in out

    _, secret = svc.create_token(_store(db), svc.find_account(_store(db), "coach@example.org"))
    code, out, err = run(capsys, "users", "reset-password", "coach@example.org", "--password-stdin", "--db", db,
                         stdin="another fine password\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert "tokens are revoked" in out
    assert svc.token_account(_store(db), secret) is None
    assert svc.authenticate(_store(db), "coach@example.org", "another fine password")

    code, out, _ = run(capsys, "users", "set-role", "coach@example.org", "admin", "--db", db)
    assert code == 0 and "is now admin" in out


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["users", "create", "x@example.org", "--password-stdin"], "short\n", "at least 10 characters"),
    (["users", "create", "x@example.org", "--password-stdin"], "x@example.org\n", "e-mail address"),
    (["users", "create", "not-an-address", "--password-stdin"], PASSWORD + "\n", "is not an e-mail address"),
    (["users", "create", "x@example.org", "--role", "boss", "--password-stdin"], PASSWORD + "\n", "unknown role 'boss'"),
    (["users", "reset-password", "nobody@example.org", "--password-stdin"], PASSWORD + "\n", "no account has"),
    (["users", "set-role", "nobody@example.org", "trainer"], None, "no account has"),
    (["users", "create", "x@example.org"], "", "--password-stdin"),  # no terminal to ask on
])
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                          db: str, args: list[str], stdin: str | None, message: str) -> None:
    code, _, err = run(capsys, *args, "--db", db, stdin=stdin if stdin is not None else "", monkeypatch=monkeypatch)
    assert code == 2 and message in err and err.startswith("error: ") and err.count("\n") == 1, err


def test_create_twice_is_refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    for expected in (0, 2):
        code, _, err = run(capsys, "users", "create", "twice@example.org", "--password-stdin", "--db", db,
                           stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
        assert code == expected
    assert "exists already" in err


def test_create_asks_twice_on_a_terminal(db: str) -> None:
    """The password is typed twice on a terminal (a pseudo-terminal here) and never echoed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "trainwise", "users", "create", "tty@example.org", "--db", db],
                            stdin=follower, stdout=follower, stderr=follower, close_fds=True,
                            start_new_session=True)  # the pty becomes its terminal (getpass opens /dev/tty)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while marker not in seen:
            assert time.monotonic() < deadline and proc.poll() is None, seen
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                seen += os.read(leader, 1024)

    try:
        read_until(b"Password: ")
        os.write(leader, (PASSWORD + "\n").encode())
        read_until(b"Password again: ")
        os.write(leader, (PASSWORD + "\n").encode())
        read_until(b"created")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert PASSWORD.encode() not in seen
    assert svc.authenticate(_store(db), "tty@example.org", PASSWORD)


def test_user_option_acts_on_that_accounts_data(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                db: str) -> None:
    run(capsys, "users", "create", "ann@example.org", "--password-stdin", "--db", db, stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch)
    code, out, err = run(capsys, "plan", "save", "--profile", BEGINNER, "--weeks", "2", "--user", "ann@example.org",
                         "--db", db)
    assert code == 0, err
    plan_id = out.strip().split()[-1]
    code, out, _ = run(capsys, "plan", "list", "--json", "--user", "ANN@example.org", "--db", db)
    assert [p["id"] for p in json.loads(out)] == [plan_id]
    code, out, _ = run(capsys, "plan", "list", "--json", "--db", db)
    assert json.loads(out) == []  # the local user has none
    code, _, err = run(capsys, "plan", "show", plan_id, "--db", db)
    assert code == 2 and "no saved plan" in err
    code, out, _ = run(capsys, "stats", "--json", "--user", "ann@example.org", "--db", db)
    assert code == 0 and json.loads(out)["adherence"]["total_sessions"] == 0
    code, out, _ = run(capsys, "log", "list", "--json", "--user", "ann@example.org", "--db", db)
    assert code == 0 and json.loads(out) == []
    code, _, err = run(capsys, "plan", "list", "--user", "nobody@example.org", "--db", db)
    assert code == 2 and "no account has the e-mail address 'nobody@example.org'" in err


def test_serve_local_refuses_other_than_loopback(capsys: pytest.CaptureFixture[str], db: str) -> None:
    for host in ("0.0.0.0", "192.0.2.1", "example.org"):
        code, _, err = run(capsys, "serve", "--local", "--host", host, "--db", db)
        assert code == 2 and err.startswith("error: --local serves without login") and err.count("\n") == 1, err


def test_serve_refuses_the_default_secret(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                          db: str) -> None:
    monkeypatch.setenv("TRAINWISE_ENV", "production")
    monkeypatch.delenv("TRAINWISE_SECRET_KEY", raising=False)
    monkeypatch.delenv("TRAINWISE_LOCAL", raising=False)
    code, _, err = run(capsys, "serve", "--db", db)
    assert code == 2 and "built-in development secret key is refused" in err and err.count("\n") == 1, err
    monkeypatch.setenv("TRAINWISE_SECRET_KEY", "too short")
    code, _, err = run(capsys, "serve", "--db", db)
    assert code == 2 and "too short" in err
