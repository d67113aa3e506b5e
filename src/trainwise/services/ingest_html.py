"""HTML -> Markdown adapter: main-content extraction with trafilatura.

Navigation, ads, captions, comments and "more from" blocks are dropped by trafilatura; the
headings and lists it keeps are written as Markdown, which the block parser of
``trainwise.domain.ingest`` reads like any Markdown page.
"""

from __future__ import annotations

import re

import trafilatura


def html_to_markdown(html: str, url: str | None = None) -> str:
    """The page's main content as Markdown (empty when nothing readable is found)."""
    body = trafilatura.extract(
        html,
        url=url,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=True,
        favor_precision=True,
        deduplicate=False,  # True keeps a cache across calls: a page read twice would lose its text
    ) or ""
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = (meta.title or "").strip() if meta is not None else ""
    if title and not _starts_with(body, title):
        body = f"# {title}\n\n{body}"
    return body.strip()


def _starts_with(body: str, title: str) -> bool:
    first = next((line for line in body.splitlines() if line.strip()), "")
    return re.sub(r"^#+\s*", "", first).strip().lower() == title.lower()
