"""Web pages in process: full pages, htmx fragments, cookies, 404s, static files."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from trainwise import __version__


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    return app_client


def test_home_explains_and_leads_to_the_library(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "open-source personal-training system" in r.text
    assert 'href="/exercises"' in r.text


def test_exercise_page_holds_the_whole_guide(client: TestClient) -> None:
    r = client.get("/exercises/lever-back-extension")
    assert r.status_code == 200
    html = r.text
    assert "<title>Lever Back Extension" in html
    assert '<meta name="description" content="A back extension' in html
    for section in ("How to perform", "Tips and tricks", "Common mistakes", "Sets and reps", "Variations",
                    "FAQ", "Safety", "Sources", "Also known as", "Primary muscles", "Muscle groups",
                    "Risk areas", "Mechanic", "Force"):
        assert section in html, section
    assert 'class="bodymap"' in html and 'class="bm-primary" data-muscle="erector_spinae"' in html
    assert 'class="bm-secondary" data-muscle="glutes"' in html
    assert 'href="/exercises/back-extension-bench"' in html
    assert "see a clinician" in html


def test_alias_url_redirects_to_the_canonical_slug(client: TestClient) -> None:
    r = client.get("/exercises/hyperextension", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/exercises/back-extension-bench"


def test_unknown_exercise_is_a_404_page_with_suggestions(client: TestClient) -> None:
    r = client.get("/exercises/lever-back-extenshun")
    assert r.status_code == 404
    assert 'href="/exercises/lever-back-extension"' in r.text
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Page not found" in r.text


def test_browse_search_full_page_and_htmx_fragment(client: TestClient) -> None:
    full = client.get("/exercises", params={"q": "back extension"})
    assert full.status_code == 200 and "<html" in full.text and 'id="results"' in full.text
    frag = client.get("/exercises", params={"q": "back extension"}, headers={"HX-Request": "true"})
    assert frag.status_code == 200 and "<html" not in frag.text
    assert 'href="/exercises/ball-back-extension"' in frag.text


def test_filter_chips_narrow_the_results(client: TestClient) -> None:
    r = client.get("/exercises", params=[("category", "stretching"), ("level", "beginner")],
                   headers={"HX-Request": "true"})
    assert "href=\"/exercises/childs-pose\"" in r.text
    assert "href=\"/exercises/deadlift\"" not in r.text


def test_equipment_is_remembered_in_a_cookie(client: TestClient) -> None:
    r = client.get("/exercises", params=[("equipment", "exercise_ball"), ("remember", "1")])
    assert r.status_code == 200
    assert "tw_equipment=exercise_ball" in r.headers["set-cookie"]
    mine = client.get("/exercises", params={"mine": "1", "q": "back extension"}, headers={"HX-Request": "true"})
    assert "ball-back-extension" in mine.text
    assert "lever-back-extension" not in mine.text


def test_pagination_links(client: TestClient) -> None:
    r = client.get("/exercises")
    assert "Page 1 of" in r.text and "page=2" in r.text


def test_static_files_are_vendored_and_versioned(client: TestClient) -> None:
    for name in ("app.css", "htmx-2.0.11.min.js", "icon.svg"):
        r = client.get(f"/static/{__version__}/{name}")
        assert r.status_code == 200, name
        assert "immutable" in r.headers["cache-control"]
    html = client.get("/").text
    assert "https://" not in html.split("<body")[0]  # no CDN in the head


@pytest.mark.parametrize("params", ["q=back+extension", "muscle_group=core&level=beginner", "category=mobility&page=1"])
def test_page_fragment_and_json_list_the_same_exercises(client: TestClient, params: str) -> None:
    import re

    def slugs(html: str) -> list[str]:
        return re.findall(r'<li class="card">\s*<h3><a href="/exercises/([a-z0-9-]+)"', html)

    page = slugs(client.get(f"/exercises?{params}").text)
    fragment = slugs(client.get(f"/exercises?{params}", headers={"HX-Request": "true"}).text)
    api_params = params.replace("page=1", "offset=0")
    api = [e["slug"] for e in client.get(f"/api/v1/exercises?{api_params}&limit=24").json()["items"]]
    assert page and page == fragment == api
