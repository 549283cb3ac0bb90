"""MkDocs hooks: leave out inline syntax no page uses, sanitise each page's HTML right after
Markdown conversion, render the theme's parts that pages share once, and say how far a long
build is.

Defence in depth. The generator already escapes every contributor value it writes, so this
should never change a generated page; if an escaping bug ever let markup through, only the
elements and attributes our templates produce survive. It generates nothing, so the Markdown
on disk still builds the same with engines that do not run MkDocs hooks.

Python-Markdown tries every inline pattern on every run of text, and our pages are made of many
short runs (links, list items, table cells): trying the nine patterns for syntax that neither
the templates nor the escaped contributor text can contain took about a fifth of a briefing
page's conversion and near half of a country page's. Leaving them out changes no page (tests
compare every generated and hand-written page, and arbitrary contributor text, both ways).

Generated pages are converted by a compiled CommonMark engine (core/commonmark_pages.py), to
the HTML Python-Markdown gives them, inside MkDocs' build: MkDocs still rewrites and checks
their links, makes their table of contents and prints them in the theme, and the sanitiser
runs on them as on every page. `extra: generated_pages_markdown: python-markdown` in
mkdocs.yml switches the engine off: Python-Markdown then converts every page.

MkDocs loads this file by path, outside the `generator` package: it imports nothing of ours
the usual way (see `_core`).
"""

from __future__ import annotations

import gc
import html
import importlib
import importlib.machinery
import importlib.util
import logging
import os
import re
import stat
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

ALLOWED_TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "hr", "br"),
        *("a", "strong", "em", "code", "pre", "blockquote"),
        *("ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"),
        *("details", "summary"),
        # The generator's charts (generator/pages/pictures.py): shapes and text, no script, no link.
        *("figure", "figcaption", "svg", "title", "desc", "line", "rect", "circle", "text"),
    }
)
_SHAPE = {"class"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    **{heading: {"id"} for heading in ("h1", "h2", "h3", "h4", "h5", "h6")},
    **{container: {"class"} for container in ("div", "p", "span", "details", "figure")},
    "svg": {"class", "viewBox", "role", "aria-labelledby"},
    "title": {"id"},
    "desc": {"id"},
    "line": {*_SHAPE, "x1", "y1", "x2", "y2", "stroke-width"},
    "rect": {*_SHAPE, "x", "y", "width", "height", "rx"},
    "circle": {*_SHAPE, "cx", "cy", "r"},
    "text": {*_SHAPE, "x", "y", "text-anchor"},
}
URL_SCHEMES = frozenset({"http", "https"})


def sanitise(html: str) -> str:
    """Keep only the allowed elements, attributes and link schemes; drop comments."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


# Python-Markdown's names for them. Contributor text cannot form any of these: the generator
# escapes `[`, `<`, `&` and backslashes and folds line breaks into spaces.
UNUSED_INLINE_SYNTAX = (
    *("reference", "short_reference", "image_link", "image_reference", "short_image_ref"),
    *("autolink", "automail", "html", "linebreak"),
)


class UsedInlineSyntaxOnly(markdown.Extension):
    """Python-Markdown without the inline syntax in UNUSED_INLINE_SYNTAX."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        for name in UNUSED_INLINE_SYNTAX:
            md.inlinePatterns.deregister(name, strict=False)


CORE_FILES = (
    *("core/escaping.py", "core/text_safety.py", "core/addresses.py"),
    "core/commonmark_pages.py",
)
"""The files of `generator/` this hook loads: the escapers and what they import, and the
Markdown engine of generated pages, all in `core/`, the lowest layer, which imports nothing
from the others."""


def _core(module: str) -> ModuleType:
    """A module of `generator/core/`: the escapers, for the log-line escaper (a file name
    printed here is contributor text like any other), and the Markdown engine. MkDocs loads
    this file by path, so the `core` folder is loaded by path too, as an empty package under a
    name of its own that no `import generator` meets (and without its `__init__.py`, which a
    project copy need not hold)."""
    package = "_policy_briefings_generator_core"
    name = f"{package}.{module}"
    if name not in sys.modules:
        if package not in sys.modules:
            spec = importlib.machinery.ModuleSpec(package, None, is_package=True)
            spec.submodule_search_locations = [str(Path(__file__).parent / "core")]
            sys.modules[package] = importlib.util.module_from_spec(spec)
        importlib.import_module(name)
    return sys.modules[name]


def _escaping() -> ModuleType:
    return _core("escaping")


LINK_PROBLEM = (
    "this is a symbolic link; the site would publish whatever it points to, inside the "
    "repository or not. Replace the link with the file itself, or delete it [symbolic-link]"
)
NOT_A_FILE_PROBLEM = (
    "this is not a plain file or folder (a pipe, socket or device); delete it [not-a-file]"
)


def _walk_without_links(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every entry below `folder` that is not a plain file or folder, with its problem. Links are
    reported and never followed, so a link to `/` or a loop cannot make the walk long."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue  # MkDocs reports what it cannot read; nothing of it reaches the site
        for entry in entries:
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                yield Path(entry.path), LINK_PROBLEM
            elif stat.S_ISDIR(mode):
                pending.append(Path(entry.path))
            elif not stat.S_ISREG(mode):
                yield Path(entry.path), NOT_A_FILE_PROBLEM


def _linked_ancestors(folder: Path, top: Path) -> Iterator[tuple[Path, str]]:
    """`folder` itself and each folder between it and `top` (the repository) that is a link."""
    for place in (folder, *folder.parents):
        if place == top or top not in place.parents:
            return
        if place.is_symlink():
            yield place, LINK_PROBLEM


def unsafe_site_sources(config_dir: Path, source_dirs: list[Path]) -> list[str]:
    """Located problems (`path:1:1: error: …`) for everything in the repository's folders the
    site is built from (`docs/`, the theme's `custom_dir`) that is not a plain file or folder:
    MkDocs follows links when it walks and copies, so a committed `docs/env.js ->
    /proc/self/environ` would publish the build machine's environment."""
    shown = _escaping().log_text
    problems: list[tuple[Path, str]] = []
    for folder in source_dirs:
        problems += _linked_ancestors(folder, config_dir)
        if folder.is_dir() and not folder.is_symlink():
            problems += _walk_without_links(folder)
    lines = []
    for path, problem in sorted(set(problems)):
        display = path.relative_to(config_dir) if config_dir in path.parents else path
        lines.append(f"{shown(display.as_posix())}:1:1: error: {problem}")
    return lines


def _site_sources(config: Any) -> tuple[Path, list[Path]]:
    config_dir = Path(config.config_file_path).absolute().parent
    folders = [Path(config.docs_dir)]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    return config_dir, [Path(folder).absolute() for folder in folders]


def _stop(lines: list[str], what: str) -> None:
    if lines:
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        raise PluginError(f"{len(lines)} problem(s) {what} (above)")


def on_pre_build(config: Any, **_: Any) -> None:
    """Stop before MkDocs walks `docs/` (it follows links, and copies what they point to) or
    empties `site/` (through a link, that would empty the folder it points to)."""
    config_dir, folders = _site_sources(config)
    site_dir = Path(config.site_dir).absolute()
    lines = unsafe_site_sources(config_dir, folders)
    shown = _escaping().log_text
    # A link inside `site/` would survive its emptying (MkDocs does not remove through one)
    # and the build would then write through it.
    site_links = [*_linked_ancestors(site_dir, config_dir)]
    if site_dir.is_dir() and not site_links:
        site_links += _walk_without_links(site_dir)
    lines += [
        f"{shown(path.relative_to(config_dir).as_posix())}:1:1: error: {problem}"
        for path, problem in site_links
    ]
    _stop(lines, "in the files the site is built from; nothing was built")


def unexpected_site_files(site_dir: Path, expected: set[Path]) -> list[str]:
    """What the built site holds that this build did not write from the files it was given
    (a link, or a file left or slipped in), as located problems."""
    shown = _escaping().log_text
    lines = []
    for folder, folders, names in os.walk(site_dir):
        folders.sort()
        for name in sorted([*names, *(d for d in folders if Path(folder, d).is_symlink())]):
            path = Path(folder, name)
            if path.is_symlink() or path not in expected:
                where = shown(path.relative_to(site_dir.parent).as_posix())
                lines.append(
                    f"{where}:1:1: error: the built site holds this, but the build did not "
                    "write it from the repository's files; delete it and build again "
                    "[unexpected-site-file]"
                )
    return lines


ENGINE_SETTING = "generated_pages_markdown"
"""The key under mkdocs.yml's `extra` that says what converts generated pages."""
ENGINES = ("commonmark", "python-markdown")
MIRRORED_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "admonition", "pymdownx.details"})
"""The Markdown extensions whose output the engine gives generated pages (with
UsedInlineSyntaxOnly, which only leaves syntax out). MkDocs adds `fenced_code` to every build;
CommonMark has fenced code of its own."""
MIRRORED_TOC_OPTIONS = frozenset({"permalink", "permalink_title", "permalink_class", "marker"})

_permalinks: Any = None
"""The engine's permalink settings (core/commonmark_pages.Permalinks), or None while the engine
is off."""
_engine_on = False


def _extension_name(extension: Any) -> str:
    return extension if isinstance(extension, str) else type(extension).__module__


def engine_problems(config: Any) -> list[str]:
    """Why the engine cannot give generated pages the HTML Python-Markdown gives them under
    this configuration: an unknown setting, or an extension or `toc` option it does not
    mirror. Each says how to fix it."""
    choice = (config.extra or {}).get(ENGINE_SETTING, ENGINES[0])
    if choice not in ENGINES:
        return [
            f"mkdocs.yml: extra: {ENGINE_SETTING}: {_escaping().log_text(repr(choice))} is not "
            f"one of {', '.join(ENGINES)}; write commonmark (the compiled engine) or "
            "python-markdown (the reference)"
        ]
    if choice != "commonmark":
        return []
    problems = []
    for extension in config.markdown_extensions:
        name = _extension_name(extension)
        if not isinstance(extension, UsedInlineSyntaxOnly) and name not in MIRRORED_EXTENSIONS:
            problems.append(
                f"mkdocs.yml: markdown_extensions: the compiled engine of generated pages does "
                f"not know {_escaping().log_text(name)}; teach it (core/commonmark_pages.py) or "
                f"set extra: {ENGINE_SETTING}: python-markdown"
            )
    for option in sorted(set((config.mdx_configs or {}).get("toc", {})) - MIRRORED_TOC_OPTIONS):
        problems.append(
            f"mkdocs.yml: markdown_extensions: toc: the compiled engine of generated pages does "
            f"not mirror {_escaping().log_text(option)}; teach it (core/commonmark_pages.py) or "
            f"set extra: {ENGINE_SETTING}: python-markdown"
        )
    return problems


def _configure_engine(config: Any) -> None:
    global _engine_on, _permalinks
    _stop(engine_problems(config), "in the Markdown settings; nothing was built")
    choice = (config.extra or {}).get(ENGINE_SETTING, ENGINES[0])
    _engine_on = choice == "commonmark"
    toc = (config.mdx_configs or {}).get("toc", {})
    permalink = toc.get("permalink", False)
    engine = _core("commonmark_pages")
    if not _engine_on or not permalink:
        _permalinks = None
        return
    defaults = engine.Permalinks()
    _permalinks = engine.Permalinks(
        text="&para;" if permalink is True else str(permalink),
        title=toc.get("permalink_title", defaults.title),
        css_class=toc.get("permalink_class", defaults.css_class),
    )


def on_config(config: Any, **_: Any) -> Any:
    extensions = config.markdown_extensions
    if not any(isinstance(extension, UsedInlineSyntaxOnly) for extension in extensions):
        extensions.append(UsedInlineSyntaxOnly())
    _configure_engine(config)
    return config


_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')


def render_with_engine(page: Any, config: Any, files: Any) -> None:
    """What MkDocs' `Page.render` does, with the compiled engine in place of Python-Markdown:
    each link goes through MkDocs' own rewriting and checking (`path_to_url`, which warns of
    a missing page and, in strict mode, fails the build), and the page keeps its table of
    contents, its title and the ids other pages' links are checked against."""
    converted = _core("commonmark_pages").convert(page.markdown, _permalinks)
    links = _RelativePathTreeprocessor(page.file, files, config)

    def rewritten(match: re.Match[str]) -> str:
        url = links.path_to_url(html.unescape(match[2]))
        return f"{match[1]}{html.escape(url)}{match[3]}"

    page.content = _HREF.sub(rewritten, converted.html)
    page.toc = get_toc(converted.toc_tokens)
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchor_ids
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links.links_to_anchors


def on_page_markdown(markdown_text: str, page: Any, **_: Any) -> str:
    """Hand a generated page to the engine; every other page stays with Python-Markdown."""
    if _engine_on and page.meta.get(_core("commonmark_pages").GENERATED_PAGE_KEY) is True:
        page.render = types.MethodType(render_with_engine, page)
    return markdown_text


def on_page_content(html: str, **_: Any) -> str:
    return sanitise(html)


class _Progress:
    """How far a build is, for a person waiting on a long one: on a terminal one line that
    counts up; in a log (CI) a plain line at each quarter of a build of many pages."""

    QUARTERS_FROM = 1000  # pages; a smaller build ends before anyone waits for it
    REFRESH_SECONDS = 0.25

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.live = sys.stderr.isatty()
        self.shown_at = 0.0

    def step(self) -> None:
        self.done += 1
        if self.live:
            now = time.monotonic()
            if now - self.shown_at >= self.REFRESH_SECONDS or self.done == self.total:
                self.shown_at = now
                sys.stderr.write(f"\rmkdocs: built {self.done} of {self.total} pages")
                sys.stderr.flush()
        elif self.total >= self.QUARTERS_FROM and self.done * 4 // self.total != (
            (self.done - 1) * 4 // self.total
        ):
            print(f"mkdocs: built {self.done} of {self.total} pages", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[K")  # the count gives way to MkDocs' own last line
            sys.stderr.flush()


_progress: _Progress | None = None


RESERVED_SITE_FOLDERS = frozenset({"pagefind", "search-facets"})
"""Site folders that only this build's search steps write (Pagefind, then `search-facets`)."""


def reserved_site_paths(files: Any, config: Any) -> list[str]:
    """A located problem for each file of docs/ or of the theme that would land in a folder
    reserved for search data: Pagefind does not empty its folder, so a planted page fragment
    would be served as a search result and read into the filters."""
    root = Path(config.config_file_path or ".").absolute().parent
    shown = _escaping().log_text
    problems = []
    for file in files:
        folder = file.dest_uri.split("/")[0].casefold()
        if folder in RESERVED_SITE_FOLDERS:
            source = Path(file.abs_src_path or file.src_uri)
            where = source.relative_to(root) if source.is_relative_to(root) else source
            problems.append(
                f"{shown(where.as_posix())}:1:1: error: would be published as "
                f"{shown(file.dest_uri)}, but the site's {folder}/ folder holds only the search "
                "data this build makes. Move or rename the file [reserved-site-path]"
            )
    return problems


_written: set[Path] | None = None


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Refuse files in the search folders, then note what the build will write: the pages
    and static files MkDocs was given, and the theme's own templates (`404.html`,
    `sitemap.xml` and its `.gz`)."""
    global _progress, _written
    _stop(reserved_site_paths(files, config), "in the files the site is built from")
    _progress = _Progress(len(files.documentation_pages()))
    site_dir = Path(config.site_dir).absolute()
    _written = {Path(file.abs_dest_path).absolute() for file in files}
    for template in (*config.theme.static_templates, *config.extra_templates):
        _written |= {site_dir / template, site_dir / f"{template}.gz"}
    return files


SHARED_PARTS = frozenset({"tabs", "nav", "config"})
"""Theme parts rendered through `shared_part`: the tabs and the settings script by blocks of
overrides/main.html, the navigation by `_SharedNavigationLoader`."""
NAVIGATION_PARTIAL = "partials/nav.html"


class _SharedParts:
    """Parts rendered so far, by part and folder, for the titles the navigation had then: at
    most one entry for each part in each folder (92 folders at 10,000 briefings)."""

    def __init__(self) -> None:
        self.titles: tuple[str, ...] = ()
        self.parts: dict[tuple[str, str], Markup] = {}


_shared = _SharedParts()


def shared_part_key(name: str, page: Any, nav: Any) -> tuple[str, str] | None:
    """Which pages a theme part is the same on (the part and a folder), or None if it must be
    rendered for this page.

    On a page outside the navigation, no item of the navigation is active and none is the
    page, so the tabs, the navigation and the theme's settings script differ only by their
    links, each relative to the page's address: alike for every page of one folder, unless a
    page of the navigation lies at or below the page's own address."""
    url = getattr(page, "url", None)
    if name not in SHARED_PARTS or not isinstance(url, str) or not hasattr(nav, "pages"):
        return None
    if not url.endswith("/") or any(item is page or item.url.startswith(url) for item in nav.pages):
        return None
    return name, url.rstrip("/").rpartition("/")[0]


def shared_part(name: str, page: Any, nav: Any, caller: Any) -> Markup:
    """The part `caller` renders, rendered once for all the pages it is the same on. During a
    preview the navigation's titles can change (a page of it without a title in mkdocs.yml
    shows its heading): then every part is rendered again."""
    key = shared_part_key(name, page, nav)
    if key is None:
        return Markup(caller())
    titles = tuple(str(item.title) for item in nav.pages)
    if titles != _shared.titles:
        _shared.titles, _shared.parts = titles, {}
    if key not in _shared.parts:
        _shared.parts[key] = Markup(caller())
    return _shared.parts[key]


class _SharedNavigationLoader(jinja2.BaseLoader):
    """The theme's own loader, with Material's navigation partial rendered through
    `shared_part`: wrapped as it is loaded, so that no copy of the theme's markup is kept here
    or in overrides/, and without this hook the partial is Material's, untouched."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template == NAVIGATION_PARTIAL:
            if not environment.keep_trailing_newline:
                source = source.removesuffix("\n")  # as Jinja drops it at a template's end
            source = f"{{% call shared_part('nav', page, nav) %}}{source}{{% endcall %}}"
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def on_env(env: Any, **_: Any) -> Any:
    """A fresh store of shared parts for each build (the preview renders its later pages with
    this one), and the theme's loader that shares the navigation.

    By now every page is read and converted, and what exists lives until the build ends, so
    it is frozen out of the cycle collector's reach: otherwise each collection while the
    theme renders 16,000 pages scans all of them again (7% of a build's CPU time at 2,000
    briefings, 3.5% at 10,000, in alternated pairs; the same site and peak memory). The
    preview's watch mode freezes what it keeps in the same way (build/pipeline.py)."""
    gc.collect()
    gc.freeze()
    _shared.titles, _shared.parts = (), {}
    env.globals["shared_part"] = shared_part
    if not isinstance(env.loader, _SharedNavigationLoader):
        env.loader = _SharedNavigationLoader(env.loader)
    return env


def on_post_page(output: str, **_: Any) -> str:
    if _progress is not None:  # a whole build; not a preview's page update
        _progress.step()
    return output


def build_worker_started() -> None:
    """In a worker process of the preview's build (build/mkdocs_adapter.py): the parent
    counts the pages the workers write, so a worker shows no count of its own."""
    global _progress
    _progress = None


def pages_built_elsewhere(count: int) -> None:
    """In the parent of that build: a worker has written `count` pages."""
    if _progress is not None:
        for _ in range(count):
            _progress.step()


def on_post_build(config: Any, **_: Any) -> None:
    global _progress, _written
    if _progress is not None:
        _progress.end()
    _progress = None
    expected, _written = _written, None
    if expected is not None:
        site_dir = Path(config.site_dir).absolute()
        _stop(unexpected_site_files(site_dir, expected), "in the built site")
