"""Evidence retrieval: which résumé lines back a requirement, lexical and dense together.

Small array functions. BM25 scores a requirement's terms against every evidence unit;
`rank_fusion` combines rankings; `hub_penalty` keeps one generic line (a summary that is a bit
similar to everything) from being the best evidence for most requirements; `evidence_rows`
gathers, per unit, what the fitted evidence order weighs, and `choose_evidence` picks the lines
a report shows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..data import EvidenceMatch

if TYPE_CHECKING:
    from .prepared import PreparedRequirement, PreparedResume


def bm25_idf(documents: Sequence[Sequence[str]]) -> dict[str, float]:
    """BM25's IDF over a collection (Robertson–Spärck Jones, floored at a small positive value
    so that a term in most lines still counts a little)."""
    n = len(documents)
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(set(doc))
    return {t: max(0.05, math.log(1 + (n - c + 0.5) / (c + 0.5))) for t, c in df.items()}


def bm25_matrix(
    queries: Sequence[Sequence[str]],
    documents: Sequence[Sequence[str]],
    idf: Mapping[str, float] | None = None,
    k1: float = 1.2,
    b: float = 0.5,
) -> np.ndarray:
    """BM25 of every query (a list of terms) against every document, shape (queries, docs).

    `idf` defaults to the documents' own; terms it does not know weigh as a term seen once.
    """
    out = np.zeros((len(queries), len(documents)), dtype=np.float32)
    if not documents or not queries:
        return out
    idf = idf if idf is not None else bm25_idf(documents)
    unseen = math.log(1 + (len(documents) - 0.5) / 1.5)
    lengths = np.array([len(d) for d in documents], dtype=np.float32)
    avg = float(lengths.mean()) or 1.0
    norm = k1 * (1 - b + b * lengths / avg)
    wanted = {t for q in queries for t in q}
    # an inverted index of the query terms only: term -> (documents, counts)
    postings: dict[str, Counter[int]] = {}
    for j, doc in enumerate(documents):
        for t in doc:
            if t in wanted:
                postings.setdefault(t, Counter())[j] += 1
    for i, q in enumerate(queries):
        for t in dict.fromkeys(q):
            hits = postings.get(t)
            if hits:
                cols = np.fromiter(hits.keys(), dtype=np.int64, count=len(hits))
                f = np.fromiter(hits.values(), dtype=np.float32, count=len(hits))
                out[i, cols] += idf.get(t, unseen) * f * (k1 + 1) / (f + norm[cols])
    return out


def bm25_self(queries: Sequence[Sequence[str]], idf: Mapping[str, float],
              n_docs: int) -> np.ndarray:
    """The BM25 a document holding each query term once would get, per query: divides
    bm25_matrix into a share in [0, ~1] comparable across requirements."""
    unseen = math.log(1 + (max(n_docs, 1) - 0.5) / 1.5)
    return np.array([sum(idf.get(t, unseen) for t in dict.fromkeys(q)) or 1.0 for q in queries],
                    dtype=np.float32)


def rank_fusion(*score_rows: np.ndarray, k: float = 10.0) -> np.ndarray:
    """Reciprocal rank fusion of several score matrices (rows = queries): each column earns
    1 / (k + its rank) from each matrix. Ties keep column order."""
    total = np.zeros_like(score_rows[0], dtype=np.float64)
    for scores in score_rows:
        order = np.argsort(-scores, axis=1, kind="stable")
        ranks = np.empty_like(order)
        rows = np.arange(scores.shape[0])[:, None]
        ranks[rows, order] = np.arange(scores.shape[1])[None, :]
        total += 1.0 / (k + 1 + ranks)
    return total


def hub_penalty(sims: np.ndarray) -> np.ndarray:
    """Per column, how similar the line is to the posting's requirements on average, above the
    résumé's typical line: a line that is close to everything backs nothing in particular
    (the hubness correction of cross-domain similarity local scaling)."""
    if sims.size == 0:
        return np.zeros(sims.shape[1] if sims.ndim == 2 else 0, dtype=np.float32)
    col = sims.mean(axis=0)
    return np.maximum(col - float(np.median(col)), 0.0).astype(np.float32)


def term_index(unit_terms: Sequence[frozenset[str]]) -> dict[str, np.ndarray]:
    """Term -> the (sorted) indices of the units that hold it: the lexical views below touch
    only the units sharing a term, as most share none."""
    where: dict[str, list[int]] = {}
    for i, ts in enumerate(unit_terms):
        for t in ts:
            where.setdefault(t, []).append(i)
    return {t: np.array(ix, dtype=np.int64) for t, ix in where.items()}


def term_overlap(query_terms: Sequence[str], weight: Mapping[str, float],
                 index: Mapping[str, np.ndarray], n_units: int) -> np.ndarray:
    """Per unit, the weighted share of the query's terms it holds."""
    out = np.zeros(n_units, dtype=np.float32)
    unique = list(dict.fromkeys(query_terms))
    total = sum(weight[t] for t in unique)
    if not total:
        return out
    for t in unique:
        ix = index.get(t)
        if ix is not None:
            out[ix] += weight[t]
    return out / total


def ask_overlap(asks: Sequence[frozenset[str]], index: Mapping[str, np.ndarray],
                n_units: int) -> np.ndarray:
    """Per unit, the share of the asks (each a set of terms) it touches, by at least one term:
    a line that speaks to three of four asks backs the requirement more than one that repeats
    a single word of it."""
    out = np.zeros(n_units, dtype=np.float32)
    for ask in asks:
        hit = np.zeros(n_units, dtype=bool)
        for t in ask:
            ix = index.get(t)
            if ix is not None:
                hit[ix] = True
        out += hit
    return out / len(asks) if asks else out


def asks_in_one_unit(asks: Sequence[frozenset[str]], index: Mapping[str, np.ndarray]) -> float:
    """The share of the asks whose terms all appear together in one unit (phrase-level
    evidence: "test automation" in one line, not "test" here and "automation" there)."""
    if not asks:
        return 1.0
    return sum(_in_one_unit(ask, index) for ask in asks) / len(asks)


def _in_one_unit(ask: frozenset[str], index: Mapping[str, np.ndarray]) -> bool:
    common: np.ndarray | None = None
    for t in ask:
        ix = index.get(t)
        if ix is None:
            return False
        common = ix if common is None else np.intersect1d(common, ix, assume_unique=True)
        if not len(common):
            return False
    return common is not None


def evidence_rows(prep: PreparedRequirement, resume: PreparedResume, sim_row: np.ndarray,
                  bm25_row: np.ndarray, hub: np.ndarray) -> dict[str, np.ndarray]:
    """Per evidence unit, what the evidence order weighs (config.EVIDENCE_FEATURES, weights
    fitted by models/fit_judge.py): cosine, BM25 share, hubness, a line of work, a line that
    shows a named skill in use, the share of the asks the line touches and of the
    requirement's weighted terms it holds."""
    n = len(resume.units)
    shows_use = np.array(
        [u.unit in ("bullet", "sentence") and bool(set(prep.skills) & resume.unit_skills[i])
         for i, u in enumerate(resume.units)], dtype=np.float32)
    weight = {t: resume.idf.get(t, 1.0) for t in prep.terms}
    return {
        "cosine": sim_row,
        "bm25": bm25_row,
        "hub": hub,
        "work": resume.work_units,
        "shows_use": shows_use,
        "asks": ask_overlap(prep.ask_terms, resume.term_index, n),
        "overlap": term_overlap(prep.terms, weight, resume.term_index, n),
    }


_HEADING_RE = re.compile(
    r"^\W*(?:(?:key\s+|main\s+|my\s+)?(?:roles?|responsibilit(?:y|ies)|duties|tasks|"
    r"achievements|accomplishments|highlights|environment|technolog(?:y|ies)(?:\s+used)?|"
    r"tools(?:\s+used)?|description|details|contributions)(?:\s*(?:and|&|/|,)\s*)?)+\W*$"
    r"|^(?=[^:]*\b(?:roles?|responsibilit(?:y|ies)|duties|tasks)\b)[^.;!?]{1,80}:\W*$"
    # a Title Case name that introduces a project's lines: "Rewards Data Insights:"
    r"|^(?-i:(?:[A-Z][\w&/-]*\s+){0,5}[A-Z][\w&/-]*)\s*:\W*$", re.IGNORECASE)


@lru_cache(maxsize=50_000)  # asked of every unit for each requirement: once per text
def is_heading(text: str) -> bool:
    """A line that introduces others ("Roles and Responsibilities", "Technology/Tools used",
    "Following are my duties in the project:", "Rewards Data Insights:"): at most ten words,
    heading words only, or ending with a colon after a line about duties or a Title Case name
    (not a line of work that ends in a colon: "Led the migration to AWS:")."""
    return len(text.split()) <= 10 and bool(_HEADING_RE.match(text.strip()))


def choose_evidence(order_row: np.ndarray, raw_row: np.ndarray, units: Sequence,
                    extra: Sequence[int], fact_line: int | None, k: int
                    ) -> tuple[EvidenceMatch, ...]:
    """The top `k` units by `order_row`, plus units that back other parts of the requirement
    (`extra`: so the lines shown are the combination scored); the line a fact was read from
    comes first. Each carries its raw cosine. The same text twice (a repeated "Roles and
    Responsibilities" line, a bullet under two roles) is shown once."""
    if not len(units):
        return ()
    seen: set[str] = set()

    def new_text(i: int) -> bool:
        key = " ".join(units[i].text.lower().split())
        if key in seen:
            return False
        seen.add(key)
        return True

    fact_unit = next((i for i, u in enumerate(units) if u.line == fact_line), None)
    if fact_unit is not None:
        new_text(fact_unit)
    # a heading ("Roles & Responsibilities:") introduces lines and shows nothing itself
    seen.update(" ".join(u.text.lower().split()) for u in units if is_heading(u.text))
    chosen: list[int] = []
    for i in np.argsort(-order_row, kind="stable"):
        if len(chosen) == k:
            break
        if int(i) != fact_unit and new_text(int(i)):
            chosen.append(int(i))
    for i in extra:
        if len(chosen) < k + 2 and i not in chosen and i != fact_unit and new_text(int(i)):
            chosen.append(int(i))
    chosen.sort(key=lambda i: (-float(order_row[i]), i))
    if fact_unit is not None:
        chosen = [fact_unit] + chosen[: k - 1]
    return tuple(
        EvidenceMatch(units[i].text, units[i].line, units[i].section, float(raw_row[i]))
        for i in chosen
    )
