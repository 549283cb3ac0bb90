"""What a second source exposes: shared names, the wrong person, events to propose, and the
source as readers see it. Every case is synthetic and written into a throw-away project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import WriteFile
from generator.__main__ import main
from generator.build import pipeline
from generator.inputs.names import person_in_text
from generator.story.models import PersonRecord

NIKOLAI_ARTICLE = """\
 date 2025-11-18
SYNTHETIC TEST ARTICLE. Security Council Secretary Nikolai Patrushev met Indian officials in
Moscow. Patrushev said the sides would meet again. Jaishankar and Lavrov held talks in Moscow.
"""

NIKOLAI = """
- id: nikolai-patrushev
  name: Nikolai Patrushev
  aliases: [Patrushev]
  country: RU
"""


def check_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["--root", str(project), "check", "--as-of", "2025-11-16"])
    return [line for line in capsys.readouterr().out.splitlines() if "[stale-status]" not in line]


def append(project: Path, relative: str, text: str) -> None:
    path = project / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_nikolai_with_the_surname_marked_ambiguous(project: Path) -> None:
    people = project / "entities" / "people.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(
        text.replace("aliases: [Patrushev]", "ambiguous_aliases: [Patrushev]")
        + NIKOLAI.replace("aliases:", "ambiguous_aliases:"),
        encoding="utf-8",
    )


# --- Names two entries share -------------------------------------------------------------------


def test_an_alias_two_people_share_is_an_error_at_both(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(project, "entities/people.yml", NIKOLAI)
    errors = [line for line in check_lines(project, capsys) if "[shared-name]" in line]
    assert errors == [
        "entities/people.yml:6:13: error: aliases[0]: 'Patrushev' also names "
        "'nikolai-patrushev' at entities/people.yml:31:13. If both are really called that, "
        "move it to ambiguous_aliases in each entry, so it is never matched alone; otherwise "
        "remove it from one [shared-name]",
        "entities/people.yml:31:13: error: aliases[0]: 'Patrushev' also names "
        "'dmitry-patrushev' at entities/people.yml:6:13. If both are really called that, "
        "move it to ambiguous_aliases in each entry, so it is never matched alone; otherwise "
        "remove it from one [shared-name]",
    ]


def test_an_alias_marked_ambiguous_in_both_is_accepted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_nikolai_with_the_surname_marked_ambiguous(project)
    lines = check_lines(project, capsys)
    assert not [line for line in lines if "shared-name" in line or "error" in line], lines


FOLDED = (
    "names are compared ignoring letter case, spacing and compatibility forms of letters "
    "(full-width letters, ligatures)"
)


@pytest.mark.parametrize(
    ("repeat", "why"),
    [
        ("Narendra Modi", ""),
        (
            "Narendra  MODI",
            f"; 'Narendra  MODI' is the same name, written 'Narendra Modi' there: {FOLDED}",
        ),
        (
            "narendra modi",
            f"; 'narendra modi' is the same name, written 'Narendra Modi' there: {FOLDED}",
        ),
        (
            "Ｎarendra Modi",
            f"; 'Ｎarendra Modi' is the same name, written 'Narendra Modi' there: {FOLDED}",
        ),
    ],
    ids=["same", "case-and-spacing", "lower-case", "full-width"],
)
def test_a_name_repeated_within_one_entry_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str], repeat: str, why: str
) -> None:
    people = project / "entities" / "people.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("[Modi]", f"[Modi, {repeat}]"), encoding="utf-8")
    assert [line for line in check_lines(project, capsys) if "[repeated-name]" in line] == [
        "entities/people.yml:11:19: error: aliases[1]: 'narendra-modi' already goes by "
        f"'Narendra Modi' at entities/people.yml:10:9{why}. Delete the repeat [repeated-name]"
    ]


def test_a_name_that_differs_by_a_dash_is_not_a_repeat(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = project / "entities" / "people.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("[Modi]", "[Modi, Narendra-Modi]"), encoding="utf-8")
    assert not [line for line in check_lines(project, capsys) if "[repeated-name]" in line]


def test_a_name_shared_by_two_kinds_is_allowed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(project, "entities/topics.yml", "\n- id: putin-topic\n  name: Putin\n")
    assert not [line for line in check_lines(project, capsys) if "[shared-name]" in line]


def test_a_name_shared_by_two_organisations_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(project, "entities/organisations.yml", "\n- id: brics-two\n  name: BRICS\n")
    errors = [line for line in check_lines(project, capsys) if "[shared-name]" in line]
    assert len(errors) == 2
    assert errors[1].startswith("entities/organisations.yml:")
    assert ": error: name: 'BRICS' also names 'brics' at entities/organisations.yml:" in errors[1]
    assert "Give one of them a fuller name" in errors[1]


def test_a_name_shared_in_another_case_says_case_is_ignored(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(project, "entities/organisations.yml", "\n- id: brics-two\n  name: Brics\n")
    errors = [line for line in check_lines(project, capsys) if "[shared-name]" in line]
    assert len(errors) == 2
    assert ": error: name: 'Brics' also names 'brics' at entities/organisations.yml:" in errors[1]
    assert f"; 'Brics' is the same name, written 'BRICS' there: {FOLDED}. Give" in errors[1]


# --- The wrong person ----------------------------------------------------------------------------


def person(name: str, *aliases: str) -> PersonRecord:
    return PersonRecord(id="x", name=name, aliases=list(aliases))


@pytest.mark.parametrize(
    ("text", "named", "others"),
    [
        ("Nikolai Patrushev met them.", False, ("Nikolai Patrushev",)),
        ("N. Patrushev met them.", False, ("N. Patrushev",)),
        ("Dmitry Patrushev met them.", True, ()),
        ("Deputy Prime Minister Patrushev met them.", True, ()),
        ("Mr. Patrushev met them.", True, ()),
        ("Russia's Patrushev met them.", True, ()),
        ("They met in May. Patrushev said so.", True, ()),
        ("Patrushev met them.", True, ()),
        ("Nobody met them.", False, ()),
        ("They met. But Patrushev said no.", True, ()),
        ("They met on Monday. On Monday Patrushev said no.", True, ()),
        ("Both Patrushev and Lavrov spoke.", True, ()),
        ("NSA Patrushev spoke.", True, ()),
        ("D. Patrushev spoke.", True, ()),
        (
            "Security Council Secretary Nikolai Patrushev spoke. Patrushev left.",
            False,
            ("Nikolai Patrushev",),
        ),
    ],
)
def test_a_surname_after_another_given_name_is_someone_else(
    text: str, named: bool, others: tuple[str, ...]
) -> None:
    found = person_in_text(text, person("Dmitry Patrushev", "Patrushev"))
    assert (found.named, found.others) == (named, others)


def test_new_lists_nobody_for_a_surname_next_to_another_given_name(
    project: Path, write_file: WriteFile
) -> None:
    write_file("seeds/synthetic_nikolai.txt", NIKOLAI_ARTICLE)
    assert main(["--root", str(project), "new", "seeds/synthetic_nikolai.txt"]) == 0
    (path,) = project.glob("briefings/2025/2025-11-18-*.yml")
    text = path.read_text(encoding="utf-8")
    assert "  - id: dmitry-patrushev\n" not in text
    assert "  - id: s-jaishankar\n" in text and "  - id: sergey-lavrov\n" in text
    assert (
        "# The article names 'Nikolai Patrushev', not Dmitry Patrushev (dmitry-patrushev): if the "
        "briefing needs them, add them to entities/people.yml first.\n"
    ) in text


def test_new_asks_which_person_an_ambiguous_alias_means(
    project: Path, write_file: WriteFile
) -> None:
    add_nikolai_with_the_surname_marked_ambiguous(project)
    write_file("seeds/synthetic_either.txt", " date 2025-11-18\nSYNTHETIC. Patrushev spoke.\n")
    assert main(["--root", str(project), "new", "seeds/synthetic_either.txt"]) == 0
    (path,) = project.glob("briefings/2025/2025-11-18-*.yml")
    skeleton = path.read_text(encoding="utf-8")
    assert "people: []\n" in skeleton
    assert (
        "# 'Patrushev' alone may mean dmitry-patrushev or nikolai-patrushev: list the one meant.\n"
    ) in skeleton


def test_check_warns_when_the_source_names_another_person_with_the_surname(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write_file("seeds/synthetic_nikolai.txt", NIKOLAI_ARTICLE)
    write_file(
        "briefings/2025/2025-11-18-synthetic-nikolai.yml",
        """
        id: 2025-11-18-synthetic-nikolai
        title: Synthetic meeting in Moscow
        date: 2025-11-18
        source:
          file: synthetic_nikolai.txt
        bottom_line: Synthetic bottom line.
        key_points:
          - text: Synthetic point.
            evidence: met Indian officials in
        background: Synthetic background.
        outlook: Synthetic outlook.
        people:
          - id: sergey-lavrov
          - id: dmitry-patrushev
        """,
    )
    warnings = [line for line in check_lines(project, capsys) if "[person-not-in-source]" in line]
    assert warnings == [
        "briefings/2025/2025-11-18-synthetic-nikolai.yml:14:9: warning: people[1].id: "
        "seeds/synthetic_nikolai.txt never names Dmitry Patrushev; it names 'Nikolai Patrushev'. "
        "If the article means Nikolai Patrushev, add that person to entities/people.yml and list "
        "their id here instead [person-not-in-source]"
    ]


# --- Events to propose ---------------------------------------------------------------------------


def test_new_proposes_events_by_people_place_and_date_as_comments(
    project: Path, write_file: WriteFile
) -> None:
    write_file(
        "seeds/synthetic_talks.txt",
        " date 2025-11-18\nSYNTHETIC. Jaishankar and Lavrov held talks in Moscow yesterday.\n",
    )
    assert main(["--root", str(project), "new", "seeds/synthetic_talks.txt", "--slug", "t"]) == 0
    text = (project / "briefings/2025/2025-11-18-t.yml").read_text(encoding="utf-8")
    events = text[text.index("\nevents") : text.index("\ntopics")]
    assert events == (
        "\nevents: [\n"
        "  # Events the article may report, most reasons first: uncomment each it reports.\n"
        "  # {id: jaishankar-lavrov-moscow-talks-2025, status: "
        '"TODO scheduled, anticipated, held, postponed, on-hold, cancelled"},  '
        "# names S. Jaishankar, Sergey Lavrov; names Moscow; involves IN, RU; "
        "reported for 17 November 2025\n"
        "  ]\n"
    )


def test_new_proposes_no_event_that_sources_date_far_away(
    project: Path, write_file: WriteFile
) -> None:
    write_file(
        "seeds/synthetic_later.txt",
        " date 2026-06-01\nSYNTHETIC. Jaishankar and Lavrov held talks in Moscow yesterday.\n",
    )
    assert main(["--root", str(project), "new", "seeds/synthetic_later.txt", "--slug", "t"]) == 0
    text = (project / "briefings/2026/2026-06-01-t.yml").read_text(encoding="utf-8")
    assert "\nevents: []\n\ntopics" in text and "may report" not in text


def test_new_prelists_an_event_named_exactly(project: Path, write_file: WriteFile) -> None:
    write_file(
        "seeds/synthetic_unga.txt",
        " date 2025-09-28\nSYNTHETIC. Leaders spoke at the 80th UN General Assembly.\n",
    )
    assert main(["--root", str(project), "new", "seeds/synthetic_unga.txt", "--slug", "u"]) == 0
    text = (project / "briefings/2025/2025-09-28-u.yml").read_text(encoding="utf-8")
    assert "events:\n  - id: unga-80\n    status: TODO scheduled, anticipated, held," in text


# --- The source as readers see it ----------------------------------------------------------------


HEADLINE_BRIEFING = """
id: 2025-11-18-synthetic-source
title: Synthetic briefing with a public source
date: 2025-11-18
source:
  file: synthetic_source.txt
  agency: Synthetic Wire
  headline: Ministers *meet* [again] & more
  url: https://news.example.org/a_(b)
bottom_line: Synthetic bottom line.
key_points:
  - text: Synthetic point.
    evidence: The ministers met again
background: Synthetic background.
outlook: Synthetic outlook.
"""


def test_the_source_reads_outlet_date_and_headline_everywhere(
    project: Path, write_file: WriteFile
) -> None:
    write_file("seeds/synthetic_source.txt", "SYNTHETIC. The ministers met again.\n")
    write_file("briefings/2025/2025-11-18-synthetic-source.yml", HEADLINE_BRIEFING)
    result = pipeline.check(project, pipeline.dt.date(2025, 11, 20))
    assert result.corpus is not None, result.diagnostics
    pages = {
        p.uri: p.text for p in pipeline.build_pages(result.corpus, pipeline.dt.date(2025, 11, 20))
    }
    page = pages["briefings/2025-11-18-synthetic-source.md"]
    assert page.endswith(
        "## Source\n\n[Synthetic Wire, 18 November 2025: "
        "*Ministers \\*meet\\* \\[again\\] &amp; more*]"
        "(https://news.example.org/a_%28b%29)\n"
    )
    assert "synthetic_source.txt" not in page
    seed = pages["briefings/2025-11-15-jaishankar-lavrov-moscow-talks.md"]
    assert seed.endswith("## Source\n\nANI, 15 November 2025\n")
    assert "000_ed05fc7602eed4fd" not in seed
    export = json.loads(pages["data/export.json"])
    record = next(b for b in export["briefings"] if b["id"] == "2025-11-18-synthetic-source")
    assert (
        record["source_citation"]
        == "Synthetic Wire, 18 November 2025: Ministers *meet* [again] & more"
    )
    assert record["source_headline"] == "Ministers *meet* [again] & more"
    front_matter = json.loads(page.split("---\n")[1])
    based_on = json.loads(front_matter["json_ld"])["isBasedOn"]
    assert based_on["headline"] == "Ministers *meet* [again] & more"
    assert based_on["name"] == "Synthetic Wire, 18 November 2025: Ministers *meet* [again] & more"
    assert based_on["url"] == "https://news.example.org/a_(b)"
    feed = pages["feeds/briefings.xml"]
    assert (
        '<link rel="via" href="https://news.example.org/a_(b)" title="Synthetic Wire, 18 November '
        '2025: Ministers *meet* [again] &amp; more" />'
    ) in feed
    assert "Source: Synthetic Wire, 18 November 2025: Ministers *meet* [again] &amp; more" in feed
