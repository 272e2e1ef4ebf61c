"""Wikidata: propose ids for unlinked actors (reconcile) and copy facts about linked ones (enrich).

Both talk to a SPARQL endpoint (settings.wikidata_endpoint) through one client (client.py) that
sends our User-Agent, caches answers on disk and keeps to settings.wikidata_rate requests per
second, as Wikidata's query-service policy asks. Nothing here writes a link that a curator has not
accepted, and no curated id is ever replaced.
"""

from .client import WikidataClient as WikidataClient
from .enrich import EnrichResult as EnrichResult
from .enrich import enrich_linked_actors as enrich_linked_actors
from .reconcile import Candidate as Candidate
from .reconcile import Proposal as Proposal
from .reconcile import accept_proposals as accept_proposals
from .reconcile import propose_links as propose_links
from .reconcile import read_review_file as read_review_file
from .reconcile import write_review_file as write_review_file

__all__ = ["Candidate", "EnrichResult", "Proposal", "WikidataClient", "accept_proposals", "enrich_linked_actors",
           "propose_links", "read_review_file", "write_review_file"]
