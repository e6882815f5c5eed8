"""Facts that need reading, not embedding: dates, years, degrees, licences, management.

One module per concern, in the order they build on each other: `dates` (date points and
ranges), `experience` (roles -> years, recency, people management), `degrees` (degree
mentions -> levels and fields), `requirement` (a posting's requirement -> the facts it asks
for) and `judging` (those facts against a résumé). This package re-exports their public names.

Résumé side: date ranges become roles, roles become years of experience, degree lines become
levels and fields, "managed a team of 12" becomes a management signal.
Posting side: a requirement's text becomes `RequirementFacts` (minimum years, degree, languages,
licences, workplace terms), and `judge_facts` compares those with a parsed `Resume`.

Conventions, chosen once and used everywhere:
- Dates are (year, month). A year-only start means January, a year-only end means December,
  so "2016 – 2019" reads as four calendar years worked in (an upper bound, as people read it).
- Durations are inclusive month counts: "Jan 2019 – Dec 2019" is 12 months.
- An end of None means "present", i.e. the `today` given to the function (default date.today()),
  so every computation is deterministic under test. Ends in the future are clamped to today.
"""

from __future__ import annotations

from .dates import (
    DateRange,
    YearMonth,
    find_date_ranges,
    format_year_month,
    is_present_word,
    parse_date_point,
)
from .degrees import (
    DEGREE_LEVELS,
    DegreeMention,
    degree_rank,
    find_degrees,
    parse_degree_line,
)
from .experience import (
    ManagementSignal,
    ManagementSummary,
    earliest_start,
    is_managerial_title,
    management_signal,
    management_summary,
    managerial_roles,
    most_recent_role,
    names_a_job,
    roles_by_recency,
    stated_experience_years,
    total_experience_years,
    without_assisted,
    years_per_role,
)
from .judging import (
    EQUIVALENT_YEARS,
    PARTIAL_RATIO,
    FactJudgement,
    describe_resume,
    judge_facts,
)
from .requirement import (
    DegreeFact,
    RequirementFacts,
    YearsFact,
    YearsKind,
    find_degree_requirement,
    find_language_asks,
    find_licences,
    find_workplace,
    find_years,
    people_management_ask,
    requirement_facts,
)

__all__ = [
    "DEGREE_LEVELS",
    "DateRange",
    "DegreeFact",
    "DegreeMention",
    "EQUIVALENT_YEARS",
    "FactJudgement",
    "ManagementSignal",
    "ManagementSummary",
    "PARTIAL_RATIO",
    "RequirementFacts",
    "YearMonth",
    "YearsFact",
    "YearsKind",
    "degree_rank",
    "describe_resume",
    "earliest_start",
    "find_date_ranges",
    "find_degree_requirement",
    "find_degrees",
    "find_language_asks",
    "find_licences",
    "find_workplace",
    "find_years",
    "format_year_month",
    "is_managerial_title",
    "is_present_word",
    "judge_facts",
    "management_signal",
    "management_summary",
    "managerial_roles",
    "most_recent_role",
    "names_a_job",
    "parse_date_point",
    "parse_degree_line",
    "people_management_ask",
    "requirement_facts",
    "roles_by_recency",
    "stated_experience_years",
    "total_experience_years",
    "without_assisted",
    "years_per_role",
]
