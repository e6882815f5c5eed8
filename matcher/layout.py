"""Page text -> reading text: the layout repairs a PDF (and any hard-wrapped text) needs.

PDF text comes from pypdf's layout mode (`extract_text(extraction_mode="layout")`), which keeps
each line's horizontal position as spaces and vertical gaps as blank lines. Measured on 60
Google dev postings rendered as PDF with wrapped bullets (benchmarks/extraction_formats.py), the
same reflow below fed by each reader gives requirement recall / precision of:
pypdf layout mode 1.000 / 1.000 (1.5 s), pypdf plain mode 0.808 / 0.743 (1.3 s: no paragraph
gaps, no indentation), pdfplumber `extract_text(layout=True)` 0.353 / 0.428 (9.1 s) and
pdfminer.six `extract_text` 0.507 / 0.471 (5.7 s): pdfminer's text boxes put a glyph that stands
in its own box apart from its text and lose the gaps between items. pypdf is already a
dependency (the hidden-text guard, pdf_guard, walks its content streams), so layout mode adds
nothing to install. It gives what reflow needs: indentation, blank lines at paragraph gaps, and
the gutter of a two-column page as a column of spaces.

What is repaired, in order:
* repeated page headers and footers and page numbers are dropped;
* a two-column page is read column by column (left, then right);
* bullet glyphs of any font ("●", "•", "\\x7f", private-use symbols such as "\\uf0b7") become
  "• ", and a glyph alone on its line is joined to the text that follows;
* lines wrapped by the exporter are joined into their bullet or paragraph, and a word
  hyphenated at the end of a line is put back together;
* real separate lines (short lines: names, headings, dates) are left alone.
"""

from __future__ import annotations

import re
from collections import Counter

# Glyphs that fonts use for list bullets. Private-use code points are what Symbol and
# Wingdings bullets extract as; DEL (\x7f) and other C0/C1 controls are what a missing
# ToUnicode map gives.
_GLYPHS = "•●▪■◦○‣⁃∙◆◇►▶➢➤✓✔❖□➔→⮚✦★☆♦❑·"
_GLYPH_RE = re.compile(rf"[{_GLYPHS}\x7f\x80-\x9f\x01-\x08\x0e-\x1f\ue000-\uf8ff]")
_LEADING_GLYPH_RE = re.compile(rf"^(\s*)(?:{_GLYPH_RE.pattern}|[-–—*](?=\s))\s*")
_LONE_GLYPH_RE = re.compile(rf"^\s*(?:{_GLYPH_RE.pattern}|[-–—*o])\s*$")
_PAGE_NUMBER_RE = re.compile(
    r"^[-–—\s]*(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?[-–—\s]*$", re.IGNORECASE
)
_CONTINUES_RE = re.compile(
    r"(?:[,&(/+]|\b(?:and|or|of|the|to|in|with|for|a|an|on|at|by|as|such as|including|from|"
    r"between|into|than|about|over|under|within|across|through|per|via|that|which|who|is|are|"
    r"be|using|like|e\.g\.|i\.e\.))$",
    re.IGNORECASE,
)
_HYPHEN_END_RE = re.compile(r"[A-Za-z]{2}-$")
_FURNITURE_LINES = 2  # lines at the top and the bottom of a page that may be header/footer
PAGE_BREAK = "\f"  # between pages in reflow_lines' input: a sentence end there ends the item


def normalise_bullets(text: str) -> str:
    """Map a bullet glyph of any font at the start of a line to "• " (never to text)."""
    return "\n".join(_map_glyph(line) for line in text.split("\n"))


def _map_glyph(line: str) -> str:
    match = re.match(rf"^(\s*)({_GLYPH_RE.pattern})\s*", line)
    if not match or match.group(2) == "•" and line[match.end(2):match.end(2) + 1] == " ":
        return line
    rest = line[match.end():]
    return f"{match.group(1)}•" + (f" {rest}" if rest else "")


def pdf_pages_to_text(pages: list[str]) -> str:
    """Layout-mode page texts -> one reading text (see the module docstring)."""
    split = [_page_lines(page) for page in pages]
    furniture = _repeated_furniture(split)
    lines: list[str] = []
    for page in split:
        columns = _columns(_drop_furniture(page, furniture))
        for number, column in enumerate(columns):
            if number:
                lines.append("")  # columns are separate streams of text
            # No blank at a page break: an item wrapped onto the next page is one item.
            if lines and lines[-1]:
                lines.append(PAGE_BREAK)
            lines.extend(_strip_blank_edges(_dedent(column)))
    return "\n".join(_squeeze_blanks(reflow_lines(lines))).strip("\n")


def _strip_blank_edges(lines: list[str]) -> list[str]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return lines[filled[0]: filled[-1] + 1] if filled else []


def _page_lines(page: str) -> list[str]:
    return [normalise_bullets(line.rstrip()) for line in page.split("\n")]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _edges(lines: list[str]) -> list[str]:
    filled = [ln for ln in lines if ln.strip() and not _LONE_GLYPH_RE.match(ln)]
    return filled[:_FURNITURE_LINES] + filled[-_FURNITURE_LINES:]


def _repeated_furniture(pages: list[list[str]]) -> set[str]:
    """Header/footer lines: the same text (digits aside) at a page edge on most pages."""
    if len(pages) < 2:
        return set()
    counts = Counter(key for lines in pages for key in {_key(ln) for ln in _edges(lines)})
    return {key for key, n in counts.items() if n >= max(2, len(pages) // 2 + 1)}


def _drop_furniture(lines: list[str], furniture: set[str]) -> list[str]:
    filled = [i for i, ln in enumerate(lines) if ln.strip() and not _LONE_GLYPH_RE.match(ln)]
    edges = set(filled[:_FURNITURE_LINES] + filled[-_FURNITURE_LINES:])
    return [
        ln for i, ln in enumerate(lines)
        if not (i in edges and (_key(ln) in furniture or _PAGE_NUMBER_RE.match(ln.strip())))
    ]


# --- two columns -------------------------------------------------------------------------------


def _columns(lines: list[str]) -> list[list[str]]:
    """The page's columns in reading order; one column unless a gutter runs down the page."""
    gutter = _gutter(lines)
    if gutter is None:
        return [lines]
    left = [ln[:gutter].rstrip() for ln in lines]
    right = [ln[gutter:].rstrip() for ln in lines]
    return [left, right]


def _gutter(lines: list[str]) -> int | None:
    """A column of spaces at least 3 wide, between 20 % and 70 % of the width, with text on
    both sides on many lines: the gap between two columns, not a ragged right edge."""
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 8:
        return None
    width = max(len(ln) for ln in filled)
    best: tuple[int, int] | None = None
    for col in range(int(width * 0.2), int(width * 0.7)):
        crossing = sum(1 for ln in filled if ln[col - 1: col + 2].strip())
        if crossing > len(filled) * 0.04:
            continue
        both = sum(1 for ln in filled if ln[:col].strip() and ln[col + 2:].strip())
        if both >= len(filled) * 0.3 and (best is None or both > best[1]):
            best = (col + 1, both)
    return best[0] if best else None


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents) if indents else 0
    return [ln[cut:] if ln.strip() else "" for ln in lines]


# --- reflow ------------------------------------------------------------------------------------


def _wrap_width(lines: list[str]) -> int:
    """Width of a full line: the 90th percentile of lines of some length."""
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) >= 25)
    if len(lengths) < 3:
        return 0
    return lengths[max(0, int(len(lengths) * 0.9) - 1)]


def _is_full(line: str, following: str, width: int) -> bool:
    """The exporter wrapped `line`: the next word would not have fitted after it."""
    if width < 30:
        return False
    first_word = following.split()[0] if following.split() else ""
    return len(line.strip()) + 1 + len(first_word) > width * 0.92 or (
        len(line.strip()) >= 0.8 * width
    )


_DATES_LINE_RE = re.compile(
    r"^\(?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?"
    r"(?:\d{1,2}/)?(?:19|20)\d\d\b", re.IGNORECASE,
)


_DATE_RANGE_RE = re.compile(
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d"
    r"\s*(?:-|–|—|to)\s*(?:present|current|now|(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|"
    r"oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d)\b", re.IGNORECASE,
)
_HANDLE_RE = re.compile(r"^\S*(?:@|://|www\.)")


def _dates_line(text: str) -> bool:
    """A line that opens with a date and is no sentence: a role's dates, not wrapped prose."""
    text = text.strip()
    return bool(_DATES_LINE_RE.match(text)) and not text.endswith(".")


def _joins(item: list[str], line: str, following: str, width: int, bullet: bool,
           indent: int, text_col: int, in_list: bool = False) -> bool:
    """Whether `line` continues the open item (`following`: the next line, for headers;
    `in_list`: another bullet comes before the next blank line)."""
    previous = item[-1].strip()
    text = line.strip()
    if (previous.endswith(":") and not bullet) or _HANDLE_RE.match(text):
        return False
    if text[:1].islower() or _CONTINUES_RE.search(previous) or _HYPHEN_END_RE.search(previous):
        return True
    # A role header (a line with dates, or the line above a dates line) starts a new block.
    if _DATE_RANGE_RE.search(text) or _dates_line(text) or _dates_line(following):
        return False
    line_indent = len(line) - len(line.lstrip())
    if bullet and text_col > indent + 1:
        # a hanging indent: continuation lines start under the text, new blocks further left
        return line_indent >= text_col - 1
    if bullet and in_list:
        return True  # a line between two bullets of a flush list belongs to the first
    if bullet and line_indent > indent:
        return True
    return _is_full(previous, text, width) and not re.search(r"\s{3,}", previous)


def reflow_lines(lines: list[str]) -> list[str]:
    """Join wrapped lines into their bullets and paragraphs; blank lines and short lines stay
    boundaries. A lone glyph line starts a bullet with the line below it."""
    width = _wrap_width(lines)
    out: list[str] = []
    item: list[str] = []
    bullet = False
    pending = False
    indent = 0
    text_col = 0
    item_glyph = ""
    after_break = False

    def close() -> None:
        nonlocal item
        if item:
            out.append(("• " if bullet else "") + _join(item))
        item = []

    following_lines = _following_lines(lines)
    in_list = _inside_lists(lines)
    for number, line in enumerate(lines):
        following = following_lines[number]
        if line == PAGE_BREAK:
            after_break = True
            continue
        if not line.strip():
            close()
            out.append("")
            continue
        if _LONE_GLYPH_RE.match(line):
            close()
            pending = True
            continue
        glyph = _LEADING_GLYPH_RE.match(line)
        if (glyph and bullet and item and not pending and _is_dash(line) and item_glyph != "-"
                and _is_full(item[-1], line.lstrip(" -–—*"), width)):
            # a dash opening the line after a full line of a "■" list is the item's own dash
            # ("... the private sector — and proficiency in ..."), not a new item; after a
            # short line it is a sub-item
            glyph = None
            if _joins(item, line, following, width, bullet, indent, text_col, True):
                item.append(line)
                continue
        if glyph or pending:
            close()
            item_glyph = "-" if glyph and _is_dash(line) else "•"
            bullet, pending, after_break = True, False, False
            indent = len(line) - len(line.lstrip())
            text_col = glyph.end() if glyph else indent
            item = [line[glyph.end():] if glyph else line.strip()]
            continue
        ended = after_break and item[-1].rstrip().endswith((".", "!", "?", ":")) if item else True
        after_break = False
        if item and not (ended and not line.strip()[:1].islower()) and _joins(
                item, line, following, width, bullet, indent, text_col, in_list[number]):
            item.append(line)
            continue
        close()
        bullet = False
        indent = text_col = len(line) - len(line.lstrip())
        item = [line]
    close()
    return out


def _is_dash(line: str) -> bool:
    return line.lstrip()[:1] in "-–—*"


def _following_lines(lines: list[str]) -> list[str]:
    """For each line, the next line with text (one pass from the end, not a scan per line)."""
    out = [""] * len(lines)
    nxt = ""
    for i in range(len(lines) - 1, -1, -1):
        out[i] = nxt
        if lines[i].strip() and lines[i] != PAGE_BREAK:
            nxt = lines[i]
    return out


def _inside_lists(lines: list[str]) -> list[bool]:
    """For each line, whether a bullet line comes after it before the next blank line."""
    out = [False] * len(lines)
    glyph_ahead = False
    for i in range(len(lines) - 1, -1, -1):
        out[i] = glyph_ahead
        line = lines[i]
        if line == PAGE_BREAK:
            continue
        if not line.strip():
            glyph_ahead = False
        elif _LONE_GLYPH_RE.match(line) or _LEADING_GLYPH_RE.match(line):
            glyph_ahead = True
    return out


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        piece = re.sub(r"\s{3,}", "   ", part.strip())
        if _HYPHEN_END_RE.search(text) and piece[:1].islower():
            # a word hyphenated at the line end, or a compound that keeps its hyphen
            text = (text if _compound(text, piece) else text[:-1]) + piece
        else:
            text = f"{text} {piece}" if text else piece
    return text


# Second halves of hyphenated compounds ("data-driven", "Python-based"): the hyphen stays.
_COMPOUND_TAILS = frozenset(
    ["based", "driven", "level", "time", "end", "scale", "facing", "oriented", "related", "specific", "term", "world", "wide", "class", "source", "party", "house", "aware", "first", "friendly", "ready", "critical", "intensive", "up", "on", "off", "like"]
)


def _compound(text: str, piece: str) -> bool:
    head = re.findall(r"[\w]+-$", text)
    tail = re.match(r"[a-z]+", piece)
    return bool(tail and tail.group(0) in _COMPOUND_TAILS) or bool(head and head[0][:1].isupper())


def _squeeze_blanks(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    return out
