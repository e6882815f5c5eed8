"""Bidi overrides, isolates and other invisible format characters are removed when a file is
read, so evidence in a report is exactly the text that was scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.reading import document_from_bytes, document_from_text

INVISIBLE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
             "\u2069", "\u200b", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\U000e0041"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_format_characters_are_removed(char: str) -> None:
    text = f"Built pipe{char}lines in Py{char}thon\n"
    for doc in (document_from_bytes(text.encode(), "r.txt", ".txt"),
                document_from_text(text, "row#1"),
                document_from_bytes(f"<p>{text}</p>".encode(), "r.html", ".html")):
        assert doc.text.strip() == "Built pipelines in Python"


def test_joiners_that_spell_words_are_kept() -> None:
    persian = "می\u200cخواهم"  # ZWNJ is part of the spelling
    assert document_from_text(persian, "p").text == persian


def test_line_separators_are_line_breaks() -> None:
    doc = document_from_text("Python\u2028SQL\u2029Spark", "r")
    assert doc.text.split("\n") == ["Python", "SQL", "Spark"]


def test_report_shows_only_scored_text(tmp_path: Path) -> None:
    """'Python' written with a right-to-left override reads as 'nohtyP' to the scorer but
    would render as 'Python' in a report: after reading, both are the same plain text."""
    resume = tmp_path / "r.md"
    resume.write_text("# Sam Example\n\n## Experience\n- Built ETL pipelines in "
                      "\u202enohtyP\u202c and SQL for 5 years\n", encoding="utf-8")
    posting = Path(__file__).resolve().parents[1] / "examples" / "postings" / "data-engineer.md"
    result = CliRunner().invoke(main, ["score", str(posting), str(resume), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "nohtyP and SQL" in result.output  # the evidence line, as scored
    for char in INVISIBLE:
        assert char not in result.output
        assert json.dumps(char)[1:-1] not in result.output
