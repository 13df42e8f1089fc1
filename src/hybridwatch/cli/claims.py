"""`hybridwatch claims check`: the claims of the case's documents against its other data."""

from __future__ import annotations

from typing import Annotated

import typer

from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.evidence import claims as claims_mod

app = typer.Typer(
    help="Claims of the case's documents, checked against flights, the ledger and statements.",
    no_args_is_help=True,
)
_COLOURS = {
    "supported": "green",
    "partly supported": "yellow",
    "contradicted": "red",
    "no data": "dim",
}


@app.command()
def check(
    all_claims: Annotated[
        bool, typer.Option("--all", help="Also list the claims no checker recognises.")
    ] = False,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """Give each checkable claim a verdict — supported, partly supported, contradicted or no
    data — with what the claim says, what the data shows, what differs, and the records."""
    with opened_case(case) as opened:
        verdicts = claims_mod.check(opened, include_unchecked=all_claims)
    if json:
        print_json(verdicts)
        return
    if not verdicts:
        out.print("No checkable claims (ingest documents with `hybridwatch ingest documents`).")
        return
    for v in verdicts:
        claim = v["claim"]
        where = f"document {claim['document_id']}, chars {claim['start']}-{claim['end']}"
        if v["verdict"] is None:
            out.print(f"[dim]not checked[/] {safe(claim['text'])} [dim]({where})[/]")
            continue
        colour = _COLOURS[v["verdict"]]
        out.print(f"[{colour}]{v['verdict']}[/] [{v['check']}] {safe(claim['text'])}")
        out.print(f"    [dim]{where}[/]")
        out.print(f"    claimed:  {safe(v['claimed'])}")
        out.print(f"    observed: {safe(v['observed'])}")
        for difference in v["differences"]:
            out.print(f"    differs:  {safe(difference)}")
        if v["evidence"]:
            shown = ", ".join(f"{e['record']} {e['id']}" for e in v["evidence"][:6])
            more = len(v["evidence"]) - 6
            out.print(f"    evidence: {safe(shown)}{f' (+{more} more)' if more > 0 else ''}")
