"""`new` on a second story: names in any case, countries by their short forms, topics named
only in an office title, a name spelled another way, and events far from the article's date.
Every article is synthetic; the registry is the test corpus with the entries of
tests/fixtures/scaffold/ added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, WriteFile
from generator.__main__ import main

FIXTURE = REPO / "tests" / "fixtures" / "scaffold"


def add_second_story(project: Path) -> None:
    for name in ("events.yml", "people.yml"):
        path = project / "entities" / name
        extra = (FIXTURE / name).read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def skeleton(project: Path, write_file: WriteFile, date: str, body: str) -> str:
    """The skeleton `new` writes for a synthetic article dated `date` with this body."""
    write_file("seeds/synthetic_article.txt", f" date {date}\nSYNTHETIC ARTICLE. {body}\n")
    assert main(["--root", str(project), "new", "seeds/synthetic_article.txt", "--slug", "s"]) == 0
    return (project / f"briefings/{date[:4]}/{date}-s.yml").read_text(encoding="utf-8")


def proposal_note(text: str, event: str) -> str:
    """Why the skeleton proposes the event: the comment at the end of its commented item."""
    (line,) = [line for line in text.splitlines() if f"id: {event}" in line]
    assert line.lstrip().startswith("# "), line
    return line.rsplit("  # ", 1)[1]


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


# --- 1. Event names and aliases in any case -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Leaders met at the Alaska Summit on Friday.",
        "THE ALASKA SUMMIT ENDED WITHOUT A DEAL.",
        "Talks at the alaska summit went on for hours.",
        "Reports on the synthetic russia–united states summit in alaska differ.",
    ],
)
def test_an_event_is_listed_by_its_name_or_alias_in_any_case(
    project: Path, write_file: WriteFile, body: str
) -> None:
    add_second_story(project)
    text = skeleton(project, write_file, "2025-08-16", body)
    assert "events:\n  - id: synthetic-alaska-summit\n    status: TODO" in text


# --- 2. Countries by the short forms reporters write ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "countries"),
    [
        ("The US said talks went well.", "US"),
        ("The U.S. said talks went well.", "US"),
        ("Officials in the U.S said talks went well.", "US"),
        ("The U.S.A. said talks went well.", "US"),
        ("The USA said talks went well.", "US"),
        ("U.S.-Russia talks went well.", "RU, US"),
        ("The U.K. and the US said so.", "GB, US"),
        ("The UK said talks went well.", "GB"),
        ("Officials of the UAE said so.", "AE"),
        ("The United States said talks went well.", "US"),
        ("Let us hope, officials said.", ""),
        ("Us and them, one official said.", ""),
        ("They told us. Officials in Latin America agreed.", ""),
        ("The talks, u.s. time, went on.", ""),
    ],
)
def test_a_country_is_read_from_its_short_forms_dotted_or_not_never_from_the_pronoun_us(
    project: Path, write_file: WriteFile, body: str, countries: str
) -> None:
    text = skeleton(project, write_file, "2025-08-16", body)
    assert f"\ncountries: [{countries}]\n" in text


# --- 3. A topic word in an office title ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "office"),
    [
        ("Defence Minister Andrei Synthetic attended the talks.", "Defence Minister"),
        ("The Minister of Defence attended the talks.", "Minister of Defence"),
        ("The defence ministry said the talks went well.", "defence ministry"),
        ("A Defense\nSecretary attended the talks.", "Defense Secretary"),
        ("Head of Defence Procurement Ivo Synthetic attended.", "Head of Defence Procurement"),
        ("Defence Minister Andrei Synthetic spoke about defence cooperation.", None),
        ("The talks covered defence.", None),
        ("The Defence Ministry spoke. Defense spending will rise.", None),
    ],
)
def test_a_topic_named_only_in_an_office_title_is_noted_not_listed(
    project: Path, write_file: WriteFile, body: str, office: str | None
) -> None:
    """Listed when the article names it once outside an office title as well."""
    add_second_story(project)
    text = skeleton(project, write_file, "2025-08-16", body)
    if office is None:
        assert "\ntopics: [defence]\n" in text and "only in an office title" not in text
    else:
        assert (
            "\ntopics: []\n# Topic defence only in an office title "
            f"({office!r}): add it if the article is about it.\n"
        ) in text


# --- 4. A registry name spelled another way ------------------------------------------------------

REGISTERED = {
    "sergey-lavrov": "Sergey Lavrov",
    "dmitry-patrushev": "Dmitry Patrushev",
    "aleksey-synthetov": "Aleksey Synthetov",
    "yury-fictitiov": "Yury Fictitiov",
}
SPELLINGS = [
    ("Sergei Lavrov", "sergey-lavrov"),
    ("Dmitri Patrushev", "dmitry-patrushev"),
    ("Dmitriy Patrushev", "dmitry-patrushev"),
    ("Alexei Synthetov", "aleksey-synthetov"),
    ("Yuri Fictitiov", "yury-fictitiov"),
]


@pytest.mark.parametrize(("written", "identifier"), SPELLINGS)
def test_new_asks_for_an_alias_for_a_name_spelled_another_way(
    project: Path, write_file: WriteFile, written: str, identifier: str
) -> None:
    add_second_story(project)
    text = skeleton(project, write_file, "2025-08-16", f"{written} met officials on Friday.")
    assert (
        f"add {written!r} to the aliases of {identifier} in entities/people.yml and list it.\n"
    ) in text
    assert f"The article names {written!r}, not" not in text


def person_warning(
    project: Path,
    write_file: WriteFile,
    capsys: pytest.CaptureFixture[str],
    written: str,
    identifier: str,
) -> str:
    """The one `person-not-in-source` warning `check` gives a synthetic briefing that lists
    `identifier` for an article that names `written`."""
    write_file("seeds/synthetic_spelling.txt", f"SYNTHETIC. {written} met officials in Moscow.\n")
    write_file(
        "briefings/2025/2025-11-18-synthetic-spelling.yml",
        f"""
        id: 2025-11-18-synthetic-spelling
        title: Synthetic meeting in Moscow
        date: 2025-11-18
        source:
          file: synthetic_spelling.txt
        bottom_line: Synthetic bottom line.
        key_points:
          - text: Synthetic point.
            evidence: met officials in Moscow
        background: Synthetic background.
        outlook: Synthetic outlook.
        people:
          - id: {identifier}
        """,
    )
    main(["--root", str(project), "check", "--as-of", "2025-11-20"])
    (warning,) = [
        line for line in capsys.readouterr().out.splitlines() if "[person-not-in-source]" in line
    ]
    return warning


@pytest.mark.parametrize(
    ("written", "identifier"), [*SPELLINGS, ("Nikolai Patrushev", "dmitry-patrushev")]
)
def test_check_asks_for_an_alias_only_for_a_name_spelled_another_way(
    project: Path,
    write_file: WriteFile,
    capsys: pytest.CaptureFixture[str],
    written: str,
    identifier: str,
) -> None:
    add_second_story(project)
    warning = person_warning(project, write_file, capsys, written, identifier)
    if written.startswith("Nikolai"):
        assert "add that person to entities/people.yml" in warning
    else:
        assert warning.endswith(
            f"If {written!r} is {REGISTERED[identifier]}, add "
            f"{written!r} to the aliases of {identifier} in entities/people.yml "
            "[person-not-in-source]"
        )


def test_check_names_the_registered_person_the_article_means_never_asks_to_add_them(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    """The registry holds both Patrushevs: listing Dmitry for an article that names Nikolai
    asks for Nikolai's id, not for a new registry entry."""
    add_second_story(project)
    people = project / "entities" / "people.yml"
    extra = (FIXTURE / "december" / "entities" / "people.yml").read_text(encoding="utf-8")
    people.write_text(people.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    warning = person_warning(project, write_file, capsys, "Nikolai Patrushev", "dmitry-patrushev")
    assert warning.endswith(
        "If the article means Nikolai Patrushev, list nikolai-patrushev here instead of "
        "dmitry-patrushev [person-not-in-source]"
    )


# --- 5. Events far from the article's date -------------------------------------------------------


def add_budapest_report(project: Path, write_file: WriteFile) -> None:
    """A report of 16 October 2025 of a summit in Budapest planned with no date."""
    add_second_story(project)
    write_file("seeds/synthetic_budapest.txt", "SYNTHETIC. Leaders plan a summit in Budapest.\n")
    target = project / "briefings/2025/2025-10-16-synthetic-budapest.yml"
    shutil.copy2(FIXTURE / "budapest-briefing.yml", target)


BUDAPEST_PEOPLE = "Putin and Lavrov spoke about Hungary and Russia."


@pytest.mark.parametrize("date", ["2025-06-01", "2025-08-14", "2026-03-01"])
def test_an_event_reported_months_away_is_not_proposed_from_names_alone(
    project: Path, write_file: WriteFile, date: str
) -> None:
    add_budapest_report(project, write_file)
    text = skeleton(project, write_file, date, BUDAPEST_PEOPLE)
    assert "synthetic-budapest-summit" not in text


@pytest.mark.parametrize(
    ("date", "body", "report", "when"),
    [
        ("2025-10-20", BUDAPEST_PEOPLE, True, "; in a report of 16 October 2025"),
        ("2025-10-16", BUDAPEST_PEOPLE, True, "; in a report of 16 October 2025"),
        (
            "2025-09-20",
            "Putin said Lavrov met Hungary's envoy.",
            True,
            "; in a report of 16 October 2025",
        ),
        ("2026-03-01", BUDAPEST_PEOPLE, False, ""),
    ],
)
def test_an_event_reported_near_the_article_or_never_dated_is_proposed(
    project: Path, write_file: WriteFile, date: str, body: str, report: bool, when: str
) -> None:
    """An event nobody has reported yet is proposed on two reasons, as before."""
    if report:
        add_budapest_report(project, write_file)
    else:
        add_second_story(project)
    text = skeleton(project, write_file, date, body)
    note = proposal_note(text, "synthetic-budapest-summit")
    assert note.startswith("names Vladimir Putin, Sergey Lavrov")
    assert note.endswith(when or "; involves HU, RU")


@pytest.mark.parametrize(
    "body",
    ["The Synthetic Budapest Summit was called off.", "THE SYNTHETIC BUDAPEST SUMMIT IS OFF."],
)
def test_an_event_named_is_listed_whatever_its_dates(
    project: Path, write_file: WriteFile, body: str
) -> None:
    add_budapest_report(project, write_file)
    text = skeleton(project, write_file, "2026-03-01", body)
    assert "events:\n  - id: synthetic-budapest-summit\n" in text
