from django.urls import path

import alongside.core.converters  # noqa: F401  (registers the "id" converter)

from . import feeds, views

app_name = "reflections"

urlpatterns = [
    path("video/<id:video_id>/", views.post_reflection_view, name="post"),
    path("<id:reflection_id>/edit/", views.edit_reflection_view, name="edit"),
    path("<id:reflection_id>/delete/", views.delete_reflection_view, name="delete"),
    path("<id:reflection_id>/report/", views.report_reflection_view, name="report"),
    path("forget/<str:token>/", views.forget_view, name="forget"),
    path("stop-replies/<str:token>/", views.stop_replies_view, name="stop_replies"),
    path("feed/", feeds.LatestReflectionsFeed(), name="feed"),
    path("feed/video/<id:video_id>/", feeds.VideoReflectionsFeed(), name="video_feed"),
]
