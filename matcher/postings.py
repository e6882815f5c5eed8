"""Posting text -> requirements: split into sections, classify them, keep what a candidate is
asked to have (required / preferred) or to do (responsibility), drop everything else.

Two paths share one vocabulary:
* structured text (markdown, bare-line headings, bold pseudo-headings, bullets, numbered lists,
  one item per paragraph): sections are found from headings and lead-in lines;
* flattened text (scraped postings with no line breaks and glued headings): the text is cut
  into sentences and glued list items, inline heading keywords switch the current section.

Every rule is about the wording postings share (heading keywords, requirement cues, boilerplate
cues), never about one file's layout, because the real inputs are unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data import Document, Posting, Requirement, RequirementKind
from .errors import NoRequirementsError
from .facts import names_a_job

NO_REQUIREMENTS_REASON = (
    "no requirements found: expected bullet lists or sections such as "
    "'Requirements', 'Qualifications' or 'Responsibilities'"
)

# Section classes. The three requirement kinds plus: "mixed" (one heading for duties and
# requirements: items are told apart one by one), "role" (about the role: only bullets count),
# "drop" (blurb, pay, benefits, legal, applying) and "unknown" (items kept only when they read
# like requirements).
SectionClass = str
KEEP_CLASSES = ("required", "preferred", "responsibility", "mixed")

# --- vocabulary -----------------------------------------------------------------------------


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Headings that are never about the candidate; checked first so "equal opportunity" never
# reads as "opportunity to".
_DROP_HEADING = _rx(
    r"\bbenefits?\b", r"\bperks?\b", r"\bwhat we offer\b", r"\bwe offer\b", r"\boffer(s|ing)?\b",
    r"\bcompensation\b", r"\bsalary\b", r"\bpay\b", r"\bwages?\b", r"\bequity\b(?! and)",
    r"\brewards?\b", r"\binsurance\b", r"\bequal (employment )?opportunit", r"\beeo\b",
    r"\bdiversity\b", r"\binclusi", r"\baccommodat", r"\bprivacy\b", r"\bgdpr\b", r"\bccpa\b",
    r"\bdisclaimer\b", r"\blegal\b", r"\bnotice\b", r"\bhow to\b", r"\bapply\b",
    r"\bapplication(s)?\b(?! of)", r"\bnext steps?\b", r"\b(hiring|interview|recruiting) process",
    r"^\s*why\b", r"\breasons to (join|work)\b", r"\bcontact\b", r"\badditional information\b", r"\bfair chance\b",
    r"\be-verify\b", r"\bvisa\b", r"\bsponsorship\b", r"\bkey ?words\b", r"\btips\b",
    r"\blocation\b", r"\bjob (id|number|type)\b", r"\bschedule\b", r"\bshift\b", r"\bhours\b",
    r"\bduration\b", r"\bremote work\b", r"\bpolicy\b",
)
# About the company or team: weaker than any requirement or duty cue ("As part of the team you
# will:", "Join our team if you have:").
_COMPANY_HEADING = _rx(
    r"\babout (us|the company|the team|our|the organi[sz]ation)\b", r"^\s*about\b(?!.*\b(you|role|"
    r"position|job|opportunity)\b)", r"\bwho we are\b", r"\bour (values|culture|mission|story|team|"
    r"company|commitment)\b", r"\b(core )?values\b", r"\bculture\b", r"\blife at\b",
    r"\bworking (at|here|with us)\b", r"\bcompany\b", r"\bcorporate\b", r"\bthe team\b",
    r"\bteam overview\b", r"\bmission\b", r"\bour story\b",
)
_PREFERRED_HEADING = _rx(
    r"\bpreferred\b", r"\bpreference\b", r"\bnice[ -]to[ -]haves?\b", r"\bbonus", r"\bplus(es)?\b",
    r"\bdesired\b", r"\bdesirable\b", r"\bideally\b", r"\bextra (credit|points)\b",
    r"\beven better\b", r"\bgreat if\b", r"\boptional\b", r"\badvantage", r"\bnot required\b",
    r"\bstand out\b", r"\bset you apart\b", r"\bwould be (great|nice|helpful)\b",
    r"\bwe('d| would) love\b", r"\bhelpful\b", r"\bpreferable\b", r"\bdistinguish",
    r"\bgood to have\b", r"\bbrownie points\b", r"\bdifferentiators?\b",
)
# Duty cues strong enough to beat requirement words ("success looks like", "responsibilities").
_DUTY_STRONG = _rx(
    r"responsibilit", r"\bduties\b", r"\bwhat you('ll| will| would)? (do|be doing|work on)\b",
    r"\bopportunity to\b", r"\bday[- ]to[- ]day\b", r"\bday in the life\b",
    r"\bsuccess looks like\b", r"\byour impact\b", r"\bimpact you\b", r"\btasks?\b",
    r"\baccountabilit", r"\bexpectations?\b", r"\bessential (job )?functions\b",
    r"\bjob functions\b", r"\bkey (areas|functions|activities|deliverables|outcomes)\b",
    r"\byour (mission|role|work|job|day)\b", r"\bhow you('ll| will) (contribute|help|spend)\b",
    r"\byou('ll| will) be (doing|working|responsible)\b",
    r"\bin this (role|position|job),? you('ll| will)\b(?! need)",
    r"\bscope\b", r"\bobjectives\b",
    r"\bdeliverables\b", r"\bwhat you('ll| will) (own|build|lead|achieve|accomplish)",
)
# Cues that describe the candidate; they beat duty words ("In this role you will need").
_CANDIDATE_HEADING = _rx(
    r"\brequire", r"\bqualif", r"\bmust\b", r"\bneed", r"\bif you\b", r"\bthrive\b",
    r"\blooking for\b", r"\bseeking\b", r"\bwho you are\b", r"\babout you\b", r"\bfit\b",
    r"\bbring\b", r"\byou('ll| will| should| must| might)? have\b(?! the opportunity)",
    r"\bideal\b", r"\bsucce(ed|ssful)\b(?! looks)", r"\bwhat it takes\b", r"\bcriteria\b",
    r"\beligib", r"\bprerequisite",
)
_REQUIRED_HEADING = _rx(
    r"\brequire", r"\bqualif", r"\bmust\b", r"\blooking for\b", r"\bseeking\b", r"\bwho you are\b",
    r"\babout you\b", r"\bif you\b", r"\bthrive\b", r"\b(good|great|right|strong) fit\b",
    r"\bideal (candidate|applicant|profile)\b", r"\bsuccessful candidate\b",
    r"\byou('ll| will)? bring\b", r"\bwhat you bring\b", r"\byou (should |must |will |might )?have\b",
    r"\byou('ll)? have\b", r"\byou('ll| will)? need\b", r"\bwhat (it|you'?ll|you will) takes?\b",
    r"\bskills?\b", r"\bexperience\b", r"\beducation\b", r"\bcompetenc", r"\bexpertise\b",
    r"\bbackground\b", r"\bknowledge\b", r"\babilities\b", r"\bprofile\b", r"\bqualities\b",
    r"\bcriteria\b", r"\beligib", r"\bcertific", r"\blicen[cs]", r"\bto be successful\b",
    r"\bsucceed\b", r"\bprerequisite", r"\bmust[- ]haves?\b", r"\bcandidate\b", r"\byour toolkit\b",
    r"\bwhat we('re| are) (looking|seeking|hoping)", r"\bwe('re| are) hoping\b",
    r"\bwho we('re| are) looking for\b", r"\bphysical (demands|requirements)\b",
    r"\bwhat you('ll)? need\b", r"\bminimum\b", r"\bbasic\b", r"\bessential (skills|criteria)",
)
_ROLE_HEADING = _rx(
    r"\b(the|this|your) (role|position|opportunity|job)\b", r"\bopportunity\b", r"\boverview\b",
    r"\bsummary\b", r"\bjob description\b", r"\bdescription\b", r"\bwhat you('ll| will)\b",
    r"\byou('ll| will)\b", r"\bin this role\b",
)

# A requirement sentence or bullet, as opposed to prose about the company or the role.
_REQUIREMENT_CUE = _rx(
    # Years count when they are years of something, not "founded 30 years ago".
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s*\+?\s*"
    r"(\(\d+\)\s*)?(?:(?:-|to|–)\s*\d+\s*\+?\s*)?(or more\s+)?(?:years?|yrs|months?)['’]?\s*"
    r"(of|in|as|with|working|experience|related|relevant|progressive|professional|post|direct|"
    r"hands|industry|leading|managing|demonstrated|proven|recent|previous|prior|practical|"
    r"successful|supervisory|management)\b",
    r"\b\d+\s*\+\s*(years?|yrs)\b", r"\b(at least|minimum( of)?|min\.?)\s+\w+\s*\+?\s*\(?\d*\)?\s*"
    r"(years?|yrs|months?)\b",
    r"\bexperience (with|in|of|using|as|working|building|leading|managing|developing|designing|"
    r"running|delivering|supporting|operating|writing|creating|and)\b",
    r"\bexperienced (in|with)\b", r"\b(years|level) of experience\b", r"\bprior experience\b",
    r"\bdegree\b", r"\bbachelor", r"\bmaster'?s\b", r"\bph\.? ?d\b", r"\bmba\b", r"\bdiploma\b",
    r"\bged\b", r"\bhigh school\b", r"\b(b\.?s|b\.?a|m\.?s|b\.?sc|m\.?sc)\b\.?\s+(degree|in)\b",
    r"\bability to\b", r"\bable to\b", r"\bcapable of\b", r"\bknowledge of\b", r"\bproficien",
    r"\bfamiliar(ity)? with\b", r"\bunderstanding of\b", r"\bexpertise (in|with)\b",
    r"\bfluen(t|cy)\b", r"\bcomfortable (with|in)\b", r"\bbackground in\b", r"\btrack record\b",
    r"\bhands[- ]on\b", r"\bcertifi", r"\blicen[cs]", r"\bmust\b", r"\brequired\b",
    r"\bpreferred\b", r"\bis a (big |huge |strong )?plus\b", r"\bnice to have\b",
    r"\b(strong|excellent|good|solid|effective|proven|demonstrated|exceptional|outstanding|"
    r"superior|advanced|basic|working)\b[\w\s,/&-]{0,40}\b(skills?|abilit(y|ies)|knowledge|"
    r"understanding|experience|communicat\w*)\b",
    r"\bskills? (in|with)\b", r"\bexposure to\b", r"\bworking knowledge\b", r"\bequivalent\b",
    r"^\s*(you )?(have|has|possess)\b", r"^\s*you('re| are) (a|an|someone|comfortable|able)\b",
    r"\bwillingness to\b", r"\bwilling to\b", r"\bdemonstrated\b",
)
_BARE_EXPERIENCE = re.compile(r"\bexperience\b", re.IGNORECASE)

# Sentences that are about pay, perks, law, applying or the company, wherever they appear.
_BOILERPLATE = _rx(
    r"\bequal (employment )?opportunity\b", r"\bwithout regard to\b",
    r"\bregardless of (race|age|gender|sex)", r"\bdiscriminat", r"\bprotected (veteran|status|class)",
    r"\bsexual orientation\b", r"\baffirmative action\b", r"\breasonable accommodation",
    r"\be-verify\b", r"\bfair chance\b", r"\barrest and conviction", r"\bprivacy (policy|notice)\b",
    r"\bpersonal (data|information)\b.*\b(process|collect)", r"\b(base|annual|hourly) (pay|salary)\b",
    r"\b(pay|salary|compensation) (range|band|is|for this|will|may|reflects|package)\b",
    r"\$\s?\d[\d,.]*\s*(k|K|/|-|–|—|to|per|an hour|annually|a year)", r"\btotal compensation\b",
    r"\b401\s?\(?k\)?", r"\bpaid time off\b", r"\bpto\b", r"\bparental leave\b",
    r"\b(medical|health),? (dental|insurance|vision)\b", r"\bdental and vision\b",
    r"\bwe offer\b", r"\bcompetitive (salary|pay|compensation|benefits)",
    r"\bapply (now|here|online|today|via|through)\b", r"^\s*to apply\b",
    r"\bto apply (for (this|the|our) (job|role|position|opening)|online|please|now|here)\b", r"\bhow to apply\b",
    r"\bclick (here|to|the)\b", r"\bsubmit (your|a) (resume|résumé|cv|application)",
    r"\bsend (your|a) (resume|résumé|cv)\b", r"https?://", r"\bwww\.", r"\b[\w.+-]+@[\w-]+\.\w",
    r"\bjoin (us|our team)\b", r"\bcome join\b", r"\blearn more\b", r"\bvisit (us|our)\b",
    r"\bwe('re| are) (a|an|the) (leading|global|fast|growing|world|premier|innovative|"
    r"nationally|\w+-(based|growing|owned))", r"\bis (a|an|the) (leading|global|world'?s?|premier|"
    r"fast-growing|nationally|leader)\b", r"\bfounded in\b", r"\bheadquartered\b",
    r"^\s*our (mission|vision|values|culture|story)\b", r"\bfortune \d+",
    r"\bthis (is a|position is) (remote|full[- ]time|part[- ]time|contract|hybrid)",
    r"\blisted on\b", r"\bbrowse more\b", r"\bjob (id|number|code)\s*[:#]",
    r"\bbackground check\b", r"\bdrug (test|screen)", r"\bat[- ]will\b",
    r"\bwe (value|celebrate|believe|embrace|welcome|encourage) (divers|all|you|candidates|appl)",
    r"\bapplicants? (will|with|who)\b.*\bconsider", r"\bconsidered for employment\b",
    r"\bbe prepared to\b", r"\bhighlight your\b", r"\bshowcase your\b", r"\bin your (cover letter|"
    r"application|resume)\b", r"\bwe (look forward|can't wait) to\b",
)
# Lines that are metadata fields, not sentences ("Location: Austin, TX").
_METADATA = re.compile(
    r"^\s*(job|primary|alternate)?\s*(location|organization|shift|schedule|job (id|number|type|"
    r"code|category)|req(uisition)?\.? (id|number|#)|posted|posting date|employee status|job type|"
    r"travel( percentage)?|duration|pay rate|salary|department|reports to|fax|email|phone|"
    r"contact|category|industry|employment type|start date|hours|flsa status|grade|level)\s*[:#]",
    re.IGNORECASE,
)
# The item's own qualifier says it is optional ("... strongly preferred", "X is a plus").
_PREFERRED_ITEM = _rx(
    r"\b(strongly |highly |is |are |also |a )?prefer(red|able|ably)\.?$",
    r"\b(is|are|would be|will be)( considered)?( a| an)?( big| huge| strong| definite| real)? "
    r"(plus|bonus|advantage|asset)\b", r"\bnice[ -]to[ -]have\b", r"\ba plus\b",
    r"\b(is |are )?(highly |strongly )?desir(ed|able)\.?$", r"\bbut not required\b",
    r"\bnot (required|mandatory|necessary)\b", r"^\s*(preferred|bonus|plus|nice to have|ideally|"
    r"desired|optional)\b\s*[:\-–]?", r"\bideally\b", r"\(preferred\)", r"\bpreferably\b",
    r"\bbonus points?\b", r"\bextra credit\b", r"\bhelpful\b",
)
_CLAUSE_BREAK = re.compile(r";|\s[-–—]\s|\(|,\s+(?!(?:and|or|and/or)\b)")
_DEGREE_OR_NUMBER = re.compile(
    r"\b(master|advanced|graduate|ph\.? ?d|mba|doctora|bachelor|certific|licen[cs]|additional|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|more)\b|\d", re.IGNORECASE,
)

# --- line structure --------------------------------------------------------------------------

_BULLET = re.compile(
    r"^\s*(?:\\?[-*+]|[•·▪◦●○■□►▸‣⁃∙➢➤✓✔–—]|\d{1,2}[.)]|\(\d{1,2}\)|[a-hA-H][.)]|\(?[ivx]{1,4}\))"
    r"\s+(?=\S)"
)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_SEGMENT = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "of", "on",
    "or", "the", "to", "with", "you", "your", "we", "our", "us", "is", "are", "be", "this",
    "that", "will", "what", "who", "do", "&", "-", "–", "/",
}


@dataclass(frozen=True)
class _Line:
    """One non-blank source line, told apart as heading, bullet or paragraph text."""

    number: int  # 1-based
    kind: str  # heading | bullet | text
    text: str  # markup removed
    raw: str
    blank_before: bool
    blank_after: bool
    heading_label: str | None = None  # for headings: the short name shown as `section`
    strong_heading: bool = False  # markdown or bold heading: starts a new section outright


def clean_markup(text: str) -> str:
    """Remove bullets, emphasis, escapes and link syntax; keep the words."""
    text = _BULLET.sub("", text, count=1)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"\\([-*_#`\[\]().!+>|~])", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = text.replace("`", "")
    text = re.sub(r"\s+([:;,.!?])(?=\s|$)", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t*#>")


def _is_title_case(words: list[str]) -> bool:
    significant = [w for w in words if w.lower().strip(":?!,") not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(significant) >= 0.75


def _bold_heading(raw: str) -> str | None:
    """The text of a line made only of bold segments ("**Minimum Qualifications**")."""
    stripped = raw.strip()
    if not stripped.startswith(("**", "__")):
        return None
    rest = _BOLD_SEGMENT.sub("", stripped)
    if re.sub(r"[\s:.?!\-–—]", "", rest):
        return None
    segments = [a or b for a, b in _BOLD_SEGMENT.findall(stripped)]
    return " ".join(s.strip() for s in segments if s.strip()) or None


def _first_phrase(text: str) -> str:
    """The heading's own name when a bold heading runs on into sentences."""
    match = re.match(r"(.{3,80}?[?:!.])(\s|$)", text)
    return match.group(1).rstrip(".") if match and len(text) > 80 else text


_HEADING_WORDS = re.compile(r"\b(required|requirements?|must[- ]haves?|qualifications?)\b", re.I)


_ENDS_WITH_ABBREVIATION = re.compile(r"\b(inc|co|corp|ltd|llc|plc|l\.?p|s\.?a|gmbh|ag|n\.?a)\.$", re.I)


def _is_bare_heading(text: str, blank_before: bool, blank_after: bool, next_is_bullet: bool) -> bool:
    """A short stand-alone line that names a section ("What You Will Do", "About you:")."""
    if not text or len(text) > 90 or not text[0].isalnum():
        return False
    if text[-1] in ",;" or (text[-1] == "." and not _ENDS_WITH_ABBREVIATION.search(text)):
        return False
    words = text.split()
    if text.endswith(":"):
        return len(words) <= 15
    if len(words) > 9:
        return False
    # Heading words ("Nice to Have", "Required") are requirement cues too; judge the rest.
    rest = _HEADING_WORDS.sub(" ", _PREFERRED_HEADING.sub(" ", text))
    item_like = _looks_like_requirement(rest, strict=True) and len(words) >= 3
    score = 0
    score += 3 if (_is_title_case(words) and len(words) >= 2) or text.isupper() else 0
    cls = classify_heading(text)
    score += 1 if cls != "unknown" else 0
    # A short line naming a section needs no other sign ("What you will be doing").
    score += 1 if cls not in ("unknown", "role") and len(words) <= 6 and not (
        _looks_like_requirement(rest)) else 0
    score += 1 if (blank_before and blank_after) or next_is_bullet else 0
    score += 1 if text.endswith("?") else 0
    score -= 3 if item_like else 0
    return score >= 2


def _split_lines(text: str) -> list[_Line]:
    raw_lines = text.split("\n")
    blank = [not ln.strip() for ln in raw_lines]
    out: list[_Line] = []
    for i, raw in enumerate(raw_lines):
        if blank[i]:
            continue
        before = i == 0 or blank[i - 1]
        after = i + 1 >= len(raw_lines) or blank[i + 1]
        nxt = next((r for j, r in enumerate(raw_lines[i + 1:]) if r.strip()), "")
        md = _MD_HEADING.match(raw)
        bold = None if md else _bold_heading(raw)
        if md or bold:
            heading = clean_markup(md.group(2) if md else bold or "")
            out.append(_Line(i + 1, "heading", heading, raw, before, after,
                             _first_phrase(heading).rstrip(":").strip(), True))
        elif _BULLET.match(raw) and clean_markup(raw):
            out.append(_Line(i + 1, "bullet", clean_markup(raw), raw, before, after))
        else:
            cleaned = clean_markup(raw)
            if not cleaned:
                continue
            next_is_bullet = bool(_BULLET.match(nxt))
            if _is_bare_heading(cleaned, before, after, next_is_bullet):
                out.append(_Line(i + 1, "heading", cleaned, raw, before, after,
                                 cleaned.rstrip(":").strip()))
            else:
                out.append(_Line(i + 1, "text", cleaned, raw, before, after))
    return _join_continuations(out, _wrap_width(raw_lines))


def _wrap_width(raw_lines: list[str]) -> int:
    """The width a hard-wrapping editor filled lines to (0 when the text is not wrapped): the
    90th percentile of line lengths, when several lines come close to it and it is a width
    editors wrap at (50 to 120 characters; one item per line runs longer)."""
    lengths = sorted(len(ln.rstrip()) for ln in raw_lines if len(ln.strip()) >= 25)
    if len(lengths) < 4:
        return 0
    width = lengths[int(len(lengths) * 0.9) - 1]
    near = sum(1 for n in lengths if n >= 0.9 * width)
    return width if 50 <= width <= 120 and near >= 3 else 0


_CONTINUATION_END = re.compile(
    r"(?:[,&(/+-]|\b(?:and|or|of|the|to|in|with|for|a|an|on|at|by|as|such as|including|from|"
    r"using|like))$", re.IGNORECASE,
)


def _wrapped(prev: _Line, line: _Line, width: int) -> bool:
    """`prev` was wrapped by an editor: it ends mid-phrase, or it fills the line and the first
    word of `line` would not have fitted after it."""
    if _CONTINUATION_END.search(prev.text):
        return True
    if not width or prev.raw.rstrip().endswith((".", ":", ";", "!", "?")):
        return False
    first = line.text.split()[0] if line.text.split() else ""
    return len(prev.raw.rstrip()) + 1 + len(first) > width


def _join_continuations(lines: list[_Line], width: int = 0) -> list[_Line]:
    """Glue hard-wrapped lines onto the bullet or paragraph they continue."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        continues = (
            prev is not None
            and line.kind == "text"
            and prev.kind in ("bullet", "text")
            and not prev.blank_after
            and (line.text[:1].islower()
                 or _wrapped(prev, line, width)
                 or (prev.kind == "bullet" and line.raw[:1] in " \t"
                     and not prev.text.endswith((".", ":", ";"))))
        )
        if continues and prev is not None:
            out[-1] = _Line(prev.number, prev.kind, f"{prev.text} {line.text}", prev.raw,
                            prev.blank_before, line.blank_after)
        else:
            out.append(line)
    return out


# --- classification --------------------------------------------------------------------------


def classify_heading(heading: str) -> SectionClass:
    """What a section with this heading holds: required, preferred, responsibility, mixed,
    role, drop or unknown. Keyword rules in priority order, not a list of exact headings."""
    text = heading.lower().replace("’", "'").strip()
    if not text:
        return "unknown"
    if re.match(r"^\s*(how to|why)\b", text):
        return "drop"
    if _DROP_HEADING.search(text) and not _REQUIRED_HEADING.search(
            re.sub(r"\b(how to|apply|application)\b", "", text)):
        # a job's own name is no benefits or legal heading: "Insurance Sales Representative",
        # "Compensation Analyst", "Benefits Specialist" head the role they name
        return "role" if names_a_job(text) else "drop"
    if _PREFERRED_HEADING.search(text):
        return "preferred"
    if re.search(r"\bopportunity to\b", text):
        return "responsibility"
    duty, candidate = _DUTY_STRONG.search(text), _CANDIDATE_HEADING.search(text)
    if duty and candidate:
        explicit = re.search(r"responsibilit|\bduties\b|\bfunctions\b", text)
        both = re.search(r"\b(requirement|qualification|skill)", text)
        return "mixed" if explicit and both else ("responsibility" if explicit else "required")
    if candidate:
        return "required"
    if duty:
        return "responsibility"
    if _REQUIRED_HEADING.search(text):
        return "required"
    if _COMPANY_HEADING.search(text) and not re.search(r"\byou('ll| will)\b", text):
        return "drop"
    if _ROLE_HEADING.search(text):
        return "role"
    return "unknown"


def _heading_class(heading: str) -> SectionClass:
    """Classify a heading by its own name first, then by any sentences it runs on into."""
    first = classify_heading(_first_phrase(heading))
    return first if first != "unknown" else classify_heading(heading)


def _looks_like_requirement(text: str, strict: bool = False) -> bool:
    """Requirement wording; `strict` leaves out a bare "experience", which headings use too."""
    return bool(_REQUIREMENT_CUE.search(text) or (not strict and _BARE_EXPERIENCE.search(text)))


def _is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.search(text) or _METADATA.match(text))


def _states_preferred(text: str) -> bool:
    """True when the item as a whole is optional; a trailing preference on an extra ("BS in
    CS; advanced degree preferred", "3+ years (5+ preferred)") leaves the item required."""
    body = text.strip().rstrip(".;")
    if not _PREFERRED_ITEM.search(body):
        return False
    if re.match(r"^\s*(preferred|bonus|plus|nice to have|ideally|desired|optional)\b", body, re.I):
        return True
    breaks = [m for m in _CLAUSE_BREAK.finditer(body)]
    for match in reversed(breaks):
        head, tail = body[: match.start()], body[match.end():]
        if not _PREFERRED_ITEM.search(tail):
            continue
        comma = match.group(0).startswith(",")
        if len(head.split()) >= 3 and (not comma or _DEGREE_OR_NUMBER.search(tail)):
            return False
    return True


_IMPERATIVE = re.compile(
    r"^(?:own|lead|build|design|develop|drive|manage|create|define|deliver|partner|work|"
    r"collaborate|support|ensure|maintain|implement|write|review|mentor|help|provide|analy[sz]e|"
    r"identify|improve|establish|coordinate|oversee|perform|conduct|prepare|monitor|evaluate|"
    r"plan|set|shape|run|operate|participate|serve|assist|communicate|develop|recruit|hire|"
    r"grow|architect|contribute|engage|advocate|research|test|deploy|troubleshoot|resolve|"
    r"train|coach|foster|influence|translate|measure|track|report|document|present|negotiate|"
    r"sell|respond|handle|process|schedule|direct|supervise|administer|execute|act|be)\b",
    re.IGNORECASE,
)


def _item_kind(text: str, section: SectionClass) -> RequirementKind | None:
    """The kind of one item inside a section of class `section`; None drops the item."""
    # An item is judged by its lead sentence: "Projects vary. Mention your interests in your
    # résumé." is still a duty.
    lead = split_sentences(text)[0] if text else text
    if _is_boilerplate(lead) and not (
        section in ("required", "preferred") and _looks_like_requirement(text)
        and not re.search(r"https?://|\bequal\b|\bdiscriminat|\bsalary\b|\$\d", text, re.I)
    ):
        return None
    if section == "responsibility":
        return "responsibility"
    if section == "preferred":
        return "preferred"
    if section == "required":
        return "preferred" if _states_preferred(text) else "required"
    if section == "mixed":
        if _IMPERATIVE.match(text) and not _looks_like_requirement(text):
            return "responsibility"
        return "preferred" if _states_preferred(text) else "required"
    # role / unknown: only requirement-like items, and only by their own cues; the company
    # talking about itself ("For 40 years our company has ...") is not one.
    if not _looks_like_requirement(text):
        return None
    if re.search(r"\b(we|our|us)\b", text, re.I) and not re.search(
        r"\b(you|your|candidates?|applicants?|must|required|looking for|seeking)\b", text, re.I
    ):
        return None
    return "preferred" if _states_preferred(text) else "required"


# --- sentences -------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "dr", "mr", "mrs", "ms", "st",
    "no", "vs", "approx", "min", "max", "dept", "u.s", "u.k", "b.s", "m.s", "b.a", "m.a",
    "ph.d", "a.s", "b.sc", "m.sc", "incl", "esp", "fig", "mt", "ft", "lbs", "oz", "hr", "hrs",
    "yr", "yrs", "exp", "req", "govt", "assoc", "univ", "ave", "blvd", "n.a", "a.a",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“(]?[A-Z0-9•])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, not fooled by "e.g.", "Inc." or initials."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start: match.start() + 1]
        last_word = re.findall(r"[\w.]+$", before.rstrip(".!?\"”’)"))
        token = last_word[0].lower() if last_word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        sentences.append(text[start: match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


# --- structured path -------------------------------------------------------------------------


@dataclass
class _Section:
    label: str | None
    cls: SectionClass
    lines: list[_Line]


def _sections(lines: list[_Line]) -> list[_Section]:
    sections = [_Section(None, "unknown", [])]
    parent = sections[0]
    for line in lines:
        if line.kind != "heading":
            sections[-1].lines.append(line)
            continue
        cls = _heading_class(line.text)
        label = line.heading_label
        # A lead-in with no class of its own ("As part of the team you will:") continues the
        # section above it; anything else starts a section.
        is_lead_in = (line.text.endswith(":") and not line.strong_heading
                      and cls in ("unknown", "role"))
        if is_lead_in and parent.cls in KEEP_CLASSES:
            cls, label = parent.cls, parent.label
        section = _Section(label, cls, [])
        sections.append(section)
        if not is_lead_in:
            parent = section
    return sections


def _paragraph_units(line: _Line) -> list[str]:
    """One item per paragraph, or per sentence when the paragraph is long."""
    sentences = split_sentences(line.text)
    if len(line.text) <= 250 and len(sentences) <= 2:
        return [line.text]
    return sentences


def _structured_items(lines: list[_Line]) -> list[tuple[str, RequirementKind, str | None, int]]:
    items = []
    for section in _sections(lines):
        bullets = [ln for ln in section.lines if ln.kind == "bullet"]
        cls = section.cls
        if cls == "drop":
            continue
        if cls in ("unknown", "role"):
            # Unheaded lists count when most items read like requirements; a role section's
            # bullets are its duties.
            if not bullets:
                continue
            share = sum(_looks_like_requirement(b.text) for b in bullets) / len(bullets)
            if cls == "role" and share < 0.5:
                cls = "responsibility"
            elif share >= 0.5:
                cls = "required"
            else:
                continue
        # A section with a list: the list is the content, paragraphs around it are lead-ins
        # and closing notes (pay, EEO) that must not come back.
        units = bullets or [ln for ln in section.lines if ln.kind == "text"]
        for line in units:
            texts = [line.text] if line.kind == "bullet" else _paragraph_units(line)
            for text in texts:
                text = _strip_label(text)
                if not re.search(r"\w", text) or (
                    line.kind == "text" and len(text.split()) < 2
                    and not _looks_like_requirement(text)
                ):
                    continue
                kind = _item_kind(text, cls)
                if kind:
                    items.append((text, kind, section.label, line.number))
    return items


def _strip_label(text: str) -> str:
    return text.strip().rstrip(":").strip()


# --- flattened path --------------------------------------------------------------------------

# CamelCase words that are names, not two glued words.
_CAMEL_WORDS = {
    "javascript", "typescript", "powerpoint", "sharepoint", "powershell", "github", "gitlab",
    "linkedin", "youtube", "wordpress", "quickbooks", "netsuite", "devops", "devsecops",
    "websphere", "weblogic", "macbook", "hubspot", "docusign", "peoplesoft", "salesforce",
    "solidworks", "servicenow", "blackberry", "fedex", "paypal", "onedrive", "onenote",
    "datastage", "careerbuilder", "tensorflow", "bigquery", "cloudformation", "openstack",
    "openshift", "elasticsearch", "sagemaker", "deepmind", "jquery", "coldfusion", "autodesk",
    "photoshop", "indesign", "illustrator", "dreamweaver", "filemaker", "workday", "successfactors",
    "mastercard", "healthcare", "smartsheet", "dropbox", "jetbrains", "intellij", "webex",
    "gotomeeting", "quickbase", "mailchimp", "hootsuite", "tableau", "alteryx", "kronos",
    "lexisnexis", "westlaw", "ebay", "iphone", "ipad", "macos", "playstation", "xbox",
    "postgresql", "mysql", "nosql", "mongodb", "dynamodb", "graphql", "restful", "softbank",
    "walmart", "jpmorgan", "pricewaterhousecoopers", "mckinsey", "mcdonald", "mcdonalds",
}
_FLAT_HEAD_NOUNS = (
    r"Requirements?|Qualifications?|Responsibilities|Responsibility|Duties|Functions|Skills|"
    r"Benefits|Education|Experience|Summary|Overview|Description|Competencies|Abilities|"
    r"Knowledge|Licensure|Certifications?|Licenses?|Compensation|Salary|Pay|Perks|Profile|"
    r"Preferred|Required|Desired|Accountabilities|Expectations|Purpose|Scope|Information|"
    r"Environment|Demands|Conditions|Opportunity|Employer|Us|Company"
)
_FLAT_HEADING = re.compile(
    rf"((?:\b[A-Z][\w/&'’-]*\s+){{0,3}}\b(?:{_FLAT_HEAD_NOUNS}|[A-Z]{{4,}})(?:\s+(?:[Ii]ncludes?|"
    rf"[Aa]re|[Ii]s))?)\s*:\s*",
)
_FLAT_HEADING_NOCOLON = re.compile(
    rf"^((?:[A-Z][\w/&'’-]*\s+){{0,3}}(?:{_FLAT_HEAD_NOUNS})(?:\s+(?:include|includes))?)"
    r"(?:\s+|$)(?=[A-Z]|$)",
)


def _is_flattened(text: str) -> bool:
    """Scraped text: a few very long lines carry almost all of the words."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    long_chars = sum(len(ln) for ln in lines if len(ln) > 400)
    return long_chars > 0.6 * sum(len(ln) for ln in lines) and (
        len(lines) <= 6 or sum(bool(_BULLET.match(ln)) for ln in lines) < 3
    )


# Where a list lost its line breaks, an item starts with a capitalised verb or requirement
# word right after a lower-case word ("... in Data Center operations Monitor systems ...").
_ITEM_START = re.compile(
    r"(?<=[a-z0-9)])(?<!\bthe)(?<!\ba)(?<!\ban)(?<!\bour)(?<!\byour)(?<!\bof)(?<!\bin)"
    r"(?<!\bwith)(?<!\bfor)(?<!\bto)(?<!\band)(?<!\bor)(?<!\bon)(?<!\bat)(?<!\bby)(?<!\bas)"
    r"(?<!\bfrom)(?<!\bincluding) (?=(?:Experience|Ability|Knowledge|Strong|Excellent|Must|"
    r"Bachelor|Minimum|Proficiency|Proficient|Familiarity|Demonstrated|Proven|Understanding|"
    r"Monitor|Maintain|Manage|Develop|Ensure|Provide|Perform|Assist|Coordinate|Prepare|Review|"
    r"Support|Conduct|Participate|Communicate|Identify|Assess|Implement|Establish|Lead|"
    r"Responsible|Work|Able|Good|Valid|Current|High|Associate|Master)\b)"
)


_WORD_END = re.compile(r"[\s.,;:]|$")


def _unglue(text: str) -> str:
    """Put back the breaks scraping removed: list glyphs, "team.Requirements", "codeReview"."""
    text = re.sub(r"\s*[•·▪◦●■►▸‣➢➤✓✔]\s*", "\n", text)
    text = re.sub(r"(?<=[a-z0-9)%])([.!?;:]+)(?=[A-Z][a-z])", r"\1\n", text)
    text = re.sub(r":\s*-\s*|(?<=[a-z)])-\s+(?=[A-Z0-9])", "\n", text)  # "following:- Item- Item"
    text = re.sub(r"\s\*\s+|(?<=\s)-{1,2}(?=[A-Z])", "\n", text)  # " * Item", " -Item"
    text = re.sub(r"(?<=[a-z]{3})(OR|AND)(?=[A-Z])", r" \1 ", text)  # "experienceORAssociate's"
    text = _ITEM_START.sub("\n", text)

    def camel(match: re.Match[str]) -> str:
        word_start = text.rfind(" ", 0, match.start()) + 1
        word_end = _WORD_END.search(text, match.end())  # from a position: no copy of the rest
        end = word_end.start() if word_end else match.end()
        word = re.sub(r"[^a-z]", "", text[word_start:end].lower())
        left = text[word_start: match.start() + 1]
        if word in _CAMEL_WORDS or len(re.sub(r"[^A-Za-z]", "", left)) < 3:
            return match.group(0)
        return f"{match.group(1)}\n{match.group(2)}"

    text = re.sub(r"([a-z])([A-Z][a-z]{2,}|(?:We|You|As|In|If|At|An|To|Is|It|Be|Or|On)\b)",
                  camel, text)
    return text


def _flat_units(text: str) -> list[tuple[str, str | None]]:
    """(unit, heading) pairs: each heading found inline starts a unit of its own."""
    units: list[tuple[str, str | None]] = []
    for chunk in _unglue(text).split("\n"):
        pos = 0
        for match in _FLAT_HEADING.finditer(chunk):
            heading = match.group(1).strip()
            if _heading_class(heading) == "unknown" and not heading.isupper():
                continue
            if chunk[pos: match.start()].strip():
                units.append((chunk[pos: match.start()].strip(), None))
            units.append(("", heading))
            pos = match.end()
        rest = chunk[pos:].strip()
        if rest:
            head = _FLAT_HEADING_NOCOLON.match(rest)
            if head and _heading_class(head.group(1)) != "unknown" and len(rest) > len(head.group(0)):
                units.append(("", head.group(1).strip()))
                rest = rest[head.end():].strip()
            units.append((rest, None))
    return units


# A duty written in the third person ("Leads the team", "Coordinates all meetings"): the
# imperative verbs with their -s form, then a lower-case word ("Support - Runner" is a title).
_DUTY = re.compile("^(?i:" + _IMPERATIVE.pattern[1:].replace(r")\b", r")(?:e?s)?)")
                   + r"\s+[a-z(]")


def _flattened_items(text: str, duties: bool = False, glued: bool = False
                     ) -> list[tuple[str, RequirementKind, str | None, int]]:
    """Items of scraped, flattened text. With `duties`, the last resort when nothing else is
    found: a sentence that starts with a duty verb under a job-description heading is a
    responsibility. With `glued`, sentences that are, open with or end in a heading switch
    the part they belong to (_glued_heading)."""
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)
    items = []
    cls, label = "unknown", None
    search_from = 0
    for unit, heading in _flat_units(text):
        if heading is not None:
            cls, label = _heading_class(heading), heading
            if cls == "role":
                cls = "unknown"
            continue
        for raw in split_sentences(unit):
            raw = re.sub(r"\s+", " ", raw).strip()
            sentence = _strip_label(raw)
            if sentence.endswith("?") and len(sentence.split()) <= 12:
                # "Why join us?", "What do you want from a career?" open a new part.
                cls, label = _heading_class(sentence), sentence
                cls = "unknown" if cls == "role" else cls
                continue
            heading_before, heading_after = None, None
            if glued:
                heading_before, rest, heading_after = _glued_heading(raw)
                if heading_before is not None:
                    cls, label = _heading_class(heading_before), heading_before
                if heading_before is not None or heading_after is not None:
                    sentence = _strip_label(rest) if rest else ""
            item_cls, item_label = cls, label
            if heading_after is not None:
                # what follows belongs to the heading this sentence ends with, whether or not
                # the sentence itself is an item
                cls, label = _heading_class(heading_after), heading_after
            if item_cls == "drop" or len(sentence.split()) < 3:
                continue
            kind = _item_kind(sentence, item_cls)
            if not kind and duties and item_cls == "unknown" and _DUTY.match(sentence) \
                    and not _is_boilerplate(sentence):
                kind = "responsibility"
            if kind and glued and not _asks_or_does(sentence):
                # a glued heading's part runs on into whatever follows it (a break room, the
                # founders): only what asks for something or names a duty is taken from it
                kind = None
            if not kind:
                continue
            found = text.find(sentence[:30], search_from)
            if found >= 0:
                search_from = found
            line = sum(1 for s in line_starts if s <= max(found, search_from))
            items.append((sentence, kind, item_label, max(line, 1)))
    return items


# the parts a heading glued into running text switches to ("Hiring Requirements for the
# Staging Technician role:", "… solve equipment issues Daily responsibilities:", "Perks of
# working with Apex include: …")
_GLUED_HEADING_CLASSES = frozenset({"required", "preferred", "responsibility", "drop"})
_TRAILING_HEADING = re.compile(r"\s((?:[A-Z][\w/&'’-]*\s){0,2}[A-Za-z][\w/&'’-]*)\s?:$")
_LEADING_LABEL = re.compile(r"^([A-Za-z][A-Za-z0-9 &/'’,()-]{2,79}):\s(\S.*)$")


def _asks_or_does(sentence: str) -> bool:
    """Requirement wording, a duty verb, or a duty in the -ing form ("Clearing paper jams")."""
    return bool(_looks_like_requirement(sentence) or _DUTY.match(sentence)
                or re.match(r"[A-Z][a-z]+ing\b", sentence))


def _glued_heading(sentence: str) -> tuple[str | None, str, str | None]:
    """A sentence of flattened text around a heading glued into it: (a heading it opens with,
    the rest, a heading it ends with). A short sentence ending in a colon whose words name a
    part is a heading; a longer one may end in a glued heading of a few capitalised words, or
    open with a label that names one."""
    def opens_a_part(heading: str) -> bool:
        return _heading_class(heading) in _GLUED_HEADING_CLASSES

    if sentence.endswith(":"):
        if len(sentence.split()) <= 8 and opens_a_part(sentence):
            return None, "", sentence.rstrip(": ")
        tail = _TRAILING_HEADING.search(sentence)
        if tail and opens_a_part(tail.group(1)):
            return None, sentence[: tail.start()].strip(), tail.group(1)
        return None, sentence, None
    lead = _LEADING_LABEL.match(sentence)
    if lead and len(lead.group(1).split()) <= 8 and opens_a_part(lead.group(1)):
        return lead.group(1).strip(), lead.group(2), None
    return None, sentence, None


# --- no recognisable sections: sentence by sentence -------------------------------------------

# A sentence about the job or the person wanted, as opposed to the company talking about itself.
_ABOUT_THE_JOB = _rx(
    r"\byou\b", r"\byour\b", r"\bcandidates?\b", r"\bapplicants?\b", r"\b(this|the) (role|"
    r"position|job)\b", r"\bresponsib", r"\bduties\b", r"\bwill (be|have|need|work|lead|manage|"
    r"perform|provide|support|assist|report|ensure|develop|maintain|coordinate)\b",
    r"\bseeking\b", r"\blooking for\b", r"\bideal\b",
)


def _sentence_items(text: str) -> list[tuple[str, RequirementKind, str | None, int]]:
    """A posting whose requirements no section or list shows: every sentence outside dropped
    sections (benefits, legal, about us) that asks for something or names a duty, with
    boilerplate still removed. Rather this than no score at all."""
    items = []
    for section in _sections(_split_lines(text)):
        if section.cls == "drop":
            continue
        for line in section.lines:
            if line.kind == "heading":
                continue
            for sentence in split_sentences(line.text):
                sentence = _strip_label(sentence)
                if len(sentence.split()) < 5 or sentence.endswith("?"):
                    continue
                if not (_looks_like_requirement(sentence) or _IMPERATIVE.match(sentence)
                        or _ABOUT_THE_JOB.search(sentence)):
                    continue
                kind = _item_kind(sentence, "mixed")
                if kind:
                    items.append((sentence, kind, section.label, line.number))
    return items


# --- public API ------------------------------------------------------------------------------


_TITLE_LABEL = re.compile(r"^(?:job|position|role)(?:\s+(?:title|name))?\s*[:\-–—]\s*", re.I)
_TITLE_LINES = 3  # plain lines looked at when no markdown heading names the job


def _title_candidate(text: str) -> str | None:
    """`text` as a title, or None when it cannot be one: too long, a sentence, or a section
    heading or label that names no job ("Requirements", "About us", "Job description")."""
    text = _TITLE_LABEL.sub("", clean_markup(text)).strip().rstrip(":").strip()
    if not text or len(text) > 100 or text.endswith((".", ",", ";")):
        return None
    if classify_heading(text) != "unknown" and not names_a_job(text):
        return None
    return text


def find_title(text: str) -> str | None:
    """The posting's title: a markdown heading (higher levels first), else one of its first
    short lines ("Job title: " labels removed). A candidate that names a job ("Senior Data
    Engineer") wins over one that does not ("Acme Corp"); section headings are never titles."""
    lines = text.split("\n")
    headings = sorted(
        (len(m.group(1)), i, m.group(2)) for i, raw in enumerate(lines)
        if (m := _MD_HEADING.match(raw))
    )
    plain = [raw for raw in lines
             if clean_markup(raw) and not _MD_HEADING.match(raw) and not _BULLET.match(raw)]
    candidates = [c for c in (_title_candidate(h) for *_, h in headings) if c]
    if not candidates:
        candidates = [c for c in map(_title_candidate, plain[:_TITLE_LINES]) if c]
    return next((c for c in candidates if names_a_job(c)), candidates[0] if candidates else None)


def parse_posting(doc: Document) -> Posting:
    """Extract the posting's requirements; raises NoRequirementsError when there are none."""
    text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    if _is_flattened(text):
        raw_items = _flattened_items(text)
    else:
        raw_items = _structured_items(_split_lines(text))
        if not raw_items and any(len(ln) > 200 for ln in text.split("\n")):
            raw_items = _flattened_items(text)
    if not raw_items:
        raw_items = _sentence_items(text)
    if not raw_items and _is_flattened(text):
        raw_items = _flattened_items(text, duties=True)
    if not raw_items and _is_flattened(text):
        # the last resort: headings glued into the running text ("… role:Staff capable of",
        # "… equipment issues Daily responsibilities:Installing …") open their parts
        raw_items = _flattened_items(text, duties=True, glued=True)
    requirements = tuple(
        Requirement(id=f"R{i}", text=item_text, kind=kind, section=section, line=line)
        for i, (item_text, kind, section, line) in enumerate(raw_items, start=1)
    )
    if not requirements:
        raise NoRequirementsError(doc.path, NO_REQUIREMENTS_REASON)
    return Posting(path=doc.path, title=find_title(text), requirements=requirements)
