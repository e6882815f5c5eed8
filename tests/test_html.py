"""The HTML reports of `score` and `rank`: self-contained, escaped, deterministic, and rendered
for real by headless Chromium (skipped only when no `chromium` is installed)."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from matcher.data import (
    EvidenceMatch,
    MatchReport,
    RankedRequirement,
    RankEntry,
    RankResult,
    Requirement,
    RequirementMatch,
    SkippedDocument,
)
from matcher.rendering import render

ROOT = Path(__file__).resolve().parents[1]
INJECTED = '<script>alert("pwned")</script>'
INJECTED_REQ = 'Python & SQL <img src=x onerror="alert(1)">'


def _req(i: int, text: str, kind: str) -> Requirement:
    return Requirement(id=f"R{i}", text=text, kind=kind, section=None, line=10 + i)  # type: ignore[arg-type]


def _ev(text: str, line: int, section: str, sim: float) -> EvidenceMatch:
    return EvidenceMatch(text=text, line=line, section=section, similarity=sim)


@pytest.fixture
def report() -> MatchReport:
    matches = (
        RequirementMatch(
            _req(1, "5+ years of experience as a data engineer.", "required"), 0.93, "met",
            (_ev("Senior Data Engineer, Tallgrass (2019 – Present)", 12, "experience", 0.61),
             _ev("Data engineer with eleven years of experience.", 4, "summary", 0.55)),
            fact="résumé shows about 11.5 years; requires 5+ years",
        ),
        RequirementMatch(
            _req(2, INJECTED_REQ, "required"), 0.48, "partial",
            (_ev(f"Wrote ETL jobs {INJECTED} in Python", 21, "experience", 0.52),
             _ev("Languages: Python, Bash", 40, "skills", 0.44)),
            missing=("sql",),
        ),
        RequirementMatch(
            _req(3, "Bachelor's degree in Computer Science.", "required"), 0.05, "missing",
            (), missing=("résumé shows no degree; requires bachelor's degree",),
            fact="résumé shows no degree; requires bachelor's degree", hard_fact_unmet=True,
        ),
        RequirementMatch(
            _req(4, "Experience with Kafka or Kinesis.", "preferred"), 0.2, "missing",
            (_ev("Built a Kinesis stream for point-of-sale events.", 25, "experience", 0.38),),
        ),
        RequirementMatch(
            _req(5, "Mentor junior engineers.", "responsibility"), 0.81, "met",
            (_ev("Mentor two junior engineers.", 19, "experience", 0.77),),
        ),
    )
    return MatchReport(
        posting_path="examples/postings/data-engineer.md",
        posting_title="Senior Data Engineer",
        resume_path="examples/resumes/jane <doe>.md",
        model="all-MiniLM-L6-v2",
        score=60.0,
        weights=(("required", 3.0), ("preferred", 1.5), ("responsibility", 1.0)),
        matches=matches,
        caps=("R3: résumé shows no degree (score capped at 60)",),
        facts=(("experience", "about 11.5 years since 2015"), ("highest degree", "none found")),
        warnings=("hidden text removed: 3 lines in white font",),
    )


@pytest.fixture
def ranking() -> RankResult:
    def entry(rank: int, ident: str, score: float, req: int, pref: int,
              gaps: tuple[str, ...]) -> RankEntry:
        items = tuple(RankedRequirement(f"R{i}", g, "required", "missing")
                      for i, g in enumerate(gaps, 1))
        return RankEntry(rank=rank, id=ident, score=score, required_met=req, required_total=7,
                         preferred_met=pref, preferred_total=4, top_gaps=gaps,
                         reasons=(f"required {req} met of 7",), gaps=items,
                         distinct_gaps=tuple(g.id for g in items))

    return RankResult(
        query_kind="posting",
        query_path="examples/postings/data-engineer.md",
        query_title="Senior Data Engineer",
        model="all-MiniLM-L6-v2",
        entries=(
            entry(1, "resumes/jane.md", 81.25, 6, 3, ()),
            entry(2, "resumes/sam.txt", 37.5, 2, 1, ("Strong SQL skills.", "Airflow.")),
            entry(3, f"resumes/{INJECTED}.txt", 55.0, 4, 0, (INJECTED,)),
        ),
        skipped=(SkippedDocument("bad/empty.txt", "file is empty"),),
        ranked=3,
    )


# --- unit ---------------------------------------------------------------------------------

EXTERNAL = [
    re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I),
    re.compile(r"<link\b", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"@font-face", re.I),
    re.compile(r"url\(", re.I),
    re.compile(r"<(?:iframe|object|embed|img|video|audio)\b", re.I),
    re.compile(r"<script\b[^>]*\bsrc\s*=", re.I),
]


def assert_self_contained(page: str) -> None:
    for pattern in EXTERNAL:
        assert not pattern.search(page), f"external resource: {pattern.pattern}"
    # The page's own CSP forbids any fetch even if a future change slipped one in.
    assert "default-src &#x27;none&#x27;" in page


def test_score_html_is_self_contained(report: MatchReport) -> None:
    page = render(report, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert_self_contained(page)
    assert not re.search(r"https?:", page)  # nothing in this report names a URL at all
    assert "<style>" in page and "@media print" in page


def test_score_html_escapes_untrusted_text(report: MatchReport) -> None:
    page = render(report, "html")
    assert INJECTED not in page
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page
    assert "<img" not in page
    assert "Python &amp; SQL &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "jane &lt;doe&gt;.md" in page
    # A score page has no script at all.
    assert "<script" not in page


def test_score_html_shows_every_requirement_and_verdict(report: MatchReport) -> None:
    page = render(report, "html")
    for m in report.matches:
        assert htmllib.escape(m.requirement.text) in page
        # Each verdict as words next to its colour, inside the requirement's article.
        article = re.search(rf'<article class="req {m.verdict}" id="req-\d+">.*?</article>',
                            page, re.S)
        assert article, m.requirement.id
    for label in ("Met", "Partial", "Missing"):
        assert f"{label}</span>" in page
    assert ">60<small>" in page  # the overall score
    assert "Score capped" in page and "hidden text removed" in page
    assert "line 12 · experience" in page  # the best evidence's line and section
    assert "résumé shows about 11.5 years; requires 5+ years" in page
    assert "required ×3, preferred ×1.5, responsibility ×1" in page  # footer weights
    assert "all-MiniLM-L6-v2" in page


def test_score_html_gaps_are_ordered_by_weight(report: MatchReport) -> None:
    page = render(report, "html")
    gaps = page.split('id="gaps"', 1)[1].split("</section>", 1)[0]
    order = [m.requirement.text for m in report.gaps()]
    positions = [gaps.index(htmllib.escape(t)) for t in order]
    assert positions == sorted(positions)
    assert "To address:</b> sql" in gaps
    # Every gap links to its requirement below.
    for anchor in re.findall(r'href="#(req-\d+)"', gaps):
        assert f'id="{anchor}"' in page


def test_html_is_deterministic(report: MatchReport, ranking: RankResult) -> None:
    assert render(report, "html") == render(report, "html")
    assert render(ranking, "html") == render(ranking, "html")
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", render(report, "html"))


def test_rank_html_leaderboard(ranking: RankResult) -> None:
    page = render(ranking, "html")
    assert_self_contained(page)
    assert INJECTED not in page.split("<script>", 1)[0]
    assert page.count("<script>") == 1  # our sorter only; hashed in the CSP
    assert "script-src &#x27;sha256-" in page
    assert '<table class="board sortable">' in page
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<tr data-order="(\d+)"><td class="num rankcell" data-sort="(\d+)"', body)
    assert [r for _, r in rows] == ["1", "2", "3"]  # the plain table is already ranked
    for anchor in re.findall(r'href="#(cand-\d+)"', body):
        assert f'<section class="card cand-card" id="{anchor}"' in page
    assert "6 / 7" in page and "3 / 4" in page
    assert "Strong SQL skills." in page
    assert "bad/empty.txt" in page and "file is empty" in page


# --- browser ------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@needs_chromium
def test_score_html_in_browser(report: MatchReport, tmp_path: Path) -> None:
    page = tmp_path / "score.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert "Senior Data Engineer" in dom
    assert "Gaps to address" in dom
    for m in report.matches:
        # Browsers serialise text nodes with <, > and & escaped but quotes as they are.
        assert htmllib.escape(m.requirement.text, quote=False) in dom
    # The injected script stayed text: the browser serialises it escaped, never as an element.
    assert "&lt;script&gt;alert" in dom
    assert '<script>alert("pwned")' not in dom

    shot = tmp_path / "shot.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000
    assert _png_size(shot) == (1200, 1600)


@needs_chromium
def test_rank_html_in_browser_sorts(ranking: RankResult, tmp_path: Path) -> None:
    source = render(ranking, "html")
    page = tmp_path / "rank.html"
    page.write_text(source, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    # Our script ran under the page's CSP (it marks <html class="js">) ...
    assert '<html lang="en" class="js">' in dom
    assert "<button" in dom
    # ... and the injected one did not become an element.
    assert '<script>alert("pwned")' not in dom

    # Click "Score" twice (descending, then ascending). The test's clicking script is not in
    # the CSP, so that policy is dropped for this copy only.
    clicked = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source).replace(
        "</body>",
        "<script>var b = document.querySelectorAll('thead th button');"
        "b[2].click(); b[2].click();</script></body>",
    )
    sorted_page = tmp_path / "rank-sorted.html"
    sorted_page.write_text(clicked, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", sorted_page.as_uri())
    body = dom.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    ranks = re.findall(r'<td class="num rankcell" data-sort="(\d+)"', body)
    assert ranks == ["2", "3", "1"]  # scores 37.5, 55, 81.25 ascending
    head = dom.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'aria-sort="(\w+)"', head) == ["ascending"]  # only Score is sorted now

    shot = tmp_path / "rank.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert shot.stat().st_size > 20_000
    assert _png_size(shot) == (1200, 1600)


# --- end to end on the real default model -------------------------------------------------


def test_score_html_end_to_end(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from matcher.cli import main

    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, [
        "score", str(ROOT / "examples/postings/data-engineer.md"),
        str(ROOT / "examples/resumes/jane-doe-data-engineer.md"), "-f", "html", "-o", str(out),
    ])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    assert "Senior Data Engineer" in page
    assert "Production Python".lower() in page.lower()
    assert re.search(r'<article class="req (met|partial|missing)"', page)


def test_rank_html_end_to_end(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from matcher.cli import main

    out = tmp_path / "rank.html"
    resumes = ROOT / "examples/resumes"
    result = CliRunner().invoke(main, [
        "rank", "--posting", str(ROOT / "examples/postings/data-engineer.md"), "-q",
        str(resumes / "jane-doe-data-engineer.md"), str(resumes / "pat-kim-nurse.txt"),
        str(ROOT / "examples/bad/empty.txt"), "-f", "html", "-o", str(out),
    ])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.index("jane-doe-data-engineer.md") < body.index("pat-kim-nurse.txt")
    assert "empty.txt" in page.split('id="skipped"', 1)[1]


# --- the compact leaderboard, badges and counts ---------------------------------------------

LONG = ("Hands-on experience with Apache Airflow or a comparable workflow orchestrator, "
        "including backfills, SLAs and alerting for pipelines that other teams depend on")


def big_ranking(n: int = 30) -> RankResult:
    """n candidates with long requirement texts, several gaps and strengths each."""
    texts = [f"{LONG} (requirement {i})" for i in range(12)]
    entries = []
    for r in range(1, n + 1):
        gaps = tuple(RankedRequirement(f"R{i}", texts[i], "required", "missing",
                                       (f"not shown: tool {i}",))
                     for i in range(12) if (i + r) % 3)
        met = tuple(RankedRequirement(f"R{i}", texts[i], "required", "met")
                    for i in range(12) if not (i + r) % 3)
        entries.append(RankEntry(
            rank=r, id=f"resumes/firstname-lastname-{r:02d}-cv.pdf", score=round(90 - 2.5 * r, 2),
            required_met=len(met), required_total=12, preferred_met=0, preferred_total=0,
            top_gaps=tuple(g.text for g in gaps[:3]), reasons=("required …",), gaps=gaps,
            strengths=met, distinct_gaps=tuple(g.id for g in gaps[:3]),
            distinct_strengths=tuple(m.id for m in met[:3]), role_score=50.0,
            role_verdict="related", occupation="Software Developers, Applications"))
    return RankResult(query_kind="posting", query_path="postings/p.md", query_title="P",
                      model="m", entries=tuple(entries), ranked=n)


def test_best_match_badge_is_on_the_most_similar_line(report: MatchReport) -> None:
    from dataclasses import replace

    m = report.matches[1]
    # the scorer's order puts a line that shows the skill in use first, at a lower cosine
    m = replace(m, evidence=(_ev("Wrote ETL jobs in Python", 21, "experience", 0.45),
                             _ev("Python and SQL every day", 30, "experience", 0.58)))
    page = render(replace(report, matches=(m,)), "html")
    items = re.findall(r'<li class="(best|other)"><span>(.*?)</span><span class="where">', page)
    assert items == [("other", "Wrote ETL jobs in Python"),
                     ("best", '<span class="tag">Most similar</span>Python and SQL every day')]
    assert page.count('class="tag"') == 1


def test_rank_html_names_files_beside_titles_and_dashes_empty_counts() -> None:
    from dataclasses import replace

    ranking = big_ranking(2)
    e1, e2 = ranking.entries
    entries = (replace(e1, title="Senior Data Engineer", id="postings/acme-data-engineer.md"),
               replace(e2, title="Senior Data Engineer", id="postings/globex-data-engineer.md"))
    page = render(replace(ranking, query_kind="resume", entries=entries), "html")
    board = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "acme-data-engineer.md" in board and "globex-data-engineer.md" in board
    assert "0 / 0" not in page
    assert re.search(r'data-label="Preferred" data-sort="-1.0000">—</td>', board)


def test_rank_html_rows_are_compact_chips_with_details() -> None:
    page = render(big_ranking(30), "html")
    board = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = board.split("<tr ")[1:]
    assert len(rows) == 30
    for row in rows:
        assert row.count('class="chip ') <= 2  # the rest is under "details"
        assert "<details" in row and "not shown: tool" in row


def test_unknown_verdict_in_html(report: MatchReport) -> None:
    from dataclasses import replace

    m = replace(report.matches[0], verdict="n/a")
    page = render(replace(report, matches=(m, *report.matches[1:])), "html")
    assert "n/a" in page and 'class="badge n/a"' in page


MEASURE = """<script>
var rows = Array.prototype.slice.call(document.querySelectorAll('table.board tbody tr'));
var tallest = Math.max.apply(null, rows.map(function (r) {
  return r.getBoundingClientRect().height; }));
var b = document.querySelectorAll('thead th button');
b[2].click();  // Score: descending first
var order = Array.prototype.map.call(document.querySelectorAll('table.board tbody tr'),
  function (r) { return r.cells[0].getAttribute('data-sort'); }).join(',');
b[2].click();  // then ascending
var asc = Array.prototype.map.call(document.querySelectorAll('table.board tbody tr'),
  function (r) { return r.cells[0].getAttribute('data-sort'); }).join(',');
document.body.setAttribute('data-measured', tallest.toFixed(1) + '|' + order + '|' + asc);
</script></body>"""


@needs_chromium
def test_leaderboard_rows_stay_short_and_sort_in_browser(tmp_path: Path) -> None:
    source = render(big_ranking(30), "html")
    # our sorter runs first (it is before </body>); the measuring script is the test's own,
    # so this copy drops the page's CSP
    measured = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source)
    measured = measured.replace("</body>", MEASURE)
    page = tmp_path / "board.html"
    page.write_text(measured, encoding="utf-8")
    dom = _chromium(tmp_path, "--window-size=1200,1600", "--dump-dom", page.as_uri())
    found = re.search(r'data-measured="([\d.]+)\|([\d,]+)\|([\d,]+)"', dom)
    assert found, dom[-2000:]
    tallest, desc, asc = float(found.group(1)), found.group(2), found.group(3)
    assert 20 < tallest < 100, tallest
    ranks = [str(r) for r in range(1, 31)]
    assert desc.split(",") == ranks  # highest score first = rank order
    assert asc.split(",") == ranks[::-1]
