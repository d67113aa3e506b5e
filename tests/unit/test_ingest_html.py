"""HTML adapter: the page title without trafilatura's full metadata extraction, same answer."""

from __future__ import annotations

import pytest
import trafilatura

from tests.conftest import REPO
from trainwise.services.ingest_html import html_to_markdown, page_title

PAGES = REPO / "tests" / "data" / "ingest" / "pages"
BODY = "<body><article><h1>Heading One</h1><p>" + "The goblet squat trains your legs. " * 8 + "</p></article></body>"
SYNTHETIC = [
    f"<html><head><title>Goblet Squat | Site</title></head>{BODY}</html>",
    f'<html><head><meta property="og:title" content="OG: Goblet Squat &amp; more"><title>T</title></head>{BODY}</html>',
    '<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article", '
    f'"headline": "JSON-LD Goblet Squat", "author": {{"name": "A B"}}}}</script></head>{BODY}</html>',
    '<html><head><script type="application/ld+json">{not json</script></head>' + BODY + "</html>",
    f'<html><head><meta name="title" content="Meta Title"><meta name="author" content="Solo"></head>{BODY}</html>',
    f"<html>{BODY}</html>",
    "<p>no head at all</p>",
    f"<html><head><title>{'Long ' * 3000}</title></head>{BODY}</html>",
]


def _reference(html: str, url: str | None) -> str:
    meta = trafilatura.extract_metadata(html, default_url=url)
    return (meta.title or "").strip() if meta is not None else ""


@pytest.mark.parametrize("url", [None, "https://example.org/goblet-squat"])
def test_page_title_equals_trafilatura_metadata_title(url: str | None) -> None:
    pages = SYNTHETIC + [p.read_text(encoding="utf-8") for p in [*PAGES.glob("*.html"), *PAGES.glob("extra/*.html")]]
    for html in pages:
        assert page_title(html, url) == _reference(html, url), html[:80]


def test_markdown_starts_with_the_title() -> None:
    md = html_to_markdown(SYNTHETIC[1])
    assert md.startswith("# OG: Goblet Squat & more")
