"""The JSON Schema describes the format the validator reads, and both judge the table alike."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from posters.schema.campaign import BLOCKS
from tests.validation.cases import CASES, MINIMAL, Case

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads(
    resources.files("posters").joinpath("schema/campaign.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def schema_errors(document: Any) -> list[jsonschema.ValidationError]:
    return list(VALIDATOR.iter_errors(document))


def dotted(error: jsonschema.ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def test_the_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("campaign", ["content/tip-2023/campaign.yaml",
                                      "content/us-notice/campaign.yaml",
                                      "tests/validation/minimal.yaml"])
def test_sample_campaigns_validate(campaign: str) -> None:
    document = yaml.safe_load((ROOT / campaign).read_text("utf-8"))
    assert [error.message for error in schema_errors(document)] == []


def test_the_schema_rejects_something() -> None:
    """Guards the table below against a schema that accepts anything."""
    assert schema_errors({}) and schema_errors([]) and schema_errors({"campaign": 1})


SCHEMA_CASES = [case for case in CASES if case.schema is not None]


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[case.id for case in SCHEMA_CASES])
def test_schema_agrees_with_the_validator(case: Case) -> None:
    text = case.data.decode("utf-8") if case.data is not None else case.text()
    errors = schema_errors(yaml.safe_load(text))
    if not case.schema:  # only the validator can tell (files, Babel, cross-references)
        assert errors == []
        return
    assert errors, "the schema accepts what the validator rejects"
    # every schema complaint is about a key the validator also names (or a parent of it)
    subjects = [line.split(": ")[2] for line in case.expected]
    for error in errors:
        where = dotted(error)
        assert any(subject == where or subject.startswith((where + ".", where + "["))
                   for subject in subjects) or where == "", (where, error.message, subjects)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node and "properties" not in node and "items" not in node:
        name = node["$ref"].removeprefix("#/$defs/")
        node = SCHEMA["$defs"][name]
    return node


def _schema_block(path: str) -> dict[str, Any]:
    node = SCHEMA
    for part in path.split(".") if path else []:
        is_item = part.endswith("[]")
        name = part.removesuffix("[]")
        if name == "*":
            node = _resolve(node["additionalProperties"])
        else:
            node = _resolve(node["properties"][name])
        if is_item:
            node = _resolve(node["items"])
    return node


@pytest.mark.parametrize("path", list(BLOCKS), ids=lambda p: p or "top")
def test_schema_and_validator_know_the_same_keys(path: str) -> None:
    block = _schema_block(path)
    spec = BLOCKS[path]
    assert list(block["properties"]) == list(spec)
    assert sorted(block.get("required", [])) == sorted(k for k, f in spec.items() if f.required)
    assert block.get("additionalProperties") is False


def test_every_key_has_a_description() -> None:
    """Editors show these in completion; a key without one is undocumented."""
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if "description" not in value:
                    missing.append(f"{where}.{key}")
            for key, value in node.items():
                if key != "allOf":  # conditions repeat keys already described
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(SCHEMA, "")
    assert missing == []


def test_minimal_campaign_has_what_the_schema_requires() -> None:
    """The table's base is valid for both, so each case tests only its change."""
    assert schema_errors(yaml.safe_load(MINIMAL)) == []
