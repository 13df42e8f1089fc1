"""Party names to ISO codes or canonical names, and party mentions in free text."""

from __future__ import annotations

import pytest

from hybridwatch.arms.countries import Party, code_for, party, resolve
from hybridwatch.case import Case


@pytest.mark.parametrize(
    ("name", "code", "kind"),
    [
        ("Ukraine", "UA", "state"),
        ("UA", "UA", "state"),
        ("ukr", "UA", "state"),
        ("Slovakia", "SK", "state"),
        ("Czechia", "CZ", "state"),
        ("Czech Republic", "CZ", "state"),
        ("Turkiye", "TR", "state"),
        ("Turkey", "TR", "state"),
        ("UAE", "AE", "state"),
        ("Russia", "RU", "state"),
        ("DR Congo", "CD", "state"),
        ("Cote d'Ivoire", "CI", "state"),
        ("Bosnia-Herzegovina", "BA", "state"),
        ("Soviet Union", "SU", "former_state"),
        ("Czechoslovakia", "CS", "former_state"),
        ("East Germany (GDR)", "DD", "former_state"),
        ("Yugoslavia", "YU", "former_state"),
        ("Kosovo", "XK", "state"),
        ("Biafra", "Biafra", "unrecognised_state"),
        ("Hezbollah (Lebanon)*", "Hezbollah (Lebanon)", "non_state"),
        ("unknown rebel group*", "unknown rebel group", "non_state"),
        ("NATO**", "NATO", "international_organisation"),
        ("United Nations**", "United Nations", "international_organisation"),
        ("EU", "European Union", "international_organisation"),
        ("unknown supplier(s)", "unknown supplier(s)", "unknown"),
        ("unknown recipient(s)", "unknown recipient(s)", "unknown"),
    ],
)
def test_resolve(name: str, code: str, kind: str) -> None:
    found = resolve(name)
    assert found is not None and (found.code, found.kind) == (code, kind)


def test_unresolved_names_are_kept_as_written() -> None:
    assert resolve("People") is None
    assert party("Excalibur Army") == Party("Excalibur Army", "Excalibur Army", "other")
    assert code_for("Excalibur  Army") == "Excalibur Army"
    assert code_for("Czech Republic") == "CZ"


def test_every_party_in_the_real_register_resolves(real_case: Case) -> None:
    rows = real_case.con.execute(
        """SELECT supplier_name, supplier_kind FROM arms_deals
        UNION SELECT recipient_name, recipient_kind FROM arms_deals"""
    ).fetchall()
    assert len({name for name, _ in rows}) == 257
    assert [name for name, kind in rows if kind == "other"] == []
    kinds = dict(rows)
    assert kinds["Soviet Union"] == "former_state"
    assert kinds["Houthi rebels (Yemen)*"] == "non_state"
    assert kinds["African Union**"] == "international_organisation"
