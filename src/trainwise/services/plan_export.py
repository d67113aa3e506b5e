"""Plans as people read them: the text of a prescription, and an iCalendar file of the sessions.

The plan is the JSON of docs/plan-format.md. The same wording feeds the web pages, the printable
page and the calendar export, so a session reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from icalendar import Calendar, Event

#: Sessions start at this local (floating) time unless the plan or the session says otherwise.
DEFAULT_START = time(18, 0)
SAFETY_REMINDER = ("Stop if an exercise causes sharp or spreading pain, tingling or numbness. "
                   "Seek care the same day for loss of bladder or bowel control, numbness around "
                   "the groin or buttocks, or weakness in both legs.")
GOAL_NAMES = {
    "general_fitness": "General fitness", "strength": "Strength", "hypertrophy": "Build muscle",
    "muscular_endurance": "Muscular endurance", "fat_loss": "Fat loss",
    "function": "Everyday strength", "lower_back_strength": "Lower back strength",
    "rehab_back_pain": "Back pain rehab", "mobility": "Mobility",
}
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
             "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}


def _number(value: float) -> str:
    """12.5 -> '12.5', 20.0 -> '20'."""
    return f"{value:g}"


def format_seconds(seconds: float | None) -> str:
    """45 -> '45 s', 120 -> '2 min', 90 -> '1 min 30 s', 600 -> '10 min'."""
    if not seconds:
        return ""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def format_minutes(minutes: float | None) -> str:
    """33.4 -> '33' (whole minutes for people; at least 1)."""
    return str(max(1, round(minutes))) if minutes else ""


def format_range(span: Mapping[str, Any] | None) -> str:
    """{'min': 8, 'max': 12} -> '8–12'; equal ends -> '8'."""
    if not span:
        return ""
    low, high = span.get("min"), span.get("max")
    if low is None or high is None or low == high:
        return str(high if low is None else low)
    return f"{low}–{high}"


def format_dose(item: Mapping[str, Any]) -> str:
    """Sets × reps, sets × holds of N s, or a duration: '3 × 8–12', '3 × 5–6 holds of 10 s', '10 min'."""
    sets = item.get("sets") or 1
    reps = format_range(item.get("reps"))
    hold = format_seconds(item.get("hold_s"))
    if reps and hold:
        return f"{sets} × {reps} holds of {hold}"
    if reps:
        return f"{sets} × {reps}"
    if hold:
        return hold if sets == 1 else f"{sets} × {hold}"
    return f"{sets} sets"


def format_load(load: Mapping[str, Any] | None) -> str:
    """'20 kg', '70% of 1RM', 'body weight', 'medium band' or 'effort only'."""
    if not load:
        return ""
    kind, value, pct = load.get("type"), load.get("value"), load.get("pct_1rm")
    if kind == "absolute_kg" and value is not None:
        return f"{_number(float(value))} kg" + (f" ({_number(float(pct))}% of 1RM)" if pct else "")
    if kind == "pct_1rm" and value is not None:
        return f"{_number(float(value))}% of 1RM"
    if kind == "bodyweight":
        return "body weight"
    if kind == "band":
        return f"{value} band" if value else "band"
    if kind == "rpe_only":
        return "effort only"
    return ""


def format_ramp(ramp: list[Mapping[str, Any]] | None) -> str:
    """Warm-up sets: '8 kg × 8, 14 kg × 5'."""
    return ", ".join(f"{_number(float(r['load_kg']))} kg × {r['reps']}" for r in ramp or ()
                     if r.get("load_kg") is not None)


def prescription(ex: Mapping[str, Any]) -> list[str]:
    """The parts of one exercise's prescription, in reading order."""
    parts = [format_dose(ex), format_load(ex.get("load"))]
    if ex.get("rir") is not None:
        parts.append(f"RIR {ex['rir']}")
    if ex.get("rest_s"):
        parts.append(f"rest {format_seconds(ex['rest_s'])}")
    if ex.get("tempo"):
        parts.append(f"tempo {ex['tempo']}")
    return [p for p in parts if p]


def exercise_line(ex: Mapping[str, Any]) -> str:
    """'Goblet Squat: 3 × 8–12, 20 kg, RIR 2, rest 2 min, tempo 3-0-1-0 (warm-up sets: ...)'."""
    line = f"{ex.get('name', ex.get('id', ''))}: {', '.join(prescription(ex))}"
    ramp = format_ramp(ex.get("ramp_sets"))
    return line + (f" (warm-up sets: {ramp})" if ramp else "")


def items_line(block: Mapping[str, Any] | None) -> str:
    """A warm-up or cool-down: 'Brisk walking 4 min, Leg swings 2 min'."""
    return ", ".join(f"{i.get('name', i.get('id', ''))} {format_seconds(round((i.get('minutes') or 0) * 60))}".strip()
                     for i in (block or {}).get("items", ()))


def _parse_time(text: Any) -> time | None:
    try:
        return time.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def session_start(plan: Mapping[str, Any], session: Mapping[str, Any]) -> datetime:
    """The session's local start: its date at its own time, the plan's, or 18:00."""
    when = (_parse_time(session.get("start_time")) or _parse_time(plan.get("start_time"))
            or DEFAULT_START)
    return datetime.combine(date.fromisoformat(session["date"]), when)


def session_description(plan: Mapping[str, Any], week: Mapping[str, Any],
                        session: Mapping[str, Any], url: str | None = None) -> str:
    """The text of a calendar event: the session in order, then the safety reminder."""
    lines = [f"Week {week.get('week')}" + (" (deload: a lighter week)" if week.get("is_deload") else "")
             + f", about {format_minutes(session.get('estimated_minutes'))} min."]
    if session.get("warmup", {}).get("items"):
        lines.append(f"Warm-up ({format_minutes(session['warmup'].get('minutes'))} min): {items_line(session['warmup'])}")
    for n, ex in enumerate(sorted(session.get("exercises", ()), key=lambda e: e.get("order", 0)), 1):
        lines.append(f"{n}. {exercise_line(ex)}")
    if session.get("cooldown", {}).get("items"):
        lines.append(f"Cool-down ({format_minutes(session['cooldown'].get('minutes'))} min): {items_line(session['cooldown'])}")
    lines.append("")
    lines.append(f"Safety: {SAFETY_REMINDER}")
    lines.extend(plan.get("safety_notes", ()))
    monitoring = plan.get("pain_monitoring") or {}
    if monitoring.get("enabled") and monitoring.get("instructions"):
        lines.append(f"Pain monitoring: {monitoring['instructions']}")
    if url:
        lines.extend(("", url))
    return "\n".join(lines)


def event_uid(plan_id: Any, week: Any, day: Any) -> str:
    """A stable UID: the same session keeps it across downloads, so calendars update in place."""
    return f"{plan_id}-w{week}-{day}@trainwise"


def plan_to_ical(plan: Mapping[str, Any], plan_id: Any, *, url: str | None = None,
                 stamp: datetime | None = None) -> bytes:
    """An iCalendar file with one event per session (floating local times)."""
    cal = Calendar()
    cal.add("prodid", "-//trainwise//training plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"trainwise: {GOAL_NAMES.get(plan.get('goal', ''), 'training')} plan")
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    for week in plan.get("weeks", ()):
        for session in week.get("sessions", ()):
            event = Event()
            event.add("uid", event_uid(plan_id, week.get("week"), session.get("day")))
            event.add("dtstamp", stamp)
            event.add("dtstart", session_start(plan, session))
            event.add("duration", timedelta(minutes=round(session.get("estimated_minutes") or 45)))
            event.add("summary", f"trainwise: {session.get('title', 'training session')}")
            event.add("description", session_description(plan, week, session, url))
            if url:
                event.add("url", url)
            cal.add_component(event)
    return bytes(cal.to_ical())
