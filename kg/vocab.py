"""Closed vocabularies: a typo in a term name fails at import, not in the graph.

`KG` lists exactly the terms that `ontology/ceasefire.ttl` defines; `tests/test_vocab.py`
keeps the two in sync. Concept schemes (`kgc:`, `evt:`) are open namespaces because their
members are data in `ontology/*.ttl`, checked by the same test.

Terms written in code (`KG.hasEvidence`, `OA.hasSelector`, `RDF.type`) are made once per process:
rdflib makes and checks a new URIRef, or runs its checks again, at every such lookup, and mapping an
article looks terms up thousands of times. Terms looked up by a computed name (`KG[kind]`, `KGR[path]`)
go through rdflib as before.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace, DefinedNamespaceMeta, OWL, SKOS, DCTERMS
from rdflib.namespace import PROV as _PROV, RDF as _RDF, RDFS as _RDFS, XSD as _XSD

BASE = "https://w3id.org/ceasefire-kg/"


class _KeptTerms(DefinedNamespaceMeta):
    """A closed namespace that keeps each term as a class attribute once it has been looked up."""

    def __getattr__(cls, name: str) -> URIRef:
        term = super().__getattr__(name)
        type.__setattr__(cls, name, term)
        return term


class KeptNamespace(Namespace):
    """An open namespace that keeps each term looked up as an attribute (`OA.hasSelector`), not by item."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


class PROV(_PROV, metaclass=_KeptTerms):
    """rdflib's PROV, its terms kept."""


class RDF(_RDF, metaclass=_KeptTerms):
    """rdflib's RDF, its terms kept."""


class RDFS(_RDFS, metaclass=_KeptTerms):
    """rdflib's RDFS, its terms kept."""


class XSD(_XSD, metaclass=_KeptTerms):
    """rdflib's XSD, its terms kept."""


class KG(DefinedNamespace, metaclass=_KeptTerms):
    """The ceasefire-kg ontology (`ontology/ceasefire.ttl`)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    ArmedGroup: URIRef
    ArmedForces: URIRef
    Government: URIRef
    GovernmentBody: URIRef
    Ministry: URIRef
    PoliticalParty: URIRef
    MediaOutlet: URIRef
    InternationalOrganization: URIRef
    ResearchOrganization: URIRef
    State: URIRef
    Group: URIRef
    Place: URIRef
    Territory: URIRef
    City: URIRef
    Site: URIRef
    Region: URIRef
    Agreement: URIRef
    Truce: URIRef
    Ceasefire: URIRef
    PeacePlan: URIRef
    Phase: URIRef
    Term: URIRef
    ExchangeRatio: URIRef
    Statement: URIRef
    DirectQuote: URIRef
    ReportedSpeech: URIRef
    Event: URIRef
    ReportedFigure: URIRef
    WikidataMatch: URIRef
    WikidataLink: URIRef
    LinkSuggestion: URIRef
    ValidationRun: URIRef
    ShapeTally: URIRef
    CoreferenceDecision: URIRef
    FigureComparison: URIRef

    # object properties
    hasEvidence: URIRef
    memberOf: URIRef
    party: URIRef
    mediator: URIRef
    hasPhase: URIRef
    phaseOf: URIRef
    hasTerm: URIRef
    status: URIRef
    speechAct: URIRef
    medium: URIRef
    target: URIRef
    about: URIRef
    eventType: URIRef
    agent: URIRef
    place: URIRef
    violates: URIRef
    figureOf: URIRef
    hasFigure: URIRef
    counts: URIRef
    qualifier: URIRef
    datePublishedMethod: URIRef
    publisherMethod: URIRef
    acledCategory: URIRef
    cameoCategory: URIRef
    matchSubject: URIRef
    wikidataItem: URIRef
    said: URIRef
    agentOf: URIRef
    targetOf: URIRef
    termOf: URIRef
    partOf: URIRef
    reportedIn: URIRef
    tally: URIRef
    shape: URIRef
    mergedRecord: URIRef
    resolvedTo: URIRef
    comparesFigure: URIRef
    quantityOf: URIRef
    disagreesWith: URIRef
    agreesWith: URIRef

    # datatype properties
    role: URIRef
    startDate: URIRef
    endDate: URIRef
    plannedStartDate: URIRef
    plannedEndDate: URIRef
    date: URIRef
    asOf: URIRef
    inferredDatePublished: URIRef
    ordinal: URIRef
    description: URIRef
    hostagesPerExchange: URIRef
    prisonersPerExchange: URIRef
    quotation: URIRef
    value: URIRef
    population: URIRef
    dateNote: URIRef
    publisherNote: URIRef
    sha256: URIRef
    matchMethod: URIRef
    matchScore: URIRef
    matchedOn: URIRef
    matchNote: URIRef
    shapesDigest: URIRef
    articleCount: URIRef
    tripleCount: URIRef
    violationCount: URIRef
    warningCount: URIRef
    coreferenceRule: URIRef
    matchedFeature: URIRef
    coreferenceScore: URIRef
    minValue: URIRef
    maxValue: URIRef
    spread: URIRef
    distinctValues: URIRef
    boundsCompatible: URIRef
    subgroup: URIRef


KGR = Namespace(BASE + "id/")
KGG = Namespace(BASE + "graph/")
KGC = Namespace(BASE + "concept/")
EVT = Namespace(BASE + "event-type/")
ACLED = Namespace(BASE + "acled/")
CAMEO = Namespace(BASE + "cameo/")
SCHEMA = KeptNamespace("https://schema.org/")
OA = KeptNamespace("http://www.w3.org/ns/oa#")
SEM = KeptNamespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

RESOURCE_PREFIXES: dict[str, str] = {
    name: str(KGR) + name + "/"
    for name in ("actor", "place", "agreement", "term", "event", "article", "statement", "figure", "evidence",
                 "annotation", "activity")
}
"""Per-kind prefixes (`actor:benjamin-netanyahu`) so Turtle output and query tables read without escapes."""

PREFIXES: dict[str, str] = {
    **RESOURCE_PREFIXES,
    "kg": str(KG._NS),
    "kgr": str(KGR),
    "kgg": str(KGG),
    "kgc": str(KGC),
    "evt": str(EVT),
    "acled": str(ACLED),
    "cameo": str(CAMEO),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "sem": str(SEM),
    "wd": str(WD),
    "wdt": str(WDT),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
}

__all__ = [
    "KG", "KGR", "KGG", "KGC", "EVT", "ACLED", "CAMEO", "SCHEMA", "OA", "SEM", "WD", "WDT",
    "PROV", "RDF", "RDFS", "OWL", "SKOS", "XSD", "DCTERMS", "PREFIXES", "RESOURCE_PREFIXES", "BASE",
]
