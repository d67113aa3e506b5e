"""Ingestion speed: pages per second on a corpus of the seed pages repeated (issue 7).

Measured: the pure extraction (text -> structured exercises), the whole pipeline as `trainwise
ingest` runs it (decode, format detection, extraction, matching against the library in an
in-memory catalog), and the HTML path (trafilatura main-content extraction + extraction) on the
cluttered HTML test page. The baseline, measured in the same run, is a plain-text pass over the
same pages (splitting every page into lines and words), so machines of different speed compare.
Run with `make bench` (needs ../shared/seeds beside the repository).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.unit.log_fakes import library_catalog

from trainwise.domain.ingest.extract import extract
from trainwise.services.ingest import RawDocument, match_exercise, to_text

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
HTML_PAGES = sorted((REPO / "tests" / "data" / "ingest" / "pages").glob("*.html"))
ROUNDS = 20


def _pages_per_second(pages: list[str], work: Callable[[str], object]) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for page in pages:
            work(page)
    return ROUNDS * len(pages) / (time.perf_counter() - start)


def main() -> int:
    """Print a markdown table of pages per second and their ratio to the plain-text baseline."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not seeds:
        print(f"no seed pages in {SEEDS}", file=sys.stderr)
        return 1
    catalog = library_catalog()
    labels = catalog.labels()

    def baseline(page: str) -> object:
        return [line.split() for line in page.splitlines()]

    def pipeline(page: str) -> object:
        raw = RawDocument("bench", page.encode("utf-8"))
        doc = extract(to_text(raw, "auto"), "bench")
        return [match_exercise(catalog, ex, labels) for ex in doc.exercises]  # type: ignore[arg-type]

    html = [p.read_text(encoding="utf-8") for p in HTML_PAGES]

    def html_pipeline(page: str) -> object:
        return extract(to_text(RawDocument("bench.html", page.encode("utf-8")), "html"), "bench.html")

    base = _pages_per_second(seeds, baseline)
    rows = [("plain-text pass (baseline)", base, len(seeds)),
            ("extraction only (seeds)", _pages_per_second(seeds, lambda p: extract(p, "bench")), len(seeds)),
            ("whole pipeline with library matching (seeds)", _pages_per_second(seeds, pipeline), len(seeds))]
    if html:
        rows.append(("HTML: main-content extraction + extraction", _pages_per_second(html, html_pipeline), len(html)))
    print(f"Ingestion: {ROUNDS} rounds over {len(seeds)} seed pages ({len(html)} HTML pages)\n")
    print("| path | pages/s | ratio to baseline |")
    print("|---|---|---|")
    for name, rate, _ in rows:
        print(f"| {name} | {rate:,.0f} | {rate / base:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
