"""Aggregates behind the insights, one module per area.

Every function runs a fixed number of aggregate queries (GROUP BY in the database, conditional
counts with `filter=`), whatever the number of volunteers, events or RSVPs; Python only folds the
few aggregated rows (weeks × series) into tables. Where an aggregate is generic to an app it
lives in that app's selectors; the ones here are specific to these reports.
"""
