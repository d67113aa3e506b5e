"""The review form's field parsers: sets x reps, FAQ blocks, vocabulary names, list lines."""

from __future__ import annotations

import pytest

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Faq, Range
from trainwise.services import ingest_review as review


@pytest.mark.parametrize(("text", "freq", "sets", "reps", "hold", "per_week"), [
    ("2-3 x 8-12", "", Range(2, 3), Range(8, 12), None, None),
    ("3 x 10", "twice a week", Range(3, 3), Range(10, 10), None, Range(2, 2)),
    ("3×20-30 s", "2-3", Range(3, 3), None, Range(20, 30), Range(2, 3)),
    ("2 x 45 seconds", "three times a week", Range(2, 2), None, Range(45, 45), Range(3, 3)),
])
def test_sets_reps_text_becomes_guidance(text: str, freq: str, sets: Range, reps: Range | None,
                                         hold: Range | None, per_week: Range | None) -> None:
    sr = review.parse_sets_reps(text, freq)
    assert sr is not None
    assert (sr.sets, sr.reps, sr.hold_seconds, sr.frequency_per_week) == (sets, reps, hold, per_week)


@pytest.mark.parametrize("text", ["three sets", "3 x", "12-8 x 10", "0 x 10", "3 x 10-8"])
def test_sets_reps_of_another_shape_is_refused_with_the_shape_to_use(text: str) -> None:
    with pytest.raises(ValueError, match=r"2-3 x 8-12|positive and increasing"):
        review.parse_sets_reps(text)


def test_empty_sets_reps_is_none() -> None:
    assert review.parse_sets_reps("  ") is None


def test_faq_blocks() -> None:
    text = "Q: Is it safe for my back?\nA: Yes, when it is pain free.\nKeep the range small.\n\nQ. How often?\nA. Twice a week."
    assert review.parse_faq(text) == (
        Faq("Is it safe for my back?", "Yes, when it is pain free. Keep the range small."),
        Faq("How often?", "Twice a week."),
    )
    assert review.parse_faq("") == ()


@pytest.mark.parametrize(("text", "message"), [
    ("Q: A question without an answer", "has no answer"),
    ("A: an answer first", "before its question"),
    ("Just a sentence.", "followed by"),
])
def test_bad_faq_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        review.parse_faq(text)


def test_form_values_become_model_values_and_errors_name_the_field() -> None:
    form = review.ReviewForm({
        "name": "  Wall   Angel ", "steps": "1. Stand against a wall.\n- Raise your arms.\n\n* Slide them up.",
        "equipment": "Wall", "primary_muscles": "rhomboids, Trapezius, rhomboid", "secondary_muscles": "wingz",
        "level": "Beginner", "sets_reps": "2 x 10",
    })
    values, errors = review._parsed(form)
    assert values["name"] == "Wall Angel"
    assert values["steps"] == ("Stand against a wall.", "Raise your arms.", "Slide them up.")
    assert values["primary_muscles"] == ("rhomboids", "traps")
    assert values["equipment"] == ("wall",) and values["level"] == "beginner"
    assert set(errors) == {"secondary_muscles"} and "'wingz'" in errors["secondary_muscles"]


def test_current_values_show_names_not_slugs() -> None:
    from trainwise.library.loader import load_builtin_library

    bird_dog = next(e for e in load_builtin_library() if e.slug == "bird-dog")
    shown = review.current_values(bird_dog)
    assert shown["primary_muscles"] == ", ".join(v.MUSCLES.get(m).name for m in bird_dog.primary_muscles)
    assert shown["steps"].split("\n") == list(bird_dog.steps)
    assert review.fingerprint(bird_dog) == review.fingerprint(bird_dog) != review.fingerprint(None)


@pytest.mark.parametrize(("text", "per_week"), [
    ("2-3 times a week", Range(2, 3)), ("twice weekly", Range(2, 2)), ("once a week", Range(1, 1)),
    ("daily", Range(7, 7)), ("3 times a day", Range(7, 7)), ("every day", Range(7, 7)), ("when you can", None),
])
def test_frequency_is_sessions_a_week_and_a_daily_dose_is_every_day(text: str, per_week: Range | None) -> None:
    sr = review.parse_sets_reps("1 x 10", text)
    assert sr is not None and sr.frequency_per_week == per_week
