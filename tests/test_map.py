"""Mapped graphs as tuples of triples: the same graph, the same N-Quads, as the rdflib Graph they stand for."""

from __future__ import annotations

import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import __version__
from kg.concepts import concept_keys
from kg.export import sorted_nquads
from kg.extract.curated import load_seed_extracts
from kg.map.mapper import NamedGraph, map_extract
from kg.map.provenance import integer_literal, text_literal
from kg.vocab import KG, OA, RDF, SCHEMA

from conftest import SEEDS, TEST_DATA

NAME = URIRef("https://w3id.org/ceasefire-kg/graph/article/test")


def rdflib_nquads(name: URIRef, graph: Graph) -> bytes:
    """Sorted N-Quads through rdflib's own N-Triples serializer, as `sorted_nquads` wrote them before."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted({line[:-2] + f" <{name}> ." for line in lines})) + "\n").encode("utf-8")


def test_triples_give_the_n_quads_of_rdflib_s_serializer() -> None:
    node = URIRef("https://w3id.org/ceasefire-kg/id/statement/test/0-9")
    triples = [
        (node, RDF.type, KG.DirectQuote),
        (node, KG.quotation, Literal('he said "no" \\ twice\nthen\r\tleft — in Gaza, 10 مارس')),
        (node, SCHEMA.headline, Literal("Truce holds", lang="en")),
        (node, OA.start, Literal(12, datatype=XSD.integer)),
        (node, KG.date, Literal("2025-03", datatype=XSD.gYearMonth)),
        (BNode("b0"), OA.hasBody, node),
    ]
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    assert sorted_nquads([(NAME, triples)]) == rdflib_nquads(NAME, graph)
    assert sorted_nquads([(NAME, graph)]) == rdflib_nquads(NAME, graph)


def test_a_named_graph_keeps_each_triple_once_in_the_order_made() -> None:
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    named = NamedGraph.of(NAME, [(a, RDF.type, b), (b, RDF.type, a), (a, RDF.type, b)])
    assert named.triples == ((a, RDF.type, b), (b, RDF.type, a))
    assert len(named.graph) == 2 and named.graph is named.graph


def test_a_graph_made_by_rdflib_is_named_by_its_triples() -> None:
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    graph = Graph()
    graph.add((a, RDF.type, KG.Event))
    graph.add((b, KG.agent, a))
    named = NamedGraph.of(NAME, graph)
    assert set(named.triples) == {(a, RDF.type, KG.Event), (b, KG.agent, a)} and len(named.triples) == 2
    assert set(named.graph) == set(graph) and named.graph is not graph


def test_mapped_articles_give_the_graph_and_n_quads_of_their_triples() -> None:
    """Each seed article (and the test article) mapped: no triple twice, and the triples' N-Quads are those
    rdflib writes for the same triples in a Graph (what the build wrote before it took the triples)."""
    concepts = concept_keys()
    for extract in [*load_seed_extracts(SEEDS), *load_seed_extracts(TEST_DATA / "mini")]:
        named = map_extract(extract, concepts, __version__)
        assert len(set(named.triples)) == len(named.triples) > 100
        assert set(named.graph) == set(named.triples)
        assert sorted_nquads([(named.name, named.triples)]) == rdflib_nquads(named.name, named.graph)


def test_vocabulary_terms_are_made_once_and_stay_closed() -> None:
    assert KG.hasEvidence is KG.hasEvidence and OA.hasSelector is OA.hasSelector and RDF.type is RDF.type
    assert RDF.type == rdflib.RDF.type and KG["Event"] == KG.Event == URIRef(str(KG) + "Event")
    for namespace, term in ((KG, "hasEvidance"), (RDF, "typ")):
        try:
            getattr(namespace, term)
        except AttributeError:
            continue
        raise AssertionError(f"{namespace} accepted the unknown term {term}")


def test_the_shortcut_literals_are_rdflib_s_own() -> None:
    for text in ["", " Gaza ", 'he said "no"\n', "10 مارس — ١٠", "2025-03-18", "007"]:
        assert text_literal(text) == Literal(text) and text_literal(text).n3() == Literal(text).n3()
    for number in (0, 7, 1_800, 10**20):
        made, explicit = integer_literal(number), Literal(number, datatype=XSD.integer)
        assert made == explicit and made.n3() == explicit.n3() and made.datatype == XSD.integer
