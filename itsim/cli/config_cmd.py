"""``itsim validate`` and ``itsim schema``: check scenario files; print the JSON Schema."""

from __future__ import annotations

import json

import click

from itsim.config.load import load_scenario
from itsim.config.schema import Scenario
from itsim.errors import InputError


@click.command()
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES (extends and all); print one line per file."""
    failed: list[InputError] = []
    for file in files:
        try:
            scenario = load_scenario(file)
        except InputError as exc:
            failed.append(exc)
            click.echo(f"error: {exc}", err=True)
            continue
        click.echo(f"ok: {file} ({scenario.name}, {len(scenario.teams)} teams)")
    if failed:
        raise click.exceptions.Exit(2)


@click.command()
def schema() -> None:
    """Print the scenario JSON Schema (for editor completion and validation)."""
    click.echo(json.dumps(Scenario.model_json_schema(), indent=2))
