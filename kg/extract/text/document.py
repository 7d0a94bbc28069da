"""The parsed article: spaCy tokens and sentences over the exact article text.

Only spaCy's rule-based parts are used (blank English tokenizer, sentencizer, matchers), so no
model has to be downloaded. A line break always ends a sentence: news text puts one paragraph
per line and headlines carry no final punctuation.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from typing import NamedTuple

import spacy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.articles import MAX_ARTICLE_BYTES
from kg.records import Article, Evidence

RANK_ABBREVIATIONS = ("Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Brig.", "Adm.", "Cmdr.", "Lt.-Col.",
                      "Maj.-Gen.", "Brig.-Gen.", "Supt.", "Insp.", "Amb.", "Sec.", "Pres.", "Prof.", "Rev.")
"""Title abbreviations that spaCy's English tokenizer splits from their period ("Lt. Col. Nadav
Shoshani"), so the sentencizer would end a sentence inside a name. Mr., Dr., Gen., Sen., Rep. and
Gov. are already exceptions of the English tokenizer."""


@Language.component("kg_paragraph_breaks")
def _paragraph_breaks(doc: Doc) -> Doc:
    """The token after each line break starts a sentence. A line break is never a token's trailing
    whitespace (only one space is): the tokenizer makes each run of other whitespace a token of its
    own, so the breaks are found among those tokens, without making the doc's text or a Token object
    per token. All starts are written in one `from_array`: setting `Token.is_sent_start` scans every
    token of the doc on each call."""
    strings = doc.vocab.strings
    spaces, orths = doc.to_array([IS_SPACE, ORTH]).T.tolist() if len(doc) else ([], [])
    sentence_starts = doc.to_array([SENT_START])
    for index, space in enumerate(spaces[:-1]):
        if space and "\n" in strings[orths[index]]:
            sentence_starts[index + 1] = 1
    doc.from_array([SENT_START], sentence_starts)
    return doc


@cache
def english() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_ARTICLE_BYTES
    for abbreviation in RANK_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_paragraph_breaks", after="sentencizer")
    return nlp


class Word(NamedTuple):
    """A token's attributes under spaCy's names, read once for every token from the Doc's arrays
    (`Document.words`); `len(word.text)` is a token's `len`.

    The steps walk every token several times; a spaCy `Token` is a new object on each `doc[i]` and
    decodes its strings on each attribute access, which made most of their time."""

    i: int
    text: str
    lower_: str
    idx: int
    whitespace_: str
    is_sent_start: bool | None
    is_alpha: bool
    is_lower: bool
    is_title: bool
    is_punct: bool
    like_num: bool

    @property
    def end(self) -> int:
        """The character offset just after the token."""
        return self.idx + len(self.text)


_WORD_ATTRIBUTES = ["ORTH", "LOWER", "IDX", "SPACY", "SENT_START", "IS_ALPHA", "IS_LOWER", "IS_TITLE", "IS_PUNCT",
                    "LIKE_NUM"]


@dataclass(frozen=True)
class Document:
    article: Article
    doc: Doc

    @property
    def text(self) -> str:
        return self.article.text

    @cached_property
    def words(self) -> list[Word]:
        """Every token as a `Word`, in order (`words[i]` is token i), read once from the doc's arrays."""
        strings = self.doc.vocab.strings
        columns = zip(*self.doc.to_array(_WORD_ATTRIBUTES).T.tolist()) if len(self.doc) else ()
        return [Word(i, strings[orth], strings[lower], idx, " " if space else "",
                     None if sent_start == 0 else sent_start == 1, alpha == 1, lower_case == 1, title == 1,
                     punct == 1, number == 1)
                for i, (orth, lower, idx, space, sent_start, alpha, lower_case, title, punct, number)
                in enumerate(columns)]

    @cached_property
    def sentences(self) -> list[Span]:
        """The sentences, computed once (steps index into them many times per article)."""
        return list(self.doc.sents)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start_char for sentence in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """The index of the last sentence starting at or before character `offset` (the first sentence for
        an offset before it): the sentence holding the offset, or the one before the gap it lies in."""
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding character `offset` (binary search over the sentence starts)."""
        sentence = self.sentences[self.sentence_index(offset)]
        if sentence.start_char <= offset < sentence.end_char:
            return sentence
        raise ValueError(f"offset {offset} is outside the article")

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.text[start:end])


def _fill_tokenizer_cache(nlp: Language, text: str) -> None:
    """Let spaCy's tokenizer cache the words of `text`, line by line.

    The tokenizer memoises the tokens of each whitespace-separated chunk (a pure function of the chunk,
    kept per process, at most `max_cache_size` chunks), but within one call it stops saving chunks
    once a special case (Mr., 's...) has matched (spaCy's guard for issue #1250): after the first
    words of almost every article, so most chunks were split by the affix rules again in every
    article. One call per line restarts that guard on each line, and the article's own call then
    finds most chunks cached. Whatever the cache holds, the tokens are the same."""
    for line in text.splitlines():
        nlp.tokenizer(line)


def parse(article: Article) -> Document:
    nlp = english()
    _fill_tokenizer_cache(nlp, article.text)
    return Document(article, nlp(article.text))
