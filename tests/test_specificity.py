"""Specificity (issue 11, point 2): a requirement most résumés meet lifts a candidate less than
one few do. Weights come from background statistics of real résumés (models/specificity.json,
built by models/build_specificity.py from ../shared); the texts here are written for the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import matcher
from matcher.api import posting_from_document, resume_from_document
from matcher.data import Requirement, RequirementMatch
from matcher.facts import requirement_facts
from matcher.judge.asks import is_soft
from matcher.judge.scoring import _ALTERNATIVES, Scorer
from matcher.judge.skills import SkillIndex
from matcher.judge.specificity import SpecificityModel
from matcher.reading import document_from_text
from matcher.rendering import render

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
TODAY = date(2026, 11, 23)

COMMON = (
    "Excellent written and verbal communication skills.",
    "Strong teamwork and collaboration with colleagues.",
    "Bachelor's degree in any discipline.",
)
RARE = (
    "Experience building Kubernetes operators.",
    "SAP SD configuration",
)


def estimate(text: str):  # noqa: ANN201 - Specificity
    """The specificity the scorer computes for a requirement text."""
    index = SkillIndex.load()
    return SpecificityModel.load().estimate(
        text, index.requirement_skills(text), bool(_ALTERNATIVES.search(text)),
        requirement_facts(text), is_soft(text), index.label)


def test_the_statistics_load_and_hold_only_statistics() -> None:
    path = ROOT / "models" / "specificity.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["resumes"] == 200 and "dataturks" in raw["source"].lower()
    assert path.stat().st_size < 300_000
    assert all(isinstance(c, int) and c >= raw["min_df"] for c in raw["terms"].values())
    assert all(" " not in t for t in raw["terms"])  # words, never lines
    assert sum(raw["degrees"].values()) == sum(raw["years"].values()) == raw["resumes"]
    model = SpecificityModel.load()
    assert model.n == 200 and 0 < model.degree_rate("bachelor") < 1


@pytest.mark.parametrize("common", COMMON)
@pytest.mark.parametrize("rare", RARE)
def test_common_requirements_weigh_less_than_rare_specific_ones(common: str, rare: str) -> None:
    c, r = estimate(common), estimate(rare)
    assert c.rate > r.rate
    assert c.weight < 1.0 < r.weight
    assert c.weight < 0.8 and r.weight > 1.25  # shown as common / specific


def test_the_basis_of_each_estimate() -> None:
    assert estimate(COMMON[0]).basis == "soft"
    assert estimate(COMMON[2]).basis == "degree"
    assert estimate("A master's degree or PhD.").rate < estimate(COMMON[2]).rate
    assert estimate("10+ years of experience.").rate < estimate("2+ years of experience.").rate
    # a degree's field does not turn it into a rare skill
    assert estimate("Bachelor's degree in Computer Science.").basis == "degree"
    # one soft word among concrete asks does not make a requirement soft
    assert estimate("Improve data quality with automated checks, freshness monitoring and "
                    "ownership of alerts.").basis == "terms"


def test_weights_are_bounded_monotone_and_deterministic() -> None:
    model = SpecificityModel.load()
    rates = [1e-9, 0.001, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 0.99, 1.0]
    weights = [model.weight(r) for r in rates]
    lo, hi = model.bounds
    assert all(lo <= w <= hi for w in weights)
    assert weights == sorted(weights, reverse=True)
    assert model.weight(model.neutral_rate) == pytest.approx(1.0)
    assert estimate(RARE[0]) == estimate(RARE[0])
    assert SpecificityModel(json.loads((ROOT / "models" / "specificity.json").read_text(
        encoding="utf-8"))).weight(0.3) == model.weight(0.3)


def _match(kind: str, text: str, credit: float, spec: float | None) -> RequirementMatch:
    req = Requirement(id=f"R{abs(hash(text)) % 1000}", text=text, kind=kind,  # type: ignore[arg-type]
                      section=None, line=1)
    return RequirementMatch(requirement=req, score=credit, verdict="met" if credit else "missing",
                            evidence=(), features=(("credit", credit),), specificity=spec)


def test_the_requirements_score_multiplies_kind_and_specificity_weights() -> None:
    scorer = Scorer(lambda texts: None, "test")  # type: ignore[arg-type, return-value]
    posting = posting_from_document(document_from_text(
        "Engineer\n\nRequirements\n- Python\n", "p.md", "md"))
    resume = resume_from_document(document_from_text("Jo\n\nSkills\nPython\n", "r.txt"))
    common_met = (_match("required", COMMON[0], 1.0, 0.5), _match("required", RARE[0], 0.0, 1.5))
    rare_met = (_match("required", COMMON[0], 0.0, 0.5), _match("required", RARE[0], 1.0, 1.5))
    flat = tuple(replace(m, specificity=None) for m in common_met)
    assert scorer._report(posting, resume, flat).requirements_score == 50.0
    assert scorer._report(posting, resume, common_met).requirements_score == 25.0
    assert scorer._report(posting, resume, rare_met).requirements_score == 75.0


POSTING = """Platform Engineer

Requirements
- Excellent written and verbal communication skills.
- Strong teamwork and collaboration with colleagues.
- Bachelor's degree in any discipline.
- Experience building Kubernetes operators in Go.
"""
GENERALIST = """Robin Vale
robin.vale@example.com

SUMMARY
Friendly office professional known for clear communication and teamwork.

EXPERIENCE
Office Coordinator, Larchwood Supplies
2019 - Present
- Communicated schedule changes to a team of twelve and presented weekly updates.
- Collaborated with colleagues across three departments on the annual stock count.

EDUCATION
Bachelor of Arts in History, Eastmoor University, 2018
"""
SPECIALIST = """Kit Arden
kit.arden@example.com

EXPERIENCE
Platform Engineer, Northgale Cloud
2020 - Present
- Built Kubernetes operators in Go that reconcile database clusters across 40 tenants.
- Wrote custom resource definitions and controllers with controller-runtime.

SKILLS
Go, Kubernetes, Helm
"""


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return matcher.make_scorer(today=TODAY)


def _score(scorer: Scorer, specificity: bool):  # noqa: ANN202
    s = Scorer(scorer.encode, scorer.model_id, replace(scorer.config, specificity=specificity),
               today=TODAY, store=scorer.store, role=scorer.role)
    posting = posting_from_document(document_from_text(POSTING, "platform.md", "md"))
    return [s.score(posting, resume_from_document(document_from_text(text, name)))
            for name, text in (("generalist.txt", GENERALIST), ("specialist.txt", SPECIALIST))]


def test_meeting_only_the_common_requirements_counts_less_end_to_end(scorer: Scorer) -> None:
    gen_on, spec_on = _score(scorer, True)
    gen_off, spec_off = _score(scorer, False)
    assert all(m.specificity is None for m in gen_off.matches)
    assert {m.verdict for m in gen_on.matches} == {m.verdict for m in gen_off.matches}
    gap_on = gen_on.requirements_score - spec_on.requirements_score
    gap_off = gen_off.requirements_score - spec_off.requirements_score
    assert gap_on < gap_off - 5  # the generalist loses ground to the specialist
    assert gen_on.requirements_score < gen_off.requirements_score
    assert spec_on.requirements_score > spec_off.requirements_score
    common = [m for m in gen_on.matches if m.common]
    assert len(common) == 3 and all(m.specificity < 0.8 for m in common)


def test_reports_show_the_weight_and_its_reason(scorer: Scorer) -> None:
    report, _ = _score(scorer, True)
    data = json.loads(render(report, "json"))
    degree = next(r for r in data["requirements"] if "Bachelor" in r["text"])
    assert degree["specificity"]["weight"] < 0.8
    assert 0.5 < degree["specificity"]["background_rate"] < 1
    assert "background résumés" in degree["specificity"]["reason"]
    assert "bachelor's degree or higher" in degree["specificity"]["reason"]
    text = render(report, "text", width=200)
    assert text.count("(common: counts less)") == 3
    html = render(report, "html")
    assert "Counts less" in html and "Counts more" in html
    assert "background résumés" in render(report, "markdown")


def test_json_without_statistics_keeps_its_shape(scorer: Scorer) -> None:
    report, _ = _score(scorer, False)
    data = json.loads(render(report, "json"))
    assert all(r["specificity"] is None for r in data["requirements"])
    assert "(common: counts less)" not in render(report, "text", width=200)


@pytest.mark.skipif(not (DATA / "resumes-dev" / "dataturks-resumes.json").is_file(),
                    reason="../shared absent")
def test_the_build_script_reproduces_the_shipped_statistics(tmp_path: Path) -> None:
    out = tmp_path / "specificity.json"
    subprocess.run([sys.executable, str(ROOT / "models" / "build_specificity.py"),
                    "--data", str(DATA), "--out", str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    assert out.read_bytes() == (ROOT / "models" / "specificity.json").read_bytes()
