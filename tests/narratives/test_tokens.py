from collections.abc import Callable

import numpy as np
import pytest

from hybridwatch.narratives import cluster, corpus, embed
from hybridwatch.narratives.tokens import Tokens

# every Unicode character but surrogates: each is tried between words, doubled and at the edges
CHARACTERS = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def per_text(tokens: Tokens, values: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in range(tokens.texts)]
    for d, value in zip(tokens.doc.tolist(), values, strict=True):
        out[d].append(value)
    return out


def test_tokens_are_what_str_split_gives() -> None:
    texts = [f"{c}a{c}b {c}" for c in CHARACTERS]
    tokens = Tokens.of(texts)
    found = per_text(tokens, [tokens.distinct[c] for c in tokens.code.tolist()])
    pairs = zip(CHARACTERS, texts, found, strict=True)
    wrong = [c for c, text, got in pairs if got != text.split()]
    assert not wrong, f"{len(wrong)} characters split otherwise, e.g. {wrong[:5]!r}"


@pytest.mark.parametrize("words", [embed._words, cluster._words], ids=["vectors", "labels"])
def test_words_of_tokens_are_the_words_of_each_text(words: Callable[[str], list[str]]) -> None:
    # "№5" must stay "No5" and "e" + combining accent one "e", as folding the whole text gives
    texts = [f"{c}Xylo{c}{c}phone été{c}naïve {c}42 İstanbul{c}" for c in CHARACTERS]
    tokens = Tokens.of(texts)
    found_words = tokens.words(words)
    found: list[list[str]] = [[] for _ in texts]
    for d, w in zip(found_words.doc.tolist(), found_words.word.tolist(), strict=True):
        found[d].append(found_words.names[w])
    # each word's token is in its text, and the word is among the token's own
    assert np.array_equal(tokens.doc[found_words.token], found_words.doc)
    token_text = [tokens.distinct[c] for c in tokens.code[found_words.token[:2000]].tolist()]
    names = [found_words.names[w] for w in found_words.word[:2000].tolist()]
    assert all(name in words(token) for name, token in zip(names, token_text, strict=True))
    wrong = [c for c, text, got in zip(CHARACTERS, texts, found, strict=True) if got != words(text)]
    assert not wrong, f"{len(wrong)} characters split otherwise, e.g. {wrong[:5]!r}"


def test_figures_of_tokens_are_the_figures_of_each_text() -> None:
    texts = [f"{c}1,000{c}16.5 {c}7{c}{c}2024-05-20{c}" for c in CHARACTERS]
    masks = corpus.figure_masks(Tokens.of(texts)).tolist()
    whole = [corpus._figure_bits(text) for text in texts]
    wrong = [c for c, got, want in zip(CHARACTERS, masks, whole, strict=True) if got != want]
    assert not wrong, f"{len(wrong)} characters read otherwise, e.g. {wrong[:5]!r}"


def test_tokens_kept_and_joined() -> None:
    tokens = Tokens.of(["  one two\tthree ", "", "four  five"])
    assert tokens.texts == 3
    assert tokens.joined([0, 1, 2]) == ["one two three", "", "four five"]
    kept = tokens.where(np.asarray([True, False, True, False, True]))
    assert kept.joined([0, 2]) == ["one three", "five"]
    assert Tokens.of([]).texts == 0


def test_tokens_numbered_in_order_of_first_appearance() -> None:
    # enough texts for a share per core: the shares' numbering must be that of one pass
    texts = [f"w{i % 997} common t{i}" if i % 3 else "common" for i in range(30_000)]
    tokens = Tokens.of(texts)
    assert tokens.distinct == list(dict.fromkeys(t for text in texts for t in text.split()))
    found = per_text(tokens, [tokens.distinct[c] for c in tokens.code.tolist()])
    assert found == [text.split() for text in texts]
