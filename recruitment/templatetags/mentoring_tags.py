from django import template

from recruitment import selectors_mentoring

register = template.Library()


@register.simple_tag(takes_context=True)
def my_mentoring(context) -> dict:
    """My portal's mentoring section: my mentor or request, my offer and my mentees."""
    return selectors_mentoring.mentoring_for(volunteer=context.get("volunteer"))
