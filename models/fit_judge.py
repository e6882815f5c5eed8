"""Fit the per-requirement judge on the judge set's train pairs and write it to scoring.json.

    python models/fit_judge.py [--model all-MiniLM-L6-v2] [--write]

Reads the labelled pairs (benchmarks/JUDGE-SET.md; run benchmarks/build_judge_set.py first),
scores every train pair with the product, and fits, on the features each requirement's report
carries (verdicts.JUDGE_FEATURES), two logistic regressions: P(met) and P(met or partial). The
regularisation is chosen by cross-validation over pairs (no pair in both folds); the test
pairs are never read. Then the evidence order's weights (config.EVIDENCE_FEATURES: cosine,
BM25 share, hubness, a line of work, a skill shown in use, the asks a line touches, its share
of the requirement's weighted terms) are fitted pairwise on the lines labellers pointed to,
against the other lines of the same résumé, C chosen by the cross-validated share of
requirements whose first three lines include a labelled one. Prints the cross-validated
figures; `--write` stores the coefficients (scaling folded in, so they apply to raw feature
values) under "judge" and "evidence".
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from judge_set import load_pairs, unit_spans  # noqa: E402

from matcher import read_posting, read_resume  # noqa: E402
from matcher.api import make_scorer  # noqa: E402
from matcher.judge.config import EVIDENCE_FEATURES  # noqa: E402
from matcher.judge.verdicts import JUDGE_FEATURES  # noqa: E402

AS_OF = date(2026, 12, 1)
SCORING = ROOT / "models" / "scoring.json"
GRADES = {"missing": 0, "partial": 1, "met": 2}


def collect(scorer, pairs):  # noqa: ANN001, ANN201
    """Per labelled requirement: its feature vector, grade, pair, and for evidence tuning
    the labelled lines; plus the parsed documents for re-scoring."""
    X, y, groups, docs = [], [], [], []
    for pair in pairs:
        posting, resume = read_posting(pair.posting_path), read_resume(pair.resume_path)
        docs.append((pair, posting, resume))
        for m in scorer.score(posting, resume).matches:
            lab = pair.label_for(m.requirement)
            if lab is None or lab.verdict not in GRADES or m.verdict == "n/a":
                continue
            f = dict(m.features)
            X.append([f[name] for name in JUDGE_FEATURES])
            y.append(GRADES[lab.verdict])
            groups.append(pair.id)
    return np.array(X), np.array(y), np.array(groups), docs


# More evidence must never lower a probability: these features get a coefficient >= 0 (one
# that comes out negative, through collinearity with another, is dropped and the rest refitted).
MONOTONE = {"dense", "dense_lift", "dense_top3", "dense_parts", "lexical", "bm25",
            "skill_listed", "skill_used", "role", "names_shown", "asks_shown", "asks_in_line"}


def fit_logit(X: np.ndarray, y: np.ndarray, C: float) -> tuple[list[float], float]:
    """Standardised logistic regression, monotone in MONOTONE, returned in raw-feature units."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    keep = list(range(X.shape[1]))
    while True:
        lr = LogisticRegression(C=C, max_iter=2000).fit(((X - mean) / scale)[:, keep], y)
        wrong = [(c, j) for c, j in zip(lr.coef_[0], keep)
                 if JUDGE_FEATURES[j] in MONOTONE and c < 0]
        if not wrong:
            break
        keep.remove(min(wrong)[1])
    coef = np.zeros(X.shape[1])
    coef[keep] = lr.coef_[0] / scale[keep]
    return [round(float(c), 5) for c in coef], round(float(lr.intercept_[0] - coef @ mean), 5)


def predict(coef: list[float], intercept: float, X: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(X @ np.array(coef) + intercept)))


def grade(p_met: np.ndarray, p_backed: np.ndarray, met_at: float = 0.5,
          backed_at: float = 0.5) -> np.ndarray:
    return np.where(p_met >= met_at, 2, np.where(np.maximum(p_met, p_backed) >= backed_at, 1, 0))


def figures(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    mm = (y != 1)
    recall = float((pred[y == 2] == 2).mean())
    precision = float((y[pred == 2] == 2).mean()) if (pred == 2).any() else 0.0
    return {
        "acc3": float((pred == y).mean()),
        "met_vs_missing": float((pred[mm] == y[mm]).mean()),
        "met_recall": recall,
        "met_precision": precision,
        "met_f1": 2 * recall * precision / max(recall + precision, 1e-9),
    }


def out_of_fold(X, y, groups, C: float, folds: int = 5):  # noqa: ANN001, ANN201
    """Cross-validated P(met) and P(met or partial) for every row, folds by pair."""
    p_met, p_backed = np.zeros(len(y)), np.zeros(len(y))
    for tr, te in GroupKFold(folds).split(X, y, groups):
        cm, im = fit_logit(X[tr], (y[tr] == 2).astype(int), C)
        cb, ib = fit_logit(X[tr], (y[tr] >= 1).astype(int), C)
        p_met[te], p_backed[te] = predict(cm, im, X[te]), predict(cb, ib, X[te])
    return p_met, p_backed


def objective(fig: dict[str, float]) -> float:
    """What the thresholds and C are chosen for: 3-way accuracy, the F1 of "met" (a judge that
    never says met is useless) and met vs missing accuracy (a "partial" for a requirement the
    résumé clearly shows, or clearly lacks, is wrong for both), weighed equally."""
    return fig["acc3"] + fig["met_f1"] + fig["met_vs_missing"]


def choose_thresholds(p_met, p_backed, y) -> tuple[float, float, dict]:  # noqa: ANN001
    """The verdict thresholds that do best (`objective`) on cross-validated probabilities."""
    best = None
    for met_at in np.arange(0.1, 0.71, 0.05):
        for backed_at in np.arange(0.3, 0.86, 0.05):
            fig = figures(grade(p_met, p_backed, met_at, backed_at), y)
            key = objective(fig)
            if best is None or key > best[0] + 1e-9:
                best = (key, round(float(met_at), 2), round(float(backed_at), 2), fig)
    return best[1], best[2], best[3]


def evidence_groups(scorer, docs) -> list[tuple[str, np.ndarray, np.ndarray]]:  # noqa: ANN001
    """Per requirement labelled met or partial with lines: its pair, the units' evidence
    features (config.EVIDENCE_FEATURES, columns) and which units a labeller pointed to."""
    out = []
    for pair, posting, resume in docs:
        spans = unit_spans(resume)
        for req, units, rows in scorer.evidence_features(posting, resume):
            lab = pair.label_for(req)
            if lab is None or lab.verdict not in ("met", "partial") or not lab.lines or not units:
                continue
            X = np.column_stack([rows[name] for name in EVIDENCE_FEATURES]).astype(float)
            y = np.array([bool(set(spans.get(u.line, (u.line,))) & set(lab.lines)) for u in units])
            if y.any() and not y.all():
                out.append((pair.id, X, y))
    return out


USE_FIRST = 2.0  # cosines lie in [-1, 1]: a line showing use sorts before a list


def fit_evidence(groups, C: float) -> np.ndarray:  # noqa: ANN001
    """Weights of a linear evidence order, pairwise: within each requirement, a line the
    labeller pointed to against every other line (logistic, no intercept, standardised),
    scaled so the cosine's weight is 1 when it is positive."""
    diffs = [X[y][:, None, :] - X[~y][None, :, :] for _, X, y in groups]
    D = np.concatenate([d.reshape(-1, d.shape[-1]) for d in diffs])
    D = np.concatenate([D, -D])
    labels = np.r_[np.ones(len(D) // 2), np.zeros(len(D) // 2)]
    scale = D.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, fit_intercept=False, max_iter=3000).fit(D / scale, labels)
    w = lr.coef_[0] / scale
    w = w / w[0] if w[0] > 0 else w
    # a line that shows a named skill in use comes before a skills list naming it (issue 10:
    # a skills line is weaker than a line that shows use), whatever the fit says
    use = EVIDENCE_FEATURES.index("shows_use")
    w[use] = max(w[use], USE_FIRST)
    return w


def evidence_at3(groups, weights: np.ndarray) -> float:  # noqa: ANN001
    """Share of requirements whose first three lines by `weights` hold a labelled one (the
    product's report also puts a fact's own line first; this is the order alone)."""
    return float(np.mean([y[np.argsort(-(X @ weights), kind="stable")[:3]].any()
                          for _, X, y in groups]))


def choose_evidence(groups, before: np.ndarray) -> tuple[np.ndarray, dict[str, float]]:  # noqa: ANN001
    """The evidence weights, C chosen by cross-validation over pairs; the figures beside the
    cosine order alone and the weights `before` (the ones in scoring.json, not refitted)."""
    pids = np.array([g[0] for g in groups])
    cosine_only = np.eye(len(EVIDENCE_FEATURES))[0]
    figs = {"cosine": evidence_at3(groups, cosine_only), "in scoring.json now": evidence_at3(groups, before)}
    best = None
    for C in (0.01, 0.1, 1.0):
        hits = []
        for tr, te in GroupKFold(5).split(pids, pids, pids):
            w = fit_evidence([groups[i] for i in tr], C)
            hits += [evidence_at3([groups[i]], w) for i in te]
        figs[f"C={C}"] = float(np.mean(hits))
        if best is None or figs[f"C={C}"] > best[0] + 1e-9:
            best = (figs[f"C={C}"], C)
    return fit_evidence(groups, best[1]), {**figs, "chosen C": best[1]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="all-MiniLM-L6-v2")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)

    pairs = load_pairs("train")
    scorer = make_scorer(args.model, today=AS_OF)
    scorer.config = replace(scorer.config, judge=None)
    X, y, groups, docs = collect(scorer, pairs)
    print(f"{len(pairs)} train pairs, {len(y)} labelled requirements "
          f"(met {int((y == 2).sum())}, partial {int((y == 1).sum())}, "
          f"missing {int((y == 0).sum())})")
    best = None
    for C in (0.03, 0.1, 0.3, 1.0, 3.0):
        met_at, backed_at, cv = choose_thresholds(*out_of_fold(X, y, groups, C), y)
        print(f"  C={C:<5} met at {met_at}, partial at {backed_at}, cross-validated: "
              + ", ".join(f"{k} {v:.3f}" for k, v in cv.items()))
        key = objective(cv)
        if best is None or key > best[0]:
            best = (key, C, met_at, backed_at)
    _, best_C, met_at, backed_at = best
    coef_m, int_m = fit_logit(X, (y == 2).astype(int), best_C)
    coef_b, int_b = fit_logit(X, (y >= 1).astype(int), best_C)
    judge = {
        "features": list(JUDGE_FEATURES),
        "met": {"coef": coef_m, "intercept": int_m},
        "backed": {"coef": coef_b, "intercept": int_b},
        "met_at": met_at, "backed_at": backed_at, "partial_credit": 0.5,
        "fitted_on": f"judge set train split: {len(pairs)} pairs, {len(y)} requirements, "
                     f"C={best_C} (models/fit_judge.py)",
    }
    print(f"chosen C={best_C}")

    from matcher.judge.calibration import JudgeModel

    scorer.config = replace(scorer.config, judge=JudgeModel.from_dict(judge))
    before = dict(scorer.config.evidence)
    weights, figs = choose_evidence(evidence_groups(scorer, docs),
                                    np.array([before.get(n, 0.0) for n in EVIDENCE_FEATURES]))
    evidence = {name: round(float(w), 4) for name, w in zip(EVIDENCE_FEATURES, weights)}
    print("evidence order: " + ", ".join(f"{k} {v:+.3f}" for k, v in evidence.items()))
    print("  first three lines hold a labelled one, cross-validated by pair: "
          + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) and k != "chosen C" else f"{k} {v}"
                      for k, v in figs.items()))
    if args.write:
        raw = json.loads(SCORING.read_text())
        judge["evidence"] = evidence
        raw.setdefault("judge", {})[args.model] = judge
        SCORING.write_text(json.dumps(raw, indent=2) + "\n")
        print(f"written to {SCORING}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
