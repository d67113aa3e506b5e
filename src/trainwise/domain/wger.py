"""Map wger's ``exerciseinfo`` JSON (https://wger.de/api/v2/exerciseinfo/) into the trainwise model.

Pure functions: the caller reads the file(s) and stores the result. Accepted: a single API page
({"count", "next", "results": [...]}), a bare list of results, or a list of pages, in the
shapes wger has served (checked against wger's serializers and saved responses):

* current: one result per exercise, its texts under ``translations`` (each with ``language``
  as an id, ``aliases``, ``notes``, ``license`` id, ``license_author``, ``author_history``), nested
  ``category``/``muscles``/``muscles_secondary``/``equipment`` objects, a ``license`` object and
  a ``variation_group`` UUID;
* 2023-24: the same with ``variations`` (an integer group id) instead of ``variation_group``;
* older ``exercisebaseinfo``: the texts under ``exercises``;
* oldest ``exerciseinfo``: one result per text (``name``, ``language`` object, ``comments``,
  ``exercise_base_id``), regrouped here by exercise.

Only the English text (language 2 or "en") is used; exercises without one are skipped and
reported. Anything else (ids where objects belong, a missing name...) is a WgerFormatError
naming the entry.
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

#: wger's licenses (wger/core/fixtures/licenses.json). Translations give only the id; the
#: exercise itself embeds the license object.
LICENSES = {
    1: ("CC-BY-SA 3", "https://creativecommons.org/licenses/by-sa/3.0/deed.en"),
    2: ("CC-BY-SA 4", "https://creativecommons.org/licenses/by-sa/4.0/deed.en"),
    3: ("CC0", "http://creativecommons.org/publicdomain/zero/1.0/"),
    4: ("CC-BY 4", "http://creativecommons.org/licenses/by/4.0/"),
}
DEFAULT_LICENSE = LICENSES[2]  # wger's default for submitted content


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
        if tag == "br" and self._in_li:  # a line break inside a list item is part of that step
            self._buf.append(" ")
            return
        if tag in self._BLOCK:
            self._flush()
        if tag == "li":
            self._in_li += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "br" and self._in_li:
            return
        if tag in self._BLOCK:
            self._flush()
        if tag == "li" and self._in_li:
            self._in_li -= 1

    def handle_data(self, data: str) -> None:
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _markdown_blocks(text: str) -> tuple[list[str], list[str]]:
    """(paragraphs, list items) of plain text or simple Markdown: one block a line."""
    paragraphs: list[str] = []
    items: list[str] = []
    for line in text.splitlines():
        clean = re.sub(r"\s+", " ", re.sub(r"[*_`#]+", "", _MD_ITEM.sub("", line))).strip()
        if clean:
            (items if _MD_ITEM.match(line) else paragraphs).append(clean)
    return paragraphs, items


def html_blocks(html: str) -> tuple[list[str], list[str]]:
    """(paragraphs, list items) of an HTML fragment as plain text; plain text gives one paragraph a line."""
    if "<" not in (html or ""):  # plain text: one paragraph per line
        return [re.sub(r"\s+", " ", line).strip() for line in (html or "").splitlines() if line.strip()], []
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return parser.paragraphs, parser.items


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text) if s.strip()]


def _steps_from_blocks(paragraphs: list[str], items: list[str]) -> tuple[tuple[str, ...], str]:
    if items:
        steps = items
    elif len(paragraphs) > 1:
        steps = paragraphs
    else:
        steps = _sentences(paragraphs[0]) if paragraphs else []
    first = paragraphs[0] if paragraphs else (items[0] if items else "")
    summary = _sentences(first)[0] if first else ""
    return tuple(steps), summary


def steps_and_summary(html: str) -> tuple[tuple[str, ...], str]:
    """Steps and a one-sentence summary from a wger description.

    List items become the steps; without a list, the paragraphs do, and a single paragraph
    is split into sentences. The summary is the first paragraph's first sentence."""
    return _steps_from_blocks(*html_blocks(html))


def translation_steps(t: Mapping[str, Any]) -> tuple[tuple[str, ...], str]:
    """Steps and summary of a translation: its HTML ``description``, else its ``description_source``
    (the Markdown wger renders the description from)."""
    html = str(t.get("description") or "")
    steps, summary = steps_and_summary(html)
    source = str(t.get("description_source") or "")
    if not steps and not summary and source.strip():
        return _steps_from_blocks(*_markdown_blocks(source))
    return steps, summary


# --------------------------------------------------------------------------- reading the file

_IDS_HINT = (
    "; this looks like /api/v2/exercise/ output, which gives ids only: save /api/v2/exerciseinfo/ instead"
)


def _where(i: int, entry: Any) -> str:
    ident = entry.get("id") if isinstance(entry, Mapping) else None
    return f"wger entry {i}" + (f" (id {ident})" if isinstance(ident, (int, str)) else "")


def _is_str(x: Any) -> bool:
    return isinstance(x, str)


def _is_id(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, str) and bool(x.strip()))


def _is_pk(x: Any) -> bool:
    """A database id as the non-info endpoints give it (an integer, or digits)."""
    return (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, str) and x.strip().isdigit())


def _check_objects(entry: Mapping[str, Any], key: str, label: str) -> str | None:
    """A problem with a list of named objects (muscles, equipment), or None."""
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        return f'"{key}" must be a list of {label} objects'
    for item in value:
        if _is_pk(item):
            return f'"{key}" holds ids, not {label} objects{_IDS_HINT}'
        if not isinstance(item, Mapping) or not _is_str(item.get("name")):
            return f'"{key}" must be a list of {label} objects with a "name"'
    return None


def _check_translation(t: Any, key: str) -> str | None:
    if not isinstance(t, Mapping):
        return f'"{key}" must be a list of objects'
    lang = t.get("language")
    if not (_is_id(lang) or (isinstance(lang, Mapping) and ("id" in lang or "short_name" in lang))):
        return 'a translation has no "language"'
    if not _is_str(t.get("name")):
        return 'a translation has no "name"'
    for field in ("description", "description_source", "license_author"):
        if t.get(field) is not None and not _is_str(t.get(field)):
            return f'a translation\'s "{field}" must be text'
    aliases = t.get("aliases")
    if aliases is not None and not (
        isinstance(aliases, list) and all(_is_str(a) or (isinstance(a, Mapping) and _is_str(a.get("alias"))) for a in aliases)
    ):
        return 'a translation\'s "aliases" must be a list of {"alias": ...} objects'
    notes = t.get("notes")
    if notes is not None and not (
        isinstance(notes, list) and all(_is_str(n) or (isinstance(n, Mapping) and _is_str(n.get("comment"))) for n in notes)
    ):
        return 'a translation\'s "notes" must be a list of {"comment": ...} objects'
    return None


def _problem(entry: Any) -> str | None:
    """What is wrong with one (regrouped) exerciseinfo result, or None."""
    if not isinstance(entry, Mapping):
        return "not a JSON object"
    if not _is_id(entry.get("id")):
        return 'has no "id" (is it a wger exerciseinfo result?)'
    key = "translations" if "translations" in entry else "exercises"
    texts = entry.get(key)
    if not isinstance(texts, list):
        return 'needs its texts as a list under "translations" ("exercises" in older dumps)'
    for t in texts:
        problem = _check_translation(t, key)
        if problem:
            return problem
    category = entry.get("category")
    if _is_pk(category):
        return f'"category" is an id, not a category object{_IDS_HINT}'
    if category is not None and not (isinstance(category, Mapping) and _is_str(category.get("name"))):
        return '"category" must be an object with a "name"'
    for k, label in (("muscles", "muscle"), ("muscles_secondary", "muscle"), ("equipment", "equipment")):
        problem = _check_objects(entry, k, label)
        if problem:
            return problem
    group = entry.get("variation_group")
    if group is not None and not _is_str(group):
        return '"variation_group" must be a UUID string or null'
    variations = entry.get("variations")
    if variations is not None and not (_is_id(variations) or (isinstance(variations, list) and all(_is_id(x) for x in variations))):
        return '"variations" must be a group id, a list of them, or null'
    lic = entry.get("license")
    if lic is not None and not (_is_id(lic) or isinstance(lic, Mapping)):
        return '"license" must be a license object or id'
    history = entry.get("author_history")
    if history is not None and not (isinstance(history, list) and all(_is_str(a) for a in history)):
        return '"author_history" must be a list of names'
    return None


def _is_flat(entry: Any) -> bool:
    """The oldest exerciseinfo shape: one result per text, name and language at the top."""
    return (
        isinstance(entry, Mapping)
        and "translations" not in entry
        and "exercises" not in entry
        and _is_str(entry.get("name"))
        and "language" in entry
    )


_FLAT_TEXT_FIELDS = ("name", "description", "language", "aliases", "license", "license_author", "author_history")


def _regroup_flat(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An oldest-shape result as a current-shape one (one translation)."""
    text = {k: entry[k] for k in _FLAT_TEXT_FIELDS if k in entry}
    text["notes"] = entry.get("comments") or []
    base = {k: v for k, v in entry.items() if k not in (*_FLAT_TEXT_FIELDS, "comments", "uuid", "id")}
    base["id"] = entry.get("exercise_base_id") or entry.get("exercise_base") or entry.get("id")
    base["license"] = entry.get("license")
    base["license_author"] = entry.get("license_author")
    base["translations"] = [text]
    return base


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
    out: list[Any] = []
    for item in pages:
        if isinstance(item, Mapping) and isinstance(item.get("results"), list):
            out.extend(item["results"])
        else:
            out.append(item)
    unique: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(out):
        flat = _is_flat(entry)
        if flat:
            entry = _regroup_flat(entry)
        problem = _problem(entry)
        if problem:
            raise WgerFormatError(f"{_where(i, entry)}: {problem}")
        key = str(entry["id"])
        if key not in unique:
            unique[key] = dict(entry)
        elif flat:  # another text of the same exercise
            unique[key]["translations"] = [*unique[key]["translations"], *entry["translations"]]
        # otherwise: a page fetched twice; keep the first copy
    return list(unique.values())


def _texts(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(entry.get("translations") or entry.get("exercises") or [])


def _is_english(t: Mapping[str, Any]) -> bool:
    lang = t.get("language")
    if isinstance(lang, Mapping):  # the oldest API embeds the language object
        lang = lang.get("short_name", lang.get("id"))
    return lang in ENGLISH


def english_translation(entry: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The English translation of a result (with a name), or None."""
    for t in _texts(entry):
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
    if re.search(r"crunch|sit.?up|curl.?up|jackknife|v.?up|leg raise|knee raise", lower):
        return "pull"  # trunk flexion moves; the built-in crunches say pull too
    p = patterns[0] if patterns else ""
    if p in _STATIC:
        return "static"
    if p in _PUSH or re.search(r"press|push|extension|raise", lower):
        return "push"
    if p in _PULL or re.search(r"curl|row|pull", lower):
        return "pull"
    return None


def _clean(text: Any) -> str:
    """Plain text of a short field (a name, alias or note), tags and spacing removed."""
    raw = str(text or "")
    if "<" in raw:
        paragraphs, items = html_blocks(raw)
        raw = " ".join([*paragraphs, *items])
    return re.sub(r"\s+", " ", raw).strip()


def _authors(*holders: Mapping[str, Any]) -> list[str]:
    """Authors to credit: each holder's author_history, else its license_author; no repeats."""
    out: list[str] = []
    for h in holders:
        history = h.get("author_history")
        names = history if isinstance(history, list) and history else [h.get("license_author")]
        for name in names:
            clean = _clean(name)
            if clean and clean not in out:
                out.append(clean)
    return out


def _license(value: Any) -> tuple[str, str] | None:
    if isinstance(value, Mapping):
        short = _clean(value.get("short_name") or value.get("full_name"))
        if short:
            return short, str(value.get("url") or "").strip()
        value = value.get("id")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int):
        return LICENSES.get(value)
    return None


def licenses_of(entry: Mapping[str, Any], text: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The licenses of what is imported: the English text's, then the exercise's (if different)."""
    out: list[tuple[str, str]] = []
    for lic in (_license(text.get("license")), _license(entry.get("license"))):
        if lic is not None and lic[0] not in [x[0] for x in out]:
            out.append(lic)
    return out or [DEFAULT_LICENSE]


def variation_keys(entry: Mapping[str, Any]) -> tuple[str, ...]:
    """The variation groups of a result: ``variation_group`` (a UUID, current API) and/or
    ``variations`` (an integer group id, 2023-24; a list of them in the oldest API)."""
    keys: list[str] = []
    group = entry.get("variation_group")
    if isinstance(group, str) and group.strip():
        keys.append("group:" + group.strip().lower())
    variations = entry.get("variations")
    for x in variations if isinstance(variations, list) else [variations]:
        if _is_id(x):
            keys.append(f"variations:{str(x).strip()}")
    return tuple(keys)


def variation_partners(results: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """For each result with an English text: the wger ids of the other such results in the same
    variation group (in file order). Results without English are left out on both sides."""
    members: dict[str, list[str]] = {}
    keys_of: dict[str, tuple[str, ...]] = {}
    for entry in results:
        if english_translation(entry) is None:
            continue
        ext_id = str(entry["id"])
        keys_of[ext_id] = variation_keys(entry)
        for key in keys_of[ext_id]:
            members.setdefault(key, []).append(ext_id)
    out: dict[str, tuple[str, ...]] = {}
    for ext_id, keys in keys_of.items():
        partners: list[str] = []
        for key in keys:
            partners.extend(p for p in members[key] if p != ext_id and p not in partners)
        if partners:
            out[ext_id] = tuple(partners)
    return out


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
    name = _clean(t["name"])
    wger_category = _clean((entry.get("category") or {}).get("name"))
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
    steps, summary = translation_steps(t)
    muscles_text = ", ".join(v.MUSCLES.get(m).name.lower() for m in primary)
    level = "intermediate" if {"heavy_axial_load", "plyometric"} & set(tags) else "beginner"
    seen = {v.normalize(name)}
    aliases: list[str] = []
    for x in t.get("aliases") or []:
        alias = _clean(x.get("alias") if isinstance(x, Mapping) else x)
        if alias and v.normalize(alias) not in seen:
            seen.add(v.normalize(alias))
            aliases.append(alias)
    tips: list[str] = []
    for n in t.get("notes") or []:
        tip = _clean(n.get("comment") if isinstance(n, Mapping) else n)
        if tip and tip not in tips:
            tips.append(tip)
    authors = _authors(t, entry)
    licenses = licenses_of(entry, t)
    credit = "; ".join(
        x
        for x in (
            f"exercise {ext_id}",
            f"by {', '.join(authors)}" if authors else "",
            ", ".join(short for short, _ in licenses),
        )
        if x
    )
    note = "; ".join(
        x
        for x in (
            "license: " + ", ".join(f"{short} ({url})" if url else short for short, url in licenses),
            f"authors: {', '.join(authors)}" if authors else "",
            f"wger uuid {_clean(entry.get('uuid'))}" if _clean(entry.get("uuid")) else "",
        )
        if x
    )
    sets_reps = {}
    if category == "strength":
        sets_reps = {"beginner": SetsReps(sets=Range(1, 3), reps=Range(8, 15), note="General guidance; not yet reviewed.")}
    return Exercise(
        slug=slugify(name) or f"wger-{ext_id}",
        name=name,
        summary=summary or f"{name}: a {category} exercise for the {muscles_text}.",
        description=(
            f"Imported from the wger exercise database ({credit}). Not yet reviewed by the trainwise editors."
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
        tips=tuple(tips),
        tags=tags,
        sets_reps=sets_reps,
        sources=(Source("wger exercise database", f"https://wger.de/en/exercise/{ext_id}/view", note),),
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
    for i, entry in enumerate(results):
        try:
            ex = map_entry(entry)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:  # a shape results_of let through
            raise WgerFormatError(f"{_where(i, entry)}: could not be read: {exc.__class__.__name__}: {exc}") from None
        if ex is None:
            skipped.append(WgerSkip(str(entry["id"]), "no English translation"))
        else:
            out.append(ex)
    return out, skipped
