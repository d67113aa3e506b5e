"""The log JSON: parsing (units, effort, set types, pain, symptoms), errors naming the field, and the
use cases that need no database (validation against the library, CSV export)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest

from tests.unit.log_fakes import MemoryLogStore, library_catalog
from trainwise.domain.logs import (
    GENERAL_REGION,
    LB_TO_KG,
    LogError,
    LoggedExercise,
    LoggedSet,
    WorkoutLog,
    log_from_dict,
    log_to_dict,
    parse_set,
)
from trainwise.services import logs as svc

LOG: dict[str, Any] = {
    "id": "5f0c6c3e-2f7a-4d8e-9a41-0d6b8c1f2e3a", "plan_id": "abc123def456", "date": "2026-11-23",
    "exercises": [
        {"exercise": "deadlift", "sets": [
            {"load_kg": 60, "reps": 5, "type": "warmup"},
            {"load_kg": 100, "reps": 5, "rir": 2, "type": "working"},
            {"load_kg": 100, "reps": 4, "rpe": 9.5},
        ]},
        {"exercise": "front-plank", "sets": [{"seconds": 45}]},
    ],
    "pain_during": {"lower_back": 2}, "pain_next_morning": {"lower_back": 1},
    "symptoms": [], "notes": "felt good",
}


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(LogError) as info:
        log_from_dict(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def _with_set(**fields: Any) -> dict[str, Any]:
    return {"date": "2026-11-23", "exercises": [{"exercise": "deadlift", "sets": [fields]}]}


# ---------------------------------------------------------------------------- parsing


def test_round_trip_is_the_same_json() -> None:
    log = log_from_dict(LOG)
    assert log.id == LOG["id"] and log.date == date(2026, 11, 23) and log.plan_id == "abc123def456"
    assert log.set_count == 4
    again = log_from_dict(log_to_dict(log))
    assert again == log
    data = log_to_dict(log)
    assert data["exercises"][0]["sets"][1] == {"load_kg": 100.0, "reps": 5, "seconds": None, "rir": 2.0,
                                               "rpe": None, "type": "working"}
    assert data["pain_during"] == {"lower_back": 2} and data["notes"] == "felt good"


def test_pounds_are_stored_as_kilograms() -> None:
    assert parse_set({"load_lb": 225, "reps": 5}, "s").load_kg == round(225 * LB_TO_KG, 3) == 102.058
    log = log_from_dict({"date": "2026-11-23", "unit": "lb",
                         "exercises": [{"exercise": "deadlift", "sets": [{"load": 100, "reps": 5},
                                                                         {"load_kg": 50, "reps": 5}]}]})
    first, second = log.exercises[0].sets
    assert first.load_kg == pytest.approx(45.359, abs=1e-3)
    assert second.load_kg == 50  # load_kg is kilograms whatever the unit
    assert log_from_dict({"date": "2026-11-23", "unit": "LBS", "exercises": []}).exercises == ()
    assert "'unit'" in _error({"date": "2026-11-23", "unit": "stone"})


def test_rpe_gives_rir_when_no_rir_is_logged() -> None:
    assert LoggedSet(reps=5, rpe=8).effective_rir == 2
    assert LoggedSet(reps=5, rpe=9.5).effective_rir == 0.5
    assert LoggedSet(reps=5, rir=3, rpe=8).effective_rir == 3  # the RIR logged wins
    assert LoggedSet(reps=5, type="failure").effective_rir == 0
    assert LoggedSet(reps=5).effective_rir is None


@pytest.mark.parametrize(("given", "stored"), [
    ("warmup", "warmup"), ("warm-up", "warmup"), ("W", "warmup"), ("working", "working"), ("normal", "working"),
    (None, "working"), ("", "working"), ("drop", "drop"), ("dropset", "drop"), ("D", "drop"),
    ("failure", "failure"), ("F", "failure"),
])
def test_set_types_and_their_aliases(given: str | None, stored: str) -> None:
    assert parse_set({"reps": 5, "type": given}, "s").type == stored


def test_warm_up_sets_do_not_count_as_working_sets() -> None:
    ex = LoggedExercise("deadlift", (LoggedSet(reps=5, type="warmup"), LoggedSet(reps=5), LoggedSet(reps=8, type="drop"),
                                     LoggedSet(reps=3, type="failure")))
    assert [s.type for s in ex.working_sets] == ["working", "drop", "failure"]


def test_pain_by_region_or_as_a_bare_number() -> None:
    log = log_from_dict({"date": "2026-11-23", "pain_during": {"lower back": 3, "knee": 2}, "pain_next_morning": 1})
    assert log.pain_during == {"lower_back": 3, "knees": 2}
    assert log.pain_next_morning == {GENERAL_REGION: 1}


def test_symptom_codes_are_normalised() -> None:
    log = log_from_dict({"date": "2026-11-23", "symptoms": ["Saddle anaesthesia", "leg-weakness", "soreness"]})
    assert log.symptoms == ("saddle_anaesthesia", "leg_weakness", "soreness")
    assert log.red_flags == ("saddle_anaesthesia",)


@pytest.mark.parametrize(("data", "field", "words"), [
    (_with_set(reps=5.5), "exercises[0].sets[0].reps", "whole number"),
    (_with_set(reps=-1), "exercises[0].sets[0].reps", "outside"),
    (_with_set(reps="many"), "exercises[0].sets[0].reps", "expected a number"),
    (_with_set(reps=True), "exercises[0].sets[0].reps", "expected a number"),
    (_with_set(reps=5, rpe=11), "exercises[0].sets[0].rpe", "outside 1-10"),
    (_with_set(reps=5, rir=-1), "exercises[0].sets[0].rir", "outside"),
    (_with_set(reps=5, load_kg=5000), "exercises[0].sets[0].load_kg", "outside"),
    (_with_set(reps=5, weight=5), "exercises[0].sets[0].weight", "unknown field"),
    (_with_set(reps=5, type="superset"), "exercises[0].sets[0].type", "not one of warmup, working, drop, failure"),
    (_with_set(load_kg=20), "exercises[0].sets[0]", "needs reps or seconds"),
    ({"exercises": []}, "date", "is required"),
    ({"date": "23/11/2026"}, "date", "YYYY-MM-DD"),
    ({"date": "2026-11-23", "exercises": "deadlift"}, "exercises", "expected a list"),
    ({"date": "2026-11-23", "exercises": [{"sets": []}]}, "exercises[0].exercise", "is required"),
    ({"date": "2026-11-23", "pain_during": {"toe": 2}}, "pain_during.toe", "unknown region"),
    ({"date": "2026-11-23", "pain_during": {"lower_back": 11}}, "pain_during.lower_back", "outside 0-10"),
    ({"date": "2026-11-23", "symptoms": ["headache"]}, "symptoms", "unknown symptom code 'headache'"),
    ({"date": "2026-11-23", "id": "x" * 65}, "id", "1-64 characters"),
    ({"date": "2026-11-23", "plan_id": "p" * 33}, "plan_id", "1-32 characters"),
    ({"date": "2026-11-23", "notes": "n" * 5001}, "notes", "5000"),
    ({"date": "2026-11-23", "exercises": [{"exercise": "deadlift", "sets": [{"reps": 1}] * 501}]},
     "exercises", "at most 500"),
])
def test_bad_fields_are_named(data: dict[str, Any], field: str, words: str) -> None:
    message = _error(data)
    assert message.startswith(f"log field '{field}'"), message
    assert words in message


def test_a_log_must_be_an_object() -> None:
    assert _error([]) == "a log must be a JSON object"  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- validation against the library


def test_names_and_aliases_become_library_slugs() -> None:
    data = {**LOG, "exercises": [{"exercise": "Barbell Deadlift", "sets": [{"reps": 5}]},
                                 {"exercise": "plank", "sets": [{"seconds": 30}]},
                                 {"exercise": "Lat Pulldown", "sets": []}]}
    log = svc.validate_log(library_catalog(), data)
    assert [e.exercise for e in log.exercises] == ["deadlift", "front-plank", "lat-pulldown"]


def test_an_unknown_exercise_is_named_with_suggestions() -> None:
    data = {"date": "2026-11-23", "exercises": [{"exercise": "deadlift", "sets": [{"reps": 5}]},
                                                {"exercise": "bench pres", "sets": [{"reps": 5}]}]}
    with pytest.raises(svc.UnknownLoggedExerciseError) as info:
        svc.validate_log(library_catalog(), data)
    assert str(info.value).startswith("log field 'exercises[1].exercise': unknown exercise 'bench pres'; did you mean ")
    assert "barbell-bench-press" in info.value.suggestions
    assert svc.log_error_loc(info.value) == ["exercises", 1, "exercise"]


@pytest.mark.parametrize("bad", ["has space", "a/b", "-leading", "é"])
def test_log_ids_must_be_safe_in_urls(bad: str) -> None:
    with pytest.raises(LogError, match="log field 'id'"):
        svc.validate_log(library_catalog(), {"id": bad, "date": "2026-11-23"})


def test_a_log_without_id_gets_a_fresh_one() -> None:
    first = svc.validate_log(library_catalog(), {"date": "2026-11-23"})
    second = svc.validate_log(library_catalog(), {"date": "2026-11-23"})
    assert first.id != second.id and svc.LOG_ID.fullmatch(first.id)


def test_error_locations() -> None:
    assert svc.log_error_loc(LogError("log field 'exercises[0].sets[12].reps': bad")) == [
        "exercises", 0, "sets", 12, "reps"]
    assert svc.log_error_loc(LogError("log field 'pain_during.lower_back': bad")) == ["pain_during", "lower_back"]
    assert svc.log_error_loc(LogError("a log must be a JSON object")) == []


def test_date_ranges() -> None:
    assert svc.date_range(None, None) == (None, None)
    assert svc.date_range("2026-01-01", "") == (date(2026, 1, 1), None)
    assert svc.date_range(date(2026, 1, 1), "2026-01-01") == (date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(LogError, match=r"log field 'from'.*after"):
        svc.date_range("2026-02-01", "2026-01-01")
    with pytest.raises(LogError, match="log field 'to'"):
        svc.date_range(None, "yesterday")


def test_parse_log_json() -> None:
    assert svc.parse_log_json('{"date": "2026-11-23"}') == {"date": "2026-11-23"}
    with pytest.raises(LogError, match="not valid JSON"):
        svc.parse_log_json("{")


# ---------------------------------------------------------------------------- use cases on a store


def test_record_is_idempotent_by_client_id() -> None:
    store = MemoryLogStore()
    log, created = svc.record_log(store, library_catalog(), 1, LOG)
    assert created and log.exercises[0].exercise == "deadlift"
    again, created = svc.record_log(store, library_catalog(), 1, {**LOG, "notes": "edited"})
    assert not created and again.notes == "edited"
    assert [x.notes for x in svc.list_logs(store, 1)] == ["edited"]
    assert svc.get_log(store, 1, LOG["id"]).notes == "edited"
    with pytest.raises(svc.LogNotFoundError, match=f"no log with id '{LOG['id']}'"):
        svc.get_log(store, 2, LOG["id"])
    svc.delete_log(store, 1, LOG["id"])
    with pytest.raises(svc.LogNotFoundError):
        svc.delete_log(store, 1, LOG["id"])


def test_summary() -> None:
    summary = svc.log_summary(log_from_dict(LOG))
    assert summary == {"id": LOG["id"], "date": "2026-11-23", "exercises": ["deadlift", "front-plank"], "sets": 4,
                       "working_sets": 3, "pain_during": 2, "symptoms": []}


def test_csv_export_has_one_row_per_set_and_leaves_nothing_out() -> None:
    logs = [
        log_from_dict(LOG),
        WorkoutLog(id="empty", date=date(2026, 11, 24), notes="rest day, walked"),
        WorkoutLog(id="nosets", date=date(2026, 11, 25), exercises=(LoggedExercise("bird-dog"),),
                   symptoms=("soreness",)),
        log_from_dict({"id": "lb", "date": "2026-11-26", "exercises": [
            {"exercise": "deadlift", "sets": [{"load_lb": 225, "reps": 5}]}]}),
    ]
    out = io.StringIO()
    csv.writer(out).writerows(svc.export_rows(logs))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(svc.EXPORT_COLUMNS)
    assert len(rows) == 4 + 1 + 1 + 1
    first = rows[1]
    assert first == {"date": "2026-11-23", "log_id": LOG["id"], "exercise": "deadlift", "set_no": "2",
                     "type": "working", "load_kg": "100", "reps": "5", "seconds": "", "rir": "2", "rpe": "",
                     "pain_during": "lower_back:2", "notes": "felt good", "pain_next_morning": "lower_back:1",
                     "symptoms": "", "plan_id": "abc123def456"}
    assert rows[0]["type"] == "warmup" and rows[2]["rpe"] == "9.5"
    assert rows[3]["exercise"] == "front-plank" and rows[3]["seconds"] == "45" and rows[3]["reps"] == ""
    assert rows[4]["log_id"] == "empty" and rows[4]["exercise"] == "" and rows[4]["notes"] == "rest day, walked"
    assert rows[5]["exercise"] == "bird-dog" and rows[5]["set_no"] == "" and rows[5]["symptoms"] == "soreness"
    assert rows[6]["load_kg"] == "102.058"


def test_export_csv_text_from_a_store() -> None:
    store = MemoryLogStore()
    svc.record_log(store, library_catalog(), 1, LOG)
    svc.record_log(store, library_catalog(), 2, {**LOG, "notes": "someone else"})
    text = svc.export_csv(store, 1)
    assert text.splitlines()[0] == ",".join(svc.EXPORT_COLUMNS)
    assert len(text.splitlines()) == 5 and "someone else" not in text
    assert svc.export_csv(store, 1, date(2027, 1, 1)).splitlines() == [",".join(svc.EXPORT_COLUMNS)]
