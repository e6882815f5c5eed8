"""Seniority fit: is the résumé at the level the posting asks for, below it, or above it?

Plain reading, no embeddings. Each side gets a level on one ordered scale and a `rank` on it:

    intern 0 · new graduate 1 · junior 2 · mid 3 · senior 4 · lead 4.5 · staff 5 · manager 5
    · principal 6 · manager of managers 6.5 · director 7 · VP 8

(a lead sits between senior and staff, a first-line manager level with staff; titles ask for
these as often as years do). A second, small dimension says whom the role manages: "no",
"people" or "managers".

Posting: the title's level words ("Senior", "Staff", "Engineering Manager", "Head of",
"Intern", roman "II"), intern or entry-level wording in its requirements ("currently
pursuing a degree", "recent graduates"), the years its required lines ask (facts.find_years;
preferred lines only when no required line asks any) and the people management they ask
(facts.people_management_ask). Its rank is the higher of what the title and the years ask,
except that an intern or new-graduate title decides alone.

Résumé: years of dated experience (facts.total_experience_years; a stated total when no role
is dated), the level words of the most recent title (else the headline) and the people it
shows managed (facts.management_summary, facts.managerial_roles). Its rank is the mean of
the title's rank and the years' rank when both are known.

Years become a rank through `SeniorityConfig.years_ranks` (piecewise linear; years alone
never rank above principal: a title says director, years do not). The gap (résumé rank −
posting rank, minus a step when people management is asked and not shown) gives the
direction and the score: 1 within `fit_band` levels, then a half-Gaussian that falls with
`under_scale` below the posting's level and `over_scale` above it. A posting that states no
level, only "N+ years", sets a floor: years above it do not raise the résumé's rank past its
title's, so a résumé is over-qualified for it only by its title, never by more years.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..data import Manages, Posting, Requirement, Resume, SeniorityMatch
from ..facts import (
    find_years,
    is_managerial_title,
    management_summary,
    managerial_roles,
    people_management_ask,
    roles_by_recency,
    stated_experience_years,
    total_experience_years,
    without_assisted,
)

LEVELS = ("intern", "new graduate", "junior", "mid", "senior", "lead", "staff", "manager",
          "principal", "manager of managers", "director", "VP")
_MANAGES_ORDER: tuple[Manages, ...] = ("no", "people", "managers")


@dataclass(frozen=True)
class SeniorityConfig:
    """Every number the seniority fit uses, as plain data."""

    ranks: dict[str, float] = field(default_factory=lambda: {
        "intern": 0.0, "new graduate": 1.0, "junior": 2.0, "mid": 3.0, "senior": 4.0,
        "lead": 4.5, "staff": 5.0, "manager": 5.0, "principal": 6.0,
        "manager of managers": 6.5, "director": 7.0, "VP": 8.0,
    })
    # (years, rank) anchors, linear in between: 0 y new graduate, 1 junior, 3 mid, 5 senior,
    # 8 staff, 12 principal
    years_ranks: tuple[tuple[float, float], ...] = (
        (0.0, 1.0), (1.0, 2.0), (3.0, 3.0), (5.0, 4.0), (8.0, 5.0), (12.0, 6.0),
    )
    fit_band: float = 1.0  # |gap| up to this many levels is a fit (score 1)
    # levels beyond the band at which the score is 1/e: two levels under is a long stretch
    # (0.37) and three is out of reach (0.02); two levels over is plausible (0.78), three
    # doubtful (0.37), four or more is not the job (0.11 and less)
    under_scale: float = 1.0
    over_scale: float = 2.0
    neutral: float = 0.5  # the score when either side's level is unknown
    # levels added to the gap when the posting asks people management the résumé does not
    # show, per step on no < people < managers
    manages_step: float = 0.5
    max_years: float = 25.0  # a years statement above this is not an experience ask


DEFAULT_CONFIG = SeniorityConfig()


@dataclass(frozen=True)
class Level:
    """A level read from a title or from wording: its label on the scale, its rank, and
    whom it manages."""

    label: str
    rank: float
    manages: Manages = "no"


@dataclass(frozen=True)
class PostingSide:
    title: str | None
    level: Level | None  # from the title or the requirement wording; None = not stated
    level_from: str  # "title" | "requirements" | ""
    years: float | None  # the years its lines ask
    years_preferred: bool  # the years come from preferred lines only
    manages: Manages


@dataclass(frozen=True)
class ResumeSide:
    title: str | None  # the most recent role title, else the headline
    level: Level | None  # from the most recent title (or headline) or entry-level wording
    level_from: str  # "title" | "headline" | "wording" | ""
    years: float | None
    years_from: str  # "dated roles" | "stated" | ""
    manages: Manages
    team_size: int | None
    headline: str | None = None


# ---------------------------------------------------------------------------------------------
# Titles → levels
# ---------------------------------------------------------------------------------------------

_I = re.IGNORECASE
_INTERN_RE = re.compile(
    r"\bintern(?:ship)?s?\b|\bco-?op\b|\bwerkstudent\b"
    r"|\bstudent\b(?!\s+(?:success|affairs|services|advis\w+|counsel\w*|recruit\w*|loan))", _I)
_NEW_GRAD_RE = re.compile(
    r"\bnew\s+grad(?:uate)?s?\b|\b(?:university|college|campus)\s+(?:grad(?:uate)?s?|hires?)\b"
    r"|\bentry[- ]level\b|\bfreshers?\b|\btrainee\b|\bapprentice\b|\bearly[- ]career\b"
    r"|\bgraduate\s+(?:engineer|developer|analyst|consultant|trainee|programm?e?|scheme|"
    r"software|data|associate|scientist)\b", _I)
_EXEC_RE = re.compile(r"\bchief\b|\bC[ETOFIMPRD]O\b|\b(?:vice[- ])?president\b|\b[SE]?VP\b"
                      r"|\bvice[- ]chair", re.IGNORECASE)
_AVP_RE = re.compile(r"\bassistant\s+vice[- ]president\b|\bAVP\b", _I)
_DIRECTOR_RE = re.compile(r"\bdirectors?\b|\bhead\s+of\b|^\s*head\b|\bhead\s*[,–—-]", _I)
_SUB_DIRECTOR_RE = re.compile(r"\b(?:associate|assistant|deputy)\s+director\b", _I)
_TOP_DIRECTOR_RE = re.compile(r"\b(?:senior|sr\.?|executive|managing|group)\s+director\b", _I)
_MANAGER_RE = re.compile(r"\bmanagers?\b|\bmgr\b", _I)
_MOM_RE = re.compile(
    r"\b(?:senior|sr\.?|group|general|area|regional|district|divisional)\s+"
    r"(?:(?:\w+\s+){0,2})?manager\b|\bmanager\s+of\s+managers\b", _I)
_ASSISTANT_MANAGER_RE = re.compile(r"\b(?:assistant|deputy)\s+(?:\w+\s+)?manager\b", _I)
_SUPERVISOR_RE = re.compile(r"\bsupervisors?\b|\bforem[ae]n\b|\bteam\s+lead(?:er)?\b"
                            r"|\bshift\s+lead\b", _I)
_PRINCIPAL_RE = re.compile(r"\bprincipal\b|\bdistinguished\b|\bfellow\b(?!ship)", _I)
_STAFF_RE = re.compile(
    r"\bstaff\s+(?:\w+\s+){0,2}(?:engineer|scientist|developer|architect|researcher|designer|"
    r"programmer|technologist|swe|sre)s?\b", _I)
_SENIOR_STAFF_RE = re.compile(r"\b(?:senior|sr\.?)\s+staff\b", _I)
_ARCHITECT_RE = re.compile(r"\barchitect\b", _I)
_LEAD_RE = re.compile(r"\blead\b|\bleader\b", _I)
_SENIOR_RE = re.compile(r"\bsenior\b|\bsr\b\.?|\bsnr\b|\bexperienced\b", _I)
_MID_RE = re.compile(r"\bmid[- ]?(?:level|senior)?\b|\bintermediate\b", _I)
_JUNIOR_RE = re.compile(
    r"\bjunior\b|\bjr\b\.?|^\s*associate\b(?!\s+(?:director|principal|partner|vice))"
    r"|\bassociate\s+(?:\w+\s+)?(?:engineer|developer|analyst|consultant|scientist|designer)\b"
    r"|\bassistant\b(?!\s+(?:\w+\s+)?(?:manager|director|professor|vice|general\s+counsel))", _I)
# "Software Engineer II", "Analyst III (Remote)": the grade at the end of a title
_GRADE_RE = re.compile(r"\s(?P<g>I{1,3}|IV|V)\s*(?:$|[,(/–—-])")
_GRADES = {"I": "junior", "II": "mid", "III": "senior", "IV": "staff", "V": "principal"}


def title_level(title: str | None, config: SeniorityConfig = DEFAULT_CONFIG) -> Level | None:
    """The level a job title states, or None when it states none ("Software Engineer",
    "Program Manager": a title without level words, or a manager of work, not people)."""
    if not title or not title.strip():
        return None
    title = without_assisted(title)  # an assistant to a director is no director
    ranks = config.ranks

    def level(label: str, manages: Manages = "no", plus: float = 0.0) -> Level:
        return Level(label, ranks[label] + plus, manages)

    if _INTERN_RE.search(title):
        return level("intern")
    if _NEW_GRAD_RE.search(title):
        return level("new graduate")
    found: list[Level] = []
    people = is_managerial_title(title)
    if _AVP_RE.search(title):
        found.append(level("manager", "people"))
    elif _EXEC_RE.search(title):
        found.append(level("VP", "managers"))
    if _SUB_DIRECTOR_RE.search(title):
        found.append(level("manager of managers", "managers"))
    elif _DIRECTOR_RE.search(title):
        found.append(level("director", "managers", 0.5 if _TOP_DIRECTOR_RE.search(title) else 0))
    if _MANAGER_RE.search(title) and people:
        if _ASSISTANT_MANAGER_RE.search(title):
            found.append(level("lead", "people"))
        elif _MOM_RE.search(title):
            found.append(level("manager of managers", "managers"))
        else:
            found.append(level("manager", "people"))
    if _SUPERVISOR_RE.search(title):
        found.append(level("lead", "people"))
    # individual-contributor words (also on a manager of work: "Senior Product Manager")
    if _PRINCIPAL_RE.search(title):
        found.append(level("principal"))
    if _STAFF_RE.search(title):
        found.append(level("staff", plus=0.5 if _SENIOR_STAFF_RE.search(title) else 0.0))
    if _ARCHITECT_RE.search(title):
        found.append(level("staff"))
    if _LEAD_RE.search(title):
        found.append(level("lead", "people" if people else "no"))
    if _SENIOR_RE.search(title):
        found.append(level("senior"))
    if _MID_RE.search(title):
        found.append(level("mid"))
    if _JUNIOR_RE.search(title):
        found.append(level("junior"))
    grade = _GRADE_RE.search(title)
    if grade:
        found.append(level(_GRADES[grade.group("g")]))
    if not found:
        return None
    best = max(found, key=lambda lv: lv.rank)
    manages = max((lv.manages for lv in found), key=_MANAGES_ORDER.index)
    return Level(best.label, best.rank, manages)


def years_rank(years: float, config: SeniorityConfig = DEFAULT_CONFIG) -> float:
    """Years of experience as a rank on the level scale (linear between the anchors)."""
    anchors = config.years_ranks
    if years <= anchors[0][0]:
        return anchors[0][1]
    for (y0, r0), (y1, r1) in zip(anchors, anchors[1:]):
        if years <= y1:
            return r0 + (r1 - r0) * (years - y0) / (y1 - y0)
    return anchors[-1][1]


def level_for_rank(rank: float, config: SeniorityConfig = DEFAULT_CONFIG) -> str:
    """The highest individual-contributor level a rank reaches, within a tenth (for
    years-only sides): 2.9 years is mid, 4 years mid, 5 senior, 8 staff."""
    ic = ("intern", "new graduate", "junior", "mid", "senior", "staff", "principal")
    reached = [label for label in ic if config.ranks[label] <= rank + 0.1]
    return reached[-1] if reached else ic[0]


# ---------------------------------------------------------------------------------------------
# Posting side
# ---------------------------------------------------------------------------------------------

_POSTING_INTERN_RE = re.compile(
    r"\bcurrently\s+(?:enrolled|pursuing|studying|attending)\b|\bpursuing\s+an?\s+"
    r"(?:\w+\s+){0,3}(?:degree|bachelor\S*|master\S*|ph\.?d|mba)\b"
    r"|\breturning\s+to\s+(?:school|university|your\s+(?:studies|degree|program))\b"
    r"|\b(?:internship|co-?op)\s+(?:program|position|role)\b", _I)
_POSTING_NEW_GRAD_RE = re.compile(
    r"\b(?:recent|new)\s+(?:college\s+|university\s+)?grad(?:uate)?s?\b|\bentry[- ]level\b"
    r"|\bno\s+(?:prior\s+|previous\s+)?(?:work\s+)?experience\s+(?:is\s+)?(?:required|necessary|needed)\b"
    r"|\bgraduat(?:ed|ing)\s+(?:in|by|between)\s+(?:19|20)\d\d\b|\bfreshers?\b", _I)
_AGE_RE = re.compile(r"^\W*(?:of\s+)?age\b|^\W*old\b", _I)


def _years_asked(requirements: Sequence[Requirement], config: SeniorityConfig
                 ) -> tuple[float | None, bool]:
    """The most years a required line asks; preferred lines only when no required one asks.
    "21 years of age" is not experience."""
    def asked(kind: str) -> float | None:
        values = [y.years for r in requirements if r.kind == kind for y in find_years(r.text)
                  if y.years <= config.max_years and not _AGE_RE.match(y.topic or "")]
        return max(values) if values else None

    required = asked("required")
    if required is not None:
        return required, False
    preferred = asked("preferred")
    return preferred, preferred is not None


def posting_side(title: str | None, requirements: Sequence[Requirement],
                 config: SeniorityConfig = DEFAULT_CONFIG) -> PostingSide:
    """A posting's level, years and people-management ask from its title and lines."""
    level = title_level(title, config)
    level_from = "title" if level else ""
    texts = [r.text for r in requirements]
    if level is None:
        if any(_POSTING_INTERN_RE.search(t) for t in texts):
            level, level_from = Level("intern", config.ranks["intern"]), "requirements"
        elif any(_POSTING_NEW_GRAD_RE.search(t) for t in texts):
            level, level_from = Level("new graduate", config.ranks["new graduate"]), "requirements"
    years, preferred = _years_asked(requirements, config)
    asks = [people_management_ask(r.text) for r in requirements]
    manages = max([level.manages if level else "no", *asks], key=_MANAGES_ORDER.index)
    return PostingSide(title, level, level_from, years, preferred, manages)


def posting_level(posting: Posting, config: SeniorityConfig = DEFAULT_CONFIG) -> PostingSide:
    return posting_side(posting.title, posting.requirements, config)


def _posting_rank(side: PostingSide, config: SeniorityConfig) -> tuple[float | None, str]:
    from_years = None if side.years is None else years_rank(side.years, config)
    if side.level is None:
        return from_years, "years" if from_years is not None else "none"
    if from_years is None or side.level.label in ("intern", "new graduate"):
        return side.level.rank, side.level_from
    return max(side.level.rank, from_years), f"{side.level_from} and years"


# ---------------------------------------------------------------------------------------------
# Résumé side
# ---------------------------------------------------------------------------------------------

_MONTHS_RE = re.compile(r"\b(?P<n>\d{1,2})\+?\s*months?\s+(?:of\s+)?(?:\w+\s+){0,2}experience\b", _I)
_ENTRY_WORDING_RE = re.compile(
    r"\bintern(?:ed|ship)?\b|\bstudent\b|\bfreshers?\b|\b(?:recent|new|fresh)\s+graduate\b"
    r"|\bcurrently\s+pursuing\b|\btrainee\b|\bentry[- ]level\b", _I)


def _stated_years(texts: Sequence[str]) -> float | None:
    years = stated_experience_years(texts)
    if years is not None:
        return years
    months = [int(m.group("n")) for t in texts for m in _MONTHS_RE.finditer(t)]
    return max(months) / 12 if months else None


def resume_side(resume: Resume, today: date | None = None,
                config: SeniorityConfig = DEFAULT_CONFIG) -> ResumeSide:
    """A résumé's years, the level of its most recent title and the people it managed."""
    today = today or date.today()
    roles = roles_by_recency(resume.roles)
    titles = [r.title for r in roles if r.title]
    shown = titles[0] if titles else resume.headline
    level, level_from = None, ""
    # the most recent title, else the headline (how the person presents themself); an older
    # title's level is not today's
    for candidate, source in ((shown, "title"), (resume.headline, "headline")):
        level = title_level(candidate, config)
        if level is not None:
            level_from = source
            break
    years: float | None = total_experience_years(resume.roles, today) if resume.roles else 0.0
    years_from = "dated roles"
    if not years:
        texts = [e.text for e in resume.evidence]
        years = _stated_years(texts)
        years_from = "stated" if years is not None else ""
        if level is None and any(_ENTRY_WORDING_RE.search(t) for t in texts
                                 if len(t) < 400):
            level, level_from = Level("new graduate", config.ranks["new graduate"]), "wording"
    summary = management_summary(resume)
    if summary.manages_managers or (level is not None and level.manages == "managers"):
        manages: Manages = "managers"
    elif summary.max_team_size or managerial_roles(resume) or (level and level.manages == "people"):
        manages = "people"
    else:
        manages = "no"
    return ResumeSide(shown, level, level_from, years, years_from, manages,
                      summary.max_team_size, resume.headline)


def _resume_rank(side: ResumeSide, config: SeniorityConfig) -> tuple[float | None, str]:
    from_years = None if side.years is None else years_rank(side.years, config)
    if side.level is None:
        return from_years, "years" if from_years is not None else "none"
    if from_years is None:
        return side.level.rank, side.level_from
    return (side.level.rank + from_years) / 2, f"{side.level_from} and years"


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------


def fit_score(gap: float, config: SeniorityConfig = DEFAULT_CONFIG) -> float:
    """1 within the fit band, then falling smoothly: faster under than over."""
    beyond = abs(gap) - config.fit_band
    if beyond <= 0:
        return 1.0
    scale = config.under_scale if gap < 0 else config.over_scale
    return math.exp(-((beyond / scale) ** 2))


def _years_text(years: float | None) -> str:
    """'7.5', 'under 1' (half years, as facts words them)."""
    if years is None:
        return ""
    rounded = round(years * 2) / 2
    return f"{rounded:g}" if rounded >= 1 else "under 1"


def _years_shown(years: float) -> str:
    return "under a year" if round(years * 2) / 2 < 1 else f"about {_years_text(years)} years"


def _a(label: str) -> str:
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _posting_words(side: PostingSide, label: str | None) -> str:
    years = (f"{side.years:g}+ years{' (preferred)' if side.years_preferred else ''}"
             if side.years is not None else "")
    if side.level is not None:
        what = _a(f"{side.level.label}-level role")
        what += f" (“{side.title}”)" if side.level_from == "title" else " (from its wording)"
        what += f" with {years}" if years else ""
    elif years:
        what = f"{years} ({label} level by years)"
    else:
        what = "no stated level or years"
    if side.manages == "people":
        what += " and people management"
    elif side.manages == "managers":
        what += " and managing managers"
    return f"posting asks for {what}"


def _resume_words(side: ResumeSide, label: str | None) -> str:
    if side.years is None:
        shown = "no dated experience"
    elif side.years_from == "stated":
        shown = f"{_years_shown(side.years)} (as stated)"
    else:
        shown = f"{_years_shown(side.years)} of dated experience"
    if side.title:
        shown += f", most recent title “{side.title}”"
    if side.level is not None:
        source = {"wording": ", from its wording",
                  "headline": f", from the headline “{side.headline}”"}.get(side.level_from, "")
        shown += f" ({side.level.label} level{source})"
    elif label:
        shown += f" ({label} level by years)"
    if side.manages == "managers":
        shown += ", has managed managers"
    elif side.team_size:
        shown += f", managed a team of up to {side.team_size}"
    elif side.manages == "people":
        shown += ", in a people-management role"
    return f"résumé shows {shown}"


def compare(posting: PostingSide, resume: ResumeSide,
            config: SeniorityConfig = DEFAULT_CONFIG) -> SeniorityMatch:
    """Both sides on the level scale → direction, score and a one-line note."""
    p_rank, p_basis = _posting_rank(posting, config)
    r_rank, r_basis = _resume_rank(resume, config)
    # the level a side states, else the one its years read as; None without either
    p_label = posting.level.label if posting.level else (
        None if p_rank is None else level_for_rank(p_rank, config))
    r_label = resume.level.label if resume.level else (
        None if r_rank is None else level_for_rank(r_rank, config))
    note = f"{_posting_words(posting, p_label)}; {_resume_words(resume, r_label)}"
    gap = None
    if p_rank is None or r_rank is None:
        direction, score = "unknown", config.neutral
        note += ": levels not compared"
    else:
        missing_steps = max(0, _MANAGES_ORDER.index(posting.manages)
                            - _MANAGES_ORDER.index(resume.manages))
        compared = r_rank
        if p_basis == "years":
            # "4+ years" is a floor, not a level: more years than it asks lift the résumé no
            # higher than its stated title does
            title_rank = resume.level.rank if resume.level and resume.level_from in (
                "title", "headline") else p_rank
            compared = min(r_rank, max(p_rank, title_rank))
        gap = compared - p_rank - config.manages_step * missing_steps
        score = fit_score(gap, config)
        if abs(gap) <= config.fit_band:
            direction = "fit"
            note += ": the levels fit"
        else:
            direction = "under" if gap < 0 else "over"
            note += f": {direction}-qualified by about {_levels(abs(gap))}"
    return SeniorityMatch(
        direction=direction, score=round(score, 4), note=note,  # type: ignore[arg-type]
        posting_level=p_label, posting_rank=p_rank, posting_years=posting.years,
        posting_manages=posting.manages, posting_title=posting.title, posting_basis=p_basis,
        resume_level=r_label, resume_rank=r_rank, resume_years=resume.years,
        resume_manages=resume.manages, resume_title=resume.title, resume_basis=r_basis,
        resume_team_size=resume.team_size, gap=None if gap is None else round(gap, 2),
    )


def _levels(gap: float) -> str:
    return f"{gap:.1f} levels"


def seniority_match(posting: Posting, resume: Resume, today: date | None = None,
                    config: SeniorityConfig = DEFAULT_CONFIG) -> SeniorityMatch:
    """The seniority fit of one résumé for one posting."""
    return compare(posting_level(posting, config), resume_side(resume, today, config), config)
