"""PDF input: furniture and footnotes off the body, markers kept, notes recovered, damage refused.

Two kinds of PDF: the evaluation gate's policy brief (`eval/policy-brief.pdf`, rendered by
WeasyPrint: notes at page bottoms, running header and footer, page numbers, hyphenation with
U+2010) and small PDFs written here byte by byte in Helvetica (superscripts by text rise,
hyphenation with the same "-" as the document's own hyphenated words), so the converter is not
tuned to one producer.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hybridwatch.case import Case
from hybridwatch.cli import app
from hybridwatch.documents import stored
from hybridwatch.documents.extract import Extraction, extract_file
from hybridwatch.documents.formats import Converted
from hybridwatch.documents.pdf import PDFError, from_pdf
from hybridwatch.errors import InputError
from hybridwatch.ingest import ingest

BRIEF = Path(__file__).parent / "eval" / "policy-brief.pdf"
# What the brief prints at its page edges and in its notes (read from the rendered PDF).
FURNITURE = ("Guns for the Caspian", "Policy Brief 14 · June 2024", "Meridian Security Forum")
NOTE_OPENINGS = (
    "Flight-tracking data compiled",
    "The author’s own count",
    "Interview by the author",
    "Contract summaries published",
    "Statement of the Slovak Ministry",
    "Marek Hudec, interview",
    "Ukrainian Ministry of Defence, quarterly",
    "Dnipro Defence Monitor, “Ammunition",
    "Letter of the Ukrainian ambassador",
    "The intermediary, registered in Prague",
)


@cache
def brief() -> Converted:
    return from_pdf(BRIEF.read_bytes())


@cache
def brief_extraction() -> Extraction:
    return extract_file(BRIEF)


# --- the evaluation brief -----------------------------------------------------------------------


def test_brief_metadata_comes_from_the_information_dictionary() -> None:
    converted = brief()
    assert converted.format == "pdf"
    assert converted.title == (
        "Guns for the Caspian: Central European Artillery and the Burgas–Baku Air Bridge"
    )
    assert converted.author == "Helena Varga"
    assert converted.published == "2024-06-12"
    assert not converted.text.startswith("Guns for the Caspian")  # the title is metadata


def test_brief_body_has_no_running_header_page_numbers_or_note_text() -> None:
    text = brief().text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines:
        assert line not in FURNITURE
        assert not re.fullmatch(r"\d{1,3}", line), line
        assert not line.startswith(NOTE_OPENINGS), line
    for furniture in FURNITURE:
        assert furniture not in text
    for opening in NOTE_OPENINGS:
        assert opening not in text
    assert "quarterly briefing" not in text and "has not answered" not in text


def test_brief_paragraphs_and_headings() -> None:
    paragraphs = brief().text.split("\n\n")
    for heading in ("Summary", "An Air Bridge Over the Black Sea", "What Kyiv Loses"):
        assert heading in paragraphs
    # Paragraphs run on across page breaks, past the notes at the page bottom.
    assert any(
        p.startswith("The air bridge did not appear")
        and "Excalibur Army,4 and in April it agreed to buy more than 70 self-propelled guns" in p
        for p in paragraphs
    )
    assert any(
        "complained to Sofia.9 It is likely that the shells came from" in p for p in paragraphs
    )
    assert all("\n" not in p for p in paragraphs)


def test_brief_markers_become_digits_glued_to_what_they_mark() -> None:
    text = brief().text
    for marked in ("trackers.1 The", "time.2 Such", "Kazanlak.3 The", "Army,4 and", "summer.6 The"):
        assert marked in text
    assert text.rstrip().endswith("a better-paying customer first.")
    assert "in 2023.10\n" in text  # a marker after a year: clean.py tells them apart


def test_brief_every_footnote_is_found_and_supports_its_sentence() -> None:
    result = brief_extraction()
    text = result.text
    numbers = [f["number"] for f in result.footnotes]
    assert numbers == list(range(1, 11))
    supported = {f["number"]: text[f["start"] : f["end"]] for f in result.footnotes}
    assert "out of sight of public flight trackers." in supported[1]
    assert "pallets of 155mm shells from a plant near Kazanlak." in supported[3]
    assert "16 DITA howitzers with Excalibur Army" in supported[4]  # marker mid-sentence
    assert "compiled by the Dnipro Defence Monitor." in supported[8]
    assert supported[10].endswith("by a Czech intermediary in 2023.")
    # Real numbers stay numbers, and no marker is left in the text.
    assert "155mm" in text and "only 30 percent" in text and "within 30 days" in text
    assert not re.search(r"[a-z.,]\d{1,2}\b(?! ?(?:percent|days|mm))", text.replace("76MD", ""))


def test_brief_note_texts_are_recovered_and_attached() -> None:
    notes = brief().notes
    assert sorted(notes) == list(range(1, 11))
    assert (
        notes[3]
        == "Interview by the author with a Bulgarian customs officer, Burgas, 22 March 2024."
    )
    assert notes[1].endswith("community ADS-B receivers, 12 February to 19 March 2024.")
    assert "the manufacturers did not reply" in notes[4]  # "manu‐facturers" at a line end
    assert notes[9].endswith("as described to the author by two diplomats.")
    for number, note in notes.items():
        assert not note.startswith(str(number)), note
    by_number = {f["number"]: f for f in brief_extraction().footnotes}
    assert (
        by_number[6]["note"] == "Marek Hudec, interview with the author, Bratislava, 3 June 2024."
    )
    assert all(f["note"] == notes[f["number"]] for f in by_number.values())


def test_ingested_brief_keeps_its_note_texts(case: Case) -> None:
    result = ingest(case, "documents", BRIEF)
    footnotes = stored.show(case, result.source_id)["footnotes"]
    assert sorted(f["number"] for f in footnotes) == list(range(1, 11))
    notes = brief().notes
    assert all(f["note"] == notes[f["number"]] for f in footnotes)


def test_brief_line_end_hyphenation_is_repaired_and_real_hyphens_kept() -> None:
    text = brief().text
    assert "‐" not in text and "\u00ad" not in text
    for word in ("Bulgaria", "governments", "airport of departure", "questions", "timing"):
        assert word in text
    assert not re.search(r"\b(?:Bul|govern|air|ques|tim|ra)- ?[a-z]", text)
    for word in ("Il-76MD", "mid-March", "self-propelled", "end-user", "better-paying", "ADS-B"):
        assert word in text + brief().notes[1]


def test_cli_extract_pdf_json_has_notes() -> None:
    result = CliRunner().invoke(app, ["extract", str(BRIEF), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"].startswith("Guns for the Caspian")
    assert [f["number"] for f in data["footnotes"]] == list(range(1, 11))
    assert all(f["note"] for f in data["footnotes"])
    assert data["warnings"] == []


# --- small PDFs written here ---------------------------------------------------------------------

Segment = tuple[float, float, str]  # font size, text rise, text
Run = tuple[float, float, list[Segment]]  # x, y (PDF points from the bottom), segments


def _pdf(pages: list[list[Run]], info: str = "", encrypt: str = "") -> bytes:
    """A minimal PDF in Helvetica (no embedded font): one content stream per page."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: dict[int, bytes] = {}
    kids = [4 + 2 * i for i in range(len(pages))]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = " ".join(f"{kid} 0 R" for kid in kids)
    objects[2] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    objects[3] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for kid, runs in zip(kids, pages, strict=True):
        ops = []
        for x, y, segments in runs:
            ops.append(f"BT {x} {y} Td")
            ops.extend(
                f"/F1 {size} Tf {rise} Ts ({escape(text)}) Tj" for size, rise, text in segments
            )
            ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects[kid] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {kid + 1} 0 R >>"
        ).encode()
        objects[kid + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream) + 1, stream)
    extra = ""
    if info:
        objects[len(objects) + 1] = info.encode()
        extra += f" /Info {len(objects)} 0 R"
    if encrypt:
        objects[len(objects) + 1] = encrypt.encode()
        extra += f" /Encrypt {len(objects)} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for number in sorted(objects):
        out += b"%010d 00000 n \n" % offsets[number]
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{extra} >>\n".encode()
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _line(y: float, *segments: Segment, x: float = 72) -> Run:
    return (x, y, list(segments))


def _body(y: float, text: str) -> Run:
    return _line(y, (10, 0, text))


def _page(number: int, body: list[Run], notes: list[Run]) -> list[Run]:
    header = _line(800, (8, 0, "Synthetic Report on Transit"))
    folio = _line(40, (8, 0, f"Page {number}"), x=290)
    return [header, *body, *notes, folio]


def _two_page_report() -> bytes:
    first = [
        _line(
            740, (10, 0, "The flights reached Baku."), (6, 4, "1"), (10, 0, " They carried ammu-")
        ),
        _body(726, "nition and spare parts for the Il-"),
        _body(712, "76MD fleet, and deliveries resumed in mid-"),
        _body(698, "March with twelve self-"),
        _body(684, "propelled guns on board. The self-propelled guns were new and their"),
        _body(670, "crews were trained in 2023."),
        _body(646, "A second paragraph runs to the next page, where it"),
    ]
    first_notes = [_line(90, (7, 0, "1 Customs records seen by the author, 3 March 2024."))]
    second = [_line(740, (10, 0, "ends with a second marker."), (6, 4, "2"))]
    second_notes = [
        _line(104, (7, 0, "2 Interview with a port official in Baku, who described the cargo as")),
        _line(95, (7, 0, "spare parts.")),
    ]
    return _pdf(
        [_page(1, first, first_notes), _page(2, second, second_notes)],
        info="<< /Title (Synthetic Report on Transit) /CreationDate (D:20240315120000Z) >>",
    )


def test_written_pdf_furniture_notes_markers_and_hyphens() -> None:
    converted = from_pdf(_two_page_report())
    assert converted.title == "Synthetic Report on Transit"
    assert converted.published == "2024-03-15"
    assert converted.author is None
    assert converted.text.split("\n\n") == [
        "The flights reached Baku.1 They carried ammunition and spare parts for the Il-76MD"
        " fleet, and deliveries resumed in mid-March with twelve self-propelled guns on board."
        " The self-propelled guns were new and their crews were trained in 2023.",
        "A second paragraph runs to the next page, where it ends with a second marker.2",
    ]
    assert converted.notes == {
        1: "Customs records seen by the author, 3 March 2024.",
        2: "Interview with a port official in Baku, who described the cargo as spare parts.",
    }


def test_written_pdf_footnotes_through_clean(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_two_page_report())
    result = extract_file(path)
    assert [(f["number"], f["note"][:9]) for f in result.footnotes] == [
        (1, "Customs r"),
        (2, "Interview"),
    ]
    assert result.text[result.footnotes[0]["start"] : result.footnotes[0]["end"]] == (
        "The flights reached Baku."
    )
    assert "2023" in result.text and "in 2023." in result.text


def test_pdf_without_text_layer_warns(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([[]], info="<< /Title (Scanned letter) >>"))
    result = extract_file(path)
    assert result.text == ""
    assert result.title == "Scanned letter"
    assert "no text layer (scanned PDF?)" in result.warnings


def test_truncated_pdf_is_a_one_line_input_error(tmp_path: Path) -> None:
    data = BRIEF.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as caught:
        extract_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "truncated PDF" in message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nnot a PDF at all\n%%EOF\n",
        BRIEF.read_bytes()[:9000] + b"\n%%EOF\n",
        BRIEF.read_bytes().replace(b"xref", b"xxxx"),
    ],
    ids=["garbage", "cut-with-eof", "no-xref"],
)
def test_damaged_pdf_is_a_one_line_error(data: bytes) -> None:
    with pytest.raises(PDFError) as caught:
        from_pdf(data)
    message = str(caught.value)
    assert message.startswith(("damaged PDF", "truncated PDF")) and "\n" not in message


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    encrypt = f"<< /Filter /Standard /V 1 /R 2 /P -4 /O <{'11' * 32}> /U <{'22' * 32}> >>"
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf([[_body(700, "Secret.")]], encrypt=encrypt))
    with pytest.raises(InputError, match="encrypted PDF: a password is needed"):
        extract_file(path)


def test_text_documents_still_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("%PDF is mentioned here but this is a text file about PDFs.\n", "utf-8")
    assert extract_file(path).text.startswith("%PDF is mentioned")
