"""docs/architecture.md stays true to the code: every arrow is a real import, and only the store
module imports chromadb."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers import REPO

ROOTS = {"": REPO / "src" / "guide_assistant", "readers.": REPO / "src" / "guide_assistant" / "readers",
         "app.": REPO / "app", "ingest.": REPO / "ingest", "evals.": REPO / "evals"}


def _modules() -> dict[str, Path]:
    """Module names as the doc writes them: "scope", "app.ui"; a package's __init__ is "ingest"."""
    found = {}
    for prefix, folder in ROOTS.items():
        for f in folder.glob("*.py"):
            found[prefix.rstrip(".") if f.stem == "__init__" else f"{prefix}{f.stem}"] = f
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules that `name` imports (absolute or relative, names as in the doc)."""
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[:len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = (node.module or "").removeprefix("guide_assistant").lstrip(".")
            for candidate in [base] + [f"{base}.{a.name}".lstrip(".") for a in node.names]:
                if candidate in modules:
                    found.add(candidate)
    return found


def test_every_arrow_in_the_architecture_picture_is_an_import():
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    arrows = re.findall(r"^\s+([\w.]+) --> ([\w.]+)$", doc, re.M)
    assert len(arrows) > 20
    modules = _modules()
    for source, target in arrows:
        assert source in modules and target in modules, (source, target)
        assert target in _imports(source, modules[source], modules), \
            f"{source} does not import {target}"


def test_only_the_store_imports_chromadb():
    importers = sorted(name for name, path in _modules().items()
                       if re.search(r"^\s*(import|from) chromadb", path.read_text(), re.M))
    assert importers == ["store"]


def test_every_module_has_its_line_in_the_doc():
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name, path in _modules().items():
        if path.stem.startswith("__") or not name:
            continue
        shown = f"`{path.relative_to(REPO / 'src' / 'guide_assistant')}`" if not name.count(".") \
            else f"`{path.relative_to(REPO)}`"
        assert shown in doc, f"{shown} has no line in docs/architecture.md"
