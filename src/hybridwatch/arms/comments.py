"""Financiers and routing out of SIPRI's free-text comments.

SIPRI writes lists with ';' where a comma would be (its CSV has no quoting), so "financed by
Denmark; Germany and Norway as aid" names three financiers, and "delivery via Slovakia and
Israel" two routing countries. A list goes on while the next item is a known party and stops at
anything else ("financed by Saudi Arabia; Mirage-5SDE version" is one financier). Forms read:

- financed / funded / paid for [75-85% | partly | …] by / with / via X [aid] [; Y] [and Z]
- [ordered | delivered | sold | bought | …] via X [company] [and Y]; "via and probably modernized
  in X" and "bought via and financed by X" (the party comes after "in" or "by")
- X as a name ("Denmark"), a SIPRI spelling ("USA", "FRG"), an adjective ("Danish company",
  "US 'FMF' aid") or an organisation ("EU", "NATO"), with fillers such as "aid from",
  "company in", "EUR165 m aid from"

A financier named only through a company ("Polish oil company") is not a State financier and is
left out; routing through a company counts for the company's country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hybridwatch.arms.countries import Party, match_party

_FINANCED = re.compile(
    r"\b(?:financed|funded|paid for)\b(?:[^;()]{0,25}?)\b(?:by|with|via)\s+", re.IGNORECASE
)
_VIA = re.compile(r"(?<!financed )(?<!funded )\bvia\s+", re.IGNORECASE)
_VIA_LATER = re.compile(r"and\b[^;()]{0,60}?\b(?:in|by)\s+", re.IGNORECASE)
_FILLER = re.compile(
    r"(?:(?:EUR|USD|GBP|\$)?[\d.,]+\s?[mb]?\s+(?=aid\b))?"
    r"(?:part\s+of\s+)?"
    r"(?:(?:financial\s+|military\s+)?(?:aid|loans?)\s+(?:from\s+)?)?"
    r"(?:(?:the|a|an)\s+)?"
    r"(?:other\s+states\s+\(incl\s+)?"
    r"(?:(?:company|dealer|producer)\s+in\s+)?",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(r"(?:\s+'[^']*')?(?:\s+(?:financial\s+)?aid\b)?")
_NOUN = re.compile(
    r"(?:\s+'[^']*')?\s+(?:[\w$.]+\s+){0,2}?(?:aid|company|companies|firm|dealer|producer|bank"
    r"|loans?|credit|government|production line)\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\s+(?:\w+\s+)?(?:company|companies|firm|dealer|producer|bank)\b", re.IGNORECASE
)
_DESIGNATION = re.compile(r"\s+designation\b", re.IGNORECASE)  # "New Zealand designation X"
_SEPARATOR = re.compile(r"\s*(?:;|,|/|\band/or\b|\band\b|\bor\b)\s*", re.IGNORECASE)


@dataclass
class CommentParties:
    financiers: list[str] = field(default_factory=list)  # party codes, in the order written
    via: list[str] = field(default_factory=list)


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    found = pattern.match(text, pos)
    return found.end() if found is not None else pos


def _next_party(text: str, pos: int) -> tuple[Party, int, bool] | None:
    """The party named at `pos` (after fillers such as "aid from"), the position after it, and
    whether it is named through a company. An adjective names a party only before a noun such
    as aid or company, or before another party ("South African and UAE companies")."""
    matched = match_party(text, _skip(_FILLER, text, pos))
    if matched is None:
        return None
    party, end, adjective = matched
    if _DESIGNATION.match(text, end):
        return None
    if adjective and _NOUN.match(text, end) is None:
        separator = _SEPARATOR.match(text, end)
        if separator is None or _next_party(text, separator.end()) is None:
            return None
    return party, end, _COMPANY.match(text, end) is not None


def _party_list(text: str, pos: int, *, states_only: bool) -> list[Party]:
    """The parties listed from `pos`: party (separator party)*, stopping at anything else."""
    found: list[Party] = []
    while (matched := _next_party(text, pos)) is not None:
        party, pos, through_company = matched
        if not (states_only and through_company):
            found.append(party)
        pos = _skip(_COMPANY, text, _skip(_QUALIFIER, text, pos))
        separator = _SEPARATOR.match(text, pos)
        if separator is None:
            break
        pos = separator.end()
    return found


def parse(comment: str | None, *, exclude: tuple[str, ...] = ()) -> CommentParties:
    """Financiers and routing countries named in a comment, as party codes without duplicates;
    `exclude` (the deal's own supplier and recipient) never counts as routing."""
    result = CommentParties()
    if not comment:
        return result
    for found in _FINANCED.finditer(comment):
        for party in _party_list(comment, found.end(), states_only=True):
            if party.code not in result.financiers and party.kind != "unknown":
                result.financiers.append(party.code)
    for found in _VIA.finditer(comment):
        start = found.end()
        later = _VIA_LATER.match(comment, start)
        if later is not None:
            start = later.end()
        for party in _party_list(comment, start, states_only=False):
            known = party.kind != "unknown"
            if known and party.code not in result.via and party.code not in exclude:
                result.via.append(party.code)
    return result
