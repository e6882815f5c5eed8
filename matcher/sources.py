"""Many documents from command-line inputs: files, directories, globs and tables.

`expand_sources` turns what a user typed into `Source`s (one file, or one table of rows) and
checks tables' columns up front, so a wrong `--text-column` fails before any work is done.
`iter_items` then streams `SourceItem`s one at a time: a table is read in chunks (pandas
`chunksize` for CSV, pyarrow `iter_batches` for Parquet, line by line for JSONL), so memory
does not grow with the number of rows. An input that cannot become a document (no such file,
a glob matching nothing, a row without text) is an item with an `error`, never an exception:
the caller reports it as skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from .data import Document
from .errors import InputError
from .reading import (
    SUPPORTED_EXTENSIONS,
    SUPPORTED_SHOWN,
    _looks_like_html,
    check_size,
    document_from_bytes,
    document_from_text,
    read_document,
)

TABULAR_EXTENSIONS = (".csv", ".jsonl", ".parquet")
DEFAULT_TEXT_COLUMN = "text"
_TABLE_CHUNK_ROWS = 1000
# One table cell or JSONL record is one document: the same bound as a document file.
MAX_RECORD_CHARS = 20_000_000
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Source:
    """One input: a document file (kind "file"), a table (kind "csv" | "jsonl" | "parquet")
    or an input that matched nothing or is not read (kind "missing", with the reason in
    `error`)."""

    path: str
    kind: str
    error: str | None = None


@dataclass(frozen=True)
class SourceItem:
    """One document to read: a file path, a table row's text, or bytes read ahead (so a
    remote worker needs no shared filesystem). `error` marks an input already known bad."""

    id: str
    path: str | None = None
    text: str | None = None
    data: bytes | None = None
    error: str | None = None

    def with_bytes(self) -> SourceItem:
        """The same item carrying its file's bytes; a file that cannot be read becomes an
        item with an error."""
        if self.path is None or self.data is not None or self.error is not None:
            return self
        p = Path(self.path)
        if not p.exists():
            return replace(self, error="no such file")
        if p.is_dir():
            return replace(self, error="is a directory, expected a file")
        try:
            check_size(p.stat().st_size, self.id)  # before reading: never ship a huge file
            return replace(self, data=p.read_bytes())
        except InputError as e:
            return replace(self, error=e.reason)
        except OSError as e:
            return replace(self, error=f"cannot read file ({e.strerror or e})")


def _has_glob(text: str) -> bool:
    return any(c in _GLOB_CHARS for c in text)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json" and is_json_lines(path):
        return "jsonl"  # a JSON-lines table under a .json name: content decides
    return suffix[1:] if suffix in TABULAR_EXTENSIONS else "file"


def is_json_lines(path: Path) -> bool:
    """One JSON object per line (two lines at least), as opposed to one JSON document."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = [ln for ln in (fh.readline() for _ in range(50)) if ln.strip()][:2]
    except (OSError, UnicodeDecodeError):
        return False
    if len(lines) < 2:
        return False
    try:
        return all(isinstance(json.loads(ln), dict) for ln in lines)
    except ValueError:
        return False


def _dir_files(folder: Path) -> list[Path]:
    """Every file under `folder`, recursively, hidden files and folders skipped, sorted (the
    caller says why any is not read: `_not_read`).

    Links to directories are not followed (a link to '.' or '..' would make the walk endless);
    links to files are read like files."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / f for f in files
                     if not f.startswith(".") and (Path(root) / f).is_file())
    return sorted(found, key=lambda p: str(p))


def _not_read(path: Path) -> str | None:
    """Why a file found in a folder (or by a glob) is not read, or None when it is."""
    suffix = path.suffix.lower()
    if suffix == ".json" and is_json_lines(path):
        return "a JSON-lines table inside a folder is not read; name the table to rank its rows"
    if suffix in SUPPORTED_EXTENSIONS:
        return None
    if suffix in TABULAR_EXTENSIONS:
        return "a table inside a folder is not read; name the table to rank its rows"
    shown = f"'{suffix}'" if suffix else "no extension"
    return f"unsupported file type ({shown}; supported: {SUPPORTED_SHOWN})"


def _glob(pattern: str) -> list[str]:
    """Paths matching a glob pattern, sorted, hidden names skipped unless the pattern names
    them. Unlike glob.glob, '**' never descends into links to directories, so a folder holding
    `self -> .` or `up -> ..` cannot make the expansion endless."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if _has_glob(part)), len(parts))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    rest = parts[fixed:]
    if not rest or not root.is_dir():
        return []
    show_hidden = any(part.startswith(".") for part in rest)
    found = []
    for match in root.glob(str(Path(*rest))):
        relative = match.relative_to(root).parts
        if show_hidden or not any(part.startswith(".") for part in relative):
            found.append(str(match) if fixed else str(match.relative_to(root)))
    return sorted(found)


def expand_sources(
    inputs: Iterable[str | Path],
    text_column: str = DEFAULT_TEXT_COLUMN,
    id_column: str | None = None,
) -> list[Source]:
    """Files, directories (recursive, by supported extension), globs (also when the shell
    did not expand them) and tables, in the order given, each file once.

    Raises InputError when a table lacks `text_column` or `id_column`."""
    out: list[Source] = []
    seen: set[str] = set()

    def add(path: Path, shown: str) -> None:
        key = str(path.resolve())
        if key not in seen:
            seen.add(key)
            out.append(Source(shown, _kind(path)))

    def add_found(path: Path, shown: str) -> None:
        """A file a folder or glob turned up: read, or listed as skipped with its reason."""
        reason = _not_read(path)
        key = str(path.resolve())
        if reason is None:
            add(path, shown)
        elif key not in seen:
            seen.add(key)
            out.append(Source(shown, "missing", reason))

    for raw in inputs:
        text = str(raw)
        p = Path(text)
        if p.is_dir():
            for f in _dir_files(p):
                add_found(f, str(f))
        elif p.is_file():
            add(p, text)
        elif _has_glob(text):
            matches = _glob(text)
            if not matches:
                out.append(Source(text, "missing", "no files match this pattern"))
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _dir_files(mp):
                        add_found(f, str(f))
                elif mp.suffix.lower() in TABULAR_EXTENSIONS or (
                        mp.suffix.lower() == ".json" and is_json_lines(mp)):
                    add(mp, m)  # a table named by the pattern is read
                else:
                    add_found(mp, m)
        else:
            out.append(Source(text, "missing", "no such file or directory"))
    for s in out:
        if s.kind not in ("file", "missing"):
            check_columns(s, text_column, id_column)
    return out


def _columns(source: Source) -> list[str] | None:
    """A table's column names (for JSONL: the first record's keys); None for no records."""
    try:
        if source.kind == "csv":
            import pandas as pd

            return [str(c) for c in pd.read_csv(source.path, nrows=0).columns]
        if source.kind == "parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(source.path).names)
        with open(source.path, encoding="utf-8") as fh:
            for line in _jsonl_lines(fh):
                if line is not None:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise InputError(source.path, "JSONL records must be JSON objects")
                    return list(record)
        return None
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - pandas/pyarrow/json raise many types
        raise InputError(source.path, f"cannot read {source.kind.upper()} table ({e})") from e


def check_columns(source: Source, text_column: str, id_column: str | None) -> None:
    columns = _columns(source)
    if columns is None:
        return
    for wanted, option in ((text_column, "--text-column"), (id_column, "--id-column")):
        if wanted is not None and wanted not in columns:
            shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
            raise InputError(
                source.path, f"no column {wanted!r} (set {option}; columns: {shown})"
            )


def _row_item(path: str, number: int, text: object, ident: object) -> SourceItem:
    row_id = f"{path}#{number}" if ident is None or _is_blank(ident) else str(ident)
    if _is_blank(text):
        return SourceItem(row_id, error="row has no text")
    text = str(text)
    if len(text) > MAX_RECORD_CHARS:
        return SourceItem(row_id, error=_too_long("text", len(text)))
    return SourceItem(row_id, text=text)


def _too_long(what: str, size: int) -> str:
    return (f"{what} is {size / 1e6:.1f} million characters, over the "
            f"{MAX_RECORD_CHARS / 1e6:.0f} million-character limit for one document")


def _jsonl_lines(fh: TextIO) -> Iterator[str | None]:
    """The non-blank lines of a JSONL file; None for a line over MAX_RECORD_CHARS, which is
    skipped in bounded pieces instead of being held in memory."""
    while True:
        line = fh.readline(MAX_RECORD_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_CHARS and not line.endswith("\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            yield None
        elif line.strip():
            yield line


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def _csv_rows(path: str, text_column: str, id_column: str | None) -> Iterator[SourceItem]:
    import pandas as pd

    cols = [text_column] + ([id_column] if id_column and id_column != text_column else [])
    number = 0
    reader = pd.read_csv(
        path, usecols=cols, dtype=str, keep_default_na=False, chunksize=_TABLE_CHUNK_ROWS
    )
    with reader:
        for frame in reader:
            ids = frame[id_column].tolist() if id_column else [None] * len(frame)
            for text, ident in zip(frame[text_column].tolist(), ids):
                number += 1
                yield _row_item(path, number, text, ident)


def _parquet_rows(path: str, text_column: str, id_column: str | None) -> Iterator[SourceItem]:
    import pyarrow.parquet as pq

    cols = [text_column] + ([id_column] if id_column and id_column != text_column else [])
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_TABLE_CHUNK_ROWS, columns=cols):
        texts = batch.column(text_column).to_pylist()
        ids = batch.column(id_column).to_pylist() if id_column else [None] * len(texts)
        for text, ident in zip(texts, ids):
            number += 1
            yield _row_item(path, number, text, ident)


def _jsonl_rows(path: str, text_column: str, id_column: str | None) -> Iterator[SourceItem]:
    number = 0
    with open(path, encoding="utf-8") as fh:
        for line in _jsonl_lines(fh):
            number += 1
            if line is None:
                yield SourceItem(f"{path}#{number}", error=_too_long("record", MAX_RECORD_CHARS + 1))
                continue
            try:
                record = json.loads(line)
            except ValueError as e:
                yield SourceItem(f"{path}#{number}", error=f"invalid JSON ({e})")
                continue
            if not isinstance(record, dict):
                yield SourceItem(f"{path}#{number}", error="record is not a JSON object")
                continue
            yield _row_item(
                path, number, record.get(text_column), record.get(id_column) if id_column else None
            )


_TABLE_READERS = {"csv": _csv_rows, "parquet": _parquet_rows, "jsonl": _jsonl_rows}


def iter_items(
    sources: Sequence[Source],
    text_column: str = DEFAULT_TEXT_COLUMN,
    id_column: str | None = None,
) -> Iterator[SourceItem]:
    """Every document of `sources`, streamed, in order."""
    for s in sources:
        if s.kind == "missing":
            yield SourceItem(s.path, error=s.error)
        elif s.kind == "file":
            yield SourceItem(s.path, path=s.path)
        else:
            try:
                yield from _TABLE_READERS[s.kind](s.path, text_column, id_column)
            except (OSError, ValueError) as e:
                raise InputError(s.path, f"cannot read {s.kind.upper()} table ({e})") from e


def count_items(sources: Sequence[Source]) -> int | None:
    """How many items `iter_items` will yield, when cheap to know (None for CSV tables,
    whose quoted cells may span lines)."""
    total = 0
    for s in sources:
        if s.kind in ("file", "missing"):
            total += 1
        elif s.kind == "parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(s.path).metadata.num_rows
        elif s.kind == "jsonl":
            with open(s.path, encoding="utf-8") as fh:
                total += sum(1 for _ in _jsonl_lines(fh))
        else:
            return None
    return total


def load_document(item: SourceItem) -> Document:
    """The item's Document; raises InputError (with the item's id) when it has none."""
    if item.error is not None:
        raise InputError(item.id, item.error)
    if item.text is not None:
        fmt = "html" if _looks_like_html(item.text) else "txt"
        return document_from_text(item.text, item.id, fmt)
    if item.data is not None:
        return document_from_bytes(item.data, item.id, suffix=Path(item.id).suffix.lower())
    assert item.path is not None
    return read_document(item.path)
