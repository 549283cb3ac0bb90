"""Command line: `python -m generator check|generate|schema|...`, run from the repository root."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from .build import output_table, pipeline
from .core.diagnostics import (
    format_github,
    format_json,
    format_text,
    markdown_table,
    os_error_text,
    out_of_memory_text,
    summary,
)
from .core.escaping import log_text
from .core.text_safety import has_unsafe_characters
from .inputs.load import content_digests
from .inputs.synth import synthetic_corpus
from .outputs import linkcheck, search_facets, site_diff
from .outputs.schema import SCHEMA_DIR, schema_files
from .outputs.write import WriteError, read_own_file, replace_dir, write_schema_files, write_tree
from .story.graph import build_graph

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A command-line value that cannot be used."""


class OutputError(Exception):
    """Output of ours that could not be written (a full disk); the message says which."""


_WRITES = {
    "generate": "write the pages under docs/",
    "watch": "write the pages under docs/",
    "schema": "write the JSON Schemas in schema/",
    "synth": "write the synthetic corpus",
    "search-facets": "write the search filters",
    "new": "create the briefing",
}
"""What each command writes, for an OSError that names no file (a full disk names none)."""


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
"""The one spelling the help gives: Python's fromisoformat also takes `20251115`, `2025-W46-6`
and digits of other scripts, which no reader of a command line would take for YYYY-MM-DD."""


def parse_date(text: str, what: str) -> dt.date:
    try:
        if _DATE_TEXT.fullmatch(text) is None:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what} must be a date written YYYY-MM-DD, not {text!r}") from None


AS_OF_HELP = (
    "the day the site is built as of (YYYY-MM-DD): it decides what is upcoming, and briefings"
    " dated later are left out; default SOURCE_DATE_EPOCH, else today (UTC)"
)


def as_of_date(text: str | None) -> dt.date:
    """--as-of, else SOURCE_DATE_EPOCH (reproducible builds), else today in UTC. The site is
    built as of that day (pipeline.as_of_snapshot): a briefing dated tomorrow waits for
    tomorrow's build, as a site that publishes daily should."""
    if text:
        return parse_date(text, "--as-of")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970, not {epoch!r}"
            ) from None
    return dt.datetime.now(tz=dt.UTC).date()


def site_url() -> str | None:
    """SITE_URL (the published site's address, as MkDocs reads it), ending in /, or None.
    It goes into feeds and the calendar, so only a plain http(s) address is taken."""
    text = os.environ.get("SITE_URL", "").strip()
    if not text:
        return None
    parts = urllib.parse.urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or any(character in text for character in " <>\"'\\")
        or has_unsafe_characters(text)
    ):
        raise UsageError(f"SITE_URL must be the site's http(s) address, not {text!r}")
    return text if text.endswith("/") else text + "/"


def _report(result: pipeline.CheckResult, output_format: str) -> None:
    diagnostics = result.diagnostics
    if output_format == "json":
        print(format_json(diagnostics))
        return
    formatter = format_github if output_format == "github" else format_text
    for diagnostic in diagnostics:
        print(formatter(diagnostic))
    print(summary(diagnostics, result.files_checked), file=sys.stderr)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and step_summary and diagnostics:
        try:
            with Path(step_summary).open("a", encoding="utf-8") as handle:
                handle.write("## Briefing check\n\n" + markdown_table(diagnostics))
        except OSError as exc:
            doing = "write the job summary (GITHUB_STEP_SUMMARY)"
            raise OutputError(os_error_text(exc, doing, step_summary)) from exc


def _check(args: argparse.Namespace) -> int:
    result = pipeline.check(args.root, as_of_date(args.as_of))
    _report(result, args.format)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _say(message: str) -> None:
    # On a terminal the line may follow a live count (_count_pages): it takes its place.
    clear = "\r\x1b[K" if sys.stderr.isatty() else ""
    print(f"{clear}{message}", file=sys.stderr, flush=True)


def _count_pages(done: int) -> None:
    """On a terminal, the render stage counts its pages on one line as it goes."""
    if done % 250 == 0:
        sys.stderr.write(f"\rrender: {done} pages so far")
        sys.stderr.flush()


_LEFT_TO_THE_END: dict[str, object] = {}
"""The last run of `generate`, kept so that its objects are not freed one by one when the
command returns: the process ends right after (see the end of this file)."""


def _generate(args: argparse.Namespace) -> int:
    counting = _count_pages if sys.stderr.isatty() else None
    outcome = pipeline.generate(
        args.root, as_of_date(args.as_of), _say, site_url(), _say, on_page=counting
    )
    _LEFT_TO_THE_END["generate"] = outcome
    _report(outcome.check, "text")
    if outcome.report is None:
        print("Nothing was written: fix the errors above first.", file=sys.stderr)
        return EXIT_PROBLEMS
    report = outcome.report
    print(
        f"Wrote {len(report.written)} changed pages, kept {report.unchanged} unchanged, "
        f"removed {len(report.removed)} stale.",
        file=sys.stderr,
    )
    total = sum(seconds for _, seconds in outcome.stages)
    each = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in outcome.stages)
    print(f"Took {total:.1f} s: {each}.", file=sys.stderr)
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    if not args.root.is_dir():
        raise UsageError(f"{args.root} is not a folder")
    as_of_date(args.as_of)  # a bad --as-of or SOURCE_DATE_EPOCH is reported before starting
    address = site_url()  # as `generate` reads it, so the feeds are the same
    # Imported here: the watch mode brings MkDocs and the file watcher, 0.05 s that every
    # other command, `generate` first, would pay for nothing.
    from .build import watch

    return watch.watch(
        args.root, lambda: as_of_date(args.as_of), args.serve, args.dev_addr, address
    )


def _schema(args: argparse.Namespace) -> int:
    files = schema_files()
    target = args.root / SCHEMA_DIR
    if args.check:
        problems = 0
        for name, text in files.items():
            try:
                current = read_own_file(args.root, f"{SCHEMA_DIR}/{name}")
            except WriteError as problem:  # a link or a folder in its place: say which
                print(f"error: {log_text(str(problem))}")
                problems += 1
                continue
            if current != text.encode("utf-8"):
                print(f"{SCHEMA_DIR}/{name}: out of date; run `python -m generator schema`")
                problems += 1
        return EXIT_PROBLEMS if problems else EXIT_OK
    changed = write_schema_files(files, target, args.root)
    print(f"Updated {len(changed)} of {len(files)} schema files in {SCHEMA_DIR}/.", file=sys.stderr)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    date = parse_date(args.date, "--date") if args.date else None
    created, problems = pipeline.new_briefing(args.root, args.source, date, args.slug)
    for problem in problems:
        print(format_text(problem))
    if created is None:
        return EXIT_PROBLEMS
    relative = created.relative_to(args.root.resolve()) if created.is_absolute() else created
    print(f"Created {relative.as_posix()}: fill in every TODO, then run `make check`.")
    return EXIT_OK


def _synth(args: argparse.Namespace) -> int:
    out = args.out.resolve()
    content = [(args.root / name).resolve() for name in ("briefings", "entities", "seeds", "docs")]
    if any(out == folder or folder in out.parents for folder in content):
        raise UsageError("--out must be outside briefings/, entities/, seeds/ and docs/")
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{args.out} is not empty")
    count = write_tree(synthetic_corpus(args.briefings), out)
    schema = write_schema_files(schema_files(), out / SCHEMA_DIR)
    print(f"Wrote {count + len(schema)} synthetic files to {args.out}.", file=sys.stderr)
    return EXIT_OK


def _linkcheck(args: argparse.Namespace) -> int:
    site = args.root / args.site
    if not (site / "index.html").is_file():
        raise UsageError(f"{args.site}/index.html does not exist: build the site first")
    base_path = urllib.parse.urlsplit(os.environ.get("SITE_URL", "")).path or "/"
    report = linkcheck.check_site(site, base_path if base_path.endswith("/") else base_path + "/")
    for problem in report.diagnostics:
        print(format_text(problem))
    print(linkcheck.summary(report), file=sys.stderr)
    return EXIT_PROBLEMS if report.diagnostics else EXIT_OK


def _search_facets(args: argparse.Namespace) -> int:
    site = args.root / args.site
    try:
        export = search_facets.read_export(site)
        files = search_facets.facet_files(export, search_facets.read_pair_pages(site))
    except search_facets.FacetError as problem:
        print(f"error: {log_text(str(problem))}", file=sys.stderr)
        return EXIT_PROBLEMS
    # Links are refused from the repository down, unless --site points elsewhere.
    inside = not args.site.is_absolute() and ".." not in args.site.parts
    count = replace_dir(files, site / search_facets.FACET_DIR, args.root if inside else site)
    print(
        f"Wrote {count} search filter files to {args.site}/{search_facets.FACET_DIR}/.",
        file=sys.stderr,
    )
    return EXIT_OK


def _site_side(
    result: pipeline.CheckResult, as_of: dt.date
) -> tuple[dict[str, str], dict[str, site_diff.EventFacts]]:
    """Every page `generate` would write, in memory, and what those pages tell readers of each
    event: nothing is written for either side."""
    if result.corpus is None:
        return {}, {}
    graph = build_graph(result.corpus)
    pages = output_table.render_outputs(result.corpus, graph, as_of)
    return (
        {page.uri: page.text for page in pages},
        site_diff.event_facts(result.corpus, graph, as_of),
    )


def _site_diff(args: argparse.Namespace) -> int:
    as_of = as_of_date(args.as_of)
    if not args.base.is_dir():
        raise UsageError(f"--base {args.base} is not a folder")
    # Markdown for the job summary; plain text for a person at a terminal.
    output: site_diff.Format = args.format or ("text" if sys.stdout.isatty() else "markdown")
    head = pipeline.check(args.root, as_of)
    if head.corpus is None:
        for problem in head.diagnostics:
            print(format_text(problem), file=sys.stderr)
        print("No report: fix the errors above first.", file=sys.stderr)
        return EXIT_PROBLEMS
    # The base is read by this pull request's generator too, so the report shows what the
    # content changes do; a change to the generator itself shows in the built site.
    base = pipeline.check(args.base, as_of)
    notes = [
        site_diff.Note(
            f"Both sides generated as of {as_of.isoformat()} by this pull request's generator."
        )
    ]
    if base.corpus is None:
        errors = sum(problem.is_error for problem in base.diagnostics)
        notes.append(
            site_diff.Note(
                f"The base branch fails this pull request's check ({errors} error"
                f"{'' if errors == 1 else 's'}), so it counts as empty: every page is listed as"
                " added.",
                strong=True,
            )
        )
    old_pages, old_events = _site_side(base, as_of)
    new_pages, new_events = _site_side(head, as_of)
    problems = site_diff.file_problems(
        content_digests(args.base), content_digests(args.root), base.diagnostics, head.diagnostics
    )
    text = site_diff.report(
        old_pages,
        new_pages,
        notes,
        events=site_diff.event_changes(old_events, new_events),
        problems=problems,
        output=output,
    )
    print(text, end="")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path(), help="repository root (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate everything; write nothing")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--as-of", help=AS_OF_HELP)
    check.set_defaults(run=_check)
    generate = commands.add_parser("generate", help="check, then write the Markdown pages")
    generate.add_argument("--as-of", help=AS_OF_HELP)
    generate.set_defaults(run=_generate)
    watcher = commands.add_parser(
        "watch", help="generate, then regenerate what each saved change reaches"
    )
    watcher.add_argument("--as-of", help=AS_OF_HELP)
    watcher.add_argument(
        "--serve", action="store_true", help="also serve a live preview of the site"
    )
    watcher.add_argument(
        "--dev-addr",
        metavar="HOST:PORT",
        help="where the preview is served (mkdocs.yml's dev_addr)",
    )
    watcher.set_defaults(run=_watch)
    new = commands.add_parser("new", help="create a briefing skeleton for a source article")
    new.add_argument("source", type=Path, help="the article, e.g. seeds/000_example.txt")
    new.add_argument("--date", help="the article's date, if its text does not give it")
    new.add_argument("--slug", help="a few words for the file name, e.g. lavrov-moscow-talks")
    new.set_defaults(run=_new)
    synth = commands.add_parser("synth", help="write a synthetic corpus for tests and benchmarks")
    synth.add_argument("--briefings", type=int, required=True, help="how many briefings")
    synth.add_argument("--out", type=Path, required=True, help="an empty folder outside content")
    synth.set_defaults(run=_synth)
    links = commands.add_parser("linkcheck", help="check every internal link of a built site")
    links.add_argument("--site", type=Path, default=Path("site"), help="default: site")
    links.set_defaults(run=_linkcheck)
    facets = commands.add_parser(
        "search-facets", help="after Pagefind: write the search filters of a built site"
    )
    facets.add_argument("--site", type=Path, default=Path("site"), help="default: site")
    facets.set_defaults(run=_search_facets)
    diff = commands.add_parser(
        "site-diff", help="print what a pull request changes on the site, against a base checkout"
    )
    diff.add_argument("--base", type=Path, required=True, help="the base branch's checkout")
    diff.add_argument(
        "--format",
        choices=("markdown", "text"),
        help="markdown (for the job summary) or text; default text on a terminal, else markdown",
    )
    diff.add_argument("--as-of", help=AS_OF_HELP)
    diff.set_defaults(run=_site_diff)
    schema = commands.add_parser("schema", help="write the JSON Schemas for editors")
    schema.add_argument("--check", action="store_true", help="only report stale schema files")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    # Every message below may quote a file name or value from a contributor: log_text keeps
    # each on one line, with nothing hidden and no workflow command in it.
    except UsageError as exc:
        print(f"error: {log_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except WriteError as exc:
        outcome = "The previous output is unchanged." if exc.output_unchanged else ""
        print(f"error: {log_text(str(exc))}. {outcome}".rstrip(), file=sys.stderr)
        return EXIT_PROBLEMS
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:  # not a bug: the disk is full, a folder is read-only, ...
        doing = _WRITES.get(args.command, f"finish `{args.command}`")
        print(f"error: {os_error_text(exc, doing)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except MemoryError:  # not a bug: the input is larger than this machine can hold
        print(f"error: {out_of_memory_text(f'run `{args.command}`')}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # a bug of ours: say so in one line, never a traceback
        print(
            f"internal error: {type(exc).__name__}: {log_text(str(exc))}. Please report it"
            " with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":
    code = main()
    # The process ends without the interpreter's teardown, which frees a run's millions of
    # objects one by one and collects the rest: 0.3 s of a 10 s `generate` at 10,000
    # briefings (measured). Every file was written and closed and every worker ended; only
    # the standard streams are left to flush.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
