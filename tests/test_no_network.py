"""No network at run time: with every socket blocked, `score` and `rank` still work.

The module's cache starts empty and loaded encoders are forgotten, so the first test loads the
default model and builds its ONNX export while the network is blocked. Every attempt to connect
or resolve a name is recorded as well as refused, so a library that catches the error and
carries on quietly still fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
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


# --- the same in a real process, where native code is seen too --------------------------------
#
# Monkeypatching socket sees Python only; onnxruntime's telemetry is C++ (it queued events and
# asked DNS for a Microsoft host while the tests above passed). So `score` and `rank` run in a
# subprocess inside a network namespace with no interfaces (`unshare -rn`: nothing can leave
# even if something tries) under `strace -f -e trace=network` (every attempt is seen, from any
# thread or child), and a Python audit hook records socket use as a second witness.

_LAUNCHER = """
import socket, sys
log = open(sys.argv[1], "a", encoding="utf-8")

def hook(event, args):
    if not event.startswith("socket."):
        return
    sock = args[0] if args and isinstance(args[0], socket.socket) else None
    family = getattr(sock, "family", None) if sock is not None else None
    if event == "socket.__new__" and len(args) > 1:
        family = args[1]
    if family == socket.AF_UNIX:
        return
    log.write(f"{event} {args[1:]!r}\\n")
    log.flush()

sys.addaudithook(hook)
sys.argv = ["matcher", *sys.argv[2:]]
from matcher.cli import main
main()
"""
# what matcher must set itself: the test's own process has them already (it imported matcher)
_SWITCHES = ("ORT_DISABLE_TELEMETRY", "HF_HUB_DISABLE_TELEMETRY", "DO_NOT_TRACK",
             "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")
_NETWORK_FAMILIES = ("AF_INET", "AF_INET6", "AF_PACKET")


def _works(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _sandbox(strace_log: Path) -> tuple[list[str], bool]:
    """(command prefix, whether strace watches); the prefix may be empty, never both absent."""
    prefix: list[str] = []
    if shutil.which("unshare"):
        for flags in ("-rn", "-n"):
            if _works("unshare", flags, "true"):
                prefix = ["unshare", flags]
                break
    watched = bool(shutil.which("strace")) and _works(*prefix, "strace", "-f", "-o", "/dev/null",
                                                      "true")
    if watched:
        prefix += ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(strace_log)]
    if not prefix:
        pytest.skip("neither unshare nor strace is available to watch the network")
    return prefix, watched


def _network_lines(strace_log: Path) -> list[str]:
    text = strace_log.read_text(encoding="utf-8", errors="replace") if strace_log.exists() else ""
    return [line for line in text.splitlines()
            if any(f"({family}" in line or f"={family}" in line for family in _NETWORK_FAMILIES)]


@pytest.mark.slow
def test_score_and_rank_use_no_socket_in_a_network_less_process(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"),
               MATCHER_CACHE_DIR=str(tmp_path / "cache"))  # cold: the export is built in here
    audit_log = tmp_path / "audit.log"
    strace_log = tmp_path / "strace.log"
    prefix, watched = _sandbox(strace_log)
    runs = {
        "score": ["score", str(POSTING), str(RESUME), "-f", "json", "--as-of", "2026-11-23"],
        "rank": ["rank", "-q", "--posting", str(POSTING), str(EXAMPLES / "resumes"), "-f",
                 "json"],
    }
    for name, args in runs.items():
        proc = subprocess.run([*prefix, sys.executable, "-c", _LAUNCHER, str(audit_log), *args],
                              env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, (name, proc.stderr[-2000:])
        assert json.loads(proc.stdout), name
        if watched:
            assert _network_lines(strace_log) == [], name
    assert not audit_log.exists() or audit_log.read_text() == ""
    # telemetry leaves a device id and an event queue behind even when nothing is sent yet
    left = [str(p.relative_to(home)) for p in home.rglob("*")]
    assert not [p for p in left if "Microsoft" in p or "onnxruntime" in p], left
