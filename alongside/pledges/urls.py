from django.urls import path

import alongside.core.converters  # noqa: F401  (registers the "id" converter)

from . import views

app_name = "pledges"

urlpatterns = [
    path("", views.recent_pledges, name="recent"),
    path("video/<id:video_id>/", views.video_pledges, name="video"),
    path("video/<id:video_id>/pledge/", views.pledge, name="pledge"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("did-it/<str:token>/", views.kept, name="kept"),
    path("not-yet/<str:token>/", views.not_yet, name="not_yet"),
    path("stop/<str:token>/", views.stop, name="stop"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("withdrawn/", views.withdrawn, name="withdrawn"),
]
