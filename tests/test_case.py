from pathlib import Path

import pytest

from hybridwatch import case as case_mod
from hybridwatch.errors import InputError, NoCaseError, UsageError


def test_init_writes_settings_and_store(tmp_path: Path) -> None:
    with case_mod.init(tmp_path / "c", 'Quote "me"') as made:
        assert made.name == 'Quote "me"'
        assert made.settings.watchlists.aircraft == []
    assert (tmp_path / "c" / "case.toml").is_file()
    assert (tmp_path / "c" / "case.duckdb").is_file()


def test_init_refuses_an_existing_case(tmp_path: Path) -> None:
    case_mod.init(tmp_path / "c").close()
    with pytest.raises(UsageError, match="already holds a case"):
        case_mod.init(tmp_path / "c")


def test_locate_prefers_option_then_env_then_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_mod.init(tmp_path / "c").close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(case_mod.ENV_VAR, raising=False)
    with pytest.raises(NoCaseError, match="no case"):
        case_mod.locate(None)
    monkeypatch.setenv(case_mod.ENV_VAR, str(tmp_path / "c"))
    assert case_mod.locate(None) == tmp_path / "c"
    assert case_mod.locate(Path("elsewhere")) == Path("elsewhere")
    monkeypatch.delenv(case_mod.ENV_VAR)
    monkeypatch.chdir(tmp_path / "c")
    assert case_mod.locate(None) == tmp_path / "c"


def test_open_without_case_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(NoCaseError, match="not a hybridwatch case"):
        case_mod.open_case(tmp_path)


def test_bad_watchlist_names_the_file_and_key(tmp_path: Path) -> None:
    case_mod.init(tmp_path / "c").close()
    toml = tmp_path / "c" / "case.toml"
    toml.write_text(toml.read_text().replace("aircraft = []", 'aircraft = "600881"'))
    with pytest.raises(InputError, match=r"case.toml: watchlists.aircraft must be a list"):
        case_mod.open_case(tmp_path / "c")


def test_invalid_toml_is_an_input_error(tmp_path: Path) -> None:
    case_mod.init(tmp_path / "c").close()
    (tmp_path / "c" / "case.toml").write_text("[case\n")
    with pytest.raises(InputError, match="not valid TOML"):
        case_mod.open_case(tmp_path / "c")
