"""A corpus's texts cut once into whitespace tokens, for everything that reads them word by word.

Vectors (`embed`), formulas and figures (`corpus`) and labels (`cluster`) all start from the
same cut: Arrow splits every text at whitespace in one pass, and each distinct token is read by
Python once, however often the corpus repeats it. Whitespace never folds into part of a word or
a figure, so what a reader finds in a whole text is what it finds in its tokens one by one, in
order (tests check every Unicode character).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions in a flat array of the spans beginning at `starts`, `lengths` long, one
    span after the other."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total)


@dataclass(frozen=True)
class Tokens:
    """Token occurrences in text order; texts as `str.split()` cuts them."""

    doc: np.ndarray  # int64 per occurrence: its text (ascending)
    code: np.ndarray  # int64 per occurrence: the token, an index into `distinct`
    distinct: list[str]  # each token once
    texts: int  # how many texts were cut

    @classmethod
    def of(cls, texts: Sequence[str] | pa.Array | pa.ChunkedArray) -> Tokens:
        if isinstance(texts, pa.ChunkedArray):
            texts = texts.combine_chunks()
        elif not isinstance(texts, pa.Array):
            texts = pa.array(texts, pa.string())
        # Arrow's Unicode whitespace is Python's (`str.split()`): a test checks every character.
        # A share of the texts per core, cut and encoded outside the GIL; the shares' tokens then
        # numbered in order of first appearance, as one pass over all the texts would
        shares = max(1, min(os.cpu_count() or 1, len(texts) // 10_000))
        bounds = [len(texts) * share // shares for share in range(shares + 1)]

        def cut(lo: int, hi: int) -> tuple[pa.Array, np.ndarray]:
            lists = pc.utf8_split_whitespace(texts.slice(lo, hi - lo))
            doc = pc.list_parent_indices(lists).to_numpy().astype(np.int64) + lo
            return pc.dictionary_encode(pc.list_flatten(lists)), doc

        with ThreadPoolExecutor(shares) as pool:
            parts = list(pool.map(cut, bounds[:-1], bounds[1:]))
        tokens = pc.dictionary_encode(pa.concat_arrays([part.dictionary for part, _ in parts]))
        distinct = tokens.dictionary.to_pylist()
        number = tokens.indices.to_numpy().astype(np.int64)
        offsets = np.cumsum([0] + [len(part.dictionary) for part, _ in parts])
        code = np.concatenate(
            [
                number[offset : offset + len(part.dictionary)][part.indices.to_numpy()]
                for (part, _), offset in zip(parts, offsets.tolist(), strict=False)
            ]
        )
        doc = np.concatenate([doc for _, doc in parts])
        if "" in distinct:  # a text's edges split to "" (stored statements are trimmed)
            real = code != distinct.index("")
            doc, code = doc[real], code[real]
        return cls(doc, code, distinct, len(texts))

    def where(self, keep: np.ndarray) -> Tokens:
        """The occurrences where `keep` (a mask over them) holds, the same texts."""
        return Tokens(self.doc[keep], self.code[keep], self.distinct, self.texts)

    def words(self, words: Callable[[str], list[str]]) -> Words:
        """Every text's words, as `words(text)` finds them, in text order; `words` runs once per
        distinct token."""
        ids: dict[str, int] = {}
        per_token: list[int] = []
        flat: list[int] = []
        for token in self.distinct:
            found = words(token)
            flat += [ids.setdefault(word, len(ids)) for word in found]
            per_token.append(len(found))
        words_per_token = np.asarray(per_token, np.int64)
        token_words = np.asarray(flat, np.int64)
        # each token occurrence becomes its words, in text order
        starts = np.cumsum(words_per_token) - words_per_token
        lengths = words_per_token[self.code]
        return Words(
            np.repeat(self.doc, lengths),
            token_words[spans(starts[self.code], lengths)],
            np.repeat(np.arange(len(self.code)), lengths),
            list(ids),
            self.texts,
        )

    def joined(self, rows: Sequence[int]) -> list[str]:
        """The texts at `rows` rebuilt from their tokens, one space between each."""
        first = np.asarray(rows, np.int64)
        starts, ends = np.searchsorted(self.doc, first), np.searchsorted(self.doc, first + 1)
        return [
            " ".join(self.distinct[c] for c in self.code[lo:hi].tolist())
            for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True)
        ]


@dataclass(frozen=True)
class Words:
    """The words found in a corpus's tokens, in text order."""

    doc: np.ndarray  # int64 per word: its text (ascending)
    word: np.ndarray  # int64 per word: an index into `names`
    token: np.ndarray  # int64 per word: the token occurrence it is part of
    names: list[str]  # each word once
    texts: int

    def where(self, keep: np.ndarray) -> Words:
        """The words where `keep` (a mask over them) holds, the same texts and names."""
        return Words(self.doc[keep], self.word[keep], self.token[keep], self.names, self.texts)
