"""Wagtail finds hooks only in an app's top-level wagtail_hooks module; the portal's subpackages
keep their own and are loaded from here."""

from wagtail import hooks

from portal.audit import register_shared_actions
from portal.insights import wagtail_hooks as insights_hooks  # noqa: F401
from portal.newsletters import wagtail_hooks  # noqa: F401

hooks.register("register_log_actions", register_shared_actions)
