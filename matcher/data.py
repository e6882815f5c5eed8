"""Plain, frozen data passed between the pipeline's stages.

reading -> Document; postings -> Posting(Requirement...); resumes -> Resume(Evidence...);
scoring -> MatchReport(RequirementMatch...); ranking -> RankResult.
Every stage takes these and returns these; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RequirementKind = Literal["required", "preferred", "responsibility"]
KINDS: tuple[RequirementKind, ...] = ("required", "preferred", "responsibility")
Verdict = Literal["met", "partial", "missing"]
VERDICTS: tuple[Verdict, ...] = ("met", "partial", "missing")


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
