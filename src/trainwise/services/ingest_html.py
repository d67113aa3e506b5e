"""HTML -> Markdown adapter: main-content extraction with trafilatura.

Navigation, ads, captions, comments and "more from" blocks are dropped by trafilatura; the
headings and lists it keeps are written as Markdown, which the block parser of
``trainwise.domain.ingest`` reads like any Markdown page.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import trafilatura
from trafilatura.utils import load_html

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


# Shop and screen-reader clutter, by the class or id real sites give it: prices, ratings and
# reviews, cart and buy buttons, variant pickers, cross-sells, payment icons; text hidden from sight
# ('<span class="visually-hidden">Important: </span>Important').
_CLUTTER = re.compile(
    r"(?:^|[\s_-])(?:reviews?|star-?ratings?|rating-stars|product-rating|price|prices|pricing|cart|basket|checkout|"
    r"cross-?sell|upsell|variant-(?:picker|selector)s?|quantity|payment(?:-button|-icons)?|add-to-cart|buy-now|wishlist|"
    r"visually-?hidden|sr-only|screen-reader-text|screenreader|u-visually-hidden)(?:$|[\s_-])",
    re.IGNORECASE,
)


_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "blockquote"}


def unwrap_layout_tables(tree: Any) -> None:
    """Tables used for layout (an email template's rows of headings and paragraphs) read as the
    blocks inside them: a table with a single column, or whose cells hold headings, paragraphs or
    lists, loses its table tags; a data table (short cells in rows and columns) stays."""
    for table in reversed(list(tree.iter("table"))):
        cells = list(table.iter("td", "th"))
        one_column = all(len([c for c in row if c.tag in ("td", "th")]) <= 1 for row in table.iter("tr"))
        blocks = any(child.tag in _BLOCK_TAGS for c in cells for child in c)
        if not (one_column or blocks):
            continue
        for el in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            el.tag = "div"


def drop_clutter(html: str) -> Any:
    """The page as a parsed tree without shop and screen-reader clutter (see ``_CLUTTER``) and with
    layout tables unwrapped, or the text unchanged when it cannot be parsed. Main-content
    extraction gives up on a product page whose reviews and buy box outweigh the guide under them,
    and reads hidden labels twice. An element holding half the page's text or more (an article
    of the category 'reviews') is never clutter."""
    tree = load_html(html)
    if tree is None:
        return html
    unwrap_layout_tables(tree)
    total = len(tree.text_content())
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "main"):
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
        parent = el.getparent()
        if marks and parent is not None and _CLUTTER.search(marks) and 2 * len(el.text_content()) < total:
            tail, prev = el.tail, el.getprevious()
            parent.remove(el)
            if tail and tail.strip():  # keep the text that followed the removed element
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
    return tree


def html_to_markdown(html: str, url: str | None = None) -> str:
    """The page's main content as Markdown (empty when nothing readable is found)."""
    body = trafilatura.extract(
        drop_clutter(keep_headed_lists(html)),
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
