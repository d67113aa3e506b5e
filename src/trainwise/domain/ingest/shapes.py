"""Page shapes: ``list`` (several exercises, each with 'Also known as:' items), ``multi`` (sections
headed by exercise names, each with its own steps), ``numbered`` (sections headed 'Exercise 1: X'),
exercise tables, and what counts as an exercise.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import Block, Section, sections, sentences
from trainwise.domain.ingest.cues import (
    _ALSO_KNOWN_ITEM,
    _CREDIT,
    _HOWTO,
    _LABEL,
    _MISTAKES,
    _TABLE_RULE,
    _VARIATIONS,
    _listing_title,
    _special,
    _title_case,
    _words,
)
from trainwise.domain.ingest.dosing import find_frequency
from trainwise.domain.ingest.fields import (
    _apply_labels,
    _common,
    _heading_labels,
    _labelled,
    _mistake_list,
    _safety_lines,
)
from trainwise.domain.ingest.model import INFERRED, LABELLED, PROSE, SECTION, ExtractedExercise
from trainwise.domain.ingest.muscles import classify_muscles
from trainwise.domain.ingest.names import (
    _subject,
    also_known,
    clean_name,
    numbered_name,
    product_title,
)
from trainwise.domain.ingest.prose import _EXPLANATION, _TIP_SENTENCE, _VARIATION_SENTENCE, _is_step
from trainwise.domain.ingest.steps import _after_run, _first_run, _instructions


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


def _extract_list(blocks: list[Block], title: str) -> list[ExtractedExercise]:
    """The exercises of a list page: each run of labelled items with an 'Also known as:' item,
    named by the heading (or the introduction's subject) before it."""
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


def _exercise_sections(blocks: list[Block]) -> list[Section]:
    """Sections headed by an exercise name, each with its own list of steps."""
    return [s for s in sections(blocks) if s.heading and not _special(s.heading) and not _listing_title(s.heading)
            and not _LABEL.match(s.heading) and not product_title(s.heading) and len(_first_run(s.blocks)) >= 2]


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
        ex.tips += _after_run(s.blocks)
        ex.note("tips", f"notes after the steps under '{s.heading}'", SECTION)
        paras = [p for p in s.paras if not _LABEL.match(p)]
        prose = [*paras, *(b.text for b in s.blocks if b.kind == "para")]
        for p in prose:
            for alias in also_known(p):
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


_TABLE_NAME_COLUMN = {"exercise", "exercises", "name", "exercise name", "move", "movement", "drill", "lift"}


def exercise_table(blocks: list[Block]) -> dict[str, dict[str, str]]:
    """The rows of a Markdown table of several exercises ('| Exercise | Equipment | Muscles | Sets x
    Reps |'), keyed by the normalised exercise name: {'inverted row': {'equipment': ..., ...}}."""
    rows = [[c.strip() for c in b.text.strip().strip("|").split("|")] for b in blocks
            if b.text.startswith("|") and b.text.rstrip().endswith("|") and not _TABLE_RULE.fullmatch(b.text)]
    if len(rows) < 3 or terms.normalize(rows[0][0]) not in _TABLE_NAME_COLUMN:
        return {}
    head = [h.lower() for h in rows[0]]
    return {terms.normalize(r[0]): {h: c for h, c in zip(head[1:], r[1:], strict=False) if h and c}
            for r in rows[1:] if len(r) == len(head) and r[0]}


def _merge_table(found: list[ExtractedExercise], table: dict[str, dict[str, str]]) -> None:
    """Each exercise's row of the page's exercise table, read as labelled fields (they win over
    what the exercise's own section only implies)."""
    by_words = {frozenset(_words(name)): row for name, row in table.items()}
    for ex in found:
        row = table.get(terms.normalize(ex.name)) or by_words.get(frozenset(_words(ex.name)))
        if row is None:
            continue
        if any(k.startswith("equipment") for k in row):
            ex.equipment = []
        if any(k.startswith(("muscle", "target", "primary")) for k in row):
            ex.primary_muscles, ex.secondary_muscles = [], []
        if any(k.startswith(("sets", "reps", "dose")) for k in row):
            ex.sets_reps = None
        _apply_labels(ex, {k: v for k, v in row.items() if not k.startswith(("tips", "notes"))})


def _is_exercise(ex: ExtractedExercise, *, introduced: bool = False) -> bool:
    """Named, with instructions and something more (muscles, equipment or three steps); an exercise
    the text introduces by name ('Dead bug: lie on your back ...') needs only two steps."""
    enough = len(ex.steps) >= 2 if introduced else len(ex.steps) >= 1 and (
        bool(ex.primary_muscles) or bool(ex.equipment) or len(ex.steps) >= 3)
    return bool(ex.name) and enough and _instructions(ex.steps)


# A section the numbered versions of an exercise share ('The shared setup', 'How both start'),
# and a version that refers back to it ('From the setup above:').
_SHARED_HEADING = re.compile(r"\b(?:shared|common|both|same|all versions|each version)\b", re.IGNORECASE)
_REFERS_BACK = re.compile(r"\b(?:set-?up|start(?:ing)? position|steps?|start)\s+above\b", re.IGNORECASE)
_SHARED_FIELDS = ("equipment", "target muscle", "synergists")


def share_preamble(found: list[ExtractedExercise | None], blocks: list[Block],
                   parts: list[tuple[str, list[Block]]]) -> None:
    """Versions of one exercise in numbered sections that share a how-to written before them
    ('The shared setup' then 'Version 1: X' ... 'From the setup above:'): the shared steps go
    before each version's own, and the fields written once for all of them ('What both train',
    'What you need') fill each version's fields that were not labelled in its own section."""
    first = next(i for i, b in enumerate(blocks) if b.kind == "heading" and numbered_name(b.text))
    secs = sections(blocks[:first])
    back = any(b.kind != "item" and _REFERS_BACK.search(b.text) for _, part in parts for b in part)
    shared = next((s for s in secs if s.heading and (back or _SHARED_HEADING.search(s.heading))
                   and len(run := _first_run(s.blocks)) >= 2 and 2 * sum(map(_is_step, run)) >= len(run)), None)
    if shared is None:
        return
    steps = _first_run(shared.blocks)
    page = ExtractedExercise(name="")
    _apply_labels(page, {k: v for k, v in _heading_labels(secs).items() if k in _SHARED_FIELDS})
    for ex in found:
        if ex is None:
            continue
        ex.steps = [*steps, *ex.steps]
        ex.note("steps", f"shared section '{shared.heading}' and the version's own", SECTION)
        if page.equipment and _conf(ex, "equipment") < LABELLED:
            ex.equipment = list(page.equipment)
            ex.note("equipment", "field written for all versions", LABELLED)
        if page.primary_muscles and _conf(ex, "primary_muscles") < LABELLED:
            ex.primary_muscles, ex.secondary_muscles = list(page.primary_muscles), list(page.secondary_muscles)
            ex.note("primary_muscles", "field written for all versions", SECTION)
            ex.note("secondary_muscles", "field written for all versions", SECTION)


def _conf(ex: ExtractedExercise, name: str) -> float:
    """The confidence of an exercise's field (0 when it has none)."""
    return float(ex.provenance.get(name, {}).get("confidence", 0.0))
