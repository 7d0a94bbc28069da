"""The one place that knows where the project's data files live.

Ontology, shapes, queries, the Wikidata catalogue and the seeds sit at the top of the
repository (see README); a wheel ships them under `kg/_data/` (pyproject force-include).
`KG_HOME` overrides both, for tests that build a project tree of their own.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_DIRS = ("ontology", "shapes", "queries", "catalogue", "seeds")


@cache
def project_root() -> Path:
    """The directory holding `ontology/`, `shapes/`, `queries/`, `catalogue/` (and `seeds/` in a checkout)."""
    override = os.environ.get("KG_HOME")
    if override:
        return Path(override).resolve()
    for candidate in (_PACKAGE.parent, _PACKAGE / "_data"):
        if (candidate / "ontology").is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the ontology/ folder next to {_PACKAGE} or in {_PACKAGE / '_data'}")


def ontology_dir() -> Path:
    return project_root() / "ontology"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def queries_dir() -> Path:
    return project_root() / "queries"


def catalogue_dir() -> Path:
    return project_root() / "catalogue"


def seeds_dir() -> Path:
    return project_root() / "seeds"


def ontology_files() -> list[Path]:
    return sorted(ontology_dir().glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(queries_dir().glob("*.rq"))


def query_text(name: str) -> str:
    """The text of `queries/{name}.rq` (name without suffix)."""
    return (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def package_file(name: str) -> Path:
    """A data file that lives inside the package (e.g. the extract JSON Schema)."""
    return _PACKAGE / name
