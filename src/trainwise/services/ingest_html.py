"""HTML -> Markdown adapter: main-content extraction with trafilatura.

Navigation, ads, captions, comments and "more from" blocks are dropped by trafilatura; the
headings and lists it keeps are written as Markdown, which the block parser of
``trainwise.domain.ingest`` reads like any Markdown page.
"""

from __future__ import annotations

import contextlib
import json
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


# A callout box of the article's own ('<aside class="callout callout-safety">', '<aside class="warning">').
_SAFETY_CALLOUT = re.compile(r"(?:^|[\s_-])(?:safety|warning|caution|danger|alert)(?:$|[\s_-])", re.IGNORECASE)


def keep_safety_callouts(tree: Any) -> None:
    """Retag safety callouts written as asides ('<aside class="callout callout-safety">') as
    divs: main-content extraction drops every aside as a sidebar, but this one is the article's
    own safety note. Asides without a safety class (related links, ads) stay asides."""
    for el in tree.iter("aside"):
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _SAFETY_CALLOUT.search(marks):
            el.tag = "div"
            el.attrib.pop("class", None)


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
    keep_safety_callouts(tree)
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
    body = with_lost_structure(html, body)
    card = howto_markdown(html)
    if card:  # a HowTo card is the page's exercise, field by field: read it instead of the story around it
        return card
    title = page_title(html, url)
    if title and not _starts_with(body, title):
        body = f"# {title}\n\n{body}"
    return with_level_fact(html, body.strip())


# --------------------------------------------------------------------------- lost structure

_SKIP_STRUCTURE = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "button",
                   "template", "iframe"}


def _lost(tree: Any, body: str) -> tuple[int, int]:
    """(section headings, lists of two items or more) the extracted Markdown lacks although it kept
    a paragraph beside them (the same parent element): content dropped from the middle of the page's
    own text, not a menu or a sidebar dropped whole."""
    flat = " ".join(body.replace("**", "").replace("\\", "").split())

    def kept_beside(el: Any) -> bool:
        parent = el.getparent()
        return parent is not None and any(
            len(words := p.text_content().split()) > 8 and " ".join(words) in flat for p in parent.findall("p"))

    heads = sum(1 for h in tree.iter("h2", "h3")
                if (t := " ".join(h.text_content().split())) and t not in flat and kept_beside(h))
    lists = sum(1 for ol in tree.iter("ol", "ul") if len(items := ol.findall("li")) >= 2
                and all(" ".join(li.text_content().split()) not in flat for li in items) and kept_beside(ol))
    return heads, lists


def with_lost_structure(html: str, body: str) -> str:
    """The page rendered by its own tags when main-content extraction lost two section headings or
    more and a list of steps, or four headings or more (a handout laid out in columns: '<div class="col">
    <h2>Exercise 1 ...', an app screen's tabs and cards),
    else the extracted Markdown unchanged. Navigation, headers, footers and scripts stay out."""
    if "<h2" not in html and "<h3" not in html:
        return body
    tree = load_html(html)
    if tree is None:
        return body
    heads, lists = _lost(tree, body)
    if heads < 2 or (lists < 1 and heads < 4):
        return body
    root = tree.find(".//body")
    lines: list[str] = []
    _render_plain(root if root is not None else tree, lines)
    return "\n\n".join(lines)


def _inline(el: Any) -> str:
    """An element's text on one line, bold kept as '**bold**'."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _SKIP_STRUCTURE:
            inner = _inline(child)
            parts.append(f"**{inner.strip()}** " if child.tag in ("strong", "b") and inner.strip() else inner)
            if child.tag == "br":
                parts.append(" ")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


# A warning icon's alt text ('<img alt="Warning">' before a card's text) and a class naming one step.
_WARNING_ICON = re.compile(r"^(?:warning|caution|safety|important)$", re.IGNORECASE)
_STEP_CLASS = re.compile(r"(?:^|\s)step(?:$|\s)", re.IGNORECASE)


def _render_plain(el: Any, lines: list[str]) -> None:
    """Markdown of an element's blocks: headings, paragraphs, lists and table rows; a step card
    ('<div class="step"><span>1</span><p>Sit ...</p>') as a numbered item, a diagram's alt text
    of four words or more as a paragraph, and a warning icon as the label of the text after it."""
    label, steps = "", 0
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _SKIP_STRUCTURE:
            continue
        alt = " ".join((child.get("alt") or "").split()) if tag == "img" else ""
        if tag == "img":
            if _WARNING_ICON.match(alt):
                label = f"**{alt}:** "
            elif len(alt.split()) >= 4:
                lines.append(alt)
            continue
        if tag == "div" and _STEP_CLASS.search(child.get("class") or "") and child.find("p") is not None:
            steps += 1
            item = f"{steps}. {_inline(child.find('p'))}"
            lines[-1:] = [f"{lines[-1]}\n{item}"] if steps > 1 else [*lines[-1:], item]
            continue
        steps = 0
        if tag == "p" and label:
            lines.append(label + _inline(child))
            label = ""
            continue
        if tag in _HEADINGS:
            lines.append(f"{'#' * int(tag[1])} {_inline(child)}")
        elif tag in ("p", "blockquote", "figcaption", "dt", "dd"):
            if text := _inline(child):
                lines.append(text)
        elif tag in ("ol", "ul"):
            items = [_inline(li) for li in child.findall("li")]
            lines.append("\n".join(f"{n}. {t}" if tag == "ol" else f"- {t}" for n, t in enumerate(items, 1) if t))
        elif tag == "table":
            rows = [[_inline(c) for c in tr if c.tag in ("td", "th")] for tr in child.iter("tr")]
            rows = [r for r in rows if any(r)]
            if rows:
                rule = "|" + "---|" * len(rows[0])
                lines.append("\n".join(["| " + " | ".join(rows[0]) + " |", rule,
                                         *("| " + " | ".join(r) + " |" for r in rows[1:])]))
        else:
            _render_plain(child, lines)


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


# --------------------------------------------------------------------------- rated difficulty

# 'Difficulty: <span class="stars">★★☆</span>', '<dt>Level</dt><dd>2/3</dd>': a difficulty written
# in a page's header row, which main-content extraction drops with the rest of the row. Only
# inline tags may sit between the label and the rating (not a filter form's '<input>').
_LEVEL_FACT = re.compile(
    r">\s*(Difficulty|Skill level|Level)\s*:?\s*(?:</?(?:span|strong|b|em|dt|dd|div|abbr)\b[^>]*>\s*)*"
    r"([★⭐●☆✩○]{2,}|\d\s*(?:/|out of)\s*\d\b|beginner\b|intermediate\b|advanced\b)",
    re.IGNORECASE,
)


def with_level_fact(html: str, body: str) -> str:
    """The Markdown with the page's difficulty line ('Difficulty: ★★☆') under its title, when
    the HTML states one and the extracted text lost it."""
    if not body or re.search(r"\b(?:difficulty|level)\s*:", body, re.IGNORECASE):
        return body
    m = _LEVEL_FACT.search(html)
    if m is None:
        return body
    fact = f"{m.group(1).strip()}: {' '.join(m.group(2).split())}"
    head, _, rest = body.partition("\n")
    return f"{head}\n\n{fact}\n{rest}" if head.startswith("#") else f"{fact}\n\n{body}"


# --------------------------------------------------------------------------- HowTo cards

_HOWTO_TYPE = re.compile(r"schema\.org/HowTo/?$")
_SKIP_TAGS = {"script", "style", "button", "meta", "form", "nav", "noscript", "svg"}
_SKIP_CLASS = re.compile(r"(?:^|[\s_-])(?:rating|ratings|stars|share|save|print|card-id|ad-slot)(?:$|[\s_-])",
                         re.IGNORECASE)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def howto_markdown(html: str) -> str:
    """A page's schema.org HowTo cards (microdata ``itemtype=".../HowTo"``, else JSON-LD
    ``"@type": "HowTo"``) as Markdown: the name as the title, the description, labelled facts
    ('Skill level: Intermediate'), tools as 'Equipment:' (supplies such as shoes or water are no
    equipment), the steps as a numbered list and the card's other headed lists. Empty when the
    page has no card with two steps or more."""
    if "HowTo" not in html:
        return ""
    tree = load_html(html)
    if tree is None:
        return ""
    cards = [el for el in tree.iter() if isinstance(el.tag, str) and _HOWTO_TYPE.search(el.get("itemtype") or "")]
    found = [md for md in (_card_markdown(c) for c in cards) if md]
    if not found:
        found = [md for md in (_json_card_markdown(d) for d in _json_howtos(tree)) if md]
    if len(found) > 1:  # several cards: one section each
        found = ["#" + md for md in found]
    return "\n\n".join(found)


def _text(el: Any) -> str:
    """An element's text with whitespace unified."""
    return " ".join(el.text_content().split())


def _owner(el: Any) -> Any:
    """The nearest item (``itemscope``) an element's property belongs to."""
    parent = el.getparent()
    while parent is not None and parent.get("itemscope") is None:
        parent = parent.getparent()
    return parent


def _prop(card: Any, name: str) -> Any:
    """The card's own property element ``name`` (not one of a step or tool inside it)."""
    return next((el for el in card.iter() if isinstance(el.tag, str) and el.get("itemprop") == name
                 and _owner(el) is card), None)


def _card_markdown(card: Any) -> str:
    """One microdata HowTo card as Markdown (see ``howto_markdown``)."""
    name, description = _prop(card, "name"), _prop(card, "description")
    parts: dict[str, list[str]] = {"step": [], "tool": [], "supply": []}
    lines: list[str] = []
    _render(card, card, lines, parts, {name, description})
    if len(parts["step"]) < 2 or name is None:
        return ""
    out = [f"# {_text(name)}"] + ([_text(description)] if description is not None else [])
    for line in lines:
        if line == "\0step":
            out.append("\n".join(f"{i}. {s}" for i, s in enumerate(parts["step"], 1)))
        elif line == "\0tool":
            out += [f"{label}: {', '.join(parts[key])}" for key, label in (("tool", "Equipment"), ("supply", "Supplies"))
                    if parts[key]]
        elif line.startswith("- ") and out and out[-1].startswith("- "):
            out[-1] += "\n" + line  # one list, not paragraphs of one item each
        else:
            out.append(line)
    return "\n\n".join(out)


def _render(el: Any, card: Any, lines: list[str], parts: dict[str, list[str]], done: set[Any]) -> None:
    """Markdown lines for the children of ``el`` inside ``card``: steps, tools and supplies are
    collected in ``parts`` (a marker line where they first appear), headings, list items, labelled
    facts and paragraphs become lines; ratings, buttons and elements in ``done`` are skipped."""
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _SKIP_TAGS or child in done \
                or _SKIP_CLASS.search(child.get("class") or ""):
            continue
        prop = child.get("itemprop") or ""
        if prop in parts:
            marker = "\0tool" if prop in ("tool", "supply") else "\0step"
            if marker not in lines:
                lines.append(marker)
            parts[prop].append(_step_text(child) if prop == "step" else _text(child))
        elif child.tag in _HEADINGS:
            following = child.getnext()
            if following is None or not any(d.get("itemprop") in ("tool", "supply") for d in following.iter()
                                             if isinstance(d.tag, str)):
                lines.append(f"## {_text(child)}")
        elif child.tag == "li":
            lines.append(f"- {_text(child)}")
        elif (label := _label_of(child)) is not None:
            value = _text(child)[len(label):].strip()
            if value:
                lines.append(f"{label}: {value}")
        elif child.tag == "p":
            lines.append(_text(child))
        else:
            _render(child, card, lines, parts, done)


def _label_of(el: Any) -> str | None:
    """The label a fact row starts with ('<div><span class="label">Skill level</span> Intermediate</div>')."""
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or "label" not in (first.get("class") or "").lower() or (el.text or "").strip():
        return None
    label = _text(first).rstrip(":")
    return label or None


def _step_text(step: Any) -> str:
    """A HowToStep's instruction: its ``text`` property, else its text without the step number."""
    text = next((el for el in step.iter() if isinstance(el.tag, str) and el.get("itemprop") == "text"), None)
    return _text(text) if text is not None else re.sub(r"^\d{1,2}[.):]?\s+", "", _text(step))


def _json_howtos(tree: Any) -> list[dict[str, Any]]:
    """The HowTo objects of the page's JSON-LD scripts (top level, in a list or an ``@graph``)."""
    out: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "") or "HowTo" not in (script.text or ""):
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        out += [d for d in items if isinstance(d, dict) and d.get("@type") in ("HowTo", ["HowTo"])]
    return out


def _json_names(value: Any) -> list[str]:
    """Names of JSON-LD values: strings, or objects' ``name`` / ``text``."""
    values = value if isinstance(value, list) else [value] if value else []
    out = [v if isinstance(v, str) else str(v.get("name") or v.get("text") or "") for v in values
           if isinstance(v, str | dict)]
    return [" ".join(o.split()) for o in out if o.strip()]


def _json_steps(value: Any) -> list[str]:
    """A JSON-LD HowTo's steps: HowToStep texts, in HowToSection lists too."""
    values = value if isinstance(value, list) else [value] if value else []
    out: list[str] = []
    for v in values:
        if isinstance(v, dict) and "itemListElement" in v:
            out += _json_steps(v["itemListElement"])
        elif isinstance(v, dict | str):
            out += _json_names(v) if isinstance(v, str) else [" ".join(str(v.get("text") or v.get("name") or "").split())]
    return [o for o in out if o]


def _json_card_markdown(data: dict[str, Any]) -> str:
    """One JSON-LD HowTo as Markdown (see ``howto_markdown``)."""
    name, steps = " ".join(str(data.get("name") or "").split()), _json_steps(data.get("step"))
    if not name or len(steps) < 2:
        return ""
    out = [f"# {name}"]
    if data.get("description"):
        out.append(" ".join(str(data["description"]).split()))
    for key, label in (("tool", "Equipment"), ("supply", "Supplies"), ("yield", "Yield")):
        if _json_names(data.get(key)):
            out.append(f"{label}: {', '.join(_json_names(data.get(key)))}")
    out.append("\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
    return "\n\n".join(out)
