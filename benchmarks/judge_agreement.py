"""How often two independent labellers agree: the ceiling the judge's figures are read against.

    python benchmarks/judge_agreement.py

The test pairs of the judge set were labelled a second time (benchmarks/judge-set/
labels-second/, labellers who saw neither the product's output nor the first labels). Scoring
the second labels against the first with judge_eval's figures says how much of a figure is
disagreement between careful readers rather than the product's error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

SET_DIR = Path(__file__).resolve().parent / "judge-set"
VERDICTS = ("met", "partial", "missing")


def label_pairs() -> list[tuple[str, dict, dict]]:
    """(pair, first label, second label) for every requirement both labelled."""
    out = []
    for second_file in sorted((SET_DIR / "labels-second").glob("*.json")):
        first_file = SET_DIR / "labels" / second_file.name
        first = {r["key"]: r for r in json.loads(first_file.read_text())["requirements"]}
        for r in json.loads(second_file.read_text())["requirements"]:
            if r["key"] in first:
                out.append((second_file.stem, first[r["key"]], r))
    return out


def agreement(rows: list[tuple[str, dict, dict]]) -> dict[str, float]:
    """judge_eval's figures with the first labels as truth and the second as the system."""
    graded = [(a["verdict"], b["verdict"]) for _, a, b in rows
              if a["verdict"] in VERDICTS and b["verdict"] in VERDICTS]
    mm = [(a, b) for a, b in graded if a in ("met", "missing")]
    met = [b for a, b in graded if a == "met"]
    called = [a for a, b in graded if b == "met"]
    lines = [(a["lines"], b["lines"]) for _, a, b in rows
             if a["verdict"] in ("met", "partial") and a["lines"] and b["lines"]]
    na = [b["verdict"] for _, a, b in rows if a["verdict"] == "na"]
    return {
        "met_vs_missing_acc": sum(a == b for a, b in mm) / len(mm),
        "met_recall": met.count("met") / len(met),
        "met_precision": called.count("met") / len(called),
        "acc3": sum(a == b for a, b in graded) / len(graded),
        "evidence@3": sum(bool(set(b[:3]) & set(a)) for a, b in lines) / len(lines),
        "na_called_missing": na.count("missing"),
        "na_total": len(na),
    }


def main() -> int:
    rows = label_pairs()
    if not rows:
        print("no second labels in benchmarks/judge-set/labels-second", file=sys.stderr)
        return 2
    fig = agreement(rows)
    print(f"second labeller against the first: {len({p for p, _, _ in rows})} pairs, "
          f"{len(rows)} requirements")
    for k, v in fig.items():
        print(f"  {k:<20} {v:.3f}" if isinstance(v, float) else f"  {k:<20} {v}")
    print("verdict pairs (first, second):")
    for (a, b), n in sorted(Counter((a["verdict"], b["verdict"]) for _, a, b in rows).items()):
        print(f"  {a:<16} {b:<16} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
