"""One table of formats: CLI name, file suffix, media type, pyoxigraph enum. Conneg, `--format` and export read it."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from kg.errors import InputError


@dataclass(frozen=True)
class RdfOutput:
    name: str
    suffix: str
    media_type: str
    oxigraph: RdfFormat
    datasets: bool


RDF_FORMATS: dict[str, RdfOutput] = {f.name: f for f in (
    RdfOutput("turtle", ".ttl", "text/turtle", RdfFormat.TURTLE, False),
    RdfOutput("trig", ".trig", "application/trig", RdfFormat.TRIG, True),
    RdfOutput("nquads", ".nq", "application/n-quads", RdfFormat.N_QUADS, True),
    RdfOutput("ntriples", ".nt", "application/n-triples", RdfFormat.N_TRIPLES, False),
    RdfOutput("jsonld", ".jsonld", "application/ld+json", RdfFormat.JSON_LD, True),
    RdfOutput("rdfxml", ".rdf", "application/rdf+xml", RdfFormat.RDF_XML, False),
)}

RESULT_FORMATS: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


def rdf_format(name: str) -> RdfOutput:
    try:
        return RDF_FORMATS[name]
    except KeyError:
        raise InputError(f"unknown RDF format {name!r}; expected one of: {', '.join(RDF_FORMATS)}",
                         field="format") from None


def rdf_format_for_path(path: str) -> RdfOutput:
    for output in RDF_FORMATS.values():
        if path.endswith(output.suffix):
            return output
    raise InputError(f"cannot tell the RDF format from the file name {path!r}; "
                     f"use one of the suffixes {', '.join(o.suffix for o in RDF_FORMATS.values())}")
