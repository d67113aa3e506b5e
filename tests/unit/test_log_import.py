"""Importing history: Strong (comma and semicolon exports) and Hevy (kg and lbs) CSV files."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import REPO
from tests.unit.log_fakes import MemoryLogStore, library_catalog
from trainwise.domain.errors import UnknownExerciseError
from trainwise.domain.logs import LB_TO_KG, WorkoutLog
from trainwise.services import log_import as imp

DATA = REPO / "tests" / "data" / "imports"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _by_id(logs: list[WorkoutLog]) -> dict[str, WorkoutLog]:
    return {log.id: log for log in logs}


def _sets(log: WorkoutLog, slug: str) -> list[tuple[float | None, int | None, str]]:
    return [(s.load_kg, s.reps, s.type) for e in log.exercises if e.exercise == slug for s in e.sets]


# ---------------------------------------------------------------------------- Strong, comma export


def test_strong_comma_export() -> None:
    result = imp.import_strong(_text("strong_comma.csv"), library_catalog())
    logs = _by_id(result.logs)
    assert list(logs) == ["strong-2024-01-08T18:02:41", "strong-2024-01-10T17:45:09", "strong-2024-01-13T10:20:00"]
    first = logs["strong-2024-01-08T18:02:41"]
    assert first.date == date(2024, 1, 8)
    assert [e.exercise for e in first.exercises] == ["back-squat", "barbell-bench-press", "barbell-bent-over-row",
                                                     "front-plank"]
    assert _sets(first, "back-squat") == [(40, 8, "warmup"), (60, 5, "warmup"), (80, 5, "working"),
                                          (80, 5, "working"), (80, 5, "working")]
    assert _sets(first, "barbell-bench-press")[-1] == (50, 10, "drop")
    assert [s.rpe for s in first.exercises[0].sets] == [None, None, 7.5, 8, 8.5]
    plank = first.exercises[-1].sets
    assert [(s.load_kg, s.reps, s.seconds) for s in plank] == [(None, None, 60), (None, None, 45)]
    assert first.notes.splitlines() == ["Strong: Full Body A", "Slept badly", "Bench Press (Barbell): Pause at the chest"]
    second = logs["strong-2024-01-10T17:45:09"]
    assert _sets(second, "overhead-press")[-1] == (40, 3, "failure")
    assert _sets(second, "pull-up") == [(None, 8, "working"), (None, 7, "working")]  # 0 kg: body weight


def test_strong_skips_rest_timers_and_reports_unmatched_names() -> None:
    report = imp.import_strong(_text("strong_comma.csv"), library_catalog()).report
    assert report.skipped["rest timer"] == 3
    assert report.unmatched == {"Cable Crossover": 2, "Seated Leg Curl (Machine)": 3, "Running": 1}
    assert report.skipped["workouts with no set imported"] == 1  # the run: nothing in it maps
    assert report.sessions == 3 and report.sets == 13 + 9 + 10
    assert (report.first, report.last) == (date(2024, 1, 8), date(2024, 1, 13))
    assert report.problems == [] and not report.stored
    assert imp.unmatched_lines(report) == ["Seated Leg Curl (Machine) (3 sets)", "Cable Crossover (2 sets)",
                                           "Running (1 set)"]
    data = report.to_dict()
    assert data["unmatched"][0] == {"name": "Seated Leg Curl (Machine)", "sets": 3}
    assert data["first"] == "2024-01-08" and data["stored"] is False


def test_strong_weights_in_pounds_when_the_file_does_not_say() -> None:
    kg = imp.import_strong(_text("strong_comma.csv"), library_catalog()).logs[0]
    lb = imp.import_strong(_text("strong_comma.csv"), library_catalog(), unit="lb").logs[0]
    assert kg.exercises[0].sets[2].load_kg == 80
    assert lb.exercises[0].sets[2].load_kg == round(80 * LB_TO_KG, 3)
    with pytest.raises(imp.ImportFormatError, match="unknown weight unit 'stone'"):
        imp.import_strong(_text("strong_comma.csv"), library_catalog(), unit="stone")


# ---------------------------------------------------------------------------- Strong, semicolon export


def test_strong_semicolon_export_with_decimal_commas_and_weight_units() -> None:
    result = imp.import_strong(_text("strong_semicolon.csv"), library_catalog())
    logs = _by_id(result.logs)
    assert list(logs) == ["strong-2024-02-05T19:01:12", "strong-2024-02-07T18:30:00", "strong-2024-02-09T07:45:00"]
    upper = logs["strong-2024-02-05T19:01:12"]
    assert [e.exercise for e in upper.exercises] == ["barbell-bench-press", "incline-dumbbell-press",
                                                     "seated-cable-row", "dumbbell-lateral-raise"]
    assert _sets(upper, "barbell-bench-press") == [(40, 10, "warmup"), (67.5, 6, "working"), (67.5, 6, "working"),
                                                   (67.5, 5, "working")]
    assert [s.rpe for s in upper.exercises[0].sets] == [None, 8, 8.5, 9]
    assert _sets(upper, "dumbbell-lateral-raise") == [(8, 15, "working"), (6, 12, "drop")]
    assert upper.notes.splitlines() == ["Strong: Oberkörper", "Schulter etwas steif",
                                        "Incline Bench Press (Dumbbell): Bank auf 30°"]
    lower = logs["strong-2024-02-07T18:30:00"]
    assert _sets(lower, "deadlift") == [(round(135 * LB_TO_KG, 3), 5, "warmup"), (round(265 * LB_TO_KG, 3), 5, "working"),
                                        (round(265 * LB_TO_KG, 3), 5, "working")]
    assert _sets(lower, "leg-press")[-1] == (120, 15, "failure")
    assert _sets(logs["strong-2024-02-09T07:45:00"], "cable-triceps-pushdown") == [(25, 12, "working")] * 2
    report = result.report
    assert report.skipped == {"rest timer": 2}
    assert report.unmatched == {"Hip Abductor (Machine)": 2}


def test_the_weight_unit_can_come_from_the_header() -> None:
    text = ("Date;Workout Name;Exercise Name;Set Order;Weight (lbs);Reps\n"
            "2024-03-01 10:00:00;A;Deadlift (Barbell);1;225;5\n")
    log = imp.import_strong(text, library_catalog()).logs[0]
    assert log.exercises[0].sets[0].load_kg == round(225 * LB_TO_KG, 3)


# ---------------------------------------------------------------------------- Hevy


def test_hevy_in_kilograms() -> None:
    result = imp.import_hevy(_text("hevy_kg.csv"), library_catalog())
    logs = _by_id(result.logs)
    assert list(logs) == ["hevy-2024-02-26T18:03:00", "hevy-2024-02-28T17:40:00", "hevy-2024-03-01T08:15:00"]
    push = logs["hevy-2024-02-26T18:03:00"]
    assert [e.exercise for e in push.exercises] == ["barbell-bench-press", "dumbbell-shoulder-press",
                                                    "dumbbell-lateral-raise", "cable-triceps-pushdown"]
    assert _sets(push, "barbell-bench-press") == [(40, 10, "warmup"), (70, 6, "working"), (70, 6, "working"),
                                                  (70, 5, "failure")]
    assert [s.rpe for s in push.exercises[0].sets] == [None, 8, 8.5, 10]
    assert push.exercises[0].sets[-1].effective_rir == 0
    assert _sets(push, "dumbbell-lateral-raise")[-1] == (6, 12, "drop")
    assert push.notes.splitlines() == ["Hevy: Push Day", "Good energy", "Shoulder Press (Dumbbell): Seated"]
    pull = logs["hevy-2024-02-28T17:40:00"]
    assert _sets(pull, "pull-up") == [(None, 9, "working"), (None, 8, "working")]
    assert [s.seconds for e in pull.exercises if e.exercise == "front-plank" for s in e.sets] == [60]
    report = result.report
    assert report.unmatched == {"Cable Fly Crossovers": 1, "Seated Leg Curl (Machine)": 2}
    assert report.skipped == {"no reps or time": 1}  # the treadmill row has a distance only
    assert report.sets == 10 + 9 + 5


def test_hevy_in_pounds() -> None:
    logs = _by_id(imp.import_hevy(_text("hevy_lbs.csv"), library_catalog()).logs)
    upper = logs["hevy-2024-03-04T06:30:00"]
    assert _sets(upper, "barbell-bench-press") == [(round(95 * LB_TO_KG, 3), 10, "warmup"),
                                                   (round(155 * LB_TO_KG, 3), 8, "working"),
                                                   (round(155 * LB_TO_KG, 3), 8, "working")]
    assert _sets(upper, "dumbbell-biceps-curl")[-1] == (round(20 * LB_TO_KG, 3), 10, "drop")
    lower = logs["hevy-2024-03-06T06:30:00"]
    assert _sets(lower, "deadlift")[-1] == (round(225 * LB_TO_KG, 3), 4, "failure")
    assert _sets(lower, "walking-lunge") == [(round(40 * LB_TO_KG, 3), 20, "working")]


# ---------------------------------------------------------------------------- re-imports, mapping, bad files


@pytest.mark.parametrize(("source", "name"), [("strong", "strong_comma.csv"), ("strong", "strong_semicolon.csv"),
                                              ("hevy", "hevy_kg.csv"), ("hevy", "hevy_lbs.csv")])
def test_importing_twice_replaces_instead_of_duplicating(source: str, name: str) -> None:
    store = MemoryLogStore()
    first = imp.store_import(store, 1, imp.import_logs(source, _text(name), library_catalog()))
    assert first.stored and first.created == first.sessions > 0 and first.updated == 0
    before = store.list(1)
    seen: list[int] = []
    second = imp.store_import(store, 1, imp.import_logs(source, _text(name), library_catalog()), progress=seen.append)
    assert second.created == 0 and second.updated == first.sessions
    assert seen == list(range(1, first.sessions + 1))
    assert store.list(1) == before


def test_names_can_be_mapped_by_hand() -> None:
    names = imp.parse_names(["Seated Leg Curl (Machine)=lying-leg-curl", "cable crossover = Dumbbell Fly"])
    assert names == {"Seated Leg Curl (Machine)": "lying-leg-curl", "cable crossover": "Dumbbell Fly"}
    result = imp.import_strong(_text("strong_comma.csv"), library_catalog(), names=names)
    assert result.report.unmatched == {"Running": 1}
    assert result.report.sets == 32 + 3 + 2
    logs = _by_id(result.logs)
    assert "dumbbell-fly" in [e.exercise for e in logs["strong-2024-01-08T18:02:41"].exercises]
    with pytest.raises(UnknownExerciseError, match="unknown exercise 'leg curl machine'"):
        imp.import_strong(_text("strong_comma.csv"), library_catalog(), names={"x": "leg curl machine"})
    with pytest.raises(imp.ImportFormatError, match="expected NAME=SLUG"):
        imp.parse_names(["no equals sign"])


def test_a_file_of_the_other_app_is_refused() -> None:
    with pytest.raises(imp.ImportFormatError, match="not a Hevy CSV export: no 'start_time' column"):
        imp.import_hevy(_text("strong_comma.csv"), library_catalog())
    with pytest.raises(imp.ImportFormatError, match="not a Strong CSV export: no 'date' column"):
        imp.import_strong(_text("hevy_kg.csv"), library_catalog())
    with pytest.raises(imp.ImportFormatError, match="not a Strong CSV export"):
        imp.import_strong("", library_catalog())
    with pytest.raises(imp.ImportFormatError, match="unknown source 'fitbod'"):
        imp.import_logs("fitbod", "", library_catalog())


def test_bad_rows_are_reported_by_line_and_the_rest_is_imported() -> None:
    text = ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds,RPE\n"
            "2024-03-01 10:00:00,A,Deadlift (Barbell),1,100,5,0,\n"
            "2024-03-01 10:00:00,A,Deadlift (Barbell),2,heavy,5,0,\n"
            "yesterday,A,Deadlift (Barbell),3,100,5,0,\n"
            "2024-03-01 10:00:00,A,Deadlift (Barbell),X,100,5,0,\n"
            "2024-03-01 10:00:00,A,Deadlift (Barbell),4,100,2.5,0,\n"
            "2024-03-01 10:00:00,A,Deadlift (Barbell),5,100,5,0,12\n"
            "2024-03-01 10:00:00,A,,6,100,5,0,\n"
            "2024-03-01 10:00:00,A,Deadlift (Barbell),7,100,0,0,\n")
    result = imp.import_strong(text, library_catalog())
    assert [len(e.sets) for e in result.logs[0].exercises] == [1]
    report = result.report
    assert report.problems == [
        "line 3: 'heavy' is not a number",
        "line 4: 'yesterday' is not a date and time",
        "line 5: set order 'X' is not a number, W, D or F",
        "line 6: 'reps': expected a whole number, got 2.5",
        "line 7: 'rpe': 12.0 is outside 1-10",
        "line 8: no exercise name",
    ]
    assert report.skipped == {"unreadable row": 6, "no reps or time": 1}


@pytest.mark.parametrize(("name", "slug"), [
    ("Squat (Barbell)", "back-squat"), ("Bench Press (Dumbbell)", "dumbbell-bench-press"),
    ("Bench Press (Barbell)", "barbell-bench-press"), ("Incline Bench Press (Dumbbell)", "incline-dumbbell-press"),
    ("Triceps Pushdown (Cable - Straight Bar)", "cable-triceps-pushdown"), ("Bicep Curl (Barbell)", "barbell-curl"),
    ("Deadlift (Dumbbell)", "deadlift"), ("Deadlift (Kettlebell)", "kettlebell-deadlift"),
    ("Walking Lunge (Dumbbell)", "walking-lunge"), ("Pull Up (Weighted)", "pull-up"),
    ("Calf Raise (Standing)", "standing-calf-raise"), ("Squat (Bodyweight)", "bodyweight-squat"),
    ("Plank", "front-plank"), ("Pull Ups", "pull-up"), ("lat-pulldown", "lat-pulldown"),
])
def test_names_map_to_the_right_variant(name: str, slug: str) -> None:
    assert imp.ExerciseMatcher(library_catalog()).match(name) == slug


@pytest.mark.parametrize("name", [
    "Seated Leg Curl (Machine)",  # a lying leg curl is close in spelling, not the same exercise
    "Bench Press (Smith Machine)",  # the bench press needs a barbell, not a machine
    "Squat (Dumbbell)", "Shoulder Press (Machine)", "Deadlift (Trap bar)", "Back Extension", "Running",
    "Crunch (Machine)",
])
def test_names_are_never_guessed(name: str) -> None:
    assert imp.ExerciseMatcher(library_catalog()).match(name) is None


def test_split_name() -> None:
    assert imp.split_name("Triceps Pushdown (Cable - Straight Bar)") == ("triceps pushdown", ("cable", "straight bar"))
    assert imp.split_name("Plank") == ("plank", ())


def test_start_times() -> None:
    assert imp.parse_datetime("2024-01-08 18:02:41").isoformat() == "2024-01-08T18:02:41"
    assert imp.parse_datetime("26 Feb 2024, 18:03").isoformat() == "2024-02-26T18:03:00"
    assert imp.parse_datetime("2024-02-26T18:03:00+01:00").isoformat() == "2024-02-26T18:03:00"
    with pytest.raises(ValueError, match="not a date and time"):
        imp.parse_datetime("soon")
