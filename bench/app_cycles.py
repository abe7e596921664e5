"""Cycles between the apps of `dangjian`: the strongly connected groups of the app-level import graph (grimp).

    .venv/bin/python bench/app_cycles.py

Prints each group of two or more apps that import each other (directly or through others), then the count. The layers
contracts in .importlinter keep this at zero; this script shows what is left while ignore_imports entries remain.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def app_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("dangjian")
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        source = app_of(module)
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = app_of(imported)
            if target != source:
                edges[source].add(target)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative enough for a few dozen nodes."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [group for group in groups if len(group) > 1]


def main() -> int:
    edges = app_graph()
    groups = strongly_connected(edges)
    for group in groups:
        pairs = sorted(f"{a}→{b}" for a in group for b in edges[a] if b in group)
        print(f"{len(group)} apps: {', '.join(group)}")
        print(f"   edges: {', '.join(pairs)}")
    print(f"{len(groups)} cycle group(s) among {len(edges)} modules/apps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
