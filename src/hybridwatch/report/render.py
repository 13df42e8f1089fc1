"""The report as one self-contained HTML file: styles inline, graphics as inline SVG, no script,
no address it could load. Source content is hostile, so the template escapes every value
(Jinja2 autoescape); only the SVG, built escaped by `svg.py`, is inserted as markup.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from hybridwatch.case import Case
from hybridwatch.evidence.claims import VERDICTS
from hybridwatch.report import model


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path | None
    seconds: float
    findings: int
    claims: int
    records: int

    def as_json(self) -> dict[str, Any]:
        return {
            "html": str(self.html),
            "pdf": None if self.pdf is None else str(self.pdf),
            "seconds": round(self.seconds, 3),
            "findings": self.findings,
            "claims": self.claims,
            "records": self.records,
        }


def _template(name: str) -> str:
    return resources.files("hybridwatch.report").joinpath(f"templates/{name}").read_text("utf-8")


def claim_anchor(verdict: dict[str, Any]) -> str:
    return f"claim-{verdict['claim']['document_id']}-{verdict['claim']['start']}"


def render(report: model.Report) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    known = {r.anchor for r in report.records}
    known |= {v.anchor for views in report.findings.values() for v in views}
    return env.from_string(_template("report.html.j2")).render(
        r=report,
        css=_template("report.css"),
        known=known,
        anchor=model.record_anchor,
        finding_anchor=model.finding_anchor,
        claim_anchor=claim_anchor,
        ledger_records=model.ledger_records,
        verdict_words=VERDICTS,
    )


def write(case: Case, html_path: Path, pdf_path: Path | None = None) -> Written:
    """Gather, render and write the report (and its PDF); all or nothing per file."""
    started = time.perf_counter()
    report = model.gather(case)
    page = render(report)
    partial = html_path.with_name(html_path.name + ".partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(html_path)
    if pdf_path is not None:
        from hybridwatch.report.pdf import write_pdf  # WeasyPrint: only when a PDF is asked for

        write_pdf(page, pdf_path)
    return Written(
        html_path,
        pdf_path,
        time.perf_counter() - started,
        sum(len(v) for v in report.findings.values()),
        len(report.verdicts),
        len(report.records),
    )
