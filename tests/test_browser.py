"""A real browser (Debian's chromium, driven by Playwright) on the web page and a resource page.

Needs /usr/bin/chromium (`scripts/install-browser.sh`) and the `playwright` Python package (dev extra);
never run `playwright install`: the test drives the system chromium. The server is a small Starlette
app of its own: `pages.routes()`, a resource route over `pages.resource_html()` and a minimal /sparql,
so this test checks the pages without depending on the protocol module. Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.pipeline import build
from kg.resources import query_files
from kg.serve.pages import resource_html, routes
from kg.store.oxigraph import OxigraphStore
from kg.vocab import BASE

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
MINI = Path(__file__).parent / "data" / "mini"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip("chromium not installed: run scripts/install-browser.sh", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[dev]'")
uvicorn = pytest.importorskip("uvicorn")


def make_app(store: OxigraphStore) -> Starlette:
    """The pages plus the two routes the protocol module provides in the real server."""

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8")).items()}
        else:
            form = dict(request.query_params)
        try:
            results = store.query(form["query"])
        except Exception as err:  # a test double: any failure is the client's bad query
            return PlainTextResponse(str(err), status_code=400)
        body = results.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, media_type="application/sparql-results+json")

    def resource(request: Request) -> Response:
        page = resource_html(store, BASE + "id/" + request.path_params["path"])
        return HTMLResponse(page) if page is not None else PlainTextResponse("not found", status_code=404)

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]),
                             Route("/id/{path:path}", resource), *routes(store)])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("browser")
    build(MINI, base / "out", base / "store")
    store = OxigraphStore.open_existing(base / "store", read_only=True)
    port = free_port()
    config = uvicorn.Config(make_app(store), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 10 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records requests to other hosts, failed requests and console errors."""

    def __init__(self, page: object, origin: str) -> None:
        self.page, self.host = page, urlsplit(origin).netloc
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.failed.append(f"{r.url} -> {r.status}") if r.status >= 400 else None)

    def _request(self, request: object) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.host:
            self.foreign.append(request.url)

    def check(self) -> None:
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"script errors: {self.errors}"


@pytest.fixture()
def page(browser: object, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, service_workers="block")
    # anything leaving the loopback server is recorded by Watched and aborted here, so the test cannot
    # pass thanks to the internet
    context.route(lambda url: urlsplit(url).netloc != urlsplit(server).netloc,
                  lambda route: route.abort())
    watched = Watched(context.new_page(), server)
    yield watched
    context.close()


def test_web_page_runs_a_competency_query(page: Watched, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    p = page.page
    p.goto(server + "/")
    p.wait_for_selector(".CodeMirror")                          # YASQE's editor is up
    assert p.locator(".cq-buttons button").count() == len([q for q in query_files() if q.stem[:2].isdigit()])
    p.wait_for_selector("#timeline svg .event circle")          # the timeline was drawn from /sparql
    assert "Israeli strikes on Khan Younis" in p.locator("#timeline svg").text_content()
    assert "June 2025 test truce" in p.locator("#timeline svg").text_content()

    p.get_by_role("button", name="CQ7", exact=True).click()                 # events in Khan Younis
    p.wait_for_selector(".yasr table.dataTable tbody tr")
    table = p.locator(".yasr table.dataTable")
    assert "Israeli strikes on Khan Younis" in table.text_content()
    assert "2025-06-09" in table.text_content()
    # our IRIs in the results link to their resource pages on this server
    link = table.locator("a[href='/id/event/test-strikes-khan-younis-2025-06-09']")
    assert link.count() >= 1
    # the code mirror shows the query with SPARQL syntax highlighting
    assert p.locator(".CodeMirror .cm-keyword").count() > 0
    p.screenshot(path=str(ARTIFACTS / "web-page.png"), full_page=True)

    p.get_by_role("button", name="CQ10", exact=True).click()                # Wikidata links: more rows, sortable
    p.wait_for_function("document.querySelectorAll('.yasr table.dataTable tbody tr').length >= 5")
    p.locator(".yasr table.dataTable thead th").nth(3).click()  # sort by name, then the other way round
    p.wait_for_selector(".yasr table.dataTable thead th[aria-sort='ascending']")
    names = p.locator(".yasr table.dataTable tbody tr td:nth-child(4)").all_text_contents()
    assert names == sorted(names) and len(names) == 5
    p.locator(".yasr table.dataTable thead th").nth(3).click()
    p.wait_for_selector(".yasr table.dataTable thead th[aria-sort='descending']")
    assert p.locator(".yasr table.dataTable tbody tr td:nth-child(4)").all_text_contents() == names[::-1]
    page.check()


def test_resource_page_shows_highlighted_evidence(page: Watched, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    p = page.page
    p.goto(server + "/id/actor/benjamin-netanyahu")
    assert p.locator("h1").text_content() == "Benjamin Netanyahu"
    mark = p.locator("figure.evidence mark").first
    assert mark.text_content() == "Prime Minister Benjamin Netanyahu"
    assert "Hamas broke the truce" in p.locator("figure.evidence blockquote").first.text_content()
    p.screenshot(path=str(ARTIFACTS / "resource-page.png"), full_page=True)

    p.locator("figure.evidence a.in-article").first.click()    # to the sentence in the article
    p.wait_for_url("**/article/900_test_article#span-160-193")
    current = p.locator("mark.current")
    assert "".join(current.all_text_contents()) == "Prime Minister Benjamin Netanyahu"
    p.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)
    page.check()
