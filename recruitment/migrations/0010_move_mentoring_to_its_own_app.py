"""Mentoring moved to its own app (label `mentoring`): recruitment forgets its models here, in Django's
state only; mentoring 0001 takes them over with the same tables, so no row moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('recruitment', '0009_volunteer_show_on_leaderboard'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='proposedpair',
                    name='run',
                ),
                migrations.RemoveField(
                    model_name='mentorpair',
                    name='run',
                ),
                migrations.RemoveField(
                    model_name='mentoringnotice',
                    name='pair',
                ),
                migrations.RemoveField(
                    model_name='mentoringnotice',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='mentorpair',
                    name='mentor',
                ),
                migrations.RemoveField(
                    model_name='mentorpair',
                    name='newcomer',
                ),
                migrations.RemoveField(
                    model_name='mentorpair',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='pairfeedback',
                    name='pair',
                ),
                migrations.RemoveField(
                    model_name='paircheckin',
                    name='pair',
                ),
                migrations.RemoveField(
                    model_name='mentorprofile',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='mentorprofile',
                    name='volunteer',
                ),
                migrations.RemoveField(
                    model_name='mentorrequest',
                    name='preferred_mentor',
                ),
                migrations.RemoveField(
                    model_name='proposedpair',
                    name='mentor',
                ),
                migrations.RemoveField(
                    model_name='mentorrequest',
                    name='newcomer',
                ),
                migrations.RemoveField(
                    model_name='proposedpair',
                    name='request',
                ),
                migrations.DeleteModel(
                    name='MatchingRun',
                ),
                migrations.DeleteModel(
                    name='MentoringNotice',
                ),
                migrations.DeleteModel(
                    name='PairFeedback',
                ),
                migrations.DeleteModel(
                    name='MentorPair',
                ),
                migrations.DeleteModel(
                    name='PairCheckIn',
                ),
                migrations.DeleteModel(
                    name='MentorProfile',
                ),
                migrations.DeleteModel(
                    name='MentorRequest',
                ),
                migrations.DeleteModel(
                    name='ProposedPair',
                ),
            ],
            # The tables stay as they are (the models keep them with Meta.db_table).
            database_operations=[],
        ),
    ]
