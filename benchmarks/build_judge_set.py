"""Build the judge set's documents: real (posting, résumé) pairs to label requirement by requirement.

    python benchmarks/build_judge_set.py [--out benchmarks/out/judge] [--data ../shared/data]

Pairs (benchmarks/judge-set/pairs.json, committed: references only, never shared text):
  * 40 pairs of a real DataTurks résumé and a real Google posting: 30 where the posting is one
    of the five closest to the résumé by TF-IDF (so that many requirements are met, as in a
    real application), 10 with a posting drawn at random (a poor fit, as recruiters also see);
  * the four real postings the product was commissioned for, each with the project's fit and
    misfit example résumés (examples/resumes).
Every résumé and posting is used once. The split is by pair: `test` pairs are never fitted
on (benchmarks/JUDGE-SET.md).

Writes, under --out (git-ignored; the shared text never enters the repository):
    docs/<pair>.posting.md|txt     the posting as the product reads it
    docs/<pair>.resume.txt|md      the résumé
    sheets/<pair>.md               what a labeller reads: the requirements, numbered, and the
                                   résumé with its line numbers
The labels (benchmarks/judge-set/labels/<pair>.json) refer to requirements by posting line and
a hash of their text, and to résumé lines by number.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_ranking_set import render_google  # noqa: E402  (the same markdown as the ranking set)

DEFAULT_DATA = ROOT.parent / "shared" / "data"
SET_DIR = ROOT / "benchmarks" / "judge-set"

SEED_PAIRS = (  # (shared posting, example résumé)
    ("coreweave-storage-manager.md", "fit-coreweave-storage-manager.md"),
    ("coreweave-storage-manager.md", "misfit-coreweave-storage-manager.txt"),
    ("netflix-ml-platform-manager.md", "fit-netflix-ml-platform-manager.md"),
    ("netflix-ml-platform-manager.md", "misfit-netflix-ml-platform-manager.txt"),
    ("openai-cpu-storage-tech-lead.txt", "fit-openai-cpu-storage-tech-lead.txt"),
    ("openai-cpu-storage-tech-lead.txt", "misfit-openai-cpu-storage-tech-lead.txt"),
    ("openai-distributed-systems-manager.txt", "fit-openai-distributed-systems-manager.txt"),
    ("openai-distributed-systems-manager.txt", "misfit-openai-distributed-systems-manager.txt"),
)
TEST_SEED_POSTINGS = {"coreweave-storage-manager.md", "openai-cpu-storage-tech-lead.txt"}


def text_key(text: str) -> str:
    """A requirement's identity across re-extractions: a hash of its normalised text."""
    norm = " ".join(text.lower().split()).strip(" .;:")
    return hashlib.sha1(norm.encode()).hexdigest()[:12]


def resume_text(record: dict) -> str:
    return record["content"].replace("\r\n", "\n").strip() + "\n"


def choose_pairs(resumes: list[str], postings: list[tuple[int, str]], seed: int,
                 n_close: int = 30, n_random: int = 10, skip_resumes: frozenset[int] = frozenset(),
                 skip_postings: frozenset[int] = frozenset()) -> list[dict]:
    """`n_close` close pairs (a top-5 TF-IDF posting) and `n_random` random ones, each document
    once, none of `skip_resumes` (résumé indices) or `skip_postings` (posting rows)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = random.Random(seed)
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2)
    vec.fit(resumes + [t for _, t in postings])
    sims = (vec.transform(resumes) @ vec.transform([t for _, t in postings]).T).toarray()
    order = list(range(len(resumes)))
    rng.shuffle(order)
    used_p = {j for j, (row, _) in enumerate(postings) if row in skip_postings}
    pairs: list[dict] = []
    for ri in order:
        if len(pairs) >= n_close + n_random:
            break
        if ri in skip_resumes:
            continue
        if len(resumes[ri].splitlines()) < 15 or len(resumes[ri]) > 12_000:
            continue  # too short to judge, or too long to label in one sitting
        close = len(pairs) < n_close
        if close:
            ranked = [int(j) for j in sims[ri].argsort()[::-1] if int(j) not in used_p][:5]
            pj = rng.choice(ranked)
        else:
            pj = rng.choice([j for j in range(len(postings)) if j not in used_p])
        used_p.add(pj)
        pairs.append({"resume_index": ri, "posting_row": postings[pj][0],
                      "selection": "close" if close else "random"})
    return pairs


def ranking_test_documents() -> tuple[frozenset[int], frozenset[int]]:
    """The résumé indices and Google posting rows the ranking sets' test parts use
    (benchmarks/rank-sets): new judge pairs avoid them, so fitting the judge on a pair never
    fits on a document a ranking figure is reported on."""
    sets = ROOT / "benchmarks" / "rank-sets"
    resumes: set[int] = set()
    postings: set[int] = set()
    for name in ("jobseeker", "recruiter"):
        with open(sets / name / "labels.tsv", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                resumes.add(int(row["resume_index"]))
                if row.get("source", "google") == "google":
                    postings.add(int(row.get("row") or row["posting_row"]))
    return frozenset(resumes), frozenset(postings)


def added_pairs(pairs: list[dict], records: list[dict], rows: list[dict], n: int,
                seed: int) -> list[dict]:
    """`n` more train pairs, numbered after the last Google pair, of documents not used yet."""
    skip_r, skip_p = ranking_test_documents()
    skip_r |= {p["resume_index"] for p in pairs if "resume_index" in p}
    skip_p |= {p["posting_row"] for p in pairs if "posting_row" in p}
    postings = [(i, render_google(r)) for i, r in enumerate(rows)
                if (r.get("Minimum Qualifications") or "").strip()]
    n_random = n // 5
    chosen = choose_pairs([resume_text(r) for r in records], postings, seed,
                          n_close=n - n_random, n_random=n_random,
                          skip_resumes=frozenset(skip_r), skip_postings=frozenset(skip_p))
    first = 1 + max(int(p["pair"][1:]) for p in pairs if p["pair"].startswith("g"))
    return [{"pair": f"g{first + k:02d}", **p, "split": "train"} for k, p in enumerate(chosen)]


def numbered(text: str) -> str:
    return "\n".join(f"{i:4d} | {line}" for i, line in enumerate(text.splitlines(), 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "judge")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--new-pairs", action="store_true",
                    help="choose the pairs again (overwrites benchmarks/judge-set/pairs.json)")
    ap.add_argument("--add", type=int, default=0, metavar="N",
                    help="add N train pairs (four in five close, one in five random) of documents "
                         "no pair and no ranking test set uses")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no shared data at {args.data}", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in
               (args.data / "resumes-dev" / "dataturks-resumes.json").read_text().splitlines()
               if line.strip()]
    with open(args.data / "postings-dev" / "google-job-skills-dev.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    pairs_file = SET_DIR / "pairs.json"
    if args.new_pairs or not pairs_file.exists():
        postings = [(i, render_google(r)) for i, r in enumerate(rows)
                    if (r.get("Minimum Qualifications") or "").strip()]
        chosen = choose_pairs([resume_text(r) for r in records], postings, args.seed)
        pairs = []
        for n, p in enumerate(chosen):
            pairs.append({"pair": f"g{n:02d}", **p, "split": "test" if n % 5 < 2 else "train"})
        for n, (post, res) in enumerate(SEED_PAIRS):
            pairs.append({"pair": f"s{n:02d}", "seed_posting": post, "example_resume": res,
                          "selection": "fit" if res.startswith("fit") else "misfit",
                          "split": "test" if post in TEST_SEED_POSTINGS else "train"})
        SET_DIR.mkdir(parents=True, exist_ok=True)
        pairs_file.write_text(json.dumps(pairs, indent=1) + "\n")
    pairs = json.loads(pairs_file.read_text())
    if args.add:
        pairs += added_pairs(pairs, records, rows, args.add, seed=args.seed + len(pairs))
        pairs_file.write_text(json.dumps(pairs, indent=1) + "\n")

    from matcher import read_posting

    docs, sheets = args.out / "docs", args.out / "sheets"
    for d in (docs, sheets):
        d.mkdir(parents=True, exist_ok=True)
    for p in pairs:
        pid = p["pair"]
        if "posting_row" in p:
            posting_path = docs / f"{pid}.posting.md"
            posting_path.write_text(render_google(rows[p["posting_row"]]) + "\n")
            resume_path = docs / f"{pid}.resume.txt"
            resume_path.write_text(resume_text(records[p["resume_index"]]))
        else:
            src = args.data / "postings" / p["seed_posting"]
            posting_path = docs / f"{pid}.posting{src.suffix}"
            shutil.copyfile(src, posting_path)
            res = ROOT / "examples" / "resumes" / p["example_resume"]
            resume_path = docs / f"{pid}.resume{res.suffix}"
            shutil.copyfile(res, resume_path)
        posting = read_posting(posting_path)
        reqs = "\n".join(f"- {r.id} [{r.kind}] (posting line {r.line}, key {text_key(r.text)}): {r.text}"
                         for r in posting.requirements)
        sheets.joinpath(f"{pid}.md").write_text(
            f"# Pair {pid}\n\nPosting: {posting.title}\n\n## Requirements\n\n{reqs}\n\n"
            f"## Résumé ({resume_path.name}), with line numbers\n\n```\n"
            f"{numbered(resume_path.read_text(encoding='utf-8', errors='replace'))}\n```\n")
    n_reqs = sum(len(read_posting(next(docs.glob(f"{p['pair']}.posting.*"))).requirements)
                 for p in pairs)
    print(f"{len(pairs)} pairs, {n_reqs} requirements; sheets in {sheets}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
