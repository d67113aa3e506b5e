"""Backups: the whole database as one versioned JSON document, written and read as a stream.

The document, format version 1::

    {"format": "trainwise-backup", "version": 1, "schema_revision": "0003", "app_version": "0.1.0",
     "created_at": "2026-12-06T10:00:00Z", "row_counts": {"users": 1, ...},
     "tables": {"users": [{"id": 1, "email": null, ...}, ...], ...}}

Tables come in dependency order (a table after those it refers to), rows in primary-key order,
one row per line. A JSON column holds its JSON as it is; any other value is a JSON number,
string, boolean or null, or a tagged object where JSON has no such type: ``{"$date":
"2026-12-06"}``, ``{"$datetime": "2026-12-06T10:00:00.123456"}`` (UTC), ``{"$time": ...}``,
``{"$decimal": "12.50"}``, ``{"$bytes": BASE64}``, ``{"$uuid": ...}``, ``{"$float": "nan"}``. A
JSON value that would look like a tag is wrapped as ``{"$json": VALUE}``. Floats are written
with Python's shortest round-tripping repr, so every value reads back exactly.

Neither direction holds the document in memory: rows are written as they are read from the
database, and read one by one (restore inserts them as they come, in one transaction).
"""

from __future__ import annotations

import base64
import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, Protocol, TextIO

from trainwise import __version__
from trainwise.domain.errors import DomainError

FORMAT = "trainwise-backup"
VERSION = 1
"""The format version this release writes (and the newest it reads)."""

Row = dict[str, Any]
Tables = Iterator[tuple[str, Iterator[Row]]]


class BackupError(DomainError, ValueError):
    """A backup that cannot be written or read: bad file, wrong format, newer version, ..."""


# ---------------------------------------------------------------------------- ports


class TableFacts(Protocol):
    """One table of a snapshot."""

    @property
    def name(self) -> str: ...
    @property
    def rows(self) -> int: ...
    @property
    def json_columns(self) -> frozenset[str]: ...


class Snapshot(Protocol):
    """Every table of the database as of one instant."""

    revision: str

    def tables(self) -> Sequence[TableFacts]: ...
    def rows(self, name: str) -> Iterator[Row]: ...


class BackupStore(Protocol):
    """What backup and restore need from storage (``storage.backup.SqlBackupStore``)."""

    def snapshot(self) -> AbstractContextManager[Snapshot]: ...
    def revision(self) -> str | None: ...
    def revisions(self) -> list[str]: ...
    def upgrade(self, revision: str = "head") -> None: ...
    def occupied(self) -> dict[str, int]: ...
    def load(self, tables: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
             progress: Callable[[str, int], None] | None = None) -> dict[str, int]: ...


class Progress(Protocol):
    """Told which table is being copied and how far it got (a progress bar, say)."""

    def table(self, name: str, total: int | None) -> None: ...
    def advance(self, rows: int) -> None: ...


# ---------------------------------------------------------------------------- values


def encode_value(value: Any, json_column: bool = False) -> Any:
    """A column value as JSON (tagged where JSON has no such type; datetimes as naive UTC)."""
    if json_column:
        return {"$json": value} if _looks_tagged(value) else value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    raise BackupError(f"cannot write a {type(value).__name__} value to a backup")


def _looks_tagged(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and str(next(iter(value))).startswith("$")


def _naive_utc(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def _float(text: str) -> float:
    value = float(text)
    if math.isfinite(value):
        raise ValueError(text)
    return value


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$json": lambda raw: raw,
    "$date": date.fromisoformat,
    "$datetime": _naive_utc,
    "$time": time.fromisoformat,
    "$decimal": Decimal,
    "$bytes": lambda raw: base64.b64decode(raw, validate=True),
    "$uuid": uuid.UUID,
    "$float": _float,
}


def decode_value(value: Any) -> Any:
    """The column value a JSON value of a backup stands for (untagged)."""
    if not _looks_tagged(value):
        return value
    ((tag, raw),) = value.items()
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise BackupError(f"unknown value tag '{tag}' in the backup")
    try:
        return decoder(raw)
    except (TypeError, ValueError, ArithmeticError):
        raise BackupError(f"bad {tag[1:]} value in the backup: {raw!r}") from None


_PLAIN = frozenset({type(None), bool, int, str})
"""Types written as they are, whatever the column."""
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _dumps(value: Any) -> str:
    try:
        return _ENCODER.encode(value)
    except ValueError as exc:
        raise BackupError(f"cannot write a value to a backup: {exc}") from None


# ---------------------------------------------------------------------------- writing


def write_backup(store: BackupStore, out: TextIO, *, progress: Progress | None = None,
                 now: datetime | None = None) -> dict[str, int]:
    """Write every table of the store's database to ``out`` (one consistent snapshot, streamed
    row by row). Returns the rows written per table."""
    try:
        with store.snapshot() as snap:
            tables = snap.tables()
            header: dict[str, Any] = {
                "format": FORMAT,
                "version": VERSION,
                "schema_revision": snap.revision,
                "app_version": __version__,
                "created_at": (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "row_counts": {t.name: t.rows for t in tables},
            }
            out.write("{" + ",\n".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in header.items()))
            out.write(',\n"tables": {')
            counts: dict[str, int] = {}
            for i, facts in enumerate(tables):
                out.write(("\n" if i == 0 else ",\n") + _dumps(facts.name) + ": [")
                counts[facts.name] = _write_rows(out, snap.rows(facts.name), facts, progress)
            out.write("\n}}\n")
    except BackupError:
        raise
    except ValueError as exc:  # the store's one-line errors
        raise BackupError(str(exc)) from None
    return counts


def _write_rows(out: TextIO, rows: Iterator[Row], facts: TableFacts, progress: Progress | None) -> int:
    if progress is not None:
        progress.table(facts.name, facts.rows)
    json_columns = facts.json_columns
    n = 0
    for row in rows:
        for key, value in row.items():
            if type(value) not in _PLAIN:
                row[key] = encode_value(value, key in json_columns)
        out.write(("\n" if n == 0 else ",\n") + _dumps(row))
        n += 1
        if progress is not None and n % 1000 == 0:
            progress.advance(1000)
    out.write("\n]" if n else "]")
    if progress is not None and n % 1000:
        progress.advance(n % 1000)
    return n


# ---------------------------------------------------------------------------- reading


_BLANK = " \t\n\r"
_TRUNCATED = "the backup ends too early (is the file truncated?)"


class _JsonStream:
    """A JSON document read piece by piece: one value (a row) at a time, never the whole file."""

    def __init__(self, source: TextIO, chunk: int = 1 << 16) -> None:
        self._source = source
        self._chunk = chunk
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._decoder = json.JSONDecoder()

    def _more(self, size: int = 0) -> bool:
        if self._eof:
            return False
        try:
            data = self._source.read(size or self._chunk)
        except UnicodeDecodeError:
            raise BackupError("not a trainwise backup: the file is not UTF-8 text") from None
        if not data:
            self._eof = True
            return False
        self._buf = self._buf[self._pos:] + data
        self._pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not blank ('' at the end of the file)."""
        while True:
            buf, pos, n = self._buf, self._pos, len(self._buf)
            while pos < n and buf[pos] in _BLANK:
                pos += 1
            self._pos = pos
            if pos < n:
                return buf[pos]
            if not self._more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        """Consume one of ``chars`` (punctuation); BackupError naming ``what`` otherwise."""
        found = self.peek()
        if not found:
            raise BackupError(_TRUNCATED)
        if found not in chars:
            raise BackupError(f"not a trainwise backup: expected {what}, found {found!r}")
        self._pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value."""
        if not self.peek():
            raise BackupError(_TRUNCATED)
        size = self._chunk
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(self._buf) - 8 or exc.msg.startswith("Unterminated")
                if not incomplete:
                    raise BackupError(f"the backup is not valid JSON: {exc.msg}") from None
                if not self._more(size):
                    raise BackupError(_TRUNCATED) from None
                size = min(size * 2, 1 << 26)
                continue
            if end >= len(self._buf) and self._more():  # a number may go on in the next chunk
                continue
            self._pos = end
            return value

    def at_end(self) -> bool:
        """True when nothing but blanks is left."""
        return not self.peek()


@dataclass
class Backup:
    """A backup being read: its header, then its tables (each table's rows must be read before
    the next table is asked for)."""

    header: dict[str, Any]
    tables: Tables

    @property
    def version(self) -> int:
        """The format version."""
        return int(self.header["version"])

    @property
    def schema_revision(self) -> str:
        """The schema revision of the database it was made from."""
        return str(self.header["schema_revision"])

    @property
    def row_counts(self) -> dict[str, int] | None:
        """Rows per table, as the header states them (None when it does not)."""
        counts = self.header.get("row_counts")
        return counts if isinstance(counts, dict) else None


Converter = Callable[[Backup], Backup]
CONVERTERS: dict[int, Converter] = {}
"""How to read older formats: ``CONVERTERS[n]`` turns a version ``n`` backup (header and rows,
as a stream) into a version ``n + 1`` one. Version 1 is the first: nothing to convert yet."""


def read_backup(source: TextIO) -> Backup:
    """Read a backup's header and check it (format, version), converting an older format to the
    current one; its rows are read as they are iterated. BackupError on anything wrong."""
    js = _JsonStream(source)
    first = js.peek()
    if not first:
        raise BackupError("the backup is empty")
    if first != "{":
        raise BackupError("not a trainwise backup: not a JSON object")
    js.expect("{", "'{'")
    header: dict[str, Any] = {}
    has_tables = False
    while js.peek() != "}":
        key = js.value()
        if not isinstance(key, str):
            raise BackupError("not a trainwise backup: not a JSON object")
        js.expect(":", "':'")
        if key == "tables":
            has_tables = True
            break
        header[key] = js.value()
        if key == "format" and header[key] != FORMAT:
            raise BackupError(f"not a trainwise backup (format {header[key]!r}, expected '{FORMAT}')")
        if js.expect(",}", "',' or '}'") == "}":
            break
    if "format" not in header:
        raise BackupError("not a trainwise backup: no 'format' field")
    if has_tables and not {"version", "schema_revision"} <= header.keys():
        raise BackupError("the backup's header (format, version, schema_revision) must come before its tables")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise BackupError(f"bad backup format version {version!r}")
    if version > VERSION:
        raise BackupError(f"the backup is format version {version}, newer than this trainwise reads "
                          f"(up to {VERSION}): upgrade trainwise to restore it")
    if not isinstance(header.get("schema_revision"), str):
        raise BackupError("the backup names no schema revision")
    counts = header.get("row_counts")
    if counts is not None and not (isinstance(counts, dict) and all(
            isinstance(n, int) and not isinstance(n, bool) for n in counts.values())):
        raise BackupError("bad 'row_counts' in the backup")
    if not has_tables:
        raise BackupError("the backup has no 'tables'")
    backup = Backup(header, _tables(js))
    while backup.version < VERSION:
        convert = CONVERTERS.get(backup.version)
        if convert is None:
            raise BackupError(f"backup format version {backup.version} can no longer be read")
        backup = convert(backup)
    return backup


def _tables(js: _JsonStream) -> Tables:
    js.expect("{", "an object of tables")
    if js.peek() == "}":
        js.expect("}", "'}'")
    else:
        while True:
            name = js.value()
            if not isinstance(name, str):
                raise BackupError("not a trainwise backup: bad table name")
            js.expect(":", "':'")
            js.expect("[", f"a list of rows for table '{name}'")
            rows = _rows(js, name)
            yield name, rows
            for _ in rows:  # the reader skipped some rows: go past them
                pass
            if js.expect(",}", "',' or '}'") == "}":
                break
    while js.expect(",}", "',' or '}'") == ",":  # members after the tables are read and ignored
        js.value()
        js.expect(":", "':'")
        js.value()
    if not js.at_end():
        raise BackupError("the backup goes on after its end")


def _rows(js: _JsonStream, table: str) -> Iterator[Row]:
    if js.peek() == "]":
        js.expect("]", "']'")
        return
    while True:
        row = js.value()
        if not isinstance(row, dict):
            raise BackupError(f"table '{table}': each row must be a JSON object")
        for key, value in row.items():
            if type(value) is dict:  # only an object can be a tag
                row[key] = decode_value(value)
        yield row
        if js.expect(",]", "',' or ']'") == "]":
            return


# ---------------------------------------------------------------------------- restoring


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did."""

    backup_revision: str
    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows restored."""
        return sum(self.rows.values())


def restore_backup(store: BackupStore, source: TextIO, *, force: bool = False,
                   progress: Progress | None = None) -> RestoreReport:
    """Restore a backup into the store's database, in one transaction (all or nothing).

    A database without a schema is first migrated to the backup's revision, so the rows go in
    as they were and later migrations upgrade them; any other database is migrated to the newest
    revision first. A database holding anything more than a fresh migration leaves is refused
    unless ``force`` (its rows are then replaced in the same transaction)."""
    backup = read_backup(source)
    known = store.revisions()
    if backup.schema_revision not in known:
        raise BackupError(f"the backup is of schema revision '{backup.schema_revision}', which this "
                          "trainwise does not know (made by a newer release?): upgrade trainwise first")
    try:
        current = store.revision()
        if current is not None and current not in known:
            raise BackupError(f"the database is at schema revision '{current}', newer than this trainwise")
        store.upgrade(backup.schema_revision if current is None else "head")
        occupied = store.occupied()
        if occupied and not force:
            what = ", ".join(f"{n} row{'' if n == 1 else 's'} in {t}" for t, n in list(occupied.items())[:3])
            raise BackupError(f"the database is not empty ({what}); restore into a new database, or "
                              "add --force to replace everything in it")
        rows = store.load(_checked(backup, progress), _advance(progress))
        store.upgrade("head")
        return RestoreReport(backup.schema_revision, store.revision(), rows)
    except BackupError:
        raise
    except ValueError as exc:  # the store's one-line errors (unknown table, broken constraint)
        raise BackupError(str(exc)) from None


def _advance(progress: Progress | None) -> Callable[[str, int], None] | None:
    if progress is None:
        return None
    return lambda _table, rows: progress.advance(rows)


def _checked(backup: Backup, progress: Progress | None) -> Iterator[tuple[str, Iterator[Row]]]:
    """The backup's tables, checking each against the header's row counts as it is read."""
    counts = backup.row_counts
    seen: set[str] = set()
    for name, rows in backup.tables:
        seen.add(name)
        expected = None if counts is None else counts.get(name)
        if counts is not None and expected is None:
            raise BackupError(f"table '{name}' is not in the backup's row_counts (the file is damaged)")
        if progress is not None:
            progress.table(name, expected)
        yield name, _counted(name, rows, expected)
    missing = sorted(set(counts or ()) - seen)
    if missing:
        raise BackupError(f"table '{missing[0]}' is missing from the backup (the file is damaged)")


def _counted(name: str, rows: Iterator[Row], expected: int | None) -> Iterator[Row]:
    n = 0
    for row in rows:
        n += 1
        yield row
    if expected is not None and n != expected:
        raise BackupError(f"table '{name}' has {n} rows, but the backup's header says {expected} "
                          "(the file is damaged)")
