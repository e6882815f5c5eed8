"""Résumé text → evidence units, roles and degrees.

The text is split into sections by headings, then each section into units a requirement can be
matched against: bullets (wrapped lines joined), prose sentences, skills lines and their single
skills, role headers (title, employer and dates, often spread over adjacent lines) and degree
lines. Name and contact lines are never evidence.

Everything here is heuristic and general: headings are recognised by section vocabulary plus
heading-like formatting, never by one résumé's layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .data import RESUME_SECTIONS, Degree, Document, Evidence, Resume, Role
from .facts import (
    DateRange,
    find_date_ranges,
    find_degrees,
    is_present_word,
    names_a_job,
    parse_degree_line,
)

# ---------------------------------------------------------------------------------------------
# Line kinds
# ---------------------------------------------------------------------------------------------

_SYMBOL_BULLET = r"[•●▪■◦○‣⁃∙·◆◇►▶➢➤✓✔❖☐□➔→⮚✦★☆♦❑§]"
_BULLET_RE = re.compile(
    rf"^\s*(?:{_SYMBOL_BULLET}+\s*|[-–—*+»](?=\s)\s*|\(?\d{{1,2}}[.)](?=\s)\s*|\(?[a-hivx]{{1,3}}\)\s+)"
)
_BARE_MARKER_RE = re.compile(rf"^\s*(?:{_SYMBOL_BULLET}|[-–—*+»]|\d{{1,2}}[.)])\s*$")
# the lookbehind starts a match only at a run's first character: linear on a long run
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE_RE = re.compile(r"(?:\+?\d[\d\s().-]{7,}\d)")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|in|me|dev)/\S*", re.I)
# a contact word counts as a label ("Mobile: …", "Phone No - …", "Email id: …", "Phone/WhatsApp:
# …", "LinkedIn Profile: …", "LinkedIn – Ana Ruiz"), in a line of labels alone ("LinkedIn |
# GitHub"), or before a handle ("LinkedIn ana-ruiz", "GitHub (anaruiz)"); never inside a line
# of work ("Built mobile payment apps", "LinkedIn page: grew followers from 2k to 40k") or a
# list of tools ("Git | GitHub | Jira", "Mobile/Web: React Native", "GitHub CI/CD")
_CONTACT_WORD = (r"(?:e-?mail|phone|mobile|cell|tel(?:ephone)?|contact|linkedin|github|skype|"
                 r"whatsapp|twitter|telegram)")
_CONTACT_LABEL = (_CONTACT_WORD + r"(?:\s*/\s*" + _CONTACT_WORD + r")?"
                  r"(?:\s+(?:no\.?|number|id|#|details|info|profile|handle|url))?")
_PROFILE_WORD = r"(?:linkedin|github|skype|twitter|telegram)"
# a handle in lower case ("anaruiz"); one that follows a profile word without brackets needs a
# character no word has ("ana-ruiz", "ana.ruiz", "anaruiz2")
_HANDLE_WORD = r"(?-i:[a-z0-9](?:[\w.-]*[a-z0-9])?)"
_HANDLE = r"@?(?=[\w.-]*[-_.\d])" + _HANDLE_WORD
_CONTACT_WORDS_RE = re.compile(
    r"email\s+me\s+on"
    r"|\b" + _CONTACT_LABEL + r"\s*(?::|(?=\+?\d[\d\s().-]{6}))"
    r"|^\W*" + _CONTACT_LABEL + r"\s*[-–—]\s"
    r"|^\W*" + _CONTACT_WORD + r"(?:\s+details)?(?:\s*[/|,·•&]\s*" + _CONTACT_WORD + r")*\W*$"
    r"|^\W*" + _PROFILE_WORD + r"[\s|(•·–—-]+" + _HANDLE + r"\)?[\s.,;]*$"
    r"|^\W*" + _PROFILE_WORD + r"\s*\(\s*" + _HANDLE_WORD + r"\s*\)[\s.,;]*$"
    # "ana at example dot com", "ana (at) example (dot) org", "ana.ruiz at gmail.com"
    r"|(?<![\w.+-])(?-i:[a-z0-9][\w.+-]*)\s*(?:\(at\)|\[at\]|\{at\}|\sat\s)\s*[\w-]+\s*"
    r"(?:\(dot\)|\[dot\]|\{dot\}|\sdot\s|\.)\s*(?-i:[a-z]{2,6})\b"
    r"|\b(?:github|linkedin)\.com\b|\blinkedin\s*/in/"
    # what blind screening left of a contact line ("Jersey City · [email] · [phone] · [link]")
    r"|\[(?:email|phone|link|handle|address)\]"
    r"|\bd\.?o\.?b\b|\bdate\s+of\s+birth\b|\bmarital\b|\bnationality\b|\bpassport\b|\baddress\s*:",
    re.IGNORECASE,
)
_ADDRESS_RE = re.compile(
    r"\b\d{1,5}\s+\w+(?:\s\w+)?\s+(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|blvd|way|court|ct)\b"
    r"|\b[A-Z][a-z]+,\s*[A-Z]{2}\s+\d{5}\b|\b\d{6}\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b",
)
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$|^[-–—\s]*\d{1,3}[-–—\s]*$",
                             re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z0-9][\w+#.&'’/-]*")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _is_bullet(text: str) -> bool:
    return bool(_BULLET_RE.match(text)) and not _BARE_MARKER_RE.match(text)


def _strip_bullet(text: str) -> str:
    return _BULLET_RE.sub("", text, count=1).strip()


def _without_urls(text: str) -> str:
    return " ".join(_URL_RE.sub(" ", text).split())


def _is_contact(text: str) -> bool:
    """A line giving an email, phone, profile link or street address (never evidence)."""
    if _EMAIL_RE.search(text) or _CONTACT_WORDS_RE.search(text):
        return len(_words(text)) <= 16
    if _PHONE_RE.search(text) and len(re.sub(r"\D", "", _PHONE_RE.search(text).group(0))) >= 9:
        # a long digit run inside a short line is a phone number, not a figure in a sentence
        return len(_words(text)) <= 10
    return bool(_ADDRESS_RE.search(text)) and len(_words(text)) <= 10


def _is_junk(text: str) -> bool:
    stripped = text.strip(" -–—•*|_=.")
    if not stripped or _PAGE_NUMBER_RE.match(stripped):
        return True
    return not _without_urls(stripped).strip(" -–—:|,.")


# ---------------------------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------------------------

# (section, keyword pattern) in priority order: the first family named in a heading wins, so
# "Academic Projects" is projects and "Summary of Qualifications" is summary.
_SECTION_FAMILIES: tuple[tuple[str, str], ...] = (
    ("projects", r"projects?|portfolio"),
    ("summary", r"summary|profile|objective|about\s+me|overview|introduction|highlights"
                r"|personal\s+statement|synopsis"),
    ("education", r"education|educational|degrees?|schooling|academics"),
    ("certifications", r"certifications?|certificates?|licen[cs]es?|licensure|accreditations?"
                       r"|credentials"),
    ("other", r"volunteer\w*|publications?|awards?|honou?rs|achievements?|accomplishments?"
              r"|patents?|presentations?|affiliations?|memberships?|activities|interests|hobbies"
              r"|references|declaration|extra[- ]?curricular|links|personal\s+(?:details|information|"
              r"data)|additional\s+information|languages\s+known"),
    ("skills", r"skills?|skill\s*set|skillset|competenc(?:y|ies)|expertise|technologies|proficienc"
               r"(?:y|ies)|tech\s+stack|tools|strengths|abilities|languages"),
    ("experience", r"experiences?|employment|work\s+history|career\s+history|positions?|internships?"
                   r"|work|career"),
    ("education", r"academic|qualifications?|training|trainings|coursework|courses"),
    ("other", r"information|details|miscellaneous|other"),
)
_COMPILED_FAMILIES = tuple((s, re.compile(rf"\b(?:{p})\b", re.IGNORECASE)) for s, p in _SECTION_FAMILIES)
# Words that may stand in a heading beside the family keyword ("Professional Experience").
_HEADING_MODIFIERS = frozenset(["professional", "technical", "work", "key", "core", "relevant", "additional", "personal", "academic", "educational", "career", "and", "of", "the", "other", "related", "selected", "areas", "area", "my", "it", "computer", "soft", "hard", "software", "programming", "functional", "domain", "industry", "leadership", "research", "teaching", "military", "held", "recent", "previous", "prior", "company", "set", "background", "history", "record", "known", "undertaken", "major", "minor", "statement", "co", "curricular", "community", "service", "social", "summary", "details", "information", "professional's", "&", "a", "an", "in", "to", "for", "with", "detailed", "brief", "short", "relevant", "main", "top", "primary", "secondary", "it/software", "language"])


def _heading_text(raw: str) -> tuple[str, bool]:
    """The heading candidate's bare text and whether it carried explicit heading markup."""
    text = raw.strip()
    markup = text.startswith("#")
    text = text.lstrip("#").strip()
    bare = text.strip("*_=~ ")
    markup = markup or (bare != text and bool(bare))
    bare = re.sub(r"\s*[:：]\s*[-–—]?\s*$", "", bare)  # "Projects: -", "SKILLS:"
    ends_with_colon = bare != text.strip("*_=~ ") and ":" in text
    return bare.strip("*_ "), markup or ends_with_colon


def heading_section(raw: str) -> str | None:
    """The section a line opens, or None when the line is not a heading.

    A heading names a section family ("Work Experience", "Technical Skills", "Licenses &
    Certifications"), carries almost no other words, and looks like a heading: markdown '#',
    bold, trailing ':', all caps, title case or one or two words on its own line.
    """
    if _is_bullet(raw) and not raw.lstrip().startswith(("#", "*")):
        return None
    text, markup = _heading_text(raw)
    if not text or len(text) > 60 or ":" in text or re.search(r"\d|[.!?]$|,", text):
        return None
    words = re.findall(r"[A-Za-z'’]+|&", text)
    if not 1 <= len(words) <= 6:
        return None
    section = next((s for s, pattern in _COMPILED_FAMILIES if pattern.search(text)), None)
    if section is None:
        return None
    unknown = [w for w in words
               if w.lower() not in _HEADING_MODIFIERS
               and not any(p.fullmatch(w) for _, p in _COMPILED_FAMILIES)]
    # Only short acronyms may join the vocabulary ("SAP Skills"), and not in an all-caps line
    # where any word looks like one.
    if unknown and (text.isupper() or not all(w.isupper() and len(w) <= 5 for w in unknown)):
        return None
    letters = [w for w in words if w != "&"]
    all_caps = text.upper() == text
    title_case = all(w[0].isupper() for w in letters if len(w) > 3 or w == letters[0])
    if markup or all_caps or title_case or len(letters) <= 2:
        return section
    return None


# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int  # 1-based line number in doc.text
    text: str  # without trailing whitespace
    section: str
    is_heading: bool = False
    consumed: bool = False


@dataclass
class _Draft:
    """Evidence before it gets its id: sorted by line, then by creation order."""

    text: str
    section: str
    line: int
    unit: str
    order: int = 0


@dataclass
class _Collector:
    drafts: list[_Draft] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    degrees: list[Degree] = field(default_factory=list)

    def add(self, text: str, section: str, line: int, unit: str) -> None:
        text = " ".join(text.split())
        if text:
            self.drafts.append(_Draft(text, section, line, unit, len(self.drafts)))


_ABBREVIATIONS = frozenset(["e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "mr", "mrs", "ms", "dr", "jr", "sr", "st", "vs", "no", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "b.s", "m.s", "b.a", "m.a", "ph.d", "b.sc", "m.sc", "b.e", "b.tech", "m.tech", "pvt"])
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"')\]’”]*\s+(?=[A-Z0-9\"'(“‘•])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; abbreviations and initials do not end a sentence."""
    sentences = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        before = text[start: match.start() + 1].split()
        last = before[-1].rstrip(".!?\"')]’”").lower() if before else ""
        if last in _ABBREVIATIONS or len(last) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", last):
            continue
        sentences.append((start, text[start: match.end()].strip()))
        start = match.end()
    if text[start:].strip():
        sentences.append((start, text[start:].strip()))
    return sentences


def _wrap_width(lines: Sequence[_Line]) -> int:
    """Typical full-line width: a line about this long was probably wrapped by the exporter.

    Measured over lines of some length only, so that many short lines (names, skills, dates)
    do not make every ordinary line look "full"."""
    lengths = sorted(n for ln in lines if (n := len(ln.text.strip())) >= 30)
    if len(lengths) < 3:
        return 0
    return lengths[int(len(lengths) * 0.9) - 1]


_CONTINUES_RE = re.compile(r"(?:[,&(/+-]|\b(?:and|or|of|the|to|in|with|for|a|an|on|at|by|as))$",
                           re.IGNORECASE)


def _continues(previous: str, following: str, width: int) -> bool:
    """Whether `following` is a wrapped continuation of `previous`."""
    previous, following = previous.strip(), following.strip()
    if not previous or not following or _is_bullet(following) or _BARE_MARKER_RE.match(following):
        return False
    if _LABEL_LIST_RE.match(following) and not following[:1].islower():
        return False
    if following[:1].islower() or _CONTINUES_RE.search(previous):
        return True
    long_previous = width >= 45 and len(previous) >= 0.8 * width
    return long_previous and not previous.endswith(":")


# "Languages: Python, Java" — a label and a list.
_LABEL_LIST_RE = re.compile(r"^(?P<label>[A-Za-z][\w &/+#().'-]{0,40}?)\s*[:：]\s*(?P<items>\S.*)$")
# Labelled lines that state circumstances, not skills.
_NOT_A_LIST_LABEL_RE = re.compile(
    r"^[^:]{0,25}\b(?:willing\s+to\s+relocate|relocation|location|address|nationality|"
    r"languages?\s+known|dates?|place|notice\s+period|availability|visa|citizenship|salary|status|"
    r"period|duration|designation|company|client|employer|organi[sz]ation|role|position|title|"
    r"project\s+name|team\s+size|phone|e-?mail)\s*[:：]",
    re.IGNORECASE,
)
_YEARS_NOTE_RE = re.compile(r"\s*\((?:[^()]*\b(?:years?|months?|yrs?)\b[^()]*)\)", re.IGNORECASE)


def split_skills(text: str) -> list[str]:
    """Entries of a skills list, split on , ; | • · and ' / ' outside parentheses."""
    text = _YEARS_NOTE_RE.sub("", text)
    entries: list[str] = []
    depth = 0
    start = 0  # entries are slices of text: growing a string per character is quadratic
    index = 0
    while index < len(text):
        char = text[index]
        depth += char in "([{"
        depth -= char in ")]}" and depth > 0
        if depth == 0 and (char in ",;|•·" or text.startswith(" / ", index)):
            entries.append(text[start:index])
            index += 3 if char == " " else 1
            start = index
            continue
        index += 1
    entries.append(text[start:])
    cleaned = []
    for entry in entries:
        entry = re.sub(r"^\s*(?:and|&|or)\s+|\s*\b(?:etc|and\s+more|and\s+so\s+on)\b\.?\s*$", "",
                       entry.strip(), flags=re.IGNORECASE)
        entry = entry.strip(" .:-–*")
        if entry and re.search(r"[A-Za-z0-9]", entry) and len(entry) <= 60:
            cleaned.append(entry)
    return cleaned


def _list_parts(text: str, in_skills: bool) -> tuple[str | None, list[str]] | None:
    """(label, entries) when the text is a skills list, else None."""
    match = _LABEL_LIST_RE.match(text)
    label, items = (match.group("label"), match.group("items")) if match else (None, text)
    if label is not None and len(label.split()) > 4:
        label, items = None, text
    entries = split_skills(items)
    if not entries:
        return None
    average_words = sum(len(e.split()) for e in entries) / len(entries)
    if average_words > 4:
        return None
    if label is not None and (in_skills or len(entries) >= 2):
        return label, entries
    if in_skills and (len(entries) >= 2 or len(entries[0].split()) <= 4):
        return None, entries
    return None


def _emit_text(collector: _Collector, text: str, section: str, line: int, unit: str,
               line_offsets: Sequence[tuple[int, int]] = ()) -> None:
    """Emit a bullet or paragraph: skills lists become skills_line + skills, prose sentences."""
    text = " ".join(_without_urls(text).split())
    if _is_junk(text) or _is_contact(text):
        return
    listed = None if _NOT_A_LIST_LABEL_RE.match(text) else _list_parts(text, section == "skills")
    if listed is not None:
        _label, entries = listed
        if len(entries) == 1 and _label is None:
            collector.add(entries[0], section, line, "skill")
            return
        collector.add(text, section, line, "skills_line")
        for entry in entries:
            collector.add(entry, section, line, "skill")
        return
    if unit == "bullet":
        if len(_words(text)) >= 2 or section == "skills":
            collector.add(text, section, line, "skill" if len(_words(text)) < 2 else "bullet")
        return
    if text.endswith(":") and len(_words(text)) <= 6:
        return  # a sub-label such as "Roles and responsibilities:" says nothing by itself
    prose = text[-1:] in ".!?" or len(_words(text)) >= 9
    if not prose:
        if len(_words(text)) >= 2:
            collector.add(text, section, line, "line")
        return
    for offset, sentence in split_sentences(text):
        if len(_words(sentence)) < 2:
            continue
        sentence_line = line
        for start, number in line_offsets:
            if start <= offset:
                sentence_line = number
        collector.add(sentence, section, sentence_line, "sentence")


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------

_TITLE_WORDS_RE = re.compile(
    r"\b(?:engineer|developer|manager|analyst|consultant|director|lead|leader|intern|specialist|"
    r"designer|architect|administrator|officer|scientist|coordinator|assistant|associate|head|vp|"
    r"president|executive|technician|representative|programmer|tester|trainee|supervisor|"
    r"accountant|advisor|adviser|founder|co-founder|owner|partner|recruiter|teacher|professor|"
    r"lecturer|researcher|nurse|writer|editor|agent|clerk|cashier|operator|instructor|therapist|"
    r"physician|attorney|counsel|paralegal|auditor|strategist|planner|buyer|marketer|chef|driver|"
    r"mechanic|electrician|fellow|principal|sde|sre|devops|qa|member|staff|officer|expert|"
    r"controller|cto|ceo|cfo|coo|cio|secretary|receptionist|scrum\s+master|product\s+owner|"
    r"freelancer?|contractor|apprentice|student|tutor|trainer|investigator|pharmacist|"
    r"technologist|generalist|producer|photographer|estimator|inspector|surveyor|dispatcher)s?\b",
    re.IGNORECASE,
)
_ROLE_SECTIONS = ("experience",)
_CHUNK_SPLIT_RE = re.compile(r"\s+[-–—|@·•]\s+|\s*\|\s*|,\s+|\s+at\s+|\s*@\s*|\t+|\s{3,}")
_LOCATION_CHUNK_RE = re.compile(r"^(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*,?\s*[A-Z]{2}|[A-Z]{2}"
                                r"|(?i:remote|hybrid|on-?site))$")


@dataclass(frozen=True)
class _RoleHeader:
    lines: tuple[int, ...]  # indices into the segment
    dates: DateRange
    parts: tuple[str, ...]  # header texts without the dates


def _header_like(text: str) -> bool:
    """A short line that could name a title, employer or place."""
    stripped = text.strip()
    if not stripped or _is_bullet(stripped) or stripped.endswith((".", ":")) and len(stripped) > 4:
        return False
    if _is_contact(stripped):
        return False
    if len(_words(stripped)) <= 10 and len(stripped) <= 90:
        return True
    # A long role line of parts ("Physics Teacher and Science Department Chair, Lakeview High
    # School, Austin TX"): each part short, the whole no sentence.
    parts = [p for p in _CHUNK_SPLIT_RE.split(stripped) if p and p.strip()]
    return (2 <= len(parts) <= 5 and len(stripped) <= 140 and not stripped.endswith(".")
            and all(len(_words(p)) <= 7 for p in parts))


# A list item that states a role outright ("4 years as a guidance counselor and advisor",
# "Worked as a Lab Technician at …"): it may run longer than a header and still be one.
# "Worked as", "Currently working as", "I am working as", "I'm currently working as",
# "Currently I am working as", "I have been working as", "I worked at … as"
_FIRST_PERSON = (r"(?:(?:currently|presently),?\s+)?"
                 r"(?:i\s+am\s+|i\s+was\s+|i'?m\s+|i’m\s+|i\s+|i'?ve\s+|i’ve\s+)?"
                 r"(?:have\s+|had\s+)?(?:been\s+)?(?:currently\s+|presently\s+)?")
_WORK_VERB = r"(?:worked|working|served|serving|employed|functioned|functioning)"
_ROLE_STATEMENT_RE = re.compile(
    r"\s*(?:(?:a\s+)?total\s+of\s+)?(?:\d+(?:\.\d+)?\+?|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)\s+(?:years?|yrs?|months?)\s+(?:as|of\s+experience\s+as)\b"
    r"|\s*" + _FIRST_PERSON + _WORK_VERB + r"\s+(?:as|(?:at|with|in|for)\s+[^.;]{1,60}?\s+as)\b",
    re.I)


# The same statement with its title and employer apart: "Worked as Project Engineer in Wipro
# Technologies from", "Worked with Microsoft, Hyderabad as Software Engineer from". Each form
# with the most words its title may have.
_STATEMENT_LEAD = r"^\s*" + _FIRST_PERSON + _WORK_VERB + r"\s+"
_ARTICLE = r"(?:an?\s+|the\s+)?"
# one way through each optional part: runs of optional spaces in a row backtrack
# polynomially on a long gap of spaces
_STATEMENT_TAIL = r"(?:\s*,)?(?:\s*(?:from|since|during|between|till|until))?(?:\s*[,.])?\s*$"
_STATEMENT_RES = (
    # "as Head of Sales for EMEA at Acme Corp": "at" names the employer (unless it names a
    # place: "as Developer with Infosys at Pune, India", split apart in _stated_role)
    (re.compile(_STATEMENT_LEAD + r"as\s+" + _ARTICLE + r"(?P<title>.+?)\s+at\s+"
                r"(?P<employer>.+?)" + _STATEMENT_TAIL, re.I), 8, True),
    (re.compile(_STATEMENT_LEAD + r"as\s+" + _ARTICLE + r"(?P<title>.+?)\s+(?:with|in|for)\s+"
                r"(?P<employer>.+?)" + _STATEMENT_TAIL, re.I), 7, True),
    (re.compile(_STATEMENT_LEAD + r"(?:at|with|in|for)\s+(?P<employer>.+?)\s+as\s+" + _ARTICLE
                + r"(?P<title>.+?)" + _STATEMENT_TAIL, re.I), 7, False),
    (re.compile(_STATEMENT_LEAD + r"as\s+" + _ARTICLE + r"(?P<title>.+?)" + _STATEMENT_TAIL,
                re.I), 5, True),
    (re.compile(r"^\s*(?:(?:a\s+)?total\s+of\s+)?\S+\s+(?:years?|yrs?|months?)\s+(?:as|of\s+"
                r"experience\s+as)\s+" + _ARTICLE + r"(?P<title>.+?)(?:\s+at\s+"
                r"(?P<employer>.+?))?" + _STATEMENT_TAIL, re.I), 8, True),
)
# "as part of a team", "as the point of contact", "with the client": a way of working or a
# party, not a title or an employer
_NOT_A_TITLE_RE = re.compile(r"^(?:part\s+of|point\s+of|a\s+member\s+of|needed|required)\b",
                             re.I)
# a determiner before a word in lower case: "the client", "a fintech startup"; "The Home
# Depot" and "the Mayo Clinic" are employers
_NOT_AN_EMPLOYER_RE = re.compile(r"^(?:an?|the|our|my|his|her|their|various|multiple)\s+[a-z]")
# "Pune, India", "Austin, TX": a place, not an employer
_CITY_COUNTRY_RE = re.compile(r"^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?$")


def _stated_role(text: str) -> tuple[str, str | None] | None:
    """(title, employer) of a role stated in words ("Worked as Project Engineer in Wipro
    Technologies from"), when the title names a job; else None ("Served as a mentor for 5
    engineers", "Worked with the client as a trusted advisor")."""
    text = " ".join(text.split())
    for index, (rx, most, title_first) in enumerate(_STATEMENT_RES):
        m = rx.match(text)
        if not m:
            continue
        title = m.group("title").strip(" ,.")
        employer = (m.groupdict().get("employer") or "").strip(" ,.") or None
        before = re.split(r"\s(?:with|in|for)\s", title, maxsplit=1) if index == 0 else []
        if len(before) == 2 and employer and (_CITY_COUNTRY_RE.match(employer)
                                              or _LOCATION_CHUNK_RE.match(employer)):
            # "as Developer with Infosys at Pune": the employer comes before "at" a place
            title, employer = before[0].strip(" ,."), before[1].strip(" ,.")
        if not _TITLE_WORDS_RE.search(title) or _NOT_A_TITLE_RE.match(title) \
                or len(_words(title)) > most:
            return None
        if employer is not None and _NOT_AN_EMPLOYER_RE.match(employer):
            if not title_first:
                return None  # "Worked with the client as a trusted advisor": no role
            employer = None  # "as Team Lead in a fintech startup": the title stands alone
        return title, employer
    return None


def _role_statement(text: str) -> str:
    """A role stated in words, as header parts ("Worked as Project Engineer in Wipro
    Technologies from" -> "Project Engineer, Wipro Technologies"); other text unchanged."""
    stated = _stated_role(text)
    return text if stated is None else ", ".join(p for p in stated if p)


def _date_line(text: str, today: date) -> DateRange | None:
    """The date range of a line that can head a role: few other words, and for a bullet (HTML
    lists make every line one) the dates must open or close it, as in a header."""
    body = _strip_bullet(text) if _is_bullet(text) else text
    ranges = find_date_ranges(body, today)
    if not ranges:
        return None
    found = ranges[0]
    rest = body[: found.begin] + body[found.finish:]
    # a sentence ends in a full stop; a header's stop right after its closing dates
    # ("Engineer, Acme Corp (2016 - 2019).") ends a list item, not a sentence
    after = body[found.finish:].strip(" )]")
    sentence = (body[: found.begin].strip(" ([|,–—-").endswith(".") if after in ("", ".")
                else rest.strip().endswith("."))
    if len(_words(rest)) > 14 or sentence and len(_words(rest)) > 6:
        return None
    if body is not text:
        at_edge = not body[found.finish:].strip(" )]|,.–—-") or not body[: found.begin].strip(" ([|,–—-")
        most = 14 if _ROLE_STATEMENT_RE.match(rest) and _stated_role(rest) else 10
        if not at_edge or len(_words(rest)) > most:
            return None
    return DateRange(found.start, found.end, found.text, found.begin + len(text) - len(body),
                     found.finish + len(text) - len(body))


def _clean_part(text: str) -> str:
    text = _strip_bullet(text) if _is_bullet(text) else text
    text = _without_urls(re.sub(r"\s{3,}|\t+", ", ", text.strip()))  # column gaps in PDF text
    text = re.sub(r"^(?:duration|period|dates?|tenure|from|designation|role|title|company|"
                  r"employer|organi[sz]ation)\s*[:：-]\s*", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"[()\[\]]\s*[()\[\]]", " ", text)
    text = re.sub(r"\s\.$", "", text.rstrip())  # the stop left after the dates were cut out
    # the "from" left before the dates: "Analyst at Initech from", "… from | Austin, TX"
    text = re.sub(r"\s+(?:from|since)(?=\s*(?:$|[|,–—]|\s-\s))", "", text, flags=re.I)
    return " ".join(text.split()).strip(" -–—|,:;()[]")


def _find_role_headers(segment: Sequence[_Line], today: date) -> list[_RoleHeader]:
    headers: list[_RoleHeader] = []
    used: set[int] = set()
    for index, line in enumerate(segment):
        if index in used or line.consumed:
            continue
        text = line.text
        dates = _date_line(text, today)
        wrapped = _wrapped_range(segment, index, today) if dates is None else None
        if wrapped is not None:  # "… from October 2011 to" / "Dec 2014."
            text, dates = wrapped
        if dates is None:
            continue
        own = _role_statement(_clean_part(text[: dates.begin] + " " + text[dates.finish:]))
        picked = _look_back(segment, index, used, today)
        if not picked and not own:
            picked = _look_ahead(segment, index, used, today, limit=2)
        elif len(picked) < 2 and own and not _TITLE_WORDS_RE.search(own + " ".join(
                _clean_part(segment[i].text) for i in picked)):
            picked += _look_ahead(segment, index, used, today, limit=1, need_title=True)
        # the line a wrapped range runs into is part of this header (its text is in `own`)
        indices = tuple(sorted([*picked, index, *((index + 1,) if wrapped else ())]))
        parts = [
            own if i == index else _clean_part(segment[i].text) for i in indices
            if not (wrapped and i == index + 1)
        ]
        used.update(indices)
        # The "Present" some exporters repeat on its own line after the dates.
        following = _next_nonblank(segment, index)
        if following is not None and is_present_word(segment[following].text):
            used.add(following)
            indices = (*indices, following)
        headers.append(_RoleHeader(indices, dates, tuple(p for p in parts if p)))
    return headers


# a line that breaks inside a date range: "… from October 2011 to" then "Dec 2014."
_OPEN_RANGE_END_RE = re.compile(r"(?:\b(?:to|till|until|through)|[-–—])\s*$", re.I)


def _wrapped_range(segment: Sequence[_Line], index: int,
                   today: date) -> tuple[str, DateRange] | None:
    """The line joined with the next when a date range breaks across them, and its range."""
    if index + 1 >= len(segment) or not _OPEN_RANGE_END_RE.search(segment[index].text):
        return None
    following = segment[index + 1]
    if following.is_heading or following.consumed or len(_words(following.text)) > 4:
        return None
    joined = segment[index].text.rstrip() + " " + following.text.strip()
    dates = _date_line(joined, today)
    if dates is None or dates.finish <= len(segment[index].text.rstrip()):
        return None  # the range must run into the next line
    return joined, dates


def _next_nonblank(segment: Sequence[_Line], index: int) -> int | None:
    for j in range(index + 1, min(len(segment), index + 3)):
        if segment[j].text.strip():
            return j
    return None


def _look_back(segment: Sequence[_Line], index: int, used: set[int], today: date) -> list[int]:
    picked: list[int] = []
    blanks = 0
    j = index - 1
    while j >= 0 and len(picked) < 2:
        text = segment[j].text
        if not text.strip():
            blanks += 1
            if blanks > 2 or (blanks > 1 and picked):
                break
            j -= 1
            continue
        if (j in used or segment[j].is_heading or segment[j].consumed
                or not _header_like(text) or find_date_ranges(text, today)
                or is_present_word(text)):
            break
        previous = segment[j - 1].text.strip() if j > 0 else ""
        ended = not previous or previous.endswith((".", "!", "?")) or segment[j - 1].is_heading \
            or segment[j - 1].consumed
        if not ended and not _header_like(previous) and not _is_bullet(previous) \
                and _continues(previous, text, 0):
            break  # the tail of a wrapped paragraph, not a header
        if not ended and not _header_like(previous):
            # right under unfinished prose: only a line naming a title belongs to the role
            if not _TITLE_WORDS_RE.search(text):
                break
            picked.append(j)
            break
        picked.append(j)
        blanks = 0
        j -= 1
    return picked


def _look_ahead(segment: Sequence[_Line], index: int, used: set[int], today: date,
                limit: int, need_title: bool = False) -> list[int]:
    picked: list[int] = []
    blanks = 0
    j = index + 1
    while j < len(segment) and len(picked) < limit:
        text = segment[j].text
        if not text.strip():
            blanks += 1
            if blanks > 1:
                break
            j += 1
            continue
        if (j in used or segment[j].is_heading or not _header_like(text)
                or find_date_ranges(text, today) or len(_words(text)) > 7
                or (need_title and not _TITLE_WORDS_RE.search(text))):
            break
        if _date_line_ahead(segment, j, today):
            break  # this line heads the next role
        picked.append(j)
        blanks = 0
        j += 1
    return picked


def _date_line_ahead(segment: Sequence[_Line], index: int, today: date) -> bool:
    following = _next_nonblank(segment, index)
    return following is not None and _date_line(segment[following].text, today) is not None


def _role_from_header(header: _RoleHeader, segment: Sequence[_Line]) -> tuple[Role, str]:
    chunks: list[str] = []
    for part in header.parts:
        # a lower-case "or" only: "OR Nurse" (operating room) keeps its letters
        chunks += [re.sub(r"^(?:(?i:and)|or|&)\s+", "", c.strip(" -–—|,()"))
                   for c in _CHUNK_SPLIT_RE.split(part) if c.strip(" -–—|,()")]
    title = next((c for c in chunks if _TITLE_WORDS_RE.search(c)), chunks[0] if chunks else None)
    employer = next((c for c in chunks if c != title and not _LOCATION_CHUNK_RE.match(c)
                     and not _TITLE_WORDS_RE.fullmatch(c) and re.search(r"[^\W\d_]", c)), None)
    header_text = ", ".join(header.parts)
    text = f"{header_text} ({header.dates.text})" if header_text else header.dates.text
    line = segment[header.lines[0]].number
    return Role(title=title, employer=employer, start=header.dates.start, end=header.dates.end,
                line=line, text=text), text


# ---------------------------------------------------------------------------------------------
# Sections and segments
# ---------------------------------------------------------------------------------------------


def _assign_sections(raw_lines: Sequence[str]) -> tuple[list[_Line], bool]:
    """Lines with their section; lines before the first heading are 'header'."""
    section = "header"
    found = False
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        text = raw.rstrip()
        heading = heading_section(text) if text.strip() else None
        if not heading:
            text = _strip_markup(text)
        if heading:
            section = heading
            found = True
        lines.append(_Line(number, text, section, is_heading=heading is not None))
    return lines, found


def _strip_markup(text: str) -> str:
    """Markdown sub-headings and bold/italic markers are layout, not words."""
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def _segments(lines: Sequence[_Line]) -> list[list[_Line]]:
    segments: list[list[_Line]] = []
    for line in lines:
        if line.is_heading:
            segments.append([])
            continue
        if not segments or (segments[-1] and segments[-1][-1].section != line.section):
            segments.append([])
        segments[-1].append(line)
    return [s for s in segments if s]


_PLACE_RE = re.compile(
    r"^[A-Za-z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}(?:\s*,\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}){1,3}"
    r"(?:\s+\d{5}(?:-\d{4})?)?$"
)
# A headline is a noun phrase: not a wrapped sentence ("... with"), an aside "(2 years)", or a
# profile id.
_NOT_HEADLINE_RE = re.compile(
    r"^\(|\b(?:with|of|and|in|for|to|at|the|a|an)$|\d{6,}|\b(?=[a-z]*\d)[a-z0-9]{12,}\b|:",
    re.IGNORECASE)
_HEADER_PART_SPLIT_RE = re.compile(r"\s*(?:[|·•●▪]|\s[-–—]\s)\s*")
_DOCUMENT_LABEL_RE = re.compile(r"^(?:r[ée]sum[ée]|curriculum\s+vitae|cv|bio[-\s]?data)$", re.I)


def find_headline(lines: Sequence[_Line], has_headings: bool) -> str | None:
    """The title under the name ("Senior Data Engineer", "Test Analyst at Oracle"): how the
    person presents themself. Read from the first lines before any section heading, skipping
    the name, contact details and places; None when the header holds no such line."""
    header = [ln.text.strip() for ln in lines
              if ln.text.strip() and (ln.section == "header" or not has_headings)][:5]
    header = [t for t in header if not _DOCUMENT_LABEL_RE.match(t.strip(" :"))]
    for text in header[1:4]:  # header[0] is the name
        for part in _HEADER_PART_SPLIT_RE.split(text):
            part = part.strip(" ,;")
            if not part or _is_contact(part) or _URL_RE.search(part) or _EMAIL_RE.search(part):
                continue
            if _PHONE_RE.fullmatch(part) or (_PLACE_RE.match(part) and not names_a_job(part)):
                continue
            words = _words(part)
            if (1 <= len(words) <= 10 and not re.search(r"[.!?]$", part)
                    and not _NOT_HEADLINE_RE.search(part)
                    and (len(words) >= 2 or names_a_job(part))):
                return part
    return None


def _is_name_line(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and not re.search(r"\d|[.!?:;]$", text) and not _is_bullet(text)


def _header_units(segment: Sequence[_Line], collector: _Collector, width: int) -> None:
    """Before the first heading: skip name, headline and contact lines; keep prose as summary."""
    items = _group_items(segment, width)
    for unit, parts in items:
        text = " ".join(p.text.strip() for p in parts)
        if _is_contact(text) or any(_is_contact(p.text) for p in parts[:1]):
            continue
        if unit != "bullet" and len(_words(_without_urls(text))) < 6:
            continue  # name, headline, location: who the person is, not what they did
        _emit_item(collector, "summary", unit, parts)


def _group_items(segment: Sequence[_Line], width: int) -> list[tuple[str, list[_Line]]]:
    """Bullets with their continuation lines, and paragraphs of wrapped lines."""
    items: list[tuple[str, list[_Line]]] = []
    pending_marker = False
    for line in segment:
        text = line.text.strip()
        if line.consumed or not text:
            if line.consumed or not text:
                items.append(("break", []))
            continue
        if _BARE_MARKER_RE.match(text):
            pending_marker = True
            continue
        open_item = items[-1] if items and items[-1][0] != "break" and items[-1][1] else None
        if _is_bullet(text) or pending_marker:
            items.append(("bullet", [line]))
            pending_marker = False
        elif open_item and _continues(open_item[1][-1].text, text, width):
            open_item[1].append(line)
        else:
            items.append(("paragraph", [line]))
    return [(unit, parts) for unit, parts in items if unit != "break" and parts]


def _emit_item(collector: _Collector, section: str, unit: str, parts: Sequence[_Line]) -> None:
    offsets: list[tuple[int, int]] = []
    text = ""
    for index, part in enumerate(parts):
        piece = _strip_bullet(part.text) if index == 0 and unit == "bullet" else part.text.strip()
        if text.endswith("-") and not text.endswith(" -") and piece[:1].islower():
            text = text[:-1]  # a word hyphenated across the wrap
        elif text:
            text += " "
        offsets.append((len(text), part.number))
        text += piece
    _emit_text(collector, text, section, parts[0].number, unit, offsets)


def _education_units(segment: Sequence[_Line], collector: _Collector, width: int) -> None:
    for unit, parts in _group_items(segment, width):
        first = _strip_bullet(parts[0].text) if unit == "bullet" else parts[0].text.strip()
        degree = parse_degree_line(first, parts[0].number, strict=False)
        if degree is not None:
            collector.degrees.append(degree)
            collector.add(first, "education", parts[0].number, "degree")
            rest = [p for p in parts[1:] if not _only_dates(p.text)]
            if rest:
                _emit_item(collector, "education", "paragraph", rest)
            continue
        if _only_dates(" ".join(p.text for p in parts)):
            continue
        _emit_item(collector, "education", unit, parts)


def _only_dates(text: str) -> bool:
    """A line holding nothing but dates ("September 2008 to June 2012", "2016")."""
    without = text
    for found in find_date_ranges(text):
        without = without.replace(found.text, " ")
    without = re.sub(r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?",
                     " ", without, flags=re.IGNORECASE)
    return len(_words(re.sub(r"[-–—/|,()]", " ", without))) <= 1 and bool(re.search(r"\d{4}", text))


def _section_units(segment: list[_Line], section: str, collector: _Collector, width: int,
                   today: date, roles_allowed: bool) -> None:
    if roles_allowed:
        for header in _find_role_headers(segment, today):
            role, text = _role_from_header(header, segment)
            collector.roles.append(role)
            collector.add(text, section, role.line, "role")
            for index in header.lines:
                segment[index].consumed = True
    if section == "education":
        _education_units(segment, collector, width)
        return
    for unit, parts in _group_items(segment, width):
        if _only_dates(" ".join(p.text for p in parts)):
            continue
        _emit_item(collector, section, unit, parts)


def _degrees_outside_education(lines: Sequence[_Line]) -> list[Degree]:
    """With no education section, take degree mentions from short non-bullet lines anywhere."""
    degrees = []
    for line in lines:
        text = line.text.strip()
        if not text or _is_bullet(text) or len(_words(text)) > 15:
            continue
        if find_degrees(text, strict=True):
            degree = parse_degree_line(text, line.number, strict=True)
            if degree:
                degrees.append(degree)
    return degrees


def parse_resume(doc: Document, today: date | None = None) -> Resume:
    """Split a résumé into evidence units and read its roles and degrees.

    Roles come from the experience section only (or from every section but education, projects
    and certifications when the résumé has no experience heading), so studies and project dates
    never count as years of work.
    """
    today = today or date.today()
    raw_lines = doc.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, has_headings = _assign_sections(raw_lines)
    width = _wrap_width(lines)
    sections_present = {line.section for line in lines}
    collector = _Collector()
    no_experience_heading = "experience" not in sections_present
    for segment in _segments(lines):
        section = segment[0].section
        if section == "header":
            if has_headings:
                _header_units(segment, collector, width)
                continue
            segment = _drop_name_lines(segment)
            section = "other"
        roles_allowed = section in _ROLE_SECTIONS or (
            no_experience_heading and section not in ("education", "projects", "certifications"))
        _section_units(segment, section, collector, width, today, roles_allowed)
    if "education" not in sections_present:
        collector.degrees.extend(_degrees_outside_education(lines))
        for degree in collector.degrees:
            collector.add(degree.text, "education", degree.line, "degree")
    evidence = _number_evidence(collector.drafts)
    warnings = list(doc.warnings)
    if not has_headings:
        warnings.append("no section headings found; evidence filed under 'other'")
    if not any(r.start for r in collector.roles):
        warnings.append("no dated roles found")
    return Resume(path=doc.path, evidence=evidence, roles=_dedupe_roles(collector.roles),
                  degrees=tuple(_dedupe_degrees(collector.degrees)), warnings=tuple(warnings),
                  headline=find_headline(lines, has_headings))


def _drop_name_lines(segment: list[_Line]) -> list[_Line]:
    """Without headings the first short line(s) are the name and headline, never evidence."""
    kept = []
    leading = True
    for line in segment:
        text = line.text.strip()
        if leading and text and (_is_name_line(text) or _is_contact(text)):
            continue
        if text and not _is_contact(text):
            leading = False
        kept.append(line)
    return kept


def _dedupe_roles(roles: Sequence[Role]) -> tuple[Role, ...]:
    """Drop repeats: the same role listed twice, or a bare date line restating a role's dates."""
    kept: list[Role] = []
    for role in roles:
        same_dates = [r for r in kept if (r.start, r.end) == (role.start, role.end)]
        if any(r.title == role.title or role.title is None for r in same_dates):
            continue
        kept.append(role)
    return tuple(kept)


def _dedupe_degrees(degrees: Sequence[Degree]) -> list[Degree]:
    seen: set[int] = set()
    unique = []
    for degree in sorted(degrees, key=lambda d: d.line):
        if degree.line not in seen:
            seen.add(degree.line)
            unique.append(degree)
    return unique


def _number_evidence(drafts: Sequence[_Draft]) -> tuple[Evidence, ...]:
    ordered = sorted(drafts, key=lambda d: (d.line, d.order))
    seen: set[tuple[str, str, int]] = set()
    evidence = []
    for draft in ordered:
        key = (draft.text, draft.unit, draft.line)
        if key in seen:
            continue
        seen.add(key)
        section = draft.section if draft.section in RESUME_SECTIONS else "other"
        evidence.append(Evidence(id=f"E{len(evidence) + 1}", text=draft.text,
                                 section=section, line=draft.line, unit=draft.unit))
    return tuple(evidence)
