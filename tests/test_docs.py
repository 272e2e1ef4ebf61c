"""Docs that tests keep honest: every command and every setting is in the README."""

from __future__ import annotations

from pathlib import Path

from kg.cli import main
from kg.settings import settings_help

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    opening = README.split("\n## ", 1)[0]
    assert "make serve" in opening and "make test" in opening


def test_every_command_is_in_the_readme_and_has_an_example() -> None:
    for name, command in main.commands.items():
        assert f"stancekg {name}" in README, f"`stancekg {name}` is not shown in README.md"
        assert "stancekg" in (command.help or "").split("\b")[-1], f"`stancekg {name} --help` ends without an example"


def test_every_setting_is_documented() -> None:
    for variable, _default, help_text in settings_help():
        assert f"`{variable}`" in README, f"{variable} is missing from README.md"
        assert help_text, f"{variable} has no help text"


def test_readme_sparql_examples_answer_on_the_seed(seed_store) -> None:  # type: ignore[no-untyped-def]
    import re

    examples = re.findall(r"```sparql\n(.*?)```", README, flags=re.S)
    assert len(examples) >= 3
    for query in examples:
        rows = list(seed_store.query(query))
        assert rows, f"README example returns nothing on the seed:\n{query}"
