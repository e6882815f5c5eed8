"""README's examples really run: every `matcher …` command in its sh blocks, on the examples,
exits 0; and every command and option the CLI has is mentioned in README."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from matcher.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sh_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    return [ln.split(" #")[0].strip() for b in blocks for ln in b.splitlines() if ln.strip()]


def readme_commands() -> list[str]:
    return [re.sub(r"^\.venv/bin/", "", ln) for ln in _sh_lines()
            if re.match(r"(\.venv/bin/)?matcher ", ln)]


FILE_OPTIONS = ("-o", "--output", "--redact-map")


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    written = []
    for opt in FILE_OPTIONS:  # write reports into tmp, not the work tree
        if opt in args:
            i = args.index(opt)
            args[i + 1] = str(tmp_path / Path(args[i + 1]).name)
            written.append(Path(args[i + 1]))
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-23"] if args[0] in (
        "score", "gaps") else args)
    assert result.exit_code == 0, (command, result.output)
    assert result.stdout.strip() or "-o" in args
    for path in written:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":  # -o picks the format from the extension
            assert text.startswith("<!DOCTYPE html>")
        if path.suffix == ".json":
            json.loads(text)


def test_every_sh_line_is_a_command_that_runs() -> None:
    # nothing in a sh block is left out of test_readme_command_runs except make targets
    for line in _sh_lines():
        assert re.match(r"((\.venv/bin/)?matcher |make |source \.venv/bin/activate$)", line), line


@pytest.mark.slow
def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README
    assert capsys.readouterr().out.strip()


def test_readme_says_how_to_call_the_installed_command() -> None:
    assert "source .venv/bin/activate" in README and ".venv/bin/matcher" in README


def test_licence_is_an_spdx_string_for_a_setuptools_that_reads_it() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    # a table licence warns on setuptools >= 77; a string needs setuptools >= 77
    requires = project["build-system"]["requires"]
    assert any(re.fullmatch(r"setuptools>=(\d+)", r) and int(r.split(">=")[1]) >= 77
               for r in requires)


@pytest.mark.parametrize("path", ["report.html", "ranked.csv", "ranked.html", "redact-map.json",
                                  "docs/rank-report.html"])
def test_generated_reports_are_ignored_by_git(path: str) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert done.returncode == 0, path


def test_readme_has_commands() -> None:
    assert len(readme_commands()) >= 8


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{prefix}{name} ")
    return out


@pytest.mark.parametrize("name,command", _commands(main))
def test_every_command_and_option_is_documented(name: str, command: click.Command) -> None:
    assert f"matcher {name}" in README, name
    assert command.help, name
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts}"
            if param.name not in ("help",):
                assert any(opt in README for opt in param.opts), f"{name} {param.opts}"
