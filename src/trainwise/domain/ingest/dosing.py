"""Dosing: sets and reps ('3 sets of 8-12', '3 x 10', 'Repeat 10 times', 'hold for 30 seconds'),
a handout's 'Sets: 2 Repeat: 10 times' fields, frequency ('twice a week') and a difficulty given
as a rating ('★★☆', '2/3').
"""

from __future__ import annotations

import re

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60,
}
_N = r"(\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_RANGE = _N + r"(?:\s*(?:-|–|to|or)\s*" + _N + r")?"
_SETS_REPS = re.compile(_RANGE + r"\s+(?:sets?|holds?|hangs?|rounds?|trips?|lengths?)\s+(?:of|and|x|×|with)\s+" + _RANGE
                        + r"(?:\s*-?\s*(?:reps|repetitions|(m|metres|meters|yards|seconds|second|secs|sec|s)\b))?"
                        r"(?![\w-])", re.IGNORECASE)
# 'Repeat 10 times', 'repeat 8-10 times'; 'hold for 20-30 seconds'.
_REPEAT = re.compile(r"\brepeat (?:(?:this|it|the \w+) )?" + _RANGE + r"\s+(?:times|reps|repetitions)\b", re.IGNORECASE)
_HOLD = re.compile(r"\bhold (?:(?:it|this|the \w+) )?(?:for )?" + _RANGE + r"\s*-?\s*(?:seconds|second|secs|sec|s)\b",
                   re.IGNORECASE)
_SETS_X = re.compile(r"\b(\d+)(?:\s*-\s*(\d+))?\s*[x×]\s*(\d+)(?:\s*-\s*(\d+))?\b")
_FREQ = re.compile(
    r"\b(?:(?:once|twice|three times|\d+(?:\s*(?:-|–|to)\s*\d+)? times)\s+(?:a|per|each)\s+week|"
    r"(?:once|twice|\d+(?:\s*(?:-|–|to)\s*\d+)? times)\s+(?:weekly|daily)|"
    r"(?:once|twice|three times|\d+(?:\s*(?:-|–|to)\s*\d+)? times)\s+(?:a|per|each)\s+day)\b",
    re.IGNORECASE,
)


def _to_int(token: str | None) -> int | None:
    """A number written in digits or words ('12', 'twelve'), or None."""
    if token is None:
        return None
    return int(token) if token.isdigit() else _NUMBERS.get(token.lower())


def _fmt(lo: int | None, hi: int | None) -> str:
    """A count or range as text: '8', '8-12' ('' when there is none)."""
    if lo is None:
        return ""
    return str(lo) if hi is None or hi == lo else f"{lo}-{hi}"


_SET_WORD = re.compile(r"\b(?:sets?|holds?|hangs?|rounds?|trips?|lengths?)\s+(?:of|and|x|×|with)\s", re.IGNORECASE)


# Reps before sets: 'three reps a side for three sets', '10 reps each leg for 2 sets'.
_REPS_FOR_SETS = re.compile(_RANGE + r"\s+(?:reps|repetitions)(?:\s+(?:a|per|each|on each)\s+(?:side|leg|arm))?\s+for\s+"
                            + _RANGE + r"\s+sets\b", re.IGNORECASE)


_FOR_SETS = re.compile(r"\bfor\s+\S+\s+sets\b", re.IGNORECASE)


def _reps_for_sets(text: str) -> re.Match[str] | None:
    """The first 'three reps a side for three sets' in text, looked for only before 'for N sets'."""
    if "sets" not in text:
        return None
    for w in _FOR_SETS.finditer(text):
        m = _REPS_FOR_SETS.search(text[max(0, w.start() - 40) : w.end()])
        if m:
            return m
    return None


def _first_sets_reps(text: str) -> re.Match[str] | None:
    """The first '3 sets of 8-12' in text, looked for only around the words 'sets of', 'holds of', ...
    (searching the whole page with the number pattern at every position is slow)."""
    for w in _SET_WORD.finditer(text):
        start = max(0, w.start() - 30)
        m = _SETS_REPS.search(text[start : w.end() + 60])
        if m:
            return m
    return None


def find_sets_reps(text: str) -> str | None:
    """The first sets-and-reps advice in text, as '2-3 x 8-12'."""
    m = _first_sets_reps(text)
    if m:
        s = _fmt(_to_int(m.group(1)), _to_int(m.group(2)))
        r = _fmt(_to_int(m.group(3)), _to_int(m.group(4)))
        unit = (m.group(5) or "").lower()
        suffix = " m" if unit in ("m", "metres", "meters") else " s" if unit.startswith("s") else ""
        if s and r:
            return f"{s} x {r}{suffix}"
    m3 = _reps_for_sets(text)
    if m3:  # 'three reps a side for three sets' -> '3 x 3'
        return f"{_fmt(_to_int(m3.group(3)), _to_int(m3.group(4)))} x {_fmt(_to_int(m3.group(1)), _to_int(m3.group(2)))}"
    m2 = _SETS_X.search(text)
    if m2:
        return f"{_fmt(int(m2.group(1)), _to_int(m2.group(2)))} x {_fmt(int(m2.group(3)), _to_int(m2.group(4)))}"
    return repeat_hold(text)


def repeat_hold(text: str) -> str | None:
    """'Hold for 20 seconds, repeat 5 times' -> '5 x 20 s'; 'Repeat 10 times' -> '1 x 10';
    'Hold for 30 seconds' -> '1 x 30 s' (a hold under 10 s alone is a pause, not a dose)."""
    low = text.lower()
    repeat = _REPEAT.search(text) if "repeat" in low else None
    hold = _HOLD.search(text) if "hold" in low else None
    held, shortest = "", 0
    if hold is not None:
        held, shortest = _fmt(_to_int(hold.group(1)), _to_int(hold.group(2))), _to_int(hold.group(1)) or 0
    if repeat is None:  # a hold alone is a dose when long ('hold for 30 seconds'), a pause in a rep when short
        return f"1 x {held} s" if held and shortest >= 10 else None
    times = _fmt(_to_int(repeat.group(1)), _to_int(repeat.group(2)))
    return f"{times} x {held} s" if held else f"1 x {times}"


def find_frequency(text: str) -> str | None:
    """Frequency advice ('twice a week', '3-4 times weekly', '3 times a day')."""
    low = text.lower()
    anchors = sorted(i for word in ("week", "daily", " a day", "per day", "each day")
                     for i in _positions(low, word))
    for i in anchors:  # around 'week' / 'day' only: the whole page is slow to scan
        m = _FREQ.search(text, max(0, i - 30), i + 10)
        if m:
            return m.group(0)
    return None


def _positions(text: str, word: str) -> list[int]:
    """Where ``word`` occurs in ``text``."""
    out: list[int] = []
    i = text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


_STARS = re.compile(r"^\s*([★⭐●]+)([☆✩○]*)\s*$")
_OUT_OF = re.compile(r"^\s*(\d)\s*(?:/|out of)\s*(\d)\b", re.IGNORECASE)


def rated_level(value: str) -> str | None:
    """A difficulty given as a rating: '★★☆' or '2/3' or '2 out of 3' -> 'intermediate'
    (the lower third of the scale is beginner, the upper third advanced)."""
    m = _STARS.match(value)
    if m:
        score, top = len(m.group(1)), len(m.group(1)) + len(m.group(2))
    elif (m := _OUT_OF.match(value)) is not None:
        score, top = int(m.group(1)), int(m.group(2))
    else:
        return None
    if top < 2 or not 0 < score <= top:
        return None
    share = (score - 1) / (top - 1)
    return "beginner" if share < 1 / 3 else "intermediate" if share < 2 / 3 else "advanced"


_BARE_REPS = re.compile(r"^\s*" + _RANGE + r"\s*(?:reps|repetitions|times)?\s*(?:[,;(]|each|per|on|$)", re.IGNORECASE)


# A dose line's hold then its count: 'Hold 30 seconds, 3 repetitions each side'.
_HOLD_TIMES = re.compile(r"\bhold (?:for )?" + _RANGE + r"\s*(?:seconds|secs?|s)\b[,;]?\s*(?:and\s+)?" + _RANGE
                         + r"\s+(?:repetitions|reps|times)\b", re.IGNORECASE)


def dose(value: str) -> str | None:
    """A dose line's value as '3 x 10': 'sets and reps' wording as ``find_sets_reps`` reads it, or a
    bare count ('Repetitions: 10, 3 times a day' -> '1 x 10'; the times a day are its frequency)."""
    held = _HOLD_TIMES.search(value)
    if held:  # 'Hold 30 seconds, 3 repetitions each side' -> '3 x 30 s'
        return f"{_fmt(_to_int(held.group(3)), _to_int(held.group(4)))} x {_fmt(_to_int(held.group(1)), _to_int(held.group(2)))} s"
    found = find_sets_reps(value)
    if found:
        return found
    m = _BARE_REPS.match(value)
    if m is None:
        return None
    return f"1 x {_fmt(_to_int(m.group(1)), _to_int(m.group(2)))}"


def handout_dose(labels: dict[str, str]) -> str | None:
    """A handout's dosing fields as '2 x 10': 'Sets: 2', 'Repeat: 10 times', 'Hold: 5 seconds'.
    A hold of 10 s or more is the dose itself ('Hold: 30 seconds Repeat: 3 times Sets: 1' ->
    '3 x 30 s'); a shorter one is a pause within each rep."""
    sets, repeat, hold = (_count(labels.get(k, "")) for k in ("sets", "repeat", "hold"))
    if hold is not None and hold >= 10 and (sets is None or sets <= 1 or repeat is None):
        times = repeat if repeat is not None and (sets is None or sets <= 1) else sets
        return f"{times or 1} x {hold} s"
    if sets is not None and repeat is not None:
        return f"{sets} x {repeat}"
    return None


def _count(value: str) -> int | None:
    """The number a short field starts with ('10 times' -> 10, 'two' -> 2), or None."""
    m = re.match(r"\s*" + _N + r"\b", value)
    return _to_int(m.group(1)) if m else None
