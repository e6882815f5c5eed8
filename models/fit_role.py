"""Refit the role-fit calibration (models/scoring.json: role.calibration) on a ranking set.

    python benchmarks/build_ranking_set.py            # the set, from ../shared/data
    python models/fit_role.py [--set benchmarks/out/ranking] [--model all-MiniLM-L6-v2] [--write]

The role fit's probability is a logistic function of one linear score whose direction is a
design choice, not a fit (models/ROLE.md says why): in units of each feature's standard
deviation over the set, occupation weighs 1 and experience and terms 0.5 each. Only the scale
and the intercept of that score are fitted (a one-feature logistic regression on the pooled
judgements of both directions, duplicate pairs once), so they calibrate the probability without
changing any ranking by role alone.

Prints, per direction, MAP / nDCG@10 / P@5 / ROC-AUC of ranking by role alone with the design
weights, with freely fitted weights (for reference), and by each feature alone; on the whole set
and on its IT occupations only (the harder, finer-grained part). With --write, stores the
calibration under the model's name (and as "default" for the default model).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from matcher.api import DEFAULT_MODEL, make_scorer  # noqa: E402
from matcher.evaluation import load_judged, mean_metrics, score_judged  # noqa: E402
from matcher.role import ROLE_FEATURES  # noqa: E402

DESIGN = {"occupation": 1.0, "experience": 0.5, "terms": 0.5}  # in standard deviations
THRESHOLDS = {"met": 0.5, "partial": 0.2}  # match: more likely than not; related: 1 in 5
IT_GROUPS = {"software", "qa", "devops", "data", "it_support", "sap_erp"}
DIRECTIONS = (("resume", "qrels-resume-to-postings.txt", "resumes", "postings"),
              ("posting", "qrels-posting-to-resumes.txt", "postings", "resumes"))


def collect(folder: Path, model: str) -> list[dict]:
    """One row per judged pair and direction: ids, relevance and the role features."""
    scorer = make_scorer(model)
    rows = []
    for kind, qrels, queries, docs in DIRECTIONS:
        judged = load_judged(folder / qrels, folder / queries, folder / docs, kind)
        for (q, d), report in score_judged(judged, scorer).items():
            if report.role is None:
                raise SystemExit("no role fit: models/ has no occupation index")
            resume_id, posting_id = (q, d) if kind == "resume" else (d, q)
            rows.append({"direction": kind, "query": q, "doc": d, "resume": resume_id,
                         "posting": posting_id, "relevant": judged.relevant(q, d),
                         **dict(report.role.features)})
    return rows


def groups(folder: Path) -> dict[str, str]:
    path = folder / "labels.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {r["id"]: r["group"] for r in csv.DictReader(fh, delimiter="\t")}


def metrics(rows: list[dict], score: np.ndarray, keep=lambda r: True) -> dict[str, float]:  # noqa: ANN001
    run: dict[str, dict[str, float]] = {}
    qrels: dict[str, dict[str, int]] = {}
    for r, s in zip(rows, score):
        if keep(r):
            run.setdefault(r["query"], {})[r["doc"]] = float(s)
            qrels.setdefault(r["query"], {})[r["doc"]] = int(r["relevant"])
    # a query needs relevant and non-relevant documents left to be measured
    qrels = {q: v for q, v in qrels.items() if 0 < sum(v.values()) < len(v)}
    return mean_metrics({q: run[q] for q in qrels}, qrels)


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=HERE.parent / "benchmarks" / "out" / "ranking")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()

    rows = collect(args.set, args.model)
    x = np.array([[r[f] for f in ROLE_FEATURES] for r in rows])
    y = np.array([r["relevant"] for r in rows])
    unique = {(r["resume"], r["posting"]): i for i, r in enumerate(rows)}  # each pair once
    idx = np.array(sorted(unique.values()))
    sd = x[idx].std(axis=0)
    direction = np.array([DESIGN[f] for f in ROLE_FEATURES]) / sd
    linear = x @ direction
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(linear[idx, None], y[idx])
    scale, intercept = float(fit.coef_[0][0]), float(fit.intercept_[0])
    coef = scale * direction
    free = LogisticRegression(C=1e6, max_iter=1000).fit(x[idx], y[idx])

    group = groups(args.set)
    subsets = {"all": lambda r: True}
    if group:
        subsets["IT only"] = lambda r: group.get(r["resume"]) in IT_GROUPS and \
            group.get(r["posting"]) in IT_GROUPS
    systems = {"role (design weights)": linear, "role (free weights)": x @ free.coef_[0]}
    systems.update({f: x[:, i] for i, f in enumerate(ROLE_FEATURES)})
    print(f"{len(rows)} judgements ({len(idx)} distinct pairs, {int(y[idx].sum())} relevant)")
    print("feature SD: " + ", ".join(f"{f} {s:.4f}" for f, s in zip(ROLE_FEATURES, sd)))
    print("free weights: " + ", ".join(f"{f} {c:.2f}" for f, c in zip(ROLE_FEATURES,
                                                                     free.coef_[0])))
    for kind, *_ in DIRECTIONS:
        for subset, keep in subsets.items():
            print(f"\n{kind} queries, {subset}")
            print(f"{'':24}" + "".join(f"{m:>9}" for m in ("MAP", "nDCG@10", "P@5", "ROC-AUC")))
            for name, score in systems.items():
                m = metrics(rows, score, lambda r, k=keep, kd=kind: r["direction"] == kd and k(r))
                print(f"{name:<24}" + "".join(f"{v:>9.3f}" for v in m.values()))

    entry = {
        "method": "logistic",
        "features": list(ROLE_FEATURES),
        "coef": [round(float(c), 4) for c in coef],
        "intercept": round(intercept, 4),
        "thresholds": THRESHOLDS,
        "fitted_on": (f"{args.set.name}: {len(idx)} judged résumé/posting pairs "
                      f"({int(y[idx].sum())} same occupation group); direction fixed "
                      f"(SD units {DESIGN}), scale and intercept fitted"),
    }
    print("\ncalibration:", json.dumps(entry))
    if args.write:
        path = HERE / "scoring.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
        cals = raw["role"]["calibration"]
        cals[args.model] = entry
        if args.model == DEFAULT_MODEL:
            cals["default"] = entry
        path.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {path}")


if __name__ == "__main__":
    main()
