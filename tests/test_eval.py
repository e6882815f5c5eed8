"""`matcher eval ranking`: the metrics against hand computations, the BM25 and embedding
baselines, and runs on the examples and on a small set written here that print matcher, its
parts and every baseline."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher import evaluation
from matcher.cli import main
from matcher.evaluation import (
    METRICS,
    average_precision,
    bm25_run,
    chunks,
    evaluate_ranking,
    mean_metrics,
    model_unavailable,
    ndcg_at,
    precision_at,
    read_qrels,
    roc_auc,
    spearman,
)

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"

SCORES = {"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.1}
REL = {"a": 1, "b": 0, "c": 1, "d": 0}


def test_metrics_by_hand() -> None:
    assert average_precision(SCORES, REL) == pytest.approx((1 / 1 + 2 / 3) / 2)
    dcg = 1 + 1 / __import__("math").log2(4)
    idcg = 1 + 1 / __import__("math").log2(3)
    assert ndcg_at(SCORES, REL, 10) == pytest.approx(dcg / idcg)
    assert precision_at(SCORES, REL, 2) == 0.5
    assert roc_auc(SCORES, REL) == pytest.approx(3 / 4)  # 3 of 4 relevant/other pairs in order
    assert roc_auc(SCORES, {"a": 1, "b": 1, "c": 1, "d": 1}) is None
    # ties are broken by id, so equal scores give a stable ranking
    assert average_precision({"x": 0.5, "y": 0.5}, {"y": 1}) == 0.5


QRELS = """\
# query 0 doc relevance
data-engineer.md 0 jane-doe-data-engineer.md 1
data-engineer.md 0 sam-lee-backend.txt 0
data-engineer.md 0 alex-morgan-marketing.txt 0
data-engineer.md 0 pat-kim-nurse.txt 0
backend-engineer.txt 0 sam-lee-backend.txt 1
backend-engineer.txt 0 alex-morgan-marketing.txt 0
backend-engineer.txt 0 pat-kim-nurse.txt 0
nurse-manager.html 0 pat-kim-nurse.txt 1
nurse-manager.html 0 sam-lee-backend.txt 0
nurse-manager.html 0 alex-morgan-marketing.txt 0
nurse-manager.html 0 no-such-resume.txt 0
"""


def test_qrels_lines_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text(QRELS, encoding="utf-8")
    assert read_qrels(path)["data-engineer.md"]["jane-doe-data-engineer.md"] == 1
    path.write_text("q1 0 d1\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", "ranking", str(path), "--queries", str(tmp_path),
                                    "--docs", str(tmp_path)])
    assert res.exit_code == 2 and "expected 'query_id 0 doc_id relevance'" in res.stderr


def _no_mpnet(monkeypatch: pytest.MonkeyPatch) -> None:
    """all-mpnet-base-v2 reported as not installed: the tests' cache is empty, and unpacking
    and exporting it there would take minutes."""
    real = evaluation.model_unavailable
    monkeypatch.setattr(evaluation, "model_unavailable", lambda name: (
        "not installed (test)" if name == "all-mpnet-base-v2" else real(name)))


@pytest.mark.slow
def test_eval_ranking_on_the_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_mpnet(monkeypatch)
    qrels = tmp_path / "qrels.txt"
    qrels.write_text(QRELS, encoding="utf-8")
    args = ["eval", "ranking", str(qrels), "--queries", str(EX / "postings"),
            "--docs", str(EX / "resumes"), "--query-kind", "posting"]
    res = CliRunner().invoke(main, [*args, "-f", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["queries"] == 3 and out["judged_relevant"] == 3
    assert list(out["systems"]) == ["matcher", "requirements only", "role only",
                                   "seniority only", "lexical only", "tfidf",
                                    "bm25", "embedding (all-MiniLM-L6-v2)"]
    assert out["systems"]["matcher"]["MAP"] == 1.0  # every fitting résumé ranked first
    assert set(out["systems"]["matcher"]) == {"MAP", "nDCG@10", "P@5", "ROC-AUC", "Spearman"}
    assert [s["id"] for s in out["skipped"]] == ["no-such-resume.txt"]
    assert out["direction"] == "posting → résumés"
    assert out["unavailable_baselines"] == [
        {"system": "embedding (all-mpnet-base-v2)", "reason": "not installed (test)"}]
    text = CliRunner().invoke(main, args).stdout
    assert text.startswith("posting → résumés: 3 queries")
    rows = [line.split()[0] for line in text.splitlines()[2:] if line.strip()]
    assert rows[:8] == ["matcher", "requirements", "role", "seniority", "lexical", "tfidf", "bm25",
                        "embedding"]
    assert "not run: embedding (all-mpnet-base-v2): not installed (test)" in text


def test_spearman_by_hand() -> None:
    grades = {"a": 3, "b": 1, "c": 2, "d": 0}
    # score ranks 4 3 2 1 against grade ranks 4 2 3 1: sum d^2 = 2, rho = 1 - 6*2/(4*15)
    assert spearman(SCORES, grades) == pytest.approx(0.8)
    assert spearman(SCORES, {"a": 1, "b": 1, "c": 1, "d": 1}) is None  # constant grades
    assert spearman({"a": 0.5, "b": 0.5}, {"a": 1, "b": 0}) is None  # constant scores
    # only judged documents count: an unjudged one with a high score changes nothing
    assert spearman({**SCORES, "z": 5.0}, grades) == pytest.approx(0.8)
    # a query whose grades are all equal is left out of the mean, not counted as 0
    run = {"q1": SCORES, "q2": SCORES}
    qrels = {"q1": grades, "q2": {"a": 1, "b": 1, "c": 1, "d": 1}}
    means = mean_metrics(run, qrels)
    assert list(means) == list(METRICS) and means["Spearman"] == pytest.approx(0.8)
    assert math.isnan(mean_metrics({"q2": SCORES}, {"q2": qrels["q2"]})["Spearman"])


def test_bm25_ranks_the_document_with_the_query_terms_first() -> None:
    texts = {
        "q:r1": "Platform engineer: Kubernetes and Terraform.",
        "d:ops": "We run Kubernetes clusters with Terraform on AWS.",
        "d:ward": "Registered nurse for a busy surgical ward.",
    }
    run = bm25_run({"r1": ["ops", "ward"]}, texts)
    assert run["r1"]["ops"] > run["r1"]["ward"] == 0.0
    # by hand, Okapi BM25 with k1 = 1.2, b = 0.75: "kubernetes" and "terraform" each once in
    # "ops" (5 tokens after stop words: run kubernetes clusters terraform aws), in 1 of 2
    # documents; "ward" has 5 tokens too (registered nurse busy surgical ward)
    idf = math.log(1 + (2 - 1 + 0.5) / (1 + 0.5))
    tf = 1 * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 5 / 5))
    assert run["r1"]["ops"] == pytest.approx(2 * idf * tf, rel=1e-5)


def test_chunks_follow_lines_and_cut_long_ones() -> None:
    text = "one two\nthree four five\n\n" + " ".join(f"w{i}" for i in range(7)) + "\nend"
    assert chunks(text, 5) == ["one two three four five", "w0 w1 w2 w3 w4", "w5 w6 end"]
    assert chunks(text, 5) == chunks(text, 5)
    assert chunks("", 5) == []


POSTINGS = {
    "nurse.txt": "Staff Nurse\n\nRequirements\n- Registered nurse licence\n"
                 "- 3+ years of acute patient care\n- Basic life support certification\n",
    "backend.txt": "Backend Engineer\n\nRequirements\n- 4+ years of Python\n"
                   "- PostgreSQL and REST APIs\n- Docker and Kubernetes\n",
}
RESUMES = {
    "ana.txt": "Ana Ruiz\nRegistered Nurse\n\nExperience\nStaff Nurse, City Hospital, "
               "2018-2024\n- Acute patient care on a surgical ward\n- BLS certified\n",
    "ben.txt": "Ben Ott\nSoftware Engineer\n\nExperience\nBackend Engineer, Shopco, 2017-2024"
               "\n- Python services on PostgreSQL\n- REST APIs, Docker, Kubernetes\n",
}




def _tiny_set(folder: Path) -> Path:
    """Two résumés (queries) and two postings written here; each résumé fits one posting."""
    for sub, files in (("postings", POSTINGS), ("resumes", RESUMES)):
        (folder / sub).mkdir()
        for name, text in files.items():
            (folder / sub / name).write_text(text, encoding="utf-8")
    qrels = folder / "qrels.txt"
    qrels.write_text("ana 0 nurse 2\nana 0 backend 0\nben 0 backend 3\nben 0 nurse 0\n",
                     encoding="utf-8")
    return qrels


def test_mpnet_baseline_skipped_when_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a registry whose mpnet entry names zip-part packages that are not installed
    registry = json.loads((ROOT / "models" / "registry.json").read_text(encoding="utf-8"))
    registry["models"]["all-mpnet-base-v2"]["locate"]["zip_parts"] = [
        "matcher-test-no-such-part-001"]
    models = tmp_path / "models"
    models.mkdir()
    (models / "registry.json").write_text(json.dumps(registry), encoding="utf-8")
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(models))
    assert model_unavailable("all-mpnet-base-v2").startswith("not installed")
    assert model_unavailable("no-such-model") == "unknown model 'no-such-model'"

    qrels = _tiny_set(tmp_path)
    with qrels.open("a", encoding="utf-8") as f:  # a missing posting judged for both queries
        f.write("ana 0 ghost 0\nben 0 ghost 0\n")
    result = evaluate_ranking(qrels, tmp_path / "resumes", tmp_path / "postings",
                              query_kind="resume",
                              systems=("bm25", "embedding"),
                              embedding_models=("all-mpnet-base-v2",))
    assert list(result.systems) == ["bm25"] and result.queries == 2
    assert result.skipped == (("ghost", "no d file for this id"),)  # reported once
    assert result.systems["bm25"]["ROC-AUC"] == 1.0
    assert result.unavailable[0][0] == "embedding (all-mpnet-base-v2)"
    assert result.to_dict()["unavailable_baselines"][0]["reason"].startswith("not installed")
    assert result.to_dict()["direction"] == "résumé → postings"


@pytest.mark.slow
def test_eval_ranking_prints_every_system_and_metric(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_mpnet(monkeypatch)
    qrels = _tiny_set(tmp_path)
    args = ["eval", "ranking", str(qrels), "--queries", str(tmp_path / "resumes"),
            "--docs", str(tmp_path / "postings"), "--query-kind", "resume"]
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == "résumé → postings: 2 queries, 2 documents, 2 relevant judgements"
    assert lines[1].split() == ["system", "MAP", "nDCG@10", "P@5", "ROC-AUC", "Spearman"]
    systems = [line[:30].strip() for line in lines[2:] if not line.startswith("not run")]
    assert systems == ["matcher", "requirements only", "role only",
                                   "seniority only", "lexical only", "tfidf", "bm25",
                       "embedding (all-MiniLM-L6-v2)"]
    out = json.loads(CliRunner().invoke(main, [*args, "-f", "json"]).stdout)
    for name in ("tfidf", "bm25", "embedding (all-MiniLM-L6-v2)", "matcher"):
        # each query's one fitting posting is the one that shares its words
        assert out["systems"][name]["MAP"] == 1.0, name
        assert out["systems"][name]["Spearman"] == 1.0, name
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(main, [*args, "-f", "csv"]).stdout)))
    assert [r["system"] for r in rows] == systems
    assert {r["direction"] for r in rows} == {"résumé → postings"}
    assert float(rows[systems.index("bm25")]["ROC-AUC"]) == 1.0
