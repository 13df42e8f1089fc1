"""The FollowTheMoney export of the demo case, validated with followthemoney itself."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from followthemoney.statement.serialize import read_json_statements

from hybridwatch import case as case_mod
from hybridwatch.case import Case
from hybridwatch.evidence import ftm


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> Iterator[Case]:
    with case_mod.open_case(demo_dir) as opened:
        yield opened


@pytest.fixture(scope="module")
def exported(demo: Case) -> list[dict[str, Any]]:
    stream = io.StringIO()
    count = ftm.write_entities(demo, stream)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == count
    return lines


def test_every_entity_is_valid_followthemoney(exported: list[dict[str, Any]]) -> None:
    ids = [data["id"] for data in exported]
    assert len(ids) == len(set(ids))
    for data in exported:
        assert set(data) == {"id", "schema", "properties"}
        proxy = model.get_proxy(data, cleaned=False)  # re-validates every value
        assert proxy.id == data["id"] and not proxy.schema.abstract
        for prop, values in data["properties"].items():
            assert prop in proxy.schema.properties, (data["schema"], prop)
            assert len(proxy.get(prop)) == len(values), (data["id"], prop, values)
            if proxy.schema.properties[prop].type.name == "entity":
                assert set(values) <= set(ids), (data["id"], prop)
        for prop in proxy.schema.required:
            assert proxy.get(prop), (data["id"], prop)


def test_the_mapping(exported: list[dict[str, Any]]) -> None:
    by_id = {data["id"]: data for data in exported}
    schemata = Counter(data["schema"] for data in exported)
    assert schemata["Airplane"] == 10 and schemata["Document"] == 1 and schemata["Note"] > 30
    azerbaijan = by_id["hw-country-az"]
    assert azerbaijan["schema"] == "PublicBody"
    assert azerbaijan["properties"]["jurisdiction"] == ["az"]
    assert "Azerbaijani" in azerbaijan["properties"]["alias"]
    airplane = by_id["hw-aircraft-600881"]["properties"]
    assert airplane["registrationNumber"] == ["4K-78129"] and airplane["icaoCode"] == ["IL76"]
    [operator] = airplane["operator"]
    assert by_id[operator]["schema"] == "Organization"
    assert by_id["hw-organization-az-mfa"]["schema"] == "PublicBody"  # a government
    assert by_id["hw-airport-lbbg"]["schema"] == "Address"
    assert by_id["hw-system-zuzana2"]["schema"] == "Asset"
    speaks = [
        d for d in exported
        if d["schema"] == "Representation"
        and d["properties"]["agent"] == ["hw-organization-az-mfa"]
    ]  # fmt: skip
    assert [d["properties"]["client"] for d in speaks] == [["hw-country-az"]]
    airlift = next(
        d for d in exported
        if d["schema"] == "Note" and d["properties"]["keywords"] == ["airlift"]
    )  # fmt: skip
    assert {"hw-aircraft-600881", "hw-airport-lbbg"} <= set(airlift["properties"]["entity"])
    flown = [
        d for d in exported
        if d["schema"] == "UnknownLink" and d["properties"]["role"] == ["flew to"]
        and d["properties"]["subject"] == ["hw-aircraft-600881"]
    ]  # fmt: skip
    assert {o for d in flown for o in d["properties"]["object"]} == {
        "hw-airport-lbbg",
        "hw-airport-ubbb",
    }


def test_statements_carry_the_row_behind_each_value(
    demo: Case, exported: list[dict[str, Any]]
) -> None:
    stream = io.StringIO()
    count = ftm.write_statements(demo, stream)
    statements = list(read_json_statements(io.BytesIO(stream.getvalue().encode())))
    assert len(statements) == count
    assert len({s.id for s in statements}) == count
    schema_of = {data["id"]: data["schema"] for data in exported}
    assert {s.entity_id for s in statements} == set(schema_of)
    for statement in statements:
        assert statement.schema == schema_of[statement.entity_id]
        schema = model.get(statement.schema)
        assert schema is not None
        assert statement.prop == "id" or statement.prop in schema.properties
    registration = [
        s for s in statements
        if s.entity_id == "hw-aircraft-600881" and s.prop == "registrationNumber"
    ]  # fmt: skip
    origins = {s.origin for s in registration}
    assert "aircraft:600881 (source 1, line 1)" in origins  # the registry row
    assert all(s.first_seen for s in registration)
