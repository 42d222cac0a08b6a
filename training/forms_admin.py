"""The course page's admin form: prerequisites are other courses in the same language tree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("prerequisites")
        if field is not None:
            from training.models import CoursePage

            courses = CoursePage.objects.order_by("title")
            locale_id = getattr(self.instance, "locale_id", None)
            if locale_id:
                courses = courses.filter(locale_id=locale_id)
            if self.instance.pk:
                courses = courses.exclude(pk=self.instance.pk)
            field.queryset = courses
            field.widget.choices = field.choices

    def clean(self):
        cleaned = super().clean()
        modules = self.formsets.get("modules")
        if modules is not None:
            kept = [
                form
                for form in modules.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            ]
            if not kept:
                self.add_error(None, _("A course needs at least one module."))
        return cleaned
