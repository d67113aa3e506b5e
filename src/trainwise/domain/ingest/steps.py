"""Where a page's steps are: how-to sections and their sub-sections, the first run of list items,
'Starting position:' / 'Action:' lines; whether steps read as movement instructions.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest.blocks import Block, Section, sentences
from trainwise.domain.ingest.cues import _HOWTO, _LABEL, _as_sentence
from trainwise.domain.ingest.prose import _is_step, is_instruction


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
    return [x for line in lines for x in sentences(line) if is_instruction(x)]


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


def _first_run(blocks: list[Block]) -> list[str]:
    """The first run of list items that are not 'Label: value' fields (a bulleted note after a
    blank line ends a numbered list)."""
    run: list[str] = []
    ordered = False
    for b in blocks:
        if b.kind == "item" and not _LABEL.match(b.text) and not (run and b.gap and b.ordered != ordered):
            ordered = ordered if run else b.ordered
            run.append(b.text)
        elif run:
            break
    return run


def _after_run(blocks: list[Block]) -> list[str]:
    """List items after the first run (a note under the steps: 'Using a band instead? Anchor it ...')."""
    run = _first_run(blocks)
    if not run:
        return []
    items = [b for b in blocks if b.kind == "item" and not _LABEL.match(b.text)]
    return [b.text for b in items[len(run):]]


# A field that places the body before the listed steps: 'Position: Kneel on your right knee ...'.
_POSITION_LABEL = re.compile(r"^(?:(?:starting |start )?position|set-?up|starting point)$", re.IGNORECASE)


def position_steps(blocks: list[Block], steps: list[str]) -> list[str]:
    """The listed steps with the instructions of a 'Position:' field before them, one step per
    sentence (a handout's 'Position: Kneel ... Place your hands ...' then 'Technique: 1. Tuck ...');
    the steps unchanged when there is no such field or it is already among them."""
    for b in blocks:
        m = _LABEL.match(b.text) if b.kind == "para" else None
        if m and m.group(3).strip() and _POSITION_LABEL.match(m.group(1).strip()):
            said = sentences(_as_sentence(m.group(3).strip()))
            return steps if any(x in steps for x in said) else [*said, *steps]
    return steps


def labelled_steps(blocks: list[Block]) -> list[str]:
    """Steps written as how-to fields, in order: 'Starting position: Sit on the floor ...',
    'Action: Tighten ...' -> the sentences of their values."""
    out: list[str] = []
    for b in blocks:
        m = _LABEL.match(b.text) if b.kind in ("para", "item") else None
        if m and m.group(3).strip() and _HOWTO.search(m.group(1).strip()):
            out += sentences(_as_sentence(m.group(3).strip()))
    return out


def _steps_section(candidates: list[Section]) -> Section | None:
    """The section whose list is the steps: the first whose list mostly instructs ('Set the bell
    on the floor', ...), else the first with a list (a product's feature list is passed over)."""
    for s in candidates:
        run = _first_run(s.blocks)
        if 2 * sum(1 for x in run if _is_step(x)) > len(run):
            return s
    return candidates[0] if candidates else None


# Words of a movement instruction: body parts, positions and the parts of a rep.
_BODY = re.compile(
    r"\b(?:feet|foot|knees?|hips?|legs?|arms?|hands?|shoulders?|elbows?|back|chest|head|heels?|toes?|spine|"
    r"core|body|torso|trunk|wrists?|ankles?|glutes?|thighs?|neck|ribs?|pelvis|side|floor|grip|handles?|bar|"
    r"weights?|reps?|abs|muscles?|breath\w*|inhale|exhale|lower\w*|rais\w*|lift\w*|press\w*|pull\w*|squat\w*|"
    r"hold\w*|stand\w*|sit\w*|lie|lying|kneel\w*|position|step\w*)\b",
    re.IGNORECASE,
)


def _instructions(steps: list[str]) -> bool:
    """Whether steps read as movement instructions: at least half name a body part, a position or
    a movement (club news or a race calendar in numbered sections do not)."""
    return 2 * sum(1 for s in steps if _BODY.search(s)) >= len(steps)
