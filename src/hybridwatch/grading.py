"""Admiralty (NATO STANAG 2511) source grading: reliability A–F and credibility 1–6."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hybridwatch.errors import UsageError

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
_GRADE = re.compile(r"^\s*([A-Fa-f])\s*([1-6])\s*$")


@dataclass(frozen=True)
class Grade:
    reliability: str
    credibility: int

    @classmethod
    def parse(cls, text: str) -> Grade:
        match = _GRADE.match(text)
        if not match:
            raise UsageError(
                f"invalid grade {text!r}: expected reliability A–F then credibility 1–6, e.g. B2"
            )
        return cls(match.group(1).upper(), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"

    def describe(self) -> str:
        return f"{RELIABILITY[self.reliability]}; {CREDIBILITY[self.credibility]}"


UNGRADED = Grade("F", 6)
