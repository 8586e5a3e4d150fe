"""The versioned `--json` documents: one pydantic model each, their JSON Schemas checked in under schemas/.

`postmortem schema NAME` prints a schema; tests/test_contracts.py fails when a model and its checked-in file
differ (regenerate with `postmortem schema NAME > agent/contracts/schemas/NAME.json`).
"""

import json
from importlib import resources

from pydantic import BaseModel

from agent.contracts.contract import SCHEMA_VERSION, Contract
from agent.contracts.draft import DraftOutput
from agent.contracts.evaluation import EvalOutput
from agent.contracts.grading import GradeOutput
from agent.contracts.kb_add import KbAddOutput
from agent.contracts.kb_recurring import KbRecurringOutput
from agent.contracts.kb_search import KbSearchOutput
from agent.contracts.kb_stats import KbStatsOutput

CONTRACTS: dict[str, type[Contract]] = {
    "draft": DraftOutput, "grade": GradeOutput, "eval": EvalOutput, "kb-search": KbSearchOutput,
    "kb-add": KbAddOutput, "kb-stats": KbStatsOutput, "kb-recurring": KbRecurringOutput,
}
SCHEMAS_DIR = resources.files(__name__).joinpath("schemas")  # the checked-in schemas, shipped as package data

__all__ = [
    "CONTRACTS", "SCHEMAS_DIR", "SCHEMA_VERSION", "Contract", "DraftOutput", "EvalOutput", "GradeOutput",
    "KbAddOutput", "KbRecurringOutput", "KbSearchOutput", "KbStatsOutput", "render", "schema_text",
]


def schema_text(name: str) -> str:
    """The JSON Schema of one contract, as printed by `postmortem schema NAME` and stored in schemas/NAME.json."""
    model = CONTRACTS[name]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"postmortem/{name}.json",
              **model.model_json_schema(mode="serialization")}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def render(contract: BaseModel) -> str:
    """One JSON document for stdout."""
    return contract.model_dump_json(indent=2) + "\n"
