"""Documents stored in a case (`hybridwatch ingest documents`), read back as JSON-ready dicts.

A document's id is the id of the source it was ingested from. `show` returns what
`hybridwatch extract --json` gives for the file, plus the id, grade and path; every
`start`/`end` indexes the stored `text`.
"""

from __future__ import annotations

from typing import Any

from hybridwatch.case import Case
from hybridwatch.errors import HybridwatchError

_COUNTED = {
    "sentences": "SELECT count(*) FROM document_sentences s WHERE s.source_id = d.source_id",
    "entities": "SELECT count(DISTINCT e.entity_id) FROM document_entities e"
    " WHERE e.source_id = d.source_id",
    "events": "SELECT count(*) FROM document_events e WHERE e.source_id = d.source_id",
    "quantities": "SELECT count(*) FROM document_quantities q WHERE q.source_id = d.source_id",
    "claims": "SELECT count(*) FROM document_claims c WHERE c.source_id = d.source_id",
}


def _query(case: Case, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = case.con.execute(sql, params or [])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_documents(case: Case) -> list[dict[str, Any]]:
    """Every stored document with its metadata and how much was found in it."""
    counts = ", ".join(f"({sql}) AS {name}" for name, sql in _COUNTED.items())
    return _query(
        case,
        f"""
        SELECT d.source_id AS id, d.title, d.author, d.site, d.published, d.language,
               s.reliability || s.credibility AS grade, s.path, {counts}
        FROM documents d JOIN sources s ON s.id = d.source_id
        ORDER BY d.source_id
        """,
    )


def _document(case: Case, document_id: int) -> dict[str, Any]:
    rows = _query(
        case,
        """
        SELECT d.source_id AS id, d.title, d.author, d.site, d.published, d.language,
               s.reliability || s.credibility AS grade, s.path, d.text, d.warnings
        FROM documents d JOIN sources s ON s.id = d.source_id
        WHERE d.source_id = ?
        """,
        [document_id],
    )
    if not rows:
        raise HybridwatchError(
            f"no document with id {document_id} in this case (see `hybridwatch docs list`)"
        )
    return rows[0]


def show(case: Case, document_id: int) -> dict[str, Any]:
    """One document: metadata, text, and everything found in it, with spans."""
    doc = _document(case, document_id)
    where = [document_id]
    doc["sections"] = _query(
        case,
        "SELECT number, heading, char_start AS start FROM document_sections"
        " WHERE source_id = ? ORDER BY number",
        where,
    )
    doc["sentences"] = _query(
        case,
        'SELECT number, char_start AS start, char_end AS "end" FROM document_sentences'
        " WHERE source_id = ? ORDER BY number",
        where,
    )
    doc["footnotes"] = _query(
        case,
        'SELECT number, char_start AS start, char_end AS "end", note FROM document_footnotes'
        " WHERE source_id = ? ORDER BY char_start, number",
        where,
    )
    doc["entities"] = _entities(case, document_id)
    doc["events"] = _query(
        case,
        """
        SELECT date, end_date, precision, summary, char_start AS start, char_end AS "end",
               date_start, date_end, entities, locator
        FROM document_events WHERE source_id = ? ORDER BY date_start
        """,
        where,
    )
    doc["quantities"] = _query(
        case,
        """
        SELECT value, unit, item, qualifier, char_start AS start, char_end AS "end", locator
        FROM document_quantities WHERE source_id = ? ORDER BY char_start
        """,
        where,
    )
    doc["claims"] = claims(case, document_id)
    return doc


def _entities(case: Case, document_id: int) -> list[dict[str, Any]]:
    rows = _query(
        case,
        """
        SELECT entity_id AS id, any_value(name) AS name, any_value(type) AS type,
               any_value(aliases) AS aliases,
               list({'start': char_start, 'end': char_end} ORDER BY char_start) AS mentions
        FROM document_entities WHERE source_id = ?
        GROUP BY entity_id ORDER BY min(char_start), entity_id
        """,
        [document_id],
    )
    return rows


def claims(case: Case, document_id: int | None = None) -> list[dict[str, Any]]:
    """Claims of one document (or of every document), in order, with their document's id."""
    where, params = (
        ("WHERE c.source_id = ?", [document_id]) if document_id is not None else ("", [])
    )
    if document_id is not None:
        _document(case, document_id)  # a missing id is an error, not an empty list
    return _query(
        case,
        f"""
        SELECT c.source_id AS document_id, d.title AS document_title, c.text,
               c.char_start AS start, c.char_end AS "end", c.hedges, c.likelihood,
               c.attributed_to, c.anonymous, c.footnotes, c.entities, c.locator
        FROM document_claims c JOIN documents d ON d.source_id = c.source_id
        {where}
        ORDER BY c.source_id, c.char_start
        """,
        params,
    )
