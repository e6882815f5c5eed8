"""README's examples really run: every `matcher …` command in its sh blocks, on the examples,
exits 0; and every command and option the CLI has is mentioned in README."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from matcher.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    lines = [ln.split("#")[0].strip() for b in blocks for ln in b.splitlines()]
    return [re.sub(r"^\.venv/bin/", "", ln) for ln in lines if re.match(r"(\.venv/bin/)?matcher ", ln)]


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    if "-o" in args:  # write reports into tmp, not the work tree
        i = args.index("-o")
        args[i + 1] = str(tmp_path / Path(args[i + 1]).name)
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-23"] if args[0] in (
        "score", "gaps") else args)
    assert result.exit_code == 0, (command, result.output)
    assert result.stdout.strip() or "-o" in args


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
