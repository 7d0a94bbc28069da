"""`kg add` resolves a new article against the store: an event the seeds report keeps its node and
gains the article's evidence, the merge is traced in kgg:coreference, the new death toll is compared
in kgg:figure-comparison, an unrelated event stays apart, and nothing else in the store changes."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import to_isomorphic

from kg import __version__, pipeline
from kg.errors import ValidationFailed
from kg.map import iris
from kg.map.resolution import map_coreference, map_figure_comparisons
from kg.resolve.figures import quantities
from kg.store.extracts import stored_extracts
from kg.store.oxigraph import OxigraphStore
from kg.vocab import KG

from conftest import graph_of, quads_by_graph

ARTICLE = Path(__file__).parent / "data" / "articles" / "913_strikes_gaza_toll.txt"
ARTICLE_ID = ARTICLE.stem
SEED_EVENT = iris.event("israeli-strikes-2025-03-18")
SEED_ARTICLE = "000_ff6ac10d70de2fe7"
RESOLVED_GRAPHS = (iris.coreference_graph(), iris.figure_comparison_graph())


@dataclass(frozen=True)
class Added:
    store: Path
    before: dict[str, list[str]]
    after: dict[str, list[str]]
    result: pipeline.AddResult


@pytest.fixture(scope="module")
def added(seed_build, tmp_path_factory: pytest.TempPathFactory) -> Added:  # type: ignore[no-untyped-def]
    store = tmp_path_factory.mktemp("add-coreference") / "store"
    shutil.copytree(seed_build.store_path, store)
    before = quads_by_graph(store)
    result = pipeline.add(ARTICLE, store)
    return Added(store, before, quads_by_graph(store), result)


def ask(store: Path, sparql: str) -> list[dict[str, str]]:
    rows = OxigraphStore.open_existing(store, read_only=True).query(sparql)
    return [{v.value: row[v].value for v in rows.variables if row[v] is not None} for row in rows]  # type: ignore


def test_the_reported_event_is_the_seed_node_with_evidence_from_both_articles(added: Added) -> None:
    rows = ask(added.store, f"""
        SELECT DISTINCT ?article WHERE {{
          GRAPH ?g {{ <{SEED_EVENT}> kg:hasEvidence ?evidence . ?evidence oa:hasSource ?source }}
          BIND(STRAFTER(STR(?source), "/id/article/") AS ?article) }}""")
    assert {SEED_ARTICLE, ARTICLE_ID} <= {row["article"] for row in rows}
    events = ask(added.store, f"""
        SELECT DISTINCT ?event WHERE {{ GRAPH <{iris.article_graph(ARTICLE_ID)}> {{
          ?event a kg:Event ; kg:eventType ?type }} ?type skos:notation "air-strike" }}""")
    assert [row["event"] for row in events] == [str(SEED_EVENT)]


def test_a_coreference_decision_names_the_records_of_both_articles(added: Added) -> None:
    rows = ask(added.store, f"""
        SELECT ?decision ?source ?rule WHERE {{
          GRAPH <{iris.coreference_graph()}> {{
            ?decision a kg:CoreferenceDecision ; kg:resolvedTo <{SEED_EVENT}> ; kg:mergedRecord ?record ;
                      kg:coreferenceRule ?rule }}
          GRAPH ?g {{ ?record oa:hasSource ?source }} }}""")
    by_decision: dict[str, set[str]] = {}
    for row in rows:
        by_decision.setdefault(row["decision"], set()).add(row["source"].rsplit("/", 1)[1])
    assert {SEED_ARTICLE, ARTICLE_ID} in by_decision.values()
    assert {row["rule"] for row in rows} == {"event-coreference-v1"}
    assert [(m.kind, m.key) for m in added.result.merges if m.kind == "event"] == [("event", "israeli-strikes-2025-03-18")]


def test_the_new_death_toll_disagrees_with_the_seed_figures_of_the_event(added: Added) -> None:
    rows = ask(added.store, f"""
        SELECT ?comparison ?value ?otherValue ?max WHERE {{
          GRAPH <{iris.figure_comparison_graph()}> {{
            ?comparison a kg:FigureComparison ; kg:quantityOf <{SEED_EVENT}> ; kg:comparesFigure ?figure ;
                        kg:maxValue ?max .
            ?figure kg:disagreesWith ?other }}
          GRAPH <{iris.article_graph(ARTICLE_ID)}> {{ ?figure kg:value ?value ; kg:figureOf <{SEED_EVENT}> }}
          GRAPH ?seed {{ ?other kg:value ?otherValue }} }}""")
    assert {row["value"] for row in rows} == {"330"}
    assert len({row["comparison"] for row in rows}) == 1
    assert {"400"} <= {row["otherValue"] for row in rows}


def test_an_unrelated_event_stays_a_node_of_its_own(added: Added) -> None:
    rows = ask(added.store, f"""
        SELECT DISTINCT ?event ?g WHERE {{
          GRAPH <{iris.article_graph(ARTICLE_ID)}> {{ ?event a kg:Event ; kg:eventType ?type }}
          ?type skos:notation "rocket-fire" .
          GRAPH ?g {{ ?event kg:hasEvidence ?evidence }} }}""")
    assert rows and {row["g"] for row in rows} == {str(iris.article_graph(ARTICLE_ID))}
    event = rows[0]["event"]
    assert event.startswith(str(iris.event("")))
    assert not ask(added.store, f"SELECT ?d WHERE {{ ?d kg:resolvedTo <{event}> }}")


def test_only_the_article_links_inferred_coreference_and_comparison_graphs_change(added: Added) -> None:
    name = f"<{iris.article_graph(ARTICLE_ID)}>"
    changing = {f"<{g}>" for g in (iris.links_graph(), iris.inferred_graph(), *RESOLVED_GRAPHS)}
    assert set(added.after) == set(added.before) | {name}
    for graph in added.before:
        if graph not in changing:
            assert added.after[graph] == added.before[graph], graph
    coreference = f"<{iris.coreference_graph()}>"
    assert set(added.before[coreference]) < set(added.after[coreference])   # decisions added, none dropped
    new = [line for line in added.after[coreference] if line not in set(added.before[coreference])]
    assert any(ARTICLE_ID in line for line in new)


def compared(graph: Graph) -> dict[str, frozenset[str]]:
    """Each figure comparison of `graph` and the figures it compares."""
    return {str(c): frozenset(str(f) for f in graph.objects(c, KG.comparesFigure))
            for c in graph.subjects(RDF.type, KG.FigureComparison)}


def test_one_comparison_is_updated_with_the_new_figure_and_the_others_are_unchanged(added: Added) -> None:
    before_graph = graph_of_lines(added.before[f"<{iris.figure_comparison_graph()}>"])
    after_graph = graph_of(added.store, str(iris.figure_comparison_graph()))
    before, after = compared(before_graph), compared(after_graph)
    updated = {c: figures for c, figures in after.items() if any(ARTICLE_ID in f for f in figures)}
    assert len(updated) == 1
    [(comparison, figures)] = updated.items()
    old = {c for c, f in before.items() if f == frozenset(x for x in figures if ARTICLE_ID not in x)}
    assert len(old) == 1 and comparison not in before          # the comparison grew: a new node replaces it
    assert set(after) == set(before) - old | {comparison}
    for other in set(before) - old:
        node = URIRef(other)
        assert set(after_graph.triples((node, None, None))) == set(before_graph.triples((node, None, None)))


def graph_of_lines(lines: list[str]) -> Graph:
    graph = Graph()
    graph.parse(data="\n".join(line.rsplit(" ", 2)[0] + " ." for line in lines), format="nt")
    return graph


def test_stored_extracts_give_back_the_stored_figure_comparisons(seed_build) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore.open_existing(seed_build.store_path, read_only=True)
    stored = stored_extracts(store)
    assert len(stored) == 5 and all(e.events for e in stored)
    recomputed = map_figure_comparisons(quantities(stored), stored, __version__).graph
    kept = graph_of(seed_build.store_path, str(iris.figure_comparison_graph()))
    assert to_isomorphic(recomputed) == to_isomorphic(kept)


def test_adding_the_article_again_gives_the_same_store(added: Added, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(added.store, store)
    again = pipeline.add(ARTICLE, store)
    assert again.replaced and quads_by_graph(store) == added.after


def test_a_resolution_that_breaks_the_shapes_leaves_the_store_byte_identical(
        seed_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    shutil.copytree(seed_build.store_path, store)
    before = quads_by_graph(store)

    def without_features(resolution, version):  # type: ignore[no-untyped-def]
        stripped = replace(resolution, merges=tuple(replace(m, features=()) for m in resolution.merges))
        return map_coreference(stripped, version)

    monkeypatch.setattr(pipeline, "map_coreference", without_features)
    with pytest.raises(ValidationFailed, match="store was not changed"):
        pipeline.add(ARTICLE, store)
    assert quads_by_graph(store) == before
