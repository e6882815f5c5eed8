"""Checks on the hand-written examples in examples/ and on examples/make_binary.py."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_POSTINGS = ROOT.parent / "shared" / "data" / "postings"

REAL_POSTING_STEMS = (
    "coreweave-storage-manager",
    "netflix-ml-platform-manager",
    "openai-cpu-storage-tech-lead",
    "openai-distributed-systems-manager",
)

POSTINGS = (
    "postings/data-engineer.md",
    "postings/backend-engineer.txt",
    "postings/nurse-manager.html",
)

TEXT_RESUMES = (
    "resumes/jane-doe-data-engineer.md",
    "resumes/sam-lee-backend.txt",
    "resumes/pat-kim-nurse.txt",
    "resumes/alex-morgan-marketing.txt",
    "resumes/fit-coreweave-storage-manager.md",
    "resumes/misfit-coreweave-storage-manager.txt",
    "resumes/fit-netflix-ml-platform-manager.md",
    "resumes/misfit-netflix-ml-platform-manager.txt",
    "resumes/fit-openai-cpu-storage-tech-lead.txt",
    "resumes/misfit-openai-cpu-storage-tech-lead.txt",
    "resumes/fit-openai-distributed-systems-manager.txt",
    "resumes/misfit-openai-distributed-systems-manager.txt",
)

GENERATED = (
    "resumes/jane-doe-data-engineer.pdf",
    "resumes/sam-lee-backend.docx",
    "postings/data-engineer.docx",
    "bad/scanned.pdf",
    "bad/encrypted.pdf",
    "bad/empty.docx",
    "bad/corrupt.docx",
    "bad/binary.bin",
    "bad/empty.txt",
    "bad/no-requirements.md",
    "bad/latin1-posting.txt",
    "bad/utf16-resume.txt",
    "bad/mojibake-posting.md",
    "applicants.csv",
)

ALL_FILES = POSTINGS + TEXT_RESUMES + GENERATED + ("README.md", "make_binary.py")


def _load_make_binary():
    spec = importlib.util.spec_from_file_location(
        "examples_make_binary", EXAMPLES / "make_binary.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)


def _docx_text(path: Path) -> str:
    docx = pytest.importorskip("docx")
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


# --------------------------------------------------------------------------- presence


@pytest.mark.parametrize("rel", ALL_FILES)
def test_example_file_exists_and_is_not_empty(rel):
    path = EXAMPLES / rel
    assert path.is_file(), f"missing {rel} (run python examples/make_binary.py)"
    assert path.stat().st_size > 0


def test_every_real_posting_has_a_fit_and_a_misfit_resume():
    names = {p.stem for p in (EXAMPLES / "resumes").iterdir()}
    for stem in REAL_POSTING_STEMS:
        assert f"fit-{stem}" in names
        assert f"misfit-{stem}" in names


def test_readme_lists_every_example():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for rel in POSTINGS + TEXT_RESUMES + GENERATED:
        assert Path(rel).name in readme, rel
    assert "fictional" in readme.lower()


# --------------------------------------------------------------------------- text sources


@pytest.mark.parametrize("rel", TEXT_RESUMES)
def test_resume_is_realistic_and_uses_fake_contacts(rel):
    text = (EXAMPLES / rel).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert 25 <= len(lines) <= 60, f"{rel}: {len(lines)} lines"
    emails = re.findall(r"[\w.+-]+@[\w.-]+", text)
    assert emails and all(e.endswith("@example.com") for e in emails)
    assert "555" in text
    for section in ("experience", "education"):
        assert section in text.lower()
    # at least one dated role
    assert re.search(r"(19|20)\d\d", text)


def test_postings_have_the_required_features():
    md = (EXAMPLES / "postings/data-engineer.md").read_text(encoding="utf-8")
    assert md.startswith("# ") and "\n* " in md
    for word in ("Benefits", "equal opportunity", "Apply", "Required", "Preferred"):
        assert word.lower() in md.lower()

    txt = (EXAMPLES / "postings/backend-engineer.txt").read_text(encoding="utf-8")
    for phrase in (
        "5+ years",
        "BS in Computer Science or equivalent practical experience",
        "Python and SQL",
        "Nice to have",
        "•",
    ):
        assert phrase in txt

    html = (EXAMPLES / "postings/nurse-manager.html").read_text(encoding="utf-8")
    for tag in ("<h2>", "<ul>", "<li>", "<script>", "<style>"):
        assert tag in html
    for phrase in ("Bachelor of Science in Nursing", "Registered Nurse", "5 years"):
        assert phrase in html


def test_examples_do_not_copy_shared_postings():
    if not SHARED_POSTINGS.is_dir():
        pytest.skip("shared data not available")
    ours = " ".join(
        (EXAMPLES / rel).read_text(encoding="utf-8").lower() for rel in POSTINGS + TEXT_RESUMES
    )
    ours = re.sub(r"\s+", " ", ours)
    for path in SHARED_POSTINGS.iterdir():
        if path.suffix not in (".md", ".txt"):
            continue
        words = re.findall(r"\S+", path.read_text(encoding="utf-8", errors="replace").lower())
        for i in range(0, max(0, len(words) - 9)):
            chunk = " ".join(words[i : i + 10])
            assert chunk not in ours, f"copied from {path.name}: {chunk!r}"


# --------------------------------------------------------------------------- generated: good


def test_pdf_has_a_multiline_text_layer_with_bullets():
    text = _pdf_text(EXAMPLES / "resumes/jane-doe-data-engineer.pdf")
    assert "Jane Doe" in text
    assert "jane.doe@example.com" in text
    assert "•" in text
    assert len([line for line in text.splitlines() if line.strip()]) >= 20


def test_docx_resume_opens_with_headings_and_bullets():
    docx = pytest.importorskip("docx")
    doc = docx.Document(str(EXAMPLES / "resumes/sam-lee-backend.docx"))
    styles = [p.style.name for p in doc.paragraphs]
    assert any(s.startswith("Heading") for s in styles)
    assert styles.count("List Bullet") >= 5
    assert "sam.lee@example.com" in _docx_text(EXAMPLES / "resumes/sam-lee-backend.docx")


def test_docx_posting_opens_with_headings_and_bullets():
    docx = pytest.importorskip("docx")
    doc = docx.Document(str(EXAMPLES / "postings/data-engineer.docx"))
    styles = [p.style.name for p in doc.paragraphs]
    assert "Heading 1" in styles
    assert styles.count("List Bullet") >= 10
    text = _docx_text(EXAMPLES / "postings/data-engineer.docx")
    assert "Required qualifications" in text


# --------------------------------------------------------------------------- generated: bad


def test_bad_fixtures_are_bad_in_the_intended_way():
    pypdf = pytest.importorskip("pypdf")
    docx = pytest.importorskip("docx")
    bad = EXAMPLES / "bad"

    assert _pdf_text(bad / "scanned.pdf").strip() == ""

    reader = pypdf.PdfReader(str(bad / "encrypted.pdf"))
    assert reader.is_encrypted
    assert reader.decrypt("open-sesame")
    assert "Morgan Ellis" in reader.pages[0].extract_text()

    assert _docx_text(bad / "empty.docx").strip() == ""

    assert not zipfile.is_zipfile(bad / "corrupt.docx")
    with pytest.raises(Exception):  # noqa: B017 - python-docx raises PackageNotFoundError
        docx.Document(str(bad / "corrupt.docx"))

    assert b"\x00" in (bad / "binary.bin").read_bytes()

    assert (bad / "empty.txt").read_text(encoding="utf-8").strip() == ""

    no_req = (bad / "no-requirements.md").read_text(encoding="utf-8")
    assert "years" not in no_req and "degree" not in no_req.lower()

    latin1 = (bad / "latin1-posting.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        latin1.decode("utf-8")
    decoded = latin1.decode("cp1252")
    assert "Café" in decoded and "We’re" in decoded

    utf16 = (bad / "utf16-resume.txt").read_bytes()
    assert utf16.startswith(b"\xff\xfe")
    assert "Noémie Laurent" in utf16.decode("utf-16")

    moji = (bad / "mojibake-posting.md").read_text(encoding="utf-8")
    assert "industryâ€™s" in moji and "teamâ€™s" in moji
    assert "’" not in moji


# --------------------------------------------------------------------------- determinism


def test_make_binary_is_deterministic(tmp_path):
    pytest.importorskip("reportlab")
    make_binary = _load_make_binary()
    written = make_binary.build_all(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(GENERATED)

    for rel in make_binary.TEXT_BEARING:
        fresh, committed = tmp_path / rel, EXAMPLES / rel
        read = _pdf_text if rel.endswith(".pdf") else _docx_text
        assert read(fresh) == read(committed), rel

    # Plain-bytes fixtures are fully determined by the script.
    for rel in GENERATED:
        if rel.endswith((".txt", ".md", ".bin", ".csv")) or rel == "bad/corrupt.docx":
            assert (tmp_path / rel).read_bytes() == (EXAMPLES / rel).read_bytes(), rel


def test_make_binary_twice_gives_identical_bytes(tmp_path):
    pytest.importorskip("reportlab")
    make_binary = _load_make_binary()
    first = make_binary.build_all(tmp_path / "a")
    make_binary.build_all(tmp_path / "b")
    for path in first:
        rel = path.relative_to(tmp_path / "a")
        assert path.read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel.as_posix()
