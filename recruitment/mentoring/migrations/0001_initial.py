"""The mentoring models, taken over from recruitment (see recruitment 0010) with their tables as they
are: state only, no database change. Their content types follow them, so permissions, group grants
and admin history now say `mentoring`."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import IntegrityError, migrations, models, transaction

MOVED_MODELS = (
    "matchingrun",
    "mentoringnotice",
    "mentorpair",
    "mentorprofile",
    "mentorrequest",
    "paircheckin",
    "pairfeedback",
    "proposedpair",
)


def _rows_pointing_at(apps, target_model):
    """(model, field name) for every foreign key to `target_model` in the historical state,
    auto-created many-to-many tables included (e.g. group grants), whichever app owns them."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is target_model:
                yield model, field.name


def _repoint(apps, target_model, old, new) -> None:
    # Rows that would duplicate one already pointing at `new` (a grant held twice) are dropped.
    for model, name in _rows_pointing_at(apps, target_model):
        for row in model._default_manager.filter(**{name: old}):
            setattr(row, name, new)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                model._default_manager.filter(pk=row.pk).delete()


def _move_content_types(apps, source: str, target: str) -> None:
    """Relabel the moved models' content types. When the target row already exists (e.g. made by
    a post_migrate run that saw the new app first), everything pointing at the old row (its
    permissions and their grants, admin log entries…) moves to it and the old row goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(
                content_type=new, codename=permission.codename
            ).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
            else:
                _repoint(apps, Permission, permission, twin)
                permission.delete()
        _repoint(apps, ContentType, old, new)
        old.delete()


def content_types_to_mentoring(apps, schema_editor):
    _move_content_types(apps, "recruitment", "mentoring")


def content_types_to_recruitment(apps, schema_editor):
    _move_content_types(apps, "mentoring", "recruitment")



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('recruitment', '0010_move_mentoring_to_its_own_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MatchingRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='run at')),
                        ('fingerprint', models.CharField(max_length=64)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('discarded', 'Discarded')], default='draft', max_length=10, verbose_name='status')),
                        ('total_score', models.FloatField(default=0, verbose_name='total score')),
                        ('greedy_score', models.FloatField(default=0, verbose_name='greedy total score')),
                        ('unmatched', models.JSONField(blank=True, default=list)),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'matching run',
                        'verbose_name_plural': 'matching runs',
                        'db_table': 'recruitment_matchingrun',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MentorPair',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reasons', models.JSONField(blank=True, default=list)),
                        ('started_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='started')),
                        ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended')),
                        ('ended_by', models.CharField(blank=True, choices=[('mentor', 'The mentor'), ('newcomer', 'The newcomer'), ('organizer', 'An organizer')], max_length=10, verbose_name='ended by')),
                        ('end_reason', models.TextField(blank=True, max_length=500, verbose_name='why it ended')),
                        ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentee_pairs', to='recruitment.volunteer')),
                        ('newcomer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentor_pairs', to='recruitment.volunteer')),
                        ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='published', to='mentoring.matchingrun')),
                    ],
                    options={
                        'verbose_name': 'mentoring pair',
                        'verbose_name_plural': 'mentoring pairs',
                        'db_table': 'recruitment_mentorpair',
                        'ordering': ['-started_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MentoringNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('intro', 'Introduction'), ('checkin', 'Check-in reminder'), ('feedback', 'Feedback request'), ('ended', 'Pairing ended')], max_length=10)),
                        ('key', models.CharField(blank=True, max_length=20)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('retries', models.PositiveSmallIntegerField(default=0)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='recruitment.volunteer')),
                        ('pair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='mentoring.mentorpair')),
                    ],
                    options={
                        'db_table': 'recruitment_mentoringnotice',
                    },
                ),
                migrations.CreateModel(
                    name='MentorProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('capacity', models.PositiveSmallIntegerField(help_text='How many newcomers you can mentor at the same time.', verbose_name='newcomers at once')),
                        ('languages', models.JSONField(blank=True, default=list, verbose_name='languages')),
                        ('interests', models.JSONField(blank=True, default=list, verbose_name='interests')),
                        ('availability', models.JSONField(blank=True, default=list, verbose_name='availability')),
                        ('share_phone', models.BooleanField(default=False, verbose_name='share my mobile number with my mentees')),
                        ('about', models.TextField(blank=True, max_length=500, verbose_name='a few words about you')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('paused', 'Paused')], default='pending', max_length=10, verbose_name='status')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='offered')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('volunteer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='mentor_profile', to='recruitment.volunteer')),
                    ],
                    options={
                        'verbose_name': 'mentor',
                        'verbose_name_plural': 'mentors',
                        'db_table': 'recruitment_mentorprofile',
                        'ordering': ['created_at', 'pk'],
                        'permissions': [('manage_mentoring', 'Can run mentor matching and manage pairs')],
                    },
                ),
                migrations.CreateModel(
                    name='MentorRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(blank=True, choices=[('en', 'English'), ('es', 'Español'), ('zh', '中文'), ('vi', 'Tiếng Việt'), ('tl', 'Tagalog'), ('ar', 'العربية'), ('fr', 'Français'), ('ht', 'Kreyòl ayisyen'), ('ko', '한국어'), ('ru', 'Русский'), ('pt', 'Português'), ('ase', 'American Sign Language')], max_length=8, verbose_name='language for mentoring')),
                        ('language_required', models.BooleanField(default=False, verbose_name='only a mentor who speaks it')),
                        ('same_area', models.BooleanField(default=False, verbose_name='someone in my area')),
                        ('interests', models.JSONField(blank=True, default=list, verbose_name='interests')),
                        ('share_phone', models.BooleanField(default=False, verbose_name='share my mobile number with my mentor')),
                        ('note', models.TextField(blank=True, max_length=500, verbose_name='anything else')),
                        ('source', models.CharField(choices=[('signup', 'Sign-up form'), ('dashboard', 'My portal'), ('rematch', 'After a pairing ended')], default='dashboard', max_length=10)),
                        ('status', models.CharField(choices=[('open', 'Waiting for a mentor'), ('matched', 'Matched'), ('withdrawn', 'Withdrawn')], default='open', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked')),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('newcomer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentor_requests', to='recruitment.volunteer')),
                        ('preferred_mentor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='requested_by', to='mentoring.mentorprofile', verbose_name='a specific mentor')),
                    ],
                    options={
                        'verbose_name': 'mentor request',
                        'verbose_name_plural': 'mentor requests',
                        'db_table': 'recruitment_mentorrequest',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddField(
                    model_name='mentorpair',
                    name='request',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='pairs', to='mentoring.mentorrequest'),
                ),
                migrations.CreateModel(
                    name='PairCheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('week', models.PositiveSmallIntegerField(verbose_name='week')),
                        ('due_at', models.DateTimeField(verbose_name='due')),
                        ('reminder_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='reminder sent')),
                        ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done')),
                        ('pair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='mentoring.mentorpair')),
                    ],
                    options={
                        'db_table': 'recruitment_paircheckin',
                        'ordering': ['due_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PairFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('mentor', 'Mentor'), ('newcomer', 'Newcomer')], max_length=10, verbose_name='from')),
                        ('rating', models.PositiveSmallIntegerField(verbose_name='rating')),
                        ('text', models.TextField(blank=True, max_length=2000, verbose_name='comments')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='given')),
                        ('pair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='mentoring.mentorpair')),
                    ],
                    options={
                        'db_table': 'recruitment_pairfeedback',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProposedPair',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.FloatField(verbose_name='score')),
                        ('reasons', models.JSONField(blank=True, default=list)),
                        ('decision', models.CharField(choices=[('accepted', 'Accepted'), ('rejected', 'Rejected'), ('locked', 'Locked')], default='accepted', max_length=10, verbose_name='decision')),
                        ('by_hand', models.BooleanField(default=False, verbose_name='made by hand')),
                        ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='mentoring.mentorprofile')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='mentoring.mentorrequest')),
                        ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairs', to='mentoring.matchingrun')),
                    ],
                    options={
                        'db_table': 'recruitment_proposedpair',
                        'ordering': ['-score', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='matchingrun',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'draft')), fields=('status',), name='matching_run_one_draft'),
                ),
                migrations.AddConstraint(
                    model_name='mentoringnotice',
                    constraint=models.UniqueConstraint(fields=('pair', 'recipient', 'kind', 'key'), name='mentoring_notice_once'),
                ),
                migrations.AddConstraint(
                    model_name='mentorprofile',
                    constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1), ('capacity__lte', 10)), name='mentor_capacity_1_to_10'),
                ),
                migrations.AddConstraint(
                    model_name='mentorrequest',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('newcomer',), name='mentor_request_one_open_per_newcomer'),
                ),
                migrations.AddConstraint(
                    model_name='mentorpair',
                    constraint=models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('newcomer',), name='mentor_pair_one_active_per_newcomer'),
                ),
                migrations.AddConstraint(
                    model_name='mentorpair',
                    constraint=models.CheckConstraint(condition=models.Q(('mentor', models.F('newcomer')), _negated=True), name='mentor_pair_not_oneself'),
                ),
                migrations.AddConstraint(
                    model_name='paircheckin',
                    constraint=models.UniqueConstraint(fields=('pair', 'week'), name='pair_checkin_once_per_week'),
                ),
                migrations.AddConstraint(
                    model_name='pairfeedback',
                    constraint=models.UniqueConstraint(fields=('pair', 'role'), name='pair_feedback_once_per_side'),
                ),
                migrations.AddConstraint(
                    model_name='pairfeedback',
                    constraint=models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='pair_feedback_rating_1_to_5'),
                ),
                migrations.AddConstraint(
                    model_name='proposedpair',
                    constraint=models.UniqueConstraint(fields=('run', 'request'), name='proposed_pair_once_per_request'),
                ),
            ],
            # The tables stay as they are (the models keep them with Meta.db_table).
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_mentoring, content_types_to_recruitment),
    ]
