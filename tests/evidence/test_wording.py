"""ICD 203 likelihood words and their ranges; confidence kept apart."""

from __future__ import annotations

import itertools

import pytest

from hybridwatch.evidence import wording


@pytest.mark.parametrize(
    ("probability", "word"),
    [
        (0.0, "almost no chance"),
        (0.04, "almost no chance"),
        (0.05, "very unlikely"),
        (0.30, "unlikely"),
        (0.50, "roughly even chance"),
        (0.55, "likely"),
        (0.85, "very likely"),
        (0.97, "almost certain"),
        (1.0, "almost certain"),
    ],
)
def test_each_probability_gets_the_icd_203_word_whose_range_holds_it(
    probability: float, word: str
) -> None:
    found, (low, high) = wording.likelihood(probability)
    assert found == word
    assert low <= max(probability, 0.01) <= high or probability in (0.0, 1.0)


def test_the_scale_is_contiguous_and_ordered() -> None:
    ends = [(low, high) for _, low, high in wording.LIKELIHOOD]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ends))
    assert ends[0][0] == 0.01 and ends[-1][1] == 0.99


def test_corroboration_raises_likelihood_and_confidence() -> None:
    alone = wording.estimate(0.6, 0, ["C3"])
    backed = wording.estimate(0.6, 2, ["B2"])
    assert alone.probability < backed.probability < 0.99
    assert (alone.likelihood, backed.likelihood) == ("likely", "very likely")
    assert (alone.confidence, backed.confidence) == ("moderate", "high")
    assert wording.estimate(0.6, 0, ["F6"]).confidence == "low"


def test_likelihood_and_confidence_are_never_in_one_sentence() -> None:
    e = wording.estimate(0.85, 1, ["B2"])
    sentence = e.likelihood_sentence("the aircraft carried ammunition")
    assert sentence == "It is very likely (80%–95%) that the aircraft carried ammunition."
    assert "confidence" not in sentence.casefold()
    assert e.likelihood not in e.confidence_sentence()
