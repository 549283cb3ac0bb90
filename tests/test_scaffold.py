"""`python -m generator new`: a skeleton that lists what the article mentions and fails check."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF
from generator.__main__ import main
from generator.build import pipeline

SEED = Path("seeds/000_ed05fc7602eed4fd.txt")


def test_skeleton_prefills_id_date_agency_and_mentioned_entities(project: Path) -> None:
    assert main(["--root", str(project), "new", str(SEED), "--slug", "Lavrov talks"]) == 0
    path = project / "briefings/2025/2025-11-15-lavrov-talks.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/briefing.schema.json\n")
    assert "id: 2025-11-15-lavrov-talks\n" in text
    assert "date: 2025-11-15\n" in text
    assert "  agency: ANI\n" in text
    assert "countries: [IN, RU, UA]\n" in text
    for person in ("s-jaishankar", "sergey-lavrov", "vladimir-putin", "dmitry-patrushev"):
        assert f"  - id: {person}\n" in text
    assert "organisations: [brics, russian-foreign-ministry, sco, united-nations]\n" in text


def test_skeleton_is_rejected_until_every_placeholder_is_replaced(project: Path) -> None:
    assert main(["--root", str(project), "new", str(SEED), "--slug", "x"]) == 0
    result = pipeline.check(project, AS_OF)
    assert not result.ok
    skeleton = [d for d in result.diagnostics if d.path.endswith("2025-11-15-x.yml")]
    assert {d.code for d in skeleton} == {"placeholder"}
    title = next(d for d in skeleton if d.message.startswith("title"))
    assert (title.line, title.column) == (6, 8)


def test_new_never_overwrites(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "new", str(SEED), "--slug", "x"]) == 0
    assert main(["--root", str(project), "new", str(SEED), "--slug", "x"]) == 1
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["briefings/2025/x.txt", "seeds/missing.txt", "../etc.txt"])
def test_new_only_takes_an_article_in_seeds(project: Path, source: str) -> None:
    assert main(["--root", str(project), "new", source]) == 1


def test_new_needs_a_date_when_the_article_has_none(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "undated.txt").write_text("SYNTHETIC. No date here.\n", "utf-8")
    assert main(["--root", str(project), "new", "seeds/undated.txt"]) == 1
    assert "Pass --date YYYY-MM-DD" in capsys.readouterr().out
    assert main(["--root", str(project), "new", "seeds/undated.txt", "--date", "2025-01-02"]) == 0
