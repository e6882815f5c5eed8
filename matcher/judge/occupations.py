"""What kind of job a posting is, and what kind of worker a résumé describes, as a distribution
over the 1,016 O*NET occupations.

The index (models/occupations-v1.json.gz, built by models/build_occupations.py from O*NET 29.2,
CC BY 4.0) holds the occupations' codes and titles and how many O*NET task statements each
content term occurs in. A per-encoder file (models/occupations-v1.<model>.npy) places every
occupation in that encoder's vector space twice: the mean vector of its titles (own and
alternate) and the mean vector of its task statements.

A document's profile is read from two channels and added: its titles (a posting's title; a
résumé's headline and most recent role titles) against the title vectors, and its lines
(requirements; evidence lines) against the task vectors. Each text votes with a softmax over
the occupations, so a line close to one occupation's tasks votes for that one alone. Two
profiles are compared by cosine: 1 when both documents read as the same occupations, 0 when
they share none.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import MatcherError
from ..paths import models_dir

ARTIFACT_VERSION = "occupations-v1"


def centroid_file(model_id: str) -> str:
    """File name of a model's occupation vectors; the int8 variant uses its base model's."""
    base = model_id.split(":")[0]
    return f"{ARTIFACT_VERSION}.{re.sub(r'[^A-Za-z0-9_.-]+', '_', base)}.npy"


@dataclass(frozen=True)
class Occupation:
    code: str  # O*NET-SOC code, e.g. "15-1252.00"
    title: str  # e.g. "Software Developers"


class OccupationIndex:
    """The occupations and the term statistics of their task statements."""

    def __init__(
        self,
        occupations: Sequence[Occupation],
        has_tasks: Sequence[bool],
        term_df: dict[str, int],
        documents: int,
    ):
        self.occupations = tuple(occupations)
        self.has_tasks = np.asarray(has_tasks, dtype=bool)
        self.term_df = term_df
        self.documents = documents

    @classmethod
    def load(cls, path: Path | None = None) -> OccupationIndex:
        return _load_index(str(path or models_dir() / f"{ARTIFACT_VERSION}.json.gz"))

    def idf(self, term: str) -> float:
        """How rare a content term is across O*NET task statements: words every occupation
        uses ("ensure", "manage") weigh little, trade words ("kubernetes", "triage") much. A
        term O*NET never uses weighs as much as the rarest."""
        n = self.documents
        return math.log((n + 1) / (self.term_df.get(term, 0) + 0.5))


@lru_cache(maxsize=4)
def _load_index(path: str) -> OccupationIndex:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
        rows = raw["occupations"]
        return OccupationIndex(
            [Occupation(r["code"], r["title"]) for r in rows],
            [bool(r["has_tasks"]) for r in rows],
            {str(k): int(v) for k, v in raw["term_document_frequency"].items()},
            int(raw["task_statements"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise MatcherError(f"cannot read occupation index {path}: {e}") from e


class OccupationSpace:
    """The occupations in one encoder's vector space, and the profiles of texts in it.

    `title_vectors` and `task_vectors` are (occupations, dimension) unit rows (task rows of
    occupations without task statements are ignored); `temperature` sets how sharply a text
    votes for its closest occupations (models/scoring.json: role.temperature).
    """

    def __init__(
        self,
        index: OccupationIndex,
        title_vectors: np.ndarray,
        task_vectors: np.ndarray,
        temperature: float,
    ):
        self.index = index
        self.title_vectors = np.ascontiguousarray(title_vectors, dtype=np.float32)
        self.task_vectors = np.ascontiguousarray(task_vectors, dtype=np.float32)
        self.temperature = temperature
        if self.title_vectors.shape[0] != len(index.occupations):
            raise MatcherError("occupation vectors do not match the occupation index")
        # lines vote only among occupations with task statements
        self._with_tasks = np.flatnonzero(index.has_tasks)
        self._task_rows = np.ascontiguousarray(self.task_vectors[self._with_tasks])

    @property
    def dimension(self) -> int:
        return int(self.title_vectors.shape[1])

    @classmethod
    def load(cls, model_id: str, temperature: float, folder: Path | None = None,
             ) -> OccupationSpace | None:
        """The space of `model_id` from models/, or None when no file was built for it."""
        folder = folder or models_dir()
        path = folder / centroid_file(model_id)
        if not path.is_file():
            return None
        vectors = _load_vectors(str(path))
        return cls(OccupationIndex.load(), vectors[0], vectors[1], temperature)

    def _votes(self, vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
        """Each row's softmax over the rows of `centroids`, shape (rows, centroids)."""
        sims = vectors.astype(np.float32, copy=False) @ centroids.T
        sims -= sims.max(axis=1, keepdims=True)
        sims /= self.temperature
        weights = np.exp(sims, out=sims)
        weights /= weights.sum(axis=1, keepdims=True)
        return weights

    def profile(
        self,
        title_vectors: np.ndarray,
        title_weights: Sequence[float],
        line_vectors: np.ndarray,
    ) -> np.ndarray:
        """A unit vector over the occupations: the title channel (weighted votes of the
        titles) plus the content channel (votes of the lines), each scaled to unit length.
        All zeros when there is neither a title nor a line."""
        out = np.zeros(len(self.index.occupations), dtype=np.float32)
        if len(title_vectors):
            votes = self._votes(title_vectors, self.title_vectors)
            out += _unit(np.asarray(title_weights, dtype=np.float32) @ votes)
        if len(line_vectors):
            out[self._with_tasks] += _unit(self._votes(line_vectors, self._task_rows).sum(0))
        return _unit(out)

    def top(self, profile: np.ndarray, k: int = 3) -> tuple[tuple[Occupation, float], ...]:
        """The k occupations a profile weighs most, with their share of its weight."""
        total = float(profile.sum())
        if total <= 0:
            return ()
        order = np.argsort(-profile, kind="stable")[:k]
        return tuple((self.index.occupations[i], float(profile[i]) / total) for i in order)


@lru_cache(maxsize=4)
def _load_vectors(path: str) -> np.ndarray:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise MatcherError(f"cannot read occupation vectors {path}: {e}") from e
    if vectors.ndim != 3 or vectors.shape[0] != 2:
        raise MatcherError(f"occupation vectors {path} have shape {vectors.shape}, "
                           "expected (2, occupations, dimension)")
    return vectors.astype(np.float32)


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v
