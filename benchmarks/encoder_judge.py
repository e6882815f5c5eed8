"""Which sentence encoder finds the lines a person would point to: plain cosine on the judge set.

    python benchmarks/encoder_judge.py [--models all-MiniLM-L6-v2 all-mpnet-base-v2]
                                       [--backend auto] [--json out.json]

Needs the judge set's documents (`python benchmarks/build_judge_set.py`; benchmarks/JUDGE-SET.md).
No scorer, no thresholds, nothing fitted: each encoder is compared on its own cosines, so the
figures say what the encoder alone is worth. For every labelled requirement and each résumé
physical line (benchmarks/judge_set.resume_lines), two levels:

* line: cosine(requirement text, line);
* ask:  the requirement cut into its asks (matcher.judge.asks.ask_phrases); a line's score is
        its best cosine to any ask, the requirement's value the mean over asks of the best line.

Per level and split (train / test, never pooled):

* evidence@1, @3: of the requirements labelled met or partial with labelled lines, the share
  whose top-1 (top-3) lines by score include a labelled line;
* AUC met|missing: ROC-AUC of the requirement's best score (line) or mean best ask score (ask),
  met against missing; AUC backed|missing: met or partial against missing.

Speed, per encoder in fresh processes (the ONNX export / zip unpack already done, i.e. warm):
model load time (import + load, median of 3) and lines per second (wall clock, and per CPU-second
of the process) encoding an even sample of the distinct judge-set résumé lines (1024 by default),
batch 64, after a warm-up batch, no embedding cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from judge_set import Pair, load_pairs, resume_lines  # noqa: E402

from matcher import read_posting  # noqa: E402
from matcher.embedding import Embedder  # noqa: E402
from matcher.judge.asks import ask_phrases  # noqa: E402

DEFAULT_MODELS = ("all-MiniLM-L6-v2", "all-mpnet-base-v2")
SPLITS = ("train", "test")
LEVELS = ("line", "ask")
Encode = Callable[[Sequence[str]], np.ndarray]


def requirement_rows(pairs: Sequence[Pair], encode: Encode) -> list[dict]:
    """One row per labelled requirement (not 'na'): label, labelled lines, and per level the
    requirement's value and its line numbers ordered best first."""
    rows = []
    for pair in pairs:
        lines = resume_lines(pair.resume_path)
        if not lines:
            continue
        labelled = [(r, pair.label_for(r)) for r in read_posting(pair.posting_path).requirements]
        labelled = [(r, lab) for r, lab in labelled if lab is not None and lab.verdict != "na"]
        if not labelled:
            continue
        numbers = np.array([n for n, _ in lines])
        line_vecs = encode([t for _, t in lines])
        req_cos = encode([r.text for r, _ in labelled]) @ line_vecs.T
        asks = [list(ask_phrases(r.text)) or [r.text] for r, _ in labelled]
        all_ask_cos = encode([a for group in asks for a in group]) @ line_vecs.T
        starts = np.cumsum([0, *map(len, asks)])
        for i, (_, lab) in enumerate(labelled):
            ask_cos = all_ask_cos[starts[i]:starts[i + 1]]  # (asks, lines)
            by_line = ask_cos.max(axis=0)
            rows.append({
                "pair": pair.id, "split": pair.split, "label": lab.verdict,
                "lines": set(lab.lines),
                "line": (float(req_cos[i].max()),
                         numbers[np.argsort(-req_cos[i], kind="stable")[:3]].tolist()),
                "ask": (float(ask_cos.max(axis=1).mean()),
                        numbers[np.argsort(-by_line, kind="stable")[:3]].tolist()),
            })
    return rows


def _auc(rows: list[dict], level: str, positive: set[str]) -> float:
    chosen = [r for r in rows if r["label"] in positive or r["label"] == "missing"]
    y = [r["label"] in positive for r in chosen]
    if len(set(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, [r[level][0] for r in chosen]))


def quality(rows: list[dict], level: str) -> dict[str, float]:
    backed = [r for r in rows if r["label"] in ("met", "partial") and r["lines"]]

    def at(k: int) -> float:
        hits = [bool(set(r[level][1][:k]) & r["lines"]) for r in backed]
        return float(np.mean(hits)) if hits else float("nan")

    return {
        "evidence@1": at(1),
        "evidence@3": at(3),
        "auc_met_missing": _auc(rows, level, {"met"}),
        "auc_backed_missing": _auc(rows, level, {"met", "partial"}),
        "n_backed": float(len(backed)),
        "n": float(len(rows)),
    }


_SPEED_PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from matcher.embedding import Embedder
emb = Embedder(sys.argv[1], backend=sys.argv[2], cache=None, batch_size=64).load()
load = time.perf_counter() - t0
lines = json.loads(sys.stdin.read())
emb.encode(lines[:64])  # warm-up batch: first-call allocations, thread pool start
t1, c1 = time.perf_counter(), time.process_time()
emb.encode(lines)  # no cache: every line runs through the model
enc, cpu = time.perf_counter() - t1, time.process_time() - c1
print(json.dumps({"load_s": load, "lines_per_s": len(lines) / enc,
                  "lines_per_cpu_s": len(lines) / cpu,
                  "backend": emb.active_backend, "lines": len(lines)}))
"""


def speed(model: str, backend: str, lines: list[str], repeats: int = 3) -> dict[str, float | str]:
    """Warm load time (median of `repeats` fresh processes) and encoding throughput."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", _SPEED_PROBE, model, backend], input=json.dumps(lines),
            capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "load_s": statistics.median(r["load_s"] for r in runs),
        "lines_per_s": statistics.median(r["lines_per_s"] for r in runs),
        "lines_per_cpu_s": statistics.median(r["lines_per_cpu_s"] for r in runs),
        "backend": runs[0]["backend"],
        "lines": runs[0]["lines"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="+", default=list(DEFAULT_MODELS))
    ap.add_argument("--backend", default="auto", choices=("auto", "onnx", "st"))
    ap.add_argument("--speed-repeats", type=int, default=3,
                    help="fresh processes per speed figure (0: skip speed)")
    ap.add_argument("--speed-lines", type=int, default=1024,
                    help="distinct résumé lines encoded per speed run (an even sample)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    pairs = load_pairs("all")
    distinct_lines = sorted({t for p in pairs for _, t in resume_lines(p.resume_path)})
    step = max(1, len(distinct_lines) // max(1, args.speed_lines))
    speed_lines = distinct_lines[::step][: args.speed_lines]
    table: dict[str, dict] = {}
    for model in args.models:
        emb = Embedder(model, backend=args.backend, cache=None, batch_size=64)
        rows = requirement_rows(pairs, emb.encode)
        table[model] = {
            "quality": {f"{level}/{split}": quality([r for r in rows if r["split"] == split], level)
                        for level in LEVELS for split in SPLITS},
            "speed": speed(model, args.backend, speed_lines, args.speed_repeats)
            if args.speed_repeats > 0 else {},
        }

    any_q = next(iter(table.values()))["quality"]
    print(f"judge set: {len(pairs)} pairs; labelled met/partial/missing requirements "
          + ", ".join(f"{s} {int(any_q[f'line/{s}']['n'])} ({int(any_q[f'line/{s}']['n_backed'])}"
                      " with evidence lines)" for s in SPLITS)
          + "; plain cosine, nothing fitted")
    cols = ("evidence@1", "evidence@3", "auc_met_missing", "auc_backed_missing")
    print(f"{'model':<20}{'level':<6}{'split':<7}" + "".join(f"{c:>20}" for c in cols))
    for model, result in table.items():
        for key, q in result["quality"].items():
            level, split = key.split("/")
            print(f"{model:<20}{level:<6}{split:<7}" + "".join(f"{q[c]:>20.3f}" for c in cols))
    if args.speed_repeats > 0:
        print(f"speed ({len(speed_lines)} of the {len(distinct_lines)} distinct résumé lines, "
              "batch 64, warm, "
              f"median of {args.speed_repeats} processes):")
        for model, result in table.items():
            s = result["speed"]
            print(f"{model:<20}backend {s['backend']:<5} load {s['load_s']:6.2f} s   "
                  f"{s['lines_per_s']:8.1f} lines/s  {s['lines_per_cpu_s']:8.1f} lines per CPU-s")
        print("(lines per CPU-second: throughput per core busy, less sensitive to other load on "
              "the machine than wall-clock lines/s)")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
