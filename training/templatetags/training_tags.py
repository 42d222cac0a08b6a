from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from training import embeds, selectors

register = template.Library()


@register.simple_tag
def video_embed(url: str) -> str:
    """The video's embed HTML from Wagtail's embed finders, or "" when the provider is out of
    reach (the template then shows a link and the transcript)."""
    # Wagtail's own template renders the provider's HTML, as its embed block does.
    return mark_safe(embeds.video_html(url))


@register.simple_tag
def featured_courses(limit: int = 3) -> list:
    """Featured courses first, in the page's language when translated, for the home page."""
    return selectors.featured_courses(limit=limit, language=get_language())


@register.simple_tag(takes_context=True)
def my_training(context) -> dict:
    """The logged-in volunteer's courses in progress, completed courses and qualifications."""
    summary = selectors.training_summary_for(user=context["request"].user)
    index = selectors.training_index_page(language=get_language())
    summary["library_url"] = index.url if index else ""
    return summary
