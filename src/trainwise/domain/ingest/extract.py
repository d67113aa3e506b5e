"""Exercise extraction from a segmented page: shape detection, then field extraction.

Shapes: ``single`` (one exercise: title, description, steps, tips, labelled fields, FAQ),
``article`` (a trainer's article: how-to, sets and reps, variations, mistakes, benefits),
``list`` (several exercises, each with 'Also known as:' / 'Equipment needed:' /
'How to do it right:' items), ``numbered`` (sections headed 'Exercise 1: X' / '2. Y', each read
like a single page), ``multi`` (sections headed by exercise names, each with its own steps),
``prose-multi`` (an answer introducing its exercises in turn: 'The first one is the X ...'),
``prose`` (instructions written as sentences) and ``circuit`` (a workout table of exercises with a
note on each move, read when nothing else is found).

Field headings ('Form guide', 'Coach's notes', 'Watch out for', 'You'll need', 'Target muscle',
'Repeat', ...) name a field of the exercise they sit in and never become exercises; page chrome
(breadcrumbs, bylines, 'Similar threads', disclaimers, author boxes) is dropped first.

The readers live in ``model`` (results), ``cues`` (shared patterns), ``content`` (the page's own
blocks), ``names``, ``fields`` (labelled fields), ``dosing``, ``muscles``, ``prose``, ``steps``,
``single``, ``shapes`` and ``circuit``.
"""

from __future__ import annotations

from trainwise.domain.ingest.circuit import circuit_exercises
from trainwise.domain.ingest.content import _content_blocks
from trainwise.domain.ingest.model import ExtractedDocument, ExtractedExercise
from trainwise.domain.ingest.names import _title
from trainwise.domain.ingest.prose import _extract_prose, prose_parts
from trainwise.domain.ingest.shapes import (
    _exercise_sections,
    _extract_list,
    _extract_multi,
    _is_exercise,
    _merge_table,
    detect_shape,
    exercise_table,
    numbered_parts,
    share_preamble,
)
from trainwise.domain.ingest.single import _extract_single


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
        share_preamble(found, blocks, parts)
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
    exercises = [e for e in found if e is not None and _is_exercise(e, introduced=shape == "prose-multi")]
    if not exercises:  # a workout table ('| Order | Exercise | Work |') with notes on each move
        exercises = circuit_exercises(blocks)
        shape = "circuit" if exercises else shape
    table = exercise_table(blocks) if len(exercises) >= 2 else {}
    if table:
        _merge_table(exercises, table)
    return ExtractedDocument(source, title, shape, exercises)


# Public names other modules and tests import from here.
from trainwise.domain.ingest.blocks import looks_like_heading  # noqa: E402
from trainwise.domain.ingest.cues import field_heading  # noqa: E402
from trainwise.domain.ingest.dosing import find_frequency, find_sets_reps  # noqa: E402
from trainwise.domain.ingest.muscles import classify_muscles  # noqa: E402
from trainwise.domain.ingest.names import (  # noqa: E402
    clean_name,
    headline_name,
    is_headline,
    numbered_name,
    product_title,
)
from trainwise.domain.ingest.prose import _is_step as _is_step  # noqa: E402

__all__ = ["ExtractedDocument", "ExtractedExercise", "classify_muscles", "clean_name", "detect_shape", "extract",
           "field_heading", "find_frequency", "find_sets_reps", "headline_name", "is_headline", "looks_like_heading",
           "numbered_name", "product_title"]
