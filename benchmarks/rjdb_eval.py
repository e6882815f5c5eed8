"""Sensitivity to what a résumé lacks, on RJDB's matched / weakened résumé pairs.

    python benchmarks/rjdb_eval.py [--limit 500] [--data ../shared/data]

`../shared/data/pairs-dev/rjdb-dev.jsonl` (RJDB, Megagon Labs, CC BY-SA 4.0; machine-generated)
holds postings, each with a résumé written to match it and the same résumé with some skills or
years removed (`Filtered-information`). Prints, for matcher and for the TF-IDF and
whole-document embedding baselines on the same pairs:

* how often the matched résumé scores higher than the weakened one (target >= 0.95);
* for matcher: of the requirements that name a removed skill which the weakened résumé no
  longer names anywhere, the share not called "met" on it (target >= 0.90).

The texts are written to a temporary folder for the run and never kept.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def names_skill(text: str, skill: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(skill.lower()) + r"(?![A-Za-z0-9])",
                     text.lower()) is not None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args(argv)
    path = args.data / "pairs-dev" / "rjdb-dev.jsonl"
    if not path.exists():
        print(f"no RJDB pairs at {path}", file=sys.stderr)
        return 2
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()][: args.limit]

    from sklearn.feature_extraction.text import TfidfVectorizer

    from matcher import read_posting, read_resume
    from matcher.api import make_scorer
    from matcher.errors import MatcherError

    scorer = make_scorer(today=date(2026, 12, 1))
    wins = {"matcher": [], "tfidf": [], "embedding": []}
    skill_not_met: list[bool] = []
    failed = 0
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(
        [r[k] for r in rows for k in ("Job-Description", "Resume-matched")])
    with tempfile.TemporaryDirectory() as tmp:
        for i, r in enumerate(rows):
            jd, good, weak = r["Job-Description"], r["Resume-matched"], r["Resume-unmatched"]
            files = []
            for name, text in (("posting", jd), ("matched", good), ("weakened", weak)):
                f = Path(tmp) / f"{i}-{name}.md"
                f.write_text(text)
                files.append(f)
            try:
                posting = read_posting(files[0])
                rep_good = scorer.score(posting, read_resume(files[1]))
                rep_weak = scorer.score(posting, read_resume(files[2]))
            except MatcherError:
                failed += 1
                continue
            wins["matcher"].append(rep_good.score > rep_weak.score)
            t = tfidf.transform([jd, good, weak])
            sims = (t[0] @ t[1:].T).toarray()[0]
            wins["tfidf"].append(sims[0] > sims[1])
            v = scorer.encode([jd, good, weak])
            wins["embedding"].append(float(v[0] @ v[1]) > float(v[0] @ v[2]))
            removed = [s for s in (r.get("Filtered-information") or {}).get("Skills") or []
                       if not names_skill(weak, s)]
            for m in rep_weak.matches:
                if any(names_skill(m.requirement.text, s) for s in removed):
                    skill_not_met.append(m.verdict != "met")
            if (i + 1) % 100 == 0:
                print(f"  {i + 1} pairs …", file=sys.stderr)
    n = len(wins["matcher"])
    print(f"RJDB dev: {n} pairs scored ({failed} not scored: a document read as bad input)")
    print(f"{'system':<12}{'matched > weakened':>20}")
    for name, xs in wins.items():
        print(f"{name:<12}{float(np.mean(xs)):>20.3f}")
    print(f"matcher: requirements naming a removed skill, not met on the weakened résumé: "
          f"{float(np.mean(skill_not_met)):.3f} of {len(skill_not_met)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
