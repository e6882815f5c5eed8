"""Command-line interface: one short function per command.

Each command reads its options, calls one library function and hands the result to a renderer
from `matcher.rendering`. Errors of the MatcherError family become one line on stderr and exit
status 2; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import EXIT_FAILURE, MatcherError


class _State:
    debug = False


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
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def _output_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Write to this file instead of standard output.",
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


def _redact_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--redact",
        is_flag=True,
        help="Blind screening: remove names, contacts, addresses, photos' alt text and gendered "
        "pronouns from résumés before scoring and from every output.",
    )(func)


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text)


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


@main.command()
@click.argument("posting", type=click.Path())
@_format_option("text", "json")
@_output_option
@_guard
def requirements(posting: str, fmt: str, output: str | None) -> None:
    """Print the requirements extracted from POSTING (.md .txt .html .pdf .docx)."""
    from .api import read_posting
    from .rendering import render

    _emit(render(read_posting(posting), fmt), output)


def _color(output: str | None) -> bool:
    return output is None and sys.stdout.isatty()


@main.command()
@click.argument("posting", type=click.Path())
@click.argument("resume", type=click.Path())
@_format_option("text", "json", "markdown", "html")
@_model_options
@click.option("--top", "top", type=click.IntRange(1, 10), default=None,
              help="Evidence lines shown per requirement (default from models/scoring.json: 3).")
@_redact_option
@_output_option
@_guard
def score(posting: str, resume: str, fmt: str, model: str, backend: str, quantize: bool,
          top: int | None, redact: bool, output: str | None) -> None:
    """Score how well RESUME fits POSTING, requirement by requirement."""
    from .api import score as score_pair
    from .rendering import render

    report = score_pair(posting, resume, model=model, backend=backend, quantize=quantize,
                        top=top, redact=redact)
    _emit(render(report, fmt, color=_color(output)), output)


@main.group(name="eval")
def eval_group() -> None:
    """Measure the product on labelled data (extraction gold, ranking qrels)."""


@eval_group.command(name="extraction")
@click.argument("folder", type=click.Path())
@_format_option("text", "json")
@_output_option
@_guard
def eval_extraction(folder: str, fmt: str, output: str | None) -> None:
    """Recall, precision and kind accuracy of requirement extraction against FOLDER/gold.json
    (line-level gold: {"postings": {file: {"required": [lines], "preferred": [...],
    "responsibility": [...], "optional": [...]}}})."""
    from .evaluation import evaluate_extraction
    from .rendering import render

    _emit(render(evaluate_extraction(folder), fmt), output)


@eval_group.command(name="ranking")
@click.argument("qrels", type=click.Path())
@click.option("--queries", required=True, type=click.Path(),
              help="Folder of query documents; ids are file names or stems.")
@click.option("--docs", required=True, type=click.Path(),
              help="Folder of the documents to rank; ids are file names or stems.")
@click.option("--query-kind", type=click.Choice(["posting", "resume"]), default="posting",
              show_default=True, help="posting: rank résumés for each posting; resume: the reverse.")
@_model_options
@_format_option("text", "json")
@_output_option
@_guard
def eval_ranking(qrels: str, queries: str, docs: str, query_kind: str, model: str, backend: str,
                 quantize: bool, fmt: str, output: str | None) -> None:
    """MAP, nDCG@10, P@5 and ROC-AUC of matcher against TREC-style QRELS
    (`query_id 0 doc_id relevance`), beside TF-IDF and whole-document embedding baselines."""
    from .evaluation import evaluate_ranking
    from .rendering import render

    result = evaluate_ranking(qrels, queries, docs, query_kind=query_kind, model=model,
                              backend=backend)
    _emit(render(result, fmt), output)
