"""What the scorer prepares once and reuses: a posting's requirements read into their asks, and
a résumé read into its evidence units with their terms and skills. Plain frozen data between
the preparation (judge.scoring.Scorer.prepare_posting / prepare_resume) and the judging."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from ..data import Requirement, Resume
from .asks import asked_for
from .specificity import Specificity


@dataclass(frozen=True)
class PreparedRequirement:
    requirement: Requirement
    parts: tuple[str, ...]
    terms: tuple[str, ...]
    skills: tuple[str, ...]  # skill ids named, in order
    any_skill: bool  # the skills are alternatives: one of them is enough
    facts: object | None  # facts.RequirementFacts
    not_assessable: str | None = None  # why no résumé can show it (asks.not_assessable)
    soft: bool = False  # about how a person works: needs a concrete line
    label_terms: tuple[str, ...] = ()  # "Networking: TCP/IP and LAN/WAN": the ask's own name
    # names the skill index does not know ("NIST", "Qlikview"), each with the forms that show
    # it ("QA" or "Quality Assurance"), as stemmed term sets (asks.named_asks)
    names: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = ()
    specificity: Specificity | None = None  # how few background résumés show it
    # of `skills`, the ones a résumé shows only by naming them (tools, languages,
    # certificates), not knowledge areas ("artificial intelligence") that lines show by substance
    named_only: tuple[str, ...] = ()
    # the phrases it asks for (asks.ask_phrases), each as its set of terms
    ask_terms: tuple[frozenset[str], ...] = ()
    short: bool = False  # no more than its asks (asks.short_asks)
    # the posting's context names (without_context_names): never an ask, never a gap
    context: tuple[str, ...] = ()


def without_context_names(
    preps: tuple[PreparedRequirement, ...], context: frozenset[str] = frozenset(),
) -> tuple[PreparedRequirement, ...]:
    """Drop the posting's context from its requirements' names: the names it uses as a
    setting anywhere (`context`: "across Netflix", "Google's products"), and capitalised
    names (not acronyms) that recur in two or more requirements and that no requirement asks
    for directly (asks.asked_for), the employer or its products, which no candidate's résumé
    is expected to name. Acronyms recur as asks ("HR", "UX") and stay."""
    counts = Counter(name for p in preps for name in dict.fromkeys(n for n, _ in p.names))
    recurring = {name for name, n in counts.items() if n >= 2 and not name.isupper()}
    # a tool the posting keeps coming back to ("Knowledge of Citrix", "update our Citrix
    # platform") is asked for, not the employer: some requirement leads to it with an ask
    def asked_somewhere(name: str) -> bool:
        return any(asked_for(name, p.requirement.text) for p in preps)

    asked = {name for name in recurring if asked_somewhere(name)}
    context = context | (recurring - asked)
    # the employer's name, once it is context itself, also heads names of its teams and
    # people ("Google Product Management", "Google-specific", "Googlers"): those are context
    # too, unless a requirement asks for one of them directly ("experience with Google Cloud
    # Platform"), which shows the word is a vendor whose products the job uses ("Guidewire
    # PolicyCenter", "Guidewire ClaimCenter")
    heads = {c for c in context if _head(c) == c}
    headed = {name for p in preps for name, _ in p.names
              if name not in context and _headed_by(name, heads)}
    asked_headed = {name for name in headed if asked_somewhere(name)}
    vendors = {h for h in heads if any(_headed_by(name, {h}) for name in asked_headed)}
    derived = {name for name in headed if not _headed_by(name, vendors)}
    context = context | derived
    if not context:
        return preps
    shown = tuple(sorted(context))
    return tuple(replace(p, names=tuple(x for x in p.names if x[0] not in context),
                         context=shown) for p in preps)


def _head(name: str) -> str | None:
    """A name's first word when it is capitalised and not an acronym ("Google" of "Google
    Product Management"; None for "SAP HANA" or "iOS")."""
    first = re.split(r"[\s/-]", name, maxsplit=1)[0]
    return first if len(first) >= 3 and first[0].isupper() and not first.isupper() else None


def _headed_by(name: str, heads: set[str]) -> bool:
    """`name` is one of `heads` followed by more ("Google Chrome", "Google-specific") or with a
    lower-case ending ("Googlers")."""
    return any(name != h and (re.match(re.escape(h) + r"(?:[\s/-]|[a-z']+$)", name))
               for h in heads)


@dataclass(frozen=True)
class PreparedResume:
    resume: Resume
    units: tuple  # Evidence units offered for dense matching
    unit_terms: tuple[frozenset[str], ...]
    idf: dict[str, float] = field(hash=False)
    n_docs: int
    skills: frozenset[str]
    unit_skills: tuple[frozenset[str], ...] = ()
    all_terms: frozenset[str] = frozenset()
    used_skills: frozenset[str] = frozenset()  # named in a line of work, not only a list
    unit_term_lists: tuple[tuple[str, ...], ...] = ()
    bm25_idf: dict[str, float] = field(default_factory=dict, hash=False)
    # 1 for a line of work (a bullet or sentence under experience or projects), else 0
    work_units: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32), hash=False,
                                   compare=False)
    # the whole résumé's TF-IDF vector (overall.lexical_vector), for the lexical part
    lexical: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    # term -> the units holding it (retrieval.term_index)
    term_index: dict[str, np.ndarray] = field(default_factory=dict, hash=False, compare=False)
