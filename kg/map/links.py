"""Links to Wikidata as data: `kgg:links` (owl:sameAs with its provenance, and suggestions) and
`kgg:wikidata` (facts of the linked items, each traced to the API answer it was read from).

Each decision is a `kg:WikidataMatch` node (`kgr:link/{kind}/{key}`): a `kg:WikidataLink`, which goes
with the owl:sameAs, or a `kg:LinkSuggestion` (`.../suggestion/{qid}`), which never does. Its date is
the catalogue's checked date or the retrieval date of the cached answer, never the build's clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import OWL

from kg.link.wikidata import ENRICHED, Claim, Item
from kg.map import iris
from kg.map.mapper import NamedGraph
from kg.map.provenance import Triple, describe_bundle
from kg.records import Link
from kg.vocab import KG, PROV, RDF, RDFS, SCHEMA, WD, WDT, XSD

ACTIVITY_LABELS = {
    "catalogue": "link actors and places to Wikidata from the offline catalogue (catalogue/wikidata.yaml)",
    "reconciliation": "reconcile actors and places with Wikidata's search API, scoring label, type and context",
}
GEO_WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
TIME_PRECISION = {11: (10, XSD.date), 10: (7, XSD.gYearMonth), 9: (4, XSD.gYear)}


def _subject(link: Link) -> URIRef:
    return iris.place(link.key) if link.kind == "place" else iris.actor(link.key)


def map_links(links: Iterable[Link], version: str) -> NamedGraph:
    triples: list[Triple] = []
    name = iris.links_graph()
    triples.append((name, RDF.type, PROV.Bundle))
    links = list(links)
    for method in sorted({link.method for link in links} | {"catalogue"}):
        activity = iris.activity("link", method)
        triples.append((name, PROV.wasGeneratedBy, activity))
        triples.append((activity, RDF.type, PROV.Activity))
        triples.append((activity, RDFS.label, Literal(ACTIVITY_LABELS[method])))
        triples.append((activity, PROV.wasAssociatedWith, iris.software(version)))
        if method == "catalogue":
            triples.append((activity, PROV.used, iris.catalogue()))
    triples.append((name, PROV.wasDerivedFrom, iris.catalogue()))
    triples.append((iris.catalogue(), RDF.type, PROV.Entity))
    triples.append((iris.catalogue(), RDFS.label, Literal("catalogue/wikidata.yaml: checked Wikidata items")))
    for link in links:
        subject = _subject(link)
        match = iris.wikidata_match(link.kind, link.key, None if link.asserted else link.qid)
        triples.append((match, RDF.type, KG.WikidataLink if link.asserted else KG.LinkSuggestion))
        triples.append((match, KG.matchSubject, subject))
        triples.append((match, KG.wikidataItem, WD[link.qid]))
        triples.append((match, KG.matchMethod, Literal(link.method)))
        triples.append((match, KG.matchScore, Literal(_decimal(link.score), datatype=XSD.decimal)))
        triples.append((match, KG.matchedOn, Literal(link.date, datatype=XSD.date)))
        triples.append((match, KG.matchNote, Literal(link.note)))
        triples.append((match, PROV.wasGeneratedBy, iris.activity("link", link.method)))
        if link.method == "reconciliation":
            source = iris.wikidata_source(link.source)
            triples.append((match, PROV.wasDerivedFrom, source))
            triples.append((source, RDF.type, PROV.Entity))
        else:
            triples.append((match, PROV.wasDerivedFrom, iris.catalogue()))
        if link.asserted:
            triples.append((subject, OWL.sameAs, WD[link.qid]))
    return NamedGraph.of(name, triples)


def map_wikidata(items: Mapping[str, Item], version: str) -> NamedGraph:
    """Label, description and the `ENRICHED` claims of each item, with the answer each came from."""
    triples: list[Triple] = []
    name = iris.wikidata_graph()
    activity = iris.activity("enrich")
    describe_bundle(triples, name, activity, "copy selected facts of the linked items from Wikidata", version)
    for qid in sorted(items, key=lambda q: int(q[1:])):
        item = items[qid]
        node = WD[qid]
        source = iris.wikidata_source(item.source)
        triples.append((name, PROV.wasDerivedFrom, source))
        triples.append((source, RDF.type, PROV.Entity))
        triples.append((source, PROV.generatedAtTime, Literal(item.retrieved, datatype=XSD.dateTime)))
        triples.append((source, PROV.atLocation, URIRef(item.url)))
        triples.append((source, RDFS.label, Literal(f"Wikidata API answer retrieved {item.retrieved}")))
        triples.append((node, PROV.wasDerivedFrom, source))
        if item.label:
            triples.append((node, RDFS.label, Literal(item.label, lang="en")))
        if item.description:
            triples.append((node, SCHEMA.description, Literal(item.description, lang="en")))
        for claim in item.claims:
            if claim.property in ENRICHED:
                value = _value(claim)
                if value is not None:
                    triples.append((node, WDT[claim.property], value))
    return NamedGraph.of(name, triples)


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
