"""A requirement's facts compared with a parsed résumé (`judge_facts`), and the résumé facts a
report shows beside the requirements (`describe_resume`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..data import Degree, Resume
from .degrees import _LEVEL_NAMES, degree_rank
from .experience import (
    earliest_start,
    management_summary,
    managerial_roles,
    most_recent_role,
    stated_experience_years,
    total_experience_years,
)
from .requirement import (
    _COMPILED_LICENCES,
    _MBA_RE,
    DegreeFact,
    RequirementFacts,
    YearsFact,
    _in_progress,
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
    topic = f" years of {fact.topic}" if fact.topic else " years"
    if have == 0:
        stated = stated_experience_years(e.text for e in resume.evidence)
        if stated is None:
            return FactJudgement(
                "missing", 0.0,
                f"no dated roles found on the résumé; requires {need}{topic}", None,
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
