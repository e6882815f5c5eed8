"""Role fit: is the résumé for the same kind of work as the posting?

A requirement list alone cannot say so. Most postings ask for things many résumés show (a
degree, years of experience, communication), so a marketing coordinator "meets" much of a data
engineering posting, and ranking by requirements alone puts a posting's easiest requirements
first. Measured on a labelled ranking set (benchmarks/RANKING-SET.md), the role signals below
rank far better than requirement coverage, and the two together are what `score` reports.

Three numbers, each traceable to lines of both documents:

* occupation: the cosine of the documents' O*NET occupation profiles (matcher.occupations),
  read from titles (the posting's title; the résumé's headline and most recent role titles)
  and from lines (requirements; evidence lines);
* experience: how closely the résumé's lines relate to the posting's requirements, on average
  (each line's best cosine with any requirement): how much of this person's experience the job
  would use;
* terms: the cosine of the documents' distinctive words, weighted by how rare each word is in
  O*NET task statements, so "kubernetes" counts and "ensure" does not.

A logistic calibration (models/scoring.json: role.calibration, fitted by models/fit_role.py)
turns them into the probability that the two are the same kind of job.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..data import OccupationShare, Posting, Resume, RoleMatch
from ..facts import roles_by_recency
from .matching import term_surfaces, terms
from .occupations import OccupationSpace

if TYPE_CHECKING:
    from .calibration import Calibration

Encode = Callable[[Sequence[str]], np.ndarray]
Vectors = Callable[[Sequence[str]], np.ndarray]  # texts -> (len, dim) unit rows

ROLE_FEATURES = ("occupation", "experience", "terms")
VERDICTS = {"met": "match", "partial": "related", "missing": "different"}
SHOWN_OCCUPATIONS = 3
SHOWN_TERMS = 6


@dataclass(frozen=True)
class RoleConfig:
    """models/scoring.json: role."""

    calibration: Calibration
    temperature: float = 0.03
    headline_weight: float = 1.0
    role_title_weight: float = 0.5
    max_role_titles: int = 3


@dataclass(frozen=True)
class RoleSide:
    """One document as the role fit sees it: computed once per document."""

    titles: tuple[str, ...]
    profile: np.ndarray = field(repr=False)
    line_vectors: np.ndarray = field(repr=False)
    term_weights: Mapping[str, float] = field(repr=False)  # unit length
    surfaces: Mapping[str, str] = field(repr=False)  # term -> the word as first written


class RoleModel:
    """Reads role fit with one occupation space.

    `encode` embeds role texts when the occupation space belongs to another encoder than the
    scorer's (a model without its own occupation vectors uses the default model's); None means
    the scorer's vectors are used as they are.
    """

    def __init__(self, space: OccupationSpace, config: RoleConfig, encode: Encode | None = None):
        self.space = space
        self.config = config
        self.encode = encode

    # -- what a document contributes

    def resume_titles(self, resume: Resume) -> list[tuple[str, float]]:
        """The headline and the most recent role titles, with their weight in the profile."""
        cfg = self.config
        out: dict[str, float] = {}
        if resume.headline:
            out[resume.headline] = cfg.headline_weight
        for role in roles_by_recency(resume.roles):
            if len(out) >= cfg.max_role_titles + bool(resume.headline):
                break
            if role.title and role.title not in out:
                out[role.title] = cfg.role_title_weight
        return list(out.items())

    @staticmethod
    def posting_titles(posting: Posting) -> list[tuple[str, float]]:
        return [(posting.title, 1.0)] if posting.title else []

    def texts(self, posting: Posting, resume: Resume | None = None) -> list[str]:
        """Texts the role fit needs besides requirement and evidence lines (for batching)."""
        titles = self.posting_titles(posting) + (self.resume_titles(resume) if resume else [])
        return [t for t, _ in titles]

    def side(
        self, titles: Sequence[tuple[str, float]], lines: Sequence[str], vectors: Vectors,
        surfaces: bool = False,
    ) -> RoleSide:
        """A document's profile, line vectors and term weights; `vectors` gives the scorer's
        vectors of its texts (used unless this model has an encoder of its own). `surfaces`:
        also how its terms are written, to show shared terms (the posting's side)."""
        embed = self.encode or vectors
        title_texts = [t for t, _ in titles]
        title_vecs = embed(title_texts) if title_texts else self._empty()
        line_vecs = embed(list(lines)) if lines else self._empty()
        profile = self.space.profile(title_vecs, [w for _, w in titles], line_vecs)
        texts = [*title_texts, *lines]
        return RoleSide(tuple(title_texts), profile, line_vecs, self._term_weights(texts),
                        term_surfaces("\n".join(texts)) if surfaces else {})

    def _empty(self) -> np.ndarray:
        return np.zeros((0, self.space.dimension), dtype=np.float32)

    def _term_weights(self, texts: Sequence[str]) -> dict[str, float]:
        """Sublinear term frequency x O*NET rarity, scaled to unit length. Counted line by
        line: each line's terms are memoised (matching.terms), and no term spans two lines."""
        counts = Counter(t for text in texts for t in terms(text))
        idf = self.space.index.idf
        weights = {t: (1 + math.log(c)) * idf(t) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    # -- the comparison

    def match(self, posting: RoleSide, resume: RoleSide) -> RoleMatch:
        occupation = float(posting.profile @ resume.profile)
        if len(posting.line_vectors) and len(resume.line_vectors):
            experience = float((resume.line_vectors @ posting.line_vectors.T).max(axis=1).mean())
        else:
            experience = 0.0
        small, large = sorted((posting.term_weights, resume.term_weights), key=len)
        shared = {t: w * large[t] for t, w in small.items() if t in large}
        features = {"occupation": occupation, "experience": experience,
                    "terms": sum(shared.values())}
        cal = self.config.calibration
        p = cal.probability(features)
        top_terms = sorted(shared, key=lambda t: (-shared[t], t))[:SHOWN_TERMS]
        return RoleMatch(
            score=p,
            verdict=VERDICTS[cal.verdict(p)],
            posting_title=posting.titles[0] if posting.titles else None,
            resume_titles=resume.titles,
            posting_occupations=self._shares(posting.profile),
            resume_occupations=self._shares(resume.profile),
            shared_terms=tuple(posting.surfaces.get(t, t) for t in top_terms),
            features=tuple(features.items()),
        )

    def _shares(self, profile: np.ndarray) -> tuple[OccupationShare, ...]:
        return tuple(OccupationShare(o.code, o.title, share)
                     for o, share in self.space.top(profile, SHOWN_OCCUPATIONS))
