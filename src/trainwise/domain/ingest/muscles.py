"""Muscles from prose: the ones a text says do the work (primary) and the ones it says help
(secondary), leaving out body parts a clause spares or only positions.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import sentences
from trainwise.domain.ingest.model import PROSE

_CLAUSE = re.compile(r"\bwhile\b|\bas well as\b|\bin addition to\b|\balso\b|;|\bwhereas\b|\bsuch as\b|"
                     r",\s+(?=(?:and\s+)?(?:the\s+|your\s+)?(?:brings?|hits?|works?|trains?|lower back|core|it)\b)",
                     re.IGNORECASE)
_SECONDARY_CUE = re.compile(r"secondar|brings? in|assist|helpers?|synergist|stabili[sz]|works hard to hold|"
                            r"support(?:ing|s)? (?:role|muscles?|cast)|in a supporting|as supporting|"
                            r"help(?:s|ing)? out|lend a hand|chip in", re.IGNORECASE)
# A clause naming the muscles that do most of the work: 'the prime movers', 'the main muscles doing
# the work', 'primarily', 'do almost all of the work'.
_PRIMARY_CUE = re.compile(r"primar|mainly|mostly|chiefly|predominantly|prime movers?|main (?:muscles?|movers?|target|drivers?)|"
                          r"(?:do|does|doing) (?:most|almost all|nearly all|all|the bulk|the lion's share) of the work",
                          re.IGNORECASE)
# A clause about sparing a body part, not working it ('kind to the lower back', 'your back stays neutral').
_NOT_WORKED = re.compile(r"\b(?:kind to|easy on|gentle on|friendl\w* to|spar(?:e|es|ing)|protect\w*|without (?:the )?|"
                         r"stays?\b|remains?\b|safe for|pain\b|ache|injur\w*|niggl\w*|uncomfortable|instead of)", re.IGNORECASE)
_SUBCLAUSE = re.compile(r",\s*|\s+(?:because|so|but|as|since)\s+", re.IGNORECASE)
# 'Grip' names the forearms when the text says it is worked ('your grip gets a workout', 'trains your grip').
_GRIP_WORKED = re.compile(r"\bgrip (?:gets|is|will be) (?:\w+ ){0,3}(?:workout|worked|trained|challenged|tested)|"
                          r"\b(?:works?|trains?|builds?|challenges?|strengthens?) (?:your |the )?grip\b", re.IGNORECASE)
# A muscle word that more often means a position ('lift your chest') named as worked: 'works your chest'.
_WEAK_WORKED = re.compile(r"\b(?:works?|trains?|targets?|strengthens?|hits?|builds?) (?:your |the )?"
                          r"(chest|thighs?|neck|groin)\b", re.IGNORECASE)
_ACTION = re.compile(r"\b(?:train|target|work|strengthen|hit|build|engage|activate|emphasi[sz]e|lengthen|stretche[sd])\w*",
                     re.IGNORECASE)
# A clause about muscles that barely work ('help stabilise but do little of the pushing') or about
# another exercise paired with this one ('we pair this stretch with strengthening work for the back').
_LITTLE_WORK = re.compile(r"\bdo(?:es)? (?:very )?little\b|\bdo(?:es)?n[o']?t do much\b|\bbarely (?:work|used)|"
                          r"\bpair(?:s|ed|ing)? (?:this|it|them)\b", re.IGNORECASE)
_SOME_VARIATIONS = re.compile(r"\b(?:some|other) variations?\b", re.IGNORECASE)


# An instruction that names a body part without saying it is worked: 'keep your chest up', 'squeeze
# your glutes', 'if you feel your lower back arching, stop', 'don't let your lower back arch'.
_CUE_CLAUSE = re.compile(r"^\s*(?:and |then |also |just )?(?:keep|squeeze|brace|tighten|lift|puff|tuck|draw|pull|push|press|"
                         r"lock|set|sit|stand|lie|lean|rest|place|let|don'?t let|do not let|avoid|if you feel|stop)\b",
                         re.IGNORECASE)


def is_cue(clause: str) -> bool:
    """A clause written as an instruction (an imperative or 'if you feel your X ...'), which names
    body parts as positions or warnings, never as muscles the exercise works."""
    return bool(_CUE_CLAUSE.match(clause.strip(" ,-*")))


def classify_muscles(texts: list[str]) -> tuple[list[str], list[str], float]:
    """(primary, secondary, confidence) from prose: explicit 'primarily' / 'prime movers' / 'main
    muscles' and 'secondary' / 'supporting role' / 'help out' win (when both are said, other
    mentions are cues, not muscles worked); otherwise the first clause naming muscles gives the
    primary ones. Sentences about muscles that do little, or about an exercise paired with this
    one, name none; instructions ('squeeze your glutes') name none once the text says what is worked."""
    strong: list[str] = []
    explicit_secondary: list[str] = []
    ordinary: list[list[str]] = []
    acting: list[bool] = []
    cues: list[bool] = []
    for text in texts:
        for sentence in sentences(text):
            for clause in _CLAUSE.split(sentence):
                if _SOME_VARIATIONS.search(clause) or _LITTLE_WORK.search(sentence):
                    continue
                found = terms.muscles_in(clause)
                if found and _NOT_WORKED.search(clause):  # keep only the parts that say what is worked
                    clause = ", ".join(p for p in _SUBCLAUSE.split(clause) if not _NOT_WORKED.search(p))
                    found = terms.muscles_in(clause)
                if "grip" in clause and _GRIP_WORKED.search(clause) and "forearms" not in found:
                    found.append("forearms")
                # 'it also works your chest': a weak word said to be worked
                weak = _WEAK_WORKED.search(clause)
                if weak:
                    found += [m for m in terms.muscles_in(weak.group(1), strict=False) if m not in found]
                found += [m for m in terms.composite_muscles_in(clause) if m not in found]
                if not found:
                    continue
                low = clause.lower()
                if _SECONDARY_CUE.search(low):
                    explicit_secondary += [m for m in found if m not in explicit_secondary]
                elif _PRIMARY_CUE.search(low):
                    strong += [m for m in found if m not in strong]
                else:
                    ordinary.append(found)
                    acting.append(bool(_ACTION.search(clause)))
                    cues.append(is_cue(clause))
    if strong:
        primary, confidence = strong, 0.8
    elif ordinary:
        first = next((g for g, act in zip(ordinary, acting, strict=True) if act), ordinary[0])
        primary, confidence = [m for m in first if m not in explicit_secondary], PROSE
    else:
        primary, confidence = [], 0.0
    secondary = [m for m in explicit_secondary if m not in primary]
    if strong and secondary:  # both said outright: other mentions are cues ('lock your lats in')
        return primary, secondary, confidence
    said_worked = bool(strong) or any(acting)
    for group, cue in zip(ordinary, cues, strict=True):
        if said_worked and cue:  # 'keep your chest up' beside 'it works your legs': a cue, not worked
            continue
        secondary += [m for m in group if m not in primary and m not in secondary]
    return primary, secondary, confidence
