"""Ingestion speed: pages per second on a corpus of the seed pages repeated (issue 7).

Measured: the pure extraction (text -> structured exercises), the whole pipeline as `trainwise
ingest` runs it (decode, format detection, extraction, matching against the library in an
in-memory catalog), and the HTML path (trafilatura main-content extraction + extraction) on the
cluttered HTML test page. The baseline, measured in the same run, is a plain-text pass over the
same pages (splitting every page into lines and words), so machines of different speed compare.
Run with `make bench` (needs ../shared/seeds beside the repository), or directly:
``python -m bench.ingest_bench [--rounds N] [--extra] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.unit.log_fakes import library_catalog

from trainwise.domain.ingest.extract import extract
from trainwise.services.ingest import LibraryIndex, RawDocument, match_exercise, to_text

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
PAGES = REPO / "tests" / "data" / "ingest" / "pages"
HTML_PAGES = sorted(PAGES.glob("*.html"))
ROUNDS = 20


def _pages_per_second(pages: list[str], work: Callable[[str], object], rounds: int = ROUNDS) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for page in pages:
            work(page)
    return rounds * len(pages) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    """Print a markdown table of pages per second and their ratio to the plain-text baseline."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"passes over the pages (default {ROUNDS})")
    parser.add_argument("--extra", action="store_true",
                        help="also use tests/data/ingest/pages/extra (text and Markdown with the seeds, HTML pages)")
    parser.add_argument("--profile", action="store_true", help="print the top functions of a cProfile run too")
    args = parser.parse_args(argv)
    rounds = max(1, args.rounds)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not seeds:
        print(f"no seed pages in {SEEDS}", file=sys.stderr)
        return 1
    catalog = library_catalog()
    index = LibraryIndex(catalog)  # type: ignore[arg-type]

    def baseline(page: str) -> object:
        return [line.split() for line in page.splitlines()]

    def pipeline(page: str) -> object:
        raw = RawDocument("bench", page.encode("utf-8"))
        doc = extract(to_text(raw, "auto"), "bench")
        return [match_exercise(catalog, ex, index=index) for ex in doc.exercises]  # type: ignore[arg-type]

    html_files = [*HTML_PAGES, *(sorted((PAGES / "extra").glob("*.html")) if args.extra else [])]
    html = [p.read_text(encoding="utf-8") for p in html_files]
    if args.extra:
        seeds += [p.read_text(encoding="utf-8") for p in sorted((PAGES / "extra").glob("*"))
                  if p.suffix in (".txt", ".md")]

    def html_pipeline(page: str) -> object:
        return extract(to_text(RawDocument("bench.html", page.encode("utf-8")), "html"), "bench.html")

    base = _pages_per_second(seeds, baseline, rounds)
    rows = [("plain-text pass (baseline)", base, len(seeds)),
            ("extraction only (seeds)", _pages_per_second(seeds, lambda p: extract(p, "bench"), rounds), len(seeds)),
            ("whole pipeline with library matching (seeds)", _pages_per_second(seeds, pipeline, rounds), len(seeds))]
    if html:
        rows.append(("HTML: main-content extraction + extraction", _pages_per_second(html, html_pipeline, rounds),
                     len(html)))
    print(f"Ingestion: {rounds} rounds over {len(seeds)} seed pages ({len(html)} HTML pages)\n")
    print("| path | pages/s | ratio to baseline |")
    print("|---|---|---|")
    for name, rate, _ in rows:
        print(f"| {name} | {rate:,.0f} | {rate / base:.4f} |")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(rounds):
            for page in seeds:
                pipeline(page)
            for page in html:
                html_pipeline(page)
        profile.disable()
        print()
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
