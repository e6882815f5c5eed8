"""Write the labelled ranking sets of benchmarks/rank-sets/ as documents and TREC qrels.

    python benchmarks/build_rank_sets.py [--out benchmarks/out/rank-sets] [--data ../shared/data]

benchmarks/rank-sets/README.md says how the labels were made (by reading). This writes, under
--out (git-ignored; the shared text never enters the repository):

    jobseeker/queries/r###.txt   the three job seekers' résumés (### = line of the JSON file)
    jobseeker/docs/p###.md       the labelled Google postings (### = CSV row), m###.txt Monster
    jobseeker/qrels.txt          résumé, 0, posting, 1 = would apply / 0 = would not
    recruiter/queries/p###.md    the four postings
    recruiter/docs/r###.txt      the graded résumés
    recruiter/qrels.txt          posting, 0, résumé, grade 0-3 (MAP and ROC-AUC count grade >= 1)
    jobseeker-train/, recruiter-train/   the same for the training sets (other résumés and
                                 postings), on which models/fit_overall.py fits the overall score

Then, for example:

    matcher eval ranking benchmarks/out/rank-sets/jobseeker/qrels.txt \\
        --queries benchmarks/out/rank-sets/jobseeker/queries \\
        --docs benchmarks/out/rank-sets/jobseeker/docs --query-kind resume
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_ranking_set import monster_title, render_google  # noqa: E402

SETS = ROOT / "benchmarks" / "rank-sets"
# each set and what its queries are; the "-train" sets are what models/fit_overall.py fits
# the overall score on, the others are never fitted on
SET_KINDS = {"jobseeker": "resume", "recruiter": "posting",
             "jobseeker-train": "resume", "jobseeker-train-tech": "resume",
             "recruiter-train": "posting"}


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "rank-sets")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no shared data at {args.data}", file=sys.stderr)
        return 2
    resumes = (args.data / "resumes-dev" / "dataturks-resumes.json").read_text(
        encoding="utf-8").splitlines()
    with (args.data / "postings-dev" / "google-job-skills-dev.csv").open(
            encoding="utf-8", newline="") as fh:
        google = list(csv.DictReader(fh))
    with (args.data / "postings-dev" / "monster-jobs-dev.csv").open(
            encoding="utf-8", newline="") as fh:
        monster = list(csv.DictReader(fh))

    def resume_file(folder: Path, index: int) -> str:
        name = f"r{index:03d}"
        (folder / f"{name}.txt").write_text(json.loads(resumes[index])["content"] + "\n")
        return name

    def posting_file(folder: Path, source: str, row: int) -> str:
        if source == "google":
            name = f"p{row:03d}"
            (folder / f"{name}.md").write_text(render_google(google[row]) + "\n")
        else:
            name = f"m{row:03d}"
            r = monster[row]
            desc = " ".join((r["job_description"] or "").split())
            (folder / f"{name}.txt").write_text(
                f"{monster_title(r['job_title'] or '')}\n\n{desc}\n")
        return name

    for name, query_kind in SET_KINDS.items():
        if not (SETS / name / "labels.tsv").is_file():
            continue  # a set still being labelled
        out = args.out / name
        queries, docs = out / "queries", out / "docs"
        for d in (queries, docs):
            d.mkdir(parents=True, exist_ok=True)
            for stale in d.iterdir():  # documents of an earlier labelling round
                stale.unlink()
        lines = [f"# built by benchmarks/build_rank_sets.py from benchmarks/rank-sets/{name}"]
        for row in _tsv(SETS / name / "labels.tsv"):
            if query_kind == "resume":
                q = resume_file(queries, int(row["resume_index"]))
                d = posting_file(docs, row["source"], int(row["row"]))
                rel = row["label"]
            else:
                q = posting_file(queries, row.get("source") or "google", int(row["posting_row"]))
                d = resume_file(docs, int(row["resume_index"]))
                rel = row["grade"]
            lines.append(f"{q} 0 {d} {int(rel)}")
        (out / "qrels.txt").write_text("\n".join(lines) + "\n")
        print(f"{name}: {len(lines) - 1} judgements, queries {len(list(queries.iterdir()))}, "
              f"documents {len(list(docs.iterdir()))} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
