"""Facts read from text: date ranges, years, degrees, management, requirement facts, judging."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.data import Degree, Evidence, Resume, Role
from matcher.facts import (
    find_date_ranges,
    find_degrees,
    judge_facts,
    management_signal,
    most_recent_role,
    parse_degree_line,
    requirement_facts,
    total_experience_years,
    years_per_role,
)

TODAY = date(2024, 7, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Jan 2019 – Present", (2019, 1), None),
        ("January 2019 - Current", (2019, 1), None),
        ("2016-2019", (2016, 1), (2019, 12)),
        ("2016 – 2019", (2016, 1), (2019, 12)),
        ("03/2018 to 11/2020", (2018, 3), (2020, 11)),
        ("Aug. 2014 – May 2018", (2014, 8), (2018, 5)),
        ("Sept 2015 - now", (2015, 9), None),
        ("June 2011 to Present", (2011, 6), None),
        ("Since April '16", (2016, 4), None),
        ("2019 – present", (2019, 1), None),
        ("November 2016 to December 2017", (2016, 11), (2017, 12)),
        ("2015 - Till date", (2015, 1), None),
        ("Oct '18 – Feb '20", (2018, 10), (2020, 2)),
    ],
)
def test_date_range_formats(text: str, start: tuple[int, int], end: tuple[int, int] | None) -> None:
    ranges = find_date_ranges(f"Data Engineer, Initech  {text}", TODAY)
    assert [(r.start, r.end) for r in ranges] == [(start, end)]


def test_text_without_a_range_has_no_dates() -> None:
    assert find_date_ranges("Upgraded servers to Windows 2012 and SQL Server 2016", TODAY) == []
    assert find_date_ranges("Worked 2019 - 2015 backwards", TODAY) == []  # end before start


def _role(start: tuple[int, int] | None, end: tuple[int, int] | None, title: str = "Engineer",
          line: int = 1) -> Role:
    return Role(title=title, employer="Initech", start=start, end=end, line=line, text=title)


def test_overlapping_roles_are_merged() -> None:
    roles = [_role((2015, 1), (2018, 12)), _role((2017, 1), (2019, 12)), _role((2021, 1), (2021, 12))]
    # 2015-2019 is five years once merged, plus one more year in 2021.
    assert total_experience_years(roles, TODAY) == pytest.approx(6.0)
    assert [round(y, 2) for _, y in years_per_role(roles, TODAY)] == [4.0, 3.0, 1.0]


def test_present_counts_up_to_the_given_today() -> None:
    roles = [_role((2019, 1), None)]
    assert total_experience_years(roles, date(2024, 6, 30)) == pytest.approx(5.5)
    assert total_experience_years(roles, date(2020, 12, 1)) == pytest.approx(2.0)


def test_most_recent_role_prefers_a_current_role() -> None:
    old = _role((2010, 1), (2015, 1), "Old")
    current = _role((2016, 1), None, "Current")
    assert most_recent_role([current, old]) is current


@pytest.mark.parametrize(
    ("text", "level", "field"),
    [
        ("B.S. in Computer Science", "bachelor", "Computer Science"),
        ("BSc Computer Science", "bachelor", "Computer Science"),
        ("Bachelor of Engineering", "bachelor", "Engineering"),
        ("B.Tech in Information Technology", "bachelor", "Information Technology"),
        ("M.S. in Physics", "master", "Physics"),
        ("MS in Data Science", "master", "Data Science"),
        ("MSc Mathematics", "master", "Mathematics"),
        ("M.Eng, Imperial College", "master", None),
        ("MBA, 2012", "master", None),
        ("PhD in Chemistry", "doctorate", "Chemistry"),
        ("Ph.D., Stanford University", "doctorate", None),
        ("Doctorate in Education", "doctorate", "Education"),
        ("Master's degree in Economics", "master", "Economics"),
        ("Associate of Applied Science in Nursing", "associate", "Nursing"),
        ("High School Diploma", "highschool", None),
    ],
)
def test_degree_levels_and_fields(text: str, level: str, field: str | None) -> None:
    degree = parse_degree_line(text, line=3)
    assert degree is not None
    assert (degree.level, degree.field) == (level, field)


@pytest.mark.parametrize(
    "text",
    ["Proficient in MS Office", "MS Excel, MS Word and MS-Project", "Banking and BAsic accounting",
     "Associate Consultant", "Master data management", "TO BE DECIDED"],
)
def test_not_degrees(text: str) -> None:
    assert find_degrees(text, strict=True) == []


def test_bare_abbreviation_needs_context_outside_education() -> None:
    assert find_degrees("BE", strict=True) == []
    assert find_degrees("BE", strict=False)[0].level == "bachelor"
    assert find_degrees("BS in Biology", strict=True)[0].level == "bachelor"


def test_management_signals() -> None:
    team = management_signal("Managed a team of 12 engineers across two sites", 5)
    assert team is not None and team.team_size == 12 and not team.manages_managers
    managers = management_signal("Managed 3 managers and a team of 25 engineers", 6)
    assert managers is not None and managers.manages_managers and managers.team_size == 25
    reports = management_signal("Eight direct reports; hired and grew the platform group", 7)
    assert reports is not None and reports.team_size == 8
    assert management_signal("Managed the release calendar", 8) is None


# --- posting side ---------------------------------------------------------------------------


def test_years_overall_and_topic() -> None:
    facts = requirement_facts("10+ years of experience in software development")
    assert [(y.years, y.kind, y.topic) for y in facts.years] == [
        (10, "general", "software development")]


@pytest.mark.parametrize(("text", "relevant", "topic"), [
    ("4 years of relevant work experience.", True, None),
    ("5 years of experience in a related field", True, None),
    ("3 years of related experience", True, None),
    ("5 years of similar experience", True, None),
    ("2+ years of experience in a similar role", True, None),
    ("4 years in a related role", True, None),
    ("5 years of experience in related fields", True, None),
    ("2 years of experience within a related field", True, None),
    # a named topic is the topic, whatever word leads to it
    ("4 years of relevant work experience in software development.", False,
     "software development"),
    ("10 years of experience", False, None),
])
def test_years_of_relevant_experience_name_no_topic(text: str, relevant: bool,
                                                     topic: str | None) -> None:
    (years,) = requirement_facts(text).years
    assert (years.relevant, years.topic) == (relevant, topic)


def test_years_with_people_leader_is_two_facts() -> None:
    facts = requirement_facts(
        "Ten or more years of related experience, with six or more years as a people leader")
    assert [(y.years, y.kind) for y in facts.years] == [(10, "general"), (6, "management")]


@pytest.mark.parametrize(
    ("text", "years", "kind"),
    [
        ("5+ years of management experience", 5, "management"),
        ("At least 3 years of experience with Python", 3, "general"),
        ("3-5 years of experience in data analysis", 3, "general"),
        ("A minimum of seven years of professional experience", 7, "general"),
        ("5 years of project management experience", 5, "general"),
        ("2 years of experience in management consulting", 2, "general"),
        ("8+ years leading engineering teams, including managing managers", 8, "management"),
    ],
)
def test_years_phrasings(text: str, years: float, kind: str) -> None:
    facts = requirement_facts(text)
    assert [(y.years, y.kind) for y in facts.years] == [(years, kind)]


def test_no_years_in_age_or_degree_length() -> None:
    assert requirement_facts("Must be 18 years old").years == ()
    assert requirement_facts("4-year degree in Accounting").years == ()


def test_degree_requirements() -> None:
    bachelor = requirement_facts("Bachelor's degree or equivalent practical experience.").degree
    assert bachelor is not None and bachelor.level == "bachelor" and bachelor.equivalent_ok
    ba_bs = requirement_facts("BA/BS degree in Computer Science or related field").degree
    assert ba_bs is not None and ba_bs.level == "bachelor" and ba_bs.fields == ("Computer Science",)
    master = requirement_facts("MS/PhD in Computer Science, Engineering or a related field").degree
    assert master is not None and master.level == "master"
    assert master.fields == ("Computer Science", "Engineering") and master.related_ok
    advanced = requirement_facts("Advanced degree preferred").degree
    assert advanced is not None and advanced.level == "master" and advanced.preferred
    assert requirement_facts("Expert in MS Office and MS Excel").degree is None


def test_languages_licences_workplace() -> None:
    assert requirement_facts("Fluent in German and English").languages == ("German", "English")
    assert requirement_facts("PMP certification required").licences == ("PMP",)
    assert requirement_facts("Valid driver's license").licences == ("driver's license",)
    assert requirement_facts("Active RN license in Texas").licences == ("RN license",)
    assert requirement_facts("CPA preferred").licences == ("CPA",)
    assert requirement_facts("This is a remote position").workplace == ("remote",)
    assert requirement_facts("Hybrid, 3 days in office").workplace == ("Hybrid, 3 days in office",)
    assert requirement_facts("On-site in Austin").workplace == ("On-site in Austin",)
    assert requirement_facts("Strong communication skills").is_empty()


# --- judging --------------------------------------------------------------------------------


def _resume(roles: list[Role], degrees: list[Degree] = (), texts: list[str] = ()) -> Resume:
    evidence = tuple(
        Evidence(id=f"E{i + 1}", text=t, section="experience", line=100 + i, unit="bullet")
        for i, t in enumerate(texts)
    )
    return Resume(path="cv.txt", evidence=evidence, roles=tuple(roles), degrees=tuple(degrees))


def test_judge_years_short_of_requirement() -> None:
    resume = _resume([_role((2017, 1), None, line=12)])
    judgement = judge_facts(requirement_facts("10+ years of experience"), resume, TODAY)
    assert judgement is not None
    assert judgement.verdict == "missing" and judgement.hard
    assert judgement.explanation == ("résumé shows about 7.5 years of experience since 2017; "
                                     "requires 10+ years")
    assert judgement.line == 12
    assert judgement.score == pytest.approx(0.758, abs=0.01)


def test_judge_years_partial_and_met() -> None:
    resume = _resume([_role((2016, 7), None)])
    partial = judge_facts(requirement_facts("at least 10 years"), resume, TODAY)
    met = judge_facts(requirement_facts("5+ years of experience"), resume, TODAY)
    assert partial is not None and partial.verdict == "partial"
    assert met is not None and met.verdict == "met" and met.score == 1.0


def test_judge_management_years_from_managerial_titles() -> None:
    resume = _resume([
        _role((2012, 1), (2017, 12), "Software Engineer", line=10),
        _role((2018, 1), None, "Engineering Manager", line=20),
        _role((2016, 1), (2017, 12), "Project Manager", line=30),
    ])
    judgement = judge_facts(requirement_facts("6+ years as a people leader"), resume, TODAY)
    # Jan 2018 to Jul 2024 as a manager; the project manager role does not count as managing people
    assert judgement is not None and judgement.verdict == "met" and judgement.line == 20
    assert "6.5 years in people-management roles" in judgement.explanation
    needs_more = judge_facts(requirement_facts("8+ years of people management"), resume, TODAY)
    assert needs_more is not None and needs_more.verdict == "partial"


def test_judge_degree_and_equivalent_experience() -> None:
    no_degree = _resume([_role((2012, 1), None, line=4)])
    judgement = judge_facts(
        requirement_facts("Bachelor's degree or equivalent practical experience"), no_degree, TODAY)
    assert judgement is not None and judgement.verdict == "met"
    assert "equivalent practical experience" in judgement.explanation

    bachelor = Degree(level="bachelor", field="Computer Science", line=40, text="BSc CS")
    with_degree = _resume([], [bachelor])
    master = judge_facts(requirement_facts("MS in Computer Science"), with_degree, TODAY)
    # one level short is not the degree asked for (as people judge it), but scores above none
    assert master is not None and master.verdict == "missing" and master.line == 40
    assert 0 < master.score < 0.5
    related = judge_facts(requirement_facts("BS in Computer Science or a related technical field"),
                          _resume([], [Degree("bachelor", "Electronics", 40, "BE Electronics")]),
                          TODAY)
    assert related is not None and related.verdict == "met" and "related" in related.explanation
    wordy = requirement_facts("BA/BS degree in Computer Science or a related software "
                              "engineering field, or equivalent practical experience.")
    assert wordy.degree is not None and wordy.degree.related_ok
    assert not requirement_facts("BS in Computer Science").degree.related_ok
    met = judge_facts(requirement_facts("BS degree in Computer Science"), with_degree, TODAY)
    assert met is not None and met.verdict == "met"
    # the degree that answers the ask, not the highest: an MBA in Marketing ranks above the
    # B.Sc. in Electronics, but the B.Sc. is the related technical degree asked for
    two = _resume([], [Degree("bachelor", "Electronics", 40, "B.Sc in Electronics"),
                       Degree("master", "Marketing", 44, "MBA in Marketing")])
    technical = judge_facts(requirement_facts(
        "Bachelor's degree in Computer Science, or a related technical field"), two, TODAY)
    assert technical is not None and technical.verdict == "met" and technical.line == 40
    # an internship's "currently enrolled" asks for a degree in progress, not a finished one
    enrolled = requirement_facts("Currently enrolled in a 4-year BA/BS program, in any major, "
                                 "at a university")
    assert enrolled.degree is not None and enrolled.degree.enrolled
    graduate = judge_facts(enrolled, two, TODAY)
    assert graduate is not None and graduate.verdict == "missing" and graduate.hard
    student = _resume([], [Degree("bachelor", "Economics", 30, "B.A. Economics (expected 2027)")])
    studying = judge_facts(enrolled, student, TODAY)
    assert studying is not None and studying.verdict == "met" and studying.line == 30
    assert not requirement_facts("BS in Computer Science").degree.enrolled
    any_master = judge_facts(requirement_facts("Master's degree"), two, TODAY)
    assert any_master is not None and any_master.verdict == "met" and any_master.line == 44


@pytest.mark.parametrize("text, mba", [
    ("MBA degree.", True), ("MBA preferred.", True), ("PGDM or MBA", True),
    ("Master's degree in Business Administration", True),
    ("MBA or M.S.", False), ("MS or MBA", False), ("MA or MBA required", False),
    ("MBA or PhD", False), ("MBA or equivalent experience", False),
    ("Masters in Business Administration or related field", False),
    ("MS degree in Computer Science and/or MBA.", False),
    ("Master's degree in Computer Science and/or a MBA.", False),
    ("Master's degree or PhD in Statistics", False),
])
def test_an_mba_ask_is_told_apart_from_any_masters(text: str, mba: bool) -> None:
    fact = requirement_facts(text).degree
    assert fact is not None and fact.level == "master" and fact.mba is mba


def test_an_mba_is_answered_by_an_mba_not_by_another_masters() -> None:
    science = _resume([], [Degree("master", "Bio Informatics", 30, "Master of Science in Bio "
                                  "Informatics")])
    mba = _resume([], [Degree("master", "Marketing", 31, "MBA in Marketing")])
    ask = requirement_facts("MBA degree.")
    other = judge_facts(ask, science, TODAY)
    assert other is not None and other.verdict == "missing" and other.line == 30
    assert "requires an MBA" in other.explanation
    shown = judge_facts(ask, mba, TODAY)
    assert shown is not None and shown.verdict == "met" and shown.line == 31
    # a business school's name is not an MBA
    school = _resume([], [Degree("master", "Accounting", 32, "M.S. in Accounting, Northfield "
                                 "College of Business Administration")])
    named = judge_facts(ask, school, TODAY)
    assert named is not None and named.verdict == "missing"
    # any master's still answers "MS or MBA"
    either = judge_facts(requirement_facts("MBA or M.S."), science, TODAY)
    assert either is not None and either.verdict == "met"


def test_judge_licence_and_none_without_facts() -> None:
    resume = _resume([], texts=["Earned the PMP certification in 2019"])
    assert judge_facts(requirement_facts("PMP required"), resume, TODAY).verdict == "met"
    cpa = judge_facts(requirement_facts("Active CPA license"), resume, TODAY)
    assert cpa is not None and cpa.verdict == "missing" and cpa.hard
    assert judge_facts(requirement_facts("Great communicator"), resume, TODAY) is None


def test_a_required_language_the_resume_never_names_is_a_hard_gap() -> None:
    resume = _resume([], texts=["Built the billing service in Java and Spring for the team",
                                "Spoke at the local meetup on testing and delivery"])
    german = judge_facts(requirement_facts("Fluent in German and English"), resume, TODAY)
    assert german is not None and german.verdict == "missing" and german.hard
    preferred = judge_facts(requirement_facts("German language skills are a plus"), resume, TODAY)
    assert preferred is not None and preferred.verdict == "missing" and not preferred.hard
    english = judge_facts(requirement_facts("Fluent in English"), resume, TODAY)
    assert english is not None and english.verdict == "met"
    # a résumé of terse keyword lines is still written in English; one in German is not
    tools = ("Python SQL Airflow dbt Snowflake Kafka Spark Flink Kubernetes Terraform Docker "
             "Helm ArgoCD Jenkins GitHub Actions Prometheus Grafana Datadog PagerDuty Postgres "
             "MySQL Redis Cassandra DynamoDB BigQuery Redshift Looker Tableau Jira Confluence")
    terse = _resume([], texts=[tools, tools.lower(), "Migrated 40 pipelines to Airflow",
                               "Mentored 3 engineers", "Owner for the platform on-call"])
    assert judge_facts(requirement_facts("Excellent written English"), terse, TODAY).verdict == "met"
    deutsch = _resume([], texts=["Leitung eines Teams von fünf Entwicklern in München",
                                 "Entwicklung von Datenpipelines mit Python und SQL in der Cloud",
                                 "Betreuung der Kunden in der Region"])
    not_english = judge_facts(requirement_facts("Fluent in English"), deutsch, TODAY)
    assert not_english is not None and not_english.verdict == "missing"
    # of alternatives one is enough: "German or French" is met by French alone
    french = _resume([], texts=["Supported customers in French and English for four years"])
    either = judge_facts(requirement_facts("Fluent in German or French"), french, TODAY)
    assert either is not None and either.verdict == "met" and not either.hard
    listed = requirement_facts("Fluency in Spanish, Portuguese, or French")
    assert listed.language_asks == (("Spanish", "Portuguese", "French"),)
    both = requirement_facts("Speak English and Vietnamese or Hindi")
    assert both.language_asks == (("English",), ("Vietnamese", "Hindi"))
    bilingual = _resume([], texts=["Worked with clients in German and English every day"])
    shown = judge_facts(requirement_facts("Fluent in German"), bilingual, TODAY)
    assert shown is not None and shown.verdict == "met" and not shown.hard
