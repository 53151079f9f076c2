"""Candidates: encoding, hard rules, soft costs and the full feasible graph."""
