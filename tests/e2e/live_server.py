"""A real `trainwise serve` for the tests that need one (browsers, cookies behind a proxy)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_trainwise(db: str, *, local: bool = True, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run `trainwise serve` (``--local`` unless told otherwise) over ``db`` until the caller is
    done; yields its base URL once it accepts connections (RuntimeError with its stderr if it dies
    or is not up within 60 s)."""
    port = free_port()
    args = [sys.executable, "-m", "trainwise", "serve", *(["--local"] if local else []), "--port", str(port),
            "--db", db]
    proc = subprocess.Popen(args, env=dict(env if env is not None else os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died") from None
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
