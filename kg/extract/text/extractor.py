"""Run the extraction steps over one article and assemble an `Extract` the mapper takes unchanged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from kg.extract.text import actors as actor_step
from kg.extract.text import agreements as agreement_step
from kg.extract.text import dates as date_step
from kg.extract.text import events as event_step
from kg.extract.text import figures as figure_step
from kg.extract.text import statements as statement_step
from kg.extract.text.document import parse
from kg.extract.text.mentions import ActorMention, PlaceMention, PublicationDate
from kg.records import Actor, Agreement, Article, CatalogueEntry, DateClaim, Extract, Place

METHOD = "extract-rules"
"""The `method` of extracts made from raw text (curated extracts say `curation`)."""


def _actors(mentions: Sequence[ActorMention]) -> tuple[Actor, ...]:
    grouped: dict[str, list[ActorMention]] = {}
    for mention in sorted(mentions):
        grouped.setdefault(mention.key, []).append(mention)
    known = set(grouped)
    actors = []
    for key, group in grouped.items():
        first = group[0]
        role = next((m.role for m in group if m.role), None)
        member_of = tuple(sorted({k for m in group for k in m.member_of if k in known and k != key}))
        actors.append(Actor(key, first.type, first.name, tuple(m.evidence for m in group), role, member_of))
    return tuple(sorted(actors, key=lambda a: a.evidence[0]))


def _places(mentions: Sequence[PlaceMention]) -> tuple[Place, ...]:
    grouped: dict[str, list[PlaceMention]] = {}
    for mention in sorted(mentions):
        grouped.setdefault(mention.key, []).append(mention)
    return tuple(sorted((Place(key, g[0].type, g[0].name, tuple(m.evidence for m in g)) for key, g in grouped.items()),
                        key=lambda p: p.evidence[0]))


def _with_publication_date(article: Article, published: PublicationDate) -> Article:
    if article.published.value or not published.value:
        return article
    return replace(article, published=DateClaim(published.value, published.method, published.note),
                   inferred_published=published.value)


def extract_article(article: Article, catalogue: Mapping[str, CatalogueEntry],
                    known_agreements: Sequence[Agreement] = ()) -> Extract:
    """Every record the rules find in `article`; `known_agreements` are those already in the graph."""
    document = parse(article)
    published = date_step.publication_date(document)
    dates = date_step.find_dates(document, published)
    actor_mentions = actor_step.find_actors(document, catalogue)
    place_mentions = actor_step.find_places(document, catalogue)
    agreements, phases = agreement_step.find_agreements(document, actor_mentions, dates, published, known_agreements)
    statements = statement_step.find_statements(document, actor_mentions, dates, agreements)
    figures = figure_step.find_figures(document, actor_mentions, dates)
    events, figures = event_step.find_events(document, actor_mentions, place_mentions, dates, published, agreements,
                                             figures)
    return Extract(_with_publication_date(article, published), METHOD, actors=_actors(actor_mentions),
                   places=_places(place_mentions), agreements=tuple(agreements), phases=tuple(phases),
                   statements=tuple(statements), events=tuple(events), figures=tuple(figures))
