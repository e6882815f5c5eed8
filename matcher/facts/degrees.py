"""Degrees on résumés: degree mentions read into levels and fields ("B.Sc. in Electronics",
"MBA"), with their rank for comparison."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..data import Degree

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
