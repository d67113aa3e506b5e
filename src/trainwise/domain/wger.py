"""Map wger's ``exerciseinfo`` JSON (https://wger.de/api/v2/exerciseinfo/) into the trainwise model.

Pure functions: the caller reads the file(s) and stores the result. The reader is tolerant:
a single API page ({"count", "next", "results": [...]}), a bare list of results, or a list of
pages; translations under "translations" (current API) or "exercises" (older API). Only the
English translation is used (language 2 or "en"); entries without one are skipped and reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, ClassVar

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError
from trainwise.domain.exercises import Exercise, Range, SetsReps, Source
from trainwise.domain.free_exercise_db import infer_patterns, infer_tags, slugify

DATASET = "wger"
ENGLISH = (2, "2", "en")

#: wger muscle names (Latin ``name`` or English ``name_en``) that the vocabulary's own aliases
#: do not resolve. Everything else goes through ``vocabulary.MUSCLES.lookup``.
MUSCLE_MAP = {
    "quadriceps femoris": "quadriceps",
    "quads": "quadriceps",
    "obliquus externus abdominis": "obliques",
    "obliquus internus abdominis": "obliques",
    "brachialis": "biceps",  # elbow flexor under the biceps; trains with it in every curl
    "brachioradialis": "forearms",
    "shoulders": "front_delts",  # wger's English name of the anterior deltoid
    "deltoid": "front_delts",
    "posterior deltoid": "rear_delts",
    "gluteus medius": "abductors",
    "lower back": "erector_spinae",
}

#: wger equipment names the vocabulary's aliases do not resolve.
EQUIPMENT_MAP = {
    "sz bar": "ez_bar",
    "gym mat": "mat",
    "none bodyweight exercise": "bodyweight",
    "none": "bodyweight",
    "incline bench": "bench",
    "decline bench": "bench",
    "pull up bar": "pullup_bar",
    "swiss ball": "exercise_ball",
}

#: wger categories are body regions; only "Cardio" says what kind of exercise it is.
CATEGORY_MAP = {"cardio": "cardio", "stretching": "stretching"}


class WgerFormatError(DomainError, ValueError):
    """The data is not wger exerciseinfo JSON."""


# --------------------------------------------------------------------------- HTML to text


class _TextBlocks(HTMLParser):
    """Collect paragraphs and list items of a small HTML fragment as plain-text blocks."""

    _BLOCK: ClassVar[frozenset[str]] = frozenset({"p", "li", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.items: list[str] = []
        self._buf: list[str] = []
        self._in_li = 0

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        self._buf = []
        if text:
            (self.items if self._in_li else self.paragraphs).append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self._flush()
        if tag == "li":
            self._in_li += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCK:
            self._flush()
        if tag == "li" and self._in_li:
            self._in_li -= 1

    def handle_data(self, data: str) -> None:
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> tuple[list[str], list[str]]:
    """(paragraphs, list items) of an HTML fragment as plain text; plain text gives one paragraph."""
    if "<" not in (html or ""):  # plain text: one paragraph per line
        return [re.sub(r"\s+", " ", line).strip() for line in (html or "").splitlines() if line.strip()], []
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return parser.paragraphs, parser.items


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text) if s.strip()]


def steps_and_summary(html: str) -> tuple[tuple[str, ...], str]:
    """Steps and a one-sentence summary from a wger description.

    List items become the steps; without a list, the paragraphs do, and a single paragraph
    is split into sentences. The summary is the first paragraph's first sentence."""
    paragraphs, items = html_blocks(html)
    if items:
        steps = items
    elif len(paragraphs) > 1:
        steps = paragraphs
    else:
        steps = _sentences(paragraphs[0]) if paragraphs else []
    first = paragraphs[0] if paragraphs else (items[0] if items else "")
    summary = _sentences(first)[0] if first else ""
    return tuple(steps), summary


# --------------------------------------------------------------------------- reading the file


def results_of(data: Any) -> list[Mapping[str, Any]]:
    """The exercise results of a page, a list of results or a list of pages; WgerFormatError otherwise."""
    pages: list[Any]
    if isinstance(data, Mapping):
        if not isinstance(data.get("results"), list):
            raise WgerFormatError('wger data must be an exerciseinfo page (with "results") or a list of exercises')
        pages = [data]
    elif isinstance(data, list):
        pages = data
    else:
        raise WgerFormatError("wger data must be a JSON object or array")
    out: list[Mapping[str, Any]] = []
    for item in pages:
        if isinstance(item, Mapping) and isinstance(item.get("results"), list):
            out.extend(item["results"])
        else:
            out.append(item)
    for i, entry in enumerate(out):
        if not isinstance(entry, Mapping) or "id" not in entry or not (
            isinstance(entry.get("translations"), list) or isinstance(entry.get("exercises"), list)
        ):
            raise WgerFormatError(f"entry {i} is not a wger exerciseinfo result (needs id and translations)")
    unique: dict[str, Mapping[str, Any]] = {}
    for entry in out:
        unique.setdefault(str(entry["id"]), entry)  # pages fetched twice: keep the first copy
    return list(unique.values())


def _is_english(t: Mapping[str, Any]) -> bool:
    lang = t.get("language")
    if isinstance(lang, Mapping):  # some dumps embed the language object
        lang = lang.get("short_name", lang.get("id"))
    return lang in ENGLISH


def english_translation(entry: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The English translation of a result (with a name), or None."""
    for t in entry.get("translations") or entry.get("exercises") or []:
        if isinstance(t, Mapping) and _is_english(t) and str(t.get("name") or "").strip():
            return t
    return None


# --------------------------------------------------------------------------- mapping


def map_muscle(m: Mapping[str, Any] | str) -> str | None:
    """A wger muscle object (or name) as a vocabulary slug, or None when unknown."""
    names = [m] if isinstance(m, str) else [str(m.get("name") or ""), str(m.get("name_en") or "")]
    for name in names:
        key = v.normalize(name)
        if not key:
            continue
        slug = MUSCLE_MAP.get(key) or v.MUSCLES.lookup(key)
        if slug is not None:
            return slug
    return None


def map_equipment_name(name: str) -> str:
    """A wger equipment name as a vocabulary slug ('other' when unknown)."""
    key = v.normalize(re.sub(r"[()]", " ", name))
    return EQUIPMENT_MAP.get(key) or v.EQUIPMENT.lookup(key) or "other"


def equipment_options(names: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Equipment options: wger lists all gear of an exercise in one list. Several free weights
    (e.g. Dumbbell and Kettlebell) are read as alternatives, each with the rest of the gear;
    body weight is dropped when real gear is listed."""
    slugs: list[str] = []
    for n in names:
        s = map_equipment_name(n)
        if s not in slugs:
            slugs.append(s)
    if len(slugs) > 1 and "bodyweight" in slugs:
        slugs.remove("bodyweight")
    if not slugs:
        return (("bodyweight",),)
    free = [s for s in slugs if v.EQUIPMENT.get(s).facts.get("kind") == "free_weight"]
    rest = tuple(s for s in slugs if s not in free)
    if len(free) <= 1:
        return (tuple(slugs),)
    return tuple((f, *rest) for f in free)


_PUSH = {"upper_push_horizontal", "upper_push_vertical", "knee_dominant"}
_PULL = {"upper_pull_horizontal", "upper_pull_vertical", "hip_dominant"}
_STATIC = {"trunk_anti_extension", "trunk_anti_lateral_flexion", "trunk_anti_rotation", "carry"}


def _force(name: str, patterns: Sequence[str]) -> str | None:
    lower = name.lower()
    if re.search(r"plank|hold|hang\b|wall sit", lower):
        return "static"
    p = patterns[0] if patterns else ""
    if p in _STATIC:
        return "static"
    if p in _PUSH or re.search(r"press|push|extension|raise", lower):
        return "push"
    if p in _PULL or re.search(r"curl|row|pull", lower):
        return "pull"
    return None


@dataclass(frozen=True)
class WgerSkip:
    """A result that was not imported, and why."""

    id: str
    reason: str


def map_entry(entry: Mapping[str, Any]) -> Exercise | None:
    """One wger exerciseinfo result as an (unreviewed) Exercise; None without an English translation."""
    t = english_translation(entry)
    if t is None:
        return None
    ext_id = str(entry["id"])
    name = re.sub(r"\s+", " ", str(t["name"])).strip()
    wger_category = str((entry.get("category") or {}).get("name") or "").strip()
    category = CATEGORY_MAP.get(wger_category.lower(), "strength")
    primary: list[str] = []
    for m in entry.get("muscles") or []:
        slug = map_muscle(m)
        if slug is not None and slug not in primary:
            primary.append(slug)
    secondary: list[str] = []
    for m in entry.get("muscles_secondary") or []:
        slug = map_muscle(m)
        if slug is not None and slug not in primary and slug not in secondary:
            secondary.append(slug)
    if not primary:
        primary = [secondary.pop(0)] if secondary else [_muscle_from_category(wger_category)]
    options = equipment_options([str(e.get("name") or "") for e in entry.get("equipment") or [] if e])
    patterns = infer_patterns(name, category, primary, None)
    force = None if category in ("cardio", "stretching") else _force(name, patterns)
    tags = infer_tags(name, category, options[0][0])
    steps, summary = steps_and_summary(str(t.get("description") or ""))
    muscles_text = ", ".join(v.MUSCLES.get(m).name.lower() for m in primary)
    level = "intermediate" if {"heavy_axial_load", "plyometric"} & set(tags) else "beginner"
    seen = {v.normalize(name)}
    aliases: list[str] = []
    for x in t.get("aliases") or []:
        alias = re.sub(r"\s+", " ", str(x.get("alias") or "")).strip()
        if alias and v.normalize(alias) not in seen:
            seen.add(v.normalize(alias))
            aliases.append(alias)
    tips = tuple(
        c for c in (re.sub(r"\s+", " ", str(n.get("comment") or "")).strip() for n in t.get("notes") or []) if c
    )
    author = str(t.get("license_author") or entry.get("license_author") or "").strip()
    sets_reps = {}
    if category == "strength":
        sets_reps = {"beginner": SetsReps(sets=Range(1, 3), reps=Range(8, 15), note="General guidance; not yet reviewed.")}
    return Exercise(
        slug=slugify(name) or f"wger-{ext_id}",
        name=name,
        summary=summary or f"{name}: a {category} exercise for the {muscles_text}.",
        description=(
            f"Imported from the wger exercise database (exercise {ext_id}"
            + (f", by {author}" if author else "")
            + ", CC-BY-SA). Not yet reviewed by the trainwise editors."
        ),
        steps=steps,
        primary_muscles=tuple(primary),
        secondary_muscles=tuple(secondary),
        equipment=options[0],
        equipment_alternatives=options[1:],
        level=level,
        category=category,
        patterns=patterns,
        joint="multi" if len(primary) + len(secondary) > 1 else "single",
        mechanic=None if category in ("cardio", "stretching") else (
            "compound" if len(primary) + len(secondary) > 1 else "isolation"
        ),
        force=force,
        aliases=tuple(aliases),
        tips=tips,
        tags=tags,
        sets_reps=sets_reps,
        sources=(Source("wger exercise database (CC-BY-SA)", f"https://wger.de/en/exercise/{ext_id}/view"),),
        origin=DATASET,
        external_ids={DATASET: ext_id},
    )


_CATEGORY_MUSCLE = {
    "abs": "abdominals",
    "arms": "biceps",
    "back": "lats",
    "calves": "calves",
    "chest": "chest",
    "legs": "quadriceps",
    "shoulders": "front_delts",
}


def _muscle_from_category(category: str) -> str:
    return _CATEGORY_MUSCLE.get(category.lower(), "abdominals")


def map_results(results: Sequence[Mapping[str, Any]]) -> tuple[list[Exercise], list[WgerSkip]]:
    """Every mappable result, and the skipped ones (no English translation)."""
    out: list[Exercise] = []
    skipped: list[WgerSkip] = []
    for entry in results:
        ex = map_entry(entry)
        if ex is None:
            skipped.append(WgerSkip(str(entry["id"]), "no English translation"))
        else:
            out.append(ex)
    return out, skipped
