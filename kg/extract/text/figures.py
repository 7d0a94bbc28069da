"""Figures: numbers in digits and words with their qualifier, what they count and who gives them.

A number is a figure when the words around it say what it counts (killed, injured, hostages taken,
held or released, bodies returned, prisoners released, aid trucks, people displaced); a number
that counts nothing the ontology knows ("two million people in Gaza") is not recorded, nor are
vague amounts ("dozens", "hundreds"), dates, ages, times, money, percentages, durations ("seven-day
pause"), ordinals, phase numbers and rates ("10 hostages for each day"). The evidence is the
qualifier, the number and the noun phrase it counts ("more than 400 people").

Attribution, within the sentence: "according to X", else the speaker of a reporting verb ("X said",
"said X", "X reported"; "it said" takes the speaker of the sentence before), else `article`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract.text.document import Document, Word
from kg.extract.text.lexicon import SUBJECT_PRONOUNS
from kg.extract.text.mentions import ActorMention, DateMention, PlaceMention
from kg.extract.text.numbers import NUMBER_WORDS, SCALES, digits_value, number_value, word_value
from kg.records import Figure

ARTICLE = "article"
"""`attributed_to` of a figure the article states in its own voice."""

QUALIFIERS: dict[tuple[str, ...], str] = {
    ("more", "than"): "more-than", ("upwards", "of"): "more-than", ("in", "excess", "of"): "more-than",
    ("over",): "over", ("at", "least"): "at-least", ("no", "fewer", "than"): "at-least",
    ("no", "less", "than"): "at-least", ("nearly",): "nearly", ("almost",): "nearly", ("close", "to"): "nearly",
    ("just", "under"): "nearly", ("around",): "around", ("about",): "around", ("approximately",): "around",
    ("roughly",): "around", ("an", "estimated"): "around", ("some",): "some", ("up", "to"): "up-to",
    ("as", "many", "as"): "up-to",
}
"""Words before a number, longest first when looked up, to the qualifier concept keys."""

KILL_CUES = {"killed", "killing", "kill", "kills", "dead", "death", "deaths", "died", "die", "dies", "martyrs",
             "martyred", "lost", "slain", "fatalities", "toll", "massacred", "perished"}
INJURE_CUES = {"injured", "injuring", "wounded", "wounding", "hurt", "injuries"}
RELEASE_CUES = {"released", "release", "releasing", "releases", "freed", "free", "freeing", "returned",
                "return", "returning", "handed", "exchange", "swap", "exchanged"}
HOLD_CUES = {"held", "holding", "remain", "remaining", "remains", "captivity", "still"}
TAKE_CUES = {"taken", "took", "seized", "seizing", "abducted", "abducting", "kidnapped", "kidnapping", "captive",
             "captured"}
DISPLACE_CUES = {"displaced", "displacing", "evacuated", "fled", "uprooted", "homeless"}
CUES = (("killed", KILL_CUES), ("injured", INJURE_CUES), ("released", RELEASE_CUES), ("held", HOLD_CUES),
        ("taken", TAKE_CUES), ("displaced", DISPLACE_CUES))
"""Cue words by what they say a number counts; a number counts what its nearest cue says."""
HOSTAGE_NOUNS = {"hostage", "hostages", "abductees", "captives", "abductee", "captive"}
PRISONER_NOUNS = {"prisoner", "prisoners", "detainee", "detainees", "prisons", "prison", "jails", "jail"}
BODY_NOUNS = {"bodies", "body", "remains", "corpses"}
TRUCK_NOUNS = {"trucks", "truck", "lorries"}
REPORTING_VERBS = {"said", "says", "say", "reported", "reports", "told", "stated", "stating", "confirmed",
                   "announced", "added", "claimed", "claims", "estimated", "estimates", "counted"}
RELAYS = {"cited", "quoted", "via", "citing", "using", "relayed"}
"""Words after which an actor only passes the source's figure on."""
CLAUSE_OPENERS = {",", ";", ":", "as", "while", "because", "when", "after", "but", "and", "which", "who", "that",
                  "although", "though", "since", "before", "\"", "“", "”"}

SKIP_BEFORE = {"-", "/", "$", "€", "£", "us$", "phase", "age", "aged", "ages", "no.", "number", "resolution",
               "article", "chapter", "route", "highway", "gate", "+", "#"}
SKIP_AFTER = {"%", "percent", "per", "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "et",
              "-", "/", "dollars", "euros", "shekels", "pounds", "km", "kilometers", "kilometres", "miles",
              "meters", "metres", "feet", "tons", "tonnes", "day", "days", "week", "weeks", "month", "months",
              "year", "years", "hour", "hours", "minute", "minutes", "seconds", "decades", "decade", "times",
              "percentage", "points"}
"""Words around a number that make it a date, time, age, amount of money, share, distance or duration."""
BOUNDARY = {";", "—", "–", ":", "who", "whom", "which", "whose", "while", "but", "according"}
POPULATION_STOP = {"were", "was", "are", "is", "have", "has", "had", "be", "been", "being", "in", "on", "at", "from",
                   "to", "into", "during", "after", "before", "since", "with", "by", "for", "across", "who", "that",
                   "which", "as", "another", "remain", "remained", "said", "dead", "killed", "taken", "injured",
                   "wounded", "died", "carrying", "including", "while", "when", "over", "under", "aged", "whom",
                   "would", "will", "could", "may", "might", "not", "also", "still", "lost", "inside", "due",
                   "overnight", "today", "yesterday", "tonight", "alone", "early", "late", "last", "this",
                   "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
"""Words that end the noun phrase after a number (verbs, prepositions, time words)."""
COORDINATION_WINDOW = 10
RIGHT_WINDOW = 12
LEFT_WINDOW = 6
POPULATION_WORDS = 6


@dataclass(frozen=True)
class Number:
    """A number in the text: its tokens (doc indexes `start:end`) and value."""

    start: int
    end: int
    value: int


def numbers_in(doc: list[Word], sentence: Span) -> list[Number]:
    """Counting numbers of a sentence: digits ("1,800", "2.5 million") and number words ("two",
    "twenty-five", "two hundred"); "one" and "a" are left out (mostly pronoun or article). Here and
    below, `doc` is the document's words (`Document.words`)."""
    found = []
    index = sentence.start
    while index < sentence.end:
        token = doc[index]
        end = index + 1
        if digits_value(token.text) is not None or (token.like_num and token.text[0].isdigit() and "." in token.text):
            while end < sentence.end and doc[end].lower_ in SCALES:
                end += 1
        elif word_value(token.text) is not None and token.lower_ != "one":
            while end < sentence.end and _goes_on_in_words(doc, end, sentence.end):
                end += 1
        else:
            index += 1
            continue
        value = number_value([t.text for t in doc[index:end]])
        if value is not None:
            found.append(Number(index, end, value))
        index = end
    return found


def _goes_on_in_words(doc: list[Word], index: int, end: int) -> bool:
    """Whether the token at `index` continues a number in words ("two hundred", "twenty - five")."""
    if doc[index].lower_ in NUMBER_WORDS:
        return True
    return doc[index].text == "-" and index + 1 < end and doc[index + 1].lower_ in NUMBER_WORDS


def _skipped(doc: list[Word], number: Number, sentence: Span, dates: Sequence[DateMention]) -> bool:
    """Whether the number is part of a date, a year, an age, a time, an amount of money, a share,
    a distance, a duration, a label ("phase 2") or a rate."""
    first, last = doc[number.start], doc[number.end - 1]
    before = doc[number.start - 1].lower_ if number.start > sentence.start else ""
    before2 = doc[number.start - 2].lower_ if number.start - 1 > sentence.start else ""
    after = doc[number.end].lower_ if number.end < sentence.end else ""
    if any(d.evidence.start < last.end and first.idx < d.evidence.end for d in dates):
        return True
    if first.text.isdigit() and len(first.text) == 4 and 1900 <= number.value <= 2100:
        return True
    if before in SKIP_BEFORE or (before2, before) == ("age", "of") or after in SKIP_AFTER:
        return True
    return _is_rate(doc, sentence, number)


def _is_rate(doc: list[Word], sentence: Span, number: Number) -> bool:
    """'10 hostages for each day', 'three Palestinians for every hostage': a rate, not a count."""
    following = [t.lower_ for t in doc[number.end:min(sentence.end, number.end + 5)]]
    return any(following[i:i + 2] in (["for", "each"], ["for", "every"]) for i in range(len(following)))


def _qualifier(doc: list[Word], sentence: Span, number: Number) -> tuple[str, int]:
    """The qualifier key and the doc index where the figure's span starts."""
    for words, key in sorted(QUALIFIERS.items(), key=lambda item: -len(item[0])):
        start = number.start - len(words)
        if start >= sentence.start and tuple(t.lower_ for t in doc[start:number.start]) == words:
            return key, start
    return "exact", number.start


def _population(doc: list[Word], sentence: Span, number: Number) -> tuple[str | None, int, int]:
    """What the number counts, as written, and its token span: the noun before "of" ("the bodies of
    eight"), else the words after the number ("Palestinian prisoners", "of the abductees") up to a
    verb or function word."""
    before = number.start - 1
    if before - 1 >= sentence.start and doc[before].lower_ == "of" and \
            doc[before - 1].lower_ in BODY_NOUNS | HOSTAGE_NOUNS | PRISONER_NOUNS:
        return doc[before - 1].text, before - 1, number.end
    index = number.end
    if index < sentence.end and doc[index].lower_ == "of":
        index += 1
        if index < sentence.end and doc[index].lower_ in {"the", "their", "his", "her", "its", "these", "those"}:
            index += 1
    start = index
    while index < sentence.end and index - start < POPULATION_WORDS:
        token = doc[index]
        if token.is_punct or token.lower_ in POPULATION_STOP or token.like_num or \
                token.lower_ in {"and", "or"} and not _continues_noun_phrase(doc, index + 1, sentence.end):
            break
        index += 1
    if index == start:
        return None, number.end, number.end
    return sentence.doc[start:index].text, start, index


def _continues_noun_phrase(doc: list[Word], index: int, end: int) -> bool:
    """Whether the word after "and"/"or" goes on with the counted nouns ("women and children"),
    rather than starting another figure or clause ("men and 20 women", "killed and wounded")."""
    if index >= end:
        return False
    token = doc[index]
    return token.is_alpha and not token.like_num and token.lower_ not in POPULATION_STOP and \
        token.lower_ not in {w for words in QUALIFIERS for w in words} and \
        not any(token.lower_ in words for _, words in CUES)


def _window(doc: list[Word], sentence: Span, number: Number) -> tuple[list[Word], list[Word]]:
    """The tokens that may say what the number counts: up to LEFT_WINDOW before it and RIGHT_WINDOW
    after it in its clause."""
    left = []
    for index in range(number.start - 1, max(sentence.start, number.start - LEFT_WINDOW) - 1, -1):
        if doc[index].text in {";", "—", "–", ":"}:
            break
        left.append(doc[index])
    right = []
    for index in range(number.end, min(sentence.end, number.end + RIGHT_WINDOW)):
        if doc[index].lower_ in BOUNDARY:
            break
        right.append(doc[index])
    return left, right


def _by_distance(left: list[Word], right: list[Word]) -> list[str]:
    """The window's words, nearest to the number first (one on the left, then one on the right, ...)."""
    words = []
    for index in range(max(len(left), len(right))):
        words += [side[index].lower_ for side in (left, right) if index < len(side)]
    return words


def _kind(doc: list[Word], sentence: Span, population: str | None, left: list[Word], right: list[Word]) -> str | None:
    """The figure-kind key from the population's nouns and the nearest cue words; None if it counts
    nothing the ontology knows."""
    nouns = {w.lower() for w in (population or "").replace("-", " ").split()}
    sentence_words = {t.lower_ for t in doc[sentence.start:sentence.end]}
    near = _by_distance(left, right)
    nearest: dict[str, int] = {}
    for position, word in enumerate(near):
        for cue, words in CUES:
            if word in words and cue not in nearest:
                nearest[cue] = position
    if nouns & TRUCK_NOUNS:
        return "aid-trucks"
    if nouns & BODY_NOUNS:
        return "hostages-held" if "held" in nearest else "bodies-returned"
    if nouns & PRISONER_NOUNS:
        return "prisoners-released" if sentence_words & RELEASE_CUES else None
    if nouns & {"martyrs", "deaths", "dead", "fatalities"}:
        return "killed"
    if nouns & HOSTAGE_NOUNS:
        for cue in sorted(nearest, key=nearest.get):
            if cue in ("released", "held", "taken"):
                return f"hostages-{cue}"
        return "hostages-held" if {"are", "is", "remain"} & {t.lower_ for t in right} else None
    if not nearest:
        return None
    cue = min(nearest, key=nearest.get)
    if cue == "killed":
        return "killed"
    if cue == "injured":
        return "injured"
    if cue == "displaced":
        return "people-displaced"
    if cue == "released":
        return _released(nouns, near, sentence_words)
    if cue == "held":
        return "hostages-held" if sentence_words & HOSTAGE_NOUNS else None
    if cue == "taken":
        return "hostages-taken" if sentence_words & (HOSTAGE_NOUNS | {"captive", "abducted", "kidnapped"}) else None
    return None


def _released(nouns: set[str], near: list[str], sentence_words: set[str]) -> str | None:
    """Hostages or prisoners released: by the population ("Israelis", "Palestinian prisoners"), else by
    the nearest hostage or prisoner noun around the number, else by the sentence."""
    if nouns & PRISONER_NOUNS or nouns & {"palestinians", "palestinian"}:
        return "prisoners-released"
    if nouns & (HOSTAGE_NOUNS | {"israelis", "israeli", "foreign", "nationals"}):
        return "hostages-released"
    for word in near:
        if word in PRISONER_NOUNS:
            return "prisoners-released"
        if word in HOSTAGE_NOUNS:
            return "hostages-released"
    if sentence_words & PRISONER_NOUNS:
        return "prisoners-released"
    return "hostages-released" if sentence_words & HOSTAGE_NOUNS else None


def _coordinated(doc: list[Word], number: Number, found: dict[int, str]) -> str | None:
    """The kind of the figure just before, when this number is coordinated with it ("117 men and 20
    women", "two of them are under 18 and 10 are over 75")."""
    for end, kind in sorted(found.items(), reverse=True):
        between = [t.lower_ for t in doc[end:number.start]]
        if len(between) <= COORDINATION_WINDOW and between and between[-1] in {"and", "or", ",", "plus", "while"}:
            return kind
    return None


def _mentions_in(actors: Sequence[ActorMention], start: int, end: int) -> list[ActorMention]:
    return sorted((a for a in actors if start <= a.evidence.start and a.evidence.end <= end),
                  key=lambda a: a.evidence.start)


def _according_to(doc: list[Word], sentence: Span, text: str, actors: Sequence[ActorMention]) -> str | None:
    """The source named after "according to": its first actor mention, leaving out names used as
    modifiers ("the Hamas-run enclave") and those who only relay it ("sources cited by X")."""
    for token in doc[sentence.start:sentence.end]:
        if token.lower_ != "according" or token.i + 1 >= sentence.end or doc[token.i + 1].lower_ != "to":
            continue
        clause_end = next((t.idx for t in doc[token.i + 2:sentence.end] if t.text in {";", "—"}), sentence.end_char)
        for mention in _mentions_in(actors, doc[token.i + 1].idx, clause_end):
            following = text[mention.evidence.end:mention.evidence.end + 1]
            preceding = text[doc[token.i + 1].idx:mention.evidence.start].lower().split()
            if following == "-" or any(w in RELAYS for w in preceding):
                continue
            return mention.key
        return ARTICLE
    return None


def _subject(doc: list[Word], sentence: Span, verb: Word, actors: Sequence[ActorMention]) -> tuple[str | None, bool]:
    """The actor just before a reporting verb (its subject), and whether that subject opens its
    clause after a comma, a quote or the sentence start (", NBC News reported" rather than
    "as the group says")."""
    start = verb.i
    while start > max(sentence.start, verb.i - 6) and doc[start - 1].lower_ not in CLAUSE_OPENERS:
        start -= 1
    opened = start == sentence.start or doc[start - 1].text in {",", "\"", "”", "’", "'"}
    found = _mentions_in(actors, doc[start].idx, verb.idx)
    return (found[-1].key if found else None), opened


def _attribution(doc: list[Word], sentence: Span, text: str, number: Number, actors: Sequence[ActorMention],
                 previous: str | None) -> str:
    """Who gives a figure: the source after "according to", else the speaker of a reporting verb whose
    clause holds the number ("X said 137 people ...", "..., X reported"); `previous` is the speaker
    of the sentence before, for "it said"."""
    source = _according_to(doc, sentence, text, actors)
    if source is not None:
        return source
    for verb in doc[sentence.start:sentence.end]:
        if verb.lower_ not in REPORTING_VERBS:
            continue
        speaker, opened = _subject(doc, sentence, verb, actors)
        if speaker is None and verb.i > sentence.start and doc[verb.i - 1].lower_ in SUBJECT_PRONOUNS:
            speaker = previous
        if speaker is None and verb.i > sentence.start and doc[verb.i - 1].text in {",", "”", "\""}:
            after_end = doc[min(sentence.end, verb.i + 5) - 1]
            after = _mentions_in(actors, verb.end, after_end.end)
            speaker, opened = (after[0].key, True) if after else (None, False)
        if speaker is not None and (verb.i < number.start or opened):
            return speaker
    return ARTICLE


def _speaker(doc: list[Word], sentence: Span, text: str, actors: Sequence[ActorMention],
             previous: str | None) -> str | None:
    """The sentence's reporting speaker, remembered for "it said" in the next sentence."""
    end = Number(sentence.end, sentence.end, 0)
    attribution = _attribution(doc, sentence, text, end, actors, previous)
    return None if attribution == ARTICLE else attribution


def _running_total(doc: list[Word], sentence: Span, number: Number, right: list[Word]) -> bool:
    """A toll to date: present perfect ("have been killed"), "still", "so far", "since", "as of",
    "in the last three days"."""
    words = [t.lower_ for t in right]
    before = [t.lower_ for t in doc[sentence.start:number.start]]
    after_pairs = {tuple(words[i:i + 2]) for i in range(len(words) - 1)}
    before_pairs = {tuple(before[i:i + 2]) for i in range(len(before) - 1)}
    return bool({"have", "has", "still", "remain", "remains", "since"} & set(words)) or "toll" in before or \
        bool(after_pairs & {("so", "far"), ("the", "last"), ("the", "past")}) or ("as", "of") in before_pairs


def _as_of(sentence: Span, text: str, dates: Sequence[DateMention], published: str | None) -> str | None:
    """The date the running total stands at: a date in its sentence after "as of", else publication."""
    for date in dates:
        if sentence.start_char <= date.evidence.start < sentence.end_char:
            lead = text[max(sentence.start_char, date.evidence.start - 6):date.evidence.start].lower().strip()
            if lead in {"as of", "as at"}:
                return date.value
    return published


def find_figures(document: Document, actors: Sequence[ActorMention], dates: Sequence[DateMention],
                 published: str | None = None, places: Sequence[PlaceMention] = ()) -> list[Figure]:
    """Every figure of the article. `published` (by default the article's inferred or stated date)
    is the `as_of` of running totals given without a date; `places` give a figure's place ("killed
    in Gaza")."""
    if published is None:
        published = document.article.inferred_published or document.article.published.value
    text, doc = document.text, document.words
    figures = []
    previous: str | None = None
    for sentence in document.sentences:
        if not text[sentence.start_char:sentence.end_char].strip():
            continue
        kinds: dict[int, str] = {}
        for number in numbers_in(doc, sentence):
            if _skipped(doc, number, sentence, dates):
                continue
            population, population_start, population_end = _population(doc, sentence, number)
            left, right = _window(doc, sentence, number)
            kind = _kind(doc, sentence, population, left, right) or _coordinated(doc, number, kinds)
            if kind is None:
                continue
            kinds[number.end] = kind
            qualifier, start = _qualifier(doc, sentence, number)
            first, last = doc[min(start, population_start)], doc[max(population_end, number.end) - 1]
            as_of = _as_of(sentence, text, dates, published) if _running_total(doc, sentence, number, right) else None
            source = _attribution(doc, sentence, text, number, actors, previous)
            figures.append(Figure(number.value, qualifier, kind, source,
                                  (document.evidence(first.idx, last.end),), population=population,
                                  as_of=as_of, place=_place(right, places, text)))
        previous = _speaker(doc, sentence, text, actors, previous)
    return figures


def _place(right: list[Word], places: Sequence[PlaceMention], text: str) -> str | None:
    """The place named after "in" in the number's clause ("were killed in Gaza")."""
    if not right:
        return None
    start, end = right[0].idx, right[-1].end
    for place in sorted(places):
        if start <= place.evidence.start and place.evidence.end <= end:
            before = text[max(start, place.evidence.start - 4):place.evidence.start].lower().split()
            if before[-1:] == ["in"]:
                return place.key
    return None
