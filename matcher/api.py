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
    from .role import RoleModel
    from .scoring import ScoringConfig

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


def read_posting(path: str | Path) -> Posting:
    """Read and parse one posting file into its requirements."""
    return posting_from_document(read_document(path))


def read_resume(path: str | Path, redact: bool = False) -> Resume:
    """Read and parse one résumé file into evidence units and facts."""
    return resume_from_document(read_document(path), redact=redact)


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
    from .scoring import Scorer, ScoringConfig

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
    from .occupations import OccupationSpace
    from .role import RoleModel

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
    cache: bool = True,
) -> MatchReport:
    """How well `resume` fits `posting`: a MatchReport with per-requirement verdicts, evidence
    lines and a 0-100 score. Accepts paths or already parsed documents. `cache=False` neither
    reads nor writes the embedding cache."""
    posting = posting if isinstance(posting, Posting) else read_posting(posting)
    resume = resume if isinstance(resume, Resume) else read_resume(resume, redact=redact)
    scorer = make_scorer(model, backend=backend, quantize=quantize, today=today, top=top,
                         cache="default" if cache else None)
    return scorer.score(posting, resume)
