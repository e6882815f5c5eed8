"""Does `matcher rank` stay within its memory as the number of résumés grows?

    python benchmarks/rank_memory.py [--sizes 1000 3000] [--big] [--work DIR] [--keep]

For each size (and 10,000 with --big) this generates that many distinct résumés
(benchmarks/make_corpus.py, seeded), then runs `matcher rank --posting P DIR -f csv -o
/dev/null -q` as a subprocess with an empty embedding cache (cold) and again with the same
cache (warm), and prints its peak RSS (from wait4) and the RSS sampled at a quarter, half,
three quarters and the end of the run, so growth within a run shows as well as growth with N.
The one-time ONNX export is made first and shared, so it is in no figure.

Target: 3,000 résumés under 600 MB peak, and the peak not growing with the number of résumés.
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
from rank_speed import _matcher, fresh_cache  # noqa: E402

TARGET_MB = 600
TARGET_N = 3000
_SAMPLE_S = 0.25


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure(cmd: list[str], cache: Path) -> tuple[float, float, list[float]]:
    """Wall seconds, peak RSS (MiB) and the RSS samples (MiB) of one run of `cmd`."""
    env = dict(os.environ, MATCHER_CACHE_DIR=str(cache))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples: list[float] = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = _rss_mb(proc.pid)
        if rss is not None:
            samples.append(rss)
        time.sleep(_SAMPLE_S)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024, samples  # Linux: ru_maxrss in KiB


def _quartiles(samples: list[float]) -> str:
    if not samples:
        return "-"
    picks = [samples[min(len(samples) - 1, int(q * len(samples)))] for q in (0.25, 0.5, 0.75)]
    return " / ".join(f"{v:4.0f}" for v in [*picks, samples[-1]])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    ap.add_argument("--big", action="store_true", help="also 10,000 résumés (about 10 min)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chunk-size", type=int, default=256)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: temp)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    args = ap.parse_args(argv)
    sizes = sorted(set(args.sizes + ([10_000] if args.big else [])))

    work = args.work or Path(tempfile.mkdtemp(prefix="rank-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        onnx_home = work / "onnx-home"
        onnx_home.mkdir(exist_ok=True)
        subprocess.run(
            [sys.executable, "-c", "from matcher.embedding import Embedder; "
             "Embedder(cache=None).load()"],
            env=dict(os.environ, MATCHER_CACHE_DIR=str(onnx_home)), check=True,
        )
        print(f"{'résumés':>8}  {'run':4}  {'wall s':>7}  {'peak MiB':>8}  "
              "RSS MiB at 1/4 / 1/2 / 3/4 / end")
        peaks: dict[int, float] = {}
        for n in sizes:
            corpus = work / f"corpus-{n}"
            folder = make_corpus(corpus, n, args.seed)
            cmd = [_matcher(), "rank", "--posting", str(corpus / "posting.md"), str(folder),
                   "-f", "csv", "-o", os.devnull, "-q", "--chunk-size", str(args.chunk_size)]
            cache = fresh_cache(work, f"cache-{n}", onnx_home)
            for label in ("cold", "warm"):
                wall, peak, samples = measure(cmd, cache)
                peaks[n] = max(peaks.get(n, 0.0), peak)
                print(f"{n:>8}  {label:4}  {wall:7.1f}  {peak:8.0f}  {_quartiles(samples)}",
                      flush=True)
            shutil.rmtree(corpus, ignore_errors=True)
        if TARGET_N in peaks:
            verdict = "ok" if peaks[TARGET_N] < TARGET_MB else "MISSED"
            print(f"peak at {TARGET_N} résumés: {peaks[TARGET_N]:.0f} MiB "
                  f"(target < {TARGET_MB}: {verdict})")
        if len(peaks) > 1:
            low, high = min(peaks), max(peaks)
            print(f"peak growth {low} -> {high} résumés: {peaks[high] - peaks[low]:+.0f} MiB "
                  f"({(peaks[high] - peaks[low]) / (high - low) * 1000:+.1f} MiB per 1,000)")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
              "(other load slows every run; memory figures do not depend on it)")
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
