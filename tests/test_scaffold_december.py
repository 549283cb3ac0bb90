"""`new` on agency articles: the dateline's agency and the headline filled in, proposals that
stay valid YAML whatever is uncommented, ranked by what agrees with weak reasons said, the most
precise date known, and nobody the registry has suggested for adding. Every article is
synthetic (tests/fixtures/scaffold/december/); the registry is the test corpus with the
entries there added."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Collection
from pathlib import Path

import pytest
import yaml

from conftest import REPO, WriteFile
from generator.__main__ import main
from generator.build import pipeline
from generator.core.escaping import yaml_text
from generator.inputs.load import parse_yaml
from generator.inputs.scaffold import in_past_clause, read_opening, reported_for
from generator.story.models import DateSpan

FIXTURE = REPO / "tests" / "fixtures" / "scaffold" / "december"
ARTICLES = {
    "ians": "2025-11-20",
    "ani": "2025-12-08",
    "reuters": "2025-12-08",
    "afp": "2025-12-08",
    "no_dateline": "2025-12-08",
}


def add_december_story(project: Path) -> None:
    for name in ("events.yml", "people.yml"):
        path = project / "entities" / name
        extra = (FIXTURE / "entities" / name).read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    for seed in (FIXTURE / "seeds").iterdir():
        shutil.copy2(seed, project / "seeds" / seed.name)
    for briefing in (FIXTURE / "briefings" / "2025").iterdir():
        shutil.copy2(briefing, project / "briefings" / "2025" / briefing.name)


def new_skeleton(project: Path, article: str) -> tuple[Path, str]:
    """The path and text of the skeleton `new` writes for one fixture article."""
    add_december_story(project)
    slug = article.replace("_", "-")
    source = f"seeds/synthetic_{article}.txt"
    assert main(["--root", str(project), "new", source, "--slug", slug]) == 0
    path = project / "briefings" / "2025" / f"{ARTICLES[article]}-{slug}.yml"
    return path, path.read_text(encoding="utf-8")


def proposals(text: str) -> list[tuple[str, str]]:
    """(event id, why) of each commented proposal, in the skeleton's order."""
    found = re.findall(r"(?m)^ *# (?:- id: |\{id: )([\w-]+).*?  # (.*)$", text)
    return [(event, why) for event, why in found]


# --- 1. The dateline's agency and the headline --------------------------------------------------


@pytest.mark.parametrize(
    ("article", "agency", "headline"),
    [
        ("ians", "IANS", "Synthetic foreign ministers end talks on a trade corridor"),
        ("ani", "ANI", None),
        ("reuters", "Reuters", "Synthetic minister says talks with India will resume"),
        ("afp", "AFP", "Synthetic summit plans draw questions in two capitals"),
        ("no_dateline", None, None),
    ],
)
def test_new_fills_the_agency_of_the_dateline_and_the_headline(
    project: Path, article: str, agency: str | None, headline: str | None
) -> None:
    _, text = new_skeleton(project, article)
    source = text[text.index("\nsource:\n") : text.index("\nbottom_line")]
    assert (f"  agency: {agency}\n" if agency else "  agency: TODO the credited") in source
    assert (f"  headline: {headline}\n" if headline else "  headline: TODO the article's") in (
        source
    )


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("New Delhi, Dec 4 (IANS) Body.", "IANS"),
        ("NEW DELHI, Dec. 4 (IANS) Body.", "IANS"),
        ("New Delhi [India], December 5 (ANI): Body.", "ANI"),
        ("MOSCOW (Reuters) - Body.", "Reuters"),
        ("WASHINGTON, Dec 4, 2025 (AP) - Body.", "AP"),
        ("Paris (AFP) — Body.", "AFP"),
        ("(AFP) - Body.", "AFP"),
        (" date 2025-12-04\n\nA headline of four words\n\nMOSCOW (Reuters) - Body.", "Reuters"),
        ("Body first.\n\nBased on an ANI report", "ANI"),
        # A parenthesised word in the body is no dateline: an office's short form, or an
        # agency quoted further down.
        ("External Affairs Minister (EAM) S Jaishankar said so.", None),
        ("One.\n\nTwo.\n\nThree.\n\nRussia's agency (TASS) - said so.", None),
        ("Officials met (Moscow) on Monday.", None),
    ],
)
def test_the_agency_comes_from_the_dateline_or_the_credit_only(
    text: str, agency: str | None
) -> None:
    assert read_opening(text).agency == agency


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            " date 2025-12-04\n\nSynthetic talks end in Moscow\n\nBody.",
            "Synthetic talks end in Moscow",
        ),
        ("Will synthetic talks resume soon?\n\nBody.", "Will synthetic talks resume soon?"),
        # Not a headline: a sentence, a hard-wrapped first line, a byline, nothing after it,
        # two words, two sentences.
        ("Synthetic talks ended in Moscow.\n\nBody.", None),
        ("Synthetic talks ended in Moscow on\nMonday, officials said.\n\nBody.", None),
        ("By A Synthetic Reporter\n\nBody.", None),
        ("Synthetic talks end in Moscow\n", None),
        ("Talks end\n\nBody.", None),
        ("SYNTHETIC. Talks end in Moscow\n\nBody.", None),
        ("TODO write the headline here\n\nBody.", None),
    ],
)
def test_a_headline_is_taken_only_when_the_first_line_reads_as_one(
    text: str, headline: str | None
) -> None:
    assert read_opening(text).headline == headline


@pytest.mark.parametrize(
    "value",
    ["ANI", "Reuters", "NO", "null", "Talks: what next", 'A "quoted" word', "#1 story", "a\\b"],
)
def test_a_filled_value_reads_back_as_the_same_text(value: str) -> None:
    assert yaml.safe_load(f"key: {yaml_text(value)}\n") == {"key": value}


@pytest.mark.parametrize(
    "headline", ['Lavrov: talks "will resume" soon', "Talks #2 # resume in Moscow", "No more talks"]
)
def test_a_filled_headline_reads_back_word_for_word(
    project: Path, write_file: WriteFile, headline: str
) -> None:
    write_file(
        "seeds/synthetic_quoted.txt", f" date 2025-12-08\n\n{headline}\n\nSYNTHETIC. Body.\n"
    )
    assert main(["--root", str(project), "new", "seeds/synthetic_quoted.txt", "--slug", "q"]) == 0
    path = project / "briefings/2025/2025-12-08-q.yml"
    document, problems = parse_yaml(path.read_bytes(), path.name)
    assert problems == [] and document is not None
    assert document.data["source"]["headline"] == headline


def test_new_invents_no_year_for_a_dateline_without_one(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write_file("seeds/synthetic_undated.txt", "New Delhi, Dec 4 (IANS) SYNTHETIC. Talks end.\n")
    assert main(["--root", str(project), "new", "seeds/synthetic_undated.txt"]) == 1
    assert "Pass --date YYYY-MM-DD" in capsys.readouterr().out


# --- 2. Uncommented proposals stay valid YAML ---------------------------------------------------


def uncomment(text: str, events: Collection[str]) -> str:
    """The skeleton with the commented items of these events uncommented, as an editor's
    toggle-comment does: the first '# ' of each of their lines removed."""
    lines = text.split("\n")
    for at, line in enumerate(lines):
        match = re.match(r"( *)# ( *(?:- id: |\{id: )([\w-]+).*)", line)
        if match is None or match[3] not in events:
            continue
        lines[at] = match[1] + match[2]
        indent = match[1]
        if at + 1 < len(lines) and lines[at + 1].startswith(f"{indent}#   "):
            lines[at + 1] = indent + lines[at + 1][len(indent) + 2 :]
    return "\n".join(lines)


SUBSETS = {"none": slice(0, 0), "first": slice(0, 1), "last": slice(-1, None), "all": slice(None)}


@pytest.mark.parametrize("subset", SUBSETS)
@pytest.mark.parametrize(("article", "listed"), [("ians", []), ("ani", ["unga-80"])])
def test_uncommenting_any_proposals_leaves_only_the_placeholders_to_fill(
    project: Path, article: str, listed: list[str], subset: str
) -> None:
    path, text = new_skeleton(project, article)
    proposed = [event for event, _ in proposals(text)]
    assert len(proposed) >= 2
    chosen = proposed[SUBSETS[subset]]
    path.write_text(uncomment(text, chosen), encoding="utf-8")
    document, problems = parse_yaml(path.read_bytes(), path.name)
    assert problems == [] and document is not None
    assert [event["id"] for event in document.data["events"]] == [*listed, *chosen]
    result = pipeline.check(project, dt.date(2025, 12, 31))
    mine = [d for d in result.diagnostics if d.path.endswith(path.name)]
    assert mine and {d.code for d in mine} == {"placeholder"}


# --- 3. Ranking, weak reasons, and the dateline's place -----------------------------------------


def test_a_proposal_on_weak_reasons_ranks_below_one_on_several(project: Path) -> None:
    _, text = new_skeleton(project, "ians")
    assert proposals(text) == [
        (
            "jaishankar-lavrov-moscow-talks-2025",
            "names S. Jaishankar, Sergey Lavrov; names Moscow; involves IN, RU; "
            "reported for 17 November 2025",
        ),
        (
            "synthetic-chennai-forum-2025",
            "involves IN, RU; reported for 20 November 2025; weak: names Narendra Modi only "
            "in a clause about the past; names Chennai only in a clause about the past",
        ),
        (
            "putin-india-visit-2025",
            "involves IN, RU; reported for 4–5 December 2025 (one report: December 2025); "
            "weak: names Narendra Modi only in a clause about the past",
        ),
    ]


@pytest.mark.parametrize("article", ["ians", "ani"])
def test_a_place_named_only_in_the_dateline_is_no_reason(project: Path, article: str) -> None:
    """Both articles open with a New Delhi dateline, and only there name the city of the
    synthetic security talks that a briefing dates near them."""
    _, text = new_skeleton(project, article)
    assert "synthetic-security-talks-2025" not in text


def test_a_place_named_alone_in_a_clause_about_the_past_is_marked_weak(project: Path) -> None:
    _, text = new_skeleton(project, "ani")
    found = dict(proposals(text))
    assert found["jaishankar-lavrov-moscow-talks-2025"].endswith(
        "; weak: names only its place, Moscow, in a clause about the past"
    )
    assert [event for event, _ in proposals(text)][-1] == "jaishankar-lavrov-moscow-talks-2025"


@pytest.mark.parametrize(
    ("text", "name", "past"),
    [
        ("Modi visited Moscow last year.", "Moscow", True),
        ("Modi had met Putin in Moscow.", "Moscow", True),
        ("In 2024, Modi visited Moscow.", "Moscow", True),
        ("Earlier, Modi went to Moscow.", "Moscow", True),
        ("Putin, who visited India years ago, will come to Moscow.", "India", True),
        ("Putin, who visited India years ago, will come to Moscow.", "Moscow", False),
        ("Modi will visit Moscow on Friday.", "Moscow", False),
        ("In 2025, Modi will visit Moscow.", "Moscow", False),
        ("Modi went to Moscow last year. Putin comes to Delhi on Friday.", "Delhi", False),
        ("In New Delhi on Friday, Modi spoke of a visit to Moscow last year.", "Delhi", False),
    ],
)
def test_a_clause_about_the_past(text: str, name: str, past: bool) -> None:
    start = text.index(name)
    assert in_past_clause(text, start, start + len(name), 2025) is past


# --- 4. The most precise date known --------------------------------------------------------------


def test_the_most_precise_date_briefings_give_is_shown(project: Path) -> None:
    _, text = new_skeleton(project, "ani")
    found = dict(proposals(text))
    assert (
        "reported for 4–5 December 2025 (one report: December 2025)"
        in (found["putin-india-visit-2025"])
    )


def spans(*texts: str) -> list[DateSpan]:
    return [DateSpan.parse(text) for text in texts]


@pytest.mark.parametrize(
    ("reported", "shown"),
    [
        (["2025-12-04/2025-12-05"], "4–5 December 2025"),
        (["2025-12", "2025-12-04/2025-12-05"], "4–5 December 2025 (one report: December 2025)"),
        (
            ["2025-12", "2025-12", "2025-12-04", "2025-12-04/2025-12-05"],
            "4 December 2025 (two reports: December 2025; one report: 4–5 December 2025)",
        ),
        (
            ["2025", "2025-12", "2025-12-01", "2025-12-02", "2025-12-03"],
            "3 December 2025 (one report: 1 December 2025; one report: 2 December 2025; "
            "two other dates)",
        ),
        # A precise date far from the article does not hide one near it.
        (["2025-12", "2026-06-01"], "December 2025 (one report: 1 June 2026)"),
    ],
)
def test_the_date_shown_is_the_most_precise_near_one_and_the_others_are_said(
    reported: list[str], shown: str
) -> None:
    assert reported_for(dt.date(2025, 12, 8), spans(*reported)) == shown


# --- 5. Nobody the registry has is suggested for adding ------------------------------------------


@pytest.mark.parametrize(
    ("body", "note"),
    [
        ("Nikolai Patrushev met officials on Friday.", None),
        ("Nikolai Patrushev met officials. Patrushev spoke later.", None),
        (
            "Nikolay Patrushev met officials on Friday.",
            "# The article names 'Nikolay Patrushev', which may be Nikolai Patrushev "
            "(nikolai-patrushev) spelled another way: if so, add 'Nikolay Patrushev' to the "
            "aliases of nikolai-patrushev in entities/people.yml and list it.",
        ),
        (
            "N. Patrushev met officials on Friday.",
            "# The article names 'N. Patrushev', which may be Nikolai Patrushev "
            "(nikolai-patrushev) spelled another way: if so, add 'N. Patrushev' to the "
            "aliases of nikolai-patrushev in entities/people.yml and list it.",
        ),
        (
            "Andrei Patrushev met officials on Friday.",
            "# The article names 'Andrei Patrushev', not Dmitry Patrushev (dmitry-patrushev): "
            "if the briefing needs them, add them to entities/people.yml first.",
        ),
    ],
)
def test_a_registered_person_named_another_way_is_never_suggested_for_adding(
    project: Path, write_file: WriteFile, body: str, note: str | None
) -> None:
    add_december_story(project)
    write_file("seeds/synthetic_people.txt", f" date 2025-12-08\nSYNTHETIC ARTICLE. {body}\n")
    assert main(["--root", str(project), "new", "seeds/synthetic_people.txt", "--slug", "p"]) == 0
    text = (project / "briefings/2025/2025-12-08-p.yml").read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if line.startswith("# The article names")]
    assert notes == ([note] if note else [])
    if "Nikolai Patrushev" in body:
        assert "  - id: nikolai-patrushev\n" in text
