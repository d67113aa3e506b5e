"""Returning after a gap (rubric T7 and P9).

The gap is the number of days since the last completed session (of any exercise). The bands:

| Gap | Response (what :func:`gap_status` reports) |
|---|---|
| < 7 d | continue; missed sessions are never made up: no session above 1.25 x its planned sets |
| 7-13 d | first session back: no increase in load or sets; normal again after one session |
| 14-27 d | week 1 sets <= 50 %, week 2 <= 70 % of before; load <= 100 % (we aim 90-95 %); no increase before week 2 |
| >= 28 d | 4-week ramp at 50/70/80/90 % volume; load -10 to -20 % (we aim -15 %) |

Sources: CSCCa/NSCA 2019 transition-period guidelines [S31] (the "50/30/20/10" rule), Mujika &
Padilla 2000/2001 [S32] (strength holds for about 4 weeks), Spiering 2021 [S33].
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

NONE, SHORT, MISSED_WEEK, TWO_WEEKS, FOUR_WEEKS = "none", "<7", "7-13", "14-27", "28+"
RAMPS: dict[str, tuple[float, ...]] = {
    MISSED_WEEK: (),
    TWO_WEEKS: (0.5, 0.7),  # T7: week 1 <= 50 %, week 2 <= 70 %
    FOUR_WEEKS: (0.5, 0.7, 0.8, 0.9),  # T7: 50/70/80/90 %
}
#: Load on the first session back, as (lowest, highest, aim) fractions of the last load.
RETURN_LOADS: dict[str, tuple[float, float, float]] = {
    TWO_WEEKS: (0.90, 0.95, 0.925),  # T7 SHOULD 90-95 % (MUST <= 100 %)
    FOUR_WEEKS: (0.80, 0.90, 0.85),  # T7 MUST -10 to -20 %; HOUSE aim -15 %
}
MAKE_UP_FACTOR = 1.25
"""P9: a session is never above 1.25 x its planned hard sets."""
WEEK_DAYS = 7


@dataclass(frozen=True)
class GapStatus:
    """Where a person stands after their last gap, for a session on ``today``.

    ``gap_days``: the gap being returned from while a T7 response is in force, else the days since
    the last session (None without any). ``band``: one of ``none``, ``<7``, ``7-13``, ``14-27``,
    ``28+``. ``week``: week of the return ramp (1 = the first week back). ``first_session``: today
    is the first session after the gap. ``active``: a T7 response applies today.
    """

    gap_days: int | None
    band: str
    active: bool = False
    week: int | None = None
    first_session: bool = False
    return_date: date | None = None
    last_before_gap: date | None = None
    last_session: date | None = None

    @property
    def ramp(self) -> tuple[float, ...]:
        """Volume factors per week of the ramp (empty when no ramp)."""
        return RAMPS.get(self.band, ())

    @property
    def volume_factor(self) -> float:
        """This week's volume factor (1.0 outside a ramp)."""
        if not self.active or self.week is None or self.week > len(self.ramp):
            return 1.0
        return self.ramp[self.week - 1]

    @property
    def return_load(self) -> tuple[float, float, float] | None:
        """(lowest, highest, aim) fraction of the last load for the first session back, if any."""
        return RETURN_LOADS.get(self.band) if self.active and self.first_session else None


def band_of(days: int) -> str:
    """The T7 band of a gap in days."""
    if days >= 28:
        return FOUR_WEEKS
    if days >= 14:
        return TWO_WEEKS
    if days >= 7:
        return MISSED_WEEK
    return SHORT


def gap_status(session_dates: Iterable[date], today: date) -> GapStatus:
    """The T7 position for a session on ``today`` given the dates of completed sessions.

    Sessions after ``today`` are ignored. A session logged on ``today`` counts as done, so the
    prescription is then for the session after it.
    """
    dates = sorted({d for d in session_dates if d <= today})
    if not dates:
        return GapStatus(None, NONE)
    last = dates[-1]
    timeline = [*dates, today] if today > last else dates
    current = (today - last).days
    for i in range(len(timeline) - 1, 0, -1):
        before, back = timeline[i - 1], timeline[i]
        days = (back - before).days
        if days < WEEK_DAYS:
            continue
        band = band_of(days)
        first = back == today and today > last
        week = (today - back).days // WEEK_DAYS + 1
        active = first if band == MISSED_WEEK else week <= len(RAMPS[band])
        if active:
            return GapStatus(days, band, True, week, first, back, before, last)
        break
    return GapStatus(current, band_of(current), False, None, False, None, None, last)


def missed_sessions(days_since_last: int | None, days_per_week: int, available_days: tuple[str, ...] = ()) -> bool:
    """True when more days passed since the last session than the person's schedule leaves between two."""
    if days_since_last is None:
        return False
    return days_since_last > longest_spacing(days_per_week, available_days)


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def longest_spacing(days_per_week: int, available_days: tuple[str, ...] = ()) -> int:
    """The longest normal wait between two sessions: from the chosen days when they are exactly the
    planned number, else ``ceil(7 / days_per_week)``."""
    if available_days and len(available_days) == days_per_week:
        idx = sorted(_DAYS.index(d) for d in available_days if d in _DAYS)
        if idx:
            gaps = [b - a for a, b in itertools.pairwise(idx)] + [idx[0] + 7 - idx[-1]]
            return max(gaps)
    return -(-WEEK_DAYS // max(1, days_per_week))
