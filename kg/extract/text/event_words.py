"""The words the event step reads: trigger patterns typed by the ontology's event types, and the word
lists that tell a reported act from a wished, denied or merely named one.

Event types are keys of `ontology/event-types.ttl` (`tests/extract/test_events.py` checks them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.text.nationalities import NATIONALITIES


@dataclass(frozen=True)
class Trigger:
    """A pattern (lower-case regex) and the event type it reports; `generic` types give way to
    specific ones in the same sentence."""

    type: str
    pattern: str
    generic: bool = False


TRIGGERS: tuple[Trigger, ...] = (
    Trigger("drone-strike", r"drone[- ]?strikes?|drone attacks?"),
    Trigger("rocket-fire", r"(?:fir|launch)(?:ed|ing|es|e)\s+(?:a\s+)?(?:barrage|salvo|volley)\s+of\s+rockets|"
                           r"(?:fir|launch)(?:ed|ing|es|e)\s+(?:\w+\s+){0,2}?rockets?|barrage\s+of\s+rockets|"
                           r"rocket\s+(?:fire|attacks?|barrages?|launch(?:es)?)|mortar\s+(?:fire|shells?|rounds?)"),
    Trigger("missile-fire", r"(?:ballistic\s+)?missiles?\s+(?:fired|launched)|(?:fir|launch)(?:ed|ing|es|e)\s+"
                            r"(?:a\s+|two\s+|several\s+)?(?:ballistic\s+)?missiles?|missile\s+(?:fire|attacks?|launch(?:es)?)"),
    Trigger("interception", r"intercept(?:ed|s|ing|ion|ions)?"),
    Trigger("air-strike", r"air[- ]?strikes?|air\s+raids?|bombardments?|bombings?|bombed|shelling|"
                          r"(?<!general\s)strikes?(?!\s+(?:a|the)\s+deal)|struck"),
    Trigger("ground-operation", r"ground\s+(?:operations?|offensive|invasion|incursions?|assault|troops|forces)|"
                                r"incursions?|raids?|raided|invaded|invasion"),
    Trigger("armed-clash", r"clash(?:es|ed)?|skirmish(?:es)?|gunfights?|firefights?|exchanges?\s+of\s+fire"),
    Trigger("attack", r"opened\s+fire|open\s+fire|stormed|shootings?|stabbings?|ambush(?:ed)?"),
    Trigger("attack", r"attacks?|assaults?", generic=True),
    Trigger("abduction", r"abduct(?:ed|ion|ions)|kidnapp?(?:ed|ing|ings)"),
    Trigger("killing", r"killed|killing"),
    Trigger("resumption-of-hostilities",
            r"(?:resum|restart|renew)\w*\s+(?:of\s+|in\s+)?(?:the\s+)?(?:fighting|hostilities|combat(?:\s+operations)?|"
            r"war|offensive)|(?:fighting|hostilities|war)\s+(?:resumed|restarted)"),
    Trigger("evacuation-order", r"evacuation\s+(?:orders?|warnings?)|(?:told|telling|tells|ordered|ordering|orders|"
                                r"urged|urging|instructed|warned|warning)\s+(?:\w+\s+){0,2}?(?:residents|civilians|"
                                r"people|inhabitants|families)\b[^.;]{0,60}?\bto\s+[“\"]?(?:evacuate|leave|move|"
                                r"flee|head)|dropped\s+(?:\w+\s+)?leaflets|evacuate\s+immediately"),
    Trigger("aid-blockade", r"blockade|(?:block|halt|stopp?|suspend|restrict)(?:ed|ing|s)?\s+(?:the\s+)?(?:flow|entry|"
                            r"delivery|deliveries|passage)\s+of\s+(?:humanitarian\s+)?(?:aid|goods|supplies|fuel|food)|"
                            r"(?:block|halt|suspend|restrict)(?:ed|ing|s)?\s+(?:humanitarian\s+)?(?:aid|supplies)|"
                            r"cut\s+off\s+(?:aid|supplies|water|electricity|fuel|food)|"
                            r"(?:closed|closing|shut)\s+(?:the\s+)?(?:\w+\s+)?crossings?|closure\s+of\s+(?:the\s+)?crossings?"),
    Trigger("aid-delivery", r"aid\s+(?:trucks|convoys?|deliveries|shipments?|drops?)|trucks\s+(?:carrying|loaded\s+with|"
                            r"of)\s+[^.;]{0,60}?\b(?:aid|food|fuel|medicine|medical\s+supplies|supplies)\b|(?:surge|influx|flow)\s+of\s+(?:humanitarian\s+)?aid|"
                            r"aid\s+(?:entered|arrived|flowed|reached)|deliver(?:ed|ing|y|ies)\s+(?:of\s+)?"
                            r"(?:humanitarian\s+)?aid"),
    Trigger("negotiation", r"talks|negotiations"),
    Trigger("negotiation", r"(?:met|meet|meets|meeting)\s+(?:with\s+)?[^.;]{0,60}?\bto\s+(?:discuss|negotiate)|"
                           r"(?:held|hold|holding|holds)\s+(?:\w+\s+)?talks"),
    Trigger("release", r"releas(?:e|ed|es|ing)|freed|free(?:s|ing)?|handed\s+over|hand(?:s|ing)?\s+over|handover|"
                       r"return(?:ed|s|ing)?|in\s+(?:exchange|return)\s+for"),
)
"""Trigger families, most specific first. `release` is typed by what is released (hostages, prisoners, bodies)."""

TRIGGER_OPENINGS = (
    "drone", "fir", "launch", "barrage", "rocket", "mortar", "missile", "ballistic", "intercept", "air", "bomb", "shell",
    "strike", "struck", "ground", "incursion", "raid", "invad", "invasion", "clash", "skirmish", "gunfight",
    "firefight", "exchange", "open", "storm", "shoot", "stab", "ambush", "attack", "assault", "abduct", "kidnap",
    "kill", "resum", "restart", "renew", "fighting", "hostilities", "war", "evacuat", "told", "tell", "order", "urg",
    "instruct", "warn", "dropped", "blockade", "block", "halt", "stop", "suspend", "restrict", "cut", "clos", "shut",
    "aid", "trucks", "surge", "influx", "flow", "deliver", "talks", "negotiations", "met", "meet", "held", "hold",
    "releas", "freed", "free", "hand", "return")
"""Lower-case beginnings of the first word of every trigger pattern, besides "in" ("in exchange for");
a test checks that none is missing."""
TRIGGER_PATTERN = re.compile("|".join(f"(?P<t{i}>\\b(?:{t.pattern})\\b)" for i, t in enumerate(TRIGGERS)), re.I)

VIOLENT = {"drone-strike", "rocket-fire", "missile-fire", "air-strike", "ground-operation", "armed-clash", "attack",
           "abduction", "killing", "interception"}
STRIKES = {"air-strike", "drone-strike"}
PROVIDED_BY_AGREEMENTS = {"hostage-release", "prisoner-release", "body-return", "aid-delivery"}
SERIES = {"hostage-release", "prisoner-release", "body-return", "resumption-of-hostilities", "aid-blockade",
          "aid-delivery"}
"""Types an article reports as one series (the releases of a truce, the resumption of fighting): their
mentions are one event unless their dates differ."""
RUNNING_TOTAL = re.compile(r"\bsince\b|\b(?:in|over|during)\s+the\s+(?:last|past)\b", re.I)
"""A sentence giving a total over a period ("since October 7", "in the last three days"), not one event's toll."""
FIGURE_EVENTS = {"killed": VIOLENT - {"interception"}, "injured": VIOLENT - {"interception"},
                 "hostages-released": {"hostage-release"}, "bodies-returned": {"body-return", "hostage-release"},
                 "prisoners-released": {"prisoner-release"}, "hostages-taken": {"attack", "abduction"},
                 "aid-trucks": {"aid-delivery"}}
"""Figure kind -> the event types a figure of that kind in the same sentence counts for."""

HOSTAGES = re.compile(r"\b(?:hostages?|captives?|abductees?|israelis?|women and children|dual\s+citizens?)\b", re.I)
PRISONERS = re.compile(r"\b(?:prisoners?|detainees?|palestinians?)\b", re.I)
BODIES = re.compile(r"\b(?:bod(?:y|ies)|remains|corpses?)\b", re.I)

IRREALIS = {"would", "will", "could", "should", "may", "might", "must", "shall", "can", "’ll", "'ll", "if", "unless",
            "whether", "demand", "demands", "demanded", "demanding", "call", "calls", "calling", "urge", "urged",
            "refuse", "refused", "refusal", "failure", "fail", "failed", "plan", "plans", "planned", "aim", "aims",
            "aimed", "want", "wants", "wanted", "seek", "seeks", "seeking", "hope", "hopes", "committed",
            "commitment", "obligation", "yet", "threatened", "threaten", "threatens", "threatening", "possible",
            "possibility", "future", "supposed", "expected", "intend", "intends", "ready", "prepared", "preparing",
            "willing", "goal", "goals", "objectives", "securing", "ensure", "try", "trying", "attempt",
            "attempting", "not", "never", "no", "without", "didn’t", "didn't", "doesn’t", "doesn't", "unable",
            "new", "any", "to", "lest", "instead", "delay", "delays", "delayed", "delaying", "prevent", "prevented",
            "preventing", "stop", "stopped", "stopping", "until", "toward", "towards", "deal", "agreement", "every", "regarding"}
"""Words before a trigger (in its clause) that make it something not (yet) done: wanted, planned, denied."""
IRREALIS_WINDOW = 7
ANAPHORIC_BEFORE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "such"}
PREPOSITIONS = {"from", "of", "amid", "despite", "following", "for", "after", "under", "in", "during", "before"}
NOT_AGENT_BEFORE = {"of", "on", "against", "at", "with", "to", "for", "from", "by", "toward", "towards", "into",
                    "in", "across", "according", "between"}
DEMONYMS = {adjective.lower(): state for adjective, state in NATIONALITIES.items()} | {
    "u.s.": "United States", "houthi": "Houthis", "hamas": "Hamas", "hezbollah": "Hezbollah"}
"""Lower-case adjectives -> the name of the actor behind an act ("Israeli strikes", "Houthi missiles"): used
only when the article names an actor of that name."""
VIOLATION = re.compile(r"\b(?:shatter\w*|break\w*|broke|broken|violat\w*|breach\w*)\s+(?:\w+\s+){0,2}$", re.I)
IN_VIOLATION = re.compile(r"^[^.;]{0,60}?\bin\s+(?:violation|breach)\s+of\s+$", re.I)
NOT_IN_NOUN_PHRASE = {"said", "says", "say", "it", "they", "he", "she", "we", "has", "had", "have", "was", "were",
                      "is", "are", "and", "or", "but", "as", "to", "by", "when", "after", "before", "that", "which"}
"""Words that cannot stand between a determiner and the trigger noun it introduces."""
TIMELINE = re.compile(r"\b(?:ended|began|begun|started|expired|effect|ran\s+from|from|until|through)\s+(?:on\s+)?"
                      r"(?:(?:\S+\s+){1,3}to\s+)?$", re.I)
"""Words before a date that place an agreement or phase in time ("ended March 1"), not an event."""
CLAUSE_BREAK = re.compile(r"[;:—]|,\s+(?:and|but|while|as|after|before)\b|\b(?:but|and\s+then)\b")
"""Between a trigger and a date after it: the date starts another clause and governs what follows it."""
BOUNDARY = re.compile(r"[;:—–]|\s-\s")
