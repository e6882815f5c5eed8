"""The judge set as Python objects, for benchmarks/judge_eval.py and models/fit_judge.py.

    from judge_set import load_pairs
    for pair in load_pairs(split="train"): pair.posting, pair.resume, pair.labels

Needs `python benchmarks/build_judge_set.py` to have written benchmarks/out/judge/docs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "benchmarks" / "judge-set"
DOCS = ROOT / "benchmarks" / "out" / "judge" / "docs"
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_judge_set import text_key  # noqa: E402

ASSESSED = ("met", "partial", "missing", "na")


@dataclass(frozen=True)
class Label:
    verdict: str  # met | partial | missing | na
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Pair:
    id: str
    split: str
    selection: str
    posting_path: Path
    resume_path: Path
    labels: dict[str, Label]  # requirement key -> label (build_judge_set.text_key)
    labels_by_line: dict[int, Label]

    def label_for(self, requirement) -> Label | None:  # noqa: ANN001 - data.Requirement
        return self.labels.get(text_key(requirement.text)) or self.labels_by_line.get(
            requirement.line)


def load_pairs(split: str = "all") -> list[Pair]:
    if not DOCS.is_dir():
        raise SystemExit(f"{DOCS} missing: run python benchmarks/build_judge_set.py first")
    out = []
    for p in json.loads((SET_DIR / "pairs.json").read_text()):
        if split != "all" and p["split"] != split:
            continue
        label_file = SET_DIR / "labels" / f"{p['pair']}.json"
        if not label_file.exists():
            continue
        raw = json.loads(label_file.read_text())["requirements"]
        labels, by_line = {}, {}
        for r in raw:
            if r["verdict"] not in ASSESSED:
                continue
            lab = Label(r["verdict"], tuple(int(x) for x in r.get("lines") or ()))
            labels[r["key"]] = lab
            by_line[int(r["line"])] = lab
        posting = next(DOCS.glob(f"{p['pair']}.posting.*"))
        resume = next(DOCS.glob(f"{p['pair']}.resume.*"))
        out.append(Pair(p["pair"], p["split"], p["selection"], posting, resume, labels, by_line))
    return out


def resume_lines(path: Path) -> list[tuple[int, str]]:
    """The résumé's physical lines (number, text) with some content: what a baseline ranks."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return [(i, ln.strip()) for i, ln in enumerate(text.splitlines(), 1)
            if sum(c.isalpha() for c in ln) >= 3]


def unit_spans(resume) -> dict[int, tuple[int, ...]]:  # noqa: ANN001 - data.Resume
    """Each evidence unit's first line -> every physical line it spans (up to the next unit's
    first line, blank lines excluded): a labeller points at any physical line of a wrapped
    bullet, the product names the unit by its first."""
    starts = sorted({e.line for e in resume.evidence})
    text = Path(resume.path).read_text(encoding="utf-8", errors="replace").splitlines()
    spans = {}
    for a, b in zip(starts, starts[1:] + [min(starts[-1] + 4, len(text) + 1)] if starts else []):
        spans[a] = tuple(n for n in range(a, max(b, a + 1))
                         if n == a or (n <= len(text) and text[n - 1].strip()))
    return spans


def evidence_hit(shown: Sequence[Sequence[int]], labelled: Sequence[int], k: int) -> bool:
    """Whether the first `k` evidence units shown (each as the physical lines it spans) hold a
    line the labeller pointed to."""
    return bool({n for span in shown[:k] for n in span} & set(labelled))
