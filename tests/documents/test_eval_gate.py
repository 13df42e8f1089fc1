"""Evaluation gate: extraction scored per field against hand-made annotations.

Like trafilatura's evaluation: a small reference set in `tests/documents/eval/` (documents written
for hybridwatch plus, where the real data folder is present, one real article read in place),
each with a `<name>.expected.json` written by hand. Every field is scored as precision and recall,
per document and micro-averaged over the set; the build fails when a set score falls below its
threshold. Run with `-s` to print the per-field table. See docs/documents-eval.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hybridwatch.documents.extract import extract_file

EVAL = Path(__file__).parent / "eval"
LOCAL_DOCUMENTS = (
    "scraped-page",
    "page-with-scripts",
    "news-wire",
    "official-statement",
    "foreign-page",
    "policy-brief",
)
REFERENCE = "abrahamyan-2024"
REFERENCE_PATH = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"

# Minimum (precision, recall) per field over the set. Each is what the extractor scored when
# the gate was written, less 0.05, rounded down to the hundredth: a regression of more than
# about 5 points fails the build. Raise them when the extractor improves; never lower them to
# make a failing build pass without saying why in docs/documents-eval.md.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "metadata": (0.82, 0.68),  # measured 0.88/0.74
    "footnotes": (0.95, 0.95),  # 1.00/1.00
    "headings": (0.70, 0.70),  # 0.75/0.75
    "entities": (0.74, 0.74),  # 0.80/0.80
    "events": (0.95, 0.90),  # 1.00/0.95
    "quantities": (0.70, 0.78),  # 0.75/0.83
    "claims_found": (0.95, 0.95),  # 1.00/1.00
    "likelihood": (0.95, 0.95),  # 1.00/1.00
    "attribution": (0.83, 0.63),  # 0.88/0.68
    "anonymous": (0.95, 0.51),  # 1.00/0.56 (0.75/0.33 before unnamed groups were recognised)
    "chrome_removed": (0.95, 0.92),  # recall = share of chrome phrases gone: 0.97
    "repairs": (0.95, 0.95),  # recall = share of repaired phrases present: 1.00
}

# The same for the real reference article (scored only where ../shared/data is present).
REFERENCE_THRESHOLDS: dict[str, tuple[float, float]] = {
    "metadata": (0.95, 0.95),  # measured 1.00/1.00
    "footnotes": (0.95, 0.95),  # 1.00/1.00
    "headings": (0.95, 0.95),  # 1.00/1.00
    "entities": (0.83, 0.90),  # 0.88/0.95
    "events": (0.95, 0.88),  # 1.00/0.93
    "quantities": (0.95, 0.95),  # 1.00/1.00
    "claims_found": (0.95, 0.95),  # 1.00/1.00
    "likelihood": (0.95, 0.95),  # 1.00/1.00
    "attribution": (0.95, 0.95),  # 1.00/1.00
    "anonymous": (0.95, 0.95),  # 1.00/1.00
    "chrome_removed": (0.95, 0.95),  # 1.00
    "repairs": (0.95, 0.95),  # 1.00
}

FIELDS = (
    "metadata",
    "footnotes",
    "headings",
    "entities",
    "events",
    "quantities",
    "claims_found",
    "likelihood",
    "attribution",
    "anonymous",
    "chrome_removed",
    "repairs",
)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def empty(self) -> bool:
        return not (self.tp or self.fp or self.fn)


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def _sets(expected: set[Any], got: set[Any]) -> Score:
    return Score(len(expected & got), len(got - expected), len(expected - got))


def score_metadata(expected: dict[str, Any], got: dict[str, Any]) -> Score:
    score = Score()
    for key in ("title", "author", "site", "published", "language"):
        if key not in expected:
            continue
        wanted = expected[key]
        accepted = {_norm(w) for w in (wanted if isinstance(wanted, list) else [wanted]) if w}
        value = _norm(got[key]) if got[key] else None
        if value is not None and value in accepted:
            score.tp += 1
            continue
        if value is not None:
            score.fp += 1
        if accepted:
            score.fn += 1
    return score


def score_entities(expected: list[list[str]], got: list[dict[str, Any]]) -> Score:
    def forms(entity: dict[str, Any]) -> set[str]:
        return {_norm(entity["name"]), *(_norm(a) for a in entity.get("aliases", []))}

    score = Score()
    matched: set[int] = set()
    for name, kind in expected:
        hits = [i for i, e in enumerate(got) if e["type"] == kind and _norm(name) in forms(e)]
        if hits:
            score.tp += 1
            matched.update(hits)
        else:
            score.fn += 1
    score.fp = len(got) - len(matched)
    return score


def score_quantities(expected: list[list[Any]], got: list[dict[str, Any]]) -> Score:
    score = Score()
    free = list(range(len(got)))
    for value, item in expected:
        hit = next(
            (
                i
                for i in free
                if abs(got[i]["value"] - value) < 1e-6
                and (item is None or _norm(item) in _norm(got[i]["item"] or ""))
            ),
            None,
        )
        if hit is None:
            score.fn += 1
        else:
            score.tp += 1
            free.remove(hit)
    score.fp = len(free)
    return score


def score_claims(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> dict[str, Score]:
    scores = {k: Score() for k in ("claims_found", "likelihood", "attribution", "anonymous")}
    for wanted in expected:
        claim = next((c for c in got if _norm(wanted["contains"]) in _norm(c["text"])), None)
        if claim is None:
            scores["claims_found"].fn += 1
            scores["likelihood"].fn += wanted["likelihood"] is not None
            scores["attribution"].fn += wanted["attributed_to"] is not None
            scores["anonymous"].fn += bool(wanted["anonymous"])
            continue
        scores["claims_found"].tp += 1
        # likelihood: exact ICD 203 word; null is the negative class
        _attribute(scores["likelihood"], wanted["likelihood"], claim["likelihood"], str.__eq__)
        # attribution: the annotated source must be a substring of the extracted one
        _attribute(
            scores["attribution"],
            wanted["attributed_to"],
            claim["attributed_to"],
            lambda w, g: _norm(w) in _norm(g),
        )
        _attribute(
            scores["anonymous"],
            True if wanted["anonymous"] else None,
            True if claim["anonymous"] else None,
            lambda w, g: True,
        )
    return scores


def _attribute(score: Score, wanted: Any, got: Any, same: Any) -> None:
    correct = wanted is not None and got is not None and same(wanted, got)
    if correct:
        score.tp += 1
        return
    if got is not None:
        score.fp += 1
    if wanted is not None:
        score.fn += 1


def score_document(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, Score]:
    scores = {field: Score() for field in FIELDS}
    scores["metadata"] = score_metadata(expected, got)
    scores["footnotes"] = _sets(set(expected["footnotes"]), {f["number"] for f in got["footnotes"]})
    scores["headings"] = _sets(
        {_norm(h) for h in expected["headings"]}, {_norm(s["heading"]) for s in got["sections"]}
    )
    if expected.get("entities") is not None:
        scores["entities"] = score_entities(expected["entities"], got["entities"])
    if expected.get("events") is not None:
        scores["events"] = _sets(
            {tuple(e) for e in expected["events"]},
            {(e["date"], e["precision"]) for e in got["events"]},
        )
    if expected.get("quantities") is not None:
        scores["quantities"] = score_quantities(expected["quantities"], got["quantities"])
    if expected.get("claims") is not None:
        scores.update(score_claims(expected["claims"], got["claims"]))
    text = " ".join(got["text"].split())
    absent = sum(phrase not in text for phrase in expected.get("chrome", []))
    scores["chrome_removed"] = Score(absent, 0, len(expected.get("chrome", [])) - absent)
    present = sum(phrase in text for phrase in expected.get("repairs", []))
    scores["repairs"] = Score(present, 0, len(expected.get("repairs", [])) - present)
    return scores


def load(name: str) -> dict[str, Any]:
    return json.loads((EVAL / f"{name}.expected.json").read_text(encoding="utf-8"))


def evaluate(documents: dict[str, Path]) -> tuple[dict[str, dict[str, Score]], dict[str, Score]]:
    per_document = {
        name: score_document(load(name), extract_file(path).as_json())
        for name, path in documents.items()
    }
    total = {field: Score() for field in FIELDS}
    for scores in per_document.values():
        for field, score in scores.items():
            total[field] += score
    return per_document, total


def _cell(score: Score) -> str:
    return "   -   " if score.empty else f"{score.precision:.2f}/{score.recall:.2f}"


def print_table(per_document: dict[str, dict[str, Score]], total: dict[str, Score]) -> None:
    names = list(per_document)
    header = f"{'field (P/R)':<15}" + "".join(f"{n[:18]:>20}" for n in names) + f"{'SET':>12}"
    print("\n" + header)
    print("-" * len(header))
    for field in FIELDS:
        row = f"{field:<15}" + "".join(f"{_cell(per_document[n][field]):>20}" for n in names)
        print(
            row + f"{_cell(total[field]):>12}  (tp {total[field].tp}, "
            f"fp {total[field].fp}, fn {total[field].fn})"
        )


def check(total: dict[str, Score], thresholds: dict[str, tuple[float, float]]) -> list[str]:
    failures = []
    for field, (min_precision, min_recall) in thresholds.items():
        score = total[field]
        if score.precision < min_precision or score.recall < min_recall:
            failures.append(
                f"{field}: precision {score.precision:.2f} (min {min_precision:.2f}),"
                f" recall {score.recall:.2f} (min {min_recall:.2f})"
            )
    return failures


def _document_path(name: str) -> Path:
    return next(p for p in EVAL.iterdir() if p.stem == name and ".expected" not in p.name)


def _annotated_source(name: str) -> Path:
    """The file an annotation was written from: the document, or a PDF's HTML source."""
    path = _document_path(name)
    return EVAL / f"{name}.source.html" if path.suffix == ".pdf" else path


def test_annotations_are_well_formed() -> None:
    for name in LOCAL_DOCUMENTS:
        expected = load(name)
        raw = " ".join(_annotated_source(name).read_text(encoding="utf-8").split())
        assert expected["document"] == _document_path(name).name
        for claim in expected.get("claims") or []:
            assert " ".join(claim["contains"].split()) in raw, (name, claim["contains"])
        for phrase in expected.get("chrome", []):
            assert phrase in raw, (name, phrase)


def test_eval_set_meets_thresholds() -> None:
    per_document, total = evaluate({name: _document_path(name) for name in LOCAL_DOCUMENTS})
    print_table(per_document, total)
    failures = check(total, THRESHOLDS)
    assert not failures, "extraction quality dropped:\n" + "\n".join(failures)


def test_reference_article_meets_thresholds(shared_data: Path) -> None:
    path = shared_data / REFERENCE_PATH
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    per_document, total = evaluate({REFERENCE: path})
    print_table(per_document, total)
    failures = check(total, REFERENCE_THRESHOLDS)
    assert not failures, "extraction quality dropped on the reference article:\n" + "\n".join(
        failures
    )


def test_unsupported_language_warns_and_still_splits_sentences() -> None:
    expected = load("foreign-page")
    got = extract_file(_document_path("foreign-page")).as_json()
    assert got["language"] == expected["language"]
    for wanted in expected["warnings"]:
        assert any(wanted in warning for warning in got["warnings"]), got["warnings"]
    count = len(got["sentences"])
    assert abs(count - expected["sentence_count"]) <= 2, count
