"""The HTML side of the server: the web page at `/`, resource pages and the article view.

- `routes(store)`: `/` (SPARQL editor, competency queries, timeline), `/static/...` and
  `/article/{article_id}` (the article text with every evidence span highlighted, one anchor per span:
  `#span-{start}-{end}`).
- `resource_html(store, iri)`: the page of one resource (label, types, properties, incoming
  links, evidence sentences with the span in `<mark>`), or None when the store knows nothing about it.

Pages are small functions over `string.Template` files in `templates/`; every piece of text from the
graph goes through `html.escape`. The SPARQL lives in `queries/pages/*.rq`; the resource IRI is put in
place of `<urn:kg:resource>` only after pyoxigraph has parsed it as an IRI.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kg.query import compact
from kg.resources import queries_dir
from kg.store.oxigraph import OxigraphStore
from kg.vocab import BASE, KG, KGR, PREFIXES, RDF

_HERE = Path(__file__).resolve().parent
STATIC_DIR = _HERE / "static"
TEMPLATES_DIR = _HERE / "templates"
PLACEHOLDER = "<urn:kg:resource>"
MINTED_NAMESPACES = ("id", "graph", "concept", "event-type", "acled", "cameo")
"""Path prefixes under which the IRIs this project mints dereference on this server (besides /ontology)."""
_LOCAL_PREFIXES = tuple(f"{BASE}{namespace}/" for namespace in MINTED_NAMESPACES)
ARTICLE_PREFIX = str(KGR) + "article/"
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_LONG_LITERAL = 400
_CONTEXT = 300
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")
_HAS_EVIDENCE = str(KG.hasEvidence)
_TYPE = str(RDF.type)


# ----------------------------------------------------------------------------------------------
# files: templates and queries


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


@cache
def _page_query(name: str) -> str:
    return (queries_dir() / "pages" / f"{name}.rq").read_text(encoding="utf-8")


def _run(store: OxigraphStore, name: str, iri: str) -> list[dict[str, ox.NamedNode | ox.Literal | None]]:
    """Run `queries/pages/{name}.rq` for one resource; rows as dicts of variable -> term."""
    node = ox.NamedNode(iri)  # raises ValueError on anything that is not an IRI
    sparql = _page_query(name).replace(PLACEHOLDER, str(node))
    results = store.query(sparql, source=f"queries/pages/{name}.rq")
    names = [v.value for v in results.variables]
    return [{n: solution[n] for n in names} for solution in results]


def competency_queries() -> list[dict[str, str]]:
    """The competency queries (queries/NN-*.rq) for the web page: name, title, text."""
    files = sorted(queries_dir().glob("[0-9][0-9]-*.rq"))
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0].lstrip("# ").strip() if text.strip() else path.stem
        short = first.split(".", 1)[0] if first.startswith("CQ") else path.stem
        out.append({"name": path.stem, "short": short, "title": first, "query": text})
    return out


# ----------------------------------------------------------------------------------------------
# small HTML helpers


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def local_path(iri: str) -> str | None:
    """The path on this server of an IRI we mint (https://w3id.org/ceasefire-kg/id/X -> /id/X).

    Ontology terms (hash IRIs of one document) keep their w3id IRIs."""
    return "/" + iri[len(BASE):] if iri.startswith(_LOCAL_PREFIXES) else None


def article_id_of(iri: str) -> str | None:
    return iri[len(ARTICLE_PREFIX):] if iri.startswith(ARTICLE_PREFIX) else None


def term_html(term: object, label: object = None) -> str:
    """A term as HTML: our IRIs link to their page, other IRIs link out, literals are text."""
    if isinstance(term, ox.NamedNode):
        shown = esc(label.value if isinstance(label, ox.Literal) else compact(term))
        href = local_path(term.value) or term.value
        title = f' title="{esc(term.value)}"'
        return f'<a href="{esc(href)}"{title}>{shown}</a>'
    if isinstance(term, ox.Literal):
        value = term.value
        if len(value) > _LONG_LITERAL:
            return f'{esc(value[:_LONG_LITERAL])}… <span class="muted">({len(value):,} characters)</span>'
        datatype = term.datatype.value if term.datatype else ""
        if datatype and not datatype.endswith(("#string", "#langString")):
            return f'{esc(value)} <span class="muted">{esc(compact(term.datatype))}</span>'
        return esc(value)
    return esc(term)


_SITE_NAV = '<a href="/">SPARQL &amp; timeline</a> <a href="/sparql">endpoint</a>'
_INDEX_NAV = '<a href="#query">SPARQL</a> <a href="#timeline-section">timeline</a> <a href="/sparql">endpoint</a>'


def page(title: str, body: str, *, scripts: str = "", head: str = "", nav: str = _SITE_NAV, wide: bool = False) -> str:
    """Every HTML page of the site: one layout, with a slot for extra stylesheets and the navigation."""
    return _template("page.html").substitute(title=esc(title), body=body, scripts=scripts, head=head, nav=nav,
                                             main_class=' class="wide"' if wide else "")


# ----------------------------------------------------------------------------------------------
# evidence: the sentence around a span


@dataclass(frozen=True)
class Excerpt:
    before: str
    span: str
    after: str


def sentence_around(text: str, start: int, end: int, context: int = _CONTEXT) -> Excerpt:
    """The sentence(s) holding text[start:end], cut at most `context` characters either side."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    stop = len(text)
    found = _SENTENCE_END.search(text, max(end - 1, start))
    if found and found.start() >= end - 1:
        stop = max(end, found.start() + len(found.group().rstrip()))
    lead = "…" if begin < start - context else ""
    tail = "…" if stop > end + context else ""
    begin, stop = max(begin, start - context), min(stop, end + context)
    return Excerpt(lead + text[begin:start], text[start:end], text[end:stop] + tail)


def _article_text(store: OxigraphStore, article_iri: str, cache_: dict[str, dict]) -> dict:
    if article_iri not in cache_:
        rows = _run(store, "article", article_iri)
        cache_[article_iri] = rows[0] if rows else {}
    return cache_[article_iri]


def _evidence_html(store: OxigraphStore, iri: str) -> tuple[int, str]:
    rows = _run(store, "resource-evidence", iri)
    texts: dict[str, dict] = {}
    items = []
    for row in rows:
        article = row["article"].value
        start, end = int(row["start"].value), int(row["end"].value)
        text_term = _article_text(store, article, texts).get("text")
        if text_term is not None and 0 <= start <= end <= len(text_term.value):
            excerpt = sentence_around(text_term.value, start, end)
            quote = f"{esc(excerpt.before)}<mark>{esc(excerpt.span)}</mark>{esc(excerpt.after)}"
        else:  # the article text is not in the store: show the quote selector's words
            quote = f"<mark>{esc(row['exact'].value if row['exact'] else '')}</mark>"
        article_id = article_id_of(article)
        source = []
        if row["publisher"] is not None:
            source.append(f'<span class="publisher">{esc(row["publisher"].value)}</span>')
        if row["date"] is not None:
            source.append(f'<time>{esc(row["date"].value)}</time>')
        if article_id is not None:
            href = f"/article/{article_id}#span-{start}-{end}"
            source.append(f'<a class="in-article" href="{esc(href)}">{esc(article_id)}, characters {start}–{end}</a>')
        items.append(
            f'<figure class="evidence" id="evidence-{esc(article_id or "")}-{start}-{end}">'
            f"<blockquote>{quote}</blockquote><figcaption>{' · '.join(source)}</figcaption></figure>"
        )
    return len(items), "\n".join(items)


# ----------------------------------------------------------------------------------------------
# pages


def resource_html(store: OxigraphStore, iri: str) -> str | None:
    """The HTML page of one resource, or None when the store has no triple about it."""
    try:
        properties = _run(store, "resource-properties", iri)
    except ValueError:
        return None
    incoming = _run(store, "resource-incoming", iri)
    if not properties and not incoming:
        return None
    label = next((r["o"].value for r in properties if r["p"].value.endswith(("#label", "#prefLabel"))
                  and isinstance(r["o"], ox.Literal)), None)
    node = ox.NamedNode(iri)
    types = [term_html(r["o"]) for r in properties if r["p"].value == _TYPE]

    by_property: dict[str, list[str]] = {}
    property_terms: dict[str, ox.NamedNode] = {}
    for row in properties:
        p = row["p"].value
        if p in (_TYPE, _HAS_EVIDENCE):
            continue
        property_terms[p] = row["p"]
        by_property.setdefault(p, []).append(term_html(row["o"], row["oLabel"]))
    property_rows = "\n".join(
        f"<tr><th>{term_html(property_terms[p])}</th><td>{'<br>'.join(values)}</td></tr>"
        for p, values in by_property.items()
    )
    incoming_rows = "\n".join(
        f"<tr><td>{term_html(r['s'], r['sLabel'])}</td><td>{term_html(r['p'])}</td></tr>" for r in incoming
    )
    evidence_count, evidence = _evidence_html(store, iri)
    article_id = article_id_of(iri)
    article_link = (f'<p><a class="button" href="/article/{esc(article_id)}">Read the article with its evidence '
                    f"highlighted</a></p>") if article_id and "/" not in article_id else ""

    return page(label or compact(node), _template("resource.html").substitute(
        label=esc(label or compact(node)),
        iri=esc(iri),
        types=", ".join(types) or '<span class="muted">no type</span>',
        article_link=article_link,
        properties=property_rows or '<tr><td colspan="2" class="muted">none</td></tr>',
        evidence_count=evidence_count,
        evidence=evidence or '<p class="muted">No evidence spans point at this resource.</p>',
        incoming_count=len(incoming),
        incoming=incoming_rows or '<tr><td colspan="2" class="muted">none</td></tr>',
    ))


def highlighted_text(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` as HTML with every span marked: the text is cut at every span boundary, each piece that
    some span covers is a <mark> listing those spans (data-spans="s-e ..."), and an empty anchor
    `id="span-{s}-{e}"` sits where each span begins. Overlapping and nested spans are fine."""
    spans = sorted({(s, e, about) for s, e, about in spans if 0 <= s <= e <= len(text)})
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    anchors: dict[int, list[tuple[int, int]]] = {}
    for s, e, _ in spans:
        if (s, e) not in anchors.setdefault(s, []):
            anchors[s].append((s, e))
    out = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        out.extend(f'<a class="span-anchor" id="span-{s}-{e}"></a>' for s, e in anchors.get(a, []))
        if b is None:
            break
        covering = [(s, e, about) for s, e, about in spans if s <= a and b <= e and s < e]
        piece = esc(text[a:b])
        if covering:
            keys = " ".join(dict.fromkeys(f"{s}-{e}" for s, e, _ in covering))
            about = " | ".join(dict.fromkeys(about for _, _, about in covering if about))
            depth = min(len(keys.split()), 3)  # nested spans shade darker
            out.append(f'<mark data-spans="{keys}" class="d{depth}" title="{esc(about)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def article_html(store: OxigraphStore, article_id: str) -> str | None:
    """The article's text with every evidence span highlighted, or None for an unknown article."""
    if not _ARTICLE_ID.match(article_id):
        return None
    iri = ARTICLE_PREFIX + article_id
    rows = _run(store, "article", iri)
    if not rows:
        return None
    info = rows[0]
    text = info["text"].value
    spans = [(int(r["start"].value), int(r["end"].value), r["about"].value if r["about"] else "")
             for r in _run(store, "article-spans", iri)]
    meta = [esc(info[k].value) for k in ("publisher", "date") if info[k] is not None]
    title = info["label"].value if info["label"] is not None else article_id
    return page(title, _template("article.html").substitute(
        title=esc(title),
        meta=" · ".join(meta),
        resource=esc(local_path(iri)),
        count=len({(s, e) for s, e, _ in spans}),
        text=highlighted_text(text, spans),
    ), scripts='<script src="/static/article.js" defer></script>')


def index_html() -> str:
    payload = {"queries": competency_queries(), "timeline": _page_query("timeline"), "base": BASE,
               "local": _LOCAL_PREFIXES, "endpoint": "/sparql", "prefixes": PREFIXES}
    data = json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")
    scripts = (f'<script id="page-data" type="application/json">{data}</script>\n'
               '<script src="/static/vendor/yasgui.min.js"></script>\n<script src="/static/app.js"></script>')
    return page("SPARQL and timeline", _template("index.html").template, scripts=scripts, nav=_INDEX_NAV, wide=True,
                head='<link rel="stylesheet" href="/static/vendor/yasgui.min.css">\n')


def not_found(what: str) -> HTMLResponse:
    return HTMLResponse(page("Not found", f'<h1>Not found</h1><p>{esc(what)}</p><p><a href="/">Home</a></p>'),
                        status_code=404)


def routes(store: OxigraphStore) -> list[BaseRoute]:
    """The page routes; the app factory adds them next to /sparql and the Linked Data routes.
    Handlers are plain functions, so Starlette runs the (blocking) store queries in its thread pool."""

    def index(request: Request) -> HTMLResponse:
        return HTMLResponse(index_html())

    def article(request: Request) -> HTMLResponse:
        article_id = request.path_params["article_id"]
        body = article_html(store, article_id)
        return HTMLResponse(body) if body is not None else not_found(f"No article {article_id} in the graph.")

    return [
        Route("/", index, methods=["GET", "HEAD"], name="index"),
        Route("/article/{article_id}", article, methods=["GET", "HEAD"], name="article"),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
