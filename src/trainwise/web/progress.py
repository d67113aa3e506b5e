"""The progress page: charts of e1RM, weekly hard sets, sessions and pain, and the records.

The page works without JavaScript: every chart is a ``<canvas>`` with a one-sentence summary as
its accessible name and a table of the same numbers under a ``<details>``. The chart data sit in
``<script type="application/json">`` blocks that ``static/progress.js`` draws with the vendored
Chart.js (no inline script, ready for a strict CSP).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from trainwise.api import auth
from trainwise.api.auth import CurrentAccountDep
from trainwise.api.deps import CatalogDep, CurrentUserDep, LogStoreDep
from trainwise.domain import analytics
from trainwise.domain import vocabulary as v
from trainwise.domain.analytics import E1rmTrend, ExerciseRecords, Record, Stats
from trainwise.services import accounts as accounts_svc
from trainwise.services import stats as svc
from trainwise.web.plans import StoreDep, short_date
from trainwise.web.router import render

router = APIRouter()

WEEK_CHOICES = (4, 8, 12, 26, 52)
TOP_EXERCISES = 3
NEW_RECORD_DAYS = 14
"""A record set this many days ago or less is marked new."""
GROUP_NAMES = {"chest": "Chest", "upper_back": "Upper back", "shoulders": "Shoulders", "quadriceps": "Quadriceps",
               "hamstrings": "Hamstrings", "glutes": "Glutes", "trunk": "Trunk", "biceps": "Biceps",
               "triceps": "Triceps", "calves": "Calves"}
STATUS_TEXT = {"below": "below the band", "in": "in the band", "above": "above the band", "": "no band"}
CSV_EXPORT = "/api/v1/logs/export.csv"


def parse_weeks(text: str) -> int:
    """The number of weeks asked for, kept within 1-520; the default for anything unreadable."""
    try:
        weeks = int(text)
    except ValueError:
        return analytics.DEFAULT_WEEKS
    return min(max(weeks, 1), analytics.MAX_WEEKS)


def number(value: float | None, digits: int = 1) -> str:
    """``82.5`` -> '82.5', ``80.0`` -> '80', None -> '–'."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def group_name(group: str) -> str:
    """Display name of a rubric muscle group."""
    return GROUP_NAMES.get(group, group.replace("_", " ").capitalize())


def region_name(region: str) -> str:
    """Display name of a pain region ('general' for pain given without one)."""
    if region in v.REGIONS:
        return v.REGIONS.get(region).name
    return region.replace("_", " ").capitalize()


def set_text(load: float | None, reps: int | None, rir: float | None = None) -> str:
    """'100 kg × 5 @ RIR 2' (body weight when there is no load)."""
    text = f"{number(load)} kg" if load else "body weight"
    if reps is not None:
        text += f" × {reps}"
    if rir is not None:
        text += f" @ RIR {number(rir)}"
    return text


def trend_summary(trend: E1rmTrend) -> str:
    """One sentence for the chart's accessible name."""
    first, last = trend.first, trend.last
    if first is None or last is None:
        return f"{trend.name}: no estimate yet."
    if first is last:
        return f"{trend.name}: one estimate, {number(last.e1rm_kg)} kg on {short_date(last.date)}."
    moves = {"up": "rose", "down": "fell", "flat": "held steady (a change under 5 % is noise)"}
    change = trend.change_pct or 0.0
    sign = "+" if change > 0 else ""
    return (f"{trend.name}: estimated 1RM {moves[trend.direction]} from {number(first.e1rm_kg)} kg to "
            f"{number(last.e1rm_kg)} kg ({sign}{number(change)} %) over {len(trend.points)} sessions.")


def _trend_rows(trend: E1rmTrend) -> list[dict[str, Any]]:
    return [{"date": p.date, "e1rm": number(p.e1rm_kg), "set": set_text(p.load_kg, p.reps, p.rir),
             "low": p.low_confidence} for p in reversed(trend.points)]


def _chart_trends(trends: Sequence[E1rmTrend]) -> dict[str, Any]:
    return {"unit": "kg", "series": [
        {"label": t.name, "points": [{"x": p.date.isoformat(), "y": p.e1rm_kg, "low": p.low_confidence}
                                     for p in t.points]} for t in trends]}


def _record_line(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    if record.kind == "most_volume":
        what = f"{number(record.value, 0)} kg lifted in the session"
    elif record.kind == "best_e1rm":
        what = f"{number(record.value)} kg (from {set_text(record.load_kg, record.reps)})"
    elif record.kind == "heaviest":
        what = set_text(record.load_kg, record.reps)
    else:
        what = f"{record.reps} reps at {set_text(record.load_kg, None)}"
    return {"what": what, "date": record.date, "low": record.low_confidence}


def _records_view(records: ExerciseRecords, since: date) -> dict[str, Any]:
    return {"exercise": records.exercise, "name": records.name, "latest": records.latest,
            "new": bool(records.latest and records.latest >= since),
            "heaviest": _record_line(records.heaviest), "best_e1rm": _record_line(records.best_e1rm),
            "most_volume": _record_line(records.most_volume),
            "reps": [_record_line(r) for r in records.reps_at_load]}


def _volume_view(stats: Stats) -> dict[str, Any]:
    volume = stats.volume
    rows = [{"group": g.group, "name": group_name(g.group), "this_week": number(g.this_week),
             "average": number(g.average), "band": f"{number(g.band[0])}–{number(g.band[1])}" if g.band else "–",
             "status": g.status, "status_text": STATUS_TEXT[g.status] if g.average is not None else "no full week yet",
             "weeks": [number(w) for w in g.weeks], "statuses": g.statuses} for g in volume.groups]
    low = [group_name(g.group) for g in volume.groups if g.status == "below"]
    high = [group_name(g.group) for g in volume.groups if g.status == "above"]
    band_text = f"{number(volume.band[0])}–{number(volume.band[1])} hard sets a week"
    if volume.full_weeks == 0:
        summary = f"Weekly hard sets per muscle group this week so far, against a target band of {band_text}."
    else:
        parts = [f"Average weekly hard sets over {volume.full_weeks} full week{'s' if volume.full_weeks != 1 else ''}, "
                 f"against a target band of {band_text}."]
        parts.append(f"Below the band: {', '.join(low)}." if low else "No group is below the band.")
        if high:
            parts.append(f"Above the band: {', '.join(high)}.")
        summary = " ".join(parts)
    chart = {"labels": [r["name"] for r in rows],
             "band": [list(g.band) if g.band else None for g in volume.groups],
             "this_week": [g.this_week for g in volume.groups],
             "average": [g.average for g in volume.groups] if volume.full_weeks else None,
             "full_weeks": volume.full_weeks}
    return {"rows": rows, "band_text": band_text, "summary": summary, "chart": chart,
            "source": volume.band_source, "cap": volume.cap, "full_weeks": volume.full_weeks}


def _sessions_view(stats: Stats, labels: list[str]) -> dict[str, Any]:
    a = stats.adherence
    weekly = a.weekly_rate
    rows = [{"week": labels[i], "logged": a.sessions[i], "planned": a.planned[i] if a.planned is not None else None,
             "rate": f"{number((weekly[i] or 0) * 100, 0)} %" if weekly and weekly[i] is not None else "–"}
            for i in range(len(labels))]
    summary = (f"{a.sessions_in_window} session{'s' if a.sessions_in_window != 1 else ''} logged in the last "
               f"{len(labels)} weeks; most in one week: {max(a.sessions, default=0)}.")
    if a.rate is not None:
        summary += f" {number(a.rate * 100, 0)} % of the planned sessions done."
    chart = {"labels": labels, "logged": list(a.sessions), "planned": list(a.planned) if a.planned is not None else None}
    return {"rows": rows[::-1], "summary": summary, "chart": chart,
            "rate": f"{number(a.rate * 100, 0)} %" if a.rate is not None else None}


def _pain_view(stats: Stats, labels: list[str]) -> dict[str, Any]:
    regions = []
    series = []
    for p in stats.pain:
        name = region_name(p.region)
        rows = [{"week": labels[i], "during": number(p.during_mean[i]), "during_max": number(p.during_max[i]),
                 "morning": number(p.morning_mean[i]), "morning_max": number(p.morning_max[i])}
                for i in range(len(labels)) if p.during_mean[i] is not None or p.morning_mean[i] is not None]
        rated = [m for m in p.during_mean if m is not None]
        trend = ""
        if len(rated) >= 2:
            trend = f"from {number(rated[0])} to {number(rated[-1])} during sessions"
        regions.append({"region": p.region, "name": name, "rows": rows[::-1], "trend": trend})
        series.append({"label": f"{name}, during", "data": list(p.during_mean), "kind": "during"})
        series.append({"label": f"{name}, next morning", "data": list(p.morning_mean), "kind": "morning"})
    summary = "Weekly mean pain (0–10) per region: " + "; ".join(
        f"{r['name']} {r['trend'] or 'rated in ' + str(len(r['rows'])) + ' week(s)'}" for r in regions) + "."
    return {"regions": regions, "summary": summary, "chart": {"labels": labels, "series": series}}


def progress_context(stats: Stats, weeks: int, chosen: str | None) -> dict[str, Any]:
    """Everything the progress page shows, chart data included."""
    labels = [short_date(w) for w in stats.weeks]
    trends = [t for t in stats.e1rm if t.points]
    selected = next((t for t in trends if t.exercise == chosen), None)
    shown = [selected] if selected else trends[:TOP_EXERCISES]
    since = stats.today - timedelta(days=NEW_RECORD_DAYS)
    records = [_records_view(r, since) for r in stats.records]
    if selected:
        records = [r for r in records if r["exercise"] == selected.exercise] or records
    a = stats.adherence
    return {
        "stats": stats, "empty": stats.is_empty, "weeks": weeks, "week_choices": sorted({*WEEK_CHOICES, weeks}),
        "labels": labels, "trends": trends, "shown": [{"trend": t, "summary": trend_summary(t), "rows": _trend_rows(t)}
                                                      for t in shown],
        "selected": selected.exercise if selected else "",
        "e1rm_summary": " ".join(trend_summary(t) for t in shown) or "No estimate yet.",
        "records": records, "volume": _volume_view(stats), "sessions": _sessions_view(stats, labels),
        "pain": _pain_view(stats, labels), "adherence": a, "csv_url": CSV_EXPORT,
        "charts": {"e1rm": _chart_trends(shown)},
    }


WeeksQuery = Annotated[str, Query(max_length=10)]
ExerciseQuery = Annotated[str, Query(max_length=100)]


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, logs: LogStoreDep, catalog: CatalogDep, plans: StoreDep, user: CurrentUserDep,
                  weeks: WeeksQuery = "", exercise: ExerciseQuery = "") -> HTMLResponse:
    """e1RM trends, weekly hard sets against the band, sessions and streaks, pain and records."""
    span = parse_weeks(weeks)
    stats = svc.stats_for(logs, catalog, user, date.today(), weeks=span, plan_store=plans)
    return render(request, "progress.html", **progress_context(stats, span, exercise or None))


@router.get("/clients/{client_id}/progress", response_class=HTMLResponse)
def client_progress_page(request: Request, logs: LogStoreDep, catalog: CatalogDep, plans: StoreDep,
                         account: CurrentAccountDep, client_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                         weeks: WeeksQuery = "", exercise: ExerciseQuery = "") -> HTMLResponse:
    """A trainer reads an active client's progress page (404 without the client's consent, as for
    any id that is not yours)."""
    store = auth.auth_state(request).store
    try:
        client = accounts_svc.client_of(store, account, client_id)
    except accounts_svc.ClientNotFoundError:
        raise HTTPException(404) from None
    email = next((c.email for c in accounts_svc.clients(store, account) if c.client_id == client), "your client")
    span = parse_weeks(weeks)
    stats = svc.stats_for(logs, catalog, client, date.today(), weeks=span, plan_store=plans)
    return render(request, "progress.html", **progress_context(stats, span, exercise or None),
                  subject=email, form_action=f"/clients/{client}/progress")
