"""Reading files: any supported file -> a Document holding repaired, plain text.

This is the only module that opens posting and résumé files. Everything after it works on
`Document.text`, so every text a person sees is the decoded, mojibake-repaired text.

Formats are chosen by content first (a PDF or DOCX keeps its magic bytes whatever it is called),
then by extension; any other file is read as text when it decodes as text. Line numbers in
later stages refer to lines of `Document.text`: for .txt/.md they are the file's own lines, for
PDF/DOCX/HTML the lines of the extracted text.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import ftfy
import ftfy.badness

from .data import Document
from .errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024  # a 20 MB posting or résumé is a mistake, not a document
# A line this long is data, not a document's text (scraped postings flattened to one line run
# to ~16,000 characters); refusing it keeps every per-line step's cost bounded.
MAX_LINE_CHARS = 100_000
# Zip containers (DOCX, ODT): a few MB can inflate to GBs ("zip bomb"). Real documents hold
# tens of parts and a few MB of XML; these limits are far above that and far below harm.
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# XML is what costs: python-docx needs about a second per MB of it (a long résumé has < 1 MB).
MAX_ZIP_XML_BYTES = 20 * 1024 * 1024
TEXT_EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED_EXTENSIONS = (
    tuple(TEXT_EXTENSIONS) + tuple(sorted(HTML_EXTENSIONS))
    + (".pdf", ".docx", ".rtf", ".odt", ".json")
)
SUPPORTED_SHOWN = " ".join(SUPPORTED_EXTENSIONS)


def read_document(path: str | Path) -> Document:
    """Read one posting or résumé file. Raises InputError with a one-line reason."""
    p = Path(path)
    shown = str(path)
    if not p.exists():
        raise InputError(shown, "no such file")
    if p.is_dir():
        raise InputError(shown, "is a directory, expected a file")
    check_size(p.stat().st_size, shown)  # before reading: never load a huge file
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(shown, f"cannot read file ({e.strerror or e})") from e
    return document_from_bytes(data, shown, suffix=p.suffix.lower())


def check_size(size: int, path: str) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(
            path,
            f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
        )


def document_from_bytes(data: bytes, path: str, suffix: str = "") -> Document:
    """Turn a file's bytes into a Document; `suffix` is a hint, the content decides."""
    check_size(len(data), path)
    if not data.strip():
        raise InputError(path, "file is empty")
    if data.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        text, warnings = _pdf_text(data, path)
        return _document(path, text, "pdf", warnings)
    if data.startswith(b"PK\x03\x04") and _is_odt(data):
        return _document(path, _odt_text(data, path), "odt")
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _document(path, _docx_text(data, path), "docx")
    if data.lstrip()[:5] == b"{\\rtf":
        return _document(path, _rtf_text(data, path), "rtf")
    text = decode_text(data, path)
    if suffix == ".json" or _is_json_document(text):
        return _document(path, json_document_text(text, path), "json")
    if suffix in HTML_EXTENSIONS or _looks_like_html(text):
        posting = job_posting_from_html(text)
        return _document(path, posting if posting else html_to_text(text), "html")
    return _document(path, text, TEXT_EXTENSIONS.get(suffix, "txt"))


def document_from_text(text: str, path: str, format: str = "txt") -> Document:
    """A Document from text already in memory (a CSV cell, a test), with the same repair and
    the same checks as a file."""
    if format == "html":
        text = html_to_text(text)
    return _document(path, text, format)


def decode_text(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or UTF-16 (with BOM), else cp1252/latin-1.

    Raises InputError for binary data: NUL bytes outside UTF-16, or mostly control characters.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(path, "invalid UTF-16 text") from e
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise InputError(path, f"binary file, not text (supported: {SUPPORTED_SHOWN})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 is what Windows tools write and a superset of latin-1's printable range;
        # the five bytes cp1252 leaves undefined fall back to latin-1.
        text = data.decode("cp1252", errors="ignore") if _cp1252_ok(data) else data.decode("latin-1")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise InputError(path, f"binary file, not text (supported: {SUPPORTED_SHOWN})")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def repair_text(text: str) -> str:
    """Fix mojibake ("industryâ€™s" -> "industry’s"), normalise line ends and Unicode.

    Curly quotes are kept: the text is shown to people as it was meant to be written.
    """
    # ftfy's full pass is the slowest step of reading; text with no mojibake pattern and no
    # HTML entity needs only Unicode normalisation.
    if "&" in text or ftfy.badness.is_bad(text):
        text = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    else:
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    return _INVISIBLE_FORMAT.sub("", text.replace("\u00a0", " "))


# U+2028/2029 and NEL break lines for str.splitlines but not for split("\n"): one rule for all.
_LINE_SEPARATORS = re.compile("[\u2028\u2029\u0085\u000b]")
# Invisible format characters (Unicode category Cf): bidi embeddings, overrides and isolates
# (U+202A-202E, U+2066-2069) make a report show text in another order than what was scored;
# zero-width spaces, soft hyphens, word joiners, BOMs and tag characters hide or smuggle text.
# ZWNJ and ZWJ (U+200C/U+200D) stay: Persian, Indic scripts and emoji need them to spell words.
_INVISIBLE_FORMAT = re.compile(  # Unicode 14 category Cf, written out: no table built at import
    "[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u180E\u200B\u200E-\u200F"
    "\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000110BD\U000110CD"
    "\U00013430-\U00013438\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001"
    "\U000E0020-\U000E007F]"
)


def _document(path: str, text: str, format: str, warnings: tuple[str, ...] = ()) -> Document:
    from .layout import normalise_bullets

    check_line_lengths(text, path)  # before repair: ftfy alone takes seconds on a huge line
    # bullet glyphs of any font ("\x7f", "\uf0b7") are bullets, never a word or a title
    text = normalise_bullets(repair_text(text))
    if not text.strip():
        raise InputError(path, "file has no text")
    return Document(path=path, text=text, format=format, warnings=warnings)


def check_line_lengths(text: str, path: str) -> None:
    """Raise InputError when a line of `text` is over MAX_LINE_CHARS characters."""
    if len(text) <= MAX_LINE_CHARS:
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                path,
                f"line {number} is {len(line):,} characters long, over the "
                f"{MAX_LINE_CHARS:,}-character limit for one line of a document",
            )


# --- PDF ---------------------------------------------------------------------------------


def _pdf_text(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    # pypdf reports damage on its own logger and as warnings; a damaged file is either read
    # or becomes our one-line error, so those messages must not reach the user's stderr.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _pdf_text_quiet(data, path)


def _pdf_text_quiet(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from .layout import pdf_pages_to_text
    from .pdf_guard import visible_page_texts

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                # An owner-password-only PDF opens with the empty user password.
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for bad crypto
                opened = 0
            if not opened:
                raise InputError(path, "encrypted PDF; save an unprotected copy and try again")
        pages, warnings = visible_page_texts(reader)
        text = pdf_pages_to_text(pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise InputError(path, f"not a readable PDF ({_short(e)})") from e
    except Exception as e:  # noqa: BLE001 - pypdf surfaces odd errors on damaged files
        raise InputError(path, f"not a readable PDF ({type(e).__name__})") from e
    if not text.strip():
        raise InputError(path, "no extractable text; scanned PDF? Run OCR first")
    return text, warnings


# --- DOCX --------------------------------------------------------------------------------


def check_zip_limits(
    source: str | Path | bytes | zipfile.ZipFile, path: str | None = None, kind: str = "DOCX"
) -> None:
    """Refuse a zip container (DOCX, ODT) that would inflate past MAX_ZIP_UNCOMPRESSED_BYTES
    (MAX_ZIP_XML_BYTES of XML) or holds more than MAX_ZIP_ENTRIES members, before anything is
    decompressed.

    The sizes come from the zip's directory; zipfile never inflates a member past its declared
    size (a member that lies fails its CRC), so the directory bounds the work. `source` is a
    path, the file's bytes or an open ZipFile; `path` names the file in the error."""
    if isinstance(source, zipfile.ZipFile):
        _check_zip_members(source.infolist(), path or str(source.filename), kind)
        return
    shown = path or ("<bytes>" if isinstance(source, bytes) else str(source))
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            _check_zip_members(zf.infolist(), shown, kind)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(shown, f"not a valid {kind} file (corrupt zip: {_short(e)})") from e


def _check_zip_members(members: list[zipfile.ZipInfo], path: str, kind: str) -> None:
    if len(members) > MAX_ZIP_ENTRIES:
        raise InputError(
            path, f"{kind} holds {len(members):,} files, over the {MAX_ZIP_ENTRIES:,}-file limit"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise InputError(
            path,
            f"{kind} unzips to {total / 1e6:,.0f} MB, over the "
            f"{MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024)} MB limit",
        )
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_ZIP_XML_BYTES:
        raise InputError(
            path,
            f"{kind} holds {xml / 1e6:,.0f} MB of XML, over the "
            f"{MAX_ZIP_XML_BYTES // (1024 * 1024)} MB limit",
        )


def _docx_text(data: bytes, path: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        check_zip_limits(zipfile.ZipFile(io.BytesIO(data)), path, "DOCX")
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(path, "not a valid DOCX file (corrupt or not a Word document)") from e
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(path, "not a valid DOCX file (corrupt or not a Word document)") from e
    except Exception as e:  # noqa: BLE001 - lxml and zipfile raise many types on garbage
        raise InputError(path, f"not a valid DOCX file ({type(e).__name__})") from e
    lines: list[str] = []
    style_names: dict[str | None, str] = {}
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            lines.append(_docx_paragraph(paragraph, style_names))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells]
                # merged cells repeat their text across the row: keep each once
                unique = list(dict.fromkeys(c for c in cells if c))
                if unique:
                    lines.append(" | ".join(unique))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(path, "DOCX has no text")
    return text


def _docx_paragraph(paragraph, style_names: dict[str | None, str]) -> str:  # noqa: ANN001
    """One python-docx Paragraph as a line; `style_names` caches style id -> name, because
    python-docx looks a paragraph's style up among all styles each time (quadratic work on a
    document of many paragraphs)."""
    text = paragraph.text.strip()
    if not text:
        return ""
    style_id = paragraph._p.style  # the w:pStyle value; None for the default style
    if style_id not in style_names:
        style_names[style_id] = (paragraph.style.name if paragraph.style is not None else "") or ""
    style = style_names[style_id]
    heading = re.match(r"(?:Heading|Title)\s*(\d*)", style)
    if heading:
        level = int(heading.group(1) or 1)
        return "#" * min(level, 6) + " " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if "List" in style or numbered:
        return "- " + text
    return text


# --- RTF ---------------------------------------------------------------------------------------


def _rtf_text(data: bytes, path: str) -> str:
    """RTF -> text with striprtf (a small, maintained RTF-to-text converter). RTF is 7-bit
    text with escapes, so cp1252 decoding never fails; bullets come out as glyphs."""
    from striprtf.striprtf import rtf_to_text

    from .layout import normalise_bullets

    try:
        text = rtf_to_text(data.decode("cp1252", errors="replace"), errors="ignore")
    except Exception as e:  # noqa: BLE001 - a malformed group stack raises many types
        raise InputError(path, f"not a readable RTF file ({type(e).__name__})") from e
    lines = [ln.replace("\t", " ").strip() for ln in text.split("\n")]
    text = normalise_bullets("\n".join(lines))
    if not text.strip():
        raise InputError(path, "RTF has no text")
    return text


# --- ODT ---------------------------------------------------------------------------------------

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _is_odt(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == _ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


def _odt_text(data: bytes, path: str) -> str:
    """ODT -> text with odfpy (the OpenDocument library pandas uses): headings as '#' lines,
    list items as '- ' lines, table rows as 'a | b' lines."""
    from odf import teletype
    from odf.opendocument import load

    check_zip_limits(data, path, kind="ODT")  # odfpy inflates content.xml whole
    try:
        document = load(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - zipfile and the XML parser raise many types
        raise InputError(path, f"not a valid ODT file ({type(e).__name__})") from e
    lines: list[str] = []
    try:
        _odt_walk(document.text, lines, teletype, in_list=False)
    except RecursionError as e:
        raise InputError(path, "ODT nests its elements too deeply to read") from e
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(path, "ODT has no text")
    return text


def _odt_walk(element, lines: list[str], teletype, in_list: bool) -> None:  # noqa: ANN001
    for child in element.childNodes:
        name = getattr(child, "qname", (None, None))[1]
        if name == "h":
            level = int(child.getAttribute("outlinelevel") or 1)
            lines.append("#" * min(level, 6) + " " + teletype.extractText(child).strip())
        elif name == "p":
            text = " ".join(teletype.extractText(child).split())
            lines.append(("- " if in_list and text else "") + text)
        elif name in ("list", "list-item"):
            _odt_walk(child, lines, teletype, in_list=True)
        elif name == "table-row":
            cells = [" ".join(teletype.extractText(c).split()) for c in child.childNodes]
            unique = list(dict.fromkeys(c for c in cells if c))
            if unique:
                lines.append(" | ".join(unique))
        elif name is not None:
            _odt_walk(child, lines, teletype, in_list)


# --- JSON: JSON Resume, JobPosting ----------------------------------------------------------------


def _json_object(text: str) -> object | None:
    import json

    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly nested arrays
        return None


def _is_json_document(text: str) -> bool:
    """A JSON Resume or JobPosting saved under another name (content decides)."""
    if not text.lstrip().startswith("{"):
        return False
    data = _json_object(text)
    return _find_job_posting(data) is not None or (
        isinstance(data, dict) and any(k in data for k in _JSON_RESUME_KEYS))


def json_document_text(text: str, path: str) -> str:
    """A .json document as text: a JSON Resume (jsonresume.org: basics, work, education,
    skills ...) becomes a résumé with dated roles; a schema.org JobPosting becomes a posting.
    JSON-lines tables are told apart before this, by content (sources.is_json_lines)."""
    data = _json_object(text)
    if data is None:
        raise InputError(path, "not valid JSON (a JSON-lines table? name it .jsonl or pass it "
                               "to rank)")
    posting = _find_job_posting(data)
    if posting is not None:
        return _job_posting_text(posting)
    if isinstance(data, dict) and any(k in data for k in _JSON_RESUME_KEYS):
        return json_resume_text(data)
    raise InputError(path, "JSON is neither a JSON Resume (resume.json) nor a schema.org "
                           "JobPosting")


_JSON_RESUME_KEYS = ("basics", "work", "education", "skills", "volunteer", "projects")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _resume_date(value: object) -> str:
    """"2019-03-01" / "2019-03" / "2019" -> "Mar 2019" / "2019"; empty -> "Present"."""
    text = str(value or "").strip()
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?", text)
    if not match:
        return text or "Present"
    year, month = match.group(1), match.group(2)
    return f"{_MONTHS[int(month) - 1]} {year}" if month and 1 <= int(month) <= 12 else year


def _dates(entry: dict) -> str:
    if not entry.get("startDate") and not entry.get("endDate"):
        return ""
    return f"{_resume_date(entry.get('startDate'))} – {_resume_date(entry.get('endDate'))}"


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v)]
    return [str(value).strip()] if isinstance(value, str) and value.strip() else []


def _entries(data: dict, key: str) -> list[dict]:
    value = data.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def json_resume_text(data: dict) -> str:
    """A JSON Resume as résumé text: name, label and contacts; summary; each role as
    "Position, Employer" over its dates and highlights; education; skills."""
    basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    lines: list[str] = [*(_strings(basics.get("name"))), *(_strings(basics.get("label")))]
    location = basics.get("location") if isinstance(basics.get("location"), dict) else {}
    contacts = _strings(basics.get("email")) + _strings(basics.get("phone")) + [
        ", ".join(_strings(location.get("city")) + _strings(location.get("region")))]
    lines += [" | ".join(c for c in contacts if c), ""]
    if _strings(basics.get("summary")):
        lines += ["## Summary", "", *_strings(basics.get("summary")), ""]
    sections = (("Experience", "work", "position", ("name", "company")),
                ("Volunteering", "volunteer", "position", ("organization",)),
                ("Projects", "projects", "name", ("entity",)))
    for heading, key, title_key, employer_keys in sections:
        entries = _entries(data, key)
        if not entries:
            continue
        lines += [f"## {heading}", ""]
        for entry in entries:
            employer = next((str(entry[k]) for k in employer_keys if entry.get(k)), "")
            title = str(entry.get(title_key) or "")
            lines.append(", ".join(p for p in (title, employer) if p))
            if _dates(entry):
                lines.append(_dates(entry))
            lines += _strings(entry.get("summary")) + _strings(entry.get("description"))
            lines += [f"- {h}" for h in _strings(entry.get("highlights"))] + [""]
    education = _entries(data, "education")
    if education:
        lines += ["## Education", ""]
        for entry in education:
            degree = " in ".join(p for p in (str(entry.get("studyType") or ""),
                                             str(entry.get("area") or "")) if p)
            place = str(entry.get("institution") or "")
            lines.append(", ".join(p for p in (degree, place) if p)
                         + (f" ({_dates(entry)})" if _dates(entry) else ""))
        lines.append("")
    for heading, key in (("Certifications", "certificates"), ("Awards", "awards")):
        entries = _entries(data, key)
        if entries:
            lines += [f"## {heading}", ""] + [
                "- " + ", ".join(_strings(e.get("name")) + _strings(e.get("title"))
                                 + _strings(e.get("issuer")) + _strings(e.get("awarder")))
                for e in entries] + [""]
    skills = _entries(data, "skills")
    if skills:
        lines += ["## Skills", ""]
        for entry in skills:
            name, keywords = str(entry.get("name") or ""), _strings(entry.get("keywords"))
            lines.append(f"{name}: {', '.join(keywords)}" if name and keywords
                         else name or ", ".join(keywords))
        lines.append("")
    languages = [str(e["language"]) for e in _entries(data, "languages") if e.get("language")]
    if languages:
        lines += ["## Languages", "", ", ".join(languages), ""]
    return "\n".join(lines).strip()


# --- HTML --------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "ul", "ol", "table",
    "tr", "br", "hr", "blockquote", "pre", "dl", "dt", "dd", "form", "nav", "body",
}
_HIDDEN_TAGS = ["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|ul|li|h[1-6]|p|div)\b[^>]*>", text[:4096], re.I)
        and len(re.findall(r"</?[a-z][^>]*>", text[:8192], re.I)) > 5
    )


def html_to_text(html: str) -> str:
    """HTML -> text with markdown-ish structure: '#' headings and '- ' bullets, one block per
    line, scripts and styles dropped."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_HIDDEN_TAGS):
        tag.decompose()
    lines: list[str] = []
    current: list[str] = []

    def flush(prefix: str = "") -> None:
        text = re.sub(r"\s+", " ", "".join(current)).strip()
        current.clear()
        if text:
            lines.append(prefix + text)

    # An explicit stack, not recursion: HTML nested thousands deep is still just text.
    # Each entry is a node's remaining children and the prefix to flush when they are done
    # (None: nothing to flush for this node).
    stack: list[tuple[Iterator, str | None]] = [(iter(soup.children), None)]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if closing is not None:
                flush(closing)
            continue
        if isinstance(child, NavigableString):
            if type(child).__name__ not in ("Comment", "Doctype", "Declaration", "CData"):
                current.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if re.fullmatch(r"h[1-6]", name):
            flush()
            current.append(child.get_text(" "))
            flush("#" * int(name[1]) + " ")
        elif name == "img" and child.get("alt"):
            current.append(f" {child['alt']} ")
        elif name == "li" or name in _BLOCK_TAGS or name in ("td", "th"):
            flush()
            stack.append((iter(child.children), "- " if name == "li" else ""))
        else:
            stack.append((iter(child.children), None))
    flush()
    return "\n".join(lines)


# --- schema.org JobPosting JSON-LD -------------------------------------------------------------

_LD_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.I | re.S
)
# (property, heading) in the order a posting reads; each heading names its section's class.
_LD_SECTIONS = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("skills", "Required skills"),
    ("experienceRequirements", "Experience requirements"),
    ("educationRequirements", "Education requirements"),
)


def job_posting_from_html(html: str) -> str | None:
    """A saved career page's schema.org JobPosting (JSON-LD) as posting text: its title, its
    description and its responsibilities, qualifications, skills, experience and education
    requirements as bulleted sections. None when the page has no JobPosting."""

    for block in _LD_SCRIPT.findall(html):
        data = _json_object(block.strip())
        if data is None:
            continue
        posting = _find_job_posting(data)
        if posting is not None:
            return _job_posting_text(posting)
    return None


def _find_job_posting(data: object) -> dict | None:
    """The first schema.org JobPosting in a JSON-LD value (a list, an object, an @graph)."""
    stack = [data]
    while stack:  # a stack, not recursion: nesting depth is the file's to choose
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            kind = value.get("@type")
            if "JobPosting" in (kind if isinstance(kind, list) else [kind]):
                return value
            stack.append(value.get("@graph", []))
    return None


def _ld_items(value: object) -> list[str]:
    """A JSON-LD property as list items: a list, an HTML fragment, lines of text or an object
    (OccupationalExperienceRequirements, EducationalOccupationalCredential)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for v in value for item in _ld_items(v)]
    if not isinstance(value, (str, dict)):
        return []  # a bare number or flag says nothing a candidate is asked for
    if isinstance(value, dict):
        months = _number(value.get("monthsOfExperience"))
        if months is not None:
            years = f"{months / 12:g} years" if months >= 12 else f"{months:g} months"
            return [f"{years} of experience" + (f": {value['description']}"
                                                if value.get("description") else "")]
        words = [str(value[k]) for k in ("credentialCategory", "name", "description") if
                 value.get(k)]
        return [" ".join(words)] if words else []
    text = html_to_text(str(value)) if _looks_like_fragment(str(value)) else str(value)
    lines = [re.sub(r"^\s*(?:[-*•●▪]\s+)", "", ln).strip() for ln in text.split("\n")]
    return [ln for ln in lines if ln and not re.match(r"^#+\s", ln)]


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _looks_like_fragment(text: str) -> bool:
    return bool(re.search(r"<(p|ul|li|br|div|h[1-6]|strong|b)\b", text, re.I))


def _job_posting_text(posting: dict) -> str:
    lines: list[str] = []
    title = posting.get("title")
    if isinstance(title, str) and title.strip():
        lines += [f"# {title.strip()}", ""]
    description = posting.get("description")
    described = ""
    if isinstance(description, str) and description.strip():
        described = html_to_text(description) if _looks_like_fragment(description) else (
            description)
        lines += [described, ""]
    seen = _plain(described)
    for key, heading in _LD_SECTIONS:
        # Pages often repeat the lists inside the description: each item is kept once.
        items = [i for i in _ld_items(posting.get(key)) if _plain(i) not in seen]
        if items:
            lines += [f"## {heading}", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(lines).strip()


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _short(e: Exception) -> str:
    message = str(e).splitlines()[0] if str(e) else type(e).__name__
    return message[:120]
