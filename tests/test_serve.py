"""`kg serve` as users meet it: the real server (uvicorn) on a free loopback port, queried by SPARQLWrapper,
rdflib's SPARQLStore and plain HTTP; every answer parsed in its format. Never touches the internet."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
import uvicorn
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from kg.pipeline import build
from kg.resources import project_root
from kg.serve.app import create_app
from kg.serve.settings import Settings

MINI = Path(__file__).parent / "data" / "mini"
KGR = "https://w3id.org/ceasefire-kg/id/"
KGG = "https://w3id.org/ceasefire-kg/graph/"
ARTICLE_GRAPH = KGG + "article/900_test_article"
NETANYAHU = KGR + "actor/benjamin-netanyahu"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
SH = "http://www.w3.org/ns/shacl#"
ACTORS = "SELECT ?a ?label WHERE { ?a a kg:Actor ; rdfs:label ?label } ORDER BY ?a"


@contextmanager
def running(settings: Settings) -> Iterator[str]:
    """The app under uvicorn in a thread, on a port the OS picks; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def mini_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = tmp_path_factory.mktemp("serve-mini")
    build(MINI, base / "out", base / "store")
    return Settings(store=base / "store")


@pytest.fixture(scope="module")
def url(mini_settings: Settings) -> Iterator[str]:
    with running(mini_settings) as base:
        yield base


def sparql(url: str, query: str, accept: str = "application/sparql-results+json", **params: str) -> httpx.Response:
    return httpx.get(url + "/sparql", params={"query": query, **params}, headers={"Accept": accept})


# --- SPARQLWrapper and rdflib ----------------------------------------------------------------------------------

def test_sparqlwrapper_json_xml_and_csv_agree(url: str) -> None:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(ACTORS)
    client.setReturnFormat(JSON)
    from_json = [b["a"]["value"] for b in client.queryAndConvert()["results"]["bindings"]]  # type: ignore[index]
    assert NETANYAHU in from_json
    client.setReturnFormat(XML)
    tree = ET.fromstring(client.query().response.read())
    from_xml = [e.text for e in tree.iter(RESULTS + "uri")]
    client.setReturnFormat(CSV)
    client.setMethod(POST)
    rows = list(csv.DictReader(io.StringIO(client.queryAndConvert().decode("utf-8"))))  # type: ignore[union-attr]
    assert from_json == from_xml == [row["a"] for row in rows]


def test_sparqlwrapper_construct_as_turtle(url: str) -> None:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(f"CONSTRUCT {{ <{NETANYAHU}> ?p ?o }} WHERE {{ <{NETANYAHU}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert (rdflib.URIRef(NETANYAHU), rdflib.RDF.type, None) in graph


def test_rdflib_sparqlstore(url: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(url + "/sparql"))
    rows = list(graph.query(f"SELECT ?label WHERE {{ <{NETANYAHU}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"))
    assert [str(row[0]) for row in rows] == ["Benjamin Netanyahu"]  # type: ignore[index]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


# --- the protocol: methods, formats, dataset -------------------------------------------------------------------

def test_get_post_form_and_post_query_give_the_same_answer(url: str) -> None:
    accept = {"Accept": "text/tab-separated-values"}
    by_get = httpx.get(url + "/sparql", params={"query": ACTORS}, headers=accept)
    by_form = httpx.post(url + "/sparql", data={"query": ACTORS}, headers=accept)
    by_body = httpx.post(url + "/sparql", content=ACTORS,
                         headers=accept | {"Content-Type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.text == by_form.text == by_body.text
    assert by_get.text.splitlines()[0] == "?a\t?label"


@pytest.mark.parametrize("name, media", [("turtle", "text/turtle"), ("ntriples", "application/n-triples"),
                                         ("rdfxml", "application/rdf+xml"), ("jsonld", "application/ld+json"),
                                         ("trig", "application/trig"), ("nquads", "application/n-quads")])
def test_construct_in_every_graph_format(url: str, name: str, media: str) -> None:
    answer = sparql(url, f"DESCRIBE <{NETANYAHU}>", accept=media)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(media)
    parsed = list(ox.parse(answer.content, format=ox.RdfFormat.from_media_type(media)))
    assert any(getattr(q, "subject", None) == ox.NamedNode(NETANYAHU) for q in parsed)


def test_format_parameter_overrides_accept(url: str) -> None:
    answer = sparql(url, "ASK { ?s ?p ?o }", accept="text/turtle", format="json")
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_default_graph_uri_restricts_to_one_graph(url: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = int(sparql(url, count).json()["results"]["bindings"][0]["n"]["value"])
    one = sparql(url, count, **{"default-graph-uri": ARTICLE_GRAPH})
    assert one.status_code == 200
    assert 0 < int(one.json()["results"]["bindings"][0]["n"]["value"]) < whole
    named = httpx.get(url + "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }",
                                               "named-graph-uri": ARTICLE_GRAPH})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [ARTICLE_GRAPH]


# --- errors: the status, a readable message, and the server keeps serving --------------------------------------

def test_bad_query_is_400_with_line_and_column_then_good_queries_still_work(url: str) -> None:
    answer = sparql(url, "SELECT ?s WHERE {\n  ?s ?p \n}", accept="text/plain")
    assert answer.status_code == 400
    assert re.search(r"query:3:\d+: ", answer.text), answer.text
    assert sparql(url, "ASK { ?s ?p ?o }").status_code == 200


def test_error_as_json_when_the_client_accepts_json(url: str) -> None:
    answer = sparql(url, "SELEC", accept="application/json")
    assert answer.status_code == 400 and answer.json()["error"] == "malformed-query"


def test_unsupported_accept_is_406(url: str) -> None:
    answer = sparql(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept="image/png")
    assert answer.status_code == 406
    assert "text/csv" in answer.text


def test_updates_are_403(url: str) -> None:
    by_form = httpx.post(url + "/sparql", data={"update": "CLEAR ALL"})
    by_body = httpx.post(url + "/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert by_form.status_code == by_body.status_code == 403
    assert "updates are disabled" in by_form.text
    assert sparql(url, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_timeout_is_503_and_the_server_keeps_serving(mini_settings: Settings) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    with running(replace(mini_settings, timeout_seconds=0.001)) as base:
        answer = sparql(base, heavy, accept="text/plain")
        assert answer.status_code == 503
        assert "timeout of 0.001 s" in answer.text
        assert httpx.get(base + "/.well-known/void").status_code == 200


def test_result_cap_names_the_cap(mini_settings: Settings) -> None:
    with running(replace(mini_settings, max_rows=3)) as base:
        answer = sparql(base, "SELECT * WHERE { ?s ?p ?o }", accept="text/csv")
        assert answer.status_code == 500
        assert "more than 3 rows" in answer.text
        assert len(sparql(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 3").json()["results"]["bindings"]) == 3
        assert "more than 3 triples" in sparql(base, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle").text
        described = httpx.get(base + "/id/actor/benjamin-netanyahu", headers={"Accept": "text/turtle"})
        assert described.status_code == 500 and "more than 3 triples" in described.text


def test_result_cap_counts_solutions_not_lines(mini_settings: Settings) -> None:
    """One solution whose literal spans several lines (the article text) is one row for the cap, unchanged."""
    text = (MINI / "900_test_article.txt").read_text(encoding="utf-8")
    assert text.count("\n") > 1
    query = f"SELECT ?text ?article WHERE {{ <{KGR}article/900_test_article> schema:text ?text ; rdfs:label ?article }}"
    with running(replace(mini_settings, max_rows=1)) as base:
        as_json, as_csv = sparql(base, query), sparql(base, query, accept="text/csv")
    assert as_json.status_code == as_csv.status_code == 200, as_json.text
    assert [b["text"]["value"] for b in as_json.json()["results"]["bindings"]] == [text]
    assert [row["text"] for row in csv.DictReader(io.StringIO(as_csv.text))] == [text]


def test_cors_header_for_another_origin(url: str) -> None:
    answer = httpx.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(url + "/sparql", headers={"Origin": "https://yasgui.example",
                                                        "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200


# --- Graph Store Protocol, service description, VoID -----------------------------------------------------------

def test_graph_store_named_default_and_unknown(url: str) -> None:
    named = httpx.get(url + "/rdf-graphs", params={"graph": ARTICLE_GRAPH}, headers={"Accept": "application/n-triples"})
    assert named.status_code == 200
    in_graph = rdflib.Graph().parse(data=named.text, format="nt")
    default = httpx.get(url + "/rdf-graphs?default")
    union = rdflib.Graph().parse(data=default.text, format="turtle")
    assert 0 < len(in_graph) < len(union)
    assert httpx.head(url + "/rdf-graphs", params={"graph": ARTICLE_GRAPH}).status_code == 200
    assert httpx.get(url + "/rdf-graphs", params={"graph": KGG + "nope"}).status_code == 404


def test_service_description(url: str) -> None:
    answer = httpx.get(url + "/sparql")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(url + "/sparql")) in graph
    assert rdflib.URIRef(ARTICLE_GRAPH) in set(graph.objects(None, sd.name))


def test_void(url: str) -> None:
    graph = rdflib.Graph().parse(data=httpx.get(url + "/.well-known/void").text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = next(graph.subjects(rdflib.RDF.type, void.Dataset))
    assert graph.value(dataset, void.triples) is not None
    linkset = next(graph.subjects(rdflib.RDF.type, void.Linkset))
    assert graph.value(linkset, void.linkPredicate) == rdflib.OWL.sameAs
    assert int(graph.value(linkset, void.triples)) > 0  # type: ignore[arg-type]



def test_void_and_graph_store_follow_updates(mini_settings: Settings, tmp_path: Path) -> None:
    writable = tmp_path / "store"
    shutil.copytree(mini_settings.store, writable)
    added = "https://example.org/graph/added"
    void = rdflib.Namespace("http://rdfs.org/ns/void#")

    def triples(base: str) -> int:
        graph = rdflib.Graph().parse(data=httpx.get(base + "/.well-known/void").text, format="turtle")
        return int(graph.value(next(graph.subjects(rdflib.RDF.type, void.Dataset)), void.triples))  # type: ignore[arg-type]

    with running(replace(mini_settings, store=writable, allow_updates=True)) as base:
        before = triples(base)
        assert httpx.get(base + "/rdf-graphs", params={"graph": added}).status_code == 404
        insert = f"INSERT DATA {{ GRAPH <{added}> {{ <https://example.org/a> <https://example.org/p> 1, 2 }} }}"
        assert httpx.post(base + "/sparql", data={"update": insert}).status_code == 204
        assert triples(base) == before + 2
        assert httpx.get(base + "/rdf-graphs", params={"graph": added}).status_code == 200

# --- Linked Data -----------------------------------------------------------------------------------------------

def test_linked_data_turtle_and_jsonld(url: str) -> None:
    answer = httpx.get(url + "/id/actor/benjamin-netanyahu", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    assert (rdflib.URIRef(NETANYAHU), rdflib.RDFS.label, rdflib.Literal("Benjamin Netanyahu")) in graph
    assert (None, None, rdflib.URIRef(NETANYAHU)) in graph  # incoming links too
    jsonld = httpx.get(url + "/id/actor/benjamin-netanyahu", headers={"Accept": "application/ld+json"})
    assert any(node.get("@id") == NETANYAHU for node in json.loads(jsonld.text))


@pytest.mark.parametrize("path", [
    "/graph/article/900_test_article",          # a named graph: its PROV description
    "/concept/speech-act/accusation",           # a SKOS concept
    "/event-type/air-strike",                   # an event type
    "/ontology",                                # the ontology document (its terms are hash IRIs)
    "/id/evidence/900_test_article/228-249",    # an evidence target
])
def test_every_minted_namespace_dereferences(url: str, path: str) -> None:
    answer = httpx.get(url + path, headers={"Accept": "text/turtle"})
    assert answer.status_code == 200, answer.text
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/ceasefire-kg" + path), None, None) in graph
    page = httpx.get(url + path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


def test_linked_data_unknown_iri_is_404(url: str) -> None:
    assert httpx.get(url + "/id/actor/nobody-at-all", headers={"Accept": "text/turtle"}).status_code == 404
    assert httpx.get(url + "/id/actor/nobody-at-all", headers={"Accept": "text/html"}).status_code == 404


# --- the seed graph: a competency query as in the README ------------------------------------------------------

def test_competency_query_on_the_seed_graph_as_csv(seed_build) -> None:  # type: ignore[no-untyped-def]
    query = (project_root() / "queries" / "03-netanyahu-quotes.rq").read_text(encoding="utf-8")
    with running(Settings(store=seed_build.store_path)) as base:
        answer = httpx.post(base + "/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200
    quotes = [row["quote"] for row in csv.DictReader(io.StringIO(answer.text))]
    assert "this is just the beginning." in quotes


# --- kg serve: the validation gate -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def invalid_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    graph, result = ox.NamedNode(KGG + "validation"), ox.NamedNode("urn:x:result")
    for predicate, value in [("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(SH + "ValidationResult")),
                             (SH + "resultSeverity", ox.NamedNode(SH + "Violation")),
                             (SH + "focusNode", ox.NamedNode(NETANYAHU)),
                             (SH + "resultMessage", ox.Literal("no label"))]:
        store.add(ox.Quad(result, ox.NamedNode(predicate), value, graph))
    store.flush()
    del store
    return path


def kg_serve(store: Path, *extra: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(project_root())}
    return subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(free_port()),
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_serve_refuses_a_store_with_violations(invalid_store: Path) -> None:
    process = kg_serve(invalid_store)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "1 SHACL violations" in stderr and "no label" in stderr


def test_serve_starts_with_allow_invalid(invalid_store: Path) -> None:
    process = kg_serve(invalid_store, "--allow-invalid")
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        assert "1 violations" in lines[0]
        assert "SPARQL endpoint: http://127.0.0.1:" in lines[1]
        endpoint = lines[1].split()[2]
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(10)
