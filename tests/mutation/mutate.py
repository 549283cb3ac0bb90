"""Mutation testing of the rules the site's trust rests on: `make mutation`.

Each mutant is one small change to a target module (a comparison turned around, a constant
changed, a check dropped, a call left out), run against the test files that exercise the
module. A mutant the tests notice is killed; one they do not notice survives, and is either
killed by a new test that states the rule it breaks, or listed in targets.toml as equivalent
(it cannot change what the code does), with the reason.

Why a harness of our own: the maintained tools skip the code this project keeps its rules
in (mutmut 3 does not mutate decorated functions or module constants, such as the table of
quote marks or the statuses' order), and a target here is a part of a module (the evidence
matching of validate.py), named by its top-level definitions.

Every mutant runs in a copy of the repository (one per job), so the working tree is never
changed; a run stopped with Ctrl-C or SIGTERM deletes its copies.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGETS = Path(__file__).with_name("targets.toml")


@dataclass(frozen=True)
class Target:
    name: str
    file: str
    scope: tuple[str, ...]
    """Top-level definitions (functions, classes, constants) to mutate; empty: the module."""
    tests: tuple[str, ...]
    equivalent: dict[str, str]
    """Mutant id → why it cannot change behaviour."""


@dataclass(frozen=True)
class Mutant:
    id: str
    """Stable while the code around it is unchanged: where (top-level name), what, and the
    how-manieth such change in that definition."""
    line: int
    column: int
    start: int
    end: int
    """Byte offsets in the module's source of the text the mutant replaces."""
    replacement: str

    def source(self, original: bytes) -> bytes:
        return original[: self.start] + self.replacement.encode("utf-8") + original[self.end :]


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, timeout
    seconds: float


@dataclass
class Report:
    target: Target
    outcomes: list[Outcome] = field(default_factory=list)


def load_targets() -> list[Target]:
    data = tomllib.loads(TARGETS.read_text(encoding="utf-8"))
    return [
        Target(
            name,
            entry["file"],
            tuple(entry.get("scope", ())),
            tuple(entry["tests"]),
            dict(entry.get("equivalent", {})),
        )
        for name, entry in data["target"].items()
    ]


# --- Finding mutants ----------------------------------------------------------------------

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINARY_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.Div,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
}
_CALL_SWAPS = {"min": "max", "max": "min", "any": "all", "all": "any"}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Finder:
    """Walks one module and lists its mutants, in source order."""

    def __init__(self, source: bytes, scope: Sequence[str]) -> None:
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.scope = set(scope)
        self.found: list[Mutant] = []
        self.seen: Counter[tuple[str, str]] = Counter()
        self.where = ""

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column

    def text(self, node: ast.AST) -> str:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return self.source[start:end].decode("utf-8")

    def add(self, node: ast.AST, what: str, replacement: str) -> None:
        key = (self.where, what)
        self.seen[key] += 1
        number = self.seen[key]
        mutant_id = f"{self.where}: {what}" + (f" #{number}" if number > 1 else "")
        self.found.append(
            Mutant(
                mutant_id,
                node.lineno,  # type: ignore[attr-defined]
                node.col_offset + 1,  # type: ignore[attr-defined]
                self.offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
                self.offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
                replacement,
            )
        )

    def module(self, tree: ast.Module) -> list[Mutant]:
        for statement in tree.body:
            name = _top_level_name(statement)
            if name is None or (self.scope and name not in self.scope):
                continue
            if name == "__all__":
                continue
            self.where = name
            self.visit(statement, docstring_allowed=False)
        return self.found

    # Statements ------------------------------------------------------------------------

    def visit(self, node: ast.AST, docstring_allowed: bool = False) -> None:
        if isinstance(node, ast.Assert | ast.Import | ast.ImportFrom | ast.Global | ast.Nonlocal):
            return
        if isinstance(node, ast.If) and _is_type_checking(node):
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    self.expression(default)
            self.body(node.body)
            return
        if isinstance(node, ast.ClassDef):
            self.body(node.body)
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.expression(node.value)
            return
        self.statement(node)

    def body(self, statements: list[ast.stmt]) -> None:
        for index, statement in enumerate(statements):
            if index == 0 and _is_docstring(statement):
                continue
            if _is_docstring(statement):  # an attribute's docstring
                continue
            self.visit(statement)

    def statement(self, node: ast.AST) -> None:
        called = isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        if called or isinstance(node, ast.AugAssign):
            self.add(node, f"drop `{_short(self.text(node))}`", "pass")
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                self.add(node, f"`{_short(self.text(node))}` → `return None`", "return None")
        elif isinstance(node, ast.Continue):
            self.add(node, "`continue` → `break`", "break")
        elif isinstance(node, ast.Break):
            self.add(node, "`break` → `continue`", "continue")
        elif isinstance(node, ast.If):
            test = _short(self.text(node.test))
            if not node.orelse and self.text(node).startswith("if"):
                self.add(node, f"drop `if {test}: …`", "pass")
            self.add(node.test, f"`{test}` → `not ({test})`", f"(not ({self.text(node.test)}))")
        elif isinstance(node, ast.While):
            test = _short(self.text(node.test))
            self.add(node.test, f"`{test}` → `not ({test})`", f"(not ({self.text(node.test)}))")
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self.body(value)
                else:
                    for item in value:
                        if isinstance(item, ast.expr):
                            self.expression(item)
                        elif isinstance(item, ast.AST):
                            self.visit(item)
            elif isinstance(value, ast.expr):
                self.expression(value)
            elif isinstance(value, ast.AST):
                self.visit(value)

    # Expressions -----------------------------------------------------------------------

    def expression(self, node: ast.AST) -> None:
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    self.expression(part.value)
            return
        self.mutate_expression(node)
        for child_field, value in ast.iter_fields(node):
            if child_field in {"annotation", "returns"}:
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, ast.expr):
                    self.expression(item)
                elif isinstance(item, ast.comprehension):
                    self.expression(item.iter)
                    for condition in item.ifs:
                        self.expression(condition)
                elif isinstance(item, ast.keyword | ast.arguments):
                    for inner in ast.iter_child_nodes(item):
                        if isinstance(inner, ast.expr):
                            self.expression(inner)

    def mutate_expression(self, node: ast.AST) -> None:
        if isinstance(node, ast.Compare):
            for index, operator in enumerate(node.ops):
                swap = _COMPARE_SWAPS.get(type(operator))
                if swap is None:
                    continue
                changed = copy.deepcopy(node)
                changed.ops[index] = swap()
                self.add(
                    node,
                    f"`{_short(self.text(node))}` → `{_short(ast.unparse(changed))}`",
                    f"({ast.unparse(changed)})",
                )
        elif isinstance(node, ast.BoolOp):
            other = copy.deepcopy(node)
            other.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            self.add(node, f"`{_short(self.text(node))}`: and ↔ or", f"({ast.unparse(other)})")
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY_SWAPS:
            if _is_string_formatting(node):
                return
            swapped = copy.deepcopy(node)
            swapped.op = _BINARY_SWAPS[type(node.op)]()
            self.add(
                node,
                f"`{_short(self.text(node))}` → `{_short(ast.unparse(swapped))}`",
                f"({ast.unparse(swapped)})",
            )
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
            self.add(
                node,
                f"`{_short(self.text(node))}` → `{_short(self.text(node.operand))}`",
                f"({self.text(node.operand)})",
            )
        elif isinstance(node, ast.Constant):
            self.constant(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called = _CALL_SWAPS.get(node.func.id)
            if called is not None:
                self.add(node.func, f"`{node.func.id}(…)` → `{called}(…)`", called)

    def constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.add(node, f"`{value}` → `{not value}`", str(not value))
        elif isinstance(value, int):
            self.add(node, f"`{value}` → `{value + 1}`", f"({value + 1})")
        elif isinstance(value, float):
            self.add(node, f"`{value}` → `{value + 1}`", f"({value + 1!r})")
        elif isinstance(value, str):
            changed = f"XX{value}XX"
            self.add(node, f"`{_short(repr(value))}` → `{_short(repr(changed))}`", repr(changed))


def _top_level_name(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return statement.name
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    return None


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _is_string_formatting(node: ast.BinOp) -> bool:
    return isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)


def find_mutants(target: Target) -> list[Mutant]:
    source = (REPO / target.file).read_bytes()
    tree = ast.parse(source)
    names = {_top_level_name(statement) for statement in tree.body}
    missing = sorted(set(target.scope) - names)
    if missing:
        raise SystemExit(f"{TARGETS.name}: {target.name}: no top-level {', '.join(missing)}")
    mutants = _Finder(source, target.scope).module(tree)
    for mutant in mutants:  # every mutant must still be Python
        ast.parse(mutant.source(source))
    return mutants


# --- Running mutants ------------------------------------------------------------------------


def _tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    return [name for name in listed.decode().split("\0") if name]


def make_copy(folder: Path) -> Path:
    """A copy of the repository's files as they are in the working tree (tracked, and new ones
    git does not ignore): the tests a change adds count before it is committed."""
    for name in _tracked_files():
        source = REPO / name
        if source.is_symlink() or not source.is_file():
            continue
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return folder


PRELOADED = (
    "pytest",
    "hypothesis",
    "pydantic",
    "yaml",
    "regex",
    "jinja2",
    "markdown",
    "pymdownx.superfences",
    "mkdocs.commands.build",
    "material",
    "icalendar",
    "pyromark",
    "watchdog.observers",
)
"""Imported once by each job's server before it forks a process per mutant, which then
imports only the project itself: most of a run of a few test files is these imports."""


class Job:
    """One copy of the repository and a server process in it that runs pytest for each
    mutant in a fresh fork (see `serve`)."""

    def __init__(self, copy_root: Path) -> None:
        self.root = copy_root
        self.server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(copy_root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=copy_root,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"},
            text=True,
        )

    def pytest(self, tests: Sequence[str], timeout: float) -> tuple[str, float]:
        assert self.server.stdin is not None and self.server.stdout is not None
        request = {"args": _pytest_args(tests), "timeout": timeout}
        self.server.stdin.write(json.dumps(request) + "\n")
        self.server.stdin.flush()
        reply = self.server.stdout.readline()
        if not reply:
            raise SystemExit(f"the job in {self.root} stopped")
        status, seconds = reply.split()
        return status, float(seconds)

    def stop(self) -> None:
        if self.server.stdin is not None:
            self.server.stdin.close()
        self.server.wait(timeout=30)


def _pytest_args(tests: Sequence[str]) -> list[str]:
    return ["-x", "-q", "-p", "no:cacheprovider", "-m", "not browser", *tests]


def serve(copy_root: Path) -> None:
    """The server of one job: for each request on standard input, fork, run pytest in the
    child with its output thrown away, and answer `killed`, `survived` or `timeout` and the
    time taken. The project is never imported here, so each child reads the mutated file."""
    os.chdir(copy_root)
    sys.path.insert(0, str(copy_root))
    for name in PRELOADED:
        try:
            __import__(name)
        except ImportError:
            continue
    for line in sys.stdin:
        request = json.loads(line)
        started = time.perf_counter()
        child = os.fork()
        if child == 0:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            import pytest

            os._exit(int(pytest.main(request["args"])))
        status = _wait(child, started + request["timeout"])
        print(status, f"{time.perf_counter() - started:.2f}", flush=True)


def _wait(child: int, deadline: float) -> str:
    while True:
        done, code = os.waitpid(child, os.WNOHANG)
        if done:
            return "survived" if os.waitstatus_to_exitcode(code) == 0 else "killed"
        if time.perf_counter() > deadline:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return "timeout"
        time.sleep(0.02)


def run_target(target: Target, mutants: list[Mutant], jobs: list[Job], say: bool = True) -> Report:
    original = (REPO / target.file).read_bytes()
    status, baseline = jobs[0].pytest(target.tests, timeout=1800)
    if status != "survived":
        raise SystemExit(f"{target.name}: the tests fail without any mutant; fix them first")
    timeout = max(30.0, baseline * 4)
    report = Report(target)
    free = list(jobs)

    def one(mutant: Mutant) -> Outcome:
        job = free.pop()
        try:
            (job.root / target.file).write_bytes(mutant.source(original))
            status, seconds = job.pytest(target.tests, timeout)
        finally:
            (job.root / target.file).write_bytes(original)
            free.append(job)
        return Outcome(mutant, status, seconds)

    if say:
        print(
            f"{target.name}: {len(mutants)} mutants; the tests take {baseline:.1f} s unmutated",
            file=sys.stderr,
            flush=True,
        )
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for number, outcome in enumerate(pool.map(one, mutants), start=1):
            report.outcomes.append(outcome)
            if say and (outcome.status == "survived" or number % 25 == 0):
                print(f"  {number}/{len(mutants)} {_line(target, outcome)}", file=sys.stderr)
    return report


def _line(target: Target, outcome: Outcome) -> str:
    mutant = outcome.mutant
    return f"{target.file}:{mutant.line}:{mutant.column}: {outcome.status}: {mutant.id}"


# --- Reporting ------------------------------------------------------------------------------


def summary(report: Report) -> dict[str, object]:
    target = report.target
    counts = Counter(outcome.status for outcome in report.outcomes)
    survivors = [o for o in report.outcomes if o.status == "survived"]
    equivalent = [o for o in survivors if o.mutant.id in target.equivalent]
    unexplained = [o for o in survivors if o.mutant.id not in target.equivalent]
    killed = counts["killed"] + counts["timeout"]
    total = len(report.outcomes)
    relevant = total - len(equivalent)
    return {
        "target": target.name,
        "mutants": total,
        "killed": counts["killed"],
        "timeout": counts["timeout"],
        "survived": len(survivors),
        "equivalent": len(equivalent),
        "raw score": round(killed / total, 3) if total else None,
        "score": round(killed / relevant, 3) if relevant else None,
        "unexplained survivors": [_line(target, o) for o in unexplained],
        "listed as equivalent but killed": sorted(
            set(target.equivalent)
            & {o.mutant.id for o in report.outcomes if o.status != "survived"}
        ),
        "listed as equivalent, no such mutant": sorted(
            set(target.equivalent) - {o.mutant.id for o in report.outcomes}
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--serve"]:
        serve(Path(arguments[1]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="names from targets.toml; all by default")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--where", help="only mutants whose id starts with this")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--json", type=Path, help="also write the summaries here")
    options = parser.parse_args(arguments)
    targets = load_targets()
    unknown = set(options.targets) - {target.name for target in targets}
    if unknown:
        parser.error(f"unknown target {', '.join(sorted(unknown))}")
    chosen = [t for t in targets if not options.targets or t.name in options.targets]
    plans = []
    for target in chosen:
        mutants = find_mutants(target)
        if options.where:
            mutants = [m for m in mutants if m.id.startswith(options.where)]
        plans.append((target, mutants))
    if options.list:
        for target, mutants in plans:
            for mutant in mutants:
                print(f"{target.file}:{mutant.line}:{mutant.column}: {mutant.id}")
        return 0
    summaries = []
    # Stopped with SIGTERM as with Ctrl-C: the copies are deleted on the way out.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
        jobs = [Job(make_copy(Path(folder) / str(n))) for n in range(max(1, options.jobs))]
        try:
            for target, mutants in plans:
                summaries.append(summary(run_target(target, mutants, jobs)))
        finally:
            for job in jobs:
                job.stop()
    for result in summaries:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    if options.json:
        options.json.write_text(json.dumps(summaries, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
