"""`postmortem schema`: the JSON Schema of a `--json` document, for scripts that consume it."""

import click

from agent.cli.app import cli
from agent.cli.choices import LazyChoice, contract_names


@cli.command()
@click.argument("document", type=LazyChoice(contract_names))
def schema(document) -> int:
    """Print the JSON Schema of a --json document: draft, grade, eval, kb-search, kb-add (also kb rebuild),
    kb-stats or kb-recurring.

    Every document carries `schema_version`. The fields a schema lists are guaranteed; new fields may be added
    without a new version, so consumers should ignore properties they do not know.

    \b
    Examples:
      postmortem schema draft > draft.schema.json
      postmortem schema grade | jq '.required'
    """
    from agent.contracts import schema_text

    click.echo(schema_text(document), nl=False)
    return 0
