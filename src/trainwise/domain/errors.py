"""Domain errors: each carries a one-line message fit for a user."""

from __future__ import annotations


class DomainError(Exception):
    """Base class of every error the domain raises on purpose."""


class UnknownTermError(DomainError, LookupError):
    """A name that is not in a vocabulary (or not a known exercise)."""

    def __init__(self, kind: str, value: str, suggestions: list[str] | None = None) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = list(suggestions or [])
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} '{value}'{hint}")


class UnknownExerciseError(UnknownTermError):
    """No exercise has this slug, name or alias."""

    def __init__(self, value: str, suggestions: list[str] | None = None) -> None:
        super().__init__("exercise", value, suggestions)


class InvalidExerciseError(DomainError, ValueError):
    """An exercise entry breaks the model's rules."""
