"""Matching: requirements x evidence, as arrays.

Small functions over normalised vectors and token sets. Nothing here knows about files,
models or verdicts; scoring.py turns these numbers into scores.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import numpy as np

# --- dense -------------------------------------------------------------------------------


def similarity_matrix(queries: np.ndarray, corpus: np.ndarray) -> np.ndarray:
    """Cosine similarity of L2-normalised rows: one matrix product, shape (len(q), len(c))."""
    if queries.size == 0 or corpus.size == 0:
        return np.zeros((len(queries), len(corpus)), dtype=np.float32)
    return np.clip(queries @ corpus.T, -1.0, 1.0)


# --- multi-part requirements ---------------------------------------------------------------

_PART_SPLIT = re.compile(r";\s*|,\s+and\s+|\s+and\s+|\s+as well as\s+|,\s+(?=[a-z])", re.I)


def requirement_parts(text: str, min_words: int = 2) -> list[str]:
    """Split a requirement into the parts it asks for together ("Python and SQL", "x, y and z").

    A part needs `min_words` words, or one word that looks like a named skill (capitalised or
    with symbols: "SQL", "C++"); otherwise the split is undone, so "research and development"
    stays whole. Alternatives joined by "or" are one part: either one backs it.
    """
    core = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", " /"), text.strip().rstrip("."))
    if re.search(r"\bor\b", core, re.I):
        return [text]
    pieces = [p.strip(" ,;:") for p in _PART_SPLIT.split(core) if p and p.strip(" ,;:")]
    if len(pieces) < 2:
        return [text]

    def substantial(p: str) -> bool:
        words = p.split()
        return len(words) >= min_words or bool(re.search(r"[A-Z+#./0-9]", p))

    if not all(substantial(p) for p in pieces):
        return [text]
    return pieces[:8]


def part_coverage(part_sims: np.ndarray) -> tuple[float, np.ndarray]:
    """Given (parts x evidence) similarities, the mean over parts of each part's best line,
    and the index of that line for every part."""
    if part_sims.size == 0:
        return 0.0, np.zeros(0, dtype=int)
    best = np.argmax(part_sims, axis=1)
    return float(part_sims.max(axis=1).mean()), best


# --- lexical -----------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[./-][a-z0-9+#]+)*", re.I)

# Words that say how a requirement is phrased, not what it asks for.
STOPWORDS = frozenset(
    ["a", "about", "above", "across", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "both", "but", "by", "can", "could", "do", "does", "each", "either", "etc", "for", "from", "has", "have", "having", "how", "i", "if", "in", "including", "into", "is", "it", "its", "like", "may", "more", "most", "must", "of", "on", "or", "other", "our", "over", "own", "per", "plus", "preferred", "required", "requirement", "requirements", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "under", "up", "upon", "us", "using", "via", "was", "we", "well", "were", "what", "when", "where", "which", "while", "who", "will", "with", "within", "would", "you", "your", "yours", "ability", "able", "experience", "experienced", "experiences", "years", "year", "strong", "excellent", "good", "great", "proven", "solid", "deep", "demonstrated", "knowledge", "understanding", "skills", "skill", "familiarity", "familiar", "proficiency", "proficient", "working", "work", "related", "relevant", "equivalent", "practical", "etc", "e.g", "i.e", "plus", "least", "minimum", "new", "highly", "track", "record", "background", "expertise", "capability", "level", "candidate", "ideal", "role", "team", "teams"]
)


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """A crude, deterministic English stemmer: enough to meet 'pipelines' with 'pipeline' and
    'managed' with 'managing' without a dependency."""
    t = token.lower()
    if t.endswith("ies") and len(t) > 4:
        t = t[:-3] + "y"
    elif t.endswith("s") and not t.endswith(("ss", "us", "is")) and len(t) > 3:
        t = t[:-1]
    if t.endswith("ing") and len(t) > 5:
        t = t[:-3]
    elif t.endswith("ed") and len(t) > 4:
        t = t[:-2]
    if t.endswith("e") and len(t) > 4:
        t = t[:-1]
    return t


def terms(text: str) -> list[str]:
    """Content terms of a text, stemmed, in order (with repeats)."""
    return list(_terms(text))


def _content_words(text: str) -> Iterator[tuple[str, str]]:
    """(word as written, its stemmed term) for every content word of `text`: not a stopword,
    holding a letter. The one rule behind terms, their surfaces and uncovered words."""
    for tok in _TOKEN.findall(text):
        low = tok.lower()
        if low not in STOPWORDS and any(c.isalpha() for c in low):
            yield tok, stem(low)


@lru_cache(maxsize=50_000)  # pure in the text; ranking asks for the same lines often (bounded: ~15 MB)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(term for _, term in _content_words(text))


def with_compound_parts(found: Iterable[str]) -> frozenset[str]:
    """Terms with the parts of their compounds: a résumé's "NIST-compliant" and "I/O-bound"
    also name NIST and I/O ("i/o" stays whole as well), so an ask for a name is shown."""
    out = set(found)
    for term in list(out):
        if "-" in term or "/" in term:
            # split at hyphens ("i/o" kept whole), then at slashes too ("pcie/cxl" -> "cxl")
            out.update(stem(part) for part in term.split("-") if part)
            out.update(stem(part) for part in re.split(r"[-/]", term) if part)
    return frozenset(out)


def term_surfaces(text: str) -> dict[str, str]:
    """Each content term of `text` with the word it was first written as, for showing terms
    to a reader ("pipelin" -> "pipelines")."""
    out: dict[str, str] = {}
    for tok, term in _content_words(text):
        out.setdefault(term, tok)
    return out


def uncovered_words(text: str, seen_terms: set[str] | frozenset[str], most: int = 5) -> list[str]:
    """The words of `text`, as written, whose content term appears nowhere in `seen_terms`:
    what a reader would look for on the résumé and not find."""
    out: list[str] = []
    for tok, term in _content_words(text):
        if len(tok) >= 3 and term not in seen_terms and tok not in out:
            out.append(tok)
    return out[:most]


def idf_weights(documents: Iterable[Iterable[str]]) -> tuple[dict[str, float], int]:
    """Smoothed IDF over a small collection (a résumé's lines): rare terms weigh more."""
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        df.update(set(doc))
    return {t: math.log(1 + (n + 1) / (c + 0.5)) for t, c in df.items()}, n


def lexical_coverage(
    query_terms: Sequence[str], line_terms: Sequence[set[str]], idf: dict[str, float], n_docs: int
) -> tuple[float, list[int]]:
    """Share of the query's weighted terms that appear somewhere in the lines, and the lines
    that cover them (greedy: the line adding most weight first), so several lines can back
    one requirement together.

    A term absent from every line gets the weight of a term seen once, so missing rare words
    cost as much as present ones earn.
    """
    unique = list(dict.fromkeys(query_terms))
    if not unique:
        return 0.0, []
    unseen = math.log(1 + (n_docs + 1) / 1.5)
    weight = {t: idf.get(t, unseen) for t in unique}
    total = sum(weight.values())
    remaining = set(unique)
    # only lines sharing a term can gain anything: most lines share none
    shared = [(i, lt & remaining) for i, lt in enumerate(line_terms)
              if not remaining.isdisjoint(lt)]
    chosen: list[int] = []
    while remaining and len(chosen) < 3:
        best_i, best_gain = -1, 0.0
        for i, lt in shared:
            gain = sum(weight[t] for t in remaining & lt)
            if gain > best_gain + 1e-12:
                best_i, best_gain = i, gain
        if best_i < 0:
            break
        chosen.append(best_i)
        remaining -= line_terms[best_i]
    covered = total - sum(weight[t] for t in remaining)
    return covered / total, chosen
