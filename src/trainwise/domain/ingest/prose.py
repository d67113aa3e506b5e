"""Instructions written as sentences: imperative and spoken steps (transcripts), advice and
mistakes said in passing, and answers that introduce their exercises in turn.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import Block, sentences
from trainwise.domain.ingest.cues import _EASIER_HARDER, _KNOWN_LABELS, _SAFETY, _special
from trainwise.domain.ingest.fields import _common, _needed, _safety_lines
from trainwise.domain.ingest.model import PROSE, ExtractedExercise
from trainwise.domain.ingest.muscles import _ACTION, classify_muscles
from trainwise.domain.ingest.names import _name_single, also_known

_TIP_SENTENCE = re.compile(r"^(?:if (?:you|your)\b|one (?:thing|tip)\b|(?:a |my )?(?:quick )?tip:|make sure\b)",
                           re.IGNORECASE)
_EXPLANATION = re.compile(r"^(?:this (?:helps|is|will|makes|allows)|you'll|it will|it helps|that way)\b", re.IGNORECASE)
_CUE = re.compile(r"^(?:engage|keep|brace|squeeze|tighten|contract|activate|focus on engaging)\b", re.IGNORECASE)
_VARIATION_SENTENCE = re.compile(r"^you can (?:also|make)\b|\bas a modification\b", re.IGNORECASE)
_IMPERATIVE = re.compile(
    r"^(?:lie|stand|sit|place|keep|lift|lower|raise|hold|push|pull|bend|hinge|kneel|squeeze|brace|"
    r"engage|repeat|return|pause|start|begin|step|extend|press|slowly|then|next|finally|grab|grip|"
    r"exhale|inhale|roll|bring|tighten|rest|reach|drive|after that|afterwards|now|first|second|third|"
    r"to (?:start|finish)|walk|turn|sit|squat|press|draw|relax|pick|put|point|reset|send|drive|snap|hike|"
    r"plant|rotate|twist|tuck|straighten|sink|shift|rise|slide|shuffle|swing|curl|row|set|take|let|round|arch)\b",
    re.IGNORECASE,
)
# Spoken openings before an instruction in a transcript: 'Alright, first you want to walk ...',
# 'So now you're going to ...', 'Go ahead and ...'; and a short lead-in phrase: 'At the top, squeeze ...'.
_FILLER = re.compile(
    r"^(?:(?:alright|all right|okay|ok|so|and|right|well|now|then|next|first(?: of all)?|after that|from there|"
    r"look|basically)\b[,]?\s*)+(?:(?:you(?:'re going to| are going to| want to| wanna| gonna|'ll want to| need to|"
    r"'ll| should)|I want you to|we(?:'re going to| want to)|go ahead and|what you (?:want|wanna|need) to do is)\s+)?|"
    r"^(?:you(?:'re going to| are going to| want to| wanna| gonna|'ll want to| need to)|I want you to|go ahead and|"
    r"what you (?:want|wanna|need) to do is)\s+",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?:at|to|on|in|from|once|with|after|before|for)\b[^,]{1,30},\s*", re.IGNORECASE)
# A paragraph that opens by announcing advice: 'Couple of extra pointers.', 'A few tips:'.
_TIPS_INTRO = re.compile(r"^(?:(?:a|a few|some|a couple of|couple of|two|three|my) )?(?:extra |quick |final |more |bonus )?"
                         r"(?:pointers|tips|cues|reminders|notes)\b[^.]{0,30}[.:!]?$", re.IGNORECASE)
_OTHER_MISTAKE = re.compile(r"^(?:the other (?:one|mistake|error|thing)|another (?:one|mistake|error|thing) (?:is|I see))\b",
                            re.IGNORECASE)
# A transcript's speaker label: 'COACH:', 'SPEAKER 1:', '>>'.
_SPEAKER = re.compile(r"^(?:>>\s*|[A-Z][A-Z0-9 .'-]{1,24}:\s+)")


def _spoken(sentence: str) -> str:
    """A sentence without its speaker label, spoken opening and lead-in phrase, to test whether it
    instructs ('COACH: Alright, first you want to walk up to the bar' -> 'walk up to the bar')."""
    bare = _FILLER.sub("", _SPEAKER.sub("", sentence, count=1), count=1)
    return _LEAD_IN.sub("", bare, count=1) if bare else sentence


def _is_step(sentence: str) -> bool:
    """An instruction: an imperative sentence, once spoken openings are set aside (not a mistake)."""
    if _IMPERATIVE.match(sentence) and not _MISTAKE_SENTENCE.match(_FILLER.sub("", sentence, count=1)):
        return True
    bare = _spoken(sentence)
    return bare != sentence and bool(_IMPERATIVE.match(bare)) and not _MISTAKE_SENTENCE.match(bare)


# A sentence among instructions that does not instruct: a condition or another version ('If the full
# version wrecks you, ...', 'Once that feels easy, ...'), an explanation ('The arc of the bar does the
# steering', 'It takes ...') or a remark with a gerund subject ('Choosing a light pair is not cheating').
_NOT_INSTRUCTION = re.compile(r"^(?:if|when|once|unless|this|that|these|it|it's|you'll|because|for|the|a|an|most|many|"
                              r"some|[a-z]+ing\b[^.,;:]{0,40}\b(?:is|are)\b)\b",
                              re.IGNORECASE)
_OTHER_VERSION = re.compile(r"\b(?:too (?:hard|easy|difficult)|easier|harder)\b", re.IGNORECASE)


def is_instruction(sentence: str) -> bool:
    """Whether a sentence of a how-to paragraph instructs (one step): an imperative, or any sentence
    that is no condition, other version, explanation or remark."""
    if _is_step(sentence):
        return not _OTHER_VERSION.search(sentence) or not _NOT_INSTRUCTION.match(sentence)
    return not _NOT_INSTRUCTION.match(sentence) and not _OTHER_VERSION.search(sentence)


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
    named = [] if len(starts) >= 2 else named_paragraphs(blocks)
    if len(starts) < 2 and len(named) < 2:
        return []
    parts: list[tuple[str, list[Block]]] = []
    for n, (start, name) in enumerate(starts if len(starts) >= 2 else named):
        later = starts if len(starts) >= 2 else named
        stop = later[n + 1][0] if n + 1 < len(later) else next(
            (k for k in range(start + 1, len(blocks)) if blocks[k].rule or blocks[k].kind == "heading"), len(blocks))
        part = blocks[start:stop]
        if later is named:  # 'Dead bug: lie on your back ...' -> 'lie on your back ...'
            rest = part[0].text.split(":", 1)[1].strip()
            part = [replace(part[0], text=rest[:1].upper() + rest[1:]), *part[1:]]
        parts.append((" ".join(w[:1].upper() + w[1:] for w in name.split()), part))
    return parts


# 'Dead bug: lie on your back ...': a paragraph opening with an exercise's name and a colon.
_NAMED_PARA = re.compile(r"^([A-Z][\w'’/-]*(?: [\w'’/-]+){0,4}):\s+(\S.*)$")
# Labels and phases of one exercise, never an exercise's name ('Easier: ...', 'Setup: ...').
_NOT_A_NAME = re.compile(
    r"^(?:easier|harder|tips?|notes?|cues?|set-?up|start(?:ing position)?|finish|position|action|movement|descent|"
    r"ascent|lowering|return|breathing|grip|stance|top|bottom|progression|regression|variations?|modifications?|"
    r"warning|caution|safety|important|equipment|level|dose|reps|sets|remember|bonus|optional|why|how|then|next|"
    r"first|second|third|finally|step \w+|phase \w+|part \w+|option \w+|q|a)$",
    re.IGNORECASE,
)


def named_paragraphs(blocks: list[Block]) -> list[tuple[int, str]]:
    """(index, name) of paragraphs that introduce an exercise by name and go straight into its
    instructions ('Dead bug: lie on your back ...'), when two or more do."""
    out: list[tuple[int, str]] = []
    for i, b in enumerate(blocks):
        m = _NAMED_PARA.match(b.text) if b.kind == "para" else None
        if m is None or _NOT_A_NAME.match(m.group(1)) or _EASIER_HARDER.match(m.group(1)) or _special(m.group(1)) \
                or terms.normalize(m.group(1)) in _KNOWN_LABELS:
            continue
        if _is_step(sentences(m.group(2))[0]):
            out.append((i, m.group(1)))
    return out if len(out) >= 2 else []


def _extract_prose(blocks: list[Block], title: str, heading: str | None = None) -> ExtractedExercise | None:
    """Instructions as sentences: imperative sentences become steps (named ``heading`` when given),
    spoken ones too ('Alright, first you want to walk up to the bar'); a paragraph announcing
    pointers gives tips; 'the biggest mistake ...' and 'the other one ...' give mistakes."""
    paras = [b.text for b in blocks if b.kind == "para"]
    imperative = _IMPERATIVE
    advice = [p for p in paras if _TIPS_INTRO.match(sentences(p)[0])]
    steps = [s for p in paras if p not in advice for s in sentences(p) if _is_step(s)]
    if len(steps) < 2:
        return None
    after = False
    tips: list[str] = []
    mistakes: list[str] = []
    for p in paras:
        if p in advice:  # 'Couple of extra pointers. Film yourself ... Take your shoes off ...'
            tips += sentences(p)[1:]
            continue
        for sentence in sentences(p):
            bare = _FILLER.sub("", sentence, count=1)
            if sentence == steps[-1]:
                after = True
            elif _MISTAKE_SENTENCE.match(bare) or (mistakes and _OTHER_MISTAKE.match(bare)):
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
        for alias in also_known(p):
            if terms.normalize(alias) != terms.normalize(name) and alias not in ex.aliases:
                ex.aliases.append(alias)
    ex.note("aliases", "prose: 'also called'", PROSE)
    ex.provenance["name"] = {"source": where, "confidence": conf}
    ex.note("steps", "imperative sentences", PROSE)
    ex.note("tips", "advice after the instructions", PROSE)
    first = next((p for p in paras if not imperative.match(p) and p != title), paras[0])
    ex.summary = sentences(first)[0]
    ex.note("summary", "first paragraph", PROSE)
    # Muscles from what the text says is worked, not from where a step puts you ('propped on your forearm').
    said = [x for p in paras for x in sentences(p) if x not in steps or _ACTION.search(x)]
    ex.primary_muscles, ex.secondary_muscles, mconf = classify_muscles(said)
    ex.note("primary_muscles", "prose", mconf)
    ex.note("secondary_muscles", "prose", mconf)
    ex.equipment = _needed(paras) or terms.equipment_in(" ".join(paras))
    ex.note("equipment", "prose", PROSE)
    ex.safety = _safety_lines(paras)
    ex.note("safety", "prose", PROSE)
    _common(ex, " ".join(paras))
    return ex
