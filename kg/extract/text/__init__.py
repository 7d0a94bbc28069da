"""Extraction from raw article text: a pipeline of small rule-based steps over spaCy's tokenizer.

`extractor.extract_article` runs the steps in this order; each step is its own module and sees
only the `Document` and the mentions earlier steps found (see `mentions.py`):

    document  -> tokens and sentences (spaCy blank English + sentencizer, no model download)
    dates     -> the publication date (stated or inferred) and every date expression, resolved
    actors    -> actor and place mentions (catalogue aliases, title and name patterns, short forms)
    agreements-> agreements and phases, resolved to known agreements or created
    statements-> direct quotes and reported speech with speaker, speech act, targets
    figures   -> counted quantities with qualifier, what they count and attribution
    events    -> event triggers typed by the ontology, with agents, targets, places, dates, figures

The curated extracts in `seeds/extracts/` are the answer key for `kg eval`; no step reads them.
"""
