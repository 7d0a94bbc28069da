"""Reading SPARQL queries and printing their results (table, JSON, XML, CSV, TSV; Turtle for graphs)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputError
from kg.formats import RESULT_FORMATS, RDF_FORMATS
from kg.vocab import PREFIXES

_SHORT = sorted(((iri, name) for name, iri in PREFIXES.items()), key=lambda pair: -len(pair[0]))


def read_query(query_or_file: str) -> tuple[str, str]:
    """The query text and where it came from: a path ending in .rq/.sparql, or the text itself."""
    looks_like_file = query_or_file.endswith((".rq", ".sparql")) and "\n" not in query_or_file
    if looks_like_file:
        path = Path(query_or_file)
        if not path.is_file():
            raise InputError("query file not found", path=path)
        return path.read_text(encoding="utf-8"), str(path)
    return query_or_file, "query"


def compact(term: object) -> str:
    """A readable form of an RDF term: prefixed IRIs, literal values without datatypes."""
    if isinstance(term, ox.NamedNode):
        for iri, name in _SHORT:
            if term.value.startswith(iri):
                return f"{name}:{term.value[len(iri):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return "" if term is None else str(term)


def table(variables: list[str], rows: list[list[str]]) -> str:
    """A plain aligned text table (no wrapping, so it pastes into docs and pipes into grep)."""
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(variables), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def readable_turtle(ntriples: bytes) -> str:
    """Turtle grouped by subject (rdflib's writer), for people reading CONSTRUCT/DESCRIBE results."""
    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    for name, iri in PREFIXES.items():
        graph.bind(name, iri, replace=True)
    return graph.serialize(format="turtle")


def format_results(results: object, fmt: str) -> str:
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        return readable_turtle(ox.serialize(results, format=RDF_FORMATS["ntriples"].oxigraph))
    assert isinstance(results, ox.QuerySolutions)
    if fmt != "table":
        return results.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")
    variables = [v.value for v in results.variables]
    rows = [[compact(solution[name]) for name in variables] for solution in results]
    return table(variables, rows)
