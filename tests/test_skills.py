"""matcher.skills against the committed artifact; the rebuild test needs ../shared data."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from matcher.skills import SkillIndex, SkillMention, resolve_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def idx() -> SkillIndex:
    return SkillIndex.load()


def labels(idx: SkillIndex, text: str) -> list[str]:
    return [m.label for m in idx.find(text)]


def test_artifact_is_versioned_small_and_loads():
    # its load time is measured by benchmarks/score_timing.py, not asserted: a busy machine
    # makes a timed test fail for nothing
    path = resolve_path()
    assert path.stat().st_size < 1_500_000
    fresh = SkillIndex(json.loads(gzip.decompress(path.read_bytes())))
    assert fresh.version == "skills-v1"
    assert {"onet", "esco"} <= set(fresh.sources)
    assert len(fresh) > 5000


def test_default_load_is_memoised(idx):
    assert SkillIndex.load() is idx


def test_models_dir_env_override(tmp_path, monkeypatch):
    art = {"version": "t", "entries": [{"id": "x", "label": "Xyzzy", "type": "tool", "aliases": ["xyzzy"]}]}
    (tmp_path / "skills-v1.json.gz").write_bytes(gzip.compress(json.dumps(art).encode()))
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path))
    small = SkillIndex.load()
    assert small.version == "t"
    assert small.skills_in("uses XYZZY daily") == {"x"}


def test_mentions_carry_offsets(idx):
    text = "Built services in Postgres."
    (m,) = idx.find(text)
    assert m == SkillMention("postgresql", "PostgreSQL", "Postgres", 18, 26)
    assert text[m.start : m.end] == "Postgres"


def test_whole_tokens_only(idx):
    assert "Python" not in labels(idx, "a pythonic design")
    assert labels(idx, "Python and Java, not JavaScript") == ["Python", "Java", "JavaScript"]


@pytest.mark.parametrize(
    "text", ["C-level executives", "graded C", "grade C", "Plan B and C", "Vitamin C", "John C. Smith"]
)
def test_c_as_prose_is_not_a_language(idx, text):
    assert "C" not in labels(idx, text)


def test_c_in_a_list_is_a_language(idx):
    assert labels(idx, "C, C++ and Rust") == ["C", "C++", "Rust"]
    assert "C" in labels(idx, "firmware written in C")


def test_c_plus_plus_and_c_sharp_are_distinct(idx):
    assert idx.skills_in("C++ and C#") == {"c++", "c#"}


def test_r(idx):
    assert labels(idx, "Python, R, SQL") == ["Python", "R", "SQL"]
    assert labels(idx, "R&D budget") == []
    assert "R" in labels(idx, "statistics in R")


@pytest.mark.parametrize("text", ["Go, Rust", "services written in Go"])
def test_go_language(idx, text):
    assert "Go" in labels(idx, text)


@pytest.mark.parametrize("text", ["Go-to-market strategy", "go live in May", "Go to market fast", "let go"])
def test_go_verb(idx, text):
    assert "Go" not in labels(idx, text)


def test_excel_tool_vs_verb(idx):
    assert labels(idx, "Advanced Excel skills") == ["Microsoft Excel"]
    assert labels(idx, "MS Excel, Word, PowerPoint") == [
        "Microsoft Excel", "Microsoft Word", "Microsoft PowerPoint",
    ]
    assert labels(idx, "You excel at building trust") == []
    assert labels(idx, "Excel at building trust") == []


def test_spark_and_swift(idx):
    assert labels(idx, "Spark jobs on Hadoop") == ["Apache Spark", "Hadoop"]
    assert labels(idx, "spark curiosity") == []
    assert labels(idx, "Spark curiosity in others") == []
    assert labels(idx, "Swift delivery of projects") == []
    assert "Swift" in labels(idx, "iOS apps in Swift")


def test_curated_aliases(idx):
    assert idx.skills_in("k8s") == {"kubernetes"}
    assert idx.skills_in("Postgres") == {"postgresql"}
    assert idx.skills_in("Node.js backend") == {"node.js"}
    assert idx.skills_in("sklearn, scikit learn") == {"scikit-learn"}
    assert idx.skills_in("golang") == {"go"}
    assert idx.skills_in("CI/CD pipelines and A/B testing") == {"ci/cd", "a/b-testing"}
    assert ".net" in idx.skills_in("Services on .NET Core")


def test_languages_need_case_and_context(idx):
    assert labels(idx, "Fluent German and Polish") == ["German", "Polish"]
    assert labels(idx, "Polish your résumé") == []


def test_requirement_skills_skip_soft_skills(idx):
    req = "Strong communication skills and 3+ years with Kubernetes and Terraform"
    assert idx.requirement_skills(req) == ("kubernetes", "terraform")


def test_missing_skills_uses_implications(idx):
    resume = idx.skills_in("Built APIs on PostgreSQL; deployed with Docker")
    assert idx.missing_skills("SQL and Docker experience", resume) == ()
    assert idx.missing_skills("Kubernetes and Docker", resume) == ("kubernetes",)


def test_matching_speed(idx):
    line = "Experience with Python, Go, PostgreSQL and Kubernetes; excellent communication."
    t = time.perf_counter()
    for _ in range(2000):
        idx.find(line)
    assert 2000 / (time.perf_counter() - t) > 5000


@pytest.mark.skipif(not (SHARED / "taxonomies").is_dir(), reason="shared taxonomies absent")
def test_rebuild_matches_committed_artifact(tmp_path, monkeypatch):
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_skills", ROOT / "models" / "build_skills.py")
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_skills", mod)  # dataclasses look the module up
    spec.loader.exec_module(mod)
    out = tmp_path / "skills.json.gz"
    mod.main(["--data", str(SHARED), "--out", str(out)])
    assert out.read_bytes() == resolve_path().read_bytes()
