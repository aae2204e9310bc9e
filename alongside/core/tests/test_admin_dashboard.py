"""The admin dashboard works offline: it never asks releases.wagtail.org for a new version."""

import pytest

pytestmark = pytest.mark.django_db

# Wagtail's upgrade panel: its script (w-upgrade) fetches releases.wagtail.org/latest.txt.
UPGRADE_PANEL = 'data-controller="w-upgrade'


def test_the_dashboard_shows_a_superuser_no_upgrade_check(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert UPGRADE_PANEL not in html and "releases.wagtail.org" not in html
    assert "Wagtail upgrade available" not in html


def test_the_check_above_would_see_the_panel_if_the_setting_were_on(admin_client, settings):
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = True
    assert UPGRADE_PANEL in admin_client.get("/admin/").content.decode()
