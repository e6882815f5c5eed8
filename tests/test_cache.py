"""EmbeddingCache: keys, roundtrip, migrations, housekeeping, concurrent writers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from matcher.cache import (
    DB_FILENAME,
    MIGRATIONS,
    EmbeddingCache,
    cache_dir,
    clear_exports,
    content_hash,
    exports_info,
    normalize_text,
    onnx_dir,
)


@pytest.fixture(autouse=True)
def isolated_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _vectors(n: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)


def test_normalisation_makes_equivalent_texts_share_a_key():
    decomposed = "Cafe\u0301  manager\n\t(5 years) "
    composed = "Café manager (5 years)"
    assert normalize_text(decomposed) == composed
    assert content_hash(decomposed) == content_hash(composed)
    assert content_hash("Café manager") != content_hash("cafe manager")  # case is kept
    assert len(content_hash("x")) == 64


def test_default_location_follows_env(isolated_cache_dir):
    assert cache_dir() == isolated_cache_dir
    assert onnx_dir() == isolated_cache_dir / "onnx"
    cache = EmbeddingCache()
    cache.put_many("m", {"k": _vectors(1)[0]})
    assert (isolated_cache_dir / DB_FILENAME).is_file()


def test_roundtrip_is_bit_exact_and_missing_keys_are_absent(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    vecs = _vectors(3)
    assert cache.put_many("m", {"a": vecs[0], "b": vecs[1]}) == 2
    got = cache.get_many("m", ["a", "b", "zzz", "a"])
    assert set(got) == {"a", "b"}
    np.testing.assert_array_equal(got["a"], vecs[0])
    assert got["a"].dtype == np.float32 and got["a"].flags.writeable
    assert cache.get_many("other-model", ["a"]) == {}
    assert cache.get_many("m", []) == {}


def test_insert_or_ignore_keeps_the_first_vector(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    first, second = _vectors(2)
    cache.put_many("m", [("k", first)])
    assert cache.put_many("m", [("k", second), ("j", second)]) == 1
    np.testing.assert_array_equal(cache.get_many("m", ["k"])["k"], first)


def test_lookups_beyond_one_in_chunk(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    vecs = _vectors(1234, dim=4)
    keys = [f"h{i}" for i in range(len(vecs))]
    cache.put_many("m", zip(keys, vecs))
    got = cache.get_many("m", keys)
    assert len(got) == len(keys)
    np.testing.assert_array_equal(np.stack([got[k] for k in keys]), vecs)


def test_migrations_are_idempotent(tmp_path):
    path = tmp_path / "e.sqlite3"
    for _ in range(3):
        cache = EmbeddingCache(path)
        assert cache.schema_version() == MIGRATIONS[-1][0]
    cache.put_many("m", {"k": _vectors(1)[0]})
    assert EmbeddingCache(path).get_many("m", ["k"]).keys() == {"k"}
    with sqlite3.connect(path) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM migrations")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert versions == [v for v, _ in MIGRATIONS]
    assert mode == "wal"


def test_database_deleted_behind_the_cache_is_recreated(tmp_path):
    path = tmp_path / "e.sqlite3"
    cache = EmbeddingCache(path)
    cache.put_many("m", {"k": _vectors(1)[0]})
    for p in tmp_path.glob("e.sqlite3*"):
        p.unlink()
    assert cache.get_many("m", ["k"]) == {}
    assert cache.put_many("m", {"k": _vectors(1)[0]}) == 1


def test_info_and_clear(tmp_path):
    path = tmp_path / "e.sqlite3"
    cache = EmbeddingCache(path)
    empty = cache.info()
    assert empty["total_rows"] == 0 and empty["size_bytes"] == 0
    assert not path.exists(), "info() must not create the database"
    assert cache.clear() == 0

    cache.put_many("a", {f"k{i}": v for i, v in enumerate(_vectors(5))})
    cache.put_many("b", {f"k{i}": v for i, v in enumerate(_vectors(2))})
    info = cache.info()
    assert info["rows"] == {"a": 5, "b": 2} and info["total_rows"] == 7
    assert info["path"] == str(path) and info["size_bytes"] > 0
    assert info["schema_version"] == MIGRATIONS[-1][0]

    assert cache.clear("b") == 2
    assert cache.info()["rows"] == {"a": 5}
    assert cache.clear() == 5
    assert cache.info()["total_rows"] == 0


def test_exports_info_and_clear(isolated_cache_dir):
    assert exports_info()["models"] == [] and clear_exports() == 0
    export = isolated_cache_dir / "onnx" / "some-model-abc123"
    export.mkdir(parents=True)
    (export / "model.onnx").write_bytes(b"\0" * 1000)
    info = exports_info()
    assert info["models"] == ["some-model-abc123"] and info["size_bytes"] == 1000
    assert clear_exports() == 1
    assert exports_info()["models"] == []


def test_concurrent_thread_writers(tmp_path):
    path = tmp_path / "e.sqlite3"
    vecs = _vectors(400, dim=16)
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            cache = EmbeddingCache(path)  # fresh instance: each thread runs the migrations check
            for start in range(offset, 400, 40):  # overlapping key ranges across threads
                cache.put_many("m", {f"k{i}": vecs[i] for i in range(start, min(start + 60, 400))})
                cache.get_many("m", [f"k{i}" for i in range(start, start + 10)])
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(o,)) for o in (0, 10, 20, 30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    got = EmbeddingCache(path).get_many("m", [f"k{i}" for i in range(400)])
    assert len(got) == 400
    np.testing.assert_array_equal(got["k123"], vecs[123])


def test_concurrent_process_writers_on_a_fresh_database(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    script = textwrap.dedent(
        """
        import sys
        import numpy as np
        from matcher.cache import EmbeddingCache
        cache = EmbeddingCache(sys.argv[1])
        worker = int(sys.argv[2])
        for batch in range(20):
            keys = [f"k{(worker * 7 + batch) * 10 + i}" for i in range(50)]
            cache.put_many("m", {k: np.full(32, float(len(k)), dtype=np.float32) for k in keys})
        print("ok")
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path), str(w)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
        assert "CacheWarning" not in err, err
    cache = EmbeddingCache(path)
    assert cache.schema_version() == MIGRATIONS[-1][0]
    expected = {f"k{(w * 7 + b) * 10 + i}" for w in range(4) for b in range(20) for i in range(50)}
    assert cache.info()["total_rows"] == len(expected)


def _flaky_connect(cache: EmbeddingCache, failures: int, monkeypatch) -> list[int]:
    """Make `cache`'s first `failures` connections fail as SQLite does when another process
    is closing the last WAL connection (SQLITE_BUSY without the busy handler)."""
    real_connect = cache._connect
    calls = [0]

    def connect():
        calls[0] += 1
        if calls[0] <= failures:
            raise sqlite3.OperationalError("database is locked")
        return real_connect()

    monkeypatch.setattr(cache, "_connect", connect)
    monkeypatch.setattr("matcher.cache._BUSY_RETRY_PAUSES_S", (0.0, 0.0, 0.0))
    return calls


def test_a_transient_lock_is_retried_not_taken_for_an_unusable_cache(tmp_path, monkeypatch):
    import warnings

    from matcher.cache import forget_unavailable

    forget_unavailable()
    cache = EmbeddingCache(tmp_path / "busy.sqlite3")
    calls = _flaky_connect(cache, 2, monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = cache.put_many("m", {"a": np.ones(4, dtype=np.float32)})
    assert written == 1 and calls[0] == 3
    assert cache.available
    assert set(cache.get_many("m", ["a"])) == {"a"}


def test_a_lock_that_never_clears_switches_the_cache_off_once(tmp_path, monkeypatch):
    from matcher.cache import CacheWarning, forget_unavailable

    forget_unavailable()
    cache = EmbeddingCache(tmp_path / "held.sqlite3")
    calls = _flaky_connect(cache, 100, monkeypatch)
    with pytest.warns(CacheWarning, match="database is locked"):
        assert cache.put_many("m", {"a": np.ones(4, dtype=np.float32)}) == 0
    assert calls[0] == 4  # the first try and three retries
    assert not cache.available
    forget_unavailable()
