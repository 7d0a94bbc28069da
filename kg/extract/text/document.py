"""The parsed article: spaCy tokens and sentences over the exact article text.

Only spaCy's rule-based parts are used (blank English tokenizer, sentencizer, matchers), so no
model has to be downloaded. A line break always ends a sentence: news text puts one paragraph
per line and headlines carry no final punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.records import Article, Evidence


@Language.component("kg_paragraph_breaks")
def _paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def english() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_paragraph_breaks", after="sentencizer")
    return nlp


@dataclass(frozen=True)
class Document:
    article: Article
    doc: Doc

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding character `offset`."""
        for sentence in self.doc.sents:
            if sentence.start_char <= offset < sentence.end_char:
                return sentence
        raise ValueError(f"offset {offset} is outside the article")

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.text[start:end])


def parse(article: Article) -> Document:
    return Document(article, english()(article.text))
