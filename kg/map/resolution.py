"""The resolve stage's results as RDF: merge decisions in `kgg:coreference`, compared figures in
`kgg:figure-comparison` (the layout is in docs/data-model.md)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.map import iris
from kg.map.mapper import NamedGraph, figure_nodes
from kg.map.provenance import describe_bundle
from kg.records import Extract
from kg.resolve.coreference import Merge, RecordRef, Resolution
from kg.resolve.figures import Quantity
from kg.vocab import KG


def _node(kind: str, key: str) -> URIRef:
    return iris.event(key) if kind == "event" else iris.agreement(key)


def _record_evidence(merge: Merge, index: int) -> URIRef:
    ref: RecordRef = merge.records[index]
    found = merge.evidence[index]
    return iris.evidence(ref.article, found.start, found.end)


def map_coreference(resolution: Resolution, version: str) -> NamedGraph:
    """One `kg:CoreferenceDecision` per merge: the two records' evidence, the node, the rule, the features."""
    name = iris.coreference_graph()
    step = iris.activity("resolve")
    graph = Graph()
    describe_bundle(graph, name, step, "resolve events and agreements across articles (coreference rules)", version)
    for merge in resolution.merges:
        merged = (_record_evidence(merge, 0), _record_evidence(merge, 1))
        decision = iris.coreference_decision(merge.kind, merge.key, merged)
        graph.add((decision, RDF.type, KG.CoreferenceDecision))
        graph.add((decision, RDFS.label, Literal(
            f"{merge.records[0].article}:{merge.records[0].key} and {merge.records[1].article}:{merge.records[1].key}"
            f" are {merge.kind} {merge.key} ({', '.join(merge.features)})")))
        graph.add((decision, KG.resolvedTo, _node(merge.kind, merge.key)))
        for evidence in merged:
            graph.add((decision, KG.mergedRecord, evidence))
            graph.add((decision, PROV.used, evidence))
        graph.add((decision, KG.coreferenceRule, Literal(merge.rule)))
        for feature in merge.features:
            graph.add((decision, KG.matchedFeature, Literal(feature)))
        graph.add((decision, KG.coreferenceScore, Literal(merge.score, datatype=XSD.integer)))
        graph.add((decision, PROV.wasInformedBy, step))
        graph.add((decision, PROV.wasAssociatedWith, iris.software(version)))
    return NamedGraph(name, graph)


def _scope_label(quantity: Quantity, extracts: Sequence[Extract]) -> str:
    if quantity.event:
        labels = sorted(e.label for x in extracts for e in x.events if e.key == quantity.event)
        scope = labels[0] if labels else quantity.event
    else:
        scope = f"as of {quantity.as_of}" + (f", {quantity.place}" if quantity.place else "")
    return f"{quantity.counts}" + (f" ({quantity.population})" if quantity.population else "") + f": {scope}"


def map_figure_comparisons(quantities: Sequence[Quantity], extracts: Sequence[Extract],
                           version: str) -> NamedGraph:
    """One `kg:FigureComparison` per quantity, and `kg:agreesWith`/`kg:disagreesWith` between its figures."""
    name = iris.figure_comparison_graph()
    step = iris.activity("compare-figures")
    graph = Graph()
    describe_bundle(graph, name, step, "group reported figures that count the same quantity and compare them",
                    version)
    nodes = {e.article.id: figure_nodes(e) for e in extracts}
    for quantity in quantities:
        figures = [nodes[f.article][f.index] for f in quantity.figures]
        comparison = iris.figure_comparison(quantity.counts, figures)
        graph.add((comparison, RDF.type, KG.FigureComparison))
        graph.add((comparison, RDFS.label, Literal(_scope_label(quantity, extracts))))
        graph.add((comparison, PROV.wasGeneratedBy, step))
        for figure in figures:
            graph.add((comparison, KG.comparesFigure, figure))
        if quantity.event:
            graph.add((comparison, KG.quantityOf, iris.event(quantity.event)))
        if quantity.population:
            graph.add((comparison, KG.subgroup, Literal(quantity.population)))
        for predicate, value in ((KG.minValue, quantity.values[0]), (KG.maxValue, quantity.values[-1]),
                                 (KG.spread, quantity.spread), (KG.distinctValues, len(quantity.values))):
            graph.add((comparison, predicate, Literal(value, datatype=XSD.integer)))
        graph.add((comparison, KG.boundsCompatible, Literal(quantity.bounds_compatible)))
        for (a, fa), (b, fb) in combinations(zip(quantity.figures, figures, strict=True), 2):
            relation = KG.agreesWith if a.value == b.value else KG.disagreesWith
            graph.add((fa, relation, fb))
            graph.add((fb, relation, fa))
    return NamedGraph(name, graph)
