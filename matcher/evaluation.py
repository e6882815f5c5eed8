"""Measuring the product on labelled data.

- Extraction: requirements against line-level gold (`gold.json`: {"postings": {file:
  {"required": [lines], "preferred": [...], "responsibility": [...], "optional": [...]}}}).
- Ranking: scores against TREC-style qrels (`query_id 0 doc_id relevance`), with MAP, nDCG@10,
  P@5 and ROC-AUC, for matcher and two baselines computed on the same data in the same run:
  TF-IDF cosine and whole-document embedding cosine.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InputError, MatcherError

if TYPE_CHECKING:
    from .data import MatchReport

# --- extraction --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractionScore:
    name: str
    gold: int
    hit: int
    items: int
    good: int
    kinded: int
    kind_ok: int
    error: str | None = None

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.good / self.items if self.items else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_ok / self.kinded if self.kinded else 0.0

    def to_dict(self) -> dict:
        return {
            "posting": self.name, "recall": round(self.recall, 4),
            "precision": round(self.precision, 4), "kind_accuracy": round(self.kind_accuracy, 4),
            "gold": self.gold, "items": self.items, "error": self.error,
        }


@dataclass(frozen=True)
class ExtractionEvaluation:
    postings: tuple[ExtractionScore, ...]
    total: ExtractionScore

    def to_dict(self) -> dict:
        return {
            "postings": [s.to_dict() for s in self.postings],
            "total": self.total.to_dict(),
        }


def evaluate_extraction(folder: str | Path) -> ExtractionEvaluation:
    """Score `matcher requirements` on every posting named in FOLDER/gold.json, by the line
    each requirement comes from."""
    from .api import read_posting

    folder = Path(folder)
    gold_path = folder / "gold.json"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["postings"]
        for labels in gold.values():
            for lines in labels.values():
                if not all(isinstance(n, int) for n in lines):
                    raise ValueError("line lists must hold line numbers")
    except OSError as e:
        raise InputError(str(gold_path), f"cannot read gold file ({e.strerror})") from e
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(
            str(gold_path),
            'not a gold file: expected {"postings": {file: {"required": [line, ...], ...}}}',
        ) from e
    scores = []
    for name in sorted(gold):
        labels = {ln: kind for kind, lines in gold[name].items() for ln in lines}
        wanted = {ln for ln, k in labels.items() if k != "optional"}
        try:
            reqs = read_posting(folder / name).requirements
        except MatcherError as e:
            scores.append(ExtractionScore(name, len(wanted), 0, 0, 0, 0, 0, error=str(e)))
            continue
        hit = {r.line for r in reqs if r.line in wanted}
        kinded = [r for r in reqs if r.line in wanted]
        scores.append(
            ExtractionScore(
                name=name,
                gold=len(wanted),
                hit=len(hit),
                items=len(reqs),
                good=sum(1 for r in reqs if r.line in labels),
                kinded=len(kinded),
                kind_ok=sum(1 for r in kinded if labels[r.line] == r.kind),
            )
        )
    total = ExtractionScore(
        "TOTAL", *(sum(getattr(s, f) for s in scores)
                   for f in ("gold", "hit", "items", "good", "kinded", "kind_ok"))
    )
    return ExtractionEvaluation(tuple(scores), total)


# --- ranking metrics ---------------------------------------------------------------------


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """TREC qrels: `query_id 0 doc_id relevance` per line."""
    qrels: dict[str, dict[str, int]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(str(path), f"cannot read qrels ({e.strerror})") from e
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 4:
            raise InputError(str(path), f"line {n}: expected 'query_id 0 doc_id relevance'")
        try:
            qrels.setdefault(parts[0], {})[parts[2]] = int(parts[3])
        except ValueError as e:
            raise InputError(str(path), f"line {n}: relevance must be an integer") from e
    if not qrels:
        raise InputError(str(path), "no judgements")
    return qrels


def _ranked(scores: Mapping[str, float]) -> list[str]:
    return sorted(scores, key=lambda d: (-scores[d], d))


def average_precision(scores: Mapping[str, float], rel: Mapping[str, int]) -> float:
    relevant = {d for d, r in rel.items() if r > 0}
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, d in enumerate(_ranked(scores), 1):
        if d in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def ndcg_at(scores: Mapping[str, float], rel: Mapping[str, int], k: int = 10) -> float:
    gains = [rel.get(d, 0) for d in _ranked(scores)[:k]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def precision_at(scores: Mapping[str, float], rel: Mapping[str, int], k: int = 5) -> float:
    top = _ranked(scores)[:k]
    return sum(1 for d in top if rel.get(d, 0) > 0) / k


def roc_auc(scores: Mapping[str, float], rel: Mapping[str, int]) -> float | None:
    docs = list(scores)
    y = [1 if rel.get(d, 0) > 0 else 0 for d in docs]
    if len(set(y)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, [scores[d] for d in docs]))


METRICS: dict[str, Callable[[Mapping[str, float], Mapping[str, int]], float | None]] = {
    "MAP": average_precision,
    "nDCG@10": ndcg_at,
    "P@5": precision_at,
    "ROC-AUC": roc_auc,
}


def mean_metrics(
    run: Mapping[str, Mapping[str, float]], qrels: Mapping[str, Mapping[str, int]]
) -> dict[str, float]:
    """Each metric averaged over the queries it is defined for. Documents without a judgement
    count as not relevant."""
    out = {}
    for name, metric in METRICS.items():
        values = [metric(run[q], qrels[q]) for q in qrels if q in run]
        values = [v for v in values if v is not None]
        out[name] = float(np.mean(values)) if values else float("nan")
    return out


# --- ranking evaluation ------------------------------------------------------------------


@dataclass(frozen=True)
class RankingEvaluation:
    queries: int
    documents: int
    judged_relevant: int
    systems: dict[str, dict[str, float]] = field(hash=False)
    skipped: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {
            "queries": self.queries,
            "documents": self.documents,
            "judged_relevant": self.judged_relevant,
            "systems": {k: {m: round(v, 4) for m, v in s.items()} for k, s in self.systems.items()},
            "skipped": [{"id": i, "reason": r} for i, r in self.skipped],
        }


def _files_by_id(folder: Path) -> dict[str, Path]:
    from .reading import SUPPORTED_EXTENSIONS

    if not folder.is_dir():
        raise InputError(str(folder), "not a directory")
    found: dict[str, Path] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and (p.suffix.lower() in SUPPORTED_EXTENSIONS):
            rel = p.relative_to(folder).as_posix()
            found[rel] = p
            found.setdefault(p.stem, p)
    return found


@dataclass(frozen=True)
class JudgedSet:
    """A ranking set read and parsed: every query with its judged documents that could be
    read, the documents' texts (for the baselines) and what was skipped."""

    qrels: dict[str, dict[str, int]] = field(hash=False)
    judged: dict[str, list[str]] = field(hash=False)
    query_kind: str
    parsed: dict[str, object] = field(hash=False)  # "q:<id>" / "d:<id>" -> Posting | Resume
    texts: dict[str, str] = field(hash=False)
    skipped: tuple[tuple[str, str], ...] = ()

    def pairs(self) -> list[tuple[str, str]]:
        return [(q, d) for q, ds in self.judged.items() for d in ds]

    def documents(self, q: str, d: str) -> tuple:
        """(posting, résumé) of a judged pair."""
        query, doc = self.parsed[f"q:{q}"], self.parsed[f"d:{d}"]
        return (query, doc) if self.query_kind == "posting" else (doc, query)

    def relevant(self, q: str, d: str) -> bool:
        return self.qrels[q].get(d, 0) > 0


def load_judged(
    qrels_path: str | Path, queries_dir: str | Path, docs_dir: str | Path,
    query_kind: str = "posting",
) -> JudgedSet:
    """Read the qrels and parse every judged query and document once."""
    from .api import posting_from_document, resume_from_document
    from .reading import read_document

    qrels = read_qrels(qrels_path)
    queries = _files_by_id(Path(queries_dir))
    docs = _files_by_id(Path(docs_dir))
    parse_query = posting_from_document if query_kind == "posting" else resume_from_document
    parse_doc = resume_from_document if query_kind == "posting" else posting_from_document

    texts: dict[str, str] = {}
    parsed: dict[str, object] = {}
    skipped: list[tuple[str, str]] = []

    def load(kind: str, ident: str, files: dict[str, Path], parse: Callable) -> bool:
        key = f"{kind}:{ident}"
        if key in parsed:
            return True
        if ident not in files:
            skipped.append((ident, f"no {kind} file for this id"))
            return False
        try:
            doc = read_document(files[ident])
            parsed[key] = parse(doc)
            texts[key] = doc.text
        except MatcherError as e:
            skipped.append((ident, str(e)))
            return False
        return True

    judged: dict[str, list[str]] = {}
    for q, rels in qrels.items():
        if load("q", q, queries, parse_query):
            judged[q] = [d for d in sorted(rels) if load("d", d, docs, parse_doc)]
    return JudgedSet(qrels, judged, query_kind, parsed, texts, tuple(skipped))


def score_judged(judged: JudgedSet, scorer: Any) -> dict[tuple[str, str], MatchReport]:
    """The report of every judged pair: all texts embedded in one call, then pair by pair."""
    pairs = judged.pairs()
    batch = list(dict.fromkeys(t for q, d in pairs
                               for t in scorer.texts_to_encode(*judged.documents(q, d))))
    vectors = dict(zip(batch, scorer.encode(batch))) if batch else {}
    return {(q, d): scorer.score(*judged.documents(q, d), vectors=vectors) for q, d in pairs}


def evaluate_ranking(
    qrels_path: str | Path,
    queries_dir: str | Path,
    docs_dir: str | Path,
    query_kind: str = "posting",
    model: str = "all-MiniLM-L6-v2",
    backend: str = "auto",
    systems: Sequence[str] = ("matcher", "tfidf", "embedding"),
    quantize: bool = False,
) -> RankingEvaluation:
    """Rank the judged documents of every query with matcher and the baselines."""
    from .api import make_scorer

    judged = load_judged(qrels_path, queries_dir, docs_dir, query_kind)
    scorer = make_scorer(model, backend=backend, quantize=quantize)
    runs: dict[str, dict[str, dict[str, float]]] = {s: {} for s in systems}
    if "matcher" in systems:
        components: dict[str, dict[str, dict[str, float]]] = {
            "requirements only": {}, "role only": {}}
        for (q, d), report in score_judged(judged, scorer).items():
            runs["matcher"].setdefault(q, {})[d] = report.score
            if report.role is not None and report.requirements_score is not None:
                components["requirements only"].setdefault(q, {})[d] = report.requirements_score
                components["role only"].setdefault(q, {})[d] = report.role.score
        # the two parts of the score, each ranked alone, so a reader sees what each brings
        runs.update({name: run for name, run in components.items() if run})
    if "tfidf" in systems:
        runs["tfidf"] = _baseline_run(judged.judged, judged.texts, _tfidf_vectors)
    if "embedding" in systems:
        runs["embedding"] = _baseline_run(judged.judged, judged.texts, lambda t: scorer.encode(t))
    qrels = judged.qrels
    return RankingEvaluation(
        queries=len(judged.judged),
        documents=len({d for ds in judged.judged.values() for d in ds}),
        judged_relevant=sum(1 for q, d in judged.pairs() if judged.relevant(q, d)),
        systems={s: mean_metrics(runs[s], qrels) for s in _system_order(runs, systems)},
        skipped=judged.skipped,
    )


def _system_order(runs: Mapping[str, object], systems: Sequence[str]) -> list[str]:
    """The systems asked for, with matcher's parts right after matcher."""
    parts = [name for name in runs if name not in systems]
    out: list[str] = []
    for name in systems:
        out.append(name)
        if name == "matcher":
            out.extend(parts)
    return out


def _tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return m.toarray().astype(np.float32)  # rows are L2-normalised by TfidfVectorizer


def _baseline_run(
    judged: Mapping[str, Iterable[str]],
    texts: Mapping[str, str],
    vectorise: Callable[[Sequence[str]], np.ndarray],
) -> dict[str, dict[str, float]]:
    """Whole-document cosine between each query and its judged documents."""
    keys = sorted(texts)
    vecs = dict(zip(keys, vectorise([texts[k] for k in keys])))
    return {
        q: {d: float(vecs[f"q:{q}"] @ vecs[f"d:{d}"]) for d in ds} for q, ds in judged.items()
    }
