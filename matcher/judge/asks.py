"""Requirements as asks: what a requirement asks for, and what no résumé can show.

Text rules, no encoding. `not_assessable` recognises conditions of employment (travel,
work authorisation, background checks, availability dates, schedules, physical demands,
EEO text) that a résumé cannot show: they are set aside, not counted as missing.
`ask_phrases` cuts a requirement into the phrases it asks for, in the posting's own words,
so a gap can name what is not shown ("event budgets", "stakeholder buy-in") instead of loose
words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .matching import STOPWORDS, terms

_NOT_ASSESSABLE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rx, re.I)) for reason, rx in (
        ("travel", r"\b(?:ability|able|willing(?:ness)?|prepared|open|available)\s+to\s+travel\b"
                   r"|^\W*(?:frequent\s+|occasional\s+|some\s+|extensive\s+)?travel\b"
                   r"(?!\s+(?:industry|sector|technology|booking|agency|agencies))"
                   r"|\btravel(?:ling|ing)?\s+(?:up to|\d+\s?%|as (?:needed|required)|regularly"
                   r"|frequently|domestically|internationally|within|to (?:meet|visit|client))"
                   r"|\b\d+\s?%\s+(?:of the time\s+)?travel"),
        ("work authorisation", r"\b(?:authori[sz](?:ation|ed)|eligib(?:le|ility)|permit(?:ted)?"
                               r"|right)\s+to\s+work\b|\bwork\s+(?:permit|visa|authori[sz]ation)"
                               r"|\bvisa\s+sponsorship\b|\bsponsorship\b"),
        ("background check", r"\bbackground\s+(?:check|screening|investigation)"
                             r"|\bdrug\s+(?:test|screen)|\bcredit\s+check\b"),
        ("availability", r"\b(?:be\s+)?available\s+to\s+(?:intern|start|work|join|begin)\b"
                         r"|\bable\s+to\s+(?:complete|commit\s+to)\s+an?\s+(?:minimum\s+)?"
                         r"\d+[\s-]*(?:to\s+\d+\s+|-\d+\s+)?(?:week|month)"
                         r"|\b(?:\d+[\s-]*)+weeks?\s+(?:internship\s+)?program"
                         r"|\breturning\s+to\s+(?:education|school|university|studies)"
                         r"|\bfull[\s-]time\s+throughout\b|\bstart\s+date\b"),
        ("schedule", r"\b(?:work|available)\s+(?:on\s+)?(?:weekends|nights|evenings|holidays"
                     r"|overtime|shifts|rotating|on[\s-]call)"
                     r"|\bflexible\s+(?:hours|schedule)\b|\bon[\s-]call\s+rotation\b"),
        ("relocation", r"\b(?:willing(?:ness)?|able|open)\s+to\s+relocate\b|\brelocation\b"
                       r"|\b(?:must\s+)?(?:reside|live)\s+(?:in|within)\b|\bcommut(?:e|ing)\b"),
        ("physical demands", r"\blift(?:ing)?\s+(?:up\s+to\s+)?\d+\s*(?:lbs?|pounds|kg)"
                             r"|\bstand(?:ing)?\s+for\s+(?:long|extended|\d+)"
                             r"|\bphysical(?:ly)?\s+(?:demands|able|requirements)"),
        ("employer statement", r"\bequal\s+(?:employment\s+)?opportunity\b|\beeo\b"
                               r"|\breasonable\s+accommodation|\bbenefits\s+(?:include|package)"
                               r"|\b(?:salary|pay|compensation)\s+(?:range|of|is)\b"),
        ("age", r"\b(?:at\s+least|must\s+be)\s+(?:1[68]|21)\s+(?:years\s+(?:of\s+age|old))?"),
    )
)


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def not_assessable(text: str) -> str | None:
    """Why no résumé can show this requirement ("travel", "work authorisation", …), or None
    when a résumé can. Every sentence of it must be such a condition: "Build prototypes with
    customers. Travel frequently." is still judged on its first sentence."""
    reasons = []
    for sentence in _SENTENCES.split(text.strip()):
        if sum(c.isalpha() for c in sentence) < 3:
            continue
        reason = next((r for r, rx in _NOT_ASSESSABLE if rx.search(sentence)), None)
        if reason is None:
            return None  # a sentence a résumé can show: the requirement is judged
        reasons.append(reason)
    return reasons[0] if reasons else None


# Words that introduce an ask rather than name it: "experience with", "ability to", "strong".
_LEAD = re.compile(
    r"^(?:(?:a(?!/)|an|the|and|or|with|in|of|on|for|to|at|as|using|including|such as|e\.g\.?|"
    r"demonstrated|proven|strong|excellent|exceptional|outstanding|superior|superb|efficient|"
    r"clear|concise|articulate|polished|"
    r"effective|fine|keen|sharp|meticulous|thorough|sound|in-depth|comprehensive|"
    r"solid|deep|good|great|working|hands-on|prior|"
    r"relevant|related|practical|professional|extensive|significant|some|basic|advanced|"
    r"experience|experienced|knowledge|understanding|familiarity|familiar|proficiency|"
    r"proficient|expertise|ability|able|skills?(?:\s*set)?|track record|background|exposure|"
    r"practi[cs]ed|(?:well[\s-])?versed|skilled|adept|capable|aptitude|mastery|"
    r"competen(?:ce|cy|t)(?=\s+(?:in|of|with)\b|\s*$)|command(?=\s+(?:of|over)\b|\s*$)|"
    r"grasp(?=\s+of\b|\s*$)|"
    r"\d+\+?\s*(?:years?|yrs?)(?:\s+of)?)\b[\s,:/]*)+",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:[;:()]|,|(?<![\w-])(?:and/or|and|or|as well as|including|such as|"
                    r"e\.g\.|i\.e\.|via|with|to|for|in|of|on|across|through|while|where)"
                    r"(?![\w-]))\s*", re.I)


@lru_cache(maxsize=20_000)
def ask_phrases(text: str, most: int = 6) -> tuple[str, ...]:
    """The phrases a requirement asks for, as written: "Develop and implement events including
    program mapping, budgets, stakeholder buy-in" -> ("implement events", "program mapping",
    "budgets", "stakeholder buy-in"). Each phrase holds a content word; leading filler
    ("experience with", "strong") is dropped; a phrase is at most five words."""
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    # "end to end" is one word, not a phrase cut at "to"
    text = re.sub(r"(?i)\bend\s+to\s+end\b", "end-to-end", text)
    for piece in _SPLIT.split(text.strip().rstrip(".")):
        phrase = _LEAD.sub("", piece.strip(" .,-–—\"'")).strip(" .,-–—\"'")
        words = phrase.split()
        while words and words[-1].lower() in STOPWORDS:
            words.pop()
        if not words or len(words) > 5:
            if len(words) > 5:
                words = words[-4:]  # a long clause: its head noun phrase is at the end
            else:
                continue
        phrase = " ".join(words)
        key = tuple(terms(phrase))
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(phrase)
    return tuple(out[:most])


# "experience running access reviews", "skilled at building pipelines": the gerund is the
# verb of the ask, which a résumé states in its own tense ("Ran", "Built"); the ask is its object
_VERB_GERUND = re.compile(
    r"(?:^|\b(?:experience[ds]?|skilled|adept|proficient|expertise|track record|background|"
    r"practi[cs]ed|capable|comfortable|responsible)(?:\s+(?:at|with|of))?)\s*([a-z]+ing)\s+\w",
    re.I)


def ask_core(phrase: str, text: str) -> str:
    """The part of an ask phrase a line must show in its own words: the phrase without a
    leading verb in -ing that the requirement uses as a verb ("running access reviews" ->
    "access reviews" in "Experience running access reviews"; "marketing campaigns" stays)."""
    words = phrase.split()
    if len(words) > 1 and words[0].lower().endswith("ing") and any(
            m.group(1).lower() == words[0].lower() for m in _VERB_GERUND.finditer(text)):
        return " ".join(words[1:])
    return phrase


def short_asks(text: str) -> bool:
    """A requirement that is no more than its asks: a few terms, each ask a name of at most
    three words ("Practiced in quality control analysis", "Expertise in Time Management,
    Coordination"). A line that meets it shows one of them, in its words or clearly in others."""
    phrases = ask_phrases(text)
    return bool(phrases) and len(terms(text)) <= 8 and all(len(p.split()) <= 3 for p in phrases)


# Words that ask for nothing a résumé line could show: what is left of "along with", "a sense
# of", "a desire to", "among the most important". Dropped from a gap's phrase where they lead
# it, and adverbs (-ly) where they stand alone.
_FILLER_WORDS = frozenset([
    "along", "among", "amongst", "both", "either", "combined", "coupled", "sense", "desire",
    "desired", "eagerness", "eager", "excitement", "excited", "interest", "interested",
    "genuine", "passion", "passionate", "fun", "unique", "variety", "order", "success",
    "successful", "thrive", "needs", "various", "range", "part", "ways", "way", "things",
    "thing", "aspects", "aspect", "others", "comfort", "comfortable", "willingness", "willing",
    "ready", "readiness", "self", "important", "particular", "particularly", "especially",
    "the", "a", "an", "most", "more", "very", "all"])
_JOINS = r"(?:with|for|to|on|across|within)"
# a word that modifies a head it shares with the next phrase: "written and verbal", "technical
# and functional", "analytical and problem-solving" (lower case: a name stands on its own)
_MODIFIER_RE = re.compile(r"^[a-z][a-z-]*(?:al|ed|en|ive|ic|ous|ful|ary|ile|ant|ent)$")


@lru_cache(maxsize=20_000)
def gap_phrases(text: str, most: int = 4) -> tuple[str, ...]:
    """The asks a gap names, read as advice: ask_phrases with a lone modifier or verb joined
    to the head it shares ("written and verbal communication" -> "written communication",
    "verbal communication"; "Build and maintain executive relationships" -> "Build executive
    relationships", "maintain executive relationships") or to what it acts on ("Collaborate
    with engineers"), read sentence by sentence, and words that alone ask for nothing dropped
    ("along", "particularly", "a sense of")."""
    phrases = []
    # sentence by sentence: a clause never runs on into the next sentence
    for ph in (p for sentence in _SENTENCES.split(text.strip())
               for p in ask_phrases(sentence, most=12)):
        words = re.split(r"[.!?]\s+", ph)[-1].split()
        while words and words[0].lower() in _FILLER_WORDS:
            words = words[1:]
        while words and (words[-1].lower() in _FILLER_WORDS or words[-1].lower() in STOPWORDS):
            words = words[:-1]
        if words and not (len(words) == 1 and words[0].lower().endswith("ly")):
            phrases.append(" ".join(words))
    starts = {m.group(0).lower() for m in re.finditer(r"(?:^|(?<=[.!?;]\s))\W*\w+", text)}
    starts = {re.sub(r"^\W+", "", w) for w in starts}

    def leads(word: str) -> bool:  # a sentence's first word: "Build", "Collaborate"
        return word.lower() in starts

    # a lone modifier or verb and the phrase after it that share a head: "written and verbal
    # communication", "Build and maintain executive relationships" (not a name: "Java and
    # Spring Boot" is no "Java Boot")
    for i in range(len(phrases) - 1):
        words, nxt = phrases[i].split(), phrases[i + 1].split()
        if len(words) == 1 and (leads(words[0]) or _MODIFIER_RE.match(words[0])) \
                and len(nxt) >= 2 and re.search(
                rf"\b{re.escape(words[0])}\s*,?\s*(?:and/or|and|or|&|/)\s*{re.escape(nxt[0])}\b",
                text, re.I):
            phrases[i] = " ".join([words[0], *nxt[1:]])
    # a lone verb and what it acts on: "Collaborate with engineers"
    out: list[str] = []
    i = 0
    while i < len(phrases):
        ph, step = phrases[i], 1
        nxt = phrases[i + 1].split() if i + 1 < len(phrases) else []
        if len(ph.split()) == 1 and leads(ph) and 0 < len(nxt) <= 4:
            joined = re.search(rf"\b{re.escape(ph)}\s+({_JOINS})\s+(?:(?:the|both|a|an|our|all)"
                               rf"\s+)*{re.escape(nxt[0])}\b", text, re.I)
            if joined:
                ph, step = f"{ph} {joined.group(1)} {' '.join(nxt)}", 2
        ph = _advice(ph, text)
        if ph and ph.lower() not in {o.lower() for o in out}:
            out.append(ph)
        i += step
    return tuple(out[:most])


# a word that modifies a head noun and cannot end an ask ("high-quality user", "Provide
# statutory", "balancing a broad")
_DANGLING = re.compile(r"^(?:[a-z][a-z-]*(?:ive|ous|ful|ible|able)|high|deep|broad|quality|"
                       r"user|customer|both|other|whole|wide|full|multiple|common|various|"
                       r"several|digital|technical|strategic|operational|global|local|"
                       r"internal|external|financial|statutory|traditional|complex|key|core)$")
# a lone lower-case word that asks for nothing by itself: a verb of work or a modifier
# ("think", "develop", "verbal"); nouns ("payroll", "service", "budgets") stay
_LONE_NOT_ASK = frozenset("""
    think plan execute develop lead manage meet collaborate prioritize prioritise write deliver
    drive build create support understand learn communicate work ensure help enable design
    maintain implement improve provide identify define engage overcome adapt thrive grow
    verbal written oral strategic technical analytical creative independent independently
    scalable effective efficient strong proven new other high deep broad various multiple
""".split())  # noqa: SIM905 - a word list reads better as words
# "Building and growing a team": gerunds of verbs of work ("writing", "planning", "marketing"
# name skills and stay)
_LONE_GERUNDS = frozenset("""
    building growing developing driving leading managing creating ensuring helping enabling
    delivering maintaining implementing improving providing identifying defining engaging
    establishing
""".split())  # noqa: SIM905 - a word list reads better as words
# a word the posting follows a modifier with that names no ask of its own
_FILLER_HEADS = frozenset(["experience", "experiences", "skills", "skill", "knowledge",
                           "ability", "abilities", "background", "expertise", "proficiency",
                           "understanding", "exposure"])
_CLAUSE_WORDS = frozenset(["that", "which", "who", "whom", "whose", "whether", "between",
                           "where", "when", "so", "will", "would", "can", "could", "should",
                           "may", "might", "must"])
# words that lead to an ask without being one: "by developing work plans", "your own time",
# "like Amazon Web Services", "their journeys"
_NO_ASK_LEAD = frozenset(["you", "your", "their", "our", "we", "they", "its", "it", "his", "her",
                          "have", "has", "had", "be", "being", "been", "by", "from", "like",
                          "what", "how", "the", "a", "an", "most", "more", "other", "any",
                          "own", "all", "every", "each", "this", "these", "those"])
_NOT_HEAD = frozenset(["a", "an", "the", "and", "or", "of", "to", "for", "with", "in", "on", "at",
                       "by", "as", "from", "into", "while", "that", "which", "who"])


def _advice(phrase: str, text: str) -> str | None:
    """A gap phrase as advice, or None when it names no ask: a modifier left at the end takes
    back the head noun that follows it in the posting ("deliver high quality" -> "deliver high
    quality work"); a lone verb of work or modifier ("think", "verbal") is dropped."""
    words = phrase.split()
    # a clause that qualifies the ask is no part of it ("leadership that focuses on …")
    cut = next((i for i, w in enumerate(words) if w.lower() in _CLAUSE_WORDS), None)
    words = words[:cut] if cut else words
    subject = bool(words) and words[0].lower() in ("you", "we", "they", "i")
    while words and words[0].lower() in _NO_ASK_LEAD:
        words = words[1:]
    if subject and len(words) == 1:  # "You believe": the verb of a sentence about the reader
        return None
    words = [w for w in words if w.lower() not in ("both", "either")]
    while words and words[-1].lower() in _NOT_HEAD:
        words = words[:-1]
    if not words:
        return None
    phrase = " ".join(words)
    if len(words) > 1 and _DANGLING.match(words[-1]):
        m = re.search(re.escape(phrase) + r"\s+([A-Za-z][\w-]*)", text)
        if m is not None and m.group(1).lower() not in _NOT_HEAD | _FILLER_HEADS:
            words.append(m.group(1))
    if len(words) == 1:
        word = words[0]
        named = word[0].isupper() and not _leads_a_sentence(word, text) or any(
            c.isupper() or c.isdigit() or c in "+#/." for c in word[1:])
        if not named and word.lower() in _LONE_NOT_ASK | _LONE_GERUNDS:
            return None
    return " ".join(words)


def without_context(phrase: str, text: str, context: Sequence[str]) -> str | None:
    """A gap phrase without the posting's context names ("Google's technology" ->
    "technology"), or None when nothing that asks is left ("Partner with Google Play")."""
    out = phrase
    for name in sorted(context, key=len, reverse=True):  # "Google Play" before "Google"
        out = re.sub(r"(?<![\w-])" + re.escape(name) + r"(?:['’]s)?(?![\w-])", " ", out)
    out = " ".join(out.split())
    if out == phrase:
        return phrase
    return _advice(out, text) if out else None


def _leads_a_sentence(word: str, text: str) -> bool:
    """The word opens a sentence and a lower-case word follows it: a verb with its object
    ("Engage with customers"), not a name ("Python, Ruby or Go")."""
    return re.search(r"(?:^|[.!?;:]\s+|\n\s*)" + re.escape(word) + r"\s+[a-z]", text) is not None


# Soft asks: judged only by a concrete line, so a report says so.
SOFT = re.compile(
    r"\b(?:communicat\w*|interpersonal|collaborat\w*|team\s*player|self[\s-]?(?:starter|motivated"
    r"|driven)|motivated|passion\w*|detail[\s-]oriented|organi[sz]ational|proactive|flexib\w*|"
    r"adaptab\w*|resourceful\w*|curious|curiosity|humble|humility|empath\w*|integrity|"
    r"leadership|presentation|influenc\w*|ownership|fast[\s-]paced|ambigu\w*|multi-?task\w*|"
    r"prioriti[sz]\w*|problem[\s-]solving|analytical|critical thinking|work ethic)\b",
    re.I,
)


def is_soft(text: str) -> bool:
    """A requirement about how a person works rather than what they know or did."""
    return bool(SOFT.search(text))


_LABEL = re.compile(r"^\W*([A-Z][\w/&+#.' -]{1,40}?)\s*:\s+\S")


def label_ask(text: str) -> str | None:
    """The name a requirement gives its ask before a colon ("Networking: TCP/IP and LAN/WAN
    operation" -> "Networking"), when it reads as a name (at most four words, no verb-like
    lead such as "Must have" or "Nice to have")."""
    m = _LABEL.match(text)
    if not m:
        return None
    label = m.group(1).strip()
    if len(label.split()) > 4 or re.match(r"(?i)(must|nice|bonus|plus|required|preferred|"
                                          r"requirements?|qualifications?|note|you|we)\b", label):
        return None
    return label


_TRAILING_FILLER = re.compile(
    r"(?:\s+(?:skills?|abilities|ability|capabilit(?:y|ies)|knowledge|expertise|proficiency))+$",
    re.I)


def key_ask(text: str) -> str | None:
    """The one thing a short requirement asks for by name, which a résumé that meets it must
    name too: its label ("Networking: …"), or the phrase of a requirement of a few words
    ("Expertise in data migration" -> "data migration"). None for longer requirements, whose
    asks are judged together."""
    label = label_ask(text)
    if label:
        return label
    # "Complex Problem Solving abilities", "Strong math skills": the ask is what comes before
    # the trailing filler
    text = _TRAILING_FILLER.sub("", text.strip().rstrip(".")) or text
    phrases = ask_phrases(text)
    n_terms = len(terms(text))
    if n_terms <= 4 and len(phrases) == 1 and len(phrases[0].split()) <= 3:
        return phrases[0]
    # "Attention to Detail", "Judgment and Decision Making": a short requirement that is one
    # name, though its words split into phrases
    whole = _LEAD.sub("", text.strip().rstrip(".")).strip(" .,-–—\"'")
    if 2 <= n_terms <= 3 and len(phrases) > 1 and len(whole.split()) <= 5 and not re.search(
            r"[,;:()/]|\bor\b", whole):
        return whole
    return None


# --- names: the tools, standards and products a requirement names -------------------------

# A word that names something: an acronym or a mixed-case or symbol-bearing token ("NIST",
# "QA", "PySpark", "C++", "S3"), or, in running text, a capitalised word that is no common
# word of work ("Netflix", "Qlikview"; not "Product" or "Design"). Adjacent capitalised words
# join it ("Big Data", "AWS Lambda").
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.+#&/-][A-Za-z0-9+#]+)*[+#]*")
_ACRONYM = re.compile(r"^(?:[A-Z0-9][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Za-z]+[+#]+|"
                      r"[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z]+[A-Z][A-Za-z0-9]*)$")
# Capitalised words that name no tool: degrees and languages are judged as facts, and a
# requirement's own filler carries no name.
_NOT_NAMES = frozenset("""
    bachelor bachelors bachelor's master masters master's phd ph.d doctorate degree associate
    diploma ged ba bs bsc ma ms msc mba gpa english spanish french german chinese mandarin
    japanese portuguese italian arabic hindi korean russian us usa uk eu u.s monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december i ii iii iv it ok
""".split())  # noqa: SIM905 - a word list reads better as words
# where a name is the employer or its place of work rather than something asked for
_CONTEXT_BEFORE = re.compile(r"\b(?:at|across|join|joining|within|throughout|inside|here at)"
                             r"\s+(?:the\s+)?$", re.I)
_CONTEXT_AFTER = re.compile(r"[’']s\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•·–—(\n])\s*$")


def _is_title_case(words: list[str], common: frozenset[str]) -> bool:
    """Most everyday words past the first capitalised ("Outstanding Customer Service And
    Communication Skills"): capitals then say nothing of names. Needs three such words, so
    "Experience with Microsoft Office (Word, Excel)" still reads as running text."""
    everyday = [w for w in words[1:] if len(w) > 3 and w.lower() not in STOPWORDS
                and all(t in common for t in terms(w))]
    return len(everyday) >= 3 and sum(w[0].isupper() for w in everyday) >= 0.6 * len(everyday)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[0].isupper() or w.lower() not in STOPWORDS).upper()


def named_asks(text: str, common: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], ...]:
    """The names a requirement asks for, each with the forms that show it: "Proficiency with
    NIST guidelines" -> (("NIST",),); "Quality Assurance (QA) principles" -> (("QA",
    "Quality Assurance"),), the spelled-out form showing it as well as the acronym.

    Names are acronyms and mixed-case tokens; and, when the text is neither title case nor
    shouting, capitalised words past a sentence's first whose stemmed term is not in `common`
    (the everyday vocabulary of work, e.g. O*NET task statements')."""
    return _names(text, common)[0]


# Words that ask for what follows them ("experience with", "proficiency in", "using"): a
# name they lead to is asked for, whatever else the posting says of it. Verbs of general
# work ("maintain", "implement", "develop") are left out: they lead to the employer's own
# things as often ("Maintain Google partner relationships"); those of running a tool stay.
_ASKED_BY = re.compile(
    r"\b(?:experience[ds]?|knowledge(?:able)?|understanding|familiar(?:ity)?|proficien(?:cy|t)|"
    r"expert(?:ise)?|skill(?:s|ed)?|master(?:y)?|fluen(?:cy|t)|competen(?:ce|cy|t)|"
    r"background|prowess|us(?:e|es|ed|ing)|utili[sz](?:e|es|ed|ing)|leverag(?:e|es|ed|ing)|"
    r"administ(?:er|ers|ered|ering|ration)|configur(?:e|es|ed|ing|ation)|programming)"
    r"(?:\s+(?:in|with|of|on|about|the|a|an|and|both|various|advanced|modern|core|"
    r"applying|working|programming))*"
    # earlier names of the same list: "Experience with IBM, Informatica", "with iOS, Android
    # and": a one-word item before a comma, a capitalised one before "and" / "or" (not "teams
    # and", not "partnering with sales,")
    r"(?:\s+(?:[\w.+#/-]+\s*,(?:\s*(?:and/or|and|or)\b)?"
    r"|(?-i:[A-Z][\w.+#/-]*)(?:\s+(?-i:[A-Z][\w.+#/-]*)){0,2}\s*(?:&|\band/or\b|\band\b|\bor\b)))*"
    r"\s+$", re.I)


def asked_for(name: str, text: str) -> bool:
    """Whether `text` asks for `name` directly: a word that asks ("experience with",
    "proficiency in", "using", "administer") leads to it, as in "Knowledge of Citrix" or
    "Design reports using JasperSoft"; not "partnerships with Google teams" or "help partners
    grow their Google practice", where the name is the setting."""
    for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text):
        if _ASKED_BY.search(text[max(0, m.start() - 60):m.start()]):
            return True
    return False


def context_names(text: str, common: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Names a requirement uses as its setting, not as an ask: "partnerships across Netflix",
    "Google's product technology" (the employer, its products)."""
    return _names(text, common)[1]


@lru_cache(maxsize=20_000)
def _names(text: str,
           common: frozenset[str]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return (), ()
    plain = [w for w, _, _ in words]
    long = [w for w in plain if len(w) > 2]
    shouting = bool(long) and sum(w.isupper() for w in long) > 0.5 * len(long)
    running = not (shouting or _is_title_case(plain, common))

    def kind(i: int) -> str:
        """'name', 'capital' (a capitalised word that can extend a name) or ''."""
        word, start, _ = words[i]
        low = word.lower()
        if low in _NOT_NAMES or low in STOPWORDS or len(word) < 2:
            return ""
        if _ACRONYM.match(word) and not shouting:
            return "name"
        if not (running and word[0].isupper()) or _SENTENCE_START.search(text[:start]):
            return ""
        stems = terms(word)
        return "capital" if stems and all(t in common for t in stems) else "name"

    kinds = [kind(i) for i in range(len(words))]
    runs: list[list[int]] = []
    for i, k in enumerate(kinds):
        if not k:
            continue
        joined = (runs and runs[-1][-1] == i - 1
                  and text[words[i - 1][2]:words[i][1]].strip() == "")
        if joined:
            runs[-1].append(i)
        else:
            runs.append([i])
    out: list[tuple[str, ...]] = []
    context: list[str] = []
    for run in runs:
        if not any(kinds[i] == "name" for i in run):
            continue
        name = " ".join(words[i][0] for i in run)
        if _CONTEXT_BEFORE.search(text[:words[run[0]][1]]) or _CONTEXT_AFTER.match(
                text[words[run[-1]][2]:]):
            context.append(name)  # "across Netflix", "Google's products": the employer
            continue
        forms = [name]
        if len(run) == 1 and "/" in name:  # "PCIe/CXL": either part shows it
            forms += [part for part in name.split("/") if len(part) > 1]
        # "Quality Assurance (QA)": the fewest words before the parenthesis that it spells
        start = words[run[0]][1]
        if len(run) == 1 and text[start - 1:start] == "(" and _ACRONYM.match(name):
            before = [w for w, _, e in words if e <= start]
            for n in range(1, min(len(before), len(name) + 3) + 1):
                if _initials(before[-n:]) == name.upper():
                    forms.append(" ".join(before[-n:]))
                    break
        out.append(tuple(forms))
    # the spelled-out form read as a name of its own is the acronym's, not a second ask
    spelled = [f for forms in out for f in forms[1:]]
    asks = tuple(dict.fromkeys(f for f in out if not any(f[0] in sp for sp in spelled)))
    return asks, tuple(dict.fromkeys(context))
