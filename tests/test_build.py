"""The seed graph: one named graph per article, evidence on every described node, identity across
articles, typed literals, and the validation gate (conforms, with article 001's date as a warning)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, XSD

from kg.map import iris
from kg.pipeline import validate_store
from kg.vocab import KG, OA

from conftest import SEEDS, SeedBuild

ARTICLES = sorted(p.stem for p in SEEDS.glob("*.txt"))
DESCRIBED = (KG.Actor, KG.Place, KG.Agreement, KG.Phase, KG.Term, KG.Statement, KG.Event, KG.ReportedFigure)


@pytest.fixture(scope="module")
def dataset(seed_build: SeedBuild) -> Dataset:
    graph = Dataset(default_union=True)
    graph.parse(data=seed_build.result.nquads, format="nquads")
    return graph


def rows(store, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def test_the_seed_graph_conforms_and_flags_article_001(seed_build: SeedBuild) -> None:
    report = seed_build.result.report
    assert report.conforms and not report.violations
    article = str(iris.article("001_15bafae28f224b27"))
    flagged = [w for w in report.warnings if w.focus == article]
    assert flagged and "2024-02-06" in flagged[0].message and "2025-03-18" in flagged[0].message
    assert all("001_15bafae28f224b27" in w.message for w in report.warnings)


def test_the_ontology_with_the_data_is_consistent(seed_build: SeedBuild) -> None:
    consistency = seed_build.result.consistency
    if not consistency.checked:
        pytest.skip(f"no reasoner ran: {consistency.explanation}")
    assert consistency.consistent, consistency.explanation


def test_one_named_graph_per_article_described_with_prov(dataset: Dataset) -> None:
    for article in ARTICLES:
        name = iris.article_graph(article)
        graph = dataset.graph(name)
        assert len(graph) > 100
        assert (name, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), iris.article(article)) in graph
        activity = graph.value(name, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"))
        assert activity == iris.activity("map", article)
        software = graph.value(activity, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith"))
        assert software is not None and "ceasefire-kg" in str(software)
        assert (iris.article(article), RDF.type, URIRef("https://schema.org/NewsArticle")) in graph


def test_every_described_node_has_evidence_in_each_graph_that_describes_it(dataset: Dataset) -> None:
    checked = 0
    for article in ARTICLES:
        graph = dataset.graph(iris.article_graph(article))
        for cls in DESCRIBED:
            for node in set(graph.subjects(RDF.type, None)):
                if (node, RDF.type, cls) not in dataset.graph(iris.inferred_graph()) and \
                        (node, RDF.type, cls) not in graph:
                    continue
                evidence = list(graph.objects(node, KG.hasEvidence))
                assert evidence, f"{node} has no evidence in the graph of {article}"
                for target in evidence:
                    assert graph.value(target, OA.hasSource) == iris.article(article)
                    selectors = set(graph.objects(target, OA.hasSelector))
                    kinds = {graph.value(s, RDF.type) for s in selectors}
                    assert kinds == {OA.TextPositionSelector, OA.TextQuoteSelector}
                checked += 1
    assert checked > 300


def test_evidence_offsets_quote_the_article(dataset: Dataset) -> None:
    texts = {iris.article(a): (SEEDS / f"{a}.txt").read_text(encoding="utf-8") for a in ARTICLES}
    for position in dataset.subjects(RDF.type, OA.TextPositionSelector):
        start, end = (dataset.value(position, OA.start), dataset.value(position, OA.end))
        assert start.datatype == XSD.integer
        target = dataset.value(predicate=OA.hasSelector, object=position)
        quote = next(s for s in dataset.objects(target, OA.hasSelector) if s != position)
        text = texts[dataset.value(target, OA.hasSource)]
        assert text[int(start):int(end)] == str(dataset.value(quote, OA.exact))
        assert text[:int(start)].endswith(str(dataset.value(quote, OA.prefix)))


@pytest.mark.parametrize("node,articles", [
    (iris.actor("benjamin-netanyahu"), {"000_ff6ac10d70de2fe7", "001_15bafae28f224b27", "002_6f0f6d7dc1d14af9",
                                        "003_dfad1371a03ebbb7"}),
    (iris.actor("hamas"), set(ARTICLES)),
    (iris.agreement("ceasefire-2025-01"), {"000_ff6ac10d70de2fe7", "001_15bafae28f224b27", "003_dfad1371a03ebbb7"}),
    (iris.event("israeli-strikes-2025-03-18"), {"000_ff6ac10d70de2fe7", "001_15bafae28f224b27",
                                                "003_dfad1371a03ebbb7"}),
])
def test_one_node_per_real_world_thing_with_evidence_from_each_article(dataset: Dataset, node: URIRef,
                                                                        articles: set[str]) -> None:
    """The articles named here mention the thing in their text (checked by reading them)."""
    sources = {str(dataset.value(t, OA.hasSource)).rsplit("/", 1)[1] for t in dataset.objects(node, KG.hasEvidence)}
    assert articles <= sources


def test_dates_and_counts_are_typed(dataset: Dataset) -> None:
    dates = [o for p in (KG.date, KG.startDate, KG.endDate, KG.plannedStartDate, KG.asOf)
             for o in dataset.objects(None, p)]
    assert dates and {d.datatype for d in dates} <= {XSD.date, XSD.gYearMonth, XSD.gYear}
    values = list(dataset.objects(None, KG.value))
    assert values and all(v.datatype == XSD.integer and int(v) >= 0 for v in values)


def test_links_come_from_the_catalogue_only(seed_build: SeedBuild) -> None:
    from kg.link.catalogue import load_catalogue

    catalogue = load_catalogue()
    links = rows(seed_build.store(), "SELECT ?s ?o WHERE { GRAPH kgg:links { ?s owl:sameAs ?o } }")
    assert links
    for link in links:
        key = link["s"].rsplit("/", 1)[1]
        assert link["o"] == f"http://www.wikidata.org/entity/{catalogue[key].qid}"


def test_the_store_holds_what_the_build_wrote(seed_build: SeedBuild) -> None:
    store = seed_build.store()
    assert store.dump_nquads() and set(store.graph_names()) >= {str(iris.article_graph(a)) for a in ARTICLES}
    written = (seed_build.out / "graph.nq").read_bytes()
    assert sorted(store.dump_nquads().decode().splitlines()) == written.decode().splitlines()
    for name in ("graph.trig", "graph.ttl", "validation.ttl"):
        fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])
        assert list(ox.parse((seed_build.out / name).read_bytes(), format=fmt))


def test_building_twice_gives_identical_sorted_nquads(seed_build: SeedBuild, tmp_path) -> None:
    from kg.pipeline import build

    again = build(SEEDS, tmp_path / "out", tmp_path / "store")
    assert again.nquads == seed_build.result.nquads


def test_validating_the_store_gives_the_build_report(seed_build: SeedBuild) -> None:
    """`kg validate` re-validates what the store holds: the same results as the build, article 001 included."""
    report = validate_store(seed_build.store())
    assert {r.iri for r in report.results} == {r.iri for r in seed_build.result.report.results}
    assert report.warnings and report.conforms
