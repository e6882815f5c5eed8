"""Build models/specificity.json: how common each kind of requirement is among real résumés.

A requirement nearly every résumé meets (communication, a bachelor's degree) says little about
which candidate fits; matcher.judge.specificity weighs each requirement by its background met
rate, read from these statistics. Source: the 200 real résumés of
../shared/data/resumes-dev/dataturks-resumes.json (one JSON object per line, text in
"content"), each parsed with matcher's own résumé parser.

Statistics only, never text:
  terms        content terms (matcher's stemmed `terms`) and how many résumés hold each,
               for terms held by at least --min-df résumés (a vocabulary of words: no lines,
               no term seen in one résumé only, so no names or contacts of one person)
  skills       skill ids of models/skills-v1 and how many résumés the skill index finds each
               in (with what they imply: PostgreSQL -> SQL), same --min-df
  degrees      résumés by highest degree level ("none" when no degree is read)
  years        résumés by whole years of experience (dated roles, else stated), capped at
               40; "unknown" when neither is shown
  management   résumés showing people management (a managerial role or a team-size line)
  weight       the parameters that turn a met rate into a weight (matcher.judge.specificity)

Deterministic: the same input gives the same file (sorted keys, no clock). "Present" in a
résumé's dates means --as-of, by default the latest month any background résumé dates (the
data's own time, so years are not inflated by the years since it was written).

Rebuild:  python models/build_specificity.py [--data ../shared/data] [--out models/specificity.json]
          [--exclude benchmarks/rank-sets/recruiter/resumes.tsv]   (a held-out background)
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from matcher.api import resume_from_document  # noqa: E402
from matcher.data import Resume  # noqa: E402
from matcher.errors import MatcherError  # noqa: E402
from matcher.facts import (  # noqa: E402
    degree_rank,
    management_summary,
    managerial_roles,
    stated_experience_years,
    total_experience_years,
)
from matcher.judge.matching import terms  # noqa: E402
from matcher.judge.skills import SkillIndex  # noqa: E402
from matcher.reading import document_from_text  # noqa: E402

SOURCE = "resumes-dev/dataturks-resumes.json"
FORMAT_VERSION = 1
# The weight curve, fixed a priori (not fitted on any ranking set): a requirement one résumé in
# five shows is neutral (1.0); each halving of the rate adds `slope` x ln 2, bounded.
WEIGHT = {
    "neutral_rate": 0.2,
    "slope": 0.35,
    "min": 0.4,
    "max": 1.6,
    "soft_rate": 0.8,  # a soft ask ("communication", "teamwork"): most résumés claim it
    "smoothing": 0.5,  # (count + smoothing) / (n + 2 x smoothing)
    "english_rate": 0.95,  # résumés in English: the language is shown by the résumé itself
    "text_shrink": 0.5,  # a longer requirement's word rarity moves its log rate halfway
}
# A vocabulary term: a word (letters first), not an address, number or path.
_WORD = re.compile(r"[a-z][a-z0-9+#.\-]{0,29}")


def load_resumes(path: Path, exclude: Iterable[int] = ()) -> list[tuple[int, str]]:
    """(line index, résumé text) of every line of the JSON-lines file not in `exclude`."""
    skip = set(exclude)
    out = []
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if line.strip() and i not in skip:
                out.append((i, json.loads(line)["content"]))
    return out


def excluded_indices(tsv: Path | None) -> list[int]:
    """The `resume_index` column of a rank-set TSV (benchmarks/rank-sets/*/resumes.tsv)."""
    if tsv is None:
        return []
    with tsv.open(encoding="utf-8") as f:
        return sorted(int(row["resume_index"]) for row in csv.DictReader(f, delimiter="\t"))


def parse_all(texts: Sequence[tuple[int, str]]) -> tuple[list[Resume], int]:
    """The parsed résumés, and how many could not be read as one."""
    parsed, failed = [], 0
    for i, text in texts:
        try:
            parsed.append(resume_from_document(document_from_text(text, f"dataturks#{i}")))
        except MatcherError:
            failed += 1
    return parsed, failed


def latest_month(resumes: Sequence[Resume]) -> date:
    """The latest (year, month) any role starts or ends in: what "Present" meant then."""
    points = [p for r in resumes for role in r.roles for p in (role.start, role.end) if p]
    year, month = max(points) if points else (2019, 1)
    return date(year, month, 1)


def resume_years(resume: Resume, as_of: date) -> float | None:
    if resume.roles:
        years = total_experience_years(resume.roles, as_of)
        if years > 0:
            return years
    return stated_experience_years(e.text for e in resume.evidence)


def statistics(resumes: Sequence[Resume], as_of: date, min_df: int = 2) -> dict:
    """The background statistics of parsed résumés (see the module docstring)."""
    index = SkillIndex.load()
    term_df: Counter[str] = Counter()
    skill_df: Counter[str] = Counter()
    degrees: Counter[str] = Counter()
    years: Counter[str] = Counter()
    management = 0
    for resume in resumes:
        words = {t for e in resume.evidence for t in terms(e.text)}
        term_df.update(t for t in words if _WORD.fullmatch(t))
        found: set[str] = set()
        for e in resume.evidence:
            found |= index.skills_in(e.text)
        skill_df.update(index.expand(found))
        best = max((d.level for d in resume.degrees), key=degree_rank, default="none")
        degrees[best] += 1
        y = resume_years(resume, as_of)
        years["unknown" if y is None else str(min(40, int(math.floor(y))))] += 1
        if managerial_roles(resume) or management_summary(resume).signals:
            management += 1
    return {
        "terms": {t: c for t, c in sorted(term_df.items()) if c >= min_df},
        "skills": {s: c for s, c in sorted(skill_df.items()) if c >= min_df},
        "degrees": dict(sorted(degrees.items())),
        "years": dict(sorted(years.items(), key=lambda kv: (kv[0] == "unknown", kv[0].zfill(3)))),
        "management": management,
    }


def build(data: Path, exclude: Sequence[int] = (), min_df: int = 2,
          as_of: date | None = None) -> dict:
    """The whole artifact, from the résumés under `data` (../shared/data)."""
    resumes, failed = parse_all(load_resumes(data / SOURCE, exclude))
    as_of = as_of or latest_month(resumes)
    return {
        "format": FORMAT_VERSION,
        "source": f"../shared/data/{SOURCE} (DataTurks-Engg/Entity-Recognition-In-Resumes-SpaCy), "
                  "parsed with matcher's résumé parser",
        "resumes": len(resumes),
        "unreadable": failed,
        "excluded": list(exclude),
        "as_of": as_of.isoformat(),
        "min_df": min_df,
        "weight": WEIGHT,
        **statistics(resumes, as_of, min_df),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=HERE / "specificity.json")
    ap.add_argument("--exclude", type=Path, default=None,
                    help="a TSV with a resume_index column: leave those résumés out")
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--as-of", type=date.fromisoformat, default=None)
    args = ap.parse_args(argv)
    if not (args.data / SOURCE).is_file():
        print(f"no {SOURCE} under {args.data}", file=sys.stderr)
        return 2
    artifact = build(args.data, excluded_indices(args.exclude), args.min_df, args.as_of)
    text = json.dumps(artifact, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {artifact['resumes']} résumés ({artifact['unreadable']} unreadable), "
          f"{len(artifact['terms'])} terms, {len(artifact['skills'])} skills, "
          f"{len(text) // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
