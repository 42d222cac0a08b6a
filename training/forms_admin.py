"""The course page's admin form: prerequisites are other courses in the same language tree."""

from wagtail.admin.forms import WagtailAdminPageForm

from portal.text import StorableTextMixin


class CoursePageForm(StorableTextMixin, WagtailAdminPageForm):
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
