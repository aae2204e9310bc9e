from django.urls import path

import alongside.core.converters  # noqa: F401  (registers the "id" converter)

from . import views

app_name = "friends"

urlpatterns = [
    path("<id:video_id>/", views.send_to_friend, name="send"),
    path("<id:video_id>/sent/", views.sent, name="sent"),
    path("never/<str:token>/", views.do_not_send, name="do_not_send"),
]
