"""Serving the graph over HTTP: SPARQL 1.1 Protocol, Graph Store Protocol (read), Linked Data, web page."""
