"""The rules of the Markdown the generator writes around contributor text, one test a rule.

Contributor text reaches a page through `escape_span` and `escape_inline` (literal text), links
to addresses through `link_destination`, and mentions of entities through `MentionLinker`; the
CI job summary through `markdown_text`. Where a rule is about what a reader sees, the escaped
text is converted by Python-Markdown with the extensions mkdocs.yml configures (the reference
for every page) and, for generated pages, by the CommonMark engine that converts them in a
build; the test then reads the HTML. All of it is pure functions: no site is built.
"""

from __future__ import annotations

import functools
import string
import urllib.parse

import markdown
import pyromark
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import REPO
from generator.core import commonmark_pages
from generator.core.escaping import (
    escape_inline,
    escape_span,
    link_destination,
    markdown_text,
    protect_block_start,
    visible,
)
from generator.pages.markdown_text import MentionLinker, external_link, name_tree, relative_uri

# --- Converting Markdown as the site does -----------------------------------------------------


@functools.cache
def _site_converter() -> markdown.Markdown:
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=list(config.markdown_extensions), extension_configs=config.mdx_configs
    )


def site_html(text: str) -> BeautifulSoup:
    """text as Python-Markdown converts it with the site's extensions (pymdownx.details too)."""
    converter = _site_converter()
    converter.reset()
    return BeautifulSoup(converter.convert(text), "html.parser")


def pages_engine_html(text: str) -> BeautifulSoup:
    """text as the CommonMark engine of generated pages converts it in a build."""
    return BeautifulSoup(commonmark_pages.convert(text).html, "html.parser")


def commonmark_html(text: str) -> BeautifulSoup:
    """text as a CommonMark engine with tables reads it, as GitHub reads a job summary."""
    return BeautifulSoup(pyromark.html(text, options=pyromark.Options.ENABLE_TABLES), "html.parser")


def both_engines(text: str) -> list[BeautifulSoup]:
    return [site_html(text), pages_engine_html(text)]


def tag_names(soup: BeautifulSoup) -> list[str]:
    return [tag.name for tag in soup.find_all(True)]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_converter_has_the_sites_extensions() -> None:
    """The rules below hold for the site only if the converter reads `???` as the site does."""
    assert tag_names(site_html("??? note\n\n    body")) == ["details", "summary", "p"]
    assert tag_names(site_html("!!! note\n\n    body")) == ["div", "p", "p"]


# --- Literal text: escape_span and escape_inline -----------------------------------------------

# Each character of inline syntax, with what it is written as: HTML's characters as entities
# (a backslash does not stop a tag in Python-Markdown), the others backslash-escaped.
INLINE_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "{": "\\{",
    "}": "\\}",
    "|": "\\|",
    "#": "\\#",
}


@pytest.mark.parametrize(("character", "escaped"), INLINE_ESCAPES.items())
def test_each_syntax_character_is_escaped_on_its_own(character: str, escaped: str) -> None:
    """Every character of inline syntax is escaped wherever it stands and whatever stands
    beside it, so no rule relies on another character being escaped too."""
    assert escape_span(f"a{character}b") == f"a{escaped}b"
    assert escape_span(character * 3) == escaped * 3
    for soup in both_engines(f"x {escape_span(character * 2)} y"):
        assert soup.get_text().strip() == f"x {character * 2} y"


@pytest.mark.parametrize(
    "text",
    [
        "<!-- the rest of the page is hidden",
        "<div class=x",
        "<script src=x",
        "<pre",
        "<style",
        "<textarea",
        "</div",
    ],
)
def test_a_lone_opening_angle_bracket_cannot_open_html(text: str) -> None:
    """`<` is an entity even when no `>` follows: in CommonMark, the engine of generated pages,
    a line that starts `<!--` or `<div` opens an HTML block without any `>` (a comment would
    swallow the rest of the page), so escaping `>` does not make `<` safe."""
    escaped = escape_inline(text)
    assert "<" not in escaped
    for soup in both_engines(f"{escaped}\n\nnext paragraph"):
        assert tag_names(soup) == ["p", "p"]
        assert [p.get_text() for p in soup.find_all("p")] == [text, "next paragraph"]


@pytest.mark.parametrize("text", ["a > b", "> quoted", "x >> y", "->", "a<b", "<<", "1 < 2"])
def test_each_angle_bracket_is_an_entity_without_the_other(text: str) -> None:
    """`<` and `>` are each written as an entity by themselves: text holding only one of them
    leaves no raw angle bracket for any HTML reader (the sanitiser, a CommonMark engine)."""
    escaped = escape_inline(text)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.count("&lt;") == text.count("<")
    assert escaped.count("&gt;") == text.count(">")
    for soup in both_engines(escaped):
        assert tag_names(soup) == ["p"] and soup.get_text().strip() == text


# Text that opens a block at the start of a line: headings, lists, quotes, admonitions and
# details (pymdownx.details: `???`, `???+`), tables, fences, rules, definitions, references.
BLOCK_OPENERS = [
    "# heading",
    "## heading ##",
    "- item",
    "+ item",
    "+item and more",
    "* item",
    "1. item",
    "1) item",
    "2025. A year",
    "12) twelve",
    "> quote",
    ">quote",
    "!!! note",
    '!!! warning "Title"',
    "??? note",
    "???+ note",
    '??? danger "Open me"',
    "~~~",
    "~~~ python",
    "```",
    "| a | b |",
    "---",
    "***",
    "___",
    "===",
    "- - -",
    ": a definition",
    "%",
    "=",
    "?",
    "[x]: https://example.org/",
    "[^1]: a footnote",
    "*[HTML]: Hyper Text",
    "{: .class }",
    "    indented code",
    "\tindented code",
    "<!-- comment -->",
    "<div>block</div>",
]

# Where the generator prints escaped text: at the start of a paragraph, of an indented
# paragraph inside a list item or a details block, of a list item, a table cell, a heading,
# a link's text and emphasis.
CONTEXTS = {
    "paragraph": ("{}", "p"),
    "list item": ("- {}", "li"),
    "list item body": ("- item\n\n    {}", "li"),
    "details body": ("??? note\n\n    {}", "details"),
    "admonition body": ("!!! note\n\n    {}", "div"),
    "heading": ("## {}", "h2"),
    "table cell": ("| a | b |\n| --- | --- |\n| {} | z |", "table"),
    "link text": ("[{}](../people/x.md)", "a"),
    "emphasis": ("*{}*", "em"),
}


def shown_in(soup: BeautifulSoup, context: str) -> str:
    """The text of the escaped part in the converted context."""
    if context == "table cell":
        return soup.find_all("td")[0].get_text()
    if context in {"list item body", "details body", "admonition body"}:
        return soup.find_all("p")[-1].get_text()
    if context == "heading":
        heading = soup.find("h2")
        assert isinstance(heading, Tag)
        for permalink in heading.find_all("a", class_="headerlink"):
            permalink.decompose()
        return heading.get_text()
    return soup.get_text().strip()


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("text", BLOCK_OPENERS)
def test_text_that_would_open_a_block_stays_literal_text(text: str, context: str) -> None:
    """Escaped text opens no block in any place the generator prints it: the reader sees the
    text (on one line), and the HTML has only the tags of the place it was printed in."""
    template, outer = CONTEXTS[context]
    expected_tags = tag_names(site_html(template.format("plain words")))
    assert outer in expected_tags
    for soup in both_engines(template.format(escape_inline(text))):
        assert tag_names(soup) == expected_tags
        assert shown_in(soup, context) == one_line(text)


@pytest.mark.parametrize(
    "text",
    [
        *string.ascii_letters,
        *string.digits,
        "Xi Jinping",
        "Zelenskyy",
        "XX",
        "2025 talks",
        "1st round",
        "10 November",
        "Ürümqi",
        "Αθήνα",
        "Talks (in Geneva), briefly; 'quoted' \"double\" — 50% and ~3 /5 @ noon, 1+1=2 ok? yes!",
    ],
)
def test_text_without_syntax_is_kept_as_written(text: str) -> None:
    """Only syntax is escaped: words, and punctuation where it opens nothing, stay as written
    in the page's Markdown (its source, its diffs and the engines all read the same text)."""
    assert escape_inline(text) == text
    assert protect_block_start(text) == text


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("1. item", "1&#46; item"),
        ("1) item", "1&#41; item"),
        ("2025. A year", "2025&#46; A year"),
        ("1.5 million", "1&#46;5 million"),
        ("1. one 2. two", "1&#46; one 2. two"),
        ("+ item", "&#43; item"),
        ("??? note", "&#63;?? note"),
        ("# h #", "&#35; h #"),
        ("> a > b", "&#62; a > b"),
        ("a # b", "a # b"),
        ("a - b", "a - b"),
    ],
)
def test_only_the_first_character_of_a_block_opener_changes(text: str, protected: str) -> None:
    """A block opener is stopped by writing its first mark as a character reference; the rest
    of the text, and marks later in the line, stay as they are."""
    assert protect_block_start(text) == protected


def test_line_breaks_become_spaces() -> None:
    assert escape_inline("one\ntwo\r\n\tthree  four\u2028five") == "one two three four five"
    assert escape_inline("\n- item\n# heading\n") == "&#45; item \\# heading"


# --- Addresses: link_destination and external_link ---------------------------------------------

ADDRESSES_AS_WRITTEN = [
    "https://example.org/",
    "http://example.org",
    "https://example.org:8443/a/b/c.html",
    "https://example.org/path;params?q=1&r=2,3+4*5!6$7'8@9=10#fragment",
    "https://example.org/a%20b%2Fc?x=%3D#%23",
    "https://example.org/%5B1%5D/%5D",
    "https://example.org/~user/file-name_1.2",
    "https://example.org/a:b/@c?d/e?f#g/h:i",
    "https://xn--e1afmkfd.xn--p1ai/",
    "https://[2001:db8::1]/",
    "https://[2001:db8::1]:8443/a?b#c",
    "http://[::1]",
    "https://192.0.2.1:80/",
]


@pytest.mark.parametrize("url", ADDRESSES_AS_WRITTEN)
def test_an_address_keeps_its_url_syntax_as_written(url: str) -> None:
    """The scheme's colon, slashes, query, fragment, user and port marks, sub-delimiters and
    percent escapes already written reach the page unchanged: `https%3A//…` would be a relative
    link to a browser, and `%2520` another address than `%20`."""
    assert link_destination(url) == url
    for soup in both_engines(external_link(url)):
        [anchor] = soup.find_all("a")
        assert anchor["href"] == url
        assert anchor.get_text() == url
        split = urllib.parse.urlsplit(str(anchor["href"]))
        assert (split.scheme, split.netloc) == tuple(urllib.parse.urlsplit(url)[:2])


@pytest.mark.parametrize(
    ("url", "destination"),
    [
        ("https://example.org/a_(b)", "https://example.org/a_%28b%29"),
        ("https://example.org/a)b", "https://example.org/a%29b"),
        ("https://example.org/[x]", "https://example.org/%5Bx%5D"),
        ("https://example.org/a`b`", "https://example.org/a%60b%60"),
        ("https://example.org/a\\b", "https://example.org/a%5Cb"),
        ("https://example.org/{a}|b^", "https://example.org/%7Ba%7D%7Cb%5E"),
        ('https://example.org/a b"c<d>', "https://example.org/a%20b%22c%3Cd%3E"),
        ("https://example.org/путь", "https://example.org/%D0%BF%D1%83%D1%82%D1%8C"),
        ("https://example.org/a?q=ü#é", "https://example.org/a?q=%C3%BC#%C3%A9"),
    ],
)
def test_characters_that_could_end_or_alter_a_link_are_percent_encoded(
    url: str, destination: str
) -> None:
    """What could end a Markdown link destination or be read another way (parentheses,
    brackets, backticks, backslashes, spaces, quotes, angle brackets, non-ASCII) is percent-
    encoded, and nothing else: the link still goes where the text shown says."""
    assert link_destination(url) == destination
    for soup in both_engines(f"See {external_link(url)} now."):
        [anchor] = soup.find_all("a")
        assert anchor["href"] == destination
        assert anchor.get_text() == url
        assert urllib.parse.unquote(str(anchor["href"])) == url
        assert soup.get_text().strip() == f"See {url} now."


# --- Links between pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "here", "link"),
    [
        ("people/x.md", "people/y.md", "x.md"),
        ("people/x.md", "briefings/y.md", "../people/x.md"),
        ("people/x.md", "index.md", "people/x.md"),
        ("index.md", "people/x.md", "../index.md"),
        ("index.md", "about.md", "index.md"),
        ("countries/india/2025.md", "countries/india.md", "india/2025.md"),
        ("countries/india.md", "countries/india/2025.md", "../india.md"),
        ("countries/india/2025.md", "countries/russia/2025.md", "../india/2025.md"),
        ("briefings/years/2025.md", "countries/india/2025.md", "../../briefings/years/2025.md"),
        ("a/b/c.md", "a/b/c.md", "c.md"),
        ("a/b/c.md", "a/x.md", "b/c.md"),
        ("a/x.md", "a/b/c.md", "../x.md"),
        ("ab/x.md", "a/y.md", "../ab/x.md"),
    ],
)
def test_a_page_links_to_another_by_the_shortest_relative_path(
    target: str, here: str, link: str
) -> None:
    """From a page, a link climbs only out of the folders the two pages do not share."""
    assert relative_uri(target, here) == link


# --- Mentions: MentionLinker ----------------------------------------------------------------

COUNTRIES = [
    ("India", "countries/india.md"),
    ("Russia", "countries/russia.md"),
    ("China", "countries/china.md"),
]


def links(paragraph: str) -> list[tuple[str, str]]:
    """(text, href) of each link the paragraph shows, as the site converts it."""
    return [(a.get_text(), str(a["href"])) for a in site_html(paragraph).find_all("a")]


@pytest.mark.parametrize(
    "text",
    [
        "Indian officials",
        "Indiana",
        "Indias",
        "India2",
        "India_Today",
        "BharatIndia",
        "SouthIndia and Indian",
        "Indi",
        "Ind ia",
        "india",
    ],
)
def test_a_name_is_never_linked_inside_a_longer_word(text: str) -> None:
    """A mention is a whole word: the name is neither the start nor the end of a longer word,
    and a case difference is another word."""
    linker = MentionLinker(COUNTRIES, "briefings/x.md")
    assert linker.paragraph(text) == escape_inline(text)


@pytest.mark.parametrize("text", ["U.S.A.", "the U.S.A said", "U.S.S.R.", "U.S.2"])
def test_a_name_ending_in_a_mark_is_not_linked_inside_a_longer_word(text: str) -> None:
    """A name like "U.S." ends with a full stop, not a word: a mention only where no letter or
    digit follows it, so it is not linked inside "U.S.A."."""
    linker = MentionLinker([("U.S.", "countries/united-states.md")], "briefings/x.md")
    assert linker.paragraph(text) == escape_inline(text)
    assert links(linker.section().paragraph(f"{text} and U.S. ties")) == [
        ("U.S.", "../countries/united-states.md")
    ]


@pytest.mark.parametrize(
    "text",
    ["India", "India's", "India.", "(India)", "India-Pakistan", "India/Pakistan", "«India»"],
)
def test_a_name_next_to_punctuation_is_a_whole_word(text: str) -> None:
    paragraph = MentionLinker(COUNTRIES, "briefings/x.md").paragraph(text)
    assert links(paragraph) == [("India", "../countries/india.md")]
    assert site_html(paragraph).get_text() == text


def test_a_repeated_mention_does_not_stop_the_next_new_one() -> None:
    """Each entity is linked at its first mention in a section; a later mention of an entity
    already linked is skipped, and names after it are still linked."""
    linker = MentionLinker(COUNTRIES, "briefings/x.md").section()
    text = "India met Russia. India then met China, and Russia met China."
    assert links(linker.paragraph(text)) == [
        ("India", "../countries/india.md"),
        ("Russia", "../countries/russia.md"),
        ("China", "../countries/china.md"),
    ]
    assert site_html(linker.paragraph("China and India again, then Russia.")).find("a") is None


def test_each_section_links_its_own_first_mentions() -> None:
    linker = MentionLinker(COUNTRIES, "briefings/x.md")
    first, second = linker.section(), linker.section()
    assert links(first.paragraph("India")) == [("India", "../countries/india.md")]
    assert links(first.paragraph("India and Russia")) == [("Russia", "../countries/russia.md")]
    assert links(second.paragraph("Russia and India")) == [
        ("Russia", "../countries/russia.md"),
        ("India", "../countries/india.md"),
    ]


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Reserve Bank of India said", "Reserve Bank of India"),
        ("the Reserve Bank of India", "Reserve Bank of India"),
        ("Bank of India", "India"),
        ("Reserve Bank of India and India", "Reserve Bank of India|India"),
        ("New Delhi hosted", "New Delhi"),
        ("Delhi and New Delhi", "Delhi|New Delhi"),
    ],
)
def test_a_name_inside_a_longer_name_is_not_linked_again(text: str, linked: str) -> None:
    """Where a longer name is mentioned, the names inside it (another entity's) are part of
    that one link, not links of their own."""
    names = [
        *COUNTRIES,
        ("Reserve Bank of India", "organizations/rbi.md"),
        ("New Delhi", "places/new-delhi.md"),
        ("Delhi", "places/delhi.md"),
    ]
    paragraph = MentionLinker(names, "briefings/x.md").paragraph(text)
    assert [shown for shown, _ in links(paragraph)] == linked.split("|")
    assert site_html(paragraph).get_text() == text


@pytest.mark.parametrize("order", [1, -1])
@pytest.mark.parametrize(
    ("names", "text", "linked"),
    [
        (["U.S.", "U.S"], "The U.S. said so.", "U.S."),
        (["U.S.", "U.S"], "The U.S said so.", "U.S"),
        (["U.S.", "U.S"], "The U.S, said so.", "U.S"),
        (["U.S.", "U.S"], "U.S-led", "U.S"),
        (["Apple Inc.", "Apple Inc", "Apple"], "Apple Inc. agreed", "Apple Inc."),
        (["Apple Inc.", "Apple Inc", "Apple"], "Apple Inc agreed", "Apple Inc"),
        (["Apple Inc.", "Apple Inc", "Apple"], "Apple agreed", "Apple"),
        (["Sergey Lavrov", "Lavrov"], "Sergey Lavrov spoke", "Sergey Lavrov"),
    ],
)
def test_the_longest_name_written_there_is_linked_whole(
    names: list[str], text: str, linked: str, order: int
) -> None:
    """Of the names that match at a word, the longest is linked, whole, whatever order the
    names were given in, also where names differ only in a closing mark ("U.S." and "U.S")."""
    pairs = [(name, "people/x.md") for name in names][::order]
    paragraph = MentionLinker(pairs, "briefings/x.md").paragraph(text)
    assert links(paragraph) == [(linked, "../people/x.md")]
    assert site_html(paragraph).get_text() == text


_NAME_POOL = ["Lavrov", "Sergey Lavrov", "Lavrov Institute", "U.S.", "U.S", "India", "Indian Ocean"]


@given(
    on_page=st.lists(st.sampled_from(_NAME_POOL), unique=True),
    words=st.lists(st.sampled_from([*_NAME_POOL, "Sergey", "met", "the", ",", "."]), max_size=12),
)
def test_a_tree_of_every_name_links_what_a_tree_of_the_pages_names_links(
    on_page: list[str], words: list[str]
) -> None:
    """Briefing pages share one tree of every entity's names (site.py); each still links
    only its own names, longest first, where a longer name of another page is written."""
    pairs = [(name, f"people/{index}.md") for index, name in enumerate(on_page)]
    text = " ".join(words)
    shared = MentionLinker(pairs, "briefings/x.md", name_tree(_NAME_POOL))
    assert shared.paragraph(text) == MentionLinker(pairs, "briefings/x.md").paragraph(text)


def test_a_name_spans_the_line_breaks_and_spaces_of_the_text() -> None:
    """Names and text are compared with their whitespace made single spaces."""
    linker = MentionLinker([("Sergey  Lavrov", "people/sergey-lavrov.md")], "briefings/x.md")
    assert linker.paragraph("Sergey\nLavrov spoke") == (
        "[Sergey Lavrov](../people/sergey-lavrov.md) spoke"
    )
    assert linker.section().paragraph("Sergey Lavrovich") == "Sergey Lavrovich"


def test_a_name_at_the_end_of_the_text_is_linked() -> None:
    linker = MentionLinker([("Sergey Lavrov", "people/l.md"), ("Lavrov", "people/l.md")], "x.md")
    assert linker.paragraph("Lavrov") == "[Lavrov](people/l.md)"
    assert linker.section().paragraph("met Sergey") == "met Sergey"
    assert linker.section().paragraph("met Sergey Lavrov") == "met [Sergey Lavrov](people/l.md)"


@pytest.mark.parametrize("name", ["", " ", "-", "(India", "'India'", "«Sergey Lavrov»"])
def test_a_name_that_does_not_start_with_a_word_is_never_linked(name: str) -> None:
    linker = MentionLinker([(name, "people/x.md")], "briefings/x.md")
    assert linker.paragraph(f"x {name} y {name}") == escape_inline(f"x {name} y {name}")


def test_the_text_around_mentions_stays_literal_text() -> None:
    """A paragraph with mentions is escaped like any text, and cannot open a block."""
    names = [("AT&T", "organizations/att.md"), ("India", "countries/india.md")]
    linker = MentionLinker(names, "briefings/x.md")
    text = "+ AT&T met *India* in [Delhi](javascript:x) <b>now</b>"
    paragraph = linker.paragraph(text)
    assert paragraph.startswith("&#43; ")
    for soup in both_engines(paragraph):
        assert tag_names(soup) == ["p", "a", "a"]
        assert soup.get_text().strip() == text
        assert [a["href"] for a in soup.find_all("a")] == [
            "../organizations/att.md",
            "../countries/india.md",
        ]


def test_paragraphs_of_prose_stay_apart_at_their_indent() -> None:
    linker = MentionLinker(COUNTRIES, "briefings/x.md")
    prose = linker.prose("India\nspoke.\n\n \n- Russia\n\n\nChina", indent=4)
    assert prose == (
        "[India](../countries/india.md) spoke.\n\n"
        "    &#45; [Russia](../countries/russia.md)\n\n"
        "    [China](../countries/china.md)"
    )


# --- The CI job summary: markdown_text --------------------------------------------------------

ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


@pytest.mark.parametrize("character", string.punctuation)
def test_every_ascii_punctuation_mark_is_escaped_in_the_summary(character: str) -> None:
    """In the job summary, HTML's characters are entities and every other ASCII punctuation
    mark is backslash-escaped, wherever it stands."""
    escaped = ENTITIES.get(character, "\\" + character)
    assert markdown_text(f"a{character}b{character}") == f"a{escaped}b{escaped}"


@pytest.mark.parametrize("text", ["Xi Jinping", "plain words 2025", "Zürich", "a b  c", "é"])
def test_words_and_inner_spaces_are_kept_in_the_summary(text: str) -> None:
    assert markdown_text(text) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        (" a", "&#32;a"),
        ("    code", "&#32;   code"),
        ("\u00a0x", "\u00a0x"),
        ("a ", "a "),
        (" ", "&#32;"),
    ],
)
def test_only_a_leading_space_is_a_character_reference_in_the_summary(
    text: str, escaped: str
) -> None:
    """A leading space would start an indented code block; spaces inside the text are kept."""
    assert markdown_text(text) == escaped


@pytest.mark.parametrize(
    "text",
    [
        "    indented code",
        "<img src=x onerror=alert(1)>",
        "[a](javascript:alert(1)) **b** _c_ `d`",
        "# heading",
        "- item",
        "1. item",
        "> quote",
        "| a | b |",
        "tab\there\r\nand\u2028more",
        "rtl\u202eexe.md",
    ],
)
def test_summary_text_is_shown_literally_on_one_line(text: str) -> None:
    """What a reviewer sees in the summary (GitHub reads it as CommonMark) is the text with
    its hidden characters written out, in one paragraph, list item or table cell, with no
    markup of its own."""
    shown = visible(text)
    for template, tags in [
        ("{}", ["p"]),
        ("- {}", ["ul", "li"]),
        ("| a |\n| --- |\n| {} |", ["table", "thead", "tr", "th", "tbody", "tr", "td"]),
    ]:
        soup = commonmark_html(template.format(markdown_text(text)))
        assert tag_names(soup) == tags
        assert soup.find_all(tags[-1])[-1].get_text().strip() == shown.strip()
