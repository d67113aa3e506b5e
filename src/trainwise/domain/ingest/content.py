"""A page's own content blocks: up to the first references / related block, without ads, sponsor
reads, shop sections and page chrome.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trainwise.domain.ingest.blocks import Block, segment, sentences
from trainwise.domain.ingest.chrome import definition_fields, is_chrome

# Where the page's own content ends: reference lists, "more from" blocks, comments, tags.
_STOP = re.compile(
    r"^(?:\d+\s+)?(?:sources|references|bibliography)$|^more from\b|^leave a (?:comment|reply)|"
    r"^related (?:articles|posts|stories|exercises)|^image source|^you (?:may|might) also like|"
    r"^read (?:more|next)|^#(?!\d+\s)\w|^share this|^advertisement$|^recommended (?:for you|reading|articles|stories)|^related reading|^further reading|"
    r"^(?:your |my |workout |training |exercise )?(?:history|log|logbook|logged sets)$|^see also\b|^similar (?:threads|exercises|posts|articles|questions|topics)\b|^member notes\b|"
    r"^comments?\s*\([\d,.]+k?\)$|^[\d,.]+k? comments?$|^about the author\b|^up next$|^(?:watch|videos?) next$|"
    r"^(?:changelog|change log|release notes|licen[cs]e|contributing|contributors)$|"
    r"^(?:related products|frequently bought together|customers (?:also (?:bought|viewed)|who bought))\b",
    re.IGNORECASE,
)
_AD = re.compile(
    r"\b(?:sign up|subscribe|newsletter|download (?:our|the) app|ai-powered|advertisement|sponsored|"
    r"cookies?|free trial|buy now|shop now|use code)\b",
    re.IGNORECASE,
)
_AD_HEADING = re.compile(r"^(?:built for progress|take the guesswork|advertisement|sponsored|sign up|subscribe)",
                         re.IGNORECASE)


def _content_blocks(text: str) -> list[Block]:
    """The page's own blocks: up to the first 'references' / 'similar threads' block, without ads
    and page chrome, definition lists read as fields."""
    out: list[Block] = []
    rule = False
    for b in _without_contents(_without_page_furniture(segment(text))):
        if (b.kind == "heading" or b.words <= 15) and _STOP.search(b.text):
            break
        kept = _without_ads(b) if b.kind == "para" and _AD.search(b.text) else b
        if kept is None or is_chrome(kept):
            rule = rule or b.rule  # a dropped post header after a rule: the rule still separates
            continue
        b = kept
        out.append(replace(b, rule=True) if rule and not b.rule else b)
        rule = False
    out = definition_fields(_without_shop_sections(out))
    # Drop advertising headings together with nothing else.
    return [b for b in out if not (b.kind == "heading" and _AD_HEADING.search(b.text))]


# A product page's own sections: delivery, returns, specifications, product details, size guide.
_SHOP_HEADING = re.compile(
    r"^(?:delivery|shipping|returns|(?:delivery|shipping) (?:&|and) returns|returns (?:&|and) refunds|"
    r"specifications?|specs|tech(?:nical)? specs|product (?:details|information|info|specifications|features)|"
    r"size guide|sizing|dimensions|warranty|guarantee|in the box|what'?s in the box|materials?|care instructions|"
    r"additional information)$",
    re.IGNORECASE,
)


def _without_shop_sections(blocks: list[Block]) -> list[Block]:
    """The blocks without a product page's shop sections (a ``_SHOP_HEADING`` and what follows it
    up to the next heading)."""
    out: list[Block] = []
    skipping = False
    for b in blocks:
        if b.kind == "heading":
            skipping = bool(_SHOP_HEADING.match(b.text.strip(" :")))
        if not skipping:
            out.append(b)
    return out


_SPONSORED = re.compile(r"\b(?:brought to you by|sponsored by|(?:today'?s|this) (?:video|episode)'?s? sponsor|"
                        r"thanks to .{1,40} for sponsoring)\b", re.IGNORECASE)


def _without_ads(b: Block) -> Block | None:
    """A paragraph without its advertising sentences ('hit that subscribe button'): a sponsored
    paragraph, or one that is all advertising, is dropped (None); the rest of a paragraph that
    also says something else (a video's greeting that names the exercise) is kept."""
    parts = sentences(b.text)
    if len(parts) < 2 or _SPONSORED.search(b.text):
        return None
    kept = [p for p in parts if not _AD.search(p)]
    return replace(b, text=" ".join(kept)) if kept and len(kept) < len(parts) else None


# A table of contents: 'Contents', 'Table of contents', 'In this article', 'On this page', 'Jump to'.
_CONTENTS = re.compile(r"^(?:(?:table of )?contents|in this (?:article|guide|post)|on this page|jump to)\s*:?$",
                       re.IGNORECASE)


def _without_contents(blocks: list[Block]) -> list[Block]:
    """The blocks without a table of contents: a 'Contents' heading (or line) and the short list
    items right after it, which repeat the page's own headings."""
    out: list[Block] = []
    skipping = False
    for b in blocks:
        if b.kind != "item" and _CONTENTS.match(b.text):
            skipping = True
            continue
        if skipping and b.kind == "item" and b.words <= 8:
            continue
        skipping = False
        out.append(b)
    return out


# A printed page's footer: 'Page 1 of 2', '... Page 3', 'p. 2/4'.
_PAGE_MARK = re.compile(r"(?:^|\s)(?:page|p\.)\s*\d{1,3}\s*(?:of|/)\s*\d{1,3}$", re.IGNORECASE)


def _without_page_furniture(blocks: list[Block]) -> list[Block]:
    """A document printed to text (a PDF handout) without its page furniture: the lines that
    carry a page number ('... Page 1 of 2'), the header lines of the first page repeated right
    after a page break, and the footer lines repeated right before every page number. Only for a
    text with page numbers; other pages are returned as they are."""
    marks = [i for i, b in enumerate(blocks) if b.kind != "item" and b.text[-1:].isdigit() and _PAGE_MARK.search(b.text)]
    if not marks:
        return blocks
    head = {b.text for b in blocks[:_FURNITURE_LINES]}
    before = [{b.text for b in blocks[max(0, i - _FURNITURE_LINES) : i]} for i in marks]
    drop = set(marks)
    for n, i in enumerate(marks):
        drop.update(k for k in range(i + 1, min(len(blocks), i + 1 + _FURNITURE_LINES)) if blocks[k].text in head)
        others = set().union(*(b for m, b in enumerate(before) if m != n))
        drop.update(k for k in range(max(0, i - _FURNITURE_LINES), i) if blocks[k].text in others)
    return [b for k, b in enumerate(blocks) if k not in drop]


_FURNITURE_LINES = 3  # lines of a page's header or footer
