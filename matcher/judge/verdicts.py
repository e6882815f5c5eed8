"""Verdict helpers: the features the fitted judge reads, the rules similarity cannot overrule,
each requirement's credit and its gaps in the posting's own words. Plain functions over the
scorer's prepared requirement and résumé (judge.prepared) and its config (judge.config)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..data import EvidenceMatch, RoleMatch
from .asks import gap_phrases, without_context
from .config import ScoringConfig
from .matching import terms

if TYPE_CHECKING:
    from .prepared import PreparedRequirement, PreparedResume


def met_threshold(cfg: ScoringConfig) -> float:
    """The P(met) at which a requirement is met: the fitted judge's, else the calibration's."""
    return cfg.judge.met_at if cfg.judge is not None else cfg.calibration.met


def skill_rules(p_met: float, p_backed: float, features: Mapping[str, float],
                cfg: ScoringConfig) -> tuple[float, float]:
    """What embeddings cannot overrule: a requirement naming a list of skills is met only
    when the résumé shows every one (a list of six tools with five shown is partial, its
    credit high and its gap the one tool not shown; of alternatives one is enough), and one
    whose named skills are all absent is at most partial. Beside the tools or names it asks
    for, a knowledge area is shown by substance ("GPU clusters and AI training
    infrastructure" needs GPU, not the letters "AI"); named alone, it must be named."""
    if features.get("has_named_only"):
        cov = features["named_only_listed"]
    elif features.get("has_skills") and not features.get("has_names"):
        cov = features["skill_listed"]
    else:
        return p_met, max(p_met, p_backed)
    if cov < 1.0:
        p_met = min(p_met, met_threshold(cfg) - 1e-3)
    if cov == 0.0:
        p_met *= cfg.skill_penalty_none_found
    return p_met, max(p_met, p_backed)


# The features the judge reads, in the order models/fit_judge.py fits them.
JUDGE_FEATURES = (
    "dense", "dense_lift", "dense_top3", "dense_parts", "lexical", "bm25", "skill_listed",
    "skill_used", "has_skills", "role", "required", "preferred", "soft", "length",
    "names_shown", "asks_shown", "asks_in_line",
)


def requirement_features(
    prep: PreparedRequirement,
    resume: PreparedResume,
    sim_row: np.ndarray,
    parts_score: float,
    lexical: float,
    bm25_row: np.ndarray,
    role: RoleMatch | None,
    background: float = 0.0,
) -> dict[str, float]:
    """Every number the judge reads for one requirement, by name (kept in the report)."""
    n = len(resume.units)
    dense = float(sim_row.max()) if n else 0.0
    top3 = float(np.sort(sim_row)[-3:].mean()) if n else 0.0
    agg = max if prep.any_skill else (lambda xs: sum(xs) / len(xs))
    if prep.skills:
        listed = [sk in resume.skills for sk in prep.skills]
        used = [sk in resume.used_skills for sk in prep.skills]
        skill_listed, skill_used = float(agg(listed)), float(agg(used))
    else:
        skill_listed = skill_used = 0.0
    named_only_listed = (float(agg([sk in resume.skills for sk in prep.named_only]))
                         if prep.named_only else 0.0)
    return {
        "dense": dense,
        # how far the best line stands above the requirement's similarity to generic résumé
        # lines (a real résumé always holds one that is somewhat similar); measured against a
        # fixed background, so removing a line never lifts another requirement
        "dense_lift": dense - background if n else 0.0,
        "dense_top3": top3,
        "dense_parts": max(dense, parts_score),
        "lexical": lexical,
        "bm25": float(bm25_row.max()) if n else 0.0,
        "skill_coverage": skill_listed,
        "skill_listed": skill_listed,
        "skill_used": skill_used,
        "has_skills": 1.0 if prep.skills else 0.0,
        # the skill rules' own view: the named tools only (skill_rules)
        "named_only_listed": named_only_listed,
        "has_named_only": 1.0 if prep.named_only else 0.0,
        "has_names": 1.0 if prep.names else 0.0,
        # a résumé for the same kind of work meets more of a posting's requirements
        "role": 0.5 if role is None else role.score,
        "required": 1.0 if prep.requirement.kind == "required" else 0.0,
        "preferred": 1.0 if prep.requirement.kind == "preferred" else 0.0,
        "soft": 1.0 if prep.soft else 0.0,
        "length": min(len(prep.terms), 30) / 30.0,
    }


def _credit(verdict: str, p_met: float, p_backed: float, cfg: ScoringConfig) -> float:
    """What a requirement adds to the requirements score, consistent with its verdict."""
    judge = cfg.judge
    if judge is None:
        return cfg.calibration.credit(p_met, *cfg.credit)
    credit = judge.credit(p_met, p_backed)
    floor = {"met": judge.partial_credit + 1e-3, "partial": 0.2, "missing": 0.0}[verdict]
    ceil = {"met": 1.0, "partial": judge.partial_credit + 0.2, "missing": 0.25}[verdict]
    return min(max(credit, floor), ceil)


def gap_notes(
    prep: PreparedRequirement,
    verdict: str,
    absent: Sequence[str],
    listed_only: Sequence[str],
    fact_note: str | None,
    evidence: Sequence[EvidenceMatch],
    skills,  # noqa: ANN001 - SkillIndex
    absent_key: str | None = None,
    absent_names: Sequence[str] = (),
) -> tuple[str, ...]:
    """What a job seeker can act on, in the posting's words: the named skills not shown (or,
    when none is, the key ask `absent_key` that appears nowhere on the résumé) and the other
    names `absent_names` no line shows, the ones only listed, the fact comparison, and the
    asks no shown line covers. Empty when met."""
    if verdict == "met":
        return ()
    notes: list[str] = []
    key_note = bool(absent_key) and not absent
    if key_note:
        notes.append(f"not shown: {absent_key}")
    not_shown = [skills.label(sk) for sk in absent]
    not_shown += [n for n in absent_names if n.lower() not in {x.lower() for x in not_shown}
                  and not (key_note and n.lower() in absent_key.lower())]
    if not_shown:
        notes.append("not shown: " + ", ".join(not_shown))
    if listed_only:
        names = ", ".join(skills.label(sk) for sk in listed_only)
        notes.append(f"{names} is listed but no line shows it in use" if len(listed_only) == 1
                     else f"{names} are listed but no line shows them in use")
    if fact_note:
        notes.append(fact_note)
    if not (not_shown or fact_note):  # named asks or a fact already say what is missing
        seen = frozenset(t for e in evidence for t in terms(e.text))
        # a named skill has its own note; the employer is no ask
        named = {skills.label(sk).lower() for sk in prep.skills}
        text = prep.requirement.text
        phrases = (without_context(ph, text, prep.context) for ph in gap_phrases(text, most=8))
        uncovered = list(dict.fromkeys(ph for ph in phrases if ph and ph.lower() not in named
                                       and not set(terms(ph)) <= seen
                                       and not _skill_shown(ph, prep, absent, skills)))
        if uncovered:
            if not key_note:  # the key ask already says what is not shown
                notes.append("no line shows: " + "; ".join(uncovered[:4]))
        elif prep.soft:
            notes.append("no concrete line shows it (a claim alone is not evidence)")
        else:
            notes.append("only loosely related lines")
    return tuple(notes)


def _skill_shown(phrase: str, prep: PreparedRequirement, absent: Sequence[str],
                 skills) -> bool:  # noqa: ANN001 - SkillIndex
    """The phrase names skills of the requirement that the résumé shows, by another of their
    names ("AWS" shown by "Amazon Web Services"): no gap."""
    found = set(skills.skills_in(phrase))
    return bool(found) and found <= set(prep.skills) and not found & set(absent)
