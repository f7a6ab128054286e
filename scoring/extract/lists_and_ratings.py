"""Facts from the admin's own data: the outlet's list entries and ratings, and state affiliation
of outlets the admin lists (the page's own and those it cites).

They depend on the config, not on the page, so they are added at scoring time to facts that
were extracted once: `rules diff` extracts each page once and scores it under two configs.
"""

from __future__ import annotations

from dataclasses import replace

from scoring.admin_data import AdminData
from scoring.facts import Facts, OutletListing, OutletRating


def with_admin_data(facts: Facts, data: AdminData) -> Facts:
    """A copy of `facts` with the admin's data applied; `facts` itself is left unchanged."""
    if not data:
        return facts
    o = facts.outlet
    outlet = replace(
        o,
        lists=[OutletListing(e.kind, e.note, e.state_affiliation) for e in data.listed(o.domain)],
        ratings=[OutletRating(r.source, r.rating) for r in data.ratings_for(o.domain)],
    )
    # The admin's state-affiliated list adds to the curated table and, where both name an
    # outlet, the admin's entry wins: it is their deployment.
    state = data.state_entry(o.domain)
    if state is not None:
        outlet.state_affiliation = state.state_affiliation
        outlet.state_affiliation_source = "admin-list"
    citations = [
        replace(c, state_affiliated=entry.state_affiliation)
        if (entry := data.state_entry(c.domain))
        else c
        for c in facts.citations
    ]
    named = [
        replace(s, state_affiliated=entry.state_affiliation)
        if (entry := data.state_entry(s.domain))
        else s
        for s in facts.named_sources
    ]
    return replace(facts, outlet=outlet, citations=citations, named_sources=named)
