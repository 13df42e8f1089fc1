"""Estimative language as ICD 203 prescribes: a likelihood word with its range, and a separate
confidence in the sources and reasoning — never both in one sentence.

ICD 203 (Analytic Standards, 2015, section D.6.a) fixes seven likelihood terms with their ranges;
a product uses one term set consistently. We use the first set ("almost no chance" … "almost
certain"). Confidence (low, moderate, high) says how good the evidence is, not how probable the
judgement: a well-sourced judgement can be "unlikely" with high confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from hybridwatch.documents.claims import ICD203

# (word, low, high): probabilities in [low, high); the one scale the documents stage also reads
# hedges with.
LIKELIHOOD = ICD203
CONFIDENCE = ("low", "moderate", "high")
# Each independent source that corroborates a finding removes this share of the doubt left.
CORROBORATION_WEIGHT = 0.5


@dataclass(frozen=True)
class Estimate:
    probability: float
    likelihood: str
    range: tuple[float, float]
    confidence: str
    confidence_reason: str

    def likelihood_sentence(self, judgement: str) -> str:
        """`It is likely (55–80%) that <judgement>.` — the likelihood only."""
        low, high = self.range
        return f"It is {self.likelihood} ({low:.0%}–{high:.0%}) that {judgement}."

    def confidence_sentence(self) -> str:
        """The confidence, on its own: `Confidence is moderate: …`."""
        return f"Confidence is {self.confidence}: {self.confidence_reason}."

    def as_json(self) -> dict[str, object]:
        return {
            "probability": round(self.probability, 3),
            "likelihood": self.likelihood,
            "range": [self.range[0], self.range[1]],
            "confidence": self.confidence,
            "confidence_reason": self.confidence_reason,
        }


def likelihood(probability: float) -> tuple[str, tuple[float, float]]:
    """The ICD 203 term whose range holds `probability` (clamped to the scale's ends)."""
    for word, low, high in LIKELIHOOD:
        if probability < high:
            return word, (low, high)
    word, low, high = LIKELIHOOD[-1]
    return word, (low, high)


def estimate(score: float, corroborating: int, grades: list[str]) -> Estimate:
    """A finding's likelihood from its detector score and the number of independent sources that
    corroborate it; its confidence from the grades (Admiralty, e.g. "B2") of the sources behind it.

    The score is the detector's own 0–1 weight of evidence; corroboration by k independent sources
    leaves (1 − CORROBORATION_WEIGHT)^k of the remaining doubt. Never "certain": capped at 0.99.
    """
    doubt = (1.0 - max(0.0, min(1.0, score))) * (1.0 - CORROBORATION_WEIGHT) ** corroborating
    probability = min(0.99, max(0.01, 1.0 - doubt))
    word, span = likelihood(probability)
    level, reason = confidence(corroborating, grades)
    return Estimate(probability, word, span, level, reason)


def confidence(corroborating: int, grades: list[str]) -> tuple[str, str]:
    """High: a usually reliable source (A–B) with credible content (1–2) and independent
    corroboration; moderate: a fairly reliable source (A–C, 1–3) or corroboration; low otherwise."""
    best = min(grades, default="F6", key=lambda g: (g[0], g[1:]))
    reliable = best[0] in "AB" and best[1:] in ("1", "2")
    fair = best[0] in "ABC" and best[1:] in ("1", "2", "3")
    sources = "no independent source corroborates it"
    if corroborating:
        sources = (
            "1 independent source agrees"
            if corroborating == 1
            else f"{corroborating} independent sources agree"
        )
    if reliable and corroborating:
        return "high", f"the best source is graded {best} and {sources}"
    if fair or corroborating:
        return "moderate", f"the best source is graded {best}; {sources}"
    return "low", f"the best source is graded {best}; {sources}"
