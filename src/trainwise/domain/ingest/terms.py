"""Mapping free text to vocabulary slugs (muscles, equipment) with a confidence."""

from __future__ import annotations

import re
from functools import lru_cache

from trainwise.domain import vocabulary as v

normalize = lru_cache(maxsize=16384)(v.normalize)
"""``vocabulary.normalize``, remembered: pages repeat the same lines and labels."""

# Single words that name a muscle or a piece of gear but far more often mean something else
# in exercise prose ("lift your chest", "take a step", "keep your neck neutral").
WEAK_MUSCLE_WORDS = frozenset({"neck", "stomach", "thighs", "thigh", "chest", "grip", "groin"})
WEAK_EQUIPMENT_WORDS = frozenset({
    "step", "platform", "seat", "plate", "block", "roller", "bar", "rack", "rope", "stick",
    "machine", "band", "bands", "pole", "rings", "stair", "stairs", "db", "kb", "erg", "cable",
    "cables", "wall", "chair", "box", "bike", "bicycle", "pulley", "rower", "ergometer", "other",
    "other equipment", "bodyweight", "mat", "roll", "bench", "floor", "none",
})
NO_EQUIPMENT = re.compile(r"^\s*(none|no equipment|nothing|bodyweight|body weight|n/?a)\b", re.IGNORECASE)


def _phrases(vocab: v.Vocabulary) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for term in vocab:
        for label in (term.slug.replace("_", " "), term.name, *term.aliases):
            key = v.normalize(label)
            if key:
                out.setdefault(key, term.slug)
                plural = key + ("es" if key.endswith(("ch", "sh", "s")) else "s")
                out.setdefault(plural, term.slug)
    return sorted(out.items(), key=lambda kv: -len(kv[0].split()))


# Words pages use that the vocabulary does not list (an adjective, a trainer's shorthand).
_EXTRA_MUSCLE_PHRASES = [("deep abs", "transverse_abdominis"), ("deep abdominal wall", "transverse_abdominis"),
                         ("abdominal", "abdominals"), ("gluteus minimus", "abductors"),
                         ("glute minimus", "abductors"), ("glute min", "abductors"),
                         ("upper chest", "chest"), ("lower chest", "chest"),
                         ("front of the shoulders", "front_delts"), ("front of the shoulder", "front_delts"),
                         ("front of your shoulders", "front_delts")]
_MUSCLE_PHRASES = sorted([*_phrases(v.MUSCLES), *_EXTRA_MUSCLE_PHRASES], key=lambda kv: -len(kv[0].split()))
# Gear written apart, as speech-to-text transcripts write it ('a kettle bell').
# Gear the vocabulary has no slug for, which labels call 'other': a doorway or door frame.
_OTHER_GEAR = re.compile(r"\b(?:doorways?|door ?frames?)\b", re.IGNORECASE)
_EXTRA_EQUIPMENT_PHRASES = [("doorway", "other"), ("door frame", "other"),
                            ("kettle bell", "kettlebells"), ("kettle bells", "kettlebells"),
                            ("dumb bell", "dumbbells"), ("dumb bells", "dumbbells")]
_EQUIPMENT_PHRASES = sorted([*_phrases(v.EQUIPMENT), *_EXTRA_EQUIPMENT_PHRASES], key=lambda kv: -len(kv[0].split()))


_Index = dict[str, list[tuple[int, tuple[str, ...], str, str]]]


def _index(phrases: list[tuple[str, str]], weak: frozenset[str]) -> _Index:
    """Phrases by first word: (rank, words, slug, phrase), weak single words left out."""
    out: _Index = {}
    for rank, (phrase, slug) in enumerate(phrases):
        pw = tuple(phrase.split())
        if len(pw) == 1 and (phrase in weak or phrase[:-1] in weak or phrase[:-2] in weak):
            continue
        out.setdefault(pw[0], []).append((rank, pw, slug, phrase))
    return out


_INDEXES: dict[tuple[int, frozenset[str]], tuple[list[tuple[str, str]], _Index]] = {}


def _scan(text: str, phrases: list[tuple[str, str]], weak: frozenset[str]) -> list[tuple[str, str]]:
    """(slug, matched phrase) in order of appearance, longest phrase first at each place.

    Earlier phrases in ``phrases`` (the longer ones) claim their words first; a later phrase
    matches only where none of its words is taken. Candidates are found through an index by
    first word, then claimed in (phrase rank, position) order: the same result as trying every
    phrase at every position, without the phrases x positions loop.
    """
    key = (id(phrases), weak)
    cached = _INDEXES.get(key)
    if cached is None or cached[0] is not phrases:
        cached = _INDEXES[key] = (phrases, _index(phrases, weak))
    index = cached[1]
    words = _normalized_words(text)
    candidates: list[tuple[int, int, int, str, str]] = []
    for i, word in enumerate(words):
        for rank, pw, slug, phrase in index.get(word, ()):
            n = len(pw)
            if n == 1 or words[i : i + n] == pw:
                candidates.append((rank, i, n, slug, phrase))
    if not candidates:
        return []
    candidates.sort()
    used = [False] * len(words)
    found: list[tuple[int, str, str]] = []
    for _, i, n, slug, phrase in candidates:
        if not any(used[i : i + n]):
            found.append((i, slug, phrase))
            for k in range(i, i + n):
                used[k] = True
    found.sort()
    return [(slug, phrase) for _, slug, phrase in found]


@lru_cache(maxsize=4096)
def _normalized_words(text: str) -> tuple[str, ...]:
    return tuple(normalize(text).split())


def muscles_in(text: str, *, strict: bool = True) -> list[str]:
    """Muscle slugs named in text, in order, without repeats (weak words ignored when strict)."""
    out: list[str] = []
    for slug, _ in _scan(text, _MUSCLE_PHRASES, WEAK_MUSCLE_WORDS if strict else frozenset()):
        if slug not in out:
            out.append(slug)
    return out


def equipment_in(text: str, *, strict: bool = True) -> list[str]:
    """Equipment slugs named in text, in order, without repeats."""
    out: list[str] = []
    for slug, _ in _scan(text, _EQUIPMENT_PHRASES, WEAK_EQUIPMENT_WORDS if strict else frozenset()):
        if slug not in out:
            out.append(slug)
    return out


def equipment_field(value: str) -> list[str]:
    """Equipment slugs of a labelled field such as 'Equipment needed: Exercise ball'; 'None' or
    'Bodyweight' first gives 'bodyweight' and whatever gear the value goes on to name ('Bodyweight
    or one dumbbell', 'None - just a loaded barbell to pin your heels')."""
    m = NO_EQUIPMENT.match(value)
    if m:
        rest = value[m.end():]
        return ["bodyweight", *(e for e in equipment_in(rest) if e not in ("bodyweight", "other"))]
    found = [e for e in equipment_in(value, strict=False) if e != "other" or _OTHER_GEAR.search(value)]
    return [e for e in found if e != "bodyweight"] or found


def muscle_field(value: str) -> list[str]:
    """Muscle slugs of a labelled field such as 'Primary Muscles: Erector spinae, glutes'."""
    out = muscles_in(value, strict=False)
    for part in re.split(r",|;|\band\b", value):
        if part.strip():
            kind_slugs = _group_members(part)
            out.extend(s for s in kind_slugs if s not in out)
    return out


def _group_members(text: str) -> tuple[str, ...]:
    group = v.MUSCLE_GROUPS.lookup(text)
    if group in v.COMPOSITE_GROUPS:
        return v.COMPOSITE_GROUPS[group]
    return ()


def composite_muscles_in(text: str) -> list[str]:
    """Members of composite groups named in text ('posterior chain' -> erectors, glutes, hamstrings)."""
    norm = normalize(text)
    out: list[str] = []
    if "posterior chain" in norm:
        out.extend(v.COMPOSITE_GROUPS["posterior_chain"])
    return out


_LEVEL = re.compile(r"\b(beginner|intermediate|advanced)[- ](?:[\w-]+ )?(?:level|friendly|exercise|move|lift|drill|movement)\b|"
                    r"\b(?:I'd|I would|we'd|I) (?:call|rate|class) (?:it|this) (?:an? )?(beginner|intermediate|advanced)\b",
                    re.IGNORECASE)


def level_in(text: str) -> str | None:
    """A level stated as such ('an intermediate-level approach')."""
    m = _LEVEL.search(text)
    return (m.group(1) or m.group(2)).lower() if m else None
