"""Requirement extraction on small postings written here, one per layout, plus the real-posting
gate when the shared data is present."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.data import Document
from matcher.errors import NoRequirementsError
from matcher.postings import classify_heading, find_title, parse_posting, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL_POSTINGS = SHARED / "data" / "postings"
SCORER = SHARED / "tools" / "score_extraction.py"


def parse(text: str, fmt: str = "md"):
    return parse_posting(Document(path="p." + fmt, text=text, format=fmt))


def kinds(text: str, fmt: str = "md") -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in parse(text, fmt).requirements]


BOILERPLATE_WORDS = ("dental", "401(k)", "equal opportunity", "$", "apply", "privacy", "http",
                     "founded", "cover letter")


def assert_no_boilerplate(text: str, fmt: str = "md") -> None:
    for _, item in kinds(text, fmt):
        for word in BOILERPLATE_WORDS:
            assert word not in item.lower(), item


MARKDOWN = """\
# [Staff Data Engineer](https://jobs.example.com/staff-data-engineer)

Ferncastle Labs was founded in 2015 and builds tools for weather forecasters.

## What you'll do

* Design batch and streaming pipelines for radar data.
* Mentor two junior engineers.

## Requirements

* 6+ years of experience building data pipelines in **Python**.
* Experience with Apache Kafka or a similar log.
* Master's degree strongly preferred.
* Kubernetes experience is a plus.

## Nice to have

* Familiarity with [GRIB](https://example.com/grib) files.

## Benefits

* Medical, dental and vision insurance.
* 401(k) with a 4% match.

## Equal opportunity

Ferncastle Labs is an equal opportunity employer.

[Apply now](https://jobs.example.com/apply)
"""


def test_markdown_sections_kinds_and_markup():
    posting = parse(MARKDOWN)
    assert posting.title == "Staff Data Engineer"
    assert [(r.kind, r.text) for r in posting.requirements] == [
        ("responsibility", "Design batch and streaming pipelines for radar data."),
        ("responsibility", "Mentor two junior engineers."),
        ("required", "6+ years of experience building data pipelines in Python."),
        ("required", "Experience with Apache Kafka or a similar log."),
        ("preferred", "Master's degree strongly preferred."),
        ("preferred", "Kubernetes experience is a plus."),
        ("preferred", "Familiarity with GRIB files."),
    ]
    first = posting.requirements[0]
    assert (first.id, first.section, first.line) == ("R1", "What you'll do", 7)
    assert [r.id for r in posting.requirements] == [f"R{i}" for i in range(1, 8)]
    assert_no_boilerplate(MARKDOWN)


BARE_HEADINGS = """\
Warehouse Shift Lead
Oakridge Distribution - Reno, NV
About Oakridge
Oakridge moves groceries for 400 stores across the West.
Your responsibilities
• Run the night shift of twenty pickers and loaders.
• Keep safety logs current.
What We Are Looking For
• 3 years of warehouse experience, including 1 year leading a team.
• Forklift certification.
Perks and Benefits
• Paid time off from day one.
How to Stand Out
• Highlight your safety record in your cover letter.
"""


def test_bare_line_headings_and_bullet_glyphs():
    assert kinds(BARE_HEADINGS, "txt") == [
        ("responsibility", "Run the night shift of twenty pickers and loaders."),
        ("responsibility", "Keep safety logs current."),
        ("required", "3 years of warehouse experience, including 1 year leading a team."),
        ("required", "Forklift certification."),
    ]
    assert find_title(BARE_HEADINGS) == "Warehouse Shift Lead"


BOLD_ESCAPED = """\
**Senior Accountant**

**Minimum Qualifications**

\\- Bachelor's degree in Accounting; CPA preferred.
\\- **5 years** of general-ledger experience.

**Bonus points**

\\- Experience with NetSuite.

**Why join us?**

\\- Four-day work week.
"""


def test_bold_pseudo_headings_and_escaped_dashes():
    assert kinds(BOLD_ESCAPED) == [
        ("required", "Bachelor's degree in Accounting; CPA preferred."),
        ("required", "5 years of general-ledger experience."),
        ("preferred", "Experience with NetSuite."),
    ]


NUMBERED = """\
Line Cook

RESPONSIBILITIES
1. Prepare sauces and stocks for dinner service.
2. Keep the walk-in cooler clean and labelled.

QUALIFICATIONS
1. Two years of experience on a busy line.
2) Food handler card.
3. Ability to stand for eight hours.
"""


def test_numbered_lists():
    result = kinds(NUMBERED, "txt")
    assert [k for k, _ in result] == ["responsibility"] * 2 + ["required"] * 3
    assert result[3] == ("required", "Food handler card.")


PARAGRAPHS = """\
Engineering Manager, Payments

About the Team

The payments team keeps money moving for two million shops.

You might thrive in this role if you:

Have 4+ years of experience managing engineers

Have shipped payment systems used by millions of people.

Communicate clearly in writing. You prefer documents over meetings.

About Tillwise

Tillwise is a leading provider of point-of-sale software. Join us!

We are an equal opportunity employer and do not discriminate on the basis of race or religion.
"""


def test_paragraph_items_without_bullets():
    assert kinds(PARAGRAPHS, "txt") == [
        ("required", "Have 4+ years of experience managing engineers"),
        ("required", "Have shipped payment systems used by millions of people."),
        ("required", "Communicate clearly in writing. You prefer documents over meetings."),
    ]


def test_pay_and_eeo_paragraphs_after_a_list_are_dropped():
    text = (
        "## Required qualifications\n\n* 2+ years of experience with React.\n\n"
        "The base pay for this role ranges from $90,000 to $120,000 per year.\n\n"
        "We are an equal opportunity employer.\n"
    )
    assert kinds(text) == [("required", "2+ years of experience with React.")]


def test_lead_in_lines_take_or_keep_a_class():
    text = (
        "## Responsibilities\n\nAs part of the team you will:\n\n- Own the billing service.\n\n"
        "## The role\n\nThe selected candidate will have the opportunity to:\n\n"
        "- Build a new team.\n\n## Benefits\n\nWe offer a great package, including:\n\n"
        "- Free lunches.\n"
    )
    assert kinds(text) == [
        ("responsibility", "Own the billing service."),
        ("responsibility", "Build a new team."),
    ]


def test_unheaded_requirement_like_list_is_caught_and_blurb_list_is_not():
    text = (
        "Mobile Developer\n\nBrightkite makes apps for dog walkers.\n\n"
        "- 3+ years of experience with Swift.\n- Experience with Kotlin.\n"
        "- Ability to ship weekly.\n\nOur values\n\n- Be kind\n- Act like an owner\n"
    )
    assert [k for k, _ in kinds(text, "txt")] == ["required"] * 3


def test_team_description_bullets_are_not_requirements():
    text = (
        "**The team's charter spans three areas:**\n\n- A training platform for deep models\n"
        "- An open-source workflow library\n\n### Requirements\n\n- Experience with GPUs\n"
    )
    assert kinds(text) == [("required", "Experience with GPUs")]


def test_preferred_clauses_inside_required_list():
    text = (
        "Requirements:\n"
        "- BS in Computer Science; advanced degree preferred.\n"
        "- 3+ years of Go (5+ preferred).\n"
        "- Familiarity with GPU clusters strongly preferred.\n"
        "- Terraform knowledge is a plus.\n"
        "- Experience with Rust, Go, or C++ preferred.\n"
        "- Nice to have: experience in fintech.\n"
        "- Customer service experience helpful but not required.\n"
    )
    assert [k for k, _ in kinds(text, "txt")] == [
        "required", "required", "preferred", "preferred", "preferred", "preferred", "preferred",
    ]


FLATTENED = (
    "Northwind Clinics is a leading provider of outpatient care in Ohio and has been named a "
    "top workplace three years running. We are growing fast.Responsibilities include:• Greet "
    "patients and verify insurance.• Schedule appointments for six physicians.Requirements: "
    "High school diploma or GED. 2+ years of experience in a medical front office. Knowledge "
    "of Epic scheduling is preferred. Must be able to work Saturdays.Benefits:Medical, dental "
    "and vision coverage. Paid holidays. Northwind Clinics is an Equal Opportunity Employer."
)


def test_flattened_scraped_text():
    result = kinds(FLATTENED, "txt")
    assert result == [
        ("responsibility", "Greet patients and verify insurance."),
        ("responsibility", "Schedule appointments for six physicians."),
        ("required", "High school diploma or GED."),
        ("required", "2+ years of experience in a medical front office."),
        ("preferred", "Knowledge of Epic scheduling is preferred."),
        ("required", "Must be able to work Saturdays."),
    ]
    assert all(r.line == 1 for r in parse(FLATTENED, "txt").requirements)


def test_flattened_glued_items_are_separated():
    text = (
        "Job SummaryWe help insurers move data. " * 8
        + "Requirements:Bachelor's degree in MIS or related fieldAbility to write SQL queries"
        "Experience with ETL tools is desired"
    )
    result = kinds(text, "txt")
    assert ("required", "Bachelor's degree in MIS or related field") in result
    assert ("required", "Ability to write SQL queries") in result
    assert ("preferred", "Experience with ETL tools is desired") in result


def test_headings_glued_into_flattened_text_open_their_parts():
    # scraped text whose only headings are glued into sentences; nothing else is found in it
    text = (
        "Warehouse Runner\n\n"
        "Northwind Staffing is looking for a runner for a large hospital client in Dayton.Key "
        "details of the runner role:Pay: $15/hour (paid weekly)Hours: Monday to Thursday "
        "3PM-11PMDress Code: Business CasualHiring Requirements for the runner role:Staff able "
        "to follow instructions and work with the move leads over chatMust have a reliable "
        "phoneMust be able to lift 40 pounds.Runners get free scrubs and a meal voucher each shift."
        "Perks of working with Northwind include: "
        "training webinars and a 401K match. Northwind Staffing LLC is an IT staffing firm "
        "serving clients in four states."
    )
    assert kinds(text, "txt") == [
        ("required", "Staff able to follow instructions and work with the move leads over chat"),
        ("required", "Must have a reliable phone"),
        ("required", "Must be able to lift 40 pounds."),
    ]
    # a heading glued to the end of a sentence that is no item still opens its part
    from matcher.postings import _flattened_items

    duties = ("Northwind places technicians with law firms across the city. We keep the "
              "offices of our clients running every single day of the year Daily "
              "responsibilities:Installing and repairing copiers and scannersClearing paper jams")
    assert [(kind, text) for text, kind, *_ in _flattened_items(duties, True, glued=True)] == [
        ("responsibility", "Installing and repairing copiers and scanners"),
        ("responsibility", "Clearing paper jams"),
    ]


def test_boilerplate_only_posting_raises():
    text = "# Join Acme\n\nAcme is a leading maker of anvils.\n\n## Benefits\n\n- Dental plan\n"
    with pytest.raises(NoRequirementsError) as caught:
        parse(text)
    assert caught.value.path == "p.md"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("You might thrive in this role if you:", "required"),
        ("Wondering if you're a good fit?", "required"),
        ("What we are looking for", "required"),
        ("Minimum qualifications", "required"),
        ("About you", "required"),
        ("Who you are", "required"),
        ("To succeed in this role you need", "required"),
        ("Expectations", "responsibility"),
        ("What you will do", "responsibility"),
        ("In this role you will", "responsibility"),
        ("Key Responsibilities", "responsibility"),
        ("Nice to have", "preferred"),
        ("Preferred Qualifications", "preferred"),
        ("Bonus points", "preferred"),
        ("Responsibilities and Requirements", "mixed"),
        ("Benefits and Perks", "drop"),
        ("How to Stand Out", "drop"),
        ("Why CoreWeave?", "drop"),
        ("About the Team", "drop"),
        ("Equal Opportunity Employer", "drop"),
        ("Compensation", "drop"),
        ("About the role", "role"),
    ],
)
def test_heading_classifier(heading, expected):
    assert classify_heading(heading) == expected


def test_title_extraction():
    assert find_title("# [Senior Engineer: Storage](https://x.example/a)  \n### Acme\n") == (
        "Senior Engineer: Storage"
    )
    assert find_title("\n\nRegistered Nurse\nCity Hospital\n") == "Registered Nurse"
    assert find_title("A" * 300 + " long flattened text.") is None


def test_sentence_splitting_keeps_abbreviations():
    assert split_sentences("Ph.D. in CS, e.g. machine learning. Next one. Acme Inc. Hires.") == [
        "Ph.D. in CS, e.g. machine learning.", "Next one.", "Acme Inc. Hires.",
    ]


@pytest.mark.skipif(not (REAL_POSTINGS / "gold.json").exists() or not SCORER.exists(),
                    reason="shared postings not present")
def test_real_postings_meet_the_extraction_gate():
    command = f"{sys.executable} -m matcher requirements {{file}} --format json"
    result = subprocess.run([sys.executable, str(SCORER), str(REAL_POSTINGS), command],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    summary = result.stdout.strip().splitlines()[-1]
    figures = dict(re.findall(r"(\w+)=([\d.]+)", summary))
    assert figures["errors"] == "0", result.stdout
    assert float(figures["recall"]) >= 0.95, summary
    assert float(figures["precision"]) >= 0.95, summary
    assert float(figures["kind_acc"]) >= 0.90, summary
