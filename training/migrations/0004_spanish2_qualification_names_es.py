# Qualifications get their Spanish name and description on the same row: shifts, courses and
# grants point at one qualification, so no translated copy may split it. Both fields are blank
# for existing rows (the English name is shown, marked lang="en", until someone fills them in).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_delete_coursesession"),
    ]

    operations = [
        migrations.AddField(
            model_name="qualification",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages; leave empty to show the name above.",
                max_length=100,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="qualification",
            name="description_es",
            field=models.TextField(
                blank=True, max_length=1000, verbose_name="description in Spanish"
            ),
        ),
    ]
