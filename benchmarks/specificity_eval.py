"""Ranking with and without specificity (issue 11, point 2) on the labelled rank sets.

    python benchmarks/build_rank_sets.py            # once: writes benchmarks/out/rank-sets
    python benchmarks/build_ranking_set.py          # once: benchmarks/out/ranking (seed 0)
    python benchmarks/specificity_eval.py [--sets recruiter jobseeker occupation-p2r ...]
        [--root benchmarks/out] [--data ../shared/data] [--as-of 2019-01-01]

For each set, every judged pair is embedded once and scored three ways: specificity off (every
requirement weighs its kind weight), on with the shipped background (models/specificity.json:
all 200 DataTurks résumés), and on with a held-out background built in memory from the
DataTurks résumés the set does not use as documents or queries (the recruiter set's 62
résumés and the occupation set's are among the 200, so the shipped statistics have seen them).
Sets: the two labelled by reading (benchmarks/rank-sets/README.md) and the occupation-group
set in both directions (benchmarks/RANKING-SET.md). Prints MAP, nDCG@10,
P@5, ROC-AUC (matcher.evaluation) and, on graded sets, the mean per-query Spearman
correlation with the grades, for the requirements score alone and for the overall score.

The weight curve is not tuned here (models/build_specificity.py fixes it a priori): this only
measures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.api import make_scorer  # noqa: E402
from matcher.evaluation import JudgedSet, load_judged, mean_metrics  # noqa: E402
from matcher.judge.scoring import Scorer  # noqa: E402
from matcher.judge.specificity import SpecificityModel  # noqa: E402
from models.build_specificity import build  # noqa: E402

# name -> (qrels, queries, docs) under --root, and the queries' kind
SETS = {
    "recruiter": ("rank-sets/recruiter/qrels.txt", "rank-sets/recruiter/queries",
                  "rank-sets/recruiter/docs", "posting"),
    "jobseeker": ("rank-sets/jobseeker/qrels.txt", "rank-sets/jobseeker/queries",
                  "rank-sets/jobseeker/docs", "resume"),
    "occupation-r2p": ("ranking/qrels-resume-to-postings.txt", "ranking/resumes",
                       "ranking/postings", "resume"),
    "occupation-p2r": ("ranking/qrels-posting-to-resumes.txt", "ranking/postings",
                       "ranking/resumes", "posting"),
}


def spearman(run: Mapping[str, Mapping[str, float]],
             qrels: Mapping[str, Mapping[str, int]]) -> float:
    """Mean over queries of the Spearman correlation of scores with graded judgements."""
    from scipy.stats import spearmanr

    values = []
    for q, scores in run.items():
        docs = sorted(scores)
        grades = [qrels[q].get(d, 0) for d in docs]
        if len(set(grades)) > 1:
            values.append(float(spearmanr([scores[d] for d in docs], grades).statistic))
    return float(np.mean(values)) if values else float("nan")


def used_resume_indices(judged: JudgedSet) -> list[int]:
    """The DataTurks line indices of the set's résumés (ids r###)."""
    ids = [k[2:] for k in judged.parsed if judged.parsed[k].__class__.__name__ == "Resume"]
    return sorted(int(i[1:]) for i in ids if i.startswith("r") and i[1:].isdigit())


def variant(base: Scorer, specificity: SpecificityModel | None) -> Scorer:
    scorer = Scorer(base.encode, base.model_id,
                    config=replace(base.config, specificity=specificity is not None),
                    today=base.today, store=base.store, role=base.role)
    scorer.specificity = specificity  # type: ignore[misc] - overrides the cached property
    return scorer


def evaluate(name: str, root: Path, data: Path, as_of: date | None = None) -> None:
    qrels, queries, docs, kind = SETS[name]
    judged = load_judged(root / qrels, root / queries, root / docs, kind)
    base = make_scorer(today=as_of)
    pairs = judged.pairs()
    texts = list(dict.fromkeys(t for q, d in pairs
                               for t in base.texts_to_encode(*judged.documents(q, d))))
    vectors = dict(zip(texts, base.encode(texts)))
    held_out = used_resume_indices(judged)
    variants: dict[str, SpecificityModel | None] = {
        "off": None,
        "on (shipped background)": SpecificityModel.load(),
    }
    if held_out and (data / "resumes-dev" / "dataturks-resumes.json").is_file():
        raw = build(data, exclude=held_out)
        variants[f"on (held-out: {raw['resumes']} résumés)"] = SpecificityModel(raw)
    graded = any(g > 1 for rels in judged.qrels.values() for g in rels.values())
    print(f"\n{name}: {len(judged.judged)} queries, {len(pairs)} judged pairs"
          f"{'' if not judged.skipped else f', {len(judged.skipped)} skipped'}")
    header = f"{'score':<14}{'specificity':<30}{'MAP':>7}{'nDCG@10':>9}{'P@5':>7}{'ROC-AUC':>9}"
    print(header + (f"{'Spearman':>10}" if graded else ""))
    for label, model in variants.items():
        scorer = variant(base, model)
        reqs: dict[str, dict[str, float]] = {}
        overall: dict[str, dict[str, float]] = {}
        for q, d in pairs:
            report = scorer.score(*judged.documents(q, d), vectors=vectors)
            reqs.setdefault(q, {})[d] = float(report.requirements_score or 0.0)
            overall.setdefault(q, {})[d] = report.score
        for part, run in (("requirements", reqs), ("overall", overall)):
            m = mean_metrics(run, judged.qrels)
            row = (f"{part:<14}{label:<30}{m['MAP']:>7.3f}{m['nDCG@10']:>9.3f}{m['P@5']:>7.3f}"
                   f"{m['ROC-AUC']:>9.3f}")
            print(row + (f"{spearman(run, judged.qrels):>10.3f}" if graded else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--root", type=Path, default=ROOT / "benchmarks" / "out")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--as-of", type=date.fromisoformat, default=None,
                    help='the day "Present" in résumé dates means (default today)')
    args = ap.parse_args(argv)
    for name in args.sets:
        if not (args.root / SETS[name][0]).is_file():
            print(f"{name}: no {args.root / SETS[name][0]}; run benchmarks/build_rank_sets.py "
                  "and benchmarks/build_ranking_set.py first", file=sys.stderr)
            return 2
        evaluate(name, args.root, args.data, args.as_of)
    return 0


if __name__ == "__main__":
    sys.exit(main())
