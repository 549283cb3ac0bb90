"""The synthetic corpus: deterministic, clearly synthetic, valid, and buildable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import REPO, build_site, copy_site_config
from generator.__main__ import main
from generator.build import pipeline
from generator.inputs.synth import synthetic_corpus


def test_corpus_is_deterministic_and_says_it_is_synthetic() -> None:
    first, second = synthetic_corpus(12), synthetic_corpus(12)
    assert first == second
    briefings = [text for path, text in first.items() if path.startswith("briefings/")]
    articles = [text for path, text in first.items() if path.startswith("seeds/")]
    assert len(briefings) == len(articles) == 12
    assert all("SYNTHETIC" in text for text in briefings + articles)


def test_small_corpus_checks_generates_and_builds_strictly(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    assert main(["--root", str(REPO), "synth", "--briefings", "40", "--out", str(out)]) == 0
    # As of the newest briefing's day: every briefing is published (none is dated later),
    # and every event whose day has passed has a report of its outcome.
    as_of = max(dt.date.fromisoformat(path.name[:10]) for path in out.glob("briefings/*/*.yml"))
    result = pipeline.check(out, as_of)
    assert result.ok and not result.diagnostics
    copy_site_config(out)
    assert main(["--root", str(out), "generate", "--as-of", as_of.isoformat()]) == 0
    completed = build_site(out)
    assert completed.returncode == 0, completed.stderr
    assert len(list((out / "site" / "briefings").glob("*/index.html"))) == 40


@pytest.mark.parametrize("inside", ["briefings/synthetic", "docs/x", "seeds"])
def test_synth_never_writes_into_content(project: Path, inside: str) -> None:
    assert (
        main(["--root", str(project), "synth", "--briefings", "3", "--out", str(project / inside)])
        == 2
    )
    assert not (project / inside / "entities").exists()
