"""SqlBackupStore: every table of a live database, read in one snapshot, written back in one transaction.

Tables are reflected from the database itself (not from ``tables.py``), so a table a later
migration adds is backed up and restored without any change here. Left out: ``alembic_version``
(the backup records the revision instead), SQLite virtual tables with their shadow tables and
generated columns (PostgreSQL's ``search_vector``): they are derived data, rebuilt on restore.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import MIGRATIONS, current_revision, upgrade

BATCH = 1000
"""Rows per INSERT (executemany) and per fetch."""
SKIPPED_TABLES = frozenset({"alembic_version"})


class RestoreError(ValueError):
    """The rows to restore do not fit the database (unknown table or column, broken constraint)."""


class TableInfo(NamedTuple):
    """One table of a snapshot: its name, row count and JSON columns."""

    name: str
    rows: int
    json_columns: frozenset[str]


Row = dict[str, Any]
RowsOf = Iterable[tuple[str, Iterable[Mapping[str, Any]]]]
"""(table name, its rows) pairs, tables in dependency order."""


def _virtual_tables(conn: Connection) -> set[str]:
    """SQLite virtual tables (the FTS5 search index) and their shadow tables."""
    if conn.dialect.name != "sqlite":
        return set()
    names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
    virtual = [r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE 'CREATE VIRTUAL TABLE%'")]
    return {n for n in names for vt in virtual if n == vt or n.startswith(vt + "_")}


def reflect(conn: Connection) -> MetaData:
    """The data tables of the database, as it is now."""
    skipped = SKIPPED_TABLES | _virtual_tables(conn)
    md = MetaData()
    md.reflect(conn, only=lambda name, _md: name not in skipped and not name.startswith("sqlite_"))
    return md


def data_columns(table: Table) -> list[Column[Any]]:
    """The columns a backup holds: all but generated ones."""
    return [c for c in table.c if c.computed is None]


def _order(conn: Connection, table: Table) -> list[Any]:
    """A total order of the rows, the same on every database: the primary key (or every column),
    strings compared byte by byte (PostgreSQL's "C" collation is SQLite's BINARY)."""
    cols = list(table.primary_key.columns) or data_columns(table)
    if conn.dialect.name == "postgresql":
        return [c.collate("C") if isinstance(c.type, String) else c for c in cols]
    return cols


@dataclass
class Snapshot:
    """The database at one instant: every read runs in the same (repeatable-read) transaction."""

    conn: Connection
    metadata: MetaData
    revision: str

    def tables(self) -> list[TableInfo]:
        """Every data table in dependency order (a table after the tables it refers to)."""
        out = []
        for table in self.metadata.sorted_tables:
            count = self.conn.execute(select(func.count()).select_from(table)).scalar_one()
            json_columns = frozenset(c.name for c in data_columns(table) if isinstance(c.type, JSON))
            out.append(TableInfo(table.name, int(count), json_columns))
        return out

    def rows(self, name: str) -> Iterator[Row]:
        """The rows of a table in primary-key order, fetched in batches (never all at once)."""
        table = self.metadata.tables[name]
        cols = data_columns(table)
        names = [c.name for c in cols]
        query = select(*cols).order_by(*_order(self.conn, table))
        result = self.conn.execution_options(yield_per=BATCH).execute(query)
        try:
            for row in result:
                yield dict(zip(names, row, strict=True))
        finally:
            result.close()



def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def known_revisions() -> list[str]:
    """The migration revisions this release ships, oldest first."""
    return [rev.revision for rev in reversed(list(_script().walk_revisions()))]


@functools.lru_cache(maxsize=8)
def _baseline_keys(revision: str) -> dict[str, frozenset[tuple[Any, ...]]]:
    """Primary keys of the rows the migrations themselves insert up to ``revision`` (the local
    default user): a database holding only those is empty. Found on a throwaway SQLite file."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'baseline.db'}")
        try:
            upgrade(engine, revision)
            with engine.connect() as conn:
                md = reflect(conn)
                return {t.name: frozenset(tuple(r) for r in conn.execute(select(*_key(t))))
                        for t in md.sorted_tables}
        finally:
            engine.dispose()


def _key(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns) or data_columns(table)


class SqlBackupStore:
    """Reads every table for a backup and writes a backup's rows back (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ schema

    def revision(self) -> str | None:
        """The schema revision of the database (None when it has no trainwise schema yet)."""
        return current_revision(self.engine)

    def revisions(self) -> list[str]:
        """Every revision this release knows, oldest first."""
        return known_revisions()

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema to ``revision``."""
        upgrade(self.engine, revision)

    # ------------------------------------------------------------------ backup

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """Every table as of one instant, while the database stays usable by others."""
        revision = self.revision()
        if revision is None:
            raise RestoreError("the database has no trainwise schema: nothing to back up")
        conn = self.engine.connect()
        try:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            else:  # pysqlite starts no transaction for SELECTs: start one, WAL keeps its snapshot
                conn.exec_driver_sql("BEGIN")
            yield Snapshot(conn, reflect(conn), revision)
        finally:
            conn.rollback()
            conn.close()

    # ------------------------------------------------------------------ restore

    def occupied(self) -> dict[str, int]:
        """Tables holding rows other than those a freshly migrated database has, with their row
        counts: empty for an empty (or freshly migrated) database."""
        revision = self.revision()
        if revision is None:
            return {}
        baseline = _baseline_keys(revision)
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            for table in reflect(conn).sorted_tables:
                fresh = baseline.get(table.name, frozenset())
                count = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                if count > len(fresh) or (count and any(
                        tuple(r) not in fresh for r in conn.execute(select(*_key(table))))):
                    out[table.name] = count
        return out

    def load(self, tables: RowsOf, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Replace every row of the database by ``tables``, all in one transaction: a bad row,
        a broken constraint or an error while reading the rows leaves the database as it was.
        ``progress(table, rows)`` is called as rows go in. Returns the rows inserted per table."""
        counts: dict[str, int] = {}
        try:
            with self.engine.begin() as conn:
                md = reflect(conn)
                _wipe(conn, md)
                for name, rows in tables:
                    table = md.tables.get(name)
                    if table is None:
                        raise RestoreError(f"unknown table '{name}' in the backup")
                    if name in counts:
                        raise RestoreError(f"table '{name}' appears twice in the backup")
                    counts[name] = _insert(conn, table, rows, progress)
                _fix_sequences(conn, md)
                _rebuild_search_index(conn)
        except IntegrityError as exc:
            raise RestoreError(f"the backup breaks a rule of the database: {_first_line(exc)}") from None
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise
            raise RestoreError(f"the database refused a row of the backup: {_first_line(exc)}") from None
        return counts


def _first_line(exc: DBAPIError) -> str:
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]


def _wipe(conn: Connection, md: MetaData) -> None:
    """Delete every row (children first), in the caller's transaction."""
    tables = list(reversed(md.sorted_tables))
    if not tables:
        return
    if conn.dialect.name == "postgresql":
        names = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in tables)
        conn.exec_driver_sql(f"TRUNCATE {names}")
        return
    for table in tables:
        conn.execute(table.delete())


def _insert(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]],
            progress: Callable[[str, int], None] | None) -> int:
    """Insert rows in batches; rows of one batch share their columns (an older backup may lack a
    column a later migration added: the database default fills it)."""
    columns = {c.name: c for c in data_columns(table)}
    aware = {c.name for c in columns.values() if isinstance(c.type, DateTime) and c.type.timezone}
    batch: list[Row] = []
    keys: tuple[str, ...] | None = None
    total = 0

    def flush() -> None:
        nonlocal total
        if batch:
            conn.execute(insert(table), batch)
            total += len(batch)
            if progress is not None:
                progress(table.name, len(batch))
            batch.clear()

    for row in rows:
        unknown = [k for k in row if k not in columns]
        if unknown:
            raise RestoreError(f"unknown column '{unknown[0]}' of table '{table.name}' in the backup")
        values = dict(row)
        for name in aware & values.keys():  # datetimes are kept as naive UTC
            value = values[name]
            if isinstance(value, datetime) and value.tzinfo is None:
                values[name] = value.replace(tzinfo=UTC)
        row_keys = tuple(values)
        if row_keys != keys or len(batch) >= BATCH:
            flush()
            keys = row_keys
        batch.append(values)
    flush()
    return total


def _fix_sequences(conn: Connection, md: MetaData) -> None:
    """PostgreSQL: move every serial/identity sequence past the largest id restored, so the next
    insert gets a free id (SQLite needs nothing: a rowid is one more than the largest)."""
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer.quote
    for table in md.sorted_tables:
        for col in table.c:
            if not isinstance(col.type, Integer):
                continue
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                               {"t": quote(table.name), "c": col.name}).scalar_one_or_none()
            if seq is None:
                continue
            top = conn.execute(select(func.max(col))).scalar_one_or_none()
            conn.execute(text("SELECT setval(:s, :v, :called)"),
                         {"s": seq, "v": top if top is not None else 1, "called": top is not None})


def _rebuild_search_index(conn: Connection) -> None:
    """SQLite: refill the FTS5 index of the exercises from their search columns (what
    ``SqlCatalog`` writes there for each exercise). PostgreSQL's index is a generated column."""
    if conn.dialect.name != "sqlite" or "exercises_fts" not in _virtual_tables(conn):
        return
    conn.exec_driver_sql("DELETE FROM exercises_fts")
    conn.exec_driver_sql("INSERT INTO exercises_fts (rowid, name, aliases, body) "
                         "SELECT id, search_name, search_aliases, search_body FROM exercises")
