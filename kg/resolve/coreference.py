"""Event and agreement coreference across articles, by rule over records (never by shared keys).

Each article's records carry article-local keys. Two records from different articles describe the
same real-world event when they are *compatible* (same type; dates that overlap at the precision each
is given, a point never matching a period; no contradiction in who acted or where) and share at
least one agent or place. Agreements are compatible when their types match (a truce and a ceasefire
count as one family), their parties do not contradict, and their time spans overlap; an agreement
given without dates stands at the publication date of its article, widened by `CONTEXT_WINDOW`,
so "the ceasefire" of a 2023 article and of a 2025 article stay apart.

Compatible pairs are scored by the features they share and merged best first (ties broken by the
records' article ids and keys, so the result does not depend on input order). A merge is refused
when the two clusters already hold a record of the same article (an article's extract has already
told its own events apart) or when any pair across them is incompatible (complete linkage). Every
merge is kept as a `Merge`, the trace the mapper writes into `kgg:coreference`.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import combinations

from kg.records import Agreement, Event, Evidence, Extract

RULE_EVENT = "event-coreference-v1"
RULE_AGREEMENT = "agreement-coreference-v1"
CONTEXT_WINDOW = timedelta(days=31)
CEASEFIRE_FAMILY = frozenset({"Truce", "Ceasefire"})

FEATURE_SCORES: dict[str, int] = {
    "same-type": 2, "same-type-family": 1,
    "same-day": 3, "same-period": 3, "overlapping-dates": 1, "overlapping-periods": 2,
    "same-start": 2, "same-end": 2, "publication-context": 1,
    "shared-agent": 2, "shared-party": 2, "shared-mediator": 1, "shared-place": 1, "shared-target": 1,
    "same-violated-agreement": 1,
}


@dataclass(frozen=True, order=True)
class RecordRef:
    """One record of one article: `kind` is 'event' or 'agreement', `key` its key in that article."""

    article: str
    kind: str
    key: str


@dataclass(frozen=True)
class Candidate:
    """What the rule sees of a record: type, time span in days, participants, places, main evidence."""

    ref: RecordRef
    type: str
    evidence: Evidence
    first: date | None
    last: date | None
    day_precision: bool = False
    period: bool = False
    from_context: bool = False
    start: str | None = None
    end: str | None = None
    actors: frozenset[str] = frozenset()
    mediators: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    violates: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Merge:
    """One merge decision: two records judged to describe `key`, by `rule`, on the `features` they share."""

    kind: str
    key: str
    records: tuple[RecordRef, RecordRef]
    evidence: tuple[Evidence, Evidence]
    rule: str
    features: tuple[str, ...]
    score: int


@dataclass(frozen=True)
class Resolution:
    """Canonical key of every record (by `RecordRef`), and the merges that made the clusters."""

    keys: Mapping[RecordRef, str]
    merges: tuple[Merge, ...] = field(default=())

    def key(self, article: str, kind: str, local: str) -> str:
        return self.keys.get(RecordRef(article, kind, local), local)

    def clusters(self, kind: str) -> dict[str, tuple[RecordRef, ...]]:
        found: dict[str, list[RecordRef]] = {}
        for ref, key in self.keys.items():
            if ref.kind == kind:
                found.setdefault(key, []).append(ref)
        return {key: tuple(sorted(refs)) for key, refs in sorted(found.items())}


def period_of(value: str) -> tuple[date, date]:
    """First and last day of an ISO date of day, month or year precision."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts), date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def article_date(extract: Extract) -> str | None:
    """The date the article's content is anchored to: the inferred date when one was recorded."""
    return extract.article.inferred_published or extract.article.published.value


def event_candidate(extract: Extract, event: Event) -> Candidate:
    members = {a.key: set(a.member_of) for a in extract.actors}
    agents = set(event.agents) | {m for agent in event.agents for m in members.get(agent, ())}
    first = last = None
    if event.date:
        first, last = period_of(event.date)
        if event.end:
            last = period_of(event.end)[1]
    return Candidate(RecordRef(extract.article.id, "event", event.key), event.type, event.evidence[0], first, last,
                     day_precision=bool(event.date and len(event.date) == 10 and not event.end),
                     period=event.end is not None, start=event.date, end=event.end, actors=frozenset(agents),
                     places=frozenset(event.places), targets=frozenset(event.targets),
                     violates=frozenset(event.violates))


def agreement_candidate(extract: Extract, agreement: Agreement) -> Candidate:
    context = article_date(extract)
    first = period_of(agreement.start)[0] if agreement.start else None
    last = period_of(agreement.end)[1] if agreement.end else None
    from_context = False
    if context and (first is None or last is None):
        anchor = period_of(context)[0]
        from_context = first is None and last is None
        first = first or min(anchor, last or anchor) - CONTEXT_WINDOW
        last = last or max(anchor, first) + CONTEXT_WINDOW
    return Candidate(RecordRef(extract.article.id, "agreement", agreement.key), agreement.type,
                     agreement.evidence[0], first, last, from_context=from_context, start=agreement.start,
                     end=agreement.end, actors=frozenset(agreement.parties),
                     mediators=frozenset(agreement.mediators))


def _overlap(a: Candidate, b: Candidate) -> bool:
    return (a.first is not None and b.first is not None and a.last is not None and b.last is not None
            and a.first <= b.last and b.first <= a.last)


def _contradict(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b and not a & b)


def event_features(a: Candidate, b: Candidate, agreements: Mapping[tuple[str, str], str]) -> tuple[str, ...] | None:
    """The features two event records share, or None when they cannot be one event."""
    if a.type != b.type or a.period != b.period or not _overlap(a, b):
        return None
    if _contradict(a.actors, b.actors) or _contradict(a.places, b.places):
        return None
    if not (a.actors & b.actors or a.places & b.places):
        return None
    features = ["same-type"]
    if a.period:
        features.append("same-period" if (a.first, a.last) == (b.first, b.last) else "overlapping-periods")
    else:
        features.append("same-day" if a.day_precision and b.day_precision else "overlapping-dates")
    features += [name for name, shared in (("shared-agent", a.actors & b.actors), ("shared-place", a.places & b.places),
                                           ("shared-target", a.targets & b.targets)) if shared]
    violated_a = {agreements.get((a.ref.article, key), key) for key in a.violates}
    violated_b = {agreements.get((b.ref.article, key), key) for key in b.violates}
    if violated_a & violated_b:
        features.append("same-violated-agreement")
    return tuple(features)


def agreement_features(a: Candidate, b: Candidate) -> tuple[str, ...] | None:
    """The features two agreement records share, or None when they cannot be one agreement."""
    if a.type == b.type:
        features = ["same-type"]
    elif {a.type, b.type} <= CEASEFIRE_FAMILY:
        features = ["same-type-family"]
    else:
        return None
    if not _overlap(a, b) or _contradict(a.actors, b.actors):
        return None
    if a.from_context or b.from_context:
        features.append("publication-context")
    else:
        features.append("overlapping-periods")
    features += [name for name, same in (("same-start", a.start and a.start == b.start),
                                         ("same-end", a.end and a.end == b.end),
                                         ("shared-party", a.actors & b.actors),
                                         ("shared-mediator", a.mediators & b.mediators)) if same]
    return tuple(features)


def score(features: Iterable[str]) -> int:
    return sum(FEATURE_SCORES[f] for f in features)


def _canonical_keys(clusters: Iterable[tuple[RecordRef, ...]], fixed: Mapping[RecordRef, str]) -> dict[RecordRef, str]:
    """A key per cluster: the existing one if it has one, else its most used local key; clashes get the article id."""
    keys: dict[RecordRef, str] = {}
    used = set(fixed.values())
    for cluster in sorted(clusters):
        anchored = sorted({fixed[ref] for ref in cluster if ref in fixed})
        if anchored:
            key = anchored[0]
        else:
            counts = Counter(ref.key for ref in cluster)
            key = min(counts, key=lambda k: (-counts[k], k))
            if key in used:
                key = f"{key}-{cluster[0].article.lower().replace('_', '-')}"
        used.add(key)
        keys.update({ref: key for ref in cluster})
    return keys


def cluster(candidates: Sequence[Candidate], features_of, fixed: Mapping[RecordRef, str], rule: str) -> Resolution:
    """Merge compatible candidates best first (see the module docstring); `fixed` keys come from the store."""
    by_ref = {c.ref: c for c in candidates}
    owner: dict[RecordRef, frozenset[RecordRef]] = {}
    for key in sorted(set(fixed.values())):
        group = frozenset(ref for ref in by_ref if fixed.get(ref) == key)
        owner.update({ref: group for ref in group})
    for ref in by_ref:
        owner.setdefault(ref, frozenset({ref}))
    edges = []
    for a, b in combinations(sorted(by_ref), 2):
        if a.article == b.article:
            continue
        found = features_of(by_ref[a], by_ref[b])
        if found is not None:
            edges.append((-score(found), a, b, found))
    edges.sort()
    accepted: list[tuple[RecordRef, RecordRef, tuple[str, ...], int]] = []
    for negative, a, b, found in edges:
        left, right = owner[a], owner[b]
        if left is right or left == right:
            continue
        if {r.article for r in left} & {r.article for r in right}:
            continue
        if any(r in fixed for r in left) and any(r in fixed for r in right):
            continue
        if any(features_of(by_ref[x], by_ref[y]) is None for x in left for y in right):
            continue
        union = left | right
        owner.update({ref: union for ref in union})
        accepted.append((a, b, found, -negative))
    clusters = {tuple(sorted(group)) for group in owner.values()}
    keys = _canonical_keys(clusters, fixed)
    merges = tuple(Merge(a.kind, keys[a], (a, b), (by_ref[a].evidence, by_ref[b].evidence), rule, found, points)
                   for a, b, found, points in sorted(accepted))
    return Resolution(keys, merges)


def resolve(new: Sequence[Extract], existing: Sequence[Extract] = ()) -> Resolution:
    """Canonical keys for the events and agreements of `new`, given `existing` extracts whose keys stand.

    `kg build` calls `resolve(all_extracts)`; `kg add` calls `resolve([added], stored_extracts)`:
    the stored records keep their keys (two stored clusters are never merged), a new record joins a
    stored cluster or starts its own.
    """
    fixed_agreements = {RecordRef(e.article.id, "agreement", a.key): a.key for e in existing for a in e.agreements}
    fixed_events = {RecordRef(e.article.id, "event", v.key): v.key for e in existing for v in e.events}
    every = [*existing, *new]
    agreements = cluster([agreement_candidate(e, a) for e in every for a in e.agreements], agreement_features,
                         fixed_agreements, RULE_AGREEMENT)
    agreement_keys = {(ref.article, ref.key): key for ref, key in agreements.keys.items()}
    events = cluster([event_candidate(e, v) for e in every for v in e.events],
                     lambda a, b: event_features(a, b, agreement_keys), fixed_events, RULE_EVENT)
    return Resolution({**agreements.keys, **events.keys}, agreements.merges + events.merges)


def rekeyed(extract: Extract, resolution: Resolution) -> Extract:
    """`extract` with its event and agreement keys (and every reference to them) made canonical."""
    article = extract.article.id

    def agreement(key: str) -> str:
        return resolution.key(article, "agreement", key)

    def event(key: str) -> str:
        return resolution.key(article, "event", key)

    def referenced(ref: str) -> str:
        if "/phase-" in ref:
            parent, ordinal = ref.split("/phase-")
            return f"{agreement(parent)}/phase-{ordinal}"
        if any(a.key == ref for a in extract.agreements):
            return agreement(ref)
        return event(ref)

    return replace(
        extract,
        agreements=tuple(replace(a, key=agreement(a.key)) for a in extract.agreements),
        phases=tuple(replace(p, agreement=agreement(p.agreement)) for p in extract.phases),
        terms=tuple(replace(t, agreement=agreement(t.agreement)) for t in extract.terms),
        statements=tuple(replace(s, about=tuple(referenced(r) for r in s.about)) for s in extract.statements),
        events=tuple(replace(v, key=event(v.key), violates=tuple(agreement(k) for k in v.violates))
                     for v in extract.events),
        figures=tuple(replace(f, event=event(f.event) if f.event else None) for f in extract.figures),
    )
