"""Run the extraction steps over one article and assemble an `Extract` the mapper takes unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from kg.concepts import ConceptKeys, concept_keys
from kg.extract.curated import OWN_VOICE

from kg.extract.text import actors as actor_step
from kg.extract.text import agreements as agreement_step
from kg.extract.text import dates as date_step
from kg.extract.text import events as event_step
from kg.extract.text import figures as figure_step
from kg.extract.text import statements as statement_step
from kg.extract.text.document import parse
from kg.extract.text.mentions import ActorMention, PlaceMention, PublicationDate
from kg.records import (Actor, Agreement, Article, CatalogueEntry, DateClaim, Event, Evidence, Extract, Figure,
                        Phase, Place, Statement, Term)

METHOD = "extract-rules"
"""The `method` of extracts made from raw text (curated extracts say `curation`)."""

R = TypeVar("R", Actor, Place, Agreement, Phase, Term, Statement, Event, Figure)


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
    """The article with the date step's publication date: as its date when the metadata has none, and
    as `inferred_published` when inferred from content (beside a stated date the content contradicts,
    so validation can flag the conflict; a dateline in the text is stated, not inferred)."""
    if not published.value or published.value == article.published.value:
        return article
    inferred = published.value if published.method == "inferred-from-content" else None
    if article.published.value:
        return replace(article, inferred_published=article.inferred_published or inferred)
    return replace(article, published=DateClaim(published.value, published.method, published.note),
                   inferred_published=inferred)


def _spans_in(text: str, evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The evidence that covers exactly its text, each span once, in the order found."""
    kept: dict[tuple[int, int], Evidence] = {}
    for ev in evidence:
        if 0 <= ev.start < ev.end <= len(text) and text[ev.start:ev.end] == ev.text:
            kept.setdefault((ev.start, ev.end), ev)
    return tuple(kept.values())


def _with(record: R, **changes: object) -> R:
    """`record` with `changes` (`dataclasses.replace`), or `record` itself when they change nothing:
    most records pass `consistent` unchanged, and building a frozen dataclass again costs more than
    comparing its fields."""
    if all(getattr(record, name) == value for name, value in changes.items()):
        return record
    return replace(record, **changes)


def _unique(records: Iterable[R], key: Callable[[R], object], text: str) -> list[R]:
    """One record per key (the first), carrying the evidence of every record with that key; records left
    without valid evidence are dropped."""
    merged: dict[object, R] = {}
    for record in records:
        found = merged.get(key(record))
        evidence = _spans_in(text, (found.evidence if found else ()) + record.evidence)
        merged[key(record)] = _with(found or record, evidence=evidence)
    return [r for r in merged.values() if r.evidence]


def _known(keys: Iterable[str], declared: set[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in keys if k in declared))


def consistent(extract: Extract, concepts: ConceptKeys | None = None) -> Extract:
    """The extract as the curated format, the mapper and the shapes require it.

    References to keys no record declares are dropped (a record whose required reference is gone, a
    statement without a speaker or a figure without a source, is dropped with it); records with a
    concept key the ontology does not have are dropped, optional concepts are cleared; keys are unique
    (duplicates merged with their evidence); evidence must cover exactly its text; a place whose key is
    also an actor's is left to the actor (state actors serve as places); a direct quote's quotation is
    its first span's text. Each kept record keeps its evidence.
    """
    concepts = concepts or concept_keys()
    text = extract.article.text

    def known_concept(scheme: str, key: str | None) -> bool:
        return key is not None and concepts.iri(scheme, key) is not None

    def optional_concept(scheme: str, key: str | None) -> str | None:
        return key if known_concept(scheme, key) else None

    actors = _unique((a for a in extract.actors if a.key != OWN_VOICE), lambda a: a.key, text)
    actor_keys = {a.key for a in actors}
    actors = [_with(a, member_of=_known(a.member_of, actor_keys - {a.key})) for a in actors]
    places = [p for p in _unique(extract.places, lambda p: p.key, text) if p.key not in actor_keys]
    located = actor_keys | {p.key for p in places}
    agreements = [_with(a, parties=_known(a.parties, actor_keys), mediators=_known(a.mediators, actor_keys),
                          status=optional_concept("status", a.status))
                  for a in _unique(extract.agreements, lambda a: a.key, text)]
    agreement_keys = {a.key for a in agreements}
    phases = [_with(p, status=optional_concept("status", p.status))
              for p in _unique((p for p in extract.phases if p.agreement in agreement_keys), lambda p: p.ref, text)]
    phase_refs = {p.ref for p in phases}
    terms = [t for t in _unique((t for t in extract.terms if t.agreement in agreement_keys), lambda t: t.key, text)
             if t.phase is None or f"{t.agreement}/phase-{t.phase}" in phase_refs]
    events = [_with(e, agents=_known(e.agents, actor_keys), targets=_known(e.targets, actor_keys),
                      places=_known(e.places, located), violates=_known(e.violates, agreement_keys))
              for e in _unique(extract.events, lambda e: e.key, text) if known_concept("event-type", e.type)]
    event_keys = {e.key for e in events}
    about = agreement_keys | phase_refs | event_keys
    statements = []
    for s in extract.statements:
        speakers = _known(s.speakers, actor_keys)
        evidence = _spans_in(text, s.evidence)
        if not speakers or not evidence or not known_concept("speech-act", s.speech_act):
            continue
        quotation = evidence[0].text if s.kind == "DirectQuote" else s.quotation
        statements.append(_with(s, speakers=speakers, evidence=evidence, quotation=quotation,
                                  medium=optional_concept("medium", s.medium), targets=_known(s.targets, actor_keys),
                                  about=_known(s.about, about)))
    figures = []
    for f in extract.figures:
        evidence = _spans_in(text, f.evidence)
        if (not evidence or (f.attributed_to != OWN_VOICE and f.attributed_to not in actor_keys)
                or not known_concept("qualifier", f.qualifier) or not known_concept("figure-kind", f.counts)):
            continue
        figures.append(_with(f, evidence=evidence, event=f.event if f.event in event_keys else None,
                               place=f.place if f.place in located else None))
    return replace(extract, actors=tuple(actors), places=tuple(places), agreements=tuple(agreements),
                   phases=tuple(phases), terms=tuple(terms), statements=tuple(statements), events=tuple(events),
                   figures=tuple(figures))


def extract_article(article: Article, catalogue: Mapping[str, CatalogueEntry],
                    known_agreements: Sequence[Agreement] = ()) -> Extract:
    """Every record the rules find in `article`; `known_agreements` are those already in the graph."""
    document = parse(article)
    published = date_step.publication_date(document)
    dates = date_step.find_dates(document, published)
    actor_mentions = actor_step.find_actors(document, catalogue)
    place_mentions = actor_step.find_places(document, catalogue)
    agreements, phases = agreement_step.find_agreements(document, actor_mentions, dates, published, known_agreements)
    statements = statement_step.find_statements(document, actor_mentions, dates, agreements, published.value)
    figures = figure_step.find_figures(document, actor_mentions, dates, published.value, place_mentions)
    events, figures = event_step.find_events(document, actor_mentions, place_mentions, dates, published, agreements,
                                             figures, phases=phases)
    return consistent(Extract(_with_publication_date(article, published), METHOD, actors=_actors(actor_mentions),
                              places=_places(place_mentions), agreements=tuple(agreements), phases=tuple(phases),
                              statements=tuple(statements), events=tuple(events), figures=tuple(figures)))

