"""No network at run time: with every socket blocked, `score` and `rank` still work.

The module's cache starts empty and loaded encoders are forgotten, so the first test loads the
default model and builds its ONNX export while the network is blocked. Every attempt to connect
or resolve a name is recorded as well as refused, so a library that catches the error and
carries on quietly still fails the test.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POSTING = EXAMPLES / "postings" / "data-engineer.md"
RESUME = EXAMPLES / "resumes" / "jane-doe-data-engineer.md"




@pytest.fixture
def attempts(module_cache_dir, monkeypatch) -> list[str]:
    """Block connecting and name lookups; returns the list of attempts made."""
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(module_cache_dir))
    tried: list[str] = []

    def refuse(what: str):  # noqa: ANN202
        def blocked(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            tried.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network blocked by test: {what}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return tried


def test_the_block_works(attempts: list[str]) -> None:
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("example.com", 443), timeout=1)
    with pytest.raises(OSError, match="network blocked"):
        socket.getaddrinfo("example.com", 443)
    assert len(attempts) == 2


@pytest.mark.slow
def test_score_runs_offline(attempts: list[str], module_cache_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["score", str(POSTING), str(RESUME), "-f", "json", "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, (result.stderr, result.exception)
    report = json.loads(result.stdout)
    assert report["model"] == "all-MiniLM-L6-v2"
    assert report["requirements"]
    assert attempts == []
    assert list(module_cache_dir.glob("onnx/*/model.onnx")), "the ONNX export was built offline"


@pytest.mark.slow
def test_rank_runs_offline(attempts: list[str]) -> None:
    result = CliRunner().invoke(
        main, ["rank", "-q", "--engine", "local", "--posting", str(POSTING),
               str(EXAMPLES / "resumes"), "-f", "json"]
    )
    assert result.exit_code == 0, (result.stderr, result.exception)
    ranked = json.loads(result.stdout)
    assert str(RESUME) in [r["id"] for r in ranked["results"]]
    assert attempts == []
