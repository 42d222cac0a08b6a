"""NUL and unpaired surrogates never reach the database: every project form refuses them with a
field error, and a URL path or query string carrying them is a 400, never a 500."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django import forms
from django.test import Client
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.blocks.base import BlockWidget
from wagtail.models import get_page_models

from portal.text import StorableTextMixin, is_storable, validate_storable_text
from recruitment.mentoring.models import MentorProfile, ProposedPair
from recruitment.models import InternshipApplication

PROJECT_PACKAGES = ("portal", "home", "recruitment", "events", "training")
SKIPPED_MODULES = (".migrations", ".management", ".settings", "portal.wsgi", "portal.celery")
BROKEN_TEXT = ["\ud800", "ab\udc00cd", "\x00", "a\x00b"]


def project_form_classes() -> list[type]:
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if not any(part in module.name for part in SKIPPED_MODULES):
                importlib.import_module(module.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith(PROJECT_PACKAGES):
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


# Forms whose constructor needs more than data: the least each one needs to build its fields.
EXTRA_KWARGS = {
    "RsvpForm": lambda: {"shifts": (), "event": None},
    "ApplicationStatusForm": lambda: {"application": InternshipApplication()},
    "AssignForm": lambda: {"requests": MentorProfile.objects.none()},
    "SwapForm": lambda: {"run": SimpleNamespace(pairs=ProposedPair.objects.none())},
    "KnowledgeCheckForm": lambda: {
        "questions": [{"id": "q1", "question": "Q?", "answers": [{"id": "a1", "text": "A"}]}]
    },
}


def test_the_rule_refuses_nul_and_lone_surrogates_and_nothing_else():
    for text in BROKEN_TEXT:
        assert not is_storable(text)
        with pytest.raises(forms.ValidationError):
            validate_storable_text(text)
    assert not is_storable({"a": ["ok", "\ud83d"]})
    for text in ["", "Ana Pérez", "😀 emoji", "日本語", "tab\tand\nnewline", "\ufffd"]:
        assert is_storable(text)
        validate_storable_text(text)


def test_every_project_form_uses_the_shared_rule():
    classes = project_form_classes()
    assert len(classes) > 25
    missing = [cls.__qualname__ for cls in classes if not issubclass(cls, StorableTextMixin)]
    assert missing == []


@pytest.mark.django_db
def test_every_project_page_edit_form_uses_the_shared_rule():
    project_pages = [m for m in get_page_models() if m.__module__.startswith(PROJECT_PACKAGES)]
    assert len(project_pages) >= 10
    missing = [
        model.__name__
        for model in project_pages
        if not issubclass(model.get_edit_handler().get_form_class(), StorableTextMixin)
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("text", BROKEN_TEXT)
def test_every_text_field_of_every_project_form_refuses_broken_text(text):
    checked = 0
    for cls in project_form_classes():
        if issubclass(cls, forms.ModelForm):
            continue  # admin model forms: covered by the mixin test above
        kwargs = EXTRA_KWARGS.get(cls.__name__, dict)()
        text_fields = [
            name
            for name, field in cls(**kwargs).fields.items()
            if isinstance(field, forms.CharField)
        ]
        for name in text_fields:
            form = cls(data={name: text}, **kwargs)
            assert not form.is_valid()
            assert name in form.errors, f"{cls.__qualname__}.{name} accepted {text!r}"
            checked += 1
    assert checked > 40


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def client(request, settings):
    settings.DEBUG = request.param
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/events/?zip=%00",
        "/events/?zip=48201&type=%00",
        "/events/%00/",
        "/es/events/?zip=4820%00",
        "/search/?query=%00",
        "/join/?source=%00",
        "/training/?q=a%00b",
        "/%00",
    ],
)
def test_nul_in_a_url_is_a_400(client, home_page, url):
    assert client.get(url).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/events/?zip=%ED%A0%80",
        "/events/?zip=%ED%B0%80&type=%ED%A0%80",
        "/events/%ED%A0%80/",
        "/search/?query=%ED%A0%80",
        "/search/?query=%ff%fe",
        "/%ED%A0%80/",
    ],
)
def test_broken_utf8_in_a_url_is_never_a_server_error(client, home_page, url):
    # Django decodes broken UTF-8 in URLs to U+FFFD: harmless text, answered like any other.
    assert client.get(url).status_code < 500


@pytest.mark.django_db
def test_a_form_post_with_nul_is_a_field_error_and_stores_nothing(client, home_page):
    from recruitment.models import Volunteer

    response = client.post(
        "/join/",
        "email=ana%40example.org&first_name=An%00a&last_name=P&postal_code=48201",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 400)
    assert "id_first_name_error" in response.content.decode()
    assert not Volunteer.objects.exists()


# --- The admin's generated forms ---------------------------------------------------------------

ADMIN_LABELS = {"portal", "home", "recruitment", "mentoring", "events", "training", "newsletters"}
# Wagtail's own user and group screens edit our User model and the role groups.
ADMIN_OTHER_MODELS = {"portal.user", "auth.group"}


def admin_screen_forms() -> dict[str, type]:
    """Every create/edit form of a project admin screen, as Wagtail builds it: viewsets and
    snippets (registered when the admin's URLs load), the users and groups screens, and the
    site settings."""
    from django.urls import reverse
    from wagtail.admin.viewsets import viewsets
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.contrib.settings.views import get_setting_edit_handler

    reverse("wagtailadmin_home")  # loads the URLconf, which registers every viewset
    found = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is None or not hasattr(viewset, "get_form_class"):
            continue
        opts = model._meta
        if opts.app_label not in ADMIN_LABELS and opts.label_lower not in ADMIN_OTHER_MODELS:
            continue
        for for_update in (False, True):
            found[f"{viewset.name}:{'edit' if for_update else 'add'}"] = viewset.get_form_class(
                for_update=for_update
            )
    for model in settings_registry:
        if model._meta.app_label in ADMIN_LABELS:
            found[f"settings:{model._meta.label}"] = get_setting_edit_handler(
                model
            ).get_form_class()
    return found


@pytest.mark.django_db
def test_every_admin_screen_form_uses_the_shared_rule():
    found = admin_screen_forms()
    expected = {
        "shoutouts",
        "suppressions",
        "volunteers",
        "partners",
        "internship_applications",
        "event_rsvps",
        "event_api_keys",
        "qualification_holders",
        "wagtailusers_users",
        "wagtailusers_groups",
        "settings:home.SiteSettings",
        "settings:newsletters.NewsletterSettings",
    }
    assert expected <= {key.rsplit(":", 1)[0] for key in found} | set(found)
    missing = sorted(key for key, cls in found.items() if not issubclass(cls, StorableTextMixin))
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["\ud800", "a\x00b"])
def test_every_text_field_of_every_admin_screen_form_refuses_broken_text(text):
    checked = 0
    for key, cls in admin_screen_forms().items():
        # Rich text (JSON from the editor) is covered by the site settings post below.
        text_fields = [
            name
            for name, field in cls().fields.items()
            if isinstance(field, forms.CharField)
            and not isinstance(field.widget, DraftailRichTextArea)
        ]
        # A StreamField's widget reads its block count; an empty stream is enough here.
        filler = {
            f"{name}-count": "0"
            for name, field in cls().fields.items()
            if isinstance(field.widget, BlockWidget)
        }
        for name in text_fields:
            form = cls(data={**filler, name: text})
            assert not form.is_valid()
            assert name in form.errors, f"{key}.{name} accepted {text!r}"
            checked += 1
    assert checked > 20


@pytest.mark.django_db
def test_site_settings_refuse_a_lone_surrogate_in_rich_text_and_store_nothing(home_page):
    # Rich text arrives as JSON, whose escapes can carry a lone surrogate past the form decoding.
    from django.urls import reverse
    from wagtail.models import Site

    from home.models import SiteSettings
    from tests.factories.users import UserFactory

    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    contentstate = (
        '{"blocks":[{"key":"a1b2c","text":"Privacy \\ud800","type":"unstyled","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[],"data":{}}],"entityMap":{}}'
    )
    response = client.post(
        reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk]),
        {
            "organization_name": "Riverside Volunteers",
            "privacy_notice": contentstate,
            "social_links-count": "0",
        },
    )
    assert response.status_code == 200
    assert "privacy_notice" in response.context["form"].errors
    assert not SiteSettings.objects.filter(organization_name="Riverside Volunteers").exists()
