"""One field include and one error summary for every form on the site."""

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    email = forms.EmailField(label="Email")
    phone = forms.CharField(label="Phone", required=False, help_text="Mobile is best.")


def test_the_field_include_labels_links_and_marks_optional_fields():
    form = _Form(data={"email": "not an address"})
    form.is_valid()
    email = render_to_string("includes/field.html", {"field": form["email"]})
    assert 'class="field field--error"' in email
    assert 'id="id_email_error"' in email and 'for="id_email"' in email
    phone = render_to_string("includes/field.html", {"field": form["phone"]})
    assert "(optional)" in phone and 'id="id_phone_helptext"' in phone
    filter_field = render_to_string(
        "includes/field.html", {"field": form["phone"], "no_optional": True}
    )
    assert "(optional)" not in filter_field


def test_the_error_summary_links_each_field_in_error():
    form = _Form(data={"email": "not an address"})
    form.is_valid()
    summary = render_to_string("includes/form_errors.html", {"form": form})
    assert 'role="alert"' in summary and 'href="#id_email"' in summary
    assert render_to_string("includes/form_errors.html", {"form": _Form()}).strip() == ""
