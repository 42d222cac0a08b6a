"""Who may see course statistics and completions. The permission is declared for organizers in
TrainingConfig.role_permissions (portal/roles.py applies it); interns never hold it."""


def may_see_reports(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm("training.view_training_reports"))
    )
