"""Rendering: plain data -> text for people (rich terminal, markdown, HTML) or programs (JSON,
CSV). One registry maps (data type, format) to a renderer, so no command branches on formats.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from .data import (
    KINDS,
    GapReport,
    MatchReport,
    OccupationShare,
    Posting,
    RequirementMatch,
    RoleMatch,
)

Renderer = Callable[..., str]
_RENDERERS: dict[tuple[type, str], Renderer] = {}

VERDICT_MARK = {"met": "✔", "partial": "◐", "missing": "✘", "n/a": "–"}
VERDICT_STYLE = {"met": "green", "partial": "yellow", "missing": "red", "n/a": "dim"}
KIND_TITLE = {
    "required": "Required",
    "preferred": "Preferred",
    "responsibility": "Responsibilities",
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


def shorten(text: str, width: int) -> str:
    """Cut at a word boundary with an ellipsis, so evidence lines stay one row."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    if len(cut) < width // 2:
        cut = text[: width - 1]
    return cut.rstrip(" ,;:") + "…"


def _console(color: bool, width: int | None):  # noqa: ANN202
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or 110,
        highlight=False,
        emoji=False,
    )


# --- requirements ------------------------------------------------------------------------


@renderer(Posting, "json")
def posting_json(posting: Posting, **_: Any) -> str:
    return to_json(posting.to_dict())


@renderer(Posting, "text")
def posting_text(posting: Posting, color: bool = False, width: int | None = None, **_: Any) -> str:
    from rich.markup import escape

    console = _console(color, width)
    console.print(f"[bold]{escape(posting.title or '(untitled posting)')}[/bold]  {escape(posting.path)}")
    counts = ", ".join(
        f"{sum(r.kind == k for r in posting.requirements)} {k}" for k in KINDS
    )
    console.print(f"{len(posting.requirements)} requirements: {counts}")
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


def _occupations(shares: tuple[OccupationShare, ...]) -> str:
    # most first; the shares themselves are small (a profile spreads over 1,016 occupations)
    # and stay in the JSON
    return ", ".join(o.title for o in shares) or "—"


def _quoted(texts: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"“{t}”" for t in texts)


def role_rows(role: RoleMatch) -> list[tuple[str, str]]:
    """The role fit as (label, text) rows, the same in every human format: what each document
    reads as and from what, and the numbers behind the role score."""
    feats = dict(role.features)
    posting_from = (f"title {_quoted([role.posting_title])} and requirement lines"
                    if role.posting_title else "requirement lines")
    resume_from = (f"{_quoted(role.resume_titles)} and evidence lines" if role.resume_titles
                   else "evidence lines (no headline or role title found)")
    return [
        ("Role fit", f"{role.verdict}, {100 * role.score:.0f} / 100"),
        ("Posting reads as", f"{_occupations(role.posting_occupations)}, from its {posting_from}"),
        ("Résumé reads as", f"{_occupations(role.resume_occupations)}, from {resume_from}"),
        ("Occupation overlap", f"{feats.get('occupation', 0.0):.2f} (cosine of the two profiles "
                               "over O*NET occupations)"),
        ("Experience relevance", f"{feats.get('experience', 0.0):.2f} (mean best similarity of "
                                 "each résumé line to the requirements)"),
        ("Shared distinctive terms", ", ".join(role.shared_terms) or "none"),
    ]


def score_parts(report: MatchReport) -> str:
    """'requirements 78 · role 94 (match)': what the overall score combines."""
    if report.role is None or report.requirements_score is None:
        return ""
    return (f"requirements {report.requirements_score:.0f} · role {100 * report.role.score:.0f}"
            f" ({report.role.verdict})")


def _facts_line(report: MatchReport) -> str:
    return " · ".join(f"{k}: {v}" for k, v in report.facts)


def _best(m: RequirementMatch):  # noqa: ANN202
    return m.evidence[0] if m.evidence else None


RELATED_SIMILARITY = 0.3  # below this cosine a "closest line" is noise, not a near miss


def _related(evidence) -> bool:  # noqa: ANN001
    return evidence is not None and evidence.similarity >= RELATED_SIMILARITY


@renderer(MatchReport, "text")
def report_text(report: MatchReport, color: bool = False, width: int | None = None, **_: Any) -> str:
    from rich.markup import escape
    from rich.table import Table

    console = _console(color, width)
    w = console.width
    console.print(f"[bold]{escape(report.posting_title or report.posting_path)}[/bold]")
    console.print(f"posting: {escape(report.posting_path)}   résumé: {escape(report.resume_path)}")
    parts = score_parts(report)
    console.print(f"[bold]Overall fit: {report.score:.0f} / 100[/bold]"
                  + (f"  = {escape(parts)}" if parts else "")
                  + f"   model: {escape(report.model)}")
    summary = report.summary()
    weights = dict(report.weights)
    console.print(
        "   ".join(
            f"{k} (×{weights[k]:g}): {v['met']} met, {v['partial']} partial, {v['missing']} missing"
            for k, v in summary.items()
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
    text_w = max(30, (w - 16) // 2)
    for kind in KINDS:
        items = [m for m in report.matches if m.requirement.kind == kind and m.verdict != "n/a"]
        if not items:
            continue
        table = Table(title=KIND_TITLE[kind], title_justify="left", expand=True, show_lines=False)
        table.add_column("", width=1, no_wrap=True)
        table.add_column("score", justify="right", width=5, no_wrap=True)
        table.add_column("requirement", ratio=1)
        table.add_column("best evidence", ratio=1)
        table.add_column("line", justify="right", width=5, no_wrap=True)
        for m in items:
            best = _best(m)
            style = VERDICT_STYLE[m.verdict]
            evidence = escape(shorten(m.fact or (best.text if best else "—"), text_w))
            table.add_row(
                f"[{style}]{VERDICT_MARK[m.verdict]}[/{style}]",
                f"{100 * m.score:.0f}",
                escape(shorten(m.requirement.text, text_w)),
                evidence,
                f"L{best.line}" if best else "",
            )
        console.print()
        console.print(table)
    _print_not_judged(console, report)
    console.print()
    _print_gaps(console, report, text_w)
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


def _print_gaps(console, report: MatchReport, text_w: int) -> None:  # noqa: ANN001
    from rich.markup import escape
    from rich.table import Table

    gaps = report.gaps()
    if not gaps:
        console.print("[bold]Gaps:[/bold] none: every requirement is backed.")
        return
    table = Table(title="Gaps to address (heaviest first)", title_justify="left", expand=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("kind", width=14, no_wrap=True)
    table.add_column("requirement", ratio=1)
    table.add_column("not shown on the résumé / closest line", ratio=1)
    for m in gaps:
        style = VERDICT_STYLE[m.verdict]
        best = _best(m)
        what = "; ".join(m.missing) if m.missing else ""
        closest = (f"closest L{best.line}: {shorten(best.text, text_w)}" if _related(best)
                   else "no related line")
        table.add_row(
            f"[{style}]{VERDICT_MARK[m.verdict]}[/{style}]",
            m.requirement.kind,
            escape(shorten(m.requirement.text, text_w)),
            escape("\n".join(x for x in (shorten(what, text_w), closest) if x)),
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
    _print_gaps(console, r, max(30, (console.width - 20) // 2))
    return console.file.getvalue().rstrip("\n")


@renderer(GapReport, "json")
def gaps_json(gaps: GapReport, **_: Any) -> str:
    return to_json(gaps.to_dict())


@renderer(GapReport, "markdown")
def gaps_markdown(gaps: GapReport, **_: Any) -> str:
    r = gaps.report
    out = [f"# Gaps: {r.posting_title or r.posting_path}", "",
           f"Résumé `{r.resume_path}`, overall fit {r.score:.0f} / 100.", ""]
    out += [f"- **Capped:** {c}" for c in r.caps]
    if r.role is not None and r.role.verdict != "match":
        out += [f"- **Role:** {role_line(r.role)}", ""]
    out += _markdown_gap_lines(r)
    return "\n".join(out)


def role_line(role: RoleMatch) -> str:
    """The role fit in one line: 'related (34 / 100): the posting reads as X, the résumé as
    Y', by each document's first occupation (gaps and rank reasons)."""
    def first(shares: tuple[OccupationShare, ...]) -> str:
        return shares[0].title if shares else "—"

    return (f"{role.verdict} ({100 * role.score:.0f} / 100): the posting reads as "
            f"{first(role.posting_occupations)}, the résumé as {first(role.resume_occupations)}")


def _markdown_gap_lines(report: MatchReport) -> list[str]:
    gaps = report.gaps()
    if not gaps:
        return ["None: every requirement is backed."]
    out = []
    for m in gaps:
        best = _best(m)
        line = (f" Closest line (L{best.line}): “{shorten(best.text, 140)}”." if _related(best)
                else " No related line.")
        what = f" Missing: {'; '.join(m.missing)}." if m.missing else ""
        out.append(f"- **{m.verdict}** ({m.requirement.kind}) {m.requirement.text}{what}{line}")
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@renderer(MatchReport, "markdown")
def report_markdown(report: MatchReport, **_: Any) -> str:
    out = [f"# Fit report: {report.posting_title or report.posting_path}", ""]
    parts = score_parts(report)
    out.append(f"- **Overall fit: {report.score:.0f} / 100**" + (f" ({parts})" if parts else ""))
    out.append(f"- Posting: `{report.posting_path}`")
    out.append(f"- Résumé: `{report.resume_path}`")
    out.append(f"- Model: `{report.model}`")
    weights = dict(report.weights)
    out.append("- Weights: " + ", ".join(f"{k} ×{v:g}" for k, v in weights.items()))
    for k, v in report.facts:
        out.append(f"- {k.capitalize()}: {v}")
    for cap in report.caps:
        out.append(f"- **Capped:** {cap}")
    for warning in report.warnings:
        out.append(f"- **Warning:** {warning}")
    if report.role is not None:
        out += ["", "## Role", ""]
        out += [f"- **{label}:** {text}" for label, text in role_rows(report.role)]
    out += ["", "| kind | met | partial | missing |", "|---|---:|---:|---:|"]
    for kind, v in report.summary().items():
        if sum(v.values()):
            out.append(f"| {kind} | {v['met']} | {v['partial']} | {v['missing']} |")
    for kind in KINDS:
        items = [m for m in report.matches if m.requirement.kind == kind]
        if not items:
            continue
        out += ["", f"## {KIND_TITLE[kind]}", "", "| | score | requirement | best evidence | line |",
                "|---|---:|---|---|---:|"]
        for m in items:
            best = _best(m)
            evidence = m.fact or (best.text if best else "—")
            out.append(
                f"| {VERDICT_MARK[m.verdict]} {m.verdict} | {100 * m.score:.0f} | "
                f"{_md_cell(m.requirement.text)} | {_md_cell(shorten(evidence, 140))} | "
                f"{'L' + str(best.line) if best else ''} |"
            )
    out += ["", "## Gaps", ""]
    out += _markdown_gap_lines(report)
    return "\n".join(out)


# --- evaluation --------------------------------------------------------------------------

from .evaluation import ExtractionEvaluation, RankingEvaluation  # noqa: E402


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
    metrics = list(next(iter(result.systems.values())))
    rows = [
        f"{result.queries} queries, {result.documents} documents, "
        f"{result.judged_relevant} relevant judgements",
        f"{'system':<22}" + "".join(f"{m:>9}" for m in metrics),
    ]
    for name, values in result.systems.items():
        label = f"  {name}" if name.endswith(" only") else name  # parts of matcher's score
        rows.append(f"{label:<22}" + "".join(f"{values[m]:>9.3f}" for m in metrics))
    if result.skipped:
        rows.append(f"skipped {len(result.skipped)}: " + "; ".join(
            f"{i}: {r}" for i, r in result.skipped[:5]))
    return "\n".join(rows)


# --- rank ----------------------------------------------------------------------------------

from .ranking import RankResult  # noqa: E402

RANK_CSV_COLUMNS = (
    "rank", "id", "score", "required_met", "required_total", "preferred_met",
    "preferred_total", "top_gaps", "title", "requirements_score", "role_score", "occupation",
)


@renderer(RankResult, "json")
def rank_json(result: RankResult, **_: Any) -> str:
    return to_json(result.to_dict())


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@renderer(RankResult, "csv")
def rank_csv(result: RankResult, **_: Any) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(RANK_CSV_COLUMNS)
    for e in result.entries:
        writer.writerow([
            e.rank, e.id, f"{e.score:.2f}", e.required_met, e.required_total, e.preferred_met,
            e.preferred_total, " | ".join(e.top_gaps), e.title or "",
            _num(e.requirements_score), _num(e.role_score), e.occupation or "",
        ])
    return buf.getvalue().rstrip("\n")


@renderer(RankResult, "table")
def rank_table(result: RankResult, color: bool = False, width: int | None = None,
               **_: Any) -> str:
    from rich.markup import escape
    from rich.table import Table

    console = _console(color, width)
    query = result.query_title or result.query_path
    what = "posting" if result.query_kind == "posting" else "résumé"
    shown = (f"top {len(result.entries)} of {result.ranked}"
             if len(result.entries) < result.ranked else f"{result.ranked}")
    console.print(f"[bold]{escape(query)}[/bold]")
    console.print(f"{shown} {result.ranked_kind} ranked against {what} "
                  f"{escape(result.query_path)}   model: {escape(result.model)}")
    if result.skipped:
        console.print(f"[yellow]skipped {len(result.skipped)} unreadable "
                      f"{'document' if len(result.skipped) == 1 else 'documents'}[/yellow]")
    # ids are mostly paths in one folder: show what differs, say the folder once
    import os.path

    ids = [e.id for e in result.entries]
    try:
        common = os.path.commonpath(ids) if len(ids) > 1 and all("/" in i for i in ids) else ""
    except ValueError:  # absolute and relative paths mixed
        common = ""
    common = common if common and common not in ids else ""
    if common:
        console.print(f"[dim]in {escape(common)}/[/dim]")
    table = Table(expand=True, show_lines=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("posting" if result.query_kind == "resume" else "résumé", ratio=4,
                     overflow="fold")
    with_role = any(e.role_score is not None for e in result.entries)
    if with_role:
        table.add_column("role", justify="right", no_wrap=True)
    table.add_column("required", justify="right", no_wrap=True)
    table.add_column("preferred", justify="right", no_wrap=True)
    table.add_column("top gaps (missing required)", ratio=4)
    for e in result.entries:
        short = e.id[len(common) + 1:] if common else e.id
        ident = f"{escape(e.title)}\n[dim]{escape(short)}[/dim]" if e.title else escape(short)
        if e.occupation:
            ident += f"\n[dim]reads as {escape(e.occupation)}[/dim]"
        role = [f"{e.role_score:.0f}" if e.role_score is not None else "—"] if with_role else []
        table.add_row(
            str(e.rank),
            f"{e.score:.1f}",
            ident,
            *role,
            f"{e.required_met}/{e.required_total}",
            f"{e.preferred_met}/{e.preferred_total}" if e.preferred_total else "—",
            escape("; ".join(shorten(g, 36) for g in e.top_gaps)) if e.top_gaps
            else "[green]none[/green]",
        )
    console.print(table)
    return console.file.getvalue().rstrip("\n")


from . import html_report  # noqa: E402,F401  registers the html renderers
