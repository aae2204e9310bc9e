from django.urls import path

import alongside.core.converters  # noqa: F401  (registers the "id" converter)

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("forget/<str:token>/", views.forget, name="forget"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:pk>/", views.edition, name="edition"),
    # The edition's links to its video: counted visits (views.visit).
    path("archive/<id:pk>/watch/", views.visit, name="visit"),
    path("archive/<id:pk>/watch/pledge/", views.visit, {"to": "pledge"}, name="visit_pledge"),
]
