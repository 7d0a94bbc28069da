"""SPARQL 1.1 Protocol (query, read-only by default), Graph Store Protocol (read), service
description, VoID and Linked Data for RDF clients.

Limits stated honestly:
- The timeout stops *waiting*: the query runs in a worker thread, and when `timeout_seconds` pass the
  client gets 503 at once, but pyoxigraph cannot interrupt a running query, so the abandoned thread
  finishes in the background (using a CPU) before it is freed. The server keeps answering meanwhile.
- The result cap: a SELECT runs once, written by Oxigraph as TSV (one solution a line) into a buffer
  that stops the query past `max_rows` solutions; under the cap the buffer is parsed back and written
  in the client's format (pyoxigraph serialises only solutions it made itself, from a query or a
  parser). Graphs (CONSTRUCT, DESCRIBE, the RDF answers of the Linked Data routes) are held in memory
  once and counted as triples. The Graph Store answers whole graphs and is not capped.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from urllib.parse import parse_qs
from typing import TypeVar

import anyio
import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from kg.errors import InputError, KgError
from kg.formats import RDF_FORMATS, RESULT_FORMATS
from kg.serve import pages
from kg.serve.pages import MINTED_NAMESPACES
from kg.serve.http_errors import NotAcceptable, NotFound, QueryTimeout, ResultTooLarge, UpdateRefused
from kg.serve.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.vocab import BASE, KGG, PREFIXES

T = TypeVar("T")

# Extra names clients send for the same formats (SPARQLWrapper, rdflib, browsers).
RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
RDF_ALIASES = {"application/turtle": "turtle", "application/x-turtle": "turtle", "application/json": "jsonld",
               "text/plain": "ntriples", "application/xml": "rdfxml", "text/xml": "rdfxml"}
# W3C format IRIs (https://www.w3.org/ns/formats/) for the service description.
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "rdfxml": "RDF_XML",
               "jsonld": "JSON-LD", "trig": "TriG", "nquads": "N-Quads"}
HTML = "html"

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
WIKIDATA = "http://www.wikidata.org/entity/"
DCTERMS_TITLE = "http://purl.org/dc/terms/title"
ID = BASE + "id/"
OUT_PREFIXES = PREFIXES | {"sd": SD, "void": VOID}


# --- content negotiation ---------------------------------------------------------------------------------------

def _accepted(accept: str) -> list[str]:
    """Media ranges by preference (q, then order); q=0 dropped."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(request: Request, offers: dict[str, str], default: str) -> str:
    """The key of the offer the client prefers. `offers` maps media type -> key; `?format=key` wins."""
    forced = request.query_params.get("format")
    if forced:
        if forced in offers.values():
            return forced
        if forced.lower() in offers:
            return offers[forced.lower()]
        raise NotAcceptable(f"format={forced!r} is not offered here; use one of: {', '.join(sorted(set(offers.values())))}")
    accept = request.headers.get("accept", "").strip()
    if not accept:
        return default
    for media in _accepted(accept):
        if media in offers:
            return offers[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            matching = [key for offered, key in offers.items() if offered.startswith(media[:-1])]
            if matching:
                return default if default in matching else matching[0]
    raise NotAcceptable(f"cannot answer in any of the accepted media types ({accept}); this answer is offered as: "
                        + ", ".join(sorted(offers)))


def result_offers() -> dict[str, str]:
    return {_bare(fmt.media_type): name for name, fmt in RESULT_FORMATS.items()} | RESULT_ALIASES


def _bare(media_type: str) -> str:
    """'text/csv; charset=utf-8' -> 'text/csv'."""
    return media_type.split(";")[0].strip()


def rdf_offers(html: bool = False) -> dict[str, str]:
    offers = {out.media_type: name for name, out in RDF_FORMATS.items()} | RDF_ALIASES
    return offers | ({"text/html": HTML, "application/xhtml+xml": HTML} if html else {})


def triples_of(results: object, limit: int | None = None) -> list[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE, at most `limit` of them."""
    assert isinstance(results, ox.QueryTriples)
    return list(islice(results, limit))


def within_cap(triples: list[ox.Triple], cap: int, what: str) -> list[ox.Triple]:
    """`triples` (read with limit cap + 1), or ResultTooLarge when there are more than the cap (--max-rows)."""
    if len(triples) > cap:
        raise ResultTooLarge(f"{what} gives more than {cap} triples, the server's result cap (--max-rows); "
                             "add a LIMIT or narrow the pattern")
    return triples


def graph_response(triples: list[ox.Triple], key: str) -> Response:
    out = RDF_FORMATS[key]
    body = ox.serialize(triples, format=out.oxigraph, prefixes=OUT_PREFIXES)
    return Response(body, media_type=out.media_type, headers={"Vary": "Accept"})


# --- running queries within the limits -------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


async def bounded(settings: Settings, work: Callable[[], T]) -> T:
    """Run `work` in a worker thread; stop waiting after `settings.timeout_seconds` (see the module note)."""
    try:
        with anyio.fail_after(settings.timeout_seconds):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise QueryTimeout(f"the query ran longer than the server's timeout of {settings.timeout_seconds:g} s; "
                           "narrow it (LIMIT, more specific patterns) or ask the operator for a longer --timeout") \
            from None


def run_query(store: OxigraphStore, settings: Settings, text: str, request: Request,
              default_graph: list[str] | None, named_graphs: list[str] | None) -> Answer:
    """Run, check the cap, negotiate and serialise: all of it inside the timeout, in one worker thread.

    pyoxigraph's result iterators must be dropped on the thread that made them, so an error raised
    here loses its traceback (whose frames hold them) before it leaves the thread.
    """
    try:
        return _answer(store, settings, text, request, default_graph, named_graphs)
    except KgError as error:
        failure = error
    failure.__traceback__ = None
    raise failure


def _answer(store: OxigraphStore, settings: Settings, text: str, request: Request,
            default_graph: list[str] | None, named_graphs: list[str] | None) -> Answer:
    results = store.query(text, default_graph=default_graph, named_graphs=named_graphs)
    cap = settings.max_rows
    if isinstance(results, ox.QueryTriples):
        key = negotiate(request, rdf_offers(), "turtle")
        response = graph_response(within_cap(triples_of(results, cap + 1), cap, "the query"), key)
        return Answer(bytes(response.body), RDF_FORMATS[key].media_type)
    key = negotiate(request, result_offers(), "json")
    fmt = RESULT_FORMATS[key]
    if isinstance(results, ox.QuerySolutions):
        results = _within_row_cap(results, cap)
    assert isinstance(results, (ox.QuerySolutions, ox.QueryBoolean))
    return Answer(results.serialize(format=fmt), fmt.media_type)


class _RowsPastCap(Exception):
    pass


class _CappedTsv(io.RawIOBase):
    """Where Oxigraph writes solutions as TSV: kept in memory, and stopped once more than `cap` solutions
    have come (TSV escapes line breaks in literals, so each solution is one line after the header)."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.data = bytearray()
        self.cap = cap
        self.lines = 0

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.data += chunk
        self.lines += bytes(chunk).count(b"\n")
        if self.lines > self.cap + 1:
            raise _RowsPastCap
        return len(chunk)


def _within_row_cap(results: ox.QuerySolutions, cap: int) -> ox.QuerySolutions:
    """The same solutions, read once, or ResultTooLarge past the cap (--max-rows)."""
    buffer = _CappedTsv(cap)
    try:
        results.serialize(buffer, format=ox.QueryResultsFormat.TSV)
        past_cap = False
    except _RowsPastCap:  # raised outside this block, so that no exception context holds `results`
        past_cap = True
    if past_cap:
        raise ResultTooLarge(f"the query gives more than {cap} rows, the server's result cap (--max-rows); "
                             "add a LIMIT or narrow the pattern")
    parsed = ox.parse_query_results(bytes(buffer.data), ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def _iris(values: list[str], parameter: str) -> list[str] | None:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise InputError(f"{parameter} must be an absolute IRI, got {value!r}", field=parameter) from None
    return values or None


def sparql_routes(store: OxigraphStore, settings: Settings) -> list[Route]:
    counted: list[DatasetStats] = []

    def stats() -> DatasetStats:
        """Counted on first use and again after each update, so VoID and the description stay true."""
        if not counted:
            counted.append(DatasetStats.of(store))
        return counted[0]

    async def sparql(request: Request) -> Response:
        fields: dict[str, list[str]] = {k: request.query_params.getlist(k) for k in request.query_params}
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
                for name, values in form.items():
                    fields.setdefault(name, []).extend(values)
            elif content_type == "application/sparql-query":
                fields["query"] = [(await request.body()).decode("utf-8")]
            elif content_type == "application/sparql-update":
                fields["update"] = [(await request.body()).decode("utf-8")]
            else:
                raise InputError(f"POST a query as application/x-www-form-urlencoded or application/sparql-query, "
                                 f"not {content_type or 'no content type'}", field="Content-Type")
        if "update" in fields:
            if not settings.allow_updates:
                raise UpdateRefused("updates are disabled on this server (start it with --allow-updates to enable them)")
            await bounded(settings, lambda: store.update(fields["update"][0]))
            counted.clear()
            return Response(status_code=204)
        queries = fields.get("query", [])
        if not queries:
            if request.method == "POST":
                raise InputError("no query: send query= (form) or a body of type application/sparql-query",
                                 field="query")
            return graph_response(service_description(request, stats()), negotiate(request, rdf_offers(), "turtle"))
        if len(queries) > 1:
            raise InputError("send exactly one query parameter", field="query")
        default_graph = _iris(fields.get("default-graph-uri", []), "default-graph-uri")
        named_graphs = _iris(fields.get("named-graph-uri", []), "named-graph-uri")
        answer = await bounded(settings, lambda: run_query(store, settings, queries[0], request,
                                                           default_graph, named_graphs))
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})

    async def graph_store(request: Request) -> Response:
        graph = request.query_params.get("graph")
        if graph is None and "default" not in request.query_params:
            raise InputError("ask for ?graph=IRI or ?default", field="graph")
        if graph is not None and graph not in stats().graphs:
            raise NotFound(f"no graph <{graph}> in this dataset; the service description lists the graphs")
        key = negotiate(request, rdf_offers(), "turtle")
        every = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        found = await bounded(settings, lambda: triples_of(store.query(every, default_graph=[graph] if graph else None)))
        return graph_response(found, key)

    async def void(request: Request) -> Response:
        return graph_response(void_description(request, stats()), negotiate(request, rdf_offers(), "turtle"))

    async def describe(request: Request, iri: str, construct: str | None = None) -> Response:
        """The triples about one of our IRIs (out and in), or HTML for a browser; 404 when nothing is known."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            raise NotFound(f"{iri} is not an IRI this dataset mints") from None
        key = negotiate(request, rdf_offers(html=True), "turtle")
        if key == HTML:  # the page runs its own queries (queries/pages/*.rq): no CONSTRUCT needed
            page = await bounded(settings, lambda: pages.resource_html(store, iri))
            if page is None:
                raise NotFound(f"nothing is known about <{iri}>")
            return HTMLResponse(page, headers={"Vary": "Accept"})
        around = construct or (f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} "
                               f"WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?q {node} }} }}")
        cap = settings.max_rows
        found = within_cap(await bounded(settings, lambda: triples_of(store.query(around), cap + 1)), cap, f"<{iri}>")
        if not found:
            raise NotFound(f"nothing is known about <{iri}>")
        return graph_response(found, key)

    def minted(namespace: str):  # noqa: ANN202 - a Starlette endpoint
        async def endpoint(request: Request) -> Response:
            return await describe(request, f"{BASE}{namespace}/{request.path_params['path']}")
        return endpoint

    async def ontology(request: Request) -> Response:
        """The ontology document: its terms are hash IRIs (`/ontology#Person`), so the document answers for them."""
        whole = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{KGG}ontology> {{ ?s ?p ?o }} }}"
        return await describe(request, BASE + "ontology", whole)

    return [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/rdf-graphs", graph_store, methods=["GET", "HEAD"]),
        Route("/.well-known/void", void, methods=["GET", "HEAD"]),
        Route("/ontology", ontology, methods=["GET", "HEAD"]),
        *(Route(f"/{namespace}/{{path:path}}", minted(namespace), methods=["GET", "HEAD"])
          for namespace in MINTED_NAMESPACES),
    ]


# --- describing the service and the dataset --------------------------------------------------------------------

@dataclass(frozen=True)
class DatasetStats:
    """Counts for VoID and the service description."""

    triples: int
    entities: int
    classes: int
    wikidata_links: int
    graphs: dict[str, int]

    @classmethod
    def of(cls, store: OxigraphStore) -> DatasetStats:
        triples = {quad.triple for quad in store.quads()}
        graphs = {name: count for name, count in store.stats().graphs.items() if name}
        entities = {t.subject for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(ID)}
        classes = {t.object for t in triples if t.predicate.value == RDF_TYPE}
        links = sum(1 for t in triples if t.predicate.value == SAME_AS and isinstance(t.object, ox.NamedNode)
                    and t.object.value.startswith(WIKIDATA))
        return cls(len(triples), len(entities), len(classes), links, graphs)


def _n(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def service_description(request: Request, stats: DatasetStats) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description of /sparql (https://www.w3.org/TR/sparql11-service-description/)."""
    endpoint = _n(str(request.base_url) + "sparql")
    dataset = _n(endpoint.value + "#dataset")
    default = _n(endpoint.value + "#default-graph")
    t = ox.Triple
    out = [
        t(endpoint, _n(RDF_TYPE), _n(SD + "Service")),
        t(endpoint, _n(SD + "endpoint"), endpoint),
        t(endpoint, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        t(endpoint, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        t(endpoint, _n(SD + "defaultDataset"), dataset),
        t(dataset, _n(RDF_TYPE), _n(SD + "Dataset")),
        t(dataset, _n(SD + "defaultGraph"), default),
        t(default, _n(RDF_TYPE), _n(SD + "Graph")),
        t(default, _n(VOID + "triples"), _count(stats.triples)),
    ]
    for name in FORMAT_IRIS.values():
        out.append(t(endpoint, _n(SD + "resultFormat"), _n("http://www.w3.org/ns/formats/" + name)))
    for index, (graph, count) in enumerate(stats.graphs.items()):
        named, inner = _n(f"{endpoint.value}#named-graph-{index}"), _n(f"{endpoint.value}#graph-{index}")
        out += [t(dataset, _n(SD + "namedGraph"), named), t(named, _n(RDF_TYPE), _n(SD + "NamedGraph")),
                t(named, _n(SD + "name"), _n(graph)), t(named, _n(SD + "graph"), inner),
                t(inner, _n(RDF_TYPE), _n(SD + "Graph")), t(inner, _n(VOID + "triples"), _count(count))]
    return out


def void_description(request: Request, stats: DatasetStats) -> list[ox.Triple]:
    """VoID (https://www.w3.org/TR/void/): the dataset, its graphs as subsets, and the links to Wikidata."""
    base = str(request.base_url)
    dataset, linkset, wikidata = (_n(base + ".well-known/void#dataset"), _n(base + ".well-known/void#wikidata-links"),
                                  _n(base + ".well-known/void#wikidata"))
    t = ox.Triple
    out = [
        t(dataset, _n(RDF_TYPE), _n(VOID + "Dataset")),
        t(dataset, _n(DCTERMS_TITLE), ox.Literal("ceasefire-kg: news articles about the Israel-Hamas ceasefires")),
        t(dataset, _n(VOID + "triples"), _count(stats.triples)),
        t(dataset, _n(VOID + "entities"), _count(stats.entities)),
        t(dataset, _n(VOID + "classes"), _count(stats.classes)),
        t(dataset, _n(VOID + "sparqlEndpoint"), _n(base + "sparql")),
        t(dataset, _n(VOID + "uriSpace"), ox.Literal(ID)),
        t(dataset, _n(VOID + "subset"), linkset),
        t(linkset, _n(RDF_TYPE), _n(VOID + "Linkset")),
        t(linkset, _n(VOID + "linkPredicate"), _n(SAME_AS)),
        t(linkset, _n(VOID + "subjectsTarget"), dataset),
        t(linkset, _n(VOID + "objectsTarget"), wikidata),
        t(linkset, _n(VOID + "triples"), _count(stats.wikidata_links)),
        t(wikidata, _n(RDF_TYPE), _n(VOID + "Dataset")),
        t(wikidata, _n(VOID + "uriSpace"), ox.Literal(WIKIDATA)),
    ]
    for graph, count in stats.graphs.items():
        out += [t(dataset, _n(VOID + "subset"), _n(graph)), t(_n(graph), _n(RDF_TYPE), _n(VOID + "Dataset")),
                t(_n(graph), _n(VOID + "triples"), _count(count))]
    return out
