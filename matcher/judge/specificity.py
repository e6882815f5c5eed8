"""Specificity: a requirement nearly every résumé meets should lift a candidate less.

"Excellent communication skills" or "a bachelor's degree" are shown by most résumés, so meeting
them says little about fit; "SAP SD order-to-cash" or "Kubernetes operators" are shown by few,
so meeting them says much. Each requirement gets a background met rate, the share of ordinary
résumés that would show it, read from statistics of real résumés (models/specificity.json,
built by models/build_specificity.py), and a weight that falls as the rate rises:

    weight = clip(1 + slope * ln(neutral_rate / rate), min, max)

so a requirement shown by `neutral_rate` of résumés weighs 1.0 and each halving of the rate
adds slope x ln 2. The rate is estimated from what the requirement asks, most reliable first:

* named skills: the share of résumés whose skill index finds them (alternatives: any one of
  them; "all of" a list: the rarest a met requirement needs, since the skill rule accepts
  three quarters of a list of four or more);
* facts: a degree level or higher, at least N years of experience, people management,
  a language or licence named (several facts: the rarest);
* otherwise its words: the share of résumés naming the key ask (its rarest word), or for a
  longer requirement the geometric mean over its ask phrases of each phrase's rarest word;
* a soft ask (communication, teamwork: asks.is_soft) is claimed by most résumés whatever its
  words, so its rate is at least `soft_rate`.

Posting side only, no encoding: computed once per requirement when a posting is prepared.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..data import COMMON_WEIGHT, SPECIFIC_WEIGHT
from ..errors import MatcherError
from ..facts import DEGREE_LEVELS, RequirementFacts, degree_rank
from ..paths import models_dir
from .asks import SOFT, ask_phrases, key_ask
from .matching import term_surfaces, terms

DEFAULT_FILE = "specificity.json"
_LEVEL_NAMES = {
    "highschool": "a high-school diploma", "other": "a diploma", "associate": "an associate degree",
    "bachelor": "a bachelor's degree", "master": "a master's degree", "doctorate": "a doctorate",
}


@dataclass(frozen=True)
class Specificity:
    """How discriminative one requirement is: its weight in the requirements score, the share
    of background résumés estimated to show it, why, and what the estimate rests on."""

    weight: float
    rate: float
    reason: str
    basis: str  # skills | degree | years | management | language | licence | soft | terms | none

    @property
    def common(self) -> bool:
        return self.weight < COMMON_WEIGHT

    @property
    def specific(self) -> bool:
        return self.weight > SPECIFIC_WEIGHT


@dataclass(frozen=True)
class _Rate:
    rate: float
    what: str  # "name Kubernetes", "show a bachelor's degree or higher"
    basis: str


class SpecificityModel:
    """Background statistics of real résumés and the weight curve (models/specificity.json)."""

    def __init__(self, raw: Mapping):
        self.n = int(raw["resumes"])
        if self.n <= 0:
            raise MatcherError("specificity statistics hold no résumés")
        self.terms: Mapping[str, int] = raw.get("terms", {})
        self.skills: Mapping[str, int] = raw.get("skills", {})
        self.degrees: Mapping[str, int] = raw.get("degrees", {})
        self.years: Mapping[str, int] = raw.get("years", {})
        self.management = int(raw.get("management", 0))
        w = raw.get("weight", {})
        self.neutral_rate = float(w.get("neutral_rate", 0.2))
        self.slope = float(w.get("slope", 0.35))
        self.bounds = (float(w.get("min", 0.4)), float(w.get("max", 1.6)))
        self.soft_rate = float(w.get("soft_rate", 0.8))
        self.smoothing = float(w.get("smoothing", 0.5))
        self.english_rate = float(w.get("english_rate", 0.95))
        self.text_shrink = float(w.get("text_shrink", 0.5))
        self.source = str(raw.get("source", ""))

    @classmethod
    def load(cls, path: str | Path | None = None) -> SpecificityModel:
        path = Path(path) if path is not None else models_dir() / DEFAULT_FILE
        return _load_cached(str(path))

    # -- rates --

    def share(self, count: float) -> float:
        """A smoothed share of background résumés: never 0 or 1."""
        s = self.smoothing
        return (count + s) / (self.n + 2 * s)

    def weight(self, rate: float) -> float:
        """The weight of a requirement shown by `rate` of résumés: decreasing, bounded."""
        rate = min(max(rate, 1e-6), 1.0)
        lo, hi = self.bounds
        return min(hi, max(lo, 1.0 + self.slope * math.log(self.neutral_rate / rate)))

    def term_rate(self, term: str) -> float:
        return self.share(self.terms.get(term, 0))

    def degree_rate(self, level: str) -> float:
        rank = degree_rank(level)
        return self.share(sum(c for lv, c in self.degrees.items()
                              if lv in DEGREE_LEVELS and degree_rank(lv) >= rank))

    def years_rate(self, years: float) -> float:
        return self.share(sum(c for y, c in self.years.items()
                              if y != "unknown" and float(y) >= math.floor(years)))

    # -- one requirement --

    def estimate(
        self,
        text: str,
        skills: Sequence[str] = (),
        any_skill: bool = False,
        facts: RequirementFacts | None = None,
        soft: bool = False,
        label: Callable[[str], str] = str,
    ) -> Specificity:
        """The specificity of requirement `text`, given what the scorer read from it: the
        skill ids it names (`label` names one for a reader), whether they are alternatives,
        its facts (facts.requirement_facts) and whether it is a soft ask."""
        facts_rates = self._fact_rates(facts)
        if facts is not None and facts.degree is not None and facts.degree.fields:
            # "a degree in Computer Science": the field qualifies the degree, and the scorer
            # judges it leniently (related fields, a field not stated): the level decides
            fields = " ".join(facts.degree.fields).lower()
            skills = tuple(sk for sk in skills if label(sk).lower() not in fields)
        rates = [*facts_rates, self._skills_rate(skills, any_skill, label)]
        if not facts_rates and skills:
            # a short requirement's one ask ("SAP SD configuration"): all its words are needed
            key = key_ask(text)
            rates.append(self._rarest(terms(key), key) if key and terms(key) else None)
        candidates = [r for r in rates if r is not None]
        if candidates:
            best = min(candidates, key=lambda r: r.rate)
        else:
            best = self._text_rate(text)
            soft = soft or bool(_ALSO_SOFT.search(text))
            if soft and _mostly_soft(text) and (best is None or best.rate < self.soft_rate):
                match = SOFT.search(text) or _ALSO_SOFT.search(text)
                what = f"soft skill ({match.group(0).lower()})" if match else "soft skill"
                best = _Rate(self.soft_rate, f"{what} that most résumés claim", "soft")
        if best is None:
            return Specificity(1.0, self.neutral_rate, "nothing to compare with background "
                               "résumés", "none")
        weight = self.weight(best.rate)
        return Specificity(round(weight, 4), round(best.rate, 4), self._reason(best, weight),
                           best.basis)

    def _reason(self, r: _Rate, weight: float) -> str:
        lead = ("most résumés show this: " if weight < COMMON_WEIGHT
                else "few résumés show this: " if weight > SPECIFIC_WEIGHT else "")
        if r.basis == "soft":
            return f"{lead}a {r.what}"
        return f"{lead}{_pct(r.rate)} of {self.n} background résumés {r.what}"

    def _skills_rate(self, skills: Sequence[str], any_skill: bool,
                     label: Callable[[str], str]) -> _Rate | None:
        if not skills:
            return None
        shares = {sk: self.share(self.skills.get(sk, 0)) for sk in skills}
        if any_skill and len(skills) > 1:
            rate = 1.0 - math.prod(1.0 - s for s in shares.values())
            names = [label(sk) for sk in skills]
            return _Rate(rate, "name " + ", ".join(names[:-1]) + " or " + names[-1], "skills")
        # the skill rule (verdicts.skill_rules) accepts three quarters of a long list: the
        # rarest skills a résumé may lack do not decide
        ranked = sorted(skills, key=lambda sk: (shares[sk], sk))
        skip = len(ranked) - math.ceil(0.75 * len(ranked)) if len(ranked) >= 4 else 0
        sk = ranked[skip]
        return _Rate(shares[sk], f"name {label(sk)}", "skills")

    def _fact_rates(self, facts: RequirementFacts | None) -> list[_Rate]:
        if facts is None:
            return []
        out: list[_Rate] = []
        if facts.degree is not None:
            level = facts.degree.level
            out.append(_Rate(self.degree_rate(level),
                             f"show {_LEVEL_NAMES.get(level, level)} or higher", "degree"))
        for y in facts.years:
            n = f"{y.years:g}+"
            if y.kind == "management":
                rate = min(self.share(self.management), self.years_rate(y.years))
                out.append(_Rate(rate, "show people management", "management"))
            else:
                out.append(_Rate(self.years_rate(y.years),
                                 f"show {n} years of experience", "years"))
        for lang in facts.languages:
            rate = (self.english_rate if lang == "English"
                    else self._rarest(terms(lang), lang).rate)
            out.append(_Rate(rate, f"name {lang}", "language"))
        for name in facts.licences:
            out.append(_Rate(self._rarest(terms(name), name).rate, f"name {name}", "licence"))
        return out

    def _rarest(self, words: Sequence[str], text: str) -> _Rate:
        surfaces = term_surfaces(text)
        t = min(words, key=lambda w: (self.term_rate(w), w))
        return _Rate(self.term_rate(t), f"name {surfaces.get(t, t)}", "terms")

    def _text_rate(self, text: str) -> _Rate | None:
        key = key_ask(text)
        if key and terms(key):
            return self._rarest(terms(key), key)
        phrases = [(p, terms(p)) for p in ask_phrases(text)]
        phrases = [(p, ws) for p, ws in phrases if ws]
        if not phrases:
            return None
        rarest = [self._rarest(ws, p) for p, ws in phrases]
        log_rate = sum(math.log(r.rate) for r in rarest) / len(rarest)
        # a posting's wording of work ("tune slow queries") is rarely a résumé's: the words'
        # rarity is weak evidence of the ask's, so it moves the rate only part of the way
        log_rate = (1 - self.text_shrink) * math.log(self.neutral_rate) + self.text_shrink * log_rate
        most = min(rarest, key=lambda r: r.rate)  # the phrase that sets it apart most
        return _Rate(math.exp(log_rate), f"name what it asks for (rarest: {most.what[5:]})",
                     "terms")


# Words of soft asks beyond asks.SOFT (which also sets the judge's "soft" feature, so it is
# left as it is): they count towards a requirement being mostly soft.
_ALSO_SOFT = re.compile(
    r"\b(?:team[\s-]?work\w*|colleagues|co-?workers|cooperat\w*|interpersonal|people\s+skills|"
    r"independent\w*|initiative|reliab\w*|punctual\w*|dedicat\w*|enthusias\w*|positive|"
    r"attitude|eager\w*|willing\w*|hard[\s-]?work\w*|professionalism|verbal|written|oral|"
    r"listening|customer[\s-]focus\w*|attention\s+to\s+detail|time\s+management)\b",
    re.I,
)


def _mostly_soft(text: str) -> bool:
    """At least half of a requirement's asks are soft ("written and verbal communication",
    "leadership of cross-functional teams"); one soft word among concrete asks ("data quality
    checks, freshness monitoring, ownership") does not make the requirement soft."""
    phrases = ask_phrases(text)
    if not phrases:
        return True
    soft = sum(bool(SOFT.search(p) or _ALSO_SOFT.search(p)) for p in phrases)
    return 2 * soft >= len(phrases)


def _pct(rate: float) -> str:
    return "<1%" if rate < 0.005 else f"{100 * rate:.0f}%"


@lru_cache(maxsize=4)
def _load_cached(path: str) -> SpecificityModel:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return SpecificityModel(raw)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise MatcherError(f"cannot read specificity statistics {path}: {e}") from e
