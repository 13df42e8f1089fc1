"""Financiers and routing out of SIPRI comments."""

from __future__ import annotations

import pytest

from hybridwatch.arms.comments import parse


@pytest.mark.parametrize(
    ("comment", "financiers", "via"),
    [
        (
            "EUR93 m deal; financed by Denmark; Germany and Norway as aid after 2022 Russian"
            " invasion of Ukraine",
            ["DK", "DE", "NO"],
            [],
        ),
        (
            "Second-hand; refurbished before delivery; delivery via Slovakia and Israel",
            [],
            ["SK", "IL"],
        ),
        ("A-29B version; financed by USA; ordered via USA from US production line", ["US"], ["US"]),
        ("Ordered and delivered via Greece", [], ["GR"]),
        ("Second-hand; sold via and probably modernized in Slovakia", [], ["SK"]),
        ("$572 m deal (bought via and financed by USA); Mi-17V-5 version", ["US"], ["US"]),
        (
            "Financed by aid from other states (incl Denmark; Belgium and Luxemburg)",
            ["DK", "BE", "LU"],
            [],
        ),
        ("financed by EUR165 m aid from Denmark and Netherlands", ["DK", "NL"], []),
        ("Financed by US 'MDAP' aid; French designation Tulipe", ["US"], []),
        ("financed by Saudi Arabia; Mirage-5SDE version", ["SA"], []),
        ("Mi-171Sh armed version; financed with part of Russian $1 b credit", ["RU"], []),
        ("financed by Polish oil company", [], []),  # a company, not a State
        ("Second-hand; financed with donations from Czech private persons", [], []),
        ("possibly delivered via Iran; Sudan and/or Egypt", [], ["IR", "SD", "EG"]),
        ("sold via South African and UAE companies", [], ["ZA", "AE"]),
        ("ordered via Australian company; New Zealand designation Cante", [], ["AU"]),
        ("financed by EU 'EBF' programme); bought via FRG company", ["European Union"], ["DE"]),
        ("For use by Bangladeshi UN peacekeeping forces; financed via UN", ["United Nations"], []),
        ("Tatra diesel engine for 24 Zuzana-2 self-propelled guns from Slovakia", [], []),
        ("", [], []),
    ],
)
def test_parse(comment: str, financiers: list[str], via: list[str]) -> None:
    found = parse(comment)
    assert (found.financiers, found.via) == (financiers, via)


def test_the_deals_own_parties_are_not_routing() -> None:
    comment = "Second-hand; possibly sold via original Czech producer; delivered via Czechia"
    assert parse(comment, exclude=("CZ", "AO")).via == []
