"""Comments: threaded, on any target (consultation, proposal, later clauses and amendments)."""
