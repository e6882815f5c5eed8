"""Persistent embedding cache: one SQLite file keyed by (model id, hash of the normalised text).

The cache directory also holds the ONNX exports of the encoders (see ``onnx_dir``), so
``matcher cache info|clear`` can account for everything matcher writes to disk.

Concurrency: WAL journal + busy timeout, writes are single ``INSERT OR IGNORE`` transactions,
so several matcher processes may share one cache file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import shutil
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from .errors import MatcherError
from .paths import cache_dir

DB_FILENAME = "embeddings.sqlite3"

# SQLite builds older than 3.32 cap bound parameters at 999; stay well under it.
_IN_CHUNK = 500
_BUSY_TIMEOUT_MS = 30_000

# Numbered, append-only. Never edit an applied migration: add a new one.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE IF NOT EXISTS embeddings (
            model_id     TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector       BLOB NOT NULL,
            PRIMARY KEY (model_id, content_hash)
        ) WITHOUT ROWID
        """,
    ),
    (
        2,
        """
        CREATE TABLE IF NOT EXISTS parsed_documents (
            key  TEXT PRIMARY KEY,
            blob BLOB NOT NULL
        )
        """,
    ),
)

_WHITESPACE = re.compile(r"\s+")


def onnx_dir() -> Path:
    """Where ONNX exports of the encoders live: ``<cache_dir>/onnx/<model>-<fingerprint>/``."""
    return cache_dir() / "onnx"


def normalize_text(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, stripped: the identity of a text for caching."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """sha256 hex digest of the normalised text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def exports_info() -> dict:
    """ONNX exports on disk: ``{"path": str, "size_bytes": int, "models": [dir names]}``."""
    root = onnx_dir()
    models = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return {"path": str(root), "size_bytes": _dir_size(root), "models": models}


def clear_exports() -> int:
    """Delete all ONNX exports (they are rebuilt on next use); returns how many were removed."""
    root = onnx_dir()
    if not root.is_dir():
        return 0
    removed = 0
    for child in root.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
    return removed


class EmbeddingCache:
    """SQLite store of float32 vectors keyed by ``(model_id, content_hash)``.

    ``path`` is the database file; ``None`` means ``cache_dir() / "embeddings.sqlite3"``,
    resolved when first used. A connection is opened per operation, so one instance may be
    shared between threads and nothing stays open between calls.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = path
        self._migrated = False

    @property
    def db_path(self) -> Path:
        return Path(self.path) if self.path is not None else cache_dir() / DB_FILENAME

    def _connect(self) -> sqlite3.Connection:
        db = self.db_path
        # a database deleted behind our back (rm -rf of the cache dir) needs its schema again
        fresh = not db.exists()
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN ourselves so each write is one explicit transaction.
            conn = sqlite3.connect(db, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if fresh or not self._migrated:
                self._migrate(conn)
                self._migrated = True
        except (OSError, sqlite3.Error) as exc:
            raise MatcherError(f"cannot open embedding cache {db}: {exc}") from exc
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        # BEGIN IMMEDIATE takes the write lock first, so two processes creating the same
        # fresh database serialise here instead of both applying migration 1.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations ("
                " version INTEGER PRIMARY KEY,"
                " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            )
            applied = {row[0] for row in conn.execute("SELECT version FROM migrations")}
            for version, sql in MIGRATIONS:
                if version not in applied:
                    conn.execute(sql)
                    conn.execute("INSERT INTO migrations (version) VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _transaction(self, compact: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction on a fresh connection; SQLite errors become one-line
        MatcherErrors. `compact` gives the disk space back after the commit (cheap once
        tables are empty)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
            if compact:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("VACUUM")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise MatcherError(f"embedding cache {self.db_path}: {exc}") from exc
        finally:
            conn.close()

    def schema_version(self) -> int:
        """Highest applied migration number."""
        conn = self._connect()
        try:
            return conn.execute("SELECT COALESCE(MAX(version), 0) FROM migrations").fetchone()[0]
        finally:
            conn.close()

    def get_many(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors found for ``hashes`` (missing ones are simply absent from the result)."""
        unique = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        if not unique:
            return found
        conn = self._connect()
        try:
            for start in range(0, len(unique), _IN_CHUNK):
                chunk = unique[start : start + _IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT content_hash, vector FROM embeddings"
                    f" WHERE model_id = ? AND content_hash IN ({marks})",
                    (model_id, *chunk),
                )
                for key, blob in rows:
                    # copy: frombuffer over bytes is read-only
                    found[key] = np.frombuffer(blob, dtype="<f4").astype(np.float32, copy=True)
        except sqlite3.Error as exc:
            raise MatcherError(f"embedding cache {self.db_path}: {exc}") from exc
        finally:
            conn.close()
        return found

    def put_many(
        self,
        model_id: str,
        items: Mapping[str, np.ndarray] | Iterable[tuple[str, np.ndarray]],
    ) -> int:
        """Store vectors in one transaction; existing keys are kept. Returns rows inserted."""
        pairs = items.items() if isinstance(items, Mapping) else items
        rows = [
            (model_id, key, np.ascontiguousarray(vec, dtype="<f4").tobytes()) for key, vec in pairs
        ]
        if not rows:
            return 0
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO embeddings (model_id, content_hash, vector) VALUES (?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def get_documents(self, keys: Sequence[str]) -> dict[str, object]:
        """Parsed postings/résumés stored under `keys` (see ranking.parsed_key), unpickled.

        The pickles are written by this program into the user's own cache; an entry that no
        longer loads (an older schema) is treated as missing."""
        found: dict[str, object] = {}
        if not keys:
            return found
        conn = self._connect()
        try:
            for start in range(0, len(keys), _IN_CHUNK):
                part = list(keys[start : start + _IN_CHUNK])
                marks = ",".join("?" * len(part))
                for key, blob in conn.execute(
                    f"SELECT key, blob FROM parsed_documents WHERE key IN ({marks})", part
                ):
                    try:
                        found[key] = pickle.loads(blob)
                    except Exception:  # noqa: BLE001, S301 - stale entry: parse again
                        continue
        except sqlite3.Error as exc:
            raise MatcherError(f"embedding cache {self.db_path}: {exc}") from exc
        finally:
            conn.close()
        return found

    def put_documents(self, items: Mapping[str, object]) -> None:
        """Store parsed documents in one transaction."""
        if not items:
            return
        rows = [(k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items.items()]
        with self._transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO parsed_documents (key, blob) VALUES (?, ?)", rows
            )

    def info(self) -> dict:
        """``{"path", "size_bytes" (db + WAL files), "rows": {model_id: n}, "total_rows",
        "schema_version"}``. Does not create the database if it does not exist yet."""
        db = self.db_path
        result: dict = {
            "path": str(db),
            "size_bytes": 0,
            "rows": {},
            "total_rows": 0,
            "schema_version": 0,
        }
        if not db.exists():
            return result
        result["size_bytes"] = sum(
            p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()
        )
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT model_id, COUNT(*) FROM embeddings GROUP BY model_id ORDER BY model_id"
            ).fetchall()
            result["schema_version"] = conn.execute(
                "SELECT COALESCE(MAX(version), 0) FROM migrations"
            ).fetchone()[0]
        finally:
            conn.close()
        result["rows"] = dict(rows)
        result["total_rows"] = sum(n for _, n in rows)
        return result

    def clear(self, model_id: str | None = None) -> int:
        """Delete the vectors of one model (or all, with every parsed document); returns the
        vectors deleted."""
        if not self.db_path.exists():
            return 0
        with self._transaction(compact=model_id is None) as conn:
            if model_id is None:
                conn.execute("DELETE FROM parsed_documents")
                return conn.execute("DELETE FROM embeddings").rowcount
            return conn.execute(
                "DELETE FROM embeddings WHERE model_id = ?", (model_id,)
            ).rowcount

    def __repr__(self) -> str:
        return f"EmbeddingCache(path={self.path!r})"
