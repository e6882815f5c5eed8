"""The posting side: a requirement's text read into the facts it asks for (`RequirementFacts`:
minimum years and their topic, a degree and fields, languages, licences, workplace terms) and
what it asks of managing people."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..data import Degree
from .degrees import DegreeMention, _degree_field, degree_rank, find_degrees
from .experience import _NUMBER, _NUMBER_WORDS, management_signal

# ---------------------------------------------------------------------------------------------
# Posting side: requirement text → facts
# ---------------------------------------------------------------------------------------------

YearsKind = Literal["general", "management"]


@dataclass(frozen=True)
class YearsFact:
    """A minimum number of years, overall or on a topic."""

    years: float
    kind: YearsKind
    topic: str | None  # "in backend development", "as a people leader"; None = overall
    manages_managers: bool = False
    # "4 years of relevant work experience", "in a related field": years of the posting's own
    # kind of work, with no topic named (the scorer reads them against the role fit)
    relevant: bool = False


@dataclass(frozen=True)
class DegreeFact:
    level: str  # minimum level accepted
    fields: tuple[str, ...] = ()
    related_ok: bool = False  # "... or a related field"
    equivalent_ok: bool = False  # "... or equivalent practical experience"
    preferred: bool = False
    enrolled: bool = False  # "currently enrolled in / pursuing" the degree: a student's ask
    mba: bool = False  # the ask is an MBA, not any master's ("MBA degree"; not "MS or MBA")


@dataclass(frozen=True)
class RequirementFacts:
    years: tuple[YearsFact, ...] = ()
    degree: DegreeFact | None = None
    # the languages asked, alternatives grouped: "English and Vietnamese or Hindi" ->
    # (("English",), ("Vietnamese", "Hindi"))
    language_asks: tuple[tuple[str, ...], ...] = ()
    licences: tuple[str, ...] = ()
    workplace: tuple[str, ...] = ()  # "remote", "hybrid 3 days in office", "on-site in Austin"
    preferred: bool = False  # the text itself says preferred / a plus

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language named, in order."""
        return tuple(lang for ask in self.language_asks for lang in ask)

    def is_empty(self) -> bool:
        return not (self.years or self.degree or self.languages or self.licences or self.workplace)


_YEARS_RE = re.compile(
    rf"(?:(?P<qualifier>at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|over|more\s+than|"
    rf"no\s+less\s+than)\s+)?(?P<n>{_NUMBER})\s*(?:\(\s*\d+\s*\)\s*)?(?:\+\s*)?"
    rf"(?:(?:-|–|—|to)\s*(?P<n2>{_NUMBER})\s*(?:\(\s*\d+\s*\)\s*)?)?"
    r"(?P<plus>\+|plus|or\s+more|or\s+greater)?\s*(?:\+\s*)?(?:full[- ]time\s+)?(?:years?|yrs?)\b"
    r"(?:['’]s?)?(?P<plus2>\s*\+|\s+or\s+more|\s+plus)?",
    re.IGNORECASE,
)
_YEARS_NOT_EXPERIENCE_RE = re.compile(
    r"^\s*(?:old|ago|degree|program|programme|college|university|course|warranty|contract)\b"
    r"|^[-\s]*(?:year\s+)?(?:degree|program|college)",
    re.IGNORECASE,
)
_YEARS_BEFORE_EXCLUDE_RE = re.compile(r"(?:within|every|after|next|first|last|past|for\s+the)\s+$",
                                      re.IGNORECASE)
_TOPIC_STRIP_RE = re.compile(
    r"^(?:[\s,:]|of\b|or\b|in\b|with\b|as\b|on\b|the\b|an?\b|relevant\b|related\b|professional\b|"
    r"progressive\b|proven\b|hands-on\b|practical\b|industry\b|work\b|working\b|combined\b|"
    r"total\b|overall\b|demonstrated\b|direct\b|experience\b|\(or\s+equivalent\)|or\s+equivalent\b)+",
    re.IGNORECASE,
)
_DOMAIN_MANAGEMENT_RE = re.compile(
    r"\b(?:project|product|program|programme|account|risk|data|change|configuration|vendor|"
    r"supply\s+chain|portfolio|case|records?|quality|release|incident|asset|content|property|"
    r"inventory|database|stakeholder|category|brand|marketing|financial|wealth|investment|"
    r"knowledge|identity|access|service|event|construction|contract|operations|time|"
    r"client|customer|relationship|test|cloud|infrastructure|system|systems)\s+management\b",
    re.IGNORECASE,
)
_PEOPLE_MANAGEMENT_RE = re.compile(
    r"\bpeople\s+(?:leader|leadership|manager|management)\b|\bmanaging\s+(?:people|teams?|managers|"
    r"engineers|staff|others|direct|a\s+team|technical\s+teams)\b|\bmanagerial\b"
    r"|\bdirect\s+reports\b|\bleading\s+(?:and\s+managing\s+)?(?:teams?|people|engineering|"
    r"technical\s+teams)\b|\bteam\s+lead(?:er|ership|ing)?\b|\bsupervis\w*|\bline\s+manage\w*"
    r"|\bas\s+a\s+manager\b|\b(?:management|leadership)\s+(?:role|position)s?\b|\bleading\s+managers\b"
    r"|\bmanager\s+of\s+managers\b|\b(?:team|staff|personnel|engineering|general|middle|senior)"
    r"\s+management\b",
    re.IGNORECASE,
)
# "management" alone is people management only when nothing names what is managed:
# "5+ years of management experience", not "partner management" or "risk management".
_BARE_MANAGEMENT_RE = re.compile(
    r"(?:^|\b(?:of|in|with|and|or|including|years|technical)\s+|[,(/]\s*)management\b"
    r"(?!\s+(?:consult\w*|information|science|studies|systems?|tools?|software|accounting))",
    re.IGNORECASE,
)
_REQ_MANAGES_MANAGERS_RE = re.compile(
    r"\bmanag\w*\s+(?:other\s+)?managers\b|\bmanagers?\s+of\s+managers\b|\bleading\s+managers\b"
    r"|\bleaders\s+of\s+leaders\b|\bmulti-?level\b|\bmultiple\s+(?:layers|levels)\b",
    re.IGNORECASE,
)
_PREFERRED_RE = re.compile(
    r"\bpreferred\b|\bpreferably\b|\bdesired\b|\bdesirable\b|\bnice[- ]to[- ]have\b|\ba\s+plus\b"
    r"|\bbonus\b|\bideally\b|\bis\s+an?\s+advantage\b|\bpluses\b",
    re.IGNORECASE,
)


def _number_from(text: str) -> float | None:
    text = text.lower().strip()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _clean_topic(raw: str) -> str | None:
    topic = re.split(r"[.;]\s|[.;]$|\s[-–—]\s", raw, maxsplit=1)[0]
    topic = re.sub(r"[\s,]*(?:\b(?:and|or|with|including|of\s+which)\b[\s,]*)+$", "", topic.strip())
    topic = _TOPIC_STRIP_RE.sub("", topic).strip(" ,:()")
    if not topic or not re.search(r"[A-Za-z]{2}", topic):
        return None
    return topic


_MANAGEMENT_DOMAIN_RE = re.compile(
    r"\bmanagement\s+(?:consult\w*|information|science|studies|systems?|tools?|software|"
    r"accounting|reporting|console|plane|platforms?)\b",
    re.IGNORECASE,
)


def _is_management_topic(topic: str | None) -> bool:
    if not topic:
        return False
    people_only = _MANAGEMENT_DOMAIN_RE.sub(" ", _DOMAIN_MANAGEMENT_RE.sub(" ", topic))
    return bool(_PEOPLE_MANAGEMENT_RE.search(people_only) or _BARE_MANAGEMENT_RE.search(people_only))


# "of relevant work experience", "of experience in a related field", "of related experience"
_RELEVANT_RE = re.compile(
    r"[\s+,:]*(?:of\s+)?(?:(?:professional|work|industry|full-time)\s+)?(?:experience\s+)?"
    r"(?:(?:in|within)\s+(?:a\s+|an\s+|the\s+)?)?(?:relevant|related|similar)\b", re.IGNORECASE)
# what is left of "in a related field" once the lead words are cut: no topic of its own
_GENERIC_TOPIC_RE = re.compile(
    r"(?:(?:in|within)\s+)?(?:a\s+|an\s+|the\s+)?(?:(?:similar|related|relevant)\s+)?"
    r"(?:fields?|areas?|roles?|positions?|"
    r"industr(?:y|ies)|capacit(?:y|ies)|experience|work)", re.IGNORECASE)


def find_years(text: str) -> tuple[YearsFact, ...]:
    """Minimum-years statements: "10+ years of experience in X", "3-5 years" (3),
    "a minimum of seven years", "six or more years as a people leader" (management)."""
    matches = []
    for match in _YEARS_RE.finditer(text):
        # windows, not the whole rest of the line: many matches on a long line stay linear
        if _YEARS_NOT_EXPERIENCE_RE.match(text[match.end():match.end() + 80]):
            continue
        before = text[max(0, match.start() - 40): match.start()]
        if _YEARS_BEFORE_EXCLUDE_RE.search(before) and not match.group("qualifier"):
            continue
        value = _number_from(match.group("n"))
        if value is None or not 0 < value <= 40:
            continue
        matches.append((match, value))
    facts = []
    for index, (match, value) in enumerate(matches):
        stop = matches[index + 1][0].start() if index + 1 < len(matches) else len(text)
        topic = _clean_topic(text[match.end(): stop])
        # "Experience in people management: 5 years" puts the topic before the number.
        before = text[max(0, match.start() - 60): match.start()]
        kind: YearsKind = "management" if (
            _is_management_topic(topic) or (topic is None and _is_management_topic(before))
        ) else "general"
        scope = f"{before} {topic or ''}"
        relevant = bool(_RELEVANT_RE.match(text[match.end(): stop])) and (
            topic is None or bool(_GENERIC_TOPIC_RE.fullmatch(topic)))
        facts.append(YearsFact(value, kind, None if relevant else topic,
                               bool(_REQ_MANAGES_MANAGERS_RE.search(scope)), relevant))
    return tuple(facts)


_EQUIVALENT_RE = re.compile(
    r"\bequivalent\s+(?:practical\s+|work\s+|professional\s+|relevant\s+|industry\s+|military\s+)?"
    r"experience\b|\bor\s+equivalent\b|\bequivalent\s+combination\b|\bin\s+lieu\s+of\b"
    r"|\bexperience\s+in\s+lieu\b|\bor\s+(?:relevant|related|comparable)\s+(?:work\s+)?experience\b",
    re.IGNORECASE,
)
# "or a related field", "or a related software engineering field", "or similar"
_RELATED_FIELD_RE = re.compile(r"\brelated\s+(?:[\w-]+\s+){0,3}?(?:fields?|disciplines?|areas?|"
                               r"subjects?|degrees?|majors?)\b|\bsimilar\b|\betc\b", re.IGNORECASE)


_GENERIC_FIELD_WORDS_RE = re.compile(
    r"\b(?:related|relevant|technical|quantitative|analytical|scientific|similar|field|fields|"
    r"subject|discipline|area|degree|major)\b",
    re.IGNORECASE,
)


def _split_fields(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    parts = re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s*/\s*", raw)
    fields = []
    for part in parts:
        part = re.split(r"\bsuch\s+as\b|\be\.g\.?|\bincluding\b", part)[-1]
        part = re.sub(r"^(?:a|an|the|other)\s+", "", part.strip(" .,"), flags=re.IGNORECASE)
        part = _GENERIC_FIELD_WORDS_RE.sub(" ", part)
        part = " ".join(part.split())
        if not part or _RELATED_FIELD_RE.search(part) or len(part.split()) > 6 or re.search(r"\d", part):
            continue
        if re.fullmatch(r"(?:equivalent|degree|field|discipline|similar)", part, re.IGNORECASE):
            continue
        fields.append(part)
    return tuple(fields)


# A master's in business administration, by its usual names (not "College of Business
# Administration", which names a school).
_MBA_RE = re.compile(r"\bM\.?B\.?A\b|\bPGDM\b|\bPGDBA\b|\bmaster['’]?s?\s+(?:degree\s+)?(?:of|in)"
                     r"\s+business\s+administration\b", re.IGNORECASE)


def find_degree_requirement(text: str) -> DegreeFact | None:
    mentions = find_degrees(text, strict=True)
    if not mentions and re.search(r"\bdegree\s+in\s+[A-Z]", text):
        mentions = [DegreeMention("bachelor", _degree_field(text, text.index("degree") + 6),
                                  0, 0)]
    mentions = [m for m in mentions if m.level != "other" or re.search(r"diploma", text, re.I)]
    if not mentions:
        return None
    lowest = min(mentions, key=lambda m: degree_rank(m.level))
    raw_field = next((m.field for m in sorted(mentions, key=lambda m: m.begin) if m.field), None)
    return DegreeFact(
        level=lowest.level,
        fields=_split_fields(raw_field),
        related_ok=bool(_RELATED_FIELD_RE.search(text)),
        equivalent_ok=bool(_EQUIVALENT_RE.search(text)),
        preferred=bool(_PREFERRED_RE.search(text)),
        enrolled=bool(_ENROLLED_RE.search(text)),
        mba=_asks_mba(text, lowest.level),
    )


def _asks_mba(text: str, level: str) -> bool:
    """Whether the ask is an MBA and nothing else at master's level or above ("MBA degree",
    "a Master's in Business Administration"): another master's does not answer it. "MS or
    MBA", "MBA or PhD", "MBA or a related field", "MBA or equivalent experience" are not."""
    if level != "master" or not _MBA_RE.search(text):
        return False
    if _RELATED_FIELD_RE.search(text) or _EQUIVALENT_RE.search(text):
        return False
    others = find_degrees(_MBA_RE.sub(" ", text), strict=False)
    return not any(degree_rank(m.level) >= degree_rank("master") for m in others)


# "Currently enrolled in a BA/BS program", "pursuing a Master's degree": a degree in progress
_ENROLLED_RE = re.compile(
    r"\bcurrently\s+(?:enrolled|pursuing|studying|attending|working\s+towards?)\b"
    r"|\b(?:actively\s+)?pursuing\s+(?:an?\s+|your\s+)?(?:\w+['’]?s?\s+){0,3}(?:degree|program"
    r"|studies|bachelor|master|ph\.?d)|\benrolled\s+(?:in|as)\b", re.IGNORECASE)
# a degree line that shows it is still in progress
_IN_PROGRESS_RE = re.compile(
    r"\b(?:expected|anticipated|pursuing|present|current(?:ly)?|ongoing|in\s+progress"
    r"|candidate|till\s+date|to\s+date)\b", re.IGNORECASE)


def _in_progress(degree: Degree, today: date) -> bool:
    """The degree line says it is not finished: "expected 2027", "2023 - present", or a
    year still to come."""
    if _IN_PROGRESS_RE.search(degree.text):
        return True
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", degree.text)]
    return bool(years) and max(years) > today.year


_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Polish",
    "Russian", "Ukrainian", "Czech", "Slovak", "Swedish", "Norwegian", "Danish", "Finnish",
    "Icelandic", "Greek", "Turkish", "Arabic", "Hebrew", "Hindi", "Bengali", "Urdu", "Punjabi",
    "Tamil", "Telugu", "Kannada", "Marathi", "Gujarati", "Malayalam", "Chinese", "Mandarin",
    "Cantonese", "Japanese", "Korean", "Vietnamese", "Thai", "Indonesian", "Malay", "Tagalog",
    "Filipino", "Swahili", "Persian", "Farsi", "Romanian", "Hungarian", "Bulgarian", "Serbian",
    "Croatian", "Slovenian", "Lithuanian", "Latvian", "Estonian", "Afrikaans", "Catalan", "Basque",
)
_LANGUAGE_RE = re.compile(r"\b(" + "|".join(_LANGUAGES) + r")\b")
_LANGUAGE_CONTEXT_RE = re.compile(
    r"\bfluen\w*|\bproficien\w*|\bnative\b|\bbilingual\b|\bspeak\w*|\bspoken\b|\bwritten\b"
    r"|\bverbal\b|\blanguages?\b|\bcommand\s+of\b|\bbusiness[- ]level\b|\bworking\s+knowledge\b"
    r"|\bmother\s+tongue\b|\b[ABC][12]\b|\bcommunicat\w*|\bconversational\b|\binterpret\w*|\btranslat\w*",
    re.IGNORECASE,
)


_LANGUAGE_OR_RE = re.compile(r"^\s*,?\s*(?:or|/|or\s+in|and/or)\s*$", re.IGNORECASE)
_LANGUAGE_COMMA_RE = re.compile(r"^\s*,\s*$")


def find_language_asks(text: str) -> tuple[tuple[str, ...], ...]:
    """The languages a requirement asks for, alternatives grouped: "Fluent in German or
    French" and "Spanish, Portuguese, or French" are one ask each (one language is enough);
    "English and German" are two."""
    if not _LANGUAGE_CONTEXT_RE.search(text):
        return ()
    found: dict[str, tuple[int, int]] = {}  # each language's first mention
    for m in _LANGUAGE_RE.finditer(text):
        found.setdefault(m.group(1), m.span())
    # runs joined by commas or "or"; a run with an "or" in it is one ask of alternatives
    runs: list[list[str]] = []
    alternatives: list[bool] = []
    last_end = None
    for lang, (start, end) in found.items():
        gap = text[last_end:start] if last_end is not None else ""
        is_or = bool(_LANGUAGE_OR_RE.match(gap)) if runs else False
        if runs and (is_or or _LANGUAGE_COMMA_RE.match(gap)):
            runs[-1].append(lang)
            alternatives[-1] = alternatives[-1] or is_or
        else:
            runs.append([lang])
            alternatives.append(False)
        last_end = end
    asks: list[tuple[str, ...]] = []
    for langs, either in zip(runs, alternatives):
        asks.extend([tuple(langs)] if either else [(lang,) for lang in langs])
    return tuple(asks)


# name → pattern that finds it in a posting; the same pattern (or the alias) finds it in a résumé.
_LICENCES: dict[str, str] = {
    "driver's license": r"\bdriv(?:er'?s?|ing)['’]?s?\s+licen[cs]e\b",
    "PMP": r"\bPMP\b|\bProject\s+Management\s+Professional\b",
    "CPA": r"\bCPA\b|\bCertified\s+Public\s+Accountant\b",
    "CFA": r"\bCFA\b|\bChartered\s+Financial\s+Analyst\b",
    "ACCA": r"\bACCA\b",
    "CMA": r"\bCMA\b|\bCertified\s+Management\s+Accountant\b",
    "CISSP": r"\bCISSP\b",
    "CISA": r"\bCISA\b",
    "CISM": r"\bCISM\b",
    "CCNA": r"\bCCNA\b",
    "CCNP": r"\bCCNP\b",
    "CCIE": r"\bCCIE\b",
    "RN license": r"\bRN\b|\bRegistered\s+Nurse\b",
    "LPN": r"\bLPN\b|\bLicensed\s+Practical\s+Nurse\b",
    "CNA": r"\bCNA\b|\bCertified\s+Nursing\s+Assistant\b",
    "BLS": r"\bBLS\b|\bBasic\s+Life\s+Support\b",
    "ACLS": r"\bACLS\b|\bAdvanced\s+Cardi\w+\s+Life\s+Support\b",
    "CPR": r"\bCPR\b",
    "CDL": r"\bCDL\b|\bCommercial\s+Driver'?s?\s+Licen[cs]e\b",
    "PE license": r"\bP\.?E\.?\s+licen[cs]e\b|\bProfessional\s+Engineer\b",
    "security clearance": r"\bsecurity\s+clearance\b|\bTS/SCI\b|\b(?:top\s+)?secret\s+clearance\b",
    "SHRM certification": r"\bSHRM-(?:CP|SCP)\b",
    "PHR": r"\b(?:S)?PHR\b",
    "Six Sigma": r"\bSix\s+Sigma\b|\bLean\s+Six\b",
    "ITIL": r"\bITIL\b",
    "CSM": r"\bCSM\b|\bCertified\s+Scrum\s*Master\b",
    "CPIM": r"\bCPIM\b",
    "bar admission": r"\bbar\s+admission\b|\badmitted\s+to\s+(?:the|practice)\b|\bmember\s+of\s+the\s+\w+\s+bar\b",
}
_COMPILED_LICENCES = {name: re.compile(p, re.IGNORECASE if not re.search(r"\\b[A-Z]{2,}", p) else 0)
                      for name, p in _LICENCES.items()}
_GENERIC_CERT_RE = re.compile(
    r"\b(?P<name>(?:[A-Z][\w+#.-]*\s+){1,4})(?:certification|certificate|certified|licen[cs]e)\b"
    r"|\b(?i:certified)\s+(?P<name2>(?:[A-Z][\w+#.-]*\s*){1,4})",
)
_GENERIC_CERT_SKIP_RE = re.compile(r"^(?:A|An|The|Valid|Active|Current|Any|Relevant|Professional|"
                                   r"Industry|Such|Or|And|Other|Technical)\b", re.IGNORECASE)


def find_licences(text: str) -> tuple[str, ...]:
    names = [name for name, pattern in _COMPILED_LICENCES.items() if pattern.search(text)]
    for match in _GENERIC_CERT_RE.finditer(text):
        name = (match.group("name") or match.group("name2") or "").strip()
        while name and _GENERIC_CERT_SKIP_RE.match(name):
            name = _GENERIC_CERT_SKIP_RE.sub("", name, count=1).strip()
        if name and not any(n.lower() in name.lower() or name.lower() in n.lower() for n in names):
            names.append(name)
    return tuple(dict.fromkeys(names))


_WORKPLACE_RES = (
    re.compile(r"\bhybrid\b(?:[^.;]{0,30}?\b(?:\d|one|two|three|four)\s*(?:days?)[^.;]{0,25}?"
               r"\b(?:in[- ](?:the\s+)?office|on-?site))?", re.IGNORECASE),
    re.compile(r"\b(?:fully\s+|100%\s+)?remote(?:ly)?\b(?=[\s-]*(?:first|friendly|position|role|"
               r"work|working|job|option|opportunity|eligible|ok|allowed|possible|within|from|in\b|"
               r"[,.;)]|$))|\bwork\s+(?:from\s+home|remotely)\b", re.IGNORECASE),
    re.compile(r"\bon-?site\b(?:\s+(?:in|at)\s+(?:[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){0,3}))?"
               r"|\bin[- ]office\b|\b(?:\d|one|two|three|four|five)\s+days?\s+(?:a|per)\s+week\s+"
               r"in\s+(?:the\s+)?office\b", re.IGNORECASE),
    re.compile(r"\b(?:willing(?:ness)?\s+to\s+)?relocat\w+(?:\s+to\s+[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){0,2})?"),
)


def find_workplace(text: str) -> tuple[str, ...]:
    spans = sorted(((m.start(), m.end()) for pattern in _WORKPLACE_RES for m in pattern.finditer(text)),
                   key=lambda span: (span[0], -span[1]))
    found: list[str] = []
    covered = -1
    for start, end in spans:
        if end <= covered:  # "in office" inside "hybrid, 3 days in office" is the same term
            continue
        covered = max(covered, end)
        found.append(text[start:end].strip(" ,."))
    return tuple(dict.fromkeys(f for f in found if f))


def requirement_facts(text: str) -> RequirementFacts:
    """Everything a requirement states that can be checked by reading rather than similarity."""
    return RequirementFacts(
        years=find_years(text),
        degree=find_degree_requirement(text),
        language_asks=find_language_asks(text),
        licences=find_licences(text),
        workplace=find_workplace(text),
        preferred=bool(_PREFERRED_RE.search(text)),
    )



def people_management_ask(text: str) -> Literal["no", "people", "managers"]:
    """What a posting's line asks of managing people: "managers" ("experience managing
    managers"), "people" ("5+ years of people management", "manage a team of 6 analysts"),
    else "no". Domain management (project, risk, product) is not people management."""
    if _REQ_MANAGES_MANAGERS_RE.search(text):
        return "managers"
    if _is_management_topic(text) or management_signal(text, 0) is not None:
        return "people"
    return "no"
