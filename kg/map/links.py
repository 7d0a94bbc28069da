"""Links to Wikidata as data: `kgg:links` (owl:sameAs with its provenance, and suggestions) and
`kgg:wikidata` (facts of the linked items, each traced to the API answer it was read from).

Each decision is a `kg:WikidataMatch` node (`kgr:link/{kind}/{key}`): a `kg:WikidataLink`, which goes
with the owl:sameAs, or a `kg:LinkSuggestion` (`.../suggestion/{qid}`), which never does. Its date is
the catalogue's checked date or the retrieval date of the cached answer, never the build's clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from kg.link.wikidata import ENRICHED, Claim, Item
from kg.map import iris
from kg.map.mapper import NamedGraph
from kg.map.provenance import describe_bundle
from kg.records import Link
from kg.vocab import KG, SCHEMA, WD, WDT

ACTIVITY_LABELS = {
    "catalogue": "link actors and places to Wikidata from the offline catalogue (catalogue/wikidata.yaml)",
    "reconciliation": "reconcile actors and places with Wikidata's search API, scoring label, type and context",
}
GEO_WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
TIME_PRECISION = {11: (10, XSD.date), 10: (7, XSD.gYearMonth), 9: (4, XSD.gYear)}


def _subject(link: Link) -> URIRef:
    return iris.place(link.key) if link.kind == "place" else iris.actor(link.key)


def map_links(links: Iterable[Link], version: str) -> NamedGraph:
    graph = Graph()
    name = iris.links_graph()
    graph.add((name, RDF.type, PROV.Bundle))
    links = list(links)
    for method in sorted({link.method for link in links} | {"catalogue"}):
        activity = iris.activity("link", method)
        graph.add((name, PROV.wasGeneratedBy, activity))
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, RDFS.label, Literal(ACTIVITY_LABELS[method])))
        graph.add((activity, PROV.wasAssociatedWith, iris.software(version)))
        if method == "catalogue":
            graph.add((activity, PROV.used, iris.catalogue()))
    graph.add((name, PROV.wasDerivedFrom, iris.catalogue()))
    graph.add((iris.catalogue(), RDF.type, PROV.Entity))
    graph.add((iris.catalogue(), RDFS.label, Literal("catalogue/wikidata.yaml: checked Wikidata items")))
    for link in links:
        subject = _subject(link)
        match = iris.wikidata_match(link.kind, link.key, None if link.asserted else link.qid)
        graph.add((match, RDF.type, KG.WikidataLink if link.asserted else KG.LinkSuggestion))
        graph.add((match, KG.matchSubject, subject))
        graph.add((match, KG.wikidataItem, WD[link.qid]))
        graph.add((match, KG.matchMethod, Literal(link.method)))
        graph.add((match, KG.matchScore, Literal(_decimal(link.score), datatype=XSD.decimal)))
        graph.add((match, KG.matchedOn, Literal(link.date, datatype=XSD.date)))
        graph.add((match, KG.matchNote, Literal(link.note)))
        graph.add((match, PROV.wasGeneratedBy, iris.activity("link", link.method)))
        if link.method == "reconciliation":
            source = iris.wikidata_source(link.source)
            graph.add((match, PROV.wasDerivedFrom, source))
            graph.add((source, RDF.type, PROV.Entity))
        else:
            graph.add((match, PROV.wasDerivedFrom, iris.catalogue()))
        if link.asserted:
            graph.add((subject, OWL.sameAs, WD[link.qid]))
    return NamedGraph(name, graph)


def map_wikidata(items: Mapping[str, Item], version: str) -> NamedGraph:
    """Label, description and the `ENRICHED` claims of each item, with the answer each came from."""
    graph = Graph()
    name = iris.wikidata_graph()
    activity = iris.activity("enrich")
    describe_bundle(graph, name, activity, "copy selected facts of the linked items from Wikidata", version)
    for qid in sorted(items, key=lambda q: int(q[1:])):
        item = items[qid]
        node = WD[qid]
        source = iris.wikidata_source(item.source)
        graph.add((name, PROV.wasDerivedFrom, source))
        graph.add((source, RDF.type, PROV.Entity))
        graph.add((source, PROV.generatedAtTime, Literal(item.retrieved, datatype=XSD.dateTime)))
        graph.add((source, PROV.atLocation, URIRef(item.url)))
        graph.add((source, RDFS.label, Literal(f"Wikidata API answer retrieved {item.retrieved}")))
        graph.add((node, PROV.wasDerivedFrom, source))
        if item.label:
            graph.add((node, RDFS.label, Literal(item.label, lang="en")))
        if item.description:
            graph.add((node, SCHEMA.description, Literal(item.description, lang="en")))
        for claim in item.claims:
            if claim.property in ENRICHED:
                value = _value(claim)
                if value is not None:
                    graph.add((node, WDT[claim.property], value))
    return NamedGraph(name, graph)


def _decimal(score: float) -> str:
    """The canonical lexical form Oxigraph stores ("1", "0.75"), so files and store agree byte for byte."""
    return f"{score:.3f}".rstrip("0").rstrip(".")


def _value(claim: Claim) -> URIRef | Literal | None:
    if claim.kind == "item":
        return WD[claim.value]
    if claim.kind == "point":
        return Literal(claim.value, datatype=GEO_WKT)
    if claim.kind == "time" and claim.precision in TIME_PRECISION:
        length, datatype = TIME_PRECISION[claim.precision]
        text = claim.value.lstrip("+")
        if text.startswith("-"):
            return None
        return Literal(text[:length], datatype=datatype)
    return None
