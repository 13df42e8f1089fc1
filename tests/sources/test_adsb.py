"""Shared state-vector validation: addresses trimmed and folded only where needed."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

from hybridwatch.sources.adsb import NUMBERED_STATE_VECTORS, _addresses, checked_states


def _table(addresses: list[str]) -> pa.Table:
    n = len(addresses)
    columns = {f.name: pa.nulls(n, f.type) for f in NUMBERED_STATE_VECTORS}
    columns["icao24"] = pa.array(addresses, pa.string())
    columns["time"] = pa.array(
        [datetime(2024, 2, 15, 5, 19, i) for i in range(n)], pa.timestamp("ms")
    )
    columns["callsign"] = pa.array(["AHY123  "] * n, pa.string())
    columns["position"] = pa.array(range(2, n + 2), pa.int64())
    return pa.table(columns, schema=NUMBERED_STATE_VECTORS)


def test_clean_addresses_pass_as_they_are() -> None:
    good, rejected = checked_states(_table(["600881", "4b1805"]), "line")
    assert rejected == [] and good["address"].to_pylist() == [0x600881, 0x4B1805]
    assert "icao24" not in good.column_names  # stored as the number only
    assert good["callsign"].to_pylist() == ["AHY123", "AHY123"]


def test_padded_or_upper_case_addresses_are_trimmed_and_folded_and_bad_ones_rejected() -> None:
    good, rejected = checked_states(_table([" 4B1805 ", "600881", "XYZ"]), "line")
    assert good["address"].to_pylist() == [0x4B1805, 0x600881]
    assert [r.where for r in rejected] == ["line 4"]


def test_address_check_reads_sliced_chunks_and_every_byte() -> None:
    # chunks that are slices of a larger buffer (offset > 0), as Parquet batches and filters
    # make them; one bad character anywhere must send the chunk to the per-row check
    clean = pa.array(["zzzzzz", "600881", "4b1805", "ZZZZZZ"], pa.string()).slice(1, 2)
    bad = pa.array(["600881", "4b18g5", "4b1805"], pa.string()).slice(1, 2)
    assert _addresses(pa.chunked_array([clean])) is not None
    assert _addresses(pa.chunked_array([clean, bad])) is None
    assert _addresses(pa.chunked_array([pa.array(["60088"], pa.string())])) is None
    assert _addresses(pa.chunked_array([pa.array(["600881", None], pa.string())])) is None
    assert _addresses(pa.chunked_array([], pa.string())) is not None


def test_an_uppercase_address_among_clean_ones_is_folded() -> None:
    good, rejected = checked_states(_table(["600881", "4B1805"]), "line")
    assert rejected == [] and good["address"].to_pylist() == [0x600881, 0x4B1805]


def test_addresses_are_stored_as_their_24_bit_numbers() -> None:
    good, _ = checked_states(_table(["000000", "ffffff", "abcdef", "0a0b0c"]), "line")
    assert good["address"].to_pylist() == [0, 0xFFFFFF, 0xABCDEF, 0x0A0B0C]
