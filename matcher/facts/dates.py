"""Dates on résumés: date points and ranges ("Jan 2019 – Present", "2016 - 2019", "since
2020") read into (year, month) pairs, deterministic under a given `today`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
