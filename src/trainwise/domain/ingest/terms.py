"""Mapping free text to vocabulary slugs (muscles, equipment) with a confidence."""

from __future__ import annotations

import re

from trainwise.domain import vocabulary as v

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
                         ("abdominal", "abdominals")]
_MUSCLE_PHRASES = sorted([*_phrases(v.MUSCLES), *_EXTRA_MUSCLE_PHRASES], key=lambda kv: -len(kv[0].split()))
_EQUIPMENT_PHRASES = _phrases(v.EQUIPMENT)


def _scan(text: str, phrases: list[tuple[str, str]], weak: frozenset[str]) -> list[tuple[str, str]]:
    """(slug, matched phrase) in order of appearance, longest phrase first at each place."""
    words = v.normalize(text).split()
    found: list[tuple[int, str, str]] = []
    used = [False] * len(words)
    for phrase, slug in phrases:
        pw = phrase.split()
        n = len(pw)
        if n == 1 and (phrase in weak or phrase[:-1] in weak or phrase[:-2] in weak):
            continue
        for i in range(len(words) - n + 1):
            if words[i : i + n] == pw and not any(used[i : i + n]):
                found.append((i, slug, phrase))
                for k in range(i, i + n):
                    used[k] = True
    found.sort()
    return [(slug, phrase) for _, slug, phrase in found]


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
    """Equipment slugs of a labelled field such as 'Equipment needed: Exercise ball'."""
    if NO_EQUIPMENT.match(value):
        return ["bodyweight"]
    found = [e for e in equipment_in(value, strict=False) if e != "other"]
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
    norm = v.normalize(text)
    out: list[str] = []
    if "posterior chain" in norm:
        out.extend(v.COMPOSITE_GROUPS["posterior_chain"])
    return out


_LEVEL = re.compile(r"\b(beginner|intermediate|advanced)[- ](?:[\w-]+ )?(?:level|friendly|exercise|move|lift|drill|movement)\b",
                    re.IGNORECASE)


def level_in(text: str) -> str | None:
    """A level stated as such ('an intermediate-level approach')."""
    m = _LEVEL.search(text)
    return m.group(1).lower() if m else None
