"""The shared base's admin hooks: the log actions every app shares. Newsletters and insights are
apps now, and Wagtail finds their own `wagtail_hooks` modules; nothing is forwarded from here."""

from wagtail import hooks

from portal.audit import register_shared_actions

hooks.register("register_log_actions", register_shared_actions)
