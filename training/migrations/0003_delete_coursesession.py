# Live trainings are now EventPage.course (events 0007); events 0008 copied every row first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_organizer_permissions"),
        ("events", "0008_live_trainings_from_course_sessions"),
    ]

    operations = [
        migrations.DeleteModel(
            name="CourseSession",
        ),
    ]
