"""Measuring the product on labelled data.

- Extraction: requirements against line-level gold (`gold.json`: {"postings": {file:
  {"required": [lines], "preferred": [...], "responsibility": [...], "optional": [...]}}}).
- Ranking: scores against TREC-style qrels (`query_id 0 doc_id relevance`), with MAP, nDCG@10,
  P@5, ROC-AUC and Spearman, for matcher, the parts of its score ranked alone (MATCHER_PARTS)
  and whole-document baselines computed on the same data in the same run: TF-IDF cosine, Okapi
  BM25, and embedding cosine with each encoder of EMBEDDING_BASELINES that is installed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
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


def spearman(scores: Mapping[str, float], rel: Mapping[str, int]) -> float | None:
    """Spearman's rank correlation between the scores and the graded relevance, over the
    judged documents that have a score. Undefined (None) when the grades, or the scores, are all
    equal, or fewer than two documents are judged."""
    docs = [d for d in scores if d in rel]
    grades = [rel[d] for d in docs]
    values = [scores[d] for d in docs]
    if len(docs) < 2 or len(set(grades)) < 2 or len(set(values)) < 2:
        return None
    from scipy.stats import spearmanr

    rho = float(spearmanr(values, grades).statistic)
    return None if math.isnan(rho) else rho


METRICS: dict[str, Callable[[Mapping[str, float], Mapping[str, int]], float | None]] = {
    "MAP": average_precision,
    "nDCG@10": ndcg_at,
    "P@5": precision_at,
    "ROC-AUC": roc_auc,
    "Spearman": spearman,
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


DIRECTIONS = {"posting": "posting → résumés", "resume": "résumé → postings"}


@dataclass(frozen=True)
class RankingEvaluation:
    queries: int
    documents: int
    judged_relevant: int
    systems: dict[str, dict[str, float]] = field(hash=False)
    skipped: tuple[tuple[str, str], ...] = ()
    query_kind: str = "posting"
    # baselines asked for that could not run here: (system, why), e.g. an encoder not installed
    unavailable: tuple[tuple[str, str], ...] = ()

    @property
    def direction(self) -> str:
        return DIRECTIONS.get(self.query_kind, self.query_kind)

    def to_dict(self) -> dict:
        return {
            "queries": self.queries,
            "documents": self.documents,
            "judged_relevant": self.judged_relevant,
            "systems": {k: {m: _rounded(v) for m, v in s.items()}
                        for k, s in self.systems.items()},
            "skipped": [{"id": i, "reason": r} for i, r in self.skipped],
            "query_kind": self.query_kind,
            "direction": self.direction,
            "unavailable_baselines": [{"system": n, "reason": r} for n, r in self.unavailable],
        }


def _rounded(value: float) -> float | None:
    """A metric for JSON: 4 decimals; null when no query defines it (NaN is not JSON)."""
    return None if math.isnan(value) else round(value, 4)


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


# The parts of matcher's score ranked alone, so a reader sees what each brings. A part is a
# function of the MatchReport, None where it is undefined; the parts are ranked over the same
# pairs (those where every part is defined). Add an entry to show another part.
MATCHER_PARTS: dict[str, Callable[[MatchReport], float | None]] = {
    "requirements only": lambda r: r.requirements_score if r.role is not None else None,
    "role only": lambda r: r.role.score if r.role is not None else None,
    "seniority only": lambda r: (r.seniority.score if r.seniority is not None
                                 and r.role is not None else None),
    "lexical only": lambda r: next((p.value for p in r.parts if p.name == "lexical"), None),
}

# Whole-document embedding baselines: each encoder that is installed (never downloaded).
EMBEDDING_BASELINES: tuple[str, ...] = ("all-MiniLM-L6-v2", "all-mpnet-base-v2")
BM25_K1, BM25_B = 1.2, 0.75


def embedding_system(model: str) -> str:
    return f"embedding ({model})"


def evaluate_ranking(
    qrels_path: str | Path,
    queries_dir: str | Path,
    docs_dir: str | Path,
    query_kind: str = "posting",
    model: str = "all-MiniLM-L6-v2",
    backend: str = "auto",
    systems: Sequence[str] = ("matcher", "tfidf", "bm25", "embedding"),
    quantize: bool = False,
    embedding_models: Sequence[str] = EMBEDDING_BASELINES,
    today: date | None = None,
) -> RankingEvaluation:
    """Rank the judged documents of every query with matcher and the baselines.

    `systems` names matcher, "tfidf", "bm25" and "embedding"; "embedding" stands for one
    baseline per encoder in `embedding_models` that is installed (the others are listed in
    `unavailable`). `model`, `backend` and `quantize` are matcher's encoder; the embedding
    baselines use each encoder as it is (fp32, backend auto) whatever matcher's is. `today`
    dates "present" roles (a set written years ago is read as of then)."""
    judged = load_judged(qrels_path, queries_dir, docs_dir, query_kind)
    runs: dict[str, dict[str, dict[str, float]]] = {}
    order: list[str] = []
    unavailable: list[tuple[str, str]] = []
    for system in systems:
        if system == "matcher":
            from .api import make_scorer

            scorer = make_scorer(model, backend=backend, quantize=quantize, today=today)
            runs.update(_matcher_runs(score_judged(judged, scorer)))
            order += ["matcher", *(name for name in MATCHER_PARTS if runs[name])]
        elif system == "tfidf":
            runs["tfidf"] = _baseline_run(judged.judged, judged.texts, _tfidf_vectors)
            order.append("tfidf")
        elif system == "bm25":
            runs["bm25"] = bm25_run(judged.judged, judged.texts)
            order.append("bm25")
        elif system == "embedding":
            for name in embedding_models:
                label = embedding_system(name)
                why = model_unavailable(name)
                if why is not None:
                    unavailable.append((label, why))
                    continue
                runs[label] = _baseline_run(judged.judged, judged.texts,
                                            _embedding_vectors(name))
                order.append(label)
        else:
            raise MatcherError(f"unknown system {system!r}: use matcher, tfidf, bm25, embedding")
    return RankingEvaluation(
        queries=len(judged.judged),
        documents=len({d for ds in judged.judged.values() for d in ds}),
        judged_relevant=sum(1 for q, d in judged.pairs() if judged.relevant(q, d)),
        systems={s: mean_metrics(runs[s], judged.qrels) for s in order},
        skipped=judged.skipped,
        query_kind=query_kind,
        unavailable=tuple(unavailable),
    )


def _matcher_runs(
    reports: Mapping[tuple[str, str], MatchReport],
) -> dict[str, dict[str, dict[str, float]]]:
    """matcher's overall score and each of MATCHER_PARTS, as runs."""
    runs: dict[str, dict[str, dict[str, float]]] = {"matcher": {}}
    runs.update({name: {} for name in MATCHER_PARTS})
    for (q, d), report in reports.items():
        runs["matcher"].setdefault(q, {})[d] = report.score
        parts = {name: part(report) for name, part in MATCHER_PARTS.items()}
        if all(v is not None for v in parts.values()):
            for name, value in parts.items():
                runs[name].setdefault(q, {})[d] = float(value)
    return runs


def model_unavailable(name: str) -> str | None:
    """Why the encoder `name` cannot be used here without a download, or None when it can.

    Checks what the registry's locator needs (the package, the zip parts' distributions, the
    folder) without importing weights or unpacking anything; a name outside the registry must be
    a local model directory."""
    from .embedding import load_registry, zip_part_files
    from .errors import ModelError

    try:
        entry = load_registry()["models"].get(name)
    except ModelError as e:
        return str(e)
    if entry is None:
        return None if Path(name).expanduser().is_dir() else f"unknown model {name!r}"
    locate = entry.get("locate") or {}
    install = entry.get("install") or "not installed"
    if "python_package" in locate:
        import importlib.util

        if importlib.util.find_spec(locate["python_package"]) is None:
            return f"not installed ({install})"
    elif "zip_parts" in locate:
        try:
            zip_part_files(locate["zip_parts"])
        except ModelError:
            return f"not installed ({install})"
    elif "path" in locate:
        from .paths import models_dir

        path = Path(locate["path"]).expanduser()
        if not (path if path.is_absolute() else models_dir() / path).is_dir():
            return f"not installed ({install})"
    else:
        return "no 'locate' entry in the registry"
    return None


def _tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return m.toarray().astype(np.float32)  # rows are L2-normalised by TfidfVectorizer


def _tokenise() -> Callable[[str], list[str]]:
    """The TF-IDF baseline's tokens: lower case, words of two or more characters, English stop
    words removed (scikit-learn's analyzer)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(stop_words="english").build_analyzer()


def bm25_run(
    judged: Mapping[str, Iterable[str]], texts: Mapping[str, str],
    k1: float = BM25_K1, b: float = BM25_B,
) -> dict[str, dict[str, float]]:
    """Okapi BM25 of each query document's terms against each of its judged documents, with
    IDF and the average length over all the set's documents (the "d:" texts). Each distinct
    query term counts once (a whole document as a query would otherwise weigh its repeated
    words many times over)."""
    from .judge.retrieval import bm25_matrix

    analyse = _tokenise()
    doc_keys = sorted(k for k in texts if k.startswith("d:"))
    column = {k[2:]: j for j, k in enumerate(doc_keys)}
    query_ids = list(judged)
    scores = bm25_matrix([analyse(texts[f"q:{q}"]) for q in query_ids],
                         [analyse(texts[k]) for k in doc_keys], k1=k1, b=b)
    return {q: {d: float(scores[i, column[d]]) for d in judged[q]}
            for i, q in enumerate(query_ids)}


def chunks(text: str, words: int) -> list[str]:
    """A document cut into pieces of at most `words` words along its lines: consecutive lines
    are joined while they fit, a longer line is cut into windows. Deterministic."""
    out: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        tokens = line.split()
        while len(tokens) > words:  # a line longer than a chunk: its own windows
            if current:
                out.append(" ".join(current))
                current = []
            out.append(" ".join(tokens[:words]))
            tokens = tokens[words:]
        if current and len(current) + len(tokens) > words:
            out.append(" ".join(current))
            current = []
        current += tokens
    if current:
        out.append(" ".join(current))
    return out


def _embedding_vectors(model: str) -> Callable[[Sequence[str]], np.ndarray]:
    """Whole-document vectors from an encoder. An encoder reads at most max_seq_length tokens
    and truncates the rest, which would leave most of a posting or résumé unread; the standard
    remedy is used instead: the document is cut into chunks that fit (half as many words as
    the encoder's tokens, since a word is often more than one token) and the vector is the
    normalised mean of its chunks' vectors."""
    from .embedding import Embedder, l2_normalize

    def vectorise(texts: Sequence[str]) -> np.ndarray:
        embedder = Embedder(model)
        words = max(16, embedder.spec.max_seq_length // 2)
        pieces = [chunks(t, words) or [""] for t in texts]
        flat = [c for ps in pieces for c in ps]
        vectors = embedder.encode(flat) if flat else np.zeros((0, embedder.dimension))
        out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
        start = 0
        for i, ps in enumerate(pieces):
            out[i] = vectors[start:start + len(ps)].mean(axis=0)
            start += len(ps)
        return l2_normalize(out).astype(np.float32)

    return vectorise


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
