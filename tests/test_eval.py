"""`matcher eval ranking`: the metrics against hand computations, and a run on the examples
that prints matcher, its two parts and both baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.evaluation import average_precision, ndcg_at, precision_at, read_qrels, roc_auc

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


@pytest.mark.slow
def test_eval_ranking_on_the_examples(tmp_path: Path) -> None:
    qrels = tmp_path / "qrels.txt"
    qrels.write_text(QRELS, encoding="utf-8")
    args = ["eval", "ranking", str(qrels), "--queries", str(EX / "postings"),
            "--docs", str(EX / "resumes"), "--query-kind", "posting"]
    res = CliRunner().invoke(main, [*args, "-f", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["queries"] == 3 and out["judged_relevant"] == 3
    assert list(out["systems"]) == ["matcher", "requirements only", "role only", "tfidf",
                                    "embedding"]
    assert out["systems"]["matcher"]["MAP"] == 1.0  # every fitting résumé ranked first
    assert set(out["systems"]["matcher"]) == {"MAP", "nDCG@10", "P@5", "ROC-AUC"}
    assert [s["id"] for s in out["skipped"]] == ["no-such-resume.txt"]
    text = CliRunner().invoke(main, args).stdout
    rows = [line.split()[0] for line in text.splitlines()[2:] if line.strip()]
    assert rows[:5] == ["matcher", "requirements", "role", "tfidf", "embedding"]
