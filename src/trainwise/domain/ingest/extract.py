"""Exercise extraction from a segmented page: shape detection, then field extraction.

Shapes: ``single`` (one exercise: title, description, steps, tips, labelled fields, FAQ),
``article`` (a trainer's article: how-to, sets and reps, variations, mistakes, benefits),
``list`` (several exercises, each with 'Also known as:' / 'Equipment needed:' /
'How to do it right:' items), ``numbered`` (sections headed 'Exercise 1: X' / '2. Y', each read
like a single page), ``multi`` (sections headed by exercise names, each with its own steps),
``prose-multi`` (an answer introducing its exercises in turn: 'The first one is the X ...') and
``prose`` (instructions written as sentences).

Field headings ('Form guide', 'Coach's notes', 'Watch out for', 'You'll need', 'Target muscle',
'Repeat', ...) name a field of the exercise they sit in and never become exercises; page chrome
(breadcrumbs, bylines, 'Similar threads', disclaimers, author boxes) is dropped first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.ingest import terms
from trainwise.domain.ingest.blocks import (
    Block,
    Section,
    looks_like_heading,
    sections,
    segment,
    sentences,
)
from trainwise.domain.ingest.chrome import definition_fields, is_chrome

# Where the page's own content ends: reference lists, "more from" blocks, comments, tags.
_STOP = re.compile(
    r"^(?:\d+\s+)?(?:sources|references|bibliography)$|^more from\b|^leave a (?:comment|reply)|"
    r"^related (?:articles|posts|stories|exercises)|^image source|^you (?:may|might) also like|"
    r"^read (?:more|next)|^#\w|^share this|^advertisement$|^recommended (?:for you|reading|articles|stories)|^related reading|^further reading|"
    r"^see also\b|^similar (?:threads|exercises|posts|articles|questions|topics)\b|^member notes\b|"
    r"^comments?\s*\([\d,.]+k?\)$|^[\d,.]+k? comments?$|^about the author\b|^up next$|^(?:watch|videos?) next$|"
    r"^(?:changelog|change log|release notes|licen[cs]e|contributing|contributors)$|"
    r"^(?:related products|frequently bought together|customers (?:also (?:bought|viewed)|who bought))\b",
    re.IGNORECASE,
)
_AD = re.compile(
    r"\b(?:sign up|subscribe|newsletter|download (?:our|the) app|ai-powered|advertisement|sponsored|"
    r"cookies?|free trial|buy now|shop now|use code)\b",
    re.IGNORECASE,
)
_AD_HEADING = re.compile(r"^(?:built for progress|take the guesswork|advertisement|sponsored|sign up|subscribe)",
                         re.IGNORECASE)
_HOWTO = re.compile(r"^(?:how to (?:do|perform|execute)\b|instructions\b|directions\b|steps\b|execution\b|technique\b|"
                    r"what to do\b|how it's done\b|method\b|form guide\b|step[- ]by[- ]step\b|do it\b|"
                    r"(?:the )?(?:movement|action|set-?up|starting position|start position|performing it)\s*:?$)",
                    re.IGNORECASE)
_HOWTO_NAME = re.compile(r"^how to (?:do|perform)(?: an?| the)?\s*[-–:]?\s*(.+)$", re.IGNORECASE)
_TIPS = re.compile(r"tips|tricks|important information|pointers|form cues|coaching (?:cues|points)|key points|keep in mind|"
                   r"coach'?s (?:notes?|tip|corner)|good to know|^(?:comments?|cues?|notes?|tip)\s*:?$",
                   re.IGNORECASE)
_MISTAKES = re.compile(r"mistake|errors|what to avoid|avoid these|beware|don'?ts\b|faults|watch out", re.IGNORECASE)
_FAQ = re.compile(r"^(?:faq|frequently asked|questions)\b", re.IGNORECASE)
_VARIATIONS = re.compile(r"variations?|modifications?|progressions?|regressions?", re.IGNORECASE)
_BENEFITS = re.compile(r"benefits?|used for|why (?:do|you should)", re.IGNORECASE)
_SAFETY_HEAD = re.compile(r"safety|precautions?|warnings?|contraindications?|caution|^stop (?:if|when)\b|when to stop|"
                          r"^heads[- ]up\b|^important\s*[:!]?$",
                          re.IGNORECASE)
# Headings whose section is one field's value ('You'll need', 'Target muscle', 'Repeat'): read as
# 'Label: value' lines, never taken for an exercise. The key is the label ``_apply_labels`` reads.
_FIELD_HEADINGS = (
    ("equipment", re.compile(r"^(?:you(?:'ll| will)? need|what you(?:'ll| will)? need|equipment(?: needed)?|kit|gear)\b",
                             re.IGNORECASE)),
    ("synergists", re.compile(r"^(?:synergists?|secondary muscles?|assisting muscles?|stabili[sz]ers?)\b", re.IGNORECASE)),
    ("target muscle", re.compile(r"^(?:targets?|target muscles?|muscles? (?:used|worked|targeted)|primary muscles?|"
                                 r"main muscles?|what it works)\b", re.IGNORECASE)),
    ("dosage", re.compile(r"^(?:repeat|repetitions|reps|sets(?: and reps| & reps)?|how many|how often|dos(?:age|e)|"
                          r"prescription|(?:suggested |recommended )?volume|programming)\b", re.IGNORECASE)),
    ("level", re.compile(r"^(?:difficulty|level)\s*:?$", re.IGNORECASE)),
)
_SAFETY = re.compile(
    r"\b(?:consult\w*|(?<!your )(?<!the )(?:doctor|physician|healthcare provider|health care provider|"
    r"physical therapist|physiotherapist)(?! will\b)|medical (?:advice|clearance|professional)|"
    r"(?:talk|speak|check) (?:to|with) (?:a|your|the) (?:doctor|physician|physio\w*|GP|physical therapist)|"
    r"stop (?:immediately|the exercise|if)|"
    r"seek (?:medical )?(?:help|advice)|herniat\w*|contraindicat\w*|should not|shouldn't|sharp pain|"
    r"stop and (?:get|see|seek|call)|(?:talk|speak) to (?:a|your) (?:physio|GP)|go-ahead from|"
    r"if you (?:feel|notice|get) [^.]{0,80}\bstop)\b|^\s*⚠",
    re.IGNORECASE,
)
_GENERIC_TITLES = {"exercise", "exercises", "workout", "overview", "description", "home", "transcript",
                   "video transcript", "full transcript"}
_CREDIT = re.compile(r"/|getty|images?\b|shutterstock|istock|photo|illustration", re.IGNORECASE)
_LABEL = re.compile(r"^([A-Z][A-Za-z' ]{2,40}?)\s*(\([^)]*\))?\s*:\s*(.*)$")
_STOPWORDS = {
    "the", "a", "an", "on", "of", "with", "and", "or", "to", "in", "for", "it", "up", "your", "at",
    "by", "from", "how", "do", "is", "are", "this", "that", "its", "my", "best", "great",
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60,
}
_N = r"(\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_RANGE = _N + r"(?:\s*(?:-|–|to|or)\s*" + _N + r")?"
_SETS_REPS = re.compile(_RANGE + r"\s+(?:sets?|holds?|rounds?|trips?|lengths?)\s+(?:of|and|x|×|with)\s+" + _RANGE
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
                         r"stays?\b|remains?\b|safe for|pain\b|ache|injur\w*|niggl\w*|uncomfortable)", re.IGNORECASE)
_SUBCLAUSE = re.compile(r",\s*|\s+(?:because|so|but|as|since)\s+", re.IGNORECASE)
# 'Grip' names the forearms when the text says it is worked ('your grip gets a workout', 'trains your grip').
_GRIP_WORKED = re.compile(r"\bgrip (?:gets|is|will be) (?:\w+ ){0,3}(?:workout|worked|trained|challenged|tested)|"
                          r"\b(?:works?|trains?|builds?|challenges?|strengthens?) (?:your |the )?grip\b", re.IGNORECASE)
_ACTION = re.compile(r"\b(?:train|target|work|strengthen|hit|build|engage|activate|emphasi[sz]e)\w*", re.IGNORECASE)
_TIP_SENTENCE = re.compile(r"^(?:if (?:you|your)\b|one (?:thing|tip)\b|(?:a |my )?(?:quick )?tip:|make sure\b)",
                           re.IGNORECASE)
_EXPLANATION = re.compile(r"^(?:this (?:helps|is|will|makes|allows)|you'll|it will|it helps|that way)\b", re.IGNORECASE)
_CUE = re.compile(r"^(?:engage|keep|brace|squeeze|tighten|contract|activate|focus on engaging)\b", re.IGNORECASE)
_VARIATION_SENTENCE = re.compile(r"^you can (?:also|make)\b|\bas a modification\b", re.IGNORECASE)
_ALSO_KNOWN = re.compile(
    r"\b(?:(?:you'll |you will |you may |you might )?(?:also|sometimes|often)(?: see it| hear it| find it)?|"
    r"some (?:gyms|people|coaches|lifters|folks|of you)|many people|others) "
    r"(?:known as|called|call it|call|referred to as|shortened to|abbreviated to) (?:an? |the )?"
    r"([A-Za-z][\w' -]{2,40}?)(?:,? or (?:an? |the )?([A-Za-z][\w' -]{2,40}?))?\s*(?:[,.;)—–]|\s-\s)",
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

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SOME_VARIATIONS = re.compile(r"\b(?:some|other) variations?\b", re.IGNORECASE)
_TABLE_RULE = re.compile(r"[|:\-\s]+")
_LABEL_SPLIT = re.compile(r"\s+[·|]\s+|(?<=[.!?])\s+(?=[A-Z][\w' ]{1,40}:)")
# A sentence under a safety heading that warns (not a dosing note such as 'Try 2 x 5').
_WARNING = re.compile(r"\b(?:stop|avoid|don'?t|do not|never|pain\w*|dizz\w*|numb\w*|injur\w*|careful\w*|caution|"
                      r"consult\w*|doctor|physio\w*|light-headed)\b", re.IGNORECASE)
_NOT_SAFETY = re.compile(r"prevent|reduc\w* (?:the )?risk|benefit", re.IGNORECASE)
_ALSO_KNOWN_ITEM = re.compile(r"also known as\s*:", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\b(?:work|works|do) (?:too|as well|just as well)\b|\binstead\b", re.IGNORECASE)
_MISTAKES_INCLUDE = re.compile(r"common mistakes (?:include|are)\s+(.+?)\.(?:\s|$)", re.IGNORECASE)
_MISTAKES_ARE = re.compile(r"^(.+?) (?:are|is) (?:two |three |the )?(?:most )?common mistakes", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")

# Confidence of a field by where it was found.
LABELLED, SECTION, PROSE, INFERRED = 0.95, 0.85, 0.6, 0.4


@dataclass
class ExtractedExercise:
    """One exercise as read from a page; ``provenance`` says where each field came from."""

    name: str
    aliases: list[str] = field(default_factory=list)
    summary: str = ""
    steps: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    safety: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    primary_muscles: list[str] = field(default_factory=list)
    secondary_muscles: list[str] = field(default_factory=list)
    level: str | None = None
    sets_reps: str | None = None
    frequency: str | None = None
    variations: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    faq: list[dict[str, str]] = field(default_factory=list)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def note(self, name: str, where: str, confidence: float) -> None:
        """Record where a field came from, when it has a value."""
        if getattr(self, name):
            self.provenance[name] = {"source": where, "confidence": confidence}

    @property
    def confidence(self) -> float:
        """Mean confidence over the contract's core fields (missing ones count as 0)."""
        core = ("name", "summary", "steps", "equipment", "primary_muscles")
        total = sum(float(self.provenance.get(f, {}).get("confidence", 0.0)) for f in core)
        return round(total / len(core), 2)


@dataclass
class ExtractedDocument:
    """A page: its title, detected shape and the exercises found in it."""

    source: str
    title: str
    shape: str
    exercises: list[ExtractedExercise]


# --------------------------------------------------------------------------- helpers


def _content_blocks(text: str) -> list[Block]:
    """The page's own blocks: up to the first 'references' / 'similar threads' block, without ads
    and page chrome, definition lists read as fields."""
    out: list[Block] = []
    rule = False
    for b in segment(text):
        if (b.kind == "heading" or b.words <= 15) and _STOP.search(b.text):
            break
        kept = _without_ads(b) if b.kind == "para" and _AD.search(b.text) else b
        if kept is None or is_chrome(kept):
            rule = rule or b.rule  # a dropped post header after a rule: the rule still separates
            continue
        b = kept
        out.append(replace(b, rule=True) if rule and not b.rule else b)
        rule = False
    out = definition_fields(_without_shop_sections(out))
    # Drop advertising headings together with nothing else.
    return [b for b in out if not (b.kind == "heading" and _AD_HEADING.search(b.text))]


# A product page's own sections: delivery, returns, specifications, product details, size guide.
_SHOP_HEADING = re.compile(
    r"^(?:delivery|shipping|returns|(?:delivery|shipping) (?:&|and) returns|returns (?:&|and) refunds|"
    r"specifications?|specs|tech(?:nical)? specs|product (?:details|information|info|specifications|features)|"
    r"size guide|sizing|dimensions|warranty|guarantee|in the box|what'?s in the box|materials?|care instructions|"
    r"additional information)$",
    re.IGNORECASE,
)


def _without_shop_sections(blocks: list[Block]) -> list[Block]:
    """The blocks without a product page's shop sections (a ``_SHOP_HEADING`` and what follows it
    up to the next heading)."""
    out: list[Block] = []
    skipping = False
    for b in blocks:
        if b.kind == "heading":
            skipping = bool(_SHOP_HEADING.match(b.text.strip(" :")))
        if not skipping:
            out.append(b)
    return out


_SPONSORED = re.compile(r"\b(?:brought to you by|sponsored by|(?:today'?s|this) (?:video|episode)'?s? sponsor|"
                        r"thanks to .{1,40} for sponsoring)\b", re.IGNORECASE)


def _without_ads(b: Block) -> Block | None:
    """A paragraph without its advertising sentences ('hit that subscribe button'): a sponsored
    paragraph, or one that is all advertising, is dropped (None); the rest of a paragraph that
    also says something else (a video's greeting that names the exercise) is kept."""
    parts = sentences(b.text)
    if len(parts) < 2 or _SPONSORED.search(b.text):
        return None
    kept = [p for p in parts if not _AD.search(p)]
    return replace(b, text=" ".join(kept)) if kept and len(kept) < len(parts) else None


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in terms.normalize(text).split() if len(w) > 1 and w not in _STOPWORDS}


def _title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _nice_name(text: str) -> str:
    text = text.strip(" .:-–")
    return text if any(c.isupper() for c in text) else text[:1].upper() + text[1:]


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
                             r"this|these|need|needs|must)\s+|\s+[—–|-]\s+|[:!?,]\s*", re.IGNORECASE)
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
                        or not _words(phrase) or _listing_title(phrase):
                    continue
                count = norm_body.count(f" {terms.normalize(phrase)} ")
                if count and (best is None or (n, count) > best[:2]):
                    best = (n, count, phrase)
    return _nice_name(best[2]) if best else None


def _listing_title(text: str) -> bool:
    return bool(re.search(r"\b(?:exercises|workouts|moves|stretches|information for|programme|program)\b", text,
                          re.IGNORECASE)) or text.isupper()


def _split_list(value: str) -> list[str]:
    parts = re.split(r",|;|\bor\b|\band\b", value)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _to_int(token: str | None) -> int | None:
    if token is None:
        return None
    return int(token) if token.isdigit() else _NUMBERS.get(token.lower())


def _fmt(lo: int | None, hi: int | None) -> str:
    if lo is None:
        return ""
    return str(lo) if hi is None or hi == lo else f"{lo}-{hi}"


_SET_WORD = re.compile(r"\b(?:sets?|holds?|rounds?|trips?|lengths?)\s+(?:of|and|x|×|with)\s", re.IGNORECASE)


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


def classify_muscles(texts: list[str]) -> tuple[list[str], list[str], float]:
    """(primary, secondary, confidence) from prose: explicit 'primarily' / 'prime movers' / 'main
    muscles' and 'secondary' / 'supporting role' / 'help out' win (when both are said, other
    mentions are cues, not muscles worked); otherwise the first clause naming muscles gives the
    primary ones."""
    strong: list[str] = []
    explicit_secondary: list[str] = []
    ordinary: list[list[str]] = []
    acting: list[bool] = []
    for text in texts:
        for sentence in sentences(text):
            for clause in _CLAUSE.split(sentence):
                if _SOME_VARIATIONS.search(clause):
                    continue
                found = terms.muscles_in(clause)
                if found and _NOT_WORKED.search(clause):  # keep only the parts that say what is worked
                    clause = ", ".join(p for p in _SUBCLAUSE.split(clause) if not _NOT_WORKED.search(p))
                    found = terms.muscles_in(clause)
                if "grip" in clause and _GRIP_WORKED.search(clause) and "forearms" not in found:
                    found.append("forearms")
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
    for group in ordinary:
        secondary += [m for m in group if m not in primary and m not in secondary]
    return primary, secondary, confidence


_KNOWN_LABELS = {
    "difficulty", "level", "equipment", "equipment needed", "primary muscles", "secondary muscles",
    "target muscles", "muscles worked", "also known as", "main muscles",
}


def _labelled(blocks: list[Block]) -> dict[str, str]:
    """'Label: value' lines (several per line when separated by '·' or '|'), keyed by label."""
    out: dict[str, str] = {}
    rows = [b.text for b in blocks if b.text.startswith("|") and b.text.endswith("|")]
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows if not _TABLE_RULE.fullmatch(r)]
    if len(cells) >= 2 and len(cells[0]) == len(cells[1]):  # a Markdown table: header row, first data row
        for head, value in zip(cells[0], cells[1], strict=True):
            if head and value:
                out.setdefault(head.lower(), value)
    for i, b in enumerate(blocks[:-1]):  # definition lists: 'Equipment' then 'Cable machine'
        nxt = blocks[i + 1]
        if (b.kind in ("item", "heading") and terms.normalize(b.text) in _KNOWN_LABELS and nxt.kind in ("item", "para")
                and terms.normalize(nxt.text) not in _KNOWN_LABELS):
            out.setdefault(terms.normalize(b.text), nxt.text)
    for b in blocks:
        if b.text.startswith("|"):
            continue
        for part in _LABEL_SPLIT.split(b.text):
            m = _LABEL.match(part.strip(" *_"))
            if m and m.group(3).strip():
                key = m.group(1).strip().lower() + (" " + m.group(2).lower() if m.group(2) else "")
                out.setdefault(key, m.group(3).strip().rstrip("."))
    return out


def _as_sentence(value: str) -> str:
    return value[:1].upper() + value[1:] + ("" if value.endswith((".", "!", "?")) else ".")


def _apply_labels(ex: ExtractedExercise, labels: dict[str, str]) -> None:
    """Fields from 'Label: value' lines, definition lists, tables and field headings."""
    table = "sets" in labels and "reps" in labels
    if table and ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(f"{labels['sets']} sets of {labels['reps']} reps")
        ex.note("sets_reps", "table: Sets, Reps", LABELLED)
    for key, value in labels.items():
        if key in ("sets", "reps") and table:
            continue
        if _apply_advice_label(ex, key, value):
            continue
        if key in ("exercise", "exercise name", "name"):
            m = re.match(r"^(.+?)\s*\(([^)]+)\)\s*$", value)
            ex.name = _nice_name(m.group(1) if m else value)
            ex.provenance["name"] = {"source": f"field: {key}", "confidence": LABELLED}
            if m:
                ex.aliases = [*ex.aliases, m.group(2).strip()]
                ex.note("aliases", f"field: {key}", LABELLED)
        elif key.startswith(("also known as", "also called", "other names", "aka")):
            ex.aliases = _split_list(value)
            ex.note("aliases", "field: Also known as", LABELLED)
        elif key.startswith(("equipment", "gear", "kit", "you need", "you will need", "you'll need", "what you need",
                             "what you'll need", "what you will need", "things you need")):
            ex.equipment = terms.equipment_field(value)
            ex.note("equipment", f"field: {key}", LABELLED)
        elif key.startswith(("also works", "secondary muscle", "synergist", "assisting")):
            ex.secondary_muscles = terms.muscle_field(value)
            ex.note("secondary_muscles", f"field: {key}", LABELLED)
        elif key.startswith(("primary muscle", "target muscle", "main muscle", "muscles worked", "target",
                             "works", "muscles", "what it works", "what it trains", "what it targets")):
            if len(value.split()) > 12:  # written as prose: who does the work and who helps
                primary, secondary, _ = classify_muscles([value])
                ex.primary_muscles += [m for m in primary if m not in ex.primary_muscles]
                ex.secondary_muscles += [m for m in secondary if m not in ex.secondary_muscles + ex.primary_muscles]
                ex.note("primary_muscles", f"field: {key}", SECTION)
                ex.note("secondary_muscles", f"field: {key}", SECTION)
                continue
            for part in value.split(";"):
                found = terms.muscle_field(part)
                if _SECONDARY_CUE.search(part):
                    ex.secondary_muscles += [m for m in found if m not in ex.secondary_muscles]
                else:
                    ex.primary_muscles += [m for m in found if m not in ex.primary_muscles]
            ex.note("primary_muscles", f"field: {key}", LABELLED)
            ex.note("secondary_muscles", f"field: {key}", LABELLED)
        elif key.startswith(("level", "difficulty", "experience", "suitable for")):
            words = re.findall(r"[A-Za-z]+", value)
            ex.level = next((lv for w in words if (lv := v.LEVELS.lookup(w)) is not None), None)
            ex.note("level", f"field: {key}", LABELLED)
        elif key.startswith(("dose", "dosage", "programming", "sets and reps", "sets", "prescription", "repetitions",
                             "reps", "repeat", "suggested session", "session", "volume", "how many")):
            ex.sets_reps = dose(value) or ex.sets_reps
            ex.note("sets_reps", f"field: {key}", LABELLED)
            ex.frequency = ex.frequency or find_frequency(value)
        elif _EASIER_HARDER.match(key):  # 'Easier: ...', 'Harder: ...': another version, not a step
            ex.variations.append(_as_sentence(value))
            ex.note("variations", f"field: {key}", SECTION)


_EASIER_HARDER = re.compile(r"^(?:(?:to )?make it )?(?:easier|harder|too (?:hard|easy)|regress(?:ion)?|progress(?:ion)?|"
                            r"to (?:regress|progress)|scale (?:it )?(?:down|up)|beginners?|advanced)(?: option| version)?$",
                            re.IGNORECASE)
_BARE_REPS = re.compile(r"^\s*" + _RANGE + r"\s*(?:reps|repetitions|times)?\s*(?:[,;(]|each|per|on|$)", re.IGNORECASE)


def dose(value: str) -> str | None:
    """A dose line's value as '3 x 10': 'sets and reps' wording as ``find_sets_reps`` reads it, or a
    bare count ('Repetitions: 10, 3 times a day' -> '1 x 10'; the times a day are its frequency)."""
    found = find_sets_reps(value)
    if found:
        return found
    m = _BARE_REPS.match(value)
    if m is None:
        return None
    return f"1 x {_fmt(_to_int(m.group(1)), _to_int(m.group(2)))}"


def _apply_advice_label(ex: ExtractedExercise, key: str, value: str) -> bool:
    """'Coach's tip: ...', 'Watch out for: ...', 'Caution: ...' lines: one tip, mistake or safety note."""
    if _TIPS.search(key) or key.startswith(("tip", "note", "cue")):
        ex.tips.append(_as_sentence(value))
        ex.note("tips", f"field: {key}", SECTION)
    elif _MISTAKES.search(key) and not key.startswith("common"):
        ex.mistakes.append(_as_sentence(value))
        ex.note("mistakes", f"field: {key}", SECTION)
    elif _SAFETY_HEAD.search(key):
        ex.safety.append(_as_sentence(value))
        ex.note("safety", f"field: {key}", SECTION)
    else:
        return False
    return True


def _mistake_list(text: str) -> list[str]:
    """'The most common mistakes include A, B, and C.' -> [A, B, C]."""
    if "common mistake" not in text.lower():
        return []
    m = _MISTAKES_INCLUDE.search(text) or _MISTAKES_ARE.match(text)
    if m:
        return [p[:1].upper() + p[1:] for p in _LIST_SPLIT.split(m.group(1)) if p]
    return []


def _safety_lines(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        for s in sentences(text):
            if _SAFETY.search(s) and not _NOT_SAFETY.search(s) and s not in out:
                out.append(s)
    return out


def _question_heading(section: Section) -> bool:
    """A question written as a heading ('Is it safe for a bad back?') answered by the paragraphs
    under it: an FAQ item (dosing questions such as 'How many?' are fields, not FAQ)."""
    return (section.heading.endswith("?") and bool(section.paras) and not section.items
            and not _special(section.heading))


def _faq(section: Section) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    question = ""
    for b in section.blocks:
        if b.text.endswith("?"):
            question = b.text
        elif b.kind == "para":
            out.append({"question": question, "answer": b.text})
            question = ""
    return out


# --------------------------------------------------------------------------- shapes


def detect_shape(blocks: list[Block]) -> str:
    """'list', 'article', 'single' or 'prose' ('multi' is decided by ``extract``)."""
    anchors = sum(1 for b in blocks if b.kind == "item" and _ALSO_KNOWN_ITEM.match(b.text))
    if anchors >= 2:
        return "list"
    heads = [b.text for b in blocks if b.kind == "heading"]
    if any(_HOWTO.search(h) for h in heads) and any(_VARIATIONS.search(h) or _MISTAKES.search(h) for h in heads):
        return "article"
    if any(b.kind == "item" for b in blocks):
        return "single"
    return "prose"


def _title(blocks: list[Block]) -> str:
    for b in blocks:
        if b.text.lower().strip(" :") not in _GENERIC_TITLES:
            return b.text
    return ""


def _name_single(blocks: list[Block], title: str) -> tuple[str, float, str]:
    for b in blocks:
        if b.kind == "heading":
            m = _HOWTO_NAME.match(b.text)
            if m and m.group(1).strip().lower() not in {"it", "this", "them", "this exercise", "the exercise",
                                                        "this move", "it right"}:
                wanted = terms.normalize(m.group(1))
                same = next((h.text for h in blocks if h.kind == "heading" and terms.normalize(h.text) == wanted), None)
                return _nice_name(same or m.group(1)), SECTION, f"heading: {b.text}"
    body = " ".join(x.text for x in blocks if x.kind == "para" and x.text != title)
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
            return _from_headline(name, body, b.text) or (name, 0.8, "page title")
    name = clean_name(title[:80])
    return _from_headline(name, body, title) or (name, INFERRED, "first line")


def _from_headline(name: str, body: str, where: str) -> tuple[str, float, str] | None:
    """When ``name`` is a headline the text never repeats: the exercise it is about (a phrase of
    the headline the text names), else the exercise the text itself names and describes."""
    if not is_headline(name) or terms.normalize(name) in terms.normalize(body):
        return None
    found = headline_name(name, body)
    if found:
        return found, PROSE + 0.1, f"headline, named again in the text: {where}"
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
    r"([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,3}?)(?=[,.;:!?]|\s(?:which|that|is|and)\b)",
    re.IGNORECASE,
)


def body_name(body: str) -> str | None:
    """The exercise a text names and describes, for a headline that never names it: the subject of
    'The X is a ... exercise' or the object of 'breaking down the X'; the one named most often wins."""
    norm_body = f" {terms.normalize(body)} "
    best: tuple[int, str] | None = None
    for m in _BODY_NAME.finditer(body):
        phrase = (m.group(1) or m.group(2) or "").strip()
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


def _heading_labels(secs: list[Section]) -> dict[str, str]:
    """Field headings read as labels: {'equipment': 'A pair of dumbbells and a box', ...}."""
    out: dict[str, str] = {}
    for i, s in enumerate(secs):
        key = field_heading(s.heading) if s.heading else None
        value = ", ".join(s.items) if s.items else " ".join(s.paras)
        if (key is not None and not value and not s.blocks and i + 1 < len(secs)
                and not _special(secs[i + 1].heading) and not secs[i + 1].heading.startswith("|")):
            value = secs[i + 1].heading  # 'Targets' then a short line 'Obliques', read as a heading
        if key is not None and value:
            out.setdefault(key, value)
    return out


def _section_steps(section: Section) -> list[str]:
    """A how-to section's steps: its first list, or else the sentences of its first lines."""
    run = _first_run(section.blocks)
    if run:
        return run
    lines: list[str] = []
    for b in section.blocks:
        if b.kind != "para" or (lines and b.gap) or _LABEL.match(b.text):
            break
        lines.append(b.text)
    return [x for line in lines for x in sentences(line)]


def _howto_run(secs: list[Section]) -> tuple[Section, list[str]] | None:
    """The first how-to section with steps and the steps of the how-to sub-sections right after it
    ('Setup' + 'Execution', 'Starting position' + 'Movement'), concatenated in order."""
    for i, s in enumerate(secs):
        if not (s.heading and _HOWTO.search(s.heading)):
            continue
        steps: list[str] = []
        first: Section | None = None
        for t in secs[i:]:
            if not (t.heading and _HOWTO.search(t.heading)):
                break
            found = _section_steps(t)
            if found and first is None:
                first = t
            steps += found
        if first is not None:
            return first, steps
    return None


_NEED = re.compile(r"\b(?:you(?:'ll| will)? need|all you need|requires?|equipment)\b", re.IGNORECASE)
_NOTHING = re.compile(r"\b(?:need nothing|nothing but|no equipment|without (?:any )?equipment)\b", re.IGNORECASE)


def _needed(texts: list[str]) -> list[str]:
    """Equipment from sentences saying what you need ('All you need is a mat')."""
    out: list[str] = []
    for text in texts:
        follows = False
        for sentence in sentences(text):
            if _NOTHING.search(sentence):
                return ["bodyweight"]
            # 'You need a barbell. Dumbbells work too.': the alternative named right after.
            if _NEED.search(sentence) or (follows and _ALTERNATIVE.search(sentence)):
                found = [e for e in terms.equipment_field(sentence) if e not in out and e != "bodyweight"]
                out += found
                follows = bool(found)
            else:
                follows = False
    return out


def _first_run(blocks: list[Block]) -> list[str]:
    """The first run of list items that are not 'Label: value' fields (a bulleted note after a
    blank line ends a numbered list)."""
    run: list[str] = []
    ordered = False
    for b in blocks:
        if b.kind == "item" and not _LABEL.match(b.text) and not (run and b.gap and b.ordered != ordered):
            ordered = ordered if run else b.ordered
            run.append(b.text)
        elif run:
            break
    return run


def _after_run(blocks: list[Block]) -> list[str]:
    """List items after the first run (a note under the steps: 'Using a band instead? Anchor it ...')."""
    run = _first_run(blocks)
    if not run:
        return []
    items = [b for b in blocks if b.kind == "item" and not _LABEL.match(b.text)]
    return [b.text for b in items[len(run):]]


def labelled_steps(blocks: list[Block]) -> list[str]:
    """Steps written as how-to fields, in order: 'Starting position: Sit on the floor ...',
    'Action: Tighten ...' -> the sentences of their values."""
    out: list[str] = []
    for b in blocks:
        m = _LABEL.match(b.text) if b.kind in ("para", "item") else None
        if m and m.group(3).strip() and _HOWTO.search(m.group(1).strip()):
            out += sentences(_as_sentence(m.group(3).strip()))
    return out


def _steps_section(candidates: list[Section]) -> Section | None:
    """The section whose list is the steps: the first whose list mostly instructs ('Set the bell
    on the floor', ...), else the first with a list (a product's feature list is passed over)."""
    for s in candidates:
        run = _first_run(s.blocks)
        if 2 * sum(1 for x in run if _is_step(x)) > len(run):
            return s
    return candidates[0] if candidates else None


def _extract_single(blocks: list[Block], title: str,
                    extra_exercises: list[ExtractedExercise] | None = None,
                    heading: str | None = None) -> ExtractedExercise:
    """The page's exercise (named by ``heading`` when given, as for one section of a numbered
    list); variations with their own steps are appended to ``extra_exercises``."""
    if extra_exercises is None:
        extra_exercises = []
    secs = sections(blocks)
    if heading is not None:
        name, conf, where = clean_name(heading), SECTION, f"heading: {heading}"
    else:
        name, conf, where = _name_single(blocks, title)
    name, alias = split_alias(name)
    ex = ExtractedExercise(name=name, aliases=[alias] if alias else [])
    ex.provenance["name"] = {"source": where, "confidence": conf}
    labels = _labelled(blocks)
    for key, value in _heading_labels(secs).items():
        labels.setdefault(key, value)
    _apply_labels(ex, labels)
    name_words = _words(name)

    run = _howto_run(secs)
    howto: Section | None = None
    if run is not None:
        written, ex.steps = run
        howto = written if _first_run(written.blocks) else None
        ex.note("steps", f"how-to section '{written.heading}'", SECTION)
    else:
        howto = _steps_section([s for s in secs if _first_run(s.blocks) and not _special(s.heading)])
        if howto is not None:
            ex.steps = _first_run(howto.blocks)
            ex.note("steps", f"list under '{howto.heading or 'title'}'", SECTION)
    if not ex.steps:
        ex.steps = labelled_steps(blocks)
        ex.note("steps", "'Starting position:' / 'Action:' lines", SECTION)

    special = [s for s in secs if _TIPS.search(s.heading) or _MISTAKES.search(s.heading) or _FAQ.search(s.heading)
               or _VARIATIONS.search(s.heading) or _SAFETY_HEAD.search(s.heading)
               or (s.heading and field_heading(s.heading) is not None) or _question_heading(s)]
    for s in secs:
        if _TIPS.search(s.heading):
            ex.tips += s.items or [x for p in s.paras for x in sentences(p)]
            ex.note("tips", f"section: {s.heading}", SECTION)
        elif _MISTAKES.search(s.heading):
            found = s.items or (_mistake_list(s.paras[0]) if s.paras else [])
            ex.mistakes += found or (sentences(s.paras[0]) if s.paras else [])
            ex.note("mistakes", f"section: {s.heading}", SECTION)
        elif _FAQ.search(s.heading):
            ex.faq += _faq(s)
            ex.note("faq", f"section: {s.heading}", SECTION)
        elif _question_heading(s):
            ex.faq.append({"question": s.heading, "answer": " ".join(s.paras)})
            ex.note("faq", "question headings", SECTION)
        elif _BENEFITS.search(s.heading):
            ex.benefits += [x for p in s.paras for x in sentences(p)][:6]
            ex.note("benefits", f"section: {s.heading}", PROSE)

    # Variations: short headings inside the variations part of an article, and named captions.
    # A variation with its own list of steps is also reported as an exercise of its own.
    in_var = False
    var_intro: list[str] = []
    anchors: list[tuple[str, int]] = []
    var_end = len(blocks)
    for i, b in enumerate(blocks):
        if in_var and b.kind == "item" and b.words <= 8 and not b.text.endswith("."):
            if terms.normalize(b.text) not in {terms.normalize(x) for x in ex.variations}:
                ex.variations.append(b.text)
            continue
        if in_var and b.kind == "para" and not anchors:
            var_intro.append(b.text)
        if b.kind == "heading":
            if _VARIATIONS.search(b.text):
                in_var = True
                continue
            if in_var and any(rx.search(b.text) for rx in (_MISTAKES, _FAQ, _TIPS, _BENEFITS, _SAFETY_HEAD, _HOWTO)):
                in_var = False
                var_end = i
            if in_var:
                m = re.search(r"doing (?:the |an? )?([\w\- ]+?) (?:exercise|pose|move)\b", b.text, re.IGNORECASE)
                if m:
                    cand = _nice_name(m.group(1))
                elif b.words <= 5 and b.text[:1].isupper() and not _CREDIT.search(b.text):
                    cand = b.text
                else:
                    continue
                if terms.normalize(cand) not in {terms.normalize(x) for x in ex.variations}:
                    ex.variations.append(cand)
                    anchors.append((cand, i))
    for n, (cand, start) in enumerate(anchors):
        stop = anchors[n + 1][1] if n + 1 < len(anchors) else var_end
        part = blocks[start + 1 : stop]
        steps: list[str] = []
        for b in part:
            if b.kind == "item":
                steps.append(b.text)
            elif steps:
                break
        if len(steps) < 2:
            continue
        first_item = next(k for k, b in enumerate(part) if b.kind == "item")
        before = [b.text for b in part[:first_item] if b.kind == "para"]
        sub = ExtractedExercise(name=cand, steps=steps)
        sub.provenance["name"] = {"source": "variation heading", "confidence": PROSE}
        sub.note("steps", f"list under '{cand}'", SECTION)
        if before:
            sub.summary = sentences(before[0])[0]
            sub.note("summary", "variation paragraph", PROSE)
        sub.primary_muscles, sub.secondary_muscles, mconf = classify_muscles(before)
        sub.note("primary_muscles", "variation paragraph", mconf)
        sub.equipment = terms.equipment_in(" ".join([*var_intro, *before]))
        sub.note("equipment", "variations introduction", PROSE)
        extra_exercises.append(sub)
    ex.note("variations", "variations section", PROSE)

    # Prose: description paragraphs (not in the special sections), the how-to section, FAQ answers.
    prose = [p for s in secs if s not in special for p in s.paras]
    description = [p for p in prose if p.split()[0:1] and len(p.split()) > 12]
    description = [p for p in description if p != title and not _LABEL.match(p)]
    phrase = terms.normalize(name)
    summary_para = next(
        (p for p in description if re.match(rf"^(?:the )?{re.escape(phrase)}\b", terms.normalize(p))),
        next((p for p in description if phrase in terms.normalize(p)),
             next((p for p in description if _words(p) & name_words), description[0] if description else "")),
    )
    defined = defined_name(name, description) if heading is None else None
    if defined is not None:  # the page's full name for the exercise, its short name an alias
        name, ex.aliases = defined
        ex.name, phrase = name, terms.normalize(name)
        ex.note("aliases", "definition sentence", PROSE)
    if not ex.aliases:
        for p in prose:
            found = also_known(p) + abbreviations(name, p)
            ex.aliases += [a for a in found if terms.normalize(a) != phrase and a not in ex.aliases]
        ex.note("aliases", "prose: 'also known as'", PROSE)
    if summary_para:
        ex.summary = sentences(summary_para)[0]
        ex.note("summary", "first sentence of the description", PROSE + 0.2)

    if not ex.mistakes:
        for p in prose + [f["answer"] for f in ex.faq]:
            found = _mistake_list(p)
            if found:
                ex.mistakes = found
                ex.note("mistakes", "prose: 'common mistakes'", PROSE)
                break

    if not ex.primary_muscles:
        texts = prose + [f["answer"] for f in ex.faq]
        if howto is not None and _HOWTO.search(howto.heading):
            texts += howto.paras
        texts += [t for t in ex.tips if not _CUE.match(t)]
        ex.primary_muscles, sec, mconf = classify_muscles(texts)
        if not ex.secondary_muscles:
            ex.secondary_muscles = sec
            ex.note("secondary_muscles", "prose", mconf)
        ex.note("primary_muscles", "prose", mconf)

    if not ex.equipment:
        intro = [p for s in secs[:2] for p in s.paras]
        if howto is not None:
            intro += howto.paras
        ex.equipment = _needed(prose) or terms.equipment_in(" ".join([*intro, *ex.steps]))
        ex.note("equipment", "prose and steps", PROSE)

    every = [*(p for s in secs for p in s.paras), *[f["answer"] for f in ex.faq]]
    ex.safety += [x for s in secs if _SAFETY_HEAD.search(s.heading) for x in s.items if x not in ex.safety]
    ex.safety += [x for s in secs if _SAFETY_HEAD.search(s.heading) for p in s.paras if not _LABEL.match(p)
                  for x in sentences(p) if _WARNING.search(x) and x not in ex.safety]
    ex.safety += [s for s in _safety_lines(every) if not _said(s, ex.safety)]
    ex.note("safety", "safety sentences and tips", PROSE)
    _common(ex, " ".join([*every, *ex.steps]))
    return ex


def _said(sentence: str, items: list[str]) -> bool:
    """Whether ``sentence`` repeats one of ``items`` (a 'Heads up: ...' line read as a field and
    again as a sentence)."""
    key = terms.normalize(sentence)
    return any(k and (k in key or key in k) for k in (terms.normalize(x) for x in items))


def _common(ex: ExtractedExercise, text: str) -> None:
    if ex.level is None:
        ex.level = terms.level_in(text)
        ex.note("level", "prose", PROSE)
    if ex.sets_reps is None:
        ex.sets_reps = find_sets_reps(text)
        ex.note("sets_reps", "prose", PROSE)
    ex.frequency = find_frequency(text)
    ex.note("frequency", "prose", PROSE)


def abbreviations(name: str, text: str) -> list[str]:
    """Short forms the text gives right after the name: 'the Romanian deadlift, or RDL' /
    'Romanian deadlift (RDL)' -> ['RDL']."""
    if not name or name.lower() not in text.lower():
        return []
    rx = re.compile(rf"(?i:{re.escape(name)})\s*(?:,\s*or|\(|,\s*(?:aka|a\.k\.a\.))\s*(?:the\s+)?([A-Z][A-Z0-9]{{1,5}})\b")
    return [m.group(1) for m in rx.finditer(text)]


def _subject(text: str) -> str:
    m = re.match(r"^(?:The\s+|A\s+|An\s+)?([A-Za-z][\w' -]{1,40}?)\s+(?:is|are)\b", text)
    return _nice_name(m.group(1)) if m else ""


def _extract_list(blocks: list[Block], title: str) -> list[ExtractedExercise]:
    runs: list[tuple[int, int]] = []  # [start, end) of each exercise's labelled items
    i = 0
    while i < len(blocks):
        if blocks[i].kind == "item" and _LABEL.match(blocks[i].text):
            j = i
            while j < len(blocks) and blocks[j].kind == "item":
                j += 1
            if any(_ALSO_KNOWN_ITEM.match(b.text) for b in blocks[i:j]):
                runs.append((i, j))
            i = j
        else:
            i += 1
    page_muscles = terms.muscles_in(title)
    page_text = " ".join(b.text for b in blocks[: runs[0][0]]) if runs else ""
    intros: list[int] = []
    for start, _ in runs:
        k = start - 1
        while k >= 0 and (blocks[k].kind != "para" or (_CREDIT.search(blocks[k].text) and blocks[k].words <= 8)):
            k -= 1
        intros.append(k)
    out: list[ExtractedExercise] = []
    for n, (start, end) in enumerate(runs):
        intro_i = intros[n]
        intro = blocks[intro_i].text if intro_i >= 0 else ""
        labels = _labelled(blocks[start:end])
        howto = next((val for key, val in labels.items() if key.startswith(("how to", "instructions", "how"))), "")
        limit = intros[n + 1] if n + 1 < len(runs) else len(blocks)
        trailing = [b.text for b in blocks[end:limit] if b.kind == "para"]
        context = _words(" ".join([intro, howto, *labels.values()]))
        name, conf, where = "", 0.0, ""
        k = intro_i - 1
        prev_end = runs[n - 1][1] if n else 0
        while k >= prev_end and (blocks[k].kind == "heading" or (_CREDIT.search(blocks[k].text) and blocks[k].words <= 8)):
            text = blocks[k].text
            if not _CREDIT.search(text) and _title_case(text) and _words(text) and _words(text) <= context | _words(text) \
                    and _words(text) & context:
                name, conf, where = text, SECTION, f"heading: {text}"
                break
            k -= 1
        if not name:
            name = _subject(intro)
            conf, where = PROSE, "subject of the introduction"
        ex = ExtractedExercise(name=name)
        ex.provenance["name"] = {"source": where, "confidence": conf}
        _apply_labels(ex, labels)
        if intro:
            ex.summary = sentences(intro)[0]
            ex.note("summary", "first sentence of the introduction", PROSE + 0.2)
        for s in sentences(howto):
            if _VARIATION_SENTENCE.search(s):
                ex.variations.append(s)
            elif _EXPLANATION.match(s):
                continue
            else:
                (ex.tips if _TIP_SENTENCE.match(s) else ex.steps).append(s)
        ex.note("variations", "field: How to do it right", PROSE)
        ex.note("steps", "field: How to do it right", SECTION)
        ex.tips += trailing
        ex.note("tips", "paragraphs after the fields", PROSE)
        primary, secondary, mconf = classify_muscles([intro])
        if not primary and page_muscles:
            primary, mconf = [m for m in page_muscles if m not in secondary], INFERRED
        if not ex.primary_muscles:
            ex.primary_muscles = primary
            ex.note("primary_muscles", "introduction prose" if mconf > INFERRED else "page title", mconf)
        if not ex.secondary_muscles:
            ex.secondary_muscles = [m for m in secondary if m not in ex.primary_muscles]
            ex.note("secondary_muscles", "introduction prose", mconf)
        if not ex.equipment:
            ex.equipment = terms.equipment_in(" ".join([howto, intro]))
            ex.note("equipment", "prose", PROSE)
        ex.safety = _safety_lines([intro, howto, *trailing])
        ex.note("safety", "prose", PROSE)
        mistakes = _mistake_list(" ".join(trailing))
        if mistakes:
            ex.mistakes = mistakes
            ex.note("mistakes", "prose", PROSE)
        _common(ex, " ".join([intro, howto, *trailing]))
        if ex.frequency is None:
            ex.frequency = find_frequency(page_text)
            ex.note("frequency", "page introduction", INFERRED)
        out.append(ex)
    return out


_IMPERATIVE = re.compile(
    r"^(?:lie|stand|sit|place|keep|lift|lower|raise|hold|push|pull|bend|hinge|kneel|squeeze|brace|"
    r"engage|repeat|return|pause|start|begin|step|extend|press|slowly|then|next|finally|grab|grip|"
    r"exhale|inhale|roll|bring|tighten|rest|reach|drive|after that|afterwards|now|first|second|third|"
    r"to (?:start|finish)|walk|turn|sit|squat|press|draw|relax|pick|put|point|reset|send|drive|snap|hike|"
    r"plant|rotate|twist|tuck|straighten|sink|shift|rise|slide|shuffle|swing|curl|row|set|take|let|round|arch)\b",
    re.IGNORECASE,
)
# Spoken openings before an instruction in a transcript: 'Alright, first you want to walk ...',
# 'So now you're going to ...', 'Go ahead and ...'; and a short lead-in phrase: 'At the top, squeeze ...'.
_FILLER = re.compile(
    r"^(?:(?:alright|all right|okay|ok|so|and|right|well|now|then|next|first(?: of all)?|after that|from there|"
    r"look|basically)\b[,]?\s*)+(?:(?:you(?:'re going to| are going to| want to| wanna| gonna|'ll want to| need to|"
    r"'ll| should)|I want you to|we(?:'re going to| want to)|go ahead and|what you (?:want|wanna|need) to do is)\s+)?|"
    r"^(?:you(?:'re going to| are going to| want to| wanna| gonna|'ll want to| need to)|I want you to|go ahead and|"
    r"what you (?:want|wanna|need) to do is)\s+",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?:at|to|on|in|from|once|with|after|before|for)\b[^,]{1,30},\s*", re.IGNORECASE)
# A paragraph that opens by announcing advice: 'Couple of extra pointers.', 'A few tips:'.
_TIPS_INTRO = re.compile(r"^(?:(?:a|a few|some|a couple of|couple of|two|three|my) )?(?:extra |quick |final |more |bonus )?"
                         r"(?:pointers|tips|cues|reminders|notes)\b[^.]{0,30}[.:!]?$", re.IGNORECASE)
_OTHER_MISTAKE = re.compile(r"^(?:the other (?:one|mistake|error|thing)|another (?:one|mistake|error|thing) (?:is|I see))\b",
                            re.IGNORECASE)


# A transcript's speaker label: 'COACH:', 'SPEAKER 1:', '>>'.
_SPEAKER = re.compile(r"^(?:>>\s*|[A-Z][A-Z0-9 .'-]{1,24}:\s+)")


def _spoken(sentence: str) -> str:
    """A sentence without its speaker label, spoken opening and lead-in phrase, to test whether it
    instructs ('COACH: Alright, first you want to walk up to the bar' -> 'walk up to the bar')."""
    bare = _FILLER.sub("", _SPEAKER.sub("", sentence, count=1), count=1)
    return _LEAD_IN.sub("", bare, count=1) if bare else sentence


def _is_step(sentence: str) -> bool:
    """An instruction: an imperative sentence, once spoken openings are set aside (not a mistake)."""
    if _IMPERATIVE.match(sentence) and not _MISTAKE_SENTENCE.match(_FILLER.sub("", sentence, count=1)):
        return True
    bare = _spoken(sentence)
    return bare != sentence and bool(_IMPERATIVE.match(bare)) and not _MISTAKE_SENTENCE.match(bare)
_MISTAKE_SENTENCE = re.compile(r"^(?:the|a|one|my|another) (?:(?:most )?common |biggest |main |classic )?"
                               r"(?:mistake|error|fault)s?\b", re.IGNORECASE)
# A paragraph introducing the next exercise of an answer or article: 'The first one is the X, which ...',
# 'The second exercise is X.', 'Next up is the X'.
_INTRO = re.compile(
    r"^(?:(?:the|my|our|your) )?(?:(?:first|second|third|fourth|fifth|next|last|final|other)"
    r"(?: (?:one|exercise|move|drill|pick|choice|option|stretch|up))?|next up) (?:is|:)\s+(?:the |a |an )?"
    r"([A-Za-z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,4}?)(?=\s*[,.;:(]|\s+(?:which|that|where|because|[–—-])\s)",
    re.IGNORECASE,
)


def prose_parts(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """(name, blocks) of each exercise of an answer written as prose that introduces its exercises in
    turn ('The first one is the X ...', 'The second one is the Y ...'), when there are two or more.
    A part runs to the next introduction; the last one to the next horizontal rule."""
    starts = [(i, m.group(1)) for i, b in enumerate(blocks) if b.kind == "para" and (m := _INTRO.match(b.text))]
    named = [] if len(starts) >= 2 else named_paragraphs(blocks)
    if len(starts) < 2 and len(named) < 2:
        return []
    parts: list[tuple[str, list[Block]]] = []
    for n, (start, name) in enumerate(starts if len(starts) >= 2 else named):
        later = starts if len(starts) >= 2 else named
        stop = later[n + 1][0] if n + 1 < len(later) else next(
            (k for k in range(start + 1, len(blocks)) if blocks[k].rule or blocks[k].kind == "heading"), len(blocks))
        part = blocks[start:stop]
        if later is named:  # 'Dead bug: lie on your back ...' -> 'lie on your back ...'
            rest = part[0].text.split(":", 1)[1].strip()
            part = [replace(part[0], text=rest[:1].upper() + rest[1:]), *part[1:]]
        parts.append((" ".join(w[:1].upper() + w[1:] for w in name.split()), part))
    return parts


# 'Dead bug: lie on your back ...': a paragraph opening with an exercise's name and a colon.
_NAMED_PARA = re.compile(r"^([A-Z][\w'’/-]*(?: [\w'’/-]+){0,4}):\s+(\S.*)$")
# Labels and phases of one exercise, never an exercise's name ('Easier: ...', 'Setup: ...').
_NOT_A_NAME = re.compile(
    r"^(?:easier|harder|tips?|notes?|cues?|set-?up|start(?:ing position)?|finish|position|action|movement|descent|"
    r"ascent|lowering|return|breathing|grip|stance|top|bottom|progression|regression|variations?|modifications?|"
    r"warning|caution|safety|important|equipment|level|dose|reps|sets|remember|bonus|optional|why|how|then|next|"
    r"first|second|third|finally|step \w+|phase \w+|part \w+|option \w+|q|a)$",
    re.IGNORECASE,
)


def named_paragraphs(blocks: list[Block]) -> list[tuple[int, str]]:
    """(index, name) of paragraphs that introduce an exercise by name and go straight into its
    instructions ('Dead bug: lie on your back ...'), when two or more do."""
    out: list[tuple[int, str]] = []
    for i, b in enumerate(blocks):
        m = _NAMED_PARA.match(b.text) if b.kind == "para" else None
        if m is None or _NOT_A_NAME.match(m.group(1)) or _EASIER_HARDER.match(m.group(1)) or _special(m.group(1)) \
                or terms.normalize(m.group(1)) in _KNOWN_LABELS:
            continue
        if _is_step(sentences(m.group(2))[0]):
            out.append((i, m.group(1)))
    return out if len(out) >= 2 else []


def _extract_prose(blocks: list[Block], title: str, heading: str | None = None) -> ExtractedExercise | None:
    """Instructions as sentences: imperative sentences become steps (named ``heading`` when given),
    spoken ones too ('Alright, first you want to walk up to the bar'); a paragraph announcing
    pointers gives tips; 'the biggest mistake ...' and 'the other one ...' give mistakes."""
    paras = [b.text for b in blocks if b.kind == "para"]
    imperative = _IMPERATIVE
    advice = [p for p in paras if _TIPS_INTRO.match(sentences(p)[0])]
    steps = [s for p in paras if p not in advice for s in sentences(p) if _is_step(s)]
    if len(steps) < 2:
        return None
    after = False
    tips: list[str] = []
    mistakes: list[str] = []
    for p in paras:
        if p in advice:  # 'Couple of extra pointers. Film yourself ... Take your shoes off ...'
            tips += sentences(p)[1:]
            continue
        for sentence in sentences(p):
            bare = _FILLER.sub("", sentence, count=1)
            if sentence == steps[-1]:
                after = True
            elif _MISTAKE_SENTENCE.match(bare) or (mistakes and _OTHER_MISTAKE.match(bare)):
                mistakes.append(sentence)
            elif after and _TIP_SENTENCE.match(sentence) and not _SAFETY.search(sentence):
                tips.append(sentence)
    if heading is not None:
        name, conf, where = heading, PROSE + 0.2, "introduced in the text"
    else:
        name, conf, where = _name_single(blocks, title)
    ex = ExtractedExercise(name=name, steps=steps, tips=tips, mistakes=mistakes)
    ex.note("mistakes", "prose: 'the mistake ...'", PROSE)
    for p in paras:
        for alias in also_known(p):
            if terms.normalize(alias) != terms.normalize(name) and alias not in ex.aliases:
                ex.aliases.append(alias)
    ex.note("aliases", "prose: 'also called'", PROSE)
    ex.provenance["name"] = {"source": where, "confidence": conf}
    ex.note("steps", "imperative sentences", PROSE)
    ex.note("tips", "advice after the instructions", PROSE)
    first = next((p for p in paras if not imperative.match(p) and p != title), paras[0])
    ex.summary = sentences(first)[0]
    ex.note("summary", "first paragraph", PROSE)
    # Muscles from what the text says is worked, not from where a step puts you ('propped on your forearm').
    said = [x for p in paras for x in sentences(p) if x not in steps or _ACTION.search(x)]
    ex.primary_muscles, ex.secondary_muscles, mconf = classify_muscles(said)
    ex.note("primary_muscles", "prose", mconf)
    ex.note("secondary_muscles", "prose", mconf)
    ex.equipment = _needed(paras) or terms.equipment_in(" ".join(paras))
    ex.note("equipment", "prose", PROSE)
    ex.safety = _safety_lines(paras)
    ex.note("safety", "prose", PROSE)
    _common(ex, " ".join(paras))
    return ex


def _exercise_sections(blocks: list[Block]) -> list[Section]:
    """Sections headed by an exercise name, each with its own list of steps."""
    return [s for s in sections(blocks) if s.heading and not _special(s.heading) and not _listing_title(s.heading)
            and not _LABEL.match(s.heading) and not product_title(s.heading) and len(_first_run(s.blocks)) >= 2]


def _extract_multi(secs: list[Section]) -> list[ExtractedExercise]:
    """Several exercises, one per section: heading, fields, numbered steps, tips, dosing."""
    out: list[ExtractedExercise] = []
    for s in secs:
        ex = ExtractedExercise(name=clean_name(s.heading))
        ex.provenance["name"] = {"source": f"heading: {s.heading}", "confidence": SECTION}
        labels = _labelled(s.blocks)
        _apply_labels(ex, labels)
        ex.steps = _first_run(s.blocks)
        ex.note("steps", f"list under '{s.heading}'", SECTION)
        ex.tips += _after_run(s.blocks)
        ex.note("tips", f"notes after the steps under '{s.heading}'", SECTION)
        paras = [p for p in s.paras if not _LABEL.match(p)]
        prose = [*paras, *(b.text for b in s.blocks if b.kind == "para")]
        for p in prose:
            for alias in also_known(p):
                if alias not in ex.aliases:
                    ex.aliases.append(alias)
        ex.note("aliases", "prose: 'also called'", PROSE)
        descriptive = [p for p in paras if len(p.split()) > 8]
        if descriptive:
            ex.summary = sentences(descriptive[0])[0]
            ex.note("summary", "first paragraph", PROSE)
        if not ex.primary_muscles:
            ex.primary_muscles, ex.secondary_muscles, mconf = classify_muscles(descriptive)
            ex.note("primary_muscles", "prose", mconf)
        if not ex.equipment:
            ex.equipment = terms.equipment_in(" ".join([*descriptive, *ex.steps]))
            ex.note("equipment", "prose and steps", PROSE)
        ex.safety = _safety_lines(prose)
        ex.note("safety", "prose", PROSE)
        _common(ex, " ".join([*(b.text for b in s.blocks if b.kind == "para"), *ex.steps]))
        out.append(ex)
    return out


# 'Exercise 1: Cat-Camel', '2. Wall Sit', 'Move #3 - Skater Hop', '4) Bird Dog'.
_NUMBERED = re.compile(r"^(?:(?:exercise|move|drill|stretch|no\.?)\s*#?\d{1,2}\s*[:.)–—-]\s*|#?\d{1,2}\s*[.):–—-]\s+)"
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


def numbered_parts(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """(name, blocks) of each exercise of a page in numbered sections ('Exercise 1: X', '### 2. Y'),
    when there are two or more. A part runs to the next numbered heading, or to a heading of the
    same Markdown level or above ('## Your week'); its field sub-headings stay inside it."""
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and numbered_name(b.text)]
    if len(starts) < 2:
        return []
    parts: list[tuple[str, list[Block]]] = []
    for n, start in enumerate(starts):
        head = blocks[start]
        stop = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        for k in range(start + 1, stop):
            b = blocks[k]
            if b.kind == "heading" and head.level and b.level and b.level <= head.level:
                stop = k
                break
        parts.append((numbered_name(head.text) or head.text, blocks[start + 1 : stop]))
    return parts


# Words of a movement instruction: body parts, positions and the parts of a rep.
_BODY = re.compile(
    r"\b(?:feet|foot|knees?|hips?|legs?|arms?|hands?|shoulders?|elbows?|back|chest|head|heels?|toes?|spine|"
    r"core|body|torso|trunk|wrists?|ankles?|glutes?|thighs?|neck|ribs?|pelvis|side|floor|grip|handles?|bar|"
    r"weights?|reps?|abs|muscles?|breath\w*|inhale|exhale|lower\w*|rais\w*|lift\w*|press\w*|pull\w*|squat\w*|"
    r"hold\w*|stand\w*|sit\w*|lie|lying|kneel\w*|position|step\w*)\b",
    re.IGNORECASE,
)


def _instructions(steps: list[str]) -> bool:
    """Whether steps read as movement instructions: at least half name a body part, a position or
    a movement (club news or a race calendar in numbered sections do not)."""
    return 2 * sum(1 for s in steps if _BODY.search(s)) >= len(steps)


_TABLE_NAME_COLUMN = {"exercise", "exercises", "name", "exercise name", "move", "movement", "drill", "lift"}


def exercise_table(blocks: list[Block]) -> dict[str, dict[str, str]]:
    """The rows of a Markdown table of several exercises ('| Exercise | Equipment | Muscles | Sets x
    Reps |'), keyed by the normalised exercise name: {'inverted row': {'equipment': ..., ...}}."""
    rows = [[c.strip() for c in b.text.strip().strip("|").split("|")] for b in blocks
            if b.text.startswith("|") and b.text.rstrip().endswith("|") and not _TABLE_RULE.fullmatch(b.text)]
    if len(rows) < 3 or terms.normalize(rows[0][0]) not in _TABLE_NAME_COLUMN:
        return {}
    head = [h.lower() for h in rows[0]]
    return {terms.normalize(r[0]): {h: c for h, c in zip(head[1:], r[1:], strict=False) if h and c}
            for r in rows[1:] if len(r) == len(head) and r[0]}


def _merge_table(found: list[ExtractedExercise], table: dict[str, dict[str, str]]) -> None:
    """Each exercise's row of the page's exercise table, read as labelled fields (they win over
    what the exercise's own section only implies)."""
    by_words = {frozenset(_words(name)): row for name, row in table.items()}
    for ex in found:
        row = table.get(terms.normalize(ex.name)) or by_words.get(frozenset(_words(ex.name)))
        if row is None:
            continue
        if any(k.startswith("equipment") for k in row):
            ex.equipment = []
        if any(k.startswith(("muscle", "target", "primary")) for k in row):
            ex.primary_muscles, ex.secondary_muscles = [], []
        if any(k.startswith(("sets", "reps", "dose")) for k in row):
            ex.sets_reps = None
        _apply_labels(ex, {k: v for k, v in row.items() if not k.startswith(("tips", "notes"))})


def _is_exercise(ex: ExtractedExercise, *, introduced: bool = False) -> bool:
    """Named, with instructions and something more (muscles, equipment or three steps); an exercise
    the text introduces by name ('Dead bug: lie on your back ...') needs only two steps."""
    enough = len(ex.steps) >= 2 if introduced else len(ex.steps) >= 1 and (
        bool(ex.primary_muscles) or bool(ex.equipment) or len(ex.steps) >= 3)
    return bool(ex.name) and enough and _instructions(ex.steps)


def extract(text: str, source: str) -> ExtractedDocument:
    """Every exercise described by a page of plain text or Markdown."""
    blocks = _content_blocks(text)
    title = _title(blocks)
    shape = detect_shape(blocks)
    parts = numbered_parts(blocks) if shape != "list" else []
    multi = _exercise_sections(blocks) if shape != "list" and not parts else []
    answers = prose_parts(blocks) if shape == "prose" else []
    found: list[ExtractedExercise | None]
    if parts:
        shape = "numbered"
        found = [_extract_single(part, title, heading=name) for name, part in parts]
    elif len(multi) >= 2:
        shape = "multi"
        found = list(_extract_multi(multi))
    elif shape == "list":
        found = list(_extract_list(blocks, title))
    elif shape in ("single", "article"):
        extras: list[ExtractedExercise] = []
        found = [_extract_single(blocks, title, extras), *extras]
    elif answers:
        shape = "prose-multi"
        found = [_extract_prose(part, title, heading=name) for name, part in answers]
    else:
        found = [_extract_prose(blocks, title)]
    exercises = [e for e in found if e is not None and _is_exercise(e, introduced=shape == "prose-multi")]
    table = exercise_table(blocks) if len(exercises) >= 2 else {}
    if table:
        _merge_table(exercises, table)
    return ExtractedDocument(source, title, shape, exercises)


__all__ = ["ExtractedDocument", "ExtractedExercise", "classify_muscles", "detect_shape", "extract",
           "find_frequency", "find_sets_reps", "looks_like_heading"]
