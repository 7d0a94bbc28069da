"""Dates: the publication date the article's relative expressions resolve against, and every
date expression in the text resolved to an ISO value with its precision."""

from __future__ import annotations

from kg.extract.text.document import Document
from kg.extract.text.mentions import DateMention, PublicationDate


def publication_date(document: Document) -> PublicationDate:
    """The metadata's date when it gives one; otherwise inferred from the content (method says how)."""
    claim = document.article.published
    return PublicationDate(claim.value, claim.method, claim.note)


def find_dates(document: Document, published: PublicationDate) -> list[DateMention]:
    return []
