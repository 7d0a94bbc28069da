"""ceasefire-kg: news articles about the Israel-Hamas ceasefires as a validated, provenance-rich RDF graph."""

__version__ = "0.1.0"
