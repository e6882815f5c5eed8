"""The overall score: one fitted combination of the parts of a fit.

A résumé fits a posting when it meets the requirements, is for the same kind of work, at the
right level, with the facts asked (degrees, years) and in the posting's own vocabulary. Each part
is a number in [0, 1] read elsewhere and kept in the report:

- `requirements`: the requirements score (credit of each requirement, weighted by kind and
  specificity);
- `role`: the role fit (same kind of work, judge.role);
- `seniority`: the level fit (judge.seniority), 1 when the levels agree or nothing is known;
- `facts`: the share of the facts asked (degrees, years, licences) that the résumé shows,
  1 when the posting asks none;
- `lexical`: the TF-IDF cosine of the two whole documents, with term rarity fixed by a
  background (so it means the same for every pair).

`OverallModel` is a logistic model over those parts, fitted on labelled rankings by
models/fit_overall.py (parameters as plain data in models/scoring.json, "overall"), with every
coefficient >= 0: a better part never lowers the score. Its output, P(a person would call this
a fit) x 100, means the same for every posting, so a job seeker's postings sort on it.
"What moved this score" is how many points each part adds or takes compared with its typical
value on the training pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..data import RequirementMatch, ScorePart, SeniorityMatch

OVERALL_PARTS = ("requirements", "role", "seniority", "facts", "lexical")

# How each part reads in a report.
PART_LABELS = {
    "requirements": "requirements met",
    "role": "role fit",
    "seniority": "seniority fit",
    "facts": "degrees and years",
    "lexical": "shared vocabulary",
}

_FLOOR = 0.01  # the log transform's floor: a part of 0 is as bad as 0.01, not minus infinity


def _transform(values: np.ndarray, transform: str) -> np.ndarray:
    if transform == "log":
        return np.log(np.clip(values, _FLOOR, 1.0))
    if transform == "gate":
        # counts only below one half: a part that rules a document out, not one that orders
        # documents that all pass (the role fit: the same kind of work or not)
        return np.log(np.clip(values / 0.5, _FLOOR, 1.0))
    if transform == "sqrt":
        return np.sqrt(np.clip(values, 0.0, 1.0))
    return np.clip(values, 0.0, 1.0)


@dataclass(frozen=True)
class OverallModel:
    """logit P(fit) = intercept + sum coef_i * transform(part_i); every coef_i >= 0."""

    parts: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    typical: tuple[float, ...]  # each part's median on the training pairs
    transforms: tuple[str, ...] = ()  # per part: identity | log | gate | sqrt (default identity)
    about: str = ""

    # -- plain data --

    @classmethod
    def from_dict(cls, raw: Mapping) -> OverallModel:
        parts = tuple(raw["parts"])
        coef = tuple(float(raw["coef"][p]) for p in parts)
        transforms = tuple(raw.get("transforms", {}).get(p, "identity") for p in parts)
        typical = tuple(float(raw["typical"][p]) for p in parts)
        if any(c < 0 for c in coef):
            raise ValueError("overall model: coefficients must be >= 0 (monotone in each part)")
        return cls(parts, coef, float(raw["intercept"]), typical, transforms,
                   str(raw.get("about", "")))

    def to_dict(self) -> dict:
        return {
            "about": self.about,
            "parts": list(self.parts),
            "coef": {p: round(c, 6) for p, c in zip(self.parts, self.coef)},
            "intercept": round(self.intercept, 6),
            "transforms": dict(zip(self.parts, self._transforms())),
            "typical": {p: round(t, 6) for p, t in zip(self.parts, self.typical)},
        }

    def _transforms(self) -> tuple[str, ...]:
        return self.transforms or ("identity",) * len(self.parts)

    # -- use --

    def features(self, values: np.ndarray) -> np.ndarray:
        """Rows of part values (columns in `parts` order) -> the model's inputs."""
        values = np.atleast_2d(np.asarray(values, dtype=np.float64))
        return np.column_stack([_transform(values[:, j], t)
                                for j, t in enumerate(self._transforms())])

    def probability(self, values: np.ndarray) -> np.ndarray:
        z = self.features(values) @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def vector(self, parts: Mapping[str, float]) -> np.ndarray:
        return np.array([float(parts[p]) for p in self.parts])

    def score(self, parts: Mapping[str, float]) -> float:
        """0-100."""
        return float(100.0 * self.probability(self.vector(parts))[0])

    def explain(self, parts: Mapping[str, float]) -> tuple[ScorePart, ...]:
        """Each part with the points it moves the score: the score minus the score with that
        part at its typical value and the others as they are."""
        x = self.vector(parts)
        base = float(100.0 * self.probability(x)[0])
        rows = np.tile(x, (len(x), 1))
        rows[np.arange(len(x)), np.arange(len(x))] = self.typical
        without = 100.0 * self.probability(rows)
        return tuple(
            ScorePart(name=p, label=PART_LABELS.get(p, p), value=float(x[j]),
                      typical=self.typical[j], points=base - float(without[j]))
            for j, p in enumerate(self.parts)
        )

    # -- fitting --

    @classmethod
    def fit(
        cls,
        values: np.ndarray,
        labels: np.ndarray,
        sample_weight: np.ndarray | None = None,
        parts: Sequence[str] = OVERALL_PARTS,
        transforms: Sequence[str] | None = None,
        c: float = 1.0,
        about: str = "",
    ) -> OverallModel:
        """A logistic regression on the parts' values (rows) and labels (0 / 1), monotone:
        a part whose coefficient comes out negative is dropped (coefficient 0) and the rest
        refitted, until none is negative."""
        parts = tuple(parts)
        transforms = tuple(transforms or ("identity",) * len(parts))
        values = np.asarray(values, dtype=np.float64)
        probe = cls(parts, (0.0,) * len(parts), 0.0, (0.0,) * len(parts), transforms)
        coef, intercept = _monotone_logistic(probe.features(values), labels, sample_weight, c)
        if not coef.any():  # every part dropped: the base rate alone
            pos = float(np.average(labels, weights=sample_weight))
            intercept = math.log(max(pos, 1e-6) / max(1 - pos, 1e-6))
        typical = tuple(float(v) for v in np.median(values, axis=0))
        return cls(parts, tuple(float(w) for w in coef), intercept, typical, transforms, about)


    @classmethod
    def fit_ranking(
        cls,
        values: np.ndarray,
        grades: np.ndarray,
        groups: np.ndarray,
        calibration: tuple[np.ndarray, np.ndarray, np.ndarray],
        parts: Sequence[str] = OVERALL_PARTS,
        transforms: Sequence[str] | None = None,
        c: float = 1.0,
        about: str = "",
        max_pairs: int = 4000,
    ) -> OverallModel:
        """Coefficients that order each query's documents (a pairwise logistic loss: within a
        group, every document graded higher against every one graded lower, weighted by the
        grade difference; every group weighs the same), then one scale and intercept fitted
        pointwise on `calibration` = (values, labels 0/1, weights), so the score is still a
        probability comparable across queries. Monotone as in `fit`."""
        from sklearn.linear_model import LogisticRegression

        parts = tuple(parts)
        transforms = tuple(transforms or ("identity",) * len(parts))
        probe = cls(parts, (0.0,) * len(parts), 0.0, (0.0,) * len(parts), transforms)
        x = probe.features(np.asarray(values, dtype=np.float64))
        grades = np.asarray(grades, dtype=np.float64)
        rng = np.random.default_rng(0)  # a fixed sample of pairs: the same fit every run
        diffs, weights = [], []
        for g in sorted(set(groups.tolist())):
            idx = np.flatnonzero(groups == g)
            hi, lo = np.meshgrid(idx, idx, indexing="ij")
            hi, lo = hi.ravel(), lo.ravel()
            keep = grades[hi] > grades[lo]
            hi, lo = hi[keep], lo[keep]
            if not len(hi):
                continue
            if len(hi) > max_pairs:
                pick = np.sort(rng.choice(len(hi), max_pairs, replace=False))
                hi, lo = hi[pick], lo[pick]
            w = grades[hi] - grades[lo]
            diffs.append(x[hi] - x[lo])
            weights.append(w / w.sum())
        d = np.vstack(diffs)
        w = np.concatenate(weights)
        w *= len(w) / w.sum()
        xd = np.vstack([d, -d])
        yd = np.concatenate([np.ones(len(d)), np.zeros(len(d))])
        wd = np.concatenate([w, w])
        coef, _ = _monotone_logistic(xd, yd, wd, c, fit_intercept=False)
        cal_values, cal_labels, cal_weights = calibration
        score = probe.features(np.asarray(cal_values, dtype=np.float64)) @ coef
        platt = LogisticRegression(C=1e4, max_iter=5000)
        platt.fit(score[:, None], cal_labels, sample_weight=cal_weights)
        scale = max(float(platt.coef_[0][0]), 0.0)
        typical = tuple(float(v) for v in np.median(np.asarray(values), axis=0))
        return cls(parts, tuple(float(b) * scale for b in coef), float(platt.intercept_[0]),
                   typical, transforms, about)


def _monotone_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None, c: float,
                       fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    """Logistic regression with every coefficient >= 0: the column with the most negative
    coefficient is dropped (coefficient 0) and the rest refitted, until none is negative.
    All zeros (and intercept 0) when every column is dropped.

    Columns are standardised for the fit (weighted; centred too when there is an intercept)
    and the scaling folded back into the coefficients, so the L2 penalty weighs every part
    alike whatever its units: shared vocabulary, a cosine around 0.05, is not shrunk harder
    than the role fit, a probability."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(x, dtype=np.float64)
    mean = (np.average(x, axis=0, weights=weight) if fit_intercept
            else np.zeros(x.shape[1]))
    spread = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=weight))
    spread[spread < 1e-12] = 1.0
    xs = (x - mean) / spread
    keep = list(range(x.shape[1]))
    coef = np.zeros(x.shape[1])
    while keep:
        model = LogisticRegression(C=c, fit_intercept=fit_intercept, max_iter=5000)
        model.fit(xs[:, keep], y, sample_weight=weight)
        w = model.coef_[0]
        if (w >= 0).all():
            coef[keep] = w / spread[keep]
            intercept = (float(model.intercept_[0]) - float(coef[keep] @ mean[keep])
                         if fit_intercept else 0.0)
            return coef, intercept
        keep.pop(int(np.argmin(w)))
    return coef, 0.0


def seniority_part(seniority: SeniorityMatch | None) -> float:
    """The overall score's `seniority` part: the level fit, 1.0 when either level is unknown
    (nothing shows a mismatch; most postings state no level and no years)."""
    if seniority is None or seniority.direction == "unknown":
        return 1.0
    return seniority.score


def facts_part(matches: Sequence[RequirementMatch], weights: Mapping[str, float]) -> float:
    """The overall score's `facts` part: the kind-weighted mean fact score (degrees, years,
    licences) of the requirements that ask one; 1.0 when none does."""
    scored = [(weights[m.requirement.kind], f["fact_score"]) for m in matches
              if m.requirement.kind != "responsibility"
              and "fact_score" in (f := dict(m.features))]
    total = sum(w for w, _ in scored)
    return sum(w * v for w, v in scored) / total if total else 1.0


def lexical_vector(term_lists: Sequence[Sequence[str]],
                   idf: Mapping[str, float]) -> dict[str, float]:
    """A whole document's TF-IDF vector (sublinear term frequency), L2-normalised, from the
    terms of its lines."""
    tf: dict[str, int] = {}
    for ts in term_lists:
        for t in ts:
            tf[t] = tf.get(t, 0) + 1
    vec = {t: (1.0 + math.log(n)) * idf[t] for t, n in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return float(sum(v * b.get(t, 0.0) for t, v in a.items()))
