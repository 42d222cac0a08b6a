"""NUL and unpaired surrogates never reach the database: every project form refuses them with a
field error, and a URL path or query string carrying them is a 400, never a 500."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django import forms
from django.test import Client
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
