"""Fit the overall score's combination (matcher.judge.overall) on the labelled training rankings.

    python models/fit_overall.py [--model all-MiniLM-L6-v2] [--as-of 2019-01-01] [--reuse] [--write]

Reads the two training sets of benchmarks/rank-sets/ (labelled by reading, see its README):
`jobseeker-train` (résumé -> postings, would apply 1 / 0) and `recruiter-train` (posting ->
résumés, graded 0-3), writes their documents with benchmarks/build_rank_sets.py, scores every
labelled pair with matcher and fits one logistic model over the score's parts. The test sets
(`jobseeker`, `recruiter`) and the occupation set are never read here.

- Labels: would apply = 1; a grade g counts as g / 3 of a positive and 1 - g / 3 of a negative
  (a weak fit is partly a fit).
- Weights: within each query positives and negatives weigh half each, and every query weighs
  the same, so neither a set's base rate nor its size sets the scale: a score of 50 is the
  boundary between fit and not. They are scaled to a mean of 1 per pair, so the
  regularisation C weighs against as many examples as there are pairs.
- Monotone: a part with a negative coefficient is dropped and the rest refitted.
- Objective: pointwise (one logistic loss) or pairwise (the coefficients order each query's
  documents, then a scale and intercept make the score a probability again), chosen by CV;
  pairwise, the objective of the task, unless pointwise is better by more than 0.02 (ROC-AUC +
  MAP): on ten queries the two are within noise of each other yet weigh the parts differently.
- Regularisation and each part's transform are chosen by leave-one-query-out cross-validation
  (mean per-query ROC-AUC and MAP on the held-out query); the figures are printed.

--as-of is the day "Present" in résumé dates means (default 2019-01-01, when the shared
documents were written). --reuse skips scoring and refits on the parts the last run saved
(benchmarks/out/rank-sets/overall-parts-MODEL.json). --write stores the model under
"overall" -> model in models/scoring.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_rank_sets import SET_KINDS  # noqa: E402

from matcher.judge.overall import OVERALL_PARTS, OverallModel  # noqa: E402

# the sets labelled for fitting; build_rank_sets.SET_KINDS names every set and its queries
TRAIN_SETS = {name: kind for name, kind in SET_KINDS.items() if "-train" in name}
# transforms tried for each part (identity for the rest)
TRANSFORM_CHOICES = {"requirements": ("identity", "log"), "role": ("identity", "log", "gate"),
                     "seniority": ("identity", "log"), "lexical": ("identity", "sqrt")}
C_CHOICES = (0.1, 1.0, 10.0)
# pointwise: one logistic loss over all pairs; pairwise: coefficients that order each query's
# documents, then a scale and intercept fitted pointwise (OverallModel.fit_ranking)
OBJECTIVES = ("pointwise", "pairwise")
# how much better (leave-one-query-out ROC-AUC + MAP) the pointwise fit must be to be chosen over
# the pairwise one, which orders each query's documents as rank and eval ranking do
PAIRWISE_PREFERENCE = 0.02
# The postings and résumés of ../shared date from about 2018: "Present" in a role means then,
# not today (else every current role stretches by years and every level reads too high).
AS_OF = date(2019, 1, 1)


def pair_parts(out: Path, model: str, today: date) -> list[dict]:
    """Every labelled training pair with its parts' values, query and label."""
    from matcher.api import make_scorer
    from matcher.evaluation import load_judged, score_judged

    scorer = make_scorer(model, today=today)
    # a neutral combination, so every report carries its parts' values
    neutral = OverallModel(OVERALL_PARTS, (0.0,) * len(OVERALL_PARTS), 0.0,
                           (0.5,) * len(OVERALL_PARTS))
    scorer.config = dataclasses.replace(scorer.config, overall=neutral)
    rows = []
    for name, kind in TRAIN_SETS.items():
        folder = out / name
        if not (folder / "qrels.txt").is_file():
            print(f"{name}: not built, skipped", file=sys.stderr)
            continue
        judged = load_judged(folder / "qrels.txt", folder / "queries", folder / "docs", kind)
        for (q, d), report in score_judged(judged, scorer).items():
            if not report.parts:
                continue  # no role fit (no occupation index): nothing to combine
            grade = judged.qrels[q].get(d, 0)
            rows.append({
                "set": name, "query": f"{name}/{q}", "doc": d,
                "label": grade / 3.0 if kind == "posting" else float(grade > 0),
                "parts": {p.name: p.value for p in report.parts},
            })
    return rows


def design(rows: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows -> (values, labels, weights, query ids), each soft label split into a positive and
    a negative row."""
    values = np.array([[r["parts"][p] for p in OVERALL_PARTS] for r in rows])
    soft = np.array([r["label"] for r in rows])
    queries = np.array([r["query"] for r in rows])
    x = np.vstack([values, values])
    y = np.concatenate([np.ones(len(rows)), np.zeros(len(rows))])
    w_pos, w_neg = soft.copy(), 1.0 - soft
    for q in np.unique(queries):
        m = queries == q
        pos, neg = w_pos[m].sum(), w_neg[m].sum()
        w_pos[m] *= 0.5 / pos if pos else 0.0
        w_neg[m] *= 0.5 / neg if neg else 0.0
    weight = np.concatenate([w_pos, w_neg])
    weight *= len(rows) / weight.sum()  # mean weight 1 per pair, so C means what it says
    keep = weight > 0
    return x[keep], y[keep], weight[keep], np.concatenate([queries, queries])[keep]


def per_query_metrics(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float] | None:
    """(ROC-AUC, average precision) with label > 0 as relevant; None if one class only."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    y = labels > 0
    if y.all() or not y.any():
        return None
    return float(roc_auc_score(y, scores)), float(average_precision_score(y, scores))


def fit_model(rows: list[dict], transforms: tuple[str, ...], c: float, objective: str,
              about: str = "") -> OverallModel:
    x, y, w, _ = design(rows)
    if objective == "pointwise":
        return OverallModel.fit(x, y, w, transforms=transforms, c=c, about=about)
    values = np.array([[r["parts"][p] for p in OVERALL_PARTS] for r in rows])
    return OverallModel.fit_ranking(
        values, np.array([r["label"] for r in rows]), np.array([r["query"] for r in rows]),
        calibration=(x, y, w), transforms=transforms, c=c, about=about)


def cross_validate(rows: list[dict], transforms: tuple[str, ...], c: float,
                   objective: str) -> tuple[float, float]:
    queries = sorted({r["query"] for r in rows})
    aucs, aps = [], []
    for held in queries:
        train = [r for r in rows if r["query"] != held]
        test = [r for r in rows if r["query"] == held]
        model = fit_model(train, transforms, c, objective)
        vals = np.array([[r["parts"][p] for p in OVERALL_PARTS] for r in test])
        m = per_query_metrics(model.probability(vals), np.array([r["label"] for r in test]))
        if m is not None:
            aucs.append(m[0])
            aps.append(m[1])
    return float(np.mean(aucs)), float(np.mean(aps))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="all-MiniLM-L6-v2")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "rank-sets")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--as-of", type=date.fromisoformat, default=AS_OF,
                    help="the day 'Present' in résumé dates means (the sets were written then)")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse the parts scored by the last run (benchmarks/out/), not rescoring")
    ap.add_argument("--write", action="store_true", help="store the model in models/scoring.json")
    args = ap.parse_args(argv)

    from build_rank_sets import main as build_rank_sets

    if build_rank_sets(["--out", str(args.out), "--data", str(args.data)]) != 0:
        return 2
    saved = args.out / f"overall-parts-{args.model}.json"
    if args.reuse and saved.is_file():
        rows = json.loads(saved.read_text(encoding="utf-8"))
    else:
        rows = pair_parts(args.out, args.model, args.as_of)
        saved.write_text(json.dumps(rows), encoding="utf-8")
    if not rows:
        print("no labelled training pairs", file=sys.stderr)
        return 2
    print(f"{len(rows)} training pairs, {len({r['query'] for r in rows})} queries")

    names = list(TRANSFORM_CHOICES)
    best = None
    for choice in itertools.product(*(TRANSFORM_CHOICES[n] for n in names)):
        chosen = dict(zip(names, choice))
        transforms = tuple(chosen.get(p, "identity") for p in OVERALL_PARTS)
        for c, objective in itertools.product(C_CHOICES, OBJECTIVES):
            auc, ap_ = cross_validate(rows, transforms, c, objective)
            print(f"  CV  {objective:9} C={c:<5g} {dict(zip(OVERALL_PARTS, transforms))}  "
                  f"ROC-AUC {auc:.3f}  MAP {ap_:.3f}")
            # the ranking objective is preferred unless the pointwise one is clearly better:
            # ten queries cannot tell the two apart by less (their coefficients differ a lot)
            key = auc + ap_ + (PAIRWISE_PREFERENCE if objective == "pairwise" else 0.0)
            if best is None or key > best[0]:
                best = (key, transforms, c, objective, auc, ap_)
    _, transforms, c, objective, auc, ap_ = best
    model = fit_model(
        rows, transforms, c, objective,
        about=(f"models/fit_overall.py on {len(rows)} labelled pairs of "
               f"{', '.join(TRAIN_SETS)} ({len({r['query'] for r in rows})} queries); "
               f"{objective} loss, C={c:g}; leave-one-query-out ROC-AUC {auc:.3f}, "
               f"MAP {ap_:.3f}"))
    print("chosen:", json.dumps(model.to_dict(), indent=1))
    for name in TRAIN_SETS:
        for q in sorted({r["query"] for r in rows if r["set"] == name}):
            sub = [r for r in rows if r["query"] == q]
            vals = np.array([[r["parts"][p] for p in OVERALL_PARTS] for r in sub])
            m = per_query_metrics(model.probability(vals), np.array([r["label"] for r in sub]))
            if m is None:
                continue
            single = {p: per_query_metrics(vals[:, j], np.array([r["label"] for r in sub]))
                      for j, p in enumerate(OVERALL_PARTS)}
            print(f"  {q}: fitted AUC {m[0]:.3f} AP {m[1]:.3f} | parts alone AUC "
                  + " ".join(f"{p} {v[0]:.3f}" for p, v in single.items() if v))
    if args.write:
        path = ROOT / "models" / "scoring.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw.setdefault("overall", {})[args.model] = model.to_dict()
        path.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path} (overall -> {args.model})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
