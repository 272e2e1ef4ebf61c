"""Runners for the W3C SPARQL 1.1 test suites in ../shared/w3c-sparql11, driven from their manifests."""
