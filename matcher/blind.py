"""Blind screening in the outputs: candidates shown as stable anonymous ids (C001, C002 ...).

Ids are numbered in the sorted order of the original ids (file paths or table row ids), so the
same inputs always get the same ids, whatever their scores. `redact_map` pairs are what
`--redact-map FILE` writes for the person allowed to unblind; no renderer shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import PurePath

from .data import MatchReport, RequirementMatch

SINGLE_ID = "C001"  # the one candidate of `score` and `gaps`


def anonymise(ids: Iterable[str]) -> dict[str, str]:
    """{original id: anonymous id}, C001 ... in the sorted order of the original ids."""
    unique = sorted(set(ids))
    width = max(3, len(str(len(unique))))
    return {orig: f"C{i:0{width}d}" for i, orig in enumerate(unique, 1)}


def _forms(original: str) -> list[str]:
    name = PurePath(original.replace("\\", "/")).name
    return [f for f in dict.fromkeys((original, name, PurePath(name).stem)) if len(f) > 2]


def scrub(text: str, originals: Mapping[str, str]) -> str:
    """Replace every original id, its file name and its stem in `text` by its anonymous id."""
    pairs = [(form, anon) for orig, anon in originals.items() for form in _forms(orig)]
    for form, anon in sorted(pairs, key=lambda p: -len(p[0])):
        if form in text:
            text = text.replace(form, anon)
    return text


def blind_report(report: MatchReport, originals: Iterable[str]) -> MatchReport:
    """The report with the résumé shown as C001: its path, and any mention of the original
    path or file name (warnings, caps, facts, evidence) replaced."""
    mapping = {o: SINGLE_ID for o in originals if o}

    def clean(m: RequirementMatch) -> RequirementMatch:
        return replace(m, evidence=tuple(replace(e, text=scrub(e.text, mapping))
                                         for e in m.evidence),
                       missing=tuple(scrub(x, mapping) for x in m.missing),
                       fact=scrub(m.fact, mapping) if m.fact else m.fact)

    seniority = report.seniority
    if seniority is not None:
        seniority = replace(seniority, note=scrub(seniority.note, mapping),
                            resume_title=seniority.resume_title
                            and scrub(seniority.resume_title, mapping))
    return replace(
        report,
        resume_path=SINGLE_ID,
        seniority=seniority,
        matches=tuple(clean(m) for m in report.matches),
        caps=tuple(scrub(c, mapping) for c in report.caps),
        warnings=tuple(scrub(w, mapping) for w in report.warnings),
        facts=tuple((k, scrub(v, mapping)) for k, v in report.facts),
    )
