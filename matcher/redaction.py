"""Blind screening: remove what identifies a person before scoring and from every output.

Names (any script and case, with titles and post-nominals), e-mail addresses, phone numbers
(international formats, via Google's libphonenumber metadata), URLs, personal domains and
profile handles, street addresses and postcodes, image alt text and gendered pronouns are
replaced by neutral placeholders. Once the name is known, every later occurrence of it or of
any of its parts is removed, in any case and with or without accents ("Maria" for "María").
Lines are kept (a removed line becomes empty), so line numbers in reports still point at the
original file. Redaction runs on the Document, before parsing, so no later stage ever sees the
removed text.

Not removed: a name the text never states as a name (no name line, no "Name:" label, no
profile link spelling it), nicknames, the names of referees or colleagues, schools and
employers (they are evidence), and dates (ages can be inferred from them).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace

import regex as re

from .data import Document

# Every pattern below starts a match only where a run begins (lookbehinds), so a long run of
# word characters is scanned once, not once per position.
_L = r"\p{L}\p{M}"  # letters in any script, with their combining marks (Devanagari, Thai …)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TLDS = r"com|org|net|io|dev|me|co|info|xyz|site|online|blog|page|app|ai|in|uk|de|fr|es|eu"
_TECH_DOMAINS = {"asp.net", "vb.net", "ado.net", "dot.net", "socket.io", "h2o.ai", "scale.ai"}
_HOSTS = (r"linkedin|github|gitlab|bitbucket|twitter|x|indeed|behance|dribbble|medium|kaggle"
          r"|stackoverflow|facebook|instagram|angel|wellfound|about|xing")
URL = re.compile(
    r"(?:https?://|www\.)\S+(?:(?<=[-/])\n\S+)?"  # a link broken after '-' or '/' goes on
    rf"|(?<![\w.@/-])(?:[\w-]+\.)?(?:{_HOSTS})\.(?:com|in|co|me|net|org)/\S*(?:(?<=[-/])\n\S+)?",
    re.I,
)
# A personal domain (mariagonzalez.io, jdoe.dev/blog): lower case only, so "B.Com", "B.Tech"
# and "ASP.NET" stay. The dotted run is taken whole (atomic group) and its last label checked
# afterwards, so a long run of "a.a.a." is scanned once.
DOMAIN = re.compile(
    r"(?<![\w.@/-])(?>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)"
    rf"(?<=\.(?:{_TLDS}))(?:/\S*)?(?!\w|[.-]\w)"
)
HANDLE = re.compile(
    r"(?<![\w.@])@[A-Za-z0-9_][\w.-]{1,38}"  # @mgonzalez
    r"|\b(?:skype|twitter|telegram|whatsapp|wechat|signal|discord|slack|instagram|facebook"
    r"|github|gitlab|bitbucket|kaggle|medium|leetcode|hackerrank|linkedin|stack\s?overflow"
    r"|x|website|web|portfolio|blog|homepage|handle)(?:\s*(?:id|handle|profile|url))?"
    r"[ \t]*[:：][ \t]*[^\s:]+(?=\s|$)",
    re.I,
)
PHONE = re.compile(
    r"(?<![\w+])\+\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,4}\d{2,4}(?!\d)"  # +44 20 7946 0958
    r"|(?<!\w)\(\+?\d{1,3}\)[\s.-]?\d{2,5}(?:[\s.-]?\d{2,5}){1,3}(?!\d)"  # (+91) 98765 43210
    r"|(?<!\w)\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b"  # (555) 123-4567
    r"|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b"  # 555-123-4567, 555.123.4567
    r"|\b0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b"  # 020 7946 0958, 07700 900123, 080-2345-6789
    r"|\b\d{5}[\s.-]\d{5}\b"  # 98765 43210
    r"|\b\d{10,12}\b"  # 9876543210, 919876543210
)
_PHONE_REGIONS = ("GB", "IN", "DE", "FR")  # numbers written without +: the common formats
_STREET_TYPES = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
    r"|Terrace|Parkway|Pkwy|Highway|Hwy|Crescent|Mews|Nagar|Marg|Colony|Layout"
)
STREET = re.compile(
    rf"(?:\b(?:Flat|Apt|Apartment|Suite|Unit|House|No)\.?[ \t]*\w+,?[ \t]*)?"
    rf"\b\d{{1,5}}[A-Za-z]?,?[ \t]+(?:[\p{{Lu}}\d][{_L}.'’-]*[ \t]+){{1,4}}(?:{_STREET_TYPES})\b\.?"
    rf"(?:,?[ \t]*(?:Apt|Suite|Unit|Flat)\.?[ \t]*\w+)?"
    rf"|\b(?:Calle|Avenida|Av\.|Rua|Via|Viale|Rue|Boulevard|Chemin|Plaza|Paseo|Carrer)"
    rf"[ \t]+(?:[{_L}'’.-]+[ \t]+){{0,4}}[{_L}'’-]+,?[ \t]*\d{{1,5}}[A-Za-z]?\b"
    rf"|\b\d{{1,5}},?[ \t]+(?:rue|avenue|boulevard|chemin|place|allée|impasse)"
    rf"(?:[ \t]+[{_L}'’-]+){{1,5}}"
    rf"|\b[\p{{Lu}}][{_L}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|laan|straat"
    rf"|gracht|vej|gatan|gata|katu|utca|ulica)[ \t]+\d{{1,5}}[a-z]?\b",
)
POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"  # UK: SW1A 1AA
    r"|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,3},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"  # Austin, TX 78701
    r"|(?:(?<=[,–-] )|(?<=[,–-]))\d{3} ?\d{3}\b"  # Bengaluru - 560037 (Indian PIN)
)
ALT_TEXT = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.I)
PRONOUNS = {
    "he": "they", "she": "they", "him": "them", "her": "their", "his": "their", "hers": "theirs",
    "himself": "themself", "herself": "themself",
}
PRONOUN = re.compile(r"\b(" + "|".join(PRONOUNS) + r")\b", re.I)
HONORIFIC = re.compile(  # "Ms Word" and "MS Office" are software, not a woman
    r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+(?=\p{Lu})"
    r"(?!(?:Word|Excel|Office|Access|Project|Outlook|Visio|Power\s?Point|Teams|SQL|Dynamics"
    r"|Paint|Dos|DOS)\b)"
)
_TITLES = (
    r"Dr|Doctor|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Rev|Eng|Ing|Sr|Sra|Srta|Herr|Frau|Mme"
    r"|Mlle|Dott|Dra|Shri|Smt|Sri|Kumari|Capt|Col|Maj|Lt|Sgt|Hon"
)
TITLE_BEFORE_NAME = re.compile(rf"\b(?:(?:{_TITLES})\.?[ \t]+)+(?=\[name\])", re.I)
_POSTNOMINALS = (
    r"Ph\.?\s?D|D\.?Phil|M\.?D|D\.?O|D\.?D\.?S|J\.?D|LL\.?M|M\.?B\.?A|M\.?Sc|B\.?Sc|M\.?S|B\.?S"
    r"|M\.?A|B\.?A|M\.?Eng|B\.?Eng|C\.?P\.?A|C\.?F\.?A|P\.?E|P\.?Eng|R\.?N|B\.?S\.?N|M\.?S\.?N"
    r"|N\.?P|P\.?M\.?P|C\.?I\.?S\.?S\.?P|F\.?R\.?C\.?S|M\.?R\.?C\.?P|A\.?C\.?C\.?A|A\.?C\.?A"
    r"|C\.?Eng|Esq|Jr|Sr|II|III|IV|MBBS|FCA|SHRM-CP|SHRM-SCP|PHR|SPHR|CSM|CISA|CISM"
)
_POSTNOMINAL_RUN = rf"(?:(?:,[ \t]*|[ \t]+)(?:{_POSTNOMINALS})\.?(?![{_L}]))+"  # one line
POSTNOMINAL_AFTER_NAME = re.compile(rf"(?<=\[name\]){_POSTNOMINAL_RUN}", re.I)
_NAME_LABEL = re.compile(
    r"^\s*(?:full\s+)?name\s*[:：-]\s*(?P<name>.+?)\s*$|^\s*(?:nombre|nom|name|имя|姓名|이름)"
    r"\s*[:：]\s*(?P<other>.+?)\s*$",
    re.I | re.M,
)
_PROFILE_SLUG = re.compile(
    r"(?:indeed\.com/r|linkedin\.com/in)/(?P<slug>[\p{L}-]+(?:-\n[\p{L}-]+)?)(?:[/\s]|$)", re.I
)
_TOKEN = re.compile(rf"[{_L}]+(?:[-'’][{_L}]+)*\.?")
_CJK = re.compile(r"^[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}ー・·]{2,6}$")
_PARTICLES = {
    "de", "da", "del", "della", "der", "den", "di", "do", "dos", "das", "du", "la", "le", "van",
    "von", "y", "e", "bin", "binti", "bint", "al", "el", "ibn", "ter", "ten", "st",
}
# Words a first line holds when it is not a name: headings, job words, places, document words.
_NOT_NAME_WORDS = {
    "resume", "résumé", "curriculum", "vitae", "cv", "summary", "experience", "education",
    "skills", "profile", "contact", "objective", "projects", "certifications", "professional",
    "personal", "details", "information", "career", "work", "senior", "junior", "lead", "head",
    "intern", "internship", "trainee", "fresher", "graduate", "student", "team", "and", "of",
    "the", "at", "in", "for", "to", "with", "on", "my", "page", "about", "me", "linkedin",
    "email", "phone", "mobile", "address", "technical", "software", "data", "sales", "marketing",
    "business", "it", "hr", "finance", "project", "product", "services", "solutions", "limited",
    "ltd", "inc", "pvt", "company", "university", "college", "school", "institute", "india",
    "bangalore", "bengaluru", "hyderabad", "pune", "mumbai", "delhi", "chennai", "london",
    "karnataka", "maharashtra", "telangana", "remote", "oracle", "java", "python", "sap",
    "microsoft", "google", "amazon", "present", "year", "years", "hello", "hi", "dear",
}
# Name parts that are also everyday words: removed only where capitalised, so "will" and
# "may" survive in prose while "Will" and "May" the person do not.
_COMMON_WORD_NAMES = {
    "will", "may", "mark", "bill", "grant", "rose", "june", "april", "ray", "hope", "joy",
    "faith", "art", "frank", "max", "dean", "chase", "hunter", "king", "young", "long", "white",
    "black", "brown", "green", "gray", "grey", "price", "page", "hall", "wood", "stone", "rich",
    "sage", "summer", "winter", "autumn", "dawn", "sky", "river", "glen", "jack", "pat", "sunny",
    "amber", "ruby", "pearl", "crystal", "iris", "lily", "ivy", "holly", "cash", "bell", "lane",
    "park", "field", "hill", "ford", "case", "love", "noble", "moon", "star", "an", "le",
    "van", "son", "lee", "sun", "ma", "li", "bo", "do", "so", "ho", "to", "in", "ng", "mo",
}
_PLACEHOLDER_LINE = re.compile(
    r"[\s|,•·:/()-]*(?:\[(?:name|email|phone|link|handle|address|location)\][\s|,•·:/()-]*)+"
)


def _strip_title_and_postnominals(line: str) -> str:
    line = re.sub(rf"^(?:(?:{_TITLES})\.?\s+)+", "", line, flags=re.I)
    return re.sub(rf"{_POSTNOMINAL_RUN}\s*$", "", line, flags=re.I).strip(" ,")


def _as_name(line: str) -> str | None:
    """The name a line states, when the whole line reads as one: 2-5 words of letters in any
    script and case (initials and particles allowed), or 2-6 CJK/Hangul/Kana characters, after
    an optional title ("Dr.") and post-nominals (", PhD")."""
    text = re.sub(r"[#*_`>]+", " ", line).strip()
    text = _strip_title_and_postnominals(" ".join(text.split()))
    if not text or len(text) > 60:
        return None
    if _CJK.match(text.replace(" ", "")):
        return text
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or not all(_TOKEN.fullmatch(t) for t in tokens):
        return None
    words = [t.strip(".").lower() for t in tokens]
    if set(words) & _NOT_NAME_WORDS or _names_a_job(text):
        return None
    real = [w for w in words if w not in _PARTICLES]
    if sum(len(w) >= 2 for w in real) < 1 or len(real) < 2 and len(tokens) < 3:
        return None
    return text


def _names_a_job(text: str) -> bool:
    from .facts import names_a_job

    return names_a_job(text)


def _is_skippable_line(line: str) -> bool:
    """A top line that comes before the name: a 'Résumé' heading or only contact details."""
    stripped = re.sub(r"[#*_`>|•·,:()\s-]+", " ", line).strip().lower()
    if stripped in {"resume", "résumé", "curriculum vitae", "cv", "bio data", "biodata"}:
        return True
    rest = PHONE.sub(" ", URL.sub(" ", EMAIL.sub(" ", line)))
    return not re.search(rf"[{_L}]{{2}}", rest)


def find_names(text: str) -> list[str]:
    """The person's name as the text states it: the first line that reads as a name (after a
    'Résumé' heading or contact lines), a 'Name:' label, or the slug of an Indeed or LinkedIn
    profile link ('indeed.com/r/Harini-Komaravelli/…'). Empty when none is found."""
    names: list[str] = []
    for line in [ln for ln in text.splitlines()[:12] if ln.strip()][:4]:
        if _is_skippable_line(line):
            continue
        name = _as_name(line)
        if name:
            names.append(name)
        break
    for m in _NAME_LABEL.finditer(text[:5000]):
        name = _as_name(m.group("name") or m.group("other") or "")
        if name:
            names.append(name)
    if not names:
        for m in _PROFILE_SLUG.finditer(text[:5000]):
            parts = [p for p in m.group("slug").replace("\n", "").split("-") if len(p) >= 2]
            if len(parts) >= 2:
                names.append(" ".join(parts))
    return names


def candidate_name(text: str) -> str | None:
    """The person's name, or None (the first of find_names)."""
    names = find_names(text)
    return names[0] if names else None


def _fold(word: str) -> str:
    """A word without accents: 'Núñez' -> 'Nunez'."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _name_patterns(names: list[str]) -> list[re.Pattern]:
    """Patterns for every occurrence of the names and of their parts, longest first."""
    exact: set[str] = set()
    anycase: set[str] = set()
    for name in names:
        compact = name.replace(" ", "")
        if _CJK.match(compact):
            exact.update({name, compact})  # CJK: the whole name only; one character is a word
            continue
        anycase.update({name, _fold(name)})
        for part in name.split():
            part = part.strip(".")
            if len(part) < 2 or part.lower() in _PARTICLES:
                continue
            for form in {part, _fold(part)}:
                (exact if form.lower() in _COMMON_WORD_NAMES else anycase).add(form)
    out: list[re.Pattern] = []
    boundary = rf"(?<![{_L}\p{{N}}])", rf"(?![{_L}\p{{N}}])"
    for words, flags in ((anycase, re.I), (exact, 0)):
        if words:
            alternatives = "|".join(
                r"\s+".join(re.escape(w) for w in word.split())
                for word in sorted(words, key=len, reverse=True)
            )
            cjk = all(_CJK.match(w.replace(" ", "")) for w in words)
            pattern = f"(?:{alternatives})" if cjk else f"{boundary[0]}(?:{alternatives}){boundary[1]}"
            out.append(re.compile(pattern, flags))
    if exact and any(w.lower() in _COMMON_WORD_NAMES for w in exact):
        # common-word parts are removed where capitalised (Title or UPPER case)
        caps = sorted({w for w in exact if w.lower() in _COMMON_WORD_NAMES}, key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in caps + [w.upper() for w in caps])
        out.append(re.compile(f"{boundary[0]}(?:{alternatives}){boundary[1]}"))
    return out


# A run of digits and separators long enough to be a phone number: only these are handed to
# libphonenumber, which is slow on whole documents.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+(])[(+]{0,2}\d[\d \t().+-]{5,24}\d(?!\w)")


def _phones(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers libphonenumber finds valid for one of the common regions."""
    import phonenumbers

    spans: list[tuple[int, int]] = []
    for candidate in _PHONE_CANDIDATE.finditer(text):
        snippet, offset = candidate.group(0), candidate.start()
        if sum(c.isdigit() for c in snippet) < 9:  # "2019 - 2021": too few digits to dial
            continue
        for region in _PHONE_REGIONS:
            for m in phonenumbers.PhoneNumberMatcher(snippet, region,
                                                     leniency=phonenumbers.Leniency.VALID):
                if "/" not in m.raw_string:  # "2018 - 03/2021" is a date range, not a number
                    spans.append((offset + m.start, offset + m.end))
    return spans


def _replace_spans(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        out.append(text[last:start])
        out.append(placeholder + "\n" * text.count("\n", start, end))
        last = end
    out.append(text[last:])
    return "".join(out)


def _is_tech_domain(match: re.Match) -> bool:
    return match.group(0).lower().rstrip("/") in _TECH_DOMAINS


def _placeholder(label: str):  # noqa: ANN202 - a re.sub replacement function
    """A replacement that keeps the line breaks a match spans, so line numbers still hold."""
    return lambda m: f"[{label}]" + "\n" * m.group(0).count("\n")


def _link(match: re.Match) -> str:
    return match.group(0) if _is_tech_domain(match) else _placeholder("link")(match)


def redact_text(text: str) -> str:
    names = find_names(text)
    out = ALT_TEXT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = EMAIL.sub("[email]", out)
    out = URL.sub(_link, out)
    out = DOMAIN.sub(_link, out)
    out = HANDLE.sub(_placeholder("handle"), out)
    out = STREET.sub(_placeholder("address"), out)
    out = POSTCODE.sub("[location]", out)
    out = PHONE.sub(_placeholder("phone"), out)
    out = _replace_spans(out, _phones(out), "[phone]")
    for pattern in _name_patterns(names):
        out = pattern.sub(_placeholder("name"), out)
    out = TITLE_BEFORE_NAME.sub("", out)
    out = POSTNOMINAL_AFTER_NAME.sub("", out)
    out = HONORIFIC.sub("", out)
    out = PRONOUN.sub(lambda m: _pronoun(m.group(1)), out)
    # a line left holding only placeholders is contact furniture: blank it, keep the line
    lines = ["" if _PLACEHOLDER_LINE.fullmatch(ln) else ln for ln in out.split("\n")]
    return "\n".join(lines)


def _pronoun(word: str) -> str:
    repl = PRONOUNS[word.lower()]
    return repl.capitalize() if word[0].isupper() else repl


def pseudonym(path: str) -> str:
    """A stable stand-in for a file path, which often carries the candidate's name."""
    return "candidate-" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]


def redact_document(doc: Document) -> Document:
    return replace(doc, text=redact_text(doc.text), path=pseudonym(doc.path))
