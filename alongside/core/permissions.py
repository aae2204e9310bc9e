"""Permission policies for the admin, shared by every app's viewsets."""

from wagtail.permission_policies import ModelPermissionPolicy


class _PolicyBase(ModelPermissionPolicy):
    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyPolicy(_PolicyBase):
    """A record (the moderation log): curators may read it, nobody edits it by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_staff


class NoAddingPolicy(_PolicyBase):
    """What viewers write (reflections, pledges, stories): curators edit, moderate and delete
    it, but never add it in their name."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)
