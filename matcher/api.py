"""The Python API: the CLI is a thin layer over these functions.

    >>> import matcher
    >>> report = matcher.score("examples/postings/data-engineer.md",
    ...                        "examples/resumes/jane-doe-data-engineer.md")
    >>> report.score, report.summary()["required"]
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .data import Document, MatchReport, Posting, Resume
from .errors import NoEvidenceError
from .reading import read_document

if TYPE_CHECKING:
    from .embedding import Embedder
    from .judge.role import RoleModel
    from .judge.scoring import ScoringConfig

DEFAULT_MODEL = "all-MiniLM-L6-v2"
NO_EVIDENCE_REASON = ("no résumé content found: expected lines of experience, skills or "
                      "education beyond a name and contact details")


def posting_from_document(doc: Document) -> Posting:
    """Parse a read posting into its requirements."""
    from .postings import parse_posting

    return parse_posting(doc)


def resume_from_document(doc: Document, redact: bool = False) -> Resume:
    """Parse a read résumé into evidence and facts, without text a reader would not see
    (hidden PDF text, dropped by the reader) or keyword stuffing, both reported as warnings.
    With `redact`, names, contacts and pronouns are removed first (blind screening)."""
    from dataclasses import replace

    from .redaction import redact_document
    from .resumes import parse_resume
    from .stuffing import remove_stuffing

    resume = parse_resume(redact_document(doc) if redact else doc)
    missing = tuple(w for w in doc.warnings if w not in resume.warnings)
    if missing:
        resume = replace(resume, warnings=missing + resume.warnings)
    resume = remove_stuffing(resume)
    if not resume.evidence:
        # a score of 0 would read as "fits nothing"; nothing was read
        raise NoEvidenceError(doc.path, NO_EVIDENCE_REASON)
    return resume


SCORE_USAGE = "matcher score POSTING RESUME"


def read_posting(path: str | Path, expect_kind: str | None = None) -> Posting:
    """Read and parse one posting file into its requirements. With `expect_kind` (the usage
    line to show), a file that clearly reads as a résumé is an InputError naming that usage."""
    doc = read_document(path)
    if expect_kind:
        from .doctype import POSTING, check_kind

        check_kind(doc.text, doc.path, POSTING, expect_kind)
    return posting_from_document(doc)


def read_resume(path: str | Path, redact: bool = False, expect_kind: str | None = None
                ) -> Resume:
    """Read and parse one résumé file into evidence units and facts (`expect_kind`: as for
    read_posting, for a file that clearly reads as a posting)."""
    doc = read_document(path)
    if expect_kind:
        from .doctype import RESUME, check_kind

        check_kind(doc.text, doc.path, RESUME, expect_kind)
    return resume_from_document(doc, redact=redact)


def make_scorer(
    model: str = DEFAULT_MODEL,
    backend: str = "auto",
    quantize: bool = False,
    today: date | None = None,
    cache: object = "default",
    top: int | None = None,
):
    """A Scorer bound to one encoder; reuse it to score many pairs."""
    from .embedding import Embedder
    from .judge.scoring import Scorer, ScoringConfig

    embedder = Embedder(model, backend=backend, quantize=quantize, cache=cache)
    config = ScoringConfig.load(embedder.model_id)
    if top is not None:
        config = replace(config, top_k=top)
    return Scorer(embedder.encode, embedder.model_id, config=config, today=today,
                  store=embedder.store, role=role_model(embedder, config, cache))


def role_model(
    embedder: Embedder, config: ScoringConfig, cache: object = "default"
) -> RoleModel | None:
    """The role fit for an embedder: in its own occupation space when models/ has one for it,
    else in the default model's, whose encoder then embeds the role texts (cached as usual)."""
    from .embedding import Embedder
    from .judge.occupations import OccupationSpace
    from .judge.role import RoleModel

    if config.role is None:
        return None
    space = OccupationSpace.load(embedder.model_id, config.role.temperature)
    if space is not None:
        return RoleModel(space, config.role)
    space = OccupationSpace.load(DEFAULT_MODEL, config.role.temperature)
    if space is None:
        return None
    return RoleModel(space, config.role, Embedder(DEFAULT_MODEL, cache=cache).encode)


def score(
    posting: str | Path | Posting,
    resume: str | Path | Resume,
    model: str = DEFAULT_MODEL,
    backend: str = "auto",
    quantize: bool = False,
    today: date | None = None,
    top: int | None = None,
    redact: bool = False,
    force: bool = False,
    usage: str = SCORE_USAGE,
    cache: bool = True,
) -> MatchReport:
    """How well `resume` fits `posting`: a MatchReport with per-requirement verdicts, evidence
    lines and a 0-100 score. Accepts paths or already parsed documents. A file that clearly
    reads as the other kind (swapped arguments) is an InputError naming `usage`, unless
    `force`. With `redact`, the résumé is read blind and shown as C001 (`matcher.blind`).
    `cache=False` neither reads nor writes the embedding cache."""
    original = str(resume) if isinstance(resume, (str, Path)) else resume.path
    check = None if force else usage
    posting = posting if isinstance(posting, Posting) else read_posting(posting, check)
    resume = resume if isinstance(resume, Resume) else read_resume(resume, redact, check)
    scorer = make_scorer(model, backend=backend, quantize=quantize, today=today, top=top,
                         cache="default" if cache else None)
    report = scorer.score(posting, resume)
    if redact:  # blind screening: the candidate is C001 in every output
        from .blind import blind_report

        report = blind_report(report, (original, resume.path))
    return report
