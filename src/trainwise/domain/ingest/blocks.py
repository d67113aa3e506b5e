"""Segmentation of a page's text into blocks: headings, paragraphs and list items.

Plain text and Markdown go through the same parser. Pure functions, standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

_BULLET = re.compile(r"^(?:[•\-\*▪●◦·!>+]|(\d{1,2}|[a-h])[.)])\s+(.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
# A wiki heading: '== Execution ==' (level 2), '=== Grip ===' (level 3).
_WIKI_HEADING = re.compile(r"^(={2,6})\s*([^=].*?)\s*\1$")
# 'Step 1 — Lie on your side', 'Step one: Kneel': a numbered step written out as a line of its own.
_STEP_LINE = re.compile(r"^step\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:.)—–-]\s*(\S.*)$",
                        re.IGNORECASE)
_FENCE = re.compile(r"^(?:```|~~~)")
_LEADING_STAMP = re.compile(r"^\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+(?=[A-Za-z])")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?$")


@dataclass(frozen=True)
class Block:
    """One unit of a page: ``heading``, ``para`` or ``item`` (a list item)."""

    kind: str
    text: str
    ordered: bool = False
    line: int = 0
    gap: bool = False  # a blank line comes before it
    level: int = 0  # a Markdown heading's level (1-6); 0 for other headings and blocks
    rule: bool = False  # a horizontal rule ('---') comes before it
    number: str = ""  # an ordered item's number as written ('2')

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Section:
    """A heading (empty for the text before the first heading) and the blocks under it."""

    heading: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "item"]

    @property
    def paras(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "para"]


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# A wiki link: '[[barbell]]', '[[Squat depth|depth]]' (the text shown), '[[Category:Lower body]]'.
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]|]*)\]\]")
_STRONG = re.compile(r"(\*\*|__|`)")
_EMPHASIS = re.compile(r"(?<!\w)[*_](\S[^*_]*?)[*_](?!\w)")
_SPACES = re.compile(r"\s+")


def clean_inline(text: str) -> str:
    """Drop Markdown emphasis, links (wiki links too) and images; unify whitespace."""
    if "](" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
    if "[[" in text:
        text = _WIKI_LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = _STRONG.sub("", text)
        text = _EMPHASIS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def _field_line(text: str) -> bool:
    """'Works: rear delts, rhomboids' is a field, 'Back Extensions: Variations' a heading."""
    m = _FIELD.match(text)
    if not m:
        return False
    value = m.group(1)
    words = [w for w in _WORD.findall(value) if len(w) > 3]
    return bool(_FIELD_SEP.search(value)) or not words or not all(w[0].isupper() for w in words)


# A dose written as a line of its own ('3 sets × 8–12 reps · rest 90 s'): a value, never a section.
_DOSE_LINE = re.compile(r"^\d+(?:\s*[-–]\s*\d+)?\s*(?:sets?|rounds?)\s*(?:x|×|of)\s*\d", re.IGNORECASE)
_FIELD = re.compile(r"^[A-Z][\w' ]{1,40}:\s+(\S.*)$")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_FIELD_SEP = re.compile(r"\s[·|]\s")
_TWO_SENTENCES = re.compile(r"\w{2,}[.!?]\s+[A-Z]")
_MD_ESCAPE = re.compile(r"\\([.\-*#_+!()\[\]])")
_RULE = re.compile(r"[-=*_]{3,}")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def looks_like_heading(text: str) -> bool:
    """A short line that does not end like a sentence."""
    words = text.split()
    if not words or len(words) > 12 or _TWO_SENTENCES.search(text) or _DOSE_LINE.match(text):
        return False
    return not _SENTENCE_END.search(text) or (text.endswith("?") and len(words) <= 12)


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?:[\w-]+[ \t]*:.*\n|[ \t]+.*\n|[ \t]*-.*\n|[ \t]*\n){1,60}?---[ \t]*(?:\n|\Z)")


def strip_front_matter(text: str) -> str:
    """The text without a leading YAML front-matter block ('---' / 'key: value' lines / '---')."""
    if not text.startswith(("---", "\ufeff---")):
        return text
    m = _FRONT_MATTER.match(text)
    return text[m.end():] if m else text


def segment(text: str) -> list[Block]:
    """Split text (plain or Markdown) into blocks; repeated captions and YAML front matter are dropped."""
    blocks: list[Block] = []
    previous = ""
    gap = True
    rule = False
    fenced = False
    if "[/" in text:
        text = bbcode_to_markdown(text)
    for n, raw in enumerate(_join_soft_wraps(strip_front_matter(text)), 1):
        line = raw.strip()
        if _FENCE.match(line):  # a fenced code block (commands, config): never prose
            fenced, gap = not fenced, True
            continue
        if fenced:
            continue
        if line[:1].isdigit() or line[:1] == "[":
            line = _LEADING_STAMP.sub("", line)  # a transcript's '0:31 So, why ...'
        if "\\" in line:
            line = _MD_ESCAPE.sub(r"\1", line)  # Markdown escapes: '1\.' -> '1.'
        if not line or _RULE.fullmatch(line):
            gap = True
            rule = rule or bool(line)
            continue
        was_gap, gap = gap, False
        if line == previous:  # image captions are often printed twice
            continue
        previous = line
        block = _block(line, n, was_gap, rule)
        if block is not None:
            blocks.append(block)
            rule = False
    return _numbered_headings(blocks)


_BB_QUOTE = re.compile(r"\[quote(?:=[^\]]*)?\].*?\[/quote\]", re.IGNORECASE | re.DOTALL)
_BB_LIST = re.compile(r"^\s*\[list(=1)?\]\s*$|^\s*\[/list\]\s*$", re.IGNORECASE)
_BB_ITEM = re.compile(r"^\s*\[\*\]\s*")
_BB_STRONG = re.compile(r"\[/?b\]", re.IGNORECASE)
_BB_EMPHASIS = re.compile(r"\[/?i\]", re.IGNORECASE)
_BB_OTHER = re.compile(r"\[/?(?:u|s|color|size|font|url|img|center|left|right|code|spoiler)(?:=[^\]]*)?\]", re.IGNORECASE)


def bbcode_to_markdown(text: str) -> str:
    """A forum post's BBCode read as Markdown: '[b]X[/b]' bold, '[i]X[/i]' emphasis, '[list]' /
    '[list=1]' with '[*]' items as bulleted / numbered items, quoted posts ('[quote]...[/quote]',
    which repeat another post) dropped, other tags ('[color=gray]', '[size=1]', '[url]') removed."""
    text = _BB_QUOTE.sub("", text)
    out: list[str] = []
    number = 0  # the next number of an ordered list; 0 outside one
    for line in text.split("\n"):
        m = _BB_LIST.match(line)
        if m:
            number = 1 if m.group(1) else 0
            out.append("")
            continue
        if _BB_ITEM.match(line):
            line = _BB_ITEM.sub(f"{number}. " if number else "- ", line)
            number += 1 if number else 0
        line = _BB_OTHER.sub("", _BB_EMPHASIS.sub("*", _BB_STRONG.sub("**", line)))
        out.append(line)
    return "\n".join(out)


def _numbered_headings(blocks: list[Block]) -> list[Block]:
    """Plain-text section titles written as numbered lines ('1. CLUB NEWS', '2. Bird Dog'): an
    ordered item of at most eight words standing alone (a blank line before and after it), in title
    or upper case and followed by a paragraph or a bulleted list, or followed by its own numbered
    steps ('2. Glute bridge' then '1. Lie on your back'), becomes a heading that keeps its number;
    ordinary numbered list items stay items."""
    out = list(blocks)
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        own_steps = (nxt is not None and nxt.kind == "item" and nxt.ordered and nxt.number == "1"
                     and after is not None and after.kind == "item" and after.ordered and not after.gap)
        if (b.kind == "item" and b.ordered and b.gap and nxt is not None and nxt.gap
                and (nxt.kind == "para" or (nxt.kind == "item" and not nxt.ordered) or own_steps)
                and b.words <= 8 and not _SENTENCE_END.search(b.text) and (_title_like(b.text) or own_steps)):
            out[i] = replace(b, kind="heading", text=f"{b.number}. {b.text}", ordered=False)
    return out


def _title_like(text: str) -> bool:
    """Every word of four letters or more capitalised ('Move of the Week', 'RACE CALENDAR')."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _block(line: str, n: int, gap: bool, rule: bool) -> Block | None:
    """One non-blank line as a heading, list item or paragraph (None when nothing is left)."""
    m = _MD_HEADING.match(line) or (_WIKI_HEADING.match(line) if line[:2] == "==" else None)
    if m:
        return Block("heading", clean_inline(m.group(2)), line=n, gap=gap, level=len(m.group(1)), rule=rule)
    m = _STEP_LINE.match(line) or (_STEP_LINE.match(clean_inline(line)) if line[:1] in "*_" else None)
    if m:
        return Block("item", clean_inline(m.group(1)), ordered=True, line=n, gap=gap, rule=rule)
    m = _BULLET.match(line)
    if m and m.group(2).strip():
        return Block("item", clean_inline(m.group(2)), ordered=m.group(1) is not None, line=n, gap=gap, rule=rule,
                     number=m.group(1) or "")
    cleaned = clean_inline(line)
    if not cleaned:
        return None
    kind = "heading" if looks_like_heading(cleaned) and not _field_line(cleaned) else "para"
    return Block(kind, cleaned, line=n, gap=gap, rule=rule)


def sections(blocks: list[Block]) -> list[Section]:
    """Group blocks under the heading before them."""
    out = [Section("")]
    for b in blocks:
        if b.kind == "heading":
            out.append(Section(b.text))
        else:
            out[-1].blocks.append(b)
    return out


_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|approx)\.$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split prose into sentences (keeps abbreviations such as 'e.g.' inside)."""
    return list(_sentences(text))


@lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[str, ...]:
    parts = _SENTENCE_SPLIT.split(text.strip())
    out: list[str] = []
    for p in parts:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {p}"
        elif p.strip():
            out.append(p.strip())
    return tuple(out)


def _join_soft_wraps(text: str) -> list[str]:
    """Lines, with a hard-wrapped paragraph line joined to the next one: a line that ends
    mid-sentence (no closing punctuation) and is followed by a line starting in lower case."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for raw in lines:
        line = raw.rstrip()
        if (out and out[-1].strip() and line.strip() and line.strip()[0].islower()
                and len(out[-1].split()) >= 6 and not _SENTENCE_END.search(out[-1].strip())
                and not _MD_HEADING.match(out[-1].strip())):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return out
