"""Is this document a job posting or a résumé? Caught before scoring, so swapped arguments
(`matcher score RESUME POSTING`) are a one-line error instead of a confident, meaningless score.

Each kind has signs of its own, counted over the whole text:
* a résumé: dated roles ("2019 – Present"), contact lines near the top (email, phone, profile
  link), résumé headings (Experience, Education, Skills, Summary, Objective, Projects), bullets
  opening with a past-tense verb ("Led", "Built"), first person ("I have", "my");
* a posting: requirement and offer headings (Requirements, Qualifications, Responsibilities,
  What you'll do, Benefits, About us), the posting's voice ("you will", "we are", "our team",
  "the ideal candidate", "you have"), asks ("3+ years of", "must have", "preferred"), pay,
  equal-opportunity and how-to-apply lines.
A document is called one kind only when its signs clearly outweigh the other's; a short or
plain text stays "unknown" and is never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError

POSTING, RESUME, UNKNOWN = "posting", "résumé", "unknown"

_FLAGS = re.IGNORECASE | re.MULTILINE
_RESUME_HEADING = re.compile(
    r"^\W{0,4}(?:(?:professional|work|employment|career|relevant)\s+)?(?:experience|history)\W*$|"
    r"^\W{0,4}(?:education|academic\s+(?:background|qualifications)|skills|technical\s+skills|"
    r"key\s+skills|summary|professional\s+summary|profile|objective|career\s+objective|projects|"
    r"certifications?|awards|publications|languages|interests|references|achievements|"
    r"work\s+experience|employment\s+history)\W*$",
    _FLAGS,
)
_POSTING_HEADING = re.compile(
    # "Responsibilities" and "Duties" are left out: résumés head each role's list with them.
    r"^\W{0,4}(?:[\w']+[ \t]+){0,4}(?:requirements|qualifications|"
    r"benefits|perks|what[ \t]+you(?:'|’)?ll[ \t]+do|what[ \t]+you[ \t]+will[ \t]+do|"
    r"who[ \t]+you[ \t]+are|about[ \t]+(?:the[ \t]+)?(?:role|team|us|company|you)|"
    r"what[ \t]+we[ \t]+offer|nice[ \t]+to[ \t]+have|what[ \t]+you[ \t]+bring|the[ \t]+role|"
    r"job[ \t]+description)\b[^\n]{0,30}$",
    _FLAGS,
)
# Counted once: a posting has one such heading, a résumé may head every role's list with it.
_DUTIES_HEADING = re.compile(
    r"^\W{0,4}(?:(?:key|main|core|job|your|the|role)[ \t]+)?(?:responsibilities|duties)\W*$",
    _FLAGS,
)
_POSTING_VOICE = re.compile(
    r"\byou(?:'|’)?ll\b|\byou\s+will\b|\bwe\s+are\b|\bwe(?:'|’)re\b|\bour\s+(?:team|company|"
    r"mission|customers|clients|culture)\b|\bjoin\s+(?:us|our)\b|\bideal\s+candidate\b|"
    r"\bthe\s+(?:successful\s+)?candidate\b|\byou\s+(?:have|are|should|must|bring)\b|"
    r"\bwe\s+(?:offer|provide|seek|need|look)\b|\bwe(?:'|’)re\s+looking\b|\blooking\s+for\b|"
    r"\bequal\s+(?:employment\s+)?opportunity\b|\bapply\b|\bapplicants?\b|\bsalary\b|"
    r"\bcompensation\b|\b401\s?\(?k\)?|\bmust\s+(?:have|be)\b|\bpreferred\b|"
    r"\bbenefits\b|\bposition\b|\bthis\s+role\b|\bcandidates?\b|\bemployer\b|\bhiring\b|"
    r"\bjob\s+(?:description|summary|title|type)\b|\bresponsibilities\s+include\b|\bduties\s+include\b",
)  # matched on lower-cased text
# The same words inside glued, scraped text ("...duties.Qualifications:High school..."). Kept
# as separate patterns, matched on lower-cased text: one big case-blind alternation is ten
# times slower, and this runs on every document `rank` reads.
_POSTING_WORDS = tuple(re.compile(p) for p in (
    r"(?:requirements?|qualifications?)\s*:",
    r"\bjob\s+description|\bwe\s+are\s+seeking\b|\bis\s+seeking\b|\bseeking\s+an?\b|"
    r"\bhas\s+an\s+opening\b|\bfull[- ]time\b|\bpart[- ]time\b|"
    r"\bexperience\s+(?:is\s+)?(?:required|preferred)\b",
    r"\bthe\s+(?:candidate|employee|position|role|incumbent)\s+will\b|"
    r"\bwill\s+be\s+responsible\b",
))
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|my|me)\b")
_PAST_BULLET = re.compile(
    r"^\s*(?:[-*•●▪◦]\s*)?(?:led|built|managed|developed|designed|created|implemented|delivered|"
    r"launched|improved|reduced|increased|worked|served|founded|architected|migrated|wrote|"
    r"owned|ran|drove|grew|achieved|completed|supported|maintained|handled|trained|mentored|"
    r"coordinated|analy[sz]ed|conducted|prepared|established|automated|optimi[sz]ed)\b",
    _FLAGS,
)
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d\s().-]{8,}\d|linkedin\.com/in/|github\.com/|"
    r"\bemail\s+me\b|indeed\.com/r/|\bwilling\s+to\s+relocate\b", re.I
)


_YEAR = re.compile(r"(?:19|20)\d\d|'\d\d\b")
_MIN_SIGNS = 4.0
_RATIO = 1.8


@dataclass(frozen=True)
class KindSigns:
    posting: float
    resume: float

    @property
    def kind(self) -> str:
        # Measured on ../shared (benchmarks/doctype_shared.py): no real posting has résumé
        # signs of 4 or more, and no real résumé's posting signs outweigh its résumé signs
        # (at most 0.94 to 1); a ratio of 1.8 keeps a wide margin both ways.
        if self.resume >= _MIN_SIGNS and (self.resume + 1) >= _RATIO * (self.posting + 1):
            return RESUME
        if self.posting >= _MIN_SIGNS and (self.posting + 1) >= _RATIO * (self.resume + 1):
            return POSTING
        return UNKNOWN


def kind_signs(text: str) -> KindSigns:
    """The weighed signs of each kind in `text` (see the module docstring)."""
    from .facts import find_date_ranges

    lines = [ln for ln in text.split("\n") if ln.strip()]
    low = text.lower()
    head = "\n".join(lines[:8])
    # the cheap year test first: find_date_ranges is the slow part of this function
    dated = sum(1 for ln in lines if len(ln) < 160 and _YEAR.search(ln) and find_date_ranges(ln))
    resume = (
        min(dated, 6) * 1.5
        + (2 if _CONTACT.search(head) else 0)
        + min(len(_RESUME_HEADING.findall(text)), 5) * 1.0
        + min(len(_PAST_BULLET.findall(text)), 8) * 0.5
        + min(len(_FIRST_PERSON.findall(text)), 6) * 0.5
    )
    posting = (
        min(len(_POSTING_HEADING.findall(text)), 5) * 1.5
        + (1.5 if _DUTIES_HEADING.search(text) else 0)
        + min(len(_POSTING_VOICE.findall(low)), 12) * 0.75
        + min(sum(len(p.findall(low)) for p in _POSTING_WORDS), 8) * 0.5
    )
    return KindSigns(posting=round(posting, 2), resume=round(resume, 2))


def document_kind(text: str) -> str:
    """"posting", "résumé" or "unknown" (too few signs either way)."""
    return kind_signs(text).kind


def check_kind(text: str, path: str, expected: str, usage: str) -> None:
    """Raise InputError when `text` clearly reads as the other kind than `expected`; the
    message names the fix (`usage`) and the way past it (--force)."""
    found = document_kind(text)
    if found not in (expected, UNKNOWN):
        raise InputError(path, f"this looks like a {found}, not a {expected}; usage: {usage} "
                               "(--force to score it anyway)")
