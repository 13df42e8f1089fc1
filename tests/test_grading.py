import pytest

from hybridwatch.errors import UsageError
from hybridwatch.grading import Grade


def test_parse_normalises_case_and_space() -> None:
    assert Grade.parse(" b2 ") == Grade("B", 2)
    assert str(Grade.parse("F6")) == "F6"


@pytest.mark.parametrize("text", ["", "B", "2B", "G1", "A0", "A7", "AA1"])
def test_parse_rejects_invalid(text: str) -> None:
    with pytest.raises(UsageError, match="invalid grade"):
        Grade.parse(text)


def test_describe_uses_admiralty_wording() -> None:
    assert Grade("A", 1).describe() == "completely reliable; confirmed by other sources"
