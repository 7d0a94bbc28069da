"""The HTML pages (kg/serve/pages.py) on the mini store: evidence highlighting, escaping, 404s."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest
from starlette.applications import Starlette

from kg.pipeline import build
from kg.resources import query_files
from kg.serve.pages import competency_queries, highlighted_text, resource_html, routes, sentence_around
from kg.store.oxigraph import OxigraphStore

with warnings.catch_warnings():  # newer Starlette suggests httpx2; httpx is what the dev extra has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

MINI = Path(__file__).parent / "data" / "mini"
ID = "https://w3id.org/ceasefire-kg/id/"
ARTICLE = "900_test_article"
TEXT = (MINI / f"{ARTICLE}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    base = tmp_path_factory.mktemp("mini")
    build(MINI, base / "out", base / "store")
    return OxigraphStore.open_existing(base / "store", read_only=True)


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> TestClient:
    return TestClient(Starlette(routes=routes(store)))


def marked(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", page, flags=re.S)]


def test_resource_page_shows_label_types_properties_and_links(store: OxigraphStore) -> None:
    page = resource_html(store, ID + "actor/benjamin-netanyahu")
    assert page is not None
    assert "<h1>Benjamin Netanyahu</h1>" in page
    assert 'href="https://w3id.org/ceasefire-kg/ontology#Person"' in page   # ontology terms keep their w3id IRIs
    assert "Prime Minister" in page                                # kg:role
    assert 'href="http://www.wikidata.org/entity/Q43723"' in page  # owl:sameAs links out
    assert 'href="/id/statement/900_test_article/228-249"' in page  # incoming: his statement


def test_resource_page_highlights_evidence_in_its_sentence(store: OxigraphStore) -> None:
    page = resource_html(store, ID + "actor/benjamin-netanyahu")
    assert marked(page) == [TEXT[160:193]] == ["Prime Minister Benjamin Netanyahu"]
    sentence = 'Prime Minister Benjamin Netanyahu said in a video posted on X that "Hamas broke the truce"'
    assert html.escape(sentence[len(TEXT[160:193]):], quote=True) in page
    assert 'href="/article/900_test_article#span-160-193"' in page
    assert "2025-06-10" in page or "900_test_article" in page


def test_statement_page_marks_the_quote_exactly(store: OxigraphStore) -> None:
    page = resource_html(store, ID + "statement/900_test_article/228-249")
    assert page is not None
    assert marked(page) == ["Hamas broke the truce"]
    assert "&quot;" in page  # the quotation marks around the quote are escaped, not raw
    assert 'href="/concept/speech-act/accusation"' in page  # concepts dereference on this server too


def test_unknown_or_malformed_iri_gives_none(store: OxigraphStore) -> None:
    assert resource_html(store, ID + "actor/nobody") is None
    assert resource_html(store, "https://example.org/x> } ; DROP ALL ; <x") is None
    assert resource_html(store, "not an iri") is None


def test_sentence_around_cuts_at_sentence_ends() -> None:
    text = "First one. Second has the span here. Third."
    start = text.index("span")
    got = sentence_around(text, start, start + 4)
    assert (got.before, got.span, got.after) == ("Second has the ", "span", " here.")


def test_highlighted_text_escapes_and_keeps_offsets_for_nested_spans() -> None:
    text = 'a <b> & "c" d'
    out = highlighted_text(text, [(0, 11, "outer <x>"), (2, 5, "tag"), (2, 5, "same span again")])
    assert "<b>" not in out and "&lt;b&gt;" in out and "&lt;x&gt;" in out
    assert out.count('id="span-2-5"') == 1 and out.count('id="span-0-11"') == 1
    pieces = re.findall(r'<mark data-spans="([^"]*)"[^>]*>(.*?)</mark>', out)
    assert "".join(html.unescape(p) for keys, p in pieces if "0-11" in keys.split()) == text[0:11]
    assert "".join(html.unescape(p) for keys, p in pieces if "2-5" in keys.split()) == text[2:5]


def test_article_page_highlights_every_span_at_its_exact_offsets(client: TestClient, store: OxigraphStore) -> None:
    response = client.get(f"/article/{ARTICLE}")
    assert response.status_code == 200
    page = response.text
    spans = {(int(s), int(e)) for s, e in re.findall(r'id="span-(\d+)-(\d+)"', page)}
    assert (160, 193) in spans and (228, 249) in spans and (0, 66) in spans and (23, 41) in spans
    pieces = re.findall(r'<mark data-spans="([^"]*)"[^>]*>(.*?)</mark>', page, flags=re.S)
    for start, end in spans:
        covered = "".join(html.unescape(p) for keys, p in pieces if f"{start}-{end}" in keys.split())
        assert covered == TEXT[start:end], (start, end)
    # the text outside the marks is there too: the page holds the whole article
    plain = html.unescape(re.sub(r"<[^>]+>", "", page.split('<div class="article-text">', 1)[1].split("</div>", 1)[0]))
    assert plain == TEXT


def test_article_page_404(client: TestClient) -> None:
    assert client.get("/article/no_such_article").status_code == 404
    assert client.get("/article/..%2Fsecret").status_code == 404


def test_index_embeds_the_competency_queries_and_needs_no_other_host(client: TestClient) -> None:
    page = client.get("/").text
    names = [q["name"] for q in competency_queries()]
    numbered = sorted(p.stem for p in query_files() if p.stem[:2].isdigit())
    assert names == numbered and names[0].startswith("01-") and len(names) >= 10
    assert all(name in page for name in names)
    assert not re.search(r'(src|href)="(https?:)?//', page)  # scripts and styles are same-origin
    assert client.get("/static/vendor/yasgui.min.js").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_timeline_query_gives_events_and_agreements(store: OxigraphStore) -> None:
    from kg.serve.pages import _page_query

    rows = {(r["kind"].value, r["start"].value) for r in store.query(_page_query("timeline"))}
    assert ("event", "2025-06-09") in rows and ("agreement", "2025-06-02") in rows
