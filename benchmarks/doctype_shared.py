"""Posting-or-résumé classification (matcher/doctype.py) on real documents in ../shared and
on the project's examples: how many of each kind are read right, and how many would be refused
as the wrong kind (the error that blocks a user; "unknown" never blocks).

    python benchmarks/doctype_shared.py
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"


def _sets() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    from matcher.reading import read_document

    sets: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    examples = ROOT / "examples"
    sets["examples/postings"] = ("posting", [(p.name, read_document(p).text)
                                             for p in sorted((examples / "postings").iterdir())])
    sets["examples/resumes"] = ("résumé", [(p.name, read_document(p).text)
                                           for p in sorted((examples / "resumes").iterdir())])
    if not DATA.exists():
        return sets
    postings = sorted(p for p in (DATA / "postings").iterdir() if p.suffix in (".md", ".txt"))
    sets["shared postings"] = ("posting", [(p.name, read_document(p).text) for p in postings])
    with open(DATA / "resumes-dev" / "dataturks-resumes.json", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    sets["dataturks résumés"] = ("résumé", [(f"dt-{i}", r["content"]) for i, r in
                                            enumerate(rows)])
    with open(DATA / "postings-dev" / "monster-jobs-dev.csv", encoding="utf-8") as fh:
        monster = [r["job_description"] for r in csv.DictReader(fh) if r.get("job_description")]
    sets["monster postings"] = ("posting", [(f"m-{i}", t) for i, t in enumerate(monster)])
    with open(DATA / "pairs-dev" / "rjdb-dev.jsonl", encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    sets["rjdb postings"] = ("posting", [(f"j-{i}", p["Job-Description"]) for i, p in
                                         enumerate(pairs)])
    sets["rjdb résumés"] = ("résumé", [(f"r-{i}", p["Resume-matched"]) for i, p in
                                       enumerate(pairs)])
    return sets


def main() -> int:
    from matcher.doctype import document_kind

    print(f"{'set':<20} {'n':>5} {'right':>6} {'unknown':>8} {'refused':>8}")
    wrong: list[str] = []
    for name, (kind, docs) in _sets().items():
        counts = Counter(document_kind(text) for _, text in docs)
        refused = len(docs) - counts[kind] - counts["unknown"]
        print(f"{name:<20} {len(docs):>5} {counts[kind] / len(docs):>6.3f} "
              f"{counts['unknown']:>8} {refused:>8}")
        wrong += [f"  {name}: {doc_id}" for doc_id, text in docs
                  if document_kind(text) not in (kind, "unknown")][:5]
    if wrong:
        print("refused as the wrong kind:")
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
