"""Scoring parameters: models/scoring.json read into one frozen config per encoder (weights,
caps, the fitted judge, the evidence order's weights, the overall combination). Plain data, no
scoring logic; an encoder without entries of its own uses its base model's ("x:int8"), else
"default"."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..data import KINDS
from ..errors import MatcherError
from ..paths import models_dir
from .calibration import Calibration, JudgeModel
from .overall import OverallModel
from .role import RoleConfig


@dataclass(frozen=True)
class ScoringConfig:
    weights: dict[str, float]
    calibration: Calibration
    top_k: int = 3
    hard_fact_cap: float = 60.0
    fact_weight: float = 0.75
    skill_penalty_none_found: float = 0.5
    # "3 years of experience in web development": the years are counted over the whole
    # career, so "met" also needs a line that clearly shows the topic (text P(met) this high;
    # chosen on the judge set's train split)
    topic_years_met_at: float = 0.7
    # a short requirement (asks.short_asks) no line shows in its own words is met only by a
    # line this similar to it (cosine; chosen on the judge set's train split)
    unshown_met_at: float = 0.55
    skills_list_discount: float = 0.1
    credit: tuple[float, float] = (0.75, 0.4)  # overall-score credit at the met / partial line
    role: RoleConfig | None = None
    # the overall score is the weighted geometric mean of the requirements score (weight
    # 1 - role_weight) and the role fit (role_weight)
    role_weight: float = 0.5
    judge: JudgeModel | None = None  # fitted on labelled résumés (models/fit_judge.py)
    # the evidence order: a weighted sum of each unit's EVIDENCE_FEATURES (scoring.
    # evidence_rows), weights fitted with the judge (models/fit_judge.py)
    evidence: tuple[tuple[str, float], ...] = (("cosine", 1.0), ("shows_use", 2.0))
    # the fitted combination of the score's parts (models/fit_overall.py); without one, the
    # score is the geometric mean of requirements and role fit above
    overall: OverallModel | None = None
    # weigh each requirement by how few background résumés show it (judge/specificity.py)
    specificity: bool = True

    @classmethod
    def load(cls, model_id: str = "default", path: Path | None = None) -> ScoringConfig:
        path = path or models_dir() / "scoring.json"
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise MatcherError(f"cannot read scoring parameters {path}: {e}") from e
        role = raw.get("role")
        # the evidence order's weights are fitted with each model's judge
        judge_raw = _by_model(raw.get("judge") or {}, model_id) or {}
        evidence = judge_raw.get("evidence") or raw.get("evidence") or {}
        return cls(
            weights={k: float(raw["weights"][k]) for k in KINDS},
            calibration=_calibration(raw["calibration"], model_id),
            role=None if role is None else RoleConfig(
                calibration=_calibration(role["calibration"], model_id),
                temperature=float(role["temperature"]),
                headline_weight=float(role["headline_weight"]),
                role_title_weight=float(role["role_title_weight"]),
                max_role_titles=int(role["max_role_titles"]),
            ),
            role_weight=float(raw.get("role_weight", 0.5)),
            judge=_judge_model(raw.get("judge"), model_id),
            overall=_overall_model(raw.get("overall"), model_id),
            evidence=_evidence_weights(evidence),
            specificity=bool(raw.get("specificity", True)),
            top_k=int(raw.get("top_k", 3)),
            hard_fact_cap=float(raw.get("hard_fact_cap", 60.0)),
            fact_weight=float(raw.get("fact_weight", 0.75)),
            skill_penalty_none_found=float(raw.get("skill_penalty_none_found", 0.5)),
            topic_years_met_at=float(raw.get("topic_years_met_at", 0.7)),
            unshown_met_at=float(raw.get("unshown_met_at", 0.55)),
            skills_list_discount=float(raw.get("skills_list_discount", 0.1)),
            credit=(float(raw["credit"]["met"]), float(raw["credit"]["partial"]))
            if "credit" in raw else (0.75, 0.4),
        )


EVIDENCE_FEATURES = ("cosine", "bm25", "hub", "work", "shows_use", "asks", "overlap")


def _evidence_weights(raw: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    """The evidence order's weights by feature. The older form ({"bm25", "hub", "work"}: cosine
    + bm25 x BM25 share - hub x hubness + work, lines showing a skill in use first) reads as
    the same order."""
    if raw and set(raw) <= {"bm25", "hub", "work"}:
        raw = {"cosine": 1.0, "bm25": raw.get("bm25", 0.0), "hub": -float(raw.get("hub", 0.0)),
               "work": raw.get("work", 0.0), "shows_use": 2.0}
    unknown = set(raw) - set(EVIDENCE_FEATURES)
    if unknown:
        raise MatcherError(f"unknown evidence features in models/scoring.json: {sorted(unknown)}")
    try:
        weights = tuple((name, float(raw[name])) for name in EVIDENCE_FEATURES if raw.get(name))
    except (TypeError, ValueError) as e:
        raise MatcherError(f"bad evidence weights in models/scoring.json: {e}") from e
    if not all(math.isfinite(w) for _, w in weights):
        raise MatcherError("bad evidence weights in models/scoring.json: not finite")
    return weights or (("cosine", 1.0),)


def _judge_model(by_model: Mapping[str, Mapping] | None, model_id: str) -> JudgeModel | None:
    """A model's judge: its own, its base model's (for ":int8"), else "default", else None."""
    raw = _by_model(by_model or {}, model_id)
    return None if raw is None else JudgeModel.from_dict(raw)


def _overall_model(by_model: Mapping[str, Mapping] | None,
                   model_id: str) -> OverallModel | None:
    entry = _by_model(by_model or {}, model_id)
    if entry is None:
        return None
    try:
        return OverallModel.from_dict(entry)
    except (KeyError, TypeError, ValueError) as e:
        raise MatcherError(f"bad overall-score parameters in models/scoring.json: {e}") from e


def _by_model(by_model: Mapping[str, Mapping], model_id: str) -> Mapping | None:
    """A model's entry: its own, its base model's (for ":int8"), else "default", else None."""
    return by_model.get(model_id) or by_model.get(model_id.split(":")[0]) or by_model.get("default")


def _calibration(by_model: Mapping[str, Mapping], model_id: str) -> Calibration:
    """A model's calibration: its own, its base model's (for ":int8"), else "default"."""
    cal = _by_model(by_model, model_id) or by_model["default"]
    return Calibration(
        features=tuple(cal["features"]),
        coef=tuple(float(c) for c in cal["coef"]),
        intercept=float(cal["intercept"]),
        met=float(cal["thresholds"]["met"]),
        partial=float(cal["thresholds"]["partial"]),
        fitted_on=str(cal.get("fitted_on", "")),
    )
