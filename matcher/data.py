"""Plain, frozen data passed between the pipeline's stages.

reading -> Document; postings -> Posting(Requirement...); resumes -> Resume(Evidence...);
scoring -> MatchReport(RequirementMatch...); ranking -> RankResult(RankEntry...).
Every stage takes these and returns these; nothing here does I/O. Renderers import these and
ranking's functions; ranking never imports a renderer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QueryKind = Literal["posting", "resume"]

RequirementKind = Literal["required", "preferred", "responsibility"]
KINDS: tuple[RequirementKind, ...] = ("required", "preferred", "responsibility")
# "n/a": a condition of employment no résumé can show (travel, work authorisation): shown
# in its own group and left out of the score.
Verdict = Literal["met", "partial", "missing", "n/a"]
VERDICTS: tuple[Verdict, ...] = ("met", "partial", "missing", "n/a")


@dataclass(frozen=True)
class Document:
    """A file's text after decoding and mojibake repair: the only text later stages see."""

    path: str
    text: str
    format: str  # txt | md | html | pdf | docx
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    id: str
    text: str
    kind: RequirementKind
    section: str | None
    line: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Posting:
    path: str
    title: str | None
    requirements: tuple[Requirement, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "posting": {"path": self.path, "title": self.title},
            "requirements": [r.to_dict() for r in self.requirements],
        }


# Sections a résumé is split into.
RESUME_SECTIONS = (
    "summary", "experience", "education", "skills", "projects", "certifications", "other",
)


@dataclass(frozen=True)
class Evidence:
    """One unit of a résumé that can back a requirement: a bullet, a sentence, a skill, a role
    header or a degree line."""

    id: str
    text: str
    section: str  # one of RESUME_SECTIONS
    line: int
    unit: str  # bullet | sentence | skills_line | skill | role | degree | line


@dataclass(frozen=True)
class Role:
    """A position held, with its dates as (year, month) pairs; end None means 'present'."""

    title: str | None
    employer: str | None
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    line: int
    text: str


@dataclass(frozen=True)
class Degree:
    level: str  # highschool | associate | bachelor | master | doctorate | other
    field: str | None
    line: int
    text: str


@dataclass(frozen=True)
class Resume:
    path: str
    evidence: tuple[Evidence, ...]
    roles: tuple[Role, ...] = ()
    degrees: tuple[Degree, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    headline: str | None = None  # the title under the name: how the person presents themself


@dataclass(frozen=True)
class EvidenceMatch:
    """A résumé line offered as backing for a requirement, with its cosine similarity."""

    text: str
    line: int
    section: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "line": self.line,
            "section": self.section,
            "similarity": round(self.similarity, 4),
        }


# A requirement whose specificity weight is below COMMON_WEIGHT is one most résumés show: it
# counts less; above SPECIFIC_WEIGHT, one few résumés show: it counts more.
COMMON_WEIGHT = 0.8
SPECIFIC_WEIGHT = 1.25


@dataclass(frozen=True)
class RequirementMatch:
    """How one requirement is backed: its score in [0, 1], verdict, evidence and the reasons.

    `features` holds every number the score was computed from, by name, so a reader can trace
    the score; `missing` names the skill terms or facts the résumé does not show.
    """

    requirement: Requirement
    score: float
    verdict: Verdict
    evidence: tuple[EvidenceMatch, ...]
    features: tuple[tuple[str, float], ...] = ()
    missing: tuple[str, ...] = ()
    fact: str | None = None  # the fact comparison, e.g. "résumé shows about 7.5 years; requires 10+"
    hard_fact_unmet: bool = False
    # how discriminative the requirement is (matcher.judge.specificity): its weight in the
    # requirements score (x the kind weight), the share of background résumés estimated to
    # show it, and why ("most résumés show this: 80% of 200 background résumés show ...")
    specificity: float | None = None
    background_rate: float | None = None
    specificity_reason: str | None = None

    @property
    def common(self) -> bool:
        """Most résumés show this requirement: it counts less."""
        return self.specificity is not None and self.specificity < COMMON_WEIGHT

    def to_dict(self) -> dict[str, Any]:
        out = self.requirement.to_dict()
        out.update(
            score=round(self.score, 4),
            verdict=self.verdict,
            evidence=[e.to_dict() for e in self.evidence],
            missing=list(self.missing),
            fact=self.fact,
            features={k: round(v, 4) for k, v in self.features},
            specificity=None if self.specificity is None else {
                "weight": round(self.specificity, 4),
                "background_rate": None if self.background_rate is None
                else round(self.background_rate, 4),
                "reason": self.specificity_reason,
            },
        )
        return out


@dataclass(frozen=True)
class OccupationShare:
    """One occupation a document reads as, with its share of the document's profile."""

    code: str  # O*NET-SOC code
    title: str
    share: float  # 0-1

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "share": round(self.share, 4)}


@dataclass(frozen=True)
class RoleMatch:
    """Is this the same kind of job? What the requirement list cannot say: a posting's
    generic requirements (a degree, communication, years) are met by many résumés for other
    jobs entirely.

    `score` in [0, 1] is a calibrated probability that the résumé is for the same kind of work
    as the posting, from `features`: `occupation`, the cosine of the two documents' O*NET
    occupation profiles (read from titles and from lines); `experience`, how closely the
    résumé's lines relate to the posting's requirements on average; `terms`, the overlap of
    distinctive words. `verdict` reads it as match / related / different.
    """

    score: float
    verdict: str  # match | related | different
    posting_title: str | None
    resume_titles: tuple[str, ...]  # headline and most recent role titles that were read
    posting_occupations: tuple[OccupationShare, ...]
    resume_occupations: tuple[OccupationShare, ...]
    shared_terms: tuple[str, ...]
    features: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "verdict": self.verdict,
            "posting_title": self.posting_title,
            "resume_titles": list(self.resume_titles),
            "posting_occupations": [o.to_dict() for o in self.posting_occupations],
            "resume_occupations": [o.to_dict() for o in self.resume_occupations],
            "shared_terms": list(self.shared_terms),
            "features": {k: round(v, 4) for k, v in self.features},
        }


Manages = Literal["no", "people", "managers"]
SeniorityDirection = Literal["fit", "under", "over", "unknown"]


@dataclass(frozen=True)
class SeniorityMatch:
    """Is the résumé at the posting's level? Read both ways: under- and over-qualified are
    different answers (matcher.judge.seniority).

    Each side has a level on one ordered scale (intern … VP): the one its title or wording
    states, else the one its years read as, None when it states neither; a `rank` on that
    scale (levels apart = rank difference; from the title, the years, or both), the years
    (asked / shown) and whom it manages ("no" / "people" / "managers"). `gap` is résumé rank
    minus posting rank (with a step added for people management asked and not shown);
    `direction` reads it as fit / under / over, or unknown when either side has no level and
    no years. `score` in [0, 1]: 1 when the levels fit, falling with the gap (faster under
    than over); neutral when unknown. `basis` says what each side's rank was read from.
    """

    direction: SeniorityDirection
    score: float
    note: str
    posting_level: str | None
    posting_rank: float | None
    posting_years: float | None
    posting_manages: Manages
    posting_title: str | None
    posting_basis: str  # title | years | title and years | requirements | none
    resume_level: str | None
    resume_rank: float | None
    resume_years: float | None
    resume_manages: Manages
    resume_title: str | None  # the most recent role title (or the headline)
    resume_basis: str
    resume_team_size: int | None = None  # the largest team the résumé says was managed
    gap: float | None = None

    def to_dict(self) -> dict[str, Any]:
        def num(x: float | None) -> float | None:
            return None if x is None else round(x, 2)

        return {
            "direction": self.direction,
            "score": round(self.score, 4),
            "gap": num(self.gap),
            "note": self.note,
            "posting": {"level": self.posting_level, "rank": num(self.posting_rank),
                        "years": num(self.posting_years), "manages": self.posting_manages,
                        "title": self.posting_title, "basis": self.posting_basis},
            "resume": {"level": self.resume_level, "rank": num(self.resume_rank),
                       "years": num(self.resume_years), "manages": self.resume_manages,
                       "title": self.resume_title, "basis": self.resume_basis,
                       "team_size": self.resume_team_size},
        }


@dataclass(frozen=True)
class ScorePart:
    """One part of the overall score (judge.overall): its value in [0, 1], its typical value on
    the pairs the combination was fitted on, and how many points it moves this score from
    what a typical value would give."""

    name: str  # requirements | role | seniority | facts | lexical
    label: str  # how a report names it
    value: float
    typical: float
    points: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(self.value, 4),
                "typical": round(self.typical, 4), "points": round(self.points, 2)}


@dataclass(frozen=True)
class MatchReport:
    """The fit of one résumé to one posting: what every renderer and the CLI show."""

    posting_path: str
    posting_title: str | None
    resume_path: str
    model: str
    score: float  # 0-100
    weights: tuple[tuple[str, float], ...]
    matches: tuple[RequirementMatch, ...]
    caps: tuple[str, ...] = ()  # why the overall score was capped, if it was
    facts: tuple[tuple[str, str], ...] = ()  # résumé facts shown in reports (years, degree, ...)
    warnings: tuple[str, ...] = ()
    # the part of `score` read from the requirement list (0-100, before any cap), and the role
    # fit it is combined with (None when no occupation index is available)
    requirements_score: float | None = None
    role: RoleMatch | None = None
    # the parts the overall score combines and what each moved (judge.overall); empty when
    # the score is the older fixed mean of requirements and role
    parts: tuple[ScorePart, ...] = ()
    # the level fit (not part of `score` yet); None when the scorer did not read it
    seniority: SeniorityMatch | None = None

    def summary(self) -> dict[str, dict[str, int]]:
        out = {k: {v: 0 for v in VERDICTS} for k in KINDS}
        for m in self.matches:
            # a verdict outside VERDICTS (e.g. "n/a") gets its own count
            counts = out.setdefault(m.requirement.kind, {v: 0 for v in VERDICTS})
            counts[m.verdict] = counts.get(m.verdict, 0) + 1
        return out

    def gaps(self) -> tuple[RequirementMatch, ...]:
        """Missing and partial requirements, heaviest first: missing required before partial."""
        weight = dict(self.weights)
        todo = [m for m in self.matches if m.verdict in ("missing", "partial")]
        return tuple(
            sorted(
                todo,
                key=lambda m: (
                    -weight.get(m.requirement.kind, 0.0),
                    m.verdict != "missing",
                    m.score,
                    m.requirement.line,
                ),
            )
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 2),
            "requirements_score": None if self.requirements_score is None
            else round(self.requirements_score, 2),
            "role": self.role.to_dict() if self.role else None,
            "score_parts": [p.to_dict() for p in self.parts],
            "seniority": self.seniority.to_dict() if self.seniority else None,
            "model": self.model,
            "posting": {"path": self.posting_path, "title": self.posting_title},
            "resume": {"path": self.resume_path},
            "summary": self.summary(),
            "weights": dict(self.weights),
            "caps": list(self.caps),
            "facts": dict(self.facts),
            "warnings": list(self.warnings),
            "requirements": [m.to_dict() for m in self.matches],
            "gaps": [m.requirement.id for m in self.gaps()],
        }


@dataclass(frozen=True)
class GapReport:
    """What a job seeker should address: the report's missing and partial requirements,
    heaviest first, each with the closest résumé line and what it does not show."""

    report: MatchReport

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.report.score, 2),
            "posting": {"path": self.report.posting_path, "title": self.report.posting_title},
            "resume": {"path": self.report.resume_path},
            "role": self.report.role.to_dict() if self.report.role else None,
            "seniority": self.report.seniority.to_dict() if self.report.seniority else None,
            "caps": list(self.report.caps),
            "gaps": [
                {
                    "id": m.requirement.id,
                    "text": m.requirement.text,
                    "kind": m.requirement.kind,
                    "line": m.requirement.line,
                    "verdict": m.verdict,
                    "score": round(m.score, 4),
                    "missing": list(m.missing),
                    "closest": m.evidence[0].to_dict() if m.evidence else None,
                }
                for m in self.report.gaps()
            ],
        }


# --- ranking -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RankedRequirement:
    """One requirement of a ranked pair, as a rank row reports it: a gap (missing or partial)
    or a strength (met). `missing` is the scorer's own wording of what is not shown."""

    id: str
    text: str
    kind: str
    verdict: str
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "verdict": self.verdict,
                "missing": list(self.missing)}


@dataclass(frozen=True)
class RankEntry:
    """One ranked document: its score and the reasons behind its rank."""

    rank: int
    id: str
    score: float  # 0-100, rounded to 2 decimals
    required_met: int
    required_total: int
    preferred_met: int
    preferred_total: int
    top_gaps: tuple[str, ...] = ()  # missing required requirements, whole texts, heaviest first
    reasons: tuple[str, ...] = ()
    title: str | None = None  # the posting's title when postings are ranked
    # the two parts of `score` (0-100) and what the ranked document reads as; None without a
    # role fit
    requirements_score: float | None = None
    role_score: float | None = None
    role_verdict: str | None = None
    occupation: str | None = None
    # every gap (heaviest first) and every met requirement, whole
    gaps: tuple[RankedRequirement, ...] = ()
    strengths: tuple[RankedRequirement, ...] = ()
    # what sets this document apart in its ranking: ids of gaps and strengths that fewer than
    # half of the other ranked documents share (filled in once the whole ranking is known)
    distinct_gaps: tuple[str, ...] = ()
    distinct_strengths: tuple[str, ...] = ()
    # what the query document reads as (the same in every entry; RankResult shows it once)
    query_occupation: str | None = field(default=None, repr=False, compare=False)

    def gap_texts(self, ids: tuple[str, ...]) -> list[str]:
        by_id = {g.id: g.text for g in (*self.gaps, *self.strengths)}
        return [by_id[i] for i in ids if i in by_id]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "required_met": self.required_met,
            "required_total": self.required_total,
            "preferred_met": self.preferred_met,
            "preferred_total": self.preferred_total,
            "top_gaps": list(self.top_gaps),
            "reasons": list(self.reasons),
            "requirements_score": self.requirements_score,
            "role_score": self.role_score,
            "role_verdict": self.role_verdict,
            "occupation": self.occupation,
            "gaps": [g.to_dict() for g in self.gaps],
            "strengths": [s.to_dict() for s in self.strengths],
            "distinct_gaps": list(self.distinct_gaps),
            "distinct_strengths": list(self.distinct_strengths),
        }


@dataclass(frozen=True)
class SkippedDocument:
    id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class RankResult:
    """Documents ranked against one query document (best first) and those skipped.

    With blind screening, candidates' ids are anonymous (C001 ...) and `redaction_map` holds
    (anonymous id, original id) pairs for `--redact-map`; no renderer ever shows it."""

    query_kind: QueryKind  # what the query is: "posting" ranks résumés, "resume" ranks postings
    query_path: str
    query_title: str | None
    model: str
    entries: tuple[RankEntry, ...]
    skipped: tuple[SkippedDocument, ...] = ()
    ranked: int = 0  # documents scored (entries may be fewer with `top`)
    # gaps (texts) that more than half of the ranked documents share: said once, not per row
    common_gaps: tuple[str, ...] = ()
    query_occupation: str | None = None  # what the query document reads as
    redacted: bool = False
    redaction_map: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    @property
    def ranked_kind(self) -> str:
        """'résumés' or 'postings', or the singular for one ranked document."""
        noun = "résumé" if self.query_kind == "posting" else "posting"
        return noun if self.ranked == 1 else noun + "s"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": {
                "kind": self.query_kind,
                "path": self.query_path,
                "title": self.query_title,
                "occupation": self.query_occupation,
            },
            "model": self.model,
            "ranked": self.ranked,
            "redacted": self.redacted,
            "common_gaps": list(self.common_gaps),
            "results": [e.to_dict() for e in self.entries],
            "skipped": [s.to_dict() for s in self.skipped],
        }
