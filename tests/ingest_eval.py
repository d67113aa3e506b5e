"""Measured accuracy of the page ingester (`trainwise ingest PATH --json`).

Runs the ingester on every labelled page, aligns the exercises it finds with the labelled ones
by name (normalised, then aliases, then the library slug, then a fuzzy ratio) and scores each
field:

- ``names``: precision / recall / F1 of the exercises found (an aligned pair is a hit; a label
  marked ``"optional": true`` is a hit when found and no miss when not).
- ``aliases``, ``equipment``, ``primary_muscles``, ``secondary_muscles`` and ``muscles`` (primary
  and secondary together): set precision / recall / F1, summed over aligned pairs.
- ``level``, ``sets_reps``, ``matched_slug``: a single value; precision over predicted non-null
  values, recall over labelled non-null values, on aligned pairs.
- ``steps``, ``tips``, ``mistakes``, ``safety``: the share of labelled (non-optional) exercises
  whose predicted list has exactly the labelled length (a missed exercise counts as wrong);
  ``name_exact``: the share of found exercises named exactly (normalised) by the name or an alias;
  ``step_starts``: the share of labelled step openings found at the start of a predicted step.

Seeds (``../shared/seeds/*.txt``, never copied here), the extra pages
(``tests/data/ingest/pages/extra/``, used while tuning the ingester) and the held-out pages
(``tests/data/ingest/pages/heldout/``, never used for tuning) are scored separately, then together.

    python -m tests.ingest_eval            # print the table
    python -m tests.ingest_eval --record   # and write tests/data/ingest/measured.json
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "ingest"
LABELS = DATA / "labels"
EXTRA_LABELS = LABELS / "extra"
EXTRA_PAGES = DATA / "pages" / "extra"
HELDOUT_LABELS = LABELS / "heldout"
HELDOUT_PAGES = DATA / "pages" / "heldout"
MEASURED = DATA / "measured.json"
SEEDS = Path(os.environ.get("TRAINWISE_SEEDS_DIR", REPO.parent / "shared" / "seeds"))

SET_FIELDS = ("aliases", "equipment", "primary_muscles", "secondary_muscles", "muscles")
VALUE_FIELDS = ("level", "sets_reps", "matched_slug")
COUNT_FIELDS = ("steps", "tips", "mistakes", "safety")
PRF_FIELDS = ("names", *SET_FIELDS, *VALUE_FIELDS)
ACCURACY_FIELDS = ("name_exact", *COUNT_FIELDS, "step_starts")

Exercise = dict[str, Any]
Ingest = Callable[[Path], list[Exercise]]


# --- normalising -----------------------------------------------------------------------------


def norm(text: str) -> str:
    """Lower case, words only, trailing plural 's' dropped: 'Back Extensions' -> 'back extension'."""
    text = text.lower().replace("’", "'").replace("'s ", " ").replace("-", " ")
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def norm_sets_reps(text: str | None) -> str | None:
    """'2–3 × 8–12 reps' and '2-3 x 8-12' compare equal; so do the units of a hold or a distance:
    '3 x 30-45 seconds' = '3 x 30-45 secs' = '3 x 30-45 s', '3 x 30 metres' = '3 x 30 m'."""
    if text is None or not str(text).strip():
        return None
    t = str(text).lower().replace("×", "x").replace("–", "-").replace("—", "-").replace(" to ", "-")
    t = re.sub(r"\b(sets?|reps?|repetitions?|of)\b", " ", t)
    t = re.sub(r"(?<=\d)\s*(?:seconds?|secs?|s)\b", " s", t)
    t = re.sub(r"(?<=\d)\s*(?:metres?|meters?|m)\b", " m", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\s*x\s*", " x ", t)
    return " ".join(t.split())


def _names(ex: Exercise) -> set[str]:
    return {norm(ex.get("name") or "")} | {norm(a) for a in ex.get("aliases") or []}


def _muscles(ex: Exercise) -> set[str]:
    return set(ex.get("primary_muscles") or []) | set(ex.get("secondary_muscles") or [])


# --- alignment -------------------------------------------------------------------------------


def _pair_score(label: Exercise, pred: Exercise) -> float:
    ln, pn = norm(label["name"]), norm(pred.get("name") or "")
    if ln and ln == pn:
        return 1.0
    if _names(label) & _names(pred) - {""}:
        return 0.95
    if label.get("matched_slug") and label.get("matched_slug") == pred.get("matched_slug"):
        return 0.9
    if ln and f" {ln} " in f" {pn} ":
        return 0.85  # a longer title holding the name: "The Romanian Deadlift, Explained"
    ratio = difflib.SequenceMatcher(None, ln, pn).ratio()
    return ratio if ratio >= 0.8 else 0.0


def align(labels: list[Exercise], preds: list[Exercise]) -> list[tuple[int, int]]:
    """Greedy one-to-one alignment, best pairs first: [(label index, prediction index)]."""
    scored = sorted(
        (
            (_pair_score(lab, pre), i, j)
            for i, lab in enumerate(labels)
            for j, pre in enumerate(preds)
        ),
        reverse=True,
    )
    used_l: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score <= 0 or i in used_l or j in used_p:
            continue
        used_l.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return sorted(pairs)


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    def add(self, predicted: Iterable[Any], expected: Iterable[Any]) -> None:
        p, e = set(predicted), set(expected)
        self.tp += len(p & e)
        self.fp += len(p - e)
        self.fn += len(e - p)

    def prf(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class Score:
    prf: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in PRF_FIELDS})
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACCURACY_FIELDS, 0))
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACCURACY_FIELDS, 0))
    problems: list[str] = field(default_factory=list)
    pages: int = 0

    def merge(self, other: Score) -> None:
        self.pages += other.pages
        for f in PRF_FIELDS:
            self.prf[f].tp += other.prf[f].tp
            self.prf[f].fp += other.prf[f].fp
            self.prf[f].fn += other.prf[f].fn
        for f in ACCURACY_FIELDS:
            self.hits[f] += other.hits[f]
            self.totals[f] += other.totals[f]
        self.problems += other.problems

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {f: self.prf[f].prf() for f in PRF_FIELDS}
        for f in ACCURACY_FIELDS:
            out[f] = {
                "accuracy": round(self.hits[f] / self.totals[f], 4) if self.totals[f] else 1.0
            }
        return out


def _value_set(ex: Exercise, name: str) -> set[str]:
    if name == "muscles":
        return _muscles(ex)
    if name == "aliases":
        return {norm(a) for a in ex.get("aliases") or []} - {""}
    return set(ex.get(name) or [])


def _value(ex: Exercise, name: str) -> str | None:
    value = ex.get(name)
    if name == "sets_reps":
        return norm_sets_reps(value)
    return str(value).lower() if value else None


def _count(ex: Exercise, name: str) -> int:
    value = ex.get(name)
    return value if isinstance(value, int) else len(value or [])


def score_page(page: str, label: dict[str, Any], preds: list[Exercise]) -> Score:
    """Score one page's predicted exercises against its label."""
    s = Score(pages=1)
    labels: list[Exercise] = label["exercises"]
    pairs = dict(align(labels, preds))
    matched_preds = set(pairs.values())
    for i, lab in enumerate(labels):
        optional = bool(lab.get("optional"))
        pred = preds[pairs[i]] if i in pairs else None
        if pred is None:
            if not optional:
                s.prf["names"].fn += 1
                s.problems.append(f"{page}: missed exercise {lab['name']!r}")
                for f in COUNT_FIELDS:
                    s.totals[f] += 1
                s.totals["step_starts"] += len(lab.get("step_starts") or [])
            continue
        s.prf["names"].tp += 1
        s.totals["name_exact"] += 1
        if _pair_score(lab, pred) >= 0.95:
            s.hits["name_exact"] += 1
        else:
            s.problems.append(f"{page}: {lab['name']!r} found as {pred.get('name')!r}")
        for f in SET_FIELDS:
            got, want = _value_set(pred, f), _value_set(lab, f)
            s.prf[f].add(got, want)
            if got != want and f != "aliases":
                s.problems.append(
                    f"{page}: {lab['name']!r} {f}: got {sorted(got)}, want {sorted(want)}"
                )
        for f in VALUE_FIELDS:
            got_v, want_v = _value(pred, f), _value(lab, f)
            s.prf[f].add([got_v] if got_v else [], [want_v] if want_v else [])
            if got_v != want_v:
                s.problems.append(f"{page}: {lab['name']!r} {f}: got {got_v!r}, want {want_v!r}")
        for f in COUNT_FIELDS:
            if optional and _count(pred, f) != _count(lab, f):
                continue
            s.totals[f] += 1
            if _count(pred, f) == _count(lab, f):
                s.hits[f] += 1
            else:
                s.problems.append(
                    f"{page}: {lab['name']!r} {f}: got {_count(pred, f)}, want {_count(lab, f)}"
                )
        pred_steps = [norm(step) for step in pred.get("steps") or []]
        for start in lab.get("step_starts") or []:
            s.totals["step_starts"] += 1
            if any(step.startswith(norm(start)) for step in pred_steps):
                s.hits["step_starts"] += 1
    for j, pred in enumerate(preds):
        if j not in matched_preds:
            s.prf["names"].fp += 1
            s.problems.append(f"{page}: unexpected exercise {pred.get('name')!r}")
    return s


# --- pages and the ingester ------------------------------------------------------------------


def labelled_pages() -> dict[str, list[tuple[Path, dict[str, Any]]]]:
    """{"seeds": [(page path, label)], "extra": [...], "heldout": [...]}; seeds only when
    ../shared/seeds is there."""
    pages: dict[str, list[tuple[Path, dict[str, Any]]]] = {"seeds": [], "extra": [], "heldout": []}
    for path in sorted(LABELS.glob("*.json")):
        seed = SEEDS / f"{path.stem}.txt"
        if seed.is_file():
            pages["seeds"].append((seed, json.loads(path.read_text(encoding="utf-8"))))
    for path in sorted(EXTRA_LABELS.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        pages["extra"].append((EXTRA_PAGES / label["page"], label))
    for path in sorted(HELDOUT_LABELS.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        pages["heldout"].append((HELDOUT_PAGES / label["page"], label))
    return pages


def ingester_available() -> bool:
    """Whether `trainwise ingest` exists yet."""
    import typer

    from trainwise.cli import app

    command = typer.main.get_command(app)
    return "ingest" in getattr(command, "commands", {})


def cli_ingester(db_url: str) -> Ingest:
    """Run `trainwise --db URL ingest PAGE --json` in process; returns the exercises found."""
    from trainwise.cli import main

    def run(page: Path) -> list[Exercise]:
        out, err = io.StringIO(), io.StringIO()
        code: object = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(["--db", db_url, "ingest", str(page), "--json"])
            except SystemExit as exc:
                code = exc.code
        if code not in (0, None) and not out.getvalue().strip():
            # "no exercise found in the page" (exit 2): scored as nothing found.
            print(f"{page.name}: {err.getvalue().strip()}", file=sys.stderr)
            return []
        data = json.loads(out.getvalue())
        return [ex for doc in data.get("documents", []) for ex in doc.get("exercises", [])]

    return run


def evaluate(ingest: Ingest) -> dict[str, Score]:
    """Scores for "seeds", "extra", "heldout" and "all"."""
    scores = {"seeds": Score(), "extra": Score(), "heldout": Score(), "all": Score()}
    for group, pages in labelled_pages().items():
        for page, label in pages:
            page_score = score_page(page.name, label, ingest(page))
            scores[group].merge(page_score)
            scores["all"].merge(page_score)
    return scores


def table(scores: dict[str, Score]) -> str:
    """The per-field table: P / R / F1 (or exact-count accuracy): seeds, extra, held-out pages, all
    ("n/a" for a group without pages, such as an empty held-out set)."""
    groups = list(scores)
    dicts = {g: scores[g].as_dict() for g in groups}
    head = f"{'field':<18}" + "".join(f"{g + ' P/R/F1 or acc':>26}" for g in groups)
    lines = [head, "-" * len(head)]
    for f in PRF_FIELDS:
        cells = [
            f"{d[f]['precision']:.2f} / {d[f]['recall']:.2f} / {d[f]['f1']:.2f}"
            if scores[g].pages else "n/a"
            for g, d in dicts.items()
        ]
        lines.append(f"{f:<18}" + "".join(f"{c:>26}" for c in cells))
    for f in ACCURACY_FIELDS:
        kind = "(exact)" if f in COUNT_FIELDS else "(share)"
        cells = [f"{d[f]['accuracy']:.2f} {kind}" if scores[g].pages else "n/a" for g, d in dicts.items()]
        lines.append(f"{f:<18}" + "".join(f"{c:>26}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not ingester_available():
        print("trainwise ingest is not built yet: nothing to measure", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        scores = evaluate(cli_ingester(f"sqlite:///{Path(tmp) / 'eval.db'}"))
    print(table(scores))
    if "--verbose" in args:
        print("\n".join(scores["all"].problems))
    if "--record" in args:
        MEASURED.write_text(
            json.dumps({g: s.as_dict() for g, s in scores.items() if s.pages}, indent=2) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {MEASURED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
