"""SqlCatalog: the exercise repository on SQLAlchemy (SQLite FTS5 or PostgreSQL full-text)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    bindparam,
    case,
    column,
    delete,
    exists,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
    update,
)
from sqlalchemy.orm import Session

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, exercise_from_dict, exercise_to_dict
from trainwise.domain.search import Candidate, ExerciseQuery, search_fields
from trainwise.storage.engine import is_sqlite
from trainwise.storage.tables import (
    EquipmentOptionRow,
    ExerciseFacetRow,
    ExerciseRow,
    ExternalIdRow,
    MetaRow,
)

_FTS = table("exercises_fts", column("rowid"), column("name"), column("aliases"), column("body"))
_CANDIDATES = 400


@dataclass(frozen=True)
class UpsertReport:
    """What a bulk upsert did, slug by slug."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


def content_hash(e: Exercise) -> str:
    """Stable hash of an exercise's content (external ids excluded)."""
    data = exercise_to_dict(replace(e, external_ids={}))
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _facets(e: Exercise) -> set[tuple[str, str]]:
    out = {("label", v.normalize(x)) for x in (e.slug, e.name, *e.aliases)}
    out |= {("primary", m) for m in e.primary_muscles}
    out |= {("secondary", m) for m in e.secondary_muscles}
    out |= {("pattern", p) for p in e.patterns}
    out |= {("tag", t) for t in e.tags}
    out |= {("risk_area", r) for r in e.risk_areas}
    out |= {("contraindication", c) for c in e.all_contraindications}
    return out


class SqlCatalog:
    """Stores and queries exercises. Every method opens its own short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = is_sqlite(engine)

    # ------------------------------------------------------------------ writes

    def upsert(self, exercises: Iterable[Exercise]) -> UpsertReport:
        """Insert new exercises and update changed ones (by slug), in one transaction."""
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        with Session(self.engine) as s, s.begin():
            existing = dict(s.execute(select(ExerciseRow.slug, ExerciseRow.content_hash)).all())
            for e in exercises:
                digest = content_hash(e)
                if existing.get(e.slug) == digest:
                    unchanged.append(e.slug)
                    continue
                self._write(s, e, digest, new=e.slug not in existing)
                (updated if e.slug in existing else added).append(e.slug)
                existing[e.slug] = digest
            if added or updated:
                self._bump_revision(s)
        return UpsertReport(tuple(added), tuple(updated), tuple(unchanged))

    def _write(self, s: Session, e: Exercise, digest: str, *, new: bool) -> None:
        name, aliases, body = search_fields(e)
        data = exercise_to_dict(replace(e, external_ids={}))
        values: dict[str, Any] = {
            "slug": e.slug,
            "name": e.name,
            "origin": e.origin,
            "level": e.level,
            "category": e.category,
            "mechanic": e.mechanic,
            "force": e.force,
            "joint": e.joint,
            "data": data,
            "content_hash": digest,
            "search_name": name,
            "search_aliases": aliases,
            "search_body": body,
        }
        if new:
            ex_id = s.execute(insert(ExerciseRow).values(**values).returning(ExerciseRow.id)).scalar_one()
        else:
            ex_id = s.execute(select(ExerciseRow.id).where(ExerciseRow.slug == e.slug)).scalar_one()
            s.execute(update(ExerciseRow).where(ExerciseRow.id == ex_id).values(**values, updated_at=func.now()))
            s.execute(delete(ExerciseFacetRow).where(ExerciseFacetRow.exercise_id == ex_id))
            s.execute(delete(EquipmentOptionRow).where(EquipmentOptionRow.exercise_id == ex_id))
            if self._sqlite:
                s.execute(text("DELETE FROM exercises_fts WHERE rowid = :id"), {"id": ex_id})
        s.execute(
            insert(ExerciseFacetRow),
            [{"exercise_id": ex_id, "facet": f, "value": val} for f, val in sorted(_facets(e))],
        )
        options = [
            {"exercise_id": ex_id, "option_no": i, "equipment": item}
            for i, option in enumerate(e.equipment_options)
            for item in sorted(set(option))
        ]
        s.execute(insert(EquipmentOptionRow), options)
        if self._sqlite:
            s.execute(
                text("INSERT INTO exercises_fts (rowid, name, aliases, body) VALUES (:id, :n, :a, :b)"),
                {"id": ex_id, "n": name, "a": aliases, "b": body},
            )
        for dataset, ext in e.external_ids.items():
            self._link_external(s, dataset, ext, ex_id)

    def _link_external(self, s: Session, dataset: str, external_id: str, ex_id: int) -> bool:
        row = s.get(ExternalIdRow, (dataset, external_id))
        if row is not None and row.exercise_id == ex_id:
            return False
        if row is None:
            s.add(ExternalIdRow(dataset=dataset, external_id=external_id, exercise_id=ex_id))
        else:
            row.exercise_id = ex_id
        return True

    def link_external_ids(self, links: Iterable[tuple[str, str, str]]) -> int:
        """Record (dataset, external id, slug) links; returns how many were new or changed."""
        changed = 0
        with Session(self.engine) as s, s.begin():
            ids = dict(s.execute(select(ExerciseRow.slug, ExerciseRow.id)).all())
            for dataset, ext, slug in links:
                changed += self._link_external(s, dataset, ext, ids[slug])
            s.flush()
            if changed:
                self._bump_revision(s)
        return changed

    def _bump_revision(self, s: Session) -> None:
        row = s.get(MetaRow, "catalog_revision")
        if row is None:
            s.add(MetaRow(key="catalog_revision", value="1"))
        else:
            row.value = str(int(row.value) + 1)

    # ------------------------------------------------------------------ reads

    def revision(self) -> int:
        """Counter bumped by every change to the catalog (0 when empty)."""
        with Session(self.engine) as s:
            row = s.get(MetaRow, "catalog_revision")
            return int(row.value) if row else 0

    def count(self) -> int:
        """Number of exercises stored."""
        with Session(self.engine) as s:
            return int(s.execute(select(func.count()).select_from(ExerciseRow)).scalar_one())

    def counts_by(self, field: str) -> dict[str, int]:
        """Exercise counts grouped by a column (level, category, origin)."""
        col = getattr(ExerciseRow, field)
        with Session(self.engine) as s:
            rows = s.execute(select(col, func.count()).group_by(col)).all()
        return {str(k): int(n) for k, n in rows}

    def _hydrate(self, s: Session, rows: Sequence[tuple[int, dict[str, Any]]]) -> list[Exercise]:
        ids = [r[0] for r in rows]
        ext: dict[int, dict[str, str]] = {}
        if ids:
            for dataset, external_id, ex_id in s.execute(
                select(ExternalIdRow.dataset, ExternalIdRow.external_id, ExternalIdRow.exercise_id).where(
                    ExternalIdRow.exercise_id.in_(ids)
                )
            ):
                ext.setdefault(ex_id, {})[dataset] = external_id
        return [replace(exercise_from_dict(data), external_ids=ext.get(i, {})) for i, data in rows]

    def get(self, slug: str) -> Exercise | None:
        """The exercise with this slug, or None."""
        with Session(self.engine) as s:
            row = s.execute(select(ExerciseRow.id, ExerciseRow.data).where(ExerciseRow.slug == slug)).first()
            return self._hydrate(s, [row])[0] if row else None

    def find(self, label: str) -> Exercise | None:
        """The exercise whose slug, name or alias is ``label`` (case and punctuation ignored)."""
        exact = self.get(label)
        if exact is not None:
            return exact
        key = v.normalize(label)
        with Session(self.engine) as s:
            row = s.execute(
                select(ExerciseRow.id, ExerciseRow.data)
                .join(ExerciseFacetRow, ExerciseFacetRow.exercise_id == ExerciseRow.id)
                .where(ExerciseFacetRow.facet == "label", ExerciseFacetRow.value == key)
                .order_by(ExerciseRow.origin != "builtin", ExerciseRow.id)
            ).first()
            return self._hydrate(s, [row])[0] if row else None

    def get_many(self, slugs: Sequence[str]) -> list[Exercise]:
        """Exercises for these slugs, in the given order (unknown slugs skipped)."""
        with Session(self.engine) as s:
            rows = s.execute(select(ExerciseRow.id, ExerciseRow.data).where(ExerciseRow.slug.in_(slugs))).all()
            found = {e.slug: e for e in self._hydrate(s, rows)}
        return [found[x] for x in slugs if x in found]

    def all(self) -> list[Exercise]:
        """Every exercise, ordered by name."""
        with Session(self.engine) as s:
            rows = s.execute(select(ExerciseRow.id, ExerciseRow.data).order_by(ExerciseRow.name, ExerciseRow.slug)).all()
            return self._hydrate(s, rows)

    def labels(self) -> list[tuple[str, str]]:
        """(normalized label, slug) pairs for every slug, name and alias."""
        with Session(self.engine) as s:
            return [
                (str(lab), str(slug))
                for lab, slug in s.execute(
                    select(ExerciseFacetRow.value, ExerciseRow.slug)
                    .join(ExerciseRow, ExerciseRow.id == ExerciseFacetRow.exercise_id)
                    .where(ExerciseFacetRow.facet == "label")
                )
            ]

    def search_texts(self) -> list[str]:
        """All indexed texts (for the typo-correction dictionary)."""
        with Session(self.engine) as s:
            rows = s.execute(select(ExerciseRow.search_name, ExerciseRow.search_aliases, ExerciseRow.search_body))
            return [" ".join(r) for r in rows]

    def external_ids(self, dataset: str) -> dict[str, str]:
        """external id -> slug for one dataset."""
        with Session(self.engine) as s:
            rows = s.execute(
                select(ExternalIdRow.external_id, ExerciseRow.slug)
                .join(ExerciseRow, ExerciseRow.id == ExternalIdRow.exercise_id)
                .where(ExternalIdRow.dataset == dataset)
            )
            return {str(a): str(b) for a, b in rows}

    # ------------------------------------------------------------------ search

    def _filters(self, q: ExerciseQuery) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        facet = ExerciseFacetRow

        def has(kind: str | tuple[str, ...], values: Iterable[str]) -> ColumnElement[bool]:
            kinds = (kind,) if isinstance(kind, str) else kind
            return ExerciseRow.id.in_(
                select(facet.exercise_id).where(facet.facet.in_(kinds), facet.value.in_(list(values)))
            )

        if q.muscles:
            out.append(has(("primary", "secondary"), q.muscles))
        if q.levels:
            out.append(ExerciseRow.level.in_(q.levels))
        if q.categories:
            out.append(ExerciseRow.category.in_(q.categories))
        if q.patterns:
            out.append(has("pattern", q.patterns))
        if q.exclude_tags:
            out.append(~has("tag", q.exclude_tags))
        if q.exclude_risk_areas:
            out.append(~has("risk_area", q.exclude_risk_areas))
        if q.safe_for:
            out.append(~has("contraindication", q.safe_for))
        if q.equipment is not None:
            have = sorted(set(q.equipment) | v.ALWAYS_AVAILABLE)
            opt = EquipmentOptionRow
            doable = (
                select(opt.exercise_id)
                .group_by(opt.exercise_id, opt.option_no)
                .having(func.sum(case((opt.equipment.in_(have), 0), else_=1)) == 0)
            )
            out.append(ExerciseRow.id.in_(doable))
        return out

    def _primary_first(self, q: ExerciseQuery) -> list[ColumnElement[int]]:
        if not q.muscles:
            return []
        hit = ExerciseRow.id.in_(
            select(ExerciseFacetRow.exercise_id).where(
                ExerciseFacetRow.facet == "primary", ExerciseFacetRow.value.in_(q.muscles)
            )
        )
        return [case((hit, 0), else_=1)]

    def list_page(self, q: ExerciseQuery) -> tuple[list[Exercise], int]:
        """Filtered exercises without a text query, primary-muscle matches first, then by name."""
        filters = self._filters(q)
        with Session(self.engine) as s:
            total = int(s.execute(select(func.count()).select_from(ExerciseRow).where(*filters)).scalar_one())
            # Order and page on narrow columns first; read the JSON documents of one page only.
            ids = s.execute(
                select(ExerciseRow.id)
                .where(*filters)
                .order_by(*self._primary_first(q), ExerciseRow.origin != "builtin", ExerciseRow.name, ExerciseRow.slug)
                .limit(q.limit)
                .offset(q.offset)
            ).scalars().all()
            docs: dict[int, dict[str, Any]] = dict(s.execute(select(ExerciseRow.id, ExerciseRow.data).where(ExerciseRow.id.in_(ids))).all())
            return self._hydrate(s, [(i, docs[i]) for i in ids]), total

    def text_candidates(self, q: ExerciseQuery, words: Sequence[str], *, any_word: bool) -> tuple[list[Candidate], int]:
        """The best full-text matches (up to a few hundred) and the total count."""
        if not words:
            return [], 0
        filters = self._filters(q)
        stmt: Select[Any]
        params: dict[str, Any] = {}
        if self._sqlite:
            joiner = " OR " if any_word else " AND "
            params["match"] = joiner.join(f'"{w}"' for w in words[:-1]) + (joiner if len(words) > 1 else "") + f'"{words[-1]}"*'
            score: ColumnElement[Any] = literal_column("-bm25(exercises_fts, 10.0, 6.0, 1.0)")
            # SQLite cannot mix bm25() with a window function: the total is a second query.
            count_stmt: Select[Any] | None = (
                select(func.count())
                .select_from(ExerciseRow)
                .join(_FTS, _FTS.c.rowid == ExerciseRow.id)
                .where(text("exercises_fts MATCH :match"), *filters)
            )
            stmt = (
                select(ExerciseRow.slug, ExerciseRow.name, ExerciseRow.search_aliases, score.label("score"))
                .join(_FTS, _FTS.c.rowid == ExerciseRow.id)
                .where(text("exercises_fts MATCH :match"), *filters)
            )
        else:
            joiner = " | " if any_word else " & "
            params["tsq"] = joiner.join(words[:-1]) + (joiner if len(words) > 1 else "") + f"{words[-1]}:*"
            count_stmt = None
            vector: ColumnElement[Any] = literal_column("exercises.search_vector")
            tsq = func.to_tsquery(literal_column("'english'::regconfig"), bindparam("tsq"))
            matched = vector.op("@@")(tsq)
            score = func.ts_rank_cd(vector, tsq)
            stmt = select(
                ExerciseRow.slug, ExerciseRow.name, ExerciseRow.search_aliases, score.label("score"),
                func.count().over().label("total"),
            ).where(matched, *filters)
        with Session(self.engine) as s:
            rows = s.execute(stmt.order_by(text("score DESC"), ExerciseRow.name).limit(_CANDIDATES), params).all()
            if not rows:
                total = 0
            elif count_stmt is not None:
                total = int(s.execute(count_stmt, params).scalar_one())
            else:
                total = int(rows[0].total)
        return [
            Candidate(slug, name, tuple(a for a in aliases.split(" ; ") if a), float(score))
            for slug, name, aliases, score, *_ in rows
        ], total

    def by_ids_filtered(self, slugs: Sequence[str], q: ExerciseQuery) -> list[Exercise]:
        """The given exercises that pass the query's filters, in the given order."""
        with Session(self.engine) as s:
            rows = s.execute(
                select(ExerciseRow.id, ExerciseRow.data).where(ExerciseRow.slug.in_(slugs), *self._filters(q))
            ).all()
            found = {e.slug: e for e in self._hydrate(s, rows)}
        return [found[x] for x in slugs if x in found]

    def candidates_sharing(self, patterns: Sequence[str], muscles: Sequence[str], q: ExerciseQuery) -> list[Exercise]:
        """Exercises with one of the patterns and one of the primary muscles, passing the filters."""
        f = ExerciseFacetRow
        pattern_hit = exists().where(f.exercise_id == ExerciseRow.id, f.facet == "pattern", f.value.in_(list(patterns)))
        muscle_hit = exists().where(f.exercise_id == ExerciseRow.id, f.facet == "primary", f.value.in_(list(muscles)))
        with Session(self.engine) as s:
            rows = s.execute(
                select(ExerciseRow.id, ExerciseRow.data).where(pattern_hit, muscle_hit, *self._filters(q))
            ).all()
            return self._hydrate(s, rows)

    def indexed_lookup(self, slug: str) -> int | None:
        """The id of a slug through its unique index (the benchmark's baseline)."""
        with self.engine.connect() as conn:
            return conn.execute(select(ExerciseRow.id).where(ExerciseRow.slug == slug)).scalar()


def safe_fts_word(word: str) -> str:
    """A token safe inside an FTS query (letters and digits only)."""
    return re.sub(r"[^a-z0-9]", "", word.lower())
