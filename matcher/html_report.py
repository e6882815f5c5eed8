"""HTML reports: one self-contained file per `score` or `rank` run, for people to open and share.

Everything the page needs is inline (CSS, one small sorting script); nothing is fetched, and a
Content-Security-Policy with the script's hash makes the browser refuse anything else, so a
report is safe to open even though résumé text is untrusted (every text is escaped as well).
Output is deterministic, no timestamps, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from . import __version__
from .data import (
    KINDS,
    SPECIFIC_WEIGHT,
    VERDICTS,
    MatchReport,
    RankEntry,
    RankResult,
    RequirementMatch,
)
from .wording import (
    KIND_TITLE,
    plural,
    role_rows,
    score_moves,
    score_parts,
    seniority_line,
    verdict_mark,
)

VERDICT_LABEL = {"met": "Met", "partial": "Partial", "missing": "Missing",
                 "n/a": "Not judged from a résumé"}


def verdict_label(verdict: str) -> str:
    """'Met', or a verdict the scorer added later as it is ('n/a')."""
    return VERDICT_LABEL.get(verdict, verdict)


def esc(value: object) -> str:
    """Escape any value for HTML text and attribute values (quotes too)."""
    return html.escape(str(value), quote=True)


def _name(path: str) -> str:
    # Paths can be Windows-style when reports are made elsewhere; show the file's name only.
    return PurePath(path.replace("\\", "/")).name or path


def _pct(score01: float) -> float:
    return round(max(0.0, min(1.0, score01)) * 100, 1)


# --- page frame ---------------------------------------------------------------------------

CSS = """
:root {
  --ink: #1f2328; --muted: #59636e; --faint: #818b98; --line: #d1d9e0; --soft: #f6f8fa;
  --paper: #ffffff; --bg: #f3f5f8; --accent: #0b5cad; --accent-soft: #dbeafe;
  --met: #1a7f37; --met-bar: #2da44e; --met-bg: #dafbe1;
  --partial: #8a5a00; --partial-bar: #d4a72c; --partial-bg: #fff3c4;
  --missing: #c4222e; --missing-bar: #e5534b; --missing-bg: #ffebe9;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", sans-serif;
}
code, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas,
  "Liberation Mono", monospace; font-size: 0.88em; }
.page { max-width: 1140px; margin: 0 auto; padding: 32px 24px 48px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 12px;
  padding: 24px 28px; margin-bottom: 20px; box-shadow: 0 1px 2px rgba(31, 35, 40, .04); }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 2px 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 1.2rem; margin: 0 0 14px; letter-spacing: -0.005em; }
h2 .sub { font-weight: 400; color: var(--muted); font-size: 0.9rem; margin-left: 6px; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem;
  color: var(--accent); font-weight: 600; }
.meta { color: var(--muted); margin: 0; word-break: break-word; }
.meta b { color: var(--ink); font-weight: 600; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }

/* overview: score on the left, counts and facts on the right */
.overview { display: grid; grid-template-columns: 260px 1fr; gap: 32px; margin-top: 22px;
  align-items: start; }
.overview > div { min-width: 0; }
.score-big { font-size: 4rem; font-weight: 700; line-height: 1; letter-spacing: -0.03em; }
.score-big small { font-size: 1.1rem; font-weight: 500; color: var(--muted);
  letter-spacing: 0; margin-left: 4px; }
.score-label { color: var(--muted); font-size: .85rem; margin-bottom: 8px; }
.gauge { position: relative; height: 12px; background: #e6eaef; border-radius: 999px;
  overflow: hidden; margin: 14px 0 6px; }
.gauge > span { display: block; height: 100%; background: var(--accent); border-radius: 999px; }
.gauge-scale { display: flex; justify-content: space-between; color: var(--faint);
  font-size: .75rem; }
.capnote { margin-top: 10px; font-size: .85rem; color: var(--missing); font-weight: 600; }

table { border-collapse: collapse; width: 100%; }
.counts th, .counts td { padding: 7px 10px; border-bottom: 1px solid var(--line);
  text-align: right; white-space: nowrap; }
.counts th:first-child, .counts td:first-child { text-align: left; }
.counts thead th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); font-weight: 600; }
.counts td.kind { font-weight: 600; }
.counts td.kind small { color: var(--faint); font-weight: 400; margin-left: 4px; }
.counts td.mix { width: 34%; }
.zero { color: var(--faint); }
.stack { display: flex; height: 8px; border-radius: 999px; overflow: hidden; background: #e6eaef;
  min-width: 80px; }
.stack > span { display: block; height: 100%; }
.stack .met, .bar .met { background: var(--met-bar); }
.stack .partial, .bar .partial { background: var(--partial-bar); }
.stack .missing, .bar .missing { background: var(--missing-bar); }

.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 18px 0 0;
  font-size: .92rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }

.notice { border-radius: 8px; padding: 10px 14px; margin: 14px 0 0; font-size: .92rem;
  border: 1px solid; }
.notice b { margin-right: 6px; }
.notice.cap { background: var(--missing-bg); border-color: #ffcecb; color: #82071e; }
.notice.warn { background: var(--partial-bg); border-color: #eed888; color: #6b4700; }

/* verdict badges: colour plus a mark and a word, never colour alone */
.badge { display: inline-flex; align-items: center; gap: 4px; font-size: .78rem; font-weight: 600;
  padding: 2px 9px; border-radius: 999px; white-space: nowrap; border: 1px solid transparent;
  align-self: start; justify-self: start; }
.badge.met { color: var(--met); background: var(--met-bg); border-color: #aceebb; }
.badge.partial { color: var(--partial); background: var(--partial-bg); border-color: #eed888; }
.badge.missing { color: var(--missing); background: var(--missing-bg); border-color: #ffcecb; }
.badge.n\\/a { color: #57606a; background: #f6f8fa; border-color: #d0d7de; }
.kindtag { font-size: .75rem; color: var(--muted); border: 1px solid var(--line);
  border-radius: 999px; padding: 1px 8px; white-space: nowrap; }

/* gaps */
.gaps { list-style: none; margin: 0; padding: 0; }
.gaps li { display: grid; grid-template-columns: 92px 1fr; gap: 12px; padding: 12px 0;
  border-top: 1px solid var(--line); }
.gaps li:first-child { border-top: 0; padding-top: 2px; }
.gaps .what { color: var(--muted); font-size: .9rem; margin-top: 2px; }
.gaps .what b { color: var(--ink); font-weight: 600; }
.none { color: var(--met); font-weight: 600; margin: 0; }

/* requirements */
.req { padding: 16px 0 18px; border-top: 1px solid var(--line); }
.req:first-of-type { border-top: 0; padding-top: 0; }
.req-head { display: grid; grid-template-columns: 92px 1fr 52px; gap: 12px; align-items: start; }
.req-text { font-weight: 600; }
.req-id { color: var(--faint); font-weight: 400; font-size: .8rem; margin-left: 6px; }
.req-score { text-align: right; font-weight: 700; font-variant-numeric: tabular-nums; }
.req-score small { display: block; font-weight: 400; color: var(--faint); font-size: .7rem; }
.req-body { margin-left: 104px; }
.bar { height: 6px; background: #e6eaef; border-radius: 999px; overflow: hidden;
  margin: 8px 64px 10px 0; }
.bar > span { display: block; height: 100%; border-radius: 999px; }
.detail { margin: 6px 0; font-size: .9rem; }
.detail .k { color: var(--muted); font-weight: 600; margin-right: 6px; }
.detail.fact { background: var(--soft); border-radius: 6px; padding: 6px 10px; }
.detail.missing-terms { color: var(--missing); }
.detail.weight { color: var(--muted); font-size: .85rem; }
.evidence { list-style: none; margin: 8px 0 0; padding: 0; font-size: .9rem; }
.evidence li { display: grid; grid-template-columns: 1fr auto; gap: 14px; padding: 5px 10px;
  color: var(--muted); border-left: 3px solid transparent; }
.evidence li.best { color: var(--ink); background: #eef5ff; border-left-color: var(--accent);
  border-radius: 0 6px 6px 0; }
.evidence .tag { font-size: .68rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: .06em; color: var(--accent); margin-right: 8px; }
.evidence .where { color: var(--faint); font-size: .8rem; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.noevidence { color: var(--faint); font-style: italic; font-size: .9rem; margin: 6px 0 0; }

/* leaderboard */
.tablewrap { overflow-x: auto; }
.board th, .board td { padding: 8px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
.board thead th { font-size: .74rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); font-weight: 600; white-space: nowrap; background: var(--soft); }
.tablewrap { margin-top: 18px; }
.board td.num, .board th.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.board tbody tr:hover { background: #f8fafc; }
.board { table-layout: fixed; min-width: 760px; }
.board col.c-rank { width: 4.2em; } .board col.c-cand { width: 21%; }
.board col.c-score { width: 7.5em; } .board col.c-count { width: 7.4em; }
.board col.c-role { width: 13%; }
.board td.rolecell small { display: block; color: var(--muted); font-weight: 400;
  font-size: .8rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.score-parts { color: var(--muted); font-size: .9rem; margin-top: 6px; }
.board .cand { font-weight: 600; overflow-wrap: anywhere; }
.board .cand small { display: block; color: var(--muted); font-weight: 400; font-size: .8rem;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.board td.gapcell { color: var(--muted); font-size: .84rem; }
/* chips: one line each, the whole text in the tooltip and under "details" */
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chip { display: inline-block; max-width: 100%; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; border-radius: 999px; padding: 1px 9px; font-size: .78rem;
  border: 1px solid var(--line); background: var(--soft); color: var(--ink); }
.chip.plus { color: var(--met); background: var(--met-bg); border-color: #aceebb; }
.chip.minus { color: var(--missing); background: var(--missing-bg); border-color: #ffcecb; }
.chip.none { color: var(--met); }
.chip.same { color: var(--muted); }
.chips .chip { flex: 0 1 auto; }
.chips.wrap .chip { white-space: normal; max-width: none; }
.common { margin-top: 10px; font-size: .9rem; color: var(--muted); }
.common .k { font-weight: 600; color: var(--ink); }
.common .chips { margin-top: 6px; }
.more { font-size: .78rem; margin-top: 2px; line-height: 1.3; }
.more summary { cursor: pointer; color: var(--accent); }
.more ul { margin: 4px 0 0; padding-left: 16px; color: var(--ink); }
.more li.muted { color: var(--muted); }
.cand-card h2 small.file { font-weight: 400; color: var(--muted); font-size: .85rem; }
.board th button { all: unset; font: inherit; color: inherit; letter-spacing: inherit;
  text-transform: inherit; cursor: pointer; }
.board th button::after { content: " ↕"; color: var(--faint); }
.board th[aria-sort="ascending"] button::after { content: " ↑"; color: var(--ink); }
.board th[aria-sort="descending"] button::after { content: " ↓"; color: var(--ink); }
.board th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.minibar { display: inline-block; width: 64px; height: 6px; background: #e6eaef;
  border-radius: 999px; overflow: hidden; vertical-align: middle; margin-left: 8px; }
.minibar > span { display: block; height: 100%; background: var(--accent); }
.cand-card h2 { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.cand-card .rankno { color: var(--faint); font-weight: 600; }
.cand-card .cand-score { margin-left: auto; font-size: 1.6rem; font-weight: 700; }
.cand-card .cand-score small { font-size: .85rem; color: var(--muted); font-weight: 400; }
.cand-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 28px; }
.cand-grid h3 { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); margin: 8px 0 6px; }
.cand-grid ul { margin: 0; padding-left: 18px; }
.cand-grid li { margin: 2px 0; }
.pill { font-variant-numeric: tabular-nums; font-weight: 600; }
.skipped li { margin: 4px 0; }
.top { font-size: .85rem; }
html:not(.js) .sorthint { display: none; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }

footer { color: var(--muted); font-size: .82rem; padding: 6px 4px; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
footer dt { font-weight: 600; }
footer dd { margin: 0; word-break: break-word; }

@media (max-width: 720px) {
  body { font-size: 14px; }
  .page { padding: 16px 12px 32px; }
  .card { padding: 18px 16px; border-radius: 10px; }
  h1 { font-size: 1.4rem; }
  .overview { grid-template-columns: 1fr; gap: 20px; }
  .req-head { grid-template-columns: 1fr auto; }
  .req-head .badge { grid-column: 1 / -1; justify-self: start; }
  .req-body { margin-left: 0; }
  .bar { margin-right: 0; }
  .gaps li { grid-template-columns: 1fr; gap: 4px; }
  .gaps li .badge { justify-self: start; }
  .evidence li { grid-template-columns: 1fr; gap: 2px; }
  .cand-grid { grid-template-columns: 1fr; }
  /* the leaderboard becomes one block per candidate: rank, name and score, then details */
  .sorthint, .board thead, .board colgroup { display: none; }
  .board, .board tbody, .board td { display: block; min-width: 0; }
  .board tr { display: grid; grid-template-columns: 2em 1fr auto; gap: 2px 8px;
    padding: 12px 0; border-bottom: 1px solid var(--line); }
  .board td { border: 0; padding: 0; width: auto !important; min-width: 0 !important;
    text-align: left !important; }
  .board td.rankcell { color: var(--faint); }
  .board td.cand { grid-column: 2; }
  .board td.scorecell { grid-column: 3; grid-row: 1; font-weight: 700; }
  .board td[data-label] { grid-column: 2 / -1; font-size: .85rem; color: var(--muted); }
  .board td[data-label]::before { content: attr(data-label) " met: "; }
  .board td.gapcell { grid-column: 2 / -1; margin-top: 4px; }
  .board td.rolecell { grid-column: 2 / -1; font-size: .85rem; color: var(--muted); }
  .board td.rolecell::before { content: "Role: "; }
  .board td.rolecell small { display: inline; margin-left: 4px; }
  .chips .chip { max-width: 100%; }
  .counts td.mix, .counts th.mix { display: none; }
  .counts th, .counts td { padding: 6px 4px; }
  .counts thead th { letter-spacing: 0; font-size: .7rem; }
  .counts td.kind small { display: block; margin-left: 0; }
  .facts { grid-template-columns: 1fr; gap: 0; }
  .facts dd { margin-bottom: 6px; }
  footer dl { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  .card { border: 0; box-shadow: none; padding: 0; margin-bottom: 18pt; }
  .req, .gaps li, .cand-card, .board tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; }
  .board th button::after { content: ""; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# Sorts tables marked `sortable` when a header is clicked. Headers become buttons only when the
# script runs, so without JavaScript the table is a plain, already ranked table.
SORT_SCRIPT = """
document.documentElement.classList.add("js");
document.querySelectorAll("table.sortable").forEach(function (table) {
  var body = table.tBodies[0];
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      if (!th.hasAttribute("aria-sort") && th.dataset.type === "num") { asc = false; }
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var key = function (row) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-sort");
        return v === null ? cell.textContent.trim().toLowerCase() : v;
      };
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = th.dataset.type === "num" ? parseFloat(x) - parseFloat(y)
          : (x < y ? -1 : x > y ? 1 : 0);
        if (c === 0) { c = a.dataset.order - b.dataset.order; return c; }
        return asc ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
""".strip()


def _csp(script: str | None) -> str:
    # default-src 'none' stops every fetch (images, fonts, frames, forms, connections); only the
    # inline style and, by its hash, our own script may run.
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; " \
        "form-action 'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        policy += f"; script-src 'sha256-{digest}'"
    return policy


def page(title: str, body: str, script: str | None = None) -> str:
    """A complete HTML document around `body` (already escaped markup)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(_csp(script))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="matcher {esc(__version__)}">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS.strip()}</style>",
        "</head>",
        "<body>",
        '<main class="page">',
        body,
        "</main>",
    ]
    if script:
        parts.append(f"<script>{script}</script>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# --- shared pieces ------------------------------------------------------------------------


def badge(verdict: str) -> str:
    return (
        f'<span class="badge {esc(verdict)}">'
        f'<span aria-hidden="true">{esc(verdict_mark(verdict))}</span>'
        f"{esc(verdict_label(verdict))}</span>"
    )


def _bar(score01: float, verdict: str, label: str) -> str:
    pct = _pct(score01)
    return (
        f'<div class="bar" role="img" aria-label="{esc(label)}">'
        f'<span class="{esc(verdict)}" style="width:{pct:g}%"></span></div>'
    )


def _gauge(score100: float) -> str:
    pct = round(max(0.0, min(100.0, score100)), 1)
    return (
        f'<div class="gauge" role="meter" aria-valuemin="0" aria-valuemax="100" '
        f'aria-valuenow="{pct:g}" aria-label="Overall fit">'
        f'<span style="width:{pct:g}%"></span></div>'
        '<div class="gauge-scale" aria-hidden="true"><span>0</span><span>50</span>'
        "<span>100</span></div>"
    )


def _stack(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return '<div class="stack"></div>'
    spans = "".join(
        f'<span class="{esc(v)}" style="width:{round(100 * n / total, 2):g}%"></span>'
        for v, n in counts.items()
        if n
    )
    label = ", ".join(f"{n} {v}" for v, n in counts.items() if n or v in VERDICTS)
    return f'<div class="stack" role="img" aria-label="{esc(label)}">{spans}</div>'


def _verdicts(summary: dict[str, dict[str, int]]) -> list[str]:
    # the three usual verdicts, then any other that occurs (e.g. "n/a")
    return list(dict.fromkeys([*VERDICTS, *(v for c in summary.values() for v in c)]))


def _counts_table(summary: dict[str, dict[str, int]], weights: dict[str, float]) -> str:
    verdicts = _verdicts(summary)
    rows = []
    for kind in KINDS:
        counts = summary.get(kind, {})
        if not sum(counts.values()):
            continue
        cells = "".join(
            f'<td class="{"zero" if not counts.get(v) else ""}">{counts.get(v, 0)}</td>'
            for v in verdicts
        )
        weight = f"<small>×{weights[kind]:g}</small>" if kind in weights else ""
        rows.append(
            f'<tr><td class="kind">{esc(KIND_TITLE[kind])}{weight}</td>{cells}'
            f'<td class="mix">{_stack(counts)}</td></tr>'
        )
    head = "".join(
        f'<th scope="col">{esc(verdict_mark(v))} {esc(verdict_label(v))}</th>' for v in verdicts
    )
    return (
        '<table class="counts"><thead><tr><th scope="col">Requirements</th>'
        f'{head}<th scope="col" class="mix"><span class="sr">Mix</span></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _dl(pairs: Iterable[tuple[str, str]], cls: str) -> str:
    items = "".join(f"<dt>{esc(k[:1].upper() + k[1:])}</dt><dd>{esc(v)}</dd>" for k, v in pairs)
    return f'<dl class="{cls}">{items}</dl>' if items else ""


def _notices(caps: Sequence[str], warnings: Sequence[str]) -> str:
    out = [f'<p class="notice cap" role="note"><b>Score capped</b>{esc(c)}</p>' for c in caps]
    out += [f'<p class="notice warn" role="note"><b>Warning</b>{esc(w)}</p>' for w in warnings]
    return "".join(out)


def _anchor(prefix: str, index: int) -> str:
    # Ids come from parsed documents; an index keeps anchors unique and free of odd characters.
    return f"{prefix}-{index + 1}"


# --- score report -------------------------------------------------------------------------


def _evidence_list(m: RequirementMatch) -> str:
    if not m.evidence:
        return '<p class="noevidence">No résumé line resembles this requirement.</p>'
    # Lines come in the scorer's order (a line showing a named skill in use before one that
    # only lists it), so the first is not always the most similar: the badge goes on the line
    # with the highest similarity shown, and says so.
    top = max(range(len(m.evidence)), key=lambda i: (m.evidence[i].similarity, -i))
    items = []
    for i, ev in enumerate(m.evidence):
        best = i == top
        tag = '<span class="tag">Most similar</span>' if best else ""
        items.append(
            f'<li class="{"best" if best else "other"}"><span>{tag}{esc(ev.text)}</span>'
            f'<span class="where">line {ev.line} · {esc(ev.section)} · '
            f"similarity {ev.similarity:.2f}</span></li>"
        )
    return f'<ol class="evidence" aria-label="Résumé evidence">{"".join(items)}</ol>'


def _requirement(m: RequirementMatch, anchor: str) -> str:
    r = m.requirement
    score = 100 * m.score
    details = []
    if m.fact:
        details.append(f'<p class="detail fact"><span class="k">Fact check</span>{esc(m.fact)}</p>')
    missing = [x for x in m.missing if x != m.fact]
    if missing:
        details.append(
            '<p class="detail missing-terms"><span class="k">To address</span>'
            f'{esc("; ".join(missing))}</p>'
        )
    if m.hard_fact_unmet:
        details.append('<p class="detail missing-terms"><span class="k">Hard requirement</span>'
                       "not met: the overall score is capped</p>")
    if m.specificity is not None and (m.common or m.specificity > SPECIFIC_WEIGHT):
        what = "Counts less" if m.common else "Counts more"
        details.append(f'<p class="detail weight"><span class="k">{what}</span>'
                       f"{esc(m.specificity_reason or '')} (weight ×{m.specificity:.2g})</p>")
    label = f"{verdict_label(m.verdict)}, score {score:.0f} of 100"
    return (
        f'<article class="req {esc(m.verdict)}" id="{anchor}">'
        f'<div class="req-head">{badge(m.verdict)}'
        f'<div class="req-text">{esc(r.text)}<span class="req-id">{esc(r.id)}</span></div>'
        f'<div class="req-score">{score:.0f}<small>/ 100</small></div></div>'
        f'<div class="req-body">{_bar(m.score, m.verdict, label)}{"".join(details)}'
        f"{_evidence_list(m)}</div></article>"
    )


def _gaps(report: MatchReport, anchors: dict[int, str]) -> str:
    gaps = report.gaps()
    if not gaps:
        return '<p class="none">✔ None: every requirement is backed by the résumé.</p>'
    items = []
    for m in gaps:
        what = []
        missing = [x for x in m.missing if x != m.fact]
        if missing:
            what.append(f"<b>To address:</b> {esc('; '.join(missing))}")
        if m.fact:
            what.append(f"<b>Fact check:</b> {esc(m.fact)}")
        if not what and m.evidence:
            best = m.evidence[0]
            what.append(
                f"<b>Closest line</b> (line {best.line}, {esc(best.section)}): "
                f"“{esc(best.text)}”"
            )
        if not what:
            what.append("Nothing in the résumé resembles this requirement.")
        items.append(
            f"<li>{badge(m.verdict)}<div>"
            f'<a href="#{anchors[id(m)]}">{esc(m.requirement.text)}</a> '
            f'<span class="kindtag">{esc(m.requirement.kind)}</span>'
            f'<div class="what">{" · ".join(what)}</div></div></li>'
        )
    return f'<ol class="gaps">{"".join(items)}</ol>'


def _footer(model: str, weights: dict[str, float], files: Sequence[tuple[str, str]]) -> str:
    pairs = [("Model", model)]
    if weights:
        pairs.append(("Weights", ", ".join(f"{k} ×{v:g}" for k, v in weights.items())))
    pairs += list(files)
    pairs.append(("Made by", f"matcher {__version__}"))
    return f"<footer>{_dl(pairs, 'meta-list')}</footer>"


def report_body(report: MatchReport, heading_level: int = 1) -> str:
    """The report's sections without the page frame (rank pages reuse it)."""
    title = report.posting_title or _name(report.posting_path)
    weights = dict(report.weights)
    anchors = {id(m): _anchor("req", i) for i, m in enumerate(report.matches)}
    capped = (
        '<div class="capnote">Capped: a hard requirement is not met</div>' if report.caps else ""
    )
    parts = score_parts(report)
    parts = f'<div class="score-parts">{esc(parts)}</div>' if parts else ""
    moves = score_moves(report)
    if moves:
        parts += f'<div class="score-parts">What moved this score: {esc(moves)}</div>'
    header = (
        '<section class="card" aria-labelledby="title">'
        '<div class="eyebrow">Résumé fit report</div>'
        f'<h1 id="title">{esc(title)}</h1>'
        f'<p class="meta">Résumé <b>{esc(_name(report.resume_path))}</b> · '
        f'posting <b>{esc(_name(report.posting_path))}</b></p>'
        '<div class="overview"><div>'
        '<div class="score-label">Overall fit</div>'
        f'<div class="score-big">{report.score:.0f}<small>/ 100</small></div>'
        f"{_gauge(report.score)}{parts}{capped}</div>"
        f"<div>{_counts_table(report.summary(), weights)}"
        f"{_dl(report.facts, 'facts')}</div></div>"
        f"{_notices(report.caps, report.warnings)}</section>"
    )
    gaps = (
        '<section class="card" aria-labelledby="gaps">'
        '<h2 id="gaps">Gaps to address<span class="sub">missing and partial, heaviest first</span>'
        f"</h2>{_gaps(report, anchors)}</section>"
    )
    role = ""
    if report.role is not None:
        role = (
            '<section class="card" aria-labelledby="role">'
            '<h2 id="role">Role fit<span class="sub">is this the same kind of job?</span></h2>'
            f"{_dl(role_rows(report.role), 'facts')}</section>"
        )
    if report.seniority is not None:
        role += (
            '<section class="card" aria-labelledby="seniority">'
            '<h2 id="seniority">Seniority<span class="sub">is this the right level?</span></h2>'
            f'<p class="seniority {esc(report.seniority.direction)}">'
            f"{esc(seniority_line(report.seniority))}</p></section>"
        )
    sections = []
    for kind in KINDS:
        items = [m for m in report.matches if m.requirement.kind == kind]
        if not items:
            continue
        met = sum(m.verdict == "met" for m in items)
        weight = f" · weight ×{weights[kind]:g}" if kind in weights else ""
        sections.append(
            f'<section class="card" aria-labelledby="kind-{kind}">'
            f'<h2 id="kind-{kind}">{esc(KIND_TITLE[kind])}'
            f'<span class="sub">{met} of {len(items)} met{weight}</span></h2>'
            + "".join(_requirement(m, anchors[id(m)]) for m in items)
            + "</section>"
        )
    footer = _footer(
        report.model,
        weights,
        [("Posting", report.posting_path), ("Résumé", report.resume_path)],
    )
    return header + role + gaps + "".join(sections) + footer


def report_html(report: MatchReport, **_: Any) -> str:
    title = report.posting_title or _name(report.posting_path)
    return page(f"Fit report: {title} — {_name(report.resume_path)}", report_body(report))


# --- rank report --------------------------------------------------------------------------

MAX_CHIPS = 2  # of each kind (strengths, gaps) in a leaderboard row; the rest on expand


def _fraction(met: int, total: int) -> tuple[str, float]:
    """'3 / 5' and the ratio the column sorts by; '—' when nothing of the kind is asked
    (sorted below every real count)."""
    if not total:
        return "—", -1.0
    return f"{met} / {total}", met / total


def _chip(sign: str, text: str, cls: str) -> str:
    # the chip shows the start of the text; the whole text is its tooltip and is under
    # "details" and in the document's section below
    return (f'<span class="chip {cls}" title="{esc(text)}"><span aria-hidden="true">{sign}'
            f"</span> {esc(text)}</span>")


def _label(e: RankEntry) -> tuple[str, str | None]:
    """The row's name and, beside a posting's title, its file name."""
    return (e.title, _name(e.id)) if e.title else (_name(e.id), None)


def _apart_cell(e: RankEntry) -> str:
    strengths = e.gap_texts(e.distinct_strengths)
    gaps = [g for g in e.gaps if g.id in e.distinct_gaps]
    # two chips at most, one of each kind when there are both; the rest under "details"
    shown = [("+", t, "plus") for t in strengths[:1]] + [("−", g.text, "minus") for g in gaps[:1]]
    if len(shown) < MAX_CHIPS:
        shown = ([("+", t, "plus") for t in strengths[:MAX_CHIPS]] if strengths else
                 [("−", g.text, "minus") for g in gaps[:MAX_CHIPS]])
    chips = [_chip(sign, label, cls) for sign, label, cls in shown]
    if not chips:
        chips = ['<span class="chip none">no gaps</span>' if not e.gaps
                 else '<span class="chip same">gaps like most others</span>']
    detail = "".join(f"<li>+ {esc(t)}</li>" for t in strengths)
    detail += "".join(
        f"<li>− {esc(g.text)}" + (f" <small>({esc('; '.join(g.missing))})</small>"
                                  if g.missing else "") + "</li>"
        for g in gaps
    )
    more = len(e.gaps) - len(gaps)
    if more > 0:
        detail += f"<li class=\"muted\">{plural(more, 'other gap')} shared with most others</li>"
    return (f'<div class="chips">{"".join(chips)}</div>'
            f'<details class="more"><summary>details</summary><ul>{detail}</ul></details>')


def _rank_row(e: RankEntry, index: int, anchor: str, with_role: bool) -> str:
    req, req_ratio = _fraction(e.required_met, e.required_total)
    pref, pref_ratio = _fraction(e.preferred_met, e.preferred_total)
    label, file_name = _label(e)
    sub = f'<small class="file">{esc(file_name)}</small>' if file_name else ""
    reads = (f'<small class="reads">reads as {esc(e.occupation)}</small>'
             if e.occupation and not with_role else "")
    return (
        f'<tr data-order="{index}"><td class="num rankcell" data-sort="{e.rank}">{e.rank}</td>'
        f'<td class="cand" data-sort="{esc(label.lower())}"><a href="#{anchor}">{esc(label)}</a>'
        f"{sub}{reads}</td>"
        f'<td class="num scorecell" data-sort="{e.score:.4f}">{e.score:.0f}'
        f'<span class="minibar" aria-hidden="true"><span style="width:'
        f'{round(max(0.0, min(100.0, e.score)), 1):g}%"></span></span></td>'
        + (f'<td class="rolecell" data-sort="{e.role_score or 0:.4f}">'
           f'{"—" if e.role_score is None else f"{e.role_score:.0f}"} '
           f'{esc(e.role_verdict or "")}<small title="{esc(e.occupation or "")}">'
           f'{esc(e.occupation or "")}</small></td>'
           if with_role else "")
        + f'<td class="num" data-label="Required" data-sort="{req_ratio:.4f}">{req}</td>'
        f'<td class="num" data-label="Preferred" data-sort="{pref_ratio:.4f}">{pref}</td>'
        f'<td class="gapcell" data-sort="{len(e.distinct_gaps) - len(e.distinct_strengths)}">'
        f"{_apart_cell(e)}</td></tr>"
    )


def _rank_card(e: RankEntry, anchor: str) -> str:
    req, _ = _fraction(e.required_met, e.required_total)
    pref, _ = _fraction(e.preferred_met, e.preferred_total)

    def items(texts: Iterable[str], empty: str) -> str:
        return "".join(f"<li>{esc(t)}</li>" for t in texts) or f"<li>{esc(empty)}</li>"

    gaps = "".join(
        f"<li>{esc(g.text)} <small>({esc(verdict_label(g.verdict))}, {esc(g.kind)}"
        + (f"; {esc('; '.join(g.missing))}" if g.missing else "") + ")</small></li>"
        for g in e.gaps if g.kind != "responsibility"
    ) or "<li>no required or preferred item missing</li>"
    label, file_name = _label(e)
    file_note = f" <small class=\"file\">{esc(file_name)}</small>" if file_name else ""
    return (
        f'<section class="card cand-card" id="{anchor}" aria-labelledby="{anchor}-h">'
        f'<h2 id="{anchor}-h"><span class="rankno">#{e.rank}</span>{esc(label)}{file_note}'
        f'<span class="cand-score">{e.score:.0f}<small> / 100</small></span></h2>'
        f'<p class="meta"><code>{esc(e.id)}</code></p>'
        '<div class="cand-grid"><div><h3>Requirements met</h3><ul>'
        f'<li>Required: <span class="pill">{req}</span></li>'
        f'<li>Preferred: <span class="pill">{pref}</span></li></ul>'
        "<h3>Sets it apart</h3><ul>"
        + items([f"+ {t}" for t in e.gap_texts(e.distinct_strengths)]
                + [f"− {t}" for t in e.gap_texts(e.distinct_gaps)], "nothing: like most others")
        + f"</ul><h3>All gaps (required and preferred)</h3><ul>{gaps}</ul></div>"
        f"<div><h3>Why this rank</h3><ul>{items(e.reasons, '—')}</ul></div></div>"
        '<p class="top"><a href="#leaderboard">↑ Back to the leaderboard</a></p></section>'
    )


def _colgroup(with_role: bool) -> str:
    role = '<col class="c-role">' if with_role else ""
    return ('<colgroup><col class="c-rank"><col class="c-cand"><col class="c-score">'
            f'{role}<col class="c-count"><col class="c-count"><col class="c-gaps"></colgroup>')


def _rank_meta(result: RankResult) -> str:
    ranking_resumes = result.query_kind == "posting"
    shown = len(result.entries)
    counts = f"{result.ranked} {result.ranked_kind} ranked"
    if result.ranked > shown:
        counts = f"top {shown} of {result.ranked} {result.ranked_kind}"
    skipped_link = ""
    if result.skipped:
        skipped_link = f', <a href="#skipped">{len(result.skipped)} skipped</a>'
    query = "posting" if ranking_resumes else "résumé"
    reads = (f" · reads as <b>{esc(result.query_occupation)}</b>"
             if result.query_occupation else "")
    blind = " · <b>blind screening</b>: candidates shown as anonymous ids" if result.redacted \
        else ""
    common = ""
    if result.common_gaps:
        common = ('<div class="common"><span class="k">Gaps most of them share</span> '
                  '<small>(not repeated per row)</small><div class="chips wrap">'
                  + "".join(_chip("−", g, "minus") for g in result.common_gaps)
                  + "</div></div>")
    return (f'<p class="meta">{esc(counts)}{skipped_link} · {query} '
            f"<b>{esc(_name(result.query_path))}</b>{reads}{blind}"
            '<span class="sorthint"> · click a column header to sort</span></p>' + common)


def rank_body(result: RankResult) -> str:
    """The leaderboard, one section per ranked document, the skipped list and the footer."""
    ranking_resumes = result.query_kind == "posting"
    noun = "Candidate" if ranking_resumes else "Posting"
    title = result.query_title or _name(result.query_path)
    anchors = [_anchor("cand", i) for i in range(len(result.entries))]
    with_role = any(e.role_score is not None for e in result.entries)
    rows = "".join(_rank_row(e, i, a, with_role)
                   for i, (e, a) in enumerate(zip(result.entries, anchors)))
    cards = "".join(_rank_card(e, a) for e, a in zip(result.entries, anchors))
    heads = [  # (label, how the column sorts, cell class)
        ("Rank", "num", "num"), (noun, "text", "cand"), ("Score", "num", "num"),
        *([("Role", "num", "rolecell")] if with_role else []),
        ("Required", "num", "num"), ("Preferred", "num", "num"),
        ("Sets it apart", "num", "gapcell"),
    ]
    head = "".join(
        '<th scope="col" data-type="{}" class="{}"{}>{}</th>'.format(
            t, c, ' aria-sort="ascending"' if n == "Rank" else "", n,
        )
        for n, t, c in heads
    )
    empty = f'<tr><td colspan="{len(heads)}">Nothing could be ranked.</td></tr>'
    board = (
        '<section class="card" aria-labelledby="leaderboard">'
        f'<div class="eyebrow">{"Candidate" if ranking_resumes else "Posting"} ranking</div>'
        f'<h1 id="leaderboard">{esc(title)}</h1>{_rank_meta(result)}'
        '<div class="tablewrap">'
        f'<table class="board sortable">{_colgroup(with_role)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{rows or empty}</tbody></table></div></section>"
    )
    skipped = ""
    if result.skipped:
        items = "".join(
            f"<li><code>{esc(s.id)}</code> — {esc(s.reason)}</li>" for s in result.skipped
        )
        skipped = (
            '<section class="card" aria-labelledby="skipped">'
            f'<h2 id="skipped">Skipped documents<span class="sub">'
            f"{plural(len(result.skipped), 'document')} could "
            f'not be read or parsed</span></h2><ul class="skipped">{items}</ul></section>'
        )
    files = [("Posting" if ranking_resumes else "Résumé", result.query_path)]
    return board + cards + skipped + _footer(result.model, {}, files)


def rank_html(result: RankResult, **_: Any) -> str:
    """The leaderboard page of a rank run: a sortable table and one section per document."""
    title = result.query_title or _name(result.query_path)
    return page(f"Ranking: {title}", rank_body(result), script=SORT_SCRIPT)
