"""Generate the binary and specially-encoded example files from text kept in examples/.

Run from the project root:

    python examples/make_binary.py            # writes into examples/
    python examples/make_binary.py OUT_DIR    # writes the same tree into OUT_DIR

Good inputs (built from the committed text sources):
    resumes/jane-doe-data-engineer.pdf   from resumes/jane-doe-data-engineer.md (reportlab)
    resumes/sam-lee-backend.docx         from resumes/sam-lee-backend.txt (python-docx)
    postings/data-engineer.docx          from postings/data-engineer.md (python-docx)

Bad-input fixtures (bad/): scanned.pdf, encrypted.pdf, empty.docx, corrupt.docx,
binary.bin, empty.txt, no-requirements.md, latin1-posting.txt, utf16-resume.txt,
mojibake-posting.md.

Everything is deterministic: fixed seeds, reportlab ``invariant=1``, fixed DOCX core
properties and fixed ZIP member timestamps, so a second run gives the same bytes.
All text is fictional and was written for this project.
"""

from __future__ import annotations

import datetime as _dt
import io
import random
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

EXAMPLES_DIR = Path(__file__).resolve().parent

ENCRYPTED_PDF_PASSWORD = "open-sesame"
FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
SEED = 20240101

# Outputs whose text content must be identical between runs (checked by tests).
TEXT_BEARING = (
    "resumes/jane-doe-data-engineer.pdf",
    "resumes/sam-lee-backend.docx",
    "postings/data-engineer.docx",
)

# --------------------------------------------------------------------------- text fixtures

NO_REQUIREMENTS_POSTING = """\
# Join Us at Maplewood Outdoor Co.

Maplewood Outdoor Co. has made tents, packs and sleeping bags in Bend, Oregon since 1987.
We are employee-owned, we repair everything we sell, and we close the shop on the first
powder day of every winter.

## Why work here

* Medical, dental and vision insurance for you and your family.
* Employee ownership plan after one year.
* 40% discount on all gear and free repairs for life.
* Paid volunteer days for trail maintenance.

## Our values

* Build things that last.
* Leave every campsite better than you found it.

Maplewood Outdoor Co. is an equal opportunity employer.

[See open roles](https://jobs.example.com/maplewood)
"""

# Contains é and ’ on purpose; written in cp1252 (not valid UTF-8).
LATIN1_POSTING = """\
Café Operations Analyst
Bistro Lumière Group - Montréal, QC

About us
Bistro Lumière Group runs eleven cafés and two bakeries across Québec. We’re growing, and
we need someone who can turn our sales and inventory data into decisions.

What you’ll do
• Build weekly sales, waste and labour reports for every café.
• Forecast ingredient orders with the kitchen managers.
• Find ways to cut food waste without running out of the popular items.

Requirements
• 3+ years of experience in business or operations analysis.
• Strong Excel skills and working knowledge of SQL.
• Bachelor’s degree in business, economics, statistics or a related field.
• Fluent in French and English.

Nice to have
• Experience with Power BI or Tableau.
• Experience in restaurants, retail or food service.

We’re an equal opportunity employer. Apply at https://jobs.example.com/lumiere/analyst
"""

# Written as UTF-16 with a BOM.
UTF16_RESUME = """\
Noémie Laurent
Montréal, QC · noemie.laurent@example.com · 555-0110

SUMMARY
Operations analyst with five years of experience turning café and retail data into weekly
reports and order forecasts. Bilingual in French and English.

EXPERIENCE

Operations Analyst, Boulangerie Saint-Denis — Mar 2021 – Present
- Built Excel and Power BI dashboards for sales, waste and labour across eight bakeries.
- Wrote SQL queries against the point-of-sale database to forecast flour and butter orders.
- Cut weekly food waste by 14% by adjusting late-afternoon bake quantities.

Junior Analyst, Épicerie Fine Rivard — Jun 2019 – Feb 2021
- Reconciled inventory counts and prepared monthly margin reports.

EDUCATION
B.Comm. in Operations Management, Université de Montréal, 2019

SKILLS
Tools: Excel, Power BI, SQL, Tableau
Languages: French (native), English (fluent)
"""

# Proper text; mojibake is applied when writing (UTF-8 bytes misread as cp1252).
MOJIBAKE_POSTING_CLEAN = """\
# Site Reliability Engineer

## Northstar Ledger

Northstar Ledger runs the industry’s most trusted payments ledger for credit unions – more
than 900 institutions rely on it every business day.

## What you’ll do

* Keep the team’s services available and fast, and own the on-call rotation with us.
* Automate deployments, capacity planning and failover drills.
* Lead incident reviews and turn each one into concrete fixes.

## Requirements

* 4+ years of experience in site reliability, infrastructure or backend engineering.
* Strong Linux, networking and scripting skills in Python or Go.
* Experience running Kubernetes and Terraform in production.
* Bachelor’s degree in Computer Science or equivalent experience.

## Nice to have

* Experience with PostgreSQL replication and backups.
* Knowledge of PCI DSS or SOC 2 controls.

## Benefits

* Health, dental and vision coverage.
* A four-day work week every other week.

Northstar Ledger is an equal opportunity employer.
"""


def mojibake(text: str) -> str:
    """Return ``text`` as it looks when its UTF-8 bytes are wrongly decoded as cp1252."""
    return text.encode("utf-8").decode("cp1252")


# --------------------------------------------------------------------------- helpers


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP (DOCX) with fixed member timestamps and order, for byte-stable output."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _save_docx(document, path: Path) -> None:
    props = document.core_properties
    props.author = "matcher examples"
    props.last_modified_by = "matcher examples"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def _blocks(lines: list[str]):
    """Group markdown-ish lines into (kind, text) blocks: h1/h2/h3, bullet, para."""
    para: list[str] = []

    def flush():
        if para:
            yield ("para", " ".join(para))
            para.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            yield from flush()
            continue
        m = re.match(r"^(#{1,3})\s+(.*)$", line)
        if m:
            yield from flush()
            yield (f"h{len(m.group(1))}", m.group(2))
        elif re.match(r"^[*\-•]\s+", line):
            yield from flush()
            yield ("bullet", re.sub(r"^[*\-•]\s+", "", line))
        else:
            para.append(line)
    yield from flush()


def _strip_md_links(text: str) -> str:
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1: \2", text)


# --------------------------------------------------------------------------- good inputs


def _register_fonts() -> tuple[str, str]:
    """Register reportlab's bundled Bitstream Vera TTFs.

    A TrueType font gets a ToUnicode map, so '•', '—', '–' and '·' come back out of the
    text layer as themselves (the built-in Helvetica encodes '•' as an unmapped 0x7F).
    """
    import os

    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font_dir = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, os.path.join(font_dir, file)))
    return "Vera", "VeraBd"


def make_resume_pdf(src: Path, dst: Path) -> None:
    """Markdown résumé → one-page PDF with a real text layer and '•' bullets."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    regular, bold = _register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, spaceAfter=3)
    bullet = ParagraphStyle(
        "bullet", parent=body, leftIndent=14, bulletIndent=3, bulletFontName=regular, spaceAfter=1
    )
    styles_for = {
        "h1": ParagraphStyle("name", fontName=bold, fontSize=20, leading=24, spaceAfter=4),
        "h2": ParagraphStyle(
            "section", fontName=bold, fontSize=12.5, leading=16, spaceBefore=9, spaceAfter=3
        ),
        "h3": ParagraphStyle(
            "role", fontName=bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2
        ),
        "para": body,
    }
    story = []
    for kind, text in _blocks(src.read_text(encoding="utf-8").splitlines()):
        text = escape(_strip_md_links(text))
        if kind == "bullet":
            story.append(Paragraph(text, bullet, bulletText="\u2022"))
        else:
            story.append(Paragraph(text, styles_for[kind]))

    doc = SimpleDocTemplate(
        str(dst),
        pagesize=LETTER,
        leftMargin=0.8 * inch,
        rightMargin=0.8 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.6 * inch,
        title=src.stem,
        author="matcher examples",
        creator="examples/make_binary.py",
        invariant=1,
    )
    doc.build(story)


def make_docx_from_text(src: Path, dst: Path) -> None:
    """Plain-text résumé → DOCX: ALL-CAPS lines become headings, '- ' lines become bullets."""
    import docx

    document = docx.Document()
    lines = src.read_text(encoding="utf-8").splitlines()
    first = True
    prev_len = 0  # length of the previous prose line; long lines are wrapped prose
    last_para = None
    for raw in lines:
        line = raw.strip()
        if not line:
            prev_len, last_para = 0, None
            continue
        if last_para is not None and prev_len >= 70 and not line.startswith(("- ", "• ", "* ")):
            last_para.add_run(" " + line)  # continuation of a wrapped summary line
            prev_len = len(line)
            continue
        prev_len, last_para = 0, None
        if first:
            document.add_heading(line.title(), level=0)
            first = False
        elif re.fullmatch(r"[A-Z][A-Z &/]+", line):
            document.add_heading(line.title(), level=1)
        elif line.startswith(("- ", "• ", "* ")):
            document.add_paragraph(line[2:].strip(), style="List Bullet")
        else:
            p = document.add_paragraph()
            run = p.add_run(line)
            prev_len, last_para = len(line), p
            # Bold the job-title lines (a line followed by a company line and a date line).
            if re.search(r"(Engineer|Developer)$", line):
                run.bold = True
    _save_docx(document, dst)


def make_docx_from_markdown(src: Path, dst: Path) -> None:
    import docx

    document = docx.Document()
    levels = {"h1": 0, "h2": 1, "h3": 2}
    for kind, text in _blocks(src.read_text(encoding="utf-8").splitlines()):
        text = _strip_md_links(text)
        if kind in levels:
            document.add_heading(text, level=levels[kind])
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    _save_docx(document, dst)


# --------------------------------------------------------------------------- bad inputs


def make_scanned_pdf(dst: Path) -> None:
    """One page that looks like a scanned document: shapes only, no text layer."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    rng = random.Random(SEED)
    c = canvas.Canvas(str(dst), pagesize=LETTER, invariant=1)
    width, height = LETTER
    c.setFillGray(0.96)
    c.rect(36, 36, width - 72, height - 72, stroke=1, fill=1)
    c.setFillGray(0.35)
    y = height - 90
    c.rect(72, y, 220, 18, stroke=0, fill=1)  # "name" bar
    y -= 40
    while y > 80:
        c.rect(72, y, rng.uniform(250, width - 150), 7, stroke=0, fill=1)  # "text line" bars
        y -= rng.choice((14, 14, 14, 28))
    c.showPage()
    c.save()


def make_encrypted_pdf(dst: Path) -> None:
    """A real text PDF encrypted with a user password (cannot be read without it)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=LETTER, invariant=1)
    text = c.beginText(72, 720)
    text.setFont("Helvetica", 11)
    for line in (
        "Morgan Ellis - morgan.ellis@example.com - 555-0190",
        "Senior Data Engineer, Tallgrass Logistics, 2019 - Present",
        "- Built Airflow pipelines loading Kafka data into Snowflake.",
        "Skills: Python, SQL, Spark, Airflow, AWS",
    ):
        text.textLine(line)
    c.drawText(text)
    c.showPage()
    c.save()

    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    fixed_id = ByteStringObject(bytes(range(16)))
    writer._ID = ArrayObject((fixed_id, fixed_id))  # fixed file ID → deterministic RC4 key
    writer.encrypt(user_password=ENCRYPTED_PDF_PASSWORD, algorithm="RC4-128")
    writer._ID = ArrayObject((fixed_id, fixed_id))  # encrypt() randomises the second ID
    with dst.open("wb") as fh:
        writer.write(fh)


def make_empty_docx(dst: Path) -> None:
    import docx

    _save_docx(docx.Document(), dst)


def make_corrupt_docx(dst: Path) -> None:
    """Starts like a ZIP (so it sniffs as DOCX) but is garbage after the signature."""
    rng = random.Random(SEED + 1)
    dst.write_bytes(b"PK\x03\x04" + rng.randbytes(1020))


def make_binary_bin(dst: Path) -> None:
    rng = random.Random(SEED + 2)
    data = bytearray(rng.randbytes(4096))
    for i in range(0, len(data), 64):  # guarantee plenty of NUL bytes
        data[i] = 0
    dst.write_bytes(bytes(data))


# --------------------------------------------------------------------------- driver


def make_applicants_csv(resume_dir: Path, dst: Path) -> None:
    """A recruiter's export: one applicant a row (id, name column left out, résumé text), the
    shape `matcher rank --text-column resume_text --id-column applicant_id` reads."""
    import csv

    sources = sorted(p for p in resume_dir.iterdir() if p.suffix in (".md", ".txt"))
    with dst.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["applicant_id", "resume_text"])
        for n, path in enumerate(sources, 1):
            writer.writerow([f"A{n:03d}", path.read_text(encoding="utf-8")])


def build_all(out_dir: Path | str = EXAMPLES_DIR, src_dir: Path | str = EXAMPLES_DIR) -> list[Path]:
    """Write every generated file under ``out_dir`` and return their paths.

    Text sources are read from ``src_dir`` (the committed examples/ folder by default).
    """
    out, src = Path(out_dir), Path(src_dir)
    for sub in ("resumes", "postings", "bad"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    written: list[Path] = []

    def target(rel: str) -> Path:
        p = out / rel
        written.append(p)
        return p

    make_resume_pdf(
        src / "resumes/jane-doe-data-engineer.md", target("resumes/jane-doe-data-engineer.pdf")
    )
    make_docx_from_text(src / "resumes/sam-lee-backend.txt", target("resumes/sam-lee-backend.docx"))
    make_docx_from_markdown(
        src / "postings/data-engineer.md", target("postings/data-engineer.docx")
    )

    make_applicants_csv(src / "resumes", target("applicants.csv"))

    make_scanned_pdf(target("bad/scanned.pdf"))
    make_encrypted_pdf(target("bad/encrypted.pdf"))
    make_empty_docx(target("bad/empty.docx"))
    make_corrupt_docx(target("bad/corrupt.docx"))
    make_binary_bin(target("bad/binary.bin"))
    target("bad/empty.txt").write_bytes(b"   \n\t\n  \r\n\n")
    target("bad/no-requirements.md").write_bytes(NO_REQUIREMENTS_POSTING.encode("utf-8"))
    target("bad/latin1-posting.txt").write_bytes(LATIN1_POSTING.encode("cp1252"))
    target("bad/utf16-resume.txt").write_bytes(b"\xff\xfe" + UTF16_RESUME.encode("utf-16-le"))
    target("bad/mojibake-posting.md").write_bytes(mojibake(MOJIBAKE_POSTING_CLEAN).encode("utf-8"))
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else EXAMPLES_DIR
    for p in build_all(out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
