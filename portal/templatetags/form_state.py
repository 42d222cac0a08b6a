"""What the page's forms say about the request, for the layout (base.html)."""

from django import forms, template

register = template.Library()


@register.simple_tag(takes_context=True)
def has_form_errors(context) -> bool:
    """True when any form the page shows came back with errors.

    base.html prefixes the title with "Error:" then: the title is the first thing a screen
    reader announces after a failed submit reloads the page. Any view's form counts, whatever
    name it has in the context (form, rsvp_form, allauth's forms…).
    """
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance() would evaluate lazy values such as csrf_token,
        # and that alone makes every page set a CSRF cookie.
        kind = type(value)
        if issubclass(kind, forms.BaseForm) and value.is_bound and value.errors:
            return True
        if issubclass(kind, forms.BaseFormSet) and value.is_bound and not value.is_valid():
            return True
    return False
