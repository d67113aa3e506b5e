"""Exercise extraction from a segmented page: shape detection, then field extraction.

Shapes: ``single`` (one exercise: title, description, steps, tips, labelled fields, FAQ),
``article`` (a trainer's article: how-to, sets and reps, variations, mistakes, benefits),
``list`` (several exercises, each with 'Also known as:' / 'Equipment needed:' /
'How to do it right:' items), ``numbered`` (sections headed 'Exercise 1: X' / '2. Y', each read
like a single page), ``multi`` (sections headed by exercise names, each with its own steps),
``prose-multi`` (an answer introducing its exercises in turn: 'The first one is the X ...') and
``prose`` (instructions written as sentences).

Field headings ('Form guide', 'Coach's notes', 'Watch out for', 'You'll need', 'Target muscle',
'Repeat', ...) name a field of the exercise they sit in and never become exercises; page chrome
(breadcrumbs, bylines, 'Similar threads', disclaimers, author boxes) is dropped first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import (
    Block,
    Section,
    looks_like_heading,
    sections,
    segment,
    sentences,
)
from trainwise.domain.ingest.chrome import definition_fields, is_chrome

# Where the page's own content ends: reference lists, "more from" blocks, comments, tags.
_STOP = re.compile(
    r"^(?:\d+\s+)?(?:sources|references|bibliography)$|^more from\b|^leave a (?:comment|reply)|"
    r"^related (?:articles|posts|stories|exercises)|^image source|^you (?:may|might) also like|"
    r"^read (?:more|next)|^#\w|^share this|^advertisement$|^recommended (?:for you|reading|articles|stories)|^related reading|^further reading|"
    r"^see also\b|^similar (?:threads|exercises|posts|articles|questions|topics)\b|^member notes\b|"
    r"^comments?\s*\(\d+\)$|^\d+ comments?$|^about the author\b",
    re.IGNORECASE,
)
_AD = re.compile(
    r"\b(?:sign up|subscribe|newsletter|download (?:our|the) app|ai-powered|advertisement|sponsored|"
    r"cookies?|free trial|buy now|shop now|use code)\b",
    re.IGNORECASE,
)
_AD_HEADING = re.compile(r"^(?:built for progress|take the guesswork|advertisement|sponsored|sign up|subscribe)",
                         re.IGNORECASE)
_HOWTO = re.compile(r"^(?:how to (?:do|perform|execute)\b|instructions\b|directions\b|steps\b|execution\b|technique\b|"
                    r"what to do\b|how it's done\b|method\b|form guide\b|step[- ]by[- ]step\b|do it\b|"
                    r"(?:the )?(?:movement|action|set-?up|starting position|start position|performing it)\s*:?$)",
                    re.IGNORECASE)
_HOWTO_NAME = re.compile(r"^how to (?:do|perform)(?: an?| the)?\s*[-–:]?\s*(.+)$", re.IGNORECASE)
_TIPS = re.compile(r"tips|tricks|important information|pointers|form cues|coaching cues|key points|keep in mind|"
                   r"coach'?s (?:notes?|tip|corner)|good to know|^(?:comments?|cues?|notes?|tip)\s*:?$",
                   re.IGNORECASE)
_MISTAKES = re.compile(r"mistake|errors|what to avoid|avoid these|beware|don'?ts\b|faults|watch out", re.IGNORECASE)
_FAQ = re.compile(r"^(?:faq|frequently asked|questions)\b", re.IGNORECASE)
_VARIATIONS = re.compile(r"variations?|modifications?|progressions?|regressions?", re.IGNORECASE)
_BENEFITS = re.compile(r"benefits?|used for|why (?:do|you should)", re.IGNORECASE)
_SAFETY_HEAD = re.compile(r"safety|precautions?|warnings?|contraindications?|caution|^stop (?:if|when)\b|when to stop",
                          re.IGNORECASE)
# Headings whose section is one field's value ('You'll need', 'Target muscle', 'Repeat'): read as
# 'Label: value' lines, never taken for an exercise. The key is the label ``_apply_labels`` reads.
_FIELD_HEADINGS = (
    ("equipment", re.compile(r"^(?:you(?:'ll| will)? need|what you(?:'ll| will)? need|equipment(?: needed)?|kit|gear)\b",
                             re.IGNORECASE)),
    ("synergists", re.compile(r"^(?:synergists?|secondary muscles?|assisting muscles?|stabili[sz]ers?)\b", re.IGNORECASE)),
    ("target muscle", re.compile(r"^(?:targets?|target muscles?|muscles? (?:used|worked|targeted)|primary muscles?|"
                                 r"main muscles?|what it works)\b", re.IGNORECASE)),
    ("dosage", re.compile(r"^(?:repeat|repetitions|reps|sets(?: and reps| & reps)?|how many|how often|dos(?:age|e)|"
                          r"prescription|(?:suggested |recommended )?volume|programming)\b", re.IGNORECASE)),
    ("level", re.compile(r"^(?:difficulty|level)\s*:?$", re.IGNORECASE)),
)
_SAFETY = re.compile(
    r"\b(?:consult\w*|doctor|physician|healthcare provider|health care provider|physical therapist|"
    r"physiotherapist|medical (?:advice|clearance|professional)|stop (?:immediately|the exercise|if)|"
    r"seek (?:medical )?(?:help|advice)|herniat\w*|contraindicat\w*|should not|shouldn't|sharp pain|"
    r"stop and (?:get|see|seek|call))\b",
    re.IGNORECASE,
)
_GENERIC_TITLES = {"exercise", "exercises", "workout", "overview", "description", "home"}
_CREDIT = re.compile(r"/|getty|images?\b|shutterstock|istock|photo|illustration", re.IGNORECASE)
_LABEL = re.compile(r"^([A-Z][A-Za-z' ]{2,40}?)\s*(\([^)]*\))?\s*:\s*(.*)$")
_STOPWORDS = {
    "the", "a", "an", "on", "of", "with", "and", "or", "to", "in", "for", "it", "up", "your", "at",
    "by", "from", "how", "do", "is", "are", "this", "that", "its", "my", "best", "great",
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60,
}
_N = r"(\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_RANGE = _N + r"(?:\s*(?:-|–|to|or)\s*" + _N + r")?"
_SETS_REPS = re.compile(_RANGE + r"\s+(?:sets?|holds?|rounds?|trips?|lengths?)\s+(?:of|and|x|×|with)\s+" + _RANGE
                        + r"(?:\s*-?\s*(?:reps|repetitions|(m|metres|meters|yards|seconds|second|secs|sec|s)\b))?"
                        r"(?![\w-])", re.IGNORECASE)
# 'Repeat 10 times', 'repeat 8-10 times'; 'hold for 20-30 seconds'.
_REPEAT = re.compile(r"\brepeat (?:(?:this|it|the \w+) )?" + _RANGE + r"\s+(?:times|reps|repetitions)\b", re.IGNORECASE)
_HOLD = re.compile(r"\bhold (?:(?:it|this|the \w+) )?(?:for )?" + _RANGE + r"\s*-?\s*(?:seconds|second|secs|sec|s)\b",
                   re.IGNORECASE)
_SETS_X = re.compile(r"\b(\d+)(?:\s*-\s*(\d+))?\s*[x×]\s*(\d+)(?:\s*-\s*(\d+))?\b")
_FREQ = re.compile(
    r"\b(?:(?:once|twice|three times|\d+(?:\s*(?:-|–|to)\s*\d+)? times)\s+(?:a|per|each)\s+week|"
    r"(?:once|twice|\d+(?:\s*(?:-|–|to)\s*\d+)? times)\s+weekly)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"\bwhile\b|\bas well as\b|\bin addition to\b|\balso\b|;|\bwhereas\b|\bsuch as\b|"
                     r",\s+(?=(?:and\s+)?(?:the\s+|your\s+)?(?:brings?|hits?|works?|trains?|lower back|core|it)\b)",
                     re.IGNORECASE)
_SECONDARY_CUE = re.compile(r"secondar|brings? in|assist|helpers?|synergist|stabili[sz]|works hard to hold", re.IGNORECASE)
# A clause about sparing a body part, not working it ('kind to the lower back', 'your back stays neutral').
_NOT_WORKED = re.compile(r"\b(?:kind to|easy on|gentle on|friendl\w* to|spar(?:e|es|ing)|protect\w*|without (?:the )?|"
                         r"stays?\b|remains?\b|safe for|pain\b|ache|injur\w*|niggl\w*|uncomfortable)", re.IGNORECASE)
_SUBCLAUSE = re.compile(r",\s*|\s+(?:because|so|but|as|since)\s+", re.IGNORECASE)
# 'Grip' names the forearms when the text says it is worked ('your grip gets a workout', 'trains your grip').
_GRIP_WORKED = re.compile(r"\bgrip (?:gets|is|will be) (?:\w+ ){0,3}(?:workout|worked|trained|challenged|tested)|"
                          r"\b(?:works?|trains?|builds?|challenges?|strengthens?) (?:your |the )?grip\b", re.IGNORECASE)
_ACTION = re.compile(r"\b(?:train|target|work|strengthen|hit|build|engage|activate|emphasi[sz]e)\w*", re.IGNORECASE)
_TIP_SENTENCE = re.compile(r"^(?:if (?:you|your)\b|one (?:thing|tip)\b|(?:a |my )?(?:quick )?tip:|make sure\b)",
                           re.IGNORECASE)
_EXPLANATION = re.compile(r"^(?:this (?:helps|is|will|makes|allows)|you'll|it will|it helps|that way)\b", re.IGNORECASE)
_CUE = re.compile(r"^(?:engage|keep|brace|squeeze|tighten|contract|activate|focus on engaging)\b", re.IGNORECASE)
_VARIATION_SENTENCE = re.compile(r"^you can (?:also|make)\b|\bas a modification\b", re.IGNORECASE)
_ALSO_KNOWN = re.compile(r"\b(?:also|sometimes|some gyms|some people|many people|some coaches|others) (?:known as|called|call it|call) (?:an? |the )?([A-Za-z][\w' -]{2,40}?)\s*[,.;)]", re.IGNORECASE)

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SOME_VARIATIONS = re.compile(r"\b(?:some|other) variations?\b", re.IGNORECASE)
_TABLE_RULE = re.compile(r"[|:\-\s]+")
_LABEL_SPLIT = re.compile(r"\s+[·|]\s+|(?<=[.!?])\s+(?=[A-Z][\w' ]{1,40}:)")
# A sentence under a safety heading that warns (not a dosing note such as 'Try 2 x 5').
_WARNING = re.compile(r"\b(?:stop|avoid|don'?t|do not|never|pain\w*|dizz\w*|numb\w*|injur\w*|careful\w*|caution|"
                      r"consult\w*|doctor|physio\w*|light-headed)\b", re.IGNORECASE)
_NOT_SAFETY = re.compile(r"prevent|reduc\w* (?:the )?risk|benefit", re.IGNORECASE)
_ALSO_KNOWN_ITEM = re.compile(r"also known as\s*:", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\b(?:work|works|do) (?:too|as well|just as well)\b|\binstead\b", re.IGNORECASE)
_MISTAKES_INCLUDE = re.compile(r"common mistakes (?:include|are)\s+(.+?)\.(?:\s|$)", re.IGNORECASE)
_MISTAKES_ARE = re.compile(r"^(.+?) (?:are|is) (?:two |three |the )?(?:most )?common mistakes", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")

# Confidence of a field by where it was found.
LABELLED, SECTION, PROSE, INFERRED = 0.95, 0.85, 0.6, 0.4


@dataclass
class ExtractedExercise:
    """One exercise as read from a page; ``provenance`` says where each field came from."""

    name: str
    aliases: list[str] = field(default_factory=list)
    summary: str = ""
    steps: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    safety: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    primary_muscles: list[str] = field(default_factory=list)
    secondary_muscles: list[str] = field(default_factory=list)
    level: str | None = None
    sets_reps: str | None = None
    frequency: str | None = None
    variations: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    faq: list[dict[str, str]] = field(default_factory=list)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def note(self, name: str, where: str, confidence: float) -> None:
        """Record where a field came from, when it has a value."""
        if getattr(self, name):
            self.provenance[name] = {"source": where, "confidence": confidence}

    @property
    def confidence(self) -> float:
        """Mean confidence over the contract's core fields (missing ones count as 0)."""
        core = ("name", "summary", "steps", "equipment", "primary_muscles")
        total = sum(float(self.provenance.get(f, {}).get("confidence", 0.0)) for f in core)
        return round(total / len(core), 2)


@dataclass
class ExtractedDocument:
    """A page: its title, detected shape and the exercises found in it."""

    source: str
    title: str
    shape: str
    exercises: list[ExtractedExercise]


# --------------------------------------------------------------------------- helpers


def _content_blocks(text: str) -> list[Block]:
    """The page's own blocks: up to the first 'references' / 'similar threads' block, without ads
    and page chrome, definition lists read as fields."""
    out: list[Block] = []
    rule = False
    for b in segment(text):
        if (b.kind == "heading" or b.words <= 15) and _STOP.search(b.text):
            break
        if (b.kind == "para" and _AD.search(b.text)) or is_chrome(b):
            rule = rule or b.rule  # a dropped post header after a rule: the rule still separates
            continue
        out.append(replace(b, rule=True) if rule and not b.rule else b)
        rule = False
    out = definition_fields(out)
    # Drop advertising headings together with nothing else.
    return [b for b in out if not (b.kind == "heading" and _AD_HEADING.search(b.text))]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in terms.normalize(text).split() if len(w) > 1 and w not in _STOPWORDS}


def _title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _nice_name(text: str) -> str:
    text = text.strip(" .:-–")
    return text if any(c.isupper() for c in text) else text[:1].upper() + text[1:]


def clean_name(text: str) -> str:
    """A page title reduced to the exercise's name: 'How I Teach the X' / 'X — Exercise of the
    Week' / 'The X, Explained' -> 'X'."""
    name = re.split(r"\s+[—–|]\s+|\s+-\s+", text.strip())[0]
    name = re.sub(r",\s*explained$|:\s*(?:a |the |an )?(?:complete |ultimate |beginner's |quick )?"
                  r"(?:form guide|technique guide|guide|how to|form|technique|tips|instructions).*$"
                  r"|\s+(?:form|technique|exercise|complete|ultimate|how-to)\s+guide$", "",
                  name, flags=re.IGNORECASE)
    name = re.sub(r"^how (?:i|we|to) (?:teach|coach|do|perform|master|cue|learn)\s+(?:the |a |an )?", "", name,
                  flags=re.IGNORECASE)
    name = re.sub(r"^the\s+(?=\S+\s+\S+)", "", name, flags=re.IGNORECASE)
    return _nice_name(name) if _words(name) else _nice_name(text)


_HEADLINE_VERB = re.compile(r"\b(?:is|are|was|were|will|can|could|should|makes?|gets?|helps?|you|you're|your|why|"
                            r"here's|this|these|need|needs|must)\b", re.IGNORECASE)
_HEADLINE_BREAK = re.compile(r"\s+(?:is|are|was|were|will|can|could|should|may|might|makes?|gets?|helps?|builds?|"
                             r"does|do|that|which|why|you|you're|your|for|to|with|without|vs\.?|versus|and|or|"
                             r"this|these|need|needs|must)\s+|\s+[—–|-]\s+|[:!?,]\s*", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an|this|these|my|our|why|how|here's)\s+", re.IGNORECASE)


def is_headline(text: str) -> bool:
    """A magazine-style title ('The X Is the Move You're Not Doing') rather than an exercise's name."""
    return len(text.split()) > 6 or bool(_HEADLINE_VERB.search(text))


def headline_name(headline: str, body: str) -> str | None:
    """The exercise a headline is about: the phrase of up to five words inside the headline (split
    at verbs, pronouns and punctuation; not starting or ending with a small word) that the body
    names again; longer phrases, then more mentions, then earlier ones win."""
    norm_body = f" {terms.normalize(body)} "
    best: tuple[int, int, str] | None = None
    for chunk in _HEADLINE_BREAK.split(headline):
        words = _LEADING_ARTICLE.sub("", chunk.strip(" .'\"“”‘’")).split()
        for n in range(min(5, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if words[i].lower() in _STOPWORDS or words[i + n - 1].lower() in _STOPWORDS \
                        or not _words(phrase) or _listing_title(phrase):
                    continue
                count = norm_body.count(f" {terms.normalize(phrase)} ")
                if count and (best is None or (n, count) > best[:2]):
                    best = (n, count, phrase)
    return _nice_name(best[2]) if best else None


def _listing_title(text: str) -> bool:
    return bool(re.search(r"\b(?:exercises|workouts|moves|stretches|information for|programme|program)\b", text,
                          re.IGNORECASE)) or text.isupper()


def _split_list(value: str) -> list[str]:
    parts = re.split(r",|;|\bor\b|\band\b", value)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _to_int(token: str | None) -> int | None:
    if token is None:
        return None
    return int(token) if token.isdigit() else _NUMBERS.get(token.lower())


def _fmt(lo: int | None, hi: int | None) -> str:
    if lo is None:
        return ""
    return str(lo) if hi is None or hi == lo else f"{lo}-{hi}"


_SET_WORD = re.compile(r"\b(?:sets?|holds?|rounds?|trips?|lengths?)\s+(?:of|and|x|×|with)\s", re.IGNORECASE)


def _first_sets_reps(text: str) -> re.Match[str] | None:
    """The first '3 sets of 8-12' in text, looked for only around the words 'sets of', 'holds of', ...
    (searching the whole page with the number pattern at every position is slow)."""
    for w in _SET_WORD.finditer(text):
        start = max(0, w.start() - 30)
        m = _SETS_REPS.search(text[start : w.end() + 60])
        if m:
            return m
    return None


def find_sets_reps(text: str) -> str | None:
    """The first sets-and-reps advice in text, as '2-3 x 8-12'."""
    m = _first_sets_reps(text)
    if m:
        s = _fmt(_to_int(m.group(1)), _to_int(m.group(2)))
        r = _fmt(_to_int(m.group(3)), _to_int(m.group(4)))
        unit = (m.group(5) or "").lower()
        suffix = " m" if unit in ("m", "metres", "meters") else " s" if unit.startswith("s") else ""
        if s and r:
            return f"{s} x {r}{suffix}"
    m2 = _SETS_X.search(text)
    if m2:
        return f"{_fmt(int(m2.group(1)), _to_int(m2.group(2)))} x {_fmt(int(m2.group(3)), _to_int(m2.group(4)))}"
    return repeat_hold(text)


def repeat_hold(text: str) -> str | None:
    """'Hold for 20 seconds, repeat 5 times' -> '5 x 20 s'; 'Repeat 10 times' -> '1 x 10';
    'Hold for 30 seconds' -> '1 x 30 s' (a hold under 10 s alone is a pause, not a dose)."""
    low = text.lower()
    repeat = _REPEAT.search(text) if "repeat" in low else None
    hold = _HOLD.search(text) if "hold" in low else None
    held, shortest = "", 0
    if hold is not None:
        held, shortest = _fmt(_to_int(hold.group(1)), _to_int(hold.group(2))), _to_int(hold.group(1)) or 0
    if repeat is None:  # a hold alone is a dose when long ('hold for 30 seconds'), a pause in a rep when short
        return f"1 x {held} s" if held and shortest >= 10 else None
    times = _fmt(_to_int(repeat.group(1)), _to_int(repeat.group(2)))
    return f"{times} x {held} s" if held else f"1 x {times}"


def find_frequency(text: str) -> str | None:
    """Weekly frequency advice ('twice a week', '3-4 times weekly')."""
    m = _FREQ.search(text) if "week" in text.lower() else None
    return m.group(0) if m else None


def classify_muscles(texts: list[str]) -> tuple[list[str], list[str], float]:
    """(primary, secondary, confidence) from prose: explicit 'primarily'/'secondary' wins,
    otherwise the first clause naming muscles gives the primary ones."""
    strong: list[str] = []
    explicit_secondary: list[str] = []
    ordinary: list[list[str]] = []
    acting: list[bool] = []
    for text in texts:
        for sentence in sentences(text):
            for clause in _CLAUSE.split(sentence):
                if _SOME_VARIATIONS.search(clause):
                    continue
                found = terms.muscles_in(clause)
                if found and _NOT_WORKED.search(clause):  # keep only the parts that say what is worked
                    clause = ", ".join(p for p in _SUBCLAUSE.split(clause) if not _NOT_WORKED.search(p))
                    found = terms.muscles_in(clause)
                if "grip" in clause and _GRIP_WORKED.search(clause) and "forearms" not in found:
                    found.append("forearms")
                found += [m for m in terms.composite_muscles_in(clause) if m not in found]
                if not found:
                    continue
                low = clause.lower()
                if _SECONDARY_CUE.search(low):
                    explicit_secondary += [m for m in found if m not in explicit_secondary]
                elif "primar" in low:
                    strong += [m for m in found if m not in strong]
                else:
                    ordinary.append(found)
                    acting.append(bool(_ACTION.search(clause)))
    if strong:
        primary, confidence = strong, 0.8
    elif ordinary:
        first = next((g for g, act in zip(ordinary, acting, strict=True) if act), ordinary[0])
        primary, confidence = [m for m in first if m not in explicit_secondary], PROSE
    else:
        primary, confidence = [], 0.0
    secondary = [m for m in explicit_secondary if m not in primary]
    for group in ordinary:
        secondary += [m for m in group if m not in primary and m not in secondary]
    return primary, secondary, confidence


_KNOWN_LABELS = {
    "difficulty", "level", "equipment", "equipment needed", "primary muscles", "secondary muscles",
    "target muscles", "muscles worked", "also known as", "main muscles",
}


def _labelled(blocks: list[Block]) -> dict[str, str]:
    """'Label: value' lines (several per line when separated by '·' or '|'), keyed by label."""
    out: dict[str, str] = {}
    rows = [b.text for b in blocks if b.text.startswith("|") and b.text.endswith("|")]
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows if not _TABLE_RULE.fullmatch(r)]
    if len(cells) >= 2 and len(cells[0]) == len(cells[1]):  # a Markdown table: header row, first data row
        for head, value in zip(cells[0], cells[1], strict=True):
            if head and value:
                out.setdefault(head.lower(), value)
    for i, b in enumerate(blocks[:-1]):  # definition lists: 'Equipment' then 'Cable machine'
        nxt = blocks[i + 1]
        if (b.kind in ("item", "heading") and terms.normalize(b.text) in _KNOWN_LABELS and nxt.kind in ("item", "para")
                and terms.normalize(nxt.text) not in _KNOWN_LABELS):
            out.setdefault(terms.normalize(b.text), nxt.text)
    for b in blocks:
        if b.text.startswith("|"):
            continue
        for part in _LABEL_SPLIT.split(b.text):
            m = _LABEL.match(part.strip(" *_"))
            if m and m.group(3).strip():
                key = m.group(1).strip().lower() + (" " + m.group(2).lower() if m.group(2) else "")
                out.setdefault(key, m.group(3).strip().rstrip("."))
    return out


def _as_sentence(value: str) -> str:
    return value[:1].upper() + value[1:] + ("" if value.endswith((".", "!", "?")) else ".")


def _apply_labels(ex: ExtractedExercise, labels: dict[str, str]) -> None:
    """Fields from 'Label: value' lines, definition lists, tables and field headings."""
    table = "sets" in labels and "reps" in labels
    if table and ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(f"{labels['sets']} sets of {labels['reps']} reps")
        ex.note("sets_reps", "table: Sets, Reps", LABELLED)
    for key, value in labels.items():
        if key in ("sets", "reps") and table:
            continue
        if _apply_advice_label(ex, key, value):
            continue
        if key in ("exercise", "exercise name", "name"):
            m = re.match(r"^(.+?)\s*\(([^)]+)\)\s*$", value)
            ex.name = _nice_name(m.group(1) if m else value)
            ex.provenance["name"] = {"source": f"field: {key}", "confidence": LABELLED}
            if m:
                ex.aliases = [*ex.aliases, m.group(2).strip()]
                ex.note("aliases", f"field: {key}", LABELLED)
        elif key.startswith(("also known as", "also called", "other names", "aka")):
            ex.aliases = _split_list(value)
            ex.note("aliases", "field: Also known as", LABELLED)
        elif key.startswith(("equipment", "gear", "you need", "you will need", "you'll need", "what you need")):
            ex.equipment = terms.equipment_field(value)
            ex.note("equipment", f"field: {key}", LABELLED)
        elif key.startswith(("also works", "secondary muscle", "synergist", "assisting")):
            ex.secondary_muscles = terms.muscle_field(value)
            ex.note("secondary_muscles", f"field: {key}", LABELLED)
        elif key.startswith(("primary muscle", "target muscle", "main muscle", "muscles worked", "target",
                             "works", "muscles")):
            for part in value.split(";"):
                found = terms.muscle_field(part)
                if _SECONDARY_CUE.search(part):
                    ex.secondary_muscles += [m for m in found if m not in ex.secondary_muscles]
                else:
                    ex.primary_muscles += [m for m in found if m not in ex.primary_muscles]
            ex.note("primary_muscles", f"field: {key}", LABELLED)
            ex.note("secondary_muscles", f"field: {key}", LABELLED)
        elif key.startswith(("level", "difficulty", "experience", "suitable for")):
            words = re.findall(r"[A-Za-z]+", value)
            ex.level = next((lv for w in words if (lv := v.LEVELS.lookup(w)) is not None), None)
            ex.note("level", f"field: {key}", LABELLED)
        elif key.startswith(("dose", "dosage", "programming", "sets and reps", "sets", "prescription")):
            ex.sets_reps = find_sets_reps(value) or ex.sets_reps
            ex.note("sets_reps", f"field: {key}", LABELLED)


def _apply_advice_label(ex: ExtractedExercise, key: str, value: str) -> bool:
    """'Coach's tip: ...', 'Watch out for: ...', 'Caution: ...' lines: one tip, mistake or safety note."""
    if _TIPS.search(key) or key.startswith(("tip", "note", "cue")):
        ex.tips.append(_as_sentence(value))
        ex.note("tips", f"field: {key}", SECTION)
    elif _MISTAKES.search(key) and not key.startswith("common"):
        ex.mistakes.append(_as_sentence(value))
        ex.note("mistakes", f"field: {key}", SECTION)
    elif _SAFETY_HEAD.search(key):
        ex.safety.append(_as_sentence(value))
        ex.note("safety", f"field: {key}", SECTION)
    else:
        return False
    return True


def _mistake_list(text: str) -> list[str]:
    """'The most common mistakes include A, B, and C.' -> [A, B, C]."""
    if "common mistake" not in text.lower():
        return []
    m = _MISTAKES_INCLUDE.search(text) or _MISTAKES_ARE.match(text)
    if m:
        return [p[:1].upper() + p[1:] for p in _LIST_SPLIT.split(m.group(1)) if p]
    return []


def _safety_lines(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        for s in sentences(text):
            if _SAFETY.search(s) and not _NOT_SAFETY.search(s) and s not in out:
                out.append(s)
    return out


def _question_heading(section: Section) -> bool:
    """A question written as a heading ('Is it safe for a bad back?') answered by the paragraphs
    under it: an FAQ item (dosing questions such as 'How many?' are fields, not FAQ)."""
    return (section.heading.endswith("?") and bool(section.paras) and not section.items
            and not _special(section.heading))


def _faq(section: Section) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    question = ""
    for b in section.blocks:
        if b.text.endswith("?"):
            question = b.text
        elif b.kind == "para":
            out.append({"question": question, "answer": b.text})
            question = ""
    return out


# --------------------------------------------------------------------------- shapes


def detect_shape(blocks: list[Block]) -> str:
    """'list', 'article', 'single' or 'prose' ('multi' is decided by ``extract``)."""
    anchors = sum(1 for b in blocks if b.kind == "item" and _ALSO_KNOWN_ITEM.match(b.text))
    if anchors >= 2:
        return "list"
    heads = [b.text for b in blocks if b.kind == "heading"]
    if any(_HOWTO.search(h) for h in heads) and any(_VARIATIONS.search(h) or _MISTAKES.search(h) for h in heads):
        return "article"
    if any(b.kind == "item" for b in blocks):
        return "single"
    return "prose"


def _title(blocks: list[Block]) -> str:
    for b in blocks:
        if b.text.lower().strip(" :") not in _GENERIC_TITLES:
            return b.text
    return ""


def _name_single(blocks: list[Block], title: str) -> tuple[str, float, str]:
    for b in blocks:
        if b.kind == "heading":
            m = _HOWTO_NAME.match(b.text)
            if m and m.group(1).strip().lower() not in {"it", "this", "them", "this exercise", "the exercise",
                                                        "this move", "it right"}:
                wanted = terms.normalize(m.group(1))
                same = next((h.text for h in blocks if h.kind == "heading" and terms.normalize(h.text) == wanted), None)
                return _nice_name(same or m.group(1)), SECTION, f"heading: {b.text}"
    for b in blocks:
        if (b.kind == "heading" and b.text.lower().strip(" :") not in _GENERIC_TITLES and not _listing_title(b.text)
                and not _LABEL.match(b.text) and not _special(b.text)):
            name = clean_name(b.text)
            body = " ".join(x.text for x in blocks if x.kind == "para")
            if is_headline(name) and terms.normalize(name) not in terms.normalize(body):
                found = headline_name(name, body)
                if found:
                    return found, PROSE + 0.1, f"headline, named again in the text: {b.text}"
            return name, 0.8, "page title"
    return clean_name(title[:80]), INFERRED, "first line"


def _special(heading: str) -> bool:
    """A section heading that names a field (how-to, tips, mistakes, safety, equipment, ...), never an exercise."""
    return any(rx.search(heading) for rx in (_TIPS, _MISTAKES, _FAQ, _VARIATIONS, _SAFETY_HEAD, _BENEFITS, _HOWTO)) \
        or field_heading(heading) is not None


def field_heading(heading: str) -> str | None:
    """The label a field heading stands for ('You'll need' -> 'equipment'), or None."""
    text = heading.strip(" :?")
    return next((key for key, rx in _FIELD_HEADINGS if rx.match(text)), None)


def _heading_labels(secs: list[Section]) -> dict[str, str]:
    """Field headings read as labels: {'equipment': 'A pair of dumbbells and a box', ...}."""
    out: dict[str, str] = {}
    for i, s in enumerate(secs):
        key = field_heading(s.heading) if s.heading else None
        value = ", ".join(s.items) if s.items else " ".join(s.paras)
        if (key is not None and not value and not s.blocks and i + 1 < len(secs)
                and not _special(secs[i + 1].heading) and not secs[i + 1].heading.startswith("|")):
            value = secs[i + 1].heading  # 'Targets' then a short line 'Obliques', read as a heading
        if key is not None and value:
            out.setdefault(key, value)
    return out


def _section_steps(section: Section) -> list[str]:
    """A how-to section's steps: its first list, or else the sentences of its first lines."""
    run = _first_run(section.blocks)
    if run:
        return run
    lines: list[str] = []
    for b in section.blocks:
        if b.kind != "para" or (lines and b.gap) or _LABEL.match(b.text):
            break
        lines.append(b.text)
    return [x for line in lines for x in sentences(line)]


def _howto_run(secs: list[Section]) -> tuple[Section, list[str]] | None:
    """The first how-to section with steps and the steps of the how-to sub-sections right after it
    ('Setup' + 'Execution', 'Starting position' + 'Movement'), concatenated in order."""
    for i, s in enumerate(secs):
        if not (s.heading and _HOWTO.search(s.heading)):
            continue
        steps: list[str] = []
        first: Section | None = None
        for t in secs[i:]:
            if not (t.heading and _HOWTO.search(t.heading)):
                break
            found = _section_steps(t)
            if found and first is None:
                first = t
            steps += found
        if first is not None:
            return first, steps
    return None


_NEED = re.compile(r"\b(?:you(?:'ll| will)? need|all you need|requires?|equipment)\b", re.IGNORECASE)
_NOTHING = re.compile(r"\b(?:need nothing|nothing but|no equipment|without (?:any )?equipment)\b", re.IGNORECASE)


def _needed(texts: list[str]) -> list[str]:
    """Equipment from sentences saying what you need ('All you need is a mat')."""
    out: list[str] = []
    for text in texts:
        follows = False
        for sentence in sentences(text):
            if _NOTHING.search(sentence):
                return ["bodyweight"]
            # 'You need a barbell. Dumbbells work too.': the alternative named right after.
            if _NEED.search(sentence) or (follows and _ALTERNATIVE.search(sentence)):
                found = [e for e in terms.equipment_field(sentence) if e not in out and e != "bodyweight"]
                out += found
                follows = bool(found)
            else:
                follows = False
    return out


def _first_run(blocks: list[Block]) -> list[str]:
    """The first run of list items that are not 'Label: value' fields."""
    run: list[str] = []
    for b in blocks:
        if b.kind == "item" and not _LABEL.match(b.text):
            run.append(b.text)
        elif run:
            break
    return run


def _extract_single(blocks: list[Block], title: str,
                    extra_exercises: list[ExtractedExercise] | None = None,
                    heading: str | None = None) -> ExtractedExercise:
    """The page's exercise (named by ``heading`` when given, as for one section of a numbered
    list); variations with their own steps are appended to ``extra_exercises``."""
    if extra_exercises is None:
        extra_exercises = []
    secs = sections(blocks)
    if heading is not None:
        name, conf, where = clean_name(heading), SECTION, f"heading: {heading}"
    else:
        name, conf, where = _name_single(blocks, title)
    ex = ExtractedExercise(name=name)
    ex.provenance["name"] = {"source": where, "confidence": conf}
    labels = _labelled(blocks)
    for key, value in _heading_labels(secs).items():
        labels.setdefault(key, value)
    _apply_labels(ex, labels)
    name_words = _words(name)

    run = _howto_run(secs)
    howto: Section | None = None
    if run is not None:
        written, ex.steps = run
        howto = written if _first_run(written.blocks) else None
        ex.note("steps", f"how-to section '{written.heading}'", SECTION)
    else:
        howto = next((s for s in secs if _first_run(s.blocks) and not _special(s.heading)), None)
        if howto is not None:
            ex.steps = _first_run(howto.blocks)
            ex.note("steps", f"list under '{howto.heading or 'title'}'", SECTION)

    special = [s for s in secs if _TIPS.search(s.heading) or _MISTAKES.search(s.heading) or _FAQ.search(s.heading)
               or _VARIATIONS.search(s.heading) or _SAFETY_HEAD.search(s.heading)
               or (s.heading and field_heading(s.heading) is not None) or _question_heading(s)]
    for s in secs:
        if _TIPS.search(s.heading):
            ex.tips += s.items or [x for p in s.paras for x in sentences(p)]
            ex.note("tips", f"section: {s.heading}", SECTION)
        elif _MISTAKES.search(s.heading):
            found = s.items or (_mistake_list(s.paras[0]) if s.paras else [])
            ex.mistakes += found or (sentences(s.paras[0]) if s.paras else [])
            ex.note("mistakes", f"section: {s.heading}", SECTION)
        elif _FAQ.search(s.heading):
            ex.faq += _faq(s)
            ex.note("faq", f"section: {s.heading}", SECTION)
        elif _question_heading(s):
            ex.faq.append({"question": s.heading, "answer": " ".join(s.paras)})
            ex.note("faq", "question headings", SECTION)
        elif _BENEFITS.search(s.heading):
            ex.benefits += [x for p in s.paras for x in sentences(p)][:6]
            ex.note("benefits", f"section: {s.heading}", PROSE)

    # Variations: short headings inside the variations part of an article, and named captions.
    # A variation with its own list of steps is also reported as an exercise of its own.
    in_var = False
    var_intro: list[str] = []
    anchors: list[tuple[str, int]] = []
    var_end = len(blocks)
    for i, b in enumerate(blocks):
        if in_var and b.kind == "item" and b.words <= 8 and not b.text.endswith("."):
            if terms.normalize(b.text) not in {terms.normalize(x) for x in ex.variations}:
                ex.variations.append(b.text)
            continue
        if in_var and b.kind == "para" and not anchors:
            var_intro.append(b.text)
        if b.kind == "heading":
            if _VARIATIONS.search(b.text):
                in_var = True
                continue
            if in_var and any(rx.search(b.text) for rx in (_MISTAKES, _FAQ, _TIPS, _BENEFITS, _SAFETY_HEAD, _HOWTO)):
                in_var = False
                var_end = i
            if in_var:
                m = re.search(r"doing (?:the |an? )?([\w\- ]+?) (?:exercise|pose|move)\b", b.text, re.IGNORECASE)
                if m:
                    cand = _nice_name(m.group(1))
                elif b.words <= 5 and b.text[:1].isupper() and not _CREDIT.search(b.text):
                    cand = b.text
                else:
                    continue
                if terms.normalize(cand) not in {terms.normalize(x) for x in ex.variations}:
                    ex.variations.append(cand)
                    anchors.append((cand, i))
    for n, (cand, start) in enumerate(anchors):
        stop = anchors[n + 1][1] if n + 1 < len(anchors) else var_end
        part = blocks[start + 1 : stop]
        steps: list[str] = []
        for b in part:
            if b.kind == "item":
                steps.append(b.text)
            elif steps:
                break
        if len(steps) < 2:
            continue
        first_item = next(k for k, b in enumerate(part) if b.kind == "item")
        before = [b.text for b in part[:first_item] if b.kind == "para"]
        sub = ExtractedExercise(name=cand, steps=steps)
        sub.provenance["name"] = {"source": "variation heading", "confidence": PROSE}
        sub.note("steps", f"list under '{cand}'", SECTION)
        if before:
            sub.summary = sentences(before[0])[0]
            sub.note("summary", "variation paragraph", PROSE)
        sub.primary_muscles, sub.secondary_muscles, mconf = classify_muscles(before)
        sub.note("primary_muscles", "variation paragraph", mconf)
        sub.equipment = terms.equipment_in(" ".join([*var_intro, *before]))
        sub.note("equipment", "variations introduction", PROSE)
        extra_exercises.append(sub)
    ex.note("variations", "variations section", PROSE)

    # Prose: description paragraphs (not in the special sections), the how-to section, FAQ answers.
    prose = [p for s in secs if s not in special for p in s.paras]
    description = [p for p in prose if p.split()[0:1] and len(p.split()) > 12]
    description = [p for p in description if p != title]
    phrase = terms.normalize(name)
    summary_para = next(
        (p for p in description if re.match(rf"^(?:the )?{re.escape(phrase)}\b", terms.normalize(p))),
        next((p for p in description if phrase in terms.normalize(p)),
             next((p for p in description if _words(p) & name_words), description[0] if description else "")),
    )
    if not ex.aliases:
        for p in prose:
            found = [_nice_name(m.group(1)) for m in _ALSO_KNOWN.finditer(p)] + abbreviations(name, p)
            ex.aliases += [a for a in found if terms.normalize(a) != phrase and a not in ex.aliases]
        ex.note("aliases", "prose: 'also known as'", PROSE)
    if summary_para:
        ex.summary = sentences(summary_para)[0]
        ex.note("summary", "first sentence of the description", PROSE + 0.2)

    if not ex.mistakes:
        for p in prose + [f["answer"] for f in ex.faq]:
            found = _mistake_list(p)
            if found:
                ex.mistakes = found
                ex.note("mistakes", "prose: 'common mistakes'", PROSE)
                break

    if not ex.primary_muscles:
        texts = prose + [f["answer"] for f in ex.faq]
        if howto is not None and _HOWTO.search(howto.heading):
            texts += howto.paras
        texts += [t for t in ex.tips if not _CUE.match(t)]
        ex.primary_muscles, sec, mconf = classify_muscles(texts)
        if not ex.secondary_muscles:
            ex.secondary_muscles = sec
            ex.note("secondary_muscles", "prose", mconf)
        ex.note("primary_muscles", "prose", mconf)

    if not ex.equipment:
        intro = [p for s in secs[:2] for p in s.paras]
        if howto is not None:
            intro += howto.paras
        ex.equipment = _needed(prose) or terms.equipment_in(" ".join([*intro, *ex.steps]))
        ex.note("equipment", "prose and steps", PROSE)

    every = [*(p for s in secs for p in s.paras), *[f["answer"] for f in ex.faq]]
    ex.safety += [x for s in secs if _SAFETY_HEAD.search(s.heading) for x in s.items if x not in ex.safety]
    ex.safety += [x for s in secs if _SAFETY_HEAD.search(s.heading) for p in s.paras if not _LABEL.match(p)
                  for x in sentences(p) if _WARNING.search(x) and x not in ex.safety]
    ex.safety += [s for s in _safety_lines(every) if s not in ex.safety]
    ex.note("safety", "safety sentences and tips", PROSE)
    _common(ex, " ".join([*every, *ex.steps]))
    return ex


def _common(ex: ExtractedExercise, text: str) -> None:
    if ex.level is None:
        ex.level = terms.level_in(text)
        ex.note("level", "prose", PROSE)
    if ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(text)
        ex.note("sets_reps", "prose", PROSE)
    ex.frequency = find_frequency(text)
    ex.note("frequency", "prose", PROSE)


def abbreviations(name: str, text: str) -> list[str]:
    """Short forms the text gives right after the name: 'the Romanian deadlift, or RDL' /
    'Romanian deadlift (RDL)' -> ['RDL']."""
    if not name or name.lower() not in text.lower():
        return []
    rx = re.compile(rf"(?i:{re.escape(name)})\s*(?:,\s*or|\(|,\s*(?:aka|a\.k\.a\.))\s*(?:the\s+)?([A-Z][A-Z0-9]{{1,5}})\b")
    return [m.group(1) for m in rx.finditer(text)]


def _subject(text: str) -> str:
    m = re.match(r"^(?:The\s+|A\s+|An\s+)?([A-Za-z][\w' -]{1,40}?)\s+(?:is|are)\b", text)
    return _nice_name(m.group(1)) if m else ""


def _extract_list(blocks: list[Block], title: str) -> list[ExtractedExercise]:
    runs: list[tuple[int, int]] = []  # [start, end) of each exercise's labelled items
    i = 0
    while i < len(blocks):
        if blocks[i].kind == "item" and _LABEL.match(blocks[i].text):
            j = i
            while j < len(blocks) and blocks[j].kind == "item":
                j += 1
            if any(_ALSO_KNOWN_ITEM.match(b.text) for b in blocks[i:j]):
                runs.append((i, j))
            i = j
        else:
            i += 1
    page_muscles = terms.muscles_in(title)
    page_text = " ".join(b.text for b in blocks[: runs[0][0]]) if runs else ""
    intros: list[int] = []
    for start, _ in runs:
        k = start - 1
        while k >= 0 and (blocks[k].kind != "para" or (_CREDIT.search(blocks[k].text) and blocks[k].words <= 8)):
            k -= 1
        intros.append(k)
    out: list[ExtractedExercise] = []
    for n, (start, end) in enumerate(runs):
        intro_i = intros[n]
        intro = blocks[intro_i].text if intro_i >= 0 else ""
        labels = _labelled(blocks[start:end])
        howto = next((val for key, val in labels.items() if key.startswith(("how to", "instructions", "how"))), "")
        limit = intros[n + 1] if n + 1 < len(runs) else len(blocks)
        trailing = [b.text for b in blocks[end:limit] if b.kind == "para"]
        context = _words(" ".join([intro, howto, *labels.values()]))
        name, conf, where = "", 0.0, ""
        k = intro_i - 1
        prev_end = runs[n - 1][1] if n else 0
        while k >= prev_end and (blocks[k].kind == "heading" or (_CREDIT.search(blocks[k].text) and blocks[k].words <= 8)):
            text = blocks[k].text
            if not _CREDIT.search(text) and _title_case(text) and _words(text) and _words(text) <= context | _words(text) \
                    and _words(text) & context:
                name, conf, where = text, SECTION, f"heading: {text}"
                break
            k -= 1
        if not name:
            name = _subject(intro)
            conf, where = PROSE, "subject of the introduction"
        ex = ExtractedExercise(name=name)
        ex.provenance["name"] = {"source": where, "confidence": conf}
        _apply_labels(ex, labels)
        if intro:
            ex.summary = sentences(intro)[0]
            ex.note("summary", "first sentence of the introduction", PROSE + 0.2)
        for s in sentences(howto):
            if _VARIATION_SENTENCE.search(s):
                ex.variations.append(s)
            elif _EXPLANATION.match(s):
                continue
            else:
                (ex.tips if _TIP_SENTENCE.match(s) else ex.steps).append(s)
        ex.note("variations", "field: How to do it right", PROSE)
        ex.note("steps", "field: How to do it right", SECTION)
        ex.tips += trailing
        ex.note("tips", "paragraphs after the fields", PROSE)
        primary, secondary, mconf = classify_muscles([intro])
        if not primary and page_muscles:
            primary, mconf = [m for m in page_muscles if m not in secondary], INFERRED
        if not ex.primary_muscles:
            ex.primary_muscles = primary
            ex.note("primary_muscles", "introduction prose" if mconf > INFERRED else "page title", mconf)
        if not ex.secondary_muscles:
            ex.secondary_muscles = [m for m in secondary if m not in ex.primary_muscles]
            ex.note("secondary_muscles", "introduction prose", mconf)
        if not ex.equipment:
            ex.equipment = terms.equipment_in(" ".join([howto, intro]))
            ex.note("equipment", "prose", PROSE)
        ex.safety = _safety_lines([intro, howto, *trailing])
        ex.note("safety", "prose", PROSE)
        mistakes = _mistake_list(" ".join(trailing))
        if mistakes:
            ex.mistakes = mistakes
            ex.note("mistakes", "prose", PROSE)
        _common(ex, " ".join([intro, howto, *trailing]))
        if ex.frequency is None:
            ex.frequency = find_frequency(page_text)
            ex.note("frequency", "page introduction", INFERRED)
        out.append(ex)
    return out


_IMPERATIVE = re.compile(
    r"^(?:lie|stand|sit|place|keep|lift|lower|raise|hold|push|pull|bend|hinge|kneel|squeeze|brace|"
    r"engage|repeat|return|pause|start|begin|step|extend|press|slowly|then|next|finally|grab|grip|"
    r"exhale|inhale|roll|bring|tighten|rest|reach|drive|after that|afterwards|now|first|second|third|"
    r"to (?:start|finish)|walk|turn|sit|squat|press|draw|relax|pick|put)\b",
    re.IGNORECASE,
)
_MISTAKE_SENTENCE = re.compile(r"^(?:the|a|one|my|another) (?:(?:most )?common |biggest |main |classic )?"
                               r"(?:mistake|error|fault)s?\b", re.IGNORECASE)
# A paragraph introducing the next exercise of an answer or article: 'The first one is the X, which ...',
# 'The second exercise is X.', 'Next up is the X'.
_INTRO = re.compile(
    r"^(?:(?:the|my|our|your) )?(?:(?:first|second|third|fourth|fifth|next|last|final|other)"
    r"(?: (?:one|exercise|move|drill|pick|choice|option|stretch|up))?|next up) (?:is|:)\s+(?:the |a |an )?"
    r"([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,4}?)(?=\s*[,.;:(]|\s+(?:which|that|where|because|[–—-])\s)",
    re.IGNORECASE,
)


def prose_parts(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """(name, blocks) of each exercise of an answer written as prose that introduces its exercises in
    turn ('The first one is the X ...', 'The second one is the Y ...'), when there are two or more.
    A part runs to the next introduction; the last one to the next horizontal rule."""
    starts = [(i, m.group(1)) for i, b in enumerate(blocks) if b.kind == "para" and (m := _INTRO.match(b.text))]
    if len(starts) < 2:
        return []
    parts: list[tuple[str, list[Block]]] = []
    for n, (start, name) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else next(
            (k for k in range(start + 1, len(blocks)) if blocks[k].rule), len(blocks))
        parts.append((" ".join(w[:1].upper() + w[1:] for w in name.split()), blocks[start:stop]))
    return parts


def _extract_prose(blocks: list[Block], title: str, heading: str | None = None) -> ExtractedExercise | None:
    """Instructions as sentences: imperative sentences become steps (named ``heading`` when given)."""
    paras = [b.text for b in blocks if b.kind == "para"]
    imperative = _IMPERATIVE
    steps = [s for p in paras for s in sentences(p) if imperative.match(s)]
    if len(steps) < 2:
        return None
    after = False
    tips: list[str] = []
    mistakes: list[str] = []
    for p in paras:
        for sentence in sentences(p):
            if sentence == steps[-1]:
                after = True
            elif _MISTAKE_SENTENCE.match(sentence):
                mistakes.append(sentence)
            elif after and _TIP_SENTENCE.match(sentence) and not _SAFETY.search(sentence):
                tips.append(sentence)
    if heading is not None:
        name, conf, where = heading, PROSE + 0.2, "introduced in the text"
    else:
        name, conf, where = _name_single(blocks, title)
    ex = ExtractedExercise(name=name, steps=steps, tips=tips, mistakes=mistakes)
    ex.note("mistakes", "prose: 'the mistake ...'", PROSE)
    for p in paras:
        for m in _ALSO_KNOWN.finditer(p):
            alias = _nice_name(m.group(1))
            if terms.normalize(alias) != terms.normalize(name) and alias not in ex.aliases:
                ex.aliases.append(alias)
    ex.note("aliases", "prose: 'also called'", PROSE)
    ex.provenance["name"] = {"source": where, "confidence": conf}
    ex.note("steps", "imperative sentences", PROSE)
    ex.note("tips", "advice after the instructions", PROSE)
    first = next((p for p in paras if not imperative.match(p)), paras[0])
    ex.summary = sentences(first)[0]
    ex.note("summary", "first paragraph", PROSE)
    ex.primary_muscles, ex.secondary_muscles, mconf = classify_muscles(paras)
    ex.note("primary_muscles", "prose", mconf)
    ex.note("secondary_muscles", "prose", mconf)
    ex.equipment = _needed(paras) or terms.equipment_in(" ".join(paras))
    ex.note("equipment", "prose", PROSE)
    ex.safety = _safety_lines(paras)
    ex.note("safety", "prose", PROSE)
    _common(ex, " ".join(paras))
    return ex


def _exercise_sections(blocks: list[Block]) -> list[Section]:
    """Sections headed by an exercise name, each with its own list of steps."""
    return [s for s in sections(blocks) if s.heading and not _special(s.heading) and not _listing_title(s.heading)
            and not _LABEL.match(s.heading) and len(_first_run(s.blocks)) >= 2]


def _extract_multi(secs: list[Section]) -> list[ExtractedExercise]:
    """Several exercises, one per section: heading, fields, numbered steps, tips, dosing."""
    out: list[ExtractedExercise] = []
    for s in secs:
        ex = ExtractedExercise(name=clean_name(s.heading))
        ex.provenance["name"] = {"source": f"heading: {s.heading}", "confidence": SECTION}
        labels = _labelled(s.blocks)
        _apply_labels(ex, labels)
        ex.steps = _first_run(s.blocks)
        ex.note("steps", f"list under '{s.heading}'", SECTION)
        paras = [p for p in s.paras if not _LABEL.match(p)]
        prose = [*paras, *(b.text for b in s.blocks if b.kind == "para")]
        for p in prose:
            for m in _ALSO_KNOWN.finditer(p):
                alias = _nice_name(m.group(1))
                if alias not in ex.aliases:
                    ex.aliases.append(alias)
        ex.note("aliases", "prose: 'also called'", PROSE)
        descriptive = [p for p in paras if len(p.split()) > 8]
        if descriptive:
            ex.summary = sentences(descriptive[0])[0]
            ex.note("summary", "first paragraph", PROSE)
        if not ex.primary_muscles:
            ex.primary_muscles, ex.secondary_muscles, mconf = classify_muscles(descriptive)
            ex.note("primary_muscles", "prose", mconf)
        if not ex.equipment:
            ex.equipment = terms.equipment_in(" ".join([*descriptive, *ex.steps]))
            ex.note("equipment", "prose and steps", PROSE)
        ex.safety = _safety_lines(prose)
        ex.note("safety", "prose", PROSE)
        _common(ex, " ".join([*(b.text for b in s.blocks if b.kind == "para"), *ex.steps]))
        out.append(ex)
    return out


# 'Exercise 1: Cat-Camel', '2. Wall Sit', 'Move #3 - Skater Hop', '4) Bird Dog'.
_NUMBERED = re.compile(r"^(?:(?:exercise|move|drill|stretch|no\.?)\s*#?\d{1,2}\s*[:.)–—-]\s*|#?\d{1,2}\s*[.):–—-]\s+)"
                       r"(\S.{1,60})$", re.IGNORECASE)


def numbered_name(heading: str) -> str | None:
    """The exercise a numbered heading introduces ('Exercise 2: McGill Curl-Up' -> 'McGill Curl-Up')."""
    m = _NUMBERED.match(heading)
    if m is None:
        return None
    name = m.group(1).strip(" .:")
    if _special(name) or _LABEL.match(name) or name.endswith("?") or len(name.split()) > 8:
        return None
    return name


def numbered_parts(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """(name, blocks) of each exercise of a page in numbered sections ('Exercise 1: X', '### 2. Y'),
    when there are two or more. A part runs to the next numbered heading, or to a heading of the
    same Markdown level or above ('## Your week'); its field sub-headings stay inside it."""
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and numbered_name(b.text)]
    if len(starts) < 2:
        return []
    parts: list[tuple[str, list[Block]]] = []
    for n, start in enumerate(starts):
        head = blocks[start]
        stop = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        for k in range(start + 1, stop):
            b = blocks[k]
            if b.kind == "heading" and head.level and b.level and b.level <= head.level:
                stop = k
                break
        parts.append((numbered_name(head.text) or head.text, blocks[start + 1 : stop]))
    return parts


def _is_exercise(ex: ExtractedExercise) -> bool:
    return bool(ex.name) and (len(ex.steps) >= 1 and (bool(ex.primary_muscles) or bool(ex.equipment)
                                                       or len(ex.steps) >= 3))


def extract(text: str, source: str) -> ExtractedDocument:
    """Every exercise described by a page of plain text or Markdown."""
    blocks = _content_blocks(text)
    title = _title(blocks)
    shape = detect_shape(blocks)
    parts = numbered_parts(blocks) if shape != "list" else []
    multi = _exercise_sections(blocks) if shape != "list" and not parts else []
    answers = prose_parts(blocks) if shape == "prose" else []
    found: list[ExtractedExercise | None]
    if parts:
        shape = "numbered"
        found = [_extract_single(part, title, heading=name) for name, part in parts]
    elif len(multi) >= 2:
        shape = "multi"
        found = list(_extract_multi(multi))
    elif shape == "list":
        found = list(_extract_list(blocks, title))
    elif shape in ("single", "article"):
        extras: list[ExtractedExercise] = []
        found = [_extract_single(blocks, title, extras), *extras]
    elif answers:
        shape = "prose-multi"
        found = [_extract_prose(part, title, heading=name) for name, part in answers]
    else:
        found = [_extract_prose(blocks, title)]
    return ExtractedDocument(source, title, shape, [e for e in found if e is not None and _is_exercise(e)])


__all__ = ["ExtractedDocument", "ExtractedExercise", "classify_muscles", "detect_shape", "extract",
           "find_frequency", "find_sets_reps", "looks_like_heading"]
