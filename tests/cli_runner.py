"""Run the `trainwise` command line in process, as a user would, and read what it printed."""

from __future__ import annotations

import pytest

from trainwise.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``trainwise ARGS...``: (exit code, standard output, standard error)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err
