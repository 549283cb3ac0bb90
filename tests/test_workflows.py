"""The GitHub Actions workflows: schema-valid, free of security findings, and safe by design."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_there_are_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml"]


def test_workflows_match_the_github_schema_offline() -> None:
    completed = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    completed = subprocess.run(
        [
            str(BIN / "zizmor"),
            "--offline",
            "--persona",
            "auditor",
            "--no-progress",
            str(REPO / ".github" / "workflows"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "No findings to report" in completed.stdout + completed.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_safe_by_design(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = load(path)
    assert "pull_request_target" not in text
    assert workflow["permissions"] in ({}, {"contents": "read"})
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"], "expressions go through env, never into a shell"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_are_checked_tested_built_and_uploaded() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    for command in ("generator check --format github", "make test", "make site", "linkcheck"):
        assert command in runs
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    # The job summary is Markdown: asked for by name, since the default follows the terminal.
    [summary] = [s["run"] for s in steps(workflow) if "generator site-diff" in s.get("run", "")]
    assert "--format markdown" in summary
    assert summary.endswith('>> "$GITHUB_STEP_SUMMARY"')


def test_publishing_runs_on_main_daily_and_deploys_with_least_privilege() -> None:
    workflow = load(REPO / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["on"]["schedule"]
    assert workflow["concurrency"]["group"] == "pages"
    # configure-pages reads the Pages site (GET /repos/{owner}/{repo}/pages), which needs
    # `pages: read`; reading is all the build job may do.
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert "SOURCE_DATE_EPOCH" in (REPO / ".github" / "workflows" / "publish.yml").read_text()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_a_job_that_reads_the_pages_settings_may_read_them(path: Path) -> None:
    """actions/configure-pages calls "Get a GitHub Pages site", which needs the Pages
    permission; without it the step fails and nothing is published."""
    for name, job in load(path)["jobs"].items():
        uses = [step.get("uses", "") for step in job["steps"]]
        if any(u.startswith("actions/configure-pages@") for u in uses):
            assert job["permissions"].get("pages") in {"read", "write"}, name
