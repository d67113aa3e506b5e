"""When the sessions fall and what each one trains hard (rubric R19, R20, R21).

The training days are spread as evenly as the available days allow; each day gets a kind (full
body, upper, lower or a light day) so that every major group is trained in two sessions a week,
and per session each group gets a limit of hard sets: full where no other session within 48 h
trains it hard, light (< 4 sets) where one does. Pure functions of the weekdays.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.profile import DAYS, Profile

MMG = v.MAJOR_MUSCLE_GROUPS

SESSION_GROUP_MAX = 9.0  # HOUSE: R16 asks for <= 10 hard sets per group and session
SPACED_GROUP_MAX = 7.5  # R20 SHOULD: < 8 sets when another hard session for the group is within 72 h
LIGHT_GROUP_MAX = 3.5  # R20 MUST: < 4 sets when another session for the group is within 48 h
UPPER_GROUPS = ("chest", "upper_back", "shoulders")
LOWER_GROUPS = ("quadriceps", "hamstrings", "glutes")
#: Which session kinds train the upper-body groups, the lower-body groups and the trunk hard.
KIND_TRAINS = {"full": ("upper", "lower", "trunk"), "upper": ("upper", "trunk"), "lower": ("lower", "trunk"),
               "light": ()}


# --------------------------------------------------------------------------- days


def choose_days(profile: Profile) -> tuple[str, ...]:
    """The training days: spread as evenly as the available days allow (R20, R21)."""
    days = profile.training_days
    k = min(profile.days_per_week, len(days))
    idx = [DAYS.index(d) for d in days]

    def spread(combo: tuple[int, ...]) -> tuple[int, int, int]:
        gaps = [(combo[(i + 1) % len(combo)] - combo[i]) % 7 or 7 for i in range(len(combo))]
        run = longest_run(combo)
        return (min(gaps), -run, -sum(combo))

    best = max(combinations(idx, k), key=spread)
    return tuple(DAYS[i] for i in best)


def longest_run(combo: Sequence[int]) -> int:
    """Longest streak of consecutive weekdays in ``combo`` (wrapping Sunday to Monday)."""
    present = set(combo)
    if len(present) == 7:
        return 7
    best = 0
    for start in present:
        if (start - 1) % 7 in present:
            continue
        n = 0
        while (start + n) % 7 in present:
            n += 1
        best = max(best, n)
    return best


# --------------------------------------------------------------------------- session kinds and group limits


def _distance(idx: Sequence[int], i: int, j: int) -> int:
    """Days between sessions i and j of a repeating week (7 for a session and itself)."""
    if i == j:
        return 7
    forward = (idx[j] - idx[i]) % 7
    return min(forward, 7 - forward)


def _members(mask: int, k: int) -> list[int]:
    return [i for i in range(k) if mask >> i & 1]


def _hard_members(idx: tuple[int, ...], mask: int, busy: Sequence[int] = ()) -> list[int]:
    """Sessions of ``mask`` that may train a group hard: no two of them on consecutive days (R20);
    among equals, sessions already hard for fewer families (``busy``) first."""
    members = _members(mask, len(idx))
    crowded = sorted(members, key=lambda i: (sum(_distance(idx, i, j) <= 1 for j in members if j != i),
                                             busy[i] if busy else 0, i))
    hard: list[int] = []
    for i in crowded:
        if all(_distance(idx, i, j) > 1 for j in hard):
            hard.append(i)
    return hard


def _member_limits(idx: tuple[int, ...], mask: int, busy: Sequence[int] = ()) -> dict[int, float]:
    """Hard sets per session a group may get in the sessions of ``mask`` (R16, R20)."""
    hard = _hard_members(idx, mask, busy)
    out = {}
    for i in _members(mask, len(idx)):
        if i not in hard:
            out[i] = LIGHT_GROUP_MAX
        elif any(_distance(idx, i, j) <= 2 for j in hard if j != i):
            out[i] = SPACED_GROUP_MAX
        else:
            out[i] = SESSION_GROUP_MAX
    return out


@lru_cache(maxsize=256)
def _kinds_for(idx: tuple[int, ...], older: bool, target: float) -> tuple[str, ...]:
    """The session kinds that train every group in two sessions (R19) with the most usable weekly
    capacity, no back-to-back resistance days for older adults (R21), and the fewest light days."""
    k = len(idx)
    if k == 1:
        return ("full",)
    if k <= 3 and all(_distance(idx, i, (i + 1) % k) >= 2 for i in range(k)):
        return ("full",) * k
    full = (1 << k) - 1
    capacity = [min(sum(_member_limits(idx, m).values()), target) for m in range(full + 1)]
    count = [bin(m).count("1") for m in range(full + 1)]
    adjacent = [sum(1 for i, j in combinations(_members(m, k), 2) if _distance(idx, i, j) <= 1)
                for m in range(full + 1)]
    best: tuple[float, ...] = ()
    choice = (full, full)
    for upper in range(1, full + 1):
        for lower in range(1, full + 1):
            both = upper | lower
            key = (min(count[upper], 2) + min(count[lower], 2), -adjacent[both] if older else 0,
                   capacity[upper] + capacity[lower] + capacity[both], count[both],
                   -adjacent[upper] - adjacent[lower], -abs(count[upper] - count[lower]),
                   -count[upper] - count[lower])
            if key > best:
                best, choice = key, (upper, lower)
    upper, lower = choice
    names = {(True, True): "full", (True, False): "upper", (False, True): "lower", (False, False): "light"}
    return tuple(names[(bool(upper >> i & 1), bool(lower >> i & 1))] for i in range(k))


def session_kinds(days: Sequence[str], profile: Profile | None = None) -> list[str]:
    """full / upper / lower / light per training day (see ``_kinds_for``)."""
    idx = tuple(DAYS.index(d) for d in days)
    older = profile is not None and profile.is_older
    target = min(rb.volume_band(profile)[1], rb.volume_cap(profile)) if profile is not None else 12.0
    return list(_kinds_for(idx, older, target))


def group_limits(days: Sequence[str], kinds: Sequence[str]) -> list[dict[str, float]]:
    """Per session, the hard sets each major group may get (R16, R20): full where the session
    trains the group and no neighbour within 48 h does, light (< 4) elsewhere."""
    idx = tuple(DAYS.index(d) for d in days)
    out = [dict.fromkeys(MMG, LIGHT_GROUP_MAX) for _ in days]
    busy = [0] * len(days)
    for family in ("upper", "lower", "trunk"):
        mask = sum(1 << i for i, kind in enumerate(kinds) if family in KIND_TRAINS[kind])
        for i, limit in _member_limits(idx, mask, busy).items():
            busy[i] += limit > LIGHT_GROUP_MAX
            for g in (g for g in MMG if _group_family(g) == family):
                out[i][g] = limit
    return out


def _group_family(group: str) -> str:
    return "upper" if group in UPPER_GROUPS else "lower" if group in LOWER_GROUPS else "trunk"
