"""`trainwise serve`: run the web app and API with uvicorn."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer
import uvicorn

from trainwise.bootstrap import open_catalog
from trainwise.cli.common import DbOption, console, fail, handle_errors, settings_for


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    db: DbOption = None,
    local: Annotated[bool, typer.Option(
        "--local", help="Single-person mode: no login, everything is yours; only on a loopback address.")] = False,
) -> None:
    """Serve the web pages at / and the REST API at /api/v1 (OpenAPI docs at /api/v1/docs).

    Without --local every personal page and route needs an account (`trainwise users create`,
    or /signup), and TRAINWISE_SECRET_KEY must be set."""
    settings = settings_for(db)
    if local:
        settings = settings.model_copy(update={"local_mode": True})
    if settings.local_mode and not _is_loopback(host):
        raise fail(f"--local serves without login, so it listens only on a loopback address "
                   f"(127.0.0.1, ::1, localhost), not {host}: drop --local and use accounts")
    problem = settings.secret_problem()
    if problem:
        raise fail(problem)
    # Migrate and load the library once, before workers start, so they never race to do it.
    open_catalog(settings).engine.dispose()
    os.environ["TRAINWISE_DATABASE_URL"] = settings.database_url
    os.environ["TRAINWISE_LOCAL"] = "1" if settings.local_mode else "0"
    if settings.local_mode:
        console.print("single-person local mode: no login, everything belongs to the local user")
    elif not _is_loopback(host):
        console.print(f"[yellow]Listening on {host}: serve it behind https (a TLS proxy) so passwords and "
                      "cookies travel encrypted.[/yellow]")
    console.print(f"trainwise on http://{host}:{port}  (API docs: http://{host}:{port}/api/v1/docs)")
    try:
        uvicorn.run("trainwise.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="info", proxy_headers=True)
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror}") from None
