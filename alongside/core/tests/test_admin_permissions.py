"""Every admin view of our own needs a permission of its own, and its menu item shows only to
curators who have it: signing in to the admin is not enough."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import Site

from alongside.pledges import services as pledges

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(make_video):
    return make_video("Behind the door")


def curator(django_user_model, username, *codenames):
    """A curator who may sign in to the admin, with these permissions and no others."""
    user = django_user_model.objects.create_user(username=username, password="curator-pass-1")
    user.user_permissions.set(Permission.objects.filter(codename__in=("access_admin", *codenames)))
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def menu_urls(user) -> set[str]:
    """The addresses of the admin menu items (and submenu items) this user is shown."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = set()

    def walk(menu):
        for item in menu.menu_items_for_request(request):
            if hasattr(item, "menu"):
                walk(item.menu)
            else:
                urls.add(item.url)

    walk(admin_menu)
    return urls


def chart_url(video):
    return reverse("pledge_charts:chart", args=[video.pk])


def community_settings_url(video):
    return reverse(
        "wagtailsettings:edit", args=["core", "communitysettings", Site.objects.get().pk]
    )


def weekly_email_url(part: str):
    """The address of one of the video's weekly email's admin pages."""
    return lambda video: f"/admin/weekly_email/{video.newsletter_edition.pk}/{part}"


# (the view, the permission it needs, the menu item leading to it or None)
ADMIN_VIEWS = [
    pytest.param(lambda video: "/admin/snippets/reflections/reflection/", "view_reflection", True),
    pytest.param(lambda video: "/admin/snippets/pledges/pledge/", "view_pledge", True),
    pytest.param(lambda video: "/admin/snippets/pledges/keptstory/", "view_keptstory", True),
    pytest.param(lambda video: reverse("pledge_charts:index"), "view_pledge", True, id="charts"),
    pytest.param(lambda video: reverse("pledge_charts:index"), "change_pledge", True),
    pytest.param(chart_url, "view_pledge", False, id="chart"),
    pytest.param(lambda video: "/admin/snippets/core/blockedsender/", "view_blockedsender", True),
    pytest.param(
        lambda video: "/admin/snippets/core/moderationlogentry/", "view_moderationlogentry", True
    ),
    pytest.param(
        lambda video: "/admin/snippets/core/moderationlogentry/", "change_reflection", True
    ),
    pytest.param(lambda video: "/admin/snippets/videos/topic/", "view_topic", True),
    pytest.param(
        lambda video: reverse("wagtailsettings:edit", args=["pledges", "pledgesettings"]),
        "change_pledgesettings",
        True,
    ),
    pytest.param(community_settings_url, "change_communitysettings", False),
    pytest.param(lambda video: "/admin/weekly_email/", "change_edition", True, id="editions"),
    *(
        pytest.param(weekly_email_url(part), "change_edition", False, id=f"edition {part}")
        for part in ("", "progress/", "recipients/")
    ),
]


@pytest.mark.parametrize("address, permission, in_menu", ADMIN_VIEWS)
def test_an_admin_view_opens_only_with_its_permission(
    django_user_model, video, address, permission, in_menu
):
    pledge = pledges.start_pledge(video=video, name="Hidden Pledger", email="h@example.org")
    pledges.confirm_pledge(pledge=pledge)
    url = address(video)
    without = curator(django_user_model, "sam")
    response = signed_in(without).get(url, follow=True)
    # Wagtail answers a missing permission with 403, or the dashboard and a message.
    assert response.status_code == 403 or response.request["PATH_INFO"] == "/admin/", url
    assert "Behind the door" not in response.content.decode()

    allowed = curator(django_user_model, "priya", permission)
    response = signed_in(allowed).get(url, follow=True)  # a setting redirects to its site's
    assert response.status_code == 200 and response.request["PATH_INFO"].startswith(url)
    if in_menu:
        assert url not in menu_urls(without)
        assert url in menu_urls(allowed)


def test_the_pledges_menu_is_hidden_from_a_curator_with_no_permission_on_pledges(
    django_user_model,
):
    urls = menu_urls(curator(django_user_model, "sam", "view_reflection"))
    assert "/admin/snippets/reflections/reflection/" in urls
    assert not any("pledge" in url or "keptstory" in url for url in urls)


@pytest.mark.parametrize("name", ["two_step_overview", "two_step_enrol"])
def test_two_step_sign_in_pages_need_admin_access(django_user_model, name):
    """Each curator manages their own two-step sign-in: admin access is the permission."""
    viewer = django_user_model.objects.create_user(username="viewer", password="viewer-pass-1")
    response = signed_in(viewer).get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert signed_in(curator(django_user_model, "priya")).get(reverse(name)).status_code == 200


def test_a_chart_of_an_id_too_large_for_the_database_is_not_found(admin_client):
    assert admin_client.get(f"{reverse('pledge_charts:index')}{'9' * 20}/").status_code == 404
