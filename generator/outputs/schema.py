"""JSON Schemas for the files contributors edit, generated from the pydantic models.

Editors (VS Code with the YAML extension, and others using yaml-language-server) read these
to complete field names and flag mistakes while the contributor types.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from ..story.models import KINDS, BriefingFile
from .feeds import export_schema

SCHEMA_DIR = "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _document(schema: dict[str, Any], title: str, description: str) -> str:
    schema = {"$schema": DIALECT, **schema, "title": title, "description": description}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """File name under schema/ -> JSON text, for the briefing format and each registry file."""
    files = {
        "briefing.schema.json": _document(
            BriefingFile.model_json_schema(),
            "Briefing",
            "One briefing in briefings/: what one source article says, linked to entities.",
        )
    }
    for kind in KINDS:
        files[f"{kind.plural}.schema.json"] = _document(
            TypeAdapter(list[kind.record]).json_schema(),  # type: ignore[name-defined]
            f"Registry: {kind.plural}",
            f"entities/{kind.plural}.yml: the canonical list of {kind.plural}.",
        )
    files["export.schema.json"] = export_schema()
    return dict(sorted(files.items()))
