"""Export the library as one JSON document or as Markdown guides, and read the JSON back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, exercise_from_dict, exercise_to_dict
from trainwise.services.importing import DatasetError
from trainwise.services.ports import CatalogRepo, UpsertResult

FORMAT = "trainwise-library"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
VERSION = 1


def library_document(exercises: Iterable[Exercise]) -> dict[str, Any]:
    """The JSON document of a library: {"format", "version", "exercises": [...]}, sorted by slug."""
    items = sorted(exercises, key=lambda e: e.slug)
    return {"format": FORMAT, "version": VERSION, "exercises": [exercise_to_dict(e) for e in items]}


def read_library_document(data: Any) -> list[Exercise]:
    """The exercises of a library document (or a bare list of exercise objects); DatasetError
    when it is something else, InvalidExerciseError naming a bad entry."""
    if isinstance(data, Mapping):
        if data.get("format") != FORMAT:
            raise DatasetError(f'not a trainwise library document (expected "format": "{FORMAT}")')
        if data.get("version") != VERSION:
            raise DatasetError(f"unsupported trainwise library version {data.get('version')!r} (this reads {VERSION})")
        items = data.get("exercises")
    else:
        items = data
    if not isinstance(items, list) or not all(isinstance(x, Mapping) for x in items):
        raise DatasetError("a trainwise library document holds a list of exercise objects")
    exercises = [exercise_from_dict(x) for x in items]
    for i, e in enumerate(exercises):
        if not _SLUG.fullmatch(e.slug):
            raise DatasetError(f"exercise {i}: slug '{e.slug}' must be lower-case kebab-case")
    return exercises


def load_library_document(repo: CatalogRepo, data: Any) -> UpsertResult:
    """Store the exercises of a library document with their external-dataset links; idempotent."""
    exercises = read_library_document(data)
    report = repo.upsert(exercises)
    repo.link_external_ids(
        (dataset, ext_id, e.slug) for e in exercises for dataset, ext_id in sorted(e.external_ids.items())
    )
    return report


# --------------------------------------------------------------------------- Markdown


def _names(vocab: v.Vocabulary, slugs: Iterable[str]) -> str:
    return ", ".join(vocab.get(s).name if s in vocab else s for s in slugs)


def _bullets(items: Sequence[str]) -> list[str]:
    return [f"- {x}" for x in items]


def exercise_markdown(e: Exercise, names: Mapping[str, str] | None = None, *, link: str = "{slug}.md",
                      level: int = 1) -> str:
    """The complete guide of one exercise as Markdown. ``names`` maps slugs of linked exercises to
    their names; ``link`` formats links to them ('{slug}.md' for a folder, '#{slug}' in one file)."""
    names = names or {}
    h = "#" * level
    out: list[str] = [f"{h} {e.name}", ""]

    def section(title: str, lines: Sequence[str]) -> None:
        if lines:
            out.extend([f"{h}# {title}", "", *lines, ""])

    def ref(slug: str) -> str:
        return f"[{names.get(slug, slug)}]({link.format(slug=_file_stem(slug))})"

    if e.aliases:
        out.extend([f"*Also known as:* {', '.join(e.aliases)}", ""])
    if e.summary:
        out.extend([e.summary, ""])
    if e.description and e.description != e.summary:
        out.extend([e.description, ""])
    section("Steps", [f"{i}. {s}" for i, s in enumerate(e.steps, 1)])
    section("Tips", _bullets(e.tips))
    section("Common mistakes", _bullets(e.mistakes))
    if e.breathing:
        section("Breathing", [e.breathing])
    muscles = [f"- **Primary:** {_names(v.MUSCLES, e.primary_muscles)}"]
    if e.secondary_muscles:
        muscles.append(f"- **Secondary:** {_names(v.MUSCLES, e.secondary_muscles)}")
    muscles.append(f"- **Muscle groups:** {_names(v.MUSCLE_GROUPS, e.muscle_groups)}")
    section("Muscles", muscles)
    gear = [f"- {_names(v.EQUIPMENT, option)}" for option in e.equipment_options]
    if len(gear) > 1:
        gear = ["Any one of:", "", *gear]
    if e.optional_equipment:
        gear.extend(["", f"*Optional:* {_names(v.EQUIPMENT, e.optional_equipment)}"])
    section("Equipment", gear)
    about = [
        f"- **Level:** {e.level}",
        f"- **Category:** {_names(v.CATEGORIES, [e.category])}",
        f"- **Movement pattern:** {_names(v.PATTERNS, e.patterns)}",
    ]
    if e.mechanic:
        about.append(f"- **Mechanic:** {e.mechanic}")
    if e.force:
        about.append(f"- **Force:** {e.force}")
    section("About", about)
    if e.sets_reps:
        rows = ["| Level | Sets x reps | Rest | Per week | Note |", "| --- | --- | --- | --- | --- |"]
        for lvl, sr in e.sets_reps.items():
            rest = f"{sr.rest_seconds} s" if sr.rest_seconds else ""
            freq = str(sr.frequency_per_week or "")
            note = sr.note.replace("|", "\\|")
            rows.append(f"| {lvl} | {sr.text} | {rest} | {freq} | {note} |")
        section("Sets & reps", rows)
    variations: list[str] = []
    if e.progressions:
        variations.append(f"- **Harder:** {', '.join(ref(s) for s in e.progressions)}")
    if e.regressions:
        variations.append(f"- **Easier:** {', '.join(ref(s) for s in e.regressions)}")
    if e.alternatives:
        variations.append(f"- **Alternatives:** {', '.join(ref(s) for s in e.alternatives)}")
    variations.extend(_bullets(e.variation_notes))
    section("Variations", variations)
    section("Benefits", _bullets(e.benefits))
    faq: list[str] = []
    for f in e.faq:
        faq.extend([f"**{f.question}**", "", f.answer, ""])
    section("FAQ", faq[:-1] if faq else faq)
    safety = _bullets(e.safety)
    if e.risk_areas:
        safety.append(f"- **Areas to watch:** {_names(v.REGIONS, e.risk_areas)}")
    if e.all_contraindications:
        safety.append(f"- **Not for people with:** {_names(v.CONDITIONS, e.all_contraindications)}")
    section("Safety", safety)
    sources = [f"- [{s.title}]({s.url})" if s.url else f"- {s.title}" for s in e.sources]
    section("Sources", sources)
    return "\n".join(out).rstrip() + "\n"


def _file_stem(slug: str) -> str:
    """A file name that stays inside the export folder whatever the slug holds."""
    return slug if _SLUG.fullmatch(slug) else re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "exercise"


def markdown_files(exercises: Iterable[Exercise]) -> dict[str, str]:
    """One Markdown file per exercise ('{slug}.md') plus an index ('index.md')."""
    items = sorted(exercises, key=lambda e: e.slug)
    names = {e.slug: e.name for e in items}
    files = {f"{_file_stem(e.slug)}.md": exercise_markdown(e, names) for e in items}
    index = ["# Exercise library", "", *(f"- [{e.name}]({_file_stem(e.slug)}.md)" for e in items)]
    files["index.md"] = "\n".join(index) + "\n"
    return files


def markdown_book(exercises: Iterable[Exercise]) -> str:
    """The whole library as one Markdown document: a contents list, then one chapter per exercise."""
    items = sorted(exercises, key=lambda e: e.slug)
    names = {e.slug: e.name for e in items}
    parts = ["# Exercise library", "", *(f"- [{e.name}](#{e.slug})" for e in items), ""]
    for e in items:
        parts.extend([f'<a id="{e.slug}"></a>', "", exercise_markdown(e, names, link="#{slug}", level=2)])
    return "\n".join(parts).rstrip() + "\n"
