"""Admin views shared by the viewsets of moderated submissions."""

from wagtail.snippets.views.snippets import EditView

from .moderation import STATUS_ACTION, moderate


class ModeratedEditView(EditView):
    """An edit form that may change the status: a status set by hand is a moderation action
    like any other, so it goes through `moderate()` and into the log under the curator's name."""

    def save_instance(self):
        instance = super().save_instance()
        if "status" in self.form.changed_data:
            moderate(
                items=[instance], action=STATUS_ACTION[instance.status], actor=self.request.user
            )
        return instance
