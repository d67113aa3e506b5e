"""An exercise's name and other names: page titles and headlines reduced to the exercise they are
about, feature labels ('Move of the week: X'), numbered headings ('Exercise 2: X'), 'also called'
and abbreviations, product titles that are not exercises.
"""

from __future__ import annotations

import re

from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import Block
from trainwise.domain.ingest.cues import (
    _GENERIC_TITLES,
    _HOWTO_NAME,
    _KNOWN_LABELS,
    _LABEL,
    _STOPWORDS,
    _WORD,
    _listing_title,
    _nice_name,
    _special,
    _words,
)
from trainwise.domain.ingest.model import INFERRED, PROSE, SECTION

_ALSO_KNOWN = re.compile(
    r"\b(?:(?:you'll |you will |you may |you might )?(?:also|sometimes|often)(?: see it| hear it| find it)?|"
    r"some (?:gyms|people|coaches|lifters|folks|of you)|many people|others) "
    r"(?:known as|called|call it|call|referred to as|shortened to|abbreviated to) (?:an? |the )?"
    r"([A-Za-z][\w' -]{2,40}?)(?:,? or (?:simply |just |even )?(?:an? |the )?([A-Za-z][\w' -]{2,40}?))?\s*(?:[,.;)—–]|\s-\s|$)",
    re.IGNORECASE,
)


def also_known(text: str) -> list[str]:
    """Other names the text gives: 'also called the X', 'you'll also see it called the X or the Y',
    'often shortened to the X', 'some of you call it the X'."""
    out: list[str] = []
    low = text.lower()
    if not any(w in low for w in ("known as", "call", "referred to", "shortened", "abbreviated")):
        return out
    for m in _ALSO_KNOWN.finditer(text):
        out += [_nice_name(g) for g in m.groups() if g and _nice_name(g) not in out]
    return out


def clean_name(text: str) -> str:
    """A page title reduced to the exercise's name: 'How I Teach the X' / 'X — Exercise of the
    Week' / 'The X, Explained' -> 'X'."""
    name = re.split(r"\s+[—–|]\s+|\s+-\s+", text.strip())[0]
    name = re.sub(r",\s*explained$|:\s*(?:a |the |an )?(?:complete |ultimate |beginner's |quick )?"
                  r"(?:form guide|technique guide|guide|how to|form|technique|tips|instructions).*$"
                  r"|\s+(?:form|technique|exercise|complete|ultimate|how-to)\s+guide$", "",
                  name, flags=re.IGNORECASE)
    name = re.sub(r"^how (?:i|we|to) (?:teach|coach|do|perform|master|cue|learn)\s+(?:the |a |an )?", "", name,
                  flags=re.IGNORECASE)
    name = re.sub(r"^the\s+(?=\S+\s+\S+)", "", name, flags=re.IGNORECASE)
    return _nice_name(name) if _words(name) else _nice_name(text)


_HEADLINE_VERB = re.compile(r"\b(?:is|are|was|were|will|can|could|should|makes?|gets?|helps?|you|you're|your|why|"
                            r"here's|this|these|need|needs|must)\b", re.IGNORECASE)
_HEADLINE_BREAK = re.compile(r"\s*[()]\s*|\s+(?:is|are|was|were|will|can|could|should|may|might|makes?|gets?|helps?|builds?|"
                             r"does|do|that|which|why|you|you're|your|for|to|with|without|vs\.?|versus|and|or|"
                             r"this|these|need|needs|must|feels?|hurts?|aches?)(?=\s)|\s+[—–|-]\s+|[:!?,]\s*", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an|this|these|my|our|why|how|here's)\s+", re.IGNORECASE)
# A feature label before the exercise's name: 'Move of the week: the X', 'Getting started: the X',
# 'Exercise of the day — X', 'Featured exercise: X'.
_INTRO_LABEL = re.compile(
    r"^(?:(?:(?:this|today)'?s? )?(?:move|exercise|lift|stretch|drill|skill|workout) of the (?:week|day|month)|"
    r"(?:featured|spotlight|this week'?s|today'?s) (?:move|exercise|lift|stretch|drill)|getting started|"
    r"spotlight|try this|learn (?:it|this)|the move)\s*[:—–-]\s*(?:the |an? )?(\S.*)$",
    re.IGNORECASE,
)


def strip_intro_label(text: str) -> str:
    """The text without a feature label before the name ('Move of the week: the X' -> 'X')."""
    m = _INTRO_LABEL.match(text.strip())
    return m.group(1).strip() if m else text


_SMALL_WORDS = {"a", "an", "the", "of", "on", "in", "to", "with", "and", "or", "for", "at", "by"}


def unshout(text: str) -> str:
    """An all-capitals title in title case ('THE COPENHAGEN PLANK' -> 'The Copenhagen Plank');
    other text unchanged."""
    if not text.isupper() or len(text) < 4:
        return text
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def is_headline(text: str) -> bool:
    """A magazine-style title ('The X Is the Move You're Not Doing') rather than an exercise's name."""
    return len(text.split()) > 6 or bool(_HEADLINE_VERB.search(text))


def headline_name(headline: str, body: str) -> str | None:
    """The exercise a headline is about: the phrase of up to five words inside the headline (split
    at verbs, pronouns and punctuation; not starting or ending with a small word) that the body
    names again; longer phrases, then more mentions, then earlier ones win."""
    norm_body = f" {terms.normalize(body)} "
    best: tuple[int, int, str] | None = None
    for chunk in _HEADLINE_BREAK.split(headline):
        words = _LEADING_ARTICLE.sub("", chunk.strip(" .'\"“”‘’")).split()
        for n in range(min(5, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if words[i].lower() in _STOPWORDS or words[i + n - 1].lower() in _STOPWORDS \
                        or not _words(phrase) or _listing_title(phrase) or _only_muscles(phrase):
                    continue
                count = norm_body.count(f" {terms.normalize(phrase)} ")
                if count and (best is None or (n, count) > best[:2]):
                    best = (n, count, phrase)
    return _nice_name(best[2]) if best else None


def _only_muscles(phrase: str) -> bool:
    """A phrase that only names body parts ('shoulders', 'lower back'): what a headline complains
    about, never the exercise it is about."""
    words = set(phrase.lower().split())
    return bool(words) and not words - _MUSCLE_WORDS


_MUSCLE_WORDS = frozenset({"shoulder", "shoulders", "knee", "knees", "back", "lower", "upper", "neck", "hip", "hips",
                           "elbow", "elbows", "wrist", "wrists", "chest", "arms", "arm", "legs", "leg", "my"})


_NOT_MODIFIER = re.compile(r"^(?:\w{3,}(?:ing|ed|ly)|using|going|being|having|you|we|they|i|me|some|more|few|many|any|all|these|those|"
                           r"good|bad|proper|real|doing|does|did|can|can't|not|no|so|but|if|when|then|than)$",
                           re.IGNORECASE)


_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "people", "guys", "to", "will", "can", "should", "must"})


def qualified_name(name: str, text: str) -> str | None:
    """The longer name the text gives a one-word name from a headline: 'dips' written 'parallel
    bar dips' -> 'Parallel Bar Dips' (up to two words before it, none a small word, a verb, an
    adverb or a pronoun, and not after a subject: 'I love dips'; the longest such phrase wins), else None."""
    if len(name.split()) != 1:
        return None
    best = ""
    for m in re.finditer(rf"((?:[A-Za-z][\w'-]* ){{1,2}}){re.escape(name)}\b", text, re.IGNORECASE):
        words = m.group(1).split()
        dropped = text[: m.start()].split()[-1:]  # a subject before the phrase makes its first word a verb
        while words and (words[0].lower() in _STOPWORDS or _NOT_MODIFIER.match(words[0])):
            dropped, words = [*dropped, words[0]], words[1:]
        if any(w.lower() in _SUBJECTS for w in dropped):
            continue
        if words and not any(w.lower() in _STOPWORDS or _NOT_MODIFIER.match(w) for w in words):
            phrase = " ".join([*words, m.group(0).split()[-1]])
            best = phrase if len(phrase.split()) > len(best.split()) else best
    return _nice_name(best) if best else None


def _title(blocks: list[Block]) -> str:
    """The page's title: its first block that is not a generic word ('Exercise', 'Overview')."""
    for b in blocks:
        if b.text.lower().strip(" :") not in _GENERIC_TITLES:
            return b.text
    return ""


def _name_single(blocks: list[Block], title: str) -> tuple[str, float, str]:
    """(name, confidence, where) of a page's one exercise: a 'How to do X' heading, a featured or
    subtitled title, the first heading that names an exercise, else the first line."""
    for b in blocks:
        if b.kind == "heading":
            m = _HOWTO_NAME.match(b.text)
            if m and m.group(1).strip().lower() not in {"it", "this", "them", "this exercise", "the exercise",
                                                        "this move", "it right"}:
                wanted = terms.normalize(m.group(1))
                same = next((h.text for h in blocks if h.kind == "heading" and terms.normalize(h.text) == wanted), None)
                return _nice_name(same or m.group(1)), SECTION, f"heading: {b.text}"
    body = " ".join(x.text for x in blocks if x.kind == "para" and x.text != title)
    whole = " ".join(x.text for x in blocks if x.text != title)
    spoken = body_name(body) if _SHOW_TITLE.search(title) else None
    if spoken:  # a podcast's transcript: the exercise the talk names, not the show
        return spoken, PROSE, f"named in the talk under the show's title: {title}"
    first = True
    for b in blocks:
        if b.kind != "heading":
            continue
        featured = strip_intro_label(b.text)
        if featured != b.text:  # 'Getting started: the X', 'Move of the week: X'
            return clean_name(unshout(featured)), SECTION, f"heading: {b.text}"
        titled = _titled_name(b.text, body) if first else None
        first = False
        if titled:
            return titled, 0.8, f"page title before its subtitle: {b.text}"
        if (b.text.lower().strip(" :") not in _GENERIC_TITLES and not _listing_title(b.text)
                and not _LABEL.match(b.text) and not _special(b.text) and not product_title(b.text)):
            name = clean_name(b.text)
            return _from_headline(name, body, b.text, whole) or (name, 0.8, "page title")
    name = clean_name(title[:80])
    return _from_headline(name, body, title, whole) or (name, INFERRED, "first line")


def fuller_name(name: str, headline: str, text: str) -> str:
    """The longer name a headline writes around ``name`` when the page (headings too) names that
    longer one as well: 'Hang' in 'Dead Hang: Everything People Ask' -> 'Dead Hang'."""
    words = _LEADING_ARTICLE.sub("", headline.strip(" .'\"“”‘’")).split()
    key, page = terms.normalize(name).split(), f" {terms.normalize(text)} "
    for i in range(len(words) - len(key) + 1):
        if [terms.normalize(w) for w in words[i : i + len(key)]] != key:
            continue
        for lo in range(max(0, i - 2), i + 1):
            for hi in range(min(len(words), i + len(key) + 2), i + len(key) - 1, -1):
                phrase = " ".join(words[lo:hi]).strip(" .,:;!?")
                if (lo, hi) != (i, i + len(key)) and phrase and words[lo].lower() not in _STOPWORDS \
                        and words[hi - 1].strip(" .,:;!?").lower() not in _STOPWORDS \
                        and not re.search(r"[:;,.!?]", " ".join(words[lo:hi])[:-1]) \
                        and f" {terms.normalize(phrase)} " in page:
                    return _nice_name(phrase)
    return name


def _from_headline(name: str, body: str, where: str, whole: str = "") -> tuple[str, float, str] | None:
    """When ``name`` is a headline the text never repeats: the exercise it is about (a phrase of
    the headline the text names), else the exercise the text itself names and describes."""
    if not is_headline(name) or terms.normalize(name) in terms.normalize(body):
        return None
    found = headline_name(name, body)
    if found:
        return fuller_name(found, name, whole or body), PROSE + 0.1, f"headline, named again in the text: {where}"
    described = body_name(body)
    return (described, PROSE, f"headline without the name; named in the text: {where}") if described else None


_TITLE_SPLIT = re.compile(r"^(?:the |an? )?([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,4}):\s+(\S.*)$", re.IGNORECASE)


def _titled_name(text: str, body: str) -> str | None:
    """The name in a page title written 'Name: subtitle' ('The X: The Move Runners Skip' -> 'X'),
    when the text names it again and it is no field label ('Level: Beginner')."""
    m = _TITLE_SPLIT.match(text)
    if m is None or len(m.group(2).split()) < 3:
        return None
    name = m.group(1)
    if _special(name) or terms.normalize(name) in _KNOWN_LABELS or _listing_title(name) or not _words(name):
        return None
    return _nice_name(name) if f" {terms.normalize(name)} " in f" {terms.normalize(body)} " else None


# 'The X — you'll also see it called the Y or the Z — is a kneeling exercise ...'
_DEFINED = re.compile(r"^(?:the |an? )?([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,4})\s*(?:—|–|\(|,|\s-\s)\s*"
                      r"([^—–()]{5,90}?)\s*(?:—|–|\)|,|\s-\s)\s*(?:is|are)\b", re.IGNORECASE)


def defined_name(name: str, paras: list[str]) -> tuple[str, list[str]] | None:
    """(full name, other names) from a sentence defining the exercise with its other names, when
    ``name`` is one of them: 'Nordic curl' and 'The Nordic hamstring curl - also called the Nordic
    curl or the Russian curl - is ...' -> ('Nordic hamstring curl', ['Nordic curl', 'Russian curl'])."""
    key = terms.normalize(name)
    for p in paras:
        m = _DEFINED.match(p)
        if m is None:
            continue
        others = also_known(m.group(2) + ".")
        if others and key in {terms.normalize(m.group(1)), *(terms.normalize(o) for o in others)}:
            return _nice_name(m.group(1)), others
    return None


# Sentences naming the exercise a text describes: 'The X is a simple cable exercise', 'breaking down
# the X', 'it's called the X'.
_BODY_NAME = re.compile(
    r"(?:^|[.!?]\s+)(?:the |an? )([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,3}) (?:is|are) (?:a|an|one of the)\b"
    r"[^.]{0,80}?\b(?:exercises?|moves?|movements?|stretch(?:es)?|drills?|lifts?|variations?|holds?)\b|"
    r"\b(?:breaking down|talking about|teaching you|learning|introducing|it'?s called|meet) the "
    r"([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,3}?)(?=[,.;:!?]|\s(?:which|that|is|and)\b)|"
    r"(?:^|[.!?:]\s+)(?:oh|well|so|um|easy|honestly|definitely)?,?\s*the ([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){1,3})"
    r"[.!](?:\s|$)",
    re.IGNORECASE,
)
# A show's or an episode's title line ('Built To Last — Episode 112: ...'): never an exercise's name.
_SHOW_TITLE = re.compile(r"\b(?:episode|ep\.?)\s*\d+|\bpodcast\b|\bshow notes\b", re.IGNORECASE)


def body_name(body: str) -> str | None:
    """The exercise a text names and describes, for a headline that never names it: the subject of
    'The X is a ... exercise' or the object of 'breaking down the X'; the one named most often wins."""
    norm_body = f" {terms.normalize(body)} "
    best: tuple[int, str] | None = None
    for m in _BODY_NAME.finditer(body):
        phrase = (m.group(1) or m.group(2) or m.group(3) or "").strip()
        if not _words(phrase) or _listing_title(phrase) or terms.normalize(phrase) in {"exercise", "move"}:
            continue
        count = norm_body.count(f" {terms.normalize(phrase)} ")
        if best is None or count > best[0]:
            best = (count, phrase)
    return " ".join(w if w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:] for w in best[1].split()) if best else None


_PAREN_ALIAS = re.compile(r"^(.+?)\s*\(([A-Za-z][\w'’ -]{1,40})\)$")


def split_alias(name: str) -> tuple[str, str | None]:
    """A name with another name in brackets, split: 'Seated heel raise (seated calf raise)' ->
    ('Seated heel raise', 'seated calf raise'); a bracketed remark ('(Stop Caving Your Knees)') stays."""
    m = _PAREN_ALIAS.match(name.strip())
    if m is None or len(m.group(2).split()) > 4 or re.search(r"\b(?:you|your|how|why|updated?|video)\b", m.group(2), re.I):
        return name, None
    return m.group(1).strip(), m.group(2).strip()


_PACK = re.compile(r"(?:\s+(?:set|pack|kit|bundle|pair|range)|\s+\(?\d[\d.,]*\s*(?:kg|lb|lbs|mm|cm)\)?)+$",
                   re.IGNORECASE)


def product_title(text: str) -> bool:
    """A product's name rather than an exercise's: its last word names a piece of equipment, once
    'Set', 'Pack' or a weight is set aside ('Cast Iron Kettlebell', 'Loop Band Set', 'Dumbbell 10 kg';
    not 'Kettlebell Swing')."""
    words = _WORD.findall(_PACK.sub("", clean_name(text)))
    return bool(words) and len(words) <= 5 and bool(terms.equipment_in(words[-1], strict=False)) \
        and not terms.muscles_in(text) and not any(w.lower() in ("with", "on", "using", "and", "to") for w in words)


def abbreviations(name: str, text: str) -> list[str]:
    """Short forms the text gives right after the name: 'the Romanian deadlift, or RDL' /
    'Romanian deadlift (RDL)' -> ['RDL']."""
    if not name or name.lower() not in text.lower():
        return []
    rx = re.compile(rf"(?i:{re.escape(name)})\s*(?:,\s*or|\(|,\s*(?:aka|a\.k\.a\.))\s*(?:the\s+)?([A-Z][A-Z0-9]{{1,5}})\b")
    return [m.group(1) for m in rx.finditer(text)]


def _subject(text: str) -> str:
    """The subject of a defining sentence ('The X is ...' -> 'X'), or ''."""
    m = re.match(r"^(?:The\s+|A\s+|An\s+)?([A-Za-z][\w' -]{1,40}?)\s+(?:is|are)\b", text)
    return _nice_name(m.group(1)) if m else ""


# 'Exercise 1: Cat-Camel', '2. Wall Sit', 'Move #3 - Skater Hop', '4) Bird Dog', 'Version 2: the X'.
_NUMBERED = re.compile(r"^(?:(?:exercise|move|drill|stretch|version|variation|variant|option|no\.?)\s*#?\d{1,2}\s*[:.)–—-]\s*|#?\d{1,2}\s*[.):–—-]\s+)"
                       r"(\S.{1,60})$", re.IGNORECASE)


def numbered_name(heading: str) -> str | None:
    """The exercise a numbered heading introduces ('Exercise 2: McGill Curl-Up' -> 'McGill Curl-Up',
    '2. MOVE OF THE WEEK: THE X' -> 'X')."""
    m = _NUMBERED.match(heading)
    if m is None:
        return None
    name = unshout(strip_intro_label(m.group(1).strip(" .:")))
    if _special(name) or _LABEL.match(name) or name.endswith("?") or len(name.split()) > 8:
        return None
    return name
