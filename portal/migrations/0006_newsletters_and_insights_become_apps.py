"""Newsletters and insights become apps of their own (labels `newsletters` and `insights`).

Only Django's picture of the models moves: the tables keep their `portal_` names (each model's
`Meta.db_table`), so not a row is copied. The content types are renamed in place, keeping their
ids, because Wagtail pages, revisions, log entries and group permissions all point at them: a
NewsletterPage row stays a NewsletterPage, and organizers keep their permissions.
"""

from django.db import migrations

# The models that left `portal`, by the app that took them (content type model names).
MOVED = {
    "newsletters": (
        "delivery",
        "milestone",
        "newsletterdispatch",
        "newsletterindexpage",
        "newsletterpage",
        "newslettersettings",
        "shoutout",
        "suppression",
        "thankyouwallpage",
        "trackingevent",
    ),
    "insights": ("insightsaccess",),
}


def _relabel(apps, *, forwards: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for app_label, model_names in MOVED.items():
        source, target = ("portal", app_label) if forwards else (app_label, "portal")
        for model in model_names:
            moving = ContentType.objects.filter(app_label=source, model=model).first()
            if moving is None:
                continue
            # A `migrate` run while the models sat in the other app may have created a fresh,
            # empty content type for them (post_migrate). Its permissions are duplicates of the
            # moving one's, except any codename the moving one lacks, which is handed over.
            stale = ContentType.objects.filter(app_label=target, model=model).first()
            if stale is not None:
                kept = Permission.objects.filter(content_type=moving).values_list("codename")
                Permission.objects.filter(content_type=stale).exclude(codename__in=kept).update(
                    content_type=moving
                )
                Permission.objects.filter(content_type=stale).delete()
                stale.delete()
            moving.app_label = target
            moving.save(update_fields=["app_label"])
    # ContentType.objects caches lookups for the process; a name changed under it.
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, forwards=True)


def backwards(apps, schema_editor):
    _relabel(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_insights_for_organizers"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='delivery',
                    name='newsletter',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='milestone',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='newsletterdispatch',
                    name='newsletter',
                ),
                migrations.RemoveField(
                    model_name='newsletterdispatch',
                    name='scheduled_by',
                ),
                migrations.RemoveField(
                    model_name='newsletterindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='newsletterpage',
                    name='audience_completed_course',
                ),
                migrations.RemoveField(
                    model_name='newsletterpage',
                    name='audience_partner',
                ),
                migrations.RemoveField(
                    model_name='newsletterpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='shoutout',
                    name='featured_in',
                ),
                migrations.RemoveField(
                    model_name='newslettersettings',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='shoutout',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='shoutout',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='shoutout',
                    name='recipient',
                ),
                migrations.DeleteModel(
                    name='Suppression',
                ),
                migrations.RemoveField(
                    model_name='thankyouwallpage',
                    name='page_ptr',
                ),
                migrations.DeleteModel(
                    name='TrackingEvent',
                ),
                migrations.DeleteModel(
                    name='InsightsAccess',
                ),
                migrations.DeleteModel(
                    name='Delivery',
                ),
                migrations.DeleteModel(
                    name='Milestone',
                ),
                migrations.DeleteModel(
                    name='NewsletterDispatch',
                ),
                migrations.DeleteModel(
                    name='NewsletterIndexPage',
                ),
                migrations.DeleteModel(
                    name='NewsletterPage',
                ),
                migrations.DeleteModel(
                    name='NewsletterSettings',
                ),
                migrations.DeleteModel(
                    name='ShoutOut',
                ),
                migrations.DeleteModel(
                    name='ThankYouWallPage',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
