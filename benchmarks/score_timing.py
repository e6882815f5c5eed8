"""Where the time of one `matcher score` goes: import, model load, parse, encode, match.

    python benchmarks/score_timing.py [--posting P] [--resume R] [--backend auto|onnx|st]

Runs each stage in a fresh interpreter (so imports and model loads are really cold), once with
an empty embedding cache and once warm, then times the whole `matcher score` command the same
way. Prints a table; nothing is asserted here (speed is a measurement, not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = r"""
import json, sys, time
t0 = time.perf_counter()
import matcher
from matcher.api import make_scorer, read_posting, read_resume
t1 = time.perf_counter()
scorer = make_scorer(backend=sys.argv[3])
from matcher.embedding import Embedder
emb = Embedder(backend=sys.argv[3]).load()
t2 = time.perf_counter()
posting, resume = read_posting(sys.argv[1]), read_resume(sys.argv[2])
scorer.prepare_posting(posting); scorer.prepare_resume(resume)
t3 = time.perf_counter()
texts = list(dict.fromkeys(scorer.texts_to_encode(posting, resume)))
vectors = dict(zip(texts, emb.encode(texts)))
t4 = time.perf_counter()
report = scorer.score(posting, resume, vectors=vectors)
t5 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "model load": t2 - t1, "parse": t3 - t2,
                  "encode": t4 - t3, "match": t5 - t4, "texts": len(texts),
                  "encoded": emb.stats.encoded, "score": report.score}))
"""


def run_stages(posting: str, resume: str, backend: str, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", STAGES, posting, resume, backend],
        env=env, capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_cli(posting: str, resume: str, backend: str, env: dict) -> float:
    matcher_bin = Path(sys.executable).with_name("matcher")
    start = time.perf_counter()
    subprocess.run(
        [str(matcher_bin), "score", posting, resume, "--backend", backend, "-f", "json"],
        env=env, capture_output=True, check=True, cwd=ROOT,
    )
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posting", default="examples/postings/data-engineer.md")
    ap.add_argument("--resume", default="examples/resumes/jane-doe-data-engineer.md")
    ap.add_argument("--backend", default="auto")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, MATCHER_CACHE_DIR=cache)
        # the ONNX export happens once per machine; do it first so "cold" means an empty
        # embedding cache, not a first-ever install
        run_stages(args.posting, args.resume, args.backend, env)
        subprocess.run(
            [sys.executable, "-c", "from matcher.cache import EmbeddingCache; EmbeddingCache().clear()"],
            env=env, check=True,
        )
        cold = run_stages(args.posting, args.resume, args.backend, env)
        warm = run_stages(args.posting, args.resume, args.backend, env)
        cli_warm = min(run_cli(args.posting, args.resume, args.backend, env) for _ in range(3))

    print(f"matcher score {args.posting} {args.resume} (backend {args.backend})")
    print(f"{'stage':<12}{'cold cache':>12}{'warm cache':>12}")
    for stage in ("import", "model load", "parse", "encode", "match"):
        print(f"{stage:<12}{cold[stage]:>11.3f}s{warm[stage]:>11.3f}s")
    total_cold = sum(cold[s] for s in ("import", "model load", "parse", "encode", "match"))
    total_warm = sum(warm[s] for s in ("import", "model load", "parse", "encode", "match"))
    print(f"{'total':<12}{total_cold:>11.3f}s{total_warm:>11.3f}s")
    print(f"texts to embed: {cold['texts']}; encoded cold: {cold['encoded']}, "
          f"warm: {warm['encoded']}")
    print(f"`matcher score` wall time, warm cache (best of 3): {cli_warm:.2f}s (target < 1.5 s)")


if __name__ == "__main__":
    main()
