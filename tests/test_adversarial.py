"""Keyword stuffing and hidden text are excluded from scoring and reported; redaction hides
identity without changing scores."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.data import Evidence, Resume
from matcher.stuffing import is_stuffed, remove_stuffing

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
POSTING = EX / "postings/data-engineer.md"


@pytest.mark.parametrize("line,stuffed", [
    ("Python Python Python Python Python developer", True),
    ("Kubernetes, Kubernetes, Kubernetes, Kubernetes, Docker", True),
    ("spark airflow spark airflow spark airflow spark airflow", True),
    ("Built Spark pipelines in Python and tuned Spark jobs on EMR", False),
    ("Languages: Python, SQL, Scala, Bash", False),
])
def test_is_stuffed(line: str, stuffed: bool) -> None:
    assert is_stuffed(line) is stuffed


def test_stuffed_lines_are_removed_and_reported() -> None:
    evidence = (
        Evidence("E1", "Built batch pipelines in Python on AWS", "experience", 3, "bullet"),
        Evidence("E2", "Airflow Airflow Airflow Airflow Airflow Airflow", "skills", 9, "line"),
    )
    cleaned = remove_stuffing(Resume("r.txt", evidence))
    assert [e.id for e in cleaned.evidence] == ["E1"]
    assert len(cleaned.warnings) == 1 and "L9" in cleaned.warnings[0]


def _score_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["score", str(POSTING), *args, "--as-of", "2026-11-23",
                                       "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_stuffing_does_not_buy_a_requirement(tmp_path: Path) -> None:
    base = (EX / "resumes/alex-morgan-marketing.txt").read_text(encoding="utf-8")
    stuffed = tmp_path / "stuffed.txt"
    stuffed.write_text(base + "\nAirflow Airflow Airflow Airflow Airflow Spark Spark Spark Spark "
                       "Spark Airflow Spark\n", encoding="utf-8")
    plain, gamed = _score_json(str(EX / "resumes/alex-morgan-marketing.txt")), _score_json(
        str(stuffed))
    assert any("keyword stuffing" in w for w in gamed["warnings"])
    assert gamed["score"] == pytest.approx(plain["score"], abs=0.5)


@pytest.mark.slow
def test_hidden_pdf_text_does_not_buy_a_requirement(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "hidden.pdf"
    c = canvas.Canvas(str(pdf), invariant=1)
    lines = (EX / "resumes/alex-morgan-marketing.txt").read_text(encoding="utf-8").splitlines()
    y = 800
    for line in lines:
        c.drawString(40, y, line)
        y -= 14
    c.setFillColorRGB(1, 1, 1)
    c.drawString(40, 60, "Built Airflow DAGs and Apache Spark jobs on AWS EMR with Python and SQL")
    c.save()
    report = _score_json(str(pdf))
    assert any("white" in w for w in report["warnings"])
    for req in report["requirements"]:
        if "Airflow" in req["text"] or "Spark" in req["text"]:
            assert req["verdict"] == "missing"
            assert all("Airflow" not in e["text"] for e in req["evidence"])


@pytest.mark.slow
@pytest.mark.parametrize("resume", ["resumes/sam-lee-backend.txt", "resumes/pat-kim-nurse.txt",
                                    "resumes/fit-coreweave-storage-manager.md",
                                    "resumes/alex-morgan-marketing.txt"])
def test_redaction_keeps_scores_on_examples(resume: str) -> None:
    plain = _score_json(str(EX / resume))
    blind = _score_json(str(EX / resume), "--redact")
    assert abs(plain["score"] - blind["score"]) < 1.0
    name = (EX / resume).read_text(encoding="utf-8").splitlines()[0].strip("# ").split()[0]
    assert not re.search(rf"\b{re.escape(name)}\b", json.dumps(blind, ensure_ascii=False), re.I)
