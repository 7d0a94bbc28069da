"""Agreements and phases: "the ceasefire", "the truce", "the first phase", "phase two", resolved to
agreements already known (by type and dates) or created for this article.

Mentions are noun phrases around a head word (ceasefire, truce, pause, peace plan, deal, agreement,
plan/proposal/offer of someone). Within one article they are grouped as a reader would: a mention
with its own start date ("the ceasefire that went into effect Jan. 19") names that agreement; a
mention without one ("the truce", "the deal") refers back to the agreement talked about last.
Hypothetical agreements ("a permanent ceasefire", "any agreement", "a deal that would ...") are not
mentions. A group is then matched to a known agreement of a compatible type in force around its
start (or, without one, around the publication date), or becomes a new agreement keyed
`{type-slug}-{YYYY-MM}` of its start, else of the publication month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.extract.text.actors import slug
from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, DateMention, PublicationDate
from kg.records import Agreement, Evidence, Phase

CESSATION = {"Ceasefire", "Truce"}
"""Agreement types that stop the fighting; mentions of either may name the same agreement."""

HEADS: tuple[tuple[str, str], ...] = (
    (r"peace[- ](?:plan|deal|agreement|proposal|framework|accord)", "PeacePlan"),
    (r"hostages?(?:[- ]release)?[- ](?:deal|agreement)", "generic"),
    (r"cease-?fire|armistice", "Ceasefire"),
    (r"truce|humanitarian pause|pause in (?:the )?(?:fighting|hostilities)|pause", "Truce"),
    (r"agreement|deal|accord", "generic"),
    (r"plan|proposal|offer", "proposal"),
)
_HEAD = re.compile(r"\b(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(HEADS)) + r")s?\b", re.I)
_COMPOUND = re.compile(r"^(?:[- ](?:agreement|deal|accord))\b", re.I)
HYPOTHETICAL = {"permanent", "lasting", "long-term", "durable", "new", "possible", "future", "comprehensive",
                "full", "potential", "any", "another", "no", "every"}
"""Words before a head that make the agreement one talked about, not one that exists."""
FUNCTION_WORDS = {"of", "to", "and", "or", "for", "in", "on", "with", "by", "after", "before", "against", "from",
                  "into", "at", "as", "than", "is", "was", "are", "were", "be", "been", "has", "have", "had", "not",
                  "but", "if", "while", "since", "until", "during", "under", "over", "amid", "despite", "about"}
"""Words that end the modifiers of an agreement's head noun when reading leftwards."""
NOT_AN_AGREEMENT_AFTER = re.compile(r"^\s*(?:violations?|talks|negotiations|negotiators|proposals?)\b", re.I)
EFFECT = re.compile(r"\b(?:took|take|takes|went|go|goes|came|come|comes)\s+into\s+effect|\btook\s+effect|"
                    r"\b(?:began|begun|started|begins|starts|ran|runs|signed|reached|agreed(?:\s+to)?|"
                    r"brokered|struck)\b", re.I)
STATUS_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("collapsed", re.compile(r"\b(?:collaps\w*|broke\s+down|break(?:s|ing)?\s+down|breakdown|shatter\w*|"
                             r"fell\s+apart|unravel\w*|walk(?:ed|s|ing)?\s+away\s+from|back(?:ed|s|ing)?\s+out\s+of|"
                             r"ended)\b", re.I)),
    ("expired", re.compile(r"\bexpir\w*", re.I)),
    ("held", re.compile(r"\b(?:held|continued\s+to\s+hold|(?:is|was|has\s+been)\s+holding)\b", re.I)),
    ("violated", re.compile(r"\b(?:violat\w*|breach\w*|break(?:s|ing)?\s+(?:the|its))\b", re.I)),
    ("in-effect", re.compile(r"\binto\s+effect|\btook\s+effect|\bin\s+(?:effect|force)\b", re.I)),
)
"""Status keys (ontology/concepts.ttl) in order of precedence: a later state outranks an earlier one."""

ENDED = re.compile(r"\b(?:broke\s+down|collapsed|ended|expired|ran\s+out|fell\s+apart)\s+(?:on\s+|at\s+)?$", re.I)
"""Words right before the date an agreement ended ("broke down on Friday")."""
ORDINALS = {"first": 1, "initial": 1, "one": 1, "1": 1, "i": 1, "second": 2, "two": 2, "2": 2, "ii": 2,
            "third": 3, "three": 3, "3": 3, "iii": 3, "fourth": 4, "four": 4, "4": 4, "iv": 4}
_PHASE = re.compile(r"\b(?:(?P<pre>first|second|third|fourth|initial|next|current)\s+(?:phase|stage)|"
                    r"(?:phase|stage)\s+(?P<post>one|two|three|four|[1-4]|iv|iii|ii|i)\b)"
                    r"(?P<of>\s+of\s+(?:the|that|this|its)\s+(?:[\w-]+\s+){0,2}?(?:deal|agreement|ceasefire|"
                    r"cease-fire|truce|accord|plan))?", re.I)
PHASE_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("never-began", re.compile(r"\bnever\s+(?:began|started|happened|took\s+effect)\b", re.I)),
    ("completed", re.compile(r"\b(?:ended|ran\s+from|completed|concluded|was\s+over)\b", re.I)),
    ("ongoing", re.compile(r"\b(?:yet\s+to\s+(?:fulfil|fulfill|complete|finish)\w*|under\s+way|underway|"
                           r"current)\b", re.I)),
    ("planned", re.compile(r"\b(?:set\s+to|scheduled\s+to|due\s+to|supposed\s+to|was\s+to|to\s+implement|"
                           r"next)\b", re.I)),
)
TYPE_LABELS = {"Ceasefire": "ceasefire", "Truce": "truce", "PeacePlan": "peace plan", "Agreement": "agreement"}
RECENT_END = dt.timedelta(days=45)
"""An agreement that ended this long before an article may still be the one it calls 'the ceasefire'."""


@dataclass
class _Mention:
    evidence: Evidence
    kind: str
    head_end: int
    start: DateMention | None = None
    end: DateMention | None = None
    parties: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    proposer: str | None = None


@dataclass
class _Group:
    kind: str
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def end(self) -> DateMention | None:
        return next((m.end for m in self.mentions if m.end), None)

    @property
    def start(self) -> DateMention | None:
        dated = [m.start for m in self.mentions if m.start]
        return min(dated, key=lambda d: (-len(d.value), d.evidence.start)) if dated else None


def _kind(match: re.Match[str]) -> str:
    return next(HEADS[int(name[1:])][1] for name, value in match.groupdict().items() if value)


def _actors_in(actors: Sequence[ActorMention], start: int, end: int) -> list[ActorMention]:
    return [a for a in actors if start <= a.evidence.start and a.evidence.end <= end]


def _actor_after(actors: Sequence[ActorMention], text: str, offset: int, words: str) -> list[ActorMention]:
    """Actors named right after `offset` when the text there starts with one of `words` ("with", "by")."""
    found = re.match(rf"\s*(?:{words})\s+", text[offset:], re.I)
    if not found:
        return []
    begin = offset + found.end()
    chain = re.match(r"[^.;:,—()]*?(?=[.;:,—()]|\s(?:to|that|which|who|on|in|since|after|before)\b|$)", text[begin:])
    stop = begin + (chain.end() if chain else 0)
    found = [a for a in actors if begin <= a.evidence.start < max(stop, begin + 1)]
    return [a for a in found if not any(b is not a and b.evidence.start <= a.evidence.start and a.evidence.end <= b.evidence.end
                                        and b.evidence != a.evidence for b in found)]


def _month(value: str | None) -> str | None:
    return value[:7] if value and len(value) >= 7 else None


def _agreement_mentions(document: Document, actors: Sequence[ActorMention],
                        dates: Sequence[DateMention]) -> list[_Mention]:
    text = document.text
    found: list[_Mention] = []
    for match in _HEAD.finditer(text):
        kind = _kind(match)
        head_end = match.end()
        compound = _COMPOUND.match(text[head_end:])
        if compound and kind in CESSATION:
            head_end += compound.end()
        if NOT_AN_AGREEMENT_AFTER.match(text[head_end:]) and kind != "proposal":
            continue
        sentence = document.sentence_at(match.start())
        left = text[sentence.start_char:match.start()]
        start = match.start()
        words = re.findall(r"[\w’'-]+|\S", left)[-4:]
        determiner = None
        modifiers: list[str] = []
        for word in reversed(words):
            low = word.lower()
            if low in {"the", "a", "an", "its", "their", "this", "that", "his", "her", "our", "any", "another", "no",
                       "every"} or re.fullmatch(r"\w+[’']s?", word) and word[0].isupper():
                determiner = low
                break
            if not re.fullmatch(r"[\w-]+", word) or low in FUNCTION_WORDS:
                break
            modifiers.append(low)
        if determiner is not None or modifiers:
            phrase = re.search(r"(?:[\w’'-]+\s+){%d}$" % (len(modifiers) + (determiner is not None)), left)
            if phrase:
                start = sentence.start_char + phrase.start()
        if HYPOTHETICAL & ({determiner or ""} | set(modifiers)):
            continue
        if kind == "proposal":
            proposers = [a for a in _actor_after(actors, text, head_end, "by|of|from")
                         if not re.match(r"[’']s?\b", text[a.evidence.end:a.evidence.end + 2])]
            owner = [a for a in actors if a.evidence.end <= match.start() and match.start() - a.evidence.end <= 3
                     and re.match(r"[’']s?\s*$", text[a.evidence.end:match.start()])]
            if not proposers and not owner:
                if determiner not in {"a", "the", "this", "that"} or modifiers:
                    continue
                kind = "proposal-anaphor"
            mention = _Mention(document.evidence(start, head_end), kind, head_end,
                               proposer=(proposers or owner)[0].key if (proposers or owner) else None)
            if mention.proposer:
                end = max([head_end] + [a.evidence.end for a in proposers])
                mention.evidence = document.evidence(start, end)
            found.append(mention)
            continue
        if kind in {"generic", "PeacePlan"} and determiner in {None, "a", "an"} and not (
                kind == "PeacePlan" and determiner is None and modifiers):
            continue
        if kind in CESSATION and determiner in {None, "a", "an"} and not modifiers:
            continue
        mention = _Mention(document.evidence(start, head_end), kind, head_end)
        _describe(mention, document, sentence, actors, dates, determiner)
        found.append(mention)
    return found


def _describe(mention: _Mention, document: Document, sentence: Span, actors: Sequence[ActorMention],
              dates: Sequence[DateMention], determiner: str | None) -> None:
    """Parties, mediators and start date stated in the words around one agreement mention."""
    text = document.text
    after = mention.head_end
    parties = _actor_after(actors, text, after, "with|between")
    mention.parties = [a.key for a in parties]
    if parties:
        mention.evidence = document.evidence(mention.evidence.start, max(a.evidence.end for a in parties))
    if determiner in {"its", "their"}:
        before = [a for a in _actors_in(actors, sentence.start_char, mention.evidence.start)]
        if before:
            mention.parties.insert(0, before[-1].key)
    window_end = min(sentence.end_char, after + 140)
    tail = text[after:window_end]
    for date in dates:
        if not after <= date.evidence.start < window_end:
            continue
        lead = text[after:date.evidence.start]
        if EFFECT.search(lead[-40:]) and len(lead) < 130 and not re.search(r"[.;]", lead):
            mention.start = date
            mention.evidence = document.evidence(mention.evidence.start, date.evidence.end)
            break
    for date in dates:
        lead = text[after:date.evidence.start]
        if after <= date.evidence.start < window_end and len(lead) < 90 and not re.search(r"[.;]", lead) and (
                ENDED.search(lead[-30:])):
            mention.end = date
            break
    for date in dates:
        lead = text[date.evidence.end:mention.evidence.start]
        if (mention.start is None and 0 <= len(lead) < 20 and re.fullmatch(r",?\s+(?:when|after)\s+", lead)
                and EFFECT.match(text[after:after + 30].strip())):
            mention.start = date
    for date in dates:
        inside = mention.evidence.start <= date.evidence.start and date.evidence.end <= mention.head_end
        if inside and mention.start is None:
            mention.start = date
    brokered = re.search(r"\b(?:brokered|mediated)\b", tail)
    if brokered:
        by = _actor_after(actors, text, after + brokered.end(), "by")
        between = [] if by else _actors_in(actors, after, after + brokered.start())
        mention.mediators = [a.key for a in by + between]
        if between and not by:
            mention.evidence = document.evidence(mention.evidence.start, max(mention.evidence.end,
                                                                               after + brokered.end()))


def _group(mentions: Sequence[_Mention]) -> list[_Group]:
    groups: list[_Group] = []
    last: _Group | None = None
    for mention in mentions:
        target: _Group | None = None
        if mention.kind in CESSATION or mention.kind == "generic":
            cessations = [g for g in groups if g.kind == "cessation"]
            if mention.start is not None:
                target = next((g for g in cessations if g.start and _month(g.start.value) == _month(mention.start.value)),
                              None)
                if target is None:
                    target = next((g for g in reversed(cessations) if g.start is None), None)
            elif mention.kind == "generic" and last is not None and last.kind in {"cessation", "PeacePlan"}:
                target = last
            elif cessations:
                target = cessations[-1] if last is None or last.kind != "cessation" else last
            if target is None:
                target = _Group("cessation")
                groups.append(target)
        elif mention.kind == "PeacePlan":
            target = next((g for g in reversed(groups) if g.kind == "PeacePlan"), None)
            if target is None:
                target = _Group("PeacePlan")
                groups.append(target)
        elif mention.kind == "proposal":
            target = next((g for g in groups if g.kind == "proposal" and g.mentions[0].proposer == mention.proposer),
                          None)
            if target is None:
                target = _Group("proposal")
                groups.append(target)
        else:
            target = next((g for g in reversed(groups) if g.kind == "proposal"), None)
            if target is None:
                continue
        target.mentions.append(mention)
        last = target
    return groups


def _type(group: _Group) -> str:
    if group.kind == "PeacePlan":
        return "PeacePlan"
    if group.kind in {"proposal"}:
        return "Agreement"
    counts = Counter(m.kind for m in group.mentions if m.kind in CESSATION)
    if not counts:
        return "Agreement"
    first = next(m.kind for m in group.mentions if m.kind in CESSATION)
    best = max(counts.values())
    return first if counts[first] == best else max(counts, key=lambda k: (counts[k], k))


def _status(document: Document, group: _Group) -> str | None:
    if group.kind == "proposal":
        return "proposed"
    sentences = [document.sentences[i] for i in sorted({document.sentence_index(m.evidence.start)
                                                        for m in group.mentions})]
    said = " ".join(document.text[s.start_char:s.end_char] for s in sentences)
    return next((status for status, cue in STATUS_CUES if cue.search(said)), None)


def _reference_date(published: PublicationDate) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published.value) if published.value else None
    except ValueError:
        return None


def _as_date(value: str, last_day: bool = False) -> dt.date:
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else (12 if last_day else 1)
    day = int(value[8:10]) if len(value) >= 10 else (calendar.monthrange(year, month)[1] if last_day else 1)
    return dt.date(year, month, day)


def _compatible(kind: str, agreement_type: str) -> bool:
    if kind == "cessation":
        return agreement_type in CESSATION or agreement_type == "Agreement"
    if kind == "PeacePlan":
        return agreement_type == "PeacePlan"
    return agreement_type == "Agreement"


def resolve_known(group_kind: str, start: str | None, published: PublicationDate, known: Sequence[Agreement],
                  parties: Sequence[str] = ()) -> Agreement | None:
    """The known agreement a group of mentions names: same type family, no party it lacks (when it
    names its parties), and the same start month when the article gives a start; otherwise the latest one
    begun by the publication date and not ended long before it."""
    candidates = [a for a in known if _compatible(group_kind, a.type)
                  and (not a.parties or set(parties) <= set(a.parties))]
    if start:
        same = [a for a in candidates if a.start and a.start[:7] == start[:7]]
        return min(same, key=lambda a: a.key) if same else None
    reference = _reference_date(published)
    if reference is None:
        return None
    running = [a for a in candidates if a.start and _as_date(a.start) <= reference
               and (a.end is None or _as_date(a.end, last_day=True) + RECENT_END >= reference)]
    return max(running, key=lambda a: (_as_date(a.start or "0001"), a.key)) if running else None


def _name(agreement_type: str, start: str | None, published: PublicationDate) -> str:
    label = TYPE_LABELS[agreement_type]
    when = start or published.value
    if when and len(when) >= 7:
        return f"{calendar.month_name[int(when[5:7])]} {when[:4]} {label}"
    return f"{label} reported on {when}" if when else label


def _unique(keys: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


def _mediators_named(document: Document, actors: Sequence[ActorMention]) -> list[str]:
    """Actors the article calls mediators or brokers of the truce ("Qatari and Egyptian mediators")."""
    text = document.text
    keys = []
    for cue in re.finditer(r"\bmediators?\b", text, re.I):
        sentence = document.sentence_at(cue.start())
        before = text[sentence.start_char:cue.start()]
        phrase = re.search(r"((?:[\w.’'-]+\s+(?:and\s+)?){1,4})$", before)
        if phrase:
            start = sentence.start_char + phrase.start()
            keys += [a.key for a in _actors_in(actors, start, cue.start())]
    return keys


def find_agreements(document: Document, actors: Sequence[ActorMention], dates: Sequence[DateMention],
                    published: PublicationDate,
                    known: Sequence[Agreement] = ()) -> tuple[list[Agreement], list[Phase]]:
    dates = sorted(dates)
    mentions = _agreement_mentions(document, sorted(actors), dates)
    groups = _group(mentions)
    phase_hits = _phase_mentions(document, dates)
    agreements: list[Agreement] = []
    keys: dict[int, str] = {}
    named_mediators = _mediators_named(document, actors)
    names = {a.key: a.name for a in actors}
    main_cessation = next((g for g in groups if g.kind == "cessation"), None)
    for index, group in enumerate(groups):
        start = group.start.value if group.start else None
        if group is main_cessation:
            first = next((p.start for p in phase_hits if p.ordinal == 1 and p.start), None)
            if first and (start is None or len(start) < len(first) and first.startswith(start)):
                start = first
        agreement_type = _type(group)
        status = _status(document, group)
        parties = _unique([k for m in group.mentions for k in m.parties])
        mediators = _unique([k for m in group.mentions for k in m.mediators]
                            + ([m.proposer for m in group.mentions if m.proposer] if group.kind == "proposal" else [])
                            + (named_mediators if group is main_cessation else []))
        parties = tuple(k for k in parties if k not in mediators)
        match = resolve_known(group.kind, start, published, known, parties)
        if match is not None:
            key, agreement_type, name = match.key, match.type, match.name
        else:
            when = _month(start) or _month(published.value) or (published.value or "")[:4] or slug(document.article.id)
            stem = slug(TYPE_LABELS[agreement_type])
            if group.kind == "proposal":
                proposer = group.mentions[0].proposer
                stem = f"{proposer}-proposal" if proposer else "proposal"
            key = f"{stem}-{when}"
            name = _name(agreement_type, start, published)
            if group.kind == "proposal":
                proposer = group.mentions[0].proposer
                name = _name("Agreement", None, published).replace("agreement", "proposal") + (
                    f" by {names.get(proposer, proposer)}" if proposer else "")
        taken = {a.key for a in agreements}
        base, n = key, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        keys[index] = key
        evidence = tuple(sorted({m.evidence for m in group.mentions}))
        end = group.end.value if group.end else None
        agreements.append(Agreement(key, agreement_type, name, evidence, parties, mediators, start, end, status))
    phases = _phases(phase_hits, groups, keys, agreements)
    return agreements, phases


@dataclass
class _PhaseHit:
    evidence: Evidence
    ordinal: int | None
    relative: str | None
    start: str | None = None
    end: str | None = None
    planned_start: str | None = None
    status: str | None = None


def _phase_mentions(document: Document, dates: Sequence[DateMention]) -> list[_PhaseHit]:
    """Mentions of a phase ("the first phase", "phase two") with what their sentence says of it (`dates` in
    text order)."""
    text = document.text
    hits = []
    for match in _PHASE.finditer(text):
        word = (match.group("pre") or match.group("post")).lower()
        start = match.start()
        article = re.search(r"\b(?:the|its|that|this)\s+$", text[max(0, start - 6):start], re.I)
        if article:
            start -= len(article.group(0))
        sentence = document.sentence_at(match.start())
        hit = _PhaseHit(document.evidence(start, match.end()), ORDINALS.get(word),
                        word if word in {"next", "current"} else None)
        clause = text[match.end():sentence.end_char]
        later = [d for d in dates if match.end() <= d.evidence.start < sentence.end_char]
        for date in later:
            lead = text[match.end():date.evidence.start]
            if re.search(r"\b(?:ran|lasted|running|began|started|took\s+effect)\s+(?:from\s+|on\s+)?$", lead):
                hit.start = date.value
            elif re.search(r"\bto\s+$|\buntil\s+$|\bended\s+(?:on\s+)?$", lead) and (hit.start or "ended" in lead):
                hit.end = date.value
            elif re.search(r"\b(?:set\s+to|scheduled\s+to|due\s+to|supposed\s+to)\b[^.;]*$", lead):
                hit.planned_start = date.value
        status_text = text[max(sentence.start_char, start - 40):sentence.end_char]
        hit.status = next((s for s, cue in PHASE_STATUS if cue.search(status_text)), None)
        if clause and hit.status is None and hit.relative == "next":
            hit.status = "planned"
        hits.append(hit)
    for hit in hits:
        if hit.relative == "current":
            hit.ordinal = 1
        elif hit.relative == "next":
            ongoing = [h.ordinal for h in hits if h.ordinal and h.status == "ongoing"]
            hit.ordinal = (max(ongoing) if ongoing else 1) + 1
    return [h for h in hits if h.ordinal]


def _first(hits: Sequence[_PhaseHit], attribute: str) -> str | None:
    """The first value of `attribute` the mentions of one phase give."""
    return next((getattr(h, attribute) for h in hits if getattr(h, attribute)), None)


def _phases(hits: Sequence[_PhaseHit], groups: Sequence[_Group], keys: dict[int, str],
            agreements: Sequence[Agreement]) -> list[Phase]:
    cessations = [i for i, g in enumerate(groups) if g.kind == "cessation"]
    if not hits or not cessations:
        return []
    by_ordinal: dict[tuple[str, int], list[_PhaseHit]] = {}
    for hit in hits:
        preceding = [i for i in cessations if groups[i].mentions[0].evidence.start <= hit.evidence.start]
        owner = keys[(preceding or cessations)[-1]]
        by_ordinal.setdefault((owner, hit.ordinal or 1), []).append(hit)
    starts = {a.key: a.start for a in agreements}
    phases = []
    for (owner, ordinal), group in sorted(by_ordinal.items(), key=lambda kv: min(h.evidence for h in kv[1])):
        start = _first(group, "start") or (starts.get(owner) if ordinal == 1 else None)
        statuses = [h.status for h in group if h.status]
        status = next((s for s, _ in PHASE_STATUS if s in statuses), None)
        phases.append(Phase(owner, ordinal, tuple(sorted({h.evidence for h in group})), start, _first(group, "end"),
                            _first(group, "planned_start"), None, status))
    return phases
