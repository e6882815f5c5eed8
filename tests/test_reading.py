"""Reading files: formats, encodings, mojibake, and every bad input's one-line error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.errors import InputError
from matcher.reading import MAX_FILE_BYTES, read_document

POSTING = """# Data Analyst

## Requirements
* 3+ years of experience with SQL and Python
* Experience building dashboards in Tableau
"""


def _pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    y = 760
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    if not lines:
        c.rect(100, 100, 200, 200, fill=1)
    c.save()
    data = buf.getvalue()
    if encrypt:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(encrypt)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def _docx(path: Path, paragraphs: list[tuple[str, str]]) -> Path:
    import docx

    d = docx.Document()
    for style, text in paragraphs:
        d.add_paragraph(text, style=style)
    d.save(str(path))
    return path


def test_markdown_keeps_lines(tmp_path: Path) -> None:
    p = tmp_path / "p.md"
    p.write_text(POSTING, encoding="utf-8")
    doc = read_document(p)
    assert doc.format == "md"
    assert doc.text.splitlines()[3] == "* 3+ years of experience with SQL and Python"


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "Café manager – “résumé” review\nSecond line"
    p = tmp_path / "e.txt"
    p.write_bytes(prefix + text.encode(encoding))
    assert read_document(p).text == text


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    p = tmp_path / "m.md"
    p.write_text("Join the industryâ€™s fastest team â€” apply", encoding="utf-8")
    assert read_document(p).text == "Join the industry’s fastest team — apply"


def test_html_drops_scripts_and_keeps_structure(tmp_path: Path) -> None:
    p = tmp_path / "p.html"
    p.write_text(
        "<html><head><style>li{color:red}</style><script>var x='Kubernetes';</script></head>"
        "<body><h2>Requirements</h2><ul><li>Python and <b>SQL</b></li><li>5+ years</li></ul>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = read_document(p)
    assert doc.format == "html"
    assert doc.text.splitlines() == ["## Requirements", "- Python and SQL", "- 5+ years"]


def test_unknown_extension_read_as_text(tmp_path: Path) -> None:
    p = tmp_path / "posting.job"
    p.write_text(POSTING, encoding="utf-8")
    assert read_document(p).format == "txt"


def test_pdf_with_text(tmp_path: Path) -> None:
    doc = read_document(_pdf(tmp_path / "r.pdf", ["Jane Doe", "Built Spark pipelines in Python"]))
    assert doc.format == "pdf"
    assert "Built Spark pipelines in Python" in doc.text


def test_pdf_hidden_text_removed_and_reported(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    p = tmp_path / "h.pdf"
    c = canvas.Canvas(str(p), invariant=1)
    c.drawString(72, 720, "Built Spark pipelines in Python")
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 700, "Kubernetes Kubernetes Kubernetes")
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 1)
    c.drawString(72, 680, "tiny stuffed words")
    c.save()
    doc = read_document(p)
    assert "Kubernetes" not in doc.text and "tiny stuffed" not in doc.text
    assert "Spark pipelines" in doc.text
    assert any("white" in w for w in doc.warnings)
    assert any("smaller than" in w for w in doc.warnings)


def test_docx_headings_and_bullets(tmp_path: Path) -> None:
    p = _docx(
        tmp_path / "r.docx",
        [("Heading 1", "Experience"), ("List Bullet", "Led a team of five"), ("Normal", "Plain")],
    )
    assert read_document(p).text.splitlines() == ["# Experience", "- Led a team of five", "Plain"]


# --- bad input: library errors -----------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "dir").mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\t\n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.seek(MAX_FILE_BYTES + 10)
        fh.write(b"x")
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip file")
    not_word = tmp_path / "zip.docx"
    with zipfile.ZipFile(not_word, "w") as z:
        z.writestr("hello.txt", "hi")
    return {
        "missing": (tmp_path / "nope.md", "no such file"),
        "directory": (tmp_path / "dir", "is a directory"),
        "empty": (empty, "file is empty"),
        "binary": (binary, "binary file"),
        "huge": (big, "over the 20 MB limit"),
        "scanned": (_pdf(tmp_path / "scan.pdf", []), "no extractable text; scanned PDF?"),
        "encrypted": (_pdf(tmp_path / "enc.pdf", ["secret"], encrypt="pw"), "encrypted PDF"),
        "corrupt_docx": (corrupt, "not a valid DOCX"),
        "zip_not_docx": (not_word, "not a valid DOCX"),
        "empty_docx": (_docx(tmp_path / "e.docx", []), "DOCX has no text"),
        "broken_pdf": (_write(tmp_path / "b.pdf", b"%PDF-1.4\n garbage \x00\x01"), "PDF"),
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_CASES = [
    "missing", "directory", "empty", "binary", "huge", "scanned", "encrypted", "corrupt_docx",
    "zip_not_docx", "empty_docx", "broken_pdf",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_raises_input_error(tmp_path: Path, case: str) -> None:
    path, message = _bad_inputs(tmp_path)[case]
    with pytest.raises(InputError) as info:
        read_document(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_cli_one_line_exit_2(tmp_path: Path, case: str) -> None:
    path, message = _bad_inputs(tmp_path)[case]
    result = CliRunner().invoke(main, ["requirements", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("matcher: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_debug_shows_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", "requirements", str(tmp_path / "nope.md")])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
