"""Serialisations of the graph: sorted N-Quads (the canonical, diffable form), TriG, Turtle, JSON-LD...

Everything is produced from sorted N-Quads, so every output is as deterministic as that; files are
written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.nt import _nt_row

from kg.formats import RdfOutput
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib.graph import _TripleType


def skolemised(graph: Graph, base: str) -> Graph:
    """The graph with each blank node replaced by `{base}.well-known/genid/{canonical label}`.

    Labels come from rdflib's canonical labelling, so the same graph gets the same IRIs every time;
    that keeps sorted N-Quads byte-identical across builds and lets the store round-trip them.
    """
    canonical = to_canonical_graph(graph)
    out = Graph()
    rename = lambda term: URIRef(f"{base}.well-known/genid/{term}") if isinstance(term, BNode) else term  # noqa: E731
    for s, p, o in canonical:
        out.add((rename(s), p, rename(o)))
    return out


def graph_nquads(name: URIRef, triples: Iterable[_TripleType]) -> list[str]:
    """The N-Quads lines of one named graph: its triples (a mapped graph's, or an rdflib Graph) as rdflib's
    N-Triples serializer writes each one (`_nt_row`), graph name added. Taking the triples as they are
    spares the mapped graphs an rdflib Graph that only the serializer would read."""
    suffix = f" <{name}> ."
    return [_nt_row(triple)[:-3] + suffix for triple in triples]


def sorted_nquads(graphs: Iterable[tuple[URIRef, Iterable[_TripleType]]]) -> bytes:
    """All quads of the named graphs, one per line, sorted and without duplicates."""
    lines: set[str] = set()
    for name, triples in graphs:
        lines.update(graph_nquads(name, triples))
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""


def serialize(nquads: bytes, output: RdfOutput, graph: str | None = None) -> bytes:
    """Re-serialise N-Quads: datasets keep their graphs; triple formats get one graph or the union."""
    if output.oxigraph == ox.RdfFormat.N_QUADS:
        lines = nquads.decode("utf-8").splitlines()
        if graph is not None:
            lines = [line for line in lines if line.endswith(f" <{graph}> .")]
        return ("\n".join(sorted(set(lines))) + "\n").encode("utf-8") if lines else b""
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    if graph is not None:
        quads = (q for q in quads if getattr(q.graph_name, "value", None) == graph)
    if output.datasets and graph is None:
        items: Iterable[ox.Quad | ox.Triple] = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject)))
    else:
        seen: dict[ox.Triple, None] = {}
        for quad in quads:
            seen.setdefault(quad.triple, None)
        items = list(seen)
    kwargs = {} if output.oxigraph in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) else {"prefixes": PREFIXES}
    return ox.serialize(items, format=output.oxigraph, **kwargs)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
