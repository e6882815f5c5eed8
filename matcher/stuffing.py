"""Keyword stuffing: the same terms repeated far beyond normal use to game a screener.

A line that repeats one term several times, or is mostly repeats, is excluded from scoring;
a term that dominates the whole résumé is reported. Both become warnings on the Resume.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .data import Resume
from .judge.matching import terms

MAX_REPEATS_IN_LINE = 3  # "Python, Python, Python, Python" is not a sentence
MIN_UNIQUE_SHARE = 0.4  # a long line whose terms are mostly repeats
DOMINANT_SHARE = 0.06  # one term over 6 % of a résumé's terms ...
DOMINANT_MIN_COUNT = 15  # ... and seen this often


def is_stuffed(text: str) -> bool:
    found = terms(text)
    if not found:
        return False
    counts = Counter(found)
    if counts.most_common(1)[0][1] > MAX_REPEATS_IN_LINE:
        return True
    return len(found) >= 8 and len(counts) / len(found) < MIN_UNIQUE_SHARE


def remove_stuffing(resume: Resume) -> Resume:
    """The résumé without stuffed evidence units, with one warning per kind found."""
    stuffed = [e for e in resume.evidence if is_stuffed(e.text)]
    kept = tuple(e for e in resume.evidence if e not in stuffed)
    warnings = list(resume.warnings)
    if stuffed:
        lines = ", ".join(f"L{e.line}" for e in stuffed[:8])
        warnings.append(
            f"keyword stuffing: {len(stuffed)} line(s) repeat the same terms ({lines}); "
            "excluded from scoring"
        )
    all_terms = Counter(t for e in kept for t in set(terms(e.text)))
    total = sum(all_terms.values())
    for term, n in all_terms.most_common(3):
        if n >= DOMINANT_MIN_COUNT and n / max(total, 1) > DOMINANT_SHARE:
            warnings.append(f"keyword stuffing: '{term}' appears on {n} lines")
    if not stuffed and len(warnings) == len(resume.warnings):
        return resume
    return replace(resume, evidence=kept, warnings=tuple(warnings))
