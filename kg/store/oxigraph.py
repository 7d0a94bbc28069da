"""The embedded store: pyoxigraph on disk (default `.kg/store`).

Two ways to write, both all-or-nothing:
- `build_store` writes a whole new store in a sibling directory and swaps it in, so a failed
  build leaves the previous store untouched;
- `OxigraphStore.replace_graphs` drops and reloads named graphs in one SPARQL UPDATE, which
  pyoxigraph applies as a single transaction.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import QueryError, StoreError
from kg.store.base import StoreStats
from kg.vocab import PREFIXES

DEFAULT_PATH = Path(".kg/store")


class OxigraphStore:
    """A pyoxigraph store whose default graph, for queries, is the union of its named graphs."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as err:
            raise StoreError(f"cannot open the store at {path}: {err}") from None

    @classmethod
    def open_existing(cls, path: Path, *, read_only: bool = False) -> OxigraphStore:
        if not path.is_dir():
            raise StoreError(f"no store at {path}: run 'kg build' first (or pass --store)")
        return cls(path, read_only=read_only)

    def load_nquads(self, nquads: bytes) -> None:
        self._store.load(nquads, format=ox.RdfFormat.N_QUADS)

    def replace_graphs(self, nquads: bytes, graphs: list[str], *, clear_others: bool = False) -> None:
        by_graph: dict[str, list[str]] = defaultdict(list)
        try:
            for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
                by_graph[str(quad.graph_name)].append(f"{quad.subject} {quad.predicate} {quad.object} .")
        except SyntaxError as err:
            raise StoreError(f"could not replace graphs {graphs}: not valid N-Quads, nothing was written: {err}") from None
        drops = ["DROP SILENT ALL"] if clear_others else [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        inserts = [f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in sorted(by_graph.items())]
        update = " ;\n".join(drops + (["INSERT DATA {\n" + "\n".join(inserts) + "\n}"] if inserts else []))
        try:
            self._store.update(update)
        except (OSError, SyntaxError) as err:
            raise StoreError(f"could not replace graphs {graphs}: {err}") from None

    def query(self, sparql: str, *, default_graph_as_union: bool = True, source: str | None = None,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> object:
        """Run a query; the project's prefixes (kg:, actor:, prov: ...) need no PREFIX lines.

        `default_graph` / `named_graphs` (graph IRIs) set the dataset as the SPARQL Protocol's
        default-graph-uri / named-graph-uri do; given either, the default graph is no longer the union.
        """
        dataset: dict[str, object] = {}
        if default_graph is not None or named_graphs is not None:
            dataset["default_graph"] = [ox.NamedNode(g) for g in default_graph or []] or ox.DefaultGraph()
            if named_graphs is not None:
                dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            default_graph_as_union = False
        try:
            return self._store.query(sparql, use_default_graph_as_union=default_graph_as_union, prefixes=PREFIXES,
                                     **dataset)  # type: ignore[arg-type]
        except SyntaxError as err:
            line, column = _position(str(err))
            message = _shorten(str(err))
            raise QueryError(message, line=line, column=column, source=source) from None
        except OSError as err:
            raise StoreError(f"the query could not run: {err}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update as one transaction (only `kg serve --allow-updates` calls it)."""
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            line, column = _position(str(err))
            raise QueryError(_shorten(str(err)), line=line, column=column, source="update") from None
        except OSError as err:
            raise StoreError(f"the update could not run: {err}") from None

    def graph_names(self) -> list[str]:
        return sorted(node.value for node in self._store.named_graphs())

    def dump_nquads(self, graph: str | None = None) -> bytes:
        """The store's quads as N-Quads; with `graph`, only that named graph's quads (graph name kept)."""
        if graph is None:
            return self._store.dump(format=ox.RdfFormat.N_QUADS)
        name = ox.NamedNode(graph)
        if not self._store.contains_named_graph(name):
            raise StoreError(f"the store has no graph <{graph}>; 'kg stats' lists the graphs")
        return ox.serialize(self._store.quads_for_pattern(None, None, None, name), format=ox.RdfFormat.N_QUADS)

    def graph(self, names: Iterable[str]) -> Graph:
        """The union of the named graphs `names` as one rdflib graph (a name the store lacks adds nothing).

        The triples go through N-Triples once: parsing N-Quads into an rdflib Dataset and copying its
        quads into a Graph would parse the same data and then walk it a second time."""
        triples = (ox.Triple(quad.subject, quad.predicate, quad.object) for name in names
                   for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def stats(self) -> StoreStats:
        counts: dict[str, int] = defaultdict(int)
        total = 0
        for quad in self._store:
            total += 1
            counts[getattr(quad.graph_name, "value", "")] += 1
        return StoreStats(total, dict(sorted(counts.items())))

    def close(self) -> None:
        self._store.flush()
        del self._store


def _position(message: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) from an Oxigraph parse error such as 'error at 2:10: ...'."""
    found = re.search(r"(\d+):(\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (None, None)


def _shorten(message: str, limit: int = 160) -> str:
    """Drop Oxigraph's 'error at L:C:' (the error reports line and column itself) and its long list of
    every token it expected: the first few say what went wrong."""
    message = re.sub(r"^error at \d+:\d+: ", "", message)
    return message if len(message) <= limit else message[:limit].rsplit(",", 1)[0] + ", ...]"


def build_store(path: Path, nquads: bytes) -> None:
    """Write a new store at `path` holding exactly `nquads`; the old one is replaced only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=path.name + ".new-", dir=path.parent))
    try:
        store = ox.Store(str(staging))
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
    except (OSError, SyntaxError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"could not write the store at {path}: {err}") from None
    retired = path.with_name(path.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if path.exists():
        path.rename(retired)
    staging.rename(path)
    shutil.rmtree(retired, ignore_errors=True)
