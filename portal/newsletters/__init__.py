"""Newsletters, shout-outs and milestones, delivered through a ledger that never sends twice."""
