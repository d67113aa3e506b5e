"""Estimated one-repetition maximum (rubric §0.3 and P10).

``r_eff = reps + RIR``. Epley ``w·(1 + r_eff/30)``, Brzycki ``w·36/(37 − r_eff)``; ``r_eff = 1``
gives ``w``. Valid for ``r_eff ≤ 10``; 11–12 is returned flagged as low confidence; above 12 there
is no estimate (Reynolds 2006: linear equations hold up to about 10 reps). A change under 5 % is
within the test–retest noise of a 1RM (median CV 4.2 %) and is not treated as real progress.
"""

from __future__ import annotations

from dataclasses import dataclass

VALID_REPS = 10
LOW_CONFIDENCE_REPS = 12
NOISE = 0.05
"""A change in e1RM smaller than this fraction is noise (rubric P10 SHOULD)."""


@dataclass(frozen=True)
class Estimate:
    """An e1RM by both formulas, with how far to trust it."""

    epley: float
    brzycki: float
    r_eff: float
    low_confidence: bool = False

    @property
    def value(self) -> float:
        """The mean of the two formulas (they agree exactly at 10 reps)."""
        return (self.epley + self.brzycki) / 2


def epley(load_kg: float, r_eff: float) -> float:
    """Epley: ``w·(1 + r/30)``; one rep is the load itself."""
    return load_kg if r_eff <= 1 else load_kg * (1 + r_eff / 30)


def brzycki(load_kg: float, r_eff: float) -> float:
    """Brzycki: ``w·36/(37 − r)``; one rep is the load itself."""
    return load_kg if r_eff <= 1 else load_kg * 36 / (37 - r_eff)


def e1rm(load_kg: float, reps: int, rir: float = 0) -> Estimate | None:
    """Estimate the 1RM from a set, or None when ``reps + rir`` is above 12 (or no reps, no load)."""
    if reps < 1 or load_kg <= 0:
        return None
    r_eff = reps + max(0.0, rir)
    if r_eff > LOW_CONFIDENCE_REPS:
        return None
    return Estimate(round(epley(load_kg, r_eff), 2), round(brzycki(load_kg, r_eff), 2), r_eff,
                    low_confidence=r_eff > VALID_REPS)


def is_real_change(before: float, after: float) -> bool:
    """True when e1RM moved by 5 % or more (smaller moves are measurement noise)."""
    return before > 0 and abs(after - before) / before >= NOISE
