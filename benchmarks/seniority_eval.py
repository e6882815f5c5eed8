"""The seniority fit alone on the hand-labelled job-seeker set (benchmarks/rank-sets/jobseeker).

    python benchmarks/build_rank_sets.py            # once: writes benchmarks/out/rank-sets
    python benchmarks/seniority_eval.py [--sets benchmarks/out/rank-sets] [--as-of 2019-01-01]

For each of the three résumés: ROC-AUC of the seniority score alone against the "would apply"
labels (role is ignored entirely, so this measures how much level alone separates) over all
postings and over the postings whose level could be compared ("known": not "unknown"), how many
positives the seniority fit reads as "fit" / "under" / "over" / "unknown", and the same counts
for the negatives. No embeddings: plain reading, a few seconds.

`--as-of` is the day "Present" means on the résumés; the set's résumés and postings are from
2018 (the postings' internships are for summer 2018), so the default is 2019-01-01. Postings
with no recognisable requirement section (which `matcher rank` skips today) are read from their
first line as the title alone; their count is printed.

Not to be tuned on the recruiter set (benchmarks/rank-sets/recruiter).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.api import posting_from_document, resume_from_document  # noqa: E402
from matcher.errors import MatcherError  # noqa: E402
from matcher.judge.seniority import PostingSide, compare, posting_level, posting_side, resume_side  # noqa: E402
from matcher.reading import read_document  # noqa: E402

DIRECTIONS = ("fit", "under", "over", "unknown")


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, _, doc, label = line.split()
        out.setdefault(query, {})[doc] = int(label)
    return out


def _by_stem(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.iterdir()) if p.is_file()}


def read_postings(folder: Path) -> tuple[dict[str, PostingSide], list[str]]:
    """Every posting's seniority side; postings without requirements from their title line."""
    sides: dict[str, PostingSide] = {}
    title_only: list[str] = []
    for stem, path in _by_stem(folder).items():
        doc = read_document(path)
        try:
            sides[stem] = posting_level(posting_from_document(doc))
        except MatcherError:
            first = next((x.strip("# ").strip() for x in doc.text.splitlines() if x.strip()), None)
            sides[stem] = posting_side(first, ())
            title_only.append(stem)
    return sides, title_only


def roc_auc(labels: list[int], scores: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=Path, default=ROOT / "benchmarks" / "out" / "rank-sets")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2019, 1, 1))
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print every positive's note")
    args = parser.parse_args(argv)
    folder = args.sets / "jobseeker"
    if not (folder / "qrels.txt").is_file():
        print(f"no {folder / 'qrels.txt'}: run python benchmarks/build_rank_sets.py first",
              file=sys.stderr)
        return 2
    qrels = read_qrels(folder / "qrels.txt")
    postings, title_only = read_postings(folder / "docs")
    queries = _by_stem(folder / "queries")
    print(f"job-seeker set: {len(qrels)} résumés × {len(postings)} postings, as of "
          f"{args.as_of}; {len(title_only)} postings read from their title alone "
          "(no requirement section)")
    print(f"{'résumé':8} {'AUC':>6} {'known':>6} {'pos':>4}  positives fit/under/over/unknown   "
          "negatives fit/under/over/unknown   résumé read as")
    aucs, known_aucs, fit_pos, n_pos = [], [], 0, 0
    for query in sorted(qrels):
        resume = resume_from_document(read_document(queries[query]))
        side = resume_side(resume, args.as_of)
        judged = qrels[query]
        matches = {doc: compare(postings[doc], side) for doc in judged}
        labels = [judged[d] for d in judged]
        auc = roc_auc(labels, [matches[d].score for d in judged])
        aucs.append(auc)
        known = [d for d in judged if matches[d].direction != "unknown"]
        known_auc = roc_auc([judged[d] for d in known], [matches[d].score for d in known])
        known_aucs.append(known_auc)
        pos = Counter(matches[d].direction for d in judged if judged[d] > 0)
        fit_pos, n_pos = fit_pos + pos["fit"], n_pos + sum(pos.values())
        neg = Counter(matches[d].direction for d in judged if judged[d] <= 0)
        first = next(iter(matches.values()))
        read_as = (f"{first.resume_level or 'not stated'}, rank "
                   f"{'—' if first.resume_rank is None else f'{first.resume_rank:.2f}'}, "
                   f"{'—' if first.resume_years is None else f'{first.resume_years:.1f}'} y")
        print(f"{query:8} {auc:6.3f} {known_auc:6.3f} {sum(pos.values()):4d}  "
              f"{'/'.join(str(pos[x]) for x in DIRECTIONS):33} "
              f"{'/'.join(str(neg[x]) for x in DIRECTIONS):33} {read_as}")
        if args.verbose:
            for d in judged:
                if judged[d] > 0:
                    print(f"   {d} {matches[d].direction:7} {matches[d].score:.2f}  "
                          f"{matches[d].note}")
    print(f"mean ROC-AUC of seniority alone: {sum(aucs) / len(aucs):.3f} (unknown pairs at the "
          f"neutral score); {sum(known_aucs) / len(known_aucs):.3f} on pairs whose levels were "
          "compared (column 'known')")
    print(f"positives read as 'fit': {fit_pos} of {n_pos}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
