"""The shared base's admin hooks: the log actions every app shares, and the users and groups
screens (Wagtail's, with the text rule; named by PortalUsersConfig). Newsletters and insights are
apps now, and Wagtail finds their own `wagtail_hooks` modules; nothing is forwarded from here."""

from wagtail import hooks
from wagtail.users.views.groups import GroupViewSet as WagtailGroupViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from portal.audit import register_shared_actions
from portal.text import StorableTextViewSetMixin

hooks.register("register_log_actions", register_shared_actions)


class UserViewSet(StorableTextViewSetMixin, WagtailUserViewSet):
    pass


class GroupViewSet(StorableTextViewSetMixin, WagtailGroupViewSet):
    pass
