"""Organizer insights: is recruiting and turnout working? Admin dashboard, CSV and JSON API.

Each figure is one selector (in `selectors/`), one template include (in
`templates/portal/insights/figures/`) and one API section; `figures.py` lists them. See that
module for how to add one.
"""
