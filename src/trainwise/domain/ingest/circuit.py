"""Workouts written as a table of exercises ('| Order | Exercise | Work | Kit | What it hits |'),
a circuit or session plan, with short notes on each move below it ('**A — Burpee.** Stand ...').

Each row is an exercise: its name from the exercise column, its fields from the other columns,
its dose from the rounds the page asks for times the row's work ('3 rounds' x '10 reps' ->
'3 x 10'), and its steps, tips and mistakes from the note that opens with its name.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import Block, sentences
from trainwise.domain.ingest.cues import _MISTAKES, _SAFETY_HEAD, _TABLE_RULE, _TIPS, _nice_name
from trainwise.domain.ingest.dosing import _to_int
from trainwise.domain.ingest.fields import _apply_labels
from trainwise.domain.ingest.model import LABELLED, PROSE, SECTION, ExtractedExercise
from trainwise.domain.ingest.prose import is_instruction

# Headers of the column that names the exercise of each row.
_NAME_COLUMN = {"exercise", "exercises", "name", "exercise name", "move", "movement", "drill", "lift"}
# Headers of a row's work ('10 reps', '30 seconds') and of what it trains ('What it hits').
_WORK_COLUMN = re.compile(r"^(?:work|reps|time|duration|dose|effort)$", re.IGNORECASE)
_HITS_COLUMN = re.compile(r"^(?:what (?:it|they) (?:hits?|works?|trains?|targets?)|hits|muscles?|targets?|works)$",
                          re.IGNORECASE)
# The rounds a circuit asks for: 'do 3 rounds', '3 rounds in total', 'three circuits'.
_ROUNDS = re.compile(r"\b(\d+|two|three|four|five|six)\s+(?:rounds?|circuits?|times through)\b", re.IGNORECASE)
_WORK = re.compile(r"^\s*(\d+)(?:\s*[-–]\s*(\d+))?\s*(reps?|repetitions|seconds?|secs?|s|minutes?|mins?|m|metres|meters)?\b",
                   re.IGNORECASE)
# A note opening with a row's marker and name: 'A — Burpee.', '2. Bear crawl:'.
_MARKER = re.compile(r"^(?:[A-H\d]{1,2}\s*[—–.):-]\s*)?")
# An inline label inside a note: 'Tip: ...', 'Tips: ...', 'Mistake I see all the time: ...'.
_INLINE_LABEL = re.compile(r"^([A-Z][\w' ]{1,40}?):\s+(\S.*)$")


def table_rows(blocks: list[Block]) -> list[list[str]]:
    """The cells of each row of the page's Markdown tables (the rule rows left out)."""
    return [[c.strip() for c in b.text.strip().strip("|").split("|")] for b in blocks
            if b.text.startswith("|") and b.text.rstrip().endswith("|") and not _TABLE_RULE.fullmatch(b.text)]


def circuit_exercises(blocks: list[Block]) -> list[ExtractedExercise]:
    """The exercises of a workout table with an exercise column anywhere in its header row ('| Order
    | Exercise | Work | Kit |'), two rows or more; [] when the page has no such table."""
    rows = table_rows(blocks)
    if len(rows) < 3:
        return []
    head = [terms.normalize(h) for h in rows[0]]
    col = next((i for i, h in enumerate(head) if h in _NAME_COLUMN), None)
    body = [r for r in rows[1:] if col is not None and len(r) == len(head) and r[col]]
    if col is None or len(body) < 2:
        return []
    rounds = _rounds(blocks)
    out: list[ExtractedExercise] = []
    for row in body:
        ex = ExtractedExercise(name=_nice_name(row[col]))
        ex.provenance["name"] = {"source": f"table column: {rows[0][col]}", "confidence": LABELLED}
        labels: dict[str, str] = {}
        for h, cell in zip(head, row, strict=False):
            if h == head[col] or not cell:
                continue
            if _WORK_COLUMN.match(h):
                ex.sets_reps = circuit_dose(rounds, cell)
                ex.note("sets_reps", "rounds x the row's work", LABELLED)
            else:
                labels["muscles" if _HITS_COLUMN.match(h) else h] = cell
        _apply_labels(ex, labels)
        _apply_note(ex, blocks)
        out.append(ex)
    _share_safety(out, blocks)
    return out


def _rounds(blocks: list[Block]) -> int | None:
    """The rounds the page asks for ('do 3 rounds in total'), from its paragraphs."""
    for b in blocks:
        m = _ROUNDS.search(b.text) if b.kind == "para" and not b.text.startswith("|") else None
        if m:
            return _to_int(m.group(1))
    return None


def circuit_dose(rounds: int | None, work: str) -> str | None:
    """Rounds times a row's work: (3, '10 reps') -> '3 x 10'; (3, '30 seconds') -> '3 x 30 s'."""
    m = _WORK.match(work)
    if rounds is None or m is None:
        return None
    reps = m.group(1) if not m.group(2) else f"{m.group(1)}-{m.group(2)}"
    unit = (m.group(3) or "").lower()
    suffix = " s" if unit.startswith("s") else " min" if unit.startswith("min") else \
        " m" if unit in ("m", "metres", "meters") else ""
    return f"{rounds} x {reps}{suffix}"


def _apply_note(ex: ExtractedExercise, blocks: list[Block]) -> None:
    """Steps, tips and mistakes from the paragraph that opens with the exercise's name ('A — Burpee.
    Stand ...'): instruction sentences are steps until an inline label ('Tip:', 'Mistake ...:') starts
    that field; each sentence after a label is one item of it."""
    key = terms.normalize(ex.name)
    for b in blocks:
        if b.kind != "para":
            continue
        rest = _MARKER.sub("", b.text, count=1)
        head = re.match(r"^(.{2,60}?)[.:]\s+(\S.*)$", rest)
        if head is None or terms.normalize(head.group(1)) != key:
            continue
        field = "steps"
        for sentence in sentences(head.group(2)):
            label = _INLINE_LABEL.match(sentence)
            if label and (_TIPS.search(label.group(1)) or _MISTAKES.search(label.group(1))):
                field = "tips" if _TIPS.search(label.group(1)) else "mistakes"
                sentence = label.group(2)
            if field == "steps":
                if is_instruction(sentence):
                    ex.steps.append(sentence)
            else:
                getattr(ex, field).append(sentence[:1].upper() + sentence[1:])
        ex.note("steps", f"note on '{ex.name}'", SECTION)
        ex.note("tips", f"note on '{ex.name}'", SECTION)
        return


def _share_safety(found: list[ExtractedExercise], blocks: list[Block]) -> None:
    """A safety note of the page ('One safety note: burpees and X are hard on the wrists ...') goes,
    once, to each exercise it names."""
    for b in blocks:
        label = _INLINE_LABEL.match(b.text)
        if label is None or not _SAFETY_HEAD.search(label.group(1)):
            continue
        said = f" {terms.normalize(b.text)} "
        for ex in found:
            name = terms.normalize(ex.name)
            if f" {name} " in said or f" {name}s " in said:
                ex.safety.append(label.group(2))
                ex.note("safety", "the page's safety note", PROSE)
