"""One exception hierarchy. Each error says where (file, line, record, field) and what was expected.

Exit codes follow pySHACL's convention and are mapped to the process in `kg/cli.py` only:
0 success / conforms, 1 the graph does not conform, 2 bad input or usage, 3 internal or store error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KgError(Exception):
    """Base of every error `kg` reports to a user."""

    exit_code = 3


@dataclass
class InputError(KgError):
    """Bad input a user can fix: names the file, and where known the line, record and field."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    record: str | None = None
    field: str | None = None

    exit_code = 2

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else ""
        if self.line is not None:
            where += f":{self.line}"
        parts = [p for p in (where, self.record, f"field '{self.field}'" if self.field else None) if p]
        return (": ".join(parts) + ": " if parts else "") + self.message


class ExtractError(InputError):
    """An extract (curated or produced) breaks the format of `kg/extract/extract.schema.json`."""


class MappingError(KgError):
    """Records that cannot become RDF (e.g. two records minting one IRI with different meanings)."""


class ReasoningError(KgError):
    """The ontology, or the ontology with the data, is inconsistent."""


class ValidationFailed(KgError):
    """The graph has SHACL violations; `report` holds the `ValidationReport`."""

    exit_code = 1

    def __init__(self, report: object, message: str = "the graph does not conform to the shapes") -> None:
        super().__init__(message)
        self.report = report


class StoreError(KgError):
    """The store cannot be opened, read or written."""


@dataclass
class QueryError(KgError):
    """A SPARQL query that does not parse or cannot run; line and column when the parser gives them."""

    message: str
    line: int | None = None
    column: int | None = None
    source: str | None = None

    exit_code = 2

    def __str__(self) -> str:
        where = self.source or "query"
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {self.message}"
