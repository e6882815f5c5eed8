"""Command-line interface: one short function per command.

Each command reads its options, calls one library function and hands the result to a renderer
from `matcher.rendering`. Errors of the MatcherError family become one line on stderr and exit
status 2; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
import warnings
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import EXIT_FAILURE, MatcherError, MatcherWarning
from .wording import plural


class _State:
    debug = False
    showwarning: Callable[..., None] = staticmethod(warnings.showwarning)


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line and an exit status; never a traceback unless --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MatcherError as e:
            if _State.debug:
                raise
            click.echo(f"matcher: error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("matcher: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            sys.exit(0)
        except Exception as e:  # noqa: BLE001 - the last line of defence for users
            if _State.debug:
                raise
            click.echo(
                f"matcher: internal error: {type(e).__name__}: {e} (run with --debug for details)",
                err=True,
            )
            sys.exit(EXIT_FAILURE)

    return wrapper


def _format_option(*choices: str, default: str | None = None) -> Callable[..., Any]:
    first = default or choices[0]
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=None,
        help=f"Output format [default: {first}, or what -o FILE's extension says "
        "(.html .json .csv .md)].",
    )


def _resolve_format(fmt: str | None, output: str | None, choices: tuple[str, ...]) -> str:
    """-f when given; else the format -o FILE's extension names; else the command's first.
    A -f that contradicts the extension (-f csv -o x.html) is an error, not a surprise."""
    from pathlib import Path

    from .rendering import FORMAT_BY_EXTENSION

    if output:  # fail before the work, not after it
        folder = Path(output).parent
        if not folder.is_dir():
            raise MatcherError(f"cannot write {output}: no folder {folder}")
    suffix = Path(output).suffix.lower() if output else ""
    by_ext = FORMAT_BY_EXTENSION.get(suffix)
    if fmt is None:
        if by_ext is None:
            return choices[0]
        if by_ext not in choices:
            raise MatcherError(f"-o {output}: this command writes no {by_ext} "
                               f"(formats: {', '.join(choices)}); give -f")
        return by_ext
    if by_ext is not None and by_ext != fmt:
        raise MatcherError(f"-f {fmt} conflicts with -o {output} (a {suffix} file): "
                           "drop -f or use a matching extension")
    return fmt


def _output_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write to this file instead of standard output (written whole, then renamed "
        "into place).",
    )(func)


def _model_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--backend",
        type=click.Choice(["auto", "onnx", "st"]),
        default="auto",
        show_default=True,
        help="Encoder runtime: onnx (default model), st = sentence-transformers.",
    )(func)
    func = click.option(
        "--int8",
        "quantize",
        is_flag=True,
        help="Use the int8-quantised ONNX encoder (faster, slightly different scores).",
    )(func)
    return click.option(
        "-m",
        "--model",
        default="all-MiniLM-L6-v2",
        show_default=True,
        help="Sentence-transformers model: a registry name (see models/registry.json) or a path.",
    )(func)


def _as_of_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Count 'Present' in résumé dates as this day (YYYY-MM-DD) [default: today], so a "
        "report can be reproduced later.",
    )(func)


def _redact_option(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--redact-map",
        "redact_map",
        type=click.Path(dir_okay=False),
        default=None,
        help="With --redact: write the anonymous id -> file map (JSON, mode 0600) to this file, "
        "for whoever may unblind.",
    )(func)
    return click.option(
        "--redact",
        is_flag=True,
        help="Blind screening: remove names, contacts, addresses, photos' alt text and gendered "
        "pronouns from résumés before scoring, and show candidates as C001, C002 … (numbered "
        "in the sorted order of their file paths or row ids) in every output.",
    )(func)


def _cache_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help="Neither read nor write cached vectors and parsed documents (the exported "
        "encoder is still used).",
    )(func)


def _show_warning(message: Any, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """matcher's own warnings as one line on stderr; any other as Python prints it."""
    if issubclass(category, MatcherWarning):
        click.echo(f"matcher: warning: {message}", err=True)
    else:
        _State.showwarning(message, category, filename, lineno, file, line)


def _force_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--force", is_flag=True,
        help="Score even when the posting reads like a résumé or the résumé like a posting.",
    )(func)


def _check_redact_map(redact: bool, redact_map: str | None) -> None:
    if redact_map and not redact:
        raise MatcherError("--redact-map needs --redact")


def _write_redact_map(redact_map: str | None, pairs: Any) -> None:
    if redact_map:
        import json

        _write_file(redact_map, json.dumps(dict(pairs), ensure_ascii=False, indent=2) + "\n",
                    mode=0o600)


def _write_file(output: str, data: str, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `output`, then rename it over `output`: an old
    file is replaced whole or not at all. A device or pipe (/dev/stdout, a FIFO) is written
    directly, never renamed over."""
    import os
    import tempfile
    from pathlib import Path

    target = Path(output)
    try:
        if target.exists() and not target.is_file():
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(data)
            return
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as e:
        raise MatcherError(f"cannot write {output}: {e.strerror or e}") from e


def _silence_stdout() -> None:
    # what could not be written must not be retried (and fail again) when Python exits
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _emit(text: str, output: str | None) -> None:
    data = text if text.endswith("\n") else text + "\n"
    if output:
        _write_file(output, data)
        return
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        _silence_stdout()
        raise MatcherError(f"cannot write to standard output: {e.strerror or e}") from e


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="matcher")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def main(debug: bool) -> None:
    """matcher: how well a résumé fits a job posting, requirement by requirement.

    \b
    Exit status: 0 success, 2 bad input (unreadable file, posting without
    requirements, unknown model, bad option), 1 internal error.
    """
    _State.debug = debug
    if warnings.showwarning is not _show_warning:
        _State.showwarning = warnings.showwarning
        warnings.showwarning = _show_warning


@main.command()
@click.argument("posting", type=click.Path())
@_format_option("text", "json")
@_output_option
@_guard
def requirements(posting: str, fmt: str | None, output: str | None) -> None:
    """Print the requirements extracted from POSTING (.md .txt .html .pdf .docx .odt .rtf .json)."""
    from .api import read_posting
    from .rendering import render

    fmt = _resolve_format(fmt, output, ("text", "json"))
    _emit(render(read_posting(posting), fmt), output)


SCORE_FORMATS = ("text", "json", "markdown", "html")
RANK_FORMATS = ("table", "csv", "json", "html")
GAPS_FORMATS = ("text", "json", "markdown")


def _color(output: str | None) -> bool:
    return output is None and sys.stdout.isatty()


@main.command()
@click.argument("posting", type=click.Path())
@click.argument("resume", type=click.Path())
@_format_option(*SCORE_FORMATS)
@_model_options
@click.option("--top", "top", type=click.IntRange(1, 10), default=None,
              help="Evidence lines shown per requirement, in every format (default from "
              "models/scoring.json: 3).")
@_redact_option
@_as_of_option
@_force_option
@_cache_option
@_output_option
@_guard
def score(posting: str, resume: str, fmt: str | None, model: str, backend: str, quantize: bool,
          top: int | None, redact: bool, redact_map: str | None, as_of: Any, force: bool,
          no_cache: bool,
          output: str | None) -> None:
    """Score how well RESUME fits POSTING, requirement by requirement."""
    from .api import score as score_pair
    from .rendering import render

    fmt = _resolve_format(fmt, output, SCORE_FORMATS)
    _check_redact_map(redact, redact_map)
    report = score_pair(posting, resume, model=model, backend=backend, quantize=quantize,
                        top=top, redact=redact, today=as_of.date() if as_of else None,
                        force=force, cache=not no_cache)
    text = render(report, fmt, color=_color(output))
    _write_redact_map(redact_map, {report.resume_path: resume})
    _emit(text, output)


@main.group(name="eval")
def eval_group() -> None:
    """Measure the product on labelled data (extraction gold, ranking qrels)."""


@eval_group.command(name="extraction")
@click.argument("folder", type=click.Path())
@_format_option("text", "json")
@_output_option
@_guard
def eval_extraction(folder: str, fmt: str | None, output: str | None) -> None:
    """Recall, precision and kind accuracy of requirement extraction against FOLDER/gold.json
    (line-level gold: {"postings": {file: {"required": [lines], "preferred": [...],
    "responsibility": [...], "optional": [...]}}})."""
    from .evaluation import evaluate_extraction
    from .rendering import render

    _emit(render(evaluate_extraction(folder), _resolve_format(fmt, output, ("text", "json"))),
          output)


@eval_group.command(name="ranking")
@click.argument("qrels", type=click.Path())
@click.option("--queries", required=True, type=click.Path(),
              help="Folder of query documents; ids are file names or stems.")
@click.option("--docs", required=True, type=click.Path(),
              help="Folder of the documents to rank; ids are file names or stems.")
@click.option("--query-kind", type=click.Choice(["posting", "resume"]), default="posting",
              show_default=True, help="posting: rank résumés for each posting; resume: the reverse.")
@_model_options
@_as_of_option
@_format_option("text", "json", "csv")
@_output_option
@_guard
def eval_ranking(qrels: str, queries: str, docs: str, query_kind: str, model: str, backend: str,
                 quantize: bool, as_of: Any, fmt: str | None, output: str | None) -> None:
    """MAP, nDCG@10, P@5, ROC-AUC and Spearman of matcher against TREC-style QRELS
    (`query_id 0 doc_id relevance`), beside the parts of its score ranked alone and
    whole-document baselines on the same judgements: TF-IDF cosine, BM25 and embedding cosine
    with all-MiniLM-L6-v2 and all-mpnet-base-v2 (each when installed; never downloaded).
    -m/--backend/--int8 choose matcher's encoder, not the baselines'."""
    from .evaluation import evaluate_ranking
    from .rendering import render

    fmt = _resolve_format(fmt, output, ("text", "json", "csv"))
    result = evaluate_ranking(qrels, queries, docs, query_kind=query_kind, model=model,
                              backend=backend, quantize=quantize,
                              today=as_of.date() if as_of else None)
    _emit(render(result, fmt), output)


# --- rank ----------------------------------------------------------------------------------

_MAX_SKIPPED_SHOWN = 20


def _rate_column():  # noqa: ANN202 - a rich ProgressColumn
    from rich.progress import ProgressColumn
    from rich.text import Text

    class DocumentRate(ProgressColumn):
        """Documents per second, as measured by rich over the last few updates."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")

    return DocumentRate()


class _RankProgress:
    """A rich progress bar on stderr, only when stderr is a terminal and not --quiet: it moves
    once per document, with the rate and the time left."""

    def __init__(self, enabled: bool, label: str, console: Any = None):
        self.enabled = enabled and (console is not None or sys.stderr.isatty())
        self.label = label
        self._console = console
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _RankProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                _rate_column(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=self._console or Console(stderr=True), transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=None)
        return self

    def __call__(self, done: int, total: int | None) -> None:
        if self._bar is not None:
            # before the first document the encoder loads (and, the first time, is exported)
            label = self.label if done else f"{self.label} (loading the encoder)"
            self._bar.update(self._task, completed=done, total=total, description=label)

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    @property
    def callback(self) -> Callable[[int, int | None], None] | None:
        return self if self.enabled else None


def _report_skipped(skipped: Any) -> None:
    if not skipped:
        return
    n = len(skipped)
    click.echo(f"matcher: skipped {plural(n, 'unreadable document')}:", err=True)
    for s in skipped[:_MAX_SKIPPED_SHOWN]:
        click.echo(f"  {s.id}: {s.reason}", err=True)
    if n > _MAX_SKIPPED_SHOWN:
        click.echo(f"  … and {n - _MAX_SKIPPED_SHOWN} more (all listed in --format json)",
                   err=True)


@main.command()
@click.argument("documents", nargs=-1, required=True)
@click.option("--posting", type=click.Path(), default=None,
              help="Rank the résumés in DOCUMENTS against this posting.")
@click.option("--resume", type=click.Path(), default=None,
              help="Rank the postings in DOCUMENTS against this résumé.")
@click.option("--text-column", default="text", show_default=True,
              help="Column (CSV, Parquet) or key (JSONL) holding each row's document text.")
@click.option("--id-column", default=None,
              help="Column or key naming each row [default: <file>#<row number>].")
@click.option("--top", "top", type=click.IntRange(min=1), default=None,
              help="Show only the K best.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 2) when any document cannot be read, instead of skipping it.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="dask: parse, embed and score on a Dask cluster (pip install 'matcher[dask]').")
@click.option("--scheduler", default=None,
              help="Dask scheduler address (tcp://host:8786); default: a local two-worker "
              "cluster.")
@click.option("--dashboard", default=None, metavar="HOST:PORT",
              help="Serve the local Dask cluster's dashboard here (needs bokeh); by default "
              "it has none and listens on 127.0.0.1 only.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="Documents embedded together in one batch.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes of the local engine [default: one per CPU when there are more "
              "than 32 documents; 1 runs in this process].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@_format_option(*RANK_FORMATS)
@_model_options
@_redact_option
@_as_of_option
@_force_option
@_cache_option
@_output_option
@_guard
def rank(documents: tuple[str, ...], posting: str | None, resume: str | None,
         text_column: str, id_column: str | None, top: int | None, strict: bool, engine: str,
         scheduler: str | None, dashboard: str | None, chunk_size: int, workers: int | None,
         quiet: bool, fmt: str | None, model: str, backend: str, quantize: bool, redact: bool,
         redact_map: str | None, as_of: Any, force: bool, no_cache: bool,
         output: str | None) -> None:
    """Rank many résumés for one posting (--posting), or many postings for one résumé
    (--resume).

    DOCUMENTS are files, directories (searched recursively), globs, or tables (.csv, .jsonl,
    .parquet, or .json holding one object per line) with one document per row. Every input
    is ranked or listed as skipped with its reason on stderr (and under "skipped" in JSON):
    unreadable documents, files a folder holds but matcher does not read, and documents of
    the wrong kind (--force ranks those); --strict makes any skip an error.
    """
    from .ranking import rank as rank_documents
    from .rendering import render

    fmt = _resolve_format(fmt, output, RANK_FORMATS)
    _check_redact_map(redact, redact_map)
    label = "ranking résumés" if posting else "ranking postings"
    with _RankProgress(not quiet, label) as bar:
        result = rank_documents(
            documents, posting=posting, resume=resume, model=model, backend=backend,
            quantize=quantize, redact=redact, text_column=text_column, id_column=id_column,
            top=top, strict=strict, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
            progress=bar.callback, today=as_of.date() if as_of else None, force=force,
            cache=not no_cache, dashboard=dashboard, workers=workers,
        )
    text = render(result, fmt, color=_color(output))
    _report_skipped(result.skipped)
    _write_redact_map(redact_map, result.redaction_map)
    _emit(text, output)


@main.command()
@click.argument("posting", type=click.Path())
@click.argument("resume", type=click.Path())
@_format_option(*GAPS_FORMATS)
@_model_options
@_redact_option
@_as_of_option
@_force_option
@_cache_option
@_output_option
@_guard
def gaps(posting: str, resume: str, fmt: str | None, model: str, backend: str, quantize: bool,
         redact: bool, redact_map: str | None, as_of: Any, force: bool, no_cache: bool,
         output: str | None) -> None:
    """What RESUME does not show that POSTING asks for: missing and partial requirements,
    heaviest first, each with the closest résumé line and the missing skills or facts."""
    from .api import score as score_pair
    from .data import GapReport
    from .rendering import render

    fmt = _resolve_format(fmt, output, GAPS_FORMATS)
    _check_redact_map(redact, redact_map)
    report = score_pair(posting, resume, model=model, backend=backend, quantize=quantize,
                        redact=redact, today=as_of.date() if as_of else None, force=force,
                        usage="matcher gaps POSTING RESUME", cache=not no_cache)
    text = render(GapReport(report), fmt, color=_color(output))
    _write_redact_map(redact_map, {report.resume_path: resume})
    _emit(text, output)


@main.group()
def cache() -> None:
    """The embedding cache (SQLite in the user cache directory; MATCHER_CACHE_DIR overrides)."""


@cache.command(name="info")
@_format_option("text", "json")
@_guard
def cache_info(fmt: str | None) -> None:
    """Where the cache is, its size, and how many vectors each model has stored."""
    import json

    from .cache import EmbeddingCache, exports_info

    info = {"embeddings": EmbeddingCache().info(), "onnx_exports": exports_info()}
    if fmt == "json":
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    emb = info["embeddings"]
    click.echo(f"path: {emb.get('path')}")
    click.echo(f"size: {emb.get('size_bytes', 0) / 1e6:.1f} MB")
    for model, rows in sorted((emb.get("rows") or {}).items()):
        click.echo(f"  {model}: {rows} vectors")
    click.echo(f"parsed documents: {emb.get('documents', 0)}")
    click.echo(f"onnx exports: {json.dumps(info['onnx_exports'], ensure_ascii=False)}")


@cache.command(name="clear")
@click.option("-m", "--model", default=None, help="Only this model's vectors.")
@click.option("--exports", is_flag=True, help="Also delete exported ONNX encoders.")
@_guard
def cache_clear(model: str | None, exports: bool) -> None:
    """Delete cached vectors and parsed documents (all, or one model's vectors) and
    optionally the ONNX exports. A damaged cache file is deleted."""
    from .cache import EmbeddingCache, clear_exports

    removed = EmbeddingCache().clear(model)
    click.echo(f"removed {removed} cached vectors")
    if exports:
        click.echo(f"removed {clear_exports()} ONNX export(s)")
