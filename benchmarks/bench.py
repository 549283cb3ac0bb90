"""Benchmark: build synthetic corpora of several sizes and print one report.

Run with `make bench` (sizes from BENCH_SIZES, default 1000 10000). Machines here are
shared and noisy: read the ratios within one run, not absolute times across runs.

Besides our site, each size builds a plain baseline from the same corpus: every briefing's
text as a plain Markdown page, built by stock Material with a one-page nav and indexed by
Pagefind. "vs plain" compares what `make site` costs a page against that.

Our site is built both ways in the same run: with the compiled CommonMark engine for generated
pages, as committed ("engine on"), and with Python-Markdown for every page ("engine off", a copy
of mkdocs.yml that sets `extra.generated_pages_markdown: python-markdown`). Both builds write the
same HTML, so Pagefind and the search filters run once, on the engine-on site, and count in
`make site` both ways. "bodies emptied" builds our site again with every page's Markdown body
emptied (benchmarks/empty_bodies.py): what `make site` would cost if converting Markdown cost
nothing, so the gap between it and the engine-on build is what conversion still costs.
BENCH_PICTURES=1 also builds our site again without its charts, to measure their share.

The report ends with the project's targets and whether this run met them.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site_hooks import CORE_FILES  # noqa: E402

PYTHON = sys.executable
AS_OF = "2026-01-01"
REPORT = REPO / "benchmarks" / "report.md"


@dataclass
class Run:
    seconds: float
    peak_rss_mib: float
    output: str
    user_seconds: float = 0.0
    """CPU time in the command and the processes it waited for (its workers)."""
    system_seconds: float = 0.0
    """Kernel time, likewise: creating files is most of it, and it varies most from run to
    run (design/performance.md)."""


def run(command: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> Run:
    """Run one command, timing it and reading its own peak memory from the kernel."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output, usage.ru_utime, usage.ru_stime)


def prepare(size: int, folder: Path) -> Path:
    project = folder / f"corpus-{size}"
    run([PYTHON, "-m", "generator", "synth", "--briefings", str(size), "--out", str(project)], REPO)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy2(REPO / "pagefind.yml", project / "pagefind.yml")
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copytree(
        REPO / "docs",
        project / "docs",
        dirs_exist_ok=True,
        ignore=lambda d, names: [
            n
            for n in names
            if n not in {"about.md", "stylesheets", "extra.css", "javascripts", "search.js"}
        ],
    )
    (project / "generator").mkdir(exist_ok=True)
    for hook_file in ("site_hooks.py", *CORE_FILES):  # the hook loads the others by path
        (project / "generator" / hook_file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "generator" / hook_file, project / "generator" / hook_file)
    add_page_timing(project)
    return project


PAGE_TIMING = REPO / "benchmarks" / "page_timing.py"
EMPTY_BODIES = REPO / "benchmarks" / "empty_bodies.py"
HOOKS = "bench_hooks"


def add_page_timing(project: Path) -> None:
    """Add the hook that times each kind of page to a copy's mkdocs.yml (after the site's own
    hook, so the sanitiser counts as conversion)."""
    add_hook(project, PAGE_TIMING, "mkdocs.yml")


def add_hook(project: Path, hook: Path, config_name: str) -> None:
    """Copy a benchmark hook into a copy of the site and list it after the hooks of its
    mkdocs.yml, in `config_name` (mkdocs.yml itself, or a variant beside it)."""
    (project / HOOKS).mkdir(exist_ok=True)
    shutil.copy2(hook, project / HOOKS / hook.name)
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    if "hooks:\n" in lines:
        end = lines.index("hooks:\n") + 1
        while end < len(lines) and lines[end].startswith("  - "):
            end += 1
        lines.insert(end, f"  - {HOOKS}/{hook.name}\n")
    else:
        lines.append(f"hooks:\n  - {HOOKS}/{hook.name}\n")
    (project / config_name).write_text("".join(lines), encoding="utf-8")


def timed_build(project: Path, *options: str, site_dir: str = "site") -> tuple[Run, dict[str, Any]]:
    """`mkdocs build` of a copy, and its time by kind of page (benchmarks/page_timing.py)."""
    out = project / "page-timing.json"
    build = run(
        [PYTHON, "-m", "mkdocs", "build", *options, "--site-dir", site_dir],
        project,
        {"PAGE_TIMING_OUT": str(out)},
    )
    return build, json.loads(out.read_text(encoding="utf-8"))


SET_ASIDE = "set-aside"


def set_aside(path: Path, bench_folder: Path) -> None:
    """Move a build the report no longer needs out of the way, where the benchmark's
    temporary folder goes with it at the end, instead of deleting it now. On a file system
    that will not reuse an inode freed in the last minutes (ext4 without a journal, as on the
    machine these figures come from), every file created soon after a deletion pays for each
    file deleted, and the next size's `generate` would time this size's clean-up
    (design/performance.md, *Creating files*)."""
    kept = bench_folder / SET_ASIDE
    kept.mkdir(exist_ok=True)
    path.rename(kept / f"{len(list(kept.iterdir()))}-{path.name}")


ENGINE_OFF_CONFIG = "mkdocs-engine-off.yml"
# MkDocs merges a config's mappings into the one it inherits, so the copy keeps every other
# setting of the site's mkdocs.yml (and the page-timing hook the benchmark added to it).
ENGINE_OFF = """INHERIT: mkdocs.yml
extra:
  generated_pages_markdown: python-markdown
"""


def build_with_engine_off(project: Path) -> tuple[Run, dict[str, Any]]:
    """`mkdocs build --strict` of our pages with Python-Markdown for every page: the
    reference the compiled engine is measured against."""
    (project / ENGINE_OFF_CONFIG).write_text(ENGINE_OFF, encoding="utf-8")
    built = timed_build(project, "-f", ENGINE_OFF_CONFIG, "--strict", site_dir="site-engine-off")
    set_aside(project / "site-engine-off", project.parent)
    return built


PLAIN_CONFIG = """site_name: Plain baseline
theme:
  name: material
  font: false
plugins: []
markdown_extensions:
  - tables
nav:
  - Home: index.md
not_in_nav: |
  /pages/*.md
"""


def _texts(value: Any) -> list[str]:
    """Every string in a briefing, in file order: its text without our page's structure."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def prepare_plain(project: Path) -> Path:
    """The baseline: each briefing's text as one plain Markdown page, nothing else."""
    import yaml

    plain = project.with_name(project.name + "-plain")
    pages = plain / "docs" / "pages"
    pages.mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    add_page_timing(plain)
    (plain / "docs" / "index.md").write_text("# Plain baseline\n", encoding="utf-8")
    for source in sorted((project / "briefings").rglob("*.yml")):
        texts = _texts(yaml.safe_load(source.read_text(encoding="utf-8")))
        body = "\n\n".join(" ".join(text.split()) for text in texts[1:])
        (pages / f"{source.stem}.md").write_text(f"# {texts[0]}\n\n{body}\n", "utf-8")
    return plain


def measure_plain(project: Path) -> dict[str, Any]:
    plain = prepare_plain(project)
    build, kinds = timed_build(plain)
    index = run([PYTHON, "-m", "pagefind", "--site", "site", "--quiet"], plain)
    pages = len(list((plain / "site").rglob("*.html")))
    sizes = [p.stat().st_size for p in (plain / "site" / "pages").glob("*/index.html")]
    set_aside(plain, plain.parent)
    return {
        "pages": pages,
        "seconds": build.seconds + index.seconds,
        "page KB": round(statistics.median(sizes) / 1024, 1),
        "kinds": kinds,
    }


def largest_pages(site: Path, count: int = 3) -> list[tuple[int, str]]:
    found = sorted(((p.stat().st_size, p) for p in site.rglob("*.html")), reverse=True)
    return [(size, str(path.relative_to(site).parent)) for size, path in found[:count]]


def first_query_bytes(site: Path) -> int:
    """Bytes of search files a reader's browser downloads for one query: the files Debian's
    Chromium fetched, at their gzip size; without Chromium, an upper bound."""
    chromium = Path("/usr/bin/chromium")
    if chromium.exists():
        try:
            return _measured_first_query(site, chromium)
        except ImportError:
            pass
    bundle = site / "pagefind"
    fixed = ["pagefind-entry.json", "pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"]
    total = sum((bundle / name).stat().st_size for name in fixed)
    total += sum(p.stat().st_size for p in bundle.glob("pagefind.*.pf_meta"))
    total += max(p.stat().st_size for p in (bundle / "index").iterdir())
    fragments = sorted(p.stat().st_size for p in (bundle / "fragment").iterdir())
    return total + 5 * fragments[-1]


def _transfer_size(path: Path) -> int:
    """Bytes on the wire from a host that gzips text, as GitHub Pages does. Pagefind's index
    files are gzip already and travel as they are."""
    data = path.read_bytes()
    if path.suffix in {".js", ".css", ".json"}:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def _measured_first_query(site: Path, chromium: Path) -> int:
    """Counted by the server, so files fetched by Pagefind's web worker are included."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    served: list[str] = []

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def copyfile(self, source: Any, destination: Any) -> None:
            if "/pagefind/" in self.path:
                served.append(self.path.split("?")[0].lstrip("/"))
            super().copyfile(source, destination)

    handler = functools.partial(Counting, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(chromium),
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
            served.clear()  # the search box's script loads with every page; counted below
            page.keyboard.press("/")
            page.keyboard.type("synthetic finding")
            page.locator(".site-search__link").first.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            context.close()
        files = {*served, "javascripts/search.js"}
        return sum(_transfer_size(site / name) for name in sorted(files))
    finally:
        server.shutdown()


def measure(size: int, folder: Path) -> dict[str, Any]:
    project = prepare(size, folder)
    generator = [PYTHON, "-m", "generator", "--root", str(project), "generate", "--as-of", AS_OF]
    generate = run(generator, REPO)
    build, kinds = timed_build(project, "--strict")
    # Right after the engine-on build, so that both meet the machine in the same state.
    off_build, off_kinds = build_with_engine_off(project)
    index = run([PYTHON, "-m", "pagefind", "--quiet"], project)
    facets = run([PYTHON, "-m", "generator", "--root", str(project), "search-facets"], REPO)
    site = project / "site"
    pages = len(list(site.rglob("*.html")))
    sizes = sorted(p.stat().st_size for p in (site / "briefings").glob("*/index.html"))
    first_query = first_query_bytes(site)
    # What `make site` runs, with the engine on and off.
    site_seconds = generate.seconds + build.seconds + index.seconds + facets.seconds
    off_site_seconds = site_seconds - build.seconds + off_build.seconds
    # Incremental: change one briefing's outlook and generate again.
    briefing = sorted((project / "briefings").rglob("*.yml"))[size // 2]
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("Synthetic outlook", "Synthetic outlook, edited"), "utf-8")
    again = run(generator, REPO)
    rewritten = next(
        int(line.split()[1]) for line in again.output.splitlines() if line.startswith("Wrote ")
    )
    pictures_row = (
        measure_pictures(project, build.seconds, site_seconds)
        if os.environ.get("BENCH_PICTURES")
        else {}
    )
    largest = largest_pages(site)
    emptied = build_with_bodies_emptied(project)
    plain = measure_plain(project)
    ours_per_page = site_seconds / pages
    off_per_page = off_site_seconds / pages
    plain_per_page = plain["seconds"] / plain["pages"]
    # `make site` if converting every page's Markdown cost nothing.
    floor_per_page = (site_seconds - build.seconds + emptied.seconds) / pages
    watch_row = measure_watch(size, project, generator)
    preview_row = measure_preview(project)
    return {
        "briefings": size,
        "generate s": round(generate.seconds, 2),
        "briefings/s": round(size / generate.seconds),
        "generate CPU s (user + system)": (
            f"{generate.user_seconds:.1f} + {generate.system_seconds:.1f}"
        ),
        "generate share": f"{generate.seconds / site_seconds:.1%}",
        "generate RSS MiB": round(generate.peak_rss_mib),
        "build s": round(build.seconds, 1),
        "engine off: build s": round(off_build.seconds, 1),
        "pages": pages,
        "build ms/page": round(1000 * build.seconds / pages, 2),
        "engine off: build ms/page": round(1000 * off_build.seconds / pages, 2),
        "build, engine on / off": f"{build.seconds / off_build.seconds:.2f}",
        "make site ms/page": round(1000 * ours_per_page, 2),
        "engine off: make site ms/page": round(1000 * off_per_page, 2),
        "plain: pages": plain["pages"],
        "plain: page KB": plain["page KB"],
        "plain: MkDocs + Pagefind ms/page": round(1000 * plain_per_page, 2),
        "vs plain, per page": f"{ours_per_page / plain_per_page:.2f}",
        "engine off: vs plain, per page": f"{off_per_page / plain_per_page:.2f}",
        "vs plain, whole site": f"{site_seconds / plain['seconds']:.2f}",
        "bodies emptied: MkDocs ms/page": round(1000 * emptied.seconds / pages, 2),
        "bodies emptied: vs plain, per page": f"{floor_per_page / plain_per_page:.2f}",
        "largest page KB": round(largest[0][0] / 1024, 1),
        "largest pages": ", ".join(f"{where} {size / 1024:.0f}" for size, where in largest),
        "build RSS MiB": round(build.peak_rss_mib),
        "search index s": round(index.seconds, 1),
        "search index RSS MiB": round(index.peak_rss_mib),
        "search filters s": round(facets.seconds, 1),
        "briefing HTML median KB": round(statistics.median(sizes) / 1024, 1),
        "briefing HTML max KB": round(sizes[-1] / 1024, 1),
        "first search KB (gzip)": round(first_query / 1024),
        "filter list KB (gzip)": round(_transfer_size(site / "search-facets/index.json") / 1024),
        "edit: files rewritten": rewritten,
        "edit: generate s": round(again.seconds, 2),
        **pictures_row,
        **watch_row,
        **preview_row,
        KINDS: {**kinds, PLAIN_KIND: plain["kinds"]["pages"]},
        KINDS_OFF: off_kinds,
    }


BODIES_EMPTIED_CONFIG = "mkdocs-bodies-emptied.yml"


def build_with_bodies_emptied(project: Path) -> Run:
    """`mkdocs build` of our pages with every Markdown body emptied (benchmarks/empty_bodies.py):
    the part of the build no lighter Markdown can remove."""
    add_hook(project, EMPTY_BODIES, BODIES_EMPTIED_CONFIG)
    options = ["-f", BODIES_EMPTIED_CONFIG, "--strict", "--site-dir", "site-bodies-emptied"]
    build = run([PYTHON, "-m", "mkdocs", "build", *options], project)
    set_aside(project / "site-bodies-emptied", project.parent)
    return build


FIGURE = re.compile(r'<figure class="chart-figure">.*?</figure>\n?')


def measure_pictures(project: Path, build_seconds: float, site_seconds: float) -> dict[str, Any]:
    """What the charts cost MkDocs: the same pages built again with every chart taken out.
    (Drawing them in `generate` costs under a second at 10,000; see design/performance.md.)"""
    bare = project.with_name(project.name + "-without-pictures")
    shutil.copytree(project, bare, ignore=shutil.ignore_patterns("site"))
    sizes = []
    for page in (bare / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        found = FIGURE.findall(text)
        if found:
            sizes += [len(figure.encode()) for figure in found]
            page.write_text(FIGURE.sub("", text), encoding="utf-8")
    without = run([PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], bare)
    set_aside(bare, bare.parent)
    return {
        "pictures": len(sizes),
        "largest picture KB": round(max(sizes, default=0) / 1024, 1),
        "pictures MB": round(sum(sizes) / 1024 / 1024, 1),
        "pictures share of make site": f"{(build_seconds - without.seconds) / site_seconds:.1%}",
    }


def measure_watch(size: int, project: Path, generator: list[str]) -> dict[str, Any]:
    """Edits saved while `python -m generator watch` runs; then a full `generate` must find
    nothing to rewrite, or the watch mode wrote something a full run would not."""
    watched = run([PYTHON, str(REPO / "benchmarks" / "watch_edits.py"), str(project), AS_OF], REPO)
    results = json.loads(watched.output.strip().splitlines()[-1])
    check = run(generator, REPO)
    differing = next(
        int(line.split()[1]) for line in check.output.splitlines() if line.startswith("Wrote ")
    )
    return {
        "watch RSS MiB": round(watched.peak_rss_mib),
        **{f"watch {key}": value for key, value in results.items()},
        "watch: files a full run then rewrites": differing,
    }


def measure_preview(project: Path) -> dict[str, Any]:
    """`make serve` as a contributor uses it: seven saves, each timed from the save to the
    served page showing it (benchmarks/preview_edits.py)."""
    done = run([PYTHON, str(REPO / "benchmarks" / "preview_edits.py"), str(project), AS_OF], REPO)
    results = json.loads(done.output.strip().splitlines()[-1])
    return {
        "preview first page s": results["first page s"],
        "preview edits": len(results["edits s"]),
        "preview edit median s": results["median s"],
        "preview edit worst s": results["worst s"],
        "preview search caught up s": results["search caught up s"],
        "preview RSS MiB": round(done.peak_rss_mib),
    }


KINDS = "_kinds"
"""A row's MkDocs time by kind of page: not a column of the tables, the rows of its own."""
KINDS_OFF = "_kinds_engine_off"
"""The same for the engine-off build: its Markdown column in the same table."""


PLAIN_KIND = "plain pages"
COLUMNS = ("pages", "Markdown ms/page", "engine off: Markdown ms/page", "theme ms/page", "share")


def kinds_table(rows: list[dict[str, Any]]) -> str:
    """MkDocs' time a page by kind of page, at each size: where the time goes, and whether
    each kind costs the same a page at every size."""
    kinds = sorted(
        {kind for row in rows for kind in row[KINDS]}, key=lambda k: (k == PLAIN_KIND, k)
    )
    keys = ["kind of page"] + [
        f"{row['briefings']}: {column}" for row in rows for column in COLUMNS
    ]
    lines: list[dict[str, Any]] = [{"kind of page": kind} for kind in kinds]
    for row in rows:
        ours = [times for kind, times in row[KINDS].items() if kind != PLAIN_KIND]
        total = sum(times["markdown s"] + times["theme s"] for times in ours)
        for line, kind in zip(lines, kinds, strict=True):
            cells = _kind_cells(row[KINDS].get(kind), total, share=kind != PLAIN_KIND)
            off = row[KINDS_OFF].get(kind)
            cells["engine off: Markdown ms/page"] = (
                round(1000 * off["markdown s"] / off["pages"], 1) if off else ""
            )
            line.update({f"{row['briefings']}: {c}": cells[c] for c in COLUMNS})
    return table(lines, keys)


def _kind_cells(times: dict[str, Any] | None, total: float, share: bool) -> dict[str, Any]:
    if times is None:  # no such page at this size
        return {"pages": 0, "Markdown ms/page": "", "theme ms/page": "", "share": ""}
    pages, seconds = times["pages"], times["markdown s"] + times["theme s"]
    return {
        "pages": pages,
        "Markdown ms/page": round(1000 * times["markdown s"] / pages, 1),
        "theme ms/page": round(1000 * times["theme s"] / pages, 1),
        "share": f"{seconds / total:.0%}" if share else "",
    }


def table(rows: list[dict[str, Any]], keys: list[str]) -> str:
    lines = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    lines += ["| " + " | ".join(str(row[k]) for k in keys) + " |" for row in rows]
    return "\n".join(lines)


ENGINE_KEYS = (
    *("briefings", "pages", "build s", "engine off: build s", "build ms/page"),
    *("engine off: build ms/page", "build, engine on / off", "make site ms/page"),
    *("engine off: make site ms/page", "plain: MkDocs + Pagefind ms/page"),
    *("vs plain, per page", "engine off: vs plain, per page"),
)


@dataclass(frozen=True)
class Target:
    name: str
    column: str  # the row's value the target is about
    limit: float
    at_least: bool  # met when the value is at least the limit (else at most)
    sizes: tuple[int, ...] | None  # the sizes it applies to; None for every size


TARGETS = (
    Target("`make site` per page ≤ 1.5 × plain pages", "vs plain, per page", 1.5, False, None),
    Target("generate ≥ 1,000 briefings/s", "briefings/s", 1000, True, (10000,)),
    Target("preview: first page ≤ 60 s", "preview first page s", 60, False, (10000,)),
    Target("preview: a saved edit shows ≤ 2 s (median)", "preview edit median s", 2, False, None),
)


def targets_table(rows: list[dict[str, Any]]) -> str:
    """Each target beside this run's value at each size, and whether it is met where it
    applies (1,000 and 10,000 briefings, or 10,000 alone)."""
    keys = ["target", *(f"{row['briefings']}" for row in rows)]
    lines = []
    for target in TARGETS:
        line: dict[str, Any] = {"target": target.name}
        for row in rows:
            value = float(row[target.column])
            if target.sizes is not None and row["briefings"] not in target.sizes:
                verdict = "(not a target at this size)"
            elif value >= target.limit if target.at_least else value <= target.limit:
                verdict = "**met**"
            else:
                verdict = "**not met**"
            line[f"{row['briefings']}"] = f"{row[target.column]} {verdict}"
        lines.append(line)
    return table(lines, keys)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000").split()]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for size in sizes:
            print(f"measuring {size} briefings...", file=sys.stderr, flush=True)
            rows.append(measure(size, Path(folder)))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    live = ("watch", "preview")
    watch_keys = [k for k in rows[0] if k == "briefings" or k.startswith(live)]
    plain_keys = [
        k
        for k in rows[0]
        if k in {"briefings", "pages", "make site ms/page"}
        or (("plain" in k or "emptied" in k) and not k.startswith("engine off"))
    ]
    build_keys = [
        k
        for k in rows[0]
        if (k not in watch_keys + plain_keys or k == "briefings")
        and not k.startswith(("engine off", "build, engine", "_kinds"))
    ]
    report = [f"Benchmark on {machine}, {time.strftime('%Y-%m-%d')}", "", table(rows, build_keys)]
    report += ["", "Generated pages' Markdown engine on (as committed) and off (Python-Markdown):"]
    report += ["", table(rows, list(ENGINE_KEYS))]
    report += ["", "Against plain pages of the same text:", "", table(rows, plain_keys)]
    report += ["", "Watch mode and live preview (`make serve`):", "", table(rows, watch_keys)]
    report += ["", "MkDocs' time by kind of page, engine on (plain pages: the baseline's):", ""]
    report += [kinds_table(rows)]
    by_size = {row["briefings"]: row for row in rows}
    if 1000 in by_size and 10000 in by_size:
        ratio = float(by_size[10000]["build ms/page"]) / float(by_size[1000]["build ms/page"])
        report += ["", f"Build time per page at 10,000 / at 1,000: {ratio:.2f}"]
    report += ["", "Targets (engine on):", "", targets_table(rows)]
    text = "\n".join(report) + "\n"
    REPORT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
