"""Stage 1: read the project's files and parse YAML, keeping the position of every node.

PyYAML's C loader composes the node tree (fast, and it keeps line and column); we convert
nodes to plain data ourselves, so duplicate keys, anchors, aliases and custom tags become
errors instead of silent surprises, and every scalar stays the text the contributor wrote.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from ..core.diagnostics import Diagnostic, error
from ..core.text_safety import character_name
from ..core.workers import in_parts
from ..story.models import (
    KINDS,
    LoadedProject,
    Loc,
    Places,
    RegistryKind,
    SourceText,
    YamlDocument,
)
from ..story.sitemap import is_windows_device_name

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is in every wheel we pin
    from yaml import SafeLoader  # type: ignore[assignment]

BRIEFINGS_DIR = "briefings"
ENTITIES_DIR = "entities"
SEEDS_DIR = "seeds"
MAX_FILE_BYTES = 256 * 1024
MAX_SOURCE_BYTES = 4 * 1024 * 1024
"""A news article is tens of KiB; anything near this is not one."""
# The registry grows with the collection: thousands of people and events in one file.
MAX_REGISTRY_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 12
STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
IMPLICIT_NON_TEXT = {
    f"{STANDARD_TAG_PREFIX}{name}": name for name in ("bool", "int", "float", "timestamp")
}
NULL_TAG = f"{STANDARD_TAG_PREFIX}null"
# Plain data only: no !!binary, !!set, !!python/... or application tags.
ALLOWED_TAGS = frozenset(
    f"{STANDARD_TAG_PREFIX}{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


class _ConversionError(Exception):
    """Stops converting one document; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.value_numbers: list[int] = []
        """Line and column of each value in the order met, one after the other."""
        self.key_numbers: list[int] = []
        self.implicit_types: dict[Loc, str] = {}

    def fail(self, node: yaml.Node, code: str, message: str, hint: str = "") -> _ConversionError:
        mark = node.start_mark
        return _ConversionError(
            error(self.path, mark.line + 1, mark.column + 1, code, message, hint)
        )

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        # No alias reaches here: parse_yaml rejects anchors and aliases before composing.
        # Every node of every file passes here: positions go into flat lists in the order
        # met, made into lookup tables only where a diagnostic needs them
        # (`YamlDocument.position`, which walks the data in this same order).
        if len(loc) > MAX_DEPTH:
            raise self.fail(node, "yaml-too-deep", f"nesting is deeper than {MAX_DEPTH} levels", "")
        tag = node.tag
        if tag not in ALLOWED_TAGS:
            raise self.fail(
                node,
                "yaml-tag",
                f"the YAML tag {tag!r} is not allowed",
                "Remove the tag; write plain values",
            )
        mark = node.start_mark
        self.value_numbers += (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            # The C loader marks plain scalars with style '' and the pure-Python one with None.
            if not node.style:
                if tag == NULL_TAG:
                    return None
                if tag in IMPLICIT_NON_TEXT:
                    self.implicit_types[loc] = IMPLICIT_NON_TEXT[tag]
            value: str = node.value
            return value
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, loc)
        assert isinstance(node, yaml.SequenceNode)
        return [self.convert(item, (*loc, index)) for index, item in enumerate(node.value)]

    def convert_mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        key_numbers = self.key_numbers
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value is None:
                raise self.fail(key_node, "yaml-key", "a key must be a plain name", "")
            if key_node.tag not in ALLOWED_TAGS:  # a tag on a key, as on a value
                raise self.fail(
                    key_node,
                    "yaml-tag",
                    f"the YAML tag {key_node.tag!r} is not allowed",
                    "Remove the tag; write plain keys",
                )
            key = str(key_node.value)
            mark = key_node.start_mark
            if key in first_seen:
                raise self.fail(
                    key_node,
                    "yaml-duplicate-key",
                    f"duplicate key {key!r} (first given on line {first_seen[key]})",
                    "Keep one of them; YAML would silently drop the first",
                )
            first_seen[key] = mark.line + 1
            key_numbers += (mark.line + 1, mark.column + 1)
            result[key] = self.convert(value_node, (*loc, key))
        return result


def _anchor_problem(text: str, path: str) -> Diagnostic | None:
    """Find the first anchor or alias. Only called when the text could hold one."""
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor is not None:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                symbol = "*" if kind == "alias" else "&"
                return error(
                    path,
                    line,
                    column,
                    f"yaml-{kind}",
                    f"YAML {kind}s ({symbol}name) are not allowed",
                    "Write each value out in full, so every briefing reads on its own",
                )
    except yaml.YAMLError:
        return None  # the syntax error is reported by compose, with its position
    return None


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """Line and column of text[index] as git and editors count them: only a line feed ends a
    line, and columns count characters, not bytes."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _refused_character_index(exc: yaml.reader.ReaderError, text: str) -> int:
    """Where the character the YAML reader refused stands in text. The C loader reports a
    byte offset into the UTF-8 encoding (too far right after any non-ASCII text), the Python
    loader a character index; the reader stops at the first occurrence of the character
    either way, so that is where it is."""
    if isinstance(exc.character, int):
        index = text.find(chr(exc.character))
        if index >= 0:
            return index
    return len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))


# Line breaks to YAML that git and GitHub do not count: only a line feed ends a line there
# (a carriage return before it is part of a CRLF line ending, which is fine).
_HIDDEN_LINE_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


def _hidden_line_break(text: str, path: str) -> Diagnostic | None:
    """The first line break that YAML sees and a reviewer does not: text after one on a
    comment line would be read as a field nobody saw, and every later line number would
    shift. Reported at its line and column as git counts them."""
    if text.isascii() and "\r" not in text:
        return None
    found = _HIDDEN_LINE_BREAK.search(text)
    if found is None:
        return None
    line, column = _line_and_column(text, found.start())
    name = character_name(found.group())
    if found.group() == "\r":
        message = f"{name} without a line feed after it: YAML reads it as a line break"
        hint = (
            "git and GitHub do not, so what follows would be parsed on a line no reviewer "
            "sees; save the file with LF (or CRLF) line endings"
        )
    else:
        message = f"{name}: YAML reads it as a line break, but git and GitHub show none"
        hint = (
            "What follows it would be parsed on a line no reviewer sees. Remove it (it is "
            "invisible: retype the text around it), or break the line with a real newline"
        )
    return error(path, line, column, "hidden-line-break", message, hint)


_FLOW_COLLECTIONS = {
    "while parsing a flow sequence": ("[", "]", "list"),
    "while parsing a flow mapping": ("{", "}", "mapping"),
}
_QUOTE_NAMES = {'"': "double quote", "'": "single quote"}


def _closes(line: str, opener: str, closer: str) -> bool:
    """Whether the line closes a bracket opened before it."""
    depth = 0
    for character in line:
        depth += (character == opener) - (character == closer)
        if depth < 0:
            return True
    return False


def _quoted_text_before(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The quoted text that ends just before mark on mark's line: the parser stopped after it."""
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text, Loader=SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        not isinstance(last, yaml.ScalarToken)
        or last.style not in _QUOTE_NAMES
        or last.end_mark.line != mark.line
        or text[last.end_mark.index : mark.index].strip(" \t")
    ):
        return None
    return last


def _close_quote_hint(quote: str) -> str:
    mark = f"{_QUOTE_NAMES[quote]} ({quote})" if quote in _QUOTE_NAMES else "quote mark"
    return (
        f"Add the closing {mark} where the text ends, "
        "or leave out the quotes and write the text as a '>-' block"
    )


def _unclosed_problem(exc: yaml.YAMLError, path: str, text: str) -> Diagnostic | None:
    """A quote or bracket that is never closed, reported where it opens: the parser only
    notices lines later, where the text runs into the next value or the end of the file."""
    opened = getattr(exc, "context_mark", None)
    found = getattr(exc, "problem_mark", None)
    if found is None:
        return None
    context, problem = getattr(exc, "context", None) or "", getattr(exc, "problem", None) or ""
    lines = text.split("\n")  # as git counts them, and as YAML does after parse_yaml's check
    if (
        opened is not None
        and context == "while scanning a quoted scalar"
        and ("end of stream" in problem or "document" in problem)
    ):
        opening_line = lines[opened.line] if opened.line < len(lines) else ""
        quote = opening_line[opened.column : opened.column + 1]
        line = opened.line + 1
        return error(
            path,
            line,
            opened.column + 1,
            "yaml-syntax",
            f"this quoted text opened on line {line} is never closed",
            _close_quote_hint(quote),
        )
    if opened is not None and context in _FLOW_COLLECTIONS and found.line > opened.line:
        opener, closer, kind = _FLOW_COLLECTIONS[context]
        after_opener = lines[opened.line][opened.column + 1 :] if opened.line < len(lines) else ""
        problem_line = lines[found.line] if found.line < len(lines) else ""
        if not _closes(after_opener, opener, closer) and not _closes(problem_line, opener, closer):
            line = opened.line + 1
            return error(
                path,
                line,
                opened.column + 1,
                "yaml-syntax",
                f"this {kind} opened with '{opener}' on line {line} is never closed",
                f"Add the closing '{closer}' after its last item, on the same line",
            )
    if isinstance(exc, yaml.parser.ParserError):
        quoted = _quoted_text_before(text, found)
        if quoted is not None and quoted.start_mark.line < quoted.end_mark.line:
            start, end = quoted.start_mark, quoted.end_mark
            quote = quoted.style
            return error(
                path,
                start.line + 1,
                start.column + 1,
                "yaml-syntax",
                f"this quoted text opened on line {start.line + 1} is not closed on that line: "
                f"it runs on to the {quote} on line {end.line + 1}, column {end.column}",
                _close_quote_hint(quote),
            )
    return None


def _quote_hint(exc: yaml.YAMLError, text: str) -> str:
    """How to write a quote mark inside quoted text, when one ended it too early."""
    found = getattr(exc, "problem_mark", None)
    if not isinstance(exc, yaml.parser.ParserError) or found is None:
        return ""
    quoted = _quoted_text_before(text, found)
    if quoted is None:
        return ""
    if quoted.style == "'":
        return (
            "The ' before this ends the quoted text: inside '…' write an apostrophe as '' "
            "(two single quotes), or put the whole text in double quotes"
        )
    return (
        'The " before this ends the quoted text: inside "…" write a quote mark as \\", '
        "or put the whole text in single quotes"
    )


_KEY_AND_PLAIN_VALUE = re.compile(
    r"^( *(?:- +)*)([A-Za-z_][A-Za-z0-9_-]*):( +)([^\s'\"\[\]{}>|&*!%@`#].*)$"
)
"""`  evidence: He said: we agree`: a key and a plain value on one line (a value in quotes,
a flow collection, a block scalar or an anchor is none)."""
MAX_SHOWN_VALUE = 500
"""A longer value is not shown quoted in the hint (it would not fit a log line)."""


def yaml_quoted(value: str) -> str:
    """The value as a YAML quoted scalar that reads back as the same text: in double quotes,
    or in single quotes (with ' doubled) when it holds a double quote or a backslash."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _colon_in_value_problem(exc: yaml.YAMLError, path: str, lines: list[str]) -> Diagnostic | None:
    """`evidence: He said: we agree`: YAML reads the second ': ' as the start of a mapping. Said
    at the value, with the value quoted as the fix, when the line is a key and a plain value
    that the offending colon stands in."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or "mapping values are not allowed" not in str(getattr(exc, "problem", "")):
        return None
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = _KEY_AND_PLAIN_VALUE.match(line.rstrip("\r"))
    if found is None or mark.column <= found.start(4):
        return None
    key, start = found.group(2), found.start(4)
    # A comment ends a plain value; it is not part of the text.
    value = re.split(r" +#", found.group(4), maxsplit=1)[0].rstrip()
    indent = len(found.group(1))
    following = next((later for later in lines[mark.line + 1 :] if later.strip()), "")
    runs_on = len(following) - len(following.lstrip(" ")) > indent and not following.lstrip(
        " "
    ).startswith(("- ", "#"))
    message = f"the ': ' in the text of '{key}' makes YAML read a new key there"
    if runs_on or len(value) > MAX_SHOWN_VALUE:
        hint = (
            f"Write the text as a '>-' block: '{key}: >-' and the text on the lines below, "
            "indented more than the key"
        )
    else:
        hint = (
            f"Put the text in quotes: {key}: {yaml_quoted(value)} (or write it as a '>-' "
            "block below the key)"
        )
    return error(path, mark.line + 1, start + 1, "yaml-syntax", message, hint)


def _syntax_problem(exc: yaml.YAMLError, path: str, text: str) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _line_and_column(text, _refused_character_index(exc, text))
        return error(
            path,
            line,
            column,
            "yaml-syntax",
            f"the character U+{exc.character:04X} is not allowed in YAML"
            if isinstance(exc.character, int)
            else "a character that YAML does not allow",
            "Remove it; it is often invisible, so retype the surrounding words",
        )
    unclosed = _unclosed_problem(exc, path, text)
    if unclosed is not None:
        return unclosed
    colon = _colon_in_value_problem(exc, path, text.split("\n"))
    if colon is not None:
        return colon
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    lines = text.split("\n")  # as git counts them, and as YAML does after parse_yaml's check
    offending = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    hint = ""
    if offending == "\t" or "\t" in problem:
        message = "a tab character: YAML does not allow tabs for indentation"
        hint = "Indent with spaces, never tabs"
    elif quote_hint := _quote_hint(exc, text):
        hint = quote_hint
    elif "unknown escape character" in problem:
        hint = 'Inside "…" a backslash starts an escape: write \\\\ for one, or use single quotes'
    elif "did not find expected key" in problem or "mapping values are not allowed" in problem:
        hint = (
            "Check the indentation: keys of one mapping must line up exactly; a text that "
            "holds ': ' must be in quotes or a '>-' block"
        )
    elif "unexpected end of stream" in problem or "found unexpected end" in problem:
        hint = "A quote is not closed: end the text with the same quote mark that starts it"
    elif "expected a single document" in message or "expected '<document start>'" in message:
        hint = "A file holds one YAML document; remove the extra '---' or text at the end"
    return error(path, line, column, "yaml-syntax", message.rstrip("."), hint)


def _decode(raw: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, error(
            path, 1, 1, "encoding", "the file is UTF-16; it must be UTF-8", "Save it as UTF-8"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, error(
            path,
            1,
            1,
            "encoding",
            "the file starts with a byte-order mark",
            "Save it as UTF-8 without BOM",
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        # Columns count characters, as editors do, not bytes.
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        return None, error(
            path,
            line,
            column,
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "Save the file as UTF-8",
        )


def parse_yaml(
    raw: bytes, path: str, max_bytes: int = MAX_FILE_BYTES
) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML file's bytes; never raises for any input."""
    if len(raw) > max_bytes:
        size, limit = f"{len(raw) // 1024} KiB", f"{max_bytes // 1024} KiB"
        return None, [
            error(path, 1, 1, "too-large", f"the file is {size}; the limit is {limit}", "")
        ]
    text, problem = _decode(raw, path)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    line_break = _hidden_line_break(text, path)
    if line_break is not None:
        return None, [line_break]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [error(path, 1, 1, "empty", "the file is empty", "")]
    if "&" in text or "*" in text:
        anchor = _anchor_problem(text, path)
        if anchor is not None:
            return None, [anchor]
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, path, text)]
    except RecursionError:
        return None, [error(path, 1, 1, "yaml-too-deep", "the file is nested far too deeply")]
    if root is None:
        return None, [error(path, 1, 1, "empty", "the file is empty", "")]
    converter = _Converter(path)
    try:
        data = converter.convert(root, ())
    except _ConversionError as failure:
        return None, [failure.diagnostic]
    places = Places(converter.value_numbers, converter.key_numbers)
    return YamlDocument(path, data, places, converter.implicit_types), []


def _display_path(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _display_of(path: str, root: Path) -> str:
    """_display_path for the str paths _files_under gives, without pathlib's cost, which
    counts when the watch mode looks at 20,000 files for each save."""
    prefix = os.path.join(root, "")  # noqa: PTH118 - str paths, see _files_under
    if path.startswith(prefix):
        return path[len(prefix) :].replace(os.sep, "/")
    return _display_path(Path(path), root)


Signature = tuple[int, int, int, int]
YamlResult = tuple[YamlDocument | None, list[Diagnostic]]
SourceResult = tuple[SourceText | None, list[Diagnostic]]
Parsed = TypeVar("Parsed")
RawRead = tuple[bytes | None, list[Diagnostic]]


@dataclass(frozen=True)
class _Cached(Generic[Parsed]):
    signature: Signature
    digest: bytes | None
    """The content's hash, or None when the file could not be read."""
    result: tuple[Parsed | None, list[Diagnostic]]


@dataclass
class FileCache:
    """What each file parsed to, by path and content hash, so the watch mode parses only the
    files whose content changed since its last run. The stat signature is a shortcut: while
    it is unchanged the file is not even read; when it changes (a save, a checkout, a touch)
    the file is read and hashed, and the same content keeps the same parsed object, so every
    result computed from that object is kept too. The signature is taken before the read: a
    file that changes during the read gets a new signature and is read again next time."""

    yaml: dict[str, _Cached[YamlDocument]] = field(default_factory=dict)
    sources: dict[str, _Cached[SourceText]] = field(default_factory=dict)
    names: tuple[tuple[str, ...], tuple[Diagnostic, ...]] = ((), ())
    """The last list of content files and the problems with their names (portable_names)."""


def _signature(path: str) -> Signature | None:
    try:
        status = os.stat(path)  # noqa: PTH116 - a str path: see _files_under
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def _size_text(size: int) -> str:
    return f"{size // 1024} KiB" if size < 4 * 1024 * 1024 else f"{size // (1024 * 1024)} MiB"


def read_content_file(
    path: Path, display: str, max_bytes: int
) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a content file: only a regular file, never through a symbolic link, and
    its size checked before reading (a link to /etc/passwd or to an endless device is
    reported, not read)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [_symlink_problem(display)]
        if exc.errno == errno.ENOENT:
            return None, [error(display, 1, 1, "missing-file", "the file is missing")]
        return None, [error(display, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")]
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, [_not_a_file_problem(display)]
        if status.st_size > max_bytes:
            message = (
                f"the file is {_size_text(status.st_size)}; the limit is {_size_text(max_bytes)}"
            )
            return None, [error(display, 1, 1, "too-large", message, "")]
        try:
            raw = handle.read(max_bytes + 1)
        except OSError as exc:
            return None, [
                error(display, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")
            ]
    if len(raw) > max_bytes:  # it grew while being read
        return None, [
            error(display, 1, 1, "too-large", f"the file is over {_size_text(max_bytes)}")
        ]
    return raw, []


def _not_a_file_problem(display: str) -> Diagnostic:
    return error(display, 1, 1, "not-a-file", "this is not a plain file", "Replace it with one")


def _symlink_problem(display: str) -> Diagnostic:
    return error(
        display,
        1,
        1,
        "symbolic-link",
        "this is a symbolic link; content must be plain files inside the repository",
        "Replace the link with the file itself",
    )


def _cached(
    path: str,
    entries: dict[str, _Cached[Parsed]] | None,
    read: Callable[[], RawRead],
    parse: Callable[[bytes], tuple[Parsed | None, list[Diagnostic]]],
) -> tuple[Parsed | None, list[Diagnostic]]:
    """parse(read()), or what it gave last time if the file's stat signature or, failing
    that, its content's hash has not changed."""
    signature = _signature(path) if entries is not None else None
    cached = entries.get(path) if entries is not None else None
    if signature is not None and cached is not None and cached.signature == signature:
        return cached.result
    raw, problems = read()
    if entries is None:
        return (None, problems) if raw is None else parse(raw)
    digest = hashlib.blake2b(raw, digest_size=16).digest() if raw is not None else None
    if raw is None:
        result: tuple[Parsed | None, list[Diagnostic]] = (None, problems)
    elif cached is not None and cached.digest == digest:
        result = cached.result
    else:
        result = parse(raw)
    if signature is not None:
        entries[path] = _Cached(signature, digest, result)
    return result


def _read_yaml_cached(
    path: str, root: Path, cache: FileCache | None, max_bytes: int = MAX_FILE_BYTES
) -> YamlResult:
    # The display path is worked out only for a file that is read: most are not.
    return _cached(
        path,
        cache.yaml if cache else None,
        lambda: read_content_file(Path(path), _display_of(path, root), max_bytes),
        lambda raw: parse_yaml(raw, _display_of(path, root), max_bytes),
    )


def _read_source_cached(path: str, root: Path, cache: FileCache | None) -> SourceResult:
    def decode(raw: bytes) -> SourceResult:
        display = _display_of(path, root)
        text, problem = _decode(raw, display)
        if problem is not None or text is None:
            return None, [problem] if problem else []
        return SourceText(Path(path).name, display, text), []

    return _cached(
        path,
        cache.sources if cache else None,
        lambda: read_content_file(Path(path), _display_of(path, root), MAX_SOURCE_BYTES),
        decode,
    )


def _files_under(
    folder: Path, root: Path, wanted: Callable[[str], bool], *, recursive: bool = True
) -> tuple[list[str], list[Diagnostic]]:
    """Regular files whose name is wanted, in path order, and a problem for each folder that
    cannot be read and each symbolic link (a skipped folder would make its pages look stale).
    Directory entries tell which are files without a stat of each, which counts at 10,000.
    Paths stay strings: pathlib objects cost more than the stat at that size."""
    found: list[str] = []
    problems: list[Diagnostic] = []
    _file_names_under(str(folder), wanted, recursive, found, problems, str(root))
    return sorted(found, key=lambda name: name.split(os.sep)), problems  # noqa: PTH206


def _file_names_under(
    folder: str,
    wanted: Callable[[str], bool],
    recursive: bool,
    found: list[str],
    problems: list[Diagnostic],
    root: str,
) -> None:
    def display(path: str) -> str:
        return os.path.relpath(path, root).replace(os.sep, "/")

    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    except OSError as exc:
        display_folder = display(folder) + "/"
        problems.append(
            error(display_folder, 1, 1, "unreadable", f"cannot read the folder: {exc.strerror}")
        )
        return
    for entry in entries:
        if entry.is_symlink():
            if entry.is_dir() or wanted(entry.name):
                problems.append(_symlink_problem(display(entry.path)))
        elif entry.is_dir(follow_symlinks=False):
            if recursive:
                _file_names_under(entry.path, wanted, recursive, found, problems, root)
        elif entry.is_file(follow_symlinks=False):
            if wanted(entry.name):
                found.append(entry.path)
        elif wanted(entry.name):  # a device or pipe with a content file's name
            problems.append(_not_a_file_problem(display(entry.path)))


def _is_yaml_name(name: str) -> bool:
    return _suffix(name).lower() in {".yml", ".yaml"}


def _is_source_name(name: str) -> bool:
    return _suffix(name) == ".txt"


def _suffix(name: str) -> str:
    """As PurePath(name).suffix, for 20,000 names without making 20,000 objects."""
    index = name.rfind(".")
    return name[index:] if 0 < index < len(name) - 1 else ""


def _forget_unseen(cache: FileCache | None, seen: set[str]) -> None:
    """Drop files this run did not find, so a deleted briefing is not kept alive."""
    if cache is not None:
        cache.yaml = {path: entry for path, entry in cache.yaml.items() if path in seen}
        cache.sources = {path: entry for path, entry in cache.sources.items() if path in seen}


_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f]')
"""Characters no file name may hold on Windows (besides `/`), control characters included."""


def _portable_name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be checked out on Windows (or keeps another name
    there), or None."""
    if is_windows_device_name(name):
        return f"{name!r} is a device name on Windows (con, prn, aux, nul, com1-9, lpt1-9)"
    found = _WINDOWS_FORBIDDEN.search(name)
    if found:
        return f"{name!r} holds {found.group()!r}, which Windows does not allow in a file name"
    if name.endswith((".", " ")):
        return f"{name!r} ends in a {'dot' if name.endswith('.') else 'space'}, which Windows drops"
    return None


def _fold(name: str) -> str:
    """A name as macOS and Windows compare them: letter case and Unicode normalisation
    (macOS keeps `é` and `e` + U+0301 as one name) do not count."""
    return unicodedata.normalize("NFD", name).casefold()


def portable_name_problems(paths: Iterable[str], root: Path) -> list[Diagnostic]:
    """Content files (and their folders) whose names a checkout on macOS or Windows cannot
    make: two names that differ only in letter case or normalisation (`seeds/Report.txt`
    beside `seeds/report.txt`: one overwrites the other), a Windows device name (`con.yml`),
    a forbidden character or a final dot or space. An error at each file, at 1:1."""
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    """Each folder and file name compared so far, by its folded form."""
    folders: set[str] = set()
    for path in sorted(_display_of(path, root) for path in paths):
        parts = path.split("/")
        reason = next(filter(None, map(_portable_name_problem, parts)), None)
        if reason is not None:
            hint = "Rename it: the site is built and edited on Windows and macOS too"
            problems.append(error(path, 1, 1, "file-name", f"the name {reason}", hint))
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if depth < len(parts):
                if prefix in folders:
                    continue  # compared already, through an earlier file in it
                folders.add(prefix)
            other = seen.setdefault(_fold(prefix), prefix)
            if other != prefix:
                what = "file" if depth == len(parts) else "folder"
                message = (
                    f"this {what} name and {other!r} differ only in letter case or in how an "
                    "accent is written: macOS and Windows take them for one name, and a "
                    "checkout there keeps only one"
                )
                hint = "Rename one of them, or merge them"
                problems.append(error(path, 1, 1, "file-name", message, hint))
                break
    return problems


def _portable_names_cached(
    paths: tuple[str, ...], root: Path, cache: FileCache | None
) -> tuple[Diagnostic, ...]:
    """portable_name_problems, again only when the list of files changed (a save in the
    watch mode changes no name, and comparing costs a fraction of checking 20,000)."""
    if cache is not None and cache.names[0] == paths:
        return cache.names[1]
    problems = tuple(portable_name_problems(paths, root))
    if cache is not None:
        cache.names = (paths, problems)
    return problems


BriefingsRead = Callable[[list[YamlDocument], dict[str, SourceText]], None]
"""Hears each part of the briefings that workers parsed, as it comes, with every source
article: the check validates them while the workers parse the next (pipeline.py)."""


def _sources_of(read: list[SourceResult]) -> dict[str, SourceText]:
    return {source.name: source for source, _ in read if source is not None}


def load_project(
    root: Path,
    cache: FileCache | None = None,
    workers: int = 1,
    on_briefings: BriefingsRead | None = None,
) -> tuple[LoadedProject, list[Diagnostic]]:
    """Read briefings, the entity registry and the source articles under root. With a cache,
    files whose content has not changed since the last call are not parsed again. A
    content folder that is a symbolic link is reported and not entered. Without a cache,
    `workers` processes share the reading and parsing (core/workers.py), and `on_briefings`
    hears each part of the briefings they parsed; the result is the same for any number."""
    linked = {
        name for name in (BRIEFINGS_DIR, ENTITIES_DIR, SEEDS_DIR) if (root / name).is_symlink()
    }
    problems = [_symlink_problem(name) for name in sorted(linked)]
    briefing_paths: list[str] = []
    if BRIEFINGS_DIR not in linked:
        briefing_paths, found = _files_under(root / BRIEFINGS_DIR, root, _is_yaml_name)
        problems.extend(found)
    kinds = tuple(kind.plural for kind in KINDS) if ENTITIES_DIR not in linked else ()
    registry_paths = [str(root / ENTITIES_DIR / f"{kind}.yml") for kind in kinds]
    source_paths: list[str] = []
    if SEEDS_DIR not in linked:
        source_paths, found = _files_under(root / SEEDS_DIR, root, _is_source_name, recursive=False)
        problems.extend(found)
    yaml_files = [
        *((path, MAX_FILE_BYTES) for path in briefing_paths),
        *((path, MAX_REGISTRY_BYTES) for path in registry_paths),
    ]
    if cache is None and workers > 1:
        parsed, read, sources = _read_in_workers(
            yaml_files, source_paths, root, workers, len(briefing_paths), on_briefings
        )
    else:
        parsed = [_read_yaml_cached(path, root, cache, limit) for path, limit in yaml_files]
        read = [_read_source_cached(path, root, cache) for path in source_paths]
        sources = _sources_of(read)
    briefings: list[YamlDocument] = []
    for document, found in parsed[: len(briefing_paths)]:
        problems.extend(found)
        if document is not None:
            briefings.append(document)
    registry: dict[RegistryKind, YamlDocument] = {}
    for kind, (document, found) in zip(kinds, parsed[len(briefing_paths) :], strict=True):
        problems.extend(found)
        if document is not None:
            registry[kind] = document
    for _, found in read:
        problems.extend(found)
    problems.extend(_portable_names_cached((*briefing_paths, *source_paths), root, cache))
    _forget_unseen(cache, {*briefing_paths, *registry_paths, *source_paths})
    files_read = len(briefing_paths) + len(kinds) + len(sources)
    unparsed = len(briefing_paths) - len(briefings)
    return LoadedProject(tuple(briefings), registry, sources, files_read, unparsed), problems


YAML_PART = 250
"""Briefings one worker reads and parses at a time: about 0.1 s of work."""
SOURCE_PART = 1000
"""Source articles one worker reads at a time (they are only decoded)."""


def _read_in_workers(
    yaml_files: list[tuple[str, int]],
    source_paths: list[str],
    root: Path,
    workers: int,
    briefings: int,
    on_briefings: BriefingsRead | None,
) -> tuple[list[YamlResult], list[SourceResult], dict[str, SourceText]]:
    """What reading each file in order gives, read and parsed by `workers` processes, and
    the source articles by name. The first `briefings` YAML files are briefings: once every
    source article is in, `on_briefings` hears each part of them as it comes."""
    yaml_parts = [yaml_files[i : i + YAML_PART] for i in range(0, len(yaml_files), YAML_PART)]
    source_parts = [
        source_paths[i : i + SOURCE_PART] for i in range(0, len(source_paths), SOURCE_PART)
    ]

    def read_part(number: int) -> list[Any]:
        if number < len(yaml_parts):
            return [
                _read_yaml_cached(path, root, None, limit) for path, limit in yaml_parts[number]
            ]
        return [
            _read_source_cached(path, root, None) for path in source_parts[number - len(yaml_parts)]
        ]

    done: list[list[Any]] = [[] for _ in range(len(yaml_parts) + len(source_parts))]
    sources: dict[str, SourceText] | None = None
    sources_left = len(source_parts)
    waiting: list[int] = []  # parts of briefings that came before the last source article
    # The source articles (at the end) go first, since each part of the briefings is checked
    # against them; then the registry files, the largest, at the end of the YAML parts.
    order = range(len(done) - 1, -1, -1)
    # Closed at once if `on_briefings` fails, which ends the workers (see in_parts).
    with contextlib.closing(in_parts(read_part, len(done), workers, order)) as arriving:
        for number, results in arriving:
            done[number] = results
            if number >= len(yaml_parts):
                sources_left -= 1
            elif number * YAML_PART < briefings:
                waiting.append(number)
            if sources_left == 0 and on_briefings is not None:
                if sources is None:
                    sources = _sources_of([r for part in done[len(yaml_parts) :] for r in part])
                for part in waiting:
                    on_briefings(_parsed_briefings(done[part], part, briefings), sources)
                waiting.clear()
    parsed = [result for part in done[: len(yaml_parts)] for result in part]
    read = [result for part in done[len(yaml_parts) :] for result in part]
    return parsed, read, sources if sources is not None else _sources_of(read)


def _parsed_briefings(part: list[YamlResult], number: int, briefings: int) -> list[YamlDocument]:
    """The briefings parsed in YAML part `number` (the last part of the briefings also holds
    the first registry files)."""
    start = number * YAML_PART
    return [document for document, _ in part[: briefings - start] if document is not None]


def read_source(root: Path, path: Path) -> tuple[SourceText | None, list[Diagnostic]]:
    """One source article named on the command line; it must be a .txt file in seeds/."""
    display = path.as_posix()
    resolved = (root / path).resolve() if not path.is_absolute() else path.resolve()
    seeds = (root / SEEDS_DIR).resolve()
    if resolved.parent != seeds or resolved.suffix != ".txt":
        return None, [error(display, 1, 1, "not-a-seed", f"{display} is not a .txt file in seeds/")]
    if not resolved.is_file():
        return None, [error(display, 1, 1, "missing-file", f"{display} does not exist")]
    raw, problems = read_content_file(root / path, display, MAX_SOURCE_BYTES)
    if raw is None:
        return None, problems
    text, problem = _decode(raw, display)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    return SourceText(resolved.name, f"{SEEDS_DIR}/{resolved.name}", text), []


def content_digests(root: Path) -> dict[str, str]:
    """Each content file under root (briefings, registry files, source articles), by the path
    the check names it with, and a hash of its bytes: comparing two checkouts' digests tells
    which files a pull request adds or changes. Files are found and read as `load_project`
    finds and reads them, within the same size limits; a file that cannot be read hashes as
    "unreadable" (the check reports why)."""
    # A content folder that is a link is not entered, as load_project does not enter it.
    usable = {
        name: not (root / name).is_symlink() for name in (BRIEFINGS_DIR, ENTITIES_DIR, SEEDS_DIR)
    }
    briefing_paths, _ = (
        _files_under(root / BRIEFINGS_DIR, root, _is_yaml_name)
        if usable[BRIEFINGS_DIR]
        else ([], [])
    )
    source_paths, _ = (
        _files_under(root / SEEDS_DIR, root, _is_source_name, recursive=False)
        if usable[SEEDS_DIR]
        else ([], [])
    )
    registry_paths = (
        [str(root / ENTITIES_DIR / f"{kind.plural}.yml") for kind in KINDS]
        if usable[ENTITIES_DIR]
        else []
    )
    limits = (
        *((path, MAX_FILE_BYTES) for path in briefing_paths),
        *((path, MAX_REGISTRY_BYTES) for path in registry_paths),
        *((path, MAX_SOURCE_BYTES) for path in source_paths),
    )
    digests: dict[str, str] = {}
    for path, max_bytes in limits:
        display = _display_of(path, root)
        raw, problems = read_content_file(Path(path), display, max_bytes)
        if raw is None and any(problem.code == "missing-file" for problem in problems):
            continue  # a registry file the project does not have
        digests[display] = "unreadable" if raw is None else hashlib.sha256(raw).hexdigest()
    return digests
