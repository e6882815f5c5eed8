"""Role title, employer and dates read right in the common résumé arrangements and formats
(tests/fixtures/resume-layouts, written by its make_layouts.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from matcher.reading import read_document
from matcher.resumes import parse_resume

FOLDER = Path(__file__).resolve().parent / "fixtures" / "resume-layouts"
TODAY = date(2026, 6, 1)
TARGET = 0.95


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().replace("—", " ").split()).strip(" ,")


def role_accuracy() -> tuple[float, list[str]]:
    """Share of expected roles read with the right title, employer, start and end."""
    expected = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))["resumes"]
    right, total, wrong = 0, 0, []
    for name, roles in expected.items():
        found = parse_resume(read_document(FOLDER / name), today=TODAY).roles
        for title, employer, start, end in roles:
            total += 1
            want = (_norm(title), _norm(employer), tuple(start), tuple(end) if end else None)
            got = [(_norm(r.title), _norm(r.employer), r.start, r.end) for r in found]
            if want in got:
                right += 1
            else:
                wrong.append(f"{name}: {want} not in {got}")
    return right / total, wrong


def test_fixture_folder_has_every_format() -> None:
    suffixes = {p.name.split(".", 1)[1] for p in FOLDER.iterdir() if p.name != "expected.json"
                and p.suffix != ".py"}
    assert {"md", "txt", "pdf", "docx", "rtf", "odt", "resume.json"} <= suffixes
    assert len(json.loads((FOLDER / "expected.json").read_text())["resumes"]) >= 15


def test_roles_are_read_right_in_every_layout() -> None:
    accuracy, wrong = role_accuracy()
    assert accuracy >= TARGET, "\n".join(wrong)
