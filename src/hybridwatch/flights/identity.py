"""Who flew: registration, type, operator, country and military/state status, each with why.

Address-based attributes (registry entry, country from the ICAO allocation block, military
address range) are computed once per aircraft; callsign-based ones (airline designator, state
callsign pattern) per flight.
"""

from __future__ import annotations

from hybridwatch.flights.dialect import Dialect
from hybridwatch.flights.params import FlightParams


def aircraft_identity(d: Dialect, p: FlightParams) -> str:
    """One row per aircraft seen in a flight (inputs: segments, aircraft, sources, ref_*)."""
    address = d.hex_to_int("ids.icao24")
    return f"""
    SELECT ids.icao24,
        reg.registration, reg.typecode, reg.description, reg.operator AS registry_operator,
        reg.source_id AS registry_source_id, reg.locator AS registry_locator,
        mil.source_id AS military_registry_source_id, mil.locator AS military_registry_locator,
        blk.iso2 AS block_country, blk.name AS block_country_name,
        blk.first_address AS block_first, blk.last_address AS block_last,
        mr.iso2 AS range_country, mr.note AS range_note,
        mr.first_address AS range_first, mr.last_address AS range_last
    FROM (SELECT DISTINCT icao24 FROM segments) AS ids
    LEFT JOIN (
        SELECT * FROM (
            SELECT a.*, row_number() OVER (PARTITION BY icao24 ORDER BY source_id DESC) AS r
            FROM aircraft AS a
        ) AS latest WHERE r = 1
    ) AS reg ON reg.icao24 = ids.icao24
    LEFT JOIN (
        SELECT * FROM (
            SELECT a.*, row_number() OVER (PARTITION BY icao24 ORDER BY source_id DESC) AS r
            FROM aircraft AS a WHERE military
        ) AS flagged WHERE r = 1
    ) AS mil ON mil.icao24 = ids.icao24
    LEFT JOIN ref_address_blocks AS blk
        ON {address} BETWEEN blk.first_address AND blk.last_address
    LEFT JOIN ref_military_ranges AS mr
        ON {address} BETWEEN mr.first_address AND mr.last_address
    """


def _callsign_prefixes() -> str:
    """Each flight's callsign with its 2- to 5-letter prefixes, to equi-join state patterns."""
    return " UNION ALL ".join(
        f"SELECT icao24, seq, callsign, substr(callsign, 1, {n}) AS prefix FROM inferred_ends"
        for n in range(2, 6)
    )


def flights_identified(d: Dialect, p: FlightParams) -> str:
    """Flights with identity and reasons (inputs: inferred_ends, aircraft_identity, ref_*)."""
    designator = "regexp_extract(f.callsign, '^([A-Z]{3})[0-9]', 1)"
    return f"""
    SELECT f.*, ai.registration, ai.typecode, ai.description,
        CASE WHEN {designator} = '' THEN NULL ELSE {designator} END AS operator_designator,
        coalesce(ai.registry_operator, op.name, sc.operator) AS operator,
        CASE
            WHEN ai.registry_operator IS NOT NULL
                THEN 'registry (source ' || ai.registry_source_id || ', '
                    || ai.registry_locator || ')'
            WHEN op.name IS NOT NULL
                THEN 'ICAO airline designator ' || op.designator || ' in callsign '
                    || f.callsign || ' (operators source ' || op.source_id || ')'
            WHEN sc.operator IS NOT NULL
                THEN 'callsign ' || f.callsign || ' matches the state callsign pattern of '
                    || sc.operator
        END AS operator_reason,
        CASE WHEN ai.registry_source_id IS NOT NULL
            THEN 'registry (source ' || ai.registry_source_id || ', '
                || ai.registry_locator || ')'
            ELSE 'address not in any ingested registry' END AS identity_reason,
        ai.block_country AS country,
        CASE WHEN ai.block_country IS NOT NULL
            THEN 'ICAO address block ' || {d.hex6("ai.block_first")} || '–'
                || {d.hex6("ai.block_last")} || ' is allocated to ' || ai.block_country_name
            ELSE 'address outside every ICAO allocation block' END AS country_reason,
        (ai.military_registry_source_id IS NOT NULL OR ai.range_country IS NOT NULL
            OR sc.kind IS NOT NULL) AS military,
        CASE
            WHEN ai.military_registry_source_id IS NOT NULL
                THEN 'registry flags it military (source ' || ai.military_registry_source_id
                    || ', ' || ai.military_registry_locator || ')'
            WHEN ai.range_country IS NOT NULL
                THEN 'address in military range ' || {d.hex6("ai.range_first")} || '–'
                    || {d.hex6("ai.range_last")} || ' (' || ai.range_note || ')'
            WHEN sc.kind IS NOT NULL
                THEN 'callsign ' || f.callsign || ' matches ' || sc.kind || ' pattern of '
                    || sc.operator
            ELSE 'no registry flag, address outside military ranges,'
                || ' callsign not a state pattern'
        END AS military_reason
    FROM inferred_ends AS f
    JOIN aircraft_identity AS ai ON ai.icao24 = f.icao24
    LEFT JOIN (
        SELECT * FROM (
            SELECT o.*, row_number() OVER (PARTITION BY designator ORDER BY source_id DESC) AS r
            FROM operators AS o
        ) AS latest WHERE r = 1
    ) AS op ON op.designator = {designator}
    LEFT JOIN (
        SELECT * FROM (
            SELECT f2.icao24, f2.seq, c.operator, c.kind,
                row_number() OVER (PARTITION BY f2.icao24, f2.seq
                    ORDER BY length(c.prefix) DESC) AS r
            FROM ({_callsign_prefixes()}) AS f2
            JOIN ref_state_callsigns AS c ON c.prefix = f2.prefix
            WHERE {d.regex_match("f2.callsign", "c.pattern")}
        ) AS matched WHERE r = 1
    ) AS sc ON sc.icao24 = f.icao24 AND sc.seq = f.seq
    """
