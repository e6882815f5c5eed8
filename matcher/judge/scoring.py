"""Scoring: requirement x résumé numbers -> calibrated requirement verdicts, one score.

A requirement's verdict combines what embeddings judge (dense similarity of the requirement and
of its parts to résumé lines), lexical evidence (BM25, term coverage) and what embeddings cannot
judge: exact skill terms, key asks, and facts read from both sides (years, degrees, licences).
The judge is two logistic models whose parameters live in models/scoring.json (fitted on
labelled résumés by models/fit_judge.py); their thresholds give the verdicts. Every number
that goes in is kept in the report's `features`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import cached_property, lru_cache

import numpy as np

from ..data import (
    KINDS,
    MatchReport,
    Posting,
    Requirement,
    RequirementMatch,
    Resume,
    RoleMatch,
    SeniorityMatch,
)
from ..errors import MatcherError
from ..paths import models_dir
from .asks import (
    ask_core,
    ask_phrases,
    context_names,
    is_soft,
    key_ask,
    label_ask,
    named_asks,
    not_assessable,
    short_asks,
)
from .config import ScoringConfig
from .matching import (
    idf_weights,
    lexical_coverage,
    part_coverage,
    requirement_parts,
    similarity_matrix,
    terms,
    with_compound_parts,
)
from .overall import cosine, facts_part, lexical_vector, seniority_part
from .prepared import PreparedRequirement, PreparedResume, without_context_names
from .retrieval import (
    asks_in_one_unit,
    bm25_idf,
    bm25_matrix,
    bm25_self,
    choose_evidence,
    evidence_rows,
    hub_penalty,
    term_index,
)
from .role import RoleModel, RoleSide
from .seniority import PostingSide, ResumeSide, compare, posting_level, resume_side
from .specificity import Specificity, SpecificityModel
from .verdicts import (
    _credit,
    gap_notes,
    met_threshold,
    requirement_features,
    skill_rules,
)

# Units embedded and offered as evidence; single skills are matched exactly, not embedded
# (one word embeds poorly and would crowd the top-k).
DENSE_UNITS = frozenset({"bullet", "sentence", "skills_line", "role", "degree", "line"})


# "Airflow or a comparable orchestrator", "Snowflake, BigQuery or Redshift", "such as Kafka":
# the named skills are alternatives, and any one of them backs the requirement.
_ALTERNATIVES = re.compile(
    r"\bor\b|\band/or\b|such as|e\.g\.|for example|\blike\b|including|comparable|similar|"
    r"equivalent|related|\bany\b|one of|\betc\b|\(.*,.*\)",
    re.I,
)


Encode = Callable[[Sequence[str]], np.ndarray]


class Scorer:
    """Scores résumés against postings with one encoder.

    `encode` maps texts to L2-normalised float32 rows (an Embedder's `encode`). Postings are
    prepared once and reused across résumés, so ranking thousands of résumés parses and embeds
    each requirement once; likewise the résumé when one résumé is scored against many postings.
    `role` reads the role fit (matcher.role); without one, the score is the requirements score.
    """

    def __init__(
        self,
        encode: Encode,
        model_id: str,
        config: ScoringConfig | None = None,
        today: date | None = None,
        store: object | None = None,
        role: RoleModel | None = None,
    ):
        self.encode = encode
        self.store = store  # where parsed documents may be cached (cache.EmbeddingCache)
        self.model_id = model_id
        self.config = config or ScoringConfig.load(model_id)
        self.today = today or date.today()
        self.role = role
        self._prepared: dict[Posting, tuple[PreparedRequirement, ...]] = {}
        self._posting_sides: dict[Posting, RoleSide] = {}
        self._posting_vectors: dict[Posting, dict[str, float]] = {}
        # the last résumé prepared and its role side, by identity: ranking postings scores one
        # résumé many times
        self._last_resume: tuple[Resume, PreparedResume] | None = None
        self._last_resume_side: tuple[PreparedResume, RoleSide] | None = None
        self._background: np.ndarray | None = None
        # the seniority fit's two sides: postings by value, the last résumé by identity
        self._seniority_postings: dict[Posting, PostingSide] = {}
        self._last_seniority: tuple[Resume, ResumeSide] | None = None

    @cached_property
    def skills(self):  # noqa: ANN201 - SkillIndex, imported lazily
        from .skills import SkillIndex

        return SkillIndex.load()

    @cached_property
    def specificity(self) -> SpecificityModel | None:
        """Background statistics of real résumés (models/specificity.json), or None when the
        configuration turns specificity off or the file is absent (every weight is then 1)."""
        if not self.config.specificity or not (models_dir() / "specificity.json").is_file():
            return None
        return SpecificityModel.load()

    # -- preparation (pure text work, no encoding) --

    def prepare_posting(self, posting: Posting) -> tuple[PreparedRequirement, ...]:
        if posting not in self._prepared:
            preps = tuple(self._prepare_requirement(r) for r in posting.requirements)
            context = frozenset(name for r in posting.requirements
                                for name in context_names(r.text, self.everyday_terms))
            self._prepared[posting] = without_context_names(preps, context)
        return self._prepared[posting]

    def _prepare_requirement(self, r: Requirement) -> PreparedRequirement:
        from ..facts import requirement_facts

        prep = PreparedRequirement(
            requirement=r,
            parts=tuple(requirement_parts(r.text)),
            terms=tuple(terms(r.text)),
            skills=(skills := self.skills.requirement_skills(r.text)),
            named_only=tuple(sk for sk in skills if self.skills.get(sk).type != "skill"),
            any_skill=bool(_ALTERNATIVES.search(r.text)),
            facts=requirement_facts(r.text),
            not_assessable=not_assessable(r.text),
            soft=is_soft(r.text),
            label_terms=self._key_terms(r.text),
            names=self._names(r.text),
            ask_terms=tuple(frozenset(terms(ask_core(ph, r.text))) for ph in ask_phrases(r.text)),
            short=short_asks(r.text),
        )
        model = self.specificity
        if model is None or prep.not_assessable:
            return prep
        spec = model.estimate(r.text, prep.skills, prep.any_skill, prep.facts,  # type: ignore[arg-type]
                              prep.soft, self.skills.label)
        return replace(prep, specificity=spec)

    @cached_property
    def background_idf(self) -> Mapping[str, float] | None:
        """Term rarity across O*NET task statements (models/occupations-v1), the same for every
        résumé: a line removed from a résumé does not change how much its other words weigh.
        None without the occupation index (then each résumé's own lines are the background)."""
        try:
            from .occupations import OccupationIndex

            return BackgroundIdf(OccupationIndex.load().idf)
        except (MatcherError, OSError, ValueError):
            return None

    @cached_property
    def background_texts(self) -> tuple[str, ...]:
        """Generic résumé lines (models/background_lines.txt): a requirement's background
        similarity, against which its best line's similarity is measured. Embedded with the
        posting's texts (texts_to_encode), so they cost no encode call of their own."""
        path = models_dir() / "background_lines.txt"
        try:
            return tuple(x.strip() for x in path.read_text(encoding="utf-8").splitlines()
                         if x.strip() and not x.startswith("#"))
        except OSError:
            return ()

    def _background_rows(self, lookup: Mapping[str, np.ndarray]) -> np.ndarray:
        texts = self.background_texts
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        if all(t in lookup for t in texts):
            return np.stack([lookup[t] for t in texts])
        if self._background is None:  # vectors from elsewhere without them: embed once
            self._background = self.encode(list(texts))
        return self._background

    @cached_property
    def everyday_terms(self) -> frozenset[str]:
        """Terms common in O*NET task statements (in five or more): capitalised, they name a
        team or a field ("Product", "Computer Science"), not a tool."""
        try:
            from .occupations import OccupationIndex

            df = OccupationIndex.load().term_df
        except (MatcherError, OSError, ValueError):
            return frozenset()
        return frozenset(t for t, n in df.items() if n >= 5)

    def _names(self, text: str) -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
        """The names a requirement asks for that the skill index does not judge."""
        skill_surfaces = [m.surface.lower() for m in self.skills.find(text)
                          if self.skills.get(m.skill).type != "soft"]
        out = []
        for forms in named_asks(text, self.everyday_terms):
            low = forms[0].lower()
            if any(low in sf or sf in low for sf in skill_surfaces) and not _narrower(
                    forms[0], skill_surfaces):
                continue  # the skill rules judge it, with aliases and hierarchy
            # a name of several words shows also written as one ("Angular JS", "AngularJS")
            spellings = (*forms, *(f.replace(" ", "") for f in forms if " " in f))
            shown_by = tuple(frozenset(terms(f)) for f in spellings if terms(f))
            if shown_by:
                out.append((forms[0], shown_by))
        return tuple(out)

    def _key_terms(self, text: str) -> tuple[str, ...]:
        """The terms of a requirement's key ask (asks.key_ask) when it names a skill or is a
        short requirement's one phrase; a competency heading ("Judgment: …") is no skill."""
        key = key_ask(text)
        if key is None:
            return ()
        # soft skills in the index ("Time Management") are judged by their words, here
        named = {sk for sk in self.skills.skills_in(key) if self.skills.get(sk).type != "soft"}
        if label_ask(text) == key and not named:
            return ()  # a competency heading, not a skill
        if label_ask(text) != key and named:
            return ()  # "writing production Python": the skill rules judge Python
        return tuple(terms(ask_core(key, text)))

    def forget(self, posting: Posting) -> None:
        """Drop a prepared posting: ranking many postings needs each one only once."""
        self._prepared.pop(posting, None)
        self._posting_sides.pop(posting, None)
        self._posting_vectors.pop(posting, None)
        self._seniority_postings.pop(posting, None)

    def prepare_resume(self, resume: Resume) -> PreparedResume:
        if self._last_resume is not None and self._last_resume[0] is resume:
            return self._last_resume[1]
        prepared = self._prepare_resume(resume)
        self._last_resume = (resume, prepared)
        return prepared

    def _prepare_resume(self, resume: Resume) -> PreparedResume:
        units = tuple(e for e in resume.evidence if e.unit in DENSE_UNITS)
        unit_words = [terms(u.text) for u in units]  # each unit's terms in order, read once
        unit_terms = tuple(frozenset(ts) for ts in unit_words)
        if self.background_idf is not None:
            idf, n = self.background_idf, len(unit_terms)
        else:
            idf, n = idf_weights(unit_terms)
        found: set[str] = set()
        per_unit: dict[str, frozenset[str]] = {}
        for e in resume.evidence:
            named = self.skills.skills_in(e.text)
            found |= named
            per_unit[e.id] = named
        # a skill also counts when the résumé names a more specific one (PostgreSQL -> SQL)
        unit_skills = tuple(self.skills.expand(per_unit[u.id]) for u in units)
        all_terms = with_compound_parts(t for e in resume.evidence for t in terms(e.text))
        # in use: named in a line of work, or in a role's or project's own list of the
        # technologies it used ("Environment: Java, Spring, Oracle" under that role)
        used = frozenset().union(*(s for u, s in zip(units, unit_skills)
                                   if u.unit in ("bullet", "sentence") or (
                                       u.unit == "skills_line"
                                       and u.section in ("experience", "projects"))))
        term_lists = tuple(tuple(ts) + _role_context(u, resume) for u, ts in zip(units, unit_words))
        return PreparedResume(
            resume, units, unit_terms, idf, n, self.skills.expand(found), unit_skills, all_terms,
            used, term_lists,
            bm25_idf(term_lists) if self.background_idf is None else self.background_idf,
            np.array([u.unit in ("bullet", "sentence") and u.section in ("experience", "projects")
                      for u in units], dtype=np.float32),
            lexical_vector(unit_words, self._lexical_idf),
            term_index([with_compound_parts(ts) for ts in unit_terms]),
        )

    @cached_property
    def _lexical_idf(self) -> Mapping[str, float]:
        """Term rarity for the whole-document lexical part: the fixed background, so the part
        means the same for every pair (every term 1.0 without the occupation index)."""
        return self.background_idf if self.background_idf is not None else _Unweighted()

    def _posting_lexical(self, posting: Posting) -> dict[str, float]:
        vec = self._posting_vectors.get(posting)
        if vec is None:
            texts = [posting.title or ""] + [p.requirement.text
                                             for p in self.prepare_posting(posting)
                                             if not p.not_assessable]
            vec = self._posting_vectors[posting] = lexical_vector(
                [terms(t) for t in texts], self._lexical_idf)
        return vec

    def texts_to_encode(self, posting: Posting, resume: Resume | None = None) -> list[str]:
        """Every text the score needs embedded, for batching across many documents."""
        texts: list[str] = list(self.background_texts)
        for p in self.prepare_posting(posting):
            texts.append(p.requirement.text)
            if len(p.parts) > 1:
                texts.extend(p.parts)
        if resume is not None:
            texts.extend(e.text for e in resume.evidence if e.unit in DENSE_UNITS)
        if self.role is not None and self.role.encode is None:
            texts.extend(self.role.texts(posting, resume))
        return texts

    # -- scoring --

    def score(
        self,
        posting: Posting,
        resume: Resume,
        vectors: Mapping[str, np.ndarray] | None = None,
    ) -> MatchReport:
        """The fit report of `resume` for `posting`. `vectors` (text -> vector) skips encoding
        for texts already embedded in a batch."""
        with _one_blas_thread():
            return self._score(posting, resume, vectors)

    def _score(self, posting: Posting, resume: Resume,
               vectors: Mapping[str, np.ndarray] | None) -> MatchReport:
        reqs = self.prepare_posting(posting)
        prepared = self.prepare_resume(resume)
        lookup = vectors if vectors is not None else self._encode_all(posting, resume)
        rows = _rows_of(lookup)
        req_vecs = rows([p.requirement.text for p in reqs])
        sims, discount, bm25, hub = self._unit_matrices(reqs, prepared, req_vecs, rows)
        role = self._role_match(posting, prepared, rows)
        bg = self._background_rows(lookup)
        background = (similarity_matrix(req_vecs, bg).mean(axis=1)
                      if len(bg) and bg.shape[-1] == req_vecs.shape[-1]
                      else np.zeros(len(reqs), dtype=np.float32))
        matches = tuple(
            self._match_requirement(p, prepared, sims[i], discount, rows, bm25[i], hub, role,
                                    float(background[i]))
            for i, p in enumerate(reqs)
        )
        lexical = cosine(self._posting_lexical(posting), prepared.lexical)
        return self._report(posting, resume, matches, role, lexical=lexical,
                            seniority=self.seniority(posting, resume))

    def _unit_matrices(self, reqs: Sequence[PreparedRequirement], prepared: PreparedResume,
                       req_vecs: np.ndarray,
                       rows: Callable[[Sequence[str]], np.ndarray]):  # noqa: ANN202
        """(requirements x units) cosines, the units' discount, BM25 shares, and hubness;
        `req_vecs` are the requirements' vectors, in order."""
        sims = similarity_matrix(req_vecs, rows([u.text for u in prepared.units]))
        bm25 = bm25_matrix([p.terms for p in reqs], prepared.unit_term_lists, prepared.bm25_idf)
        bm25 = bm25 / bm25_self([p.terms for p in reqs], prepared.bm25_idf,
                                len(prepared.units))[:, None]
        hub = hub_penalty(sims[[i for i, p in enumerate(reqs) if not p.not_assessable]])
        return sims, self._discount(prepared), bm25, hub

    def evidence_features(self, posting: Posting, resume: Resume
                          ) -> list[tuple[Requirement, tuple, dict[str, np.ndarray]]]:
        """For each requirement: the résumé's evidence units and, per unit, what the evidence
        order weighs (evidence_rows); what models/fit_judge.py fits the order's weights on."""
        reqs = self.prepare_posting(posting)
        prepared = self.prepare_resume(resume)
        rows = _rows_of(self._encode_all(posting, resume))
        sims, discount, bm25, hub = self._unit_matrices(
            reqs, prepared, rows([p.requirement.text for p in reqs]), rows)
        return [(p.requirement, prepared.units,
                 evidence_rows(p, prepared, sims[i] - discount, bm25[i], hub))
                for i, p in enumerate(reqs)]

    def seniority(self, posting: Posting, resume: Resume) -> SeniorityMatch:
        """The seniority fit (matcher.judge.seniority), each side read once: a posting ranked
        against many résumés, or a résumé against many postings."""
        side = self._seniority_postings.get(posting)
        if side is None:
            side = self._seniority_postings[posting] = posting_level(posting)
        if self._last_seniority is None or self._last_seniority[0] is not resume:
            self._last_seniority = (resume, resume_side(resume, self.today))
        return compare(side, self._last_seniority[1])

    def _role_match(self, posting: Posting, resume: PreparedResume,
                    rows: Callable[[Sequence[str]], np.ndarray]):  # noqa: ANN202
        if self.role is None:
            return None
        side = self._posting_sides.get(posting)
        if side is None:
            side = self.role.side(self.role.posting_titles(posting),
                                  [r.text for r in posting.requirements], rows, surfaces=True)
            self._posting_sides[posting] = side
        if self._last_resume_side is None or self._last_resume_side[0] is not resume:
            self._last_resume_side = (resume, self.role.side(
                self.role.resume_titles(resume.resume), [u.text for u in resume.units], rows))
        return self.role.match(side, self._last_resume_side[1])

    def _encode_all(self, posting: Posting, resume: Resume) -> dict[str, np.ndarray]:
        texts = list(dict.fromkeys(self.texts_to_encode(posting, resume)))
        vecs = self.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        return dict(zip(texts, vecs))

    def _match_requirement(
        self,
        prep: PreparedRequirement,
        resume: PreparedResume,
        raw_row: np.ndarray,
        discount: np.ndarray,
        rows: Callable[[Sequence[str]], np.ndarray],
        bm25_row: np.ndarray,
        hub: np.ndarray,
        role: RoleMatch | None,
        background: float = 0.0,
    ) -> RequirementMatch:
        cfg = self.config
        units = resume.units
        sim_row = raw_row - discount
        line_idx: list[int] = []
        parts_score = float(sim_row.max()) if len(units) else 0.0
        if len(prep.parts) > 1 and len(units):
            part_sims = similarity_matrix(rows(list(prep.parts)), rows([u.text for u in units]))
            part_sims = part_sims - discount[None, :]
            parts_score, best = part_coverage(part_sims)
            line_idx.extend(int(i) for i in best)
        lexical, lex_lines = lexical_coverage(
            prep.terms, resume.unit_terms, resume.idf, resume.n_docs
        )
        features = requirement_features(prep, resume, sim_row, parts_score, lexical, bm25_row,
                                        role, background)
        skill_cov = features["skill_listed"]
        absent = tuple(sk for sk in prep.skills if sk not in resume.skills)
        listed_only = tuple(sk for sk in prep.skills
                            if sk in resume.skills and sk not in resume.used_skills)
        if prep.any_skill and skill_cov > 0:
            # one alternative shown is enough; in use, nothing is left to say
            absent = ()
            listed_only = () if features["skill_used"] > 0 else listed_only

        label_absent = bool(prep.label_terms) and not set(prep.label_terms) <= resume.all_terms
        absent_names = tuple(name for name, shown_by in prep.names
                             if not any(t <= resume.all_terms for t in shown_by))
        # what the requirement asks for, shown in the posting's words: its names, its ask
        # phrases anywhere on the résumé, and each ask's words together in one line
        features["names_shown"] = (1.0 - len(absent_names) / len(prep.names)) if prep.names \
            else 1.0
        asks = prep.ask_terms
        features["asks_shown"] = (sum(a <= resume.all_terms for a in asks) / len(asks)
                                  if asks else 1.0)
        features["asks_in_line"] = asks_in_one_unit(asks, resume.term_index)
        if prep.not_assessable:
            features["score"] = 0.0
            return RequirementMatch(
                requirement=prep.requirement, score=0.0, verdict="n/a",  # type: ignore[arg-type]
                evidence=(), features=tuple(features.items()),
                missing=(f"not judged from a résumé ({prep.not_assessable})",),
            )

        judge = cfg.judge
        if judge is not None:
            p_met, p_backed = judge.probabilities(features)
        else:  # before models/fit_judge.py has run: the older one-probability calibration
            p_met = p_backed = cfg.calibration.probability(features)
        p_met, p_backed = skill_rules(p_met, p_backed, features, cfg)
        # as with skills: a list of names is met only when all are shown; of alternatives
        # ("Python, Ruby or Go") one is enough
        if prep.any_skill:
            names_absent = bool(prep.names) and len(absent_names) == len(prep.names) and not (
                skill_cov > 0)
        else:
            names_absent = bool(absent_names)
        # a short requirement is its asks: a line that meets it names one of them (or a skill
        # it asks for, by any of its names), or says it clearly in other words (not a role
        # title or a degree near it in meaning)
        unshown = prep.short and not features["asks_in_line"] and not features["skill_used"] \
            and features["dense"] < cfg.unshown_met_at
        if label_absent or names_absent or unshown:
            # the ask's own name, or a name it asks for (of alternatives: every one), appears
            # nowhere on the résumé
            p_met = min(p_met, met_threshold(cfg) - 1e-3)
        verdict = self._verdict(p_met, p_backed)
        features["text_score"] = p_met

        fact_note, hard_unmet, fact_line = None, False, None
        judgement = self._judge(prep, resume)
        if judgement is not None:
            features["fact_score"] = judgement.score
            if _has_topic(prep.facts):
                # "5+ years as a data engineer": the years gate but cannot lift; years of
                # something else are not years of *that*, so the text must back the topic,
                # and clearly for "met" (the years are counted over the whole career)
                text_p_met = p_met
                p_met = min(judgement.score, p_met)
                verdict = _weaker(judgement.verdict, verdict)
                if verdict == "met" and text_p_met < cfg.topic_years_met_at:
                    verdict = "partial"
            else:
                p_met = cfg.fact_weight * judgement.score + (1 - cfg.fact_weight) * p_met
                verdict = judgement.verdict
            p_backed = max(p_met, p_backed if verdict != "missing" else min(p_backed, 0.49))
            fact_note = judgement.explanation
            fact_line = judgement.line
            hard_unmet = bool(judgement.hard and judgement.verdict == "missing")
            if role is not None and _asks_relevant_years(prep.facts) and role.verdict != "match" \
                    and verdict != "missing":
                # "4 years of relevant work experience": years of this posting's kind of work.
                # A résumé for another kind of work (the role fit) shows none of them, one for
                # related work shows them in part
                verdict = "missing" if role.verdict == "different" else _weaker("partial", verdict)
                p_met = min(p_met, met_threshold(cfg) - 1e-3)
                if verdict == "missing":
                    p_backed = min(p_backed, 0.49)
                    # as for too few years: a required ask of years no role shows
                    hard_unmet = judgement.hard
                kind = ("not this posting's kind of work" if verdict == "missing"
                        else "related to this posting's kind of work")
                count = ("none of those years is relevant" if verdict == "missing"
                         else "those years are relevant only in part")
                fact_note = (f"{fact_note}; its roles are {kind} (role fit "
                             f"{100 * role.score:.0f} / 100), so {count}")
        features["score"] = p_met
        features["credit"] = _credit(verdict, p_met, p_backed, cfg)

        unit_rows = evidence_rows(prep, resume, sim_row, bm25_row, hub)
        order_row = sum((w * unit_rows[name] for name, w in cfg.evidence),
                        np.zeros(len(units), dtype=np.float32))
        evidence = choose_evidence(order_row, raw_row, units, line_idx + lex_lines, fact_line,
                                   cfg.top_k)
        missing = gap_notes(prep, verdict, absent, listed_only, fact_note, evidence, self.skills,
                            key_ask(prep.requirement.text) if label_absent else None,
                            absent_names)
        return RequirementMatch(
            requirement=prep.requirement,
            score=p_met,
            verdict=verdict,  # type: ignore[arg-type]
            evidence=evidence,
            features=tuple(features.items()),
            missing=missing,
            fact=fact_note,
            hard_fact_unmet=hard_unmet and prep.requirement.kind == "required",
            **_specificity_fields(prep.specificity),
        )

    def _verdict(self, p_met: float, p_backed: float) -> str:
        judge = self.config.judge
        if judge is not None:
            return judge.verdict(p_met, p_backed)
        return self.config.calibration.verdict(p_met)

    def _discount(self, resume: PreparedResume) -> np.ndarray:
        """Per unit, how much less a line counts than its similarity says: a skill in a list
        shows less than a line that shows it used (models/scoring.json: skills_list_discount).
        Reports still show the raw cosine."""
        return np.array(
            [self.config.skills_list_discount if u.unit == "skills_line" else 0.0
             for u in resume.units],
            dtype=np.float32,
        )

    def _judge(self, prep: PreparedRequirement, resume: PreparedResume):  # noqa: ANN202
        if prep.facts is None:
            return None
        from ..facts import judge_facts

        return judge_facts(prep.facts, resume.resume, self.today)

    def _report(
        self, posting: Posting, resume: Resume, matches: tuple[RequirementMatch, ...],
        role: RoleMatch | None = None, lexical: float = 0.0,
        seniority: SeniorityMatch | None = None,
    ) -> MatchReport:
        weights = self.config.weights
        judged = [m for m in matches if m.verdict != "n/a"]  # conditions no résumé shows

        def weight(m: RequirementMatch) -> float:
            # a requirement most résumés show counts less than one few do
            spec = 1.0 if m.specificity is None else m.specificity
            return weights[m.requirement.kind] * spec

        total_w = sum(weight(m) for m in judged)
        requirements = sum(
            weight(m) * dict(m.features)["credit"] for m in judged
        ) / total_w if total_w else 0.0
        score = 100.0 * requirements
        parts: tuple = ()
        overall = self.config.overall
        if overall is not None and role is not None:
            values = {"requirements": requirements, "role": role.score,
                      "seniority": seniority_part(seniority),
                      "facts": facts_part(judged, weights),
                      "lexical": lexical}
            score = overall.score(values)
            parts = overall.explain(values)
        elif role is not None:
            # both must be high: meeting a posting's generic requirements does not make a
            # résumé for another kind of work a fit, nor does the right title without them
            w = self.config.role_weight
            score = 100.0 * requirements ** (1 - w) * role.score ** w
        caps = tuple(
            f"{m.requirement.id}: {m.fact} (score capped at {self.config.hard_fact_cap:g})"
            for m in matches
            if m.hard_fact_unmet
        )
        if caps:
            score = capped_score(score, self.config.hard_fact_cap)
        return MatchReport(
            posting_path=posting.path,
            posting_title=posting.title,
            resume_path=resume.path,
            model=self.model_id,
            score=round(score, 2),
            weights=tuple((k, weights[k]) for k in KINDS),
            matches=matches,
            caps=caps,
            facts=resume_facts(resume, self.today),
            warnings=resume.warnings,
            requirements_score=round(100.0 * requirements, 2),
            role=role,
            parts=parts,
            seniority=seniority,
        )


def _narrower(name: str, skill_surfaces: Sequence[str]) -> bool:
    """A name that is a skill followed by an acronym of a module or product of it ("SAP SD",
    "SAP HANA", "Oracle EBS"): the skill alone does not show it, so "SAP MM" is no "SAP SD".
    A vendor before a skill ("Microsoft Excel") or a version after it ("HTML 5") is not."""
    low = name.lower()
    for sf in skill_surfaces:
        rest = name[len(sf):].strip()
        if (low.startswith(sf + " ") and re.fullmatch(r"[A-Z]{2,5}", rest)
                and rest not in _GENERIC_SUFFIXES):
            return True
    return False


# what follows a skill's name without naming a part of it: "Angular JS", "Windows OS"
_GENERIC_SUFFIXES = frozenset(
    "JS OS API APIS SDK DB DBMS VCS UI UX CLI IDE ERP CRM GUI APP APPS".split())  # noqa: SIM905


def _rows_of(lookup: Mapping[str, np.ndarray]) -> Callable[[Sequence[str]], np.ndarray]:
    """Texts -> their stacked vectors from `lookup` (an empty batch keeps the dimension)."""
    dim = next(iter(lookup.values())).shape[-1] if lookup else 1

    def rows(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([lookup[t] for t in texts])

    return rows


def capped_score(score: float, cap: float, knee: float = 10.0) -> float:
    """A score held at or under `cap` by an unmet hard fact, order kept: scores above
    `cap - knee` are compressed into [cap - knee, cap] (100 -> cap), the rest unchanged. A
    plain min() would tie every such résumé at the cap, and a recruiter ranking them would
    lose their order."""
    low = cap - knee
    if score <= low:
        return score
    return low + knee * (score - low) / (100.0 - low)


def _specificity_fields(spec: Specificity | None) -> dict[str, object]:
    """A requirement's specificity as RequirementMatch fields (none without statistics)."""
    if spec is None:
        return {}
    return {"specificity": spec.weight, "background_rate": spec.rate,
            "specificity_reason": spec.reason}


@lru_cache(maxsize=1)
def _blas_controller():  # noqa: ANN202 - threadpoolctl.ThreadpoolController
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread():  # noqa: ANN202 - a context manager
    """A pair's matrices are small (tens of lines x hundreds of columns): a BLAS thread pool
    spends more on waking its threads than on the product, and far more when the cores are
    busy (measured 1.8 ms on one thread against 8-44 ms on two for the occupation votes).
    Encoding is not affected: ONNX Runtime keeps its own threads."""
    return _blas_controller().limit(limits=1, user_api="blas")


class _Unweighted(dict):
    def __missing__(self, key: str) -> float:
        return 1.0


class BackgroundIdf(Mapping):
    """A term -> IDF mapping computed on demand from a function (memoised): `get` never falls
    back to a default, since every term has a background rarity."""

    def __init__(self, idf: Callable[[str], float]):
        self._idf = idf
        self._memo: dict[str, float] = {}

    def __getitem__(self, term: str) -> float:
        value = self._memo.get(term)
        if value is None:
            if len(self._memo) > 200_000:
                self._memo.clear()  # bounded memory over long runs
            value = self._memo[term] = max(0.05, self._idf(term))
        return value

    def get(self, term: str, default: float | None = None) -> float:  # noqa: ARG002
        return self[term]

    def __iter__(self):  # noqa: ANN204
        return iter(self._memo)

    def __len__(self) -> int:
        return len(self._memo)


def _role_context(unit, resume: Resume) -> tuple[str, ...]:  # noqa: ANN001 - data.Evidence
    """The terms of the role a line of work sits under (its title): a bullet "Built the
    ingestion service" under "Data Engineer" is data engineering work, for lexical matching."""
    if unit.unit not in ("bullet", "sentence") or unit.section not in ("experience", "projects"):
        return ()
    role = None
    for r in resume.roles:
        if r.line <= unit.line and (role is None or r.line > role.line):
            role = r
    return tuple(terms(role.title)) if role is not None and role.title else ()


def _weaker(a: str, b: str) -> str:
    order = ("missing", "partial", "met")
    return order[min(order.index(a), order.index(b))]


def _asks_relevant_years(facts: object) -> bool:
    return any(getattr(y, "relevant", False) for y in getattr(facts, "years", ()))


def _has_topic(facts: object) -> bool:
    return any(y.kind == "general" and y.topic for y in getattr(facts, "years", ()))


def resume_facts(resume: Resume, today: date) -> tuple[tuple[str, str], ...]:
    """The résumé facts a report shows beside the requirements."""
    from ..facts import describe_resume

    return tuple(describe_resume(resume, today).items())
