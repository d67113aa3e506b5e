"""Median time to generate a 12-week plan for varied profiles (goal: <= 50 ms each).

Each figure is also given as a ratio to a baseline measured in the same run: a JSON round trip
of the same plan (a fixed amount of pure-Python work), so machines of different speed compare.
Run with `make bench`.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date

from tests.plan_profiles import PROFILES

from trainwise.domain.generator import generate_plan
from trainwise.domain.profile import profile_from_dict
from trainwise.library.loader import load_builtin_library

REPEATS = 15
GOAL_MS = 50.0


def _median_ms(fn: object, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    """Print a markdown table: profile, median ms, ratio to the JSON baseline, goal."""
    library = load_builtin_library()
    start = date(2026, 11, 23)
    rows = []
    for name, data in PROFILES.items():
        profile = profile_from_dict(data)
        plan = generate_plan(profile, library, start=start, weeks=12)
        ms = _median_ms(lambda p=profile: generate_plan(p, library, start=start, weeks=12))
        base = _median_ms(lambda pl=plan: json.loads(json.dumps(pl)))
        rows.append((name, ms, ms / base if base else 0.0))
    print(f"\n12-week plans, median of {REPEATS} runs\n")
    print("| profile | median ms | ratio to JSON round trip of the plan | goal |\n|---|---|---|---|")
    for name, ms, ratio in rows:
        print(f"| {name} | {ms:.1f} | {ratio:.1f}× | ≤ {GOAL_MS:.0f} ms |")
    overall = statistics.median(ms for _, ms, _ in rows)
    slowest = max(rows, key=lambda row: row[1])
    print(f"\nmedian over profiles: {overall:.1f} ms (goal ≤ {GOAL_MS:.0f} ms); "
          f"slowest: {slowest[0]} {slowest[1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
