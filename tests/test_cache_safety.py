"""The cache under attack and on broken machines: it never runs code, never serves vectors of
other weights or damaged ones, survives a damaged file, a read-only folder and a full disk,
and keeps its files private."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from matcher import cache as cache_module
from matcher import embedding
from matcher.cache import (
    DB_FILENAME,
    CacheWarning,
    EmbeddingCache,
    document_from_json,
    document_to_json,
    file_digest,
    sweep_stale_temp_files,
)
from matcher.cli import main
from matcher.embedding import Embedder, model_fingerprint
from matcher.errors import MatcherError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POSTING = EXAMPLES / "postings" / "data-engineer.md"
RESUME = EXAMPLES / "resumes" / "jane-doe-data-engineer.md"
AS_OF = ["--as-of", "2026-11-23"]
SENTENCES = ["Built ETL pipelines in Airflow.", "Registered nurse, BLS.", "Kubernetes and AWS."]


@pytest.fixture(autouse=True)
def _fresh_fallback_state():
    cache_module.forget_unavailable()
    yield
    cache_module.forget_unavailable()


@pytest.fixture(scope="module")
def session_exports() -> Path:
    """The session cache's ONNX export folder, built if needed: fresh caches link to it so
    tests do not export the encoder again."""
    Embedder(cache=None).load()
    return Path(os.environ["MATCHER_CACHE_DIR"]) / "onnx"


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch, session_exports) -> Path:
    """An empty cache folder (the ONNX export linked in) used by everything in this test."""
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "onnx").symlink_to(session_exports)
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(folder))
    return folder


def _score(*extra: str) -> object:
    return CliRunner().invoke(
        main, ["score", str(POSTING), str(RESUME), "-f", "json", *AS_OF, *extra]
    )


def _one_line_warnings(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert all(line.startswith("matcher: warning: ") for line in lines), stderr
    return lines


# --- 1. plain data only ------------------------------------------------------------------------


class _Exploit:
    """A pickle that runs a shell command when loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (os.system, (f"touch {self.marker}",))


def _plant(db: Path, key: str, blob: bytes) -> None:
    """Put `blob` under `key` in every table a version of matcher read documents from."""
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS parsed_documents (key TEXT PRIMARY KEY, "
                     "blob BLOB NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, "
                     "json TEXT NOT NULL)")
        conn.execute("INSERT OR REPLACE INTO parsed_documents VALUES (?, ?)", (key, blob))
        conn.execute("INSERT OR REPLACE INTO documents VALUES (?, ?)", (key, blob))


@pytest.mark.slow
def test_a_planted_pickle_never_runs_and_is_a_miss(fresh_cache, tmp_path) -> None:
    from matcher.ranking import parsed_key, rank_resumes
    from matcher.sources import expand_sources, iter_items

    folder = tmp_path / "resumes"
    folder.mkdir()
    shutil.copy(RESUME, folder / RESUME.name)
    clean = rank_resumes(POSTING, [str(folder)])  # creates the database
    [item] = iter_items(expand_sources([str(folder)], "text", None), "text", None)
    key = parsed_key("posting", item.with_bytes(), False)
    marker = tmp_path / "pwned"
    _plant(fresh_cache / DB_FILENAME, key, pickle.dumps(_Exploit(marker)))

    again = rank_resumes(POSTING, [str(folder)])
    assert not marker.exists(), "code in the cache was run"
    assert again.entries == clean.entries and not again.skipped
    with sqlite3.connect(fresh_cache / DB_FILENAME) as conn:
        [(stored,)] = conn.execute("SELECT json FROM documents WHERE key = ?", (key,))
    assert json.loads(stored)["type"] == "Resume", "the miss was parsed again and stored"


def test_documents_round_trip_as_json_and_nothing_else_loads() -> None:
    from matcher.api import read_posting, read_resume

    for doc in (read_resume(RESUME), read_posting(POSTING)):
        text = document_to_json(doc)
        assert document_from_json(text) == doc
    payload = json.loads(document_to_json(read_resume(RESUME)))
    bad = [
        pickle.dumps({"a": 1}),
        b"\x80\x04garbage",
        json.dumps({"type": "Popen", "data": {}}),
        json.dumps({"type": "Resume", "data": {**payload["data"], "extra": 1}}),
        json.dumps({"type": "Resume", "data": {**payload["data"], "path": 7}}),
        json.dumps({"type": "Resume", "data": {**payload["data"], "evidence": [{"id": 1}]}}),
        "[" * 100_000,
    ]
    for text in bad:
        with pytest.raises((ValueError, RecursionError)):
            document_from_json(text)


def test_get_documents_treats_foreign_entries_as_missing(tmp_path) -> None:
    from matcher.api import read_resume

    store = EmbeddingCache(tmp_path / "e.sqlite3")
    store.put_documents({"good": read_resume(RESUME)})
    _plant(tmp_path / "e.sqlite3", "bad", pickle.dumps(_Exploit(tmp_path / "pwned")))
    found = store.get_documents(["good", "bad", "absent"])
    assert set(found) == {"good"} and not (tmp_path / "pwned").exists()


def test_the_cache_module_has_no_pickle() -> None:
    source = Path(cache_module.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "pickle.loads" not in source


# --- 2. keys that know the model's bytes ---------------------------------------------------------


def _fake_model(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"hidden_size": 8}')
    (folder / "tokenizer.json").write_text('{"model": {"vocab": {"a": 0}}}')
    (folder / "model.safetensors").write_bytes(b"\1" * 4096)
    (folder / "README.md").write_text("not part of the model")
    return folder


def test_fingerprint_follows_weight_and_tokenizer_bytes(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "cache"))
    model = _fake_model(tmp_path / "model")
    first = model_fingerprint(model)
    (model / "README.md").write_text("docs changed")
    assert model_fingerprint(model) == first, "documentation is not the model"

    weights = model / "model.safetensors"
    st = weights.stat()
    weights.write_bytes(b"\2" * 4096)  # same size...
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # ...a new mtime
    second = model_fingerprint(model)
    assert second != first

    (model / "tokenizer.json").write_text('{"model": {"vocab": {"b": 0}}}')
    assert model_fingerprint(model) not in (first, second)


def test_file_digest_reads_a_file_once_per_size_and_mtime(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "weights.bin"
    path.write_bytes(b"w" * 10_000)
    digest = file_digest(path)
    stored = json.loads((tmp_path / "cache" / "file-digests.json").read_text())
    assert stored[str(path.resolve())]["sha256"] == digest

    def no_reading(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the file was read again")

    monkeypatch.setattr(cache_module, "_DIGESTS", {})  # a new process: only the file remembers
    monkeypatch.setattr("builtins.open", no_reading)
    assert file_digest(path) == digest


@pytest.mark.slow
def test_changed_weights_never_reuse_old_vectors(tmp_path, monkeypatch) -> None:
    store = EmbeddingCache(tmp_path / "e.sqlite3")
    Embedder(cache=store).encode(SENTENCES)
    same = Embedder(cache=store)
    same.encode(SENTENCES)
    assert same.stats.encoded == 0
    monkeypatch.setattr(embedding, "model_fingerprint", lambda path: "other-weights")
    changed = Embedder(cache=store)
    changed.encode(SENTENCES)
    assert changed.stats.cache_hits == 0 and changed.stats.encoded == len(SENTENCES)


@pytest.mark.slow
def test_damaged_vectors_are_computed_again_and_replaced(tmp_path) -> None:
    store = EmbeddingCache(tmp_path / "e.sqlite3")
    good = Embedder(cache=store).encode(SENTENCES)
    with sqlite3.connect(tmp_path / "e.sqlite3") as conn:
        rows = conn.execute("SELECT content_hash, vector FROM vectors").fetchall()
        broken = {
            rows[0][0]: np.full(384, np.nan, dtype="<f4").tobytes(),  # not finite
            rows[1][0]: rows[1][1][:100],  # wrong length
            rows[2][0]: (np.frombuffer(rows[2][1], "<f4") * 1000).astype("<f4").tobytes(),
        }
        for key, blob in broken.items():
            conn.execute("UPDATE vectors SET vector = ? WHERE content_hash = ?", (blob, key))
    again = Embedder(cache=store)
    with pytest.warns(CacheWarning, match="3 cached vector"):
        vectors = again.encode(SENTENCES)
    assert again.stats.encoded == 3
    np.testing.assert_allclose(vectors, good, atol=1e-6)
    healed = Embedder(cache=store)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        healed.encode(SENTENCES)
    assert healed.stats.cache_hits == 3, "the damaged entries were replaced"


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_cache_file_is_moved_aside_and_rebuilt(fresh_cache, damage: str) -> None:
    db = fresh_cache / DB_FILENAME
    first = _score()
    assert first.exit_code == 0, first.output
    if damage == "garbage":
        db.write_bytes(os.urandom(64 * 1024))
    else:
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with open(db, "r+b") as fh:
            fh.truncate(db.stat().st_size // 3)
    result = _score()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(first.stdout)
    [line] = _one_line_warnings(result.stderr)
    assert "is damaged" in line and "moved to" in line
    assert list(fresh_cache.glob(f"{DB_FILENAME}.damaged-*"))
    assert EmbeddingCache().info()["total_rows"] > 0, "a new cache was built"


def test_cache_clear_works_on_a_garbage_file(fresh_cache) -> None:
    db = fresh_cache / DB_FILENAME
    db.write_bytes(b"this is not a database" * 100)
    (fresh_cache / f"{DB_FILENAME}.damaged-20260101T000000-1").write_bytes(b"old copy")
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 0, result.output
    assert not db.exists() and not list(fresh_cache.glob("*.damaged-*"))
    info = CliRunner().invoke(main, ["cache", "info", "-f", "json"])
    assert info.exit_code == 0 and json.loads(info.stdout)["embeddings"]["total_rows"] == 0


def test_cache_clear_empties_every_table(tmp_path) -> None:
    from matcher.api import read_resume

    store = EmbeddingCache(tmp_path / "e.sqlite3")
    store.put_many("m", {"k": np.ones(4, dtype=np.float32)}, "fp")
    store.put_documents({"d": read_resume(RESUME)})
    with sqlite3.connect(tmp_path / "e.sqlite3") as conn:
        conn.execute("INSERT INTO parsed_documents VALUES ('old', x'00')")
    assert store.info()["documents"] == 1
    assert store.clear() == 1
    with sqlite3.connect(tmp_path / "e.sqlite3") as conn:
        for table in ("vectors", "documents", "embeddings", "parsed_documents"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,)


def _limited(monkeypatch, pragma: str) -> None:
    """Every connection the cache opens behaves like a read-only or full disk."""
    original = EmbeddingCache._connect

    def connect(self):  # noqa: ANN001, ANN202
        conn = original(self)
        conn.execute(pragma)
        return conn

    monkeypatch.setattr(EmbeddingCache, "_connect", connect)


@pytest.mark.parametrize(
    "pragma", ["PRAGMA query_only = 1", "PRAGMA max_page_count = 1"], ids=["read-only", "full"]
)
def test_an_unwritable_cache_is_switched_off_with_one_warning(tmp_path, monkeypatch,
                                                              pragma: str) -> None:
    store = EmbeddingCache(tmp_path / "e.sqlite3")
    store.schema_version()  # the database exists; now the disk turns read-only or full
    _limited(monkeypatch, pragma)
    with pytest.warns(CacheWarning, match="cannot be used") as caught:
        assert store.put_many("m", {f"k{i}": np.ones(4, np.float32) for i in range(500)}) == 0
    assert len(caught) == 1
    assert not store.available and not EmbeddingCache(tmp_path / "e.sqlite3").available
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # switched off: no second warning, no error
        assert store.get_many("m", ["k0"]) == {}
        store.put_documents({})


def test_a_cache_folder_that_cannot_be_made_is_switched_off(tmp_path, monkeypatch) -> None:
    (tmp_path / "file").write_text("a file where the cache folder should be")
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "file" / "cache"))
    with pytest.warns(CacheWarning, match="cannot be used"):
        assert EmbeddingCache().get_many("m", ["k"]) == {}


def test_clear_of_a_cache_it_may_not_change_is_an_error(tmp_path, monkeypatch) -> None:
    store = EmbeddingCache(tmp_path / "e.sqlite3")
    store.put_many("m", {"k": np.ones(4, np.float32)})
    _limited(monkeypatch, "PRAGMA query_only = 1")
    with pytest.raises(MatcherError, match="cannot clear cache"):
        store.clear()


_UNSHARE_MOUNT = shutil.which("unshare") and subprocess.run(
    ["unshare", "-m", "true"], capture_output=True
).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _UNSHARE_MOUNT, reason="needs unshare -m (root) for a small tmpfs")
@pytest.mark.parametrize("disk", ["full", "read-only"])
def test_score_and_rank_finish_on_a_full_or_read_only_disk(session_exports, tmp_path,
                                                           disk: str) -> None:
    """A real tmpfs: filled to the last byte, or remounted read-only over a warm cache."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    matcher = Path(sys.executable).parent / "matcher"
    commands = (
        f"{matcher} score {POSTING} {RESUME} -f json --as-of 2026-11-23 > {tmp_path}/score.json"
        f" && {matcher} rank -q --posting {POSTING} {RESUME} -f json > {tmp_path}/rank.json"
    )
    if disk == "full":
        prepare = f"dd if=/dev/zero of={mnt}/filler bs=4k 2>/dev/null || true"
    else:  # warm it first, then take writing away
        prepare = f"{commands} 2>/dev/null && mount -o remount,ro {mnt}"
    script = (
        f"set -e; mount -t tmpfs -o size=2m tmpfs {mnt}; mkdir {mnt}/cache;"
        f" ln -s {session_exports} {mnt}/cache/onnx; {prepare}; {commands}"
    )
    env = {**os.environ, "MATCHER_CACHE_DIR": str(mnt / "cache")}
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "score.json").read_text())["requirements"]
    assert json.loads((tmp_path / "rank.json").read_text())["results"]
    lines = _one_line_warnings(proc.stderr)
    assert lines and all("cannot be used" in line for line in lines)


# --- --no-cache, permissions, stale temp files -------------------------------------------------


@pytest.mark.slow
def test_no_cache_reads_and_writes_nothing(fresh_cache) -> None:
    result = _score("--no-cache")
    assert result.exit_code == 0, result.output
    assert not (fresh_cache / DB_FILENAME).exists()
    ranked = CliRunner().invoke(main, ["rank", "-q", "--no-cache", "--posting", str(POSTING),
                                       str(RESUME), "-f", "json"])
    assert ranked.exit_code == 0, ranked.output
    assert not (fresh_cache / DB_FILENAME).exists()
    assert _score().exit_code == 0 and (fresh_cache / DB_FILENAME).exists()


@pytest.mark.slow
def test_cache_files_are_private(tmp_path, monkeypatch, session_exports) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(folder))
    assert _score().exit_code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    written = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == DB_FILENAME for p in written)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in folder.rglob("*"):
        if path.is_dir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def test_export_temp_files_are_private(tmp_path, monkeypatch) -> None:
    target = tmp_path / "cache" / "onnx" / "model-abc" / "model.onnx"
    tmp = embedding._atomic_target(target)
    assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_a_sticky_shared_folder_is_left_alone(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    cache_module.private_dir(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_export_temp_files_are_removed(tmp_path) -> None:
    dead = tmp_path / f".model.onnx.{_dead_pid()}.abcd.tmp"
    old = tmp_path / ".model.onnx.abcd1234.tmp"  # the old naming, no pid: by age
    live = tmp_path / f".model.onnx.{os.getpid()}.efgh.tmp"
    for path in (dead, old, live):
        path.write_bytes(b"\0" * 1024)
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert sweep_stale_temp_files(tmp_path) == 2
    assert not dead.exists() and not old.exists() and live.exists()


@pytest.mark.slow
def test_export_sweeps_what_a_killed_export_left(session_exports) -> None:
    spec = embedding.resolve_model(embedding.DEFAULT_MODEL)
    folder = embedding.onnx_export_dir(spec)
    embedding.export_onnx(spec)
    leftover = folder / f".model.onnx.{_dead_pid()}.x1y2.tmp"
    leftover.write_bytes(b"\0" * 8192)
    embedding.export_onnx(spec)
    assert not leftover.exists()
