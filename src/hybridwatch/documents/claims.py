"""Claims in an analyst's text: what each sentence asserts, how firmly, and on whose word.

`find_claims` makes one `Claim` per asserting sentence (questions and sentences without words are
skipped; a sentence that is only the rest of a quotation still asserts, and counts). Rules, all
lexical and deliberately simple:

Hedges
    Words and phrases that soften an assertion, found in reading order, lower-cased, never
    overlapping (the longest wins: "appear to have" rather than "appear"). They include the ICD 203
    estimative terms themselves ("likely", "almost certainly"), modal possibility ("may", "might",
    "could", "possible"), appearance ("appear(s) to (have|be)", "seem(s) to"), inference verbs
    ("suggest(s/ed)", "indicate(s/d)") and reporting distance ("reportedly", "allegedly").
    "may" counts only in lower case, so the month "May" is not a hedge.

Likelihood (ICD 203)
    Assigned only when the wording is itself an ICD 203 estimative term or a clear synonym
    ("probably"/"probable" -> likely, "highly likely" -> very likely, "not likely" -> unlikely,
    "remote chance" -> almost no chance). ICD 203 treats "may", "might", "could", "possible"
    as conveying possibility without probability, and "appear", "suggest", "indicate" are
    statements about evidence rather than estimates, so they are hedges with likelihood None.
    When a sentence holds several estimative terms, the first one read gives the likelihood.

Attribution
    Who the text says the assertion comes from, kept as written (leading "the" included):
    "According to X", "As articulated/stated/noted by X" at the start, "in X's words",
    "X: “…”", and a subject followed by a reporting verb ("said", "stated", "noted", "warned",
    "maintained", "announced", "revealed", "suggested", "argued", "claimed", "told", ...;
    adverbs such as "also"/"openly" may come between). For the subject form, the text before
    the verb is split at commas; leading adverbial segments ("In particular", "Amid …",
    "Boasting of …"), modifiers ("through …", "during …", "who …", "reciprocating …") and
    appositives after a name ("a protégé of …", "the chair of …") are dropped; the first remaining
    segment is the source. Demonstratives ("This suggests …") and passives ("was reported") are
    not sources. A sentence that continues a quotation opened in the previous sentence (it
    starts inside the quote and closes it) inherits the previous sentence's attribution.

Anonymous
    True when the sentence relies on an unnamed source: an attribution that is a bare source
    ("a source in …", "sources within …") or an unnamed person with an indefinite article
    ("a Bulgarian investigative journalist", "a former diplomat from …"), or wording anywhere in
    the sentence such as "anonymous", "anonymity", "unnamed", "sources in/within …",
    "private conversation". A named outlet relaying unnamed sources ("Politico, through sources in
    French intelligence, …") is attributed to the outlet and marked anonymous: the claim still
    rests on sources the reader cannot check.

Footnotes
    The numbers of the footnotes whose supported span overlaps the sentence, in ascending order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# ICD 203 expressions of likelihood, lowest to highest: (word, low, high) as probabilities.
ICD203: tuple[tuple[str, float, float], ...] = (
    ("almost no chance", 0.01, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("unlikely", 0.20, 0.45),
    ("roughly even chance", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("very likely", 0.80, 0.95),
    ("almost certain", 0.95, 0.99),
)


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    start: int
    end: int
    hedges: tuple[str, ...]
    likelihood: str | None
    attributed_to: str | None
    anonymous: bool
    footnotes: tuple[int, ...]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# (pattern, ICD 203 word or None), longest first: the alternation takes the first that matches.
_HEDGES: tuple[tuple[str, str | None], ...] = (
    (r"almost no chance", "almost no chance"),
    (r"remote (?:chance|possibility|likelihood)", "almost no chance"),
    (r"(?:very|highly) (?:unlikely|improbable)", "very unlikely"),
    (r"not likely", "unlikely"),
    (r"probably not", "unlikely"),
    (r"unlikely", "unlikely"),
    (r"improbable", "unlikely"),
    (r"(?:roughly )?even (?:chance|odds)", "roughly even chance"),
    (r"(?:very|highly) (?:likely|probable)", "very likely"),
    (r"(?:almost|nearly|virtually) certain(?:ly)?", "almost certain"),
    (r"likely", "likely"),
    (r"probably", "likely"),
    (r"probable", "likely"),
    (r"(?:appear|appears|appeared) to (?:have|be)", None),
    (r"(?:seem|seems|seemed) to (?:have|be)", None),
    (r"(?:appear|appears|appeared|seem|seems|seemed) to", None),
    (r"apparently", None),
    (r"(?-i:may)", None),
    (r"might", None),
    (r"could", None),
    (r"possibly", None),
    (r"possible", None),
    (r"perhaps", None),
    (r"potentially", None),
    (r"presumably", None),
    (r"suggest(?:s|ed|ing)?", None),
    (r"indicat(?:es|ed|ing)", None),
    (r"reportedly", None),
    (r"allegedly", None),
    (r"alleged", None),
    (r"(?:believed|thought) to", None),
    (r"we (?:assess|judge)", None),
)


def _first_letters(patterns: list[str]) -> str:
    """A lookahead for the letters the patterns can start with (a superset: every letter at the
    start or after `(`, `|` or `:`). Only a shortcut: most words are skipped at their first
    letter instead of being tried against every alternative."""
    letters = {m.group(1) for p in patterns for m in re.finditer(r"(?:^|[(|:])([a-z])", p)}
    return f"(?=[{''.join(sorted(letters))}])"


_HEDGE_RE = re.compile(
    r"\b"
    + _first_letters([p for p, _ in _HEDGES])
    + r"(?:"
    + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEDGES))
    + r")\b",
    re.IGNORECASE,
)

_REPORTING_VERBS = _words(
    "said says stated states noted notes warned warns maintained maintains announced announces "
    "revealed reveals suggested suggests argued argues claimed claims told tells remarked "
    "emphasized emphasised stressed interpreted reported reports wrote writes added explained "
    "insisted asserted confirmed acknowledged alleged alleges contended observed concluded "
    "declared predicted complained"
)
_VERB_RE = re.compile(
    r"\b"
    + _first_letters(["raised", *_REPORTING_VERBS])
    + r"(?:raised concerns|"
    + "|".join(sorted(_REPORTING_VERBS))
    + r")\b"
)
_PASSIVE = _words("is are was were be been being")
_SKIPPABLE_BEFORE_VERB = _words("also has have had then once again further later")
_LY_NOUNS = _words("family assembly rally supply monopoly anomaly italy")
_NOT_SOURCES = _words("this that these those it which such there here what")
_CLAUSE_WORDS = _words("that which who whom whose is are was were has have had")
_LEADING_MODIFIERS = _words(
    "in amid amidst after before during following through via for with without against "
    "however while when although though as since despite given under over on at by from "
    "who which whose where boasting thus hence meanwhile moreover indeed instead yet but and "
    "or so then"
)
_ARTICLES = frozenset({"a", "an", "the"})
_QUOTES = "“”‘’\"'«» "
_MAX_SOURCE_WORDS = 15

_ACCORDING_RE = re.compile(r"\baccording to\s+([^,.;:“\"]+)", re.IGNORECASE)
_AS_BY_RE = re.compile(
    r"^\s*as (?:\w+ly )?(?:articulated|stated|noted|put|reported|explained|described) by "
    r"([^,.;:“\"]+)",
    re.IGNORECASE,
)
_WORDS_RE = re.compile(r"\bin ([^,.;:“\"]+?)['’]s? (?:own )?words\b", re.IGNORECASE)
_COLON_QUOTE_RE = re.compile(r"^\s*([^:“\"]{2,120}?):\s*[“\"]")

_ANONYMOUS_RE = re.compile(
    r"\banonym|\bunnamed\b|\bunidentified\b|\bprivate conversation\b|\boff the record\b"
    r"|\bon (?:the )?condition (?:of|that)\b"
    r"|\b(?:asked|declined|requested) not to be (?:named|identified)\b"
    r"|\bnot authori[sz]ed to speak\b|\bspeaking on background\b"
    r"|\bsources?\s+(?:in|within|inside|at|from|close to|familiar with)\b",
    re.IGNORECASE,
)
_BARE_SOURCE_RE = re.compile(r"^(?:(?:an?|the|some|several|two|three)\s+)?(?:\w+\s+)?sources?\b")
# Unnamed people speaking as a group: "analysts said", "some Western diplomats say".
_UNNAMED_GROUP_RE = re.compile(
    r"^(?:(?:some|several|many|other|two|three|senior|western|local|\w+)\s+){0,2}"
    r"(?:analysts|diplomats|officials|experts|observers|insiders|residents|witnesses|people)$"
)
# Speakers on the record by office, even when the report gives no name.
_ON_RECORD_RE = re.compile(r"\b(?:spokes(?:person|man|woman)|press (?:service|office|secretary))\b")
_DOCUMENT_NOUNS_RE = re.compile(
    r"\b(?:report|study|statement|survey|article|analysis|investigation|document|paper|poll)\b"
)


def find_hedges(sentence: str) -> tuple[tuple[str, ...], str | None]:
    """The hedges of `sentence` in reading order (lower-cased), and the first ICD 203 word."""
    hedges: list[str] = []
    likelihood: str | None = None
    for match in _HEDGE_RE.finditer(sentence):
        hedges.append(" ".join(match.group(0).lower().split()))
        if likelihood is None and match.lastgroup is not None:
            likelihood = _HEDGES[int(match.lastgroup[1:])][1]
    return tuple(hedges), likelihood


def _clean_source(raw: str) -> str | None:
    source = " ".join(raw.strip(_QUOTES + ",;").split())
    words = source.split()
    if not words or len(words) > _MAX_SOURCE_WORDS or not source[0].isalnum():
        return None
    if words[0].lower() in _NOT_SOURCES:
        return None
    return source


def _is_adverb(word: str) -> bool:
    return word.islower() and word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


def _subject_before(prefix: str) -> str | None:
    """The source named in the text before a reporting verb, or None when it is not a source."""
    tokens = prefix.split()
    while tokens and (tokens[-1].lower() in _SKIPPABLE_BEFORE_VERB or _is_adverb(tokens[-1])):
        tokens.pop()
    if not tokens or tokens[-1].lower() in _PASSIVE:
        return None
    kept: list[str] = []
    for segment in " ".join(tokens).split(","):
        segment = segment.strip(_QUOTES)
        if not segment:
            continue
        first = segment.split()[0].lower()
        if first in _LEADING_MODIFIERS or first.endswith("ing"):
            continue
        if kept and first in _ARTICLES:  # an appositive after the name
            continue
        kept.append(segment)
    if not kept:
        return None
    subject = kept[0]
    if any(word.lower() in _CLAUSE_WORDS for word in subject.split()):
        return None
    return _clean_source(subject)


def find_attribution(sentence: str) -> str | None:
    """Who `sentence` says its assertion comes from, as written, or None."""
    for pattern in (_AS_BY_RE, _ACCORDING_RE, _WORDS_RE, _COLON_QUOTE_RE):
        match = pattern.search(sentence)
        if match:
            source = _clean_source(match.group(1))
            if source is not None:
                return source
    for match in _VERB_RE.finditer(sentence):
        source = _subject_before(sentence[: match.start()])
        if source is not None:
            return source
    return None


def is_anonymous(sentence: str, attributed_to: str | None) -> bool:
    """Whether the sentence rests on an unnamed source (see the module notes)."""
    if _ANONYMOUS_RE.search(sentence):
        return True
    if attributed_to is None:
        return False
    lowered = attributed_to.lower()
    if _BARE_SOURCE_RE.match(lowered) or _UNNAMED_GROUP_RE.match(lowered):
        return True
    if _ON_RECORD_RE.search(lowered):
        return False
    return lowered.split()[0] in {"a", "an"} and not _DOCUMENT_NOUNS_RE.search(lowered)


def _is_assertion(sentence: str) -> bool:
    body = sentence.rstrip(_QUOTES + ")]")
    return bool(re.search(r"[^\W\d_]", sentence)) and not body.endswith("?")


def find_claims(
    text: str, sentences: list[dict[str, int]], footnotes: list[dict[str, int]]
) -> list[Claim]:
    """One claim per asserting sentence of `text` (offsets index `text`)."""
    claims: list[Claim] = []
    open_quotes = 0
    previous: tuple[str | None, bool] = (None, False)
    notes = _Footnotes(footnotes)
    for span in sentences:
        start, end = span["start"], span["end"]
        sentence = text[start:end]
        inside_quote = open_quotes > 0
        open_quotes = max(0, open_quotes + sentence.count("“") - sentence.count("”"))
        if not _is_assertion(sentence):
            continue
        hedges, likelihood = find_hedges(sentence)
        attributed_to = find_attribution(sentence)
        anonymous = is_anonymous(sentence, attributed_to)
        closes = sentence.find("”")
        opens = sentence.find("“")
        if attributed_to is None and inside_quote and closes >= 0 and (opens < 0 or closes < opens):
            attributed_to, inherited_anonymous = previous
            anonymous = anonymous or inherited_anonymous
        numbers = notes.overlapping(start, end)
        claims.append(
            Claim(
                text=sentence,
                start=start,
                end=end,
                hedges=hedges,
                likelihood=likelihood,
                attributed_to=attributed_to,
                anonymous=anonymous,
                footnotes=tuple(numbers),
            )
        )
        previous = (attributed_to, anonymous)
    return claims


class _Footnotes:
    """Footnote spans sorted by start, for the numbers overlapping a sentence in logarithmic time
    (a footnote reaches back at most as far as the longest supported span)."""

    def __init__(self, footnotes: list[dict[str, int]]) -> None:
        self.notes = sorted(footnotes, key=lambda f: f["start"])
        self.starts = [f["start"] for f in self.notes]
        self.longest = max((f["end"] - f["start"] for f in self.notes), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Numbers of the footnotes whose span overlaps [start, end), ascending, each once."""
        low = bisect_right(self.starts, start - self.longest)
        high = bisect_left(self.starts, end)
        return sorted({f["number"] for f in self.notes[low:high] if f["end"] > start})
