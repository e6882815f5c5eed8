"""Calibration: a logistic map from named features to a probability, its verdict thresholds and
the credit a probability earns in the overall score. Plain data, loaded from models/scoring.json."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Calibration:
    """Logistic map from requirement features to the probability the requirement is met."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    met: float
    partial: float
    fitted_on: str = ""

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept + sum(c * values.get(f, 0.0) for f, c in zip(self.features, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def verdict(self, p: float) -> str:
        return "met" if p >= self.met else "partial" if p >= self.partial else "missing"

    def credit(self, p: float, at_met: float = 0.75, at_partial: float = 0.4) -> float:
        """What a requirement adds to the overall score: continuous in p and consistent with
        its verdict (a barely met requirement earns `at_met`, a barely partial one
        `at_partial`), so the overall score reads like the verdicts a person sees."""
        if p >= self.met:
            return at_met + (1 - at_met) * (p - self.met) / max(1 - self.met, 1e-9)
        if p >= self.partial:
            return at_partial + (at_met - at_partial) * (p - self.partial) / max(
                self.met - self.partial, 1e-9)
        return at_partial * p / max(self.partial, 1e-9)


@dataclass(frozen=True)
class Logit:
    """One logistic regression over raw feature values (any scaling folded into the coefs)."""

    coef: tuple[float, ...]
    intercept: float

    def __call__(self, features: tuple[str, ...], values: Mapping[str, float]) -> float:
        z = self.intercept + sum(c * values.get(f, 0.0) for f, c in zip(features, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class JudgeModel:
    """The per-requirement judge: two logistic regressions over the same features, fitted on
    requirements people labelled inside whole résumés (models/fit_judge.py).

    `met` gives P(met); `backed` gives P(met or partial). A requirement is met when
    P(met) >= `met_at`, partial when P(met or partial) >= `backed_at`, else missing.
    """

    features: tuple[str, ...]
    met: Logit
    backed: Logit
    met_at: float = 0.5
    backed_at: float = 0.5
    partial_credit: float = 0.5  # what a partial requirement earns in the score (met = 1)
    fitted_on: str = ""

    def probabilities(self, values: Mapping[str, float]) -> tuple[float, float]:
        p_met = self.met(self.features, values)
        return p_met, max(p_met, self.backed(self.features, values))

    def verdict(self, p_met: float, p_backed: float) -> str:
        return "met" if p_met >= self.met_at else "partial" if p_backed >= self.backed_at \
            else "missing"

    def credit(self, p_met: float, p_backed: float) -> float:
        """The expected credit: 1 for met, `partial_credit` for partial, 0 for missing."""
        return p_met + self.partial_credit * (p_backed - p_met)

    @classmethod
    def from_dict(cls, raw: Mapping) -> JudgeModel:
        return cls(
            features=tuple(raw["features"]),
            met=Logit(tuple(float(c) for c in raw["met"]["coef"]), float(raw["met"]["intercept"])),
            backed=Logit(tuple(float(c) for c in raw["backed"]["coef"]),
                         float(raw["backed"]["intercept"])),
            met_at=float(raw.get("met_at", 0.5)),
            backed_at=float(raw.get("backed_at", 0.5)),
            partial_credit=float(raw.get("partial_credit", 0.5)),
            fitted_on=str(raw.get("fitted_on", "")),
        )
