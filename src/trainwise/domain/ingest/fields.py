"""Labelled fields and what prose says about them: 'Label: value' lines, tables and infoboxes,
field headings and chip lists, equipment needed, advice fields (tips, mistakes, safety), FAQ.
Dosing is read in ``dosing``, muscles in ``muscles``."""

from __future__ import annotations

import re
from collections.abc import Callable

from trainwise.domain import vocabulary as v
from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import Block, Section, sentences
from trainwise.domain.ingest.cues import (
    _EASIER_HARDER,
    _KNOWN_LABELS,
    _LABEL,
    _MISTAKES,
    _SAFETY,
    _SAFETY_HEAD,
    _TABLE_RULE,
    _TIPS,
    _as_sentence,
    _nice_name,
    _special,
    field_heading,
)
from trainwise.domain.ingest.dosing import (
    dose,
    find_frequency,
    find_sets_reps,
    handout_dose,
    rated_level,
)
from trainwise.domain.ingest.model import LABELLED, PROSE, SECTION, ExtractedExercise
from trainwise.domain.ingest.muscles import _SECONDARY_CUE, classify_muscles

_LABEL_SPLIT = re.compile(r"\s+[·|]\s+|(?<=[.!?])\s+(?=[A-Z][\w' ]{1,40}:)")
# A sentence under a safety heading that warns (not a dosing note such as 'Try 2 x 5').
_WARNING = re.compile(r"\b(?:stop|avoid|don'?t|do not|never|pain\w*|dizz\w*|numb\w*|injur\w*|careful\w*|caution|"
                      r"consult\w*|doctor|physio\w*|light-headed|should|must)\b", re.IGNORECASE)
_NOT_SAFETY = re.compile(r"prevent|reduc\w* (?:the )?risk|benefit", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\b(?:work|works|do) (?:too|as well|just as well)\b|\binstead\b", re.IGNORECASE)
_MISTAKES_INCLUDE = re.compile(r"common mistakes (?:include|are)\s+(.+?)\.(?:\s|$)", re.IGNORECASE)
_MISTAKES_ARE = re.compile(r"^(.+?) (?:are|is) (?:two |three |the )?(?:most )?common mistakes", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _split_list(value: str) -> list[str]:
    """A field's value split at commas, semicolons, 'or' and 'and'."""
    parts = re.split(r",|;|\bor\b|\band\b", value)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _labelled(blocks: list[Block]) -> dict[str, str]:
    """'Label: value' lines (several per line when separated by '·' or '|'), keyed by label."""
    out: dict[str, str] = {}
    rows = [b.text for b in blocks if b.text.startswith("|") and b.text.endswith("|")]
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows if not _TABLE_RULE.fullmatch(r)]
    if _infobox(cells):  # a wiki infobox: a title row, then one 'label | value' row per field
        for head, value in cells[1:]:
            if head and value:
                out.setdefault(head.lower(), value)
    elif len(cells) >= 2 and len(cells[0]) == len(cells[1]):  # a Markdown table: header row, first data row
        for head, value in zip(cells[0], cells[1], strict=True):
            if head and value:
                out.setdefault(head.lower(), value)
    for i, b in enumerate(blocks[:-1]):  # definition lists: 'Equipment' then 'Cable machine'
        nxt = blocks[i + 1]
        if (b.kind in ("item", "heading") and terms.normalize(b.text) in _KNOWN_LABELS and nxt.kind in ("item", "para")
                and terms.normalize(nxt.text) not in _KNOWN_LABELS):
            out.setdefault(terms.normalize(b.text), _chip_list(blocks, i + 1) if b.kind == "heading" else nxt.text)
    for b in blocks:
        if b.text.startswith("|"):
            continue
        for part in _label_parts(b.text):
            m = _LABEL.match(part.strip(" *_"))
            if m and m.group(3).strip():
                key = m.group(1).strip().lower() + (" " + m.group(2).lower() if m.group(2) else "")
                out.setdefault(key, m.group(3).strip().rstrip("."))
    return out


def _equipment_value(value: str) -> list[str]:
    """Equipment of a field's value: a list of gear ('Dumbbell, flat bench'); written as prose,
    the gear of its first sentence and of later ones that say what is needed or what works
    instead (not gear in passing: 'Some gyms also have a chair, but I'm sticking to the bar')."""
    parts = sentences(value) if len(value.split()) > 12 else [value]
    out = terms.equipment_field(parts[0])
    for sentence in parts[1:]:
        if _NEED.search(sentence) or _ALTERNATIVE.search(sentence):
            out += [e for e in terms.equipment_field(sentence) if e not in out]
    return out


def _infobox(cells: list[list[str]]) -> bool:
    """A two-column table whose first row is a title alone ('| **Back squat** | |'): a wiki
    infobox of 'label | value' rows."""
    return len(cells) >= 3 and all(len(c) == 2 for c in cells) and bool(cells[0][0]) and not cells[0][1]


def _chip_list(blocks: list[Block], start: int) -> str:
    """The value under a field heading: the run of short list items from ``start`` ('Dumbbell',
    'Flat bench' chips -> 'Dumbbell, Flat bench'), or the one block there."""
    run: list[str] = []
    for b in blocks[start:]:
        if b.kind != "item" or b.words > 6:
            break
        run.append(b.text)
    return ", ".join(run) if len(run) >= 2 else blocks[start].text


# 'Hold: 5 seconds Repeat: 10 times Sets: 2': several short fields written on one line.
_INLINE_LABEL = re.compile(r"(?:^|\s)([A-Z][a-z]+(?: [a-z]+)?):\s")


def _label_parts(text: str) -> list[str]:
    """A line's 'Label: value' parts: split at '·', '|' and sentence ends, and at each label of
    a line of short fields ('Hold: 5 seconds Repeat: 10 times Sets: 2 Frequency: daily')."""
    parts = _LABEL_SPLIT.split(text)
    if ":" not in text or text.count(":") < 3:
        return parts
    out: list[str] = []
    for part in parts:
        starts = [m.start(1) for m in _INLINE_LABEL.finditer(part)]
        pieces = [part[a:b].strip() for a, b in zip(starts, [*starts[1:], len(part)], strict=True)]
        short = len(pieces) >= 3 and starts[0] == 0 and all(len(p.split(":", 1)[1].split()) <= 3 for p in pieces)
        out += pieces if short else [part]
    return out


# Where a muscles field's value changes role: ';', or ', ' after a marked group ('quads (main), ...').
_ROLE_PARTS = re.compile(r";|(?<=\))\s*,\s*")
_MUSCLE_KEYS = ("primary muscle", "target muscle", "main muscle", "muscles worked", "target", "works", "muscles",
                "what it works", "what it trains", "what it targets", "also works", "secondary muscle", "synergist")


def _apply_labels(ex: ExtractedExercise, labels: dict[str, str]) -> None:
    """Fields from 'Label: value' lines, definition lists, tables and field headings."""
    table = "sets" in labels and "reps" in labels
    if table and ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(f"{labels['sets']} sets of {labels['reps']} reps")
        ex.note("sets_reps", "table: Sets, Reps", LABELLED)
    handout = not table and "sets" in labels and ("repeat" in labels or "hold" in labels)
    if handout and ex.sets_reps is None:
        ex.sets_reps = handout_dose(labels)
        ex.note("sets_reps", "fields: Sets, Repeat, Hold", LABELLED)
    split = "primary" in labels or "secondary" in labels  # a legend: 'Primary: Chest', 'Secondary: ...'
    if split:
        ex.primary_muscles = terms.muscle_field(labels.get("primary", ""))
        ex.secondary_muscles = [m for m in terms.muscle_field(labels.get("secondary", "")) if m not in ex.primary_muscles]
        ex.note("primary_muscles", "fields: Primary, Secondary", LABELLED)
        ex.note("secondary_muscles", "fields: Primary, Secondary", LABELLED)
    for key, value in labels.items():
        if split and (key in ("primary", "secondary") or key.startswith(_MUSCLE_KEYS)):
            continue
        if (key in ("sets", "reps") and table) or (key in ("sets", "repeat", "hold") and handout):
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
        elif key.startswith(("equipment", "gear", "kit", "you need", "you will need", "you'll need", "what you need",
                             "what you'll need", "what you will need", "things you need")):
            ex.equipment = _equipment_value(value)
            ex.note("equipment", f"field: {key}", LABELLED)
        elif key.startswith(("also works", "secondary muscle", "synergist", "assisting")):
            ex.secondary_muscles = terms.muscle_field(value)
            ex.note("secondary_muscles", f"field: {key}", LABELLED)
        elif key.startswith(_MUSCLE_KEYS):
            if len(value.split()) > 12:  # written as prose: who does the work and who helps
                primary, secondary, _ = classify_muscles([value])
                ex.primary_muscles += [m for m in primary if m not in ex.primary_muscles]
                ex.secondary_muscles += [m for m in secondary if m not in ex.secondary_muscles + ex.primary_muscles]
                ex.note("primary_muscles", f"field: {key}", SECTION)
                ex.note("secondary_muscles", f"field: {key}", SECTION)
                continue
            for part in _ROLE_PARTS.split(value):
                found = terms.muscle_field(part)
                if _SECONDARY_CUE.search(part):
                    ex.secondary_muscles += [m for m in found if m not in ex.secondary_muscles]
                else:
                    ex.primary_muscles += [m for m in found if m not in ex.primary_muscles]
            ex.note("primary_muscles", f"field: {key}", LABELLED)
            ex.note("secondary_muscles", f"field: {key}", LABELLED)
        elif key.startswith(("level", "difficulty", "experience", "suitable for", "skill level")):
            words = re.findall(r"[A-Za-z]+", value)
            ex.level = next((lv for w in words if (lv := v.LEVELS.lookup(w)) is not None), None) or rated_level(value)
            ex.note("level", f"field: {key}", LABELLED)
        elif key.startswith(("dose", "dosage", "programming", "sets and reps", "sets", "prescription", "repetitions",
                             "reps", "repeat", "suggested session", "session", "volume", "how many", "yield")):
            ex.sets_reps = dose(value) or ex.sets_reps
            ex.note("sets_reps", f"field: {key}", LABELLED)
            ex.frequency = ex.frequency or find_frequency(value)
        elif _EASIER_HARDER.match(key):  # 'Easier: ...', 'Harder: ...': another version, not a step
            ex.variations.append(_as_sentence(value))
            ex.note("variations", f"field: {key}", SECTION)


def _pieces(value: str, own: Callable[[str], bool]) -> list[str]:
    """A field's value as separate pieces of advice: one per sentence, a sentence that is no
    piece of its own (``own`` false: it only explains the one before) joined to the one before."""
    out: list[str] = []
    for sentence in sentences(value):
        if out and not own(sentence):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out


# An instruction after a condition: 'If you feel it at the front, roll your hip forward.'
_CONDITION = re.compile(r"^(?:if|when|once|as soon as)\b[^,]{1,80},\s*", re.IGNORECASE)
_ADVICE_START = re.compile(
    r"^(?:lie|stand|sit|place|keep|lift|lower|raise|hold|push|pull|bend|squeeze|brace|roll|turn|move|shift|"
    r"tuck|reduce|ease|try|stop|avoid|don'?t|do not|never|make sure|remember|think|use|breathe|aim|let|go|ask)\b",
    re.IGNORECASE)


# 'Wearing socks, or placing a towel under your heel, can help it glide': something to do, said to help.
_HELPFUL_ACT = re.compile(r"^[A-Za-z]+ing\b[^.;]{0,80}?\b(?:can|will|may|should) help\b", re.IGNORECASE)


def _advises(sentence: str) -> bool:
    """Whether a sentence is a piece of advice of its own: an instruction, perhaps after a
    condition ('If you feel it at the front, roll ...'), not an explanation ('If it rolls back,
    the inner thigh switches off')."""
    rest = _CONDITION.sub("", sentence, count=1)
    return bool(_ADVICE_START.match(rest) or _HELPFUL_ACT.match(rest))


def _apply_advice_label(ex: ExtractedExercise, key: str, value: str) -> bool:
    """'Coach's tip: ...', 'Watch out for: ...', 'Caution: ...' lines: a tip, mistake or safety
    note per sentence of the value."""
    if _TIPS.search(key) or key.startswith(("tip", "note", "cue")):
        ex.tips += _pieces(_as_sentence(value), _advises)
        ex.note("tips", f"field: {key}", SECTION)
    elif _MISTAKES.search(key) and not key.startswith("common"):
        ex.mistakes.append(_as_sentence(value))
        ex.note("mistakes", f"field: {key}", SECTION)
    elif _SAFETY_HEAD.search(key):
        ex.safety += _pieces(_as_sentence(value), lambda x: bool(_WARNING.search(x)) or _advises(x))
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
    """The sentences of texts that warn (consult a doctor, stop if ...), not those about preventing injury."""
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
    """Question-and-answer pairs of an FAQ section, in order."""
    out: list[dict[str, str]] = []
    question = ""
    for b in section.blocks:
        if b.text.endswith("?"):
            question = b.text
        elif b.kind == "para":
            out.append({"question": question, "answer": b.text})
            question = ""
    return out


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


_NEED = re.compile(r"\b(?:you(?:'ll| will)? need|all you need|requires?|equipment)\b|"
                   r"^(?:do|perform) (?:it|this|them|these)(?: \w+)? on (?:an? |your )", re.IGNORECASE)
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


def _said(sentence: str, items: list[str]) -> bool:
    """Whether ``sentence`` repeats one of ``items`` (a 'Heads up: ...' line read as a field and
    again as a sentence)."""
    key = terms.normalize(sentence)
    return any(k and (k in key or key in k) for k in (terms.normalize(x) for x in items))


def _common(ex: ExtractedExercise, text: str) -> None:
    """Level, sets and reps and frequency from the exercise's text, when no field gave them."""
    if ex.level is None:
        ex.level = terms.level_in(text)
        ex.note("level", "prose", PROSE)
    if ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(text)
        ex.note("sets_reps", "prose", PROSE)
    ex.frequency = find_frequency(text)
    ex.note("frequency", "prose", PROSE)
