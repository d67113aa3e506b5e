"""`trainwise backup` / `trainwise restore`: exact round trips across SQLite and PostgreSQL, one
transaction, consistent snapshots, streaming, and bad input refused with one line and nothing written."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    String,
    Table,
    func,
    insert,
    select,
)

from tests.cli_runner import run
from tests.conftest import drop_pg_database, make_pg_database, require_pg
from tests.e2e.plan_sample import sample_plan
from trainwise.bootstrap import open_catalog
from trainwise.config import get_settings
from trainwise.domain.logs import log_from_dict
from trainwise.domain.search import ExerciseQuery
from trainwise.services import backup as svc
from trainwise.services.catalog import search_exercises
from trainwise.storage.backup import SqlBackupStore, data_columns, reflect
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.migrate import current_revision, head_revision
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.tables import UserRow
from trainwise.storage.users import local_user_id

PG = pytest.param("postgres", marks=pytest.mark.postgres)


# ---------------------------------------------------------------------------- databases


def _new_db(kind: str, tmp_path: Path, cleanup: list[str]) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
    require_pg()
    url, name = make_pg_database()
    cleanup.append(name)
    return url


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[Any]:
    """A factory of fresh empty databases of a kind; PostgreSQL ones are dropped afterwards."""
    names: list[str] = []
    yield lambda kind: _new_db(kind, tmp_path, names)
    for name in names:
        drop_pg_database(name)


def _log(log_id: str, day: str, **extra: Any) -> Any:
    return log_from_dict({
        "id": log_id, "date": day,
        "exercises": [
            {"exercise": "deadlift", "sets": [{"load_kg": 60, "reps": 5, "type": "warmup"},
                                              {"load_kg": 0.1 + 0.2, "reps": 5, "rir": 2},
                                              {"load_kg": 102.0625, "reps": 4, "rpe": 9.5, "type": "failure"}]},
            {"exercise": "front-plank", "sets": [{"seconds": 45.123456789}]},
            {"exercise": "bird-dog", "sets": []},
        ],
        "pain_before": {"lower_back": 1}, "pain_during": {"lower_back": 3, "knees": 1},
        "symptoms": ["soreness"], "notes": "Übung — schwer 💪 \"quoted\"\nsecond line", **extra,
    })


def _sample_value(table: Table, column: Any, n: int) -> Any:
    kind = column.type
    if isinstance(kind, JSON):
        return {"$looks": "like a tag"} if n % 2 else {"k": [1, 2.5, "x", None, {"deep": True}]}
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, DateTime):
        return datetime(2031, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2031, 2, 3)
    if isinstance(kind, Float):
        return 1.0 / 3.0
    if isinstance(kind, Integer):
        return 7 + n
    if isinstance(kind, String):
        text = f"{table.name}.{column.name}.{n}"
        return text[-kind.length:] if kind.length else text
    return f"{table.name}.{column.name}.{n}"


def _fill_empty_tables(engine: Engine) -> None:
    """A row in every table still empty, whatever later migrations added (accounts, tokens,
    sessions...): values made from the column types, foreign keys pointing at existing rows."""
    with engine.begin() as conn:
        for table in reflect(conn).sorted_tables:
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                continue
            pk = list(table.primary_key.columns)
            row: dict[str, Any] = {}
            for col in data_columns(table):
                if len(pk) == 1 and col is pk[0] and isinstance(col.type, Integer):
                    continue  # autoincrement
                fk = next(iter(col.foreign_keys), None)
                if fk is not None:
                    row[col.name] = conn.execute(select(fk.column).order_by(fk.column).limit(1)).scalar_one()
                else:
                    row[col.name] = _sample_value(table, col, 1)
            conn.execute(insert(table).values(row))


def build_database(url: str) -> None:
    """A database holding some of everything: library, users, profiles, plans, logs, external ids."""
    catalog = open_catalog(get_settings(database_url=url))
    engine = catalog.engine
    catalog.link_external_ids([("free-exercise-db", "Deadlift_Barbell", "deadlift")])
    local = local_user_id(engine)
    with engine.begin() as conn:
        other = int(conn.execute(insert(UserRow).values(
            email="ada@example.com", display_name="Ada Lovelace ✓",
            created_at=datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)).returning(UserRow.id)).scalar_one())
    plans = SqlPlanStore(engine)
    profile = {"id": "p1", "level": "beginner", "goal": "general_fitness", "equipment": ["dumbbells"]}
    plans.save(local, "aaaa00000001", profile, sample_plan())
    plans.save(other, "bbbb00000002", profile, {**sample_plan(date(2031, 1, 6)), "note": {"$date": "no tag"}})
    logs = SqlLogStore(engine)
    for i in range(30):
        logs.put(local if i % 3 else other, _log(f"log-{i:03d}", f"2030-{1 + i % 12:02d}-{1 + i % 27:02d}"))
    logs.put(local, _log("with-plan", "2030-05-05", plan_id="aaaa00000001", completed=False))
    _fill_empty_tables(engine)
    engine.dispose()


# ---------------------------------------------------------------------------- helpers


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


def backup_doc(capsys: pytest.CaptureFixture[str], url: str, path: Path) -> dict[str, Any]:
    code, _, err = run(capsys, "backup", "--db", url, "--output", str(path))
    assert code == 0, err
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table as (normalised) values, in primary-key order."""
    engine = make_engine(url)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with SqlBackupStore(engine).snapshot() as snap:
        for facts in snap.tables():
            out[facts.name] = [tuple(svc.encode_value(v, k in facts.json_columns) for k, v in row.items())
                               for row in snap.rows(facts.name)]
    engine.dispose()
    return out


def without_created_at(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "created_at"}


def user_rows(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = sum(conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in reflect(conn).sorted_tables)
    engine.dispose()
    return int(n)


# ---------------------------------------------------------------------------- round trips


@pytest.mark.parametrize(("source", "target"), [("sqlite", "sqlite"), pytest.param("sqlite", "postgres",
                         marks=pytest.mark.postgres), pytest.param("postgres", "sqlite", marks=pytest.mark.postgres),
                         pytest.param("postgres", "postgres", marks=pytest.mark.postgres)])
def test_backup_restore_backup_round_trips_exactly(capsys: pytest.CaptureFixture[str], new_db: Any,
                                                   tmp_path: Path, source: str, target: str) -> None:
    src = new_db(source)
    build_database(src)
    first = backup_doc(capsys, src, tmp_path / "first.json")

    assert first["format"] == "trainwise-backup" and first["version"] == 1
    assert first["schema_revision"] == head_revision()
    assert all(first["tables"].values()), "every table has rows"
    assert first["row_counts"] == {name: len(rows) for name, rows in first["tables"].items()}
    sets = first["tables"]["logged_sets"]
    assert {"$date": "2030-02-02"} in [s["date"] for s in sets]
    assert 0.1 + 0.2 in [s["load_kg"] for s in sets]
    assert any(p["plan"].get("note") == {"$date": "no tag"}
               for p in first["tables"]["plans"]), "JSON columns come back as they were"

    dst = new_db(target)
    code, out, err = run(capsys, "restore", str(tmp_path / "first.json"), "--db", dst)
    assert code == 0, err
    assert f"restored {sum(first['row_counts'].values())} rows" in out

    second = backup_doc(capsys, dst, tmp_path / "second.json")
    assert without_created_at(second) == without_created_at(first)
    strip = [line for line in (tmp_path / "first.json").read_text().splitlines() if '"created_at": "' not in line
             or line.startswith("{")]
    again = [line for line in (tmp_path / "second.json").read_text().splitlines() if '"created_at": "' not in line
             or line.startswith("{")]
    assert strip == again, "the two files are the same, byte for byte, but for created_at"
    assert table_rows(dst) == table_rows(src)

    # The restored database works: search (SQLite rebuilds its FTS index), reads, new ids.
    engine = make_engine(dst)
    catalog = SqlCatalog(engine)
    page = search_exercises(catalog, ExerciseQuery(text="back extension", limit=3))
    assert page.total >= 7 and "back-extension" in page.items[0].slug, "the search index is back"
    logs = SqlLogStore(engine)
    local = local_user_id(engine)
    assert logs.get(local, "log-001") == _log("log-001", "2030-02-02")
    assert logs.put(local, _log("after-restore", "2030-06-06")), "a new log gets a free id"
    with engine.begin() as conn:
        conn.execute(insert(UserRow).values(email="new@example.com", display_name="new"))
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_backup_to_standard_output_is_the_same_document(capsys: pytest.CaptureFixture[str], new_db: Any,
                                                        tmp_path: Path) -> None:
    src = new_db("sqlite")
    build_database(src)
    code, out, err = run(capsys, "backup", "--db", src, "--output", "-")
    assert code == 0, err
    assert "written to standard output" in err
    from_file = backup_doc(capsys, src, tmp_path / "b.json")
    assert without_created_at(json.loads(out)) == without_created_at(from_file)
    assert (tmp_path / "b.json").stat().st_mode & 0o077 == 0, "backups hold password hashes: owner only"


def test_restore_from_standard_input(new_db: Any, tmp_path: Path) -> None:
    src = new_db("sqlite")
    build_database(src)
    dumped = subprocess.run([sys.executable, "-m", "trainwise", "backup", "--db", src, "--output", "-"],
                            capture_output=True, check=True, timeout=120)
    dst = new_db("sqlite")
    done = subprocess.run([sys.executable, "-m", "trainwise", "restore", "-", "--db", dst], input=dumped.stdout,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert table_rows(dst) == table_rows(src)


def test_restore_of_an_older_schema_revision_migrates_it(capsys: pytest.CaptureFixture[str], new_db: Any,
                                                         tmp_path: Path) -> None:
    """A backup of a database at 0003 restores into a new database at 0003, then upgrades."""
    src = new_db("sqlite")
    engine = make_engine(src)
    SqlBackupStore(engine).upgrade("0003")
    SqlLogStore(engine).put(1, _log("old-log", "2029-01-01"))
    engine.dispose()
    doc = backup_doc(capsys, src, tmp_path / "old.json")
    assert doc["schema_revision"] == "0003"

    dst = new_db("sqlite")
    code, _, err = run(capsys, "restore", str(tmp_path / "old.json"), "--db", dst)
    assert code == 0, err
    engine = make_engine(dst)
    assert current_revision(engine) == head_revision()
    assert SqlLogStore(engine).get(1, "old-log") == _log("old-log", "2029-01-01")
    engine.dispose()


# ---------------------------------------------------------------------------- empty, --force, all or nothing


@pytest.mark.parametrize("kind", ["sqlite", PG])
def test_a_database_with_data_is_refused_unless_forced(capsys: pytest.CaptureFixture[str], new_db: Any,
                                                       tmp_path: Path, kind: str) -> None:
    src = new_db("sqlite")
    build_database(src)
    backup_doc(capsys, src, tmp_path / "b.json")

    dst = new_db(kind)
    engine = make_engine(dst)
    SqlBackupStore(engine).upgrade()
    assert SqlBackupStore(engine).occupied() == {}, "a freshly migrated database counts as empty"
    SqlLogStore(engine).put(1, _log("mine", "2031-01-01"))
    code, _, err = run(capsys, "restore", str(tmp_path / "b.json"), "--db", dst)
    assert code == 2
    assert "not empty" in one_error_line(err) and "--force" in err
    assert SqlLogStore(engine).get(1, "mine") is not None

    # --force with a damaged file: still all or nothing, the old rows stay.
    text = (tmp_path / "b.json").read_text()
    (tmp_path / "cut.json").write_text(text[: len(text) * 3 // 4])
    code, _, err = run(capsys, "restore", str(tmp_path / "cut.json"), "--db", dst, "--force")
    assert code == 2 and "truncated" in one_error_line(err)
    assert SqlLogStore(engine).get(1, "mine") is not None
    assert SqlLogStore(engine).count(1) == (1, 4)

    code, _, err = run(capsys, "restore", str(tmp_path / "b.json"), "--db", dst, "--force")
    assert code == 0, err
    assert SqlLogStore(engine).get(1, "mine") is None
    assert table_rows(dst) == table_rows(src)
    engine.dispose()


def _doc(tables: str = '"meta": [{"key": "k", "value": "v"}]', **header: Any) -> str:
    head = {"format": "trainwise-backup", "version": 1, "schema_revision": head_revision(), **header}
    return json.dumps(head)[:-1] + ', "tables": {' + tables + "}}"


BAD_INPUT = {
    "not-json": ("this is not JSON", "not a JSON object"),
    "empty": ("", "empty"),
    "binary": (b"\xff\xfe\x00garbage", "UTF-8"),
    "json-array": ("[1, 2]", "not a JSON object"),
    "wrong-format": ('{"format": "strong-csv", "version": 1, "tables": {}}', "not a trainwise backup"),
    "no-format": ('{"version": 1, "tables": {}}', "no 'format'"),
    "tables-first": ('{"format": "trainwise-backup", "tables": {}, "version": 1, "schema_revision": "0001"}',
                     "must come before its tables"),
    "newer-version": (_doc(version=2), "newer than this trainwise reads"),
    "bad-version": (_doc(version="one"), "bad backup format version"),
    "newer-schema": (_doc(schema_revision="9999"), "does not know"),
    "no-tables": ('{"format": "trainwise-backup", "version": 1, "schema_revision": "0001"}', "no 'tables'"),
    "unknown-table": (_doc('"meta": [], "secrets": [{"x": 1}]'), "unknown table 'secrets'"),
    "unknown-column": (_doc('"meta": [{"key": "k", "value": "v", "colour": "red"}]'), "unknown column 'colour'"),
    "bad-row": (_doc('"meta": [["k", "v"]]'), "must be a JSON object"),
    "bad-tag": (_doc('"users": [{"id": 5, "display_name": "x", "created_at": {"$datetime": "yesterday"}}]'),
                "bad datetime value"),
    "unknown-tag": (_doc('"users": [{"id": 5, "created_at": {"$moment": "now"}}]'), "unknown value tag"),
    "count-mismatch": (_doc(row_counts={"meta": 2}), "header says 2"),
    "missing-table": (_doc(row_counts={"meta": 1, "users": 1}), "'users' is missing"),
    "broken-json": (_doc('"meta": [{"key": "k" "value": "v"}]'), "not valid JSON"),
    "trailing": (_doc() + " {}", "goes on after its end"),
    "constraint": (_doc('"meta": [{"key": "k", "value": "v"}, {"key": "k", "value": "w"}]'), "breaks a rule"),
    "dangling-fk": (_doc('"workout_logs": [{"id": 1, "user_id": 99, "client_id": "x", "date": {"$date": '
                         '"2030-01-01"}, "pain_before": {}, "pain_during": {}, "pain_next_morning": {}, '
                         '"symptoms": [], "notes": "", "completed": true}]'), "breaks a rule"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_one_line_exit_2_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         case: str) -> None:
    content, message = BAD_INPUT[case]
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    db = tmp_path / "target.db"
    code, out, err = run(capsys, "restore", str(path), "--db", str(db))
    assert code == 2, (out, err)
    assert message in one_error_line(err)
    if db.exists():  # format problems stop before the database is touched; row problems roll back
        assert user_rows(f"sqlite:///{db}") == 1, "nothing but the migrations' local user"


def test_truncated_backups_of_every_length_are_refused(new_db: Any, tmp_path: Path) -> None:
    """Cut anywhere, a backup never restores part of itself."""
    src = new_db("sqlite")
    engine = make_engine(src)
    SqlBackupStore(engine).upgrade()
    SqlLogStore(engine).put(1, _log("only", "2030-01-01"))
    out = io.StringIO()
    svc.write_backup(SqlBackupStore(engine), out)
    engine.dispose()
    text = out.getvalue()
    dst = new_db("sqlite")
    store = SqlBackupStore(make_engine(dst))
    store.upgrade()
    for cut in range(0, len(text.rstrip()), max(1, len(text) // 20)):
        with pytest.raises(svc.BackupError):
            svc.restore_backup(store, io.StringIO(text[:cut]))
        assert store.occupied() == {}
    assert svc.restore_backup(store, io.StringIO(text)).total > 0
    store.engine.dispose()


def test_missing_file_and_missing_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "restore", str(tmp_path / "nope.json"), "--db", str(tmp_path / "t.db"))
    assert code == 2 and "cannot read" in one_error_line(err)
    code, _, err = run(capsys, "backup", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "x.json"))
    assert code == 2 and "no database" in one_error_line(err)
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "x.json").exists()
    (tmp_path / "notes.db").write_text("not a database")
    code, _, err = run(capsys, "backup", "--db", str(tmp_path / "notes.db"), "-o", str(tmp_path / "x.json"))
    assert code == 2 and "not a database" in one_error_line(err)
    code, _, err = run(capsys, "restore", str(tmp_path / "nope.json"), "--db", str(tmp_path / "notes.db"))
    assert code == 2 and "cannot read" in one_error_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_failed_backup_leaves_no_file(capsys: pytest.CaptureFixture[str], new_db: Any, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    src = new_db("sqlite")
    build_database(src)
    target = tmp_path / "b.json"
    target.write_text("an older backup")

    def broken(value: Any, json_column: bool = False) -> Any:
        if isinstance(value, float):
            raise svc.BackupError("cannot write a value to a backup: disk on fire")
        return value if not isinstance(value, date | datetime) else value.isoformat()

    monkeypatch.setattr(svc, "encode_value", broken)
    code, _, err = run(capsys, "backup", "--db", src, "-o", str(target))
    assert code == 2 and "disk on fire" in one_error_line(err)
    assert target.read_text() == "an older backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".b.json")] == []


# ---------------------------------------------------------------------------- format details


class _Trickle(io.StringIO):
    """A source that hands out at most 3 characters per read (chunk boundaries everywhere)."""

    def read(self, size: int | None = -1) -> str:
        return super().read(3)


def test_reader_handles_any_chunking_and_formatting(new_db: Any) -> None:
    src = new_db("sqlite")
    engine = make_engine(src)
    SqlBackupStore(engine).upgrade()
    SqlLogStore(engine).put(1, _log("one", "2030-01-01"))
    out = io.StringIO()
    svc.write_backup(SqlBackupStore(engine), out)
    engine.dispose()
    text = out.getvalue()

    def tables(source: io.StringIO) -> dict[str, list[dict[str, Any]]]:
        backup = svc.read_backup(source)
        return {name: list(rows) for name, rows in backup.tables}

    expected = tables(io.StringIO(text))
    assert expected["logged_sets"][0]["date"] == date(2030, 1, 1)
    assert tables(_Trickle(text)) == expected
    pretty = json.dumps(json.loads(text), indent=4, ensure_ascii=True)
    assert tables(io.StringIO(pretty)) == expected, "any JSON layout of the same document reads the same"


def test_writer_streams_row_by_row(new_db: Any) -> None:
    src = new_db("sqlite")
    build_database(src)
    writes: list[int] = []

    class Sink(io.StringIO):
        def write(self, s: str) -> int:
            writes.append(len(s))
            return len(s)

    engine = make_engine(src)
    counts = svc.write_backup(SqlBackupStore(engine), Sink())
    engine.dispose()
    assert len(writes) > sum(counts.values()), "one write per row at least"
    assert max(writes) < 64 * 1024, "no write holds more than one row"


def test_values_round_trip_through_tags() -> None:
    from decimal import Decimal

    values = [None, True, 0, -(2**62), 1e-300, 0.1 + 0.2, float("inf"), float("-inf"), "", "ü💪",
              date(2030, 1, 2), datetime(2030, 1, 2, 3, 4, 5, 6), Decimal("12.50"), b"\x00\xff",
              uuid.UUID(int=5)]
    for value in values:
        encoded = json.loads(json.dumps(svc.encode_value(value)))
        assert svc.decode_value(encoded) == value and type(svc.decode_value(encoded)) is type(value)
    nan = svc.decode_value(json.loads(json.dumps(svc.encode_value(float("nan")))))
    assert nan != nan
    aware = datetime(2030, 1, 2, 5, 4, 5, tzinfo=UTC).astimezone()
    assert svc.decode_value(svc.encode_value(aware)) == datetime(2030, 1, 2, 5, 4, 5), "UTC, naive"
    for doc in ({"$date": "x"}, {"a": 1}, [1], "s", {"$json": 1}):
        assert svc.decode_value(svc.encode_value(doc, json_column=True)) == doc


def test_older_format_versions_go_through_the_converter_hook(monkeypatch: pytest.MonkeyPatch, new_db: Any) -> None:
    """A version 0 backup (tables called 'settings' then) is converted to version 1 on reading."""

    def from_v0(backup: svc.Backup) -> svc.Backup:
        renamed = ((("meta" if name == "settings" else name), rows) for name, rows in backup.tables)
        counts = {("meta" if k == "settings" else k): n for k, n in (backup.row_counts or {}).items()}
        return svc.Backup({**backup.header, "version": 1, "row_counts": counts}, renamed)

    monkeypatch.setitem(svc.CONVERTERS, 0, from_v0)
    old = _doc('"settings": [{"key": "k", "value": "v"}]', version=0, row_counts={"settings": 1})
    store = SqlBackupStore(make_engine(new_db("sqlite")))
    report = svc.restore_backup(store, io.StringIO(old))
    assert report.rows == {"meta": 1}
    monkeypatch.delitem(svc.CONVERTERS, 0)
    with pytest.raises(svc.BackupError, match="version 0 can no longer be read"):
        svc.read_backup(io.StringIO(old))
    store.engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", PG])
def test_backup_is_one_consistent_snapshot(new_db: Any, kind: str) -> None:
    """A log stored while the backup runs is wholly in it or wholly out of it, and the header's
    row counts match the rows written."""
    url = new_db(kind)
    engine = make_engine(url)
    store = SqlBackupStore(engine)
    store.upgrade()
    logs = SqlLogStore(engine)
    logs.put(1, _log("before", "2030-01-01"))
    written: list[str] = []

    class Meddler:
        def table(self, name: str, total: int | None) -> None:
            written.append(name)
            logs.put(1, _log(f"during-{len(written)}", "2030-01-02"))  # another connection, committed

        def advance(self, rows: int) -> None:
            pass

    out = io.StringIO()
    svc.write_backup(store, out, progress=Meddler())
    doc = json.loads(out.getvalue())
    assert [row["client_id"] for row in doc["tables"]["workout_logs"]] == ["before"]
    assert len(doc["tables"]["logged_sets"]) == 5
    assert doc["row_counts"] == {name: len(rows) for name, rows in doc["tables"].items()}
    assert logs.count(1)[0] == 1 + len(written)
    engine.dispose()
