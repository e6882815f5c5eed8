"""A posting whose requirements no section or list shows is read sentence by sentence, with
boilerplate still removed, instead of being dropped with "no requirements found"."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rank import TODAY, FakeFactory

from matcher.data import Document
from matcher.errors import NoRequirementsError
from matcher.postings import parse_posting
from matcher.ranking import rank_postings

ROOT = Path(__file__).resolve().parents[1]

PROSE = """Night Nurse, Riverside Ward

Riverside Hospital has cared for the town since 1921.
You will care for up to eight patients a night on a 20-bed surgical ward and hand over to the
day team at seven. You hold a valid RN license and have two years of acute care experience.
Riverside Hospital is an equal opportunity employer. We offer a pension, free parking and a
yearly bonus.
"""


def test_prose_posting_is_read_sentence_by_sentence() -> None:
    posting = parse_posting(Document("p.txt", PROSE, "txt"))
    texts = [r.text for r in posting.requirements]
    assert any("valid RN license" in t for t in texts)
    assert any(t.startswith("You will care for up to eight patients") for t in texts)
    assert not any("equal opportunity" in t or "pension" in t or "1921" in t for t in texts)


# Scraped and flattened: no line breaks, a location label, and duties in the third person
# under a job-description heading (no requirement words at all).
FLAT_DUTIES = ("Release Coordinator\n\nLocation: Leeds, UKDuration: 6 monthsJob Description: "
               "Leads the weekly release meetingCoordinates the release calendar with four "
               "product teamsCommunicates release status to stakeholders every FridayManages "
               "the rollback plan for each releaseSupport - Release Desk Job #: 40213 "
               "Runs the post-release review and writes up what to changeKeeps the release "
               "notes for every product and answers questions about them from the support team")


def test_a_flattened_posting_of_duties_gets_its_duties_as_responsibilities() -> None:
    posting = parse_posting(Document("p.txt", FLAT_DUTIES, "txt"))
    texts = [r.text for r in posting.requirements]
    assert any(t.startswith("Leads the weekly release meeting") for t in texts)
    assert any(t.startswith("Coordinates the release calendar") for t in texts)
    assert any(t.startswith("Communicates release status") for t in texts)
    assert all(r.kind == "responsibility" for r in posting.requirements)
    # a title fragment that happens to start with a verb is not a duty
    assert not any(t.startswith("Support - Release Desk") for t in texts)


def test_a_posting_with_nothing_to_ask_is_still_an_error() -> None:
    path = ROOT / "examples" / "bad" / "no-requirements.md"
    with pytest.raises(NoRequirementsError):
        parse_posting(Document(str(path), path.read_text(encoding="utf-8"), "md"))


def test_rank_scores_prose_postings_instead_of_dropping_them(tmp_path: Path) -> None:
    prose = tmp_path / "nurse.txt"
    prose.write_text(PROSE, encoding="utf-8")
    result = rank_postings(ROOT / "examples" / "resumes" / "pat-kim-nurse.txt", [prose],
                           scorer_factory=FakeFactory(), today=TODAY)
    assert [e.id for e in result.entries] == [str(prose)] and not result.skipped


def test_a_title_holding_a_benefits_word_heads_its_role_not_a_dropped_section() -> None:
    text = """Commercial Insurance Sales Representative

The representative sells new commercial auto policies and renewals to fleet owners.
You will visit customers across the region and prepare price quotations for them.
We offer health insurance and a yearly bonus.
"""
    from matcher.postings import classify_heading

    assert classify_heading("Commercial Insurance Sales Representative") == "role"
    assert classify_heading("Health insurance") == "drop"
    texts = [r.text for r in parse_posting(Document("p.txt", text, "txt")).requirements]
    assert any("price quotations" in t for t in texts)
    assert not any("yearly bonus" in t for t in texts)
