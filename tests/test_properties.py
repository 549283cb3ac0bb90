"""Property tests: whatever a contributor writes, check never crashes and never passes garbage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import AS_OF, copy_project
from generator.build import pipeline
from generator.inputs.load import parse_yaml
from generator.story.models import BriefingFile
from test_checker import MINIMAL, SYNTHETIC_SEED

BRIEFING = "briefings/2025/2025-11-16-synthetic.yml"
FIELDS = list(BriefingFile.model_fields)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=12), values, max_size=14)

PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for all examples of a test: each example overwrites the same briefing."""
    project = copy_project(tmp_path_factory.mktemp("properties") / "project")
    (project / "seeds" / "synthetic_9001.txt").write_text(SYNTHETIC_SEED, encoding="utf-8")
    return project


def check_file(project: Path, raw: bytes) -> pipeline.CheckResult:
    (project / BRIEFING).write_bytes(raw)
    return pipeline.check(project, AS_OF)


def schema_accepts(raw: bytes) -> bool:
    document, _ = parse_yaml(raw, BRIEFING)
    if document is None:
        return False
    try:
        BriefingFile.model_validate(document.data)
    except ValidationError:
        return False
    return True


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_parse_never_raises_on_any_bytes(raw: bytes) -> None:
    document, problems = parse_yaml(raw, "b.yml")
    assert (document is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=1000) | st.text(max_size=1000).map(lambda t: t.encode("utf-8")))
def test_check_rejects_arbitrary_files_without_raising(shared_project: Path, raw: bytes) -> None:
    result = check_file(shared_project, raw)
    assert not result.ok
    assert any(d.path == BRIEFING and d.is_error for d in result.diagnostics)


@PROPERTY_SETTINGS
@given(document=documents)
def test_check_rejects_arbitrary_documents(shared_project: Path, document: dict[Any, Any]) -> None:
    raw = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    result = check_file(shared_project, raw)
    if result.ok:
        assert schema_accepts(raw), "check passed a document the schema rejects"
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)


@PROPERTY_SETTINGS
@given(field=st.sampled_from(FIELDS), value=values)
def test_one_changed_field_passes_only_if_the_schema_accepts_it(
    shared_project: Path, field: str, value: Any
) -> None:
    data = yaml.safe_load(MINIMAL)
    data[field] = value
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    result = check_file(shared_project, raw)
    if not schema_accepts(raw):
        assert not result.ok, "check passed a briefing the schema rejects"
    for problem in result.diagnostics:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
