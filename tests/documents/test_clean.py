"""Cleaning scraped article text: chrome, headings, line-wrap repairs and footnote markers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hybridwatch.documents.clean import Cleaned, clean_text

REFERENCE = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"


@pytest.fixture
def reference(shared_data: Path) -> Cleaned:
    return clean_text((shared_data / REFERENCE).read_text(encoding="utf-8"))


def before(cleaned: Cleaned, number: int, width: int = 80) -> str:
    [note] = [f for f in cleaned.footnotes if f.number == number]
    return cleaned.text[max(0, note.at - width) : note.at]


# --- the reference article ----------------------------------------------------------------------


def test_reference_chrome_is_gone(reference: Cleaned) -> None:
    text = reference.text
    for phrase in (
        "KAFKASSAM",
        "Anasayfa",
        "Gündem",
        "»",
        "Kafkassam Editör",
        "okuma süresi",
        "17 dk",
        "18 0",
        "İlgili Yazılar",
        "Bir cevap yazın",
        "E-posta hesabınız",
        "Gerekli alanlar",
        "Eduard Abrahamyan",
        "Undermines Ukraine’s War Effort",
    ):
        assert phrase not in text, phrase
    assert text.startswith("The civilizational and geopolitical alliance")
    assert text.endswith("its growing threat to Western interests.")
    assert "  1. Anasayfa" in reference.removed
    assert "18 0" in reference.removed
    assert reference.removed[-1].startswith("E-posta hesabınız yayımlanmayacak.")


def test_reference_title_author_site(reference: Cleaned) -> None:
    assert reference.title == (
        "From Central Europe to the Indo-Pacific: Azerbaijan Undermines Ukraine’s War Effort"
    )
    assert reference.author == "Eduard Abrahamyan"
    assert reference.site == "KAFKASSAM – Kafkasya Stratejik Araştırmalar Merkezi"


def test_reference_headings_are_own_paragraphs(reference: Cleaned) -> None:
    expected = [
        "Bulgaria-Azerbaijan Defense Partnership",
        "Tapping Slovakia: Diversion of Arms to Ukraine",
        "Azerbaijan and Russia Collaborate in the Indo-Pacific",
        "conclusion and recommendations",
    ]
    assert [h.text for h in reference.headings] == expected
    paragraphs = reference.text.split("\n\n")
    for heading in reference.headings:
        assert reference.text[heading.start : heading.start + len(heading.text)] == heading.text
        assert heading.text in paragraphs
    # Lines are joined inside paragraphs; "10 In this" is not a heading nor a line of its own.
    assert "\n" not in paragraphs[0]
    assert "since 1989. In this context, Fico’s joint statement" in reference.text


def test_reference_line_wrap_damage_is_repaired(reference: Cleaned) -> None:
    text = reference.text
    for damaged, repaired in [
        ("midMarch", "mid-March"),
        ("mid- February", "mid-February"),
        ("AzeriRussian", "Azeri-Russian"),
        ("AzerbaijaniRussian", "Azerbaijani-Russian"),
        ("antiFrench", "anti-French"),
        ("NonAligned", "Non-Aligned"),
        ("neocolonialism", "neo-colonialism"),
    ]:
        assert damaged not in text, damaged
        assert repaired in text, repaired
        assert any(r.startswith(damaged) and r.endswith(repaired) for r in reference.repairs)
    assert text.count("Azeri-Russian") == 2
    assert "  " not in text
    # Cut sentences (lost notes 7 and 20) are left as they are, nothing invented.
    assert "reached Ukraine within the given time\n\nAlthough these disruptions" in text
    assert "on the global stage in recent\n\nThe Azerbaijan-Russian" in text


def test_reference_footnotes(reference: Cleaned) -> None:
    numbers = [f.number for f in reference.footnotes]
    assert numbers == [*range(1, 7), *range(8, 20), 21, 22]
    assert [f.at for f in reference.footnotes] == sorted(f.at for f in reference.footnotes)
    # The brief said "after February 22, 2022." — the text reads "February 22, 2022, two days
    # prior to Russia’s invasion of Ukraine.1", so the note follows that sentence.
    assert before(reference, 1).endswith("two days prior to Russia’s invasion of Ukraine.")
    assert before(reference, 2).endswith("a reliable ally of Russia.”")
    assert before(reference, 3).endswith("in a wider geography”")
    assert before(reference, 6).endswith("operating transit infrastructure).")
    assert before(reference, 8).endswith("in March-April 2024.")
    assert before(reference, 9).endswith("joint Azeri-Slovak military production.)")
    assert before(reference, 10).endswith("artillery systems since 1989.")
    assert before(reference, 11).endswith("we have a very similar position.”")
    assert before(reference, 15).endswith("toward full liquidation of colonialism.”")
    assert before(reference, 17).endswith("have made a deal with Azerbaijan.”")
    assert before(reference, 18).endswith("France as a colonialist state.”")
    assert before(reference, 21).endswith("Azeri-Russian operation in New Caledonia.")
    assert before(reference, 22).endswith("vowing to retaliate by targeting French personnel.")
    for marker in ("2022.1", "Russia.”2", "geography”3", ").6", "2024.8", ")9", "”11", "”1 5"):
        assert marker not in reference.text, marker
    for marker in (".” 17", "”1 8", "²¹", "²²", "\n10 "):
        assert marker not in reference.text, marker


def test_reference_real_numbers_stay(reference: Cleaned) -> None:
    for number in (
        "122-mm",
        "155mm/L45",
        "30 percent",
        "over 70 units",
        "16 Zuzana 2 howitzers",
        "2016-2017",
        "since 1989",
        "around 14 ethno-political",
        "February 22, 2022,",
        "October 2023",
        "Flightradar24",
        "Il-76MD",
        "May 16, protests",
    ):
        assert number in reference.text, number


# --- small texts of our own ---------------------------------------------------------------------

ENGLISH = """The Harbour Review
Home » Analysis » Ports
Why Small Ports Matter in the Baltic
By Jane Doe
Jane Doe - 5 min read
Share

Small ports along the Baltic coast have become a quiet focus of attention for navies and
customs services alike. Their shallow basins and short quays suit the coasters that carry
fertiliser, timber and, now and then, cargo that nobody wants to declare.1 Officials in two
countries told reporters that inspections had doubled since 2022.2

Shadow Fleet Patterns

Tankers of the so-called shadow fleet loiter outside these ports for days, waiting for a
berth, then leave at night with their transponders off.3 Analysts counted 41 such calls in
the first quarter, a rise of 30 percent.

Share
Leave a reply
Related posts
Why Riga Matters
"""

FRENCH = """Le Journal de Test
Accueil » International » Europe
Pourquoi les petits ports comptent
Par Marie Dupont
5 min de lecture

Les petits ports de la Baltique sont devenus un sujet discret pour les marines et les douanes.
Leurs bassins peu profonds conviennent aux caboteurs qui transportent des engrais et du bois,
et parfois une cargaison que personne ne veut déclarer.1 Selon deux responsables, les
contrôles ont doublé depuis 2022.2

Partager
Laisser un commentaire
Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *
"""


def test_english_page() -> None:
    cleaned = clean_text(ENGLISH)
    assert cleaned.site == "The Harbour Review"
    assert cleaned.title == "Why Small Ports Matter in the Baltic"
    assert cleaned.author == "Jane Doe"
    for phrase in ("min read", "Share", "Leave a reply", "Related posts", "Riga", "Home »"):
        assert phrase not in cleaned.text, phrase
    assert cleaned.text.startswith("Small ports along the Baltic coast")
    assert cleaned.text.endswith("a rise of 30 percent.")
    assert [h.text for h in cleaned.headings] == ["Shadow Fleet Patterns"]
    assert [f.number for f in cleaned.footnotes] == [1, 2, 3]
    assert before(cleaned, 2).endswith("inspections had doubled since 2022.")
    assert "41 such calls" in cleaned.text
    assert "Share" in cleaned.removed and "Leave a reply" in cleaned.removed
    assert "\n" not in cleaned.text.split("\n\n")[0]


def test_french_page() -> None:
    cleaned = clean_text(FRENCH)
    assert cleaned.site == "Le Journal de Test"
    assert cleaned.title == "Pourquoi les petits ports comptent"
    assert cleaned.author == "Marie Dupont"
    for phrase in ("de lecture", "Partager", "Laisser un commentaire", "adresse e-mail", "Accueil"):
        assert phrase not in cleaned.text, phrase
    assert [f.number for f in cleaned.footnotes] == [1, 2]
    assert before(cleaned, 1).endswith("que personne ne veut déclarer.")
    assert cleaned.text.endswith("les contrôles ont doublé depuis 2022.")


def test_superscript_markers() -> None:
    text = (
        "The ministry confirmed the deliveries.¹ Two further flights followed in May,² and a third "
        "in June.³ The hangar covers 400 m² of floor space and was built in 2019."
    )
    cleaned = clean_text(text)
    assert [f.number for f in cleaned.footnotes] == [1, 2, 3]
    assert before(cleaned, 1).endswith("confirmed the deliveries.")
    assert before(cleaned, 2).endswith("followed in May,")
    assert "400 m² of floor space" in cleaned.text
    assert "¹" not in cleaned.text and "³" not in cleaned.text
    assert "  " not in cleaned.text


def test_camel_case_names_stay() -> None:
    text = (
        "McDonald met DeSantis after a YouTube video went viral. You could watch it on an iPhone "
        "or a MacBook, and a PhD student shared it on LinkedIn. Donald said the tube was closed, "
        "and the book was in Santis."
    )
    cleaned = clean_text(text)
    assert cleaned.text == text
    assert cleaned.repairs == []
    assert cleaned.footnotes == []


def test_out_of_sequence_numbers_are_not_footnotes() -> None:
    text = (
        "The battalion received the guns in 2021.1 It later sent 12 of them south. The regiment "
        "moved in 2023.2 By then it had 45 tanks.45 Analysts say the figure is doubtful.3"
    )
    cleaned = clean_text(text)
    assert [f.number for f in cleaned.footnotes] == [1, 2, 3]
    assert "45 tanks.45 Analysts" in cleaned.text
    assert "sent 12 of them" in cleaned.text


def test_empty_and_blank() -> None:
    for raw in ("", "\n\n  \n"):
        cleaned = clean_text(raw)
        assert cleaned.text == ""
        assert (cleaned.title, cleaned.author, cleaned.site) == (None, None, None)
        assert cleaned.headings == [] and cleaned.footnotes == [] and cleaned.removed == []


def test_two_megabytes_run_fast() -> None:
    body = ENGLISH.split("Share\n\n", 1)[1].split("\nShare\n", 1)[0]
    raw = ENGLISH.split("Share\n\n", 1)[0] + "Share\n\n"
    raw += (body + "\n") * (2_000_000 // len(body) + 1)
    assert len(raw) >= 2_000_000
    started = time.perf_counter()
    cleaned = clean_text(raw)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.2, f"{elapsed:.2f} s for {len(raw) / 1e6:.1f} MB"
    assert cleaned.text.startswith("Small ports along the Baltic coast")
    assert len(cleaned.text) > 1_800_000


def test_web_paragraphs_one_per_line_with_short_closing_paragraph() -> None:
    raw = (
        "News Site\nHome > World\nA Title Here For Tests\nBy John Smith\n\n"
        "First paragraph is a whole line of prose with a glued note at the end of it.1 It goes "
        "on for a while and then stops here.\n\n"
        "Second paragraph has a 2019 date and another note.2 It has enough words to count.\n"
        "A second line that is its own paragraph in this unwrapped page.\n\n"
        "Background\n\nThird paragraph, short.3\n\nShare\n"
    )
    cleaned = clean_text(raw)
    assert (cleaned.title, cleaned.author, cleaned.site) == (
        "A Title Here For Tests",
        "John Smith",
        "News Site",
    )
    paragraphs = cleaned.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[-2:] == ["Background", "Third paragraph, short."]
    assert [h.text for h in cleaned.headings] == ["Background"]
    assert [f.number for f in cleaned.footnotes] == [1, 2, 3]
    assert cleaned.footnotes[-1].at == len(cleaned.text)
    assert "2019 date" in cleaned.text
    assert cleaned.removed[-1] == "Share"
