from django import template

from recruitment.mentoring import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def my_mentoring(context) -> dict:
    """My portal's mentoring section: my mentor or request, my offer and my mentees."""
    return selectors.mentoring_for(volunteer=context.get("volunteer"))
