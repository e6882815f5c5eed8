"""Bounded work from small hostile files: zip bombs, huge table records, one enormous line,
deep HTML, directory links that loop. Each file is built here, in tmp_path; each test is fast
because the limits refuse the input before the expensive work starts."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.errors import InputError
from matcher.reading import (
    MAX_LINE_CHARS,
    MAX_ZIP_ENTRIES,
    check_zip_limits,
    document_from_bytes,
    read_document,
)
from matcher.resumes import parse_resume, split_skills
from matcher.sources import expand_sources, iter_items

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "examples" / "postings" / "data-engineer.docx"
POSTING = ROOT / "examples" / "postings" / "data-engineer.md"


def _one_line_error(path: Path) -> str:
    result = CliRunner().invoke(main, ["requirements", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("matcher: error: "), result.stderr
    return lines[0]


def _docx_with_extra(path: Path, extra: dict[str, int]) -> Path:
    """The example DOCX plus members of the given sizes (zeros: they compress ~1000:1)."""
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        chunk = b"\0" * (1 << 20)
        for name, size in extra.items():
            with out.open(name, "w") as fh:
                for _ in range(size // len(chunk)):
                    fh.write(chunk)
                fh.write(b"\0" * (size % len(chunk)))
    return path


def test_docx_that_inflates_past_the_limit_is_one_line_error(tmp_path: Path) -> None:
    bomb = _docx_with_extra(tmp_path / "bomb.docx", {"word/media/filler.bin": 110 << 20})
    assert bomb.stat().st_size < 1 << 20  # a small file ...
    started = time.perf_counter()
    line = _one_line_error(bomb)  # ... refused before anything is inflated
    assert time.perf_counter() - started < 5
    assert "unzips to" in line and "over the 100 MB limit" in line


def _docx_with_body(path: Path, paragraphs: int) -> Path:
    """The example DOCX with its body replaced by `paragraphs` plain paragraphs."""
    para = "<w:p><w:r><w:t>Built Spark pipelines in Python and SQL</w:t></w:r></w:p>"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, rest = data.decode("utf-8").split("<w:body>", 1)
                tail = rest[rest.index("<w:sectPr"):]
                data = (head + "<w:body>" + para * paragraphs + tail).encode("utf-8")
            out.writestr(info, data)
    return path


def test_docx_with_too_much_xml_is_one_line_error(tmp_path: Path) -> None:
    bomb = _docx_with_body(tmp_path / "xml-bomb.docx", 21 * 1024 * 1024 // 70)
    line = _one_line_error(bomb)
    assert "MB of XML, over the 20 MB limit" in line


def test_docx_of_many_paragraphs_reads_in_linear_time(tmp_path: Path) -> None:
    """python-docx looks each paragraph's style up among all styles: 8,000 paragraphs took
    over 20 s before style names were cached."""
    path = _docx_with_body(tmp_path / "long.docx", 8_000)
    started = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - started < 6
    assert doc.text.count("Built Spark pipelines") == 8_000


def test_docx_with_too_many_entries_is_one_line_error(tmp_path: Path) -> None:
    many = {f"word/media/p{i}.bin": 1 for i in range(MAX_ZIP_ENTRIES + 10)}
    line = _one_line_error(_docx_with_extra(tmp_path / "many.docx", many))
    assert f"over the {MAX_ZIP_ENTRIES:,}-file limit" in line


def test_check_zip_limits_takes_a_path_bytes_or_zipfile(tmp_path: Path) -> None:
    check_zip_limits(DOCX)  # a real document passes
    check_zip_limits(DOCX.read_bytes(), "x.docx")
    bomb = _docx_with_extra(tmp_path / "bomb.odt", {"content.xml": 101 << 20})
    for source in (bomb, bomb.read_bytes(), zipfile.ZipFile(bomb)):
        with pytest.raises(InputError, match="100 MB limit"):
            check_zip_limits(source, "cv.odt", kind="ODT")
    assert read_document(DOCX).text  # the example still reads


def _huge_text() -> str:
    return ("Python engineer. " * (MAX_RECORD + 1000))[: MAX_RECORD + 1000]


MAX_RECORD = 20 * 1024 * 1024


def test_huge_csv_cell_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    table = tmp_path / "r.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text"])
        w.writerow(["Data engineer with Python and SQL."])
        w.writerow([_huge_text()])
        w.writerow(["Nurse manager, 8 years."])
    items = list(iter_items(expand_sources([table])))
    assert [i.error is None for i in items] == [True, False, True]
    assert items[1].id == f"{table}#2" and "million-character limit" in items[1].error
    assert items[2].text == "Nurse manager, 8 years."


def test_huge_jsonl_record_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    table = tmp_path / "r.jsonl"
    with open(table, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "Data engineer with Python."}) + "\n")
        fh.write(json.dumps({"text": _huge_text()}) + "\n")
        fh.write(json.dumps({"text": "Nurse manager."}) + "\n")
    items = list(iter_items(expand_sources([table])))
    assert [i.error is None for i in items] == [True, False, True]
    assert "million-character limit" in items[1].error
    assert items[2].text == "Nurse manager."


def test_one_enormous_line_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("Python SQL Spark " * (MAX_LINE_CHARS // 10), encoding="utf-8")
    line = _one_line_error(path)
    assert "line 1 is" in line and f"{MAX_LINE_CHARS:,}-character limit" in line


@pytest.mark.parametrize("unit", ["python sql data engineer built pipelines. ", "1", "a."])
def test_long_lines_are_parsed_in_linear_time(unit: str) -> None:
    """A line just under the limit: every step was quadratic on one of these shapes (skills
    split char by char, an e-mail pattern rescanning a run, degree fields copying the line)."""
    text = (unit * (MAX_LINE_CHARS // len(unit)))[: MAX_LINE_CHARS - 10]
    doc = document_from_bytes(text.encode(), "long.txt", ".txt")
    started = time.perf_counter()
    parse_resume(doc)
    split_skills(text)
    assert time.perf_counter() - started < 6


@pytest.mark.parametrize("depth", [1_200, 5_000])
def test_deeply_nested_html_just_works(depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + "<p>Python engineer</p>" + "</div>" * depth
    doc = document_from_bytes(html.encode(), "deep.html", ".html")
    assert doc.text == "Python engineer"
    nested_list = "<ul><li>" * depth + "SQL"
    assert document_from_bytes(nested_list.encode(), "l.html", ".html").text == "- SQL"


def _looping_folder(tmp_path: Path) -> Path:
    top = tmp_path / "cvs"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text("Python engineer", encoding="utf-8")
    (top / "sub" / "b.md").write_text("SQL analyst", encoding="utf-8")
    os.symlink(".", top / "self")
    os.symlink("..", top / "sub" / "up")
    return top


def _expanded_in_a_child(inputs: list[str], cwd: Path) -> list[str]:
    """expand_sources in a child process with a timeout: a walk that follows the links grows
    without end (glob.glob reached 1 GB in 90 s), and must fail this test, not hang it."""
    code = ("import json, sys; from matcher.sources import expand_sources; "
            "print(json.dumps([s.path for s in expand_sources(sys.argv[1:])]))")
    result = subprocess.run([sys.executable, "-c", code, *inputs], cwd=cwd, capture_output=True,
                            text=True, timeout=30, check=True)
    return json.loads(result.stdout)


def test_directory_links_never_loop(tmp_path: Path) -> None:
    top = _looping_folder(tmp_path)
    want = [str(top / "a.txt"), str(top / "sub" / "b.md")]
    assert _expanded_in_a_child([str(top)], tmp_path) == want
    assert _expanded_in_a_child([str(top / "**" / "*.*")], tmp_path) == want
    assert [s.path for s in expand_sources([str(top / "**")])] == want


def test_relative_glob_through_links_never_loops(tmp_path: Path) -> None:
    _looping_folder(tmp_path)
    assert _expanded_in_a_child(["cvs/**/*.txt", "**/*.md"], tmp_path) == [
        "cvs/a.txt", "cvs/sub/b.md"]


def test_odt_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    odt = next((ROOT / "tests" / "fixtures" / "resume-layouts").glob("*.odt"))
    bomb = tmp_path / "bomb.odt"
    with zipfile.ZipFile(odt) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("Pictures/zeros.bin", b"\0" * (101 << 20))
    assert bomb.stat().st_size < 1 << 20
    line = _one_line_error(bomb)
    assert "ODT unzips to" in line and "over the 100 MB limit" in line
