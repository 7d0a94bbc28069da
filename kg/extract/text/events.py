"""Events: trigger words typed by the ontology's event types, with agents, targets, places, date,
the agreements they violate, and the casualty figures that belong to them.

A trigger is a word or phrase that reports something happening ("airstrikes", "fired rockets",
"were released", "told residents ... to evacuate"). Triggers that speak of what did not happen
("a demand to release", "would resume", "possible future attacks") are skipped. Within a sentence,
a generic word ("attacks", "killed") gives way to a specific one ("drone strikes"); across the
article, mentions of the same event become one record: same type and date, or a later mention that
refers back ("the strikes", "Tuesday's strikes", "the attack", "the resumption of hostilities").
Event keys are `{first agent}-{type}-{date}` (the same event reported by two articles gets one IRI),
or `{type}-{article}-{n}` for an undated event; labels are built from type, agents, places and date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.extract.text.actors import slug
from kg.extract.text.dates import MONTHS
from kg.extract.text.document import Document
from kg.extract.text.event_words import (
    ANAPHORIC_BEFORE,
    BODIES,
    BOUNDARY,
    CLAUSE_BREAK,
    DEMONYMS,
    FIGURE_EVENTS,
    HOSTAGES,
    IN_VIOLATION,
    IRREALIS,
    IRREALIS_WINDOW,
    NOT_AGENT_BEFORE,
    NOT_IN_NOUN_PHRASE,
    PREPOSITIONS,
    PRISONERS,
    PROVIDED_BY_AGREEMENTS,
    RUNNING_TOTAL,
    SERIES,
    STRIKES,
    TIMELINE,
    TRIGGERS,
    TRIGGER_OPENINGS,
    TRIGGER_PATTERN,
    Trigger,
    VIOLATION,
    VIOLENT,
)
from kg.extract.text.mentions import ActorMention, DateMention, PlaceMention, PublicationDate
from kg.records import Agreement, Event, Evidence, Figure, Phase


@dataclass
class _Candidate:
    type: str
    evidence: list[Evidence]
    trigger: tuple[int, int]
    sentence: int
    anaphoric: bool
    generic: bool
    owned: bool = False
    date: DateMention | None = None
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    violates: list[str] = field(default_factory=list)


@dataclass
class _Event:
    candidates: list[_Candidate]

    @property
    def type(self) -> str:
        return self.candidates[0].type

    @property
    def date(self) -> DateMention | None:
        return next((c.date for c in self.candidates if c.date), None)

    def keys(self, attribute: str) -> list[str]:
        return list(dict.fromkeys(k for c in self.candidates for k in getattr(c, attribute)))


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'.-]+|[^\w\s]", text)


def _clause_before(text: str, start: int, sentence_start: int) -> str:
    left = text[sentence_start:start]
    cut = max((m.end() for m in BOUNDARY.finditer(left)), default=0)
    return left[cut:]


def _irrealis(before: str, window: int) -> bool:
    words = [w.lower() for w in _words(before)][-window:]
    if not words:
        return False
    if words[-1] == "to" or words[-2:] == ["to", "be"]:
        return True
    strong = IRREALIS - {"to", "new", "any", "no", "deal", "agreement", "regarding"}
    if strong & set(words):
        return True
    return bool(words[-1] in {"new", "any", "no", "future", "possible"})


def _owner(document: Document, actors: Sequence[ActorMention], start: int) -> list[ActorMention]:
    """The actor whose act the trigger names by a possessive ("Hamas' terror attacks", "Israel's renewed
    offensive", "Hamas' Oct 7, 2023, attack"), with no other actor in between."""
    text = document.text
    found = [a for a in actors if a.evidence.end <= start and start - a.evidence.end < 30 and re.fullmatch(
        r"[’']s?\s+(?:[\w-]+,?\s+){0,4}", text[a.evidence.end:start])]
    return [a for a in found if not any(a.evidence.end <= b.evidence.start < start for b in actors)]


def _determiner(words: Sequence[str]) -> str | None:
    """The determiner or possessive ("the", "its", "Tuesday's", "Hamas'") of the trigger's noun phrase."""
    tail = list(words[-5:])
    for i in range(len(tail) - 1, -1, -1):
        word = tail[i]
        low = word.lower()
        if low in ANAPHORIC_BEFORE or re.fullmatch(r"\w+[’']s?", word) and low not in {"it's", "it’s"}:
            return low
        if word == "," and i > 0 and tail[i - 1].isdigit():
            continue
        if word[:1].isupper() and low not in DEMONYMS and not low.isdigit() and low not in MONTHS:
            return None
        if low in NOT_IN_NOUN_PHRASE or not re.fullmatch(r"[\w.-]+", word):
            return None
    return None


def _release_said(text: str, start: int, end: int, before: str) -> bool:
    """A release reported as done: not an order or wish ("Return the hostages"), not a gerund
    ("committed to returning"), not a homecoming ("returned to their homes")."""
    word = text[start:end].lower()
    if re.match(r"\s+(?:to|home|from)\b", text[end:end + 6]) and word.startswith("return"):
        return False
    if word.endswith("ing") and not re.search(r"\b(?:is|are|was|were|been)\s+$", before):
        return False
    if word in {"release", "free", "return", "hand over"} and not before.strip(" “\"'‘"):
        return False
    return True


def _release_type(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> str | None:
    after = text[end:min(sentence_end, end + 80)]
    before = text[max(sentence_start, start - 80):start]
    first = None
    for kind, pattern in (("hostage-release", HOSTAGES), ("prisoner-release", PRISONERS), ("body-return", BODIES)):
        hit = pattern.search(after)
        if hit and (first is None or hit.start() < first[1]):
            first = (kind, hit.start())
    passive = re.search(r"\b(?:was|were|been|being|be|are|is)\s+(?:\w+\s+)?$", before)
    if passive or first is None:
        last = None
        for kind, pattern in (("hostage-release", HOSTAGES), ("prisoner-release", PRISONERS), ("body-return", BODIES)):
            hits = list(pattern.finditer(before))
            if hits and (last is None or hits[-1].start() > last[1]):
                last = (kind, hits[-1].start())
        if last and (passive or re.match(r"\s*(?:of|in\s+(?:exchange|return)\s+for)\b", after) is None):
            return last[0] if passive or first is None else first[0]
    if first and first[1] > 45 and not re.match(r"\s*(?:of|for)\b", after):
        return None
    return first[0] if first else None


def _triggers(document: Document) -> list[tuple[Trigger, re.Match[str]]]:
    """Trigger matches, left to right, not overlapping. The pattern is tried only where a word begins
    that can open a trigger (`TRIGGER_OPENINGS`), which is what keeps the step fast on long articles."""
    text = document.text
    found = []
    resume = 0
    for token in document.words:
        word = token.lower_
        if token.idx < resume or not (word == "in" or word.startswith(TRIGGER_OPENINGS)):
            continue
        match = TRIGGER_PATTERN.match(text, token.idx)
        if match:
            index = int((match.lastgroup or "t0")[1:])
            found.append((TRIGGERS[index], match))
            resume = match.end()
    return found


def _agent_before(document: Document, actors: Sequence[ActorMention], start: int, sentence_start: int,
                  named: dict[str, str], subject: bool = True, reach: int = 10_000) -> list[str]:
    text = document.text
    words = re.findall(r"[\w.’'-]+", text[max(sentence_start, start - 60):start])
    for index in range(len(words) - 1, max(len(words) - 3, -1), -1):
        demonym = re.sub(r"[’']s?$|-(?:led|backed|run|controlled)$", "", words[index]).lower()
        if DEMONYMS.get(demonym) in named:
            found = [named[DEMONYMS[demonym]]]
            while index >= 2 and words[index - 1].lower() == "and" and DEMONYMS.get(words[index - 2].lower()) in named:
                index -= 2
                found.insert(0, named[DEMONYMS[words[index].lower()]])
            return found
    owner = _owner(document, actors, start)
    if owner:
        return [owner[-1].key]
    if not subject:
        return []
    clause = _clause_before(text, start, sentence_start)
    clause_start = start - len(clause)
    before = [a for a in actors if clause_start <= a.evidence.start and a.evidence.end <= start
              and start - a.evidence.end <= reach]
    for actor in reversed(before):
        lead = _words(text[max(sentence_start, actor.evidence.start - 20):actor.evidence.start])
        if lead and lead[-1].lower() in NOT_AGENT_BEFORE:
            continue
        if re.match(r"[’']s?\s+(?:\w+\s+)?(?:health|ministry|office|official|spokes\w+)", text[actor.evidence.end:]):
            continue
        if _adjective(actor.evidence.text) and not re.match(r"\s+(?:forces|military|army|troops)\b",
                                                                    text[actor.evidence.end:]):
            continue
        return [actor.key]
    return []


def _adjective(word: str) -> bool:
    """A demonym used as an adjective ("Israeli", "Qatari"), not a name that is its own key ("Hamas")."""
    low = word.lower()
    return low in DEMONYMS and DEMONYMS[low].lower() != low


def _agent_by(document: Document, actors: Sequence[ActorMention], end: int, sentence_end: int) -> list[str]:
    text = document.text
    by = re.match(r"\s+(?:\w+\s+)?by\s+", text[end:sentence_end])
    if not by:
        return []
    begin = end + by.end()
    stop = re.search(r"[,.;:—]|\s(?:early|late|on|in|at|before|after|since|during|who|which|that)\s", text[begin:sentence_end])
    limit = begin + (stop.start() if stop else sentence_end - begin)
    chain = [a for a in actors if begin <= a.evidence.start < limit
             and not re.match(r"[’']s?\b", text[a.evidence.end:a.evidence.end + 2])]
    return [chain[-1].key] if chain else []


def _targets(document: Document, actors: Sequence[ActorMention], end: int, sentence_end: int,
             named: dict[str, str]) -> list[str]:
    text = document.text
    tail = text[end:min(sentence_end, end + 60)]
    cue = re.search(r"\b(?:on|against|at|targeting|toward|towards)\s+", tail)
    if not cue or BOUNDARY.search(tail[:cue.start()]) or "," in tail[:cue.start()]:
        return []
    begin = end + cue.end()
    word = re.match(r"([\w.’'-]+)", text[begin:])
    if word and DEMONYMS.get(word.group(1).lower()) in named and not any(
            a.evidence.start == begin for a in actors):
        return []
    hits = [a for a in actors if begin <= a.evidence.start <= begin + 4]
    return [hits[0].key] if hits else []


def _inside_actor(place: PlaceMention, actors: Sequence[ActorMention]) -> bool:
    """A place named within an actor's name ("Gaza" in "Gaza's health ministry")."""
    return any(a.evidence.start <= place.evidence.start and place.evidence.end <= a.evidence.end
               and a.evidence != place.evidence for a in actors if a.evidence.start <= place.evidence.start)


def _places(document: Document, places: Sequence[PlaceMention], actors: Sequence[ActorMention], start: int,
            end: int, begin: int, finish: int, first: bool = True) -> list[PlaceMention]:
    """Places the trigger happens at: after it behind a preposition ("in Khan Younis", "hit Rafah"), or
    opening its clause ("In Gaza, Israeli strikes ...") when it is the `first` act of the sentence, within
    `begin:finish` (its share of the sentence)."""
    text = document.text
    found = []
    for place in places:
        if not begin <= place.evidence.start < finish or _inside_actor(place, actors):
            continue
        if end <= place.evidence.start <= min(finish, end + 90):
            gap = text[end:place.evidence.start]
            if re.search(r"\b(?:have|has|had|was|were|is|are|said|says|say)\b", gap):
                continue
            if not gap.strip() or not BOUNDARY.search(gap) and re.search(r"\b(?:in|on|across|into|at|near|from|toward|towards|"
                                                      r"of|throughout|over|hit|hitting|struck|targeted|targeting)"
                                                      r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", gap):
                found.append(place)
        elif first and place.evidence.end <= start:
            lead = text[max(begin, place.evidence.start - 12):place.evidence.start]
            if re.search(r"\b(?:in|across)\s+(?:the\s+)?$", lead) and start - place.evidence.end < 60 and not re.search(
                    r"[,;:—]", text[place.evidence.end:start]):
                found.append(place)
    return found


def _candidates(document: Document, actors: Sequence[ActorMention], places: Sequence[PlaceMention],
                agreements: Sequence[Agreement]) -> list[_Candidate]:
    text = document.text
    named = {a.name: a.key for a in actors}
    inside_agreement = [ev for a in agreements for ev in a.evidence]
    candidates: list[_Candidate] = []
    triggers = _triggers(document)
    trigger_starts = sorted(m.start() for t, m in triggers if t.type != "killing")
    trigger_ends = sorted(m.end() for t, m in triggers if t.type != "killing")
    for trigger, match in triggers:
        start, end = match.span()
        if any(ev.start <= start and end <= ev.end for ev in inside_agreement) and trigger.type != "release":
            continue
        index = document.sentence_index(start)
        sentence = document.sentences[index]
        before = _clause_before(text, start, sentence.start_char)
        event_type = trigger.type
        if event_type == "release":
            typed = _release_type(text, start, end, sentence.start_char, sentence.end_char)
            if typed is None:
                continue
            event_type = typed
        in_exchange = match.group(0).lower().startswith("in ")
        if event_type not in {"evacuation-order"} and _irrealis(before, 20 if in_exchange else IRREALIS_WINDOW):
            continue
        if trigger.type == "release" and not _release_said(text, start, end, before):
            continue
        if match.group(0).lower() in {"talks", "negotiations"} and not _negotiation_said(
                text, start, end, sentence.end_char, before):
            continue
        if event_type == "killing" and not _killing_by_someone(text, start, sentence.start_char, actors):
            continue
        if event_type == "air-strike" and match.group(0).lower() in {"strike", "strikes", "struck"} and not _strike_noun(
                text, start, end):
            continue
        if event_type == "attack" and re.match(r"\s+on\s+(?:the\s+)?(?:ceasefire|truce|agreement)", text[end:]):
            continue
        clause_words = _words(before)
        determiner = _determiner(clause_words)
        if determiner == "such":
            continue
        owner = determiner is not None and bool(_owner(document, actors, start))
        words_before = [w.lower() for w in clause_words]
        passive = re.search(r"\b(?:was|were|been)\s+(?:\w+\s+)?$", before) is not None
        while words_before and words_before[-1] in DEMONYMS:
            words_before.pop()
        anaphoric = bool(determiner) or (bool(words_before) and words_before[-1] in PREPOSITIONS) or passive
        candidate = _Candidate(event_type, [document.evidence(start, end)], (start, end), index, anaphoric,
                               trigger.generic, owner)
        limit = min([s for s in trigger_starts if s >= end] + [sentence.end_char])
        candidate.agents = [] if in_exchange else (_agent_by(document, actors, end, limit)
                                                   or ([] if passive else _agent_before(
                                                       document, actors, start, sentence.start_char, named,
                                                       subject=determiner is None, reach=25 if trigger.generic
                                                       else len(text))))
        if event_type == "negotiation":
            met = re.match(r"(?:met|meet|meets|meeting)\s+(?:with\s+)?", match.group(0), re.I)
            parties = ([a.key for a in _outermost(actors, start + met.end(), end)] if met
                       else _parties_with(document, actors, end, limit))
            candidate.agents += [k for k in parties if k not in candidate.agents]
        candidate.targets = [t for t in _targets(document, actors, end, limit, named)
                             if t not in candidate.agents]
        floor = max([e for e in trigger_ends if e <= start] + [sentence.start_char])
        located = _places(document, places, actors, start, end, floor, limit, first=floor == sentence.start_char)
        if trigger.generic and not (owner or anaphoric or candidate.agents or candidate.targets or located):
            continue
        candidate.places = [p.key for p in located]
        candidate.violates = _violated(document, agreements, start, end, sentence.start_char, sentence.end_char)
        span_end = max([end] + [p.evidence.end for p in located if p.evidence.start > end])
        candidate.evidence = [document.evidence(_span_start(document, actors, start, sentence.start_char), span_end)]
        candidates.append(candidate)
    return _within_sentences(candidates)


def _span_start(document: Document, actors: Sequence[ActorMention], start: int, sentence_start: int) -> int:
    """The trigger's start, moved left over the actor or adjective that heads its phrase ("Israeli strikes")."""
    text = document.text
    lead = re.search(r"(?:[\w’'.-]+\s+){1,2}$", text[max(sentence_start, start - 30):start])
    if not lead:
        return start
    begin = start - len(lead.group(0))
    for actor in actors:
        if begin <= actor.evidence.start < start and actor.evidence.end <= start:
            return actor.evidence.start
    word = lead.group(0).split()[-1]
    if DEMONYMS.get(re.sub(r"[’']s?$", "", word).lower()):
        return start - len(lead.group(0).split()[-1]) - 1
    return start


def _parties_with(document: Document, actors: Sequence[ActorMention], end: int, limit: int) -> list[str]:
    """Those talked with: "talks ... with Netanyahu and his war cabinet", "with Qatari and Egyptian mediators"."""
    text = document.text
    cue = re.search(r"\bwith\s+", text[end:limit])
    if not cue or re.search(r"[.;:—]", text[end:end + cue.start()]):
        return []
    begin = end + cue.end()
    stop = re.search(r"[.;:—(]|,\s(?!and\b)|\s(?:despite|after|before|since|on|to|who|which|that)\s", text[begin:limit])
    finish = begin + (stop.start() if stop else limit - begin)
    return list(dict.fromkeys(a.key for a in _outermost(actors, begin, finish)))


def _outermost(actors: Sequence[ActorMention], begin: int, finish: int) -> list[ActorMention]:
    """Actors starting in `begin:finish`, without those named inside another ("Hamas" in "Hamas officials")."""
    found = [a for a in actors if begin <= a.evidence.start < finish]
    return [a for a in found if not any(b.evidence != a.evidence and b.evidence.start <= a.evidence.start
                                        and a.evidence.end <= b.evidence.end for b in found)]


def _strike_noun(text: str, start: int, end: int) -> bool:
    """'strikes' as attacks, not as the verb of "strikes a deal" or a labour strike."""
    before = text[max(0, start - 20):start].lower()
    after = text[end:end + 40].lower()
    if re.match(r"\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}(?:deal|agreement|accord|truce|ceasefire|bargain|"
                r"compromise|balance|tone|chord|note)s?\b", after):
        return False
    if re.search(r"\b(?:general|hunger|labor|labour)\s+$", before):
        return False
    if re.match(r"\s+(?:a|an)\s", after) and not re.search(r"\b(?:the|of|israeli|its|their)\s+$", before):
        return False
    return True


def _negotiation_said(text: str, start: int, end: int, sentence_end: int, before: str) -> bool:
    """Talks reported as held or under way, not wished for or merely named."""
    after = text[end:min(sentence_end, end + 50)]
    if re.match(r"\s+(?:are|were|is|was|have\s+been|has\s+been)?\s*(?:still\s+)?(?:ongoing|under\s*way|continuing|"
                r"held|taking\s+place|resumed)", after):
        return True
    if re.match(r"\s+(?:with|between)\s", after):
        return True
    if re.match(r"\s+in\s+[A-Z]", after):
        return True
    return bool(re.search(r"\b(?:private|direct|indirect|held|hold|holding)\s+$", before.lower()))


def _killing_by_someone(text: str, start: int, sentence_start: int, actors: Sequence[ActorMention]) -> bool:
    """'X killed ...' or 'X said it killed ...': a killing with a named doer, not a casualty count."""
    before = text[sentence_start:start]
    if re.search(r"\b(?:were|was|been|be|being|are|is|have|has|had)\s+(?:\w+\s+)?$", before) or not before.strip():
        return False
    if re.search(r"\d[\d,]*\s+(?:\w+\s+){0,2}$", before):
        return False
    if re.search(r"\b(?:it|they|he|she)\s+(?:had\s+)?$", before):
        return True
    return any(a.evidence.end <= start and start - a.evidence.end <= 3 for a in actors)


def _violated(document: Document, agreements: Sequence[Agreement], start: int, end: int,
              sentence_start: int, sentence_end: int) -> list[str]:
    text = document.text
    keys = []
    for agreement in agreements:
        for ev in agreement.evidence:
            if not sentence_start <= ev.start < sentence_end:
                continue
            if ev.end <= start and VIOLATION.search(text[max(sentence_start, ev.start - 30):ev.start]) and re.fullmatch(
                    r"\s+(?:\w+\s+){0,2}by\s+(?:[\w-]+\s+){0,5}", text[ev.end:start]):
                keys.append(agreement.key)
            elif ev.start >= end and IN_VIOLATION.match(text[end:ev.start]):
                keys.append(agreement.key)
    return list(dict.fromkeys(keys))


def _within_sentences(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per event type per sentence; generic triggers folded into a specific one."""
    kept: list[_Candidate] = []
    by_sentence: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        by_sentence.setdefault(candidate.sentence, []).append(candidate)
    for group in by_sentence.values():
        specific = [c for c in group if c.type in VIOLENT and not c.generic]
        merged: list[_Candidate] = []
        for candidate in group:
            if candidate.type == "killing" and any(c.type in VIOLENT and c.type != "killing" for c in group):
                _absorb(next(c for c in group if c.type in VIOLENT and c.type != "killing"), candidate, keep_span=False)
                continue
            fitting = [c for c in specific if _compatible(c.agents, candidate.agents, {})]
            if candidate.generic and not candidate.anaphoric and fitting:
                _absorb(fitting[0], candidate)
                continue
            same = next((m for m in merged if m.type == candidate.type
                         and _compatible(m.agents, candidate.agents, {})), None)
            if same is not None:
                _absorb(same, candidate)
                same.anaphoric = same.anaphoric or candidate.anaphoric
                continue
            merged.append(candidate)
        kept += merged
    return sorted(kept, key=lambda c: c.trigger)


def _absorb(into: _Candidate, other: _Candidate, keep_span: bool = True) -> None:
    if keep_span:
        into.evidence += other.evidence
    for attribute in ("agents", "targets", "places", "violates"):
        values = getattr(into, attribute)
        values += [k for k in getattr(other, attribute) if k not in values]


def _assign_dates(candidates: Sequence[_Candidate], dates: Sequence[DateMention],
                  agreements: Sequence[Agreement], document: Document) -> None:
    """Each date of a sentence goes to the act it governs: the nearest trigger before it in the same
    clause ("X struck Y on Monday after Z fired"), else the nearest one in the sentence ("On Tuesday, X
    ..."). Undated acts before a sentence's closing date share it ("intercepted a missile fired by the
    Houthis early Thursday"). Dates of an agreement's own timeline ("ended March 1") and "as of" dates
    of running totals date no act."""
    agreement_spans = [ev for a in agreements for ev in a.evidence]
    by_sentence: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        by_sentence.setdefault(candidate.sentence, []).append(candidate)
    text = document.text
    usable = []
    for date in dates:
        if any(ev.start <= date.evidence.start and date.evidence.end <= ev.end for ev in agreement_spans):
            continue
        if TIMELINE.search(text[max(0, date.evidence.start - 30):date.evidence.start]) or re.search(
                r"\bas\s+of\s+$", text[max(0, date.evidence.start - 8):date.evidence.start], re.I):
            continue
        usable.append(date)
    for date in usable:
        index = document.sentence_index(date.evidence.start)
        if index not in by_sentence:
            continue
        before = [c for c in by_sentence[index] if c.trigger[1] <= date.evidence.start
                  and not CLAUSE_BREAK.search(text[c.trigger[1]:date.evidence.start])]
        nearest = min(before or by_sentence[index], key=lambda c: (_distance(c, date), c.trigger))
        if nearest.date is None or _distance(nearest, date) < _distance(nearest, nearest.date):
            nearest.date = date
    for group in by_sentence.values():
        dated = {c.date for c in group if c.date and c.date.evidence.start >= c.trigger[1]}
        if len(dated) == 1:
            date = next(iter(dated))
            for candidate in group:
                if candidate.date is None and candidate.trigger[1] <= date.evidence.start:
                    candidate.date = date


def _distance(candidate: _Candidate, date: DateMention) -> int:
    """Characters between a candidate's trigger and a date on either side of it (0 when they overlap)."""
    start, end = candidate.trigger
    return start - date.evidence.end if date.evidence.end <= start else max(0, date.evidence.start - end)


def _compatible(a: list[str], b: list[str], members: dict[str, set[str]]) -> bool:
    if not a or not b:
        return True
    for x in a:
        for y in b:
            if x == y or y in members.get(x, set()) or x in members.get(y, set()) or x.split("-")[0] == y.split("-")[0]:
                return True
    return False


def _same_family(a: str, b: str) -> bool:
    return a == b or (a in STRIKES and b in STRIKES)


def _dates_fit(a: str | None, b: str | None) -> bool:
    """Equal, or one of them less precise and containing the other ("2025-03" and "2025-03-18")."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _merge(candidates: Sequence[_Candidate], members: dict[str, set[str]]) -> list[_Event]:
    """Mentions of one event across the article: same type and date, a series reported as one, or a
    later mention referring back to an earlier event (the latest one that fits)."""
    events: list[_Event] = []
    for candidate in candidates:
        date = candidate.date.value if candidate.date else None

        def fits(event: _Event, exact_date: bool = False) -> bool:
            other = event.date.value if event.date else None
            dates_fit = date == other if exact_date else _dates_fit(date, other)
            where = candidate.places + candidate.targets
            return (dates_fit and _compatible(candidate.agents, event.keys("agents"), members)
                    and _compatible(where, event.keys("places") + event.keys("targets"), {}))

        target = None
        if candidate.generic and candidate.anaphoric and not candidate.owned:
            target = next((e for e in reversed(events) if e.type in VIOLENT and fits(e)
                           and (date is None or e.date is not None)), None)
            if target is None and date is None:
                continue
        elif candidate.type in SERIES:
            target = next((e for e in events if e.type == candidate.type and fits(e)), None)
            if target is None and candidate.type == "resumption-of-hostilities" and candidate.anaphoric and not date:
                target = next((e for e in events if e.keys("violates") and e.type in VIOLENT), None) or next(
                    (e for e in events if e.type in VIOLENT - {"interception"}
                     and _compatible(candidate.agents, e.keys("agents"), members)), None)
        elif date:
            target = next((e for e in events if e.type == candidate.type and fits(e, exact_date=True)), None)
            if target is None and candidate.agents:
                target = next((e for e in events if e.type == candidate.type and e.date is None
                               and e.keys("agents") == candidate.agents), None)
            if target is None and candidate.anaphoric:
                target = next((e for e in reversed(events) if _same_family(e.type, candidate.type) and fits(e)), None)
        elif candidate.anaphoric:
            target = next((e for e in reversed(events) if _same_family(e.type, candidate.type) and fits(e)), None)
        elif candidate.agents and candidate.places:
            target = next((e for e in events if e.type == candidate.type and e.date is None
                           and e.keys("agents") == candidate.agents and e.keys("places") == candidate.places), None)
        if target is None:
            events.append(_Event([candidate]))
        else:
            target.candidates.append(candidate)
    return events


def _long_date(value: str) -> str:
    if len(value) == 10:
        return f"{int(value[8:])} {calendar.month_name[int(value[5:7])]} {value[:4]}"
    if len(value) == 7:
        return f"{calendar.month_name[int(value[5:7])]} {value[:4]}"
    return value


def _label(event_type: str, agents: Sequence[str], places: Sequence[str], date: str | None,
           names: dict[str, str]) -> str:
    label = event_type.replace("-", " ").capitalize()
    if agents:
        label += " by " + " and ".join(names.get(a, a) for a in agents)
    if places:
        label += " in " + ", ".join(names.get(p, p) for p in places)
    if date:
        label += ", " + _long_date(date)
    return label


def _attach_figures(document: Document, figures: Sequence[Figure], events: Sequence[Event],
                    spans: dict[str, list[Evidence]]) -> list[Figure]:
    """Figures counting an event's casualties, releases or trucks: in the sentence of one of its
    mentions, or, stated in a sentence of their own, in the sentence just before (the latest event
    told in the two sentences before). Running totals (`as_of`, "since ...") count no single event."""
    sentence_of = document.sentence_index

    located = [(event, sentence_of(ev.start), ev) for event in events for ev in spans[event.key]]
    attached = []
    for figure in figures:
        if figure.event is not None or figure.counts not in FIGURE_EVENTS:
            attached.append(figure)
            continue
        first = figure.evidence[0]
        if RUNNING_TOTAL.search(document.text[max(0, first.start - 40):first.end + 40]):
            attached.append(figure)
            continue
        index = sentence_of(first.start)
        fitting = [(e, ev) for e, i, ev in located if i == index and e.type in FIGURE_EVENTS[figure.counts]]
        sentence = document.sentences[index]
        if not fitting and not figure.as_of and not RUNNING_TOTAL.search(
                document.text[sentence.start_char:sentence.end_char]):
            told_here = any(i == index for _, i, _ in located)
            before = [] if told_here else [i for _, i, _ in located if index - 2 <= i < index]
            if before:
                fitting = [(e, ev) for e, i, ev in located if i == max(before) and e.type in FIGURE_EVENTS[figure.counts]]
        if fitting:
            event, _ = min(fitting, key=lambda f: abs(f[1].start - first.start))
            figure = replace(figure, event=event.key)
        attached.append(figure)
    return attached


def _dated_by_context(document: Document, merged: _Event, phases: Sequence[Phase],
                      agreements: Sequence[Agreement], published: PublicationDate) -> tuple[str | None, str | None]:
    """(date, end) of an event its own words leave undated, from what the text says around it:
    - in the paragraph of a phase with stated dates ("Under the first phase, which ran from Jan. 19 to
      March 1, Hamas released ..."): the phase's months, as the phase bounds the event;
    - a release or aid delivery told in the sentence of an agreement with a known start ("a truce that
      allowed for the release of 110 hostages"): the agreement's period, as it provided for them;
    - talks said to be ongoing now ("negotiations are still ongoing"): the publication date."""
    text = document.text
    for candidate in merged.candidates:
        start, end = candidate.trigger
        paragraph_start = text.rfind("\n", 0, start) + 1
        sentence_start = document.sentences[candidate.sentence].start_char
        for phase in phases:
            if phase.start and any(paragraph_start <= ev.start <= sentence_start or sentence_start <= ev.start < end
                                   for ev in phase.evidence):
                return phase.start[:7], phase.end[:7] if phase.end else None
        sentence_end = document.sentences[candidate.sentence].end_char
        if merged.type in PROVIDED_BY_AGREEMENTS:
            for agreement in agreements:
                if agreement.start and any(sentence_start <= ev.start < sentence_end for ev in agreement.evidence):
                    return agreement.start, agreement.end
        if merged.type == "negotiation" and published.value and re.match(
                r"\s+(?:are|is)\s+(?:still\s+)?(?:ongoing|under\s*way|continuing)", text[end:end + 40]):
            return published.value, None
    return None, None


_RANGE_VERB = re.compile(r"[^,;.:—]{0,60}?\b(?:ran|lasted|continued|went\s+on|stretched)\s+from\s+$", re.I)
_RANGE_LINK = re.compile(r"\s+(?:to|until|till|through)\s+$", re.I)
_RELATIVE = re.compile(r"\b(?:that|which|who|whose)\b", re.I)


def _ranged(document: Document, merged: _Event, dates: Sequence[DateMention]) -> tuple[str, str] | None:
    """(start, end) of an act said to run over a range ("the airstrikes ran from Jan. 19 to March 1"):
    each bound at the precision the text gives it. A range in a relative clause ("released during the
    phase that ran from ...") belongs to another noun."""
    text = document.text
    for candidate in merged.candidates:
        end = candidate.trigger[1]
        for first, second in zip(dates, dates[1:]):
            gap = text[end:first.evidence.start]
            if first.evidence.start >= end and _RANGE_VERB.fullmatch(gap) and not _RELATIVE.search(gap) and \
                    _RANGE_LINK.fullmatch(text[first.evidence.end:second.evidence.start]):
                return first.value, second.value
    return None


RECENT_DAYS = 7
"""How many days before publication an undated act of a news report may lie: a report tells what just
happened, so its month is the publication month when those days all fall in it."""

_NOT_RECENT = re.compile(r"\b(?:had|has|have|repeatedly|since|ever|often|always|previously|once|years?|decades?)\b",
                         re.IGNORECASE)


def _recent_month(document: Document, merged: _Event, dates: Sequence[DateMention],
                  published: PublicationDate) -> str | None:
    """The publication month for an act the text leaves undated, told in the simple past of a report
    about recent days ("Israeli forces opened fire on ..."): when the last paragraph up to the act that
    mentions dates mentions one of the last `RECENT_DAYS` before publication (the story is telling
    what just happened), its own paragraph names no other month, and those days lie in one month.
    Background ("had struck", "has repeatedly attacked", "since 2023") is left undated."""
    if not published.value or len(published.value) != 10:
        return None
    day = dt.date.fromisoformat(published.value)
    if day.day <= RECENT_DAYS:
        return None
    text = document.text
    candidate = merged.candidates[0]
    span = document.sentences[candidate.sentence]
    if _NOT_RECENT.search(text[span.start_char:span.end_char]):
        return None
    paragraph_end = text.find("\n", candidate.trigger[1])
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before = [d for d in dates if d.evidence.start < paragraph_end]
    if not before:
        return None
    frame_start = text.rfind("\n", 0, before[-1].evidence.start) + 1
    frame = [d for d in before if d.evidence.start >= frame_start]
    paragraph_start = text.rfind("\n", 0, candidate.trigger[0]) + 1
    if any(d.evidence.start >= paragraph_start and d.value[:7] != published.value[:7] for d in frame):
        return None
    recent = any(len(d.value) == 10 and 0 <= (day - dt.date.fromisoformat(d.value)).days <= RECENT_DAYS
                 for d in frame)
    return published.value[:7] if recent else None


def _related_date(candidates: Sequence[_Candidate], events: Sequence[_Event]) -> dict[int, DateMention]:
    """Sentence -> the date of a dated event a generic anaphor in that sentence refers back to."""
    related = {}
    for event in events:
        if event.date is None:
            continue
        for candidate in event.candidates[1:]:
            if candidate.generic and candidate.anaphoric and candidate.date is None:
                related[candidate.sentence] = event.date
    return related


def find_events(document: Document, actors: Sequence[ActorMention], places: Sequence[PlaceMention],
                dates: Sequence[DateMention], published: PublicationDate, agreements: Sequence[Agreement],
                figures: Sequence[Figure], phases: Sequence[Phase] = ()) -> tuple[list[Event], list[Figure]]:
    """The events, and `figures` with `event` set on those that count an event's casualties. `phases`
    (optional) date the events told within a phase's stated period."""
    actors, places, dates = sorted(actors), sorted(places), sorted(dates)
    candidates = _candidates(document, actors, places, agreements)
    _assign_dates(candidates, dates, agreements, document)
    members: dict[str, set[str]] = {}
    for actor in actors:
        members.setdefault(actor.key, set()).update(actor.member_of)
    names = {a.key: a.name for a in actors} | {p.key: p.name for p in places}
    article = slug(document.article.id)
    events: list[Event] = []
    spans: dict[str, list[Evidence]] = {}
    undated = 0
    merged_events = _merge(candidates, members)
    related = _related_date(candidates, merged_events)
    for merged in merged_events:
        date = merged.date.value if merged.date else None
        until = None
        if date is None:
            date, until = _ranged(document, merged, dates) or (None, None)
        if date is None:
            date, until = _dated_by_context(document, merged, phases, agreements, published)
        if date is None:
            inherited = next((related[c.sentence] for c in merged.candidates if c.sentence in related), None)
            date = inherited.value if inherited else None
        if date is None:
            date = _recent_month(document, merged, dates, published)
        agents, places_of = merged.keys("agents"), merged.keys("places")
        if date:
            key = "-".join(filter(None, [agents[0] if agents else None, merged.type, date]))
        else:
            undated += 1
            key = f"{merged.type}-{article}-{undated}"
        base, n = key, 2
        while key in spans:
            key, n = f"{base}-{n}", n + 1
        evidence = sorted({ev for c in merged.candidates for ev in c.evidence})
        spans[key] = evidence
        events.append(Event(key, merged.type, _label(merged.type, agents, places_of, date, names), tuple(evidence),
                            date, until if until and until != date else None, tuple(agents), tuple(t for t in merged.keys("targets") if t not in agents),
                            tuple(places_of), tuple(merged.keys("violates"))))
    return events, _attach_figures(document, figures, events, spans)
