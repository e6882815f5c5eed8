"""Seniority fit (matcher.judge.seniority): levels read from titles, requirement wording,
years and people management on both sides, compared both ways, and shown in every report.

Every posting and résumé here is written for these tests."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.data import Posting, SeniorityMatch
from matcher.judge import seniority as sen
from matcher.judge.scoring import Scorer
from matcher.judge.seniority import (
    DEFAULT_CONFIG,
    compare,
    fit_score,
    posting_level,
    posting_side,
    resume_side,
    seniority_match,
    title_level,
    years_rank,
)
from matcher.postings import parse_posting
from matcher.reading import document_from_text
from matcher.rendering import render
from matcher.resumes import parse_resume
from matcher.wording import seniority_reason

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 1, 1)


def posting(title: str, *required: str, preferred: tuple[str, ...] = (),
            duties: tuple[str, ...] = ()) -> Posting:
    """A posting as parse_posting makes it, written out as text."""
    text = [title, "", "Requirements"] + [f"- {r}" for r in required]
    if preferred:
        text += ["", "Preferred qualifications"] + [f"- {p}" for p in preferred]
    if duties:
        text += ["", "Responsibilities"] + [f"- {d}" for d in duties]
    return parse_posting(document_from_text("\n".join(text) + "\n", "posting.txt"))


def resume(*roles: tuple[str, str, str], extra: str = "", headline: str | None = None):
    """A résumé with (title, employer, dates) roles, most recent first."""
    lines = ["Robin Testperson", "robin@example.com"]
    if headline:
        lines.insert(1, headline)
    lines += ["", "Experience"]
    for title, employer, dates in roles:
        lines += [f"{title}, {employer}", dates, f"- Built and shipped services at {employer}"]
    if extra:
        lines += ["", extra]
    lines += ["", "Education", "B.S. Computer Science, 2012"]
    return parse_resume(document_from_text("\n".join(lines) + "\n", "resume.txt"), today=TODAY)


# --- titles and wording -> levels ------------------------------------------------------------


@pytest.mark.parametrize("title, label, manages", [
    ("Software Engineering Intern, Summer 2026", "intern", "no"),
    ("MBA Intern", "intern", "no"),
    ("New Grad Software Engineer", "new graduate", "no"),
    ("Graduate Trainee, Finance", "new graduate", "no"),
    ("Junior Web Developer", "junior", "no"),
    ("Jr. Data Analyst", "junior", "no"),
    ("Associate Consultant", "junior", "no"),
    ("Data Scientist I", "junior", "no"),
    ("Software Engineer II", "mid", "no"),
    ("Senior Backend Engineer", "senior", "no"),
    ("Sr. Quality Engineer", "senior", "no"),
    ("Analyst III (Remote)", "senior", "no"),
    ("Tech Lead, Payments", "lead", "no"),
    ("Team Lead, Customer Support", "lead", "people"),
    ("Staff Software Engineer", "staff", "no"),
    ("Solutions Architect", "staff", "no"),
    ("Principal Data Scientist", "principal", "no"),
    ("Engineering Manager, Storage", "manager", "people"),
    ("Senior Engineering Manager", "manager of managers", "managers"),
    ("Associate Director, Clinical Operations", "manager of managers", "managers"),
    ("Director of Engineering", "director", "managers"),
    ("Head of Data", "director", "managers"),
    ("VP, Product", "VP", "managers"),
    ("Vice President of Sales", "VP", "managers"),
    ("Chief Technology Officer", "VP", "managers"),
    ("Senior Product Manager", "senior", "no"),  # manages a product, not people
    ("Directors of Nursing", "director", "managers"),  # a plural title is still the title
    # the assistant's level, not the director's
    ("Executive Assistant to the Managing Director", "junior", "no"),
])
def test_title_levels(title: str, label: str, manages: str) -> None:
    level = title_level(title)
    assert level is not None, title
    assert (level.label, level.manages) == (label, manages)


@pytest.mark.parametrize("title", [
    "Software Engineer", "Product Manager", "Program Manager", "Registered Nurse",
    "Staff Accountant", "Student Success Advisor", "", None,
    # the people served are not the title's level
    "Recruiter for Directors", "Trainer for Store Managers", "Liaison to the Board of Directors",
    # nor is the one executive served
    "Advisor to the CEO", "Consultant to the Managing Director", "Deputy to the President",
])
def test_titles_without_level_words_state_none(title: str | None) -> None:
    assert title_level(title) is None


def test_an_advisor_to_an_executive_keeps_their_own_level() -> None:
    assert title_level("Senior Advisor to the Chief Technology Officer").label == "senior"
    assert title_level("Advisor to the Group CEO") is None
    assert title_level("Advisor to the VP of Engineering") is None
    assert title_level("Chief Executive Officer").label == "VP"
    # a promotion to a level is that level
    assert title_level("Associate, promoted to Vice President").label == "VP"
    assert title_level("Senior Manager, promoted to Managing Director").label == "director"
    for promoted in ("Associate, rose to Vice President", "Associate, moved up to VP",
                     "Analyst, promoted in 2019 to Vice President"):
        assert title_level(promoted).label == "VP"


def test_ranks_are_ordered_and_directors_sit_above_every_individual_contributor() -> None:
    ranks = DEFAULT_CONFIG.ranks
    assert set(ranks) == set(sen.LEVELS)
    assert [ranks[x] for x in sen.LEVELS] == sorted(ranks[x] for x in sen.LEVELS)
    assert title_level("Senior Staff Engineer").rank > title_level("Staff Engineer").rank
    assert title_level("Senior Director, Sales").rank > title_level("Director, Sales").rank
    assert ranks["director"] > ranks["principal"] > ranks["senior"]


def test_years_read_as_ranks_rise_and_stop_below_director() -> None:
    values = [years_rank(y) for y in (0, 1, 2, 3, 5, 8, 12, 20, 40)]
    assert values == sorted(values)
    assert years_rank(0) == DEFAULT_CONFIG.ranks["new graduate"]
    assert years_rank(3) == DEFAULT_CONFIG.ranks["mid"]
    assert years_rank(40) == DEFAULT_CONFIG.ranks["principal"] < DEFAULT_CONFIG.ranks["director"]


def test_posting_reads_years_and_people_management_from_its_lines() -> None:
    side = posting_level(posting(
        "Platform Engineering Manager",
        "8+ years of software engineering experience",
        "3+ years of people management experience",
        "Must be 21 years of age or older",
    ))
    assert side.level is not None and side.level.label == "manager"
    assert side.years == 8  # the age line is not an experience ask
    assert side.manages == "people"
    assert posting_level(posting("Director of Platform",
                                 "Experience managing managers of large teams")).manages == "managers"
    assert posting_level(posting("Data Analyst", "Manage a team of 6 analysts")).manages == "people"
    assert posting_level(posting("Data Analyst", "Strong project management skills")).manages == "no"


def test_preferred_years_count_only_when_no_required_line_asks_any() -> None:
    both = posting_level(posting("Data Analyst", "2+ years of SQL experience",
                                 preferred=("6 years of analytics experience",)))
    assert (both.years, both.years_preferred) == (2, False)
    only = posting_level(posting("Data Analyst", "BS degree in a quantitative field",
                                 preferred=("6 years of analytics experience",)))
    assert (only.years, only.years_preferred) == (6, True)


@pytest.mark.parametrize("line, label", [
    ("Currently pursuing a bachelor's degree in Computer Science", "intern"),
    ("Returning to school after the internship", "intern"),
    ("Recent graduates are encouraged to apply", "new graduate"),
    ("This is an entry-level position", "new graduate"),
])
def test_posting_wording_states_intern_and_entry_levels(line: str, label: str) -> None:
    side = posting_level(posting("Software Engineer", line, "Knowledge of Python"))
    assert side.level is not None and side.level.label == label
    assert side.level_from == "requirements"


def test_resume_reads_years_recent_title_and_people_managed() -> None:
    r = resume(("Engineering Manager", "Northwind", "Mar 2019 – Present"),
               ("Senior Software Engineer", "Contoso", "Jan 2014 – Feb 2019"),
               extra="Summary\nManaged a team of 9 engineers across two sites.")
    side = resume_side(r, TODAY)
    assert side.title == "Engineering Manager"
    assert side.level is not None and side.level.label == "manager"
    assert side.years == pytest.approx(12, abs=0.1)
    assert side.manages == "people" and side.team_size == 9


def test_resume_without_dated_roles_reads_entry_wording_and_stated_months() -> None:
    text = ("Sam Student\nsam@example.com\n\nSummary\nComputer science student with 6 months of "
            "experience in Java from an internship.\n\nSkills\nJava, SQL\n")
    side = resume_side(parse_resume(document_from_text(text, "r.txt"), today=TODAY), TODAY)
    assert side.level is not None and side.level.label == "new graduate"
    assert side.level_from == "wording"
    assert side.years == pytest.approx(0.5)


def test_an_older_title_is_not_today_s_level() -> None:
    r = resume(("Software Engineer", "Northwind", "Jan 2024 – Present"),
               ("Junior Developer", "Contoso", "Jan 2022 – Dec 2023"))
    side = resume_side(r, TODAY)
    assert side.level is None and side.title == "Software Engineer"


# --- comparing --------------------------------------------------------------------------------


STAFF = posting("Staff Software Engineer", "10+ years of experience building distributed systems",
                "Deep knowledge of Go or Java")
JUNIOR = posting("Junior Software Engineer", "1+ years of experience with Python",
                 "Familiarity with Git")
MID = posting("Software Engineer II", "3+ years of experience building web services")


def test_junior_resume_for_a_staff_posting_is_under_with_a_low_score() -> None:
    r = resume(("Junior Software Engineer", "Contoso", "Jun 2024 – Present"))
    match = seniority_match(STAFF, r, TODAY)
    assert match.direction == "under" and match.score < 0.1
    assert match.gap is not None and match.gap < -3
    assert (match.posting_level, match.resume_level) == ("staff", "junior")


def test_director_resume_for_a_junior_posting_is_over_with_a_low_score() -> None:
    r = resume(("Director of Engineering", "Northwind", "Jan 2016 – Present"),
               ("Engineering Manager", "Contoso", "Jan 2010 – Dec 2015"))
    match = seniority_match(JUNIOR, r, TODAY)
    assert match.direction == "over" and match.score < 0.2
    assert match.resume_manages == "managers"


def test_mid_resume_for_a_mid_posting_fits() -> None:
    r = resume(("Software Engineer", "Contoso", "Jan 2022 – Present"))
    match = seniority_match(MID, r, TODAY)
    assert match.direction == "fit" and match.score == pytest.approx(1.0)


def test_under_falls_faster_than_over_and_far_over_falls_too() -> None:
    for gap in (1.5, 2, 3, 4):
        assert fit_score(-gap) < fit_score(gap) < 1
    assert fit_score(0) == fit_score(0.9) == 1.0
    scores = [fit_score(g) for g in (1, 2, 3, 4, 5, 6)]
    assert scores == sorted(scores, reverse=True) and scores[-1] < 0.05
    # smooth: no jump at the edge of the fit band
    assert fit_score(1.0 + 1e-6) == pytest.approx(1.0, abs=1e-6)


def test_years_only_posting_is_judged_on_years() -> None:
    years_only = posting("Software Engineer", "8+ years of backend development experience")
    short = seniority_match(years_only, resume(("Software Engineer", "Contoso",
                                                "Jan 2024 – Present")), TODAY)
    long = seniority_match(years_only, resume(("Software Engineer", "Contoso",
                                               "Jan 2016 – Present")), TODAY)
    assert short.posting_basis == long.posting_basis == "years"
    assert short.posting_level == "staff" and short.posting_years == 8
    assert short.direction == "under" and long.direction == "fit"
    assert short.score < long.score
    assert "8+ years" in short.note and "staff level by years" in short.note


def test_more_years_than_a_years_only_posting_asks_is_no_over_qualification() -> None:
    # "4+ years" is a floor: twelve years fit it; a title above the level is what makes over
    years_only = posting("Software Engineer", "4+ years of backend development experience")
    plain = seniority_match(years_only, resume(("Software Engineer", "Contoso",
                                                "Jan 2014 – Present")), TODAY)
    assert plain.resume_years >= 11 and plain.direction == "fit" and plain.score == 1.0
    director = seniority_match(years_only, resume(("Director of Engineering", "Contoso",
                                                   "Jan 2014 – Present")), TODAY)
    assert director.direction == "over" and director.score < plain.score
    # a posting that states its level still reads years above it as over-qualified
    junior = seniority_match(JUNIOR, resume(("Software Engineer", "Contoso",
                                             "Jan 2008 – Present")), TODAY)
    assert junior.direction == "over"


def test_unknown_levels_are_neutral() -> None:
    silent = posting("Software Engineer", "Knowledge of Python", "Good written communication")
    r = resume(("Software Engineer", "Contoso", "Jan 2020 – Present"))
    match = seniority_match(silent, r, TODAY)
    assert match.direction == "unknown" and match.gap is None
    assert match.score == DEFAULT_CONFIG.neutral
    assert match.posting_level is None and "no stated level or years" in match.note
    empty = parse_resume(document_from_text("Robin\n\nSkills\nPython, SQL\n", "r.txt"), today=TODAY)
    assert seniority_match(STAFF, empty, TODAY).direction == "unknown"


def test_people_management_asked_and_not_shown_counts_against_the_fit() -> None:
    plain = posting("Software Engineer", "6+ years of software engineering experience")
    leading = posting("Software Engineer", "6+ years of software engineering experience",
                      "2+ years of people management experience")
    ic = resume(("Software Engineer", "Contoso", "Jan 2019 – Present"))
    a, b = seniority_match(plain, ic, TODAY), seniority_match(leading, ic, TODAY)
    assert b.posting_manages == "people" and b.resume_manages == "no"
    assert b.gap < a.gap and "people management" in b.note


def test_note_names_what_was_compared() -> None:
    r = resume(("Software Engineer", "Contoso", "Jan 2022 – Present"))
    note = seniority_match(STAFF, r, TODAY).note
    assert note.startswith("posting asks for a staff-level role (“Staff Software Engineer”) "
                           "with 10+ years; résumé shows about 4 years")
    assert "most recent title “Software Engineer”" in note
    assert "under-qualified" in note and "\n" not in note


def test_seniority_match_to_dict_is_plain_json() -> None:
    r = resume(("Software Engineer", "Contoso", "Jan 2022 – Present"))
    data = json.loads(json.dumps(seniority_match(STAFF, r, TODAY).to_dict()))
    assert set(data) == {"direction", "score", "gap", "note", "posting", "resume"}
    assert set(data["posting"]) == {"level", "rank", "years", "manages", "title", "basis"}
    assert set(data["resume"]) == {"level", "rank", "years", "manages", "title", "basis",
                                   "team_size"}
    assert data["posting"]["years"] == 10 and data["resume"]["title"] == "Software Engineer"


def test_reason_only_when_the_levels_do_not_fit() -> None:
    under = seniority_match(STAFF, resume(("Junior Software Engineer", "Contoso",
                                           "Jun 2024 – Present")), TODAY)
    fit = seniority_match(MID, resume(("Software Engineer", "Contoso", "Jan 2022 – Present")),
                          TODAY)
    assert seniority_reason(under).startswith("seniority under (")
    assert "posting staff, résumé junior" in seniority_reason(under)
    assert seniority_reason(fit) is None and seniority_reason(None) is None
    # just past the fit band the score is still about 1: no reason to name it in a rank row
    assert seniority_reason(replace(under, score=0.97)) is None


def test_config_is_plain_data_and_changes_the_answer() -> None:
    r = resume(("Software Engineer", "Contoso", "Jan 2022 – Present"))
    p_side, r_side = posting_level(STAFF), resume_side(r, TODAY)
    strict = replace(DEFAULT_CONFIG, under_scale=0.5)
    assert compare(p_side, r_side, strict).score < compare(p_side, r_side).score
    assert posting_side("Staff Engineer", ()).years is None


# --- in the scorer and the reports ------------------------------------------------------------


def fake_encode(texts) -> np.ndarray:  # noqa: ANN001
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for row, text in enumerate(texts):
        for tok in re.findall(r"\w+", text.lower()):
            out[row, int(hashlib.md5(tok.encode()).hexdigest()[:6], 16) % 64] += 1.0
        out[row] /= max(np.linalg.norm(out[row]), 1e-9)
    return out


def test_scorer_puts_seniority_on_the_report_without_changing_the_score(monkeypatch) -> None:  # noqa: ANN001
    r = resume(("Junior Software Engineer", "Contoso", "Jun 2024 – Present"))
    scorer = Scorer(fake_encode, "fake", today=TODAY)
    report = scorer.score(STAFF, r)
    assert isinstance(report.seniority, SeniorityMatch)
    assert report.seniority.direction == "under"
    assert report.to_dict()["seniority"] == report.seniority.to_dict()
    monkeypatch.setattr(Scorer, "seniority", lambda self, p, res: None)
    bare = Scorer(fake_encode, "fake", today=TODAY).score(STAFF, r)
    assert bare.seniority is None and bare.to_dict()["seniority"] is None
    assert bare.score == report.score


def test_scorer_reads_each_side_once(monkeypatch) -> None:  # noqa: ANN001
    calls = {"posting": 0, "resume": 0}
    real_posting, real_resume = sen.posting_level, sen.resume_side

    def count_posting(*a, **k):  # noqa: ANN002, ANN003, ANN202
        calls["posting"] += 1
        return real_posting(*a, **k)

    def count_resume(*a, **k):  # noqa: ANN002, ANN003, ANN202
        calls["resume"] += 1
        return real_resume(*a, **k)

    import matcher.judge.scoring as scoring

    monkeypatch.setattr(scoring, "posting_level", count_posting)
    monkeypatch.setattr(scoring, "resume_side", count_resume)
    scorer = Scorer(fake_encode, "fake", today=TODAY)
    one = resume(("Software Engineer", "Contoso", "Jan 2022 – Present"))
    for p in (STAFF, JUNIOR, MID):  # one résumé, many postings
        scorer.seniority(p, one)
    assert calls == {"posting": 3, "resume": 1}
    other = resume(("Senior Software Engineer", "Northwind", "Jan 2015 – Present"))
    scorer.seniority(STAFF, other)  # a posting already read, a new résumé
    assert calls == {"posting": 3, "resume": 2}


def test_reports_show_the_seniority_line() -> None:
    r = resume(("Junior Software Engineer", "Contoso", "Jun 2024 – Present"))
    report = Scorer(fake_encode, "fake", today=TODAY).score(STAFF, r)
    text = render(report, "text", width=1000)
    line = next(x for x in text.splitlines() if x.startswith("Seniority:"))
    assert "Staff Software Engineer" in line and "under-qualified" in line
    assert "Seniority:" in render(report, "markdown")
    html = render(report, "html")
    assert 'id="seniority"' in html and "under-qualified" in html
    assert json.loads(render(report, "json"))["seniority"]["direction"] == "under"


def _cli(*args: str) -> dict:
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-23", "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_score_json_on_the_examples_carries_seniority() -> None:
    data = _cli("score", str(EXAMPLES / "postings" / "data-engineer.md"),
                str(EXAMPLES / "resumes" / "jane-doe-data-engineer.md"))
    level = data["seniority"]
    assert level["direction"] in ("fit", "under", "over", "unknown")
    assert 0 <= level["score"] <= 1
    assert level["posting"]["title"] == data["posting"]["title"]
    assert level["posting"]["years"] == 5 and level["resume"]["years"] > 5
    assert level["note"].startswith("posting asks for ")
    # the overall score is what it was before: the seniority fit is not part of it yet
    assert set(data) >= {"score", "requirements_score", "role", "seniority"}


def test_rank_json_gives_a_reason_when_levels_do_not_fit() -> None:
    data = _cli("rank", "--posting", str(EXAMPLES / "postings" / "backend-engineer.txt"),
                str(EXAMPLES / "resumes"))
    reasons = [r for entry in data["results"] for r in entry["reasons"]]
    assert any(r.startswith("seniority over (") for r in reasons)
