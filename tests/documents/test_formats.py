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
