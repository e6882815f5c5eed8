"""Build the occupation index used by matcher.occupations: what kind of job a posting is, and
what kind of worker a résumé describes.

Source (CC BY 4.0, see models/OCCUPATIONS-ATTRIBUTION.md): O*NET 29.2 "Occupation Data.txt"
(codes and titles), "Alternate Titles.txt" and "Task Statements.txt".

Writes two files:
  occupations-v1.json.gz   codes and titles of the 1,016 occupations, which of them have task
                           statements, and how many task statements each content term occurs in
                           (document frequencies for term weights). Names and numbers only: no
                           task text is stored.
  occupations-v1.<model>.npy
                           float16 array (2, occupations, dimension): per occupation, the
                           normalised mean of the model's vectors of its titles (title + every
                           alternate title) and of its task statements. An occupation without
                           task statements has a zero task row.

The .npy file is specific to one encoder; build one for another model with --model (any name
from models/registry.json or a sentence-transformers directory). matcher uses the default
model's file for models that have none.

Rebuild:  python models/build_occupations.py [--data ../shared/data] [--model all-MiniLM-L6-v2]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from matcher.occupations import ARTIFACT_VERSION, centroid_file  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
SOURCES = {
    "onet": "O*NET 29.2 Occupation Data, Alternate Titles and Task Statements "
            "(U.S. Department of Labor/ETA), CC BY 4.0",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def read_onet(data: Path) -> tuple[dict[str, str], dict[str, list[str]], dict[str, list[str]]]:
    """Occupation titles, and per occupation its titles (own + alternates) and tasks."""
    onet = data / "taxonomies" / "onet"
    titles = {r["O*NET-SOC Code"]: r["Title"].strip() for r in _rows(onet / "Occupation Data.txt")}
    names: dict[str, list[str]] = defaultdict(list)
    for code, title in titles.items():
        names[code].append(title)
    for r in _rows(onet / "Alternate Titles.txt"):
        alt = r["Alternate Title"].strip()
        if r["O*NET-SOC Code"] in titles and alt and alt.lower() not in {
                n.lower() for n in names[r["O*NET-SOC Code"]]}:
            names[r["O*NET-SOC Code"]].append(alt)
    tasks: dict[str, list[str]] = defaultdict(list)
    for r in _rows(onet / "Task Statements.txt"):
        if r["O*NET-SOC Code"] in titles and r["Task"].strip():
            tasks[r["O*NET-SOC Code"]].append(r["Task"].strip())
    return titles, names, tasks


def term_frequencies(tasks: dict[str, list[str]]) -> tuple[dict[str, int], int]:
    """In how many task statements each content term (matcher.matching.terms) occurs."""
    from matcher.matching import terms

    df: Counter[str] = Counter()
    n = 0
    for statements in tasks.values():
        for text in statements:
            n += 1
            df.update(set(terms(text)))
    return dict(sorted(df.items())), n


def centroids(encode, groups: list[list[str]]) -> np.ndarray:  # noqa: ANN001
    """Per group, the unit-length mean of its texts' unit vectors (zero row for no texts).
    All texts go to the encoder in one call."""
    flat = [t for g in groups for t in g]
    vectors = encode(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    dim = vectors.shape[1]
    out = np.zeros((len(groups), dim), dtype=np.float32)
    start = 0
    for i, group in enumerate(groups):
        if group:
            mean = vectors[start:start + len(group)].mean(axis=0)
            out[i] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        start += len(group)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--model", default="all-MiniLM-L6-v2",
                    help="encoder whose centroids to build (registry name or directory)")
    ap.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    ap.add_argument("--index-only", action="store_true", help="skip the centroids")
    args = ap.parse_args(argv)

    titles, names, tasks = read_onet(args.data)
    codes = sorted(titles)
    df, n_tasks = term_frequencies(tasks)
    artifact = {
        "version": ARTIFACT_VERSION,
        "sources": SOURCES,
        "occupations": [{"code": c, "title": titles[c], "has_tasks": bool(tasks.get(c))}
                        for c in codes],
        "task_statements": n_tasks,
        "term_document_frequency": df,
    }
    index_path = args.out / f"{ARTIFACT_VERSION}.json.gz"
    payload = json.dumps(artifact, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # no file name and mtime=0 in the gzip header: rebuilds are byte-identical
    with index_path.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as f:
        f.write(payload.encode("utf-8"))
    print(f"{index_path}: {len(codes)} occupations, {len(df)} terms, "
          f"{index_path.stat().st_size} bytes")
    if args.index_only:
        return

    from matcher.embedding import Embedder

    embedder = Embedder(args.model, cache=None)
    title_rows = centroids(embedder.encode, [names[c] for c in codes])
    task_rows = centroids(embedder.encode, [tasks.get(c, []) for c in codes])
    path = args.out / centroid_file(embedder.model_id)
    np.save(path, np.stack([title_rows, task_rows]).astype(np.float16))
    print(f"{path}: {title_rows.shape[0]} occupations x {title_rows.shape[1]} dimensions, "
          f"{path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
