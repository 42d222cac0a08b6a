"""The audit trail: staff actions on people's data, written through Wagtail's log_actions.

Entries then show in each object's admin history and in the site-history report
(/admin/reports/site-history/), filterable by action. Services call `audit_log` with the acting
user; each app registers its own action names, labels and messages in its wagtail_hooks.py.

An entry outlives the person it concerns (an erased volunteer's history stays), so it holds
ids and counts only: its label is "<kind> #<id>", never a name or an email.
"""

from __future__ import annotations

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log
from wagtail.models import Page

EXPORT = "portal.export"
ROLE_CHANGE = "portal.role_change"


def audit_label(instance: Model) -> str:
    if isinstance(instance, Page):
        return instance.title  # a page's title is public, never personal
    return f"{capfirst(instance._meta.verbose_name)} #{instance.pk}"


def audit_log(
    *, instance: Model, action: str, user, data: dict | None = None, deleted: bool = False
):
    """Record that `user` did `action` to `instance`; `data` holds ids and counts only."""
    return wagtail_log(
        instance=instance,
        action=action,
        user=user,
        title=audit_label(instance),
        data=data or {},
        deleted=deleted,
    )


def audit_export(*, user, export: str, rows: int, instance: Model | None = None):
    """A CSV of people's data left the site: who took it, which list, how many rows.

    The entry hangs on what was exported (an event, a course) or, for site-wide lists, on the
    person who exported it, so it shows in their history.
    """
    return audit_log(
        instance=instance if instance is not None else user,
        action=EXPORT,
        user=user,
        data={"export": export, "rows": rows},
    )


class DataMessage(LogFormatter):
    """A message filled from the entry's data, e.g. "Exported %(export)s: %(rows)s rows"."""

    def format_message(self, log_entry):
        try:
            return self.message % (log_entry.data or {})
        except (KeyError, TypeError, ValueError):
            return self.label


class RoleChangeMessage(LogFormatter):
    label = _("Change roles")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = []
        if data.get("added"):
            parts.append(_("added %(roles)s") % {"roles": ", ".join(data["added"])})
        if data.get("removed"):
            parts.append(_("removed %(roles)s") % {"roles": ", ".join(data["removed"])})
        return _("Roles changed: %(change)s") % {"change": "; ".join(parts) or "-"}


def register(actions, action: str, label, message) -> None:
    """Register an action whose message may use the entry's data (register_log_actions hook)."""
    actions.register_action(action)(
        type("AuditMessage", (DataMessage,), {"label": label, "message": message})
    )


def register_shared_actions(actions) -> None:
    register(actions, EXPORT, _("Export people data"), _("Exported %(export)s: %(rows)s rows"))
    actions.register_action(ROLE_CHANGE)(RoleChangeMessage)


# --- Role changes ---------------------------------------------------------------------------
# Roles change in Wagtail's own screens (a user's edit form, "Assign role" on the user list),
# which save through the groups relation and the user row, not through our services. Django's
# signals see every such write; Wagtail's admin runs each view inside a LogContext naming the
# acting user, so a change with no acting user (migrations, seeding, a sign-up) is not a staff
# action and is not logged.

# Staff access and superuser are roles too; they are logged under these names.
ROLE_FLAGS = {"is_staff": "staff", "is_superuser": "superuser"}


def _acting_user():
    from wagtail.log_actions import get_active_log_context

    return get_active_log_context().user


def _log_roles(*, person, added: list[str], removed: list[str]) -> None:
    user = _acting_user()
    if user is None or not (added or removed):
        return
    audit_log(
        instance=person,
        action=ROLE_CHANGE,
        user=user,
        data={"added": sorted(added), "removed": sorted(removed)},
    )


def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed on User.groups: one entry per person whose groups changed."""
    from django.contrib.auth.models import Group

    if action == "pre_clear" and not reverse:
        names = list(instance.groups.values_list("name", flat=True))
        _log_roles(person=instance, added=[], removed=names)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    key = "added" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(...): `instance` is the group, pk_set the people
        for person in model.objects.filter(pk__in=pk_set):
            _log_roles(person=person, **{"added": [], "removed": [], key: [instance.name]})
    else:
        names = list(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        _log_roles(person=instance, **{"added": [], "removed": [], key: names})


def role_flags_before_save(sender, instance, update_fields=None, **kwargs) -> None:
    if _acting_user() is None:
        return
    if update_fields is not None and not set(update_fields) & set(ROLE_FLAGS):
        return  # e.g. last_login on every sign-in
    before = (
        sender.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first() if instance.pk else None
    ) or dict.fromkeys(ROLE_FLAGS, False)
    instance._audit_role_flags = before


def role_flags_after_save(sender, instance, **kwargs) -> None:
    before = instance.__dict__.pop("_audit_role_flags", None)
    if before is None:
        return
    added = [
        name for flag, name in ROLE_FLAGS.items() if getattr(instance, flag) and not before[flag]
    ]
    removed = [
        name for flag, name in ROLE_FLAGS.items() if before[flag] and not getattr(instance, flag)
    ]
    _log_roles(person=instance, added=added, removed=removed)


def connect_role_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_save, pre_save

    User = get_user_model()
    m2m_changed.connect(groups_changed, sender=User.groups.through, dispatch_uid="audit_groups")
    pre_save.connect(role_flags_before_save, sender=User, dispatch_uid="audit_flags_before")
    post_save.connect(role_flags_after_save, sender=User, dispatch_uid="audit_flags_after")
