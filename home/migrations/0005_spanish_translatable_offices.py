# Offices become translatable (wagtail-localize): existing rows get the default locale and a
# translation key of their own, then the fields become required.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_offices_a_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Office = apps.get_model("home", "Office")
    if not Office.objects.exists():
        return
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for office in Office.objects.all():
        office.locale_id = locale.pk
        office.translation_key = uuid.uuid4()
        office.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_spanish_site_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_offices_a_locale, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="office",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="office",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="office",
            unique_together={("translation_key", "locale")},
        ),
    ]
