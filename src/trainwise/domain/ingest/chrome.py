"""Page chrome: the lines around an exercise that are never part of it.

Breadcrumbs, bylines and "last updated" lines, forum post headers, author boxes and legal
disclaimers, and definition lists (a run of 'Label' / 'value' items) rewritten as 'Label: value'
fields. Pure functions, standard library only.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trainwise.domain.ingest.blocks import Block

# 'Home › Training › Legs', 'Directory / Back / Cable / Row', 'Forums » Rehab'.
_CRUMB_SEP = re.compile(r"\s(?:›|»|>|/|\\|→)\s|\s?[›»→]\s?")
_META_START = re.compile(
    r"(?:last (?:updated|modified|reviewed)|updated(?: on)?\b|published\b|posted (?:by|on|in)\b|filed under\b|"
    r"written by\b|reviewed by\b|medically reviewed\b|by (?-i:[A-Z][\w.'-]+(?: [A-Z][\w.'-]+)*) ?[·|,]|reply #?\d+\b|"
    r"re:\s|quote\b|share (?:on|this)\b|\d+ (?:min(?:ute)?s?|mins?) read\b|posted:\s|"
    r"#\d+\s+\S+.{0,60}\bposts?:\s*[\d,.]+k?\)?$)",
    re.IGNORECASE,
)
# A forum post's signature: '-Steve', '~ Jo K.' on a line of its own.
_SIGNATURE = re.compile(r"^[-–—~]\s?[A-Z][\w.'’]*(?: [A-Z][\w.'’]*)?$")
_META_INSIDE = re.compile(r"\b\d[\d,.]*[km]? (?:replies|views|upvotes|likes|comments)\b|\bwrote:\s*$|\bmin read\b|"
                          r"\b\d+ (?:years?|months?|weeks?|days?|hours?) ago\b", re.IGNORECASE)
_META_WORDS = ("replies", "views", "upvotes", "likes", "comments", "wrote:", "min read", " ago")
# Emails, newsletters and video pages: header lines, 'View this email in your browser', unsubscribe
# footers, issue lines, timestamps ('1:38'), chapter lists and stage directions ('[Music]').
_MAIL_HEADER = re.compile(r"^(?:from|to|cc|subject|date|sent|reply-to):\s", re.IGNORECASE)
_MAIL_CHROME = re.compile(
    r"^(?:view (?:this|it) (?:email|e-mail|newsletter|message) (?:in|on) (?:your|a|the) (?:browser|web)|"
    r"(?:having )?trouble (?:viewing|reading) this|you(?:'re| are) receiving this\b|"
    r"(?:issue|no\.|edition|vol\.?|volume) ?#?\d+\b)|\bunsubscribe\b|\bupdate your (?:email )?preferences\b",
    re.IGNORECASE,
)
# A shop's buy-box lines: stock, tax and delivery notes, guarantees.
_SHOP_LINE = re.compile(
    r"^(?:in stock|out of stock|low stock|sold out|only \d+ left|pre-?order)\b|\btax(?:es)? included\b|"
    r"\bshipping calculated\b|\badd to (?:cart|basket|bag)\b|\bbuy it now\b|"
    r"\bfree (?:\w+ )?(?:delivery|shipping) (?:on|over)\b|\bdispatch(?:ed)? (?:today|within)\b|"
    r"^\d+[- ](?:year|month) (?:guarantee|warranty)$",
    re.IGNORECASE,
)
# Words one of ``_MAIL_CHROME`` or ``_SHOP_LINE`` needs (a cheap test before the patterns).
_MAIL_WORD = re.compile(r"view|trouble|receiving|issue|no\.|edition|vol|unsubscribe|preferences|stock|sold|left|"
                        r"order|tax|shipping|cart|basket|bag|buy|free|dispatch|guarantee|warranty")
_TIMESTAMPS = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_STAGE = re.compile(r"^[\[(](?:music|applause|laughter|laughs|intro|outro|inaudible|silence|sound|music playing)[\])]$",
                    re.IGNORECASE)
_CRUMB_CHARS = frozenset("›»>/\\→")
_DISCLAIMER = re.compile(
    r"\b(?:for general information|for information(?:al purposes)? only|for informational purposes|"
    r"(?:is|are) not (?:medical advice|a substitute)|"
    r"not (?:intended|meant) (?:as|to be) (?:medical|a substitute)|should not be (?:shared|used as a substitute)|"
    r"all rights reserved|affiliate commission|supported by (?:its|our) (?:audience|readers)|"
    r"(?:sheet|leaflet|handout|page|site|information) (?:is|are) (?:intended|meant|written) for (?:patients|clients|members))\b",
    re.IGNORECASE,
)
_DISCLAIMER_WORDS = ("information", "intended for", "meant for", "written for", "not medical", "not a substitute", "not intended", "not meant", "should not be",
                     "rights reserved", "affiliate", "supported by")
# 'Jane Roe is a certified strength coach ...', 'Tom Okafor has coached ... and writes our ...': a
# person's name (not 'The X is a ...') and a credential or a writing job.
_AUTHOR = re.compile(
    r"^(?:about the author\b|(?!(?:The|A|An|This|That|It|Your|Our|My)\b)(?:[A-Z][\w'-]+ ){1,3}"
    r"(?:is an?|has (?:been|coached|written|trained|worked))\b.{0,100}?\b(?:certified|registered|qualified|licensed|"
    r"chartered|personal trainer|strength (?:and conditioning )?coach|editor|journalist|columnist|writes (?:for|our|the))\b)"
)


def is_breadcrumb(text: str) -> bool:
    """A short line of two or more links joined by '›', '»', '>' or '/' ('Home › Training › Legs')."""
    words = text.split()
    if len(words) > 14 or text.rstrip().endswith((".", "!", "?")):
        return False
    parts = [p for p in _CRUMB_SEP.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 5 for p in parts)


_FIELDS_INSIDE = re.compile(r"\b(?:level|difficulty|equipment|muscles?|sets|reps)\s*:", re.IGNORECASE)


def is_chrome(block: Block) -> bool:
    """A breadcrumb, byline, 'last updated' or post-header line, author box or disclaimer (a meta
    line that also states a field, 'Filed under: Legs · Level: Beginner', is kept); an email's
    header and footer lines, a video's timestamps, chapter list and stage directions, a shop's
    buy-box lines."""
    text = block.text
    low = text.lower()
    if block.words <= 16 and _meta_line(text, low) and not _FIELDS_INSIDE.search(text):
        return True
    if block.words <= 30 and _mail_or_video_line(text, low, block.words):
        return True
    if block.kind == "item":
        return False
    if _menu(text):
        return True
    disclaimer = any(w in low for w in _DISCLAIMER_WORDS) and bool(_DISCLAIMER.search(text))
    return disclaimer or bool(_AUTHOR.match(text))


_MENU_SEP = re.compile(r"\s+[·|•]\s+")


def _menu(text: str) -> bool:
    """A site's menu written as a line: three or more short links (up to four words) separated by '·' or '|'
    ('Main page · Recent changes · Random article · Log in'), no field among them."""
    if "·" not in text and "|" not in text and "•" not in text:
        return False
    parts = _MENU_SEP.split(text)
    return len(parts) >= 3 and ":" not in text and not text.startswith("|") and all(0 < len(p.split()) <= 4 for p in parts)


def _mail_or_video_line(text: str, low: str, words: int) -> bool:
    """An email header or footer line, an issue line, a timestamp, a chapter list, a stage direction
    or a shop's stock / tax / delivery line."""
    if ":" in text and _MAIL_HEADER.match(text):
        return True
    if text[:1] in "[(" and _STAGE.match(text):
        return True
    if words <= 16 and _MAIL_WORD.search(low) and (_MAIL_CHROME.search(text) or _SHOP_LINE.search(text)):
        return True
    if ":" not in text:
        return False
    stamps = _TIMESTAMPS.findall(text)
    return bool(stamps) and (_TIMESTAMPS.fullmatch(text.strip()) is not None or len(stamps) >= 3)


def _meta_line(text: str, low: str) -> bool:
    """A breadcrumb, byline, date line or forum post header (cheap checks first)."""
    if not _CRUMB_CHARS.isdisjoint(text) and is_breadcrumb(text):
        return True
    if _META_START.match(text) or (text[:1] in "-–—~" and _SIGNATURE.match(text)):
        return True
    return any(w in low for w in _META_WORDS) and bool(_META_INSIDE.search(text))


# Labels of a definition list ('Target muscle' then 'Latissimus dorsi'): the field names
# exercise directories use.
_DT = re.compile(
    r"^(?:(?:primary |secondary |main |target(?:ed)? |other )?muscles?(?: worked| used| targeted| group)?|"
    r"target(?: muscles?)?|synergists?|stabili[sz]ers?|equipment(?: needed)?|difficulty|level|experience|"
    r"mechanics?|force(?: type)?|type|category|also known as|other names|aka|sets|reps|rest|tempo|"
    r"prescription|body ?part|utility|movement pattern|pattern)$",
    re.IGNORECASE,
)


def _term(text: str) -> bool:
    """Short enough and bare enough to be a definition list's term ('Grip', 'Target muscle')."""
    text = text.strip(" :")
    return 0 < len(text.split()) <= 3 and text[:1].isupper() and not text.endswith((".", "!", "?", ","))


def definition_fields(blocks: list[Block]) -> list[Block]:
    """Definition lists read as fields: a run of four or more list items alternating a term and its
    value ('Equipment', 'Cable machine', 'Grip', 'Neutral'), at least half of the terms being field
    names exercise directories use, becomes 'Equipment: Cable machine' paragraphs, so the pairs
    are never taken for steps."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        n = _pairs(blocks, i)
        if n:
            out += [replace(blocks[k], kind="para", text=f"{blocks[k].text.strip(' :')}: {blocks[k + 1].text}",
                            ordered=False) for k in range(i, i + 2 * n, 2)]
            i += 2 * n
        else:
            out.append(blocks[i])
            i += 1
    return out


def _pairs(blocks: list[Block], i: int) -> int:
    """How many term / value item pairs start at ``i`` (0 unless two or more, half of them known terms)."""
    if i and blocks[i - 1].kind == "item":  # only from the start of a list
        return 0
    n = known = 0
    k = i
    while k + 1 < len(blocks) and blocks[k].kind == "item" and blocks[k + 1].kind == "item" \
            and _term(blocks[k].text) and not _DT.match(blocks[k + 1].text.strip(" :")):
        n += 1
        known += bool(_DT.match(blocks[k].text.strip(" :")))
        k += 2
    return n if n >= 2 and 2 * known >= n else 0
