"""JSON Schemas of the record kinds, for editors (YAML language server, VS Code).

Generated from the pydantic models, so completion, hover text (the Chinese titles and
descriptions) and typing-time errors follow the same rules as ``peixun validate``; what a
schema cannot say (cross-references, history order, contact data in text) only validate checks.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..records.kinds import KINDS
from ..publish.outputs import check_files

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schemas"


def schema_of(kind_name: str) -> dict:
    kind = KINDS[kind_name]
    body = kind.model.model_json_schema(by_alias=True, mode="validation")
    for part in body.get("$defs", {}).values():
        part.pop("title", None)  # class names; editors show the field's Chinese title instead
    for part in [body, *body.get("$defs", {}).values()]:
        for name, prop in part.get("properties", {}).items():
            # "topics:" with nothing after it is an empty list to validate; the editor sees null
            if prop.get("type") == "array" and not prop.get("minItems"):
                part["properties"][name] = {k: v for k, v in prop.items() if k not in ("items", "type")} | {
                    "anyOf": [{"type": "array", "items": prop.get("items", {})}, {"type": "null"}]
                }
    return {
        "$schema": DRAFT,
        "$id": f"{kind_name}.schema.json",
        "title": f"{kind.label}记录",
        "description": f"peixun {kind.label}记录（{kind.folder}/ 下的 YAML 文件）。由 peixun schema 生成，请勿手改。",
        **{k: v for k, v in body.items() if k != "title"},
    }


def render(kind_name: str) -> str:
    return json.dumps(schema_of(kind_name), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """file name -> content, for every kind."""
    return {f"{name}.schema.json": render(name) for name in KINDS}


def is_schema(path: Path) -> bool:
    """A schema file this command wrote (its description says so)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("$id") == path.name and "由 peixun schema 生成" in str(doc.get("description", ""))


def write(out: Path, **protected) -> list[Path]:
    """Write every schema that differs; returns the files written. A file of the same name
    that peixun did not write is never overwritten (outputs.Refused)."""
    files = schema_files()
    out = check_files(out, files, ours=is_schema, **protected)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        target = out / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def stale(out: Path) -> list[str]:
    """Names of the schema files that are missing or out of date in out."""
    return [name for name, text in schema_files().items() if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text]


def vscode_mapping(prefix: str = ".") -> dict[str, list[str]]:
    """yaml.schemas for .vscode/settings.json: each schema to the folder of its kind."""
    return {f"{prefix}/{FOLDER}/{name}.schema.json": [f"{kind.folder}/**/*.yml"] for name, kind in KINDS.items()}
