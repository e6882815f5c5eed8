"""matcher: how well a résumé fits a job posting, requirement by requirement.

The public API; heavy dependencies (the encoder runtime) load only when first needed.
"""

__version__ = "0.1.0"

from .offline import disable_telemetry  # noqa: E402

disable_telemetry()  # before any encoder library can be imported (see matcher.offline)

from .api import (  # noqa: E402
    make_scorer,
    posting_from_document,
    read_posting,
    read_resume,
    resume_from_document,
    score,
)
from .data import (  # noqa: E402
    Document,
    Evidence,
    EvidenceMatch,
    MatchReport,
    Posting,
    Requirement,
    RequirementMatch,
    Resume,
)
from .errors import MatcherError  # noqa: E402
from .reading import read_document  # noqa: E402


def rank(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    """Rank many résumés for a posting or many postings for a résumé; see matcher.ranking."""
    from .ranking import rank as _rank

    return _rank(*args, **kwargs)


__all__ = [
    "Document", "Evidence", "EvidenceMatch", "MatchReport", "MatcherError", "Posting",
    "Requirement", "RequirementMatch", "Resume", "make_scorer", "posting_from_document", "rank",
    "read_document", "read_posting", "read_resume", "resume_from_document", "score",
]
