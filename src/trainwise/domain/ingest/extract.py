"""Exercise extraction from a segmented page: shape detection, then field extraction.

Shapes: ``single`` (one exercise: title, description, steps, tips, labelled fields, FAQ),
``article`` (a trainer's article: how-to, sets and reps, variations, mistakes, benefits),
``list`` (several exercises, each with 'Also known as:' / 'Equipment needed:' /
'How to do it right:' items) and ``prose`` (instructions written as sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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

# Where the page's own content ends: reference lists, "more from" blocks, comments, tags.
_STOP = re.compile(
    r"^(?:\d+\s+)?(?:sources|references|bibliography)$|^more from\b|^leave a (?:comment|reply)|"
    r"^related (?:articles|posts|stories|exercises)|^image source|^you (?:may|might) also like|"
    r"^read (?:more|next)|^#\w|^share this|^advertisement$|^recommended (?:for you|reading|articles|stories)|^related reading|^further reading|"
    r"^see also\b",
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
                    r"what to do\b|how it's done\b|method\b)",
                    re.IGNORECASE)
_HOWTO_NAME = re.compile(r"^how to (?:do|perform)(?: an?| the)?\s*[-–:]?\s*(.+)$", re.IGNORECASE)
_TIPS = re.compile(r"tips|tricks|important information|pointers|form cues|coaching cues|key points|keep in mind",
                   re.IGNORECASE)
_MISTAKES = re.compile(r"mistake|errors|what to avoid|avoid these|beware|don'?ts\b|faults", re.IGNORECASE)
_FAQ = re.compile(r"^(?:faq|frequently asked|questions)\b", re.IGNORECASE)
_VARIATIONS = re.compile(r"variations?|modifications?|progressions?|regressions?", re.IGNORECASE)
_BENEFITS = re.compile(r"benefits?|used for|why (?:do|you should)", re.IGNORECASE)
_SAFETY_HEAD = re.compile(r"safety|precautions?|warnings?|contraindications?", re.IGNORECASE)
_SAFETY = re.compile(
    r"\b(?:consult\w*|doctor|physician|healthcare provider|health care provider|physical therapist|"
    r"physiotherapist|medical (?:advice|clearance|professional)|stop (?:immediately|the exercise|if)|"
    r"seek (?:medical )?(?:help|advice)|herniat\w*|contraindicat\w*|should not|shouldn't)\b",
    re.IGNORECASE,
)
_GENERIC_TITLES = {"exercise", "exercises", "workout", "overview", "description", "home"}
_CREDIT = re.compile(r"/|getty|images?\b|shutterstock|istock|photo|illustration", re.IGNORECASE)
_LABEL = re.compile(r"^([A-Z][A-Za-z ]{2,40}?)\s*(\([^)]*\))?\s*:\s*(.*)$")
_STOPWORDS = {
    "the", "a", "an", "on", "of", "with", "and", "or", "to", "in", "for", "it", "up", "your", "at",
    "by", "from", "how", "do", "is", "are", "this", "that", "its", "my", "best", "great",
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}
_N = r"(\d+|" + "|".join(_NUMBERS) + r")"
_RANGE = _N + r"(?:\s*(?:-|–|to|or)\s*" + _N + r")?"
_SETS_REPS = re.compile(_RANGE + r"\s+sets?\s+(?:of|and|x|×|with)\s+" + _RANGE
                        + r"(?:\s+(?:reps|repetitions|(m|metres|meters|yards|seconds|secs|s)\b))?(?![\w-])",
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
_ACTION = re.compile(r"\b(?:train|target|work|strengthen|hit|build|engage|activate|emphasi[sz]e)\w*", re.IGNORECASE)
_TIP_SENTENCE = re.compile(r"^if (?:you|your)\b", re.IGNORECASE)
_EXPLANATION = re.compile(r"^(?:this (?:helps|is|will|makes|allows)|you'll|it will|it helps|that way)\b", re.IGNORECASE)
_CUE = re.compile(r"^(?:engage|keep|brace|squeeze|tighten|contract|activate|focus on engaging)\b", re.IGNORECASE)
_VARIATION_SENTENCE = re.compile(r"^you can (?:also|make)\b|\bas a modification\b", re.IGNORECASE)
_ALSO_KNOWN = re.compile(r"\b(?:also|sometimes|some gyms) (?:known as|called|call it) (?:an? |the )?([A-Za-z][\w' -]{2,40}?)\s*[,.;)]", re.IGNORECASE)

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
    out: list[Block] = []
    for b in segment(text):
        if (b.kind == "heading" or b.words <= 15) and _STOP.search(b.text):
            break
        if b.kind == "para" and _AD.search(b.text):
            continue
        out.append(b)
    # Drop advertising headings together with nothing else.
    return [b for b in out if not (b.kind == "heading" and _AD_HEADING.search(b.text))]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in v.normalize(text).split() if len(w) > 1 and w not in _STOPWORDS}


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in _STOPWORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _nice_name(text: str) -> str:
    text = text.strip(" .:-–")
    return text if any(c.isupper() for c in text) else text[:1].upper() + text[1:]


def clean_name(text: str) -> str:
    """A page title reduced to the exercise's name: 'How I Teach the X' / 'X — Exercise of the
    Week' / 'The X, Explained' -> 'X'."""
    name = re.split(r"\s+[—–|]\s+|\s+-\s+", text.strip())[0]
    name = re.sub(r",\s*explained$|:\s*(?:a |the |an )?(?:complete |ultimate |beginner's )?(?:guide|how to).*$", "",
                  name, flags=re.IGNORECASE)
    name = re.sub(r"^how (?:i|we|to) (?:teach|coach|do|perform|master|cue|learn)\s+(?:the |a |an )?", "", name,
                  flags=re.IGNORECASE)
    name = re.sub(r"^the\s+(?=\S+\s+\S+)", "", name, flags=re.IGNORECASE)
    return _nice_name(name) if name.strip() else _nice_name(text)


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


def find_sets_reps(text: str) -> str | None:
    """The first sets-and-reps advice in text, as '2-3 x 8-12'."""
    m = _SETS_REPS.search(text)
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
    return None


def find_frequency(text: str) -> str | None:
    """Weekly frequency advice ('twice a week', '3-4 times weekly')."""
    m = _FREQ.search(text)
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
                if re.search(r"\b(?:some|other) variations?\b", clause, re.IGNORECASE):
                    continue
                found = terms.muscles_in(clause)
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
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows if not re.fullmatch(r"[|:\-\s]+", r)]
    if len(cells) >= 2 and len(cells[0]) == len(cells[1]):  # a Markdown table: header row, first data row
        for head, value in zip(cells[0], cells[1], strict=True):
            if head and value:
                out.setdefault(head.lower(), value)
    for i, b in enumerate(blocks[:-1]):  # definition lists: 'Equipment' then 'Cable machine'
        nxt = blocks[i + 1]
        if (b.kind in ("item", "heading") and v.normalize(b.text) in _KNOWN_LABELS and nxt.kind in ("item", "para")
                and v.normalize(nxt.text) not in _KNOWN_LABELS):
            out.setdefault(v.normalize(b.text), nxt.text)
    for b in blocks:
        if b.text.startswith("|"):
            continue
        for part in re.split(r"\s+[·|]\s+|(?<=[.!?])\s+(?=[A-Z][\w' ]{1,40}:)", b.text):
            m = _LABEL.match(part.strip(" *_"))
            if m and m.group(3).strip():
                key = m.group(1).strip().lower() + (" " + m.group(2).lower() if m.group(2) else "")
                out.setdefault(key, m.group(3).strip().rstrip("."))
    return out


def _apply_labels(ex: ExtractedExercise, labels: dict[str, str]) -> None:
    if "sets" in labels and "reps" in labels and ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(f"{labels['sets']} sets of {labels['reps']} reps")
        ex.note("sets_reps", "table: Sets, Reps", LABELLED)
    for key, value in labels.items():
        if key in ("sets", "reps"):
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
            ex.sets_reps = find_sets_reps(value)
            ex.note("sets_reps", f"field: {key}", LABELLED)


def _mistake_list(text: str) -> list[str]:
    """'The most common mistakes include A, B, and C.' -> [A, B, C]."""
    m = re.search(r"common mistakes (?:include|are)\s+(.+?)\.(?:\s|$)", text, re.IGNORECASE)
    if m:
        return [p[:1].upper() + p[1:] for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)) if p]
    m = re.match(r"^(.+?) (?:are|is) (?:two |three |the )?(?:most )?common mistakes", text, re.IGNORECASE)
    if m:
        return [p[:1].upper() + p[1:] for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)) if p]
    return []


def _safety_lines(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        for s in sentences(text):
            if _SAFETY.search(s) and not re.search(
                                                   r"prevent|reduc\w* (?:the )?risk|benefit", s, re.IGNORECASE) \
                    and s not in out:
                out.append(s)
    return out


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
    anchors = sum(1 for b in blocks if b.kind == "item" and re.match(r"also known as\s*:", b.text, re.IGNORECASE))
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
                wanted = v.normalize(m.group(1))
                same = next((h.text for h in blocks if h.kind == "heading" and v.normalize(h.text) == wanted), None)
                return _nice_name(same or m.group(1)), SECTION, f"heading: {b.text}"
    for b in blocks:
        if (b.kind == "heading" and b.text.lower().strip(" :") not in _GENERIC_TITLES and not _listing_title(b.text)
                and not _LABEL.match(b.text) and not _special(b.text)):
            return clean_name(b.text), 0.8, "page title"
    return clean_name(title[:80]), INFERRED, "first line"


def _special(heading: str) -> bool:
    return any(rx.search(heading) for rx in (_TIPS, _MISTAKES, _FAQ, _VARIATIONS, _SAFETY_HEAD, _BENEFITS, _HOWTO))


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
            if _NEED.search(sentence) or (follows and re.search(r"\b(?:work|works|do) (?:too|as well|just as well)\b|"
                                                              r"\binstead\b", sentence, re.IGNORECASE)):
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
                    extra_exercises: list[ExtractedExercise] | None = None) -> ExtractedExercise:
    """The page's exercise; variations with their own steps are appended to ``extra_exercises``."""
    if extra_exercises is None:
        extra_exercises = []
    secs = sections(blocks)
    name, conf, where = _name_single(blocks, title)
    ex = ExtractedExercise(name=name)
    ex.provenance["name"] = {"source": where, "confidence": conf}
    _apply_labels(ex, _labelled(blocks))
    name_words = _words(name)

    howto = next((s for s in secs if _HOWTO.search(s.heading) and _first_run(s.blocks)), None)
    written = next((s for s in secs if _HOWTO.search(s.heading) and s.paras), None)
    if howto is None and written is None:
        howto = next((s for s in secs if _first_run(s.blocks) and not _special(s.heading)), None)
    if howto is not None:
        ex.steps = _first_run(howto.blocks)
        ex.note("steps", f"list under '{howto.heading or 'title'}'", SECTION)
    else:
        if written is not None:
            lines: list[str] = []
            for b in written.blocks:
                if b.kind != "para" or (lines and b.gap):
                    break
                lines.append(b.text)
            ex.steps = [x for line in lines for x in sentences(line)]
            ex.note("steps", f"lines under '{written.heading}'", SECTION)

    special = [s for s in secs if _TIPS.search(s.heading) or _MISTAKES.search(s.heading) or _FAQ.search(s.heading)
               or _VARIATIONS.search(s.heading) or _SAFETY_HEAD.search(s.heading)]
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
            if v.normalize(b.text) not in {v.normalize(x) for x in ex.variations}:
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
                if v.normalize(cand) not in {v.normalize(x) for x in ex.variations}:
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
    phrase = v.normalize(name)
    summary_para = next(
        (p for p in description if re.match(rf"^(?:the )?{re.escape(phrase)}\b", v.normalize(p))),
        next((p for p in description if phrase in v.normalize(p)),
             next((p for p in description if _words(p) & name_words), description[0] if description else "")),
    )
    if not ex.aliases:
        for p in prose:
            for m in _ALSO_KNOWN.finditer(p):
                alias = _nice_name(m.group(1))
                if v.normalize(alias) != phrase and alias not in ex.aliases:
                    ex.aliases.append(alias)
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
    ex.safety = [x for s in secs if _SAFETY_HEAD.search(s.heading) for x in s.items]
    ex.safety += _safety_lines([p for s in secs if _SAFETY_HEAD.search(s.heading) for p in s.paras])
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
            if any(re.match(r"also known as\s*:", b.text, re.IGNORECASE) for b in blocks[i:j]):
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


def _extract_prose(blocks: list[Block], title: str) -> ExtractedExercise | None:
    """Instructions as sentences: imperative sentences become steps."""
    paras = [b.text for b in blocks if b.kind == "para"]
    imperative = re.compile(
        r"^(?:lie|stand|sit|place|keep|lift|lower|raise|hold|push|pull|bend|hinge|kneel|squeeze|brace|"
        r"engage|repeat|return|pause|start|begin|step|extend|press|slowly|then|next|finally|grab|grip|"
        r"exhale|inhale|roll|bring|tighten|rest|reach|drive|after that|afterwards|now|first|second|third|"
        r"to (?:start|finish)|walk|turn|sit|squat|press|draw|relax)\b",
        re.IGNORECASE,
    )
    steps = [s for p in paras for s in sentences(p) if imperative.match(s)]
    if len(steps) < 2:
        return None
    after = False
    tips: list[str] = []
    for p in paras:
        for sentence in sentences(p):
            if sentence == steps[-1]:
                after = True
            elif after and _TIP_SENTENCE.match(sentence):
                tips.append(sentence)
    name, conf, where = _name_single(blocks, title)
    ex = ExtractedExercise(name=name, steps=steps, tips=tips)
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
        for key, value in labels.items():
            if key.startswith(("tip", "note", "cue")):
                ex.tips.append(value[:1].upper() + value[1:] + ("" if value.endswith((".", "!", "?")) else "."))
        ex.note("tips", "'Tip:' lines", SECTION)
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


def _is_exercise(ex: ExtractedExercise) -> bool:
    return bool(ex.name) and (len(ex.steps) >= 1 and (bool(ex.primary_muscles) or bool(ex.equipment)
                                                       or len(ex.steps) >= 3))


def extract(text: str, source: str) -> ExtractedDocument:
    """Every exercise described by a page of plain text or Markdown."""
    blocks = _content_blocks(text)
    title = _title(blocks)
    shape = detect_shape(blocks)
    multi = _exercise_sections(blocks) if shape != "list" else []
    if len(multi) >= 2:
        shape = "multi"
        found = _extract_multi(multi)
    elif shape == "list":
        found = _extract_list(blocks, title)
    elif shape in ("single", "article"):
        extras: list[ExtractedExercise] = []
        found = [_extract_single(blocks, title, extras), *extras]
    else:
        one = _extract_prose(blocks, title)
        found = [one] if one is not None else []
    return ExtractedDocument(source, title, shape, [e for e in found if _is_exercise(e)])


__all__ = ["ExtractedDocument", "ExtractedExercise", "classify_muscles", "detect_shape", "extract",
           "find_frequency", "find_sets_reps", "looks_like_heading"]
