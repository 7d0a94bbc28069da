"""The embedded store (kg/store/oxigraph.py): all-or-nothing writes, union default graph, located query errors.

Every test runs on a real pyoxigraph store, in memory and on disk.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError
from kg.store.oxigraph import OxigraphStore, build_store

G = "https://example.org/graph/"
EX = "https://example.org/"

# Terms that must survive the N-Quads -> SPARQL UPDATE rewrite in replace_graphs unchanged.
TRICKY_OBJECTS = [
    '"plain"',
    '"two\\nlines"',
    '"a \\"quote\\", a backslash \\\\ and a brace }"',
    '"GRAPH <x> { } ; DROP ALL"',
    '"Kh\u0101n Y\u016bnis"',
    '"Gaza"@en',
    '"12"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"2025-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
    f"<{EX}object>",
]


def nquads(graphs: dict[str, list[str]]) -> bytes:
    """N-Quads for {graph name: [object, ...]}: one triple <ex:s{i}> <ex:p> object per object."""
    return "".join(f"<{EX}s{i}> <{EX}p> {obj} <{G}{name}> .\n"
                   for name, objects in graphs.items() for i, obj in enumerate(objects)).encode("utf-8")


def content(store: OxigraphStore) -> dict[str, set[ox.Quad]]:
    found: dict[str, set[ox.Quad]] = {}
    for quad in store.quads():
        found.setdefault(quad.graph_name.value.removeprefix(G), set()).add(quad)
    return found


def expected(graphs: dict[str, list[str]]) -> dict[str, set[ox.Quad]]:
    found: dict[str, set[ox.Quad]] = {}
    for quad in ox.parse(nquads(graphs), format=ox.RdfFormat.N_QUADS):
        found.setdefault(quad.graph_name.value.removeprefix(G), set()).add(quad)
    return found


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> OxigraphStore:
    opened = OxigraphStore(None if request.param == "memory" else tmp_path / "store")
    opened.load_nquads(nquads(INITIAL))
    return opened


INITIAL = {"a": ['"a0"', '"a1"'], "b": ['"b0"'], "c": ['"c0"', '"c1"', '"c2"']}

REPLACEMENTS = [
    # id, new N-Quads (by graph), graphs to replace, clear_others, what the store then holds
    ("one-graph", {"a": ['"new a"']}, ["a"], False, {**INITIAL, "a": ['"new a"']}),
    ("two-graphs", {"a": ['"new a"'], "c": ['"new c"']}, ["a", "c"], False,
     {"a": ['"new a"'], "b": INITIAL["b"], "c": ['"new c"']}),
    ("named-but-empty-drops", {"a": ['"new a"']}, ["a", "b"], False, {"a": ['"new a"'], "c": INITIAL["c"]}),
    ("new-graph", {"d": ['"d0"']}, ["d"], False, {**INITIAL, "d": ['"d0"']}),
    ("nothing-to-insert", {}, ["b"], False, {"a": INITIAL["a"], "c": INITIAL["c"]}),
    ("same-content-twice", {"b": ['"b0"']}, ["b"], False, INITIAL),
    ("clear-others", {"a": ['"new a"']}, ["a"], True, {"a": ['"new a"']}),
    ("tricky-literals", {"b": TRICKY_OBJECTS}, ["b"], False, {**INITIAL, "b": TRICKY_OBJECTS}),
]


@pytest.mark.parametrize("new, graphs, clear_others, after",
                         [pytest.param(*case[1:], id=case[0]) for case in REPLACEMENTS])
def test_replace_graphs(store: OxigraphStore, new: dict[str, list[str]], graphs: list[str], clear_others: bool,
                        after: dict[str, list[str]]) -> None:
    assert content(store) == expected(INITIAL)
    store.replace_graphs(nquads(new), [G + g for g in graphs], clear_others=clear_others)
    assert content(store) == expected(after)
    assert store.graph_names() == sorted(G + g for g in after)


BAD_NQUADS = [
    b"<https://example.org/s> <https://example.org/p> .\n",                      # no object
    b"<s> <https://example.org/p> <https://example.org/o> <https://example.org/g> .\n",   # relative IRI
    b'<https://example.org/s> <https://example.org/p> "unterminated <https://example.org/g> .\n',
    b"\xff\xfe not UTF-8\n",
]


@pytest.mark.parametrize("bad", BAD_NQUADS)
def test_failing_replace_leaves_the_store_unchanged(store: OxigraphStore, bad: bytes) -> None:
    valid = nquads({"a": ['"would be new"']})
    with pytest.raises(Exception):
        store.replace_graphs(valid + bad, [G + "a", G + "b"])
    assert content(store) == expected(INITIAL)


@pytest.mark.parametrize("bad", BAD_NQUADS)
def test_failing_replace_raises_store_error(store: OxigraphStore, bad: bytes) -> None:
    with pytest.raises(StoreError, match="could not replace graphs"):
        store.replace_graphs(nquads({"a": ['"x"']}) + bad, [G + "a"])


def test_build_store_swaps_the_new_store_in(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build_store(path, nquads(INITIAL))
    build_store(path, nquads({"d": ['"d0"']}))
    assert content(OxigraphStore.open_existing(path, read_only=True)) == expected({"d": ['"d0"']})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"], "staging or retired stores left behind"


@pytest.mark.parametrize("bad", BAD_NQUADS)
def test_build_store_keeps_the_old_store_when_loading_fails(tmp_path: Path, bad: bytes) -> None:
    path = tmp_path / "store"
    build_store(path, nquads(INITIAL))
    with pytest.raises(StoreError, match=f"could not write the store at {path}"):
        build_store(path, nquads({"d": ['"d0"']}) + bad)
    assert content(OxigraphStore.open_existing(path, read_only=True)) == expected(INITIAL)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"], "staging store left behind"


def test_build_store_fails_cleanly_without_an_old_store(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with pytest.raises(StoreError):
        build_store(path, BAD_NQUADS[0])
    assert not path.exists()
    with pytest.raises(StoreError, match="run 'kg build' first"):
        OxigraphStore.open_existing(path)


def values(results: object, variable: str = "o") -> list[str]:
    return sorted(solution[variable].value for solution in results)  # type: ignore[attr-defined]


def test_default_graph_is_the_union_of_named_graphs(store: OxigraphStore) -> None:
    everything = sorted(o.strip('"') for objects in INITIAL.values() for o in objects)
    assert values(store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}")) == everything
    assert values(store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}", default_graph_as_union=False)) == []
    assert values(store.query(f"SELECT ?o WHERE {{ GRAPH <{G}b> {{ ?s <{EX}p> ?o }} }}")) == ["b0"]


def test_union_sees_a_replaced_graph(store: OxigraphStore) -> None:
    store.replace_graphs(nquads({"b": ['"b-new"']}), [G + "b"])
    assert "b-new" in values(store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}"))
    assert "b0" not in values(store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}"))


def test_project_prefixes_need_no_prefix_lines(store: OxigraphStore) -> None:
    store.replace_graphs(b'<https://w3id.org/ceasefire-kg/id/actor/hamas> '
                         b'<http://www.w3.org/2000/01/rdf-schema#label> "Hamas" <https://example.org/graph/x> .\n',
                         [G + "x"])
    assert values(store.query("SELECT ?o WHERE { actor:hamas rdfs:label ?o }")) == ["Hamas"]


BAD_QUERIES = [
    # query, the text the error must point at (line exact, column inside it or just after)
    ("SELECT * WHERE { ?s ?p ?o }\nLIMIT x", "x"),
    ("SELECT ?s WHERE {\n  ?s ?p\n}", "}"),
    ("SELECT * WHERE { ?s ?p ?o .\n\n   FILTER(?o = ) }", ") }"),
    ("SELECT * WHERE { ?s nope:p ?o }", "nope:p"),
]


@pytest.mark.parametrize("query, at", BAD_QUERIES)
def test_query_syntax_error_has_line_and_column(store: OxigraphStore, query: str, at: str) -> None:
    offset = query.index(at)
    line = query[:offset].count("\n") + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    with pytest.raises(QueryError) as raised:
        store.query(query, source="my.rq")
    error = raised.value
    assert error.line == line, str(error)
    assert error.column is not None and column <= error.column <= column + len(at), str(error)
    assert str(error).startswith(f"my.rq:{error.line}:{error.column}: ")
    assert len(error.message) <= 170


def test_unknown_graph_dump_is_a_store_error(store: OxigraphStore) -> None:
    with pytest.raises(StoreError, match="no graph"):
        store.dump_nquads(G + "nope")
    assert set(ox.parse(store.dump_nquads(G + "b"), format=ox.RdfFormat.N_QUADS)) == set(expected(INITIAL)["b"])


def test_stats(store: OxigraphStore) -> None:
    summary = store.stats()
    assert summary.quads == sum(len(v) for v in INITIAL.values())
    assert summary.graphs == {G + name: len(objects) for name, objects in INITIAL.items()}
