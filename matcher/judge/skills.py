"""Named skills, tools and languages found as exact terms in text.

The index (models/skills-v1.json.gz, built by models/build_skills.py from O*NET, ESCO and
models/skill_aliases.json) maps surface forms to skills. Matching walks word tokens and
looks spans up in a dict, longest span first, so "Ruby on Rails" wins over "Ruby" and
"pythonic" never contains "Python" (a token is a whole run of word characters).

Every surface form has one of three modes:

* case-insensitive ("kubernetes", "k8s", "c++", "node.js"): distinctive strings.
* exact case ("SAS", "ML", "TS"): acronyms whose lower case is a word or too short.
* ambiguous ("C", "R", "Go", "Excel", "Spark", "Swift", "Word", ...): ordinary words or
  letters. They must match in exact case AND
    - not be glued to a neighbouring word by "-", "&", "'" or "." ("C-level", "R&D",
      "Go-to-market", "C.Smith"), nor be a lone letter used as an initial ("C. Smith");
    - not follow a word that makes a letter a grade or label ("grade C", "vitamin C",
      "Plan C", "type C");
    - and have technical context: a cue word before ("in Go", "with Spark", "using R",
      "knowledge of C"), a cue word after ("R programming", "Spark jobs", "Excel skills",
      "Go developer"), or a list neighbour that is itself a skill ("C, C++ and Rust",
      "Python, R, SQL", "Go/Rust").
  So "excel at", "Excel at communicating", "Spark curiosity", "swift delivery", "Go to
  market", "go live" and "Plan B and C" match nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matcher

DEFAULT_FILE = "skills-v1.json.gz"
MAX_SPAN_TOKENS = 12

_TOKEN = re.compile(r"\w+|[^\w\s]")
# Same-length replacements so offsets into the normalised text are offsets into the input.
_NORMALISE = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                            "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u00a0": " "})

_GLUE = set("-&'")
_LIST_SEPARATORS = {",", ";", "/", "|", "(", ")", "&", "and", "or", "+", "•", "·", "[", "]"}
_LEFT_CUES = {
    "in", "with", "using", "use", "via", "of", "knowledge", "experience", "proficient",
    "proficiency", "expert", "expertise", "fluent", "fluency", "skilled", "written", "programming",
    "coding", "developing", "languages", "language", "tools", "stack", "including", "like",
    "e.g", "eg", "such", "as", "on",
}
_RIGHT_CUES = {
    "programming", "programmer", "programmers", "language", "languages", "developer", "developers",
    "development", "engineer", "engineers", "engineering", "code", "coding", "codebase", "scripts",
    "scripting", "library", "libraries", "framework", "frameworks", "sdk", "api", "apis",
    "ecosystem", "cluster", "clusters", "streaming", "jobs", "job", "applications", "application",
    "apps", "app", "spreadsheet", "spreadsheets", "macros", "formulas", "functions", "vba",
    "pivot", "skills", "skill", "certification", "certified", "expertise", "experience",
    "proficiency", "modules", "packages", "services", "server", "servers", "cookbooks",
    "manifests", "documents", "database", "databases", "pipelines", "pipeline", "notebooks",
    "templates", "components", "runtime", "compiler", "toolchain", "expert",
    "knowledge", "(", "speaker", "native", "fluent", "fluency",
}
_NOT_AFTER = {  # words that turn a following letter or word into a label, not a technology
    "grade", "grades", "vitamin", "plan", "type", "class", "level", "tier", "section", "part",
    "appendix", "option", "schedule", "category", "phase", "division", "group", "block",
    "building", "exhibit", "figure", "table", "item", "series", "size", "wing", "floor",
    "hepatitis", "unit", "team", "note", "step", "model", "version", "rating", "score",
    "b", "a", "mr", "mrs", "ms", "dr",
}


@dataclass(frozen=True)
class SkillMention:
    """One skill named in a text; start/end are character offsets into that text."""

    skill: str  # skill id, e.g. "postgresql"
    label: str  # canonical label, e.g. "PostgreSQL"
    surface: str  # the text as written, e.g. "Postgres"
    start: int
    end: int


@dataclass(frozen=True)
class Skill:
    id: str
    label: str
    type: str  # tool | skill | language | soft
    category: str | None = None


@dataclass(frozen=True)
class _Form:
    skill: int  # index into SkillIndex.skills
    exact: str | None  # required exact surface (None: any case)
    ambiguous: bool


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def span_key(surface: str) -> str:
    """Lookup key of a span: lower case, tokens joined by one space where the text had
    whitespace and by nothing otherwise ("Node.js" -> "node.js", "CI / CD" -> "ci / cd").
    models/build_skills.py computes the same key for every alias."""
    parts: list[str] = []
    prev = None
    for start, end in _tokens(surface):
        if prev is not None and start > prev:
            parts.append(" ")
        parts.append(surface[start:end].lower())
        prev = end
    return "".join(parts)


class SkillIndex:
    """Skill/tool/language index over exact surface forms. Build with SkillIndex.load()."""

    def __init__(self, artifact: dict):
        self._skills_memo: dict[str, frozenset[str]] = {}
        self.version: str = artifact["version"]
        self.sources: dict[str, str] = artifact.get("sources", {})
        self.skills: tuple[Skill, ...] = tuple(
            Skill(e["id"], e["label"], e["type"], e.get("category")) for e in artifact["entries"]
        )
        self._by_id = {s.id: i for i, s in enumerate(self.skills)}
        self._forms: dict[str, list[_Form]] = {}
        self._prefixes: set[str] = set()
        for i, e in enumerate(artifact["entries"]):
            for alias in e.get("aliases", ()):
                self._add(alias, _Form(i, None, False))
            for alias in e.get("case_sensitive", ()):
                self._add(alias, _Form(i, alias, False))
            for alias in e.get("ambiguous", ()):
                self._add(alias, _Form(i, alias, True))
        self._implies: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in artifact.get("implies", {}).items()
        }

    def _add(self, surface: str, form: _Form) -> None:
        parts: list[str] = []
        prev = None
        for m in _TOKEN.finditer(surface.lower()):
            if prev is not None:
                self._prefixes.add("".join(parts))
                if m.start() > prev:
                    parts.append(" ")
            parts.append(m.group())
            prev = m.end()
        if not parts:
            return
        forms = self._forms.setdefault("".join(parts), [])
        # Case-insensitive forms first: they need no context check.
        forms.insert(0 if form.exact is None else len(forms), form)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> SkillIndex:
        """Load an index. Without a path: $MATCHER_MODELS_DIR/skills-v1.json.gz, else the
        repository's models/ folder. Loads are memoised per resolved path (lru_cache of 4),
        so every caller shares one index; treat it as read-only."""
        return _load_cached(str(resolve_path(path)))

    def __len__(self) -> int:
        return len(self.skills)

    def get(self, skill_id: str) -> Skill:
        return self.skills[self._by_id[skill_id]]

    def label(self, skill_id: str) -> str:
        return self.get(skill_id).label

    # ------------------------------------------------------------------ matching

    def find(self, text: str) -> tuple[SkillMention, ...]:
        """Every skill mention in text, left to right, longest match first, non-overlapping."""
        norm = text.translate(_NORMALISE)
        toks = _tokens(norm)
        cands = self._candidates(norm, toks)
        out = []
        for idx, (ti, tj, form) in enumerate(cands):
            if form.ambiguous and not _ambiguous_ok(norm, toks, ti, tj, cands, idx):
                continue
            skill = self.skills[form.skill]
            s, e = toks[ti][0], toks[tj][1]
            out.append(SkillMention(skill.id, skill.label, text[s:e], s, e))
        return tuple(out)

    def _candidates(
        self, text: str, toks: list[tuple[int, int]]
    ) -> list[tuple[int, int, _Form]]:
        cands: list[tuple[int, int, _Form]] = []
        i, n = 0, len(toks)
        while i < n:
            best: tuple[int, _Form] | None = None
            start = toks[i][0]
            # a span may start on punctuation (".NET") only at a word boundary
            if not text[start].isalnum() and text[start] != "_" and start > 0 and text[start - 1].isalnum():
                i += 1
                continue
            key = ""
            for j in range(i, min(n, i + MAX_SPAN_TOKENS)):
                s, e = toks[j]
                if j > i:
                    key += " " if s > toks[j - 1][1] else ""
                key += text[s:e].lower()
                form = self._match_form(key, text, start, e)
                if form is not None:
                    best = (j, form)
                if key not in self._prefixes:
                    break
            if best is None:
                i += 1
                continue
            cands.append((i, best[0], best[1]))
            i = best[0] + 1
        return cands

    def _match_form(self, key: str, text: str, start: int, end: int) -> _Form | None:
        forms = self._forms.get(key)
        if not forms:
            return None
        surface = None
        for f in forms:
            if f.exact is None:
                return f
            if surface is None:
                surface = " ".join(text[start:end].split())
            if surface == f.exact:
                return f
        return None

    def skills_in(self, text: str) -> frozenset[str]:
        """Ids of all skills (any type) named in text. Memoised per index: ranking asks the
        same lines (postings' requirements, repeated résumé lines) many times."""
        found = self._skills_memo.get(text)
        if found is None:
            found = frozenset(m.skill for m in self.find(text))
            if len(self._skills_memo) >= _MEMO_SIZE:
                self._skills_memo.clear()  # bounded memory, no eviction bookkeeping
            self._skills_memo[text] = found
        return found

    def requirement_skills(self, text: str) -> tuple[str, ...]:
        """Ids of the checkable skills a requirement names (tools, skills, languages; soft
        skills are left out: 'strong communication' cannot be verified by exact terms), in
        order of first mention. A requirement naming skills the résumé lacks cannot be met by
        a vaguely similar line."""
        seen: dict[str, None] = {}
        for m in self.find(text):
            if self.get(m.skill).type != "soft":
                seen.setdefault(m.skill)
        return tuple(seen)

    def expand(self, skill_ids: Iterable[str]) -> frozenset[str]:
        """skill_ids plus what they imply (PostgreSQL -> SQL, PyTorch -> deep learning)."""
        out = set(skill_ids)
        todo = list(out)
        while todo:
            for broader in self._implies.get(todo.pop(), ()):
                if broader not in out:
                    out.add(broader)
                    todo.append(broader)
        return frozenset(out)

    def missing_skills(self, req_text: str, resume_skills: frozenset[str]) -> tuple[str, ...]:
        """Ids of the skills req_text names that resume_skills (ids, e.g. from skills_in on the
        whole résumé) neither contains nor implies, in order of mention."""
        have = self.expand(resume_skills)
        return tuple(s for s in self.requirement_skills(req_text) if s not in have)


# ---------------------------------------------------------------------- context rules


def _word(text: str, tok: tuple[int, int]) -> str:
    return text[tok[0] : tok[1]].lower()


def _ambiguous_ok(
    text: str,
    toks: list[tuple[int, int]],
    ti: int,
    tj: int,
    cands: list[tuple[int, int, _Form]],
    idx: int,
) -> bool:
    start, end = toks[ti][0], toks[tj][1]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before in _GLUE or after in _GLUE:
        return False  # C-level, R&D, Go-to-market, O'Reilly
    if before == "." and start > 1 and text[start - 2].isalnum():
        return False
    if after == "." and after2.isalnum():
        return False  # C.Smith, Word.docx
    single_letter = end - start == 1
    if single_letter and after == "." and end + 2 < len(text) and text[end + 2].isupper():
        prev_word = _word(text, toks[ti - 1]) if ti > 0 else ""
        if prev_word not in _LEFT_CUES:
            return False  # "C. Smith": an initial
    prev = _word(text, toks[ti - 1]) if ti > 0 else ""
    nxt = _word(text, toks[tj + 1]) if tj + 1 < len(toks) else ""
    if prev in _NOT_AFTER:
        return False
    if prev in _LEFT_CUES or nxt in _RIGHT_CUES:
        return True
    return _list_neighbour(text, toks, ti, tj, cands, idx)


def _list_neighbour(
    text: str,
    toks: list[tuple[int, int]],
    ti: int,
    tj: int,
    cands: list[tuple[int, int, _Form]],
    idx: int,
) -> bool:
    """True when a list separator joins this span to another candidate skill."""
    if idx > 0:
        pi, pj, _ = cands[idx - 1]
        gap = [_word(text, toks[k]) for k in range(pj + 1, ti)]
        if gap and len(gap) <= 2 and all(g in _LIST_SEPARATORS for g in gap):
            return True
    if idx + 1 < len(cands):
        ni, nj, _ = cands[idx + 1]
        gap = [_word(text, toks[k]) for k in range(tj + 1, ni)]
        if gap and len(gap) <= 2 and all(g in _LIST_SEPARATORS for g in gap):
            return True
    return False


# ---------------------------------------------------------------------- loading


def models_dir() -> Path:
    """$MATCHER_MODELS_DIR, else <repository>/models next to the matcher package."""
    env = os.environ.get("MATCHER_MODELS_DIR")
    if env:
        return Path(env)
    return Path(matcher.__file__).resolve().parent.parent / "models"


def resolve_path(path: str | os.PathLike[str] | None = None) -> Path:
    return Path(path).resolve() if path is not None else (models_dir() / DEFAULT_FILE).resolve()


_MEMO_SIZE = 50_000  # distinct lines remembered; cleared when full (bounded memory)


@lru_cache(maxsize=4)
def _load_cached(path: str) -> SkillIndex:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return SkillIndex(json.load(f))


# ---------------------------------------------------------------------- conveniences


def find(text: str) -> tuple[SkillMention, ...]:
    return SkillIndex.load().find(text)


def skills_in(text: str) -> frozenset[str]:
    return SkillIndex.load().skills_in(text)


def requirement_skills(text: str) -> tuple[str, ...]:
    return SkillIndex.load().requirement_skills(text)


def missing_skills(req_text: str, resume_skills: frozenset[str]) -> tuple[str, ...]:
    return SkillIndex.load().missing_skills(req_text, resume_skills)
