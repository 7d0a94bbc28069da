"""Actors and places: catalogue aliases, title and capitalised-name patterns, later short forms.

Rules, in the order they run (`how` on each mention names the rule):

- catalogue: every name and alias of `catalogue/wikidata.yaml`, case-sensitive, through spaCy's
  PhraseMatcher; overlapping matches keep the longest ("Israel Katz" over "Israel", "Times of Israel"
  over "Israel"). Straight and curly apostrophes are the same ("Israel’s military").
- title: a role word of `ROLE_HEADS` ("minister", "spokesman", "envoy" ...) with its modifiers
  ("Prime", "special", "press"), an owner just before it (a known actor, a possessive "Trump's",
  or a demonym "Israeli") and a capitalised name after it -> a Person with `role` and `member_of`
  the owner (a state's ministers belong to its government when the catalogue has one). The name wins
  over any catalogue match inside it: "Defense Minister Israel Cohen" is a person, not Israel. Without a
  name, "a/an/the <owner> <role>" is an unnamed person of this article ("an Egyptian official").
- demonym: an adjective of nationality names its state only when the state acts through the noun
  ("Qatari and Egyptian mediators", "Israeli tallies"); "<owner> officials/sources/negotiators" is a
  Group of that owner. "Israeli strikes" or "Palestinian prisoners" name nobody.
- capitalised-name: a run of capitalised words that no rule above explains: typed by its head word
  (Ministry, Office, Brigades, Forces, Party ...) or, with two to four plain name words, a Person;
  "<place or actor> health ministry" in lower case is a Ministry. A name the catalogue knows under a
  different spelling of the same words keeps the catalogue's key.
- acronym: "Name (ACR)" is one mention, and ACR later names the same actor.
- short-form: a surname (or the last words of a name) after the full name of a person, in this article.
- descriptor: "the militant group", "the military", "the ministry", "his office", "the government",
  "the official" -> the nearest earlier actor of the matching type, when there is one.
- ner: when an `en_core_web_*` model is installed, its PERSON and ORG entities that no rule explained.

Places come from the catalogue's place-typed entries, "the enclave"/"the Strip" after a territory,
"southern Lebanon" (a direction before a state is a region), and capitalised names after a place
preposition ("in Khan Younis", "near the Rafah crossing"). A state is an actor, not a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from bisect import bisect_right
from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.text.document import RANK_ABBREVIATIONS, Document, Word, english
from kg.extract.text.lexicon import reporting_forms
from kg.extract.text.mentions import ActorMention, PlaceMention
from kg.extract.text.nationalities import NATIONALITIES
from kg.records import CatalogueEntry, Evidence

PLACE_TYPES = frozenset({"Place", "City", "Region", "Territory", "Site"})

ROLE_HEADS = frozenset({
    "minister", "president", "premier", "spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador",
    "secretary", "official", "commander", "leader", "chief", "negotiator", "adviser", "advisor", "director",
    "mayor", "senator", "sen.", "rep.", "representative", "lawmaker", "researcher", "analyst", "coordinator",
    "chairman", "chairwoman", "emir", "king", "governor", "diplomat", "aide", "mediator", "general",
})
"""Words that make the title of a person ("Defense Minister", "Hamas spokesman", "Sen.")."""

ROLE_MODIFIERS = frozenset({
    "prime", "defense", "defence", "finance", "foreign", "interior", "justice", "health", "security",
    "national", "deputy", "vice", "special", "senior", "top", "press", "former", "acting", "interim",
    "military", "political", "presidential", "state", "chief", "regional", "humanitarian", "lead", "cabinet",
    "strategic", "affairs", "public", "minority", "majority", "opposition", "far-right", "ex",
})
"""Words that may stand before a role word inside a title ("Prime Minister", "special envoy")."""

TITLE_WORDS = ROLE_HEADS | ROLE_MODIFIERS

NAMELESS_ROLES = frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "diplomat", "negotiator",
                            "minister", "envoy", "ambassador", "commander", "leader", "adviser", "advisor",
                            "aide", "mediator", "secretary", "president"})
"""Roles that make an unnamed person when written with an article and an owner ("a U.S. official")."""

MINISTERIAL_ROLES = frozenset({"minister", "premier", "president", "secretary", "spokesman", "spokesperson",
                               "spokeswoman"})
"""Roles whose holder belongs to the owner state's government, when the catalogue knows that government."""

STATE_VOICE_NOUNS = frozenset({"mediators", "tallies", "requirements", "demands", "counterparts", "delegation",
                               "delegations", "proposal", "figures", "estimates", "intelligence"})
"""Nouns through which a state acts or speaks: the demonym before them is a mention of the state."""

GROUP_NOUNS = frozenset({"officials", "sources", "leaders", "diplomats", "lawmakers", "politicians", "ministers",
                         "negotiators", "authorities", "spokespeople"})
"""Plural nouns making a group of the actor named before them ("Israeli officials", "U.S. lawmakers");
"Israeli troops" or "Hamas gunmen" add no group (the troops are the armed forces, the gunmen the group)."""

ORG_HEADS: dict[str, str] = {
    "Ministry": "Ministry", "Office": "GovernmentBody", "Department": "GovernmentBody", "Bureau": "GovernmentBody",
    "Agency": "GovernmentBody", "Authority": "GovernmentBody", "Council": "GovernmentBody",
    "Commission": "GovernmentBody", "Directorate": "GovernmentBody", "Wire": "MediaOutlet",
    "Cabinet": "Government", "Government": "Government", "Administration": "Government",
    "Brigades": "ArmedGroup", "Brigade": "ArmedGroup", "Jihad": "ArmedGroup", "Front": "ArmedGroup",
    "Militia": "ArmedGroup", "Forces": "ArmedForces", "Army": "ArmedForces", "Corps": "ArmedForces",
    "Guard": "ArmedForces", "Navy": "ArmedForces", "Police": "ArmedForces",
    "Party": "PoliticalParty", "Movement": "Organization", "Committee": "Organization",
    "Institute": "ResearchOrganization", "Center": "ResearchOrganization", "Centre": "ResearchOrganization",
    "University": "ResearchOrganization", "Foundation": "Organization", "Organization": "Organization",
    "Organisation": "Organization", "Fund": "Organization", "Programme": "Organization", "Program": "Organization",
    "Union": "Organization", "Association": "Organization", "Federation": "Organization", "Crescent": "Organization",
    "Cross": "Organization", "Watch": "Organization", "International": "Organization",
    "News": "MediaOutlet", "Times": "MediaOutlet", "Post": "MediaOutlet", "Press": "MediaOutlet",
    "Television": "MediaOutlet", "TV": "MediaOutlet", "Radio": "MediaOutlet", "Channel": "MediaOutlet",
    "Network": "MediaOutlet", "Journal": "MediaOutlet", "Herald": "MediaOutlet", "Gazette": "MediaOutlet",
    "Tribune": "MediaOutlet", "Telegraph": "MediaOutlet", "Guardian": "MediaOutlet",
}
"""Head words of organisation names and the actor type each gives ("Government Media Office")."""

MINISTRY_DOMAINS = frozenset({"health", "foreign", "defense", "defence", "interior", "finance", "education",
                              "justice", "information", "media", "economy", "agriculture", "welfare"})
"""Lower-case domains of "<place> health ministry", "Gaza's interior ministry"."""

PLACE_HEADS: dict[str, str] = {
    "Hospital": "Site", "Camp": "Site", "Crossing": "Site", "Corridor": "Site", "Zone": "Site", "Border": "Site",
    "Mosque": "Site", "School": "Site", "Street": "Site", "Square": "Site", "Airport": "Site", "Port": "Site",
    "Base": "Site", "Church": "Site", "Road": "Site", "Compound": "Site", "Complex": "Site", "Valley": "Region",
    "Heights": "Region", "Governorate": "Region", "Province": "Region", "District": "Region", "City": "City",
}
"""Head words of place names and the place type each gives ("Jabalia Camp", "Rafah Crossing")."""

PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "from", "into", "across", "toward", "towards", "outside",
                                "inside", "around", "through", "throughout", "within", "across", "entering"})
"""Prepositions before which a capitalised name is a place ("in Khan Younis")."""

DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west"})

TERRITORY_WORDS = frozenset({"enclave", "strip", "territory"})
"""Lower-case words standing for the territory last named ("the Hamas-run enclave")."""

PLACE_CUES = DIRECTIONS | PLACE_PREPOSITIONS | {"the"}
"""Words that may open a place mention the catalogue does not give."""

CALENDAR_WORDS = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
})

NAME_PARTICLES = frozenset({"al", "el", "abu", "bin", "ibn", "ben", "bint", "de", "da", "van", "von", "der"})
"""Lower-case words that may sit inside a person's name ("Abdel-Latif al-Qanoua")."""

NAME_CONNECTORS = frozenset({"of", "for", "and", "the", "on"})
"""Lower-case words inside an organisation's name ("Institute for National Security Studies")."""

NAME_INNER_WORDS = NAME_PARTICLES | NAME_CONNECTORS

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})

COLLECTIVE_HEADS = frozenset({"groups", "agencies", "sources", "parties", "organizations", "organisations",
                              "mediators", "negotiators", "families", "community", "officials", "witnesses",
                              "medics", "activists", "residents"})
"""Plural nouns of unnamed collective sources; an actor only where it speaks or acts (see `_collective_at`)."""

SINGLE_SOURCE_HEADS = frozenset({"source", "witness"})
"""Singular unnamed sources ("according to a source briefed on the talks")."""

SOURCE_HEADS = COLLECTIVE_HEADS | SINGLE_SOURCE_HEADS

DESCRIPTORS: dict[str, str] = {
    "group": "ArmedGroup", "organization": "ArmedGroup", "organisation": "ArmedGroup", "movement": "ArmedGroup",
    "military": "ArmedForces", "army": "ArmedForces", "ministry": "Ministry", "office": "GovernmentBody",
    "government": "Government", "cabinet": "Government", "administration": "Government", "official": "Person",
}
"""Head nouns of descriptors and the type of the earlier actor they stand for ("the official": a person whose
role is an official's)."""

DESCRIPTOR_DETERMINERS = frozenset({"the", "his", "her", "its", "their"})
ARMED_GROUP_ADJECTIVES = frozenset({"militant", "terror", "terrorist", "islamist", "armed", "palestinian",
                                    "jihadist", "extremist", "islamic"})
"""Adjectives that make "the group/organization/movement" an armed group ("the militant group")."""

NOT_THE_MILITARY = frozenset({"campaign", "campaigns", "operation", "operations", "wing", "wings", "infrastructure",
                              "pressure", "action", "actions", "court", "base", "bases", "escalation",
                              "capabilities", "abilities", "option", "solution", "offensive", "victory",
                              "strikes", "aid", "service", "experts", "analyst", "analysts", "and", "assault",
                              "presence", "withdrawal", "response", "targets", "sites", "power", "force", "might",
                              "leadership", "activity", "activities", "threat", "buildup", "spokesman",
                              "spokesperson", "chief", "chiefs", "commanders", "officials", "source", "sources",
                              "tribunal", "tribunals", "police", "occupation", "control", "rule", "zone", "zones"})
"""Nouns after "the military" that make it an adjective ("the military campaign"), not the armed forces."""


@dataclass(frozen=True)
class _Mention:
    """A candidate mention over tokens [start, end); turned into an ActorMention or PlaceMention at the end."""

    start: int
    end: int
    key: str
    type: str
    name: str
    how: str
    role: str | None = None
    member_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Catalogue:
    matcher: PhraseMatcher
    entries: dict[str, CatalogueEntry]
    by_name: dict[str, str]
    by_country: dict[str, str]
    governments: dict[str, str]


def slug(text: str) -> str:
    """A key from a name: lower-case ASCII words joined by hyphens ("Gaza Health Ministry" -> gaza-health-ministry)."""
    folded = text.replace("’", "").replace("'", "").lower()
    folded = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    return folded or "unnamed"


def _apostrophe_variants(text: str) -> set[str]:
    return {text, text.replace("'", "’"), text.replace("’", "'")}


@lru_cache(maxsize=8)
def _catalogue_index(entries: tuple[CatalogueEntry, ...]) -> _Catalogue:
    nlp = english()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_name: dict[str, str] = {}
    for entry in entries:
        names = {variant for name in (entry.name, *entry.aliases) for variant in _apostrophe_variants(name)}
        matcher.add(entry.key, [nlp.make_doc(name) for name in sorted(names)])
        for name in (entry.name, *entry.aliases):
            by_name.setdefault(_fold(name), entry.key)
    by_key = {entry.key: entry for entry in entries}
    by_country = {_fold(name): entry.key for entry in entries if entry.type == "State"
                  for name in (entry.name, *entry.aliases)}
    return _Catalogue(matcher, by_key, by_name, by_country, _governments(entries))


def _governments(entries: Iterable[CatalogueEntry]) -> dict[str, str]:
    """State or person key -> the key of its Government entry ("Government of Israel", "Trump administration")."""
    governments = [e for e in entries if e.type == "Government"]
    found: dict[str, str] = {}
    for entry in entries:
        if entry.type not in ("State", "Person"):
            continue
        words = {entry.name.split()[-1]} if entry.type == "Person" else {entry.name}
        words |= {demonym for demonym, country in NATIONALITIES.items() if country == entry.name}
        for government in governments:
            names = (government.name, *government.aliases)
            if any(re.search(rf"\b{re.escape(word)}\b", name) for word in words for name in names):
                if entry.type == "Person" or _fold(government.name).startswith(("government of", "cabinet of")) \
                        or any(_fold(n) in {f"{_fold(w)} government" for w in words} for n in names):
                    found.setdefault(entry.key, government.key)
    return found


def _fold(text: str) -> str:
    text = text.replace("’", "'").lower()
    return re.sub(r"^the\s+", "", text).strip()


@cache
def _statistical_model() -> Language | None:
    """An installed `en_core_web_*` model, or None (the rules never need one)."""
    names = sorted(name for name in spacy.util.get_installed_models() if name.startswith("en_core_web"))
    return spacy.load(names[0], disable=["lemmatizer"]) if names else None


class _Latest:
    """The latest of some mentions ending at or before a token (binary search over their ends)."""

    def __init__(self, mentions: Iterable[_Mention]):
        self.items = sorted(mentions, key=lambda m: (m.end, m.start))
        self.ends = [m.end for m in self.items]

    def before(self, position: int) -> _Mention | None:
        index = bisect_right(self.ends, position)
        return self.items[index - 1] if index else None


class _Live:
    """Mentions being edited, indexed by first and end token so that lookups stay local in long articles."""

    def __init__(self, mentions: Iterable[_Mention]):
        self.alive: dict[int, _Mention] = {}
        self.count = 0
        self.by_start: dict[int, list[int]] = {}
        self.by_end: dict[int, list[int]] = {}
        for mention in mentions:
            self.add(mention)

    def add(self, mention: _Mention) -> None:
        ident = self.count
        self.count += 1
        self.alive[ident] = mention
        self.by_start.setdefault(mention.start, []).append(ident)
        self.by_end.setdefault(mention.end, []).append(ident)

    def starting_at(self, start: int) -> list[_Mention]:
        return [self.alive[i] for i in self.by_start.get(start, ()) if i in self.alive]

    def ending_at(self, end: int) -> list[_Mention]:
        return [self.alive[i] for i in self.by_end.get(end, ()) if i in self.alive]

    def within(self, start: int, end: int) -> list[tuple[int, _Mention]]:
        return [(i, self.alive[i]) for position in range(start, end) for i in self.by_start.get(position, ())
                if i in self.alive and self.alive[i].end <= end]

    def remove(self, ident: int) -> None:
        self.alive.pop(ident, None)

    def mentions(self) -> list[_Mention]:
        return list(self.alive.values())


class _Finder:
    """One article's actor and place mentions; `actors` and `places` hold the results in text order."""

    def __init__(self, document: Document, entries: tuple[CatalogueEntry, ...]):
        self.document = document
        self.doc: Doc = document.doc
        self.tokens = document.words
        self.index = _catalogue_index(entries)
        self.article_key = slug(document.article.id)
        self.headline_like = self._headline_sentences()
        known = self._catalogue_matches()
        self.place_matches = [m for m in known if m.type in PLACE_TYPES]
        self.territories = _Latest(m for m in self.place_matches if m.type == "Territory")
        actors = self._standing_for_actors([m for m in known if m.type not in PLACE_TYPES])
        actors = self._with_health_authorities(actors)
        actors = self._with_titles(actors)
        actors = self._with_demonyms(actors)
        actors = self._with_names(actors)
        actors = self._with_acronyms(actors)
        actors = self._with_references(actors)
        actors = self._with_collectives(actors)
        actors = self._with_statistical_entities(actors)
        self.actors = sorted(actors, key=lambda m: (m.start, m.end, m.key))
        self.places = self._places()

    def _text(self, start: int, end: int) -> str:
        """The text of tokens [start, end), sliced as `doc[start:end]` is ("" for no token)."""
        first, last = _characters(self.tokens, start, end)
        return self.document.text[first:last]

    # --- catalogue -------------------------------------------------------------------------------
    def _catalogue_matches(self) -> list[_Mention]:
        """Longest catalogue matches; of two overlapping matches neither of which contains the other, both
        stay when the second is a possessive ("Prime Minister Benjamin Netanyahu" and "Netanyahu's office").
        Actors and places are matched apart: a place may lie inside an actor's name ("envoy to the Middle East")."""
        spans = [Span(self.doc, start, end, label=match_id) for match_id, start, end in self.index.matcher(self.doc)]
        self.known_by_start: dict[int, list[Span]] = {}
        self.known_by_end: dict[int, list[Span]] = {}
        for span in spans:
            self.known_by_start.setdefault(span.start, []).append(span)
            self.known_by_end.setdefault(span.end, []).append(span)
        found = []
        for is_place in (False, True):
            group = [s for s in spans if (self.index.entries[s.label_].type in PLACE_TYPES) == is_place]
            kept = filter_spans(group)
            kept_tokens = {(k.start, k.end) for k in kept}
            covering = {i: k for k in kept for i in range(k.start, k.end)}
            crossing = [s for s in group if (s.start, s.end) not in kept_tokens and any(t.text in POSSESSIVES for t in self.tokens[s.start:s.end])
                        and not (s.start in covering and s.end <= covering[s.start].end)]
            found += [self._known(s.start, s.end, s.label_, "catalogue") for s in kept + filter_spans(crossing)]
        return found

    def _standing_for_actors(self, actors: list[_Mention]) -> list[_Mention]:
        """Drop catalogue matches used as something else: 'southern Lebanon' is a place, and in "Israel's
        military campaign" the military is an adjective (the mention is Israel's)."""
        doc = self.tokens
        kept = []
        for mention in actors:
            if mention.type == "State" and mention.start > 0 and doc[mention.start - 1].lower_ in DIRECTIONS:
                continue
            last = doc[mention.end - 1].lower_
            if mention.type == "ArmedForces" and last in ("military", "army") and mention.end < len(doc) \
                    and doc[mention.end].lower_ in NOT_THE_MILITARY:
                if doc[mention.end - 2].text in POSSESSIVES:
                    possessor = self._known_ending_at(mention.end - 2)
                    if possessor is not None:
                        kept.append(possessor)
                continue
            kept.append(mention)
        return kept

    def _with_health_authorities(self, actors: list[_Mention]) -> list[_Mention]:
        """'health officials in Gaza', 'Hamas-run health authorities in the Strip': the health ministry of the place."""
        doc = self.tokens
        for token in doc:
            if token.lower_ != "health" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ not in (
                    "officials", "authorities", "ministry"):
                continue
            start = token.i
            if start >= 3 and doc[start - 1].lower_ in ("run", "controlled", "led") and doc[start - 2].text == "-":
                start -= 3
            place, end = self._place_after_in(token.i + 2)
            if place is None:
                continue
            name = self._health_ministry_name(place.key)
            key = self.index.by_name.get(_fold(name)) or slug(name)
            mention = _Mention(start, end, key, "Ministry", name, "descriptor")
            actors = [m for m in actors if not (start <= m.start and m.end <= end)] + [mention]
        return actors

    def _place_after_in(self, i: int) -> tuple[_Mention | None, int]:
        doc = self.tokens
        if i >= len(doc) or doc[i].lower_ != "in":
            return None, i
        named = next((m for m in self.place_matches if m.start in (i + 1, i + 2) and m.type != "Site"), None)
        if named is not None and (named.start == i + 1 or doc[i + 1].lower_ == "the"):
            return named, named.end
        territory = self._territory_word(doc[i + 1]) if i + 1 < len(doc) else None
        return (territory, territory.end) if territory is not None else (None, i)

    def _health_ministry_name(self, place_key: str) -> str:
        """'<place> Health Ministry' under the place's name or alias the catalogue knows it by."""
        entry = self.index.entries[place_key]
        for name in (entry.name, *entry.aliases):
            if _fold(f"{name} Health Ministry") in self.index.by_name:
                return f"{name} Health Ministry"
        return f"{entry.name} Health Ministry"

    def _known(self, start: int, end: int, key: str, how: str) -> _Mention:
        entry = self.index.entries[key]
        return _Mention(start, end, key, entry.type, entry.name, how)

    def _known_ending_at(self, end: int) -> _Mention | None:
        """The longest catalogue match (not a place) ending just before token `end`."""
        spans = [s for s in self.known_by_end.get(end, ()) if self.index.entries[s.label_].type not in PLACE_TYPES]
        if not spans:
            return None
        best = min(spans, key=lambda s: s.start)
        return self._known(best.start, best.end, best.label_, "catalogue")

    # --- titles ----------------------------------------------------------------------------------
    def _with_titles(self, actors: list[_Mention]) -> list[_Mention]:
        live = _Live(actors)
        claimed: set[int] = set()
        for head in self.tokens:
            if head.lower_ not in ROLE_HEADS or head.i in claimed:
                continue
            title = self._title_at(head, live)
            if title is None:
                continue
            person, owner, (name_start, name_end) = title
            for ident, m in live.within(person.start, person.end):
                if m.type == "Person" or (m.start < name_end and name_start < m.end):
                    live.remove(ident)
            if owner is not None and owner.how == "catalogue" and not any(
                    m.end == owner.end for m in live.starting_at(owner.start)):
                live.add(owner)
            live.add(person)
            claimed |= set(range(person.start, person.end))
        return live.mentions()

    def _title_at(self, head: Word, actors: _Live) -> tuple[_Mention, _Mention | None, tuple[int, int]] | None:
        """The person a title at `head` names, the owner of the title, and the tokens of the person's name."""
        doc = self.tokens
        role_start, role_end = head.i, head.i + 1
        if head.lower_ == "secretary" and self._text(role_end, role_end + 2).lower() in ("-general", "- general"):
            role_end += 2
        role_end = self._role_complement(role_end)
        while role_end < len(doc) and doc[role_end].text in RANK_ABBREVIATIONS:
            role_end += 1
        while role_start > 0 and doc[role_start - 1].lower_ in ROLE_MODIFIERS:
            role_start -= 1
        owner = self._owner_before(role_start)
        start = owner.start if owner else role_start
        if owner is not None:
            while start > 0 and doc[start - 1].lower_ in ROLE_MODIFIERS:
                start -= 1
        role = self._text(role_start, role_end)
        affiliation = None
        if owner is None:
            role_end, affiliation = self._affiliation_after(role_end)
        determiner = start > 0 and doc[start - 1].lower_ in ("a", "an", "the")
        span_start = start - 1 if determiner else start
        name_start = role_end + 1 if role_end < len(doc) and doc[role_end].text == "," else role_end
        name_end = self._person_name_end(name_start)
        member_of = self._membership(owner, head) if owner else (affiliation.key,) if affiliation else ()
        appositive = self._appositive_person(span_start, actors)
        if name_end > name_start and (name_start == role_end or determiner):
            key, name = self._person_key(name_start, name_end, actors)
        elif appositive is not None:
            return _Mention(appositive.start, role_end, appositive.key, "Person", appositive.name, "title",
                            role, member_of), owner, (appositive.start, appositive.end)
        elif determiner and head.lower_ in NAMELESS_ROLES and (owner is not None or head.i > role_start):
            if owner is None and doc[start - 1].lower_ == "the":
                return None
            name_end = role_end
            key, name = self._unnamed_person(start, role_end)
        else:
            return None
        if head.i == role_start and owner is None and name_end == role_end:
            return None
        person = _Mention(span_start, name_end, key, "Person", name, "title", role, member_of)
        return person, owner, (name_start, name_end)

    def _affiliation_after(self, end: int) -> tuple[int, _Mention | None]:
        """'a senior researcher at the Institute ...': the known actor a title without an owner belongs to."""
        doc = self.tokens
        if end + 1 >= len(doc) or doc[end].lower_ not in ("at", "of", "for", "with"):
            return end, None
        start = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        known = self._known_starting_at(start)
        return (known.end, known) if known is not None else (end, None)

    def _appositive_person(self, title_start: int, actors: _Live) -> _Mention | None:
        """'Steve Witkoff, Trump's special envoy': the person whose name stands before a comma and the title
        (a known person, or two to four capitalised words)."""
        doc = self.tokens
        comma = title_start - 1
        if comma < 1 or doc[comma].text != ",":
            return None
        before = actors.ending_at(comma)
        known = next((m for m in before if m.type == "Person"), None)
        if known is not None or before:
            return known
        start = comma
        while start > 0 and (_is_name_word(doc[start - 1]) or doc[start - 1].text == "-") \
                and not (doc[start - 1].is_sent_start and doc[start - 1].lower_ in STOP_WORDS):
            start -= 1
        if self._person_name_end(start) != comma or not 2 <= sum(_is_name_word(t) for t in doc[start:comma]) <= 4:
            return None
        key, name = self._person_key(start, comma, actors)
        return _Mention(start, comma, key, "Person", name, "capitalised-name")

    def _unnamed_person(self, start: int, end: int) -> tuple[str, str]:
        """'the UN Secretary-General' is the catalogue's person when it knows the title; else a person of this article."""
        for span in (s for position in range(start, end) for s in self.known_by_start.get(position, ())):
            entry = self.index.entries[span.label_]
            if entry.type == "Person" and span.end <= end:
                return entry.key, entry.name
        name = self._text(start, end)
        return f"{slug(name)}-{self.article_key}", name

    def _role_complement(self, end: int) -> int:
        """Extend a role over "of State" and "to the U.N." / "to the Middle East"."""
        doc = self.tokens
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text[:1].isupper() \
                and doc[end + 1].lower_ not in STOP_WORDS:
            return end + 2
        if end + 1 < len(doc) and doc[end].lower_ == "to":
            after = end + 2 if doc[end + 1].lower_ == "the" else end + 1
            known = self.known_by_start.get(after, [])
            if known:
                return max(s.end for s in known)
        return end

    def _owner_before(self, role_start: int) -> _Mention | None:
        """The actor owning a title: a known actor, a possessive ("Trump's") or a demonym before the role."""
        doc = self.tokens
        end = role_start
        if end > 0 and doc[end - 1].text in POSSESSIVES:
            end -= 1
        if end <= 0:
            return None
        known = self._known_ending_at(end)
        if known is not None:
            return known
        return self._demonym(doc[end - 1])

    def _demonym(self, token: Word) -> _Mention | None:
        country = NATIONALITIES.get(token.text)
        if country is None:
            return None
        key = self.index.by_country.get(_fold(country), slug(country))
        return _Mention(token.i, token.i + 1, key, "State", country, "demonym")

    def _membership(self, owner: _Mention, head: Word) -> tuple[str, ...]:
        if owner.type == "Person" or (owner.type == "State" and head.lower_ in MINISTERIAL_ROLES):
            government = self.index.governments.get(owner.key)
            if government:
                return (government,)
            return () if owner.type == "Person" else (owner.key,)
        return (owner.key,)

    def _person_name_end(self, start: int) -> int:
        """The end of a person's name starting at `start` (`start` when there is none)."""
        doc = self.tokens
        end, words = start, 0
        while end < len(doc) and words < 5:
            token = doc[end]
            if _is_name_word(token):
                words += 1
                end += 1
            elif token.text == "-" and end > start and not doc[end - 1].whitespace_ and end + 1 < len(doc) \
                    and not token.whitespace_ and (_is_name_word(doc[end + 1]) or doc[end + 1].lower_ in NAME_PARTICLES):
                end += 1
            elif token.lower_ in NAME_PARTICLES and end > start and end + 1 < len(doc) and \
                    (_is_name_word(doc[end + 1]) or doc[end + 1].text == "-"):
                end += 1
            else:
                break
        return end

    def _person_key(self, start: int, end: int, actors: _Live) -> tuple[str, str]:
        for span in (s for position in range(start, end) for s in self.known_by_start.get(position, ())):
            entry = self.index.entries[span.label_]
            if entry.type == "Person" and span.end <= end:
                return entry.key, entry.name
        for mention in (m for position in range(max(0, start - 8), start + 1) for m in actors.starting_at(position)):
            if mention.type == "Person" and end <= mention.end:
                return mention.key, mention.name
        name = self._text(start, end)
        return self.index.by_name.get(_fold(name), slug(name)), name

    # --- demonyms and groups ---------------------------------------------------------------------
    def _with_demonyms(self, actors: list[_Mention]) -> list[_Mention]:
        doc = self.tokens
        covered = _covered(actors)
        starts = {m.start for m in actors if m.how == "catalogue"}
        added: list[_Mention] = []
        consumed = -1
        for token in doc:
            if token.i <= consumed or (token.i in covered and token.i not in starts) or (
                    token.text not in NATIONALITIES and token.i not in self.known_by_start):
                continue
            owners, i = self._owner_list(token.i)
            if not owners or i >= len(doc):
                continue
            consumed = i
            noun = doc[i].lower_
            if noun in STATE_VOICE_NOUNS:
                added += [o for o in owners if o.how == "demonym" and o.start not in covered]
            elif noun in GROUP_NOUNS and len(owners) == 1 and i not in covered:
                owner = owners[0]
                name = self._text(owner.start, i + 1)
                added.append(_Mention(owner.start, i + 1, f"{slug(name)}-{self.article_key}", "Group", name,
                                      "group", member_of=(owner.key,)))
        return actors + added

    def _owner_list(self, i: int) -> tuple[list[_Mention], int]:
        """Owners listed from token `i` ("Qatari and Egyptian", "U.S.") and the index of the noun after them."""
        owners: list[_Mention] = []
        doc = self.tokens
        while i < len(doc):
            owner = self._demonym(doc[i]) or self._known_starting_at(i)
            if owner is None:
                break
            owners.append(owner)
            i = owner.end
            if i < len(doc) and doc[i].lower_ in ("and", ","):
                i += 1
        if owners and doc[i - 1].lower_ in ("and", ","):
            return [], i
        return owners, i

    def _known_starting_at(self, start: int) -> _Mention | None:
        spans = [s for s in self.known_by_start.get(start, ())
                 if self.index.entries[s.label_].type not in PLACE_TYPES]
        if not spans:
            return None
        best = max(spans, key=lambda s: s.end)
        return self._known(best.start, best.end, best.label_, "catalogue")

    # --- capitalised names -----------------------------------------------------------------------
    def _with_names(self, actors: list[_Mention]) -> list[_Mention]:
        doc = self.tokens
        self.name_endings: dict[str, list[_Mention]] = {}
        for person in actors:
            if person.type == "Person":
                self._remember_name(person)
        covered = _covered(actors) | _covered(self.place_matches)
        i = 0
        while i < len(doc):
            token = doc[i]
            if i in covered or i in self.headline_like:
                i += 1
                continue
            ministry = self._lowercase_ministry(i) if token.lower_ in MINISTRY_DOMAINS else None
            if ministry is not None:
                actors.append(ministry)
                covered |= set(range(ministry.start, ministry.end))
                i = ministry.end
                continue
            end = self._capitalised_run_end(i, covered) if token.text[:1].isupper() else i
            if end > i:
                mention = self._name_mention(i, end, actors)
                if mention is not None:
                    actors.append(mention)
                    covered |= set(range(mention.start, mention.end))
                    if mention.type == "Person" and mention.how != "short-form":
                        self._remember_name(mention)
                i = end
            else:
                i += 1
        return actors

    def _capitalised_run_end(self, start: int, covered: set[int]) -> int:
        doc = self.tokens
        if not _is_name_word(doc[start]) or (doc[start].is_sent_start and doc[start].lower_ in STOP_WORDS):
            return start
        end = start
        while end < len(doc) and end not in covered:
            token = doc[end]
            if _is_name_word(token) or (token.text == "-" and not token.whitespace_ and not doc[end - 1].whitespace_
                                         and end + 1 < len(doc) and _is_name_word(doc[end + 1])):
                end += 1
            elif token.lower_ in NAME_INNER_WORDS and end + 1 < len(doc) and \
                    (_is_name_word(doc[end + 1]) or doc[end + 1].text == "-") and end + 1 not in covered:
                end += 1
            else:
                break
        while end > start and (doc[end - 1].lower_ in NAME_CONNECTORS or doc[end - 1].text == "-"):
            end -= 1
        return end

    def _name_mention(self, start: int, end: int, actors: Sequence[_Mention]) -> _Mention | None:
        doc = self.tokens
        words = [t for t in doc[start:end] if t.is_alpha or "-" in t.text]
        name = self._text(start, end)
        heads = [t for t in doc[start:end] if t.text in ORG_HEADS]
        if heads:
            head = heads[0] if heads[0].i + 1 < end and doc[heads[0].i + 1].lower_ == "of" else heads[-1]
            if head.text in ("News", "Times", "Post", "Press", "International", "Cross", "Watch") and head.i == start:
                return None
            key = self.index.by_name.get(_fold(name))
            type_ = self.index.entries[key].type if key else ORG_HEADS[head.text]
            return _Mention(start, end, key or slug(name), type_, name, "capitalised-name")
        if self._after_place_preposition(start) or any(t.text in PLACE_HEADS for t in doc[start:end]):
            return None
        if any(t.text in CALENDAR_WORDS or t.lower_ in TITLE_WORDS or t.text in NATIONALITIES
               for t in doc[start:end]):
            return None
        named = [t for t in doc[start:end] if _is_name_word(t)]
        earlier = self._earlier_person(name, start)
        if earlier is not None:
            return _Mention(start, end, earlier.key, "Person", earlier.name, "short-form")
        if 2 <= len(named) <= 4 and len(words) >= 2:
            key = self.index.by_name.get(_fold(name))
            if key and self.index.entries[key].type not in ("Person",):
                return None
            return _Mention(start, end, key or slug(name), "Person", name, "capitalised-name")
        return None

    def _earlier_person(self, name: str, start: int) -> _Mention | None:
        """The person this name shortens: an earlier full name ending with the same words."""
        candidates = [m for m in self.name_endings.get(name, ()) if m.end <= start]
        return max(candidates, key=lambda m: m.end) if candidates else None

    def _remember_name(self, person: _Mention) -> None:
        """Index a person's full name by its last words ("Bassal", "Abu Hilal") for later short forms."""
        words = re.split(r"(?<=\S)(?=[ -])", person.name)
        for cut in range(1, len(words)):
            ending = "".join(words[cut:]).lstrip(" -")
            self.name_endings.setdefault(ending, []).append(person)

    def _lowercase_ministry(self, i: int) -> _Mention | None:
        """'Gaza's health ministry', 'the Hamas-run health ministry': a ministry of the place or actor before it."""
        doc = self.tokens
        if i + 1 >= len(doc) or doc[i].lower_ not in MINISTRY_DOMAINS or doc[i + 1].lower_ != "ministry" \
                or doc[i].text[:1].isupper():
            return None
        j = i - 1
        if j >= 0 and doc[j].text in POSSESSIVES:
            j -= 1
        elif j >= 2 and doc[j].lower_ in ("run", "controlled", "led", "based") and doc[j - 1].text == "-":
            j -= 2
        if j < 0 or not doc[j].text[:1].isupper():
            return None
        owner_start = j
        while owner_start > 0 and _is_name_word(doc[owner_start - 1]):
            owner_start -= 1
        owner = self._text(owner_start, j + 1)
        name = f"{owner} {doc[i].text.title()} Ministry"
        phrase = self._text(owner_start, i + 2)
        key = self.index.by_name.get(_fold(phrase)) or self.index.by_name.get(_fold(name))
        return _Mention(owner_start, i + 2, key or slug(name), "Ministry", name, "capitalised-name")

    def _after_place_preposition(self, start: int) -> bool:
        doc = self.tokens
        before = start - 1
        if before >= 0 and doc[before].lower_ == "the":
            before -= 1
        return before >= 0 and doc[before].lower_ in PLACE_PREPOSITIONS

    def _headline_sentences(self) -> set[int]:
        """Tokens of sentences written in title case (headlines: no lower-case content word), where
        capitalised words say nothing about names."""
        tokens: set[int] = set()
        for sentence in self.document.sentences:
            words = [t for t in self.tokens[sentence.start:sentence.end] if t.is_alpha]
            if len(words) >= 3 and not any(t.is_lower and t.lower_ not in STOP_WORDS for t in words):
                tokens |= set(range(sentence.start, sentence.end))
        return tokens

    # --- collectives ------------------------------------------------------------------------------
    def _with_collectives(self, actors: list[_Mention]) -> list[_Mention]:
        """Unnamed sources that speak or act: 'rights groups', 'aid agencies said', 'according to a source'."""
        covered = _covered(actors)
        self.actors_by_start: dict[int, list[_Mention]] = {}
        for mention in actors:
            self.actors_by_start.setdefault(mention.start, []).append(mention)
        for token in self.tokens:
            members = self._members_of(token) if token.i not in covered and token.lower_ == "members" else None
            if members is not None:
                actors.append(members)
                continue
            if token.i in covered or token.lower_ not in SOURCE_HEADS:
                continue
            mention = self._collective_at(token)
            if mention is not None and not any(i in covered for i in range(mention.start, mention.end)):
                actors.append(mention)
                covered |= set(range(mention.start, mention.end))
        return actors

    def _members_of(self, head: Word) -> _Mention | None:
        """'far-right members of the Israeli government': a group of the actor named after 'members of', when
        qualified or speaking ('members of Hezbollah' killed in a strike are not a source)."""
        doc = self.tokens
        if head.lower_ != "members" or head.i + 2 >= len(doc) or doc[head.i + 1].lower_ != "of":
            return None
        i = head.i + 2
        candidates = self.actors_by_start.get(i, []) + (
            self.actors_by_start.get(i + 1, []) if doc[i].lower_ in DESCRIPTOR_DETERMINERS else [])
        of = candidates[0] if candidates else None
        if of is None or of.type == "Person":
            return None
        start = head.i
        while start > 0 and head.i - start < 3 and (_is_plain_modifier(doc[start - 1]) or doc[start - 1].text == "-"):
            start -= 1
        while start < head.i and doc[start].text == "-":
            start += 1
        if start == head.i and not (self._speaks_after(of.end) or doc[start].is_sent_start):
            return None
        name = self._text(start, of.end)
        return _Mention(start, of.end, f"{slug(self._text(start, head.i + 1))}-of-{of.key}-{self.article_key}", "Group",
                        name[:1].upper() + name[1:], "collective", member_of=(of.key,))

    def _collective_at(self, head: Word) -> _Mention | None:
        doc = self.tokens
        start = head.i
        while start > 0 and head.i - start < 2 and _is_plain_modifier(doc[start - 1]):
            start -= 1
        if head.lower_ in SINGLE_SOURCE_HEADS:
            if start == 0 or doc[start - 1].lower_ not in ("a", "an"):
                return None
            start -= 1
        elif head.lower_ == "community" and (start == head.i or doc[head.i - 1].lower_ != "international"):
            return None
        end = head.i + 1
        if head.lower_ == "families" and end + 1 < len(doc) and doc[end].lower_ == "of":
            end = end + 2 if doc[end + 1].lower_ != "the" else end + 3
        if not (self._speaks_after(end) or self._agent_before(start) or doc[start].is_sent_start):
            return None
        words = self._text(start, end)
        name = re.sub(r"^(?:a|an|the)\s+", "", words, flags=re.IGNORECASE)
        type_ = "Person" if head.lower_ in SINGLE_SOURCE_HEADS else "Group"
        return _Mention(start, end, f"{slug(name)}-{self.article_key}", type_, name[:1].upper() + name[1:],
                        "collective")

    def _speaks_after(self, end: int) -> bool:
        """A reporting verb follows, after at most an auxiliary and an adverb ('have long called')."""
        doc = self.tokens
        forms = reporting_forms()
        for token in doc[end:end + 3]:
            if token.lower_ in forms or token.lower_ in ("want", "wants", "wanted"):
                return True
            if not (token.lower_ in ("have", "has", "had", "were", "are", "also", "long", "had") or
                    token.lower_.endswith("ly")):
                return False
        return False

    def _agent_before(self, start: int) -> bool:
        """'according to hospital sources', 'condemned by rights groups', 'pressure from negotiators'."""
        doc = self.tokens
        i = start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i < 0:
            return False
        return doc[i].lower_ in ("by", "from", "with") or (doc[i].lower_ == "to" and i > 0
                                                            and doc[i - 1].lower_ == "according")

    # --- acronyms --------------------------------------------------------------------------------
    def _with_acronyms(self, actors: list[_Mention]) -> list[_Mention]:
        doc = self.tokens
        live = _Live(actors)
        self.acronyms: dict[str, _Mention] = {}
        for ident, mention in list(live.alive.items()):
            close = mention.end + 2
            if close >= len(doc) or doc[mention.end].text != "(" or doc[close].text != ")":
                continue
            acronym = doc[mention.end + 1]
            if not re.fullmatch(r"[A-Z][A-Z.]{1,7}", acronym.text):
                continue
            inner = live.within(acronym.i, acronym.i + 1)
            if any(m.key != mention.key for _, m in inner):
                continue
            for inner_ident, _ in inner:
                live.remove(inner_ident)
            live.remove(ident)
            live.add(replace(mention, end=close + 1))
            self.acronyms[acronym.text] = mention
        return live.mentions()

    # --- short forms and descriptors -------------------------------------------------------------
    def _with_references(self, actors: list[_Mention]) -> list[_Mention]:
        doc = self.tokens
        found = list(actors)
        covered = _covered(found)
        self.latest = {type_: _Latest(m for m in actors if m.type == type_) for type_ in set(DESCRIPTORS.values())}
        self.latest["official"] = _Latest(m for m in actors if m.type == "Person"
                                          and (m.role or "").lower().endswith("official"))
        self.persons_by_end = {m.end: m for m in actors if m.type == "Person"}
        for token in doc:
            if token.i in covered or not (token.text in self.acronyms or token.lower_ in DESCRIPTOR_DETERMINERS
                                          or token.text in POSSESSIVES):
                continue
            reference = self._acronym_reference(token) or self._descriptor(token) or self._persons_government(token)
            if reference is not None:
                found.append(reference)
                covered |= set(range(reference.start, reference.end))
        return found

    def _persons_government(self, token: Word) -> _Mention | None:
        """"Trump's team", "Netanyahu's government": the government the catalogue gives that person."""
        doc = self.tokens
        if token.text not in POSSESSIVES or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ not in (
                "team", "administration", "government", "cabinet"):
            return None
        person = self.persons_by_end.get(token.i)
        government = self.index.governments.get(person.key) if person else None
        if person is None or government is None:
            return None
        entry = self.index.entries[government]
        return _Mention(person.start, token.i + 2, government, entry.type, entry.name, "descriptor")

    def _acronym_reference(self, token: Word) -> _Mention | None:
        full = self.acronyms.get(token.text)
        if full is None or token.i < full.end:
            return None
        return replace(full, start=token.i, end=token.i + 1, how="short-form", role=None, member_of=())

    def _descriptor(self, token: Word) -> _Mention | None:
        if token.lower_ not in DESCRIPTOR_DETERMINERS:
            return None
        doc = self.tokens
        i = token.i + 1
        adjectives = 0
        while i < len(doc) and doc[i].lower_ in ARMED_GROUP_ADJECTIVES:
            adjectives += 1
            i += 1
        if i >= len(doc) or doc[i].lower_ not in DESCRIPTORS:
            return None
        noun = doc[i].lower_
        if noun in ("group", "organization", "organisation", "movement") and not adjectives:
            return None
        if adjectives and noun not in ("group", "organization", "organisation", "movement"):
            return None
        if noun in ("military", "army") and i + 1 < len(doc) and doc[i + 1].lower_ in NOT_THE_MILITARY:
            return None
        if i + 1 < len(doc) and doc[i + 1].text in POSSESSIVES and noun in ("official",):
            return None
        if noun in ("military", "army") and token.lower_ != "the":
            return None
        if token.lower_ in ("his", "her") and noun in ("government", "cabinet", "administration"):
            person = self.latest["Person"].before(token.i)
            government = self.index.governments.get(person.key) if person else None
            if government is not None:
                entry = self.index.entries[government]
                return _Mention(token.i, i + 1, government, entry.type, entry.name, "descriptor")
        antecedent = self.latest["official" if noun == "official" else DESCRIPTORS[noun]].before(token.i)
        if antecedent is None:
            return None
        return _Mention(token.i, i + 1, antecedent.key, antecedent.type, antecedent.name, "descriptor")

    # --- optional statistical model --------------------------------------------------------------
    def _with_statistical_entities(self, actors: list[_Mention]) -> list[_Mention]:
        model = _statistical_model()
        if model is None:
            return actors
        covered = _covered(actors) | _covered(self.place_matches)
        for entity in model(self.document.text).ents:
            if entity.label_ not in ("PERSON", "ORG"):
                continue
            span = self.doc.char_span(entity.start_char, entity.end_char, alignment_mode="expand")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            name = span.text
            type_ = "Person" if entity.label_ == "PERSON" else "Organization"
            actors.append(_Mention(span.start, span.end, self.index.by_name.get(_fold(name), slug(name)), type_,
                                   name, "ner"))
            covered |= set(range(span.start, span.end))
        return actors

    # --- places ----------------------------------------------------------------------------------
    def _places(self) -> list[_Mention]:
        doc = self.tokens
        named = [m for m in self.actors if m.how in ("catalogue", "capitalised-name", "acronym", "ner")]
        named_starts = {a.start for a in named}
        places = [m for m in self.place_matches if m.start not in named_starts]
        covered = _covered(self.place_matches) | _covered(named)
        inside_regions: set[int] = set()
        for token in doc:
            if token.i in covered or token.lower_ not in PLACE_CUES:
                continue
            place = self._region(token) or self._territory_word(token) or self._named_place(token, covered)
            if place is not None:
                places.append(place)
                covered |= set(range(place.start, place.end))
                if place.how == "direction":
                    inside_regions |= set(range(place.start + 1, place.end))
        return sorted((m for m in places if m.start not in inside_regions), key=lambda m: (m.start, m.end, m.key))

    def _region(self, token: Word) -> _Mention | None:
        """'southern Lebanon', 'northern Gaza': a direction before a state or territory names a region of it."""
        if token.lower_ not in DIRECTIONS or token.i + 1 >= len(self.tokens):
            return None
        state = next((self._known(s.start, s.end, s.label_, "catalogue") for s in self.known_by_start.get(token.i + 1, ())
                      if self.index.entries[s.label_].type in ("State", "Territory")), None)
        if state is None:
            return None
        name = self._text(token.i, state.end)
        return _Mention(token.i, state.end, slug(name), "Region", name, "direction")

    def _territory_word(self, token: Word) -> _Mention | None:
        """'the enclave', 'the Hamas-run enclave', 'the densely populated enclave': the territory last named."""
        if token.lower_ != "the":
            return None
        doc = self.tokens
        i = token.i + 1
        if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in ("run", "controlled", "held", "ruled"):
            i += 3
        while i < len(doc) and i - token.i <= 3 and doc[i].lower_ not in TERRITORY_WORDS and doc[i].is_alpha \
                and doc[i].is_lower and doc[i].lower_ not in STOP_WORDS:
            i += 1
        if i >= len(doc) or doc[i].lower_ not in TERRITORY_WORDS:
            return None
        antecedent = self.territories.before(token.i)
        if antecedent is None:
            return None
        return _Mention(token.i, i + 1, antecedent.key, antecedent.type, antecedent.name, "descriptor")

    def _named_place(self, token: Word, covered: set[int]) -> _Mention | None:
        """A capitalised name after a place preposition ('in Deir al-Balah', 'near the Rafah crossing')."""
        doc = self.tokens
        if token.lower_ not in PLACE_PREPOSITIONS or token.i + 1 >= len(doc):
            return None
        start = token.i + 2 if doc[token.i + 1].lower_ == "the" else token.i + 1
        if start >= len(doc) or start in covered:
            return None
        end = self._capitalised_run_end(start, covered)
        if end == start or self._known_starting_at(start) is not None or any(
                t.text in CALENDAR_WORDS or t.text in NATIONALITIES or t.text in ORG_HEADS for t in doc[start:end]):
            return None
        if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in ("run", "controlled", "led", "backed"):
            return None
        type_ = next((PLACE_HEADS[t.text] for t in doc[start:end] if t.text in PLACE_HEADS), "Place")
        if end < len(doc) and doc[end].text.title() in PLACE_HEADS and doc[end].is_lower:
            type_ = PLACE_HEADS[doc[end].text.title()]
            end += 1
        name = self._text(start, end)
        return _Mention(start, end, slug(name), type_, name, "place-preposition")


def _is_name_word(token: Word) -> bool:
    return _is_name_text(token.text)


@lru_cache(maxsize=65536)
def _is_name_text(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-zA-Z’'.]*", text)) and not text.isupper() or bool(
        re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", text))


def _is_plain_modifier(token: Word) -> bool:
    """A content word that may qualify a collective ('rights groups', 'medical officials'): lower case,
    or capitalised only as the first word of its sentence ('Aid agencies said')."""
    return token.is_alpha and (token.is_lower or (token.is_sent_start and token.is_title)) \
        and token.lower_ not in STOP_WORDS and len(token.text) > 2 \
        and token.lower_ not in reporting_forms() and not token.lower_.endswith(("ed", "ing"))


def _covered(mentions: Iterable[_Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def find_actors(document: Document, catalogue: Mapping[str, CatalogueEntry]) -> list[ActorMention]:
    """Every actor mention of the article, in text order, each its own mention (the extractor groups by key)."""
    return list(_found(document, _entries(catalogue))[0])


def find_places(document: Document, catalogue: Mapping[str, CatalogueEntry]) -> list[PlaceMention]:
    """Every place mention of the article, in text order (states are actors, see `find_actors`)."""
    return list(_found(document, _entries(catalogue))[1])


def _entries(catalogue: Mapping[str, CatalogueEntry]) -> tuple[CatalogueEntry, ...]:
    return tuple(sorted(catalogue.values(), key=lambda e: e.key))


@lru_cache(maxsize=4)
def _found(document: Document, entries: tuple[CatalogueEntry, ...]
           ) -> tuple[tuple[ActorMention, ...], tuple[PlaceMention, ...]]:
    """Both results of one pass (the extractor asks for actors, then places, of the same document)."""
    finder = _Finder(document, entries)
    actors = tuple(_actor_mention(document, m) for m in finder.actors)
    places = tuple(PlaceMention(_evidence(document, m), m.key, m.type, m.name, m.how) for m in finder.places)
    return actors, places


def _characters(words: Sequence[Word], start: int, end: int) -> tuple[int, int]:
    """The character offsets of tokens [start, end), the range clipped as `doc[start:end]` clips it ((0, 0) for
    no token), read from the words: a spaCy `Span` makes one new `Token` object per token for its text."""
    tokens = range(len(words))[start:end]
    if not tokens:
        return 0, 0
    return words[tokens[0]].idx, words[tokens[-1]].end


def _evidence(document: Document, mention: _Mention) -> Evidence:
    return document.evidence(*_characters(document.words, mention.start, mention.end))


def _actor_mention(document: Document, mention: _Mention) -> ActorMention:
    return ActorMention(_evidence(document, mention), mention.key, mention.type, mention.name, mention.how,
                        mention.role, mention.member_of)
