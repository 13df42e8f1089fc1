from hybridwatch.documents.sentences import containing, split


def texts(text: str, skip: set[int] | None = None) -> list[str]:
    return [text[s.start : s.end] for s in split(text, skip)]


def test_abbreviations_quotes_and_brackets() -> None:
    text = "The U.S. Navy sailed. He said “no.” Then (it rained.) Mr. Smith left! Did he? Yes."
    assert texts(text) == [
        "The U.S. Navy sailed.",
        "He said “no.”",
        "Then (it rained.)",
        "Mr. Smith left!",
        "Did he?",
        "Yes.",
    ]


def test_paragraphs_end_sentences_and_headings_are_skipped() -> None:
    text = "First part without a stop\n\nA Heading\n\nSecond paragraph. 2022 was the year."
    assert texts(text, {text.index("A Heading")}) == [
        "First part without a stop",
        "Second paragraph.",
        "2022 was the year.",
    ]


def test_containing_takes_the_sentence_a_marker_follows() -> None:
    text = "One. Two. Three."
    spans = split(text)
    assert containing(spans, text.index(" Two")) == spans[0]
    assert containing(spans, len(text)) == spans[2]
    assert split("") == []
