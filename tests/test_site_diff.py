"""The report of what a pull request changes on the site (`python -m generator site-diff`)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import SEED_BRIEFING, SEED_ID, WriteFile, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.core.diagnostics import format_text, markdown_table, warning
from generator.inputs.load import content_digests
from generator.outputs import site_diff
from generator.outputs.site_diff import (
    MAX_BRIEFING_DIFFS,
    MAX_DIFF_LINES,
    MAX_DIFFS,
    MAX_DIFFS_PER_KIND,
    MAX_EVENTS,
    MAX_LISTED,
    MAX_NEW_PAGE_LINES,
    MAX_PROBLEMS,
    Note,
    compare,
    report,
)
from generator.pages.render import without_front_matter
from test_story import STORY, add_story

SEED_PAGE = f"briefings/{SEED_ID}.md"
SEED_TITLE = "Jaishankar and Lavrov to hold talks in Moscow on 17 November"
SYNTHETIC_ID = "2025-11-18-synthetic-site-diff"
HOSTILE = "briefings/`x`|<img src=x>[a](b)*_\r\n# h\u2028.md"


def fenced_blocks(markdown: str) -> list[tuple[str, list[str]]]:
    """(info string, lines) of each fenced code block, closed as CommonMark closes them: by a
    line of at most 3 spaces and at least as many backticks as opened it, and nothing else."""
    blocks: list[tuple[str, list[str]]] = []
    lines = iter(markdown.split("\n"))
    for line in lines:
        opening = re.fullmatch(r" {0,3}(`{3,})([^`]*)", line)
        if not opening:
            continue
        closing = re.compile(rf" {{0,3}}`{{{len(opening[1])},}} *")
        body = []
        for inner in lines:
            if closing.fullmatch(inner):
                break
            body.append(inner)
        blocks.append((opening[2], body))
    return blocks


def list_items(markdown: str) -> list[str]:
    return [line[2:] for line in markdown.split("\n") if line.startswith("- ")]


def test_pages_are_sorted_into_added_changed_and_removed() -> None:
    old = {"b.md": "same\n", "c.md": "old\n", "d.md": "gone\n"}
    new = {"b.md": "same\n", "c.md": "new\n", "a.md": "new page\n", "e.md": "another\n"}
    assert compare(old, new) == site_diff.PageChanges(
        added=("a.md", "e.md"), changed=("c.md",), removed=("d.md",), unchanged=1
    )


def test_the_whole_report_of_a_small_change() -> None:
    old = {"index.md": "Home\n", f"briefings/{SEED_ID}.md": "# Title\n\nText.\n", "x.md": "x\n"}
    new = {"index.md": "Home, new\n", f"briefings/{SEED_ID}.md": "# New title\n\nText.\n"}
    assert report(old, new, [Note("A note of ours.")]) == (
        "## Site changes in this pull request\n"
        "\n"
        "A note of ours.\n"
        "\n"
        "### Pages: 0 added, 2 changed, 1 removed, 0 unchanged.\n"
        "\n"
        "#### Changed pages (2)\n"
        "\n"
        "- briefings\\/2025\\-11\\-15\\-jaishankar\\-lavrov\\-moscow\\-talks\\.md\n"
        "- index\\.md\n"
        "\n"
        "#### Removed pages (1)\n"
        "\n"
        "- x\\.md\n"
        "\n"
        "### Diffs of the added and changed pages\n"
        "\n"
        "#### Briefing pages (1)\n"
        "\n"
        f"<details><summary>briefings/{SEED_ID}.md (changed)</summary>\n"
        "\n"
        "```diff\n"
        "@@ -1,3 +1,3 @@\n"
        "-# Title\n"
        "+# New title\n"
        " \n"
        " Text.\n"
        "```\n"
        "\n"
        "</details>\n"
        "\n"
        "#### Home, timeline and upcoming (1)\n"
        "\n"
        "<details><summary>index.md (changed)</summary>\n"
        "\n"
        "```diff\n"
        "@@ -1 +1 @@\n"
        "-Home\n"
        "+Home, new\n"
        "```\n"
        "\n"
        "</details>\n"
    )


def test_no_change_says_so() -> None:
    pages = {"index.md": "Home\n", "briefings/a.md": "A\n"}
    assert report(pages, dict(pages)) == (
        "## Site changes in this pull request\n\nNo generated page changes (2 pages compared).\n"
    )


def test_an_added_page_of_every_kind_is_shown_whole() -> None:
    text = report({}, {"briefings/new.md": "# New\n\nBody.\n", "topics/t.md": "T\n"})
    assert fenced_blocks(text) == [
        ("diff", ["@@ -0,0 +1,3 @@", "+# New", "+", "+Body."]),
        ("diff", ["@@ -0,0 +1 @@", "+T"]),
    ]
    assert "\n#### Briefing pages (1)\n\n<details><summary>briefings/new.md (added)" in text
    assert "\n#### Topic pages (1)\n\n<details><summary>topics/t.md (added)" in text
    assert list_items(text) == ["briefings\\/new\\.md", "topics\\/t\\.md"]


def test_lists_are_capped_with_a_count_of_the_rest() -> None:
    new = {f"topics/t{number:03}.md": "T\n" for number in range(MAX_LISTED + 7)}
    text = report({}, new)
    items = list_items(text)
    assert len(items) == MAX_LISTED
    assert items[0] == "topics\\/t000\\.md"
    assert items[-1] == f"topics\\/t{MAX_LISTED - 1:03}\\.md"
    # A paragraph of its own, after a blank line: not a lazy continuation of the last item.
    assert f"{items[-1]}\n\n… and 7 more\n" in text


def test_a_long_diff_is_cut_and_says_so() -> None:
    old = {"briefings/a.md": "".join(f"old {n}\n" for n in range(100))}
    new = {"briefings/a.md": "".join(f"new {n}\n" for n in range(100))}
    text = report(old, new)
    [(_, lines)] = fenced_blocks(text)
    assert len(lines) == MAX_DIFF_LINES
    assert lines[:3] == ["@@ -1,100 +1,100 @@", "-old 0", "-old 1"]
    assert f"Diff cut at {MAX_DIFF_LINES} of 201 lines." in text


def test_long_lines_are_cut_and_say_so() -> None:
    text = report({"briefings/a.md": "short\n"}, {"briefings/a.md": "y" * 5000 + "\n"})
    [(_, lines)] = fenced_blocks(text)
    assert lines[2] == "+" + "y" * (site_diff.MAX_LINE_CHARS - 1)
    assert f"Lines longer than {site_diff.MAX_LINE_CHARS} characters are cut." in text


def test_diffs_are_capped_per_kind_and_in_all() -> None:
    new = {f"briefings/b{n:02}.md": f"B {n}\n" for n in range(MAX_BRIEFING_DIFFS + 3)}
    for folder in ("events", "people", "topics"):
        new |= {f"{folder}/p{n:02}.md": f"P {n}\n" for n in range(MAX_DIFFS_PER_KIND + 2)}
    text = report({}, new)
    shown = re.findall(r"<summary>(.*?) \(added\)</summary>", text)
    kinds = [uri.split("/")[0] for uri in shown]
    # Briefings first, then events: what a pull request writes, and what readers are told.
    assert kinds == (
        ["briefings"] * MAX_BRIEFING_DIFFS
        + ["events"] * MAX_DIFFS_PER_KIND
        + ["people"] * (MAX_DIFFS - MAX_BRIEFING_DIFFS - MAX_DIFFS_PER_KIND)
    )
    assert len(shown) == MAX_DIFFS
    assert "\n3 more of these; their diffs are left out.\n" in text
    assert "\n2 more of these; their diffs are left out.\n" in text
    left = MAX_DIFFS_PER_KIND + 2  # the topics, none shown
    assert f"\nDiffs of {left} more pages are left out (at most {MAX_DIFFS} are shown).\n" in text
    assert "#### Topic pages" not in text


def test_own_pages_come_before_lists_within_a_kind() -> None:
    new = {"people/index.md": "I\n", "people/more/2.md": "M\n", "people/zed.md": "Z\n"}
    shown = re.findall(r"<summary>(.*?) \(added\)</summary>", report({}, new))
    assert shown == ["people/zed.md", "people/index.md", "people/more/2.md"]


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("briefings/2025-11-15-x.md", "briefings"),
        ("briefings/years/2025.md", "briefings"),
        ("countries/india/2025.md", "countries"),
        ("feeds/countries/india.xml", "feeds"),
        ("index.md", ""),
        ("data/export.json", "data"),
    ],
)
def test_a_page_kind_is_its_first_folder(uri: str, kind: str) -> None:
    assert site_diff.page_kind(uri) == kind


def test_a_new_page_is_shown_whole_up_to_its_own_cap() -> None:
    whole = "".join(f"line {n}\n" for n in range(MAX_DIFF_LINES * 2))
    [(_, lines)] = fenced_blocks(report({}, {"briefings/a.md": whole}))
    assert len(lines) == MAX_DIFF_LINES * 2 + 1  # every line, after the hunk header
    longer = "".join(f"line {n}\n" for n in range(MAX_NEW_PAGE_LINES + 10))
    text = report({}, {"briefings/a.md": longer})
    [(_, lines)] = fenced_blocks(text)
    assert len(lines) == MAX_NEW_PAGE_LINES
    assert f"Diff cut at {MAX_NEW_PAGE_LINES} of {MAX_NEW_PAGE_LINES + 11} lines." in text


def test_one_diff_is_capped_in_bytes_whatever_its_lines() -> None:
    page = "".join("\u2028" * 400 + f"{n}\n" for n in range(MAX_NEW_PAGE_LINES))
    text = report({}, {"briefings/a.md": page})
    [(_, lines)] = fenced_blocks(text)
    assert sum(len(line.encode()) + 1 for line in lines) <= site_diff.MAX_DIFF_BYTES
    assert f"Diff cut at {len(lines)} of {MAX_NEW_PAGE_LINES + 1} lines." in text


def test_the_report_stays_under_its_byte_limit_whatever_the_content() -> None:
    # Each line escapes to six times its length: the most a character can grow.
    hostile = "".join("\u2028" * 600 + f"{n}\n" for n in range(MAX_DIFF_LINES))
    new = {f"briefings/{'`' * 150}{number:03}.md": hostile for number in range(MAX_LISTED)}
    text = report({}, new)
    assert len(text.encode("utf-8")) <= site_diff.MAX_REPORT_BYTES
    assert text.endswith("**The rest of this report was left out to keep the summary small.**\n")
    assert text.count("<details>") == text.count("</details>") >= 1


def test_a_tight_byte_limit_still_gives_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_diff, "MAX_REPORT_BYTES", 200)
    text = report({}, {f"topics/t{number:03}.md": "T\n" for number in range(40)})
    assert len(text.encode("utf-8")) <= 200
    assert text.startswith("## Site changes in this pull request\n")
    assert text.endswith("left out to keep the summary small.**\n")


def test_a_folder_of_no_known_kind_is_named_as_literal_text() -> None:
    text = report({}, {"`x`|<b>/a.md": "A\n"})
    assert "\n#### Pages under \\`x\\`\\|&lt;b&gt;/ (1)\n" in text
    plain = report({}, {"\x1b[2J/a.md": "A\n"}, output="text")
    assert "\nPages under \\x1b[2J/ (1):\n" in plain


def test_hostile_page_names_stay_literal_text_on_one_line() -> None:
    text = report({}, {HOSTILE: "x\n"})
    expected = (
        "briefings\\/\\`x\\`\\|&lt;img src\\=x&gt;\\[a\\]\\(b\\)\\*\\_\\\\r\\\\n\\# h\\\\u2028\\.md"
    )
    assert list_items(text) == [expected]
    summary = "briefings/`x`|&lt;img src=x&gt;[a](b)*_\\r\\n# h\\u2028.md (added)"
    assert f"<details><summary>{summary}</summary>" in text
    assert "<img" not in text
    assert not re.search("[\r\u2028\u2029\x85]", text)


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("  indented", "&#32; indented"),
        ("1. ordered", "1\\. ordered"),
        ("> quote & <b>", "&gt; quote &amp; &lt;b&gt;"),
        ("tab\there", "tab\\\\there"),
        ("rtl\u202eexe.md", "rtl\\\\u202eexe\\.md"),
        ("x" * 300, "x" * 199 + "…"),
    ],
)
def test_markdown_text_escapes(name: str, escaped: str) -> None:
    assert site_diff.markdown_text(name) == escaped


def test_changed_lines_cannot_close_the_fence_or_inject_html() -> None:
    old = {"briefings/a.md": "# A\n\nplain\n"}
    body = "# A\n\n   ```\n````````` x\n</details><img src=x onerror=alert(1)>\nlast\rline\n"
    text = report(old, {"briefings/a.md": body})
    [(info, lines)] = fenced_blocks(text)
    assert info == "diff"
    assert lines == [
        "@@ -1,3 +1,6 @@",
        " # A",
        " ",
        "-plain",
        "+   ```",
        "+````````` x",
        "+</details><img src=x onerror=alert(1)>",
        "+last\\rline",
    ]
    assert "\n``````````diff\n" in text  # one backtick more than the longest run
    assert text.count("</details>") == 2  # ours, and the one shown inside the code block


def project_pair(project: Path, write_file: WriteFile, tmp_path: Path) -> Path:
    """A base copy of the fixture project, and `project` edited as a pull request would: the
    seed briefing retitled and a synthetic briefing added."""
    base = copy_project(tmp_path / "base")
    seed = project / "briefings" / "2025" / SEED_BRIEFING.name
    text = seed.read_text(encoding="utf-8")
    assert f"title: {SEED_TITLE}\n" in text
    seed.write_text(text.replace(SEED_TITLE, "Jaishankar and Lavrov meet in Moscow"), "utf-8")
    write_file("seeds/synthetic_site_diff.txt", "SYNTHETIC TEST ARTICLE. BRICS met on energy.\n")
    write_file(
        f"briefings/2025/{SYNTHETIC_ID}.yml",
        f"""
        id: {SYNTHETIC_ID}
        title: Synthetic test briefing for the site diff
        date: 2025-11-18
        source:
          file: synthetic_site_diff.txt
        bottom_line: Synthetic text for tests.
        key_points:
          - text: Synthetic point.
            evidence: BRICS met on energy.
        background: Synthetic background.
        outlook: Synthetic outlook.
        organisations: [brics]
        topics: [energy]
        """,
    )
    return base


def site_diff_output(
    project: Path, base: Path, capsys: pytest.CaptureFixture[str], as_of: str = "2025-11-16"
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(project), "site-diff", "--base", str(base), "--as-of", as_of])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_reports_a_pull_request_on_two_project_copies(
    project: Path, write_file: WriteFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = project_pair(project, write_file, tmp_path)
    # As of the added briefing's own day: a briefing dated later is not on the site yet.
    code, out, _ = site_diff_output(project, base, capsys, "2025-11-18")
    assert code == 0
    assert out.startswith(
        "## Site changes in this pull request\n\n"
        "Both sides generated as of 2025-11-18 by this pull request's generator.\n\n"
    )
    assert (
        "\n#### Added pages (1)\n\n- briefings\\/2025\\-11\\-18\\-synthetic\\-site\\-diff\\.md\n"
        in out
    )
    assert f"- {site_diff.markdown_text(SEED_PAGE)}\n" in out.split("### Changed pages")[1]
    assert "### Removed pages" not in out
    blocks = dict(
        zip(re.findall(r"<summary>(.*?)</summary>", out), fenced_blocks(out), strict=True)
    )
    assert list(blocks)[:3] == [
        f"{SEED_PAGE} (changed)",
        f"briefings/{SYNTHETIC_ID}.md (added)",
        "briefings/index.md (changed)",  # own pages first, then the lists that repeat them
    ]
    _, seed_diff = blocks[f"{SEED_PAGE} (changed)"]
    title_at = seed_diff.index(f"-# {SEED_TITLE}")
    assert seed_diff[title_at + 1] == "+# Jaishankar and Lavrov meet in Moscow"
    # The added page is shown whole, as `generate` writes it.
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-18"]) == 0
    page = (project / "docs" / "briefings" / f"{SYNTHETIC_ID}.md").read_text(encoding="utf-8")
    lines = without_front_matter(page).splitlines()  # the metadata shows in the body
    _, added = blocks[f"briefings/{SYNTHETIC_ID}.md (added)"]
    shown = [f"+{line}"[: site_diff.MAX_LINE_CHARS] for line in lines]
    assert added == [f"@@ -0,0 +1,{len(lines)} @@", *shown]
    assert "Diff cut" not in out


def test_a_base_that_fails_the_check_counts_as_empty(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = copy_project(tmp_path / "base")
    shutil.rmtree(base / "entities")
    code, out, _ = site_diff_output(project, base, capsys)
    assert code == 0
    assert "**The base branch fails this pull request's check (5 errors), so it counts" in out
    assert "0 changed, 0 removed, 0 unchanged." in out
    assert "### Changed pages" not in out
    # Every event is new to the site: each says so, before its status, date and place.
    events = out.split("\n### Events whose status, date or place changes (5)\n")[1]
    assert "| no page → **scheduled** | no page → **17 November 2025** |" in events


def test_a_missing_base_is_a_usage_error(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = site_diff_output(project, tmp_path / "nowhere", capsys)
    assert (code, out) == (2, "")
    assert err == f"error: --base {tmp_path / 'nowhere'} is not a folder\n"


def test_a_pull_request_that_fails_the_check_gets_no_report(
    project: Path, write_file: WriteFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = copy_project(tmp_path / "base")
    write_file("briefings/2025/broken.yml", "id: [unclosed\n")
    code, out, err = site_diff_output(project, base, capsys)
    assert (code, out) == (1, "")
    assert err.startswith("briefings/2025/broken.yml:")
    assert err.endswith("No report: fix the errors above first.\n")


# --- A story: plans that a pull request turns into outcomes -------------------------------------
#
# The base is the fixture corpus, where the Moscow talks are scheduled, Putin's visit anticipated
# and the UNGA meeting held on 27 September; the head adds the story's briefings
# (tests/fixtures/story/), which report the talks and the visit held and the meeting on 26
# September, so that sources differ on its date.

STORY_AS_OF = "2025-12-06"
"""The day of the story's last briefings: the visit, anticipated for December, is not overdue."""
VISIT_HELD = "2025-12-06-synthetic-visit-held"


@pytest.fixture(scope="module")
def story_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("story-diff")
    return copy_project(folder / "base"), add_story(copy_project(folder / "head"))


def story_report(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *options: str
) -> str:
    base, head = story_pair
    capsys.readouterr()
    args = ["--root", str(head), "site-diff", "--base", str(base), "--as-of", STORY_AS_OF]
    assert main([*args, *options]) == 0
    return capsys.readouterr().out


def table_rows(block: str) -> list[list[str]]:
    return [line.strip("| ").split(" | ") for line in block.splitlines() if line.startswith("|")]


def test_the_report_leads_with_each_event_whose_status_date_or_place_changes(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = story_report(story_pair, capsys, "--format", "markdown")
    first = out.split("\n### ")[1]
    heading, _, table = first.partition("\n")
    assert heading == "Events whose status, date or place changes (3)"
    assert table_rows(table) == [
        ["Event", "Status", "Date", "Place"],
        ["---", "---", "---", "---"],
        [
            "Jaishankar–Lavrov meeting at the 80th UN General Assembly",
            "held",
            "27 September 2025 → **26 or 27 September 2025 \\(sources differ\\)**",
            "New York",
        ],
        [
            "Jaishankar–Lavrov talks in Moscow",
            "scheduled\\; no report of the outcome yet → **held**",  # overdue on the base
            "17 November 2025",
            "Moscow",
        ],
        [
            "Vladimir Putin&#39;s visit to India",
            "anticipated → **held**",
            "December 2025 → **4–5 December 2025**",
            "India → **New Delhi**",
        ],
    ]


def test_events_are_told_in_the_words_of_their_pages(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = story_report(story_pair, capsys, "--format", "text")
    base, head = story_pair
    for project in (base, head):
        assert main(["--root", str(project), "generate", "--as-of", STORY_AS_OF]) == 0
    capsys.readouterr()
    for uri, event_id in (
        ("events/putin-india-visit-2025.md", "putin-india-visit-2025"),
        ("events/jaishankar-lavrov-unga80-meeting.md", "jaishankar-lavrov-unga80-meeting"),
    ):
        shown = {}
        for side, project in (("before", base), ("after", head)):
            page = (project / "docs" / uri).read_text(encoding="utf-8")
            for fact in ("Date", "Status"):
                line = re.search(
                    rf"^- \*\*{fact}:\*\* (.*?)(?:, as reported by|: see|$)", page, re.M
                )
                assert line is not None
                shown[side, fact.lower()] = line[1]
        block = out.split(f"({event_id})\n")[1].split("\n\n")[0].splitlines()
        for fact, said in zip(("status", "date"), block, strict=False):
            before, after = shown["before", fact], shown["after", fact]
            assert said == f"    {fact}: {after if before == after else f'{before} → {after}'}"
        assert shown["before", "date"] != shown["after", "date"]  # both events' dates change


def test_in_a_terminal_the_report_is_plain_text(
    story_pair: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    out = story_report(story_pair, capsys)
    assert out == story_report(story_pair, capsys, "--format", "text")
    assert out.startswith("Site changes in this pull request\n=================================\n")
    lines = out.splitlines()
    visit = lines.index("Vladimir Putin's visit to India (putin-india-visit-2025)")
    assert lines[visit + 1 : visit + 4] == [
        "    status: anticipated → held",
        "    date: December 2025 → 4–5 December 2025",
        "    place: India → New Delhi",
    ]
    assert "    date: 27 September 2025 → 26 or 27 September 2025 (sources differ)" in lines
    assert f"  briefings/{VISIT_HELD}.md" in lines
    assert f"briefings/{VISIT_HELD}.md (added):" in lines
    # No Markdown escapes before the diffs, which show the pages' own text.
    assert "\\" not in out.split("\nDiffs of the added and changed pages\n")[0]


def test_without_a_terminal_the_report_is_markdown(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = story_report(story_pair, capsys)
    assert out == story_report(story_pair, capsys, "--format", "markdown")
    assert out.startswith("## Site changes in this pull request\n")


def test_a_new_briefing_is_shown_down_to_its_events(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = story_report(story_pair, capsys, "--format", "markdown")
    blocks = dict(
        zip(re.findall(r"<summary>(.*?)</summary>", out), fenced_blocks(out), strict=True)
    )
    _, added = blocks[f"briefings/{VISIT_HELD}.md (added)"]
    events = added.index("+## Events")
    assert any("Vladimir Putin's visit to India" in line for line in added[events:])
    assert "+## Source" in added[events:]


def test_pages_of_every_kind_are_diffed(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = story_report(story_pair, capsys, "--format", "markdown")
    blocks = dict(
        zip(re.findall(r"<summary>(.*?)</summary>", out), fenced_blocks(out), strict=True)
    )
    _, visit = blocks["events/putin-india-visit-2025.md (changed)"]
    assert "-- **Date:** December 2025" in visit
    assert "+- **Date:** 4–5 December 2025" in visit
    kinds = re.findall(r"\n#### (.*?) \(\d+\)\n", out.split("### Diffs of the added")[1])
    assert kinds == [
        "Briefing pages",
        "Event pages",
        "Country pages",
        "Person pages",
        "Pages of two countries",
        "Home, timeline and upcoming",
        "Feeds and the calendar",
        "Data export",
    ]


def test_the_checks_problems_in_the_changed_files_are_listed(
    story_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, head = story_pair
    conflicts = [
        p
        for p in pipeline.check(head, dt.date.fromisoformat(STORY_AS_OF)).diagnostics
        if p.code == "conflicting-dates"
    ]
    # The conflict is reported at both reports: the one this pull request adds, and the base's.
    [problem, unchanged] = sorted(conflicts, key=lambda p: "synthetic" not in p.path)
    assert problem.path == "briefings/2025/2025-11-18-synthetic-talks-held.yml"
    assert "synthetic" not in unchanged.path
    text = story_report(story_pair, capsys, "--format", "text")
    section = text.split("\nCheck warnings in the files this pull request adds or changes\n")[1]
    assert section.split("\n\n")[1].splitlines() == [
        "1 in its 6 content files:",
        format_text(problem),
    ]
    markdown = story_report(story_pair, capsys, "--format", "markdown")
    section = markdown.split("\n### Check warnings in the files this pull request adds or")[1]
    assert "1 in its 6 content files:" in section
    assert markdown_table([problem]) in section
    # The base's warning that the talks have no outcome yet is gone, not new; the conflict's
    # warning at the base's own report is new there, and listed apart.
    elsewhere = markdown.split("New check warnings")[1]
    assert markdown_table([unchanged]) in elsewhere


def test_changed_files_are_those_whose_content_differs(story_pair: tuple[Path, Path]) -> None:
    base, head = story_pair
    problems = site_diff.file_problems(content_digests(base), content_digests(head), (), ())
    story = [
        f"{folder}/{path.name}"
        for folder in ("briefings/2025", "seeds")
        for path in (STORY / folder).iterdir()
    ]
    assert problems.files == tuple(sorted(story))


@pytest.mark.parametrize(
    ("path", "in_files", "elsewhere"),
    [
        ("briefings/2025/new.yml", True, False),  # an added file: all its problems
        ("briefings/2025/same.yml", False, False),  # unchanged, and the base has it too
        ("briefings/2025/old.yml", False, True),  # unchanged, but new to this pull request
    ],
)
def test_problems_are_sorted_by_the_files_they_stand_in(
    path: str, in_files: bool, elsewhere: bool
) -> None:
    base_digests = {"briefings/2025/same.yml": "a", "briefings/2025/old.yml": "b"}
    head_digests = {**base_digests, "briefings/2025/new.yml": "c"}
    same = warning("briefings/2025/same.yml", 1, 1, "stale-status", "m")
    problem = warning(path, 1, 1, "stale-status", "m")
    found = site_diff.file_problems(base_digests, head_digests, [same], [problem])
    assert found.files == ("briefings/2025/new.yml",)
    assert (found.in_files == (problem,), found.elsewhere == (problem,)) == (in_files, elsewhere)


def test_no_problem_in_the_changed_files_says_so() -> None:
    problems = site_diff.FileProblems(("briefings/2025/a.yml", "seeds/a.txt"), (), ())
    text = report({}, {}, problems=problems, output="text")
    assert "\nNone in its 2 content files.\n" in text
    none = report({}, {}, problems=site_diff.FileProblems((), (), ()))
    assert "\nIt adds or changes no content file.\n" in none


def test_event_and_problem_lists_are_capped() -> None:
    facts = site_diff.EventFacts("E", "held", "2025", "X")
    changes = [site_diff.EventChange(f"e{n:03}", None, facts) for n in range(MAX_EVENTS + 4)]
    problems = [warning(f"briefings/{n:03}.yml", 1, 1, "c", "m") for n in range(MAX_PROBLEMS + 5)]
    found = site_diff.FileProblems(tuple(p.path for p in problems), tuple(problems), ())
    text = report({}, {}, events=changes, problems=found, output="text")
    assert text.count("    status: no page → held\n") == MAX_EVENTS
    assert "\n… and 4 more events.\n" in text
    assert text.count(": warning: m [c]\n") == MAX_PROBLEMS
    assert "\n… and 5 more; run `make check` for all.\n" in text


HOSTILE_EVENT = site_diff.EventChange(
    "e",
    site_diff.EventFacts("a | <b>\x1b[2J", "held", "x", "Moscow"),
    site_diff.EventFacts("a | <b>\x1b[2J", "held", "y", "*New*\r\n# Delhi|"),
)


def test_event_names_and_places_are_escaped_for_the_summary() -> None:
    text = report({}, {}, events=[HOSTILE_EVENT])
    [row] = [line for line in text.splitlines() if line.startswith("| a")]
    assert row == (
        "| a \\| &lt;b&gt;\\\\x1b\\[2J | held | x → **y** | "
        "Moscow → **\\*New\\*\\\\r\\\\n\\# Delhi\\|** |"
    )


def test_the_terminal_report_shows_control_characters_and_no_workflow_command() -> None:
    uri = "briefings/\x1b]0;t\x07.md"
    old = {uri: "::warning::x\nold\n"}
    new = {uri: "::warning::x\n\x1b[31mred\x1b[0m\n##[error]y\ttab\n"}
    text = report(old, new, events=[HOSTILE_EVENT], output="text")
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "##[" not in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    lines = text.splitlines()
    assert "a | <b>\\x1b[2J (e)" in lines
    assert "    place: Moscow → *New*\\r\\n# Delhi|" in lines
    assert "+\\x1b[31mred\\x1b[0m" in lines
    assert " \\x3a:warning::x" in lines  # a line the diff leaves as it was
    assert "+##\\x5berror]y\ttab" in lines  # a tab stays a tab in a diff
    assert "  briefings/\\x1b]0;t\\x07.md" in lines


def test_the_terminal_report_stays_under_its_byte_limit_too() -> None:
    hostile = "".join("\x1b" * 600 + f"{n}\n" for n in range(MAX_NEW_PAGE_LINES))
    new = {f"briefings/{number:03}.md": hostile for number in range(MAX_LISTED)}
    text = report({}, new, output="text")
    assert len(text.encode("utf-8")) <= site_diff.MAX_REPORT_BYTES
    assert text.endswith("\nThe rest of this report was left out to keep it small.\n")
