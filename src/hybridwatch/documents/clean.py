"""Clean text scraped from a web page (possibly PDF line-wrap damage), keeping footnote markers.

`clean_text` does what a careful analyst would do by hand, in this order:

1. Chrome. The body runs from the first to the last *prose block* (a run of non-blank lines with at
   least ten words whose last line ends a sentence) and stops at an end-of-article marker such as
   "Related posts". Everything before it is header chrome (site name, breadcrumb, repeated title,
   byline, reading time, counters) and is mined for title, author and site; everything after it is
   footer chrome. Shapes decide first (numbered breadcrumb items, bare-number lines,
   "N <word> <word>" reading times, a line repeating the title); a small multilingual phrase table
   is only a backup.
2. Paragraphs and headings. A short line (at most ten words) without terminal punctuation standing
   after a finished sentence and before a new one is a heading. Hard line breaks inside a paragraph
   become spaces; a paragraph ends at a blank line, a heading, or a short line ending a sentence.
3. Repairs. Words glued where a hyphen was lost are split only where the first part is a known
   prefix or both parts occur as words elsewhere in the document (`AzeriRussian`); a glued form of a
   hyphenated word the document also uses is hyphenated (`neocolonialism`); `mid- February` is
   closed up. Ordinary CamelCase names (McDonald, YouTube, LinkedIn) are left alone.
4. Footnotes. Candidate markers (digits glued to punctuation or words, a number after a finished
   sentence, superscripts, a split `1 5`) are kept only if they fit the longest increasing
   sequence (steps of one, or up to three across lost notes); everything else stays as a real
   number. Markers are removed from the text; `Footnote.at` is where each one stood.

Standard library only; linear in the input size.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from hybridwatch.documents.dates import find_dates

__all__ = ["Cleaned", "Footnote", "Heading", "clean_text"]


@dataclass(frozen=True)
class Footnote:
    number: int
    at: int  # offset in Cleaned.text where the marker stood (right after the text it supports)


@dataclass(frozen=True)
class Heading:
    text: str
    start: int  # offset of the heading in Cleaned.text


@dataclass
class Cleaned:
    text: str  # body only: paragraphs separated by "\n\n"; each heading is its own paragraph
    title: str | None
    author: str | None
    site: str | None
    published: str | None = None  # ISO date of a header line that is only a date
    headings: list[Heading] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)  # in text order
    repairs: list[str] = field(default_factory=list)  # human-readable, e.g. "midMarch → mid-March"
    removed: list[str] = field(default_factory=list)  # chrome lines removed, verbatim


# --- shapes -------------------------------------------------------------------------------------

_CLOSERS = "\"'”’»)]"
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# A line that ends a sentence: terminal punctuation, closing quotes/brackets, maybe a marker.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*(?:\d{1,3}|[" + _SUPERSCRIPTS + r"]+)?\s*$")
_ENDS_PUNCT = re.compile(r"[.!?…:;,][\"'”’»)\]]*(?:\d{1,3}|[" + _SUPERSCRIPTS + r"]+)?\s*$")
_INNER_SENTENCE_BREAK = re.compile(r"[^\W\d_]{2}[.!?] [^\W\d_]")
_LIST_ITEM = re.compile(r"^\s*\d{1,2}[.)]\s+(\S.*)$")
_SEPARATOR_ONLY = re.compile(r"^[\s»›>/|·•–—-]+$")
_BREADCRUMB_SEP = re.compile(r"\s(?:»|›|>|/)\s")
# Digits and separators only (with a digit, `_is_bare_numbers`); possessive, so that a long line
# that is almost all numbers fails in linear time.
_BARE_NUMBERS = re.compile(r"[\d\s.,:/|·•-]*+")
_DIGIT = re.compile(r"\d")
# "17 dk okuma süresi", "5 min read", "5 min de lecture", "Время чтения: 5 мин"
_READING_TIME = re.compile(r"(?:^|\s)\d{1,3}\s+[^\W\d_]{1,8}\.?(?:\s+[^\W\d_]+){0,2}\s*$")
_BYLINE = re.compile(r"^(?:by|par|von|por|di|door|автор|yazar)\b[:\s]+(\S.*)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*$")
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
_OPEN_HYPHEN = re.compile(r"\b([^\W\d_]+)- ([^\W\d_]+)")
# A word with a lowercase letter directly followed by an uppercase one (common scripts).
_GLUED = re.compile(r"\b[^\W\d_]*[a-zß-öø-ÿа-яё][A-ZÀ-ÖØ-ÞА-ЯЁ][^\W\d_]*\b")
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-zß-öø-ÿа-яё’'] )[A-ZÀ-ÖØ-ÞА-ЯЁ][^\W\d_]*")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]{2,}|[\t\u00a0\u2009\u202f]")
_TRANSITION = re.compile(r"[a-zß-öø-ÿа-яё][A-ZÀ-ÖØ-ÞА-ЯЁ]")
_NON_SPACE = re.compile(r"\S+")
_MAX_COUNTED = 100

# Exact-line chrome (compared lowercased, without trailing punctuation/colons).
_CHROME_LINES = frozenset(
    {
        # English
        "share", "share this", "share this article", "tweet", "print", "email", "advertisement",
        "related posts", "related articles", "related", "read more", "read also", "see also",
        "leave a reply", "leave a comment", "comments", "subscribe", "newsletter", "tags",
        "home", "menu", "skip to content", "you may also like", "most read", "cancel reply",
        # Turkish
        "paylaş", "ilgili yazılar", "bir cevap yazın", "yorum yap", "yorumlar", "anasayfa",
        "ana sayfa", "etiketler", "benzer haberler", "yorum yazın",
        # French
        "partager", "laisser un commentaire", "laisser une réponse", "articles similaires",
        "à lire aussi", "lire aussi", "accueil", "commentaires", "publicité",
        # German
        "teilen", "kommentar schreiben", "ähnliche artikel", "startseite", "werbung",
        # Spanish
        "compartir", "deja un comentario", "artículos relacionados", "inicio",
        # Russian
        "поделиться", "комментарии", "главная", "читайте также", "похожие статьи",
        "оставить комментарий",
    }
)  # fmt: skip
# Phrases marking chrome anywhere in a short line.
_CHROME_PHRASES = (
    "min read", "minute read", "okuma süresi", "de lecture", "lesezeit", "время чтения",
    "de lectura", "your email address will not be published", "required fields are marked",
    "e-posta hesabınız yayımlanmayacak", "gerekli alanlar", "votre adresse e-mail ne sera pas",
    "les champs obligatoires", "all rights reserved", "tüm hakları saklıdır",
    "tous droits réservés", "alle rechte vorbehalten", "все права защищены",
)  # fmt: skip
_CHROME_PHRASE = re.compile("|".join(map(re.escape, _CHROME_PHRASES)), re.IGNORECASE)
# Lines after which the article is over.
_END_MARKERS = frozenset(
    {
        "related posts", "related articles", "leave a reply", "leave a comment",
        "you may also like", "ilgili yazılar", "bir cevap yazın", "benzer haberler",
        "yorum yazın", "laisser un commentaire", "laisser une réponse", "articles similaires",
        "kommentar schreiben", "ähnliche artikel", "deja un comentario",
        "artículos relacionados", "оставить комментарий", "похожие статьи",
    }
)  # fmt: skip
_PREFIXES = frozenset(
    {
        "mid", "anti", "non", "pro", "post", "pre", "neo", "co", "ex", "pan", "semi", "sub",
        "counter", "multi", "inter", "intra", "trans", "ultra", "super", "extra", "pseudo",
        "quasi", "self", "cross", "euro", "indo", "sino", "afro", "anglo", "franco", "russo",
    }
)  # fmt: skip
_CONJUNCTIONS = frozenset(
    {"and", "or", "to", "nor", "und", "oder", "et", "ou", "y", "o", "e", "и", "или", "ve", "veya"}
)


def _key(line: str) -> str:
    """A line as compared with the phrase tables and with other lines."""
    return _SPACES.sub(" ", line).strip().strip(".:!·•|-–— ").casefold()


def _is_known_chrome(line: str) -> bool:
    if len(line) <= 40 and _key(line) in _CHROME_LINES:
        return True
    # Chrome lines are short: skip the phrase search on paragraph lines.
    return len(line) <= 160 and line.count(" ") < 14 and _CHROME_PHRASE.search(line) is not None


def _is_reading_time(line: str) -> bool:
    stripped = line.strip()
    return (
        _word_count(stripped) <= 12
        and not _ENDS_SENTENCE.search(stripped)
        and (_READING_TIME.search(stripped) is not None or _is_known_chrome(stripped))
        and any(ch.isdigit() for ch in stripped)
    )


def _is_bare_numbers(line: str) -> bool:
    stripped = line.strip()
    return _BARE_NUMBERS.fullmatch(stripped) is not None and _DIGIT.search(stripped) is not None


def _is_breadcrumb(line: str) -> bool:
    stripped = line.strip()
    if _SEPARATOR_ONLY.match(stripped) or _LIST_ITEM.match(stripped):
        return True
    parts = _BREADCRUMB_SEP.split(stripped)
    return len(parts) >= 2 and all(0 < _word_count(p) <= 6 for p in parts)


def _is_edge_chrome(line: str) -> bool:
    """Chrome by shape, for lines at the edges of the body."""
    return (
        _is_breadcrumb(line)
        or _is_bare_numbers(line)
        or _is_reading_time(line)
        or _BYLINE.match(line.strip()) is not None
        or _is_known_chrome(line)
    )


def _ends_sentence(line: str) -> bool:
    return _ENDS_SENTENCE.search(line.rstrip()[-16:]) is not None


def _word_count(line: str) -> int:
    """Words in the line; a long line is counted only up to `_MAX_COUNTED` words, more than any
    threshold here, so that a line of 100 MB is not split into millions of words."""
    if len(line) <= 1000:
        return len(line.split())
    return sum(1 for _ in itertools.islice(_NON_SPACE.finditer(line), _MAX_COUNTED))


def _ranges(text: str, size: int = 1 << 20) -> Iterator[tuple[int, int]]:
    """[start, end) ranges covering `text`, about `size` long, each ending at a space or newline
    (a word longer than `size` is cut), for regexes run piece by piece over a long text."""
    start = 0
    while len(text) - start > size:
        cut = max(text.rfind(" ", start, start + size), text.rfind("\n", start, start + size))
        cut = cut if cut > start else start + size
        yield start, cut
        start = cut
    yield start, len(text)


# --- header: title, author, site ----------------------------------------------------------------


def _item_text(line: str) -> str:
    match = _LIST_ITEM.match(line)
    return (match.group(1) if match else line).strip()


def _dedupe_name(name: str) -> str:
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def _author_from_title(title: str, body_words: set[str]) -> tuple[str | None, str]:
    """`Eduard Abrahamyan: From …` → ("Eduard Abrahamyan", "From …"), name not used in the body."""
    prefix, sep, rest = title.partition(": ")
    words = prefix.split()
    if (
        sep
        and rest.strip()
        and 2 <= len(words) <= 4
        and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)
        and not any(w in body_words for w in words)
    ):
        return prefix.strip(), rest.strip()
    return None, title


_DATE_LABEL = re.compile(r"^(?:published|updated|posted|date|dated)\b:?\s*", re.I)


def _date_line(line: str) -> str | None:
    """The ISO date of a header line that says nothing but a day ("10 June 2024",
    "Published: 2024-06-10"): the document's publication date."""
    text = _DATE_LABEL.sub("", line).strip(" .")
    found = find_dates(text, None)
    if len(found) == 1 and found[0].precision == "day" and len(found[0].text) >= len(text) - 1:
        return found[0].date
    return None


def _parse_header(
    lines: list[str], body_words: set[str]
) -> tuple[str | None, str | None, str | None, str | None]:
    """Title, author, site and publication date from the chrome lines before the body."""
    stripped = [_SPACES.sub(" ", ln).strip() for ln in lines if ln.strip()]
    title: str | None = None
    byline_author: str | None = None
    reading_author: str | None = None
    counts = Counter(_key(_item_text(ln)) for ln in stripped)
    crumbs: list[str] = []
    unclassified: list[str] = []
    published: str | None = None
    for line in stripped:
        item = _item_text(line)
        dated = _date_line(line)
        if dated:
            published = published or dated
            continue
        if title is None and counts[_key(item)] >= 2 and _word_count(item) >= 2:
            title = item
            continue
        if title is not None and _key(item) == _key(title):
            continue
        byline = _BYLINE.match(line)
        if byline:
            byline_author = byline_author or re.split(r"\s[-–—·|•]\s", byline.group(1))[0].strip()
            continue
        if _is_reading_time(line):
            match = _READING_TIME.search(line)
            prefix = line[: match.start()] if match else ""
            parts = [p.strip() for p in re.split(r"[-–—·|•]", prefix) if p.strip()]
            if parts and reading_author is None:
                reading_author = _dedupe_name(parts[0])
            continue
        if _SEPARATOR_ONLY.match(line) or _is_bare_numbers(line) or _is_known_chrome(line):
            continue
        if _LIST_ITEM.match(line):
            crumbs.append(item)
            continue
        if _is_breadcrumb(line):
            crumbs.append(_BREADCRUMB_SEP.split(line)[-1].strip())
            continue
        unclassified.append(line)
    site: str | None = None
    if title is None and crumbs and _word_count(crumbs[-1]) >= 3:
        title = crumbs[-1]
    if title is None and unclassified:
        if len(unclassified) >= 2:
            site = unclassified[0]
            title = max(unclassified[1:], key=len)
        else:
            title = unclassified[0]
    elif unclassified:
        site = unclassified[0]
    author: str | None = None
    if title is not None:
        author, title = _author_from_title(title, body_words)
    return title, author or byline_author or reading_author, site, published


# --- body: chrome, headings, paragraphs ---------------------------------------------------------


def _body_range(lines: list[str]) -> tuple[int, int]:
    """[start, end) line range of the body: first to last prose block, cut at an end marker."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            if start is None:
                start = i
        elif start is not None:
            blocks.append((start, i))
            start = None
    prose = [
        k
        for k, (s, e) in enumerate(blocks)
        if sum(_word_count(ln) for ln in lines[s:e]) >= 10
        and _ends_sentence(lines[e - 1])
        and not _is_known_chrome(lines[e - 1])
    ]
    if not prose:
        return 0, len(lines)
    body_start, body_end = blocks[prose[0]][0], blocks[prose[-1]][1]

    # A short closing paragraph (maybe under a heading) still belongs to the body.
    def sentence_block(k: int) -> bool:
        s, e = blocks[k]
        return _ends_sentence(lines[e - 1]) and not any(_is_edge_chrome(ln) for ln in lines[s:e])

    k = prose[-1] + 1
    while k < len(blocks):
        s, e = blocks[k]
        if sentence_block(k):
            body_end = e
        elif not (
            e - s == 1
            and _word_count(lines[s]) <= 10
            and not _is_edge_chrome(lines[s])
            and k + 1 < len(blocks)
            and sentence_block(k + 1)
        ):
            break
        k += 1
    for i in range(body_start + 1, body_end):
        if len(lines[i]) <= 40 and _key(lines[i]) in _END_MARKERS:
            body_end = i
            break
    return body_start, body_end


def _is_heading(line: str, prev: str | None, nxt: str | None) -> bool:
    text = line.strip()
    if not 1 <= _word_count(text) <= 10 or len(text) > 90:
        return False
    if _ENDS_PUNCT.search(text) or text[-1] in "-–—" or _INNER_SENTENCE_BREAK.search(text):
        return False
    if prev is not None and not _ends_sentence(prev):
        return False  # the end of a wrapped sentence, not a heading
    if nxt is not None:
        first = nxt.lstrip()[:1]
        if first and first.islower():
            return False  # the sentence goes on
    return True


def _looks_cut(line: str, nxt: str | None, proper: set[str]) -> bool:
    """A sentence cut short: `… within the given time` / `Although these …` (lost footnote).

    The line ends in a lowercase word of four letters or more (not a short function word) and
    the next line starts with a capitalised word never seen capitalised mid-sentence (so not a
    name): the sentence was cut and a new one begins.
    """
    if nxt is None or not nxt[:1].isupper():
        return False
    last = re.search(r"([^\W\d_]+)$", line[-40:])
    first = re.match(r"[^\W\d_]+", nxt)
    return (
        last is not None
        and first is not None
        and len(last.group(1)) >= 4
        and last.group(1).islower()
        and first.group(0).istitle()
        and first.group(0) not in proper
    )


def _join_lines(lines: list[str], vocab: Counter[str], repairs: list[str]) -> str:
    out: list[str] = []  # pieces of the paragraph, joined once at the end
    previous = ""
    for line in lines:
        line = line.strip()
        if not out or not out[0]:  # nothing yet
            out = [line]
            previous = line
            continue
        tail = re.search(r"([^\W\d_]+)-$", previous[-40:]) if previous[-1:] == "-" else None
        head = re.match(r"[^\W\d_]+", line) if tail else None
        previous = line
        if tail and head:
            left, right = tail.group(1), head.group(0)
            joined = left + right
            if (
                right[0].islower()
                and left.casefold() not in _PREFIXES
                and vocab[joined] > 0
                and f"{left}-{right}".casefold() not in vocab
            ):
                repairs.append(f"{left}- {right} → {joined}")
                out[-1] = out[-1][:-1]  # the line before ends with the hyphen
            out.append(line)
            continue
        out.append(" ")
        out.append(line)
    return _SPACES.sub(" ", "".join(out)).strip()


# --- repairs ------------------------------------------------------------------------------------


def _split_glued(word: str, vocab: Counter[str]) -> str | None:
    """`midMarch` → `mid-March`, `AzeriRussian` → `Azeri-Russian`; None to leave it alone."""
    cuts = [i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()]
    if len(cuts) != 1:
        return None
    left, right = word[: cuts[0]], word[cuts[0] :]
    if len(right) < 3 or not right[1:].islower():
        return None
    if left.casefold() in _PREFIXES and (left.islower() or left.istitle()):
        return f"{left}-{right}"
    if len(left) >= 3 and left.istitle() and vocab[left] > 0 and vocab[right] > 0:
        return f"{left}-{right}"
    return None


def _repair(paragraphs: list[str], vocab: Counter[str], repairs: list[str]) -> list[str]:
    # Hyphenated forms the document uses, keyed by their glued spelling.
    hyphenated: Counter[str] = Counter()
    hyphen_pairs: set[str] = set()
    cuts: dict[str, int] = {}
    for para in paragraphs:
        if "-" not in para:
            continue
        for left, right in _HYPHENATED.findall(para):
            key = (left + right).casefold()
            hyphenated[key] += 1
            hyphen_pairs.add(f"{left}-{right}".casefold())
            cuts[key] = len(left)
    lower_vocab: Counter[str] = Counter()
    for word, n in vocab.items():
        lower_vocab[word.casefold()] += n
    rehyphen = {
        key: n for key, n in hyphenated.items() if 0 < lower_vocab.get(key, 0) <= n and len(key) > 4
    }
    split_at = {key: cuts[key] for key in rehyphen}

    def glued(match: re.Match[str]) -> str:
        word = match.group(0)
        fixed = _split_glued(word, vocab)
        if fixed is None:
            return word
        repairs.append(f"{word} → {fixed}")
        return fixed

    def rejoin(match: re.Match[str]) -> str:
        word = match.group(0)
        cut = split_at[word.casefold()]
        fixed = f"{word[:cut]}-{word[cut:]}"
        repairs.append(f"{word} → {fixed}")
        return fixed

    def close_up(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        if right.casefold() in _CONJUNCTIONS:
            return match.group(0)
        if left.casefold() in _PREFIXES or f"{left}-{right}".casefold() in hyphen_pairs:
            repairs.append(f"{left}- {right} → {left}-{right}")
            return f"{left}-{right}"
        return match.group(0)

    rejoin_re = (
        re.compile(r"\b(?:" + "|".join(map(re.escape, split_at)) + r")\b", re.IGNORECASE)
        if split_at
        else None
    )
    out = []
    for para in paragraphs:
        if _TRANSITION.search(para):
            para = _GLUED.sub(glued, para)
        if rejoin_re is not None:
            para = rejoin_re.sub(rejoin, para)
        if "- " in para:
            para = _OPEN_HYPHEN.sub(close_up, para)
        out.append(para)
    return out


# --- footnotes ----------------------------------------------------------------------------------

_CANDIDATE = re.compile(
    r"(?P<sup>["
    + _SUPERSCRIPTS
    + r"]+)|(?<!\d)(?P<space> ?)(?P<num>\d{1,3})(?: (?P<split>\d))?(?!\d)"
)
_GLUE_AFTER = frozenset(".,;:!?…\"'”’»)]")
_SPACED_AFTER = frozenset('.!?…"”’»)]')
_UNIT_BEFORE = re.compile(r"\d\s?(?:[kcm]?m|ft|in)$")
_SENTENCE_BEFORE = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass(frozen=True)
class _Reading:
    para: int
    start: int
    end: int
    number: int
    strength: int


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether what follows `pos` (after spaces) may begin a sentence, or the paragraph ends."""
    rest = text[pos : pos + 3].lstrip()
    return not rest or not rest[0].islower()


def _candidates(para_idx: int, para: str) -> list[list[_Reading]]:
    found: list[list[_Reading]] = []
    for m in _CANDIDATE.finditer(para):
        start = m.start()
        if m.group("sup"):
            if _UNIT_BEFORE.search(para[max(0, start - 6) : start]):
                continue  # 400 m²
            value = int("".join(str(unicodedata.digit(ch)) for ch in m.group("sup")))
            found.append([_Reading(para_idx, start, m.end(), value, 3)])
            continue
        num_end = m.end("num")
        value = int(m.group("num"))
        before = para[start - 1 : start] if start else ""
        after = para[num_end : num_end + 1]
        if m.group("space"):
            # "Azerbaijan.” 17 Politico", "since 1989. 10 In this": after a finished sentence,
            # before a new one.
            if (
                before in _SPACED_AFTER
                and after == " "
                and _SENTENCE_BEFORE.search(para[max(0, start - 6) : start])
                and _starts_sentence(para, num_end)
            ):
                found.append([_Reading(para_idx, start, num_end, value, 1)])
        elif before in _GLUE_AFTER:
            # "2022.1 As", "Russia.”2", "geography”3 and", ")9", "colonialism.”1 5 The"
            digit_before = para[start - 2 : start - 1].isdigit() if start >= 2 else False
            readings = []
            split = m.group("split")
            if (
                split
                and para[m.end() : m.end() + 1] in ("", " ")
                and (not digit_before or _starts_sentence(para, m.end()))
            ):
                readings.append(_Reading(para_idx, start, m.end(), int(m.group("num") + split), 2))
            if (not after or after.isspace()) and (
                not digit_before or _starts_sentence(para, num_end)
            ):
                readings.append(_Reading(para_idx, start, num_end, value, 2))
            if readings:
                found.append(readings)
        elif (
            para[start - 2 : start].isalpha()
            and para[start - 2 : start].islower()
            and (not after or after.isspace() or after in ".,;:")
        ):
            # "studies12 show": glued to a lowercase word
            found.append([_Reading(para_idx, start, num_end, value, 1)])
    return found


def _best_sequence(candidates: list[list[_Reading]]) -> list[_Reading]:
    """The longest chain of increasing numbers (steps 1-3), fewest gaps, strongest markers."""
    # node: (score, reading, previous node index)
    nodes: list[tuple[tuple[int, int, int], _Reading, int]] = []
    best: dict[int, int] = {}  # number -> node index of the best chain ending there
    for readings in candidates:
        updates: list[tuple[int, tuple[int, int, int], _Reading, int]] = []
        for r in readings:
            if r.number < 1:
                continue
            choice: tuple[tuple[int, int, int], int] = ((1, -(r.number - 1), r.strength), -1)
            for step in (1, 2, 3):
                prev = best.get(r.number - step)
                if prev is None:
                    continue
                count, gaps, strength = nodes[prev][0]
                score = (count + 1, gaps - (step - 1), strength + r.strength)
                if score > choice[0]:
                    choice = (score, prev)
            updates.append((r.number, choice[0], r, choice[1]))
        for number, score, r, prev in updates:
            current = best.get(number)
            if current is None or score > nodes[current][0]:
                nodes.append((score, r, prev))
                best[number] = len(nodes) - 1
    if not best:
        return []
    end = max(best.values(), key=lambda i: nodes[i][0])
    chain: list[_Reading] = []
    i = end
    while i >= 0:
        chain.append(nodes[i][1])
        i = nodes[i][2]
    chain.reverse()
    if len(chain) == 1 and chain[0].number != 1 and chain[0].strength < 3:
        return []
    return chain


def _remove_markers(para: str, markers: list[_Reading]) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph without its markers, and (number, offset) where each stood."""
    out = ""
    pos = 0
    ats: list[tuple[int, int]] = []
    for r in sorted(markers, key=lambda r: r.start):
        piece = para[pos : r.start]
        if piece.startswith(" ") and out.endswith(" "):
            piece = piece[1:]
        out += piece
        ats.append((r.number, len(out) - 1 if out.endswith(" ") else len(out)))
        pos = r.end
    piece = para[pos:]
    if piece.startswith(" ") and out.endswith(" "):
        piece = piece[1:]
    out += piece
    stripped = out.rstrip()
    return stripped, [(n, min(at, len(stripped))) for n, at in ats]


# --- the whole ----------------------------------------------------------------------------------


def clean_text(raw: str) -> Cleaned:
    """Body text, title, author, site, headings and footnote markers of a scraped article."""
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = raw.split("\n")
    work = [_SPACES.sub(" ", ln).rstrip() for ln in lines]
    removed: list[str] = []
    repairs: list[str] = []

    start, end = _body_range(work)
    while start < end and (not work[start].strip() or _is_edge_chrome(work[start])):
        start += 1
    while end > start and (not work[end - 1].strip() or _is_edge_chrome(work[end - 1])):
        end -= 1
    header = work[:start]
    body_text = "\n".join(work[start:end])
    # Piece by piece: a long text is not turned into a list of all its words at once.
    vocab: Counter[str] = Counter()
    proper: set[str] = set()
    for low, high in _ranges(body_text):
        vocab.update(_WORD.findall(body_text, low, high))
        proper.update(_MID_SENTENCE_CAPITAL.findall(body_text, low, high))
    title, author, site, published = _parse_header(header, set(vocab))
    removed.extend(ln for ln in lines[:start] if ln.strip())

    # Body lines; chrome inside the body is dropped (a repeated title, phrase-table lines).
    title_keys = {_key(t) for t in ([title, f"{author}: {title}"] if title else [])}
    drop_keys = title_keys | _CHROME_LINES
    longest_title = max((len(t) for t in title_keys), default=0) + 40
    body: list[str | None] = []
    for i in range(start, end):
        line = work[i].strip()
        if not line:
            body.append(None)
        elif (len(line) <= longest_title and _key(line) in drop_keys) or (
            _word_count(line) >= 2 and _is_bare_numbers(line)
        ):
            removed.append(lines[i])
        else:
            body.append(line)
    removed.extend(ln for ln in lines[end:] if ln.strip())

    # Blocks of consecutive lines; mode and typical width decide where paragraphs end.
    blocks: list[list[str]] = []
    current: list[str] = []
    for maybe in [*body, None]:
        if maybe is None:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(maybe)
    open_lengths = sorted(
        len(ln) for block in blocks for ln in block[:-1] if not _ends_sentence(ln)
    )
    all_lines = [ln for block in blocks for ln in block]
    wrapped = bool(open_lengths) and len(open_lengths) >= 0.3 * len(all_lines)
    width = open_lengths[len(open_lengths) // 2] if open_lengths else 0

    paragraphs: list[str] = []
    is_heading: list[bool] = []

    def flush(buffer: list[str]) -> None:
        if buffer:
            paragraphs.append(_join_lines(buffer, vocab, repairs))
            is_heading.append(False)
            buffer.clear()

    for block in blocks:
        buffer: list[str] = []
        for i, line in enumerate(block):
            prev = block[i - 1] if i > 0 else None
            nxt = block[i + 1] if i + 1 < len(block) else None
            if _is_heading(line, prev, nxt) and not (len(block) == 1 and _word_count(line) > 10):
                flush(buffer)
                paragraphs.append(line)
                is_heading.append(True)
                continue
            buffer.append(line)
            next_is_marker = nxt is not None and re.match(r"\d{1,3} \S", nxt) is not None
            if (
                not wrapped
                or (_ends_sentence(line) and len(line) < 0.85 * width and not next_is_marker)
                or (not _ends_sentence(line) and _looks_cut(line, nxt, proper))
            ):
                flush(buffer)
        flush(buffer)

    paragraphs = _repair(paragraphs, vocab, repairs)

    candidates: list[list[_Reading]] = []
    for idx, para in enumerate(paragraphs):
        candidates.extend(_candidates(idx, para))
    chain = _best_sequence(candidates)
    by_para: dict[int, list[_Reading]] = {}
    for r in chain:
        by_para.setdefault(r.para, []).append(r)

    text_parts: list[str] = []
    headings: list[Heading] = []
    footnotes: list[Footnote] = []
    offset = 0
    for idx, para in enumerate(paragraphs):
        cleaned, ats = _remove_markers(para, by_para.get(idx, []))
        if not cleaned:
            continue
        if text_parts:
            offset += 2
        if is_heading[idx]:
            headings.append(Heading(cleaned, offset))
        footnotes.extend(Footnote(n, offset + at) for n, at in ats)
        text_parts.append(cleaned)
        offset += len(cleaned)

    return Cleaned(
        text="\n\n".join(text_parts),
        title=title,
        author=author,
        site=site,
        published=published,
        headings=headings,
        footnotes=footnotes,
        repairs=repairs,
        removed=removed,
    )
