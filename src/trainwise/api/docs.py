"""The interactive API docs (/api/v1/docs): Swagger UI served from our own static files.

FastAPI's default docs page loads Swagger UI from a CDN and starts it with an inline script; the
app's Content-Security-Policy allows neither. This page loads the vendored copy
(``web/static/vendor/swagger-ui-5.35.0``, from the ``swagger-ui-dist`` npm package) and starts it
with a static file (``web/static/api-docs.js``) that reads the OpenAPI URL from a data attribute,
so the docs page runs under the same strict policy as every other page.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trainwise import __version__

SWAGGER_UI = "vendor/swagger-ui-5.35.0"

router = APIRouter()


def _static(name: str) -> str:
    return f"/static/{__version__}/{name}"


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI over this API's OpenAPI document."""
    openapi = escape(request.scope.get("root_path", "") + "/openapi.json")
    return HTMLResponse(f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trainwise API — Swagger UI</title>
<link rel="stylesheet" href="{_static(SWAGGER_UI + '/swagger-ui.css')}">
<link rel="icon" href="{_static('icon.svg')}" type="image/svg+xml">
<script src="{_static(SWAGGER_UI + '/swagger-ui-bundle.js')}" defer></script>
<script src="{_static('api-docs.js')}" defer></script>
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
</body>
</html>
""")
