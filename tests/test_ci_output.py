"""What CI prints: contributor text escaped for each place it lands (a log line, a workflow
command, the Markdown job summary), located errors where a check used to pass and a build
fail, and failures of the disk said in words. Each test failed before its fix."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SEED_ID
from generator.__main__ import main
from generator.build import watch
from generator.core.diagnostics import (
    Diagnostic,
    Severity,
    error,
    format_github,
    format_text,
    markdown_table,
    warning,
)
from generator.outputs import site_diff

SEED = f"briefings/2025/{SEED_ID}.yml"
AS_OF_ARGS = ["--as-of", AS_OF.isoformat()]

# Everything that ends a line somewhere (the runner splits on \r and \n; terminals, browsers
# and Python on the rest), hides text, or starts a workflow command.
HOSTILE = [
    "\r",
    "\n",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\x0b",
    "\x0c",
    "\t",
    "\u00a0",
    "\u3000",
    " ",
    "::",
    "::warning file=README.md::x",
    "##[",
    "##[warning]x",
    "#",
    "`",
    "|",
    "<img src=x onerror=alert(1)>",
    "[a](https://example.com)",
    "&amp;",
    "%0A",
    ":",
    ",",
]
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=4), max_size=8).map("".join)


def hostile_problem(path: str, message: str, hint: str = "") -> Diagnostic:
    return error(path, 3, 7, "schema-extra_forbidden", message, hint)


# -- (a) the log line: format_text ------------------------------------------------------------


def test_a_crafted_file_name_cannot_write_a_workflow_command_into_the_log() -> None:
    problem = hostile_problem(
        "briefings/2025/a`b`\n::warning file=README.md::pwned.yml",
        "unknown field 'x\r# Heading\u2028<img>\x1b[2J'",
        "Remove it\u202e or rename it\x85",
    )
    assert format_text(problem) == (
        "briefings/2025/a`b`\\n::warning file=README.md::pwned.yml:3:7: error: unknown field"
        " 'x\\r# Heading\\u2028<img>\\x1b[2J'. Remove it\\u202e or rename it\\x85"
        " [schema-extra_forbidden]"
    )


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("::warning file=README.md::x", "./::warning file=README.md::x:1:1: error: m [c]"),
        ("\u00a0::error::x", "./\u00a0::error::x:1:1: error: m [c]"),
        ("\t::error::x", "\\t::error::x:1:1: error: m [c]"),
        (":", "./::1:1: error: m [c]"),
        ("", ":1:1: error: m [c]"),
    ],
)
def test_no_log_line_starts_a_workflow_command(path: str, line: str) -> None:
    assert format_text(error(path, 1, 1, "c", "m")) == line


def test_a_legacy_workflow_command_is_broken_anywhere_in_the_line() -> None:
    """The runner reads `##[command]` from anywhere in a line, not only its start."""
    line = format_text(warning("b.yml", 1, 2, "c", "title ##[error]boom", "see ##[debug]x"))
    assert line == "b.yml:1:2: warning: title ##\\x5berror]boom. see ##\\x5bdebug]x [c]"


@settings(max_examples=400, deadline=None)
@given(path=hostile_text, message=hostile_text, hint=hostile_text, code=hostile_text)
def test_format_text_is_one_inert_line_whatever_the_input(
    path: str, message: str, hint: str, code: str
) -> None:
    line = format_text(Diagnostic(path, 1, 1, Severity.ERROR, code, message, hint))
    assert line.splitlines() == [line] or line == ""  # str.splitlines knows every line break
    assert not line.lstrip().startswith("::")
    assert "##[" not in line
    assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", line)


# -- (b) the workflow command: format_github ---------------------------------------------------


def test_annotation_properties_and_message_are_escaped() -> None:
    problem = hostile_problem(
        "briefings/a,b:c%d\r\ne.yml", "50% off\r\n::warning::x\u2028\u202e", "##[error]y"
    )
    assert format_github(problem) == (
        "::error file=briefings/a%2Cb%3Ac%25d\\r\\ne.yml,line=3,col=7,"
        "title=schema-extra_forbidden::50%25 off\\r\\n::warning::x\\u2028\\u202e. ##\\x5berror]y"
    )


@settings(max_examples=300, deadline=None)
@given(path=hostile_text, message=hostile_text)
def test_an_annotation_is_one_line_whatever_the_input(path: str, message: str) -> None:
    line = format_github(hostile_problem(path, message))
    assert line.splitlines() == [line]
    assert not re.search("[\r\n\x85\u2028\u2029\u202e]", line)
    properties = line.split("::")[1]  # data may hold "::", properties never do
    assert properties.startswith("error file=") and properties.endswith(
        ",line=3,col=7,title=schema-extra_forbidden"
    )


# -- (c) the Markdown job summary: markdown_table ----------------------------------------------


def test_the_summary_table_keeps_every_problem_in_its_cell() -> None:
    table = markdown_table(
        [
            hostile_problem(
                "briefings/2025/a`b`[x](https://e.com)\n::warning.yml",
                "unknown field 'x\r# Heading\r<img src=x onerror=alert(1)>'",
                "Fix *it* | now_",
            )
        ]
    )
    assert table.splitlines() == [
        "| Location | Severity | Problem |",
        "| --- | --- | --- |",
        "| <code>briefings\\/2025\\/a\\`b\\`\\[x\\]\\(https\\:\\/\\/e\\.com\\)"
        "\\\\n\\:\\:warning\\.yml\\:3\\:7</code> | error | unknown field "
        "&#39;x\\\\r\\# Heading\\\\r&lt;img src\\=x onerror\\=alert\\(1\\)&gt;&#39;\\. "
        "Fix \\*it\\* \\| now\\_ |",
    ]


@settings(max_examples=300, deadline=None)
@given(path=hostile_text, message=hostile_text)
def test_a_summary_row_is_one_row_of_three_cells_whatever_the_input(
    path: str, message: str
) -> None:
    row = markdown_table([hostile_problem(path, message)]).splitlines()[2:]
    assert len(row) == 1
    (text,) = row
    assert not re.search("[\r\n\x85\u2028\u2029\u202e\u200b]", text)
    # Only our own tags, and no pipe the table would split on other than its own four.
    assert re.sub("</?code>", "", text).count("<") == 0
    assert len(re.findall(r"(?<!\\)\|", text)) == 4
    assert "`" not in text.replace("\\`", "")


def test_hostile_key_and_file_name_end_to_end(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real briefing: a key holding \\r and HTML, and a copy under a file name with
    backticks and a newline that spells a workflow command."""
    seed = project / SEED
    text = seed.read_text("utf-8")
    try:
        (seed.parent / "a`b`\n::warning file=README.md::pwned.yml").write_text(text, "utf-8")
    except OSError:
        pytest.skip("this file system refuses a newline in a file name")
    seed.write_text(text.replace("title:", '"x\\r# H\\r<img src=x>": a\ntitle:', 1), "utf-8")
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(project), "check", "--format", "github", *AS_OF_ARGS]) == 1
    annotations = capsys.readouterr().out.splitlines()
    assert all(line.startswith("::error file=briefings/2025/") for line in annotations)
    assert any(
        line.startswith("::error file=briefings/2025/a`b`\\n%3A%3Awarning file=README.md")
        for line in annotations
    )
    rows = summary.read_text("utf-8").splitlines()
    assert rows[:4] == [
        "## Briefing check",
        "",
        "| Location | Severity | Problem |",
        "| --- | --- | --- |",
    ]
    escaped_id = SEED_ID.replace("-", "\\-")
    assert any(
        row.startswith(
            f"| <code>briefings\\/2025\\/{escaped_id}\\.yml\\:3\\:1</code> | error | unknown"
            " field &#39;x\\\\r\\# H\\\\r&lt;img src\\=x&gt;&#39;\\. "
        )
        for row in rows
    )
    assert all(row.startswith("| <code>") and row.endswith(" |") for row in rows[4:])

    assert main(["--root", str(project), "check", *AS_OF_ARGS]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert (
        "briefings/2025/a`b`\\n::warning file=README.md::pwned.yml:2:5: error: the id "
        f"'{SEED_ID}' differs from the file name 'a`b`\\n::warning file=README.md::pwned'."
    ) in "\n".join(lines)


# -- Country display names that give two countries one page address ---------------------------

ANDORRA_AS_FRANCE = (
    "entities/countries.yml:7:9: error: the name 'France' of AD gives the same page address as"
    " FR (its ISO 3166 name is 'France'). Give AD a name no other country has, or remove its"
    " entry to show its ISO 3166 name 'Andorra' [page-address]"
)


def name_andorra_france(project: Path) -> None:
    countries = project / "entities" / "countries.yml"
    countries.write_text(countries.read_text("utf-8") + "- code: AD\n  name: France\n", "utf-8")


def replace_in(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    "where",
    ["briefing", "registry"],
)
def test_an_override_named_like_another_countrys_iso_name_is_a_located_error(
    project: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """AD sorts before FR: the override took "france" first and FR's page silently moved to
    countries/fr. Now the clash is an error at the override, whichever code sorts first, for
    codes used by briefings or only by the registry."""
    name_andorra_france(project)
    if where == "briefing":
        replace_in(project, SEED, "countries: [IN, RU]", "countries: [IN, RU, AD, FR]")
    else:
        replace_in(
            project,
            "entities/organisations.yml",
            "  name: BRICS\n",
            "  name: BRICS\n  country: FR\n",
        )
        replace_in(project, "entities/events.yml", "countries: [IN, RU]", "countries: [IN, RU, AD]")
    assert main(["--root", str(project), "check", *AS_OF_ARGS]) == 1
    assert capsys.readouterr().out.splitlines() == [ANDORRA_AS_FRANCE]

    assert main(["--root", str(project), "generate", *AS_OF_ARGS]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [ANDORRA_AS_FRANCE]
    assert "Nothing was written" in captured.err
    assert not (project / "docs" / "countries").exists()
    assert not (project / "docs" / "index.md").exists()


def test_two_overrides_with_one_address_are_both_located(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name_andorra_france(project)
    replace_in(project, "entities/countries.yml", "  name: Russia", "  name: France")
    replace_in(project, SEED, "countries: [IN, RU]", "countries: [IN, RU, AD]")
    assert main(["--root", str(project), "check", *AS_OF_ARGS]) == 1
    assert [line.split(". Give")[0] for line in capsys.readouterr().out.splitlines()] == [
        "entities/countries.yml:5:9: error: the name 'France' of RU gives the same page address"
        " as AD (named 'France' at line 7)",
        "entities/countries.yml:7:9: error: the name 'France' of AD gives the same page address"
        " as RU (named 'France' at line 5)",
    ]


# -- A full disk ---------------------------------------------------------------------------------


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")  # as a failed write: no file name


def test_a_full_disk_during_generate_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("generator.build.pipeline.generate", disk_full)
    assert main(["--root", str(project), "generate", *AS_OF_ARGS]) == 1
    assert capsys.readouterr().err == (
        "error: cannot write the pages under docs/: the disk is full\n"
    )


def test_a_full_disk_names_the_file_when_the_error_does(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "schema/briefing.schema.json")

    monkeypatch.setattr("generator.__main__.write_schema_files", refused)
    assert main(["--root", str(project), "schema"]) == 1
    assert capsys.readouterr().err == (
        "error: cannot write the JSON Schemas in schema/ (schema/briefing.schema.json): "
        "the disk is full\n"
    )


def test_a_full_disk_writing_the_job_summary_names_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(project, SEED, "title:", "titel:")
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    real_open = Path.open

    def open_on_a_full_disk(self: Path, *args: object, **kwargs: object) -> object:
        if self == summary:
            disk_full()
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_on_a_full_disk)
    assert main(["--root", str(project), "check", "--format", "github", *AS_OF_ARGS]) == 1
    err = capsys.readouterr().err
    assert err.endswith(
        f"error: cannot write the job summary (GITHUB_STEP_SUMMARY) ({summary}): the disk is full\n"
    )
    assert "internal error" not in err


def test_a_full_disk_in_the_watch_mode_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    class FullDisk:
        def update(self, as_of: object) -> None:
            disk_full()

    session = watch.Session(FullDisk(), {"kept"})  # type: ignore[arg-type]
    watch.run_once(session, AS_OF)
    assert session.shown == {"kept"}
    assert capsys.readouterr().err == (
        "error: cannot write the pages under docs/: the disk is full. Save again to retry.\n"
    )


# -- (d) the site-diff report in a terminal ----------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(name=hostile_text, before=hostile_text, after=hostile_text, message=hostile_text)
def test_every_line_of_the_terminal_report_is_inert(
    name: str, before: str, after: str, message: str
) -> None:
    """Page names and text, event names and places, problems: printed without Markdown, but
    no character can drive the terminal, break a line or start a workflow command."""
    change = site_diff.EventChange(
        name,
        site_diff.EventFacts(name, "held", before, after),
        site_diff.EventFacts(after, before, after, name),
    )
    problem = hostile_problem(name, message)
    text = site_diff.report(
        {name: before, "index.md": after},
        {name: after, "index.md": before, f"{before}.md": name},
        events=[change],
        problems=site_diff.FileProblems((name,), (problem,), (problem,)),
        output="text",
    )
    for line in text.split("\n"):
        assert line.splitlines() == [line] or line == ""
        assert not line.lstrip().startswith("::")
        assert "##[" not in line
        assert not re.search(
            "[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]", line
        )


@settings(max_examples=200, deadline=None)
@given(name=hostile_text, before=hostile_text, after=hostile_text)
def test_an_event_is_one_row_of_four_cells_in_the_summary(
    name: str, before: str, after: str
) -> None:
    change = site_diff.EventChange(
        "e",
        site_diff.EventFacts(name, before, before, after),
        site_diff.EventFacts(name, after, before, before),
    )
    text = site_diff.report({}, {}, events=[change])
    rows = [line for line in text.split("\n") if line.startswith("|")]
    assert len(rows) == 3  # the header, its rule and the event
    row = rows[2]
    assert not re.search("[\r\x85\u2028\u2029\u202e\u200b]", row)
    assert "<" not in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5
    assert "`" not in row.replace("\\`", "")
