"""Segmentation of a page's text into blocks: headings, paragraphs and list items.

Plain text and Markdown go through the same parser. Pure functions, standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^(?:[•\-\*▪●◦·!>+]|(\d{1,2}|[a-h])[.)])\s+(.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?$")


@dataclass(frozen=True)
class Block:
    """One unit of a page: ``heading``, ``para`` or ``item`` (a list item)."""

    kind: str
    text: str
    ordered: bool = False
    line: int = 0
    gap: bool = False  # a blank line comes before it

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


def clean_inline(text: str) -> str:
    """Drop Markdown emphasis, links and images; unify whitespace."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S[^*_]*?)[*_](?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _field_line(text: str) -> bool:
    """'Works: rear delts, rhomboids' is a field, 'Back Extensions: Variations' a heading."""
    m = re.match(r"^[A-Z][\w' ]{1,40}:\s+(\S.*)$", text)
    if not m:
        return False
    value = m.group(1)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", value) if len(w) > 3]
    return bool(re.search(r"\s[·|]\s", value)) or not words or not all(w[0].isupper() for w in words)


def looks_like_heading(text: str) -> bool:
    """A short line that does not end like a sentence."""
    words = text.split()
    if not words or len(words) > 12 or re.search(r"\w{2,}[.!?]\s+[A-Z]", text):
        return False
    return not _SENTENCE_END.search(text) or (text.endswith("?") and len(words) <= 12)


def segment(text: str) -> list[Block]:
    """Split text (plain or Markdown) into blocks; repeated captions are dropped."""
    blocks: list[Block] = []
    previous = ""
    gap = True
    for n, raw in enumerate(_join_soft_wraps(text), 1):
        line = re.sub(r"\\([.\-*#_+!()\[\]])", r"\1", raw.strip())  # Markdown escapes: '1\.' -> '1.'
        if not line or re.fullmatch(r"[-=*_]{3,}", line):
            gap = True
            continue
        was_gap, gap = gap, False
        if line == previous:  # image captions are often printed twice
            continue
        previous = line
        m = _MD_HEADING.match(line)
        if m:
            blocks.append(Block("heading", clean_inline(m.group(2)), line=n, gap=was_gap))
            continue
        m = _BULLET.match(line)
        if m and m.group(2).strip():
            blocks.append(Block("item", clean_inline(m.group(2)), ordered=m.group(1) is not None, line=n,
                                gap=was_gap))
            continue
        cleaned = clean_inline(line)
        if not cleaned:
            continue
        kind = "heading" if looks_like_heading(cleaned) and not _field_line(cleaned) else "para"
        blocks.append(Block(kind, cleaned, line=n, gap=was_gap))
    return blocks


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
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip())
    out: list[str] = []
    for p in parts:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {p}"
        elif p.strip():
            out.append(p.strip())
    return out


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
