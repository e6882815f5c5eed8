"""Rendering: plain data -> text for people (rich terminal, markdown, HTML) or programs (JSON,
CSV). One registry maps (data type, format) to a renderer, so no command branches on formats.

Terminal text takes the width it is given, else rich's measured width (the terminal, or
`COLUMNS`); tables wrap long text, they never cut it. Machine formats (JSON, CSV) carry whole
texts and ids. Imports go one way: renderers import `data`, `wording` and the HTML renderers;
ranking imports none of them.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Callable
from typing import Any

from .data import (
    KINDS,
    VERDICTS,
    EvidenceMatch,
    GapReport,
    MatchReport,
    Posting,
    RankEntry,
    RankResult,
    RequirementMatch,
)
from .wording import (
    COMMON_MARK,
    KIND_TITLE,
    plural,
    role_line,
    role_rows,
    score_moves,
    score_parts,
    seniority_line,
    shorten,
    verdict_mark,
    verdict_style,
)

__all__ = ["render", "formats_for", "renderer", "to_json", "shorten", "role_line", "role_rows",
           "score_parts", "score_moves", "FORMAT_BY_EXTENSION"]

Renderer = Callable[..., str]
_RENDERERS: dict[tuple[type, str], Renderer] = {}

# -o FILE picks the format from these extensions when -f is not given
FORMAT_BY_EXTENSION = {
    ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".md": "markdown",
    ".markdown": "markdown",
}


def renderer(kind: type, fmt: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        _RENDERERS[(kind, fmt)] = func
        return func

    return register


def formats_for(kind: type) -> tuple[str, ...]:
    return tuple(f for (k, f) in _RENDERERS if k is kind)


def render(obj: Any, fmt: str, **options: Any) -> str:
    """Render `obj` in `fmt`; options (e.g. color=True, width=100) go to the renderer."""
    for cls in type(obj).__mro__:
        func = _RENDERERS.get((cls, fmt))
        if func:
            return func(obj, **options)
    raise ValueError(f"no {fmt!r} renderer for {type(obj).__name__}")


def to_json(data: Any) -> str:
    """The one JSON style of every command: UTF-8, two-space indent, keys in documented order."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def _console(color: bool, width: int | None):  # noqa: ANN202
    from rich.console import Console

    # width None: rich measures the terminal (or reads COLUMNS; 80 when there is neither)
    return Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        emoji=False,
    )


def _mark(verdict: str) -> str:
    style = verdict_style(verdict)
    return f"[{style}]{verdict_mark(verdict)}[/{style}]"


def _counts(counts: dict[str, int]) -> str:
    """'7 met, 0 partial, 0 missing', plus any other verdict that occurs ('1 n/a')."""
    return ", ".join(f"{n} {v}" for v, n in counts.items() if n or v in VERDICTS)


# --- markdown safety -----------------------------------------------------------------------

_LINK_SCHEME = re.compile(r"\b(javascript|vbscript|data|file)\s*:", re.I)


def md_text(text: str) -> str:
    """Résumé and posting text made inert in markdown: HTML escaped (no tags, no entities),
    link brackets escaped, and script-like URL schemes broken, so a markdown viewer shows the
    text and never runs or links it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("[", "\\[").replace("]", "\\]")
    return _LINK_SCHEME.sub(lambda m: m.group(1) + "\\:", text)


def _md_cell(text: str) -> str:
    return md_text(text).replace("|", "\\|").replace("\n", " ")


def _md_common(m: RequirementMatch) -> str:
    """A common requirement's marker with its reason: it counts less in the score."""
    if not m.common:
        return ""
    return f" _({_md_cell(m.specificity_reason or 'common')}; counts less)_"


def _md_code(text: str) -> str:
    """`text` as an inline code span whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- requirements ------------------------------------------------------------------------


@renderer(Posting, "json")
def posting_json(posting: Posting, **_: Any) -> str:
    return to_json(posting.to_dict())


@renderer(Posting, "text")
def posting_text(posting: Posting, color: bool = False, width: int | None = None, **_: Any) -> str:
    from rich.markup import escape

    console = _console(color, width)
    console.print(f"[bold]{escape(posting.title or '(untitled posting)')}[/bold]  "
                  f"{escape(posting.path)}")
    counts = ", ".join(
        f"{sum(r.kind == k for r in posting.requirements)} {k}" for k in KINDS
    )
    console.print(f"{plural(len(posting.requirements), 'requirement')}: {counts}")
    for kind in KINDS:
        items = [r for r in posting.requirements if r.kind == kind]
        if not items:
            continue
        console.print(f"\n[bold]{KIND_TITLE[kind]}[/bold]")
        section = None
        for r in items:
            if r.section != section and r.section:
                console.print(f"  [dim]from “{escape(r.section)}”[/dim]")
            section = r.section
            console.print(f"  {r.id:>4}  L{r.line:<4} {escape(r.text)}")
    return console.file.getvalue().rstrip("\n")


# --- score report ------------------------------------------------------------------------


@renderer(MatchReport, "json")
def report_json(report: MatchReport, **_: Any) -> str:
    return to_json(report.to_dict())


def _facts_line(report: MatchReport) -> str:
    return " · ".join(f"{k}: {v}" for k, v in report.facts)


def _best(m: RequirementMatch) -> EvidenceMatch | None:
    return m.evidence[0] if m.evidence else None


RELATED_SIMILARITY = 0.3  # below this cosine a "closest line" is noise, not a near miss


def _related(evidence: EvidenceMatch | None) -> bool:
    return evidence is not None and evidence.similarity >= RELATED_SIMILARITY


def _evidence_lines(m: RequirementMatch) -> list[str]:
    """The fact comparison, then every evidence line the report holds (its --top), whole."""
    lines = [m.fact] if m.fact else []
    lines += [f"L{e.line}: {e.text}" for e in m.evidence]
    return lines or ["—"]


@renderer(MatchReport, "text")
def report_text(report: MatchReport, color: bool = False, width: int | None = None, **_: Any) -> str:
    from rich.markup import escape
    from rich.table import Table

    console = _console(color, width)
    console.print(f"[bold]{escape(report.posting_title or report.posting_path)}[/bold]")
    console.print(f"posting: {escape(report.posting_path)}   résumé: {escape(report.resume_path)}")
    parts = score_parts(report)
    console.print(f"[bold]Overall fit: {report.score:.0f} / 100[/bold]"
                  + (f"  from {escape(parts)}" if parts else "")
                  + f"   model: {escape(report.model)}")
    moves = score_moves(report)
    if moves:
        console.print(f"[dim]what moved this score: {escape(moves)}[/dim]")
    weights = dict(report.weights)
    console.print(
        "   ".join(
            f"{k} (×{weights.get(k, 1):g}): {_counts(v)}"
            for k, v in report.summary().items()
            if sum(v.values())
        )
    )
    if report.facts:
        console.print(f"[dim]{escape(_facts_line(report))}[/dim]")
    for cap in report.caps:
        console.print(f"[red]capped:[/red] {escape(cap)}")
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    if report.role is not None:
        console.print()
        for label, text in role_rows(report.role):
            console.print(f"[bold]{escape(label)}:[/bold] {escape(text)}")
    if report.seniority is not None:
        if report.role is None:
            console.print()
        console.print(f"[bold]Seniority:[/bold] {escape(seniority_line(report.seniority))}")
    for kind in KINDS:
        items = [m for m in report.matches if m.requirement.kind == kind and m.verdict != "n/a"]
        if not items:
            continue
        table = Table(title=KIND_TITLE[kind], title_justify="left", expand=True, show_lines=True)
        table.add_column("", width=1, no_wrap=True)
        table.add_column("score", justify="right", width=5, no_wrap=True)
        table.add_column("requirement", ratio=1)
        table.add_column("evidence (résumé line: text)", ratio=1)
        for m in items:
            table.add_row(
                _mark(m.verdict),
                f"{100 * m.score:.0f}",
                escape(m.requirement.text) + (f" [dim]{COMMON_MARK}[/dim]" if m.common else ""),
                escape("\n".join(_evidence_lines(m))),
            )
        console.print()
        console.print(table)
    _print_not_judged(console, report)
    console.print()
    _print_gaps(console, report)
    return console.file.getvalue().rstrip("\n")


def _print_not_judged(console, report: MatchReport) -> None:  # noqa: ANN001
    """Conditions of employment no résumé can show: listed apart, left out of the score."""
    from rich.markup import escape

    items = [m for m in report.matches if m.verdict == "n/a"]
    if items:
        console.print()
        console.print("[bold]Not judged from a résumé[/bold] (left out of the score):")
        for m in items:
            console.print(f"  – {escape(m.requirement.text)} [dim]({escape(m.requirement.kind)})[/dim]")


def _print_gaps(console: Any, report: MatchReport) -> None:
    from rich.markup import escape
    from rich.table import Table

    gaps = report.gaps()
    if not gaps:
        console.print("[bold]Gaps:[/bold] none: every requirement is backed.")
        return
    table = Table(title="Gaps to address (heaviest first)", title_justify="left", expand=True,
                  show_lines=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("requirement (kind)", ratio=1)
    table.add_column("not shown / closest line", ratio=1)
    for m in gaps:
        best = _best(m)
        what = "; ".join(m.missing) if m.missing else ""
        closest = (f"closest L{best.line}: {best.text}" if best is not None and _related(best)
                   else "no related line")
        table.add_row(
            _mark(m.verdict),
            f"{escape(m.requirement.text)}\n[dim]{m.requirement.kind}[/dim]",
            escape("\n".join(x for x in (what, closest) if x)),
        )
    console.print(table)


@renderer(GapReport, "text")
def gaps_text(gaps: GapReport, color: bool = False, width: int | None = None, **_: Any) -> str:
    from rich.markup import escape

    console = _console(color, width)
    r = gaps.report
    console.print(f"[bold]{escape(r.posting_title or r.posting_path)}[/bold]  "
                  f"résumé: {escape(r.resume_path)}  overall fit: {r.score:.0f} / 100")
    for cap in r.caps:
        console.print(f"[red]capped:[/red] {escape(cap)}")
    if r.role is not None and r.role.verdict != "match":
        console.print(f"[bold]Role:[/bold] {escape(role_line(r.role))}")
    if r.seniority is not None and r.seniority.direction in ("under", "over"):
        console.print(f"[bold]Seniority:[/bold] {escape(seniority_line(r.seniority))}")
    _print_gaps(console, r)
    return console.file.getvalue().rstrip("\n")


@renderer(GapReport, "json")
def gaps_json(gaps: GapReport, **_: Any) -> str:
    return to_json(gaps.to_dict())


@renderer(GapReport, "markdown")
def gaps_markdown(gaps: GapReport, **_: Any) -> str:
    r = gaps.report
    out = [f"# Gaps: {md_text(r.posting_title or r.posting_path)}", "",
           f"Résumé {_md_code(r.resume_path)}, overall fit {r.score:.0f} / 100.", ""]
    out += [f"- **Capped:** {md_text(c)}" for c in r.caps]
    if r.role is not None and r.role.verdict != "match":
        out += [f"- **Role:** {md_text(role_line(r.role))}", ""]
    if r.seniority is not None and r.seniority.direction in ("under", "over"):
        out += [f"- **Seniority:** {md_text(seniority_line(r.seniority))}", ""]
    out += _markdown_gap_lines(r)
    return "\n".join(out)


def _markdown_gap_lines(report: MatchReport) -> list[str]:
    gaps = report.gaps()
    if not gaps:
        return ["None: every requirement is backed."]
    out = []
    for m in gaps:
        best = _best(m)
        line = (f" Closest line (L{best.line}): “{md_text(best.text)}”."
                if best is not None and _related(best) else " No related line.")
        what = f" Missing: {md_text('; '.join(m.missing))}." if m.missing else ""
        out.append(f"- **{md_text(m.verdict)}** ({m.requirement.kind}) "
                   f"{md_text(m.requirement.text)}{what}{line}")
    return out


@renderer(MatchReport, "markdown")
def report_markdown(report: MatchReport, **_: Any) -> str:
    out = [f"# Fit report: {md_text(report.posting_title or report.posting_path)}", ""]
    parts = score_parts(report)
    out.append(f"- **Overall fit: {report.score:.0f} / 100**" + (f" ({parts})" if parts else ""))
    moves = score_moves(report)
    if moves:
        out.append(f"- What moved this score: {md_text(moves)}")
    out.append(f"- Posting: {_md_code(report.posting_path)}")
    out.append(f"- Résumé: {_md_code(report.resume_path)}")
    out.append(f"- Model: {_md_code(report.model)}")
    weights = dict(report.weights)
    out.append("- Weights: " + ", ".join(f"{k} ×{v:g}" for k, v in weights.items()))
    for k, v in report.facts:
        out.append(f"- {md_text(k.capitalize())}: {md_text(v)}")
    for cap in report.caps:
        out.append(f"- **Capped:** {md_text(cap)}")
    for warning in report.warnings:
        out.append(f"- **Warning:** {md_text(warning)}")
    if report.role is not None:
        out += ["", "## Role", ""]
        out += [f"- **{label}:** {md_text(text)}" for label, text in role_rows(report.role)]
    if report.seniority is not None:
        out += ["", f"- **Seniority:** {md_text(seniority_line(report.seniority))}"]
    summary = report.summary()
    verdicts = list(dict.fromkeys(v for counts in summary.values() for v in counts))
    out += ["", "| kind | " + " | ".join(verdicts) + " |",
            "|---|" + "---:|" * len(verdicts)]
    for kind, v in summary.items():
        if sum(v.values()):
            out.append(f"| {kind} | " + " | ".join(str(v.get(x, 0)) for x in verdicts) + " |")
    for kind in KINDS:
        items = [m for m in report.matches if m.requirement.kind == kind]
        if not items:
            continue
        out += ["", f"## {KIND_TITLE[kind]}", "", "| | score | requirement | evidence |",
                "|---|---:|---|---|"]
        for m in items:
            evidence = "<br>".join(_md_cell(x) for x in _evidence_lines(m))
            out.append(
                f"| {verdict_mark(m.verdict)} {md_text(m.verdict)} | {100 * m.score:.0f} | "
                f"{_md_cell(m.requirement.text)}{_md_common(m)} | {evidence} |"
            )
    out += ["", "## Gaps", ""]
    out += _markdown_gap_lines(report)
    return "\n".join(out)


# --- evaluation --------------------------------------------------------------------------

from .evaluation import (  # noqa: E402
    MATCHER_PARTS,
    METRICS,
    ExtractionEvaluation,
    RankingEvaluation,
)


@renderer(ExtractionEvaluation, "json")
def extraction_json(result: ExtractionEvaluation, **_: Any) -> str:
    return to_json(result.to_dict())


@renderer(ExtractionEvaluation, "text")
def extraction_text(result: ExtractionEvaluation, **_: Any) -> str:
    rows = [f"{'posting':<48} {'recall':>7} {'precision':>9} {'kind acc':>8}"]
    for s in (*result.postings, result.total):
        note = f"  ({s.error})" if s.error else ""
        rows.append(
            f"{shorten(s.name, 48):<48} {s.recall:>7.3f} {s.precision:>9.3f} "
            f"{s.kind_accuracy:>8.3f}{note}"
        )
    return "\n".join(rows)


@renderer(RankingEvaluation, "json")
def ranking_eval_json(result: RankingEvaluation, **_: Any) -> str:
    return to_json(result.to_dict())


@renderer(RankingEvaluation, "text")
def ranking_eval_text(result: RankingEvaluation, **_: Any) -> str:
    metrics = list(next(iter(result.systems.values()), METRICS))
    width = max([30, *(len(name) + 2 for name in result.systems)])
    rows = [
        f"{result.direction}: {result.queries} queries, {result.documents} documents, "
        f"{result.judged_relevant} relevant judgements",
        f"{'system':<{width}}" + "".join(f"{m:>9}" for m in metrics),
    ]
    for name, values in result.systems.items():
        label = f"  {name}" if name in MATCHER_PARTS else name  # parts of matcher's score
        rows.append(f"{label:<{width}}" + "".join(
            f"{'n/a':>9}" if math.isnan(values[m]) else f"{values[m]:>9.3f}" for m in metrics))
    for name, why in result.unavailable:
        rows.append(f"not run: {name}: {why}")
    if result.skipped:
        rows.append(f"skipped {len(result.skipped)}: " + "; ".join(
            f"{i}: {r}" for i, r in result.skipped[:5]))
    return "\n".join(rows)


@renderer(RankingEvaluation, "csv")
def ranking_eval_csv(result: RankingEvaluation, **_: Any) -> str:
    """One row per system: the set's direction and size, then every metric (empty when no
    query defines it)."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["direction", "queries", "documents", "system", *METRICS])
    for name, values in result.systems.items():
        writer.writerow([result.direction, result.queries, result.documents, csv_cell(name),
                         *("" if math.isnan(values[m]) else round(values[m], 4)
                           for m in METRICS)])
    return buf.getvalue()


# --- rank ----------------------------------------------------------------------------------

RANK_CSV_COLUMNS = (
    "rank", "id", "score", "required_met", "required_total", "preferred_met",
    "preferred_total", "top_gaps", "title", "requirements_score", "role_score", "occupation",
    "role_verdict", "gap_ids", "gaps", "distinct_gaps", "distinct_strengths",
)
LIST_SEPARATOR = " | "  # between whole texts in one CSV cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet will not run: text starting like a formula (= + - @, tab, CR)
    gets a leading apostrophe; line breaks become \\n inside the quoted cell. Numbers are left
    as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    # a lone CR would end the row for some readers (the writer quotes only cells with \n)
    return value.replace("\r\n", "\n").replace("\r", "\n")


@renderer(RankResult, "json")
def rank_json(result: RankResult, **_: Any) -> str:
    return to_json(result.to_dict())


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _joined(texts: list[str] | tuple[str, ...]) -> str:
    return LIST_SEPARATOR.join(" ".join(t.split()) for t in texts)


@renderer(RankResult, "csv")
def rank_csv(result: RankResult, **_: Any) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(RANK_CSV_COLUMNS)
    for e in result.entries:
        row = [
            e.rank, e.id, f"{e.score:.2f}", e.required_met, e.required_total, e.preferred_met,
            e.preferred_total, _joined(e.top_gaps), e.title or "",
            _num(e.requirements_score), _num(e.role_score), e.occupation or "",
            e.role_verdict or "", " ".join(g.id for g in e.gaps),
            _joined([g.text for g in e.gaps]), _joined(e.gap_texts(e.distinct_gaps)),
            _joined(e.gap_texts(e.distinct_strengths)),
        ]
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().rstrip("\n")


def distinct_lines(e: RankEntry) -> list[tuple[str, str]]:
    """What sets a ranked document apart, as ('+' or '−', whole text) pairs: strengths first."""
    return ([("+", t) for t in e.gap_texts(e.distinct_strengths)]
            + [("−", t) for t in e.gap_texts(e.distinct_gaps)])


def rank_header(result: RankResult) -> list[str]:
    """The lines above a ranking, the same in every human format."""
    what = "posting" if result.query_kind == "posting" else "résumé"
    shown = len(result.entries)
    count = (f"top {shown} of {result.ranked} {result.ranked_kind}" if shown < result.ranked
             else f"{result.ranked} {result.ranked_kind}")
    lines = [f"{count} ranked against {what} {result.query_path}", f"model: {result.model}"]
    if result.query_occupation:
        lines.append(f"the {what} reads as {result.query_occupation}")
    if result.redacted:
        lines.append("blind screening: candidates are shown as anonymous ids")
    return lines


TABLE_APART_LINES = 2  # strengths and gaps each in a table row; JSON and CSV have them all


def _apart_cell(e: RankEntry) -> str:
    from rich.markup import escape

    strengths = e.gap_texts(e.distinct_strengths)
    gaps = e.gap_texts(e.distinct_gaps)
    lines = ([f"[green]+[/green] {escape(t)}" for t in strengths[:TABLE_APART_LINES]]
             + [f"[red]−[/red] {escape(t)}" for t in gaps[:TABLE_APART_LINES]])
    more = max(0, len(strengths) - TABLE_APART_LINES) + max(0, len(gaps) - TABLE_APART_LINES)
    if more:
        lines.append(f"[dim](+{more} more in -f json)[/dim]")
    if not lines:
        return "[green]no gaps[/green]" if not e.gaps else "[dim]like most others[/dim]"
    return "\n".join(lines)


@renderer(RankResult, "table")
def rank_table(result: RankResult, color: bool = False, width: int | None = None,
               **_: Any) -> str:
    import os.path

    from rich.markup import escape
    from rich.table import Table

    console = _console(color, width)
    console.print(f"[bold]{escape(result.query_title or result.query_path)}[/bold]")
    for line in rank_header(result):
        console.print(escape(line))
    if result.skipped:
        console.print(f"[yellow]skipped {plural(len(result.skipped), 'unreadable document')}"
                      "[/yellow]")
    if result.common_gaps:
        console.print("[dim]gaps most of them share (not repeated below):[/dim]")
        shared = Table.grid(padding=(0, 1))
        shared.add_column(no_wrap=True)
        shared.add_column()
        for gap in result.common_gaps:
            shared.add_row("  −", escape(gap))
        console.print(shared)
    # ids are mostly paths in one folder: show what differs, say the folder once
    ids = [e.id for e in result.entries]
    try:
        common = os.path.commonpath(ids) if len(ids) > 1 and all("/" in i for i in ids) else ""
    except ValueError:  # absolute and relative paths mixed
        common = ""
    common = common if common and common not in ids else ""
    if common:
        console.print(f"[dim]in {escape(common)}/[/dim]")
    shorts = [e.id[len(common) + 1:] if common else e.id for e in result.entries]
    # the name column is as wide as the longest file name, up to a third of the terminal, so
    # a name is folded only when it is longer than that
    longest = max((len(x) for s in shorts for x in s.split()), default=8)
    titles = max((len(e.title) for e in result.entries if e.title), default=0)
    name_w = max(12, min(max(longest, min(titles, 30)), console.width // 3))
    table = Table(expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("posting" if result.query_kind == "resume" else "résumé", width=name_w,
                     overflow="fold")
    table.add_column("sets it apart", ratio=1)
    for e, short in zip(result.entries, shorts):
        ident = f"{escape(e.title)}\n[dim]{escape(short)}[/dim]" if e.title else escape(short)
        if e.occupation:
            ident += f"\n[dim]reads as {escape(e.occupation)}[/dim]"
        # the score, then what it is made of: role fit and requirement counts
        score = f"[bold]{e.score:.1f}[/bold]"
        if e.role_score is not None:
            score += f"\n[dim]role {e.role_score:.0f}[/dim]"
        score += f"\nreq {e.required_met}/{e.required_total}"
        score += f"\npref {e.preferred_met}/{e.preferred_total}" if e.preferred_total else ""
        table.add_row(str(e.rank), score, ident, _apart_cell(e))
    console.print(table)
    return console.file.getvalue().rstrip("\n")


from . import html_report  # noqa: E402  the HTML renderers, registered here (one-way import)

_RENDERERS[(MatchReport, "html")] = html_report.report_html
_RENDERERS[(RankResult, "html")] = html_report.rank_html
