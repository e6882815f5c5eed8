"""Blind screening stays blind: with --redact, no output format of score, gaps or rank shows
the examples' names, e-mails, phones, URLs, file names or paths; candidates are C001 ...,
numbered in the sorted order of their paths, and --redact-map writes the id -> file map."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main

ROOT = Path(__file__).resolve().parents[1]
POSTING = "examples/postings/data-engineer.md"
RESUMES = sorted(p for p in (ROOT / "examples/resumes").iterdir()
                 if p.suffix in (".txt", ".md", ".pdf", ".docx"))
TEXT_RESUMES = [p for p in RESUMES if p.suffix in (".txt", ".md")]


def identifiers(resume: Path) -> list[str]:
    """What identifies the person: the name line's words, and the e-mails, phones and links of
    the contact lines (the first few lines), plus the file's path, name and stem."""
    head = [ln for ln in resume.read_text(encoding="utf-8").splitlines() if ln.strip()][:3]
    name = head[0].strip("# ").split(",")[0]
    contact = " ".join(head[1:])
    out = [w for w in name.split() if len(w) > 2]
    out += re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", contact)
    out += re.findall(r"\(?\d{3}\)?[ .-]\d{3}-\d{4}|\b\d{3}-\d{4}\b", contact)
    out += re.findall(r"\b[\w-]+\.(?:com|io|dev|net|org)/\S+|\b[\w-]+\.example\.com\b", contact)
    return out


def _paths(resume: Path) -> list[str]:
    rel = str(resume.relative_to(ROOT))
    return [rel, str(resume), resume.name, resume.stem]


def _leaks(out: str, idents: list[str]) -> list[str]:
    return [i for i in idents
            if re.search(r"(?<![\w])" + re.escape(i) + r"(?![\w])", out, re.I)]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


def test_identifiers_are_found_in_the_examples() -> None:
    # the test checks something: each example has a name and contacts to look for
    for resume in TEXT_RESUMES:
        idents = identifiers(resume)
        assert len(idents) >= 3, (resume.name, idents)
    assert "priya.raman@example.com" in identifiers(ROOT / "examples/resumes/"
                                                    "fit-netflix-ml-platform-manager.md")


@pytest.mark.slow
@pytest.mark.parametrize("resume", TEXT_RESUMES, ids=lambda p: p.name)
def test_score_and_gaps_are_blind_in_every_format(resume: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(ROOT)
    rel = str(resume.relative_to(ROOT))
    idents = identifiers(resume) + _paths(resume)
    outputs = {}
    for fmt in ("text", "markdown", "json", "html"):
        outputs[f"score -f {fmt}"] = _run("score", POSTING, rel, "--redact", "-f", fmt,
                                         "--as-of", "2026-11-23")
    for fmt in ("text", "markdown", "json"):
        outputs[f"gaps -f {fmt}"] = _run("gaps", POSTING, rel, "--redact", "-f", fmt,
                                        "--as-of", "2026-11-23")
    maps = {cmd: tmp_path / f"{cmd}-map.json" for cmd in ("score", "rank")}
    outputs["rank --resume -f json"] = _run("rank", "--resume", rel, "examples/postings",
                                            "--redact", "-q", "-f", "json",
                                            "--redact-map", str(maps["rank"]))
    outputs["score -f json (map)"] = _run("score", POSTING, rel, "--redact", "-f", "json",
                                          "--redact-map", str(maps["score"]))
    for what, out in outputs.items():
        assert not _leaks(out, idents), (what, _leaks(out, idents))
        assert "C001" in out, what
    for path in maps.values():  # the one candidate is C001, and only the map says who
        assert json.loads(path.read_text(encoding="utf-8")) == {"C001": rel}


@pytest.mark.slow
def test_rank_is_blind_in_every_format_and_the_map_unblinds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    idents = [i for r in TEXT_RESUMES for i in identifiers(r)]
    idents += [p for r in RESUMES for p in _paths(r)] + ["examples/resumes", "resumes/"]
    maps = []
    for fmt in ("table", "csv", "json", "html"):
        redact_map = tmp_path / f"map-{fmt}.json"
        out = _run("rank", "--posting", POSTING, "examples/resumes", "examples/bad/empty.txt",
                   "--redact", "--redact-map", str(redact_map), "-q", "-f", fmt)
        assert not _leaks(out, idents), (fmt, _leaks(out, idents))
        assert "C001" in out and "C014" in out, fmt
        assert stat.S_IMODE(redact_map.stat().st_mode) == 0o600
        maps.append(json.loads(redact_map.read_text(encoding="utf-8")))
    # the same ids in every run and format, numbered in the sorted order of the paths
    assert all(m == maps[0] for m in maps)
    originals = list(maps[0].values())
    assert originals == sorted(originals)
    assert list(maps[0]) == [f"C{i:03d}" for i in range(1, len(originals) + 1)]
    assert "examples/bad/empty.txt" in originals  # a skipped document is blind too


def test_redact_map_needs_redact(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["rank", "--posting", POSTING, "examples/resumes",
                                       "--redact-map", str(tmp_path / "m.json")])
    assert result.exit_code == 2 and "--redact-map needs --redact" in result.stderr
