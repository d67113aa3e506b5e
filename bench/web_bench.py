"""Requests per second of the API and the exercise page under one uvicorn worker.

wrk (Debian's package) drives load over loopback; each figure is a ratio to a bare Starlette
JSON endpoint served the same way in the same run. Run with `make bench`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DURATION = "8s"
TARGETS = {
    "GET /api/v1/exercises/{slug}": "/api/v1/exercises/lever-back-extension",
    "GET /api/v1/exercises?q=back extension": "/api/v1/exercises?q=back%20extension&limit=10",
    "GET /exercises/{slug} (HTML)": "/exercises/lever-back-extension",
    "GET /api/v1/exercises?q=back extension, a cache miss every request":
        "/api/v1/exercises?q=back%20extension&limit=10&n=",
}
# Targets ending in "n=" get a new counter value on every request (wrk Lua script), so the
# response cache never hits: the full path of routing, validation, search and serialization.
UNCACHED_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. counter)
end
"""
GOALS = {"GET /api/v1/exercises/{slug}": 0.5, "GET /api/v1/exercises?q=back extension": 0.5,
         "GET /exercises/{slug} (HTML)": 0.3}



def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(target: str, port: int, env: dict[str, str], factory: bool) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--workers", "1",
           "--log-level", "warning", "--no-access-log"]
    if factory:
        cmd.append("--factory")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{target} did not start")


def _rps(url: str, script: str | None = None) -> float:
    cmd = ["wrk", "-t1", "-c16", f"-d{DURATION}", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def main() -> int:
    """Measure the baseline and each target; print a markdown table."""
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk); skipping the web benchmark")
        return 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with tempfile.TemporaryDirectory() as tmp:
        env["TRAINWISE_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        env["TRAINWISE_LOCAL"] = "1"  # single-person mode, as `make run` serves it
        subprocess.run([sys.executable, "-m", "trainwise", "catalog", "load"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = _port()
        base = _serve("bench.baseline_app:app", port, env, factory=False)
        try:
            baseline = _rps(f"http://127.0.0.1:{port}/")
        finally:
            base.terminate()
            base.wait()
        port = _port()
        app = _serve("trainwise.app:create_app", port, env, factory=True)
        rows = []
        try:
            lua = Path(tmp) / "uncached.lua"
            lua.write_text(UNCACHED_SCRIPT)
            for name, path in TARGETS.items():
                rps = _rps(f"http://127.0.0.1:{port}{path}", str(lua) if path.endswith("n=") else None)
                rows.append((name, rps, rps / baseline))
        finally:
            app.terminate()
            app.wait()
    print(f"\nbare Starlette JSON endpoint: {baseline:,.0f} req/s (one uvicorn worker, wrk -c16 -d{DURATION})\n")
    print("| endpoint | req/s | ratio to baseline | goal |\n|---|---|---|---|")
    for name, rps, ratio in rows:
        goal = f"≥ {GOALS[name]:.0%}" if name in GOALS else "(informative)"
        print(f"| {name} | {rps:,.0f} | {ratio:.0%} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
