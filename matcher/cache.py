"""Persistent cache: one SQLite file of embedding vectors and parsed documents.

Vectors are keyed by (model id, model fingerprint, hash of the normalised text); the
fingerprint is a hash of the model's weight, configuration and tokenizer bytes, so weights
changed under the same name never meet the old vectors. Parsed documents are stored as JSON
and rebuilt only into the plain dataclasses of `matcher.data`: nothing read from the cache can
run code. The cache directory also holds the ONNX exports of the encoders (see ``onnx_dir``),
so ``matcher cache info|clear`` can account for everything matcher writes to disk.

Failure is never fatal to the work: a damaged database file is moved aside (one warning) and
a new one started; a cache that cannot be opened or written (read-only, disk full, locked)
is switched off for the rest of the process (one warning) and the work goes on without it.
Only ``clear`` reports a cache it cannot change as an error.

Privacy: the folder is made 0700 and the database 0600 (it holds full résumé text).

Concurrency: WAL journal + busy timeout, writes are single transactions, so several matcher
processes may share one cache file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
import types
import typing
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .data import Posting, Resume
from .errors import MatcherError, MatcherWarning
from .paths import cache_dir

DB_FILENAME = "embeddings.sqlite3"
DIGESTS_FILENAME = "file-digests.json"
QUARANTINE_MARK = ".damaged-"

# SQLite builds older than 3.32 cap bound parameters at 999; stay well under it.
_IN_CHUNK = 500
_BUSY_TIMEOUT_MS = 30_000
# SQLITE_BUSY that the busy timeout does not cover (WAL: another process is closing the last
# connection or running recovery, see sqlite.org/wal.html "Sometimes queries return
# SQLITE_BUSY"): the operation is retried after these pauses before the cache is given up.
_BUSY_RETRY_PAUSES_S = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
# a stored vector must be unit length within this (float32 rounding is ~1e-7)
_NORM_TOLERANCE = 1e-3

# Numbered, append-only, one statement each. Never edit an applied migration: add a new one.
# 3-4 empty the tables of earlier versions (pickled documents, vectors keyed by model name
# only) without dropping them, so an older matcher sharing the file still runs; this version
# never reads them.
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
    (3, "DELETE FROM parsed_documents"),
    (4, "DELETE FROM embeddings"),
    (
        5,
        """
        CREATE TABLE IF NOT EXISTS vectors (
            model_id     TEXT NOT NULL,
            fingerprint  TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector       BLOB NOT NULL,
            PRIMARY KEY (model_id, fingerprint, content_hash)
        ) WITHOUT ROWID
        """,
    ),
    (
        6,
        """
        CREATE TABLE IF NOT EXISTS documents (
            key  TEXT PRIMARY KEY,
            json TEXT NOT NULL
        )
        """,
    ),
)
# every table that may hold personal data, old ones included: `clear` empties them all
_DATA_TABLES = ("vectors", "documents", "embeddings", "parsed_documents")

_WHITESPACE = re.compile(r"\s+")


class CacheWarning(MatcherWarning):
    """The cache was damaged, or cannot be used; the work goes on (without it)."""


def onnx_dir() -> Path:
    """Where ONNX exports of the encoders live: ``<cache_dir>/onnx/<model>-<fingerprint>/``."""
    return cache_dir() / "onnx"


def normalize_text(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, stripped: the identity of a text for caching."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """sha256 hex digest of the normalised text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# --- private files and folders -------------------------------------------------------------


def _tighten(path: Path, mode: int) -> None:
    """chmod `path` to `mode` if it is ours and more open than that. Never a sticky folder
    (/tmp) or someone else's: MATCHER_CACHE_DIR may point anywhere."""
    try:
        st = path.stat()
    except OSError:
        return
    if st.st_uid != os.getuid() or st.st_mode & stat.S_ISVTX:
        return
    if stat.S_IMODE(st.st_mode) & ~mode:
        with contextlib.suppress(OSError):
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)


def private_dir(path: Path) -> Path:
    """`path` created if needed, readable by its owner only (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(path, 0o700)
    return path


def _private_file(path: Path) -> None:
    """Create `path` 0600 before SQLite opens it; SQLite gives its -wal and -shm files the
    same mode as the database."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    _tighten(path, 0o600)


def sweep_stale_temp_files(folder: Path, max_age_s: float = 3600.0) -> int:
    """Remove temp files (``.<name>.<pid>.<random>.tmp``) left in `folder` by a killed
    writer: those whose process is gone, or older than `max_age_s`. Returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        parts = tmp.name.split(".")
        pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None
        try:
            stale = now - tmp.stat().st_mtime > max_age_s or (
                pid is not None and not _process_alive(pid)
            )
            if stale:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temp_file_beside(target: Path) -> Path:
    """A new private temp file next to `target`, named so `sweep_stale_temp_files` can tell
    whose it is; writers rename it into place, so readers never see a half-written file."""
    private_dir(target.parent)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
    )
    os.close(fd)
    return Path(tmp)


# --- file digests ---------------------------------------------------------------------------

_DIGESTS: dict[tuple[str, int, int], str] = {}
_DIGESTS_LOCK = threading.Lock()


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes, computed once per (path, size, mtime): remembered in this
    process and in ``<cache_dir>/file-digests.json``, so a 90 MB weights file is read once per
    machine, yet a file changed in place (new size or mtime) is read again."""
    path = Path(path).resolve()
    st = path.stat()
    memo_key = (str(path), st.st_size, st.st_mtime_ns)
    with _DIGESTS_LOCK:
        known = _DIGESTS.get(memo_key)
    if known:
        return known
    stored = _read_digests()
    entry = stored.get(str(path))
    if (
        isinstance(entry, dict)
        and entry.get("size") == st.st_size
        and entry.get("mtime_ns") == st.st_mtime_ns
        and isinstance(entry.get("sha256"), str)
        and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
    ):
        digest = entry["sha256"]
    else:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        stored[str(path)] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}
        _write_digests(stored)
    with _DIGESTS_LOCK:
        _DIGESTS[memo_key] = digest
    return digest


def _read_digests() -> dict:
    try:
        data = json.loads((cache_dir() / DIGESTS_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_digests(data: dict) -> None:
    """Best effort: a cache that cannot be written only means hashing again next time."""
    target = cache_dir() / DIGESTS_FILENAME
    try:
        tmp = temp_file_beside(target)
        try:
            tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


# --- exports --------------------------------------------------------------------------------


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


# --- parsed documents as JSON ---------------------------------------------------------------

_DOCUMENT_TYPES: dict[str, type] = {"Posting": Posting, "Resume": Resume}
T = TypeVar("T")


def document_to_json(doc: Posting | Resume) -> str:
    """A parsed posting or résumé as JSON text (tuples become lists)."""
    kind = type(doc).__name__
    if _DOCUMENT_TYPES.get(kind) is not type(doc):
        raise TypeError(f"only Posting and Resume are cached, not {kind}")
    return json.dumps({"type": kind, "data": dataclasses.asdict(doc)}, ensure_ascii=False,
                      separators=(",", ":"))


def document_from_json(text: str | bytes) -> Posting | Resume:
    """The inverse of `document_to_json`, checking every value against the dataclass field's
    type; raises ValueError on anything else (another type name, a missing or extra field, a
    wrong type). Only classes of `matcher.data` named by those fields' types are built."""
    payload = json.loads(text)
    if not isinstance(payload, dict) or set(payload) != {"type", "data"}:
        raise ValueError("not a cached document")
    cls = _DOCUMENT_TYPES.get(payload["type"]) if isinstance(payload["type"], str) else None
    if cls is None:
        raise ValueError("not a cached document type")
    return _decode(cls, payload["data"])


def _decode(tp: Any, value: Any) -> Any:
    """`value` (parsed JSON) as an instance of the type annotation `tp`."""
    return _decoder(tp)(value)


@functools.cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """The function that checks and builds a value of annotation `tp`, worked out once per
    annotation: reading the type hints again for every value of every cached document was
    most of the time a warm `rank` spent loading them."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass_decoder(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)

        def union(value: Any) -> Any:
            for arg in options:
                with contextlib.suppress(ValueError):
                    return _decoder(arg)(value)
            raise ValueError(f"{value!r:.40} matches no type of {tp}")
        return union
    if origin is typing.Literal:
        allowed = typing.get_args(tp)

        def literal(value: Any) -> Any:
            if value in allowed and type(value) in (str, int):
                return value
            raise ValueError(f"{value!r:.40} is not one of {allowed}")
        return literal
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def sequence(value: Any) -> Any:
                if not isinstance(value, list):
                    raise ValueError("expected a list")
                return tuple(item(v) for v in value)
            return sequence
        items = tuple(_decoder(a) for a in args)

        def fixed(value: Any) -> Any:
            if not isinstance(value, list):
                raise ValueError("expected a list")
            if len(items) != len(value):
                raise ValueError("wrong tuple length")
            return tuple(d(v) for d, v in zip(items, value))
        return fixed
    return functools.partial(_decode_scalar, tp)


def _decode_scalar(tp: Any, value: Any) -> Any:
    if tp is type(None):
        if value is None:
            return None
        raise ValueError("expected null")
    if tp in (str, bool) and type(value) is tp:
        return value
    if tp is int and type(value) is int:
        return value
    if tp is float and type(value) in (int, float):
        return float(value)
    raise ValueError(f"unexpected {type(value).__name__} for {tp}")


@functools.cache
def _dataclass_shape(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's resolved field types and field names: resolving string annotations
    (`from __future__ import annotations`) evaluates code, far too slow to repeat per object."""
    return typing.get_type_hints(cls), frozenset(f.name for f in dataclasses.fields(cls))


def _dataclass_decoder(cls: type[T]) -> Callable[[Any], T]:
    hints, fields = _dataclass_shape(cls)
    decoders: dict[str, Callable[[Any], Any]] = {}  # filled on first use: a dataclass may
    # name its own type, which is still being built here

    def build(value: Any) -> T:
        if not isinstance(value, dict):
            raise ValueError(f"expected an object for {cls.__name__}")
        if value.keys() != fields:
            raise ValueError(f"fields of {cls.__name__} differ")
        if not decoders:
            decoders.update({name: _decoder(hints[name]) for name in fields})
        return cls(**{name: decode(value[name]) for name, decode in decoders.items()})
    return build


# --- the database ---------------------------------------------------------------------------

# Databases found unusable in this process (path -> reason), shared by every EmbeddingCache
# on that path, so the fallback is decided, and reported, once.
_UNAVAILABLE: dict[str, str] = {}
_STATE_LOCK = threading.Lock()

R = TypeVar("R")


def _sqlite_error(exc: BaseException, kind: type[sqlite3.Error], codes: tuple[int, ...],
                  words: tuple[str, ...]) -> bool:
    """`exc` is a `kind` with one of SQLite's primary result `codes`, or, from a build that
    gives no code, a message holding one of `words`."""
    if not isinstance(exc, kind):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in codes
    text = str(exc).lower()
    return any(w in text for w in words)


def _is_damaged(exc: BaseException) -> bool:
    """SQLite's 'not a database' / 'malformed' (a truncated or overwritten file)."""
    return _sqlite_error(exc, sqlite3.DatabaseError, (11, 26),  # SQLITE_CORRUPT, SQLITE_NOTADB
                         ("malformed", "not a database"))


def _is_transient_busy(exc: BaseException) -> bool:
    """SQLite's 'database is locked' / 'database table is locked' (SQLITE_BUSY, _LOCKED)."""
    return _sqlite_error(exc, sqlite3.OperationalError, (5, 6), ("locked",))


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=3)


def forget_unavailable() -> None:
    """Let this process try caches it found unusable again (tests; long-lived services)."""
    with _STATE_LOCK:
        _UNAVAILABLE.clear()


class EmbeddingCache:
    """SQLite store of float32 vectors keyed by ``(model_id, fingerprint, content_hash)``, and
    of parsed documents keyed by ``ranking.parsed_key``.

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

    @property
    def available(self) -> bool:
        """False once this process found the cache unusable (then it is not used again)."""
        return str(self.db_path) not in _UNAVAILABLE

    # -- connections and failure handling

    def _connect(self) -> sqlite3.Connection:
        db = self.db_path
        # a database deleted behind our back (rm -rf of the cache dir) needs its schema again
        fresh = not db.exists()
        private_dir(db.parent)
        _private_file(db)
        # isolation_level=None: we issue BEGIN ourselves so each write is one explicit transaction.
        conn = sqlite3.connect(db, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if fresh or not self._migrated:
                self._migrate(conn)
                self._migrated = True
        except BaseException:
            conn.close()
            raise
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
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _guarded(self, operation: Callable[[sqlite3.Connection], R], fallback: R) -> R:
        """Run `operation` on a fresh connection. A damaged file is moved aside and the
        operation retried once on a new one; a transient lock is retried after short pauses;
        any other failure (read-only, disk full, still locked, cannot create the folder)
        switches the cache off for this process, with one warning, and returns `fallback`."""
        moved_aside = False
        busy_pauses = iter(_BUSY_RETRY_PAUSES_S)
        while self.available:
            started = time.monotonic()
            try:
                conn = self._connect()
                try:
                    return operation(conn)
                finally:
                    conn.close()
            except (sqlite3.Error, OSError) as exc:
                if not moved_aside and _is_damaged(exc) and self._move_aside(exc):
                    moved_aside = True
                    continue
                # a lock that outlasted the busy timeout is held, not transient
                waited_s = time.monotonic() - started
                if _is_transient_busy(exc) and waited_s < _BUSY_TIMEOUT_MS / 2000:
                    pause = next(busy_pauses, None)
                    if pause is not None:
                        time.sleep(pause)
                        continue
                self._switch_off(exc)
        return fallback

    def _switch_off(self, exc: BaseException) -> None:
        key = str(self.db_path)
        with _STATE_LOCK:
            if key in _UNAVAILABLE:
                return
            _UNAVAILABLE[key] = str(exc)
        _warn(f"cache {key} cannot be used ({_one_line(exc)}); continuing without it")

    def _move_aside(self, exc: BaseException) -> bool:
        """Rename a damaged database to ``<name>.damaged-<time>`` so a new one can start;
        True when the path is free again (also when another process moved it first)."""
        db = self.db_path
        with _STATE_LOCK:
            aside = db.with_name(f"{db.name}{QUARANTINE_MARK}{time.strftime('%Y%m%dT%H%M%S')}"
                                 f"-{os.getpid()}")
            try:
                os.replace(db, aside)
            except FileNotFoundError:
                return True
            except OSError:
                return False
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{db}{suffix}").unlink()
            self._migrated = False
        _warn(f"cache file {db} is damaged ({_one_line(exc)}); moved to {aside.name} "
              "and starting a new one")
        return True

    def _write(self, operation: Callable[[sqlite3.Connection], R], fallback: R) -> R:
        """`operation` inside one write transaction, guarded as `_guarded`."""

        def transaction(conn: sqlite3.Connection) -> R:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = operation(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return result

        return self._guarded(transaction, fallback)

    # -- schema

    def schema_version(self) -> int:
        """Highest applied migration number (0 when the cache cannot be used)."""
        return self._guarded(
            lambda c: c.execute("SELECT COALESCE(MAX(version), 0) FROM migrations").fetchone()[0],
            0,
        )

    # -- vectors

    def get_many(
        self, model_id: str, hashes: Sequence[str], fingerprint: str = ""
    ) -> dict[str, np.ndarray]:
        """Vectors found for ``hashes`` (missing ones are simply absent from the result)."""
        return self.get_vectors(model_id, hashes, fingerprint)[0]

    def get_vectors(
        self,
        model_id: str,
        hashes: Sequence[str],
        fingerprint: str = "",
        dimension: int | None = None,
        unit: bool = False,
    ) -> tuple[dict[str, np.ndarray], list[str]]:
        """(vectors found, keys of stored vectors that failed the check). With `dimension`,
        a stored vector must have that length; with `unit`, be finite and of norm ~1. A
        vector of the wrong byte length or with NaN / inf never counts as found."""
        unique = list(dict.fromkeys(hashes))
        if not unique:
            return {}, []

        def read(conn: sqlite3.Connection) -> tuple[dict[str, np.ndarray], list[str]]:
            found: dict[str, np.ndarray] = {}
            bad: list[str] = []
            for start in range(0, len(unique), _IN_CHUNK):
                chunk = unique[start : start + _IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT content_hash, vector FROM vectors WHERE model_id = ? AND"
                    f" fingerprint = ? AND content_hash IN ({marks})",
                    (model_id, fingerprint, *chunk),
                )
                for key, blob in rows:
                    vector = _checked_vector(blob, dimension, unit)
                    if vector is None:
                        bad.append(key)
                    else:
                        found[key] = vector
            return found, bad

        return self._guarded(read, ({}, []))

    def put_many(
        self,
        model_id: str,
        items: Mapping[str, np.ndarray] | Iterable[tuple[str, np.ndarray]],
        fingerprint: str = "",
        replace: bool = False,
    ) -> int:
        """Store vectors in one transaction; existing keys are kept unless `replace` (for
        entries found damaged). Returns rows written (0 when the cache is off)."""
        pairs = items.items() if isinstance(items, Mapping) else items
        rows = [
            (model_id, fingerprint, key, np.ascontiguousarray(vec, dtype="<f4").tobytes())
            for key, vec in pairs
        ]
        if not rows:
            return 0
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"

        def insert(conn: sqlite3.Connection) -> int:
            before = conn.total_changes
            conn.executemany(
                f"{verb} INTO vectors (model_id, fingerprint, content_hash, vector)"
                " VALUES (?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

        return self._write(insert, 0)

    # -- parsed documents

    def get_documents(self, keys: Sequence[str]) -> dict[str, Posting | Resume]:
        """Parsed postings/résumés stored under `keys` (see ranking.parsed_key). An entry that
        is not a valid JSON document of this version is treated as missing."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}

        def read(conn: sqlite3.Connection) -> dict[str, Posting | Resume]:
            found: dict[str, Posting | Resume] = {}
            for start in range(0, len(keys), _IN_CHUNK):
                part = keys[start : start + _IN_CHUNK]
                marks = ",".join("?" * len(part))
                for key, text in conn.execute(
                    f"SELECT key, json FROM documents WHERE key IN ({marks})", part
                ):
                    try:
                        found[key] = document_from_json(text)
                    except (ValueError, TypeError, RecursionError):
                        continue  # damaged or foreign: parse again
            return found

        return self._guarded(read, {})

    def put_documents(self, items: Mapping[str, Posting | Resume]) -> None:
        """Store parsed documents in one transaction (replacing entries that did not load)."""
        rows = [(k, document_to_json(v)) for k, v in items.items()]
        if not rows:
            return

        def insert(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT OR REPLACE INTO documents (key, json) VALUES (?, ?)", rows)

        self._write(insert, None)

    # -- housekeeping

    def info(self) -> dict:
        """``{"path", "size_bytes" (db + WAL files), "rows": {model_id: n}, "total_rows",
        "documents", "schema_version"}``. Does not create the database if it does not exist."""
        db = self.db_path
        result: dict = {
            "path": str(db),
            "size_bytes": 0,
            "rows": {},
            "total_rows": 0,
            "documents": 0,
            "schema_version": 0,
        }
        if not db.exists():
            return result

        def read(conn: sqlite3.Connection) -> None:
            rows = conn.execute(
                "SELECT model_id, COUNT(*) FROM vectors GROUP BY model_id ORDER BY model_id"
            ).fetchall()
            result["rows"] = dict(rows)
            result["total_rows"] = sum(n for _, n in rows)
            result["documents"] = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            result["schema_version"] = conn.execute(
                "SELECT COALESCE(MAX(version), 0) FROM migrations"
            ).fetchone()[0]

        self._guarded(read, None)
        result["size_bytes"] = sum(
            p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()
        )
        return result

    def clear(self, model_id: str | None = None) -> int:
        """Delete the vectors of one model (or everything: all vectors, parsed documents and
        damaged files moved aside earlier); returns the vectors deleted. Works on a damaged
        file too (it is deleted); a cache that cannot be changed is a MatcherError."""
        db = self.db_path
        if model_id is None:
            self._remove_damaged_copies()
        if not db.exists():
            return 0
        try:
            conn = self._connect()
        except (sqlite3.Error, OSError) as exc:
            return self._clear_unreadable(exc)
        try:
            conn.execute("BEGIN IMMEDIATE")
            if model_id is not None:
                n = conn.execute("DELETE FROM vectors WHERE model_id = ?", (model_id,)).rowcount
                conn.execute("COMMIT")
                return n
            n = conn.execute("DELETE FROM vectors").rowcount
            for table in _DATA_TABLES[1:]:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("COMMIT")
            # give the disk space back (cheap once the tables are empty)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            return n
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_damaged(exc):
                conn.close()
                return self._clear_unreadable(exc)
            raise MatcherError(f"cannot clear cache {db}: {_one_line(exc)}") from exc
        finally:
            conn.close()

    def _clear_unreadable(self, exc: BaseException) -> int:
        """A database that does not open: a damaged one is deleted (nothing in it could be
        used); one we may not touch is an error."""
        db = self.db_path
        if not _is_damaged(exc):
            raise MatcherError(f"cannot clear cache {db}: {_one_line(exc)}") from exc
        try:
            for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                p.unlink(missing_ok=True)
        except OSError as err:
            raise MatcherError(f"cannot delete damaged cache {db}: {err.strerror}") from err
        self._migrated = False
        with _STATE_LOCK:
            _UNAVAILABLE.pop(str(db), None)
        return 0

    def _remove_damaged_copies(self) -> int:
        db = self.db_path
        removed = 0
        if db.parent.is_dir():
            for old in db.parent.glob(f"{db.name}{QUARANTINE_MARK}*"):
                with contextlib.suppress(OSError):
                    old.unlink()
                    removed += 1
        return removed

    def __repr__(self) -> str:
        return f"EmbeddingCache(path={self.path!r})"


def _checked_vector(blob: object, dimension: int | None, unit: bool) -> np.ndarray | None:
    """The stored bytes as a float32 vector, or None when they fail the checks."""
    if not isinstance(blob, bytes) or len(blob) % 4 or not blob:
        return None
    if dimension is not None and len(blob) != 4 * dimension:
        return None
    # copy: frombuffer over bytes is read-only
    vector = np.frombuffer(blob, dtype="<f4").astype(np.float32, copy=True)
    if unit:
        with np.errstate(all="ignore"):
            norm = float(np.linalg.norm(vector.astype(np.float64)))
        if not np.isfinite(vector).all() or abs(norm - 1.0) > _NORM_TOLERANCE:
            return None
    return vector


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())

