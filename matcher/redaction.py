"""Blind screening: remove what identifies a person before scoring and from every output.

Names, e-mail addresses, phone numbers, URLs and profile handles, street addresses, image alt
text and gendered pronouns are replaced by neutral placeholders. Lines are kept (a removed line
becomes empty), so line numbers in reports still point at the original file. Redaction runs on
the Document, before parsing, so no later stage ever sees the removed text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from .data import Document

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:linkedin|github|gitlab|twitter|x|indeed|behance|dribbble)"
    r"\.com/\S*|\b[\w-]+\.(?:com|org|net|io|dev|me)/\S+",
    re.I,
)
PHONE = re.compile(
    r"\+\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,4}\d{2,4}"  # +44 20 7946 0958
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"  # (555) 123-4567
    r"|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b"  # 555-123-4567, 555.123.4567
    r"|\b\d{10}\b"  # 9876543210
)
STREET = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][\w.]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|"
    r"Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy)\b\.?(?:,?\s*(?:Apt|Suite|Unit)\s*\w+)?",
)
ZIP_LINE = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
ALT_TEXT = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.I)
PRONOUNS = {
    "he": "they", "she": "they", "him": "them", "her": "their", "his": "their", "hers": "theirs",
    "himself": "themself", "herself": "themself",
}
PRONOUN = re.compile(r"\b(" + "|".join(PRONOUNS) + r")\b", re.I)
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+")
NAME_LINE = re.compile(r"^[#*\s]*([A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’.-]*){1,3})[*\s]*$")
_HEADING_WORDS = {
    "resume", "résumé", "curriculum", "vitae", "summary", "experience", "education", "skills",
    "profile", "contact", "objective", "projects", "certifications",
}


def candidate_name(text: str) -> str | None:
    """The person's name: the first non-empty line when it reads like 2-4 capitalised words."""
    for line in text.splitlines()[:5]:
        if not line.strip():
            continue
        m = NAME_LINE.match(line)
        if m and not ({w.lower().strip(".") for w in m.group(1).split()} & _HEADING_WORDS):
            return m.group(1).strip()
        return None
    return None


def redact_text(text: str) -> str:
    name = candidate_name(text)
    out = ALT_TEXT.sub("", text)
    out = EMAIL.sub("[email]", out)
    out = URL.sub("[link]", out)
    out = STREET.sub("[address]", out)
    out = ZIP_LINE.sub("[location]", out)
    out = PHONE.sub("[phone]", out)
    if name:
        parts = [re.escape(p) for p in name.split() if len(p.strip(".")) > 1]
        for pattern in [re.escape(name), *parts]:
            out = re.sub(rf"\b{pattern}\b", "[name]", out)
    out = HONORIFIC.sub("", out)
    out = PRONOUN.sub(lambda m: _pronoun(m.group(1)), out)
    # a line left holding only placeholders is contact furniture: blank it, keep the line
    lines = [
        "" if re.fullmatch(r"[\s|,•·:/()-]*(?:\[(?:name|email|phone|link|address|location)\]"
                           r"[\s|,•·:/()-]*)+", ln) else ln
        for ln in out.split("\n")
    ]
    return "\n".join(lines)


def _pronoun(word: str) -> str:
    repl = PRONOUNS[word.lower()]
    return repl.capitalize() if word[0].isupper() else repl


def pseudonym(path: str) -> str:
    """A stable stand-in for a file path, which often carries the candidate's name."""
    return "candidate-" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]


def redact_document(doc: Document) -> Document:
    return replace(doc, text=redact_text(doc.text), path=pseudonym(doc.path))
