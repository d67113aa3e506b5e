"""Headings, labels and cue words shared by the readers: where a page's own content stops, which
headings name a field (how-to, tips, mistakes, safety, equipment, ...) rather than an exercise,
'Label: value' lines, and small word helpers.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest import terms

_HOWTO = re.compile(r"^(?:how to (?:do|perform|execute)\b|instructions\b|directions\b|steps\b|execution\b|technique\b|"
                    r"what to do\b|how it's done\b|method\b|form guide\b|step[- ]by[- ]step\b|do it\b|"
                    r"(?:the )?(?:movement|action|set-?up|starting position|start position|performing it)\s*:?$)",
                    re.IGNORECASE)
_HOWTO_NAME = re.compile(r"^how to (?:do|perform)(?: an?\b| the\b)?\s*[-–:]?\s*(.+?)"
                         r"(?:,?\s+(?:step[- ]by[- ]step|properly|correctly|safely))?\s*:?$", re.IGNORECASE)
_TIPS = re.compile(r"tips|tricks|important information|pointers|form cues|coaching (?:cues|points)|key points|keep in mind|"
                   r"(?:coach|trainer|physio|editor)['’]?s (?:notes?|tip|corner)|good to know|^(?:comments?|cues?|notes?|tip)\s*:?$|^\w+(?: \w+)? notes\s*:?$",
                   re.IGNORECASE)
_MISTAKES = re.compile(r"mistake|errors|what to avoid|(?:screw|mess|muck) (?:it |this |them )?up|^avoid\s*:?$|avoid these|beware|don'?ts\b|faults|watch out", re.IGNORECASE)
_FAQ = re.compile(r"^(?:faq|frequently asked|questions)\b", re.IGNORECASE)
_VARIATIONS = re.compile(r"variations?|modifications?|progressions?|regressions?", re.IGNORECASE)
_BENEFITS = re.compile(r"benefits?|used for|why (?:do|you should)", re.IGNORECASE)
_SAFETY_HEAD = re.compile(r"safety|precautions?|warnings?|contraindications?|caution|^stop (?:if|when)\b|when to stop|"
                          r"^heads[- ]up\b|^important\s*[:!]?$|^(?:stay|staying|be|keep it) safe\b",
                          re.IGNORECASE)
# Headings whose section is one field's value ('You'll need', 'Target muscle', 'Repeat'): read as
# 'Label: value' lines, never taken for an exercise. The key is the label ``_apply_labels`` reads.
_FIELD_HEADINGS = (
    ("equipment", re.compile(r"^(?:you(?:'ll| will)? need|what you(?:'ll| will)? need|equipment(?: needed)?|kit|gear)\b",
                             re.IGNORECASE)),
    ("synergists", re.compile(r"^(?:synergists?|secondary muscles?|assisting muscles?|stabili[sz]ers?)\b|"
                              r"^(?:secondary|assisting|supporting)$", re.IGNORECASE)),
    ("target muscle", re.compile(r"^(?:targets?|target muscles?|muscles? (?:used|worked|targeted)|primary muscles?|"
                                 r"main muscles?|what it works)\b|^(?:primary|main)$|"
                                 r"^what (?:it|they|both|each)(?: \w+){0,2} (?:works?|trains?|targets?)\b", re.IGNORECASE)),
    ("dosage", re.compile(r"^(?:repeat|repetitions|reps|sets(?: and reps| & reps)?|how many|how often|dos(?:age|e)|"
                          r"prescription|(?:suggested |recommended )?volume|programming)\b", re.IGNORECASE)),
    ("level", re.compile(r"^(?:difficulty|level)\s*:?$", re.IGNORECASE)),
)
_SAFETY = re.compile(
    r"\b(?:consult\w*|(?<!your )(?<!the )(?:doctor|physician|healthcare provider|health care provider|"
    r"physical therapist|physiotherapist)(?! will\b)|medical (?:advice|clearance|professional)|"
    r"(?:talk|speak|check) (?:to|with) (?:a|your|the) (?:doctor|physician|physio\w*|GP|physical therapist|"
    r"(?:medical |health )?professional)|"
    r"stop (?:immediately|the (?:exercise|set|movement|stretch)|if)|"
    r"seek (?:medical )?(?:help|advice)|herniat\w*|contraindicat\w*|should not|shouldn't|sharp pain|"
    r"stop and (?:get|see|seek|call)|(?:talk|speak) to (?:a|your) (?:physio|GP)|go-ahead from|"
    r"if you (?:feel|notice|get) [^.]{0,80}\bstop)\b|^\s*⚠",
    re.IGNORECASE,
)
_GENERIC_TITLES = {"exercise", "exercises", "workout", "overview", "description", "home", "transcript",
                   "video transcript", "full transcript"}
_CREDIT = re.compile(r"/|getty|images?\b|shutterstock|istock|photo|illustration", re.IGNORECASE)
_LABEL = re.compile(r"^([A-Z][A-Za-z'’/ ]{2,40}?)\s*(\([^)]*\))?\s*:\s*(.*)$")
_STOPWORDS = {
    "the", "a", "an", "on", "of", "with", "and", "or", "to", "in", "for", "it", "up", "your", "at",
    "by", "from", "how", "do", "is", "are", "this", "that", "its", "my", "best", "great",
}
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_TABLE_RULE = re.compile(r"[|:\-\s]+")
_ALSO_KNOWN_ITEM = re.compile(r"also known as\s*:", re.IGNORECASE)


def _words(text: str) -> set[str]:
    """The content words of text, normalised and without a plural 's' (stopwords dropped)."""
    return {w.rstrip("s") for w in terms.normalize(text).split() if len(w) > 1 and w not in _STOPWORDS}


def _title_case(text: str) -> bool:
    """Whether every content word of text starts with a capital ('Single-Leg Glute Bridge')."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _nice_name(text: str) -> str:
    """A name without framing punctuation, capitalised when written all in lower case."""
    text = text.strip(" .:-–")
    return text if any(c.isupper() for c in text) else text[:1].upper() + text[1:]


def _listing_title(text: str) -> bool:
    """A title of a listing or programme ('5 Core Exercises', 'PATIENT INFORMATION'), not one exercise."""
    return bool(re.search(r"\b(?:exercises|workouts|moves|stretches|information for|programme|program)\b", text,
                          re.IGNORECASE)) or text.isupper()


_KNOWN_LABELS = {
    "difficulty", "level", "equipment", "equipment needed", "primary muscles", "secondary muscles",
    "target muscles", "muscles worked", "also known as", "main muscles",
}


def _as_sentence(value: str) -> str:
    """A field's value as a sentence: capitalised, ending with a full stop."""
    return value[:1].upper() + value[1:] + ("" if value.endswith((".", "!", "?")) else ".")


_EASIER_HARDER = re.compile(r"^(?:(?:to )?make it )?(?:easier|harder|too (?:hard|easy)|regress(?:ion)?|progress(?:ion)?|"
                            r"to (?:regress|progress)|scale (?:it )?(?:down|up)|beginners?|advanced)(?: option| version)?$",
                            re.IGNORECASE)
# Headings of an article's framing sections: 'What it is', 'At a glance', 'The bottom line'.
_ABOUT = re.compile(r"^(?:what (?:it|this) is|what is it|overview|at a glance|in brief|summary|in summary|"
                    r"(?:the )?bottom line|the verdict|introduction|intro|background|final (?:thoughts|word))\s*[:?]?$",
                    re.IGNORECASE)


def _special(heading: str) -> bool:
    """A section heading that names a field (how-to, tips, mistakes, safety, equipment, ...) or frames
    the article ('What it is', 'The bottom line'), never an exercise."""
    return any(rx.search(heading) for rx in (_TIPS, _MISTAKES, _FAQ, _VARIATIONS, _SAFETY_HEAD, _BENEFITS, _HOWTO)) \
        or field_heading(heading) is not None or bool(_ABOUT.match(heading.strip()))


def field_heading(heading: str) -> str | None:
    """The label a field heading stands for ('You'll need' -> 'equipment'), or None."""
    text = heading.strip(" :?")
    return next((key for key, rx in _FIELD_HEADINGS if rx.match(text)), None)
