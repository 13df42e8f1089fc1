"""`[arms]` in case.toml: parties by code or name, thresholds with defaults, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch.arms.config import ArmsSettings
from hybridwatch.errors import InputError


def _case_with(tmp_path: Path, arms: str) -> Path:
    case_mod.init(tmp_path / "c").close()
    toml = tmp_path / "c" / "case.toml"
    text = toml.read_text()
    start = text.index("\n[arms]\n")  # the template's last table
    toml.write_text(text[:start] + "\n[arms]\n" + arms + "\n")
    return tmp_path / "c"


def test_template_documents_the_defaults(tmp_path: Path) -> None:
    with case_mod.init(tmp_path / "c") as made:
        assert made.settings.arms == ArmsSettings()
    text = (tmp_path / "c" / "case.toml").read_text()
    for key in ("protected", "watched", "lag_years", "min_ratio", "as_of", "min_score"):
        assert key in text


def test_parties_by_code_or_name(tmp_path: Path) -> None:
    folder = _case_with(
        tmp_path,
        'protected = ["Ukraine", "UA", "md"]\nwatched = ["Azerbaijan", "Türkiye"]\n'
        "lag_years = 2\nmin_ratio = 0.25\nas_of = 2025\nflight_window_days = 10\nmin_score = 0",
    )
    with case_mod.open_case(folder) as opened:
        arms = opened.settings.arms
    assert (arms.protected, arms.watched) == (("UA", "MD"), ("AZ", "TR"))
    assert (arms.lag_years, arms.min_ratio, arms.as_of) == (2.0, 0.25, 2025)
    assert (arms.flight_window_days, arms.min_score) == (10.0, 0.0)


@pytest.mark.parametrize(
    ("arms", "message"),
    [
        ('protected = ["Narnia"]', "arms.protected: 'Narnia' is not a country or party"),
        ('watched = "AZ"', "arms.watched must be a list of ISO codes or names"),
        ('lag_years = "two"', "arms.lag_years must be a number"),
        ("min_ratio = 2", "arms.min_ratio must be between 0 and 1, not 2"),
        ("as_of = 2024.5", "arms.as_of must be a year such as 2025, not 2024.5"),
        ("min_score = -0.1", "arms.min_score must be between 0 and 1"),
        ("protectd = []", "arms.protectd is not a setting hybridwatch knows"),
        (
            'protected = ["UA"]\nwatched = ["Ukraine"]',
            "arms: UA cannot be both protected and watched",
        ),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path: Path, arms: str, message: str) -> None:
    folder = _case_with(tmp_path, arms)
    with pytest.raises(InputError) as raised:
        case_mod.open_case(folder)
    text = str(raised.value)
    assert message in text
    assert text.startswith(str(folder / "case.toml")) and "\n" not in text
