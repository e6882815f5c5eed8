"""How fast is `matcher rank`, compared with the bare encoder?

    python benchmarks/rank_speed.py [--n 1000] [--work DIR] [--chunk-size 256] [--keep]

On one generated corpus (benchmarks/make_corpus.py, seeded) this measures, in one run:

* one-time ONNX export of the default model (into a private cache; reused by the steps below,
  so "cold" means a cold embedding cache, not a fresh export);
* stage times in this process: reading + parsing every résumé, the scoring loop with all
  vectors at hand (no encoding), and the floor: the bare encoder (Embedder, cache=None) on all
  distinct texts the scores need (`Scorer.texts_to_encode`, deduped), in one call;
* `matcher rank --posting P DIR -f csv -o /dev/null` as a subprocess with a fresh
  MATCHER_CACHE_DIR (cold), then again with the same cache (warm): wall time and peak RSS
  (RUSAGE_CHILDREN of a small wrapper process);
* `matcher score` of one posting and one résumé with a warm cache: wall time.

Targets: cold / floor <= 1.3, cold / warm >= 10, warm `score` < 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402


def _matcher() -> str:
    exe = Path(sys.executable).with_name("matcher")
    return str(exe) if exe.exists() else "matcher"


# A small wrapper process runs the command and reports its child's peak RSS: measuring the
# child of this (large) process directly would count memory it inherits at fork.
_WRAP = (
    "import resource, subprocess, sys; "
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(rc)"
)


def run(cmd: list[str], cache: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one subprocess."""
    env = dict(os.environ, MATCHER_CACHE_DIR=str(cache))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAP, *cmd], env=env,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    rss_kib = int(proc.stderr.strip().splitlines()[-1])  # Linux: KiB
    return wall, rss_kib / 1024


def fresh_cache(work: Path, name: str, onnx_home: Path) -> Path:
    """An empty cache directory sharing the one-time ONNX export."""
    cache = work / name
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    (cache / "onnx").symlink_to(onnx_home / "onnx", target_is_directory=True)
    return cache


def stages(posting_path: Path, folder: Path, onnx_home: Path) -> dict[str, float]:
    """Parse, floor-encode and score in this process; seconds per stage."""
    os.environ["MATCHER_CACHE_DIR"] = str(onnx_home)
    from matcher.api import read_posting, read_resume, role_model
    from matcher.embedding import Embedder
    from matcher.scoring import Scorer, ScoringConfig

    out: dict[str, float] = {}
    t = time.perf_counter()
    embedder = Embedder(cache=None).load()  # exports to ONNX the first time
    out["load"] = time.perf_counter() - t
    config = ScoringConfig.load(embedder.model_id)
    scorer = Scorer(embedder.encode, embedder.model_id, config=config,
                    role=role_model(embedder, config, cache=None))
    posting = read_posting(posting_path)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    t = time.perf_counter()
    resumes = [read_resume(p) for p in files]
    out["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    texts: dict[str, None] = {}
    for r in resumes:
        texts.update(dict.fromkeys(scorer.texts_to_encode(posting, r)))
    out["collect"] = time.perf_counter() - t
    unique = list(texts)
    out["texts"] = float(len(unique))
    t = time.perf_counter()
    vectors = embedder.encode(unique)
    out["floor"] = time.perf_counter() - t
    lookup = dict(zip(unique, vectors))
    t = time.perf_counter()
    for r in resumes:
        scorer.score(posting, r, vectors=lookup)
    out["score"] = time.perf_counter() - t
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="résumés (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: temp)")
    ap.add_argument("--chunk-size", type=int, default=256)
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    args = ap.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="rank-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        folder = make_corpus(work / "corpus", args.n, args.seed)
        posting = work / "corpus" / "posting.md"
        onnx_home = work / "onnx-home"
        onnx_home.mkdir(exist_ok=True)

        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from matcher.embedding import Embedder; "
             "Embedder(cache=None).load()"],
            env=dict(os.environ, MATCHER_CACHE_DIR=str(onnx_home)), check=True,
        )
        export_s = time.perf_counter() - t

        load_before = os.getloadavg()[0]
        rank_cmd = [_matcher(), "rank", "--posting", str(posting), str(folder), "-f", "csv",
                    "-o", os.devnull, "-q", "--chunk-size", str(args.chunk_size)]
        cache = fresh_cache(work, "cache", onnx_home)
        cold, cold_rss = run(rank_cmd, cache)
        # the floor right after the cold run, so both see the same machine
        st = stages(posting, folder, onnx_home)
        warm, warm_rss = run(rank_cmd, cache)
        load_after = os.getloadavg()[0]

        first = sorted(folder.iterdir())[0]
        score_cmd = [_matcher(), "score", str(posting), str(first), "-f", "json"]
        run(score_cmd, cache)  # warm the cache for this pair
        score_s = min(run(score_cmd, cache)[0] for _ in range(3))

        n = args.n
        print(f"corpus: {n} résumés, {int(st['texts'])} distinct texts to embed "
              f"({st['texts'] / n:.1f} per résumé)")
        print(f"one-time ONNX export + load:      {export_s:8.1f} s (not in the figures below)")
        print("in-process stages:")
        print(f"  model load (exported)           {st['load']:8.2f} s")
        print(f"  read + parse all résumés        {st['parse']:8.2f} s "
              f"({1000 * st['parse'] / n:.1f} ms each)")
        print(f"  collect texts_to_encode         {st['collect']:8.2f} s")
        print(f"  floor: bare encoder, all texts  {st['floor']:8.2f} s "
              f"({st['texts'] / st['floor']:.0f} texts/s)")
        print(f"  scoring loop (vectors given)    {st['score']:8.2f} s "
              f"({1000 * st['score'] / n:.1f} ms each)")
        print("matcher rank (subprocess, csv to /dev/null):")
        print(f"  cold (empty embedding cache)    {cold:8.2f} s   peak RSS {cold_rss:7.0f} MiB")
        print(f"  warm (same cache)               {warm:8.2f} s   peak RSS {warm_rss:7.0f} MiB")
        print(f"matcher score, warm cache:        {score_s:8.2f} s   (target < 1.5)")
        ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
        print(f"load average: {load_before:.1f} before, {load_after:.1f} after "
              f"({os.cpu_count()} CPUs; other load skews every figure)")
        print(f"cold / floor = {cold / st['floor']:.2f}   (target <= 1.3: "
              f"{ok(cold / st['floor'] <= 1.3)})")
        print(f"cold / warm  = {cold / warm:.1f}   (target >= 10: {ok(cold / warm >= 10)})")
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
