"""How well the judge agrees with people, requirement by requirement, beside two baselines.

    python benchmarks/judge_eval.py [--split test] [--model all-MiniLM-L6-v2] [--json out.json]

On the judge set (benchmarks/JUDGE-SET.md; build it first with build_judge_set.py), for each
system and each requirement a labeller judged:

* met vs missing accuracy: over requirements labelled met or missing, the share whose verdict
  is the label (a "partial" for either counts as wrong);
* met recall / precision: of those labelled met, the share called met; of those called met,
  the share labelled met;
* 3-way accuracy over met / partial / missing labels;
* evidence@1, @3: over requirements labelled met or partial, the share whose first (first
  three) evidence lines include a line the labeller pointed to (a unit that the product
  joined from a wrapped bullet counts with all its physical lines);
* not-assessable: how many requirements labelled "na" were called missing (target 0), and how
  many the system set aside;
* the hubness of evidence: the largest share of a pair's requirements that one line is the
  first evidence for (averaged over pairs).

Baselines, on the résumé's physical lines with the same encoder, thresholds fitted on the
train split: `cosine` (evidence by cosine, verdict by thresholds on the best cosine) and
`bm25+cosine` (evidence by reciprocal rank fusion of BM25 and cosine, verdict by thresholds on
the mean of the best cosine and the best BM25 share).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge_set import evidence_hit, load_pairs, resume_lines, unit_spans  # noqa: E402

from matcher import read_posting, read_resume  # noqa: E402
from matcher.api import make_scorer  # noqa: E402
from matcher.judge.matching import terms  # noqa: E402
from matcher.judge.retrieval import bm25_idf, bm25_matrix, bm25_self, rank_fusion  # noqa: E402

AS_OF = date(2026, 12, 1)
VERDICTS = ("met", "partial", "missing")


def fit_thresholds(values: list[float], labels: list[str]) -> tuple[float, float]:
    """(partial, met) thresholds on one number maximising 3-way accuracy."""
    grid = np.quantile(values, np.linspace(0.02, 0.98, 60)) if values else [0.5]
    best, best_acc = (0.5, 0.6), -1.0
    v = np.array(values)
    lab = np.array(labels)
    for i, tp in enumerate(grid):
        for tm in grid[i:]:
            pred = np.where(v >= tm, "met", np.where(v >= tp, "partial", "missing"))
            acc = float((pred == lab).mean())
            if acc > best_acc + 1e-12:
                best, best_acc = (float(tp), float(tm)), acc
    return best


def metrics(rows: list[dict]) -> dict[str, float]:
    """rows: {label, lines, verdict, evidence (line numbers in order), pair}."""
    mm = [r for r in rows if r["label"] in ("met", "missing")]
    met = [r for r in rows if r["label"] == "met"]
    called = [r for r in rows if r["verdict"] == "met"]
    three = [r for r in rows if r["label"] in VERDICTS]
    backed = [r for r in rows if r["label"] in ("met", "partial") and r["lines"]]
    na = [r for r in rows if r["label"] == "na"]

    def hit(r: dict, k: int) -> bool:
        return evidence_hit(r["evidence"], r["lines"], k)

    hubs = defaultdict(Counter)
    sizes = Counter()
    for r in rows:
        sizes[r["pair"]] += 1
        if r["evidence"]:
            hubs[r["pair"]][r["evidence"][0][0]] += 1
    hub = np.mean([max(c.values()) / sizes[p] for p, c in hubs.items()]) if hubs else 0.0
    share = lambda xs: float(np.mean(xs)) if xs else float("nan")  # noqa: E731
    return {
        "met_vs_missing_acc": share([r["verdict"] == r["label"] for r in mm]),
        "met_recall": share([r["verdict"] == "met" for r in met]),
        "met_precision": share([r["label"] == "met" for r in called]),
        "acc3": share([r["verdict"] == r["label"] for r in three]),
        "evidence@1": share([hit(r, 1) for r in backed]),
        "evidence@3": share([hit(r, 3) for r in backed]),
        "na_called_missing": float(sum(r["verdict"] == "missing" for r in na)),
        "na_set_aside": float(sum(r["verdict"] == "n/a" for r in na)),
        "na_total": float(len(na)),
        "hub_share": float(hub),
        "n": float(len(rows)),
    }


def baseline_rows(pairs, encode) -> dict[str, list[dict]]:  # noqa: ANN001
    """Per baseline, the raw values and evidence orders of every labelled requirement."""
    out: dict[str, list[dict]] = {"cosine": [], "bm25+cosine": []}
    for pair in pairs:
        posting = read_posting(pair.posting_path)
        lines = resume_lines(pair.resume_path)
        if not lines:
            continue
        reqs = [(r, pair.label_for(r)) for r in posting.requirements]
        reqs = [(r, lab) for r, lab in reqs if lab is not None]
        if not reqs:
            continue
        rv = encode([r.text for r, _ in reqs])
        lv = encode([t for _, t in lines])
        cos = rv @ lv.T
        line_terms = [terms(t) for _, t in lines]
        q_terms = [terms(r.text) for r, _ in reqs]
        idf = bm25_idf(line_terms)
        bm = bm25_matrix(q_terms, line_terms, idf)
        bm_share = bm / bm25_self(q_terms, idf, len(lines))[:, None]
        fused = rank_fusion(cos, bm)
        numbers = [n for n, _ in lines]
        for i, (_, lab) in enumerate(reqs):
            base = {"pair": pair.id, "split": pair.split, "label": lab.verdict,
                    "lines": lab.lines}
            out["cosine"].append({**base, "value": float(cos[i].max()),
                                  "evidence": [(numbers[j],) for j in np.argsort(-cos[i])[:3]]})
            out["bm25+cosine"].append({
                **base, "value": 0.5 * float(cos[i].max()) + 0.5 * float(bm_share[i].max()),
                "evidence": [(numbers[j],) for j in np.argsort(-fused[i], kind="stable")[:3]]})
    return out


def product_rows(pairs, scorer) -> list[dict]:  # noqa: ANN001
    rows = []
    for pair in pairs:
        posting = read_posting(pair.posting_path)
        resume = read_resume(pair.resume_path)
        report = scorer.score(posting, resume)
        spans = unit_spans(resume)
        for m in report.matches:
            lab = pair.label_for(m.requirement)
            if lab is None:
                continue
            rows.append({"pair": pair.id, "split": pair.split, "label": lab.verdict,
                         "lines": lab.lines, "verdict": m.verdict,
                         "evidence": [spans.get(e.line, (e.line,)) for e in m.evidence]})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", choices=("test", "train", "all"))
    ap.add_argument("--model", default="all-MiniLM-L6-v2")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    pairs = load_pairs("all")
    scorer = make_scorer(args.model, today=AS_OF)
    baselines = baseline_rows(pairs, scorer.encode)
    systems: dict[str, list[dict]] = {}
    for name, rows in baselines.items():
        train = [r for r in rows if r["split"] == "train" and r["label"] in VERDICTS]
        tp, tm = fit_thresholds([r["value"] for r in train], [r["label"] for r in train])
        for r in rows:
            r["verdict"] = "met" if r["value"] >= tm else "partial" if r["value"] >= tp \
                else "missing"
        systems[name] = rows
    systems = {"matcher": product_rows(pairs, scorer), **systems}

    chosen = {n: [r for r in rows if args.split == "all" or r["split"] == args.split]
              for n, rows in systems.items()}
    table = {n: metrics(rows) for n, rows in chosen.items()}
    labels = Counter(r["label"] for r in chosen["matcher"])
    n_pairs = len({r["pair"] for r in chosen["matcher"]})
    print(f"judge set, {args.split} split: {n_pairs} pairs, {sum(labels.values())} labelled "
          f"requirements ({', '.join(f'{k} {v}' for k, v in sorted(labels.items()))}); "
          f"model {args.model}")
    cols = ("met_vs_missing_acc", "met_recall", "met_precision", "acc3", "evidence@1",
            "evidence@3", "hub_share")
    print(f"{'system':<13}" + "".join(f"{c:>19}" for c in cols) + f"{'na→missing':>12}")
    for name, m in table.items():
        print(f"{name:<13}" + "".join(f"{m[c]:>19.3f}" for c in cols)
              + f"{int(m['na_called_missing']):>6} / {int(m['na_total'])}")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
