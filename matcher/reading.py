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
    tuple(TEXT_EXTENSIONS) + tuple(sorted(HTML_EXTENSIONS)) + (".pdf", ".docx")
)


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
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _document(path, _docx_text(data, path), "docx")
    text = decode_text(data, path)
    if suffix in HTML_EXTENSIONS or _looks_like_html(text):
        return _document(path, html_to_text(text), "html")
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
        raise InputError(path, "binary file, not text (supported: .txt .md .html .pdf .docx)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 is what Windows tools write and a superset of latin-1's printable range;
        # the five bytes cp1252 leaves undefined fall back to latin-1.
        text = data.decode("cp1252", errors="ignore") if _cp1252_ok(data) else data.decode("latin-1")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise InputError(path, "binary file, not text (supported: .txt .md .html .pdf .docx)")
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
    check_line_lengths(text, path)  # before repair: ftfy alone takes seconds on a huge line
    text = repair_text(text)
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

    from .pdf_guard import extract_visible_text

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
        text, warnings = extract_visible_text(reader)
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


def _short(e: Exception) -> str:
    message = str(e).splitlines()[0] if str(e) else type(e).__name__
    return message[:120]
