"""The package is laid out by pipeline stage: a module imports only its own stage and earlier ones.

The order is STYLE.md's; every `import` in kg/ (also inside functions) is read with `ast`.
A new module whose stage is not in the order fails too, so the order stays complete.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kg

STAGES = ["errors", "resources", "vocab", "records", "concepts", "extract", "link", "resolve", "map", "reason", "validate",
          "store", "formats", "export", "query", "pipeline", "serve", "cli"]
FREE = {"__init__", "__main__"}          # kg/__init__.py and kg/__main__.py may import anything
PACKAGE = Path(kg.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str | None:
    """`kg.extract.curated` -> 'extract'; `kg` itself and kg/__main__ -> '__init__'/'__main__'."""
    parts = module.split(".")
    if parts[0] != "kg":
        return None
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every kg module `source` imports; `from kg import x` names kg.x when x is a module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kg":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.append((node.lineno, submodule if submodule in MODULES else target))
    return found


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    own = stage(module)
    if own in FREE or module.endswith(".__main__"):
        return []
    if own not in STAGES:
        return [f"{module}: stage {own!r} is not in the layer order {STAGES}"]
    found = []
    for line, target in imported_modules(source, module, is_package):
        their = stage(target)
        if their == "__init__":         # `from kg import __version__`: the package root holds no stage
            continue
        if their not in STAGES:
            found.append(f"{module}:{line} imports {target} (stage {their!r} is not in the layer order)")
        elif STAGES.index(their) > STAGES.index(own):
            found.append(f"{module}:{line} imports {target}: stage '{their}' comes after '{own}'")
    return found


KNOWN_VIOLATIONS: dict[str, str] = {}   # module -> reason, for xfail; none today


@pytest.mark.parametrize("module", [
    pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=KNOWN_VIOLATIONS[m])) if m in KNOWN_VIOLATIONS
    else m for m in MODULES])
def test_module_imports_only_earlier_stages(module: str) -> None:
    path = MODULES[module]
    found = violations(module, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    assert not found, "\n".join(found)


def test_every_stage_exists() -> None:
    """The order names real modules or packages: a renamed stage must be renamed here too."""
    assert sorted({stage(m) for m in MODULES} - FREE) == sorted(STAGES)


@pytest.mark.parametrize("module, source, expected", [
    ("kg.store.oxigraph", "from kg.pipeline import build", ["kg.store.oxigraph:1 imports kg.pipeline"]),
    ("kg.extract.curated", "def f():\n    from kg.map import iris", ["kg.extract.curated:2 imports kg.map.iris"]),
    ("kg.extract.curated", "import kg.validate.shacl", ["kg.extract.curated:1 imports kg.validate.shacl"]),
    ("kg.map.mapper", "from ..store import oxigraph", ["kg.map.mapper:1 imports kg.store.oxigraph"]),
    ("kg.vocab", "from kg import resources, records", ["kg.vocab:1 imports kg.records"]),
    ("kg.errors", "from kg import __version__", []),
    ("kg.map.mapper", "from kg.map import iris\nfrom kg.extract.curated import OWN_VOICE\nimport rdflib", []),
    ("kg.store.oxigraph", "from kg.webui import app", ["stage 'webui' is not in the layer order"]),
    ("kg.webui.app", "", ["kg.webui.app: stage 'webui' is not in the layer order"]),
    ("kg.__main__", "from kg.cli import main", []),
])
def test_the_checker_itself(module: str, source: str, expected: list[str]) -> None:
    """The checker finds what it should (so a green run means something): top-level, nested, relative imports."""
    found = violations(module, source)
    assert len(found) == len(expected), found
    for message, fragment in zip(found, expected):
        assert fragment in message
