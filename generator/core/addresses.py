"""How a browser reads an address a contributor wrote, and whether that is how it reads.

A link is shown to readers as the text the contributor wrote, and followed by browsers, feed
readers and search engines as their URL parser reads it. The two can differ: in
`https://exаmple.com\\@good.example/` a reader sees the host `good.example`, while a browser,
which takes a backslash for a slash (WHATWG URL Standard), goes to the Cyrillic look-alike
`exаmple.com`. So an address is read once, by ada (an implementation of the WHATWG URL
Standard that browsers follow), and is accepted only when it has no other reading: lowercase
`https://` or `http://`, no backslash, space, quote or angle bracket, no user information
before an `@`, and a host written exactly as a browser reaches it (its Unicode or its `xn--`
form, in any letter case), valid as IDNA 2008. Then every parser, WHATWG or RFC 3986, finds
the host the text shows, and the site can print the contributor's text as it is.

Whether the letters of a host may pass is decided in `models.py`, with the script data of
`text_safety.py`: a label written in Unicode must not mix scripts, nor be made only of letters
that look like ASCII ones (`looks_like_ascii`). This module imports nothing of ours.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import Any

import idna
from ada_url import HostType, parse_url

SCHEMES = ("https://", "http://")
# What no address may hold as it is: whitespace, which a browser drops (tabs, line breaks,
# leading and trailing spaces) or encodes elsewhere; quotes and angle brackets, which end an
# attribute or a tag wherever an address is printed unescaped; and backslashes, which browsers
# read as slashes and other parsers as part of a user name or path.
_NOT_IN_AN_ADDRESS = re.compile(r"[\s<>\"'\\]")
_AUTHORITY_END = re.compile(r"[/?#]")
_SPACE_NAMES = {"\t": "a tab", "\n": "a line break", " ": "a space"}
# What DNS can hold (RFC 1035): 253 characters in a name, 63 between two dots.
MAX_HOST, MAX_LABEL = 253, 63


@dataclass(frozen=True)
class Reading:
    """An address as a browser reads it, for an address that reads as written."""

    host: str
    """The host a browser reaches: lowercase, IDNA `xn--` labels, canonical IP addresses."""
    unicode_labels: tuple[str, ...]
    """The host's labels the contributor wrote in Unicode, which readers see as letters."""

    @property
    def browser_reads(self) -> str:
        return _browser_reads(self.host)


def shown_host(host: str) -> str:
    """'xn--exmple-4nf.com' (exаmple.com): the host a browser reaches, and its letters."""
    letters = _unicode_form(host) if len(host) <= MAX_HOST else None
    return _quoted(host) if letters in (None, host) else f"{_quoted(host)} ({letters})"


def _quoted(text: str) -> str:
    """text quoted for a message, cut short: a host may be as long as the file."""
    return repr(text if len(text) <= MAX_HOST else text[:60] + "...")


def _unicode_form(host: str) -> str | None:
    try:
        return str(idna.decode(host))
    except (idna.IDNAError, UnicodeError):
        return None


def _parse(text: str) -> dict[str, Any] | None:
    """What ada makes of text, or None where a browser cannot open it."""
    try:
        return dict(parse_url(text, ("href", "protocol", "hostname", "host_type")))
    except ValueError:
        return None


def _character(character: str) -> str:
    name = unicodedata.name(character, "")
    return _SPACE_NAMES.get(character) or f"U+{ord(character):04X} {name}".rstrip()


def read_address(text: str) -> Reading:
    """How a browser reads text, if it reads as written; otherwise a ValueError that says
    which host a browser reaches and how to fix the address."""
    parsed = _parse(text)
    web = parsed if parsed and parsed["protocol"] in ("https:", "http:") else None
    if web is None and not text.startswith(SCHEMES):
        raise ValueError("only https:// and http:// links are allowed")
    _refuse_characters(text, web)
    if not text.startswith(SCHEMES) and web is not None:
        raise ValueError(
            f"a browser reads this address as {_quoted(web['href'])}; write it that way, "
            f"starting with '{web['protocol']}//'"
        )
    return _read_authority(text, web)


def _browser_reads(host: str) -> str:
    return f"a browser reads this address as host {shown_host(host)}"


def _refuse_characters(text: str, web: dict[str, Any] | None) -> None:
    found = _NOT_IN_AN_ADDRESS.search(text)
    if not found:
        return
    character = found.group()
    reads = f"{_browser_reads(web['hostname'])}; it" if web else "a browser cannot open it: it"
    if character == "\\":
        raise ValueError(
            f"{reads} contains a backslash, which a browser reads as '/' and other programs "
            "do not; write '/' for a slash, or %5C if the page's address has a backslash"
        )
    if character.isspace():
        raise ValueError(
            f"{reads} contains {_character(character)}, which a browser removes or reads "
            "otherwise; remove it, or write a space in the page's address as %20"
        )
    raise ValueError(
        f"an address cannot contain {character!r}; write it as "
        f"{urllib.parse.quote(character)} if the page's address has one"
    )


def _read_authority(text: str, web: dict[str, Any] | None) -> Reading:
    """The host of an address that starts with a scheme and `//`, checked against how a
    browser reads it. With no backslash, tab or line break in the text, the part up to the
    first `/`, `?` or `#` is the authority for every parser."""
    rest = text[text.index("//") + 2 :]
    authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
    user, at, host_and_port = authority.rpartition("@")
    if at:
        where = shown_host(web["hostname"]) if web else _quoted(host_and_port)
        raise ValueError(
            f"a browser reads this address as host {where}, and {_quoted(user + at)} before "
            "it as a user name and password, which only make an address look like another; "
            f"remove {_quoted(user + at)}"
        )
    if not authority:
        raise ValueError("the address has no host after '//'; write one, as in https://host/")
    if web is None:
        raise ValueError(
            f"a browser cannot open this address: {_quoted(authority)} is not a valid host "
            "name, IP address or port; check the part after '//'"
        )
    host = str(web["hostname"])
    written = _written_host(authority)
    if web["host_type"] != HostType.DEFAULT:  # an IPv4 or IPv6 address
        if written.lower() != host:
            raise _not_as_written(host, written)
        return Reading(host, ())
    return Reading(host, _unicode_labels(host, written))


def _written_host(authority: str) -> str:
    """The host of an authority with no user information: '[::1]:8080' -> '[::1]'."""
    if authority.startswith("["):
        return authority[: authority.find("]") + 1] or authority
    return authority.partition(":")[0]


def _unicode_labels(host: str, written: str) -> tuple[str, ...]:
    """The labels of a domain host written in Unicode, once every label is known to be what a
    browser reaches: its ASCII (`xn--`) form or its Unicode one, in any letter case.
    `idna` (IDNA 2008) refuses what DNS names cannot hold, where browsers are lenient: empty
    labels, `_`, `*`, a hyphen at either end, a broken `xn--` label, emoji."""
    if len(host) > MAX_HOST or max(map(len, host.split("."))) > MAX_LABEL:
        raise ValueError(
            f"{_browser_reads(host)}, longer than a domain name can be ({MAX_HOST} "
            f"characters, {MAX_LABEL} between two dots); check the host"
        )
    try:
        letters = str(idna.decode(host))
    except (idna.IDNAError, UnicodeError) as error:
        raise ValueError(
            f"{_browser_reads(host)}, which is not a valid domain name ({error}); check the host"
        ) from None
    typed_labels, ascii_labels = written.split("."), host.split(".")
    if len(typed_labels) != len(ascii_labels) or not all(
        typed.lower() == (ascii_label if typed.isascii() else unicode_label)
        for typed, ascii_label, unicode_label in zip(
            typed_labels, ascii_labels, letters.split("."), strict=False
        )
    ):
        raise _not_as_written(host, written)
    return tuple(typed.lower() for typed in typed_labels if not typed.isascii())


def _not_as_written(host: str, written: str) -> ValueError:
    return ValueError(
        f"{_browser_reads(host)}, not {_quoted(written)} as written; write the host as "
        f"{_quoted(host)}"
    )


@functools.lru_cache(maxsize=1 << 12)
def looks_like_ascii(label: str) -> bool:
    """Whether a host label written in Unicode reads as a plain ASCII name: every letter of it
    that is not ASCII has an ASCII letter or digit among its look-alikes in Unicode's
    confusables data (Unicode TS #39, as the confusable-homoglyphs package ships it). This is
    the whole-script spoof browsers show as `xn--`: all-Cyrillic 'раураӏ' reads as 'paypal',
    Latin 'ɡoogle' (U+0261) as 'google'. One letter without such a twin makes the label a word
    of its own script ('пример', 'münchen', 'ελλάδα'), which readers will not take for
    another name. Mixed scripts are the caller's other rule."""
    from confusable_homoglyphs import confusables  # 1 MB of data: load only when needed

    letters = [character for character in label if not character.isascii()]
    if not letters:
        return False
    for character in set(letters):
        found = confusables.is_confusable(character, greedy=True, preferred_aliases=[])
        twins = [glyph["c"] for entry in found or () for glyph in entry["homoglyphs"]]
        if not any(twin.isascii() and twin.isalnum() for twin in twins):
            return False
    return True


def ascii_host(url: str) -> str:
    """url with a host written in Unicode put in its IDNA form (`xn--`), so a link destination
    is plain ASCII that every parser reads alike; anything else unchanged. Only for addresses
    `read_address` accepted: their host is the part after '//' up to '/', '?', '#' or ':'."""
    if url.isascii() or not url.startswith(SCHEMES):
        return url
    start = url.index("//") + 2
    authority = _AUTHORITY_END.split(url[start:], maxsplit=1)[0]
    written = _written_host(authority)
    if written.isascii():
        return url
    parsed = _parse(url)
    if parsed is None:
        return url
    return url[:start] + str(parsed["hostname"]) + url[start + len(written) :]
