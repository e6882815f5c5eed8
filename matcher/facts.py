"""Facts that need reading, not embedding: dates, years, degrees, licences, management.

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

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .data import Degree, Resume, Role

YearMonth = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR4 = r"(?:19[5-9]\d|20[0-4]\d)"
_SHORT_YEAR = r"['’‘`]\d{2}"
_MM = r"(?:0?[1-9]|1[0-2])"
_POINT = (
    rf"(?:{_MONTH}[\s,]*(?:\d{{1,2}}(?:st|nd|rd|th)?[\s,]+)?['’]?\s?(?:{_YEAR4}|{_SHORT_YEAR})"
    rf"|(?<!\d){_MM}\s?[/.-]\s?{_YEAR4}"
    rf"|{_YEAR4})"
)
_PRESENT = (
    r"(?:present|current(?:ly)?|now|today|till\s+(?:date|now|today)|to\s+date|until\s+now"
    r"|ongoing|on-?going|onwards?|continuing)"
)
_SEPARATOR = r"\s*(?:[-–—~‐‑−]+\s*(?:to\s+)?|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b)\s*"
_RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{_POINT}){_SEPARATOR}"
    rf"(?:(?P<end>{_POINT})|(?P<present>{_PRESENT})\b|(?P<short_end>\d{{2}})(?![\d/.]))",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(rf"\bsince\s+(?P<start>{_POINT})", re.IGNORECASE)
# "March 2019 –" at the end of a line: an open range, which résumés use for a current job.
_OPEN_RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{_POINT})\s*(?:[-–—]\s*$|(?:onwards?|till\s+(?:date|now)|to\s+date)\b)",
    re.IGNORECASE,
)
_PRESENT_RE = re.compile(rf"^\s*{_PRESENT}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    """A span of dates found in text; end None means 'present'."""

    start: YearMonth
    end: YearMonth | None
    text: str
    begin: int  # character offsets of the match within the searched text
    finish: int


def _two_digit_year(digits: str, today: date) -> int:
    value = int(digits)
    # '16 is 2016, '95 is 1995: anything beyond next year must be last century.
    return 2000 + value if 2000 + value <= today.year + 1 else 1900 + value


def parse_date_point(text: str, is_end: bool, today: date | None = None) -> YearMonth | None:
    """One date ("Aug. 2014", "03/2018", "April '16", "2019") as (year, month).

    A year alone is January when it starts a range and December when it ends one.
    """
    today = today or date.today()
    text = text.strip()
    month_match = re.match(_MONTH, text, re.IGNORECASE)
    month: int | None = None
    if month_match:
        month = _MONTH_NUMBERS[month_match.group(0)[:3].lower()]
        rest = text[month_match.end():]
        year_match = re.search(rf"{_YEAR4}|{_SHORT_YEAR}", rest)
        if not year_match:
            return None
        raw = year_match.group(0)
        year = int(raw) if raw[0].isdigit() else _two_digit_year(raw[1:], today)
        return (year, month)
    numeric = re.fullmatch(rf"({_MM})\s?[/.-]\s?({_YEAR4})", text)
    if numeric:
        return (int(numeric.group(2)), int(numeric.group(1)))
    if re.fullmatch(_YEAR4, text):
        return (int(text), 12 if is_end else 1)
    return None


def _month_index(point: YearMonth) -> int:
    return point[0] * 12 + point[1] - 1


def _plausible(start: YearMonth, end: YearMonth | None, today: date) -> bool:
    if start[0] > today.year + 1:
        return False
    return end is None or _month_index(end) >= _month_index(start)


def find_date_ranges(text: str, today: date | None = None) -> list[DateRange]:
    """Every date range in `text`: "Jan 2019 – Present", "2016-2019", "03/2018 to 11/2020",
    "Since April '16", "Sept 2015 - now". Implausible ones (end before start) are dropped."""
    today = today or date.today()
    found: list[DateRange] = []
    for match in _RANGE_RE.finditer(text):
        start = parse_date_point(match.group("start"), is_end=False, today=today)
        if start is None:
            continue
        end: YearMonth | None
        if match.group("present"):
            end = None
        elif match.group("short_end"):
            # "2009-10": only a bare year may take a two-digit end year.
            if not re.fullmatch(_YEAR4, match.group("start").strip()):
                continue
            end = (start[0] // 100 * 100 + int(match.group("short_end")), 12)
            if end[0] < start[0]:
                end = (end[0] + 100, 12)
        else:
            end = parse_date_point(match.group("end"), is_end=True, today=today)
            if end is None:
                continue
        if _plausible(start, end, today):
            found.append(DateRange(start, end, match.group(0).strip(), match.start(), match.end()))
    if not found:
        for pattern in (_SINCE_RE, _OPEN_RANGE_RE):
            match = pattern.search(text)
            start = parse_date_point(match.group("start"), False, today) if match else None
            if match and start and _plausible(start, None, today):
                found.append(DateRange(start, None, match.group(0).strip(), match.start(), match.end()))
                break
    return found


def is_present_word(text: str) -> bool:
    """True for a line that only says 'Present', 'Current', 'till date'..."""
    return bool(_PRESENT_RE.match(text))


def format_year_month(point: YearMonth | None) -> str:
    if point is None:
        return "present"
    return f"{date(point[0], point[1], 1):%b} {point[0]}"


# ---------------------------------------------------------------------------------------------
# Years of experience
# ---------------------------------------------------------------------------------------------


def _role_interval(role: Role, today: date) -> tuple[int, int] | None:
    """Half-open month interval [start, end+1) of a role, clamped to today."""
    if role.start is None:
        return None
    now = _month_index((today.year, today.month))
    start = _month_index(role.start)
    end = now if role.end is None else min(_month_index(role.end), now)
    if start > now or end < start:
        return None
    return (start, end + 1)


def _union_months(intervals: Iterable[tuple[int, int]]) -> int:
    total = 0
    current: tuple[int, int] | None = None
    for start, end in sorted(intervals):
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += current[1] - current[0]
    return total


def total_experience_years(roles: Sequence[Role], today: date | None = None) -> float:
    """Years covered by at least one dated role: overlapping roles count once.

    `parse_resume` keeps roles from the education section out of `Resume.roles`, so studies
    never count as work here.
    """
    today = today or date.today()
    intervals = [iv for iv in (_role_interval(r, today) for r in roles) if iv]
    return _union_months(intervals) / 12


def years_per_role(roles: Sequence[Role], today: date | None = None) -> list[tuple[Role, float]]:
    """Each dated role with its own length in years (not merged)."""
    today = today or date.today()
    result = []
    for role in roles:
        interval = _role_interval(role, today)
        if interval:
            result.append((role, (interval[1] - interval[0]) / 12))
    return result


def _recency(role: Role) -> tuple[float, int]:
    end = float("inf") if role.end is None else _month_index(role.end)
    return (end, _month_index(role.start or (0, 1)))


def most_recent_role(roles: Sequence[Role]) -> Role | None:
    """The role ending last (a present role beats any ended one); ties go to the later start."""
    dated = [r for r in roles if r.start is not None]
    if not dated:
        return roles[0] if roles else None
    return max(dated, key=_recency)


def roles_by_recency(roles: Sequence[Role]) -> list[Role]:
    """Dated roles from the most recent (as `most_recent_role`), then undated ones in the
    résumé's order."""
    dated = sorted((r for r in roles if r.start is not None), key=_recency, reverse=True)
    return dated + [r for r in roles if r.start is None]


def earliest_start(roles: Sequence[Role]) -> YearMonth | None:
    starts = [r.start for r in roles if r.start is not None]
    return min(starts) if starts else None


_STATED_YEARS_RE = re.compile(
    r"(?P<years>\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s*(?:and\s*)?(?P<months>\d{1,2})\s*months?)?"
    r"(?=[^.;]{0,40}\bexperience)|(?<=experience)[^.;\d]{0,25}?(?P<years2>\d{1,2}(?:\.\d)?)\s*\+?\s*"
    r"(?:years?|yrs?)(?:\s*(?:and\s*)?(?P<months2>\d{1,2})\s*months?)?",
    re.IGNORECASE,
)


def stated_experience_years(texts: Iterable[str]) -> float | None:
    """Largest self-stated total ("8+ years of experience", "Total IT experience 5 Years 6 Months")
    — a fallback for résumés whose roles carry no dates."""
    best: float | None = None
    for text in texts:
        for match in _STATED_YEARS_RE.finditer(text):
            years = float(match.group("years") or match.group("years2"))
            months = match.group("months") or match.group("months2")
            value = years + (int(months) / 12 if months else 0)
            if value <= 50:
                best = value if best is None else max(best, value)
    return best


# ---------------------------------------------------------------------------------------------
# Degrees
# ---------------------------------------------------------------------------------------------

DEGREE_LEVELS = ("highschool", "other", "associate", "bachelor", "master", "doctorate")
_LEVEL_RANK = {level: rank for rank, level in enumerate(DEGREE_LEVELS)}
_LEVEL_NAMES = {
    "highschool": "high-school diploma", "other": "diploma", "associate": "associate degree",
    "bachelor": "bachelor's degree", "master": "master's degree", "doctorate": "doctorate",
}
# Microsoft products: "MS Office" and friends are tools, not a Master of Science.
_MS_PRODUCTS = (
    r"office|excel|word|access|project|visio|powerpoint|outlook|sql|dynamics|teams|dos|paint|"
    r"sharepoint|windows|exchange|azure|power\s*bi|ppt|navision|crm|\.net|suite|365|o365"
)
_DOT = r"\.?\s?"
# Ordered by specificity; each entry: level, pattern, whether the pattern is ambiguous (needs
# degree context such as an education section, "in <Field>" or "degree" nearby).
_DEGREE_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("doctorate", r"\bPh\.?\s?D\b\.?|\bdoctorate\b|\bdoctoral\b|\bdoctor\s+of\s+\w+|\bD\.?Phil\b\.?"
                  r"|\bEd\.?D\b\.?|\bD\.?Sc\b\.?", False),
    ("master", r"\bmaster['’]s\b|\bmasters?\s+(?:of|in|degree)\b|\bM\.?B\.?A\b\.?"
               r"|\bM\.?\s?Tech\b\.?|\bM\.?\s?Eng\b\.?|\bM\.?\s?Sc\b\.?|\bMCA\b|\bM\.?\s?Com\b\.?"
               r"|\bM\.?\s?Phil\b\.?|\bM\.?F\.?A\b\.?|\bM\.?P\.?H\b\.?|\bLL\.?M\b\.?|\bM\.?Ed\b\.?"
               r"|\bM\.\s?S\b\.?|\bM\.\s?A\b\.?|\bM\.\s?E\b\.?|\bPGDM\b|\bPGDBA\b"
               r"|\bpost[- ]?graduat\w*|\bgraduate\s+degree|\badvanced\s+degree", False),
    ("doctorate", r"\bJ\.D\.?|\bJD\b|\bM\.D\.?|\bMD\b", True),
    ("master", rf"\bMS\b(?![\s-]*(?:{_MS_PRODUCTS})\b)|\bMA\b|\bME\b", True),
    ("bachelor", r"\bbachelor(?:['’]?s)?\b|\bB\.?\s?Tech\b\.?|\bB\.?\s?Sc\b\.?|\bB\.?\s?Eng\b\.?"
                 r"|\bB\.?\s?Com\b\.?|\bBCA\b|\bBBA\b|\bB\.?B\.?A\b\.?|\bB\.?F\.?A\b\.?|\bLL\.?B\b\.?"
                 r"|\bB\.\s?S\b\.?|\bB\.\s?A\b\.?|\bB\.\s?E\b\.?|\bB\.?\s?Pharm\b\.?|\bB\.?Arch\b\.?"
                 r"|\bundergraduate\s+degree|\b(?:4|four)[- ]year\s+(?:college\s+|university\s+)?degree"
                 r"|\b(?:college|university)\s+degree", False),
    ("bachelor", r"\bBS\b|\bBA\b|\bBE\b", True),
    ("associate", r"\bassociate(?:['’]?s)?\s+(?:degree|of\s+(?:applied\s+)?(?:arts|science))|\bA\.A\.S?\b\.?"
                  r"|\bA\.S\.|\b(?:2|two)[- ]year\s+degree", False),
    ("highschool", r"\bhigh\s+school\b|\bGED\b|\bH\.?S\.?C\b\.?|\bS\.?S\.?L?\.?C\b\.?|\b1[02]th\b"
                   r"|\b(?:higher|senior)\s+secondary\b|\bsecondary\s+school\b"
                   r"|^\s*intermediate\b|\bintermediate\s+(?:education|board|in\b|\(|\d)|\bboard\s+of\s+intermediate\b"
                   r"|\bmatriculation\b|\bA[- ]levels?\b", False),
    ("other", r"\bdiploma\b|\bcertificate\s+in\b", False),
)
_COMPILED_DEGREES = tuple(
    (level, re.compile(pattern, 0 if ambiguous else re.IGNORECASE), ambiguous)
    for level, pattern, ambiguous in _DEGREE_PATTERNS
)
_DEGREE_CONTEXT_RE = re.compile(r"\bdegree\b|\bgraduat|\buniversity\b|\bcollege\b", re.IGNORECASE)
_FIELD_STOP_RE = re.compile(
    r"\s*(?:[;()|:•]|\.(?:\s|$)|,\s*\d|\s[-–—]\s|\b(?:from|at|with|or\s+equivalent|or\s+a\s+related|"
    r"or\s+related|or\s+equivalent|preferred|required|is\s+|are\s+|plus\b|and\s+\d|(?:19|20)\d\d|"
    r"university|college|institute|school)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DegreeMention:
    level: str
    field: str | None
    begin: int
    end: int


def _clean_field(raw: str) -> str | None:
    field = _FIELD_STOP_RE.split(raw, maxsplit=1)[0]
    field = re.sub(r"^(?:a|an|the|degree|in|of|engineering\s+in)\s+", "", field.strip(" ,.-–"),
                   flags=re.IGNORECASE)
    field = field.strip(" ,.-–&")
    words = field.split()
    if not words or len(words) > 24 or not re.search(r"[A-Za-z]{2}", field):
        return None
    return field


_FIELD_WINDOW = 600


def _degree_field(text: str, end: int) -> str | None:
    """The field named right after a degree token: "in X", "of X", or "X" (BSc Computer Science)."""
    rest = text[end:end + _FIELD_WINDOW]  # a field is at most 24 words: never copy the whole line
    explicit = re.match(r"[\s.,]*(?:\(\w+\)\s*)?(?:['’]s)?\s*(?:degree\s*)?(?:in|of)\s+(?P<field>.+)",
                        rest, re.IGNORECASE)
    # Without "in/of" only a capitalised word right after the token starts a field; after a
    # comma comes the school ("M.Eng, Imperial College").
    implicit = re.match(r"[\s.]*(?:\(\w+\)\s*)?(?:['’]s)?\s*(?:degree\s+)?(?P<field>[A-Z].+)", rest)
    match = explicit or implicit
    if not match:
        return None
    field_text = match.group("field")
    if re.match(r"(?:degree|from|at|with|or|and|required|preferred)\b", field_text, re.IGNORECASE):
        return None
    field = _clean_field(field_text)
    after = field_text[len(field or ""):]
    if field and re.match(r"\s*(?:university|college|institute|school|academy)\b", after, re.IGNORECASE):
        # "..., State University": the words before the school word name the school, not the field
        field = _clean_field(field.rsplit(",", 1)[0]) if "," in field else None
    return field


def find_degrees(text: str, strict: bool = True) -> list[DegreeMention]:
    """Degree mentions in `text`, best level first.

    strict=True (outside an education section) accepts the ambiguous abbreviations BS, BA,
    BE, MS, MA, ME only with degree context ("BS in ...", "BA/BS degree"), so "MS Office" or
    "TO BE DONE" never count. Ambiguous ones are case-sensitive, so "ba" inside words or prose
    never match.
    """
    mentions: list[DegreeMention] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint: bisect keeps a long line linear
    for level, pattern, ambiguous in _COMPILED_DEGREES:
        for match in pattern.finditer(text):
            if _overlaps(taken, match.start(), match.end()):
                continue
            if ambiguous and strict and not _ambiguous_has_context(text, match):
                continue
            if level == "master" and ambiguous and _is_ms_product(text, match):
                continue
            bisect.insort(taken, (match.start(), match.end()))
            # School-leaving certificates name boards and streams, not fields of study.
            field = None if level == "highschool" else _degree_field(text, match.end())
            mentions.append(DegreeMention(level, field, match.start(), match.end()))
    # A bare "diploma" names the paper, so any other level on the line describes it better.
    mentions.sort(key=lambda m: (m.level == "other", -_LEVEL_RANK[m.level], m.begin))
    return mentions


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint spans in `taken`."""
    i = bisect.bisect_left(taken, (start, end))
    return (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end)


def _is_ms_product(text: str, match: re.Match[str]) -> bool:
    return bool(re.match(rf"[\s-]*(?:{_MS_PRODUCTS})\b", text[match.end():match.end() + 80],
                         re.IGNORECASE))


def _ambiguous_has_context(text: str, match: re.Match[str]) -> bool:
    after = text[match.end(): match.end() + 40]
    before = text[max(0, match.start() - 12): match.start()]
    if re.match(r"\s*(?:/|or\b|,)\s*(?:[A-Z][A-Za-z.]{1,4}\b\s*)*(?:/|degree|in\b|Ph)", after):
        return True
    if re.match(r"\s*(?:degree|in\s+[A-Z]|\(|,\s*[A-Z]\w+\s+(?:University|College))", after):
        return True
    return bool(re.search(r"(?:/|\bor)\s*$", before) and _DEGREE_CONTEXT_RE.search(text))


def parse_degree_line(text: str, line: int, strict: bool = False) -> Degree | None:
    """A degree line ("B.S. in Computer Science, 2015") as data.Degree, or None."""
    mentions = find_degrees(text, strict=strict)
    if not mentions:
        return None
    best = mentions[0]
    return Degree(level=best.level, field=best.field, line=line, text=text.strip())


def degree_rank(level: str) -> int:
    return _LEVEL_RANK.get(level, 0)


# ---------------------------------------------------------------------------------------------
# People management
# ---------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "a dozen": 12, "dozen": 12,
}
_NUMBER = r"(?:\d{1,3}(?:\.\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_LEAD_VERB = (
    r"(?:manag(?:ed|e|es|ing)|l(?:ed|ead|eads|eading)|supervis(?:ed|e|es|ing)|overs(?:aw|ee|ees|eeing)"
    r"|direct(?:ed|s|ing)?|head(?:ed|s|ing)?|built|build(?:ing)?|grew|grow(?:ing)?|hired|hiring|ran"
    r"|mentor(?:ed|ing)?|coach(?:ed|ing)?)"
)
_TEAM_SIZE_RES = (
    re.compile(rf"\b{_LEAD_VERB}\b[^.;]{{0,40}}?\b(?:team|staff|group|department|organi[sz]ation)"
               rf"\s+of\s+(?:over\s+|up\s+to\s+|about\s+|~)?(?P<n>{_NUMBER})\+?", re.IGNORECASE),
    re.compile(rf"\b{_LEAD_VERB}\b\s+(?:a\s+|an\s+)?(?:team\s+of\s+)?(?:over\s+|up\s+to\s+|about\s+)?"
               rf"(?P<n>{_NUMBER})\+?\s+(?:[\w-]+\s+){{0,2}}(?:engineers|developers|people|staff|"
               rf"employees|reports|managers|members|analysts|designers|associates|scientists|"
               rf"leads|supervisors|nurses|agents|consultants|professionals|individuals|FTEs?)\b",
               re.IGNORECASE),
    re.compile(rf"(?P<n>{_NUMBER})\+?\s+direct\s+reports", re.IGNORECASE),
    re.compile(rf"\b(?:team|staff)\s+of\s+(?P<n>{_NUMBER})\+?\s+(?:direct\s+reports|reporting)",
               re.IGNORECASE),
)
_MANAGES_MANAGERS_RE = re.compile(
    rf"\b{_LEAD_VERB}\b[^.;]{{0,30}}\b(?:managers|team\s+leads|leads|directors|supervisors)\b"
    r"|\bmanager\s+of\s+managers\b|\bleaders\s+of\s+leaders\b",
    re.IGNORECASE,
)
_MANAGEMENT_PHRASE_RE = re.compile(
    r"\bdirect\s+reports?\b|\bhired\s+and\s+(?:grew|built|developed|mentored)\b"
    r"|\bpeople\s+(?:manager|management|leader)\b|\bline\s+manag\w+|\bperformance\s+reviews\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ManagementSignal:
    """One résumé line showing people management."""

    team_size: int | None
    manages_managers: bool
    line: int
    text: str


@dataclass(frozen=True)
class ManagementSummary:
    max_team_size: int | None
    manages_managers: bool
    line: int | None  # the line with the strongest signal
    signals: tuple[ManagementSignal, ...]


def _number_value(text: str) -> int | None:
    text = text.lower().strip()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    try:
        return int(float(text))
    except ValueError:
        return None


# Every management pattern above needs one of these words: a line without any is skipped
# before the patterns run (most résumé lines are not about managing people).
_MANAGEMENT_WORDS_RE = re.compile(
    rf"\b{_LEAD_VERB}\b|\b(?:direct|team|staff|manager|leaders|hired|people|line|performance)\b",
    re.IGNORECASE)


def management_signal(text: str, line: int) -> ManagementSignal | None:
    """"managed a team of 12", "led 4 managers", "6 direct reports", "hired and grew" → signal."""
    if not _MANAGEMENT_WORDS_RE.search(text):
        return None
    sizes = [
        value for pattern in _TEAM_SIZE_RES for m in pattern.finditer(text)
        if (value := _number_value(m.group("n"))) is not None and 1 < value < 10000
    ]
    manages_managers = bool(_MANAGES_MANAGERS_RE.search(text))
    if not sizes and not manages_managers and not _MANAGEMENT_PHRASE_RE.search(text):
        return None
    return ManagementSignal(max(sizes) if sizes else None, manages_managers, line, text)


# The last résumé summarised, by identity: the facts, the seniority fit and the report each ask
# for the same résumé's summary, and ranking postings asks for one résumé's many times.
_LAST_SUMMARY: list[tuple[Resume, ManagementSummary]] = []


def management_summary(resume: Resume) -> ManagementSummary:
    last = _LAST_SUMMARY[0] if _LAST_SUMMARY else None  # one read: safe across threads
    if last is not None and last[0] is resume:
        return last[1]
    summary = _management_summary(resume)
    _LAST_SUMMARY[:] = [(resume, summary)]
    return summary


def _management_summary(resume: Resume) -> ManagementSummary:
    signals = tuple(
        s for e in resume.evidence if e.unit not in ("skill", "skills_line")
        if (s := management_signal(e.text, e.line)) is not None
    )
    sizes = [s.team_size for s in signals if s.team_size]
    best = max(signals, key=lambda s: (s.manages_managers, s.team_size or 0), default=None)
    return ManagementSummary(
        max_team_size=max(sizes) if sizes else None,
        manages_managers=any(s.manages_managers for s in signals),
        line=best.line if best else None,
        signals=signals,
    )


# Titles that mean managing people. Project/product/program/account managers usually manage
# work or clients rather than people, so they do not count on title alone.
_MANAGERIAL_TITLE_RE = re.compile(
    r"\b(?:managers?|head\s+of|directors?|vice\s+president|VP|supervisors?|team\s+lead(?:er)?|"
    r"lead\s+of|chief\s+\w+\s+officer|C[ETOFI]O|superintendents?|forem[ae]n|general\s+manager)\b",
    re.IGNORECASE,
)
_NON_PEOPLE_MANAGER_RE = re.compile(
    r"\b(?:project|product|program|programme|account|accounts|client|relationship|case|"
    r"territory|content|community|configuration|release|test|data|sales\s+account)\s+managers?\b",
    re.IGNORECASE,
)


# Nouns that make a short line a job title rather than a place, a heading or a company name
# ("Senior Data Engineer, Berlin", "Benefits Specialist", "Acme Corp").
_JOB_NOUN_RE = re.compile(
    r"\b(?:engineer|developer|programmer|manager|analyst|consultant|designer|architect|scientist"
    r"|specialist|administrator|director|lead|officer|accountant|auditor|nurse|teacher|lecturer"
    r"|coordinator|assistant|associate|executive|technician|representative|intern|tester"
    r"|writer|editor|founder|head|president|recruiter|advisor|adviser|agent|clerk|operator"
    r"|supervisor|trainer|therapist|physician|lawyer|attorney|paralegal|pharmacist|chef|driver"
    r"|mechanic|electrician|professional|expert|strategist|planner|buyer|controller|marketer"
    r"|owner|partner|principal|fellow|researcher|student|graduate)s?\b",
    re.IGNORECASE,
)


def names_a_job(text: str) -> bool:
    """Whether a short text names a job: it holds a job noun (engineer, nurse, analyst …)."""
    return bool(_JOB_NOUN_RE.search(text))


def is_managerial_title(title: str) -> bool:
    """Heuristic: manager, head of, director, VP, supervisor, team lead, C-level — except
    project/product/program/account managers, whose titles do not imply direct reports."""
    cleaned = _NON_PEOPLE_MANAGER_RE.sub(" ", title)
    return bool(_MANAGERIAL_TITLE_RE.search(cleaned))


def managerial_roles(resume: Resume) -> list[Role]:
    """Roles with a managerial title, or whose own lines (up to the next role) show a
    management signal such as "managed a team of 8"."""
    roles = sorted(resume.roles, key=lambda r: r.line)
    signal_lines = [s.line for s in management_summary(resume).signals]
    chosen = []
    for index, role in enumerate(roles):
        stop = roles[index + 1].line if index + 1 < len(roles) else 10**9
        title = role.title or role.text
        if is_managerial_title(title) or any(role.line <= ln < stop for ln in signal_lines):
            chosen.append(role)
    return chosen


# ---------------------------------------------------------------------------------------------
# Posting side: requirement text → facts
# ---------------------------------------------------------------------------------------------

YearsKind = Literal["general", "management"]


@dataclass(frozen=True)
class YearsFact:
    """A minimum number of years, overall or on a topic."""

    years: float
    kind: YearsKind
    topic: str | None  # "in backend development", "as a people leader"; None = overall
    manages_managers: bool = False


@dataclass(frozen=True)
class DegreeFact:
    level: str  # minimum level accepted
    fields: tuple[str, ...] = ()
    related_ok: bool = False  # "... or a related field"
    equivalent_ok: bool = False  # "... or equivalent practical experience"
    preferred: bool = False
    enrolled: bool = False  # "currently enrolled in / pursuing" the degree: a student's ask
    mba: bool = False  # the ask is an MBA, not any master's ("MBA degree"; not "MS or MBA")


@dataclass(frozen=True)
class RequirementFacts:
    years: tuple[YearsFact, ...] = ()
    degree: DegreeFact | None = None
    # the languages asked, alternatives grouped: "English and Vietnamese or Hindi" ->
    # (("English",), ("Vietnamese", "Hindi"))
    language_asks: tuple[tuple[str, ...], ...] = ()
    licences: tuple[str, ...] = ()
    workplace: tuple[str, ...] = ()  # "remote", "hybrid 3 days in office", "on-site in Austin"
    preferred: bool = False  # the text itself says preferred / a plus

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language named, in order."""
        return tuple(lang for ask in self.language_asks for lang in ask)

    def is_empty(self) -> bool:
        return not (self.years or self.degree or self.languages or self.licences or self.workplace)


_YEARS_RE = re.compile(
    rf"(?:(?P<qualifier>at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|over|more\s+than|"
    rf"no\s+less\s+than)\s+)?(?P<n>{_NUMBER})\s*(?:\(\s*\d+\s*\)\s*)?(?:\+\s*)?"
    rf"(?:(?:-|–|—|to)\s*(?P<n2>{_NUMBER})\s*(?:\(\s*\d+\s*\)\s*)?)?"
    r"(?P<plus>\+|plus|or\s+more|or\s+greater)?\s*(?:\+\s*)?(?:full[- ]time\s+)?(?:years?|yrs?)\b"
    r"(?:['’]s?)?(?P<plus2>\s*\+|\s+or\s+more|\s+plus)?",
    re.IGNORECASE,
)
_YEARS_NOT_EXPERIENCE_RE = re.compile(
    r"^\s*(?:old|ago|degree|program|programme|college|university|course|warranty|contract)\b"
    r"|^[-\s]*(?:year\s+)?(?:degree|program|college)",
    re.IGNORECASE,
)
_YEARS_BEFORE_EXCLUDE_RE = re.compile(r"(?:within|every|after|next|first|last|past|for\s+the)\s+$",
                                      re.IGNORECASE)
_TOPIC_STRIP_RE = re.compile(
    r"^(?:[\s,:]|of\b|or\b|in\b|with\b|as\b|on\b|the\b|an?\b|relevant\b|related\b|professional\b|"
    r"progressive\b|proven\b|hands-on\b|practical\b|industry\b|work\b|working\b|combined\b|"
    r"total\b|overall\b|demonstrated\b|direct\b|experience\b|\(or\s+equivalent\)|or\s+equivalent\b)+",
    re.IGNORECASE,
)
_DOMAIN_MANAGEMENT_RE = re.compile(
    r"\b(?:project|product|program|programme|account|risk|data|change|configuration|vendor|"
    r"supply\s+chain|portfolio|case|records?|quality|release|incident|asset|content|property|"
    r"inventory|database|stakeholder|category|brand|marketing|financial|wealth|investment|"
    r"knowledge|identity|access|service|event|construction|contract|operations|time|"
    r"client|customer|relationship|test|cloud|infrastructure|system|systems)\s+management\b",
    re.IGNORECASE,
)
_PEOPLE_MANAGEMENT_RE = re.compile(
    r"\bpeople\s+(?:leader|leadership|manager|management)\b|\bmanaging\s+(?:people|teams?|managers|"
    r"engineers|staff|others|direct|a\s+team|technical\s+teams)\b|\bmanagerial\b"
    r"|\bdirect\s+reports\b|\bleading\s+(?:and\s+managing\s+)?(?:teams?|people|engineering|"
    r"technical\s+teams)\b|\bteam\s+lead(?:er|ership|ing)?\b|\bsupervis\w*|\bline\s+manage\w*"
    r"|\bas\s+a\s+manager\b|\b(?:management|leadership)\s+(?:role|position)s?\b|\bleading\s+managers\b"
    r"|\bmanager\s+of\s+managers\b|\b(?:team|staff|personnel|engineering|general|middle|senior)"
    r"\s+management\b",
    re.IGNORECASE,
)
# "management" alone is people management only when nothing names what is managed:
# "5+ years of management experience", not "partner management" or "risk management".
_BARE_MANAGEMENT_RE = re.compile(
    r"(?:^|\b(?:of|in|with|and|or|including|years|technical)\s+|[,(/]\s*)management\b"
    r"(?!\s+(?:consult\w*|information|science|studies|systems?|tools?|software|accounting))",
    re.IGNORECASE,
)
_REQ_MANAGES_MANAGERS_RE = re.compile(
    r"\bmanag\w*\s+(?:other\s+)?managers\b|\bmanagers?\s+of\s+managers\b|\bleading\s+managers\b"
    r"|\bleaders\s+of\s+leaders\b|\bmulti-?level\b|\bmultiple\s+(?:layers|levels)\b",
    re.IGNORECASE,
)
_PREFERRED_RE = re.compile(
    r"\bpreferred\b|\bpreferably\b|\bdesired\b|\bdesirable\b|\bnice[- ]to[- ]have\b|\ba\s+plus\b"
    r"|\bbonus\b|\bideally\b|\bis\s+an?\s+advantage\b|\bpluses\b",
    re.IGNORECASE,
)


def _number_from(text: str) -> float | None:
    text = text.lower().strip()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _clean_topic(raw: str) -> str | None:
    topic = re.split(r"[.;]\s|[.;]$|\s[-–—]\s", raw, maxsplit=1)[0]
    topic = re.sub(r"[\s,]*(?:\b(?:and|or|with|including|of\s+which)\b[\s,]*)+$", "", topic.strip())
    topic = _TOPIC_STRIP_RE.sub("", topic).strip(" ,:()")
    if not topic or not re.search(r"[A-Za-z]{2}", topic):
        return None
    return topic


_MANAGEMENT_DOMAIN_RE = re.compile(
    r"\bmanagement\s+(?:consult\w*|information|science|studies|systems?|tools?|software|"
    r"accounting|reporting|console|plane|platforms?)\b",
    re.IGNORECASE,
)


def _is_management_topic(topic: str | None) -> bool:
    if not topic:
        return False
    people_only = _MANAGEMENT_DOMAIN_RE.sub(" ", _DOMAIN_MANAGEMENT_RE.sub(" ", topic))
    return bool(_PEOPLE_MANAGEMENT_RE.search(people_only) or _BARE_MANAGEMENT_RE.search(people_only))


def find_years(text: str) -> tuple[YearsFact, ...]:
    """Minimum-years statements: "10+ years of experience in X", "3-5 years" (3),
    "a minimum of seven years", "six or more years as a people leader" (management)."""
    matches = []
    for match in _YEARS_RE.finditer(text):
        # windows, not the whole rest of the line: many matches on a long line stay linear
        if _YEARS_NOT_EXPERIENCE_RE.match(text[match.end():match.end() + 80]):
            continue
        before = text[max(0, match.start() - 40): match.start()]
        if _YEARS_BEFORE_EXCLUDE_RE.search(before) and not match.group("qualifier"):
            continue
        value = _number_from(match.group("n"))
        if value is None or not 0 < value <= 40:
            continue
        matches.append((match, value))
    facts = []
    for index, (match, value) in enumerate(matches):
        stop = matches[index + 1][0].start() if index + 1 < len(matches) else len(text)
        topic = _clean_topic(text[match.end(): stop])
        # "Experience in people management: 5 years" puts the topic before the number.
        before = text[max(0, match.start() - 60): match.start()]
        kind: YearsKind = "management" if (
            _is_management_topic(topic) or (topic is None and _is_management_topic(before))
        ) else "general"
        scope = f"{before} {topic or ''}"
        facts.append(YearsFact(value, kind, topic, bool(_REQ_MANAGES_MANAGERS_RE.search(scope))))
    return tuple(facts)


_EQUIVALENT_RE = re.compile(
    r"\bequivalent\s+(?:practical\s+|work\s+|professional\s+|relevant\s+|industry\s+|military\s+)?"
    r"experience\b|\bor\s+equivalent\b|\bequivalent\s+combination\b|\bin\s+lieu\s+of\b"
    r"|\bexperience\s+in\s+lieu\b|\bor\s+(?:relevant|related|comparable)\s+(?:work\s+)?experience\b",
    re.IGNORECASE,
)
# "or a related field", "or a related software engineering field", "or similar"
_RELATED_FIELD_RE = re.compile(r"\brelated\s+(?:[\w-]+\s+){0,3}?(?:fields?|disciplines?|areas?|"
                               r"subjects?|degrees?|majors?)\b|\bsimilar\b|\betc\b", re.IGNORECASE)


_GENERIC_FIELD_WORDS_RE = re.compile(
    r"\b(?:related|relevant|technical|quantitative|analytical|scientific|similar|field|fields|"
    r"subject|discipline|area|degree|major)\b",
    re.IGNORECASE,
)


def _split_fields(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    parts = re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s*/\s*", raw)
    fields = []
    for part in parts:
        part = re.split(r"\bsuch\s+as\b|\be\.g\.?|\bincluding\b", part)[-1]
        part = re.sub(r"^(?:a|an|the|other)\s+", "", part.strip(" .,"), flags=re.IGNORECASE)
        part = _GENERIC_FIELD_WORDS_RE.sub(" ", part)
        part = " ".join(part.split())
        if not part or _RELATED_FIELD_RE.search(part) or len(part.split()) > 6 or re.search(r"\d", part):
            continue
        if re.fullmatch(r"(?:equivalent|degree|field|discipline|similar)", part, re.IGNORECASE):
            continue
        fields.append(part)
    return tuple(fields)


# A master's in business administration, by its usual names (not "College of Business
# Administration", which names a school).
_MBA_RE = re.compile(r"\bM\.?B\.?A\b|\bPGDM\b|\bPGDBA\b|\bmaster['’]?s?\s+(?:degree\s+)?(?:of|in)"
                     r"\s+business\s+administration\b", re.IGNORECASE)


def find_degree_requirement(text: str) -> DegreeFact | None:
    mentions = find_degrees(text, strict=True)
    if not mentions and re.search(r"\bdegree\s+in\s+[A-Z]", text):
        mentions = [DegreeMention("bachelor", _degree_field(text, text.index("degree") + 6),
                                  0, 0)]
    mentions = [m for m in mentions if m.level != "other" or re.search(r"diploma", text, re.I)]
    if not mentions:
        return None
    lowest = min(mentions, key=lambda m: degree_rank(m.level))
    raw_field = next((m.field for m in sorted(mentions, key=lambda m: m.begin) if m.field), None)
    return DegreeFact(
        level=lowest.level,
        fields=_split_fields(raw_field),
        related_ok=bool(_RELATED_FIELD_RE.search(text)),
        equivalent_ok=bool(_EQUIVALENT_RE.search(text)),
        preferred=bool(_PREFERRED_RE.search(text)),
        enrolled=bool(_ENROLLED_RE.search(text)),
        mba=_asks_mba(text, lowest.level),
    )


def _asks_mba(text: str, level: str) -> bool:
    """Whether the ask is an MBA and nothing else at master's level or above ("MBA degree",
    "a Master's in Business Administration"): another master's does not answer it. "MS or
    MBA", "MBA or PhD", "MBA or a related field", "MBA or equivalent experience" are not."""
    if level != "master" or not _MBA_RE.search(text):
        return False
    if _RELATED_FIELD_RE.search(text) or _EQUIVALENT_RE.search(text):
        return False
    others = find_degrees(_MBA_RE.sub(" ", text), strict=False)
    return not any(degree_rank(m.level) >= degree_rank("master") for m in others)


# "Currently enrolled in a BA/BS program", "pursuing a Master's degree": a degree in progress
_ENROLLED_RE = re.compile(
    r"\bcurrently\s+(?:enrolled|pursuing|studying|attending|working\s+towards?)\b"
    r"|\b(?:actively\s+)?pursuing\s+(?:an?\s+|your\s+)?(?:\w+['’]?s?\s+){0,3}(?:degree|program"
    r"|studies|bachelor|master|ph\.?d)|\benrolled\s+(?:in|as)\b", re.IGNORECASE)
# a degree line that shows it is still in progress
_IN_PROGRESS_RE = re.compile(
    r"\b(?:expected|anticipated|pursuing|present|current(?:ly)?|ongoing|in\s+progress"
    r"|candidate|till\s+date|to\s+date)\b", re.IGNORECASE)


def _in_progress(degree: Degree, today: date) -> bool:
    """The degree line says it is not finished: "expected 2027", "2023 - present", or a
    year still to come."""
    if _IN_PROGRESS_RE.search(degree.text):
        return True
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", degree.text)]
    return bool(years) and max(years) > today.year


_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Polish",
    "Russian", "Ukrainian", "Czech", "Slovak", "Swedish", "Norwegian", "Danish", "Finnish",
    "Icelandic", "Greek", "Turkish", "Arabic", "Hebrew", "Hindi", "Bengali", "Urdu", "Punjabi",
    "Tamil", "Telugu", "Kannada", "Marathi", "Gujarati", "Malayalam", "Chinese", "Mandarin",
    "Cantonese", "Japanese", "Korean", "Vietnamese", "Thai", "Indonesian", "Malay", "Tagalog",
    "Filipino", "Swahili", "Persian", "Farsi", "Romanian", "Hungarian", "Bulgarian", "Serbian",
    "Croatian", "Slovenian", "Lithuanian", "Latvian", "Estonian", "Afrikaans", "Catalan", "Basque",
)
_LANGUAGE_RE = re.compile(r"\b(" + "|".join(_LANGUAGES) + r")\b")
_LANGUAGE_CONTEXT_RE = re.compile(
    r"\bfluen\w*|\bproficien\w*|\bnative\b|\bbilingual\b|\bspeak\w*|\bspoken\b|\bwritten\b"
    r"|\bverbal\b|\blanguages?\b|\bcommand\s+of\b|\bbusiness[- ]level\b|\bworking\s+knowledge\b"
    r"|\bmother\s+tongue\b|\b[ABC][12]\b|\bcommunicat\w*|\bconversational\b|\binterpret\w*|\btranslat\w*",
    re.IGNORECASE,
)


_LANGUAGE_OR_RE = re.compile(r"^\s*,?\s*(?:or|/|or\s+in|and/or)\s*$", re.IGNORECASE)
_LANGUAGE_COMMA_RE = re.compile(r"^\s*,\s*$")


def find_language_asks(text: str) -> tuple[tuple[str, ...], ...]:
    """The languages a requirement asks for, alternatives grouped: "Fluent in German or
    French" and "Spanish, Portuguese, or French" are one ask each (one language is enough);
    "English and German" are two."""
    if not _LANGUAGE_CONTEXT_RE.search(text):
        return ()
    found: dict[str, tuple[int, int]] = {}  # each language's first mention
    for m in _LANGUAGE_RE.finditer(text):
        found.setdefault(m.group(1), m.span())
    # runs joined by commas or "or"; a run with an "or" in it is one ask of alternatives
    runs: list[list[str]] = []
    alternatives: list[bool] = []
    last_end = None
    for lang, (start, end) in found.items():
        gap = text[last_end:start] if last_end is not None else ""
        is_or = bool(_LANGUAGE_OR_RE.match(gap)) if runs else False
        if runs and (is_or or _LANGUAGE_COMMA_RE.match(gap)):
            runs[-1].append(lang)
            alternatives[-1] = alternatives[-1] or is_or
        else:
            runs.append([lang])
            alternatives.append(False)
        last_end = end
    asks: list[tuple[str, ...]] = []
    for langs, either in zip(runs, alternatives):
        asks.extend([tuple(langs)] if either else [(lang,) for lang in langs])
    return tuple(asks)


# name → pattern that finds it in a posting; the same pattern (or the alias) finds it in a résumé.
_LICENCES: dict[str, str] = {
    "driver's license": r"\bdriv(?:er'?s?|ing)['’]?s?\s+licen[cs]e\b",
    "PMP": r"\bPMP\b|\bProject\s+Management\s+Professional\b",
    "CPA": r"\bCPA\b|\bCertified\s+Public\s+Accountant\b",
    "CFA": r"\bCFA\b|\bChartered\s+Financial\s+Analyst\b",
    "ACCA": r"\bACCA\b",
    "CMA": r"\bCMA\b|\bCertified\s+Management\s+Accountant\b",
    "CISSP": r"\bCISSP\b",
    "CISA": r"\bCISA\b",
    "CISM": r"\bCISM\b",
    "CCNA": r"\bCCNA\b",
    "CCNP": r"\bCCNP\b",
    "CCIE": r"\bCCIE\b",
    "RN license": r"\bRN\b|\bRegistered\s+Nurse\b",
    "LPN": r"\bLPN\b|\bLicensed\s+Practical\s+Nurse\b",
    "CNA": r"\bCNA\b|\bCertified\s+Nursing\s+Assistant\b",
    "BLS": r"\bBLS\b|\bBasic\s+Life\s+Support\b",
    "ACLS": r"\bACLS\b|\bAdvanced\s+Cardi\w+\s+Life\s+Support\b",
    "CPR": r"\bCPR\b",
    "CDL": r"\bCDL\b|\bCommercial\s+Driver'?s?\s+Licen[cs]e\b",
    "PE license": r"\bP\.?E\.?\s+licen[cs]e\b|\bProfessional\s+Engineer\b",
    "security clearance": r"\bsecurity\s+clearance\b|\bTS/SCI\b|\b(?:top\s+)?secret\s+clearance\b",
    "SHRM certification": r"\bSHRM-(?:CP|SCP)\b",
    "PHR": r"\b(?:S)?PHR\b",
    "Six Sigma": r"\bSix\s+Sigma\b|\bLean\s+Six\b",
    "ITIL": r"\bITIL\b",
    "CSM": r"\bCSM\b|\bCertified\s+Scrum\s*Master\b",
    "CPIM": r"\bCPIM\b",
    "bar admission": r"\bbar\s+admission\b|\badmitted\s+to\s+(?:the|practice)\b|\bmember\s+of\s+the\s+\w+\s+bar\b",
}
_COMPILED_LICENCES = {name: re.compile(p, re.IGNORECASE if not re.search(r"\\b[A-Z]{2,}", p) else 0)
                      for name, p in _LICENCES.items()}
_GENERIC_CERT_RE = re.compile(
    r"\b(?P<name>(?:[A-Z][\w+#.-]*\s+){1,4})(?:certification|certificate|certified|licen[cs]e)\b"
    r"|\b(?i:certified)\s+(?P<name2>(?:[A-Z][\w+#.-]*\s*){1,4})",
)
_GENERIC_CERT_SKIP_RE = re.compile(r"^(?:A|An|The|Valid|Active|Current|Any|Relevant|Professional|"
                                   r"Industry|Such|Or|And|Other|Technical)\b", re.IGNORECASE)


def find_licences(text: str) -> tuple[str, ...]:
    names = [name for name, pattern in _COMPILED_LICENCES.items() if pattern.search(text)]
    for match in _GENERIC_CERT_RE.finditer(text):
        name = (match.group("name") or match.group("name2") or "").strip()
        while name and _GENERIC_CERT_SKIP_RE.match(name):
            name = _GENERIC_CERT_SKIP_RE.sub("", name, count=1).strip()
        if name and not any(n.lower() in name.lower() or name.lower() in n.lower() for n in names):
            names.append(name)
    return tuple(dict.fromkeys(names))


_WORKPLACE_RES = (
    re.compile(r"\bhybrid\b(?:[^.;]{0,30}?\b(?:\d|one|two|three|four)\s*(?:days?)[^.;]{0,25}?"
               r"\b(?:in[- ](?:the\s+)?office|on-?site))?", re.IGNORECASE),
    re.compile(r"\b(?:fully\s+|100%\s+)?remote(?:ly)?\b(?=[\s-]*(?:first|friendly|position|role|"
               r"work|working|job|option|opportunity|eligible|ok|allowed|possible|within|from|in\b|"
               r"[,.;)]|$))|\bwork\s+(?:from\s+home|remotely)\b", re.IGNORECASE),
    re.compile(r"\bon-?site\b(?:\s+(?:in|at)\s+(?:[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){0,3}))?"
               r"|\bin[- ]office\b|\b(?:\d|one|two|three|four|five)\s+days?\s+(?:a|per)\s+week\s+"
               r"in\s+(?:the\s+)?office\b", re.IGNORECASE),
    re.compile(r"\b(?:willing(?:ness)?\s+to\s+)?relocat\w+(?:\s+to\s+[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){0,2})?"),
)


def find_workplace(text: str) -> tuple[str, ...]:
    spans = sorted(((m.start(), m.end()) for pattern in _WORKPLACE_RES for m in pattern.finditer(text)),
                   key=lambda span: (span[0], -span[1]))
    found: list[str] = []
    covered = -1
    for start, end in spans:
        if end <= covered:  # "in office" inside "hybrid, 3 days in office" is the same term
            continue
        covered = max(covered, end)
        found.append(text[start:end].strip(" ,."))
    return tuple(dict.fromkeys(f for f in found if f))


def requirement_facts(text: str) -> RequirementFacts:
    """Everything a requirement states that can be checked by reading rather than similarity."""
    return RequirementFacts(
        years=find_years(text),
        degree=find_degree_requirement(text),
        language_asks=find_language_asks(text),
        licences=find_licences(text),
        workplace=find_workplace(text),
        preferred=bool(_PREFERRED_RE.search(text)),
    )


# ---------------------------------------------------------------------------------------------
# Judging a requirement's facts against a résumé
# ---------------------------------------------------------------------------------------------

PARTIAL_RATIO = 0.8  # within 80% of required years counts as partial
# Years of work accepted in place of a degree when the posting says "or equivalent experience".
EQUIVALENT_YEARS = {"highschool": 0, "other": 1, "associate": 2, "bachelor": 4, "master": 6,
                    "doctorate": 8}


@dataclass(frozen=True)
class FactJudgement:
    verdict: str  # met | partial | missing
    score: float  # 0..1
    explanation: str
    line: int | None
    hard: bool  # a hard fact (years, degree, mandatory licence) that may cap the overall score


def _fmt_years(value: float) -> str:
    rounded = round(value * 2) / 2
    return f"{rounded:g}"


def _verdict_for_ratio(ratio: float) -> str:
    if ratio >= 1:
        return "met"
    return "partial" if ratio >= PARTIAL_RATIO else "missing"


def _judge_years(fact: YearsFact, resume: Resume, today: date, preferred: bool) -> FactJudgement:
    need = f"{_fmt_years(fact.years)}+"
    if fact.kind == "management":
        roles = managerial_roles(resume)
        have = total_experience_years(roles, today)
        summary = management_summary(resume)
        line = (most_recent_role(roles).line if roles else summary.line)
        what = "in people-management roles"
        detail = ""
        if summary.max_team_size:
            detail = f", largest team {summary.max_team_size}"
        ratio = have / fact.years
        verdict = _verdict_for_ratio(ratio)
        if fact.manages_managers and not summary.manages_managers and verdict == "met":
            verdict, ratio = "partial", PARTIAL_RATIO
            detail += "; no sign of managing managers"
        if not roles and summary.signals:
            verdict, ratio = "partial", 0.5
            explanation = (f"résumé shows people management (line {summary.line}) but no dated "
                           f"managerial role; requires {need} years of people management")
            return FactJudgement(verdict, ratio, explanation, summary.line, not preferred)
        shown = (f"about {_fmt_years(have)} years {what}" if roles
                 else "no people-management role")
        explanation = f"résumé shows {shown}{detail}; requires {need} years of people management"
        return FactJudgement(verdict, round(min(1.0, ratio), 3), explanation, line, not preferred)

    have = total_experience_years(resume.roles, today)
    topic = f" years of {fact.topic}" if fact.topic else ""
    if have == 0:
        stated = stated_experience_years(e.text for e in resume.evidence)
        if stated is None:
            return FactJudgement(
                "missing", 0.0,
                f"no dated roles found on the résumé; requires {need}{topic or ' years'}", None,
                hard=False,  # absence of dates is not proof of absence of experience
            )
        ratio = stated / fact.years
        return FactJudgement(
            _verdict_for_ratio(ratio), round(min(1.0, ratio), 3),
            f"résumé states about {_fmt_years(stated)} years of experience (no dated roles); "
            f"requires {need}{topic}", None, hard=False,
        )
    since = earliest_start(resume.roles)
    recent = most_recent_role(resume.roles)
    ratio = have / fact.years
    since_text = f" since {since[0]}" if since else ""
    note = " (counted as total experience)" if fact.topic else ""
    explanation = (f"résumé shows about {_fmt_years(have)} years of experience{since_text}; "
                   f"requires {need}{topic}{note}")
    return FactJudgement(_verdict_for_ratio(ratio), round(min(1.0, ratio), 3), explanation,
                         recent.line if recent else None, hard=not preferred)


def _field_matches(required: Sequence[str], degree: Degree) -> bool:
    have = set(re.findall(r"[a-z]{3,}", f"{degree.field or ''} {degree.text}".lower()))
    have -= {"and", "the", "for", "with", "from", "university", "college", "institute", "degree"}
    for field in required:
        words = set(re.findall(r"[a-z]{3,}", field.lower())) - {"and", "the", "related"}
        if words and words & have:
            return True
    return False


_TECHNICAL_FIELD = re.compile(
    r"engineer|technolog|technical|computer|comput|information|electronic|electrical|mechanical|"
    r"software|science|math|statistic|physics|data|\bit\b|telecom|instrumentation|quantitative",
    re.I)


def _related_technical(fact: DegreeFact, field: str) -> bool:
    """A degree `field` that "or a related technical field" admits: the ask allows a related
    field, and both it and the ask's fields are technical (engineering, science, …)."""
    return bool(fact.related_ok and _TECHNICAL_FIELD.search(field)
                and any(_TECHNICAL_FIELD.search(f) for f in fact.fields))


def _degree_for(fact: DegreeFact, degrees: Sequence[Degree]) -> Degree | None:
    """The degree that answers the ask: of those at the level asked or above, one in a field
    asked, else in a related technical field (when that counts), else of unstated field, else
    the highest; a B.Sc. in Electronics answers "a bachelor's in CS or a related technical
    field" though an MBA in Marketing ranks higher. Without one at that level, the highest."""
    if not degrees:
        return None
    highest = max(degrees, key=lambda d: degree_rank(d.level))
    enough = [d for d in degrees if degree_rank(d.level) >= degree_rank(fact.level)]
    if not enough or not fact.fields:
        return highest

    def fit(d: Degree) -> int:
        if d.field is None:
            return 1
        if _field_matches(fact.fields, d):
            return 3
        return 2 if _related_technical(fact, d.field) else 0

    return max(enough, key=lambda d: (fit(d), degree_rank(d.level)))


def _judge_degree(fact: DegreeFact, resume: Resume, today: date, preferred: bool) -> FactJudgement:
    needed = _LEVEL_NAMES.get(fact.level, fact.level)
    hard = not (preferred or fact.preferred)
    if fact.enrolled:
        studying = [d for d in resume.degrees if _in_progress(d, today)]
        if studying:
            return FactJudgement("met", 1.0, f"résumé shows a degree in progress "
                                 f"({' '.join(studying[0].text.split())[:80]}); requires current "
                                 f"enrolment", studying[0].line, hard)
        return FactJudgement("missing", 0.0, f"résumé shows no degree in progress; requires "
                             f"current enrolment in a {needed} program", None, hard)
    if fact.mba:
        mbas = [d for d in resume.degrees if degree_rank(d.level) >= degree_rank("master")
                and (_MBA_RE.search(d.text) or re.fullmatch(r"business\s+administration",
                                                              d.field or "", re.IGNORECASE))]
        if mbas:
            return FactJudgement("met", 1.0, "résumé shows an MBA; requires an MBA",
                                 mbas[0].line, hard)
        masters = [d for d in resume.degrees if degree_rank(d.level) >= degree_rank("master")]
        if masters:
            # a master's in another field is not the business degree asked for
            field = f" in {masters[0].field}" if masters[0].field else ""
            return FactJudgement("missing", 0.25, f"résumé shows a master's degree{field}; "
                                 f"requires an MBA", masters[0].line, hard)
    best = _degree_for(fact, resume.degrees)
    if best is not None and degree_rank(best.level) >= degree_rank(fact.level):
        if fact.fields and not _field_matches(fact.fields, best):
            if best.field is None:
                return FactJudgement("met", 0.9, f"résumé shows a {_LEVEL_NAMES[best.level]} "
                                     f"(field not stated); requires {needed} in "
                                     f"{' / '.join(fact.fields)}", best.line, hard)
            if _related_technical(fact, best.field):
                # "Computer Science or a related technical field": an engineering,
                # technology or science degree is such a field
                return FactJudgement("met", 0.85, f"résumé shows a {_LEVEL_NAMES[best.level]} in "
                                     f"{best.field}, a field related to "
                                     f"{' / '.join(fact.fields)}", best.line, hard)
            score = 0.75 if fact.related_ok or fact.equivalent_ok else 0.6
            return FactJudgement("partial", score, f"résumé shows a {_LEVEL_NAMES[best.level]} in "
                                 f"{best.field}; requires {' / '.join(fact.fields)}"
                                 f"{' or a related field' if fact.related_ok else ''}",
                                 best.line, hard)
        field = f" in {best.field}" if best.field else ""
        return FactJudgement("met", 1.0, f"résumé shows a {_LEVEL_NAMES[best.level]}{field}; "
                             f"requires {needed}", best.line, hard)

    shown = f"a {_LEVEL_NAMES[best.level]}" if best else "no degree"
    if fact.equivalent_ok:
        years = total_experience_years(resume.roles, today)
        gap = EQUIVALENT_YEARS.get(fact.level, 4) - (EQUIVALENT_YEARS.get(best.level, 0) if best else 0)
        gap = max(gap, 1)
        ratio = years / gap
        verdict = "met" if ratio >= 1 else ("partial" if ratio >= 0.5 else "missing")
        recent = most_recent_role(resume.roles)
        return FactJudgement(
            verdict, round(min(1.0, 0.5 + ratio / 2) if verdict != "missing" else ratio / 2, 3),
            f"résumé shows {shown}, but about {_fmt_years(years)} years of experience count as "
            f"equivalent practical experience for a {needed}", recent.line if recent else None, hard,
        )
    if best is not None and degree_rank(best.level) == degree_rank(fact.level) - 1:
        # one level short (a bachelor's for a master's) is not the degree asked for; the
        # score stays above an absent degree's
        return FactJudgement("missing", 0.25, f"résumé shows {shown}; requires {needed}",
                             best.line, hard)
    return FactJudgement("missing", 0.0, f"résumé shows {shown}; requires {needed}",
                         best.line if best else None, hard)


def _resume_search(resume: Resume, pattern: re.Pattern[str]) -> int | None:
    for evidence in resume.evidence:
        if pattern.search(evidence.text):
            return evidence.line
    return None


# Words frequent in English and rare in other languages written in Latin letters ("in",
# "a", "an", "was" are also German, Spanish or French words, so they are not counted).
_ENGLISH_WORDS = frozenset({"and", "the", "of", "to", "with", "for", "at", "by", "from",
                            "is", "my", "our", "through", "including", "using", "into"})


def _looks_english(resume: Resume) -> bool:
    """The résumé is written in English: over all its lines, at least 1.5% of the words are
    English function words (a résumé of keyword bullets has 2% or more, prose 10%+; a
    résumé in another language has next to none of these)."""
    words = " ".join(e.text for e in resume.evidence).lower().split()
    common = sum(w in _ENGLISH_WORDS for w in words)
    return len(words) > 0 and common / len(words) >= 0.015


def _judge_language(language: str, resume: Resume, preferred: bool = False) -> FactJudgement:
    """A language a posting requires and the résumé never names is a hard gap: no other line
    makes up for it (a preferred one is not). English is also read from the résumé's own
    words."""
    line = _resume_search(resume, re.compile(rf"\b{language}\b", re.IGNORECASE))
    if line is not None:
        return FactJudgement("met", 1.0, f"résumé mentions {language}", line, hard=False)
    if language == "English" and _looks_english(resume):
        return FactJudgement("met", 0.9, "résumé is written in English", None, hard=False)
    return FactJudgement("missing", 0.0, f"résumé does not mention {language}", None,
                         hard=not preferred)


def _judge_licence(name: str, resume: Resume, preferred: bool) -> FactJudgement:
    pattern = _COMPILED_LICENCES.get(name) or re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    line = _resume_search(resume, pattern)
    if line is not None:
        return FactJudgement("met", 1.0, f"résumé mentions {name} (line {line})", line,
                             hard=not preferred)
    return FactJudgement("missing", 0.0, f"résumé does not mention {name}", None,
                         hard=not preferred)


def judge_facts(facts: RequirementFacts, resume: Resume,
                today: date | None = None) -> FactJudgement | None:
    """Compare what a requirement states with what a résumé shows.

    None when the requirement states nothing checkable (workplace terms alone are not judged:
    résumés rarely state them and their contact lines are not evidence). With several facts the
    weakest one decides verdict and score, and every fact is explained.
    """
    today = today or date.today()
    judgements: list[FactJudgement] = [
        _judge_years(fact, resume, today, facts.preferred) for fact in facts.years
    ]
    degree_judgement = (_judge_degree(facts.degree, resume, today, facts.preferred)
                        if facts.degree else None)
    if degree_judgement:
        judgements.append(degree_judgement)
    for ask in facts.language_asks:
        # of alternatives, the best shown answers the ask
        judgements.append(max((_judge_language(lang, resume, facts.preferred) for lang in ask),
                              key=lambda j: j.score))
    judgements += [_judge_licence(name, resume, facts.preferred) for name in facts.licences]
    if not judgements:
        return None
    weakest = min(judgements, key=lambda j: j.score)
    explanation = "; ".join(dict.fromkeys(j.explanation for j in judgements))
    return FactJudgement(
        verdict=weakest.verdict,
        score=weakest.score,
        explanation=explanation,
        line=weakest.line if weakest.line is not None else next(
            (j.line for j in judgements if j.line is not None), None),
        hard=any(j.hard for j in judgements if j.verdict != "met") or weakest.hard,
    )


def describe_resume(resume: Resume, today: date | None = None) -> dict[str, str]:
    """The résumé facts a report shows beside the requirements, as short phrases."""
    today = today or date.today()
    out: dict[str, str] = {}
    if resume.roles:
        years = total_experience_years(resume.roles, today)
        start = earliest_start(resume.roles)
        since = f" since {start[0]}" if start else ""
        out["experience"] = f"about {_fmt_years(years)} years{since}"
        recent = most_recent_role(resume.roles)
        if recent is not None:
            out["most recent role"] = recent.text
    else:
        stated = stated_experience_years(e.text for e in resume.evidence)
        if stated is not None:
            out["experience"] = f"{_fmt_years(stated)} years (as stated; no dated roles)"
    if resume.degrees:
        best = max(resume.degrees, key=lambda d: degree_rank(d.level))
        out["highest degree"] = best.level + (f" in {best.field}" if best.field else "")
    managers = management_summary(resume)
    if managers.manages_managers or managers.max_team_size:
        parts = []
        if managers.max_team_size:
            parts.append(f"team of up to {managers.max_team_size}")
        if managers.manages_managers:
            parts.append("has managed managers")
        out["people management"] = ", ".join(parts)
    return out


def people_management_ask(text: str) -> Literal["no", "people", "managers"]:
    """What a posting's line asks of managing people: "managers" ("experience managing
    managers"), "people" ("5+ years of people management", "manage a team of 6 analysts"),
    else "no". Domain management (project, risk, product) is not people management."""
    if _REQ_MANAGES_MANAGERS_RE.search(text):
        return "managers"
    if _is_management_topic(text) or management_signal(text, 0) is not None:
        return "people"
    return "no"
