"""Progress statistics on hand-built logs with answers worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainwise.domain import analytics as a
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import LoggedExercise, LoggedSet, WorkoutLog
from trainwise.domain.profile import profile_from_dict

MON = date(2026, 3, 2)  # a Monday (ISO week 2026-W10)


def exercise(slug: str, primary: tuple[str, ...], secondary: tuple[str, ...] = (), category: str = "strength",
             patterns: tuple[str, ...] = ("knee_dominant",)) -> Exercise:
    return Exercise(slug=slug, name=slug.replace("-", " ").title(), summary="s", description="d",
                    steps=("a", "b", "c"), primary_muscles=primary, equipment=("barbell",), level="beginner",
                    category=category, patterns=patterns, joint="multi", secondary_muscles=secondary)


LIBRARY = {e.slug: e for e in (
    exercise("back-squat", ("quadriceps", "glutes"), ("hamstrings", "abductors", "adductors")),
    exercise("bench-press", ("chest",), ("triceps", "front_delts"), patterns=("upper_push_horizontal",)),
    exercise("hip-stretch", ("hip_flexors",), category="stretching", patterns=("mobility",)),
    exercise("bird-dog", ("erector_spinae",), ("glutes",), category="rehab", patterns=("trunk_anti_rotation",)),
)}


def ls(load: float | None = None, reps: int | None = None, rir: float | None = None, rpe: float | None = None,
      type: str = "working", seconds: float | None = None) -> LoggedSet:
    return LoggedSet(load, reps, seconds, rir, rpe, type)


def log(day: date, *exercises: tuple[str, list[LoggedSet]], pain_during: dict[str, int] | None = None,
        pain_next_morning: dict[str, int] | None = None, log_id: str | None = None) -> WorkoutLog:
    return WorkoutLog(id=log_id or f"{day.isoformat()}-{len(exercises)}-{exercises[0][0] if exercises else ''}",
                      date=day, exercises=tuple(LoggedExercise(slug, tuple(sets)) for slug, sets in exercises),
                      pain_during=pain_during or {}, pain_next_morning=pain_next_morning or {})


# ------------------------------------------------------------------------------------ weeks


def test_window_is_iso_weeks_ending_this_week() -> None:
    weeks = a.window(MON + timedelta(days=3), 3)
    assert weeks == (MON - timedelta(weeks=2), MON - timedelta(weeks=1), MON)
    assert a.week_label(MON) == "2026-W10"
    assert a.monday(date(2026, 3, 8)) == MON  # Sunday belongs to the week of its Monday
    with pytest.raises(ValueError, match="weeks must be"):
        a.window(MON, 0)


# ------------------------------------------------------------------------------------ e1RM


def test_e1rm_of_a_set_follows_the_rubric() -> None:
    point = a.set_e1rm(ls(100, 8, rir=2), MON)  # r_eff 10: both formulas give 133.33
    assert point is not None and point.e1rm_kg == 133.33 and not point.low_confidence
    low = a.set_e1rm(ls(100, 10, rir=2), MON)  # r_eff 12: Epley 140, Brzycki 144
    assert low is not None and low.e1rm_kg == 142.0 and low.low_confidence
    assert a.set_e1rm(ls(100, 11, rir=2), MON) is None  # r_eff 13: no estimate
    assert a.set_e1rm(ls(120, 1, rpe=10), MON).e1rm_kg == 120.0  # type: ignore[union-attr]
    assert a.set_e1rm(ls(100, 5, type="warmup"), MON) is None
    assert a.set_e1rm(ls(None, 20), MON) is None  # body weight
    assert a.set_e1rm(ls(100, None, seconds=30), MON) is None
    # No RIR and no RPE: read as to failure (a lower bound).
    assert a.set_e1rm(ls(100, 10), MON).e1rm_kg == 133.33  # type: ignore[union-attr]


def test_trend_takes_the_best_valid_estimate_of_each_day_and_judges_the_change() -> None:
    logs = [
        log(MON, ("back-squat", [ls(60, 10, type="warmup"), ls(80, 8, rir=2), ls(90, 5, rir=0),
                                 ls(100, 10, rir=2)])),  # the last is low confidence (142): not taken
        log(MON + timedelta(days=7), ("back-squat", [ls(90, 8, rir=2)]),
            ("bench-press", [ls(100, 10, rir=0)])),
        log(MON + timedelta(days=14), ("bench-press", [ls(103, 10, rir=0)])),
        log(MON + timedelta(days=15), ("bench-press", [ls(100, 10, rir=2)])),  # only low confidence: kept, flagged
    ]
    stats = a.summarize(logs, LIBRARY, MON + timedelta(days=20))
    squat, bench = stats.exercise("back-squat").trend, stats.exercise("bench-press").trend
    assert [(p.date, p.e1rm_kg, p.load_kg, p.reps) for p in squat.points] == [
        (MON, 106.67, 80, 8), (MON + timedelta(days=7), 120.0, 90, 8)]
    assert squat.change_pct == 12.5 and squat.direction == "up"
    assert [p.e1rm_kg for p in bench.points] == [133.33, 137.33, 142.0]
    assert bench.points[-1].low_confidence
    assert bench.direction == "up"  # 133.33 -> 142.0 is +6.5 %
    two = a.E1rmTrend("x", "X", bench.points[:2])
    assert two.change_pct == 3.0 and two.direction == "flat"  # under 5 %: noise
    assert a.E1rmTrend("x", "X", bench.points[:1]).direction == ""
    assert bench.best is not None and bench.best.e1rm_kg == 142.0
    # Trends list the exercise with most points first.
    assert [t.exercise for t in stats.e1rm] == ["bench-press", "back-squat"]


def test_trend_covers_the_window_only() -> None:
    logs = [log(MON - timedelta(weeks=20), ("back-squat", [ls(50, 5, rir=0)])),
            log(MON, ("back-squat", [ls(80, 5, rir=0)]))]
    stats = a.summarize(logs, LIBRARY, MON, weeks=4)
    assert [p.date for p in stats.exercise("back-squat").trend.points] == [MON]
    assert stats.exercise("back-squat").records is not None  # records are all time


# ------------------------------------------------------------------------------------ records


def test_personal_records_with_the_day_each_was_first_reached() -> None:
    d1, d2, d3 = MON, MON + timedelta(days=2), MON + timedelta(days=9)
    logs = [
        log(d1, ("back-squat", [ls(140, 3, type="warmup"), ls(100, 5, rir=1), ls(100, 5, rir=1)])),
        log(d2, ("back-squat", [ls(110, 2, rir=0), ls(100, 8, rir=0)])),
        log(d3, ("back-squat", [ls(110, 2, rir=0), ls(100, 6, rir=0), ls(60, 12, rir=0)]),
            ("push-up", [ls(None, 15), ls(None, 20), ls(None, 18, type="warmup")])),
    ]
    records = {r.exercise: r for r in a.personal_records(logs, {"back-squat": "Back Squat"})}
    squat = records["back-squat"]
    assert squat.name == "Back Squat"
    # Heaviest: 110 kg (the warm-up at 140 does not count), first lifted on d2.
    assert (squat.heaviest.value, squat.heaviest.date, squat.heaviest.reps) == (110, d2, 2)  # type: ignore[union-attr]
    # Best e1RM: 100 x 8 at RIR 0 (r_eff 8: Epley 126.67, Brzycki 124.14) on d2.
    assert squat.best_e1rm is not None and squat.best_e1rm.date == d2
    assert squat.best_e1rm.value == pytest.approx(125.4, abs=0.01)
    assert squat.best_e1rm.load_kg == 100 and squat.best_e1rm.reps == 8
    # Most volume in a session: d2 = 220 + 800 = 1020; d1 = 1000; d3 = 220 + 600 + 720 = 1540.
    assert (squat.most_volume.value, squat.most_volume.date) == (1540.0, d3)  # type: ignore[union-attr]
    # Most reps at each load, heaviest first; 110 x 2 was first done on d2.
    assert [(r.load_kg, r.reps, r.date) for r in squat.reps_at_load] == [(110, 2, d2), (100, 8, d2), (60, 12, d3)]
    assert squat.latest == d3
    # An exercise logged twice in one session: its volume adds up.
    twice = a.personal_records([log(d1, ("back-squat", [ls(100, 10, rir=2)]), ("back-squat", [ls(100, 10, rir=2)]))], {})
    assert twice[0].most_volume is not None and twice[0].most_volume.value == 2000.0
    push = records["push-up"]
    assert push.name == "push-up" and push.heaviest is None and push.most_volume is None
    assert [(r.load_kg, r.reps, r.date) for r in push.reps_at_load] == [(None, 20, d3)]


# ------------------------------------------------------------------------------------ hard sets


def test_hard_sets_count_working_sets_by_effort_with_secondary_muscles_at_half() -> None:
    sets = [ls(60, 10, type="warmup"), ls(60, 8, type="warmup"),
            ls(100, 5, rir=2), ls(100, 5, rir=2), ls(100, 5, rir=4),   # hard (RIR <= 4)
            ls(80, 5, rir=5),                                          # not hard: too easy
            ls(100, 5, rpe=7),                                         # hard: RPE >= 6
            ls(100, 5, rpe=5),                                         # not hard
            ls(100, 5),                                                # no RIR, no RPE: hard
            ls(100, None, seconds=30),                                 # a hold: not a hard set
            ls(70, 12, type="drop", rir=0)]                            # drop sets count
    assert sum(a.is_hard_set(s) for s in sets) == 6
    today = MON + timedelta(days=8)  # the week of MON is over
    logs = [log(MON, ("back-squat", sets), ("hip-stretch", [ls(None, 10, rir=0)] * 4),
                ("bird-dog", [ls(None, 8, rir=2)] * 3), ("mystery-lift", [ls(50, 5, rir=1)] * 3))]
    stats = a.summarize(logs, LIBRARY, today, weeks=2)
    groups = {g.group: g for g in stats.volume.groups}
    # Primary quadriceps and glutes: 6 each; secondary hamstrings: 3; abductors map to glutes,
    # which is already primary (counted once); adductors have no rubric group.
    assert groups["quadriceps"].weeks == (6.0, 0.0)
    assert groups["glutes"].weeks == (6.0, 0.0)
    assert groups["hamstrings"].weeks == (3.0, 0.0)
    assert groups["chest"].weeks == (0.0, 0.0)  # every major group is listed
    assert groups["trunk"].weeks == (0.0, 0.0)  # bird-dog is rehab: not hard sets
    assert "biceps" not in groups  # minor groups only when trained
    assert stats.unknown_exercises == ("mystery-lift",)
    assert stats.volume.full_weeks == 1 and groups["quadriceps"].average == 6.0
    assert groups["quadriceps"].this_week == 0.0


def test_weeks_compared_with_the_general_band_or_the_profile_band() -> None:
    today = MON + timedelta(days=7)
    logs = [log(MON, ("back-squat", [ls(100, 5, rir=2)] * 12), ("bench-press", [ls(60, 8, rir=2)] * 3))]
    general = a.summarize(logs, LIBRARY, today, weeks=2).volume
    assert (general.band, general.band_source, general.cap) == ((4, 10), "general", None)
    groups = {g.group: g for g in general.groups}
    assert groups["quadriceps"].statuses == ("above", "below")  # 12 sets, then none yet
    assert groups["quadriceps"].status == "above"
    assert groups["hamstrings"].status == "in"  # 6 (secondary)
    assert groups["chest"].status == "below"  # 3
    assert groups["triceps"].band is None and groups["triceps"].status == ""  # minor: no band
    assert groups["triceps"].weeks == (1.5, 0.0) and groups["shoulders"].weeks == (1.5, 0.0)
    assert a.band_status(4, (4, 10)) == "in" and a.band_status(10, (4, 10)) == "in"
    profile = profile_from_dict({"goal": "hypertrophy", "level": "intermediate"})
    personal = a.summarize(logs, LIBRARY, today, profile=profile, weeks=2).volume
    assert (personal.band, personal.band_source, personal.cap) == ((10, 20), "profile", 25)
    assert {g.group: g.status for g in personal.groups}["quadriceps"] == "in"
    assert {g.group: g.status for g in personal.groups}["hamstrings"] == "below"


def test_averages_start_with_the_first_logged_week_unless_there_is_older_history() -> None:
    today = MON + timedelta(weeks=3, days=1)  # window of 4 weeks: MON .. MON+3w (this week)
    new = [log(MON + timedelta(weeks=1), ("back-squat", [ls(100, 5, rir=2)] * 8)),
           log(MON + timedelta(weeks=2), ("back-squat", [ls(100, 5, rir=2)] * 4))]
    volume = a.summarize(new, LIBRARY, today, weeks=4).volume
    quads = next(g for g in volume.groups if g.group == "quadriceps")
    assert quads.weeks == (0.0, 8.0, 4.0, 0.0)
    assert volume.full_weeks == 2 and quads.average == 6.0
    old = [*new, log(MON - timedelta(weeks=10), ("back-squat", [ls(100, 5, rir=2)]))]
    volume = a.summarize(old, LIBRARY, today, weeks=4).volume
    assert volume.full_weeks == 3 and next(g for g in volume.groups if g.group == "quadriceps").average == 4.0
    assert a.summarize([], LIBRARY, today).volume.full_weeks == 0


# ------------------------------------------------------------------------------------ adherence


def _session_on(day: date) -> WorkoutLog:
    return log(day, ("back-squat", [ls(100, 5, rir=2)]), log_id=f"s-{day.isoformat()}")


def test_streaks_across_gaps() -> None:
    w = [MON + timedelta(weeks=i) for i in range(12)]
    logs = [_session_on(d) for d in (w[0], w[1], w[1] + timedelta(days=2), w[3], w[4], w[5])]
    mid_week7 = w[6] + timedelta(days=3)
    result = a.summarize(logs, LIBRARY, mid_week7, weeks=8).adherence
    # Weeks 0-1, gap at 2, weeks 3-5; this week (6) has no session yet: the streak still stands.
    assert (result.current_streak, result.longest_streak) == (3, 3)
    assert result.sessions == (0, 1, 2, 0, 1, 1, 1, 0)
    assert result.total_sessions == 6 and result.last_session == w[5]
    assert result.planned is None and result.rate is None and result.plan_streak is None
    with_this_week = a.summarize([*logs, _session_on(w[6])], LIBRARY, mid_week7).adherence
    assert with_this_week.current_streak == 4
    # A week without a session after the last one breaks the current streak.
    later = a.summarize(logs, LIBRARY, w[7] + timedelta(days=1)).adherence
    assert (later.current_streak, later.longest_streak) == (0, 3)
    # Longest run earlier in history, outside the window.
    long_ago = [_session_on(MON - timedelta(weeks=30 - i)) for i in range(5)]
    history = a.summarize([*long_ago, *logs], LIBRARY, mid_week7, weeks=4).adherence
    assert (history.current_streak, history.longest_streak) == (3, 5)
    assert history.total_sessions == 11


def _plan(start: date, weeks: int) -> dict[str, object]:
    sessions = []
    for i in range(weeks):
        monday = start + timedelta(weeks=i)
        sessions.append({"week": i + 1, "sessions": [
            {"day": "mon", "date": monday.isoformat()},
            {"day": "wed"},  # no date: from the plan start, week and day
            {"day": "fri", "date": (monday + timedelta(days=4)).isoformat()}]})
    return {"start": start.isoformat(), "weeks": sessions}


def test_adherence_against_a_plan() -> None:
    plan = _plan(MON, 4)
    assert a.planned_dates(plan)[:3] == (MON, MON + timedelta(days=2), MON + timedelta(days=4))
    assert len(a.planned_dates(plan)) == 12
    w2 = MON + timedelta(weeks=1)
    w3 = MON + timedelta(weeks=2)
    logs = [_session_on(d) for d in (MON, MON + timedelta(days=1),                      # week 1: 2 of 3
                                     w2, w2 + timedelta(days=1), w2 + timedelta(days=2), w2 + timedelta(days=5),  # 4 of 3
                                     w3)]                                                # week 3: 1 so far
    today = w3 + timedelta(days=2)  # Wednesday of week 3: Monday and Wednesday are due
    result = a.summarize(logs, LIBRARY, today, plan=plan, weeks=4).adherence
    assert result.sessions == (0, 2, 4, 1)
    assert result.planned == (0, 3, 3, 2)
    assert result.weekly_rate == (None, 0.667, 1.0, 0.5)
    assert result.rate == round((2 + 3 + 1) / 8, 3)
    # Plan streak: week 3 is not over (not met yet, does not break), week 2 met, week 1 missed.
    assert result.plan_streak == 1
    assert result.to_dict()["rate"] == 0.75


# ------------------------------------------------------------------------------------ pain


def test_weekly_pain_means_and_maxima_per_region() -> None:
    today = MON + timedelta(weeks=1, days=3)
    logs = [log(MON, pain_during={"lower_back": 2}, pain_next_morning={"lower_back": 1}),
            log(MON + timedelta(days=2), pain_during={"lower_back": 4, "knees": 1}),
            log(MON + timedelta(days=7), pain_during={"lower_back": 1}, pain_next_morning={"lower_back": 0}),
            log(MON - timedelta(weeks=5), pain_during={"lower_back": 9})]  # outside the window
    pain = {p.region: p for p in a.summarize(logs, LIBRARY, today, weeks=2).pain}
    assert list(pain) == ["knees", "lower_back"]
    back = pain["lower_back"]
    assert back.during_mean == (3.0, 1.0) and back.during_max == (4, 1)
    assert back.morning_mean == (1.0, 0.0) and back.morning_max == (1, 0)
    assert pain["knees"].during_mean == (1.0, None) and pain["knees"].morning_mean == (None, None)


# ------------------------------------------------------------------------------------ the whole


def test_empty_logs_and_future_logs() -> None:
    stats = a.summarize([], LIBRARY, MON)
    assert stats.is_empty and stats.e1rm == () and stats.records == () and stats.pain == ()
    assert len(stats.weeks) == 12 and stats.weeks[-1] == MON
    assert all(g.weeks == (0.0,) * 12 for g in stats.volume.groups)
    future = a.summarize([_session_on(MON + timedelta(days=1))], LIBRARY, MON)
    assert future.is_empty and future.records == ()
    data = stats.to_dict()
    assert data["weeks"][-1] == {"start": MON.isoformat(), "label": "2026-W10"}
    assert set(data) == {"today", "weeks", "plan_id", "e1rm", "records", "volume", "adherence", "pain",
                         "unknown_exercises"}


def test_exercise_lookup_of_a_never_logged_exercise_is_empty() -> None:
    detail = a.summarize([], LIBRARY, MON).exercise("back-squat", "Back Squat")
    assert detail.trend.points == () and detail.records is None
    assert detail.to_dict()["trend"]["best"] is None


_SLUGS = ["back-squat", "bench-press", "hip-stretch", "mystery-lift"]
_sets = st.builds(
    LoggedSet,
    load_kg=st.one_of(st.none(), st.sampled_from([20.0, 40.0, 60.0, 62.5, 100.0])),
    reps=st.one_of(st.none(), st.integers(1, 15)),
    seconds=st.one_of(st.none(), st.just(30.0)),
    rir=st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.0, 3.0, 5.0])),
    rpe=st.one_of(st.none(), st.sampled_from([6.0, 8.0, 9.5])),
    type=st.sampled_from(["warmup", "working", "drop", "failure"]),
)
_logs = st.lists(
    st.builds(
        lambda i, days, exs, pain: WorkoutLog(
            id=f"log-{i}", date=MON - timedelta(days=days),
            exercises=tuple(LoggedExercise(slug, tuple(sets)) for slug, sets in exs),
            pain_during=pain, pain_next_morning={k: max(0, v - 1) for k, v in pain.items()}),
        st.integers(0, 10_000), st.integers(-3, 60),
        st.lists(st.tuples(st.sampled_from(_SLUGS), st.lists(_sets, max_size=5)), max_size=3),
        st.dictionaries(st.sampled_from(["lower_back", "knees"]), st.integers(0, 10), max_size=2)),
    max_size=12, unique_by=lambda w: w.id)


@settings(max_examples=60, deadline=None)
@given(_logs, st.randoms(use_true_random=False))
def test_summarize_does_not_depend_on_the_order_of_the_logs(logs: list[WorkoutLog], rnd: object) -> None:
    plan = _plan(MON - timedelta(weeks=6), 8)
    shuffled = list(logs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = a.summarize(logs, LIBRARY, MON, plan=plan, weeks=8).to_dict()
    assert a.summarize(shuffled, LIBRARY, MON, plan=plan, weeks=8).to_dict() == first
    assert a.summarize(reversed(logs), LIBRARY, MON, plan=plan, weeks=8).to_dict() == first
