"""The generator's import graph: modules, layers, imports, imports that run back up, cycles.

usage: python benchmarks/import_graph.py [PACKAGE_DIR]   (default: generator)

A measurement of the code's structure, like the benchmarks beside it; a test runs it too.

Reads the code as text with `ast`, so nothing is imported or run. A module's layer is its
folder's place in LAYERS (the pipeline, lowest first); a module directly in the package is in
the layer LAYER_OF names. An import from a lower layer to a higher one is "up"; a cycle is a
strongly connected set of two or more modules. Exit status 1 when there is either.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

LAYERS = ("core", "story", "inputs", "pages", "outputs", "build", "commands")
"""Lowest first: a module may import from its own layer and those before it, never after.
A layer is a folder of the package; the modules directly in it are named in LAYER_OF."""
LAYER_OF = {
    # The package's own modules, and, for a flat package (the layout before the stage
    # folders), each module by name.
    "__init__": "core",
    "__main__": "commands",
    "site_hooks": "outputs",
    "text_safety": "core",
    "addresses": "core",
    "escaping": "core",
    "diagnostics": "core",
    "suggest": "core",
    "memo": "core",
    "models": "story",
    "event_state": "story",
    "graph": "story",
    "sitemap": "story",
    "load": "inputs",
    "validate": "inputs",
    "resolve": "inputs",
    "names": "inputs",
    "dates_written": "inputs",
    "scaffold": "inputs",
    "synth": "inputs",
    "site": "pages",
    "reads": "pages",
    "views": "pages",
    "render": "pages",
    "markdown_text": "pages",
    "pictures": "pages",
    "long_lists": "pages",
    "feeds": "outputs",
    "write": "outputs",
    "search_facets": "outputs",
    "linkcheck": "outputs",
    "site_diff": "outputs",
    "schema": "outputs",
    "outputs": "build",
    "output_table": "build",
    "pipeline": "build",
    "watch": "build",
    "preview": "build",
    "mkdocs_adapter": "build",
    "affected": "build",
}


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return LAYER_OF.get(parts[-1] if len(parts) > 1 else "__init__", "?")


def imports_of(path: Path, module: str, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in modules and name != module}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected sets of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main() -> int:
    package = Path(sys.argv[1] if len(sys.argv) > 1 else "generator").resolve()
    paths = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    modules = set(paths)
    graph = {m: imports_of(p, m, modules) for m, p in paths.items()}
    edges = sum(len(targets) for targets in graph.values())
    rank = {name: position for position, name in enumerate(LAYERS)}
    up = sorted(
        (source, target)
        for source, targets in graph.items()
        for target in targets
        if rank.get(layer(target), -1) > rank.get(layer(source), -1)
    )
    circles = cycles(graph)
    by_layer: dict[str, list[str]] = defaultdict(list)
    for module in sorted(modules):
        by_layer[layer(module)].append(module)
    print(f"modules: {len(modules)}, imports between them: {edges}")
    for name in (*LAYERS, "?"):
        if by_layer.get(name):
            lines = sum(len(paths[m].read_text("utf-8").splitlines()) for m in by_layer[name])
            print(f"  layer {name}: {len(by_layer[name])} modules, {lines} lines")
    print(f"imports from a lower layer to a higher one: {len(up)}")
    for source, target in up:
        print(f"  {source} ({layer(source)}) -> {target} ({layer(target)})")
    print(f"cycles: {len(circles)}")
    for circle in circles:
        print("  " + " <-> ".join(circle))
    return 1 if up or circles else 0


if __name__ == "__main__":
    raise SystemExit(main())
