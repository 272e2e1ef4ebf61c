"""Option groups shared by commands, as decorators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def store_option(func: F) -> F:
    """`--store SPEC` (env STANCEKG_STORE), passed to the command as `settings`."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Settings:
        return Settings.from_env(store=value)

    return click.option(
        "--store", "settings", callback=callback, metavar="SPEC", expose_value=True,
        help="Store: oxigraph:PATH (default ~/.local/share/stancekg/store), memory:, sparql:URL. Env STANCEKG_STORE.",
    )(func)


def output_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """`--format` with the given choices."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")
