"""The admin Import page: paste or fetch a page, review each exercise beside the source, edit,
accept. New exercises are added whole; existing ones get only the ticked fields; refused forms
come back with every edit kept; nothing is written before accepting; editors only."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.csrf import page_token
from tests.e2e.test_auth_api import PASSWORD, MakeClient, sign_up
from trainwise.services import accounts as accounts_svc

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SISSY = """# Sissy Squat

The sissy squat loads the front of the thighs hard with nothing but your body weight: you lean back
and let your knees travel far forward while your hips stay extended.

**Primary muscles:** quadriceps
**Secondary muscles:** rectus abdominis
**Equipment:** none
**Level:** intermediate

## How to do it

1. Stand tall with your feet hip-width apart and hold a post or door frame with one hand.
2. Rise onto the balls of your feet and squeeze your glutes so your hips stay straight.
3. Bend your knees forward and lean your body back in one line from knees to shoulders.
4. Lower until you feel a strong stretch in your thighs, then drive back up through the balls of your feet.

## Tips

- Start with a small range and add depth over a few weeks.

## Common mistakes

- Folding at the hips, which turns it into an ordinary squat.

Do 2-3 sets of 8-12 reps, twice a week.
"""
BIRD_DOG = """# Bird Dog

## Frequently asked questions

**Is the bird dog good for a sore back?**
Yes: it trains the back muscles to hold the spine still with very little load on it.

**How long should I hold each rep?**
Hold for a slow count of five, then switch sides.

## How to do it

1. Kneel on all fours with your hands under your shoulders and knees under your hips.
2. Reach one arm forward and the opposite leg back until both are level with your body.
3. Hold, then return and switch sides.

Also known as: quadruped opposite arm and leg raise, the pointer.
"""


def _fields(page: str, index: int = 0) -> dict[str, Any]:
    """The fields of the index-th review form, as the browser would send them unedited."""
    forms = re.findall(r'<form class="wizard import-form".*?</form>', page, re.S)
    assert len(forms) > index, "no review form"
    form = forms[index]
    data: dict[str, Any] = {}
    for name, value in re.findall(r'<input type="(?:hidden|text)"[^>]*?name="([^"]+)" value="([^"]*)"', form):
        data[name] = html.unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    data["write"] = re.findall(r'name="write" value="([^"]+)" checked', form)
    return data


def _review(client: TestClient, **data: str) -> Any:
    return client.post("/import", data={**data, "csrf_token": page_token(client, "/import")})


def _accept(client: TestClient, fields: dict[str, Any], **headers: str) -> Any:
    return client.post("/import/accept", data={**fields, "csrf_token": page_token(client, "/import")},
                       headers=headers)


def test_the_import_page_offers_paste_and_url(app_client: TestClient) -> None:
    page = app_client.get("/import")
    assert page.status_code == 200
    assert 'name="text"' in page.text and 'name="url"' in page.text and 'action="/import"' in page.text
    assert '<a href="/import">Import</a>' in app_client.get("/").text, "the editor's nav links to it"


def test_a_pasted_seed_is_reviewed_beside_its_source_and_nothing_is_written(app_client: TestClient) -> None:
    seed = (SEEDS / "003_7a322802b57d7ec0.txt").read_text(encoding="utf-8")
    before = app_client.get("/api/v1/exercises/lever-back-extension").json()
    page = _review(app_client, text=seed)
    assert page.status_code == 200, page.text
    assert 'class="source-text"' in page.text and html.escape("Lever Back Extension") in page.text
    assert "Matches" in page.text and 'href="/exercises/lever-back-extension"' in page.text
    fields = _fields(page.text)
    assert fields["target"] == "lever-back-extension" and fields["base"]
    assert len(fields["steps"].splitlines()) >= 3
    assert "Read from" in page.text, "each field says where on the page it came from"
    assert app_client.get("/api/v1/exercises/lever-back-extension").json() == before


def test_a_new_exercise_is_edited_then_added_with_its_source(app_client: TestClient) -> None:
    page = _review(app_client, text=SISSY)
    assert page.status_code == 200 and "New exercise" in page.text
    fields = _fields(page.text)
    assert fields["target"] == "" and fields["slug"] == "sissy-squat"
    assert fields["primary_muscles"] == "Quadriceps" and fields["level"] == "intermediate"
    assert fields["sets_reps"] == "2-3 x 8-12" and fields["pattern"] == "knee_dominant"
    fields["summary"] = "A body-weight squat that leans back so the knees travel far forward."
    done = _accept(app_client, fields)
    assert done.status_code == 200, done.text
    assert "added to the library" in done.text
    entry = app_client.get("/api/v1/exercises/sissy-squat").json()
    assert entry["summary"] == fields["summary"]
    assert entry["primary_muscles"] == ["quadriceps"] and entry["equipment"] == ["bodyweight"]
    assert entry["sets_reps"]["intermediate"]["reps"] == {"min": 8, "max": 12}
    assert entry["sets_reps"]["intermediate"]["frequency_per_week"] == {"min": 2, "max": 2}
    assert entry["origin"] == "ingest"
    assert "imported in the web" in entry["sources"][-1]["note"]
    again = _accept(app_client, fields)
    assert again.status_code == 422 and "already in the library" in again.text


def test_a_refused_form_keeps_every_edit_and_writes_nothing(app_client: TestClient) -> None:
    fields = _fields(_review(app_client, text=SISSY.replace("Sissy Squat", "Sissy Squat Hold")).text)
    fields["summary"] = "My careful edit of the summary."
    fields["primary_muscles"] = "quadriceps, wings"
    fields["steps"] = "Only one step."
    refused = _accept(app_client, fields)
    assert refused.status_code == 422
    assert "wings" in refused.text and "My careful edit of the summary." in refused.text
    assert "Only one step." in refused.text and "at least 3 steps" in refused.text
    assert app_client.get("/api/v1/exercises/sissy-squat-hold").status_code == 404


def test_an_existing_entry_gets_only_the_ticked_fields(app_client: TestClient) -> None:
    before = app_client.get("/api/v1/exercises/bird-dog").json()
    page = _review(app_client, text=BIRD_DOG, fmt="markdown")
    fields = _fields(page.text)
    assert fields["target"] == "bird-dog"
    assert "steps" not in fields["write"], "curated steps are not ticked by default"
    assert "aliases" in fields["write"], "a name the entry lacks is offered"
    fields["steps"] = "Replace me.\nAnd me.\nAnd me too."
    done = _accept(app_client, fields)
    assert done.status_code == 200, done.text
    after = app_client.get("/api/v1/exercises/bird-dog").json()
    assert after["steps"] == before["steps"], "an unticked field is never written"
    added = [a for a in after["aliases"] if a not in before["aliases"]]
    assert added and all(a.lower() not in {x.lower() for x in before["aliases"]} for a in added)
    assert "aliases" in after["sources"][-1]["note"] and "imported in the web" in after["sources"][-1]["note"]

    # Ticking a curated field is the editor's explicit choice: then it is written.
    page = _review(app_client, text=BIRD_DOG, fmt="markdown")
    fields = _fields(page.text)
    fields["write"] = ["tips"]
    fields["tips"] = "Keep your hips level as the leg reaches back."
    assert _accept(app_client, fields).status_code == 200
    assert app_client.get("/api/v1/exercises/bird-dog").json()["tips"] == [fields["tips"]]


def test_nothing_ticked_or_a_stale_review_is_refused(app_client: TestClient) -> None:
    page = _review(app_client, text=BIRD_DOG, fmt="markdown")
    fields = _fields(page.text)
    refused = _accept(app_client, {**fields, "write": []})
    assert refused.status_code == 422 and "tick at least one field" in refused.text
    stale = _accept(app_client, {**fields, "base": "0" * 16})
    assert stale.status_code == 409 and "review the page again" in stale.text


def test_htmx_accept_swaps_just_that_card(app_client: TestClient) -> None:
    fields = _fields(_review(app_client, text=SISSY.replace("Sissy Squat", "Sissy Squat Negative")).text)
    refused = _accept(app_client, {**fields, "level": "expert"}, **{"HX-Request": "true"})
    assert refused.status_code == 422 and "<html" not in refused.text and 'id="item-0"' in refused.text
    done = _accept(app_client, fields, **{"HX-Request": "true"})
    assert done.status_code == 200 and "<html" not in done.text and "added to the library" in done.text


@pytest.mark.parametrize(("data", "message"), [
    ({}, "paste the page"),
    ({"text": "x", "url": "https://example.org/"}, "not both"),
    ({"url": "ftp://example.org/page"}, "only http and https"),
    ({"text": SISSY, "fmt": "pdf"}, "unknown format"),
])
def test_bad_input_is_a_clear_message_on_the_form(app_client: TestClient, data: dict[str, str], message: str) -> None:
    page = _review(app_client, **data)
    assert page.status_code == 422
    assert message in html.unescape(page.text)
    if data.get("text"):
        assert html.escape(data["text"][:20]) in page.text, "the pasted text is kept"


def test_a_page_without_a_recognised_exercise_gives_an_empty_form_beside_it(app_client: TestClient) -> None:
    text = "Morning stretch notes\n\nThe weather was lovely today and we walked to the sea front."
    page = _review(app_client, text=text)
    assert page.status_code == 200
    assert 'id="import-notice"' in page.text and "No exercise was recognised" in page.text
    assert "walked to the sea front" in page.text, "the source is shown beside the form"
    fields = _fields(page.text)
    assert fields["target"] == "" and fields["steps"] == ""
    refused = _accept(app_client, fields)
    assert refused.status_code == 422, "an empty guide is never added"


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"<html><head><title>Sissy squat guide</title></head><body><nav>Home | Shop</nav><article>" \
               f"{SISSY.replace('# ', '<h1>', 1).replace(chr(10) + chr(10), '</p><p>')}</article></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sissy"
    server.shutdown()


def test_local_mode_fetches_a_page_on_this_machine(app_client: TestClient, page_url: str) -> None:
    page = _review(app_client, url=page_url)
    assert page.status_code == 200, page.text
    assert "Sissy Squat" in page.text and page_url in page.text


def test_only_editors_import_and_a_shared_server_never_fetches_its_own_network(
        auth_app: Any, auth_client: MakeClient, page_url: str) -> None:
    anonymous = auth_client()
    assert anonymous.get("/import", follow_redirects=False).headers["location"].startswith("/login")
    athlete = sign_up(auth_client, "athlete-import@example.org")
    refused = athlete.get("/import")
    assert refused.status_code == 403 and "Only administrators" in refused.text
    assert '<a href="/import">' not in athlete.get("/").text

    accounts_svc.sign_up(auth_app.state.auth.store, "editor-import@example.org", PASSWORD, role="admin")
    editor = auth_client()
    login = editor.post("/login", data={"email": "editor-import@example.org", "password": PASSWORD,
                                        "csrf_token": page_token(editor, "/login")})
    assert login.status_code in (200, 303)
    assert editor.get("/import").status_code == 200
    fetched = _review(editor, url=page_url)
    assert fetched.status_code == 422 and "private or local address" in fetched.text
    assert _review(editor, text=SISSY).status_code == 200


def test_a_page_of_many_exercises_lists_them_first_and_offers_new_names(app_client: TestClient) -> None:
    seed = (SEEDS / "002_4aa14d8c6e93e976.txt").read_text(encoding="utf-8")
    page = _review(app_client, text=seed)
    assert page.status_code == 200
    toc = re.search(r'<nav class="card import-toc".*?</nav>', page.text, re.S)
    assert toc and len(re.findall(r'href="#item-\d+"', toc.group(0))) == 9
    first = _fields(page.text, 0)
    assert first["target"] == "prone-back-extension", "matched through the page's alias 'Prone spinal extension'"
    assert "Back Extensions" in first["aliases"].splitlines(), "so the page's own name is offered as an alias"
