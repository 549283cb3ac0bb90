"""Stage 1: YAML parsing keeps positions and turns every YAML hazard into a located error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from generator.inputs.load import FileCache, load_project, parse_yaml
from generator.story.models import Position


def parse(text: str) -> tuple[object, list[tuple[int, int, str, str]]]:
    document, problems = parse_yaml(text.encode("utf-8"), "b.yml")
    found = [(p.line, p.column, p.code, p.message) for p in problems]
    return (document.data if document else None), found


def test_scalars_stay_the_text_written() -> None:
    data, problems = parse("title: NO\ndate: 2025-11-15\ncount: 012\nempty:\n")
    assert problems == []
    assert data == {"title": "NO", "date": "2025-11-15", "count": "012", "empty": None}


def test_positions_of_keys_and_values_are_one_based() -> None:
    document, _ = parse_yaml(b"id: x\npeople:\n  - id: sergey-lavrov\n    office: FM\n", "b.yml")
    assert document is not None
    assert document.position(("people", 0, "office")) == Position(4, 13)
    assert document.position(("people", 0, "office"), of_key=True) == Position(4, 5)
    assert document.position(("people", 0, "missing")) == Position(3, 5)


def test_implicit_types_are_recorded_for_plain_scalars_only() -> None:
    document, _ = parse_yaml(b"a: NO\nb: 'NO'\nc: 12:30\nd: 1.5\ne: 2025-01-01\n", "b.yml")
    assert document is not None
    assert document.implicit_types == {
        ("a",): "bool",
        ("c",): "int",
        ("d",): "float",
        ("e",): "timestamp",
    }


@pytest.mark.parametrize(
    ("text", "line", "column", "code", "words"),
    [
        ("id: a\ntitle: x\nid: b\n", 3, 1, "yaml-duplicate-key", "duplicate key 'id'"),
        ("base: &b x\nother: *b\n", 1, 7, "yaml-anchor", "anchors"),
        ("a: x\nb:\n\t- y\n", 3, 1, "yaml-syntax", "tab"),
        ('title: "unterminated\nid: x\n', 1, 8, "yaml-syntax", "never closed"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "yaml-syntax", "did not find expected key"),
        ("a: 1\n---\nb: 2\n", 2, 1, "yaml-syntax", "single document"),
        ("a: !!python/object:os.system x\n", 1, 4, "yaml-tag", "not allowed"),
        ("? [a, b]\n: c\n", 1, 3, "yaml-key", "plain name"),
        ("", 1, 1, "empty", "empty"),
        ("# only a comment\n", 1, 1, "empty", "empty"),
    ],
)
def test_yaml_hazards_are_located_errors(
    text: str, line: int, column: int, code: str, words: str
) -> None:
    data, problems = parse(text)
    assert data is None
    assert len(problems) == 1
    assert problems[0][:3] == (line, column, code)
    assert words in problems[0][3]


def test_alias_bomb_is_rejected_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    _, problems = parse("\n".join(lines) + "\n")
    assert [p[2] for p in problems] == ["yaml-anchor"]


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"\xef\xbb\xbfid: x\n", 1, 1, "byte-order mark"),
        ("id: x\n".encode("utf-16"), 1, 1, "UTF-16"),
        (b"id: x\ntitle: caf\xe9\n", 2, 11, "not valid UTF-8"),
    ],
)
def test_encoding_problems(raw: bytes, line: int, column: int, words: str) -> None:
    _, problems = parse_yaml(raw, "b.yml")
    assert [(p.line, p.column, p.code) for p in problems] == [(line, column, "encoding")]
    assert words in problems[0].message


def test_too_deep_and_too_large() -> None:
    deep = "a: " + "[" * 30 + "]" * 30 + "\n"
    _, problems = parse(deep)
    assert [p[2] for p in problems] == ["yaml-too-deep"]
    _, problems = parse_yaml(b"a: " + b"x" * 300_000, "b.yml")
    assert [p.code for p in problems] == ["too-large"]


def test_the_file_cache_keeps_a_file_by_its_content(project: Path) -> None:
    """A save that changes nothing (a touch, a checkout, an editor's save) keeps the parsed
    object, so everything computed from it is kept too; a real change parses anew."""
    cache = FileCache()
    first, _ = load_project(project, cache)
    path = next(project.glob("briefings/*/*.yml"))
    text = path.read_bytes()
    path.write_bytes(text)
    os.utime(path, ns=(1, 1))
    touched, _ = load_project(project, cache)
    assert [d.path for d in touched.briefings] == [d.path for d in first.briefings]
    assert all(a is b for a, b in zip(touched.briefings, first.briefings, strict=True))
    path.write_bytes(text.replace(b"title: ", b"title: Changed ", 1))
    edited, _ = load_project(project, cache)
    changed = [a is not b for a, b in zip(edited.briefings, first.briefings, strict=True)]
    assert changed.count(True) == 1
    assert (
        next(d for d in edited.briefings if d.path.endswith(path.name))
        .data["title"]
        .startswith("Changed ")
    )


NESTED = """\
title: A
empty_map: {}
empty_list: []
nothing:
events:
  - id: a
    people: [x, y]
    where:
      city: B
      note: ~
  - id: b
    people: []
  - - deeper
    - {k: v}
last: "z"
"""


def _node_positions(
    node: yaml.Node,
    loc: tuple[str | int, ...],
    values: dict[object, Position],
    keys: dict[object, Position],
) -> None:
    """Where the parser puts each node, walked on its own, to hold the document's against."""
    values[loc] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            keys[(*loc, key.value)] = Position(key.start_mark.line + 1, key.start_mark.column + 1)
            _node_positions(value, (*loc, key.value), values, keys)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _node_positions(item, (*loc, index), values, keys)


def test_every_value_and_key_is_placed_where_the_parser_found_it() -> None:
    """A document keeps only the line and column numbers; the paths they belong to are made
    again from the data when a diagnostic asks. Every path must get its own place."""
    document, problems = parse_yaml(NESTED.encode(), "briefings/2025/x.yml")
    assert document is not None and problems == []
    values: dict[object, Position] = {}
    keys: dict[object, Position] = {}
    _node_positions(yaml.compose(NESTED), (), values, keys)
    assert len(values) == 22 and len(keys) == 14
    for loc, place in values.items():
        assert document.position(loc) == place, loc  # type: ignore[arg-type]
    for loc, place in keys.items():
        assert document.position(loc, of_key=True) == place, loc  # type: ignore[arg-type]
