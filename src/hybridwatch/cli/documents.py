"""`hybridwatch extract FILE` reads a document without a case; `hybridwatch docs …` reads the
documents stored in one (`hybridwatch ingest documents FILE...`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from hybridwatch.cli.common import CaseOption, JsonOption, opened_case, out, print_json, safe
from hybridwatch.documents import stored
from hybridwatch.documents.extract import extract_file

app = typer.Typer(
    help="Documents stored in the case (`hybridwatch ingest documents FILE...`).",
    no_args_is_help=True,
)
DocumentId = Annotated[int, typer.Argument(metavar="ID", help="Document id (`docs list`).")]


def extract(
    path: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="HTML, PDF, Markdown or text scraped from a page."),
    ],
    json: JsonOption = False,
) -> None:
    """Clean a document (chrome, line-wrap damage, footnote markers) and show its structure."""
    result = extract_file(path)
    if json:
        print_json(result.as_json())
        return
    out.print(f"[bold]{safe(result.title or '(no title)')}[/]")
    out.print(
        f"  author: {safe(result.author)}  site: {safe(result.site)}  language: {result.language}"
    )
    out.print(
        f"  {len(result.sentences)} sentences, {len(result.sections)} sections,"
        f" {len(result.footnotes)} footnote markers"
    )
    for warning in result.warnings:
        out.print(f"  [yellow]warning:[/] {safe(warning)}")
    for section in result.sections:
        out.print(f"  § {safe(section['heading'])}")


def register(app: typer.Typer) -> None:
    app.command()(extract)


@app.command("list")
def list_(case: CaseOption = None, json: JsonOption = False) -> None:
    """List the stored documents with how many sentences, entities, events and claims each has."""
    with opened_case(case) as opened:
        documents = stored.list_documents(opened)
    if json:
        print_json(documents)
        return
    if not documents:
        out.print("no documents in this case (`hybridwatch ingest documents FILE...`)")
        return
    table = Table("id", "title", "author", "site", "grade", "sentences", "entities", "events")
    table.add_column("claims")
    for doc in documents:
        table.add_row(
            str(doc["id"]),
            safe(doc["title"] or "(no title)"),
            safe(doc["author"]),
            safe(doc["site"]),
            doc["grade"],
            str(doc["sentences"]),
            str(doc["entities"]),
            str(doc["events"]),
            str(doc["claims"]),
        )
    out.print(table)


@app.command()
def show(document_id: DocumentId, case: CaseOption = None, json: JsonOption = False) -> None:
    """Show a stored document: metadata, sections, entities, events, quantities and footnotes."""
    with opened_case(case) as opened:
        doc = stored.show(opened, document_id)
    if json:
        print_json(doc)
        return
    out.print(f"[bold]{doc['id']}: {safe(doc['title'] or '(no title)')}[/]")
    out.print(
        f"  author: {safe(doc['author'])}  site: {safe(doc['site'])}"
        f"  published: {safe(doc['published'] or 'not stated')}  language: {doc['language']}"
        f"  grade: {doc['grade']}"
    )
    out.print(f"  source: {safe(doc['path'])}")
    out.print(
        f"  {len(doc['sentences'])} sentences, {len(doc['footnotes'])} footnote markers,"
        f" {len(doc['claims'])} claims (`hybridwatch docs claims {doc['id']}`)"
    )
    for warning in doc["warnings"]:
        out.print(f"  [yellow]warning:[/] {safe(warning)}")
    for section in doc["sections"]:
        out.print(f"  § {safe(section['heading'])}")
    if doc["entities"]:
        out.print("[bold]entities[/]")
        for entity in doc["entities"]:
            mentions = _count(len(entity["mentions"]), "mention")
            out.print(f"  {safe(entity['name'])} ({entity['type']}): {mentions}")
    if doc["events"]:
        out.print("[bold]events[/]")
        for event in doc["events"]:
            until = f"–{event['end_date']}" if event["end_date"] else ""
            out.print(f"  {event['date']}{until} ({event['precision']}): {safe(event['summary'])}")
    if doc["quantities"]:
        out.print("[bold]quantities[/]")
        for quantity in doc["quantities"]:
            out.print(f"  {safe(_quantity(quantity))}  [dim]{quantity['locator']}[/]")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _quantity(quantity: dict[str, Any]) -> str:
    value = quantity["value"]
    number = f"{value:g}" if isinstance(value, float) else str(value)
    words = [quantity["qualifier"], number, quantity["unit"], quantity["item"]]
    return " ".join(str(w) for w in words if w)


@app.command()
def claims(
    document_id: Annotated[
        int | None,
        typer.Argument(metavar="[ID]", help="Only this document's claims (default: all)."),
    ] = None,
    case: CaseOption = None,
    json: JsonOption = False,
) -> None:
    """List claims with their hedges, likelihood, attribution and footnotes."""
    with opened_case(case) as opened:
        found = stored.claims(opened, document_id)
    if json:
        print_json(found)
        return
    for claim in found:
        notes = []
        if claim["likelihood"]:
            notes.append(f"likelihood: {claim['likelihood']}")
        if claim["hedges"]:
            notes.append(f"hedges: {', '.join(claim['hedges'])}")
        if claim["attributed_to"]:
            notes.append(f"attributed to: {claim['attributed_to']}")
        if claim["anonymous"]:
            notes.append("anonymous source")
        if claim["footnotes"]:
            notes.append(f"footnotes: {', '.join(str(n) for n in claim['footnotes'])}")
        out.print(
            f"[bold]{claim['document_id']}[/] [dim]{claim['locator']}[/]  {safe(claim['text'])}"
        )
        if notes:
            out.print(f"    {safe('; '.join(notes))}")
