"""The store interface the pipeline, CLI and server use; `oxigraph.py` is the embedded implementation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class StoreStats:
    quads: int
    graphs: dict[str, int]


class Store(Protocol):
    def replace_graphs(self, nquads: bytes, graphs: list[str], *, clear_others: bool = False) -> None:
        """Drop `graphs` (all named graphs too when `clear_others`) and load `nquads`, in one transaction."""

    def query(self, sparql: str, *, default_graph_as_union: bool = True) -> object:
        """Run a SPARQL query; the default graph is the union of the named graphs unless told otherwise."""

    def graph_names(self) -> list[str]: ...

    def dump_nquads(self, graph: str | None = None) -> bytes: ...

    def graph(self, names: Iterable[str]) -> Graph:
        """The union of the named graphs `names` as one rdflib graph."""

    def stats(self) -> StoreStats: ...

    def close(self) -> None: ...

    def quads(self) -> Iterator[object]: ...
