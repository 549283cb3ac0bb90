"""The site hook leaves out the inline syntax no page uses (generator/site_hooks.py): every page
must convert to the same HTML with and without it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.config import load_config

from conftest import AS_OF, copy_project
from generator.build import pipeline
from generator.core.escaping import escape_inline
from generator.site_hooks import UNUSED_INLINE_SYNTAX, UsedInlineSyntaxOnly, on_config
from test_story import add_story


def converters(project: Path) -> tuple[markdown.Markdown, markdown.Markdown]:
    """Python-Markdown as mkdocs.yml configures it, without and with the hook's extension."""
    config = load_config(str(project / "mkdocs.yml"))
    configured = list(config.markdown_extensions)
    full = markdown.Markdown(extensions=configured, extension_configs=config.mdx_configs)
    used_only = markdown.Markdown(
        extensions=[*configured, UsedInlineSyntaxOnly()], extension_configs=config.mdx_configs
    )
    return full, used_only


def convert(converter: markdown.Markdown, text: str) -> str:
    converter.reset()
    return converter.convert(text)


def body(page_text: str) -> str:
    """A page's Markdown after its front matter, as MkDocs converts it."""
    return page_text.split("---\n", 2)[2] if page_text.startswith("---\n") else page_text


@pytest.fixture(scope="module")
def story_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    project = add_story(copy_project(tmp_path_factory.mktemp("syntax") / "project"))
    result = pipeline.check(project, AS_OF)
    assert result.ok and result.corpus is not None
    pages = pipeline.build_pages(result.corpus, AS_OF)
    return project, {page.uri: page.text for page in pages if page.uri.endswith(".md")}


def test_every_generated_page_converts_the_same(story_pages: tuple[Path, dict[str, str]]) -> None:
    project, pages = story_pages
    full, used_only = converters(project)
    assert len(pages) > 30
    for uri, text in sorted(pages.items()):
        assert convert(used_only, body(text)) == convert(full, body(text)), uri


def test_every_hand_written_page_converts_the_same(
    story_pages: tuple[Path, dict[str, str]],
) -> None:
    project, _ = story_pages
    full, used_only = converters(project)
    hand_written = sorted((project / "docs").glob("*.md"))
    assert [path.name for path in hand_written] == ["about.md"]
    for path in hand_written:
        text = body(path.read_text(encoding="utf-8"))
        assert convert(used_only, text) == convert(full, text), (
            f"{path.name} uses inline syntax the build leaves out for speed: keep it in "
            "Markdown without it, or take its name out of UNUSED_INLINE_SYNTAX"
        )


SAMPLES = {
    "reference": "[text][label]\n\n[label]: https://example.org/",
    "short_reference": "[label]\n\n[label]: https://example.org/",
    "image_link": "![a chart](chart.png)",
    "image_reference": "![a chart][label]\n\n[label]: chart.png",
    "short_image_ref": "![label]\n\n[label]: chart.png",
    "autolink": "<https://example.org/>",
    "automail": "<someone@example.org>",
    "html": "a <span>word</span>",
    "linebreak": "one line  \nthe next",
}


@pytest.mark.parametrize("name", UNUSED_INLINE_SYNTAX)
def test_the_comparison_sees_each_syntax_left_out(
    story_pages: tuple[Path, dict[str, str]], name: str
) -> None:
    """Each name is one of Python-Markdown's patterns, and text using it converts differently,
    so the tests above would fail if a page used it."""
    project, _ = story_pages
    full, used_only = converters(project)
    assert name in full.inlinePatterns and name not in used_only.inlinePatterns
    assert convert(used_only, SAMPLES[name]) != convert(full, SAMPLES[name])


def test_escaped_text_cannot_form_the_syntax_left_out(
    story_pages: tuple[Path, dict[str, str]],
) -> None:
    project, _ = story_pages
    full, used_only = converters(project)
    for sample in SAMPLES.values():
        escaped = escape_inline(sample)
        assert convert(used_only, escaped) == convert(full, escaped), sample


def test_the_hook_adds_the_extension_once() -> None:
    config = SimpleNamespace(markdown_extensions=["toc", "tables"], extra={}, mdx_configs={})
    on_config(on_config(config))
    added = [e for e in config.markdown_extensions if isinstance(e, UsedInlineSyntaxOnly)]
    assert len(added) == 1 and config.markdown_extensions[:2] == ["toc", "tables"]
