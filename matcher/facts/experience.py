"""Work history read from a résumé's roles: years of experience (overlaps merged), the most
recent role, years a résumé states, and people management (titles and "managed a team of 12")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..data import Resume, Role
from .dates import YearMonth, _month_index

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
    cleaned = _NON_PEOPLE_MANAGER_RE.sub(" ", without_assisted(title))
    return bool(_MANAGERIAL_TITLE_RE.search(cleaned))


# "Executive Assistant to the Managing Director", "Secretary to the Board of Directors": the
# title is the assistant's, not the one assisted
_ASSISTED_RE = re.compile(r"\b(?:assistant|secretary|aide|(?-i:PA|EA))\s+to\b.*", re.IGNORECASE)


# "Recruiter for Directors", "Trainer for Store Managers", "Liaison to the Board of Directors",
# "Advisor to the Group CEO": the people served, not the title's own level. A match starts only
# at a run's first space, so a long gap of spaces stays linear.
_RUN_START = r"(?<!\s)"
_SERVED_RE = re.compile(_RUN_START + r"\s+(?:for|to|supporting)\s+(?:the\s+|our\s+|all\s+)?"
                        r"(?:[\w-]+\s+){0,2}(?:managers|directors|executives|leaders|board)\b.*"
                        r"|" + _RUN_START + r"\s+(?:for|to|supporting)\s+(?:the\s+|our\s+)?"
                        r"(?:(?:group|global|deputy)\s+)?(?:(?-i:C[A-Z]{1,2}O)|(?-i:[SE]?VP)|"
                        r"(?:vice\s+)?president|chair(?:man|woman|person)?|founders?|"
                        r"chief\s+(?:[\w-]+\s+){1,2}officer|(?:managing|executive)\s+director)\b.*",
                        re.IGNORECASE)


# "promoted to", "rose to", "advanced to", "moved up to": the level reached, not one served
_PROMOTION_RE = re.compile(r"\b(?:promot|elevat|progress|advanc|upgrad)\w*|\brose\b|\bmoved\s+up\b",
                           re.IGNORECASE)


def without_assisted(title: str) -> str:
    """A title without whom it assists or serves ("Executive Assistant to the Director" ->
    "Executive Assistant", "Recruiter for Directors" -> "Recruiter"); a promotion to a level
    keeps it ("Associate, promoted to Vice President")."""
    title = _ASSISTED_RE.sub(lambda m: m.group(0).split()[0], title)
    return title if _PROMOTION_RE.search(title) else _SERVED_RE.sub("", title)


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
