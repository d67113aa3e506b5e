"""Plan web pages in process: the wizard, a plan as a calendar, its iCalendar file, print, 404s.

Pages are checked twice: against plans made by the real generator through the wizard, and
against a hand-made plan (tests/e2e/plan_sample.py) that has every kind of prescription.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import icalendar
import pytest
from fastapi.testclient import TestClient

from tests.e2e.csrf import with_csrf
from tests.e2e.plan_sample import SAFETY_NOTE, sample_plan, suspended_plan
from trainwise.domain import vocabulary as v
from trainwise.domain.profile import RED_FLAG_LABELS, profile_from_dict
from trainwise.services.plans import next_monday, save_plan
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.users import local_user_id
from trainwise.web.plan_forms import missing_equipment

DEFAULTS = {"goal": "general_fitness", "level": "beginner", "available_days": ["mon", "wed", "fri"],
            "days_per_week": "3", "session_minutes": "45", "weeks": "8"}


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    return with_csrf(app_client)  # the page's CSRF token, sent as htmx sends it


def _save(client: TestClient, plan: dict[str, object]) -> str:
    engine = client.app.state.catalog.engine  # type: ignore[attr-defined]
    return save_plan(SqlPlanStore(engine), local_user_id(engine), profile_from_dict({}), plan)


@pytest.fixture(scope="module")
def sample_id(client: TestClient) -> str:
    return _save(client, sample_plan())


@pytest.fixture(scope="module")
def made(client: TestClient) -> str:
    """The id of a plan made through the wizard with its defaults."""
    r = client.post("/plans/new", data=DEFAULTS, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    found = re.fullmatch(r"/plans/([A-Za-z0-9_-]+)", r.headers["location"])
    assert found, r.headers["location"]
    return found.group(1)


def _checked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)" checked', html))


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select id="field-{name}" name="{name}".*?</select>', html, re.DOTALL)
    assert select
    found = re.search(r'<option value="([^"]+)" selected>', select.group(0))
    assert found
    return found.group(1)


# ------------------------------------------------------------------------------------ wizard

def test_wizard_renders_with_sensible_defaults(client: TestClient) -> None:
    r = client.get("/plans/new")
    assert r.status_code == 200
    html = r.text
    assert '<form class="wizard" method="post" action="/plans/new">' in html
    assert _checked(html, "goal") == {"general_fitness"}
    assert _checked(html, "level") == {"beginner"}
    assert _checked(html, "available_days") == {"mon", "wed", "fri"}
    assert _selected(html, "days_per_week") == "3"
    assert _selected(html, "session_minutes") == "45"
    assert _selected(html, "weeks") == "8"
    for goal in ("Build muscle", "Muscular endurance", "Fat loss", "Lower back strength", "Back pain rehab", "Mobility"):
        assert goal in html, goal
    assert "Do you have any of these right now?" in html
    for code, label in RED_FLAG_LABELS.items():
        assert f'name="red_flags" value="{code}"' in html
        assert label[1:] in html, label
    for code in ("acute_lbp", "chronic_lbp", "lumbar_disc_herniation_history", "hypertension", "osteopenia",
                 "osteoporosis", "patellofemoral_pain", "shoulder_pain"):
        assert f'name="conditions" value="{code}"' in html
    assert missing_equipment() == set()
    for eq in v.EQUIPMENT:
        if eq.slug not in ("bodyweight", "wall", "other"):
            assert f'name="equipment" value="{eq.slug}"' in html, eq.slug
    for name in ("dumbbells_kg", "kettlebells_kg", "barbell_kg", "smallest_plate_kg", "provocative_movements", "age"):
        assert f'<label for="field-{name}">' in html, name
    assert "Make my plan" in html


def test_make_a_plan_with_the_defaults(client: TestClient, made: str) -> None:
    r = client.get(f"/plans/{made}")
    assert r.status_code == 200
    html = r.text
    assert "Your general fitness plan" in html
    assert f"Starts {next_monday(date.today()):%A} {next_monday(date.today()).day}" in html
    assert 'class="safety"' in html and "Safety first" in html and "seek care" in html
    assert html.count('class="session"') == 3  # one week shown: Mon, Wed, Fri
    assert len(re.findall(r'<a href="/plans/[^"?]+\?week=\d+#week-panel"', html)) == 8
    assert "Rest" in html and "Why this exercise?" in html
    guides = re.findall(r'<h4><a href="/exercises/([a-z0-9-]+)">', html)
    assert guides
    assert client.get(f"/exercises/{guides[0]}").status_code == 200
    assert f'href="/plans/{made}.ics"' in html and f'href="/plans/{made}/print"' in html
    listing = client.get("/plans").text
    assert f'href="/plans/{made}"' in listing and 'href="/plans/new"' in listing


def test_generated_plan_exports_one_event_per_session(client: TestClient, made: str) -> None:
    r = client.get(f"/plans/{made}.ics")
    assert r.status_code == 200
    events = icalendar.Calendar.from_ical(r.content).walk("VEVENT")
    assert len(events) == 8 * 3
    first = events[0]
    start = first.decoded("dtstart")
    assert start.date() == next_monday(date.today()) and (start.hour, start.minute) == (18, 0)
    assert str(first["uid"]) == f"{made}-w1-mon@trainwise"


def test_bad_input_is_shown_next_to_its_field_and_nothing_is_lost(client: TestClient) -> None:
    data = {**DEFAULTS, "goal": "strength", "available_days": ["mon", "thu"], "days_per_week": "3",
            "equipment": ["dumbbells", "bench"], "dumbbells_kg": "6, 8, 10", "conditions": ["hypertension"],
            "age": "52", "session_minutes": "30", "weeks": "12"}
    r = client.post("/plans/new", data=data, follow_redirects=False)
    assert r.status_code == 422
    html = r.text
    error = re.search(r'<p class="field-error" id="err-days_per_week">(.*?)</p>', html)
    assert error and "do not fit in the 2 available days" in error.group(1)
    assert 'aria-invalid="true" aria-describedby="err-days_per_week' in html
    assert 'class="error-summary"' in html and 'href="#field-days_per_week"' in html
    assert _checked(html, "goal") == {"strength"}
    assert _checked(html, "available_days") == {"mon", "thu"}
    assert _checked(html, "equipment") == {"dumbbells", "bench"}
    assert _checked(html, "conditions") == {"hypertension"}
    assert 'value="6, 8, 10"' in html and 'value="52"' in html
    assert _selected(html, "session_minutes") == "30" and _selected(html, "weeks") == "12"


def test_every_bad_answer_is_reported_at_once(client: TestClient) -> None:
    data = {**DEFAULTS, "available_days": ["mon"], "age": "five", "kettlebells_kg": "8, big"}
    r = client.post("/plans/new", data=data)
    assert r.status_code == 422
    assert "Please check these 3 answers" in r.text
    for field in ("days_per_week", "kettlebells_kg", "age"):
        assert f'id="err-{field}"' in r.text and f'href="#field-{field}"' in r.text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("age", "five", "whole number"),
    ("dumbbells_kg", "6, heavy", "expected a number"),
    ("barbell_kg", "500", "from 1 to 50"),
    ("provocative_movements", "bending forward", "tick the painful condition"),
])
def test_each_bad_answer_names_its_field(client: TestClient, field: str, value: str, message: str) -> None:
    r = client.post("/plans/new", data={**DEFAULTS, field: value})
    assert r.status_code == 422
    error = re.search(rf'<p class="field-error" id="err-{field}">(.*?)</p>', r.text)
    assert error and message in error.group(1).lower(), r.text[:300]
    assert f'value="{value}"' in r.text


def test_a_red_flag_suspends_the_plan_with_a_referral(client: TestClient) -> None:
    r = client.post("/plans/new", data={**DEFAULTS, "red_flags": ["saddle_anaesthesia"]}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert 'class="referral urgency-emergency_same_day"' in html
    assert "Seek medical help today" in html and "Training on hold" in html
    assert 'class="session"' not in html and 'href="/exercises/' not in html
    assert "Add to my calendar" not in html
    ics = client.get(r.headers["location"] + ".ics")
    assert icalendar.Calendar.from_ical(ics.content).walk("VEVENT") == []


# ------------------------------------------------------------------- a hand-made plan's pages

def test_plan_page_shows_every_part_of_the_prescription(client: TestClient, sample_id: str) -> None:
    html = client.get(f"/plans/{sample_id}?week=1").text
    assert "Your general fitness plan" in html
    assert "Starts Monday 23 November 2026, ends Sunday 6 December 2026." in html
    assert SAFETY_NOTE in html
    assert "Keep an eye on your pain" in html and "Lower back, Knees" in html and "up to 5 is fine" in html
    assert "unknown equipment &#39;hoverboard&#39; was ignored" in html
    assert "Home drills" in html and 'href="/exercises/bird-dog"' in html and "On Tuesday, Thursday" in html
    assert "90 minutes" in html
    # The week as seven days: three sessions, four rest days.
    strip = re.search(r'<ol class="week-strip".*?</ol>', html, re.DOTALL)
    assert strip
    assert strip.group(0).count('class="day train') == 3 and strip.group(0).count('class="day rest') == 4
    assert html.count('class="session"') == 3
    for text in ("Monday 23 Nov", "Full body A", "About 41 min", "Warm-up", "Cool-down",
                 "3 × 8–12", "20 kg", "medium band", "effort only", "body weight", "3 × 5–6 holds of 10 s",
                 "2 × 30 s", "10 min", "rest 2 min", "tempo 3-0-1-0", "pain-monitored",
                 "Warm-up sets first:</span> 8 kg × 8, 14 kg × 5", "Exhale as you stand up.",
                 "Why this exercise?", 'href="/exercises/goblet-squat">Goblet Squat</a>',
                 'href="/exercises/roll-ball-erector-spinae"'):
        assert text in html, text
    assert re.search(r"RIR</abbr> 2", html)
    # Exercises in their order.
    names = re.findall(r'<h4><a href="/exercises/([a-z0-9-]+)">', html)[:6]
    assert names == ["goblet-squat", "band-row", "push-up", "mcgill-curl-up", "side-plank", "stationary-cycling"]


def test_week_selector_marks_deload_weeks_and_swaps_in_place(client: TestClient, sample_id: str) -> None:
    full = client.get(f"/plans/{sample_id}?week=2").text
    assert 'aria-current="page"><span class="visually-hidden">Week </span>2' in full
    assert "Deload week" in full and 'class="deload"' in full
    assert "Lighter week: fewer sets, same form." in full
    fragment = client.get(f"/plans/{sample_id}?week=2", headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="week-panel"')
    assert "Deload week" in fragment and "16 kg" in fragment
    # An unknown week falls back to the current one instead of failing.
    assert client.get(f"/plans/{sample_id}?week=9").status_code == 200


def test_current_week_is_open_by_default(client: TestClient) -> None:
    start = next_monday(date.today()) - timedelta(weeks=1)  # the plan started last Monday
    plan_id = _save(client, sample_plan(start))
    html = client.get(f"/plans/{plan_id}").text
    assert 'aria-current="page"><span class="visually-hidden">Week </span>1' in html
    assert 'class="day train today"' in html or 'class="day rest today"' in html


def test_suspended_plan_shows_the_referral_and_no_training(client: TestClient) -> None:
    plan_id = _save(client, suspended_plan())
    html = client.get(f"/plans/{plan_id}").text
    assert "Do not train. Seek medical assessment today." in html
    assert 'role="alert"' in html and 'class="session"' not in html and "week-strip" not in html
    assert 'href="/plans/new"' in html


def test_ics_has_one_event_per_session(client: TestClient, sample_id: str) -> None:
    r = client.get(f"/plans/{sample_id}.ics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    assert r.headers["content-disposition"] == f'attachment; filename="trainwise-plan-{sample_id}.ics"'
    cal = icalendar.Calendar.from_ical(r.content)
    events = cal.walk("VEVENT")
    assert len(events) == 6
    assert [str(e["uid"]) for e in events][:3] == [f"{sample_id}-w1-{d}@trainwise" for d in ("mon", "wed", "fri")]
    first = events[0]
    assert str(first["summary"]) == "trainwise: Full body A"
    start = first.decoded("dtstart")
    assert start == datetime(2026, 11, 23, 18, 0) and start.tzinfo is None  # floating local time
    assert first.decoded("duration") == timedelta(minutes=41)
    description = str(first["description"])
    assert "1. Goblet Squat: 3 × 8–12, 20 kg, RIR 2, rest 2 min" in description
    assert "4. McGill Curl-Up: 3 × 5–6 holds of 10 s" in description
    assert "Safety:" in description and "bladder" in description
    # Stable: the same plan gives the same UIDs and times on every download.
    again = icalendar.Calendar.from_ical(client.get(f"/plans/{sample_id}.ics").content).walk("VEVENT")
    assert [(str(e["uid"]), e.decoded("dtstart")) for e in again] == [(str(e["uid"]), e.decoded("dtstart")) for e in events]


def test_print_page_holds_every_week_and_the_safety_notes(client: TestClient, sample_id: str) -> None:
    r = client.get(f"/plans/{sample_id}/print")
    assert r.status_code == 200
    html = r.text
    assert "<nav" not in html and 'class="site"' not in html
    assert "Week 1" in html and "Week 2 · deload" in html
    assert html.count('<tbody class="print-session">') == 6
    assert SAFETY_NOTE in html and "Pain monitoring" in html and "Home drills:" in html
    assert "Goblet Squat (pain-monitored)" in html and "3 × 8–12" in html and "medium band" in html


@pytest.mark.parametrize("path", ["/plans/0123456789ab", "/plans/0123456789ab.ics", "/plans/0123456789ab/print",
                                  "/plans/not%20a%20plan"])
def test_unknown_plan_is_a_404_page(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "Plan not found" in r.text and 'href="/plans/new"' in r.text


def test_my_plans_lists_plans_and_offers_a_new_one(client: TestClient, sample_id: str) -> None:
    html = client.get("/plans").text
    assert "My plans" in html and f'href="/plans/{sample_id}"' in html
    assert 'href="/plans/new"' in html


def test_site_leads_to_plans(client: TestClient) -> None:
    home = client.get("/").text
    assert '<a href="/plans">Plans</a>' in home and 'href="/plans/new"' in home
