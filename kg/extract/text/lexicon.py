"""Word lists shared by the extraction steps: reporting verbs with the speech act each performs,
the phrases naming the medium of a statement, and the words that refer back to an actor.

Speech acts and media are keys of the ontology's SKOS schemes (`ontology/concepts.ttl`); a test
checks that every value here is one of them, so a renamed concept fails loudly.
"""

from __future__ import annotations

import re
from functools import cache

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "deny": ("deny", "denies", "denied", "denying"),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "write": ("write", "writes", "wrote", "writing"),
    "call": ("call", "calls", "called", "calling"),
    "criticize": ("criticize", "criticizes", "criticized", "criticizing", "criticise", "criticises",
                  "criticised", "criticising"),
    "take": ("take", "takes", "took", "taken", "taking"),
    "cast": ("cast", "casts", "casting"),
    "dub": ("dub", "dubs", "dubbed", "dubbing"),
    "label": ("label", "labels", "labeled", "labelled", "labeling", "labelling"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
}


def verb_forms(lemma: str) -> tuple[str, ...]:
    """Base, -s, past and -ing forms of a regular English verb (irregular ones are listed)."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


REPORTING_VERBS: dict[str, str] = {
    "say": "statement", "tell": "statement", "state": "statement", "add": "statement",
    "note": "statement", "explain": "statement", "announce": "statement", "confirm": "statement",
    "write": "statement", "post": "statement", "tweet": "statement", "describe": "statement",
    "call": "statement", "declare": "statement", "acknowledge": "statement", "reiterate": "statement",
    "respond": "statement", "express": "statement", "indicate": "statement", "reply": "statement",
    "comment": "statement", "suggest": "statement",
    "accuse": "accusation", "allege": "accusation", "condemn": "accusation", "criticize": "accusation",
    "deny": "denial", "reject": "denial", "dismiss": "denial", "refute": "denial", "question": "denial",
    "warn": "warning", "caution": "warning",
    "threaten": "threat",
    "vow": "commitment", "promise": "commitment", "pledge": "commitment",
    "demand": "demand", "urge": "demand", "insist": "demand", "pressure": "demand",
    "blame": "blame",
    "claim": "claim", "argue": "claim", "maintain": "claim",
}
"""Verb lemma -> the speech act the verb chiefly performs (see the speech-act scheme's definitions)."""

PHRASAL_REPORTING: dict[str, str] = {"call for": "demand", "call on": "demand", "appeal for": "demand",
                                     "take credit": "claim", "cast doubt": "claim",
                                     "claim responsibility": "claim"}
"""Multi-word reporting expressions (lemma form) whose act differs from their first word's."""

NAMING_VERBS: frozenset[str] = frozenset({"call", "describe", "term", "dub", "label", "brand"})
"""Verbs that introduce a quoted description ("called it a 'fighting zone'") rather than a claim."""

QUOTE_ONLY_VERBS: dict[str, str] = {"term": "statement", "dub": "statement", "label": "statement",
                                    "brand": "statement"}
"""Verbs that attribute a quotation but never introduce reported speech on their own."""


REPORTING_NOUNS: dict[str, str] = {
    "concern": "warning", "warning": "warning", "criticism": "accusation", "condemnation": "accusation",
    "accusation": "accusation", "call": "demand", "demand": "demand", "denial": "denial", "threat": "threat",
    "claim": "claim", "statement": "statement", "pledge": "commitment", "promise": "commitment",
}
"""Nouns naming a statement whose maker follows "from"/"by" ("concerns from Qatar that ...")."""


QUOTE_CUES: tuple[tuple[str, str], ...] = (
    (r"\b(?:will|would|shall) pay\b|\bheavy price\b|\bdestr(?:oy|uction)\b|\beliminat|\bannihilat|\bdismantle"
     r"|\bact against\b|\bunder fire\b|\bfull force\b|\breturn to (?:war|fighting)\b"
     r"|\bresume (?:the )?(?:war|fighting)",
     "threat"),
    (r"\bmust\b|\bdemand|\bwe call on\b|^(?:release|return|stop|end|evacuate|withdraw|allow|open|free|let)\b",
     "demand"),
    (r"\bviolat|\bbreach|\bcrimes?\b|\bterror|\blying\b|\blies\b|\bhuman shields?\b|\bmassacre|\baggression"
     r"|\bescalation\b", "accusation"),
    (r"\bresponsib(?:le|ility) for\b|\bto blame\b|\brefused\b", "blame"),
    (r"\bcommitted to\b|\bwe will (?:continue to )?(?:honou?r|abide|respect|keep)\b|\bwe pledge\b|\bwe promise\b",
     "commitment"),
    (r"\bdanger|\bcatastroph|\bcollapse\b|\bat risk\b|\bthreatens? to\b", "warning"),
)
"""Words in a quotation that say what it chiefly does, when its attribution verb is neutral ("said"):
the first act whose pattern matches wins, so a threat outranks the demand it comes with."""


def act_of_quotation(words: str, default: str) -> str:
    """The speech act a quotation's own words perform, else `default` (the attribution verb's act)."""
    if default != "statement":
        return default
    for pattern, act in _compiled_cues():
        if pattern.search(words):
            return act
    return default


@cache
def _compiled_cues() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.IGNORECASE), act) for pattern, act in QUOTE_CUES)


@cache
def reporting_forms() -> dict[str, tuple[str, str]]:
    """Every inflected form of a reporting verb -> (lemma, speech act), lower case."""
    forms: dict[str, tuple[str, str]] = {}
    for lemma, act in {**REPORTING_VERBS, **QUOTE_ONLY_VERBS}.items():
        for form in verb_forms(lemma):
            forms.setdefault(form, (lemma, act))
    return forms


@cache
def phrasal_forms() -> dict[tuple[str, str], str]:
    """(inflected first word, second word) -> speech act, for `PHRASAL_REPORTING`."""
    return {(form, phrase.split()[1]): act for phrase, act in PHRASAL_REPORTING.items()
            for form in verb_forms(phrase.split()[0])}


@cache
def reporting_first_words() -> frozenset[str]:
    """Every word that may begin a reporting expression, lower case."""
    return frozenset(reporting_forms()) | {first for first, _ in phrasal_forms()}


MEDIUM_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bvideo\b[^.]{0,40}\bon (?:X|Twitter)\b|\bon (?:X|Twitter)\b[^.]{0,20}\bvideo\b", "video-on-x"),
    (r"\b(?:posted|wrote|tweeted|said|post|posts|statement)\b[^.]{0,20}\bon (?:X|Twitter)\b|\bon (?:X|Twitter)\b",
     "post-on-x"),
    (r"\bon (?:its |his |her |their |a )?Telegram\b|\bTelegram (?:channel|post|message)", "telegram"),
    (r"\b(?:on|via) (?:Facebook|Instagram|TikTok|YouTube|social media)\b|\bsocial media post\b|\bin a video\b",
     "social-media"),
    (r"\b(?:televised|TV|television) interview\b|\binterview (?:on|with) (?:[A-Z][\w.]* )*(?:TV|Television)\b"
     r"|\b60 Minutes\b|\bFace the Nation\b|\bMeet the Press\b", "tv-interview"),
    (r"\b(?:televised|television|TV) (?:address|statement|speech)\b|\baddress to the nation\b",
     "televised-statement"),
    (r"\bpress conference\b|\bnews conference\b|\bbriefing\b|\btold reporters\b|\bbriefed reporters\b",
     "press-conference"),
    (r"\b(?:Security Council|General Assembly|at the U\.?N\.?|to the U\.?N\.?|at the United Nations"
     r"|to the United Nations)\b", "un-statement"),
    (r"\bin an interview\b|\bin comments to\b|\binterview with\b", "interview-with-outlet"),
    (r"\b(?:in|issued) a (?:written )?statement\b|\bin a communi(?:que|qué)\b|\bpress release\b"
     r"|\bstatement (?:from|by|issued)\b", "written-statement"),
)
"""Regular expressions over an attribution's words -> medium key; the first that matches wins, so
narrower media (a video on X) come before broader ones (social media)."""


def medium_of(attribution: str) -> str | None:
    """The medium an attribution phrase names ("said in a video posted on X" -> video-on-x), if any."""
    for pattern, medium in _compiled_media():
        if pattern.search(attribution):
            return medium
    return None


@cache
def _compiled_media() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), medium) for pattern, medium in MEDIUM_PATTERNS)


PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she"})
ORGANISATION_PRONOUNS: frozenset[str] = frozenset({"it"})
PLURAL_PRONOUNS: frozenset[str] = frozenset({"they"})
SUBJECT_PRONOUNS: frozenset[str] = PERSON_PRONOUNS | ORGANISATION_PRONOUNS | PLURAL_PRONOUNS
"""The pronouns that may stand for a speaker ("it said", "he added"), by what they may refer to."""

DESCRIPTOR_TYPES: dict[str, frozenset[str]] = {
    "group": frozenset({"ArmedGroup", "Group", "Organization", "PoliticalParty"}),
    "movement": frozenset({"ArmedGroup", "Group", "PoliticalParty"}),
    "militants": frozenset({"ArmedGroup", "Group"}),
    "ministry": frozenset({"Ministry", "GovernmentBody"}),
    "office": frozenset({"GovernmentBody", "Ministry"}),
    "military": frozenset({"ArmedForces"}),
    "army": frozenset({"ArmedForces"}),
    "government": frozenset({"Government", "GovernmentBody", "State"}),
    "administration": frozenset({"Government"}),
    "country": frozenset({"State"}),
    "agency": frozenset({"InternationalOrganization", "GovernmentBody", "Organization"}),
    "organization": frozenset({"InternationalOrganization", "Organization", "Group"}),
    "official": frozenset({"Person"}),
    "spokesman": frozenset({"Person"}),
    "spokeswoman": frozenset({"Person"}),
    "spokesperson": frozenset({"Person"}),
    "minister": frozenset({"Person"}),
    "president": frozenset({"Person"}),
    "envoy": frozenset({"Person"}),
}
"""Head nouns of definite descriptions that refer back to an actor ("the group", "the ministry"),
with the actor types each may refer to; "the militant group" resolves by its head noun."""
