"""The controlled values records may use, read from the ontology's SKOS concept schemes.

A record says `speech_act: threat`; the ontology says which keys exist (`skos:notation`) and
which IRI each stands for. Keeping the lists only in `ontology/*.ttl` means a new concept is
added in one place and both the extract checker and the mapper know it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg import resources
from kg.vocab import EVT, KGC

SCHEMES: dict[str, URIRef] = {
    "speech-act": URIRef(str(KGC) + "speech-act"),
    "medium": URIRef(str(KGC) + "medium"),
    "figure-kind": URIRef(str(KGC) + "figure-kind"),
    "qualifier": URIRef(str(KGC) + "qualifier"),
    "status": URIRef(str(KGC) + "status"),
    "date-method": URIRef(str(KGC) + "date-method"),
    "event-type": URIRef(str(EVT).rstrip("/")),
}


@dataclass(frozen=True)
class ConceptKeys:
    """For each scheme name (`speech-act`, `event-type`, ...), its keys and their concept IRIs."""

    by_scheme: dict[str, dict[str, URIRef]]

    def iri(self, scheme: str, key: str) -> URIRef | None:
        return self.by_scheme.get(scheme, {}).get(key)

    def keys(self, scheme: str) -> list[str]:
        return sorted(self.by_scheme.get(scheme, {}))


def concept_keys_from(graph: Graph) -> ConceptKeys:
    by_scheme: dict[str, dict[str, URIRef]] = {}
    for name, scheme in SCHEMES.items():
        members = {}
        for concept in graph.subjects(SKOS.inScheme, scheme):
            notation = graph.value(concept, SKOS.notation)
            if isinstance(concept, URIRef) and notation is not None:
                members[str(notation)] = concept
        by_scheme[name] = members
    return ConceptKeys(by_scheme)


@cache
def _load(files: tuple[Path, ...]) -> ConceptKeys:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return concept_keys_from(graph)


def concept_keys() -> ConceptKeys:
    """The concept keys of the project's ontology files (parsed once per process)."""
    return _load(tuple(resources.ontology_files()))
