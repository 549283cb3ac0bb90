"""Every character accounted for: line breaks git does not see, noncharacters, invisible
characters in names and addresses, real names in every script, columns after non-ASCII text,
tags on keys and digits of other scripts.

Each rejection is asserted as the whole `path:line:col: error: ...` line `check` prints."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import markdown
import pytest
import regex
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import AS_OF, FIXTURE_CORPUS, WriteFile
from generator.build import pipeline
from generator.core import escaping
from generator.core.escaping import escape_inline
from generator.core.text_safety import (
    NONCHARACTERS,
    SCRIPTS,
    UNSAFE_IN_OUTPUT,
    has_unsafe_characters,
    hidden_character,
    mixed_script_word,
)
from generator.pages.markdown_text import MentionLinker
from generator.pages.render import front_matter
from generator.story.models import PartialDate, PersonRecord
from test_checker import MINIMAL, NAME, SYNTHETIC_SEED, mutate, run_check

SEED = "seeds/synthetic_9001.txt"


def check_output(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str], content: str
) -> list[str]:
    """What `check` prints for the minimal briefing written as content (bytes as given)."""
    write_file(SEED, SYNTHETIC_SEED)
    (project / NAME).parent.mkdir(parents=True, exist_ok=True)
    (project / NAME).write_bytes(content.encode("utf-8"))
    code, lines = run_check(project, capsys)
    assert code == 1, lines
    return [line for line in lines if line.startswith(f"{NAME}:")]


# --- 1. Line breaks that git does not see -----------------------------------------------------

HIDDEN_BREAKS = {
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
    "\x85": "U+0085 NEXT LINE",
    "\r": "U+000D CARRIAGE RETURN",
}


@pytest.mark.parametrize("character", list(HIDDEN_BREAKS), ids=list(HIDDEN_BREAKS.values()))
def test_a_line_break_git_does_not_see_cannot_hide_a_field_in_a_comment(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str], character: str
) -> None:
    # On GitHub this is one line, a comment; YAML would read a second line with a url on it.
    hidden = f"  agency: SYN  # note{character}  url: 'https://evil.example/'"
    content = mutate("  agency: SYN", hidden)
    (line,) = check_output(project, write_file, capsys, content)
    assert line.startswith(f"{NAME}:6:22: error: {HIDDEN_BREAKS[character]}"), line
    assert line.endswith("[hidden-line-break]")
    assert "git and GitHub" in line


def test_a_hidden_line_break_is_placed_by_characters_after_non_ascii_text(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    content = mutate("title: Synthetic", "title: नमस्ते Synthetic\u2028")
    (line,) = check_output(project, write_file, capsys, content)
    assert line.startswith(f"{NAME}:2:{len('title: नमस्ते Synthetic') + 1}: error: U+2028"), line


def test_crlf_line_endings_are_fine(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write_file(SEED, SYNTHETIC_SEED)
    (project / NAME).write_bytes(MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert run_check(project, capsys) == (0, [])


SOURCE_WITH_HIDDEN_BREAKS = (
    "SYNTHETIC TEST ARTICLE.\n"
    "The ministers\u2028met in\rGeneva\x85on Tuesday to talk about trade.\n"
    "They will meet again in Geneva next month.\n"
)


def test_line_breaks_git_does_not_see_in_a_source_are_spaces_and_shift_no_line(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    """Decided: an article may hold them (pasted web text does). Evidence reads each as the
    space between two words, so no word is hidden from the check or added to it, and lines
    are counted as git counts them, so the hint's line numbers match GitHub's."""
    write_file(SEED, "")
    (project / SEED).write_bytes(SOURCE_WITH_HIDDEN_BREAKS.encode("utf-8"))
    (project / NAME).parent.mkdir(parents=True, exist_ok=True)
    (project / NAME).write_text(MINIMAL, encoding="utf-8")
    assert run_check(project, capsys) == (0, []), "the quote spans all four breaks"

    wrong = "The ministers met in Geneva on Tuesday to talk about fishing"
    text = mutate("evidence: The ministers met in Geneva on Tuesday", f"evidence: {wrong}")
    (project / NAME).write_text(text, encoding="utf-8")
    code, lines = run_check(project, capsys)
    assert code == 1
    (line,) = [entry for entry in lines if entry.startswith(f"{NAME}:")]
    assert line.startswith(f"{NAME}:10:15: error: key_points[0].evidence: this quote does not")
    assert f"The closest passage in {SEED} (line 2) reads:" in line, line


# --- 2. Noncharacters ---------------------------------------------------------------------------

NONCHARACTER_SAMPLES = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("character", NONCHARACTER_SAMPLES, ids=lambda c: f"U+{ord(c):04X}")
def test_noncharacters_are_rejected_in_every_text_field(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str], character: str
) -> None:
    escaped = f"\\U{ord(character):08X}"  # YAML's own escape: the file itself stays valid
    content = mutate("title: Synthetic ministers", f'title: "Synthetic {escaped} ministers')
    content = content.replace("in Geneva\ndate", 'in Geneva"\ndate', 1)
    content = mutate_text(content, "outlook: Synthetic outlook.", f'outlook: "Out{escaped}look."')
    content = mutate_text(content, "  agency: SYN", f'  agency: "S{escaped}YN"')
    lines = check_output(project, write_file, capsys, content)
    name = f"U+{ord(character):04X} (a noncharacter)"
    expected = {
        f"{NAME}:2:8: error: title: contains {name}",
        f"{NAME}:6:11: error: source.agency: contains {name}",
        f"{NAME}:12:10: error: outlook: contains {name}",
    }
    assert {line.split(", which")[0] for line in lines} == expected, lines


def mutate_text(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_noncharacters_are_exactly_unicodes() -> None:
    every = "".join(map(chr, range(0x110000)))
    found = [ord(c) for c in regex.findall(r"\p{Noncharacter_Code_Point}", every)]
    assert found == list(NONCHARACTERS)


# Everything no output may carry raw: noncharacters, controls that XML forbids, a lone surrogate.
UNSAFE = "\ufffe\uffff\ufdd0\U0010ffff\x01\x0b\x1b\x7f\x9f\ud800"


def test_escaping_alone_replaces_every_unsafe_character() -> None:
    for character in map(chr, UNSAFE_IN_OUTPUT):
        # Each becomes U+FFFD, or a space where it is whitespace to Python (U+001C, U+0085...)
        assert escape_inline(f"a{character}b") in {"a\N{REPLACEMENT CHARACTER}b", "a b"}
    assert (
        escape_inline(UNSAFE)
        == "\N{REPLACEMENT CHARACTER}" * 5 + " " + "\N{REPLACEMENT CHARACTER}" * 4
    )
    linker = MentionLinker([("Lavrov", "people/sergey-lavrov.md")], "briefings/x.md")
    prose = linker.prose(f"Lavrov{UNSAFE} said.\n\nMore{UNSAFE}.")
    assert not has_unsafe_characters(prose)
    assert prose.startswith("[Lavrov](../people/sergey-lavrov.md)\N{REPLACEMENT CHARACTER}")


def test_every_unsafe_character_is_unprintable_so_printable_text_is_safe() -> None:
    """The fast paths of `has_unsafe_characters` and `escape_span` rest on this."""
    assert [hex(c) for c in UNSAFE_IN_OUTPUT if chr(c).isprintable()] == []


def test_escaping_printable_text_is_the_escaping_table_character_by_character() -> None:
    """`escape_span` skips the table for printable text: the result must be what the table
    gives, for every printable character of the Basic Multilingual Plane and beyond it."""
    table = escaping._INLINE_ESCAPES
    every = [chr(c) for c in range(0x110000) if chr(c).isprintable()]
    for start in range(0, len(every), 4096):
        text = "".join(every[start : start + 4096])
        assert escaping.escape_span(text) == text.translate(table)
    mixed = "a*b_c [d](e) <f> & #g `h` {i} |j| \\k — é 中 \U0001f600"
    assert escaping.escape_span(mixed) == mixed.translate(table)
    assert escaping.escape_span(mixed + "\x01\n") == (mixed + "\x01\n").translate(table)


@pytest.mark.parametrize("text", ["plain", "é — 中", "a\tb\nc", "\u00a0", "\u200d", UNSAFE])
def test_the_unsafe_check_agrees_with_the_table(text: str) -> None:
    assert has_unsafe_characters(text) == any(ord(c) in UNSAFE_IN_OUTPUT for c in text)
    for character in UNSAFE:
        assert has_unsafe_characters(text + character)


def test_front_matter_with_noncharacters_is_still_front_matter() -> None:
    """MkDocs printed front matter it could not read as page text, with the raw JSON-LD."""
    title = f"Talks{UNSAFE}"
    json_ld = {"abstract": f"<script>alert(1)</script>{UNSAFE}", "about": [{"name": UNSAFE}]}
    text = front_matter(title, f"Bottom{UNSAFE}", {"json_ld": json_ld})
    assert not has_unsafe_characters(text)
    content, meta = get_data(text + "# Page\n")
    assert content == "# Page\n"
    assert meta["title"].startswith("Talks\N{REPLACEMENT CHARACTER}")
    values = json.dumps(meta, ensure_ascii=False)
    assert not has_unsafe_characters(values)
    assert not re.search(r"\\u00[01]", values), "no control comes back through a JSON escape"
    decoded = json.dumps(json.loads(meta["json_ld"]), ensure_ascii=False)
    assert not has_unsafe_characters(decoded) and not re.search(r"\\u00[01]", decoded)
    assert "<" not in meta["json_ld"], "JSON text escaped for a script element"
    assert json.loads(meta["json_ld"])["abstract"].startswith(
        "<script>alert(1)</script>\N{REPLACEMENT CHARACTER}"
    )


def hostile_pages() -> dict[str, str]:
    """The fixture's pages, with unsafe characters put into the corpus behind validation's
    back: what the renderer, feeds and front matter write must be safe on their own."""
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    corpus = result.corpus
    (briefing,) = corpus.briefings
    record = briefing.record
    hostile_record = record.model_copy(
        update={
            "title": f"Talks{UNSAFE} in Moscow",
            "bottom_line": f"<script>alert(1)</script>{UNSAFE} Bottom line.",
            "source": record.source.model_copy(
                update={"agency": f"ANI{UNSAFE}", "headline": f"Head{UNSAFE}line"}
            ),
        }
    )
    events = dict(corpus.registry.events)
    events["putin-india-visit-2025"] = events["putin-india-visit-2025"].model_copy(
        update={"name": f"Visit{UNSAFE}", "place": f"New Delhi{UNSAFE}"}
    )
    people = dict(corpus.registry.people)
    people["sergey-lavrov"] = people["sergey-lavrov"].model_copy(
        update={"name": f"Sergey{UNSAFE} Lavrov"}
    )
    hostile = dataclasses.replace(
        corpus,
        briefings=(dataclasses.replace(briefing, record=hostile_record),),
        registry=dataclasses.replace(corpus.registry, events=events, people=people),
    )
    return {page.uri: page.text for page in pipeline.build_pages(hostile, AS_OF)}


def test_no_page_feed_or_export_carries_an_unsafe_character() -> None:
    pages = hostile_pages()
    for uri, text in pages.items():
        assert not has_unsafe_characters(text), uri
    assert "\N{REPLACEMENT CHARACTER}" in pages["feeds/briefings.xml"]


def test_feeds_with_unsafe_characters_still_parse() -> None:
    pages = hostile_pages()
    for uri in ("feeds/briefings.xml", "feeds/countries/india.xml"):
        ET.fromstring(pages[uri])
        parsed = feedparser.parse(pages[uri])
        assert not parsed.bozo, (uri, parsed.get("bozo_exception"))
        assert parsed.entries[0].title.startswith("Talks\N{REPLACEMENT CHARACTER}")
    calendar = icalendar.Calendar.from_ical(pages["feeds/events.ics"])
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert str(events["putin-india-visit-2025"]["SUMMARY"]).startswith(
        "Visit\N{REPLACEMENT CHARACTER}"
    )
    json.loads(pages["data/export.json"])


def test_a_briefing_page_with_unsafe_characters_is_inert_without_the_sanitiser() -> None:
    """MkDocs reads the front matter, and Markdown alone (no nh3) makes no live markup."""
    pages = hostile_pages()
    uri = next(uri for uri in pages if uri.startswith("briefings/2025-11-15"))
    content, meta = get_data(pages[uri])
    assert meta["title"].startswith("Talks\N{REPLACEMENT CHARACTER}")
    assert json.loads(meta["json_ld"])["abstract"].startswith("<script>")  # data, escaped
    assert '"json_ld"' not in content and "<script>" not in content
    html = markdown.markdown(
        content, extensions=["toc", "tables", "admonition", "pymdownx.details"]
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert "<script>alert(1)</script>" in soup.get_text()


# --- 3. Invisible characters in names and addresses ------------------------------------------

INVISIBLE_IN_NAMES = {
    "\u034f": "U+034F COMBINING GRAPHEME JOINER",
    "\u3164": "U+3164 HANGUL FILLER",
    "\ufe0f": "U+FE0F VARIATION SELECTOR-16",
    "\u2800": "U+2800 BRAILLE PATTERN BLANK",
    "\u200b": "U+200B ZERO WIDTH SPACE",
}


@pytest.mark.parametrize(
    "character", list(INVISIBLE_IN_NAMES), ids=list(INVISIBLE_IN_NAMES.values())
)
def test_invisible_characters_in_names_are_rejected(
    project: Path, capsys: pytest.CaptureFixture[str], character: str
) -> None:
    people = project / "entities" / "people.yml"
    text = people.read_text("utf-8")
    people.write_text(
        mutate_text(text, "  name: Sergey Lavrov", f"  name: Sergey{character} Lavrov"), "utf-8"
    )
    line_number = text.split("\n").index("  name: Sergey Lavrov") + 1
    code, lines = run_check(project, capsys)
    assert code == 1
    assert (
        f"entities/people.yml:{line_number}:9: error: [3].name: contains the invisible or "
        f"direction-changing character {INVISIBLE_IN_NAMES[character]}; retype the text "
        "[schema-value_error]"
    ) in lines, lines


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("https://news.example/\\u202Eelgoog", "invisible or direction-changing character U+202E"),
        ("https://news.example/a\\u200Bb", "invisible or direction-changing character U+200B"),
        ("https://news.example/a\\x01b", "invisible or direction-changing character U+0001"),
        ("https://news.example/a\\x7Fb", "invisible or direction-changing character U+007F"),
        ("https://news.example/a\\uFFFEb", "U+FFFE (a noncharacter)"),
        ("https://news.example/a\\u2028b", "U+2028 LINE SEPARATOR, a line break"),
        ("https://p\\u0430ypal.example/", "the host name part 'pаypal' mixes letters"),
    ],
    ids=["rlo", "zwsp", "control", "delete", "noncharacter", "line-separator", "homograph"],
)
def test_addresses_follow_the_character_rules_of_text(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str], url: str, named: str
) -> None:
    content = mutate("  agency: SYN", f'  agency: SYN\n  url: "{url}"')
    (line,) = check_output(project, write_file, capsys, content)
    assert line.startswith(f"{NAME}:7:8: error: source.url: "), line
    assert named in line, line


def test_an_address_in_another_script_is_still_an_address() -> None:
    from generator.story.models import Source

    url = "https://ru.wikipedia.org/wiki/Лавров,_Сергей_Викторович"
    assert Source.model_validate({"file": "a.txt", "url": url}).url == url


# --- 4. Real names are accepted; lookalikes and stray joiners are not ------------------------

REAL_NAMES = [
    "ラーメン",  # Katakana with the long-vowel mark U+30FC (Common, used by Hiragana/Katakana)
    "佐々木",  # kanji with the iteration mark U+3005
    "東京タワー",  # Han and Katakana in one word: Japanese
    "ひらがなと漢字",  # Hiragana and Han
    "서울特別市",  # Hangul and Han: Korean
    "Мар\u02bcяна",  # Ukrainian apostrophe U+02BC
    "Hawaiʻi",  # Hawaiian ʻokina U+02BB
    "می\u200cخواهم",  # Persian: ZWNJ between two joining Arabic letters
    "क्\u200dष",  # ZWJ after a virama (Devanagari)
    "नरेन्द्र मोदी",
    "Ελευθέριος Βενιζέλος",
    "José Ramos-Horta",
]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_are_accepted(name: str) -> None:
    assert mixed_script_word(name) is None
    assert hidden_character(name) is None
    assert PersonRecord.model_validate({"id": "someone", "name": name}).name == name


def test_real_names_pass_check_end_to_end(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = project / "entities" / "people.yml"
    entries = "".join(f"\n- id: person-{n}\n  name: {name}\n" for n, name in enumerate(REAL_NAMES))
    people.write_text(people.read_text("utf-8") + entries, "utf-8")
    code, lines = run_check(project, capsys)
    assert code == 0, lines
    assert not [line for line in lines if "error" in line and "people.yml" in line]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("L\u0430vrov", "the word 'Lаvrov' mixes letters of different scripts"),
        ("Sergey Lavr\u043ev", "the word 'Lavrоv' mixes letters of different scripts"),
        ("Ана\u200dMaria", "character U+200D ZERO WIDTH JOINER"),
        ("Ana\u200dMaria", "character U+200D ZERO WIDTH JOINER"),
        ("Ana\u200cMaria", "character U+200C ZERO WIDTH NON-JOINER"),
        ("\u200cمی", "character U+200C ZERO WIDTH NON-JOINER"),
        ("می\u200c", "character U+200C ZERO WIDTH NON-JOINER"),
        ("Δ\u0430", "mixes letters of different scripts"),
    ],
    ids=[
        "cyrillic-a",
        "cyrillic-o",
        "zwj-mixed",
        "zwj-latin",
        "zwnj-latin",
        "zwnj-start",
        "zwnj-end",
        "greek-cyrillic",
    ],
)
def test_lookalikes_and_stray_joiners_are_rejected(name: str, message: str) -> None:
    with pytest.raises(ValueError, match=regex.escape(message)):
        PersonRecord.model_validate({"id": "someone", "name": name})


def test_the_script_list_names_every_script_regex_knows() -> None:
    """A letter, mark or digit in no listed script (and not Common or Inherited) would count
    as neutral: a newer Unicode's script must be added to SCRIPTS."""
    listed = "".join(rf"\p{{Script_Extensions={script}}}" for script in SCRIPTS)
    unlisted = regex.compile(
        rf"[[\p{{L}}\p{{M}}\p{{N}}]--[\p{{Script_Extensions=Zyyy}}\p{{Script_Extensions=Zinh}}"
        rf"{listed}]]",
        regex.VERSION1,
    )
    assert unlisted.findall("".join(map(chr, range(0x110000)))) == []


# --- 5. Columns, tags on keys, digits -------------------------------------------------------


def test_a_control_character_after_devanagari_is_placed_by_characters(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    content = mutate("title: Synthetic", "title: नमस्ते मंत्री\x01 Synthetic")
    (line,) = check_output(project, write_file, capsys, content)
    column = len("title: नमस्ते मंत्री") + 1  # 20 characters, 46 bytes
    assert line == (
        f"{NAME}:2:{column}: error: the character U+0001 is not allowed in YAML. Remove it; "
        "it is often invisible, so retype the surrounding words [yaml-syntax]"
    )


def test_a_tag_on_a_key_is_rejected(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    content = mutate("title: Synthetic", "!!python/object/apply:os.system title: Synthetic")
    (line,) = check_output(project, write_file, capsys, content)
    assert line == (
        f"{NAME}:2:1: error: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed. Remove the tag; write plain keys [yaml-tag]"
    )


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("date: 2025-11-16", "date: '٢٠٢٥-١١-٢٠'", "3:7"),
        ("date: 2025-11-16", "date: '２０２５-１１-２０'", "3:7"),
        (
            "topics: [trade]",
            "topics: [trade]\nevents:\n  - id: x\n    status: held\n    date: '٢٠٢٥-١٢'",
            "21:11",
        ),
    ],
    ids=["arabic-indic-day", "fullwidth-day", "arabic-indic-month"],
)
def test_dates_need_ascii_digits(
    project: Path,
    write_file: WriteFile,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    where: str,
) -> None:
    lines = check_output(project, write_file, capsys, mutate(old, new))
    assert any(
        line.startswith(f"{NAME}:{where}: error: ") and "YYYY-MM" in line for line in lines
    ), lines


def test_partial_dates_need_ascii_digits() -> None:
    for text in ("٢٠٢٥", "٢٠٢٥-١٢", "2025-١٢", "2025-12-٠١", "٢٠٢٥-W43", "2025-W٤٣"):
        with pytest.raises(ValueError, match=r"YYYY-MM-DD \(a day\), YYYY-Www .*YYYY-MM or YYYY"):
            PartialDate.parse(text)
    assert PartialDate.parse("2025-12") == PartialDate(2025, 12)
