"""One exercise read from a page (or one numbered section of it): name, labelled fields, how-to,
tips, mistakes, FAQ, variations (with their own steps, exercises of their own), prose fields.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import Block, Section, sections, sentences
from trainwise.domain.ingest.cues import (
    _BENEFITS,
    _CREDIT,
    _FAQ,
    _HOWTO,
    _LABEL,
    _MISTAKES,
    _SAFETY,
    _SAFETY_HEAD,
    _TIPS,
    _VARIATIONS,
    _nice_name,
    _special,
    _words,
    field_heading,
)
from trainwise.domain.ingest.dosing import find_sets_reps
from trainwise.domain.ingest.fields import (
    _WARNING,
    _advises,
    _apply_labels,
    _common,
    _faq,
    _heading_labels,
    _labelled,
    _mistake_list,
    _needed,
    _question_heading,
    _safety_lines,
    _said,
)
from trainwise.domain.ingest.model import PROSE, SECTION, ExtractedExercise
from trainwise.domain.ingest.muscles import classify_muscles
from trainwise.domain.ingest.names import (
    _name_single,
    abbreviations,
    also_known,
    clean_name,
    defined_name,
    qualified_name,
    split_alias,
)
from trainwise.domain.ingest.prose import _CUE, _MISTAKE_SENTENCE
from trainwise.domain.ingest.steps import (
    _first_run,
    _howto_run,
    _steps_section,
    labelled_steps,
    position_steps,
)

# A subtitle under the title giving another name: 'Also called the X', 'Also known as X'.
_SUBTITLE_ALIAS = re.compile(r"^(?:also|sometimes|often) (?:called|known as)\b", re.IGNORECASE)


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
    name, alias = split_alias(name)
    longer = qualified_name(name, " ".join(b.text for b in blocks)) if where.startswith("headline") else None
    if longer:  # 'Dips' from a forum thread's title, 'parallel bar dips' in its posts
        name, alias = longer, alias or name.lower()
    ex = ExtractedExercise(name=name, aliases=[alias] if alias else [])
    ex.provenance["name"] = {"source": where, "confidence": conf}
    labels = _labelled(blocks)
    for key, value in _heading_labels(secs).items():
        labels.setdefault(key, value)
    _apply_labels(ex, labels)
    howto = _single_steps(ex, secs, blocks)
    _section_fields(ex, secs)
    if howto is not None:
        _advice_after_steps(ex, howto)
    extra_exercises += _variations(ex, blocks)
    _prose_fields(ex, secs, title, heading, howto)
    return ex


def _single_steps(ex: ExtractedExercise, secs: list[Section], blocks: list[Block]) -> Section | None:
    """The exercise's steps: its how-to run, else the list that instructs, else 'Action:' lines;
    returns the section the steps are listed in (None when they are not a list)."""
    run = _howto_run(secs)
    howto: Section | None = None
    if run is not None:
        written, ex.steps = run
        howto = written if _first_run(written.blocks) else None
        ex.note("steps", f"how-to section '{written.heading}'", SECTION)
    else:
        howto = _steps_section([s for s in secs if _first_run(s.blocks) and not _special(s.heading)])
        if howto is not None:
            ex.steps = _first_run(howto.blocks)
            ex.note("steps", f"list under '{howto.heading or 'title'}'", SECTION)
    if not ex.steps:
        ex.steps = labelled_steps(blocks)
        ex.note("steps", "'Starting position:' / 'Action:' lines", SECTION)
    elif howto is not None:
        ex.steps = position_steps(blocks, ex.steps)
    return howto


# 'If a full push-up is too hard, do it from your knees': an easier or harder version, not a tip.
_OTHER_VERSION = re.compile(r"\b(?:too (?:hard|easy|difficult)|easier|harder)\b", re.IGNORECASE)
_ALSO = re.compile(r"^(?:also|and|plus|oh),?\s+", re.IGNORECASE)


def _advice_after_steps(ex: ExtractedExercise, howto: Section) -> None:
    """Advice in the paragraphs right after the list of steps, when no section gave any: 'The most
    common mistake ...' sentences are mistakes, instructions ('Keep your hips stacked ...', 'Also,
    don't rush ...') are tips; dosing, easier versions and explanations are neither."""
    run = _first_run(howto.blocks)
    last = max((i for i, b in enumerate(howto.blocks) if b.kind == "item" and b.text in run), default=-1)
    after = [b.text for b in howto.blocks[last + 1 :] if b.kind == "para" and not _LABEL.match(b.text)]
    mistakes: list[str] = []
    tips: list[str] = []
    for sentence in (x for p in after for x in sentences(p)):
        if _MISTAKE_SENTENCE.match(sentence):
            mistakes.append(sentence)
        elif (not _SAFETY.search(sentence) and not _OTHER_VERSION.search(sentence) and not find_sets_reps(sentence)
              and _advises(_ALSO.sub("", sentence, count=1))):
            tips.append(sentence)
    if not ex.mistakes and mistakes:
        ex.mistakes = mistakes
        ex.note("mistakes", "'the most common mistake' after the steps", PROSE)
    if not ex.tips and tips:
        ex.tips = tips
        ex.note("tips", "instructions after the steps", PROSE)


def _special_sections(secs: list[Section]) -> list[Section]:
    """Sections that hold one field (tips, mistakes, FAQ, variations, safety, field headings,
    questions): their paragraphs are no description."""
    return [s for s in secs if _TIPS.search(s.heading) or _MISTAKES.search(s.heading) or _FAQ.search(s.heading)
            or _VARIATIONS.search(s.heading) or _SAFETY_HEAD.search(s.heading)
            or (s.heading and field_heading(s.heading) is not None) or _question_heading(s)]


def _section_fields(ex: ExtractedExercise, secs: list[Section]) -> None:
    """Tips, mistakes, FAQ and benefits from the sections headed for them."""
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


def _variations(ex: ExtractedExercise, blocks: list[Block]) -> list[ExtractedExercise]:
    """Variations: short headings and items inside the variations part of an article, and named
    captions, added to ``ex.variations``; those with their own list of steps are returned as
    exercises of their own."""
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
    out: list[ExtractedExercise] = []
    for n, (cand, start) in enumerate(anchors):
        stop = anchors[n + 1][1] if n + 1 < len(anchors) else var_end
        sub = _variation_exercise(cand, blocks[start + 1 : stop], var_intro)
        if sub is not None:
            out.append(sub)
    ex.note("variations", "variations section", PROSE)
    return out


def _variation_exercise(cand: str, part: list[Block], var_intro: list[str]) -> ExtractedExercise | None:
    """A variation as an exercise of its own, when its part of the page lists two steps or more."""
    steps: list[str] = []
    for b in part:
        if b.kind == "item":
            steps.append(b.text)
        elif steps:
            break
    if len(steps) < 2:
        return None
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
    return sub


def _prose_fields(ex: ExtractedExercise, secs: list[Section], title: str, heading: str | None,
                  howto: Section | None) -> None:
    """Fields from the description paragraphs (outside the field sections), the how-to section
    and FAQ answers: full name and aliases, summary, mistakes, muscles, equipment, safety, dosing."""
    name = ex.name
    name_words = _words(name)
    special = _special_sections(secs)
    prose = [p for s in secs if s not in special for p in s.paras]
    description = [p for p in prose if p.split()[0:1] and len(p.split()) > 12]
    description = [p for p in description if p != title and not _LABEL.match(p)]
    phrase = terms.normalize(name)
    summary_para = next(
        (p for p in description if re.match(rf"^(?:the )?{re.escape(phrase)}\b", terms.normalize(p))),
        next((p for p in description if phrase in terms.normalize(p)),
             next((p for p in description if _words(p) & name_words), description[0] if description else "")),
    )
    defined = defined_name(name, description) if heading is None else None
    if defined is not None:  # the page's full name for the exercise, its short name an alias
        name, ex.aliases = defined
        ex.name, phrase = name, terms.normalize(name)
        ex.note("aliases", "definition sentence", PROSE)
    if not ex.aliases:
        subtitles = [s.heading for s in secs[1:3] if _SUBTITLE_ALIAS.match(s.heading)]  # 'Also called the X'
        for p in [*subtitles, *prose, *(f["answer"] for f in ex.faq)]:
            found = also_known(p) + abbreviations(name, p)
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
    ex.safety += [s for s in _safety_lines(every) if not _said(s, ex.safety) and s not in ex.mistakes]
    ex.note("safety", "safety sentences and tips", PROSE)
    _common(ex, " ".join([*every, *ex.steps]))
