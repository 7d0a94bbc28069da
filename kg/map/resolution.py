"""The resolve stage's results as RDF: merge decisions in `kgg:coreference`, compared figures in
`kgg:figure-comparison` (the layout is in docs/data-model.md)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from rdflib import Literal, URIRef

from kg.map import iris
from kg.map.mapper import NamedGraph, figure_nodes
from kg.map.provenance import Triple, describe_bundle, integer_literal
from kg.records import Extract
from kg.resolve.coreference import Merge, RecordRef, Resolution
from kg.resolve.figures import Quantity
from kg.vocab import KG, PROV, RDF, RDFS


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
    triples: list[Triple] = []
    describe_bundle(triples, name, step, "resolve events and agreements across articles (coreference rules)", version)
    for merge in resolution.merges:
        merged = (_record_evidence(merge, 0), _record_evidence(merge, 1))
        decision = iris.coreference_decision(merge.kind, merge.key, merged)
        triples.append((decision, RDF.type, KG.CoreferenceDecision))
        triples.append((decision, RDFS.label, Literal(
            f"{merge.records[0].article}:{merge.records[0].key} and {merge.records[1].article}:{merge.records[1].key}"
            f" are {merge.kind} {merge.key} ({', '.join(merge.features)})")))
        triples.append((decision, KG.resolvedTo, _node(merge.kind, merge.key)))
        for evidence in merged:
            triples.append((decision, KG.mergedRecord, evidence))
            triples.append((decision, PROV.used, evidence))
        triples.append((decision, KG.coreferenceRule, Literal(merge.rule)))
        for feature in merge.features:
            triples.append((decision, KG.matchedFeature, Literal(feature)))
        triples.append((decision, KG.coreferenceScore, integer_literal(merge.score)))
        triples.append((decision, PROV.wasInformedBy, step))
        triples.append((decision, PROV.wasAssociatedWith, iris.software(version)))
    return NamedGraph.of(name, triples)


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
    triples: list[Triple] = []
    describe_bundle(triples, name, step, "group reported figures that count the same quantity and compare them",
                    version)
    nodes = {e.article.id: figure_nodes(e) for e in extracts}
    for quantity in quantities:
        figures = [nodes[f.article][f.index] for f in quantity.figures]
        comparison = iris.figure_comparison(quantity.counts, figures)
        triples.append((comparison, RDF.type, KG.FigureComparison))
        triples.append((comparison, RDFS.label, Literal(_scope_label(quantity, extracts))))
        triples.append((comparison, PROV.wasGeneratedBy, step))
        for figure in figures:
            triples.append((comparison, KG.comparesFigure, figure))
        if quantity.event:
            triples.append((comparison, KG.quantityOf, iris.event(quantity.event)))
        if quantity.population:
            triples.append((comparison, KG.subgroup, Literal(quantity.population)))
        for predicate, value in ((KG.minValue, quantity.values[0]), (KG.maxValue, quantity.values[-1]),
                                 (KG.spread, quantity.spread), (KG.distinctValues, len(quantity.values))):
            triples.append((comparison, predicate, integer_literal(value)))
        triples.append((comparison, KG.boundsCompatible, Literal(quantity.bounds_compatible)))
        for (a, fa), (b, fb) in combinations(zip(quantity.figures, figures, strict=True), 2):
            relation = KG.agreesWith if a.value == b.value else KG.disagreesWith
            triples.append((fa, relation, fb))
            triples.append((fb, relation, fa))
    return NamedGraph.of(name, triples)
