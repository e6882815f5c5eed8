"""Documents as people have them: layout-aware PDF text, RTF, ODT, JSON Resume, JobPosting
JSON-LD, JSON-lines under a .json name, folder scans that list what they skip, and swapped
posting / résumé arguments."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_rank import TODAY, FakeFactory

from matcher import ranking
from matcher.cli import main
from matcher.doctype import document_kind
from matcher.errors import InputError
from matcher.layout import normalise_bullets, pdf_pages_to_text, reflow_lines
from matcher.postings import parse_posting
from matcher.ranking import rank_postings, rank_resumes
from matcher.reading import document_from_bytes, read_document
from matcher.resumes import parse_resume
from matcher.sources import expand_sources

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POSTING = EXAMPLES / "postings" / "data-engineer.md"
RESUME = EXAMPLES / "resumes" / "jane-doe-data-engineer.md"

ITEMS = [
    "Write technical documentation for our external developer audience, such as API reference "
    "docs and developer guides.",
    "Experience with different libraries such as SciKit Learn, NumPy, Pandas, Matplotlib and "
    "Seaborn for data analysis and visualisation.",
    "3+ years of experience building production machine learning systems in Python.",
]


def _posting_pdf(lone_glyph: bool, pages: int = 1) -> bytes:
    """A posting PDF with wrapped bullets, the way word processors export them."""
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    listed = ParagraphStyle("l", parent=styles["BodyText"], leftIndent=14, bulletIndent=2)
    story = [Paragraph("Machine Learning Engineer", styles["Title"])]
    for page in range(pages):
        if page:
            story.append(PageBreak())
        story.append(Paragraph("Experience and qualifications", styles["Heading2"]))
        for item in ITEMS:
            if lone_glyph:
                story += [Paragraph("●", styles["BodyText"]), Paragraph(item, styles["BodyText"])]
            else:
                story.append(Paragraph(item, listed, bulletText="●"))

    def furniture(canvas, doc) -> None:  # noqa: ANN001
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 760, "Acme Careers · confidential")
        canvas.drawString(72, 30, f"Page {doc.page} of {pages}")

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, leftMargin=170, rightMargin=170, invariant=1).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


# --- PDF layout --------------------------------------------------------------------------------


@pytest.mark.parametrize("lone_glyph", [True, False])
def test_wrapped_pdf_bullets_are_whole_items(lone_glyph: bool) -> None:
    doc = document_from_bytes(_posting_pdf(lone_glyph), "p.pdf")
    posting = parse_posting(doc)
    assert [r.text for r in posting.requirements] == ITEMS
    assert all(r.kind == "required" for r in posting.requirements)
    assert "●" not in doc.text


def test_page_headers_footers_and_numbers_are_dropped() -> None:
    doc = document_from_bytes(_posting_pdf(False, pages=3), "p.pdf")
    assert "Acme Careers" not in doc.text and "Page " not in doc.text
    assert doc.text.count(ITEMS[0]) == 3


def test_reflow_undoes_hyphenation_and_keeps_short_lines() -> None:
    lines = [
        "Jane Doe",
        "Senior Data Engineer",
        "",
        "Designed and operated the company's event pipeline, moving two billion mes-",
        "sages a day from Kafka into the warehouse with exactly-once delivery and a data-",
        "driven alerting scheme.",
    ]
    out = reflow_lines(lines)
    assert out[:2] == ["Jane Doe", "Senior Data Engineer"]
    assert ("Designed and operated the company's event pipeline, moving two billion messages a "
            "day from Kafka into the warehouse with exactly-once delivery and a data-driven "
            "alerting scheme.") in out


def test_two_column_page_is_read_column_by_column() -> None:
    left = ["SKILLS", "Python, SQL", "Airflow", "", "CONTACT", "jane@example.com", "Denver CO",
            "", "LANGUAGES", "English"]
    right = ["EXPERIENCE", "Senior Data Engineer, Flatiron", "Jan 2020 - Present",
             "- Built the billing pipeline", "", "Data Engineer, Cobalt", "2016 - 2019",
             "- Wrote Airflow DAGs", "", "EDUCATION"]
    page = "\n".join(f"   {a:<28}      {b}" for a, b in zip(left, right))
    text = pdf_pages_to_text([page])
    assert text.index("Python, SQL") < text.index("English") < text.index("EXPERIENCE")
    assert "Senior Data Engineer, Flatiron\nJan 2020 - Present" in text


def _two_column_resume_pdf() -> bytes:
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    listed = ParagraphStyle("l", parent=body, leftIndent=12, bulletIndent=0)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, invariant=1)
    doc.addPageTemplates([PageTemplate(frames=[Frame(36, 36, 170, 720, id="side"),
                                               Frame(220, 36, 356, 720, id="main")])])
    story = [
        Paragraph("<b>Jane Doe</b>", styles["Title"]), Paragraph("jane@example.com", body),
        Paragraph("<b>SKILLS</b>", styles["Heading3"]),
        Paragraph("Python, SQL, Airflow, Kafka, Spark, dbt, Terraform and Kubernetes", body),
        FrameBreak(), Paragraph("<b>EXPERIENCE</b>", styles["Heading2"]),
        Paragraph("Senior Data Engineer, Tallgrass Logistics", body),
        Paragraph("Jan 2020 – Present", body),
        Paragraph("Built the event pipeline that moves two billion messages a day from Kafka into "
                  "the warehouse with exactly-once delivery", listed, bulletText="•"),
        Paragraph("Data Engineer, Brightline Retail Group", body),
        Paragraph("Jun 2017 – Dec 2019", body),
        Paragraph("Wrote Airflow DAGs for 40 daily jobs and the data quality checks that guard "
                  "them", listed, bulletText="•"),
    ]
    doc.build(story)
    return buffer.getvalue()


def test_two_column_resume_pdf_reads_in_order() -> None:
    doc = document_from_bytes(_two_column_resume_pdf(), "r.pdf")
    assert "Python, SQL, Airflow, Kafka, Spark, dbt, Terraform and Kubernetes" in doc.text
    resume = parse_resume(doc, today=TODAY)
    assert [(r.title, r.employer, r.start) for r in resume.roles] == [
        ("Senior Data Engineer", "Tallgrass Logistics", (2020, 1)),
        ("Data Engineer", "Brightline Retail Group", (2017, 6))]
    assert any(e.text.startswith("Built the event pipeline") and e.text.endswith("delivery")
               for e in resume.evidence)


@pytest.mark.parametrize("glyph", ["\x7f", "\uf0b7", "●", "▪", "\uf0a7"])
def test_bullet_glyphs_of_any_font_become_bullets(glyph: str) -> None:
    assert normalise_bullets(f"{glyph} Led the platform team\n{glyph}Built APIs") == (
        "• Led the platform team\n• Built APIs")
    text = f"EXPERIENCE\nStaff Engineer, Acme\n2019 - 2023\n{glyph} Led the platform team\n"
    resume = parse_resume(document_from_bytes(text.encode(), "r.txt"))
    assert [r.title for r in resume.roles] == ["Staff Engineer"]
    assert all(glyph not in e.text for e in resume.evidence)


# --- more formats ------------------------------------------------------------------------------

RTF = (r"{\rtf1\ansi\deff0{\fonttbl{\f0 Calibri;}{\f1 Symbol;}}"
       r"\pard\b Jane Doe\b0\par Senior Data Engineer\par\par"
       r"\pard\b EXPERIENCE\b0\par Senior Data Engineer, Flatiron Freight\par Jan 2020 - Present\par"
       r"{\f1\'b7}\tab Built a Kafka pipeline processing 2 TB a day\par"
       r"\pard\b SKILLS\b0\par Python, SQL, Airflow\par}")


def test_rtf_is_read_as_text_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "jane.rtf"
    path.write_text(RTF, encoding="ascii")
    doc = read_document(path)
    assert doc.format == "rtf" and "\\par" not in doc.text and "rtf1" not in doc.text
    resume = parse_resume(doc)
    assert [(r.title, r.employer) for r in resume.roles] == [
        ("Senior Data Engineer", "Flatiron Freight")]
    assert any("Kafka pipeline" in e.text and e.unit == "bullet" for e in resume.evidence)


def _odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Data Engineer"))
    doc.text.addElement(H(outlinelevel=2, text="Requirements"))
    items = List()
    for text in ("3+ years of experience with Python and SQL",
                 "Experience with Airflow or Dagster"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    doc.text.addElement(items)
    doc.save(str(path))
    return path


def test_odt_is_read_with_headings_and_lists(tmp_path: Path) -> None:
    doc = read_document(_odt(tmp_path / "posting.odt"))
    assert doc.format == "odt"
    posting = parse_posting(doc)
    assert posting.title == "Data Engineer"
    assert [r.text for r in posting.requirements] == [
        "3+ years of experience with Python and SQL", "Experience with Airflow or Dagster"]


JSON_RESUME = {
    "basics": {"name": "Ada Quinn", "label": "Data Engineer", "email": "ada@example.com"},
    "work": [
        {"name": "Flatiron Freight", "position": "Senior Data Engineer", "startDate": "2020-02",
         "highlights": ["Built a Kafka and Spark pipeline processing 2 TB a day"]},
        {"name": "Cobalt Analytics", "position": "Data Engineer", "startDate": "2016-06-01",
         "endDate": "2020-01-31"},
    ],
    "education": [{"institution": "University of Colorado", "area": "Computer Science",
                   "studyType": "Bachelor of Science"}],
    "skills": [{"name": "Languages", "keywords": ["Python", "SQL"]}],
}


def test_json_resume_becomes_a_resume_with_dated_roles(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(JSON_RESUME), encoding="utf-8")
    resume = parse_resume(read_document(path), today=TODAY)
    assert [(r.title, r.employer, r.start, r.end) for r in resume.roles] == [
        ("Senior Data Engineer", "Flatiron Freight", (2020, 2), None),
        ("Data Engineer", "Cobalt Analytics", (2016, 6), (2020, 1)),
    ]
    assert [d.level for d in resume.degrees] == ["bachelor"]
    assert any("Kafka" in e.text for e in resume.evidence)


def test_other_json_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    with pytest.raises(InputError, match="neither a JSON Resume"):
        read_document(path)


def _career_page(fields: dict) -> bytes:
    ld = {"@context": "https://schema.org", "@type": "JobPosting", **fields}
    return (
        "<!doctype html><html><head><script type='application/ld+json'>"
        f"{json.dumps(ld)}</script></head><body><nav>Home Jobs Teams Benefits</nav>"
        "<p>Cookie settings</p></body></html>"
    ).encode()


def test_job_posting_json_ld_is_the_posting() -> None:
    page = _career_page({
        "title": "Platform Engineer",
        "description": "<p>Acme builds tools for farmers.</p>",
        "responsibilities": ["Run our Kubernetes clusters", "Own the CI pipeline"],
        "qualifications": "<ul><li>5+ years of experience with Linux</li>"
                          "<li>Experience with Terraform</li></ul>",
        "experienceRequirements": {"@type": "OccupationalExperienceRequirements",
                                   "monthsOfExperience": 36},
        "educationRequirements": {"@type": "EducationalOccupationalCredential",
                                  "credentialCategory": "bachelor degree"},
    })
    posting = parse_posting(document_from_bytes(page, "job.html"))
    assert posting.title == "Platform Engineer"
    found = {(r.text, r.kind) for r in posting.requirements}
    assert ("Run our Kubernetes clusters", "responsibility") in found
    assert ("5+ years of experience with Linux", "required") in found
    assert ("3 years of experience", "required") in found
    assert ("bachelor degree", "required") in found
    assert not any("Cookie" in r.text or "Home" in r.text for r in posting.requirements)


# --- folders and tables ------------------------------------------------------------------------


def test_json_lines_named_json_is_a_table(tmp_path: Path) -> None:
    rows = tmp_path / "resumes.json"
    body = RESUME.read_text(encoding="utf-8")
    rows.write_text("\n".join(json.dumps({"id": f"r{i}", "text": body}) for i in range(3)),
                    encoding="utf-8")
    assert [s.kind for s in expand_sources([rows])] == ["jsonl"]
    result = rank_resumes(POSTING, [rows], id_column="id", scorer_factory=FakeFactory(),
                          today=TODAY)
    assert sorted(e.id for e in result.entries) == ["r0", "r1", "r2"]


def test_folder_scan_reads_new_formats_and_lists_every_skip(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RESUME, folder / "a.md")
    (folder / "b.rtf").write_text(RTF, encoding="ascii")
    (folder / "c.json").write_text(json.dumps(JSON_RESUME), encoding="utf-8")
    (folder / "notes.xyz").write_text("hello", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    (folder / "table.csv").write_text("text\nhello\n", encoding="utf-8")
    (folder / ".hidden.md").write_text("x", encoding="utf-8")
    result = rank_resumes(POSTING, [folder], scorer_factory=FakeFactory(), today=TODAY)
    assert sorted(Path(e.id).name for e in result.entries) == ["a.md", "b.rtf", "c.json"]
    skipped = {Path(s.id).name: s.reason for s in result.skipped}
    assert set(skipped) == {"notes.xyz", "photo.png", "table.csv"}
    assert "unsupported file type ('.xyz'" in skipped["notes.xyz"]
    assert "name the table" in skipped["table.csv"]


# --- swapped documents -------------------------------------------------------------------------


def _cli(*args: str):  # noqa: ANN202
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", ["score", "gaps"])
def test_swapped_arguments_are_a_one_line_error(command: str) -> None:
    result = _cli(command, str(RESUME), str(POSTING))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "this looks like a résumé" in result.stderr
    assert f"usage: matcher {command} POSTING RESUME" in result.stderr


def test_force_scores_swapped_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    from matcher import api

    seen = {}

    def fake_score(posting, resume, **options):  # noqa: ANN001, ANN202
        seen.update(options)
        raise InputError("x", "stop here")

    monkeypatch.setattr(api, "score", fake_score)
    _cli("score", "--force", str(RESUME), str(POSTING))
    assert seen["force"] is True
    # the check itself lets a forced pair through
    posting = api.read_posting(RESUME)
    assert posting.requirements


def test_rank_refuses_a_resume_as_the_posting_and_skips_wrong_kinds(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ranking, "ScorerFactory", FakeFactory)
    result = _cli("rank", "-q", "--posting", str(RESUME), str(EXAMPLES / "resumes"))
    assert result.exit_code == 2 and "this looks like a résumé" in result.stderr
    assert "matcher rank --posting POSTING" in result.stderr
    ranked = rank_postings(RESUME, [POSTING, EXAMPLES / "resumes" / "sam-lee-backend.txt"],
                           scorer_factory=FakeFactory(), today=TODAY)
    assert [e.id for e in ranked.entries] == [str(POSTING)]
    assert "looks like a résumé" in ranked.skipped[0].reason
    forced = rank_postings(RESUME, [POSTING, EXAMPLES / "resumes" / "sam-lee-backend.txt"],
                           scorer_factory=FakeFactory(), today=TODAY, force=True)
    assert len(forced.entries) == 2


def test_every_example_reads_as_its_kind() -> None:
    for path in sorted((EXAMPLES / "postings").iterdir()):
        assert document_kind(read_document(path).text) == "posting", path.name
    for path in sorted((EXAMPLES / "resumes").iterdir()):
        assert document_kind(read_document(path).text) == "résumé", path.name


def test_json_lines_named_json_is_not_one_resume(tmp_path: Path) -> None:
    rows = tmp_path / "rows.json"
    rows.write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    result = _cli("score", str(POSTING), str(rows))
    assert result.exit_code == 2 and "JSON-lines" in result.stderr


@pytest.mark.parametrize("name,data,reason", [
    ("broken.odt", None, "not a valid ODT file"),
    ("broken.json", b'{"basics": {"name": "A"', "not valid JSON"),
    ("odd.json", json.dumps({"basics": "x", "work": ["a", 3, {"position": 5}], "education": 7,
                             "skills": [{"keywords": "Python"}]}).encode(), None),
])
def test_bad_new_format_files_are_one_line_errors(tmp_path: Path, name: str, data, reason
                                                  ) -> None:  # noqa: ANN001
    path = tmp_path / name
    if data is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content>broken")
    else:
        path.write_bytes(data)
    if reason is None:  # odd values are skipped, what is left is read
        assert "Python" in read_document(path).text
        return
    with pytest.raises(InputError, match=reason):
        read_document(path)


def test_json_ld_with_odd_values_still_reads() -> None:
    page = _career_page({"title": ["x"], "qualifications": [{"a": 1}, 7, "Experience with Go"],
                         "experienceRequirements": {"monthsOfExperience": "many"}})
    posting = parse_posting(document_from_bytes(page, "job.html"))
    assert [r.text for r in posting.requirements] == ["Experience with Go"]


WRAPPED_POSTING = """Technical Writer

What you will do
- Write technical documentation for our external developer audience, such as
API reference docs and developer guides.
- Work with engineers and product managers to plan the documentation for new
APIs, SDKs and command-line tools before they launch.
- Review documentation written by engineers.

Requirements
- 3+ years of experience writing documentation for software developers, including
REST APIs and client libraries.
- Experience with docs-as-code tooling such as Git, Markdown and static site
Generators.
- A portfolio of published writing samples.
"""


def test_hard_wrapped_text_posting_items_are_whole() -> None:
    posting = parse_posting(document_from_bytes(WRAPPED_POSTING.encode(), "p.txt"))
    assert [r.text for r in posting.requirements] == [
        "Write technical documentation for our external developer audience, such as API "
        "reference docs and developer guides.",
        "Work with engineers and product managers to plan the documentation for new APIs, SDKs "
        "and command-line tools before they launch.",
        "Review documentation written by engineers.",
        "3+ years of experience writing documentation for software developers, including REST "
        "APIs and client libraries.",
        "Experience with docs-as-code tooling such as Git, Markdown and static site Generators.",
        "A portfolio of published writing samples.",
    ]
    assert [r.line for r in posting.requirements] == [4, 6, 8, 11, 13, 15]


def test_dash_inside_a_wrapped_item_and_sub_items() -> None:
    wrapped = ["■ Experience working with government, foreign policy, or the private sector and",
               "— and proficiency in protocol for dealing with government officials.",
               "■ Knowledge of project management."]
    assert reflow_lines(wrapped)[0].endswith("sector and — and proficiency in protocol for "
                                              "dealing with government officials.")
    nested = ["• Led the payments platform team of six", "  – Built the ledger service",
              "  – Cut fees by 12%", "• Ran hiring"]
    assert reflow_lines(nested) == ["• Led the payments platform team of six",
                                    "• Built the ledger service", "• Cut fees by 12%",
                                    "• Ran hiring"]


def test_flush_item_continues_after_a_page_break_until_the_next_glyph() -> None:
    from matcher.layout import PAGE_BREAK

    lines = ["● First item of the list that ends here.", PAGE_BREAK, "●",
             "Experience creating and executing successful advertising campaigns.",
             "Able to demonstrate measurable impact of campaign strategy.", "●", "Last item."]
    assert reflow_lines(lines) == [
        "• First item of the list that ends here.",
        "• Experience creating and executing successful advertising campaigns. Able to "
        "demonstrate measurable impact of campaign strategy.",
        "• Last item."]
