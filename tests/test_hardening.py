"""Hardening: no input, however odd, gets past matcher as anything but a clear error.

- Property-based tests (hypothesis) on the readers and parsers: arbitrary bytes and text end
  as a Document / Posting / Resume or as the project's own InputError, and what comes out keeps
  its invariants (line numbers in range, unique ids, known kinds and sections).
- A bad-input matrix over every command that takes files: each bad input is one line on
  stderr starting with "matcher: error:" and exit status 2, never a traceback.
- Odd but valid input (cp1252, UTF-16, mojibake, HTML with scripts) is read and repaired.
- Determinism: the same inputs give byte-identical JSON across runs and across --engine.

Every test that can reach the encoder shares one module-scoped MATCHER_CACHE_DIR, so the ONNX
export is built once and the user's cache is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.cli import main
from matcher.data import KINDS, RESUME_SECTIONS, Document, Posting, Resume
from matcher.errors import InputError, NoRequirementsError
from matcher.facts import find_date_ranges, requirement_facts
from matcher.postings import parse_posting
from matcher.reading import MAX_FILE_BYTES, document_from_bytes, document_from_text
from matcher.redaction import redact_text
from matcher.resumes import parse_resume
from matcher.stuffing import is_stuffed

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POSTING = EXAMPLES / "postings" / "data-engineer.md"
RESUME = EXAMPLES / "resumes" / "jane-doe-data-engineer.md"
BAD = EXAMPLES / "bad"
AS_OF = "2026-11-23"

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)




@pytest.fixture(autouse=True)
def _isolated_cache(module_cache_dir, monkeypatch):
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(module_cache_dir))


# --- strategies ----------------------------------------------------------------------------

HEADINGS = [
    "# Senior Widget Engineer", "## Requirements", "Requirements:", "**Qualifications**",
    "Minimum Qualifications", "Preferred Qualifications", "Nice to have", "## Responsibilities",
    "What you'll do", "About us", "Benefits", "EXPERIENCE", "Education", "Skills", "Summary",
    "## Projects", "Certifications", "Equal Opportunity Employer",
]
BULLETS = ["- ", "* ", "• ", "1. ", "2) ", "o ", "– ", "", "    - ", "> "]
PHRASES = [
    "5+ years of experience with Python and SQL",
    "Bachelor's degree in Computer Science or equivalent practical experience",
    "Experience with Kubernetes is a plus",
    "Must hold an active RN licence",
    "Design and build data pipelines",
    "Fluent in English and Spanish",
    "Managed a team of 12 engineers",
    "Senior Engineer, Acme Corp — Jan 2019 – Present",
    "Jan 2020 - Dec 2021", "06/2017 to 02/2021", "2016 – 2018", "since 2019",
    "Python, Python, Python, Python, Python",
    "jane@example.com | (555) 123-4567 | github.com/jane",
    "Skills: Python, SQL, Spark, Airflow",
    "BSN required; MSN preferred",
    "Remote (US) or hybrid in Berlin",
    "industryâ€™s fastest team â€” apply",
    "<b>bold</b> <script>alert(1)</script>",
    "10+ yrs", "PhD", "M.S.", "12 month contract",
]
# text with surrogates cannot be encoded, so no file could hold it
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=2000)


@st.composite
def posting_like(draw: st.DrawFn) -> str:
    """Text shaped like postings and résumés: headings, bullets, dates, random unicode, very
    long lines, and sometimes no line breaks at all."""
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            lines.append(draw(st.sampled_from(HEADINGS)))
        elif choice in (1, 2):
            lines.append(draw(st.sampled_from(BULLETS)) + draw(st.sampled_from(PHRASES)))
        elif choice == 3:
            lines.append(draw(st.sampled_from(BULLETS)) + draw(ANY_TEXT.filter(lambda t: len(t) < 200)))
        elif choice == 4:
            lines.append("")
        else:  # a very long line: scraped postings glue everything together
            lines.append(" ".join(draw(st.lists(st.sampled_from(PHRASES + HEADINGS),
                                                min_size=10, max_size=60))))
    sep = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", " ", "\n\n", "\u2028", "\x0c"]))
    return sep.join(lines)


TEXTS = st.one_of(ANY_TEXT, posting_like())


def _line_count(doc: Document) -> int:
    return len(doc.text.split("\n"))


# --- readers and parsers -------------------------------------------------------------------


REAL_FILES = [EXAMPLES / "postings" / "data-engineer.docx",
              EXAMPLES / "resumes" / "jane-doe-data-engineer.pdf"]


@st.composite
def damaged_file(draw: st.DrawFn) -> bytes:
    """A real PDF or DOCX, truncated or with some bytes overwritten."""
    data = bytearray(draw(st.sampled_from(REAL_FILES)).read_bytes())
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 8))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".pdf", ".docx", ".bin"])
@PROPERTY
@given(data=st.one_of(
    st.binary(max_size=4096),
    damaged_file(),
    st.sampled_from([b"%PDF-", b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf",
                     b"<html>", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"]).flatmap(
        lambda head: st.binary(max_size=2048).map(lambda tail: head + tail)),
    TEXTS.map(lambda t: t.encode("utf-8")),
))
def test_document_from_bytes_returns_a_document_or_input_error(suffix: str, data: bytes) -> None:
    try:
        doc = document_from_bytes(data, "x", suffix)
    except InputError as e:
        assert str(e).startswith("x: ") and "\n" not in str(e)
        return
    assert isinstance(doc, Document)
    assert doc.text.strip()
    assert "\r" not in doc.text


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
@PROPERTY
@given(text=TEXTS)
def test_document_from_text_and_parse_posting(fmt: str, text: str) -> None:
    try:
        doc = document_from_text(text, "x", fmt)
    except InputError as e:  # nothing left after repair (blank, control characters, tags)
        assert str(e) == "x: file has no text"
        return
    try:
        posting = parse_posting(doc)
    except NoRequirementsError:
        return
    assert isinstance(posting, Posting)
    assert posting.requirements
    n = _line_count(doc)
    ids = [r.id for r in posting.requirements]
    assert len(ids) == len(set(ids))
    for r in posting.requirements:
        assert r.text.strip(), r
        assert r.kind in KINDS, r
        assert 1 <= r.line <= n, (r, n)


@PROPERTY
@given(text=TEXTS)
def test_parse_resume_keeps_its_invariants(text: str) -> None:
    try:
        doc = document_from_text(text, "x", "txt")
    except InputError:
        return
    resume = parse_resume(doc)
    assert isinstance(resume, Resume)
    n = _line_count(doc)
    ids = [e.id for e in resume.evidence]
    assert len(ids) == len(set(ids))
    for e in resume.evidence:
        assert e.text.strip(), e
        assert e.section in RESUME_SECTIONS, e
        assert 1 <= e.line <= n, (e, n)
    for d in resume.degrees:
        assert 1 <= d.line <= n, (d, n)
    for r in resume.roles:
        assert 1 <= r.line <= n, (r, n)


@PROPERTY
@given(text=TEXTS)
def test_facts_redaction_and_stuffing_never_raise(text: str) -> None:
    requirement_facts(text)
    find_date_ranges(text)
    assert len(redact_text(text).split("\n")) == len(text.split("\n"))
    assert is_stuffed(text) in (True, False)


# --- bad inputs on every command -------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    """Every kind of bad input, by name; 'no-requirements' only fails where a posting goes,
    'no-evidence' (a name and contacts, nothing else) where a résumé goes."""
    root = tmp_path_factory.mktemp("bad")
    name_only = root / "name-only.txt"
    name_only.write_text("Jane Doe\njane.doe@example.com | 555-0100\n", encoding="utf-8")
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    blank = root / "blank.md"
    blank.write_text("  \n\t\n   \n", encoding="utf-8")
    huge = root / "huge.txt"
    with open(huge, "wb") as fh:  # sparse: no disk space used
        fh.seek(MAX_FILE_BYTES + 1)
        fh.write(b"\n")
    folder = root / "a-folder.md"
    folder.mkdir()
    truncated = root / "truncated.pdf"  # a download cut short
    pdf = (EXAMPLES / "resumes" / "jane-doe-data-engineer.pdf").read_bytes()
    truncated.write_bytes(pdf[: len(pdf) // 2])
    return {
        "missing": root / "missing.md",
        "empty": empty,
        "whitespace": blank,
        "binary": BAD / "binary.bin",
        "huge": huge,
        "encrypted-pdf": BAD / "encrypted.pdf",
        "scanned-pdf": BAD / "scanned.pdf",
        "truncated-pdf": truncated,
        "corrupt-docx": BAD / "corrupt.docx",
        "empty-docx": BAD / "empty.docx",
        "directory": folder,
        "no-requirements": BAD / "no-requirements.md",
        "no-evidence": name_only,
    }


BAD_ANY = ["missing", "empty", "whitespace", "binary", "huge", "encrypted-pdf", "scanned-pdf",
           "truncated-pdf", "corrupt-docx", "empty-docx", "directory"]
BAD_RESUME = [*BAD_ANY, "no-evidence"]
BAD_POSTING = [*BAD_ANY, "no-requirements"]


def _invoke(args: list[str]):
    return CliRunner().invoke(main, [str(a) for a in args])


def _assert_one_line_error(result) -> None:  # noqa: ANN001 - click Result
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    assert "Traceback" not in result.stderr + result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("matcher: error:") and lines[0][len("matcher: error:"):].strip()


@pytest.mark.parametrize("bad", BAD_POSTING)
@pytest.mark.parametrize("command", [
    "requirements", "score-posting", "gaps-posting", "rank-posting",
])
def test_bad_posting_is_one_line_and_exit_2(bad_files, command: str, bad: str) -> None:
    path = bad_files[bad]
    args = {
        "requirements": ["requirements", path],
        "score-posting": ["score", path, RESUME],
        "gaps-posting": ["gaps", path, RESUME],
        "rank-posting": ["rank", "-q", "--posting", path, RESUME],
    }[command]
    _assert_one_line_error(_invoke(args))


@pytest.mark.parametrize("bad", BAD_RESUME)
@pytest.mark.parametrize("command", ["score-resume", "gaps-resume", "rank-resume"])
def test_bad_resume_is_one_line_and_exit_2(bad_files, command: str, bad: str) -> None:
    path = bad_files[bad]
    args = {
        "score-resume": ["score", POSTING, path],
        "gaps-resume": ["gaps", POSTING, path],
        "rank-resume": ["rank", "-q", "--resume", path, POSTING],
    }[command]
    _assert_one_line_error(_invoke(args))


@pytest.mark.parametrize("command", ["score", "gaps", "rank"])
def test_unknown_model_is_one_line_and_exit_2(command: str) -> None:
    args = {
        "score": ["score", POSTING, RESUME],
        "gaps": ["gaps", POSTING, RESUME],
        "rank": ["rank", "-q", "--posting", POSTING, RESUME],
    }[command]
    result = _invoke([*args, "--model", "no-such-model"])
    _assert_one_line_error(result)
    assert "no-such-model" in result.stderr


@pytest.mark.parametrize("command", ["requirements", "score-posting", "score-resume"])
def test_damaged_pdf_is_one_line_in_a_real_process(bad_files, module_cache_dir, command: str) -> None:
    """pypdf logs its complaints about damaged files; in a real process (no pytest log capture)
    they must not reach stderr beside matcher's own line."""
    bad = bad_files["truncated-pdf"]
    args = {
        "requirements": ["requirements", bad],
        "score-posting": ["score", bad, RESUME],
        "score-resume": ["score", POSTING, bad],
    }[command]
    env = {**os.environ, "MATCHER_CACHE_DIR": str(module_cache_dir)}
    proc = subprocess.run([sys.executable, "-m", "matcher", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"matcher: error: {bad}: not a readable PDF")


def test_output_into_a_missing_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "requirements.json"
    result = _invoke(["requirements", POSTING, "-f", "json", "-o", out])
    _assert_one_line_error(result)
    assert str(out) in result.stderr


def test_table_without_the_text_column_is_one_line_and_exit_2(tmp_path: Path) -> None:
    table = tmp_path / "resumes.csv"
    table.write_text("id,body\n1,Python developer\n", encoding="utf-8")
    result = _invoke(["rank", "-q", "--posting", POSTING, table, "--text-column", "nope"])
    _assert_one_line_error(result)
    assert "'nope'" in result.stderr and "body" in result.stderr


@pytest.mark.parametrize("case", [
    "missing", "file-not-folder", "no-gold", "gold-not-json", "gold-a-list", "gold-no-postings",
    "gold-postings-a-list", "gold-labels-not-lists",
])
def test_eval_extraction_bad_folder_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    folder = tmp_path / "gold"
    if case == "file-not-folder":
        folder.write_text("not a folder", encoding="utf-8")
    elif case != "missing":
        folder.mkdir()
        gold = {
            "no-gold": None,
            "gold-not-json": "{not json",
            "gold-a-list": "[]",
            "gold-no-postings": "{}",
            "gold-postings-a-list": '{"postings": ["a.md"]}',
            "gold-labels-not-lists": '{"postings": {"a.md": {"required": 3}}}',
        }[case]
        if gold is not None:
            (folder / "gold.json").write_text(gold, encoding="utf-8")
        shutil.copy(POSTING, folder / "a.md")
    _assert_one_line_error(_invoke(["eval", "extraction", folder]))


# --- rank: a bad document among many is skipped, or fatal with --strict ----------------------


@pytest.mark.slow
@pytest.mark.parametrize("bad", BAD_ANY)
def test_rank_skips_a_bad_document_and_strict_fails(bad_files, bad: str) -> None:
    path = bad_files[bad]
    if bad == "directory":  # a directory among DOCUMENTS is searched, not an error: use a glob
        path = bad_files["missing"].parent / "nothing-matches-*.md"
    args = ["rank", "-q", "--posting", POSTING, RESUME, path, "-f", "json"]
    result = _invoke(args)
    assert result.exit_code == 0, (result.output, result.stderr)
    out = json.loads(result.stdout)
    assert [e["id"] for e in out["results"]] == [str(RESUME)]
    assert [s["id"] for s in out["skipped"]] == [str(path)]
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("matcher: skipped 1 unreadable document:")
    assert str(path) in result.stderr

    strict = _invoke([*args, "--strict"])
    _assert_one_line_error(strict)
    assert str(path) in strict.stderr and "--strict" in strict.stderr


# --- odd but valid input ---------------------------------------------------------------------


def test_cp1252_posting_is_decoded() -> None:
    result = _invoke(["requirements", BAD / "latin1-posting.txt", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert "Café" in result.stdout and "Ã" not in result.stdout
    assert json.loads(result.stdout)["requirements"]


def test_mojibake_posting_is_repaired() -> None:
    result = _invoke(["requirements", BAD / "mojibake-posting.md", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    reqs = json.loads(result.stdout)["requirements"]
    assert reqs
    assert not any(s in result.stdout for s in ("â€", "Ã", "\ufffd"))


def test_html_posting_drops_scripts_and_styles() -> None:
    html = EXAMPLES / "postings" / "nurse-manager.html"
    result = _invoke(["requirements", html, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    texts = [r["text"] for r in json.loads(result.stdout)["requirements"]]
    assert texts
    assert not any(w in result.stdout for w in (
        "15+", "marketing analytics", "dataLayer", "trackApply", "font-family", "apply-button",
    ))


@pytest.mark.slow
def test_utf16_resume_scores_against_a_cp1252_posting() -> None:
    result = _invoke(["score", BAD / "latin1-posting.txt", BAD / "utf16-resume.txt",
                      "-f", "json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    evidence = [e["text"] for m in report["requirements"] for e in m["evidence"]]
    assert evidence
    assert not any("\x00" in t or "\ufffd" in t or "ÿþ" in t for t in evidence)
    assert "Montréal" in result.stdout or "café" in result.stdout


# --- determinism -----------------------------------------------------------------------------


@pytest.mark.slow
def test_score_json_is_byte_identical_across_runs() -> None:
    args = ["score", POSTING, RESUME, "-f", "json", "--as-of", AS_OF]
    first, second = _invoke(args), _invoke(args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout_bytes == second.stdout_bytes


@pytest.mark.slow
def test_rank_json_is_byte_identical_across_engines(bad_files) -> None:
    """Several chunks, so results from two workers are merged; skipped documents included, so
    both engines must judge a bad file alike (the size limit too)."""
    pytest.importorskip("distributed")
    args = ["rank", "-q", "--posting", POSTING, EXAMPLES / "resumes", bad_files["empty"],
            bad_files["huge"], "--chunk-size", "3", "-f", "json"]
    local = _invoke([*args, "--engine", "local"])
    assert local.exit_code == 0, local.stderr
    assert len(json.loads(local.stdout)["skipped"]) == 2
    again = _invoke([*args, "--engine", "local"])
    assert local.stdout_bytes == again.stdout_bytes
    dask = _invoke([*args, "--engine", "dask"])
    assert dask.exit_code == 0, dask.stderr
    assert json.loads(local.stdout) == json.loads(dask.stdout)
    assert local.stdout_bytes == dask.stdout_bytes
