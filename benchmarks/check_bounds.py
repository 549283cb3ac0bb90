"""Benchmark: how long `check` takes on hostile input at the loader's size limits.

Run with `python benchmarks/check_bounds.py`. Each case is a copy of the tests' corpus with
one kind of hostile input added, at the limits `generator/inputs/load.py` enforces (articles
4 MiB, briefings 256 KiB, registry files 64 MiB); the whole `python -m generator check` is
timed as a process, as CI runs it:

- evidence: a 4 MiB article and briefings of 256 KiB full of quotes that are not in it,
  each a near miss of a passage (so every one gets a closest-passage hint), and a second
  4 MiB article made of a handful of words, quoted with phrases of those words;
- did-you-mean: 100,000 people in the registry, and briefings naming ids that are not there,
  each a one-letter typo of a real one;
- parent-chain: 32,000 events, each the parent of the one before, ending in a loop;
- aliases: a person with 20,000 aliases ("Minister Xyz") listed in a briefing that quotes a
  4 MiB article (name matching), with `generate` timed as well, since linking first mentions
  in the briefing's page is part of rendering.

`--scale 0.05` builds every case at a twentieth of its size, and `--code DIR` times the
generator package found in DIR instead of this checkout's, so one run can measure an older
version (at a size it finishes). Machines here are shared: read the times as orders of size.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "corpus"
BRIEFING = CORPUS / "briefings" / "2025" / "2025-11-15-jaishankar-lavrov-moscow-talks.yml"
ARTICLE = "000_ed05fc7602eed4fd.txt"
AS_OF = "2025-11-16"
SOURCE_LIMIT = 4 * 1024 * 1024
BRIEFING_LIMIT = 256 * 1024
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


@dataclass
class Case:
    name: str
    size: str
    build: Callable[[Path, float, random.Random, bool], None]
    generate: bool = False


@dataclass
class Timing:
    case: str
    size: str
    command: str
    seconds: float
    control_seconds: float
    peak_rss_mib: float
    errors: int


def word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def base_project(target: Path) -> None:
    for name in ("briefings", "entities", "seeds"):
        shutil.copytree(CORPUS / name, target / name)


def prose_article(rng: random.Random, size: int, vocabulary: list[str]) -> list[str]:
    """Lines of text whose words follow a Zipf-like law, as prose does, to `size` bytes."""
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    lines: list[str] = []
    total = 0
    while total < size:
        line = " ".join(rng.choices(vocabulary, weights, k=12)) + "."
        lines.append(line)
        total += len(line) + 1
    return lines


def write_article(path: Path, lines: list[str], prefix: str = "") -> str:
    text = prefix + "\n".join(lines) + "\n"
    encoded = text.encode()[: SOURCE_LIMIT - 1]
    text = encoded.decode(errors="ignore")
    path.write_text(text, encoding="utf-8")
    return text


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def briefing_header(identifier: str, source: str) -> str:
    return (
        f"id: {identifier}\ntitle: Hostile briefing {identifier}\ndate: 2025-11-15\n"
        f"source:\n  file: {source}\n  agency: ANI\n"
        "bottom_line: A briefing made to test how long the checker takes.\n"
        "background: None.\noutlook: None.\n"
    )


def quote_briefings(folder: Path, source: str, quotes: list[str], prefix: str) -> tuple[int, int]:
    """Briefings up to 256 KiB each, holding every quote (30 as key points, the rest as
    outcomes of event reports). Returns (briefings, quotes written)."""
    written = count = 0
    pending = list(quotes)
    while pending:
        identifier = f"2025-11-15-{prefix}-{written}"
        parts = [briefing_header(identifier, source), "key_points:\n"]
        size = len(parts[0])
        body: list[str] = []
        outcomes: list[str] = []
        reports = 0
        while pending and size < BRIEFING_LIMIT - 4000 and reports < 100:
            quote = pending.pop()
            count += 1
            if len(body) < 30:
                item = f"  - text: A point.\n    evidence: {yaml_text(quote)}\n"
                body.append(item)
            else:
                item = (
                    f"      - kind: statement\n        text: A statement.\n"
                    f"        evidence: {yaml_text(quote)}\n"
                )
                outcomes.append(item)
                if len(outcomes) == 30:
                    body.append(_report(outcomes))
                    size += len(_report([]))
                    outcomes, reports = [], reports + 1
            size += len(item)
        if outcomes:
            body.append(_report(outcomes))
        key_points = [b for b in body if b.startswith("  - text")]
        events = [b for b in body if not b.startswith("  - text")]
        text = parts[0] + "key_points:\n" + "".join(key_points)
        if events:
            text += "events:\n" + "".join(events)
        (folder / f"{identifier}.yml").write_text(text, encoding="utf-8")
        written += 1
    return written, count


def _report(outcomes: list[str]) -> str:
    return (
        "  - id: jaishankar-lavrov-moscow-talks-2025\n    status: scheduled\n    outcomes:\n"
        + "".join(outcomes)
    )


def build_evidence(project: Path, scale: float, rng: random.Random, hostile: bool) -> None:
    vocabulary = sorted({word(rng, rng.randint(1, 4)) for _ in range(6000)})
    size = int(SOURCE_LIMIT * scale)
    lines = prose_article(rng, size, vocabulary)
    write_article(project / "seeds" / "big.txt", lines)
    words = " ".join(lines).split()
    near: list[str] = []
    for _ in range(int(2400 * scale) or 1):
        start = rng.randrange(len(words) - 60)
        passage = words[start : start + rng.randint(20, 50)]
        if hostile:
            passage[rng.randrange(len(passage))] = "Zzquux"  # a word the article never has
        near.append(" ".join(passage)[:399])
    flat = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on"]
    write_article(
        project / "seeds" / "flat.txt",
        [" ".join(rng.choices(flat, k=12)) for _ in range(size // 30)],
    )
    common = [
        " ".join([*rng.choices(flat, k=rng.randint(10, 40)), "Zzquux"])[:399]
        for _ in range(int(600 * scale) or 1)
    ]
    if not hostile:  # a passage of the article, which the plain substring test finds
        common = [" ".join(flat[:9])] * len(common)
    folder = project / "briefings" / "2025"
    quote_briefings(folder, "big.txt", near, "near")
    quote_briefings(folder, "flat.txt", common, "common")


def build_did_you_mean(project: Path, scale: float, rng: random.Random, hostile: bool) -> None:
    people = project / "entities" / "people.yml"
    ids: list[str] = []
    seen: set[str] = set()
    entries = [people.read_text(encoding="utf-8")]
    while len(ids) < int(100_000 * scale):
        first, last = word(rng, 2).title(), word(rng, 3).title()
        identifier = f"{first}-{last}".lower()
        if identifier in seen:
            continue
        seen.add(identifier)
        ids.append(identifier)
        entries.append(f"\n- id: {identifier}\n  name: {first} {last}\n")
    people.write_text("".join(entries), encoding="utf-8")
    typos = []
    for _ in range(int(2000 * scale) or 1):
        real = rng.choice(ids)
        at = rng.randrange(len(real))
        typo = real[:at] + ("q" if real[at] != "q" else "x") + real[at + 1 :]
        if typo not in seen and not typo.startswith("-") and "--" not in typo:
            typos.append(typo.strip("-") if hostile else real)
    folder = project / "briefings" / "2025"
    for number in range(0, len(typos), 100 * 20):
        chunk = typos[number : number + 2000]
        identifier = f"2025-11-15-typos-{number}"
        text = briefing_header(identifier, ARTICLE)
        text += "key_points:\n  - text: A point.\n    evidence: 'Sergey Lavrov will hold'\n"
        text += "people:\n" + "".join(f"  - id: {t}\n" for t in chunk[:100])
        rest = chunk[100:]
        if rest:
            text += "events:\n"
            for at in range(0, len(rest), 100):
                text += (
                    "  - id: jaishankar-lavrov-moscow-talks-2025\n    status: scheduled\n"
                    f"    participants: [{', '.join(rest[at : at + 100])}]\n"
                )
        (folder / f"{identifier}.yml").write_text(text, encoding="utf-8")


def build_parent_chain(project: Path, scale: float, rng: random.Random, hostile: bool) -> None:
    events = project / "entities" / "events.yml"
    count = int(32_000 * scale)
    loop_from = max(0, count - 1000)
    parts = [events.read_text(encoding="utf-8")]
    for number in range(count):
        parent = number + 1 if number + 1 < count else loop_from
        parts.append(
            f"\n- id: chain-{number}\n  name: Chain event {number}\n  kind: meeting\n"
            + (f"  parent: chain-{parent}\n" if hostile else "")
        )
    events.write_text("".join(parts), encoding="utf-8")


def build_aliases(project: Path, scale: float, rng: random.Random, hostile: bool) -> None:
    count = int(20_000 * scale)
    aliases: set[str] = set()
    while len(aliases) < count:
        aliases.add(f"Minister {word(rng, 3).title()}")
    people = project / "entities" / "people.yml"
    listed = ", ".join(yaml_text(a) for a in sorted(aliases)) if hostile else ""
    people.write_text(
        people.read_text(encoding="utf-8")
        + f"\n- id: many-names\n  name: Many Names\n  aliases: [{listed}]\n",
        encoding="utf-8",
    )
    vocabulary = [*sorted({word(rng, rng.randint(1, 4)) for _ in range(6000)}), "Minister"]
    article = project / "seeds" / ARTICLE
    lines = prose_article(rng, int(SOURCE_LIMIT * scale), vocabulary)
    write_article(article, lines, prefix=article.read_text(encoding="utf-8"))
    # The briefing lists the person, and its prose says "Minister" as often as it can, each
    # a word at which the page's mention links try every alias that starts with it.
    briefing = project / "briefings" / "2025" / BRIEFING.name
    text = briefing.read_text(encoding="utf-8")
    text = text.replace("  - id: narendra-modi\n", "  - id: narendra-modi\n  - id: many-names\n")
    filler = " ".join(["Minister said"] * int(1900 * scale + 1))[:3990]
    text = re.sub(r"  - text: >-\n(      .*\n)+", f"  - text: {yaml_text(filler)}\n", text)
    briefing.write_text(text, encoding="utf-8")


CASES = [
    Case("evidence", "{mib} MiB articles, {3000} missing quotes", build_evidence),
    Case("did-you-mean", "{100000} people, {2000} unknown ids", build_did_you_mean),
    Case("parent-chain", "{32000} events in one chain", build_parent_chain),
    Case("aliases", "{20000} aliases, {mib} MiB article", build_aliases, generate=True),
]


def describe(size: str, scale: float) -> str:
    """A case's input at a scale: '{3000} quotes' at 0.1 is '300 quotes'."""
    text = size.replace("{mib}", f"{4 * scale:g}")
    return re.sub(r"\{(\d+)\}", lambda m: f"{int(int(m[1]) * scale):,}", text)


def timed(command: list[str], code: Path) -> tuple[float, float, str]:
    environment = {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=code, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read().decode(errors="replace")
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, output


def run_command(project: Path, command: str, code: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, errors reported) of one generator command on a project."""
    argv = [sys.executable, "-m", "generator", "--root", str(project), command, "--as-of", AS_OF]
    seconds, rss, output = timed(argv, code)
    if "Traceback" in output or "internal error" in output:
        raise SystemExit(f"{project.name}: {command} crashed:\n{output[-3000:]}")
    return seconds, rss, sum(1 for line in output.splitlines() if ": error: " in line)


def measure(case: Case, folder: Path, scale: float, code: Path, seed: int) -> list[Timing]:
    """Time the case, and its control: the same files with the hostile part left out (quotes
    that occur, ids that exist, no parents, no aliases), so the difference is what the
    hostile part costs beyond reading and reporting."""
    projects = {}
    for hostile in (True, False):
        project = folder / f"{case.name}-{'hostile' if hostile else 'control'}"
        base_project(project)
        case.build(project, scale, random.Random(seed), hostile)
        projects[hostile] = project
    results = []
    for command in ["check", "generate"] if case.generate else ["check"]:
        seconds, rss, errors = run_command(projects[True], command, code)
        control, _, _ = run_command(projects[False], command, code)
        results.append(
            Timing(case.name, describe(case.size, scale), command, seconds, control, rss, errors)
        )
        print(f"{case.name}: {command} {seconds:.1f} s (control {control:.1f} s)", file=sys.stderr)
    for project in projects.values():
        shutil.rmtree(project)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of each size")
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding generator/")
    parser.add_argument("--only", nargs="*", help="run only these cases")
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="check-bounds-") as temporary:
        for case in CASES:
            if not args.only or case.name in args.only:
                timings += measure(
                    case, Path(temporary), args.scale, args.code.resolve(), args.seed
                )
    print(f"\nHostile input at the size limits (scale {args.scale:g}, code in {args.code})\n")
    print("| case | input | command | seconds | control seconds | peak RSS MiB | errors |")
    print("|---|---|---|---:|---:|---:|---:|")
    for t in timings:
        print(
            f"| {t.case} | {t.size} | {t.command} | {t.seconds:.1f} | {t.control_seconds:.1f} "
            f"| {t.peak_rss_mib:.0f} | {t.errors} |"
        )


if __name__ == "__main__":
    main()
