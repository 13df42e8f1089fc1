"""`find_claims`: hedges, ICD 203 likelihood, attribution and footnotes of each sentence."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from hybridwatch.documents.claims import ICD203, Claim, find_claims, is_anonymous
from hybridwatch.documents.extract import extract_file

REFERENCE = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"


def claims_of(text: str, footnotes: list[dict[str, int]] | None = None) -> list[Claim]:
    """Claims of `text`, each line one sentence."""
    sentences = []
    offset = 0
    for line in text.split("\n"):
        sentences.append({"start": offset, "end": offset + len(line)})
        offset += len(line) + 1
    return find_claims(text, sentences, footnotes or [])


def one(text: str) -> Claim:
    (claim,) = claims_of(text)
    return claim


@pytest.fixture
def reference_claims(shared_data: Path) -> list[Claim]:
    extraction = extract_file(shared_data / REFERENCE)
    return find_claims(extraction.text, extraction.sentences, extraction.footnotes)


@pytest.fixture
def by_start(reference_claims: list[Claim]) -> dict[str, Claim]:
    """Reference claims keyed by their text."""
    return {claim.text: claim for claim in reference_claims}


def find(claims: dict[str, Claim], beginning: str) -> Claim:
    matches = [claim for text, claim in claims.items() if beginning in text]
    assert len(matches) == 1, beginning
    return matches[0]


def test_reference_claims_cover_the_text(reference_claims: list[Claim], shared_data: Path) -> None:
    extraction = extract_file(shared_data / REFERENCE)
    assert len(reference_claims) == len(extraction.sentences) == 70
    for claim in reference_claims:
        assert extraction.text[claim.start : claim.end] == claim.text


def test_reference_appearance_hedge(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "Bulgarian defense manufacturers appear to have redirected supplies")
    assert claim.hedges == ("appear to have",)
    assert claim.likelihood is None
    assert claim.attributed_to is None and not claim.anonymous


def test_reference_likely_with_footnote(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "The noteworthy decision is likely attributable")
    assert claim.text == (
        "The noteworthy decision is likely attributable to the Azeri-Russian operation in "
        "New Caledonia."
    )
    assert claim.hedges == ("likely",)
    assert claim.likelihood == "likely"
    assert claim.footnotes == (21,)
    assert claim.attributed_to is None


def test_reference_according_to_government(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "According to the French government")
    assert claim.attributed_to == "the French government"
    assert claim.hedges == ("possible",)
    assert claim.likelihood is None
    assert not claim.anonymous


def test_reference_anonymous_ministry_source(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "A source in the Ukrainian Defense Ministry suggested")
    assert claim.attributed_to == "A source in the Ukrainian Defense Ministry"
    assert claim.anonymous
    assert claim.hedges == ("suggested",)
    assert claim.likelihood is None


def test_reference_journalist_requested_anonymity(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "who requested anonymity")
    assert claim.attributed_to == "a Bulgarian investigative journalist"
    assert claim.anonymous


def test_reference_outlet_through_anonymous_sources(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "Politico, through sources in French intelligence, also revealed")
    assert claim.attributed_to == "Politico"
    assert claim.anonymous  # the outlet relays sources the reader cannot check
    assert claim.footnotes == (18,)


def test_reference_as_articulated_by(by_start: dict[str, Claim]) -> None:
    claim = find(by_start, "As articulated by the Russian Ministry of Foreign Affairs")
    assert claim.attributed_to == "the Russian Ministry of Foreign Affairs"
    assert claim.footnotes == (2,)
    assert not claim.anonymous


def test_reference_footnote_15(reference_claims: list[Claim], shared_data: Path) -> None:
    (claim,) = [claim for claim in reference_claims if 15 in claim.footnotes]
    assert claim.footnotes == (15,)
    assert "toward full liquidation of colonialism" in claim.text
    both = [claim for claim in reference_claims if len(claim.footnotes) > 1]
    assert [claim.footnotes for claim in both] == [(3, 4)]


def test_reference_subjects_behind_clauses(by_start: dict[str, Claim]) -> None:
    expected = {
        "Slovak MP Juraj Krupa noted": "Slovak MP Juraj Krupa",
        "Gérald Darmanin openly revealed": "The French Interior Minister Gérald Darmanin",
        "Boasting of Azerbaijan’s involvement": "policy influencer Farhad Mammadov",
        "Gregory Karasin, the chair": "Gregory Karasin",
        "sarcastically remarked": "the spokesperson for Russia’s Foreign Ministry",
        "Ilham Aliyev, reciprocating": "Azerbaijani leader Ilham Aliyev",
        "An anonymous source within Russia’s Foreign Ministry": (
            "An anonymous source within Russia’s Foreign Ministry"
        ),
    }
    for beginning, source in expected.items():
        assert find(by_start, beginning).attributed_to == source, beginning
    diplomat = find(by_start, "A former diplomat from the Embassy of France")
    assert diplomat.attributed_to == "A former diplomat from the Embassy of France in Ukraine"
    assert diplomat.anonymous
    assert diplomat.likelihood == "likely"
    assert diplomat.hedges == ("suggested", "likely")


def test_reference_quotation_continuations_inherit(by_start: dict[str, Claim]) -> None:
    assert find(by_start, "I regret that some").attributed_to == "The minister"
    assert find(by_start, "This is not only Azerbaijan’s reaction").attributed_to == "Mammadov"
    # The spokesperson's quote is never closed: the next sentence is the author's again.
    assert find(by_start, "recently announced Moscow’s plans").attributed_to == "Gregory Karasin"


def test_reference_unattributed_analysis(by_start: dict[str, Claim]) -> None:
    for beginning in ("This suggests Azerbaijan’s involvement", "ISA’s analysis indicates"):
        claim = find(by_start, beginning)
        assert claim.attributed_to is None and not claim.anonymous, beginning
    # "May 7" is a date, not a hedge.
    assert find(by_start, "While visiting Baku on May 7").hedges == ()


def test_plain_sentence_has_nothing() -> None:
    claim = one("The sky is blue.")
    assert claim == Claim("The sky is blue.", 0, 16, (), None, None, False, ())


def test_questions_and_wordless_sentences_are_skipped() -> None:
    claims = claims_of("Is the sky blue?\n“Why would it be?”\n1.\nIt is.")
    assert [claim.text for claim in claims] == ["It is."]


@pytest.mark.parametrize(
    ("sentence", "likelihood", "hedge"),
    [
        (
            "There is almost no chance that the talks resume.",
            "almost no chance",
            "almost no chance",
        ),
        ("There is a remote chance of rain.", "almost no chance", "remote chance"),
        ("The deal is very unlikely to survive.", "very unlikely", "very unlikely"),
        ("A ceasefire is highly improbable.", "very unlikely", "highly improbable"),
        ("The deal is unlikely to survive.", "unlikely", "unlikely"),
        ("An attack is improbable this year.", "unlikely", "improbable"),
        ("Escalation is not likely before May.", "unlikely", "not likely"),
        (
            "There is a roughly even chance of a strike.",
            "roughly even chance",
            "roughly even chance",
        ),
        ("The odds are roughly even odds at best.", "roughly even chance", "roughly even odds"),
        ("The flights are likely military.", "likely", "likely"),
        ("The flights probably carried shells.", "likely", "probably"),
        ("A second shipment is probable.", "likely", "probable"),
        ("The shells are very likely Bulgarian.", "very likely", "very likely"),
        ("The shells are highly probable to arrive.", "very likely", "highly probable"),
        ("Baku almost certainly knew of the plan.", "almost certain", "almost certainly"),
        ("The outcome is nearly certain.", "almost certain", "nearly certain"),
    ],
)
def test_icd203_words(sentence: str, likelihood: str, hedge: str) -> None:
    claim = one(sentence)
    assert claim.likelihood == likelihood
    assert claim.hedges == (hedge,)
    assert likelihood in [word for word, _, _ in ICD203]


@pytest.mark.parametrize(
    ("sentence", "hedges"),
    [
        ("Moscow may retaliate.", ("may",)),
        ("Moscow might retaliate.", ("might",)),
        ("Moscow could retaliate.", ("could",)),
        ("A strike is possible.", ("possible",)),
        ("The convoy appears to be Azerbaijani.", ("appears to be",)),
        ("The convoy seems to have left.", ("seems to have",)),
        ("The data indicate nothing; the data indicates flights.", ("indicates",)),
        ("The minister reportedly resigned.", ("reportedly",)),
    ],
)
def test_possibility_is_a_hedge_without_likelihood(sentence: str, hedges: tuple[str, ...]) -> None:
    claim = one(sentence)
    assert claim.hedges == hedges
    assert claim.likelihood is None


def test_first_estimative_word_gives_likelihood() -> None:
    claim = one("Baku may respond, and will likely escalate, though a truce is unlikely.")
    assert claim.hedges == ("may", "likely", "unlikely")
    assert claim.likelihood == "likely"


def test_icd203_scale_is_ordered() -> None:
    assert [word for word, _, _ in ICD203] == [
        "almost no chance",
        "very unlikely",
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
    ]
    for (_, low, high), (_, next_low, _) in pairwise(ICD203):
        assert low < high == next_low


@pytest.mark.parametrize(
    ("sentence", "source", "anonymous"),
    [
        ("According to Reuters, the plant closed.", "Reuters", False),
        ("The plant closed, according to the ministry.", "the ministry", False),
        ("In the minister's words, the plant closed.", "the minister", False),
        ("The ministry said that the plant closed.", "The ministry", False),
        ("The ministry has also warned that the plant closed.", "The ministry", False),
        ("Reuters: “The plant closed.”", "Reuters", False),
        (
            "Sources within the ministry claimed the plant closed.",
            "Sources within the ministry",
            True,
        ),
        ("An official, speaking on condition of anonymity, said it closed.", "An official", True),
        ("According to a report by Reuters, the plant closed.", "a report by Reuters", False),
        ("According to an unnamed official, the plant closed.", "an unnamed official", True),
    ],
)
def test_attribution_patterns(sentence: str, source: str, anonymous: bool) -> None:
    claim = one(sentence)
    assert claim.attributed_to == source
    assert claim.anonymous is anonymous


@pytest.mark.parametrize(
    "sentence",
    [
        "The plant was reported closed.",
        "This suggests the plant closed.",
        "It is said that the plant closed.",
        "The family said nothing about it, which surprised many who noted it.",
    ],
)
def test_no_false_attribution(sentence: str) -> None:
    claim = one(sentence)
    if sentence.startswith("The family"):
        assert claim.attributed_to == "The family"
    else:
        assert claim.attributed_to is None


def test_footnotes_attach_by_overlap() -> None:
    text = "First claim.\nSecond claim."
    notes = [{"number": 7, "start": 13, "end": 26}, {"number": 3, "start": 13, "end": 26}]
    first, second = claims_of(text, notes)
    assert first.footnotes == ()
    assert second.footnotes == (3, 7)


def test_unnamed_groups_and_on_record_spokespeople() -> None:
    assert is_anonymous("Analysts said the deliveries slowed.", "Analysts")
    assert is_anonymous("Some Western diplomats said so.", "Some Western diplomats")
    assert is_anonymous("A researcher, who asked not to be named, said so.", "A researcher")
    assert not is_anonymous(
        "A spokesperson for the ministry said so.", "A spokesperson for the ministry"
    )
    assert not is_anonymous("Slovak MP Juraj Krupa noted it.", "Slovak MP Juraj Krupa")
