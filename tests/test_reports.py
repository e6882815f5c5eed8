"""What the reports look like and where they go: terminal width, --top in every format,
plurals, -o and its format, whole data in machine formats, what sets each rank row apart,
safe CSV and markdown, atomic -o, a full device, unknown verdicts, one-way imports."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher import cli
from matcher.cli import main
from matcher.data import (
    EvidenceMatch,
    GapReport,
    MatchReport,
    RankedRequirement,
    RankEntry,
    RankResult,
    Requirement,
    RequirementMatch,
    SkippedDocument,
)
from matcher.ranking import distinguish
from matcher.rendering import render

ROOT = Path(__file__).resolve().parents[1]
POSTING = ROOT / "examples/postings/data-engineer.md"
LONG_REQ = ("Experience working directly with OEMs, ODMs and silicon vendors to qualify server "
            "platforms, including firmware, BMC and thermal validation across three generations")
LONG_EVIDENCE = ("Led qualification of four server generations with two ODMs and three silicon "
                 "vendors, owning firmware, BMC and thermal sign-off for every SKU we shipped")


def _req(i: int, text: str, kind: str = "required") -> Requirement:
    return Requirement(id=f"R{i}", text=text, kind=kind, section=None, line=10 + i)  # type: ignore[arg-type]


def _ev(text: str, line: int, sim: float) -> EvidenceMatch:
    return EvidenceMatch(text=text, line=line, section="experience", similarity=sim)


def _report(evidence: int = 3, verdict: str = "partial", text: str = LONG_EVIDENCE) -> MatchReport:
    lines = tuple(_ev(f"{text} (line {i})", 20 + i, 0.6 - i / 10) for i in range(evidence))
    matches = (
        RequirementMatch(_req(1, LONG_REQ), 0.45, verdict, lines,  # type: ignore[arg-type]
                         missing=("not shown: BMC firmware",)),
        RequirementMatch(_req(2, "Python.", "preferred"), 0.9, "met", lines[:1]),
    )
    return MatchReport(
        posting_path="postings/cpu-tech-lead-with-a-rather-long-file-name.md",
        posting_title="CPU Tech Lead", resume_path="resumes/priya-raman-hw-architect.md",
        model="all-MiniLM-L6-v2", score=55.0,
        weights=(("required", 3.0), ("preferred", 1.5), ("responsibility", 1.0)),
        matches=matches,
    )


def _entry(ident: str, score: float, gaps: tuple[str, ...], met: tuple[str, ...] = (),
           title: str | None = None, preferred_total: int = 4) -> RankEntry:
    texts = {"R1": LONG_REQ, "R2": "Strong SQL.", "R3": "Kafka.", "R4": "Airflow.",
             "R5": "Terraform."}
    return RankEntry(
        rank=0, id=ident, score=score, required_met=len(met), required_total=5,
        preferred_met=0, preferred_total=preferred_total,
        top_gaps=tuple(texts[g] for g in gaps),
        gaps=tuple(RankedRequirement(g, texts[g], "required", "missing", ("not shown: x",))
                   for g in gaps),
        strengths=tuple(RankedRequirement(m, texts[m], "required", "met") for m in met),
        title=title,
    )


def _ranking(n: int = 3, **kw) -> RankResult:
    raw = [
        _entry("resumes/jane-doe-data-engineer.md", 81.0, ("R1",), ("R2", "R3", "R4", "R5"), **kw),
        _entry("resumes/sam-lee-backend.txt", 55.0, ("R1", "R3"), ("R2", "R4", "R5"), **kw),
        _entry("resumes/alex-morgan-marketing.txt", 20.0, ("R1", "R2", "R3", "R4"), ("R5",),
               **kw),
    ][:n]
    entries, common = distinguish(raw)
    from dataclasses import replace

    return RankResult(
        query_kind="posting", query_path=str(POSTING), query_title="Senior Data Engineer",
        model="m", entries=tuple(replace(e, rank=i) for i, e in enumerate(entries, 1)),
        skipped=(SkippedDocument("bad/empty.txt", "file is empty"),), ranked=n,
        common_gaps=common,
    )


# --- terminal width ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("what", ["score", "gaps", "rank"])
def test_text_fits_the_width_and_wraps_instead_of_cutting(width: int, what: str) -> None:
    obj = {"score": _report(), "gaps": GapReport(_report()), "rank": _ranking()}[what]
    out = render(obj, "table" if what == "rank" else "text", width=width)
    lines = out.splitlines()
    assert max(len(ln) for ln in lines) <= width
    assert "…" not in out
    # the long requirement is there whole: each of its words, in order, somewhere
    words = _words(out)
    assert all(w in words for w in _words(LONG_REQ))
    # box drawing is intact: every table line starts and ends with a border character
    for ln in lines:
        if ln and ln[0] in "┏┃┡│├└":
            assert ln.rstrip()[-1] in "┓┃┩│┤┘", ln


def test_wider_terminal_gives_fewer_lines() -> None:
    narrow = render(_report(), "text", width=80).splitlines()
    wide = render(_report(), "text", width=160).splitlines()
    assert len(wide) < len(narrow)
    assert max(len(ln) for ln in wide) > 100


@pytest.mark.parametrize("columns", [80, 160])
def test_cli_follows_columns(columns: int) -> None:
    result = CliRunner().invoke(main, ["requirements", str(POSTING)],
                                env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    widths = [len(ln) for ln in result.stdout.splitlines()]
    assert max(widths) <= columns
    if columns == 160:
        assert max(widths) > 80  # a long requirement line is not wrapped at 80


def test_long_file_names_are_not_folded_when_there_is_room() -> None:
    out = render(_ranking(), "table", width=120)
    assert "alex-morgan-marketing.txt" in out


# --- --top and the evidence shown ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_every_evidence_line_the_report_holds_is_shown(fmt: str) -> None:
    one = render(_report(evidence=1), fmt, width=200)
    three = render(_report(evidence=3), fmt, width=200)
    assert "(line 2)" in three and "(line 1)" in three and "(line 0)" in three
    assert "(line 1)" not in one
    assert one != three


def test_rank_top_is_honoured_in_every_format(tmp_path: Path, monkeypatch) -> None:
    from matcher import ranking
    from tests.test_rank import NAMES, FakeFactory, _copy_resumes

    monkeypatch.setattr(ranking, "ScorerFactory", FakeFactory)
    files = [str(f) for f in _copy_resumes(tmp_path, NAMES)]
    for fmt, count in (("table", lambda s: s.count("\n│ 1 ") + s.count("\n│ 2 ")
                        + s.count("\n│ 3 ")),
                       ("csv", lambda s: len(s.splitlines()) - 1),
                       ("json", lambda s: len(json.loads(s)["results"])),
                       ("html", lambda s: s.count('<tr data-order='))):
        result = CliRunner().invoke(main, ["rank", "--posting", str(POSTING), *files, "-q",
                                           "-f", fmt, "--top", "2"])
        assert result.exit_code == 0, result.output
        assert count(result.stdout) == 2, fmt


# --- plurals ---------------------------------------------------------------------------------


def test_one_document_is_singular() -> None:
    result = _ranking(n=1)
    table = render(result, "table", width=120)
    assert "1 résumé ranked" in table and "1 résumés" not in table
    assert "1 unreadable document" in table and "1 unreadable documents" not in table
    assert "1 résumé ranked" in render(result, "html")
    assert "3 résumés ranked" in render(_ranking(n=3), "table", width=120)


# --- -o and the format ------------------------------------------------------------------------


@pytest.mark.parametrize("name,check", [
    ("out.json", lambda s: json.loads(s)["requirements"]),
    ("out.txt", lambda s: s.startswith("Senior Data Engineer")),
])
def test_output_extension_picks_the_format(tmp_path: Path, name: str, check) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["requirements", str(POSTING), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert check(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args", [
    ["requirements", str(POSTING), "-f", "text", "-o", "x.json"],
    ["rank", "--posting", str(POSTING), "examples/resumes", "-f", "csv", "-o", "x.html"],
    ["score", str(POSTING), "examples/resumes/sam-lee-backend.txt", "-o", "x.csv"],
    ["gaps", str(POSTING), "examples/resumes/sam-lee-backend.txt", "-o", "x.html"],
])
def test_conflicting_or_impossible_format_is_a_one_line_error(tmp_path: Path, args) -> None:
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("matcher: error:")
    assert not any(tmp_path.iterdir())


def test_output_into_a_missing_folder_fails_before_the_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["requirements", str(POSTING), "-o",
                                       str(tmp_path / "no" / "such" / "x.json")])
    assert result.exit_code == 2 and "no folder" in result.stderr


def test_rank_html_by_extension(tmp_path: Path, monkeypatch) -> None:
    from matcher import ranking
    from tests.test_rank import FakeFactory

    monkeypatch.setattr(ranking, "ScorerFactory", FakeFactory)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["rank", "--posting", str(POSTING),
                                       "examples/resumes/sam-lee-backend.txt", "-q",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- -o is atomic; a full device is a one-line error --------------------------------------


def test_output_replaces_the_old_file_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report", encoding="utf-8")

    def broken_replace(src, dst):  # noqa: ANN001, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(cli.MatcherError, match="cannot write .*No space left"):
        cli._emit("new report", str(target))
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left
    monkeypatch.undo()
    cli._emit("new report", str(target))
    assert target.read_text(encoding="utf-8") == "new report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_keeps_nothing_half_written_when_writing_fails(tmp_path: Path,
                                                             monkeypatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        real_fsync(fd)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(cli.MatcherError):
        cli._emit("x" * 100_000, str(target))
    assert target.read_text(encoding="utf-8") == "old"
    assert len(list(tmp_path.iterdir())) == 1


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
@pytest.mark.parametrize("to_file", [False, True])
def test_full_device_is_a_one_line_error(to_file: bool) -> None:
    cmd = [sys.executable, "-m", "matcher", "requirements", str(POSTING)]
    if to_file:
        cmd += ["-o", str(FULL)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    else:
        with open(FULL, "w") as full:
            proc = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, text=True,
                                  timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert FULL.is_char_device()  # written to, never renamed over


# --- whole data in machine formats; what sets rows apart ------------------------------------


def test_machine_formats_carry_whole_texts_and_ids() -> None:
    result = _ranking()
    data = json.loads(render(result, "json"))
    first = data["results"][0]
    assert first["gaps"][0] == {"id": "R1", "text": LONG_REQ, "kind": "required",
                                "verdict": "missing", "missing": ["not shown: x"]}
    assert first["top_gaps"] == [LONG_REQ]
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert rows[0]["top_gaps"] == LONG_REQ and rows[0]["gap_ids"] == "R1"
    assert rows[2]["gap_ids"] == "R1 R2 R3 R4"
    for out in (render(result, "json"), render(result, "csv")):
        assert "…" not in out


def test_rows_say_what_sets_each_candidate_apart() -> None:
    result = _ranking()
    jane, sam, alex = result.entries
    # R1 is everyone's gap, Kafka (R3) two of three's: said once for the ranking, in no row
    assert result.common_gaps == (LONG_REQ, "Kafka.")
    assert "R1" not in jane.distinct_gaps + sam.distinct_gaps + alex.distinct_gaps
    assert jane.distinct_gaps == () and jane.distinct_strengths == ("R3",)  # only Jane has Kafka
    assert alex.distinct_gaps == ("R2", "R4")  # the others have SQL and Airflow
    assert sam.distinct_gaps == ()  # Kafka is a gap Alex shares: half of the others
    assert sam.distinct_strengths == ()  # what Sam has, Jane has too
    table = render(result, "table", width=120)
    assert table.count(LONG_REQ[:40]) == 1  # once, above the table
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert rows[2]["distinct_gaps"] == "Strong SQL. | Airflow."
    assert rows[0]["distinct_strengths"] == "Kafka."


def test_rank_rows_differ_on_real_examples(tmp_path: Path) -> None:
    from matcher.ranking import rank_resumes
    from tests.test_rank import FakeFactory

    result = rank_resumes(POSTING, [str(ROOT / "examples/resumes")],
                          scorer_factory=FakeFactory())
    firsts = [(e.distinct_gaps[:1], e.distinct_strengths[:1]) for e in result.entries]
    assert len(set(firsts)) >= 4  # not the same line in every row
    common = set(result.common_gaps)
    assert common  # what most rows share is said once ...
    for e in result.entries:  # ... and in no row
        assert not common & set(e.gap_texts(e.distinct_gaps))
    assert all("posting reads as" not in r for e in result.entries for r in e.reasons)


# --- safe CSV and markdown ---------------------------------------------------------------------


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    from dataclasses import replace

    evil = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"]
    result = _ranking(n=1)
    entries = tuple(replace(result.entries[0], id=e, title=e, rank=i)
                    for i, e in enumerate(evil, 1))
    rows = list(csv.reader(io.StringIO(render(replace(result, entries=entries), "csv"))))
    for row, e in zip(rows[1:], evil):
        e = e.replace("\r", "\n")
        assert row[1] == "'" + e and row[8] == "'" + e
        assert float(row[2]) >= 0  # numbers stay numbers


HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(2)> '
           '[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>')


@pytest.mark.parametrize("fmt", ["score", "gaps"])
def test_markdown_escapes_html_and_script_links(fmt: str) -> None:
    report = _report(text=HOSTILE)
    out = render(report if fmt == "score" else GapReport(report), "markdown")
    assert "<script" not in out and "<img" not in out and "<a " not in out
    assert "](javascript:" not in out.replace("\\", "") or "\\]" in out
    assert not re.search(r"(?<!\\)\]\(javascript:", out)
    assert not re.search(r"javascript:", out, re.I)
    assert "&lt;script&gt;" in out


# --- verdicts the scorer may add ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_unknown_verdict_is_rendered_not_an_error(fmt: str) -> None:
    report = _report(verdict="n/a")
    out = render(report, fmt, width=120)
    assert "n/a" in out
    if fmt != "json":
        assert "1 n/a" in out or ">1<" in out or "| 1 |" in out
    render(GapReport(report), "text" if fmt == "html" else fmt, width=120)


# --- progress ----------------------------------------------------------------------------------


def test_progress_bar_shows_rate_and_time_left() -> None:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    with cli._RankProgress(True, "ranking résumés", console=console) as bar:
        bar(0, 3)
        bar._bar.refresh()
        assert "loading the encoder" in buf.getvalue()
        for done in (1, 2, 3):
            bar(done, 3)
        bar._bar.refresh()
        shown = buf.getvalue()
    assert "3/3" in shown and "docs/s" in shown and "ETA" in shown


def test_large_chunks_are_embedded_in_groups_with_progress_per_document(
        tmp_path: Path, monkeypatch) -> None:
    from matcher import ranking
    from tests.test_rank import ENCODED, NAMES, FakeFactory, _copy_resumes

    monkeypatch.setattr(ranking, "EMBED_GROUP_TEXTS", 10)
    files = [str(f) for f in _copy_resumes(tmp_path, NAMES)]
    seen: list[tuple[int, int | None]] = []
    ENCODED.clear()
    grouped = ranking.rank_resumes(POSTING, files, scorer_factory=FakeFactory(),
                                   progress=lambda d, t: seen.append((d, t)))
    assert len(ENCODED) > 2  # the posting, then more than one group in the one chunk
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    monkeypatch.setattr(ranking, "EMBED_GROUP_TEXTS", 10_000)
    whole = ranking.rank_resumes(POSTING, files, scorer_factory=FakeFactory())
    assert whole == grouped


# --- one-way imports -------------------------------------------------------------------------


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module.split(".")[0])
            else:
                out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("matcher."):
            out.add(node.module.split(".")[1])
    return out


def test_ranking_and_renderers_import_one_way() -> None:
    pkg = ROOT / "matcher"
    graph = {p.stem: _imports(p) for p in pkg.glob("*.py")}
    for renderer_module in ("rendering", "html_report"):
        assert renderer_module not in graph["ranking"]
    assert "ranking" not in graph["html_report"] and "rendering" not in graph["html_report"]
    assert "ranking" not in graph["rendering"]
    # no cycle through the ranking, the renderers and their shared modules
    core = {"data", "wording", "blind", "ranking", "rendering", "html_report"}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), set()) & core:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    for module in core:
        assert module not in reach(module), module
