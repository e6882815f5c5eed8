"""The overall score's fitted combination (matcher.judge.overall): monotone, plain data,
explained part by part, and what `matcher score` shows of it."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import matcher
from matcher.data import MatchReport, ScorePart
from matcher.judge.overall import OVERALL_PARTS, OverallModel, cosine, lexical_vector
from matcher.judge.scoring import ScoringConfig, facts_part
from matcher.wording import score_moves

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"


def _model(**coef: float) -> OverallModel:
    parts = OVERALL_PARTS
    return OverallModel(parts, tuple(coef.get(p, 1.0) for p in parts), -3.0, (0.5,) * len(parts))


def test_plain_data_round_trip_and_negative_coefficients_refused() -> None:
    m = _model(role=2.5, lexical=0.0)
    back = OverallModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert back.coef == pytest.approx(m.coef) and back.parts == m.parts
    raw = m.to_dict()
    raw["coef"]["role"] = -1.0
    with pytest.raises(ValueError, match="monotone"):
        OverallModel.from_dict(raw)


def test_score_rises_with_every_part_and_stays_in_range() -> None:
    m = _model(requirements=3.0, role=2.0, seniority=1.0, facts=0.5, lexical=4.0)
    base = dict.fromkeys(OVERALL_PARTS, 0.4)
    for p in OVERALL_PARTS:
        assert m.score({**base, p: 0.9}) > m.score(base)
    assert 0.0 <= m.score(dict.fromkeys(OVERALL_PARTS, 0.0)) < m.score(
        dict.fromkeys(OVERALL_PARTS, 1.0)) <= 100.0


def test_fit_is_monotone_even_when_a_part_runs_against_the_labels() -> None:
    rng = np.random.default_rng(0)
    n = 400
    x = rng.uniform(0, 1, size=(n, len(OVERALL_PARTS)))
    logit = 6 * x[:, 0] + 4 * x[:, 1] - 5 * x[:, 4] - 5  # lexical works against the labels
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(float)
    m = OverallModel.fit(x, y)
    coef = dict(zip(m.parts, m.coef))
    assert coef["lexical"] == 0.0
    assert coef["requirements"] > coef["seniority"] >= 0.0
    assert coef["role"] > 0.0
    assert m.typical == pytest.approx(tuple(np.median(x, axis=0)))


def test_the_fit_does_not_depend_on_a_parts_units() -> None:
    # shared vocabulary is a cosine near 0.05, the role fit a probability: the penalty must
    # not shrink a part for being small, so a part ten times smaller gets ten times the weight
    rng = np.random.default_rng(1)
    n = 600
    x = rng.uniform(0, 1, size=(n, len(OVERALL_PARTS)))
    logit = 3 * x[:, 0] + 3 * x[:, 4] - 3
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(float)
    small = x.copy()
    small[:, 4] /= 10
    for c in (0.01, 1.0):
        plain, scaled = OverallModel.fit(x, y, c=c), OverallModel.fit(small, y, c=c)
        assert scaled.coef[4] == pytest.approx(10 * plain.coef[4], rel=1e-4)
        np.testing.assert_allclose(plain.probability(x), scaled.probability(small), atol=1e-6)
        groups = np.arange(n) % 6
        ranked = OverallModel.fit_ranking(x, y, groups, calibration=(x, y, np.ones(n)), c=c)
        ranked_small = OverallModel.fit_ranking(small, y, groups,
                                                calibration=(small, y, np.ones(n)), c=c)
        assert ranked_small.coef[4] == pytest.approx(10 * ranked.coef[4], rel=1e-3)


def test_explain_gives_the_points_each_part_moves() -> None:
    m = _model(requirements=3.0, role=2.0, seniority=1.0, facts=0.5, lexical=4.0)
    values = {"requirements": 0.9, "role": 0.1, "seniority": 0.5, "facts": 0.5, "lexical": 0.5}
    parts = {p.name: p for p in m.explain(values)}
    assert parts["requirements"].points > 0 > parts["role"].points
    assert parts["seniority"].points == pytest.approx(0.0)
    moved = m.score(values) - m.score({**values, "role": 0.5})
    assert parts["role"].points == pytest.approx(moved)


def test_lexical_cosine_is_one_for_the_same_terms_and_zero_for_none_shared() -> None:
    idf = {"python": 3.0, "spark": 4.0, "nursing": 5.0, "care": 2.0}
    a = lexical_vector([["python", "spark"], ["spark"]], idf)
    assert cosine(a, lexical_vector([["spark", "python", "spark"]], idf)) == pytest.approx(1.0)
    assert cosine(a, lexical_vector([["nursing", "care"]], idf)) == 0.0
    assert cosine(a, {}) == 0.0


def test_facts_part_is_the_weighted_fact_score_and_one_when_none_is_asked() -> None:
    from matcher.data import Requirement, RequirementMatch

    def match(kind: str, fact: float | None) -> RequirementMatch:
        feats = () if fact is None else (("fact_score", fact),)
        return RequirementMatch(Requirement("r", "x", kind, None, 1), 0.5, "partial", (), feats)

    weights = {"required": 1.0, "preferred": 0.5, "responsibility": 0.5}
    assert facts_part([match("required", None)], weights) == 1.0
    assert facts_part([match("required", 0.0), match("preferred", 1.0)],
                      weights) == pytest.approx(1 / 3)
    assert facts_part([match("responsibility", 0.0)], weights) == 1.0


def test_score_moves_reads_largest_first_and_skips_small_moves() -> None:
    parts = (ScorePart("role", "role fit", 0.9, 0.1, 21.4),
             ScorePart("seniority", "seniority fit", 0.2, 1.0, -12.2),
             ScorePart("facts", "degrees and years", 1.0, 1.0, 0.2))
    report = MatchReport("p", None, "r", "m", 50.0, (), (), parts=parts)
    assert score_moves(report) == "role fit +21 · seniority fit −12"
    assert [d["name"] for d in report.to_dict()["score_parts"]] == ["role", "seniority", "facts"]


@pytest.mark.slow
def test_score_uses_the_fitted_combination_and_explains_it() -> None:
    config = ScoringConfig.load("all-MiniLM-L6-v2")
    if config.overall is None:
        pytest.skip("no fitted overall model in models/scoring.json")
    scorer = matcher.make_scorer(today=date(2026, 11, 23))
    posting = matcher.read_posting(EX / "postings" / "data-engineer.md")
    good = scorer.score(posting, matcher.read_resume(EX / "resumes" / "jane-doe-data-engineer.md"))
    bad = scorer.score(posting, matcher.read_resume(EX / "resumes" / "alex-morgan-marketing.txt"))
    for report in (good, bad):
        values = {p.name: p.value for p in report.parts}
        assert set(values) == set(OVERALL_PARTS)
        if not report.caps:
            assert report.score == pytest.approx(config.overall.score(values), abs=0.01)
    assert good.score > bad.score
    # the misfit is held down by the parts a marketing résumé lacks for a data-engineer post
    assert min(p.points for p in bad.parts) < 0
    # without the combination the older mean is used and no parts are reported
    scorer.config = dataclasses.replace(scorer.config, overall=None)
    assert scorer.score(posting, matcher.read_resume(
        EX / "resumes" / "alex-morgan-marketing.txt")).parts == ()
