"""Role fit: the occupation index, résumé headlines, occupation profiles on the real model, the
role match, and how it combines with the requirements score."""

from __future__ import annotations

import gzip
import json
import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import matcher
from matcher.data import Resume, Role
from matcher.facts import roles_by_recency
from matcher.matching import terms
from matcher.occupations import ARTIFACT_VERSION, OccupationIndex, OccupationSpace, centroid_file
from matcher.paths import models_dir
from matcher.reading import document_from_text
from matcher.resumes import parse_resume

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
SHARED = ROOT.parent / "shared" / "data"
TODAY = date(2026, 11, 23)


# --- the occupation index ------------------------------------------------------------------


def test_index_has_every_onet_occupation_and_no_task_text() -> None:
    index = OccupationIndex.load()
    codes = [o.code for o in index.occupations]
    assert len(codes) == 1016 and codes == sorted(codes)
    titles = {o.code: o.title for o in index.occupations}
    assert titles["15-1252.00"] == "Software Developers"
    assert titles["29-1141.00"] == "Registered Nurses"
    path = models_dir() / f"{ARTIFACT_VERSION}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    # names and numbers only: no task statement or alternate title text
    assert set(raw["occupations"][0]) == {"code", "title", "has_tasks"}
    assert all(isinstance(v, int) for v in raw["term_document_frequency"].values())
    assert path.stat().st_size < 100_000
    assert index.has_tasks.sum() == 923  # the "All Other" occupations have no task statements


def test_trade_words_weigh_more_than_words_every_occupation_uses() -> None:
    index = OccupationIndex.load()
    [ensure], [triage], [kubernetes] = terms("ensure"), terms("triage"), terms("kubernetes")
    assert index.idf(ensure) < index.idf(triage) <= index.idf(kubernetes)
    assert index.idf(kubernetes) == pytest.approx(math.log(index.documents + 1) - math.log(0.5))


def test_centroid_files_are_named_per_base_model() -> None:
    assert centroid_file("all-MiniLM-L6-v2") == "occupations-v1.all-MiniLM-L6-v2.npy"
    assert centroid_file("all-MiniLM-L6-v2:int8") == centroid_file("all-MiniLM-L6-v2")
    assert "/" not in centroid_file("/models/my model")
    assert OccupationSpace.load("no-such-model", 0.03) is None
    space = OccupationSpace.load("all-MiniLM-L6-v2:int8", 0.03)
    assert space is not None and space.dimension == 384


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")
def test_rebuilt_index_is_byte_identical(tmp_path: Path) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "models" / "build_occupations.py"), "--data",
                    str(SHARED), "--out", str(tmp_path), "--index-only"], check=True,
                   capture_output=True)
    name = f"{ARTIFACT_VERSION}.json.gz"
    assert (tmp_path / name).read_bytes() == (models_dir() / name).read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")
def test_shipped_vectors_are_the_model_s_title_means() -> None:
    """A sample of occupations recomputed from O*NET with the real model."""
    sys_path = str(ROOT / "models")
    import sys

    sys.path.insert(0, sys_path)
    try:
        from build_occupations import centroids, read_onet
    finally:
        sys.path.remove(sys_path)
    titles, names, tasks = read_onet(SHARED)
    codes = sorted(titles)
    sample = ["15-1252.00", "29-1141.00", "13-2011.00", "11-3021.00"]
    embedder = matcher.make_scorer().encode
    fresh = centroids(embedder, [names[c] for c in sample])
    space = OccupationSpace.load("all-MiniLM-L6-v2", 0.03)
    shipped = space.title_vectors[[codes.index(c) for c in sample]]
    assert np.all(np.sum(fresh * shipped, axis=1) > 0.999)


# --- headlines -----------------------------------------------------------------------------


@pytest.mark.parametrize("header,headline", [
    ("Jane Doe\nSenior Data Engineer\njane@example.com | 555-0100", "Senior Data Engineer"),
    ("JANE DOE\nDenver, CO · jane@example.com · (555) 014-2231", None),
    ("Jane Doe\nData Engineer | Berlin, Germany | jane@example.com", "Data Engineer"),
    ("# Jane Doe\n\nStaff Accountant · Boise, ID", "Staff Accountant"),
    ("Priya Raman\nHyderabad, Telangana - Email me on Indeed: indeed.com/r/Priya/1f27a18d2e4b",
     None),
    ("RESUME\nPat Kim\nNurse Manager", "Nurse Manager"),
    ("Sam Lee\nTest Analyst at Oracle, Hyderabad", "Test Analyst at Oracle, Hyderabad"),
    ("Sam Lee\nSenior Data Engineer, Berlin", "Senior Data Engineer, Berlin"),
    ("Sam Lee\nProduct engineer with 7+ years of experience with", None),
    ("Sam Lee\nWilling to relocate: Anywhere", None),
    ("Sam Lee\nSystems Administrator", "Systems Administrator"),  # long words are not ids
    ("Sam Lee\nInfrastructure Engineer | 1f27a18d2e4b1948", "Infrastructure Engineer"),
])
def test_headline_is_the_title_under_the_name(header: str, headline: str | None) -> None:
    text = header + "\n\nEXPERIENCE\nBuilt things at Acme, 2019 - 2023\n"
    assert parse_resume(document_from_text(text, "r.txt")).headline == headline


def test_no_headline_in_examples_without_one_and_found_where_written() -> None:
    with_title = matcher.read_resume(EX / "resumes" / "misfit-openai-cpu-storage-tech-lead.txt")
    assert with_title.headline == "Staff Accountant"
    assert matcher.read_resume(EX / "resumes" / "jane-doe-data-engineer.md").headline is None


def test_roles_by_recency() -> None:
    def role(title: str, start: tuple[int, int] | None, end: tuple[int, int] | None) -> Role:
        return Role(title, None, start, end, 1, title)

    roles = (role("old", (2010, 1), (2012, 1)), role("undated", None, None),
             role("current", (2020, 1), None), role("recent", (2015, 1), (2019, 12)))
    assert [r.title for r in roles_by_recency(roles)] == ["current", "recent", "old", "undated"]


# --- profiles and the role match on the real model ----------------------------------------


@pytest.fixture(scope="module")
def scorer():
    return matcher.make_scorer(today=TODAY)


def _top_codes(scorer, titles: list[str], lines: list[str]) -> list[str]:  # noqa: ANN001
    space = scorer.role.space
    enc = scorer.encode
    profile = space.profile(enc(titles) if titles else np.zeros((0, 384), np.float32),
                            [1.0] * len(titles),
                            enc(lines) if lines else np.zeros((0, 384), np.float32))
    assert np.linalg.norm(profile) == pytest.approx(1.0, abs=1e-5)
    return [o.code for o, _ in space.top(profile, 3)]


@pytest.mark.slow
def test_profiles_read_titles_and_lines_as_occupations(scorer) -> None:  # noqa: ANN001
    assert _top_codes(scorer, ["Registered Nurse"], [])[0] == "29-1141.00"
    assert "15-1252.00" in _top_codes(scorer, ["Senior Software Engineer"], [])
    ledger = ["Reconciled general ledger accounts and prepared month-end journal entries",
              "Prepared quarterly tax filings and supported the external audit"]
    assert _top_codes(scorer, [], ledger)[0].startswith("13-2011")  # accountants and auditors
    assert scorer.role.space.top(np.zeros(1016, np.float32)) == ()


def _report(scorer, posting: str, resume: str):  # noqa: ANN001, ANN202
    return scorer.score(matcher.read_posting(EX / posting), matcher.read_resume(EX / resume))


@pytest.mark.slow
def test_role_tells_the_same_job_from_another(scorer) -> None:  # noqa: ANN001
    same = _report(scorer, "postings/data-engineer.md", "resumes/jane-doe-data-engineer.md")
    near = _report(scorer, "postings/data-engineer.md", "resumes/sam-lee-backend.txt")
    other = _report(scorer, "postings/data-engineer.md", "resumes/alex-morgan-marketing.txt")
    assert same.role.verdict == "match" and other.role.verdict == "different"
    assert same.role.score > near.role.score > other.role.score
    feats = [dict(r.role.features) for r in (same, near, other)]
    for name in ("occupation", "experience", "terms"):
        assert feats[0][name] > feats[2][name]
    assert same.role.posting_title == "Senior Data Engineer"
    assert same.role.resume_titles[0] == "Senior Data Engineer"  # most recent role first
    assert {"Airflow", "Kafka"} <= set(same.role.shared_terms)
    assert other.role.resume_occupations[0].code.startswith(("41-", "11-2", "13-1161"))


@pytest.mark.slow
def test_overall_score_is_the_fitted_combination_of_its_parts(scorer) -> None:  # noqa: ANN001
    overall = scorer.config.overall
    assert overall is not None, "models/scoring.json has no fitted overall combination"
    for resume in ("resumes/jane-doe-data-engineer.md", "resumes/sam-lee-backend.txt",
                   "resumes/alex-morgan-marketing.txt"):
        r = _report(scorer, "postings/data-engineer.md", resume)
        parts = {p.name: p.value for p in r.parts}
        assert parts["requirements"] == pytest.approx(r.requirements_score / 100, abs=1e-3)
        assert parts["role"] == pytest.approx(r.role.score, abs=1e-6)
        assert not r.caps
        assert r.score == pytest.approx(overall.score(parts), abs=0.01)
    # a résumé for other work scores far below its requirement coverage alone
    misfit = _report(scorer, "postings/nurse-manager.html", "resumes/sam-lee-backend.txt")
    assert misfit.score < misfit.requirements_score / 2


@pytest.mark.slow
def test_cap_applies_to_the_combined_score(scorer) -> None:  # noqa: ANN001
    posting = matcher.read_posting(EX / "postings" / "nurse-manager.html")
    resume = matcher.read_resume(EX / "resumes" / "pat-kim-nurse.txt")
    # the same nurse with her licence line removed: a mandatory licence is unmet
    kept = tuple(e for e in resume.evidence if "RN" not in e.text and "licen" not in e.text.lower()
                 and "Registered Nurse" not in e.text)
    report = scorer.score(posting, Resume(resume.path, kept, resume.roles, resume.degrees,
                                          headline=resume.headline))
    assert report.caps and report.score <= scorer.config.hard_fact_cap


def test_without_a_role_model_the_score_is_the_requirements_score() -> None:
    from matcher.scoring import Scorer

    def encode(texts):  # noqa: ANN001, ANN202
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, hash(t.lower().split()[0]) % 8] = 1.0
        return out

    scorer = Scorer(encode, "fake", today=TODAY)
    report = scorer.score(matcher.read_posting(EX / "postings" / "data-engineer.md"),
                          matcher.read_resume(EX / "resumes" / "jane-doe-data-engineer.md"))
    assert report.role is None and report.to_dict()["role"] is None
    assert report.score == pytest.approx(report.requirements_score, abs=0.01)


def test_models_without_occupation_vectors_use_the_default_space() -> None:
    from matcher.api import role_model
    from matcher.scoring import ScoringConfig

    class Embedder:
        model_id = "some-other-model"

    config = ScoringConfig.load("some-other-model")
    role = role_model(Embedder(), config, cache=None)
    assert role is not None and role.encode is not None  # the default model embeds role texts
    Embedder.model_id = "all-MiniLM-L6-v2"
    assert role_model(Embedder(), config, cache=None).encode is None


# --- contracts -----------------------------------------------------------------------------


@pytest.mark.slow
def test_json_carries_both_parts_and_the_role() -> None:
    from click.testing import CliRunner

    from matcher.cli import main

    res = CliRunner().invoke(main, ["score", str(EX / "postings" / "data-engineer.md"),
                                    str(EX / "resumes" / "sam-lee-backend.txt"), "-f", "json",
                                    "--as-of", "2026-11-23"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert 0 <= data["requirements_score"] <= 100
    role = data["role"]
    assert set(role) == {"score", "verdict", "posting_title", "resume_titles",
                         "posting_occupations", "resume_occupations", "shared_terms", "features"}
    assert set(role["features"]) == {"occupation", "experience", "terms"}
    assert set(role["posting_occupations"][0]) == {"code", "title", "share"}
    text = CliRunner().invoke(main, ["score", str(EX / "postings" / "data-engineer.md"),
                                     str(EX / "resumes" / "sam-lee-backend.txt")]).stdout
    assert "Role fit:" in text and "Posting reads as:" in text and "requirements " in text
