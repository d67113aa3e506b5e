"""How a prescription reads, and the iCalendar export of a plan."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest

from tests.e2e.plan_sample import sample_plan, suspended_plan
from trainwise.services import plan_export as fmt


@pytest.mark.parametrize(("item", "text"), [
    ({"sets": 3, "reps": {"min": 8, "max": 12}}, "3 × 8–12"),
    ({"sets": 3, "reps": {"min": 5, "max": 5}}, "3 × 5"),
    ({"sets": 3, "reps": {"min": 5, "max": 6}, "hold_s": 10}, "3 × 5–6 holds of 10 s"),
    ({"sets": 2, "reps": None, "hold_s": 30}, "2 × 30 s"),
    ({"sets": 1, "reps": None, "hold_s": 1200}, "20 min"),
    ({"sets": 1, "reps": None, "hold_s": 90}, "1 min 30 s"),
])
def test_dose(item: dict[str, object], text: str) -> None:
    assert fmt.format_dose(item) == text


@pytest.mark.parametrize(("load", "text"), [
    ({"type": "absolute_kg", "value": 20, "pct_1rm": None}, "20 kg"),
    ({"type": "absolute_kg", "value": 12.5, "pct_1rm": 70}, "12.5 kg (70% of 1RM)"),
    ({"type": "pct_1rm", "value": 75, "pct_1rm": None}, "75% of 1RM"),
    ({"type": "bodyweight", "value": None}, "body weight"),
    ({"type": "band", "value": "heavy"}, "heavy band"),
    ({"type": "rpe_only", "value": None}, "effort only"),
    (None, ""),
])
def test_load(load: dict[str, object] | None, text: str) -> None:
    assert fmt.format_load(load) == text


def test_minutes_and_ramp() -> None:
    assert fmt.format_minutes(33.4) == "33" and fmt.format_minutes(0.4) == "1" and fmt.format_minutes(None) == ""
    assert fmt.format_ramp([{"load_kg": 8, "reps": 8}, {"load_kg": 14.5, "reps": 5}]) == "8 kg × 8, 14.5 kg × 5"


def test_calendar_events_are_stable_and_floating() -> None:
    plan = sample_plan()
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    first = fmt.plan_to_ical(plan, "abc", stamp=stamp)
    assert first == fmt.plan_to_ical(plan, "abc", stamp=stamp)
    events = icalendar.Calendar.from_ical(first).walk("VEVENT")
    assert len(events) == sum(len(w["sessions"]) for w in plan["weeks"])
    assert str(events[-1]["uid"]) == "abc-w2-fri@trainwise"
    assert events[-1].decoded("dtstart") == datetime(2026, 12, 4, 18, 0)
    assert events[0].decoded("duration") == timedelta(minutes=41)
    assert "Week 2 (deload" in str(events[-1]["description"])


def test_a_start_time_in_the_plan_wins() -> None:
    plan = sample_plan()
    plan["start_time"] = "07:30"
    plan["weeks"][0]["sessions"][1]["start_time"] = "12:15"
    starts = [e.decoded("dtstart").time() for e in icalendar.Calendar.from_ical(fmt.plan_to_ical(plan, "p")).walk("VEVENT")]
    assert starts[:3] == [time(7, 30), time(12, 15), time(7, 30)]


def test_a_suspended_plan_has_no_events() -> None:
    assert icalendar.Calendar.from_ical(fmt.plan_to_ical(suspended_plan(), "s")).walk("VEVENT") == []
