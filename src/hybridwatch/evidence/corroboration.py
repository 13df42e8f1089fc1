"""Corroboration across sources: a likelihood and confidence for each finding, and the Admiralty
credibility each source's content earns from the claims checks.

A finding's own sources are those of its evidence rows; a document whose claim the finding
supports is one more, independent source. The sources' grades give the confidence, their number
the corroboration (`wording.estimate`). Credibility (1–6) is suggested, never set: the analyst
re-grades with `hybridwatch grade`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hybridwatch.case import Case
from hybridwatch.evidence import records, wording
from hybridwatch.grading import CREDIBILITY


@dataclass(frozen=True)
class Suggestion:
    source_id: int
    credibility: int
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "credibility": self.credibility,
            "meaning": CREDIBILITY[self.credibility],
            "reason": self.reason,
        }


def _grades(case: Case) -> dict[int, str]:
    rows = case.con.execute("SELECT id, reliability || credibility FROM sources").fetchall()
    return {sid: grade for sid, grade in rows}


def _claim_documents(verdicts: Iterable[dict[str, Any]]) -> dict[tuple[str, str], set[int]]:
    """Evidence row → the documents whose claims it supports."""
    backing: dict[tuple[str, str], set[int]] = defaultdict(set)
    for v in verdicts:
        if v["verdict"] not in ("supported", "partly supported"):
            continue
        for e in v["evidence"]:
            if e["role"] == "supports":
                backing[(e["record"], e["id"])].add(v["claim"]["document_id"])
    return backing


def estimates(
    case: Case, findings: list[dict[str, Any]], verdicts: list[dict[str, Any]]
) -> dict[str, wording.Estimate]:
    """Each finding's likelihood and confidence from its sources and the claims it supports."""
    refs = {(e["record"], e["id"]) for f in findings for e in f["evidence"]}
    described = records.describe(case, refs)
    grades = _grades(case)
    backing = _claim_documents(verdicts)
    out = {}
    for f in findings:
        own: set[int] = set()
        for e in f["evidence"]:
            row = described.get((e["record"], e["id"]))
            own.update(row.source_ids if row else ())
        documents = backing.get(("findings", f["id"]), set()).union(
            *(backing.get((e["record"], e["id"]), set()) for e in f["evidence"])
        )
        sources = own | documents
        corroborating = max(0, len(sources) - 1)
        out[f["id"]] = wording.estimate(
            f["score"], corroborating, [grades[s] for s in sources if s in grades]
        )
    return out


def suggested_credibility(case: Case, verdicts: list[dict[str, Any]]) -> list[Suggestion]:
    """Credibility each source earns: a document from how its checked claims fared; a data
    source 1 ("confirmed by other sources") where its rows support another source's claim."""
    by_document: dict[int, list[str]] = defaultdict(list)
    supporting: dict[int, set[int]] = defaultdict(set)
    refs = {(e["record"], e["id"]) for v in verdicts for e in v["evidence"]}
    described = records.describe(case, refs)
    for v in verdicts:
        document = v["claim"]["document_id"]
        by_document[document].append(v["verdict"])
        if v["verdict"] != "supported":
            continue
        for e in v["evidence"]:
            row = described.get((e["record"], e["id"]))
            for source in row.source_ids if row else ():
                if source != document:
                    supporting[source].add(document)
    out = [_document_credibility(d, found) for d, found in sorted(by_document.items())]
    for source, documents in sorted(supporting.items()):
        listed = ", ".join(str(d) for d in sorted(documents))
        out.append(Suggestion(source, 1, f"its records confirm claims of document(s) {listed}"))
    return [s for s in out if s.credibility != 6]


def _document_credibility(document: int, found: list[str]) -> Suggestion:
    checked = [v for v in found if v != "no data"]
    counts = {v: checked.count(v) for v in ("supported", "partly supported", "contradicted")}
    summary = ", ".join(f"{n} {v}" for v, n in counts.items() if n) or "none checkable"
    reason = f"of {len(found)} checked claims: {summary}"
    if not checked:
        return Suggestion(document, 6, reason)
    supported = counts["supported"] / len(checked)
    contradicted = counts["contradicted"] / len(checked)
    if contradicted > 0.5:
        level = 5
    elif contradicted > 0:
        level = 4 if contradicted >= supported else 3
    elif supported == 1 and len(checked) >= 2:
        level = 1
    else:
        level = 2 if supported >= 0.5 else 3
    return Suggestion(document, level, reason)
