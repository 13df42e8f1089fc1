"""Benchmark: coordinated statements (the same claim in other words, within a time window).

A seeded corpus (hybridwatch.simulate.statements, mode "accounts": default 100,000 statements by
2,000 accounts over 30 days, 200 planted leader → follower pairs echoing within the window, 30%
of the echoes translated, decoys posting the same claims alone) is written twice: as
hybridwatch's statements-csv and as coordination_network_toolkit's CSV. Then:

- **peer**: coordination_network_toolkit 1.5.2 (`co_similar_tweet`, Jaccard similarity of
  token sets ≥ `--threshold` within `--window-minutes`) in its own venv (`.venv-bench`, see
  bench/README.md), as two subprocesses: `preprocess` then `compute`; both timed (the job).
  Its edges are read from the `co_similar_tweet_network` table of its SQLite database.
- **hybridwatch**: a fresh case, `ingest statements` of the CSV (`--format statements-csv`), then
  `hybridwatch.narratives.coordination.coordinated_pairs(case, window_s)`, in a child process
  (this script with `--worker`); ingest and coordination timed apart.

Each side runs `--repeat` times (3), taking turns; the run with the median job time is
reported, every run's times beside it, and the ratio of each pair of runs. Both are scored
against the planted truth: recall of planted actor pairs (a pair is found when its two actors
are linked), split by the follower's language; false links (linked actors with no planted
relation, decoys among them); for hybridwatch also the planted statement pairs found.
`--million` runs hybridwatch alone end to end on 1,000,000 statements (20,000 actors, 2,000
pairs unless given). Logs go to stderr (`-v`, `-vv`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

log = logging.getLogger("bench.narratives")

ROOT = Path(__file__).resolve().parents[1]
BENCH_PYTHON = ROOT / ".venv-bench/bin/python"
PEER = "coordination_network_toolkit"
PEER_VERSION = "1.5.2"
MILLION = 1_000_000

Json = dict[str, Any]
Link = frozenset[str]


# --- the corpus ----------------------------------------------------------------------------


def generate(args: argparse.Namespace, work: Path) -> Json:
    """Corpus → statements.csv, peer.csv, truth.json in `work`; what was made."""
    from hybridwatch.simulate import statements as simulate

    window_s = round(args.window_minutes * 60)
    max_lag_s = round((args.max_lag_minutes or args.window_minutes) * 60)
    corpus = simulate.make_corpus(
        args.seed,
        args.statements,
        args.actors,
        args.pairs,
        "accounts",
        window_s=window_s,
        lag_range_s=(min(60, max_lag_s), max_lag_s),
        cross_language_share=args.cross_language_share,
        span_days=args.days,
    )
    generated_s = corpus.seconds
    started = time.perf_counter()
    simulate.write_csv(corpus, work / "statements.csv")
    if not args.skip_peer:
        simulate.write_peer_csv(corpus, work / "peer.csv")
    simulate.write_truth(corpus, work / "truth.json")
    written_s = time.perf_counter() - started
    kinds = Counter(s.kind for s in corpus.statements)
    languages = Counter(p.language for p in corpus.planted)
    return {
        "seed": args.seed,
        "mode": corpus.mode,
        "statements": len(corpus.statements),
        "actors": len(corpus.actors),
        "planted_pairs": len(corpus.pairs),
        "planted_echoes": len(corpus.planted),
        "echo_languages": dict(sorted(languages.items())),
        "decoy_actors": len(corpus.actors_with("decoy")),
        "decoy_statements": len(corpus.decoys),
        "loose_statements": kinds["loose"],
        "days": round(corpus.span_s / 86_400, 2),
        "window_s": corpus.window_s,
        "lag_range_s": list(corpus.lag_range_s),
        "generate_s": round(generated_s, 2),
        "write_s": round(written_s, 2),
        "csv_mib": round((work / "statements.csv").stat().st_size / 2**20, 1),
    }


# --- scoring -------------------------------------------------------------------------------


def score(truth: Json, links: Iterable[tuple[str, str]]) -> Json:
    """Actor-level recall of the planted pairs and the false links among `links`."""
    linked: set[Link] = {frozenset(pair) for pair in links if pair[0] != pair[1]}
    window = int(truth["window_s"])
    planted: dict[Link, list[Json]] = defaultdict(list)
    for echo in truth["planted"]:
        planted[frozenset((echo["leader"], echo["follower"]))].append(echo)
    decoys = set(truth["roles"]["decoys"])
    by_language: dict[str, list[bool]] = defaultdict(list)
    reachable: list[bool] = []
    for pair, echoes in planted.items():
        hit = pair in linked
        for language in sorted({e["language"] for e in echoes}):
            by_language[language].append(hit)
        if any(e["lag_s"] <= window for e in echoes):
            reachable.append(hit)
    found = sum(1 for pair in planted if pair in linked)
    false = [pair for pair in linked if pair not in planted]
    same = [h for lang, hits in by_language.items() if lang == "en" for h in hits]
    cross = [h for lang, hits in by_language.items() if lang != "en" for h in hits]
    return {
        "links": len(linked),
        "planted_pairs": len(planted),
        "found": found,
        "recall": _share(found, len(planted)),
        "recall_within_window": _share(sum(reachable), len(reachable)),
        "recall_same_language": _share(sum(same), len(same)),
        "recall_cross_language": _share(sum(cross), len(cross)),
        "recall_by_language": {
            lang: f"{sum(hits)}/{len(hits)}" for lang, hits in sorted(by_language.items())
        },
        "false_links": len(false),
        "false_links_touching_decoys": sum(1 for pair in false if pair & decoys),
        "precision": _share(found, len(linked)),
    }


def score_statements(truth: Json, pairs: list[list[Any]]) -> Json:
    """Statement-level: planted (leader, follower) statement pairs among `pairs`, and whether the
    earlier statement is the leader's."""
    found_pairs = {frozenset((str(p[0]), str(p[1]))): p for p in pairs}
    hits = [
        found_pairs.get(frozenset((e["leader_id"], e["follower_id"]))) for e in truth["planted"]
    ]
    found = [h for h in hits if h is not None]
    leader_first = sum(
        1
        for e, h in zip(truth["planted"], hits, strict=True)
        if h is not None and str(h[0]) == e["leader_id"]
    )
    decoy_ids = {d["statement_id"] for d in truth["decoys"]}
    return {
        "statement_pairs": len(pairs),
        "planted_echoes": len(truth["planted"]),
        "echoes_found": len(found),
        "echo_recall": _share(len(found), len(truth["planted"])),
        "leader_first": leader_first,
        "pairs_with_a_decoy_statement": sum(
            1 for p in pairs if str(p[0]) in decoy_ids or str(p[1]) in decoy_ids
        ),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- the peer ------------------------------------------------------------------------------


def run_peer(args: argparse.Namespace, work: Path, window_s: int, run: int = 0) -> Json:
    """coordination_network_toolkit in .venv-bench: preprocess + compute co_similar_tweet, into
    a database of run `run`'s own."""
    python: Path = args.peer_python
    if not python.exists():
        note = (
            f"peer skipped: {python} is missing; create it with `python3.11 -m venv .venv-bench"
            " && .venv-bench/bin/pip install -r bench/requirements-narratives-peer.txt`"
        )
        log.warning(note)
        return {"skipped": note}
    database = work / f"peer-{run}.db"
    cpus = args.peer_cpus or os.cpu_count() or 1
    steps = {
        "preprocess": ["preprocess", "--format", "csv", str(work / "peer.csv")],
        "compute": [
            "compute",
            "co_similar_tweet",
            "--time_window",
            str(window_s),
            "--similarity_threshold",
            str(args.threshold),
            "--min_edge_weight",
            "1",
            "--n_cpus",
            str(cpus),
        ],
    }
    seconds: dict[str, float] = {}
    for name, step in steps.items():
        command = [str(python.parent / "compute_networks"), str(database), *step]
        log.info("running %s", " ".join(command))
        started = time.perf_counter()
        done = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
            cwd=work,
            timeout=args.peer_timeout,
        )
        seconds[name] = time.perf_counter() - started
        log.debug("%s output:\n%s", name, done.stdout)
        if done.returncode != 0:
            tail = done.stdout.strip().splitlines()[-5:]
            return {"error": {"step": name, "returncode": done.returncode, "output": tail}}
    seconds["job"] = seconds["preprocess"] + seconds["compute"]
    with sqlite3.connect(database) as con:
        edges = con.execute(
            "SELECT user_1, user_2, weight FROM co_similar_tweet_network WHERE user_1 != user_2"
        ).fetchall()
    done = subprocess.run(
        [str(python), "-c", f"from importlib.metadata import version; print(version('{PEER}'))"],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return {
        "version": done.stdout.strip(),
        "network": "co_similar_tweet",
        "time_window_s": window_s,
        "similarity_threshold": args.threshold,
        "min_edge_weight": 1,
        "n_cpus": cpus,
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "edges_directed": len(edges),
        "_links": [(str(a), str(b)) for a, b, _ in edges],
    }


# --- hybridwatch ---------------------------------------------------------------------------


def hybridwatch_worker(
    source: Path, work: Path, window_s: float, embedder: str, full: bool = False
) -> Json:
    """Fresh case, ingest `source` (statements-csv), coordinated_pairs; pairs to work/pairs.json
    as [external id a, external id b, actor a, actor b, similarity, lag_s]."""
    started = time.perf_counter()
    from hybridwatch import case as case_mod
    from hybridwatch import runtime
    from hybridwatch.ingest import ingest

    runtime.small_pages()  # as the CLI does when it starts

    out: Json = {"version": version("hybridwatch")}
    try:
        from hybridwatch.narratives import analysis, corpus
        from hybridwatch.narratives.coordination import coordinated_pairs
    except ImportError as exc:
        out["error"] = {
            "stage": "import",
            "message": f"hybridwatch.narratives.coordination.coordinated_pairs is not available"
            f" ({type(exc).__name__}: {exc}); use --skip-hybridwatch to run the peer alone",
        }
        return out
    out["import_s"] = round(time.perf_counter() - started, 3)
    seconds: dict[str, float] = {}
    stage = "init"
    started = time.perf_counter()
    case_mod.init(work / "case", "bench").close()
    toml = work / "case" / "case.toml"
    text = toml.read_text("utf-8").replace('embedder = "e5-small"', f'embedder = "{embedder}"')
    toml.write_text(text, "utf-8")
    case = case_mod.open_case(work / "case")
    try:
        seconds["init"] = time.perf_counter() - started
        stage = "ingest"
        started = time.perf_counter()
        result = ingest(case, "statements", source, fmt="statements-csv")
        seconds["ingest"] = time.perf_counter() - started
        out["ingest"] = {
            "format": result.format,
            "accepted": result.accepted,
            "rejected": result.rejected,
        }
        stage = "embedding"
        started = time.perf_counter()
        settings = case.settings.narratives
        data = corpus.load(case, settings)
        seconds["embedding"] = time.perf_counter() - started
        out["embedder"] = data.embedder
        out["embedding_rate_per_s"] = round(len(data) / max(seconds["embedding"], 1e-9), 1)
        stage = "coordination"
        started = time.perf_counter()
        pairs = coordinated_pairs(case, window_s, data)
        seconds["coordination"] = time.perf_counter() - started
        external = dict(case.con.execute("SELECT id, external_id FROM statements").fetchall())
        rows = [
            [external[p.a_id], external[p.b_id], p.actor_a, p.actor_b, p.similarity, p.lag_s]
            for p in pairs
        ]
        (work / "pairs.json").write_text(json.dumps(rows), "utf-8")
        out["pairs"] = len(rows)
        if full:
            stage = "narratives"  # the rest of `analyze` on the same vectors
            started = time.perf_counter()
            result = analysis.run(case, settings, data=data)
            seconds["narratives"] = time.perf_counter() - started
            out["narratives"] = {
                "clusters_of_2_or_more": len(result.narratives),
                "alignments": len(result.alignments),
            }
    except Exception as exc:  # reported with what was measured so far
        seconds[stage] = time.perf_counter() - started
        out["error"] = {"stage": stage, "message": f"{type(exc).__name__}: {exc}"}
        log.exception("%s failed", stage)
    finally:
        case.close()
    if "error" not in out:
        seconds["job"] = sum(
            seconds.get(k, 0.0) for k in ("ingest", "embedding", "coordination", "narratives")
        )
    out["seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    return out


def run_hybridwatch(args: argparse.Namespace, work: Path, window_s: int, run: int = 0) -> Json:
    """hybridwatch_worker in a child process; its stdout is one JSON object."""
    run_dir = work / f"hybridwatch-{run}"
    run_dir.mkdir()
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        *(["-v"] * args.verbose),
        "--worker",
        "--input",
        str(work / "statements.csv"),
        "--work",
        str(run_dir),
        "--window-s",
        str(window_s),
        "--embedder",
        args.embedder,
        *(["--million"] if args.million else []),
    ]
    log.info("running %s", " ".join(command))
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        return {"error": {"message": f"worker exited with {done.returncode}"}}
    report: Json = json.loads(done.stdout)
    report["process_s"] = round(time.perf_counter() - started, 2)
    pairs_file = run_dir / "pairs.json"
    if pairs_file.exists():
        report["_pairs"] = json.loads(pairs_file.read_text("utf-8"))
    return report


# --- orchestration -------------------------------------------------------------------------


def machine() -> Json:
    try:
        hybridwatch = version("hybridwatch")
    except PackageNotFoundError:
        hybridwatch = "?"
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "hybridwatch": hybridwatch,
        "load_average_1min_at_start": round(os.getloadavg()[0], 2),
    }


def bench(args: argparse.Namespace, work: Path) -> Json:
    report: Json = {"benchmark": "narratives", "machine": machine()}
    report["corpus"] = generate(args, work)
    truth = json.loads((work / "truth.json").read_text("utf-8"))
    window_s = int(truth["window_s"])
    peers: list[Json] = []
    ours: list[Json] = []
    for run in range(args.repeat):  # the sides take turns: a slower spell of the machine hits both
        if not args.skip_peer:
            peers.append(run_peer(args, work, window_s, run))
        if not args.skip_hybridwatch:
            ours.append(run_hybridwatch(args, work, window_s, run))
    if args.skip_peer:
        report["peer"] = {"skipped": "--skip-peer" if not args.million else "--million"}
    else:
        peer = _median_run(peers)
        links = peer.pop("_links", None)
        if links is not None:
            peer["score"] = score(truth, links)
        report["peer"] = peer
    if args.skip_hybridwatch:
        report["hybridwatch"] = {"skipped": "--skip-hybridwatch"}
    else:
        mine = _median_run(ours)
        pairs = mine.pop("_pairs", None)
        if pairs is not None and "error" not in mine:
            mine["score"] = score(truth, ((str(p[2]), str(p[3])) for p in pairs))
            mine["score_statements"] = score_statements(truth, pairs)
            mine["similarity_of_found_echoes"] = _found_similarities(truth, pairs)
        report["hybridwatch"] = mine
    peer_job = report["peer"].get("seconds", {}).get("job")
    ours_seconds = report["hybridwatch"].get("seconds", {})
    if peer_job and "job" in ours_seconds:
        report["ratio_peer_over_hybridwatch"] = round(peer_job / ours_seconds["job"], 1)
        report["ratio_peer_over_hybridwatch_coordination"] = round(
            peer_job / ours_seconds["coordination"], 1
        )
        report["ratios_per_run"] = [
            round(p["seconds"]["job"] / o["seconds"]["job"], 1)
            for p, o in zip(peers, ours, strict=True)
            if "job" in p.get("seconds", {}) and "job" in o.get("seconds", {})
        ]
    return report


def _median_run(runs: list[Json]) -> Json:
    """The run whose job time is the median (the first failed run, if any), with every run's
    times beside it under `runs`."""
    failed = [r for r in runs if "error" in r or "skipped" in r]
    if failed:
        return failed[0]
    ordered = sorted(runs, key=lambda r: r["seconds"]["job"])
    median = dict(ordered[(len(ordered) - 1) // 2])
    if len(runs) > 1:
        median["runs"] = [r["seconds"] for r in runs]
    return median


def _found_similarities(truth: Json, pairs: list[list[Any]]) -> Json:
    """Similarity of the planted echoes found and of the other pairs: min, median, max."""
    echoes = {frozenset((e["leader_id"], e["follower_id"])) for e in truth["planted"]}
    planted: list[float] = []
    other: list[float] = []
    for p in pairs:
        (planted if frozenset((str(p[0]), str(p[1]))) in echoes else other).append(float(p[4]))

    def spread(values: list[float]) -> Json:
        if not values:
            return {"n": 0}
        values.sort()
        return {
            "n": len(values),
            "min": round(values[0], 3),
            "median": round(values[len(values) // 2], 3),
            "max": round(values[-1], 3),
        }

    return {"planted": spread(planted), "other": spread(other)}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000, help="default 100_000")
    parser.add_argument("--actors", type=int, help="default: statements / 50")
    parser.add_argument("--pairs", type=int, help="planted pairs (default: statements / 500)")
    parser.add_argument(
        "--window-minutes", type=float, default=10.0, help="coordination window (default 10)"
    )
    parser.add_argument(
        "--max-lag-minutes",
        type=float,
        help="longest planted lag (default: the window; lags start at 1 minute)",
    )
    parser.add_argument("--days", type=float, default=30.0, help="time span (default 30)")
    parser.add_argument(
        "--cross-language-share", type=float, default=0.3, help="translated echoes (0.3)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--threshold", type=float, default=0.5, help="peer's Jaccard threshold (default 0.5)"
    )
    parser.add_argument("--skip-peer", action="store_true", help="no peer side")
    parser.add_argument("--skip-hybridwatch", action="store_true", help="no hybridwatch side")
    parser.add_argument(
        "--million",
        action="store_true",
        help="hybridwatch alone, end to end on 1,000,000 statements (implies --skip-peer)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each side, taking turns; the median run is reported (default 3; 1 with"
        " --million)",
    )
    parser.add_argument("--peer-python", type=Path, default=BENCH_PYTHON)
    parser.add_argument("--peer-cpus", type=int, help="peer's --n_cpus (default: all CPUs)")
    parser.add_argument("--peer-timeout", type=float, default=6 * 3600.0)
    parser.add_argument("--workdir", type=Path, help="temporary files here (default: system tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="-v info, -vv debug")
    parser.add_argument(
        "--embedder",
        choices=("e5-small", "lexical"),
        default="e5-small",
        help="hybridwatch's statement vectors (case.toml [narratives] embedder)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--window-s", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.million:
        args.statements = MILLION
        args.skip_peer = True
        args.repeat = 1
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.actors is None:
        args.actors = max(10, args.statements // 50)
    if args.pairs is None:
        args.pairs = args.statements // 500
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr, format="%(name)s: %(message)s")
    if args.worker:
        report = hybridwatch_worker(
            args.input, args.work, args.window_s, args.embedder, full=args.million
        )
        json.dump(report, sys.stdout)
        sys.stdout.write("\n")
        return 0
    parent = args.workdir or Path(tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="hybridwatch-bench-narratives-", dir=parent))
    started = time.perf_counter()
    try:
        report = bench(args, work)
    finally:
        if args.keep:
            log.warning("kept %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    report["total_s"] = round(time.perf_counter() - started, 1)
    report["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    failed = "error" in report["hybridwatch"] or "error" in report["peer"]
    if "error" in report["hybridwatch"]:
        log.error("hybridwatch side failed: %s", report["hybridwatch"]["error"]["message"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
