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
