"""The online linker against a local stand-in for the Wikidata API (no internet).

A `ThreadingHTTPServer` on 127.0.0.1 answers `wbsearchentities` and `wbgetentities` in the API's
documented JSON from tests/data/wikidata/*.json (hand-written fixtures, not recordings: see their
`_fixture` field), and can be told to answer 429 with Retry-After, `maxlag` errors, or garbage.
"""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from kg.export import write_atomic
from kg.link.catalogue import Catalogue, load_catalogue
from kg.link.resolve import Mention, resolve
from kg.link.wikidata import WikidataClient, WikidataError

DATA = Path(__file__).parent / "data" / "wikidata"


@dataclass
class FakeWikidata:
    """What the server answers; tests change `fail_with`, `failures_left`, `malformed` between requests."""

    search: dict
    entities: dict
    requests: list[dict] = field(default_factory=list)
    fail_with: int | str | None = None
    failures_left: int = 0
    retry_after: str = "1"
    malformed: str | None = None

    def answer(self, params: dict[str, str], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.requests.append({"params": params, "user_agent": headers.get("User-Agent", "")})
        if self.failures_left > 0:
            self.failures_left -= 1
            if self.fail_with == "maxlag":
                body = {"error": {"code": "maxlag", "info": "Waiting for db1: 6 seconds lagged", "lag": 6}}
                return 200, {"Retry-After": self.retry_after, "Content-Type": "application/json"}, json.dumps(body).encode()
            return int(self.fail_with or 503), {"Retry-After": self.retry_after}, b"slow down"
        if self.malformed == "html":
            return 200, {"Content-Type": "text/html"}, b"<html><body>Wikimedia error</body></html>"
        if self.malformed == "shape":
            return 200, {"Content-Type": "application/json"}, json.dumps({"results": []}).encode()
        if params.get("action") == "wbsearchentities":
            hits = self.search.get(params.get("search", ""), [])[: int(params.get("limit", "7"))]
            body = {"searchinfo": {"search": params.get("search")}, "search": hits, "success": 1}
        elif params.get("action") == "wbgetentities":
            ids = params.get("ids", "").split("|")
            body = {"entities": {q: self.entities.get(q, {"id": q, "missing": ""}) for q in ids}, "success": 1}
        else:
            body = {"error": {"code": "badvalue", "info": f"Unrecognized value for parameter \"action\""}}
        return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body).encode()


@pytest.fixture
def fake() -> FakeWikidata:
    search = json.loads((DATA / "search.json").read_text(encoding="utf-8"))
    entities = json.loads((DATA / "entities.json").read_text(encoding="utf-8"))
    assert "not live recordings" in search["_fixture"].lower() and "not live recordings" in entities["_fixture"].lower()
    return FakeWikidata(search["search"], entities["entities"])


@pytest.fixture
def endpoint(fake: FakeWikidata) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            status, headers, body = fake.answer(params, dict(self.headers))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    server.shutdown()
    server.server_close()


@pytest.fixture
def types_only() -> Catalogue:
    """The catalogue's type table without its entries, so every mention goes to Wikidata."""
    return Catalogue({}, load_catalogue().wikidata_types)


def client(endpoint: str, cache: Path, sleeps: list[float] | None = None, **options) -> WikidataClient:
    record = sleeps.append if sleeps is not None else (lambda _: None)
    return WikidataClient(cache, write_atomic, endpoint=endpoint, contact="tests@example.org", min_interval=0,
                          backoff=0.01, sleep=record, **options)


KATZ = Mention("israel-katz", "actor", "Person", "Israel Katz", roles=("Defense Minister",), articles=("a1",))
ISRAEL = Mention("israel", "actor", "State", "Israel", articles=("a1",))
KHAN_YOUNIS = Mention("khan-younis", "place", "City", "Khan Younis", articles=("a1",))


def by_key(result) -> dict:
    return {r.mention.key: r for r in result.resolutions}


def test_israel_is_the_country_and_israel_katz_the_minister(endpoint: str, tmp_path: Path,
                                                            types_only: Catalogue, fake: FakeWikidata) -> None:
    with client(endpoint, tmp_path) as wikidata:
        result = by_key(resolve([KATZ, ISRAEL], types_only, wikidata))
    assert result["israel"].status == "linked" and result["israel"].link.qid == "Q801"
    assert result["israel"].link.method == "reconciliation"
    # the namesake sociologist and the country are both candidates for "Israel Katz"; role and type decide
    assert result["israel-katz"].link.qid == "Q99999901"
    assert "minister" in result["israel-katz"].link.note
    assert all("tests@example.org" in r["user_agent"] and "ceasefire-kg/" in r["user_agent"] for r in fake.requests)
    assert all(r["params"].get("maxlag") == "5" for r in fake.requests)


def test_same_name_without_context_is_only_suggested(endpoint: str, tmp_path: Path, types_only: Catalogue) -> None:
    katz = Mention("israel-katz", "actor", "Person", "Israel Katz", articles=("a2",))
    with client(endpoint, tmp_path) as wikidata:
        result = by_key(resolve([katz], types_only, wikidata))["israel-katz"]
    assert result.status == "suggested" and result.link is None
    assert {s.qid for s in result.suggestions} == {"Q99999901", "Q99999902"}
    assert not any(s.asserted for s in result.suggestions)


def test_catalogue_links_need_no_request(endpoint: str, tmp_path: Path, fake: FakeWikidata) -> None:
    with client(endpoint, tmp_path) as wikidata:
        result = by_key(resolve([ISRAEL], load_catalogue(), wikidata))
    assert result["israel"].link.method == "catalogue" and result["israel"].link.date == "2026-11-23"
    assert [r["params"]["action"] for r in fake.requests] == ["wbgetentities"]   # enrichment only
    assert "Q801" in {q for q in fake.requests[0]["params"]["ids"].split("|")}


def test_answers_are_cached_and_reused_offline(endpoint: str, tmp_path: Path, types_only: Catalogue,
                                               fake: FakeWikidata) -> None:
    with client(endpoint, tmp_path) as wikidata:
        first = resolve([KATZ, ISRAEL], types_only, wikidata)
    cached = sorted(tmp_path.glob("*.json"))
    assert cached and all(json.loads(p.read_text())["retrieved"] for p in cached)
    asked = len(fake.requests)
    with client(endpoint, tmp_path, online=False) as offline:
        again = resolve([KATZ, ISRAEL], types_only, offline)
    assert len(fake.requests) == asked
    assert again == first


def test_network_failure_falls_back_to_the_cache_with_a_warning(endpoint: str, tmp_path: Path,
                                                                types_only: Catalogue) -> None:
    with client(endpoint, tmp_path) as wikidata:
        resolve([ISRAEL], types_only, wikidata)
    dead = "http://127.0.0.1:9/w/api.php"    # discard port: nothing listens
    with client(dead, tmp_path, timeout=2) as unreachable, pytest.warns(UserWarning, match="unreachable"):
        result = by_key(resolve([ISRAEL, KHAN_YOUNIS], types_only, unreachable))
    assert result["israel"].link.qid == "Q801"              # from the cache
    assert result["khan-younis"].status == "unlinked"        # never asked, not in the cache


@pytest.mark.parametrize("failure", [429, 503, "maxlag"])
def test_rate_limits_are_retried_after_the_time_asked(endpoint: str, tmp_path: Path, types_only: Catalogue,
                                                      fake: FakeWikidata, failure) -> None:
    fake.fail_with, fake.failures_left, fake.retry_after = failure, 2, "1"
    sleeps: list[float] = []
    with client(endpoint, tmp_path, sleeps) as wikidata:
        result = by_key(resolve([ISRAEL], types_only, wikidata))
    assert result["israel"].link.qid == "Q801"
    assert sleeps[:2] == [1.0, 1.0]          # Retry-After honoured (the back-off alone would be 0.01, 0.02)
    assert fake.failures_left == 0


def test_giving_up_after_the_retries_is_an_error(endpoint: str, tmp_path: Path, types_only: Catalogue,
                                                 fake: FakeWikidata) -> None:
    fake.fail_with, fake.failures_left, fake.retry_after = 429, 99, "0"
    with client(endpoint, tmp_path, max_retries=2) as wikidata, pytest.raises(WikidataError, match="gave up after 3"):
        resolve([ISRAEL], types_only, wikidata)
    assert len(fake.requests) == 3
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind,message", [("html", "not JSON"), ("shape", "malformed Wikidata answer")])
def test_malformed_answers_are_clear_errors_and_nothing_is_cached(endpoint: str, tmp_path: Path,
                                                                  types_only: Catalogue, fake: FakeWikidata,
                                                                  kind: str, message: str) -> None:
    fake.malformed = kind
    with client(endpoint, tmp_path) as wikidata, pytest.raises(WikidataError, match=message):
        resolve([ISRAEL], types_only, wikidata)
    assert not list(tmp_path.iterdir())


def test_enrichment_reads_the_selected_claims(endpoint: str, tmp_path: Path, types_only: Catalogue) -> None:
    with client(endpoint, tmp_path) as wikidata:
        result = resolve([KATZ, ISRAEL], types_only, wikidata)
    israel, katz = result.items["Q801"], result.items["Q99999901"]
    assert set(israel.values("P31")) == {"Q6256", "Q3624078"}
    assert israel.values("P625") == ("Point(35.0 31.0)",) and israel.values("P571") == ("+1948-05-14T00:00:00Z",)
    assert katz.values("P39") == ("Q99999910",)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert israel.retrieved and israel.label == "Israel"


def test_kg_link_online_writes_links_and_enrichment(seed_build, endpoint: str, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from rdflib import Dataset, Literal
    from rdflib.namespace import PROV, RDF, XSD

    from kg.cli import main
    from kg.map import iris
    from kg.store.oxigraph import OxigraphStore
    from kg.vocab import KG, WD, WDT

    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.load_nquads(seed_build.result.nquads)
    store.close()
    run = CliRunner().invoke(main, ["link", "--store", str(path), "--online", "--endpoint", endpoint,
                                    "--cache", str(tmp_path / "cache"), "--report", "--json"])
    assert run.exit_code == 0, run.output
    rows = {row["entity"]: row for row in json.loads(run.stdout)["entities"]}
    assert rows["actor:israel"]["link"]["method"] == "catalogue"
    assert rows["place:khan-younis"]["link"] == {**rows["place:khan-younis"]["link"], "qid": "Q99999904",
                                                 "method": "reconciliation"}
    assert rows["actor:israel-katz"]["link"]["qid"] == "Q99999901"
    store = OxigraphStore.open_existing(path)
    enriched = Dataset(default_union=True)
    enriched.parse(data=store.dump_nquads(str(iris.wikidata_graph())), format="nquads")
    assert (WD.Q801, WDT.P31, WD.Q6256) in enriched
    assert (WD.Q801, WDT.P571, Literal("1948-05-14", datatype=XSD.date)) in enriched
    source = enriched.value(WD.Q801, PROV.wasDerivedFrom)
    assert enriched.value(source, PROV.generatedAtTime).datatype == XSD.dateTime
    links = Dataset(default_union=True)
    links.parse(data=store.dump_nquads(str(iris.links_graph())), format="nquads")
    katz = iris.wikidata_match("actor", "israel-katz")
    assert (katz, RDF.type, KG.WikidataLink) in links and str(links.value(katz, KG.matchMethod)) == "reconciliation"


def test_kg_link_online_malformed_answer_writes_nothing(seed_build, endpoint: str, fake: FakeWikidata,
                                                        tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main
    from kg.map import iris
    from kg.store.oxigraph import OxigraphStore

    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.load_nquads(seed_build.result.nquads)
    store.close()
    store = OxigraphStore.open_existing(path)
    before = store.dump_nquads()
    store.close()
    fake.malformed = "shape"
    run = CliRunner().invoke(main, ["link", "--store", str(path), "--online", "--endpoint", endpoint,
                                    "--cache", str(tmp_path / "cache")])
    assert run.exit_code == 3
    assert "malformed Wikidata answer" in run.output
    store = OxigraphStore.open_existing(path)
    assert store.dump_nquads() == before
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    assert str(iris.wikidata_graph()).encode() not in before
