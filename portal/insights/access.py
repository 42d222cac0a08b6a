"""Who may see insights: organizers and administrators. Interns never do (403 everywhere).
Organizers hold the permission through PortalConfig.role_permissions (portal/roles.py)."""

PERMISSION = "insights.view_insights"


def may_view_insights(user) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm(PERMISSION))
    )
