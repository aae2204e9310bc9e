"""Permission policies for the admin, shared by every app's viewsets."""

from django.apps import apps
from django.contrib.auth import get_permission_codename
from wagtail.permission_policies import ModelPermissionPolicy


class _PolicyBase(ModelPermissionPolicy):
    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ModerationLogPolicy(_PolicyBase):
    """The moderation log: read by curators given its view permission and by those who
    moderate something (change permission on reflections, pledges or kept stories); nobody
    edits it by hand."""

    def user_has_permission(self, user, action):
        from .moderation import Moderated

        if action != "view":
            return False
        return super().user_has_permission(user, "view") or any(
            user.has_perm(
                f"{model._meta.app_label}.{get_permission_codename('change', model._meta)}"
            )
            for model in apps.get_models()
            if issubclass(model, Moderated)
        )


class NoAddingPolicy(_PolicyBase):
    """What viewers write (reflections, pledges, stories): curators edit, moderate and delete
    it, but never add it in their name."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)
