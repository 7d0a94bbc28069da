"""Deciding which Wikidata item, if any, each actor and place mention is.

First the catalogue (checked QIDs, by key, then by label or alias). Then, with a Wikidata client,
reconciliation: `wbsearchentities` on the label gives candidates, `wbgetentities` their claims, and
each candidate is scored by

- label (0.45): the label (1) or an alias (0.9) equals the mention's name (normalised), else word overlap;
- type (0.3): its P31 values against the Wikidata classes of the mention's ontology class
  (`wikidata_types` in the catalogue); a human for a non-person, or a non-human for a person, is
  a conflict and rules the candidate out, which is what keeps "Israel Katz" from being Israel;
- context (0.25): words of the mention's role ("minister") in the item's description, and items
  that co-mentioned entities are already linked to among its claims (country, citizenship...).

A candidate is linked when it scores at least the threshold (an equal label and a fitting type reach it)
and leads the next one by a margin (so two people of one name need context to tell them apart);
otherwise candidates above `SUGGEST` are kept as suggestions for a person to review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.link.catalogue import Catalogue, CatalogueEntry, compatible, normalise
from kg.link.wikidata import Item, WikidataClient, items_from
from kg.records import Extract, Link

LINK_THRESHOLD = 0.75
SUGGEST = 0.5
MARGIN = 0.1
WEIGHTS = {"label": 0.45, "type": 0.3, "context": 0.25}
HUMAN = "Q5"
ROLE_STOPWORDS = frozenset({"of", "the", "for", "to", "and", "a", "an", "in", "on", "s"})


@dataclass(frozen=True)
class Mention:
    """An actor or place as the graph has it: key, kind (actor|place), class, name, roles, articles."""

    key: str
    kind: str
    type: str
    label: str
    roles: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    mention: Mention
    status: str
    """linked | suggested | unlinked"""
    link: Link | None
    suggestions: tuple[Link, ...]
    catalogue: CatalogueEntry | None
    reason: str


@dataclass(frozen=True)
class LinkResult:
    resolutions: tuple[Resolution, ...]
    items: dict[str, Item] = field(default_factory=dict)
    """Facts of every linked item (only when Wikidata or its cache was asked)."""

    @property
    def links(self) -> tuple[Link, ...]:
        found = [r.link for r in self.resolutions if r.link] + [s for r in self.resolutions for s in r.suggestions]
        return tuple(sorted(found, key=lambda link: (link.kind, link.key, not link.asserted, link.qid)))

    def coverage(self) -> tuple[int, int]:
        """(linked, total) over the mentioned entities the catalogue knows as Wikidata items."""
        known = [r for r in self.resolutions if r.catalogue and r.catalogue.in_wikidata]
        return sum(1 for r in known if r.status == "linked"), len(known)


def mentions_from_extracts(extracts: Iterable[Extract]) -> list[Mention]:
    """One mention per actor or place key, merged over articles (the outlet of an article is an actor too)."""
    found: dict[tuple[str, str], dict] = {}

    def add(kind: str, key: str, type_name: str, label: str, role: str | None, article: str) -> None:
        entry = found.setdefault((kind, key), {"type": type_name, "label": label, "roles": set(), "articles": set()})
        if role:
            entry["roles"].add(role)
        entry["articles"].add(article)

    for extract in extracts:
        article = extract.article.id
        for actor in extract.actors:
            add("actor", actor.key, actor.type, actor.name, actor.role, article)
        for place in extract.places:
            add("place", place.key, place.type, place.name, None, article)
        outlet = extract.article.outlet.value
        if outlet:
            add("actor", outlet, "MediaOutlet", extract.article.outlet_name or outlet, None, article)
    return [Mention(key, kind, v["type"], v["label"], tuple(sorted(v["roles"])), tuple(sorted(v["articles"])))
            for (kind, key), v in sorted(found.items())]


def resolve(mentions: Iterable[Mention], catalogue: Catalogue, client: WikidataClient | None = None,
            threshold: float = LINK_THRESHOLD) -> LinkResult:
    ordered = sorted(mentions, key=lambda m: (m.kind, m.key))
    decided: dict[tuple[str, str], Resolution] = {}
    for mention in ordered:
        decided[(mention.kind, mention.key)] = _from_catalogue(mention, catalogue)
    if client is not None:
        for mention in ordered:
            current = decided[(mention.kind, mention.key)]
            if current.status == "linked" or (current.catalogue and not current.catalogue.in_wikidata):
                continue
            if not catalogue.wikidata_types.get(mention.type):
                continue
            context = _co_mentioned_items(mention, ordered, decided)
            decided[(mention.kind, mention.key)] = _reconcile(mention, current, catalogue, client, context, threshold)
    resolutions = tuple(decided[(m.kind, m.key)] for m in ordered)
    items: dict[str, Item] = {}
    if client is not None:
        linked = {r.link.qid for r in resolutions if r.link}
        for answer in client.entities(linked):
            items.update({q: i for q, i in items_from(answer).items() if q in linked})
    return LinkResult(resolutions, items)


def _from_catalogue(mention: Mention, catalogue: Catalogue) -> Resolution:
    entry = catalogue.by_key(mention.key)
    how = "key"
    if entry is None:
        entry = catalogue.by_name(mention.label, mention.type)
        how = "name"
    if entry is None:
        return Resolution(mention, "unlinked", None, (), None, "not in the catalogue")
    if not compatible(entry.type, mention.type):
        return Resolution(mention, "unlinked", None, (), None,
                          f"catalogue entry {entry.key} is a {entry.type}, the graph says {mention.type}")
    if not entry.in_wikidata:
        return Resolution(mention, "unlinked", None, (), entry, "Wikidata has no item for it (catalogue)")
    if not entry.qid:
        return Resolution(mention, "unlinked", None, (), entry, "QID not confirmed (catalogue)")
    link = Link(mention.key, mention.kind, entry.qid, "catalogue", f"catalogue/wikidata.yaml#{entry.key}",
                score=1.0, date=entry.checked_on or "", note=f"catalogue entry {entry.key} (by {how}): {entry.checked}")
    return Resolution(mention, "linked", link, (), entry, f"catalogue by {how}")


def _co_mentioned_items(mention: Mention, mentions: list[Mention],
                        decided: dict[tuple[str, str], Resolution]) -> frozenset[str]:
    articles = set(mention.articles)
    return frozenset(r.link.qid for m in mentions if m is not mention and articles & set(m.articles)
                     for r in [decided[(m.kind, m.key)]] if r.link)


@dataclass(frozen=True)
class _Scored:
    item: Item
    score: float
    note: str


def _reconcile(mention: Mention, current: Resolution, catalogue: Catalogue, client: WikidataClient,
               context: frozenset[str], threshold: float) -> Resolution:
    search = client.search(mention.label)
    if search is None:
        return current
    ids = [hit["id"] for hit in search.data["search"]]
    candidates: dict[str, Item] = {}
    for answer in client.entities(ids):
        candidates.update(items_from(answer))
    scored = sorted((s for s in (_score(mention, candidates[q], catalogue, context) for q in ids if q in candidates)
                     if s is not None), key=lambda s: (-s.score, int(s.item.qid[1:])))
    if not scored:
        return Resolution(mention, "unlinked", None, (), current.catalogue,
                          f"no Wikidata candidate of a fitting type for {mention.label!r}")
    best = scored[0]
    runner_up = scored[1].score if len(scored) > 1 else 0.0
    if best.score >= threshold and best.score - runner_up >= MARGIN:
        return Resolution(mention, "linked", _link(mention, best, True), (), current.catalogue,
                          f"reconciliation: {best.note}")
    suggestions = tuple(_link(mention, s, False) for s in scored[:3] if s.score >= SUGGEST)
    why = "tied candidates" if best.score >= threshold else f"best score {best.score:.2f} < {threshold}"
    return Resolution(mention, "suggested" if suggestions else "unlinked", None, suggestions, current.catalogue,
                      f"reconciliation: {why}")


def _link(mention: Mention, scored: _Scored, asserted: bool) -> Link:
    return Link(mention.key, mention.kind, scored.item.qid, "reconciliation", scored.item.source,
                score=round(scored.score, 3), date=scored.item.retrieved[:10], note=scored.note, asserted=asserted)


def _score(mention: Mention, item: Item, catalogue: Catalogue, context: frozenset[str]) -> _Scored | None:
    """The candidate's score and why, or None when its type rules it out."""
    types = set(item.values("P31"))
    expected = set(catalogue.wikidata_types.get(mention.type, ()))
    is_person = mention.type == "Person"
    if types and ((HUMAN in types) != is_person):
        return None
    name = normalise(mention.label)
    if item.label and normalise(item.label) == name:
        label, label_note = 1.0, "label equal"
    elif any(normalise(a) == name for a in item.aliases):
        label, label_note = 0.9, "alias equal"
    else:
        ours, theirs = set(name.split()), set(normalise(item.label or "").split())
        label = 0.6 * len(ours & theirs) / len(ours | theirs) if ours | theirs else 0.0
        label_note = f"label {item.label!r} overlaps"
    kind = 1.0 if types & expected else 0.0
    type_note = f"P31 {'/'.join(sorted(types & expected))} fits {mention.type}" if kind else \
        f"P31 {'/'.join(sorted(types)) or 'none'} not among {mention.type}'s classes"
    words = {w for role in mention.roles for w in re.findall(r"[a-z]+", role.casefold())} - ROLE_STOPWORDS
    description = set(re.findall(r"[a-z]+", (item.description or "").casefold()))
    role_hit = sorted(words & description)
    claims = {c.value for c in item.claims if c.kind == "item" and c.property != "P31"}
    shared = sorted(claims & context, key=lambda q: int(q[1:]))
    context_score = (0.5 if role_hit else 0.0) + (0.5 if shared else 0.0)
    score = round(WEIGHTS["label"] * label + WEIGHTS["type"] * kind + WEIGHTS["context"] * context_score, 3)
    notes = [f"{label_note} ({label:.2f})", f"{type_note} ({kind:.2f})"]
    if role_hit:
        notes.append(f"role words {', '.join(role_hit)} in the description")
    if shared:
        notes.append(f"claims name co-mentioned {', '.join(shared)}")
    return _Scored(item, score, "; ".join(notes) + f"; score {score:.3f}")

