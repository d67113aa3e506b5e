"""HTML -> Markdown adapter: main-content extraction with trafilatura.

Navigation, ads, captions, comments and "more from" blocks are dropped by trafilatura; the
headings and lists it keeps are written as Markdown, which the block parser of
``trainwise.domain.ingest`` reads like any Markdown page.
"""

from __future__ import annotations

import contextlib
import re

import trafilatura

# A list right after a section heading ('<h2>Comments</h2><ul class="comments-list">'): the
# heading introduces it, so it is the page's content whatever its class says.
_HEADED_LIST = re.compile(r"(</h[2-6]>\s*<(?:ul|ol|dl)\b[^>]*?\bclass\s*=\s*)([\"'])([^\"'>]*)\2", re.IGNORECASE)
_COMMENT_CLASS = re.compile(r"\S*comment\S*", re.IGNORECASE)


def keep_headed_lists(html: str) -> str:
    """Take 'comment' out of the class of lists that directly follow a heading, so main-content
    extraction does not drop them as a comment thread (a real thread is a block of posts, not a
    list introduced by the article's own heading)."""
    if "comment" not in html.lower():
        return html
    return _HEADED_LIST.sub(lambda m: m.group(1) + m.group(2) + _COMMENT_CLASS.sub("", m.group(3)) + m.group(2), html)


def html_to_markdown(html: str, url: str | None = None) -> str:
    """The page's main content as Markdown (empty when nothing readable is found)."""
    body = trafilatura.extract(
        keep_headed_lists(html),
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
    title = page_title(html, url)
    if title and not _starts_with(body, title):
        body = f"# {title}\n\n{body}"
    return body.strip()


def page_title(html: str, url: str | None = None) -> str:
    """The page's title as ``trafilatura.extract_metadata`` finds it (meta tags, JSON-LD, then
    <title>/<h1>), without the rest of the metadata: its date search (htmldate) took most of
    the HTML path's time and the date is never used."""
    try:
        from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
        from trafilatura.utils import load_html
    except ImportError:  # another trafilatura layout: the whole metadata extraction
        meta = trafilatura.extract_metadata(html, default_url=url)
        return (meta.title or "").strip() if meta is not None else ""
    tree = load_html(html)
    if tree is None:
        return ""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:  # as extract_metadata does before JSON-LD
        metadata.author = None
    with contextlib.suppress(Exception):  # extract_metadata ignores errors of its JSON-LD parser too
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    metadata.clean_and_trim()
    return (metadata.title or "").strip()


def _starts_with(body: str, title: str) -> bool:
    first = next((line for line in body.splitlines() if line.strip()), "")
    return re.sub(r"^#+\s*", "", first).strip().lower() == title.lower()
