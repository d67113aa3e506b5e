"""The extraction's results: an exercise as read from a page, a page's exercises, and the confidence
of a field by where it was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Confidence of a field by where it was found.
LABELLED, SECTION, PROSE, INFERRED = 0.95, 0.85, 0.6, 0.4


@dataclass
class ExtractedExercise:
    """One exercise as read from a page; ``provenance`` says where each field came from."""

    name: str
    aliases: list[str] = field(default_factory=list)
    summary: str = ""
    steps: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    safety: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    primary_muscles: list[str] = field(default_factory=list)
    secondary_muscles: list[str] = field(default_factory=list)
    level: str | None = None
    sets_reps: str | None = None
    frequency: str | None = None
    variations: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    faq: list[dict[str, str]] = field(default_factory=list)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def note(self, name: str, where: str, confidence: float) -> None:
        """Record where a field came from, when it has a value."""
        if getattr(self, name):
            self.provenance[name] = {"source": where, "confidence": confidence}

    @property
    def confidence(self) -> float:
        """Mean confidence over the contract's core fields (missing ones count as 0)."""
        core = ("name", "summary", "steps", "equipment", "primary_muscles")
        total = sum(float(self.provenance.get(f, {}).get("confidence", 0.0)) for f in core)
        return round(total / len(core), 2)


@dataclass
class ExtractedDocument:
    """A page: its title, detected shape and the exercises found in it."""

    source: str
    title: str
    shape: str
    exercises: list[ExtractedExercise]
