"""Benchmark: the demo case's report (HTML, then HTML + PDF); prints JSON.

Builds the demo case once in a temporary folder (not measured), then writes the report
`--repeat` times each way and reports the median and every run.
Run: .venv/bin/python bench/report.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from hybridwatch import case as case_mod
from hybridwatch import demo
from hybridwatch.report import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        demo.build(root / "case")
        build_s = time.perf_counter() - started
        runs: dict[str, list[float]] = {"html": [], "html_and_pdf": []}
        sizes: dict[str, int] = {}
        with case_mod.open_case(root / "case") as case:
            for _ in range(args.repeat):
                for name, pdf in (("html", None), ("html_and_pdf", root / "report.pdf")):
                    started = time.perf_counter()
                    written = render.write(case, root / "report.html", pdf)
                    runs[name].append(round(time.perf_counter() - started, 3))
            sizes["html_bytes"] = written.html.stat().st_size
            sizes["pdf_bytes"] = (root / "report.pdf").stat().st_size
        print(
            json.dumps(
                {
                    "benchmark": "report of the demo case",
                    "demo_build_s": round(build_s, 2),
                    "median_s": {k: statistics.median(v) for k, v in runs.items()},
                    "runs_s": runs,
                    "findings": written.findings,
                    "claims": written.claims,
                    "records": written.records,
                    **sizes,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
