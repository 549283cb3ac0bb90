"""Every address is judged as a browser reads it (WHATWG URL Standard, through ada).

A hostile address is one whose text shows one host while a browser, a feed reader or a
JSON-LD consumer reaches another: a backslash a browser takes for a slash, user information
before an `@`, a host percent-encoded, written in full-width letters or as a hexadecimal
number, a host that mixes scripts or whose every letter only looks Latin. Each is rejected by
`check` at the value's own line and column, and the message names the host a browser reaches.
Genuinely valid addresses (other scripts, ports, IP addresses, a host written in its `xn--`
form) still pass, and the site prints them as written.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
from test_characters import check_output

from conftest import WriteFile
from generator.core.addresses import looks_like_ascii
from generator.core.escaping import link_destination
from generator.pages.markdown_text import external_link
from generator.story.models import OfficeRecord, Source
from test_checker import NAME, mutate, run_check

# (case id, address, what the message must say). Each message starts where a browser goes.
HOSTILE: list[tuple[str, str, list[str]]] = [
    (
        "backslash-before-at-lookalike",
        "https://ex\u0430mple.com\\@good.example/",
        [
            "a browser reads this address as host 'xn--exmple-4nf.com' (ex\u0430mple.com)",
            "backslash",
        ],
    ),
    (
        "backslash-before-at",
        "https://evil.example\\@good.example/",
        ["host 'evil.example'; it contains a backslash", "write '/'"],
    ),
    ("backslashes-for-slashes", "https:\\\\evil.example/", ["host 'evil.example'", "backslash"]),
    (
        "user-before-at",
        "https://good.example@evil.example/",
        ["host 'evil.example', and 'good.example@' before it", "remove 'good.example@'"],
    ),
    (
        "user-and-password",
        "https://user:pass@news.example/a",
        ["host 'news.example'", "user name and password", "remove 'user:pass@'"],
    ),
    ("empty-user", "https://@news.example/", ["host 'news.example'", "remove '@'"]),
    (
        "encoded-at-in-user",
        "https://good.example%40x@evil.example/",
        ["host 'evil.example'", "remove 'good.example%40x@'"],
    ),
    (
        "encoded-at-in-host",
        "https://good.example%40evil.example/",
        ["a browser cannot open this address: 'good.example%40evil.example'"],
    ),
    (
        "encoded-letter-in-host",
        "https://ex%61mple.com/",
        ["host 'example.com', not 'ex%61mple.com' as written", "write the host as 'example.com'"],
    ),
    ("tab-in-host", "https://go\tod.example/", ["host 'good.example'; it contains a tab"]),
    ("line-break-in-path", "https://news.example/a\nb", ["it contains a line break"]),
    ("space-in-host", "https://news .example/", ["a browser cannot open it: it contains a space"]),
    ("space-in-path", "https://news.example/a b", ["host 'news.example'; it contains a space"]),
    (
        "one-slash",
        "https:/evil.example/",
        ["a browser reads this address as 'https://evil.example/'", "starting with 'https://'"],
    ),
    ("no-slash", "https:evil.example", ["as 'https://evil.example/'; write it that way"]),
    ("uppercase-scheme", "HTTPS://news.example/", ["as 'https://news.example/'"]),
    ("ipv6-unclosed", "https://[::1/", ["a browser cannot open this address: '[::1'"]),
    ("ipv6-not-as-read", "https://[0:0::1]/", ["host '[::1]', not '[0:0::1]' as written"]),
    ("ipv4-in-hex", "https://0x7f.1/", ["host '127.0.0.1', not '0x7f.1' as written"]),
    ("ipv4-short", "https://1.2.3/", ["host '1.2.0.3', not '1.2.3' as written"]),
    ("empty-host", "https:///x", ["the address has no host after '//'"]),
    ("port-out-of-range", "https://news.example:99999/", ["cannot open this address"]),
    ("empty-label", "https://news..example/", ["not a valid domain name (Empty Label)"]),
    ("underscore", "https://a_b.example/", ["not a valid domain name", "U+005F"]),
    ("broken-punycode", "https://xn--zz.example/", ["not a valid domain name"]),
    (
        "full-width-letter",
        "https://\uff45xample.com/",
        ["host 'example.com', not '\uff45xample.com' as written"],
    ),
    ("ideographic-full-stop", "https://example\u3002com/", ["host 'example.com', not"]),
    (
        "decomposed-letters",
        "https://mu\u0308nchen.de/",
        ["host 'xn--mnchen-3ya.de' (münchen.de), not", "write the host as 'xn--mnchen-3ya.de'"],
    ),
    (
        "mixed-script",
        "https://p\u0430ypal.example/",
        ["host 'xn--pypal-4ve.example' (p\u0430ypal.example)", "'p\u0430ypal' mixes letters"],
    ),
    (
        "mixed-script-subdomain",
        "https://login.p\u0430ypal.example/x",
        ["host 'login.xn--pypal-4ve.example'", "mixes letters of different scripts"],
    ),
    (
        "all-cyrillic-lookalike",
        "https://\u0440\u0430\u0443\u0440\u0430\u04cf.com/",
        [
            "host 'xn--80aa0cbo65f.com' (раураӏ.com)",
            "only in letters that look like plain Latin ones",
            "write the host as 'xn--80aa0cbo65f.com' if it really is this one",
        ],
    ),
    ("all-greek-lookalike", "https://\u03bf\u03c1\u03b1.example/", ["host 'xn--mxa1ag.example'"]),
    ("latin-lookalike", "https://\u0261oogle.com/", ["(ɡoogle.com)", "look like plain Latin"]),
    ("javascript", "javascript:alert(1)", ["only https:// and http:// links are allowed"]),
    ("angle-bracket", "https://news.example/<b>", ["an address cannot contain '<'", "%3C"]),
]


def briefing_with_url(url: str) -> str:
    # A JSON string is a YAML double-quoted scalar: \t, \n, \\ and \uXXXX are YAML escapes.
    return mutate("  agency: SYN", f"  agency: SYN\n  url: {json.dumps(url)}")


@pytest.mark.parametrize(
    ("url", "words"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE]
)
def test_a_hostile_address_is_rejected_where_it_is_written(
    project: Path,
    write_file: WriteFile,
    capsys: pytest.CaptureFixture[str],
    url: str,
    words: list[str],
) -> None:
    (line,) = check_output(project, write_file, capsys, briefing_with_url(url))
    assert line.startswith(f"{NAME}:7:8: error: source.url: "), line
    assert line.endswith(" [schema-value_error]"), line
    for word in words:
        assert word in line, line


OFFICE_PERSON = """\

- id: office-holder
  name: Office Holder
  offices:
    - title: Minister
      source: {url}
"""


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://ex\u0430mple.com\\@good.example/", ["host 'xn--exmple-4nf.com'", "backslash"]),
        ("https://good.example@evil.example/", ["host 'evil.example'", "remove"]),
        ("https://\u0440\u0430\u0443\u0440\u0430\u04cf.com/", ["host 'xn--80aa0cbo65f.com'"]),
    ],
    ids=["backslash", "user", "lookalike"],
)
def test_an_office_source_is_judged_the_same_way(
    project: Path, capsys: pytest.CaptureFixture[str], url: str, words: list[str]
) -> None:
    people = project / "entities" / "people.yml"
    text = people.read_text("utf-8")
    people.write_text(text + OFFICE_PERSON.format(url=json.dumps(url)), "utf-8")
    line_number = len(text.split("\n")) + 5
    code, lines = run_check(project, capsys)
    assert code == 1
    (line,) = [line for line in lines if line.startswith("entities/people.yml:")]
    assert line.startswith(f"entities/people.yml:{line_number}:15: error: "), line
    assert "offices[0].source: " in line, line
    for word in words:
        assert word in line, line


VALID = [
    "https://news.example",
    "https://News.Example/a?b=c#d",
    "http://news.example:8080/x",
    "https://news.example:443/",
    "https://example.com./",
    "https://news.example/a_(b)",
    "https://news.example/%40user",
    "https://evil.example/@good.example",
    "https://ru.wikipedia.org/wiki/Лавров,_Сергей_Викторович",
    "https://пример.рф/",
    "https://ПРИМЕР.рф/путь",
    "https://münchen.de/",
    "https://ελλάδα.gr/",
    "https://日本.jp/",
    "http://192.0.2.1/",
    "https://[2001:db8::1]:8443/",
    # The look-alike and the mixed-script host, written in the form readers see as a code.
    "https://xn--80aa0cbo65f.com/",
    "https://xn--exmple-4nf.com/",
]


@pytest.mark.parametrize("url", VALID)
def test_a_valid_address_passes_as_written(url: str) -> None:
    assert Source.model_validate({"file": "a.txt", "url": url}).url == url
    assert OfficeRecord.model_validate({"title": "Minister", "source": url}).source == url


def test_spaces_around_an_address_are_not_part_of_it() -> None:
    # As around every text field; a browser strips them too, so nothing differs.
    assert Source.model_validate({"file": "a.txt", "url": " https://a.example/\t"}).url == (
        "https://a.example/"
    )


def test_valid_addresses_pass_check_end_to_end(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = project / "entities" / "people.yml"
    offices = "".join(f"    - title: Minister\n      source: {json.dumps(url)}\n" for url in VALID)
    entry = "\n- id: office-holder\n  name: Office Holder\n  offices:\n" + offices
    people.write_text(people.read_text("utf-8") + entry, "utf-8")
    code, lines = run_check(project, capsys)
    assert code == 0, lines


# Before addresses were read as browsers read them, a link's destination was the address
# percent-encoded for Markdown; an ASCII address keeps exactly that, but for the brackets of an
# IPv6 host, which no browser can open percent-encoded (tests/test_markdown_escaping_rules.py).
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


@pytest.mark.parametrize("url", [url for url in VALID if url.split("/")[2].isascii()])
def test_the_site_links_an_ascii_host_as_written(url: str) -> None:
    expected = urllib.parse.quote(url, safe=_URL_SAFE)
    if url.split("/")[2].startswith("["):
        expected = expected.replace("%5B", "[", 1).replace("%5D", "]", 1)
    assert link_destination(url) == expected


@pytest.mark.parametrize(
    ("url", "destination"),
    [
        ("https://пример.рф/", "https://xn--e1afmkfd.xn--p1ai/"),
        (
            "https://ПРИМЕР.рф:8443/путь",
            "https://xn--e1afmkfd.xn--p1ai:8443/%D0%BF%D1%83%D1%82%D1%8C",
        ),
        ("https://münchen.de/a?b#c", "https://xn--mnchen-3ya.de/a?b#c"),
        ("https://日本.jp", "https://xn--wgv71a.jp"),
    ],
)
def test_the_site_links_a_unicode_host_in_the_form_browsers_reach(
    url: str, destination: str
) -> None:
    # Percent-encoded UTF-8 in a host is another name to every parser but a browser's.
    assert link_destination(url) == destination
    assert external_link(url).endswith(f"]({destination})")


@pytest.mark.parametrize(
    ("label", "looks_latin"),
    [
        ("\u0440\u0430\u0443\u0440\u0430\u04cf", True),  # раураӏ: all Cyrillic, reads 'paypal'
        ("\u0441\u043e\u0441\u043e", True),  # сосо
        ("\u0501\u043e\u0501\u043e", True),  # ԁоԁо
        ("\u03bf\u03c1\u03b1", True),  # ορα, Greek
        ("\u0261oogle", True),  # ɡoogle, Latin script G
        ("\u043f\u0440\u0438\u043c\u0435\u0440", False),  # пример: п, и, м have no Latin twin
        ("\u043a\u0440\u0435\u043c\u043b\u044c", False),  # кремль
        ("münchen", False),
        ("\u03b5\u03bb\u03bb\u03ac\u03b4\u03b1", False),  # ελλάδα
        ("日本", False),
        ("example", False),  # plain ASCII is what it shows
    ],
)
def test_a_label_looks_latin_when_every_letter_has_a_latin_twin(
    label: str, looks_latin: bool
) -> None:
    assert looks_like_ascii(label) is looks_latin
