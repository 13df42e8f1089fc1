"""Format conversion: what each input format contributes before cleanup."""

from __future__ import annotations

from hybridwatch.documents.extract import extract_text
from hybridwatch.documents.formats import from_markdown

NOTED = """# Airlift over the Black Sea

The Il-76MD fleet flew six round trips between Burgas and Baku.[^1] Officials in Sofia denied
any transfer[^2] in a statement on 12 March 2024.

[^1]: Flight tracks seen on Flightradar24,
    February and March 2024.
[^2]: Bulgarian Ministry of Defence, press release.
"""


def test_markdown_footnote_definitions_leave_the_text_and_keep_their_notes() -> None:
    converted = from_markdown(NOTED)
    assert "[^" not in converted.text
    assert "Flightradar24" not in converted.text
    assert converted.notes == {
        1: "Flight tracks seen on Flightradar24, February and March 2024.",
        2: "Bulgarian Ministry of Defence, press release.",
    }


def test_markdown_footnote_references_attach_to_their_sentences() -> None:
    extraction = extract_text(NOTED, ".md")
    notes = {f["number"]: f for f in extraction.footnotes}
    assert sorted(notes) == [1, 2]
    first = extraction.text[notes[1]["start"] : notes[1]["end"]]
    assert first.startswith("The Il-76MD fleet flew six round trips")
    assert notes[1]["note"].startswith("Flight tracks seen")
    second = extraction.text[notes[2]["start"] : notes[2]["end"]]
    assert "denied any transfer in a statement" in second


def test_markdown_soft_line_breaks_join_a_paragraph_and_keep_lists_apart() -> None:
    # Short one-line paragraphs around a wrapped sentence: the cleanup alone would take the
    # wrap for a paragraph break and cut the sentence in two.
    text = """# Note

Published 10 June 2024.

Six round flights linked Burgas and Baku by the Air Force's
Il-76MD from mid-February to mid-March 2024.

- first item
- second item
  wrapped
"""
    extraction = extract_text(text, ".md")
    spans = [extraction.text[s["start"] : s["end"]] for s in extraction.sentences]
    wrapped = [s for s in spans if "Six round flights" in s]
    assert len(wrapped) == 1 and wrapped[0].endswith("Il-76MD from mid-February to mid-March 2024.")
    assert "first item\n\nsecond item wrapped" in extraction.text


BODY = (
    "The fleet flew six round trips between Burgas and Baku. It did so in February.\n\n"
    "Another paragraph of the body follows here with more words.\n"
)


def test_a_date_alone_under_the_title_is_the_publication_date_and_the_heading_not_a_site() -> None:
    extraction = extract_text(
        f"# Shells from Burgas\n\nBy Anna Analyst\n\n10 June 2024\n\n{BODY}", ".md"
    )
    assert (extraction.title, extraction.author) == ("Shells from Burgas", "Anna Analyst")
    assert extraction.published == "2024-06-10"
    assert extraction.site is None
    labelled = extract_text(f"# T\n\nPublished: 2024-05-02\n\n{BODY}", ".md")
    assert labelled.published == "2024-05-02"
    # a dated sentence is not a publication date
    assert extract_text(f"# T\n\nOn 2 May 2024 it rained.\n\n{BODY}", ".md").published is None
