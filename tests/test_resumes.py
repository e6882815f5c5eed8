"""Résumé text → sections, evidence units, roles and degrees."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.data import RESUME_SECTIONS, Document, Resume
from matcher.facts import total_experience_years
from matcher.resumes import _is_contact, heading_section, parse_resume, split_skills

TODAY = date(2024, 7, 1)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV_RESUMES = SHARED / "data" / "resumes-dev" / "dataturks-resumes.json"

RESUME = """\
Jordan Example
jordan@example.org | +1 (555) 010-9999 | github.com/jexample
42 Elm Street, Springfield, IL 62701

Platform engineer who builds reliable data pipelines. Mentors junior engineers and
enjoys turning flaky systems into boring ones.

PROFESSIONAL EXPERIENCE

Senior Data Engineer
Initech, Austin, TX
Jan 2019 – Present
• Led a team of 5 engineers to rebuild the billing pipeline in Python, cutting nightly run
  time from 6 hours to 40 minutes.
• Introduced data contracts for 30 upstream producers.

Data Engineer | Globex | 03/2015 to 12/2019
- Built streaming ingestion on Kafka and Spark.

Education:
B.S. in Computer Science, State University, 2011 – 2015
September 2011 to June 2015

Technical Skills
Languages: Python, SQL, Scala
Tools: Airflow / dbt; Docker | Kubernetes
Proficient in MS Office

Licenses & Certifications
AWS Certified Data Engineer
Page 2 of 2
"""


@pytest.fixture(scope="module")
def resume() -> Resume:
    return parse_resume(Document("cv.txt", RESUME, "txt"), today=TODAY)


def _texts(resume: Resume, unit: str) -> list[str]:
    return [e.text for e in resume.evidence if e.unit == unit]


def test_sections_detected(resume: Resume) -> None:
    sections = {e.section for e in resume.evidence}
    assert sections == {"summary", "experience", "education", "skills", "certifications"}
    assert all(e.section in RESUME_SECTIONS for e in resume.evidence)


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("WORK EXPERIENCE", "experience"), ("Professional Experience", "experience"),
        ("Employment History", "experience"), ("## Technical Skills", "skills"),
        ("Core Competencies:", "skills"), ("Academic Background", "education"),
        ("Licenses & Certifications", "certifications"), ("Publications", "other"),
        ("**Summary**", "summary"), ("Academic Projects", "projects"), ("education", "education"),
    ],
)
def test_heading_families(line: str, section: str) -> None:
    assert heading_section(line) == section


@pytest.mark.parametrize(
    "line",
    ["Senior Software Engineer", "Technical Project Manager", "Experience Designer at Acme Labs",
     "Skills: Python, Java", "Improved work experience for customers.", "• Skills"],
)
def test_not_headings(line: str) -> None:
    assert heading_section(line) is None


def test_name_and_contact_are_not_evidence(resume: Resume) -> None:
    joined = " ".join(e.text for e in resume.evidence)
    for private in ("Jordan Example", "jordan@example.org", "555", "github.com", "Elm Street"):
        assert private not in joined


def test_contact_words_in_lines_of_work_keep_them_evidence() -> None:
    text = ("Ana Ruiz\nMobile: +44 7700 900123 | Email: ana@example.org\nLinkedIn | GitHub\n"
            "linkedin.com/in/ana-ruiz\n\n"
            "Experience\nMobile Application Developer, Acme (2015 - 2018)\n"
            "- Built mobile payment apps for iOS and Android.\n"
            "- Ran the contact centre's phone support for 200 users.\n\n"
            "Skills\nJava, Kotlin, Web / Mobile\n")
    resume = parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    shown = [e.text for e in resume.evidence]
    assert "Built mobile payment apps for iOS and Android." in shown
    assert "Ran the contact centre's phone support for 200 users." in shown
    assert any(e.unit == "skills_line" and "Mobile" in e.text for e in resume.evidence)
    assert [r.title for r in resume.roles] == ["Mobile Application Developer"]
    joined = " ".join(shown)
    for private in ("7700", "ana@example.org", "LinkedIn", "linkedin.com", "GitHub"):
        assert private not in joined


@pytest.mark.parametrize("line", [
    "Mobile: +91 98765 43210", "Phone - 555 123 4567", "Email id: ana@example.org",
    "Contact No: 9876543210", "LinkedIn | GitHub", "Contact Details", "Phone/WhatsApp: 555 1234",
    "LinkedIn Profile: ana-ruiz", "LinkedIn /in/ana-ruiz", "LinkedIn • ana-ruiz",
    "Email ana at example dot com", "Contact ana (at) example.org",
    "Jersey City · [email] · [phone] · [link]", "https://www.linkedin.com/in/ana-ruiz",
    "LinkedIn – Ana Ruiz", "GitHub (anaruiz)", "Email id – ana.ruiz", "Skype | ana.ruiz",
    "Twitter @ana_ruiz", "ana at stanford dot edu", "ana.ruiz at gmail.com",
    "ana.ruiz {at} gmail {dot} com",
])
def test_contact_lines_are_never_evidence(line: str) -> None:
    assert _is_contact(line)


@pytest.mark.parametrize("line", [
    "Built mobile payment apps for iOS and Android.", "Ran the contact centre for 40 agents",
    "Managed LinkedIn ad campaigns", "Tools: Git | GitHub | Jira | Confluence",
    "Collaboration: Slack | Skype | Zoom | Teams", "CI/CD: Jenkins, GitHub (Actions), GitLab CI",
    "Cell (HeLa) culture and transfection", "Single point of contact for onboarding",
    "Mobile/Web: React Native, Flutter, Swift", "Email/SMS: Braze, Twilio, Iterable",
    "GitHub, Git-LFS", "Skype / MS-Teams", "LinkedIn page: grew followers from 2k to 40k",
    "GitHub CI/CD", "Worked at Pets dot com as marketing lead",
])
def test_contact_words_in_work_and_tools_are_evidence(line: str) -> None:
    assert not _is_contact(line)


def test_a_run_of_contact_labels_reads_quickly() -> None:
    started = time.perf_counter()
    for junk in ("phone # " * 40 + "x", "Phone / " * 40 + "x", " " * 5000 + "x",
                 "a." * 5000 + "x", "LinkedIn " + "." * 5000 + " Ana Ruiz",
                 "GitHub " + "-" * 5000 + " Page 2", "Email " + "a at b dot " * 1000):
        _is_contact(junk)
    assert time.perf_counter() - started < 0.5


def test_summary_sentences_from_header(resume: Resume) -> None:
    summary = [e for e in resume.evidence if e.section == "summary"]
    assert [(e.unit, e.line) for e in summary] == [("sentence", 5), ("sentence", 5)]
    assert summary[1].text == "Mentors junior engineers and enjoys turning flaky systems into boring ones."


def test_wrapped_bullet_is_joined(resume: Resume) -> None:
    bullets = [e for e in resume.evidence if e.unit == "bullet"]
    assert bullets[0].text == ("Led a team of 5 engineers to rebuild the billing pipeline in Python, "
                               "cutting nightly run time from 6 hours to 40 minutes.")
    assert bullets[0].line == 13
    assert [b.text for b in bullets[1:]] == [
        "Introduced data contracts for 30 upstream producers.",
        "Built streaming ingestion on Kafka and Spark.",
    ]


def test_roles_joined_from_adjacent_lines(resume: Resume) -> None:
    assert _texts(resume, "role") == [
        "Senior Data Engineer, Initech, Austin, TX (Jan 2019 – Present)",
        "Data Engineer | Globex (03/2015 to 12/2019)",
    ]
    first, second = resume.roles
    assert (first.title, first.employer, first.start, first.end, first.line) == (
        "Senior Data Engineer", "Initech", (2019, 1), None, 10)
    assert (second.title, second.employer, second.start, second.end) == (
        "Data Engineer", "Globex", (2015, 3), (2019, 12))
    # Mar 2015 .. Jul 2024 merged, the education dates not counted
    assert total_experience_years(resume.roles, TODAY) == pytest.approx(9 + 5 / 12)


def test_degree_and_dates_only_line(resume: Resume) -> None:
    assert [(d.level, d.field, d.line) for d in resume.degrees] == [("bachelor", "Computer Science", 21)]
    education = [e for e in resume.evidence if e.section == "education"]
    assert [e.unit for e in education] == ["degree"]  # the bare date line is not evidence


def test_skills_line_split_into_skills(resume: Resume) -> None:
    assert _texts(resume, "skills_line") == ["Languages: Python, SQL, Scala",
                                             "Tools: Airflow / dbt; Docker | Kubernetes"]
    skills = _texts(resume, "skill")
    assert skills[:7] == ["Python", "SQL", "Scala", "Airflow", "dbt", "Docker", "Kubernetes"]
    assert not resume.degrees or all("Office" not in d.text for d in resume.degrees)


def test_junk_dropped_and_ids_sequential(resume: Resume) -> None:
    assert "Page 2 of 2" not in [e.text for e in resume.evidence]
    assert [e.id for e in resume.evidence] == [f"E{i}" for i in range(1, len(resume.evidence) + 1)]
    assert [e.line for e in resume.evidence] == sorted(e.line for e in resume.evidence)


def test_split_skills_respects_parentheses_and_year_notes() -> None:
    assert split_skills("Python (NumPy, pandas), Java (5 years), C/C++ / Rust; etc.") == [
        "Python (NumPy, pandas)", "Java", "C/C++", "Rust"]


def test_markdown_resume_with_numbered_wrapped_bullets() -> None:
    text = (
        "# Sam Sample\n\n## Experience\n\n### Support Lead, Acme Ltd\nJune 2011 to Present\n\n"
        "1. Handled escalations for enterprise customers and drove incident calls until\n"
        "resolution within agreed service levels.\n"
        "2. Wrote runbooks.\n\n## Skills\n* ITIL\n* Incident management\n"
    )
    resume = parse_resume(Document("cv.md", text, "md"), today=TODAY)
    assert [(e.unit, e.line) for e in resume.evidence if e.unit == "bullet"] == [
        ("bullet", 8), ("bullet", 10)]
    assert resume.evidence[1].text.endswith("within agreed service levels.")
    assert resume.roles[0].title == "Support Lead" and resume.roles[0].end is None
    assert _texts(resume, "skill") == ["ITIL", "Incident management"]


def test_resume_without_headings_still_yields_evidence() -> None:
    text = ("Alex Person\nalex@example.com\n\nAnalyst at Hooli, 2016 - 2019\nBuilt forecasting "
            "models in R and Python for the sales team.\n")
    resume = parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    assert resume.evidence and all("Alex" not in e.text for e in resume.evidence)
    assert resume.roles and resume.roles[0].start == (2016, 1)


def test_one_line_roles_in_a_list_each_read_as_a_role() -> None:
    # an item's full stop after its closing dates ends the item, not a sentence
    text = ("Alex Person\n\nExperience\n"
            "* Systems Engineer / Web Administrator at Hooli Corp (2016 - 2019).\n"
            "* Director - Project and Change Management at Hooli Corp (2015 - 2016).\n"
            "* Software Infrastructure C++ Developer at Initech Technologies (2011 - 2015).\n"
            "* Led the migration of forty services to the new cluster and ran it (2014 - 2015).\n")
    resume = parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    assert [(r.start[0], r.end[0]) for r in resume.roles] == [(2016, 2019), (2015, 2016),
                                                              (2011, 2015)]
    assert resume.roles[2].employer == "Initech Technologies"


def test_a_list_item_that_states_a_role_is_read_as_one_however_long() -> None:
    text = ("Alex Person\n\nExperience\n"
            "- 4 years as a School guidance - and career counselor and advisor (2015 - 2019)\n"
            "- Total of 2 years as a Life - physical - and social science lab technician "
            "(2013 - 2015)\n"
            "- Five years as First-line supervisors of retail sales workers (2008 - 2013)\n"
            "- Coached the district's eleven new counselors through their first year on the "
            "job (2016 - 2017)\n")
    resume = parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    assert [(r.start[0], r.end[0]) for r in resume.roles] == [(2015, 2019), (2013, 2015),
                                                              (2008, 2013)]
    # a title cut from "… - and career counselor" starts with its noun, not the conjunction
    assert resume.roles[0].title == "career counselor and advisor"
    # a plural title names the job as the singular does: supervising people
    from matcher.facts import managerial_roles

    assert [r.start[0] for r in managerial_roles(resume)] == [2008]
    from matcher.facts import is_managerial_title

    assert not is_managerial_title("Executive Assistant to the Board of Directors")
    assert not is_managerial_title("Personal Assistant to the Managing Director")
    # plural titles still read as what they are
    assert is_managerial_title("Directors of Nursing")
    assert is_managerial_title("General and Operations Managers")


def test_roles_stated_in_words_give_their_title_and_employer() -> None:
    text = ("Alex Person\n\nWORK EXPERIENCE\n\n"
            "• Currently working as Technical Lead at Hooli Ltd, Chennai from May 2017 to till "
            "date.\n"
            "• Worked with Initech, Pune as Software Engineer from January 2015 to Aug 2016.\n"
            # a date range that breaks across two lines
            "• Worked as Senior Software Engineer in Globex India Limited, Bangalore from "
            "October 2011 to\nDec 2014.\n"
            "• Worked as Software Engineer in Test at Vandelay Industries from 2009 to 2011.\n"
            # a title without an employer
            "• Worked as a Support Analyst from 2006 to 2008.\n"
            # an employer whose name starts with "The"; one named before a place
            "• Worked at The Walt Disney Company as Web Developer from 2004 to 2006.\n"
            "• Worked as Developer with Infosys at Pune, India from 2002 to 2004.\n"
            "• Worked as Engineer in Testing at Amazon from 1998 to 2000.\n"
            # an unnamed employer: the title stands alone
            "• Working as Team Lead in a fintech startup from 2000 to 2002.\n"
            # in the first person
            "• I have been working as a Data Analyst at Acme Corp since 1998.\n"
            "• I worked at Initrode as a Trainee Engineer from 1996 to 1997.\n"
            "• Currently I am working as Analyst at Vehement Capital from 1994 to 1995.\n"
            "• I'm working as Intern at Soylent Corp from 1992 to 1993.\n"
            "• Currently, I am working as Clerk at Wayne Enterprises from 1990 to 1991.\n"
            "• I was working as Tester at Stark Industries from 1988 to 1989.\n"
            # work done as something, with someone: no role of its own
            "• Worked with the data team to move forty services to the new cluster "
            "(2016 - 2017).\n"
            "• Worked with the client as a trusted advisor on the ERP rollout (2016 - 2017)\n"
            "• Working as part of a 5-person team, shipped the iOS app in six weeks "
            "(2016 - 2017)\n")
    resume = parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    assert [(r.title, r.employer, r.start, r.end) for r in resume.roles] == [
        ("Technical Lead", "Hooli Ltd", (2017, 5), None),
        ("Software Engineer", "Initech", (2015, 1), (2016, 8)),
        ("Senior Software Engineer", "Globex India Limited", (2011, 10), (2014, 12)),
        ("Software Engineer in Test", "Vandelay Industries", (2009, 1), (2011, 12)),
        ("Support Analyst", None, (2006, 1), (2008, 12)),
        ("Web Developer", "The Walt Disney Company", (2004, 1), (2006, 12)),
        ("Developer", "Infosys", (2002, 1), (2004, 12)),
        ("Engineer in Testing", "Amazon", (1998, 1), (2000, 12)),
        ("Team Lead", None, (2000, 1), (2002, 12)),
        ("Data Analyst", "Acme Corp", (1998, 1), None),
        ("Trainee Engineer", "Initrode", (1996, 1), (1997, 12)),
        ("Analyst", "Vehement Capital", (1994, 1), (1995, 12)),
        ("Intern", "Soylent Corp", (1992, 1), (1993, 12)),
        ("Clerk", "Wayne Enterprises", (1990, 1), (1991, 12)),
        ("Tester", "Stark Industries", (1988, 1), (1989, 12))]


def test_a_long_gap_of_spaces_in_a_role_line_reads_quickly() -> None:
    # the role-statement patterns once backtracked polynomially on a run of spaces
    text = ("Alex Person\n\nEXPERIENCE\n• Worked as Engineer at Acme Corp" + " " * 3000
            + "Pune, India 2010 - 2012\n")
    started = time.perf_counter()
    parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    assert time.perf_counter() - started < 2.0


def test_a_header_whose_dates_break_across_two_lines_takes_both() -> None:
    text = ("Alex Person\n\nExperience\n"
            "Data Analyst at Initech from March 2014 to\nJune 2016 | Austin, TX\n"
            "- Built the weekly sales dashboards.\n")
    resume = parse_resume(Document("cv.txt", text, "txt"), today=TODAY)
    assert [(r.title, r.employer, r.start, r.end) for r in resume.roles] == [
        ("Data Analyst", "Initech", (2014, 3), (2016, 6))]
    # the second line is the header's, not a line of evidence of its own
    assert [e.text for e in resume.evidence if e.unit != "role"] == [
        "Built the weekly sales dashboards."]


def test_empty_resume() -> None:
    resume = parse_resume(Document("empty.txt", "\n\n", "txt"), today=TODAY)
    assert resume.evidence == () and resume.roles == ()


@pytest.mark.skipif(not DEV_RESUMES.exists(), reason="shared dev résumés not available")
def test_dev_resumes_parse() -> None:
    rows = [json.loads(line) for line in DEV_RESUMES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    parsed = [parse_resume(Document(f"dev-{i}", row["content"], "txt"), today=date(2019, 6, 1))
              for i, row in enumerate(rows)]
    with_units = sum(len(r.evidence) >= 5 for r in parsed)
    with_dated_role = sum(any(role.start for role in r.roles) for r in parsed)
    assert with_units > 0.8 * len(parsed)
    assert with_dated_role > 0.8 * len(parsed)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "", "EXPERIENCE", "Skills:", "• ", "- Built it", "Jan 2019 – Present", "2016-2019", "Acme Corp",
    "Senior Engineer", "Python, Java; SQL | Go", "B.S. in Physics", "MS Office", "1. Did things and",
    "more things.", "Since April '16", "Languages: English", "####", "   ", "(", "Present",
    "Worked as a Support Analyst from", "Worked with Initech as Engineer from 2015 to 2016",
    "Currently working as Lead at Hooli from May 2017 to", "Dec 2014.",
]) | st.text(max_size=40), max_size=30))
def test_parse_never_raises(lines: list[str]) -> None:
    resume = parse_resume(Document("fuzz.txt", "\n".join(lines), "txt"), today=TODAY)
    assert all(e.section in RESUME_SECTIONS and e.text.strip() for e in resume.evidence)


RJDB = SHARED / "data" / "pairs-dev" / "rjdb-dev.jsonl"


@pytest.mark.skipif(not RJDB.exists(), reason="shared RJDB pairs not available")
def test_every_rjdb_resume_parses() -> None:
    # machine-written résumés in many shapes ("Worked as … from 2016"): a crash in any one of
    # them is a traceback for some real user
    rows = [json.loads(line) for line in RJDB.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    texts = [row[k] for row in rows for k in ("Resume-matched", "Resume-unmatched")]
    parsed = [parse_resume(Document(f"rjdb-{i}.md", t, "md"), today=TODAY)
              for i, t in enumerate(texts)]
    assert sum(len(r.evidence) >= 5 for r in parsed) > 0.8 * len(texts)
