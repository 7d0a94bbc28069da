"""The records a store's article graphs hold, read back as extracts for `kg add`'s resolve stage.

Coreference (kg/resolve/coreference.py) and the figure comparisons (kg/resolve/figures.py) work on
records; `kg add` compares a new article with what the store already holds, so each stored article
graph is read back (queries/extract/stored-*.rq) as the part of its extract they look at: the article's
dates, its actors' memberships, its events, agreements and figures, with keys as stored (canonical).
Statements, phases, terms and places are not read. A record's main evidence is its earliest span in
its article (the store does not keep the order of a record's evidence).
"""

from __future__ import annotations

from collections import defaultdict

from kg.records import Actor, Agreement, Article, DateClaim, Event, Evidence, Extract, Figure
from kg.resources import query_text
from kg.store.oxigraph import OxigraphStore

STORED_METHOD = "stored"
"""The `method` of an extract read back from a store."""


def query_rows(store: OxigraphStore, name: str) -> list[dict[str, str | None]]:
    """The rows of `queries/{name}.rq` on the store, each as {variable: lexical value, or None when unbound}."""
    rows = store.query(query_text(name), source=f"queries/{name}.rq")
    found = []
    for row in rows:  # type: ignore[attr-defined]
        found.append({variable.value: (row[variable].value if row[variable] is not None else None)
                      for variable in rows.variables})  # type: ignore[attr-defined]
    return found


def _rows(store: OxigraphStore, name: str) -> list[dict[str, str | None]]:
    return query_rows(store, f"extract/{name}")


def _keys(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split())) if value else ()


def _evidence(spans: str | None, text: str) -> tuple[Evidence, ...]:
    """The evidence of `spans` ("start-end ..."), earliest first."""
    pairs = sorted(tuple(int(n) for n in span.split("-")) for span in (spans or "").split())
    return tuple(Evidence(start, end, text[start:end]) for start, end in pairs)


def _article(row: dict[str, str | None]) -> Article:
    published = DateClaim(row["published"], row["method"] or "stated", row["note"] or "")
    outlet = DateClaim(row["outlet"], "stated", "")
    return Article(row["id"] or "", row["text"] or "", row["sha256"] or "", published, outlet,
                   title=row["title"], inferred_published=row["inferred"])


def _figure(row: dict[str, str | None], text: str) -> tuple[tuple[int, int, int], Figure]:
    """A figure and its position (start, end, n) from its IRI's span: figure_nodes gives the IRI back."""
    start, end, *rest = (int(n) for n in (row["span"] or "").split("-"))
    figure = Figure(int(row["value"] or 0), row["qualifier"] or "", row["counts"] or "", row["source"] or "",
                    (Evidence(start, end, text[start:end]),), population=row["population"], event=row["event"],
                    as_of=row["asOf"], place=row["place"])
    return (start, end, rest[0] if rest else 0), figure


def stored_extracts(store: OxigraphStore, leave_out: frozenset[str] = frozenset()) -> list[Extract]:
    """One extract per article graph of the store (but the graphs named in `leave_out`), ordered by article id."""
    articles = {row["graph"]: _article(row) for row in _rows(store, "stored-articles")
                if row["graph"] not in leave_out}
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(store, "stored-memberships"):
        members[row["graph"] or ""][row["actor"] or ""].append(row["group"] or "")
    events: dict[str, list[Event]] = defaultdict(list)
    for row in _rows(store, "stored-events"):
        if row["graph"] in articles:
            events[row["graph"]].append(Event(
                row["key"] or "", row["type"] or "", row["label"] or "",
                _evidence(row["spans"], articles[row["graph"]].text), row["date"], row["end"],
                _keys(row["agents"]), _keys(row["targets"]), _keys(row["places"]), _keys(row["violates"])))
    agreements: dict[str, list[Agreement]] = defaultdict(list)
    for row in _rows(store, "stored-agreements"):
        if row["graph"] in articles:
            agreements[row["graph"]].append(Agreement(
                row["key"] or "", row["type"] or "Agreement", row["name"] or "",
                _evidence(row["spans"], articles[row["graph"]].text), _keys(row["parties"]),
                _keys(row["mediators"]), row["start"], row["end"], row["status"]))
    figures: dict[str, list[tuple[tuple[int, int, int], Figure]]] = defaultdict(list)
    for row in _rows(store, "stored-figures"):
        if row["graph"] in articles:
            figures[row["graph"]].append(_figure(row, articles[row["graph"]].text))
    found = []
    for graph, article in sorted(articles.items(), key=lambda item: item[1].id):
        actors = tuple(Actor(key, "Actor", key, (), member_of=tuple(sorted(groups)))
                       for key, groups in sorted(members[graph].items()))
        found.append(Extract(article, STORED_METHOD, actors=actors, agreements=tuple(agreements[graph]),
                             events=tuple(events[graph]),
                             figures=tuple(figure for _, figure in sorted(figures[graph], key=lambda f: f[0]))))
    return found


def _most_precise(dates: str | None) -> str | None:
    """Of space-separated ISO dates, the most precise one (the earliest among equals)."""
    return min(dates.split(), key=lambda d: (-len(d), d)) if dates else None


def known_agreements(store: OxigraphStore) -> tuple[Agreement, ...]:
    """The agreements the store's article graphs describe, one per key across the articles
    (queries/extract/known-agreements.rq), for the extractor to resolve "the ceasefire" to."""
    found = []
    for row in _rows(store, "known-agreements"):
        types = (row["types"] or "Agreement").split()
        found.append(Agreement(row["key"] or "", next((t for t in types if t != "Agreement"), "Agreement"),
                               row["name"] or "", (), _keys(row["parties"]), _keys(row["mediators"]),
                               _most_precise(row["starts"]), _most_precise(row["ends"]), row["status"]))
    return tuple(found)
