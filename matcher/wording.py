"""Words shared by ranking's reasons and every human format: labels, plurals and the role fit
in one line. Plain functions over `matcher.data`; this module imports no renderer, so ranking
and the renderers can both use it without importing each other."""

from __future__ import annotations

from .data import MatchReport, OccupationShare, RoleMatch, SeniorityMatch

# Marks a requirement most résumés show (RequirementMatch.common): it counts less in the score.
COMMON_MARK = "(common: counts less)"

KIND_TITLE = {
    "required": "Required",
    "preferred": "Preferred",
    "responsibility": "Responsibilities",
}
# A verdict the scorer adds later (e.g. "n/a") gets a neutral mark, its own word and no colour.
VERDICT_MARK = {"met": "✔", "partial": "◐", "missing": "✘", "n/a": "–"}
VERDICT_STYLE = {"met": "green", "partial": "yellow", "missing": "red", "n/a": "dim"}
UNKNOWN_MARK = "·"


def verdict_mark(verdict: str) -> str:
    return VERDICT_MARK.get(verdict, UNKNOWN_MARK)


def verdict_style(verdict: str) -> str:
    return VERDICT_STYLE.get(verdict, "dim")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 résumé', '3 résumés', '0 documents'."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def shorten(text: str, width: int) -> str:
    """Cut at a word boundary with an ellipsis (for labels only: never for machine formats,
    and tables wrap rather than cut)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    if len(cut) < width // 2:
        cut = text[: width - 1]
    return cut.rstrip(" ,;:") + "…"


def first_occupation(shares: tuple[OccupationShare, ...]) -> str | None:
    return shares[0].title if shares else None


def occupations(shares: tuple[OccupationShare, ...]) -> str:
    # most first; the shares themselves are small (a profile spreads over 1,016 occupations)
    # and stay in the JSON
    return ", ".join(o.title for o in shares) or "—"


def _quoted(texts: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"“{t}”" for t in texts)


def role_rows(role: RoleMatch) -> list[tuple[str, str]]:
    """The role fit as (label, text) rows, the same in every human format: what each document
    reads as and from what, and the numbers behind the role score."""
    feats = dict(role.features)
    posting_from = (f"title {_quoted([role.posting_title])} and requirement lines"
                    if role.posting_title else "requirement lines")
    resume_from = (f"{_quoted(role.resume_titles)} and evidence lines" if role.resume_titles
                   else "evidence lines (no headline or role title found)")
    return [
        ("Role fit", f"{role.verdict}, {100 * role.score:.0f} / 100"),
        ("Posting reads as", f"{occupations(role.posting_occupations)}, from its {posting_from}"),
        ("Résumé reads as", f"{occupations(role.resume_occupations)}, from {resume_from}"),
        ("Occupation overlap", f"{feats.get('occupation', 0.0):.2f} (cosine of the two profiles "
                               "over O*NET occupations)"),
        ("Experience relevance", f"{feats.get('experience', 0.0):.2f} (mean best similarity of "
                                 "each résumé line to the requirements)"),
        ("Shared distinctive terms", ", ".join(role.shared_terms) or "none"),
    ]


def role_line(role: RoleMatch) -> str:
    """The role fit in one line: 'related (34 / 100): the posting reads as X, the résumé as
    Y', by each document's first occupation (gaps reports)."""
    return (f"{role.verdict} ({100 * role.score:.0f} / 100): the posting reads as "
            f"{first_occupation(role.posting_occupations) or '—'}, the résumé as "
            f"{first_occupation(role.resume_occupations) or '—'}")


def score_moves(report: MatchReport, limit: int = 5) -> str:
    """'role fit +21 · seniority fit −12 · requirements met +9': what moved the overall score
    from what typical parts would give, largest first (parts that moved it under half a point
    are left out)."""
    moved = sorted((p for p in report.parts if abs(p.points) >= 0.5),
                   key=lambda p: (-abs(p.points), p.name))[:limit]
    return " · ".join(f"{p.label} {p.points:+.0f}".replace("-", "−") for p in moved)


def score_parts(report: MatchReport) -> str:
    """'requirements 78 · role 94 (match) · seniority 100 · facts 100 · vocabulary 21': what
    the overall score combines (each part × 100)."""
    if report.role is None or report.requirements_score is None:
        return ""
    out = (f"requirements {report.requirements_score:.0f} · role {100 * report.role.score:.0f}"
           f" ({report.role.verdict})")
    short = {"seniority": "seniority", "facts": "facts", "lexical": "vocabulary"}
    return out + "".join(f" · {short[p.name]} {100 * p.value:.0f}" for p in report.parts
                         if p.name in short)


def seniority_line(seniority: SeniorityMatch) -> str:
    """The seniority fit in one line, the same in every human format: its note and score."""
    if seniority.direction == "unknown":
        return seniority.note
    return f"{seniority.note} (seniority fit {100 * seniority.score:.0f} / 100)"


# a rank row names the seniority fit only when it is this far from a fit: just past the fit
# band the score is still about 1, which sets no row apart
SENIORITY_REASON_BELOW = 0.9


def seniority_reason(seniority: SeniorityMatch | None) -> str | None:
    """A rank row's short reason, only when the levels clearly do not fit: 'seniority under
    (17 / 100): posting staff, résumé mid'."""
    if (seniority is None or seniority.direction not in ("under", "over")
            or seniority.score >= SENIORITY_REASON_BELOW):
        return None
    return (f"seniority {seniority.direction} ({100 * seniority.score:.0f} / 100): posting "
            f"{seniority.posting_level}, résumé {seniority.resume_level}")
