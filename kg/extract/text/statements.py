"""Statements: direct quotes with their speaker, and reported speech introduced by reporting verbs.

The conventions of the curated extracts, which this step follows:
- one DirectQuote per pair of quotation marks: a quote split around "he said" gives two statements
  with the same speaker; the evidence is everything inside the marks, punctuation included, and a
  quotation nested in another (a scare quote inside a statement) is part of the outer one;
- a ReportedSpeech's evidence runs from its speaker (from the verb, when the speaker was named in an
  earlier clause) to the end of the reported clause; a clause that carries a quote is the quote's;
- a statement nobody can be found to have made is left out: the shapes require a speaker.

Speakers come from the actor mentions, found after the quote ("...," Katz said / said Katz / according
to X), in an attribution closing its sentence (", X said on Telegram."), before it (X said / called it /
"concerns from X that"), or from the quote before it when it has none of its own. "he", "she", "it",
"they" and definite descriptions ("the group", "the ministry") refer back to the last compatible speaker
of the same or the previous paragraph (unless a compatible actor became a sentence subject since),
else to the last compatible actor named there outside quotation marks.

The speech act comes from the verb (`lexicon.REPORTING_VERBS`); a quote introduced by a neutral verb
takes it from its own words (`lexicon.QUOTE_CUES`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.extract.text import lexicon
from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, DateMention
from kg.records import Agreement, Statement

DOUBLE_OPENERS = "“\""
DOUBLE_CLOSERS = "”\""
QUOTE_OPENERS = DOUBLE_OPENERS + "‘"

_AUXILIARIES = (r"has|have|had|was|were|is|are|been|be|will|would|could|did|does|do|also|repeatedly|previously"
                r"|later|earlier|again|then|now|already|long|once|further|reportedly|publicly|privately|separately"
                r"|first|immediately|swiftly|quickly|initially|meanwhile|similarly|only|not|never|even|still|too"
                r"|in turn|however|on|this|last|morning|afternoon|evening|night|overnight|week|month|year|today"
                r"|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday")
_DIRECT_GAP = re.compile(rf"(?:\s|\([^()]{{1,30}}\)|\b(?:{_AUXILIARIES})\b)*", re.IGNORECASE)
_APPOSITIVE_GAP = re.compile(rf"\s*,(?:[^;:!?“”\"]{{0,120}},)?(?:\s|\b(?:{_AUXILIARIES})\b)*", re.IGNORECASE)
_COORDINATION_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+|&\s*)(?:the\s+)?", re.IGNORECASE)
_PASSIVE_MARK = re.compile(r"\b(?:was|were|been|being|is|are|be)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s+[—–]\s+|\s+-\s+|;\s|:\s|,\s+(?:citing|saying|adding|including|while|as|but|according"
                         r"|territory|although|though|despite|in a|after)\b|\s+and\s+that\b|[.!?](?=[\s”\"’]|$)")
_AFTER_VERB_TO_DATE = re.compile(r"\s*(?:(?:in|on|to)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){1,2})?"
                                 r"(?:(?:to\s+)?(?:the\s+)?(?:[A-Z][\w.&'’-]*\s+)+|reporters\s+)?(?:on\s+|in\s+)?")
"""From a reporting verb to a date that governs it: "said in a video on Monday", "told NBC News on Wednesday"."""
_PARTICIPLE_LEAD = re.compile(r"(?:,|\band)(?:\s+(?:while|by|after|before|also))?\s*$")
_COORDINATED_LEAD = re.compile(r"\band\s+$")
_NAMED_SPEAKER_SAID = re.compile(r"\s*(?!(?:He|She|It|They)\b)(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|added)\b")
_OPENING_BEFORE_DATE = re.compile(r"\s*(?:(?:on|early|late|earlier|later|in|at|during)\s+)?(?:[^,.;“”\"]{0,30}\s)?",
                                  re.IGNORECASE)
_OPENING_AFTER_DATE = re.compile(r"[^,.;“”\"]{0,20},")
_SUBJECT_POSITION = re.compile(r"\s*(?:[^,“”\"]{0,60},\s*)?(?:the\s+)?", re.IGNORECASE)
_REPORTING_NOUN = re.compile(r"\b(" + "|".join(lexicon.REPORTING_NOUNS) + r")s?\s+(?:from|by)\s+",
                             re.IGNORECASE)
_ACCORDING_TO = re.compile(r"[\s,]*according to\s+(?:(?:a|an|the)\s+)?(?:(" + "|".join(lexicon.REPORTING_NOUNS)
                           + r")s?\s+(?:from|by|of)\s+)?", re.IGNORECASE)
_LEADING_CONJUNCTION = re.compile(r"(?:But|And|Yet|So|Still|However,)\s+")
_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(lexicon.SUBJECT_PRONOUNS)) + r")\b", re.IGNORECASE)
_DESCRIPTION = re.compile(r"\b(?:the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(" + "|".join(lexicon.DESCRIPTOR_TYPES)
                          + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_QUOTE_MARK = re.compile("[“”\"‘’]")
_TARGETING_ACTS = frozenset({"accusation", "blame", "threat", "warning", "demand", "denial"})
_QUOTE_ONLY_LEMMAS = frozenset(lexicon.NAMING_VERBS | {"post", "tweet", "write"})


@dataclass(frozen=True)
class Quote:
    """A quotation: `open` is its opening mark, `close` the position after its closing mark (the end of
    the paragraph when a quote runs on into the next one), `start:end` the words inside."""

    open: int
    close: int
    start: int
    end: int


@dataclass(frozen=True)
class _Verb:
    """A reporting verb ("said", "called for"), or a noun naming a statement ("concerns from")."""

    start: int
    end: int
    lemma: str
    act: str
    form: str

    @property
    def participle(self) -> bool:
        return self.form.endswith("ing")


@dataclass(frozen=True)
class _Referent:
    """Where an actor is named (`mention`) or referred back to ("he", "the group": `allowed` types)."""

    start: int
    end: int
    mention: ActorMention | None = None
    word: str = ""
    allowed: frozenset[str] | None = None


@dataclass(frozen=True)
class _Attribution:
    speakers: tuple[str, ...]
    verb: _Verb | None
    floor: int
    targets: tuple[str, ...] = ()
    passive_subject: _Referent | None = None


@dataclass(frozen=True)
class _Spoken:
    """An attribution met so far (emitted or not), which back-references and continuations look at."""

    at: int
    speakers: tuple[str, ...]
    date: str | None = None
    medium: str | None = None
    statement: Statement | None = None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line: news text puts one paragraph per line."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line.rstrip())))
        start += len(line) + 1
    return spans


def _opens_single(text: str, i: int) -> bool:
    return (i == 0 or not text[i - 1].isalnum()) and i + 1 < len(text) and not text[i + 1].isspace()


def _closes_single(text: str, i: int) -> bool:
    return not text[i - 1].isspace() and (i + 1 >= len(text) or not text[i + 1].isalnum())


def _trimmed(text: str, open_at: int, close: int, inner_end: int) -> Quote:
    start, end = open_at + 1, inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(open_at, close, start, end)


def _quotes_in(text: str, lo: int, hi: int) -> tuple[list[Quote], bool]:
    """The quotes of one paragraph, and whether a quote is left open at its end. Straight and curly
    double marks close each other (articles mix them); single marks pair only with single marks."""
    quotes: list[Quote] = []
    open_at: int | None = None
    closers = ""
    for mark in _QUOTE_MARK.finditer(text, lo, hi):
        i, char = mark.start(), mark.group()
        if open_at is None:
            if char in DOUBLE_OPENERS:
                open_at, closers = i, DOUBLE_CLOSERS
            elif char == "‘" and _opens_single(text, i):
                open_at, closers = i, "’"
        elif char in closers and (closers != "’" or _closes_single(text, i)):
            quotes.append(_trimmed(text, open_at, i + 1, i))
            open_at = None
    if open_at is not None:
        quotes.append(_trimmed(text, open_at, hi, hi))
    return quotes, open_at is not None


def find_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in `text` with straight or curly marks; a quote left open at the end of
    a paragraph is kept only when the next paragraph opens a quote (the quotation continues there)."""
    found: list[Quote] = []
    blocks = paragraphs(text)
    for index, (lo, hi) in enumerate(blocks):
        quotes, left_open = _quotes_in(text, lo, hi)
        continued = index + 1 < len(blocks) and text[blocks[index + 1][0]] in QUOTE_OPENERS
        if left_open and not continued:
            quotes = quotes[:-1]
        found.extend(q for q in quotes if q.end > q.start)
    return found


def _verbs(text: str, quotes: Sequence[Quote]) -> list[_Verb]:
    """Reporting verbs outside quotation marks; a capitalised form only where it opens a sentence."""
    forms, phrasal = lexicon.reporting_forms(), lexicon.phrasal_forms()
    firsts = lexicon.reporting_first_words()
    inside = _Intervals([(q.open, q.close) for q in quotes])
    lowered = text.lower()
    verbs = []
    for match in _WORD.finditer(lowered):
        form = match.group()
        if form not in firsts or inside.holds(match.start()):
            continue
        start, end = match.span()
        second = _WORD.match(lowered, end + 1) if lowered[end:end + 1] == " " else None
        if second is not None and (form, second.group()) in phrasal:
            verbs.append(_Verb(start, second.end(), f"{forms.get(form, (form,))[0]} {second.group()}",
                               phrasal[(form, second.group())], form))
        elif form in forms and (text[start].islower() or start == 0 or text[start - 2:start] == ". "):
            lemma, act = forms[form]
            verbs.append(_Verb(start, end, lemma, act, form))
    return verbs


class _Intervals:
    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def holds(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and self.spans[index][0] <= offset < self.spans[index][1]

    def any_within(self, lo: int, hi: int) -> bool:
        index = bisect_right(self.starts, lo - 1)
        return index < len(self.spans) and self.spans[index][0] < hi


class _Reader:
    """The state of one pass over an article: what was attributed so far, for back-references."""

    def __init__(self, document: Document, actors: Sequence[ActorMention], dates: Sequence[DateMention],
                 agreements: Sequence[Agreement]) -> None:
        self.document = document
        self.text = document.text
        self.dates = sorted(dates)
        self.agreements = agreements
        self.quotes = find_quotes(self.text)
        self.in_quote = _Intervals([(q.open, q.close) for q in self.quotes])
        self.blocks = paragraphs(self.text)
        self.block_starts = [lo for lo, _ in self.blocks]
        self.sentence_starts = sorted({s.start_char for s in document.sentences} | {lo for lo, _ in self.blocks})
        self.type_of = {m.key: m.type for m in actors}
        self.referents = self._referents(actors)
        self.referent_ends = [r.end for r in self.referents]
        self.spoken: list[_Spoken] = []
        self.used_verbs: set[int] = set()
        self.verbs = _verbs(self.text, self.quotes)
        self.verb_starts = [v.start for v in self.verbs]
        self.date_starts = [d.evidence.start for d in self.dates]
        self.quote_opens = [q.open for q in self.quotes]
        self.by_start = sorted(self.referents, key=lambda r: r.start)
        self.referent_starts = [r.start for r in self.by_start]

    # Windows by binary search keep the pass linear in the article's length.

    def verbs_in(self, lo: int, hi: int) -> list[_Verb]:
        return self.verbs[bisect_left(self.verb_starts, lo):bisect_left(self.verb_starts, hi)]

    def dates_in(self, lo: int, hi: int) -> list[DateMention]:
        return self.dates[bisect_left(self.date_starts, lo):bisect_left(self.date_starts, hi)]

    def quotes_in(self, lo: int, hi: int) -> list[Quote]:
        return self.quotes[bisect_left(self.quote_opens, lo):bisect_left(self.quote_opens, hi)]

    # --- where things are -------------------------------------------------------------------------------

    def _referents(self, actors: Sequence[ActorMention]) -> list[_Referent]:
        named = [_Referent(m.evidence.start, m.evidence.end, mention=m) for m in actors]
        taken = _Intervals([(r.start, r.end) for r in named])
        back: list[_Referent] = []
        for match in _DESCRIPTION.finditer(self.text):
            if not taken.any_within(match.start(), match.end()) and not self.in_quote.holds(match.start()):
                back.append(_Referent(match.start(), match.end(), word=match.group(1).lower(),
                                      allowed=lexicon.DESCRIPTOR_TYPES[match.group(1).lower()]))
        described = _Intervals([(r.start, r.end) for r in back])
        for match in _PRONOUN.finditer(self.text):
            if not any(spans.holds(match.start()) for spans in (taken, described, self.in_quote)):
                back.append(_Referent(match.start(), match.end(), word=match.group().lower()))
        return sorted(named + back, key=lambda r: (r.end, r.start))

    def paragraph_of(self, offset: int) -> int:
        return max(bisect_right(self.block_starts, offset) - 1, 0)

    def sentence_start(self, offset: int) -> int:
        return self.sentence_starts[max(bisect_right(self.sentence_starts, offset) - 1, 0)]

    def sentence_end(self, offset: int) -> int:
        index = bisect_right(self.sentence_starts, offset)
        para_end = self.blocks[self.paragraph_of(offset)][1]
        return min(self.sentence_starts[index], para_end) if index < len(self.sentence_starts) else para_end

    def referent_ending_by(self, offset: int, floor: int) -> list[_Referent]:
        """Referents ending at or before `offset` and starting at or after `floor`, the latest first
        (the longest first among those ending together)."""
        found = []
        for index in range(bisect_right(self.referent_ends, offset) - 1, -1, -1):
            ref = self.referents[index]
            if ref.end < floor:
                break
            if ref.start >= floor:
                found.append(ref)
        return sorted(found, key=lambda r: (r.end, r.end - r.start), reverse=True)

    def referent_at(self, offset: int, limit: int) -> _Referent | None:
        """The first referent starting in `offset:limit` with only words (no punctuation) before it."""
        window = self.by_start[bisect_left(self.referent_starts, offset):bisect_left(self.referent_starts, limit)]
        found = [r for r in window if not re.search(r"[^\w\s'’-]",
                                                                                         self.text[offset:r.start])]
        return min(found, key=lambda r: (r.start, -r.end), default=None)

    # --- who is speaking --------------------------------------------------------------------------------

    def _fits(self, keys: tuple[str, ...], ref: _Referent) -> bool:
        types = [self.type_of.get(k, "") for k in keys]
        if ref.word in lexicon.PERSON_PRONOUNS:
            return len(keys) == 1 and types[0] == "Person"
        if ref.word in lexicon.ORGANISATION_PRONOUNS:
            return len(keys) == 1 and types[0] not in ("Person", "")
        if ref.word in lexicon.PLURAL_PRONOUNS:
            return len(keys) > 1 or types[0] != "Person"
        return len(keys) == 1 and ref.allowed is not None and types[0] in ref.allowed

    def resolve(self, ref: _Referent) -> tuple[str, ...]:
        if ref.mention is not None:
            return (ref.mention.key,)
        floor = self.blocks[max(self.paragraph_of(ref.start) - 1, 0)][0]
        last = next((s for s in reversed(self.spoken) if s.at < ref.start), None)
        if last is not None and last.at >= floor and self._fits(last.speakers, ref):
            return self._newer_subject(last.at, ref) or last.speakers
        for candidate in self.referent_ending_by(ref.start, floor):
            if candidate.mention and not self.in_quote.holds(candidate.start) and \
                    self._fits((candidate.mention.key,), ref):
                return (candidate.mention.key,)
        return ()

    def _newer_subject(self, since: int, ref: _Referent) -> tuple[str, ...]:
        """A compatible actor that became the subject of a sentence after `since` and before `ref`
        ("Hamas said ... The IDF gave no details. '...,' it said": it = the IDF)."""
        found: tuple[str, ...] = ()
        first, last = bisect_right(self.sentence_starts, since), bisect_right(self.sentence_starts, ref.start)
        for start in self.sentence_starts[first:last]:
            for candidate in self.referent_ending_by(min(ref.start, self.sentence_end(start)), start):
                if candidate.mention and _SUBJECT_POSITION.fullmatch(self.text[start:candidate.start]) and \
                        not self.in_quote.holds(candidate.start) and self._fits((candidate.mention.key,), ref):
                    found = (candidate.mention.key,)
        return found

    def _coordinated(self, subject: _Referent, floor: int) -> list[_Referent]:
        chain = [subject]
        while True:
            before = [r for r in self.referent_ending_by(chain[-1].start, floor) if r.mention]
            if not before or not _COORDINATION_GAP.fullmatch(self.text[before[0].end:chain[-1].start]):
                return chain
            chain.append(before[0])

    def blank_dates(self, lo: int, hi: int) -> str:
        """The text of `lo:hi` with date expressions blanked, so "said on Tuesday" reads as "said"."""
        gap = self.text[lo:hi]
        for date in self.dates_in(lo - 80, hi):
            if date.evidence.start < hi and date.evidence.end > lo:
                start, end = max(date.evidence.start, lo) - lo, min(date.evidence.end, hi) - lo
                gap = gap[:start] + " " * (end - start) + gap[end:]
        return gap

    def subject_before(self, offset: int, floor: int) -> list[_Referent]:
        """The subject of a verb at `offset`: the actor named right before it ("Hamas has denied"),
        the head of an appositive ("Kobi Michael, a researcher at X, said"), with coordinated actors."""
        appositive: list[_Referent] = []
        for index, ref in enumerate(self.referent_ending_by(offset, floor)):
            if self.in_quote.holds(ref.start):
                break
            gap = self.blank_dates(ref.end, offset)
            if index == 0 and _DIRECT_GAP.fullmatch(gap):
                return self._coordinated(ref, floor) if ref.mention else [ref]
            if ref.mention and _APPOSITIVE_GAP.fullmatch(gap) and not self.in_quote.any_within(ref.end, offset):
                appositive.append(ref)
        people = [r for r in appositive if r.mention and r.mention.type == "Person"]
        return [min(people or appositive, key=lambda r: r.start)] if appositive else []

    def agent_after(self, verb: _Verb, limit: int) -> list[_Referent]:
        """The agent of a passive ("rejected by Hamas"), with the actors coordinated after it."""
        match = re.match(r"\s+by\s+", self.text[verb.end:limit])
        if not match:
            return []
        first = self.referent_at(verb.end + match.end(), min(limit, verb.end + match.end() + 30))
        return self._coordinated_after(first, limit) if first and first.mention else []

    def _coordinated_after(self, first: _Referent, limit: int) -> list[_Referent]:
        """`first` and the actors coordinated after it before `limit` ("Hamas and Islamic Jihad")."""
        chain = [first]
        while True:
            nxt = self.referent_at(chain[-1].end, limit)
            if nxt is None or not nxt.mention or not _COORDINATION_GAP.fullmatch(self.text[chain[-1].end:nxt.start]):
                return chain
            chain.append(nxt)

    def speakers_of(self, refs: Sequence[_Referent]) -> tuple[str, ...]:
        keys: list[str] = []
        for ref in reversed(refs):
            keys.extend(k for k in self.resolve(ref) if k not in keys)
        return tuple(keys)

    def targets_after(self, verb: _Verb, limit: int, speakers: tuple[str, ...]) -> tuple[str, ...]:
        if verb.act not in _TARGETING_ACTS:
            return ()
        first = self.referent_at(verb.end, min(limit, verb.end + 6))
        if first is None or first.mention is None:
            return ()
        chain = self._coordinated_after(first, limit)
        return tuple(dict.fromkeys(k for r in chain for k in self.resolve(r) if k not in speakers))

    def attribute(self, verb: _Verb, floor: int, limit: int) -> _Attribution | None:
        """Who performs `verb`: the passive's agent, else its subject, else (a participle or a verb
        coordinated with an earlier one) the speaker of the sentence's earlier attribution."""
        agents = self.agent_after(verb, limit)
        subject = self.subject_before(verb.start, floor)
        if agents:
            speakers = self.speakers_of(agents)
            targets = tuple(k for k in self.speakers_of(subject) if k not in speakers)
            return _Attribution(speakers, verb, floor, targets, subject[0] if subject else None)
        if subject:
            if subject[0].mention is not None and _PASSIVE_MARK.search(self.blank_dates(subject[0].end, verb.start)) \
                    and verb.form.endswith(("ed", "told", "said")):
                return None
            speakers = self.speakers_of(subject)
            return _Attribution(speakers, verb, floor, self.targets_after(verb, limit, speakers)) if speakers else None
        before = self.text[max(floor, verb.start - 14):verb.start]
        if (verb.participle and _PARTICIPLE_LEAD.search(before)) or _COORDINATED_LEAD.search(before):
            sentence = self.sentence_start(verb.start)
            earlier = next((s for s in reversed(self.spoken) if sentence <= s.at < verb.start), None)
            speakers = earlier.speakers if earlier else self.sentence_subject(sentence, verb.start)
            if speakers:
                return _Attribution(speakers, verb, floor, self.targets_after(verb, limit, speakers))
        return None

    def sentence_subject(self, start: int, end: int) -> tuple[str, ...]:
        """The first actor of a sentence not governed by a preposition ("The IDF dropped leaflets in ...")."""
        for ref in sorted(self.referent_ending_by(end, start), key=lambda r: r.start):
            if ref.mention is None or self.in_quote.holds(ref.start):
                continue
            if not re.search(r"\b(?:by|in|on|of|from|to|with|against|at|for|about|after|before|into|over|as)\s+"
                             r"(?:the\s+)?$", self.text[start:ref.start], re.IGNORECASE):
                return self.resolve(ref)
        return ()

    # --- what else the attribution says ---------------------------------------------------------------

    def _opens_sentence(self, date: DateMention, sentence: int) -> bool:
        """Whether `date` sits in the phrase opening the sentence ("On Tuesday, ...", "In a TV interview
        last June, ...")."""
        return _OPENING_BEFORE_DATE.fullmatch(self.text[sentence:date.evidence.start]) is not None and \
            _OPENING_AFTER_DATE.match(self.text, date.evidence.end) is not None

    def date_of(self, floor: int, verb: _Verb | None, subject_start: int | None) -> str | None:
        """A date governing the reporting verb: right after it ("said on Tuesday"), between its subject
        and it ("Hamas on Thursday said"), or opening its sentence ("On Wednesday, the IDF said") or
        an earlier sentence of the paragraph ("On Tuesday, he appeared ... '...,' he said")."""
        if verb is None:
            return None
        for date in self.dates_in(verb.end, verb.end + 120):
            after = self.text[verb.end:date.evidence.start]
            if date.evidence.start >= verb.end and _AFTER_VERB_TO_DATE.fullmatch(after):
                return date.value
        paragraph = self.blocks[self.paragraph_of(verb.start)][0]
        sentence = self.sentence_start(verb.start)
        if verb.participle or _COORDINATED_LEAD.search(self.text[sentence:verb.start]):
            main_clause = [d for d in self.dates_in(sentence, verb.start) if d.evidence.end <= verb.start
                           and not self.in_quote.holds(d.evidence.start)]
            if main_clause:
                return main_clause[-1].value
        for date in reversed(self.dates_in(paragraph, verb.start)):
            if date.evidence.end > verb.start:
                continue
            adjacent = _DIRECT_GAP.fullmatch(self.blank_dates(date.evidence.end, verb.start))
            if subject_start is not None and subject_start <= date.evidence.start and adjacent:
                return date.value
            if date.evidence.start >= floor and self._before_reporting_verb(date, verb.start):
                return date.value
            if self._opens_sentence(date, max(floor, self.sentence_start(date.evidence.start))):
                return date.value
        return None

    def _before_reporting_verb(self, date: DateMention, limit: int) -> bool:
        """Whether a reporting verb follows `date` with only auxiliaries between ("on Thursday also told")."""
        return any(_DIRECT_GAP.fullmatch(self.blank_dates(date.evidence.end, v.start))
                   for v in self.verbs_in(date.evidence.end, limit + 1))

    def continued_date(self, at: int, speakers: tuple[str, ...]) -> str | None:
        """The date of the statement just before, when the same speaker goes on ("He said ...")."""
        previous = next((s for s in reversed(self.spoken) if s.at < at), None)
        if previous is None or previous.speakers != speakers or \
                self.paragraph_of(at) - self.paragraph_of(previous.at) > 1:
            return None
        return previous.date

    def medium_of(self, lo: int, hi: int, verb: _Verb | None) -> str | None:
        words = self.text[lo:hi]
        if verb is not None:
            outlet = self.referent_at(verb.end, min(hi, verb.end + 12))
            if outlet and outlet.mention and outlet.mention.type == "MediaOutlet":
                return "interview-with-outlet"
            on_outlet = re.match(r"\s+(?:on|to)\s+", self.text[verb.end:hi])
            if on_outlet:
                outlet = self.referent_at(verb.end + on_outlet.end(), min(hi, verb.end + on_outlet.end() + 5))
                if outlet and outlet.mention and outlet.mention.type == "MediaOutlet":
                    return "interview-with-outlet"
        return lexicon.medium_of(words)

    def about(self, lo: int, hi: int) -> tuple[str, ...]:
        return tuple(sorted({a.key for a in self.agreements for e in a.evidence if lo <= e.start and e.end <= hi}))

    def remember(self, at: int, speakers: tuple[str, ...], date: str | None = None, medium: str | None = None,
                 statement: Statement | None = None) -> None:
        insort(self.spoken, _Spoken(at, speakers, date, medium, statement), key=lambda s: s.at)

    def spoken_before(self, at: int, lo: int) -> list[_Spoken]:
        """The attributions met at `lo <= position < at`, latest first."""
        index = bisect_left(self.spoken, at, key=lambda s: s.at)
        found = []
        while index > 0 and self.spoken[index - 1].at >= lo:
            index -= 1
            found.append(self.spoken[index])
        return found


def _quote_statement(reader: _Reader, quote: Quote) -> Statement | None:
    text = reader.text
    para_lo, para_hi = reader.blocks[reader.paragraph_of(quote.open)]
    earlier = [q for q in reader.quotes_in(para_lo, quote.open) if q.close <= quote.open]
    floor = max(para_lo, reader.sentence_start(quote.open), earlier[-1].close if earlier else para_lo)
    if re.search(r"[a-z0-9)][.!?]\s*$", text[floor:quote.open]):
        floor = quote.open
    later = [q.open for q in reader.quotes_in(quote.close, para_hi)]
    tail_end = min([para_hi, *later])
    sentence_end = max(min(reader.sentence_end(quote.close), tail_end), quote.close) if quote.close < para_hi \
        else quote.close
    attribution = _after_quote(reader, quote, tail_end) or \
        _sentence_final(reader, quote.close, sentence_end, reader.verbs_in(quote.close, sentence_end)) or \
        _before_quote(reader, quote, floor)
    inherited = None
    if attribution is None:
        inherited = _inherited(reader, quote, floor)
        if inherited is None:
            return None
    speakers = attribution.speakers if attribution else inherited.speakers
    if not speakers:
        return None
    verb = attribution.verb if attribution else None
    lo, hi = floor, max(sentence_end, quote.close)
    subject_start = None
    if attribution and verb is not None:
        reader.used_verbs.add(verb.start)
        subjects = [r for r in reader.subject_before(verb.start, attribution.floor)]
        subject_start = min((r.start for r in subjects), default=None)
    date = reader.date_of(floor, verb, subject_start) if attribution else inherited.date
    date = date or reader.continued_date(quote.open, speakers)
    said_before = attribution is not None and attribution.floor < quote.open
    medium = (reader.medium_of(attribution.floor, quote.open if said_before else hi, verb) if attribution
              else inherited.medium)
    if attribution and verb is not None and verb.lemma == "add" and medium is None:
        previous = next((s for s in reader.spoken_before(quote.open, para_lo) if s.speakers == speakers), None)
        medium = previous.medium if previous else None
    act = lexicon.act_of_quotation(text[quote.start:quote.end], verb.act if verb is not None else "statement")
    statement = Statement("DirectQuote", speakers, act, (reader.document.evidence(quote.start, quote.end),),
                          quotation=text[quote.start:quote.end], date=date, medium=medium,
                          targets=attribution.targets if attribution else (), about=reader.about(lo, hi))
    reader.remember(quote.open, speakers, date, medium, statement)
    return statement


def _after_quote(reader: _Reader, quote: Quote, limit: int) -> _Attribution | None:
    """`"...," Katz said`, `"...," said Danny Danon`, `"...," the official said on Wednesday`."""
    inner = reader.text[quote.start:quote.end]
    tail = reader.text[quote.close:limit]
    if not tail.strip() or (inner.endswith(".") and re.match(r"\s*[A-Z]", tail) and not
                            re.match(r"\s*(?:he|she|it|they)\b", tail)):
        if not (inner.endswith(".") and _NAMED_SPEAKER_SAID.match(tail)):
            return None
    according = _ACCORDING_TO.match(tail)
    if according:
        source = reader.referent_at(quote.close + according.end(), min(limit, quote.close + according.end() + 5))
        if source is not None and source.mention is not None:
            noun = according.group(1)
            act = lexicon.REPORTING_NOUNS[noun.lower()] if noun else "statement"
            said = _Verb(quote.close, quote.close + according.end(), noun.lower() if noun else "", act, "")
            return _Attribution((source.mention.key,), said, quote.close)
    for verb in reader.verbs_in(quote.close, quote.close + 81):
        if verb.lemma in lexicon.NAMING_VERBS:
            continue
        lead = reader.text[quote.close:verb.start]
        if re.fullmatch(r"[\s,.!?;:—–-]*", lead):
            subject = reader.referent_at(verb.end, min(limit, verb.end + 45))
            if subject is not None:
                speakers = reader.speakers_of([subject])
                return _Attribution(speakers, verb, quote.close) if speakers else None
            return None
        subject = reader.subject_before(verb.start, quote.close)
        between = reader.text[quote.close:min((r.start for r in subject), default=verb.start)]
        if subject and re.fullmatch(r"[\s,.!?;:—–-]*(?:[\w.'’-]+\s+){0,5}", between) and \
                not re.search(r"[a-z]\.\s", between):
            speakers = reader.speakers_of(subject)
            return _Attribution(speakers, verb, quote.close) if speakers else None
        return None
    return None


def _sentence_final(reader: _Reader, lo: int, hi: int, verbs: Sequence[_Verb], content_words: int = 0) \
        -> _Attribution | None:
    """`..., the Al-Qassam Brigades said on Telegram.`: an attribution closing the sentence, after at
    least `content_words` words that are not a date ("On Tuesday, Israel said ..." is no such case)."""
    for verb in reversed([v for v in verbs if lo <= v.start < hi and v.lemma not in lexicon.NAMING_VERBS]):
        rest = reader.text[verb.end:hi]
        if not re.fullmatch(r"[^,;“”\"]{0,60}(?:,[^;“”\"]*)?", rest) or re.search(r"\bthat\b", rest):
            return None
        comma = reader.text.rfind(",", lo, verb.start)
        if comma < 0 or len(reader.blank_dates(lo, comma).split()) < content_words:
            return None
        subject = reader.subject_before(verb.start, comma + 1)
        if subject and re.fullmatch(r",\s*(?:the\s+|a\s+|an\s+)?", reader.text[comma:min(r.start for r in subject)],
                                    re.IGNORECASE):
            speakers = reader.speakers_of(subject)
            return _Attribution(speakers, verb, comma + 1) if speakers else None
    return None


def _before_quote(reader: _Reader, quote: Quote, floor: int) -> _Attribution | None:
    """`Netanyahu has vowed that "..."`, `called the agreement "..."`, `X posted on X: "..."`, `Name: "..."`."""
    for verb in reversed([v for v in reader.verbs_in(floor, quote.open) if v.end <= quote.open]):
        found = reader.attribute(verb, floor, quote.open)
        if found is not None:
            return found
    lead = reader.text[floor:quote.open]
    for noun in reversed(list(_REPORTING_NOUN.finditer(lead))):
        maker = reader.referent_at(floor + noun.end(), min(quote.open, floor + noun.end() + 5))
        if maker is not None and maker.mention is not None:
            act = lexicon.REPORTING_NOUNS[noun.group(1).lower()]
            said = _Verb(floor + noun.start(), floor + noun.end(), noun.group(1).lower(), act, "")
            return _Attribution((maker.mention.key,), said, floor)
    if re.search(r":\s*$", lead):
        subject = reader.subject_before(floor + len(lead.rstrip()) - 1, floor)
        if subject:
            speakers = reader.speakers_of(subject)
            return _Attribution(speakers, None, floor) if speakers else None
    return None


def _inherited(reader: _Reader, quote: Quote, floor: int) -> _Spoken | None:
    """The speaker of the previous quote, for a quote with no attribution of its own that continues the
    sentence of an attributed quote ("... which 'will include ...'") or opens a sentence right after one."""
    paragraph = reader.blocks[max(reader.paragraph_of(quote.open) - 1, 0)][0]
    previous = next((s for s in reader.spoken_before(quote.open, paragraph) if s.statement is not None
                     and s.statement.kind == "DirectQuote"), None)
    if previous is None:
        return None
    same_sentence = previous.at >= reader.sentence_start(quote.open)
    opens_sentence = not reader.text[floor:quote.open].strip()
    near = reader.paragraph_of(quote.open) - reader.paragraph_of(previous.at) <= 1
    no_other_speaker = all(s.at <= previous.at or s.speakers == previous.speakers
                           for s in reader.spoken_before(quote.open, previous.at))
    return previous if (same_sentence or (opens_sentence and near)) and no_other_speaker else None


def _clause_end(reader: _Reader, after: int, limit: int) -> int:
    """Where the clause reported from `after` on ends: at a dash, a semicolon, a participle or subordinate
    clause, "and" before another reporting verb or another "that", or the end of the sentence."""
    match = _CLAUSE_END.search(reader.text, after, limit)
    end = match.start() if match else limit
    for other in reader.verbs_in(after + 1, end):
        joined = re.search(r"\s+and\s+$", reader.text[after:other.start]) if after < other.start < end else None
        if joined:
            end = after + joined.start()
            break
    return len(reader.text[:end].rstrip(" ,"))


def _introduces_quote(reader: _Reader, verb: _Verb, limit: int) -> bool:
    """Whether `verb` introduces a quote later in its sentence ("stated in a video posted on X: '...'")
    with no other reporting verb in between: the quote is then the statement."""
    quote = next((q for q in reader.quotes_in(verb.end, limit) if q.start < limit), None)
    return quote is not None and not any(verb.end <= v.start < quote.open and v.lemma not in _QUOTE_ONLY_LEMMAS
                                         for v in reader.verbs_in(verb.end, quote.open))


def _mostly_quoted(reader: _Reader, start: int, end: int) -> bool:
    """Whether quotations make up much of `start:end` (then the quote is the statement; a short quote
    inside a longer reported clause leaves both)."""
    paragraph = reader.blocks[reader.paragraph_of(start)][0]
    quoted = sum(max(0, min(q.close, end) - max(q.open, start)) for q in reader.quotes_in(paragraph, end))
    return quoted > 0.4 * (end - start)


def _reported(reader: _Reader, verb: _Verb, emitted: list[Statement]) -> list[Statement]:
    """The reported speech `verb` introduces: one statement, or one per clause of "said that A and that B"."""
    if verb.start in reader.used_verbs or verb.lemma in _QUOTE_ONLY_LEMMAS:
        return []
    sentence = reader.sentence_start(verb.start)
    sentence_end = reader.sentence_end(verb.start)
    if _introduces_quote(reader, verb, sentence_end):
        return []
    final = _sentence_final(reader, sentence, sentence_end, [verb], content_words=4)
    attribution = final or reader.attribute(verb, sentence, sentence_end)
    if attribution is None or not attribution.speakers:
        return []
    if any(reader.type_of.get(k) == "MediaOutlet" for k in attribution.speakers):
        return []
    clauses = _reported_clauses(reader, verb, attribution, final is not None, sentence, sentence_end)
    date = reader.date_of(sentence, verb, clauses[0][0]) or reader.continued_date(verb.start, attribution.speakers)
    medium = reader.medium_of(sentence, clauses[-1][1], verb)
    found = [Statement("ReportedSpeech", attribution.speakers, verb.act, (reader.document.evidence(start, end),),
                       date=date, medium=medium, targets=attribution.targets if index == 0 else (),
                       about=reader.about(start, end))
             for index, (start, end) in enumerate(clauses)
             if not _mostly_quoted(reader, start, end)
             and not _inside_earlier(verb, emitted, sentence)]
    reader.remember(verb.start, attribution.speakers, date, medium, found[0] if found else None)
    return found


def _inside_earlier(verb: _Verb, emitted: Sequence[Statement], sentence: int) -> bool:
    """Whether `verb` lies in a statement of its sentence already emitted ("..., which he said were ...")."""
    for statement in reversed(emitted):
        if statement.evidence[0].end <= sentence:
            return False
        if statement.evidence[0].start <= verb.start < statement.evidence[0].end:
            return True
    return False


def _reported_clauses(reader: _Reader, verb: _Verb, attribution: _Attribution, final: bool, sentence: int,
                      sentence_end: int) -> list[tuple[int, int]]:
    """The spans of the reported clauses: from the speaker (or verb) to the clause end; the whole
    sentence up to a closing "..., X said"; the passive clause up to its agent."""
    text = reader.text
    if final:
        lead = _LEADING_CONJUNCTION.match(text, sentence)
        return [((lead.end() if lead else sentence), verb.end)]
    if attribution.passive_subject is not None:
        clause = max(text.rfind(c, sentence, verb.start) for c in (",", "—", "–", ";"))
        start = attribution.passive_subject.start if clause < 0 else clause + 1
        agents = reader.agent_after(verb, sentence_end)
        spans = [(start, agents[-1].end if agents else verb.end)]
    else:
        subject = reader.subject_before(verb.start, sentence)
        start = min((r.start for r in subject), default=verb.start)
        spans = [(start, _clause_end(reader, verb.end, sentence_end))]
        while (more := re.match(r"\s+and\s+that\s+", text[spans[-1][1]:sentence_end])) is not None:
            after = spans[-1][1] + more.end()
            spans.append((after, _clause_end(reader, after, sentence_end)))
    trimmed = []
    for start, end in spans:
        while start < end and text[start] in " ,—–":
            start += 1
        trimmed.append((start, end))
    return trimmed


_DAY_OF_SPEAKING = frozenset({"today", "tonight", "this morning", "this afternoon", "this evening"})
"""Words a speaker uses for the day they speak on: a quotation that says them is dated by them."""
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:[a-z]+ly\s+|also\s+|long\s+|not\s+)?$", re.IGNORECASE)
LEDE_REACH = 2
"""How many paragraphs after the lede its time element still governs undated attributions: the
reaction and context paragraphs at the top of a news story, which name no time of their own."""


def _perfect_attribution(reader: _Reader, statement: Statement) -> bool:
    """Whether a reporting verb of the statement's sentence is in a perfect tense ("has vowed", "had
    said"): what was said over time or before, not on the story's day."""
    start = statement.evidence[0].start
    lo, hi = reader.sentence_start(start), reader.sentence_end(start)
    return any(_PERFECT.search(reader.text[lo:v.start]) for v in reader.verbs_in(lo, hi))


def _day_of_speaking(reader: _Reader, statement: Statement) -> str | None:
    """The date of "today" or "this morning" said in a direct quote: the day the words were spoken."""
    if statement.kind != "DirectQuote":
        return None
    evidence = statement.evidence[0]
    said = [d for d in reader.dates_in(evidence.start, evidence.end)
            if d.evidence.end <= evidence.end and d.evidence.text.lower() in _DAY_OF_SPEAKING]
    return said[0].value if said else None


def _present_tense(reader: _Reader, statement: Statement) -> bool:
    """Whether the statement's reporting verb is in the present tense ("Hamas says", "the ministry
    insists"): the speaker holds it as of the report, so it is dated by the publication day. The verb
    is the first one of reported speech, or the one nearest to a quotation in its sentence."""
    evidence = statement.evidence[0]
    lo, hi = reader.sentence_start(evidence.start), reader.sentence_end(evidence.start)
    verbs = reader.verbs_in(lo, hi)
    if statement.kind == "ReportedSpeech":
        verbs = [v for v in verbs if evidence.start <= v.start < evidence.end][:1]
    else:
        verbs = sorted(verbs, key=lambda v: min(abs(v.start - evidence.end), abs(evidence.start - v.end)))[:1]
    return any(v.form == lexicon.verb_forms(v.lemma.split()[0])[1] for v in verbs)


def _same_occasion_date(statements: Sequence[Statement], index: int, reader: _Reader) -> str | None:
    """The date of the nearest dated statement of the same speakers in the same paragraph, with no other
    speaker between: a paragraph of one speaker's remarks tells one occasion and names its time once
    ("Katz echoed the stance, warning ... '...,' Katz said on Wednesday")."""
    statement = statements[index]
    paragraph = reader.paragraph_of(statement.evidence[0].start)
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(statements) and statements[other].speakers == statement.speakers and \
                reader.paragraph_of(statements[other].evidence[0].start) == paragraph:
            if statements[other].date:
                return statements[other].date
            other += step
    return None


def _lede_frame(reader: _Reader, published: str | None) -> tuple[int, int, str] | None:
    """(start, end, date) of the top of a breaking story: the lede is the paragraph of the article's
    first date outside quotations, among its first two paragraphs (a title may come first), and that
    date is the publication day (a lede about the day before leaves open on which of the two days an
    undated reaction came). Its time element governs the paragraphs that follow, up to `LEDE_REACH` of
    them, until one names another date (the story moves to another time)."""
    if not published or len(published) != 10:
        return None
    outside = [d for d in reader.dates if not reader.in_quote.holds(d.evidence.start)]
    if not outside:
        return None
    lede = outside[0]
    paragraph = reader.paragraph_of(lede.evidence.start)
    if paragraph > 1 or lede.value != published:
        return None
    last = min(paragraph + LEDE_REACH, len(reader.blocks) - 1)
    for later in range(paragraph + 1, last + 1):
        lo, hi = reader.blocks[later]
        if any(lo <= d.evidence.start < hi and d.value != lede.value for d in outside):
            last = later - 1
            break
    return reader.blocks[paragraph][0], reader.blocks[last][1], lede.value


def _dated_by_context(reader: _Reader, statements: list[Statement], published: str | None) -> list[Statement]:
    """The statements with dates for those their own words leave undated, by news conventions, in order:
    "today" said in the quote; the publication day for a present-tense reporting verb ("says"); another
    statement of the same speakers in the same paragraph; the lede's
    day at the top of a breaking story (not for perfect tenses); the date of the statement just before
    when the same speakers go on in the same or the next paragraph."""
    frame = _lede_frame(reader, published)
    dated: list[Statement] = []
    for index, statement in enumerate(statements):
        date = statement.date or _day_of_speaking(reader, statement) or \
            (published if _present_tense(reader, statement) else None) or \
            _same_occasion_date(statements, index, reader)
        start = statement.evidence[0].start
        if date is None and frame and frame[0] <= start < frame[1] and not _perfect_attribution(reader, statement):
            date = frame[2]
        if date is None and dated:
            previous = dated[-1]
            if previous.speakers == statement.speakers and \
                    reader.paragraph_of(start) - reader.paragraph_of(previous.evidence[0].start) <= 1:
                date = previous.date
        dated.append(replace(statement, date=date) if date != statement.date else statement)
    return dated


def find_statements(document: Document, actors: Sequence[ActorMention], dates: Sequence[DateMention],
                    agreements: Sequence[Agreement], published: str | None = None) -> list[Statement]:
    """Direct quotes and reported speech with their speakers, in the order of the text; `published`
    (the publication date) dates what a breaking story's lede governs."""
    reader = _Reader(document, actors, dates, agreements)
    items: list[tuple[int, Quote | _Verb]] = [(q.open, q) for q in reader.quotes] + [(v.start, v) for v in reader.verbs]
    statements: list[Statement] = []
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, Quote):
            quote = _quote_statement(reader, item)
            statements.extend([quote] if quote else [])
        else:
            statements.extend(_reported(reader, item, statements))
    return _dated_by_context(reader, sorted(statements, key=lambda s: (s.evidence[0].start, s.kind)), published)
