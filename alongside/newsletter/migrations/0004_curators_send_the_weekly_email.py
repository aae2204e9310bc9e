"""Wagtail's curator groups, Editors and Moderators, may see and send the weekly email
(`newsletter.change_edition`, what the Weekly email menu and its pages ask for). A site that
renamed or deleted those groups gives the permission by hand (Settings → Groups)."""

from django.db import migrations

CURATOR_GROUPS = ("Editors", "Moderators")


def _change_edition(apps):
    """The permission, made here if Django has not made it yet: on a new database permissions
    are only made after every migration has run."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="newsletter", model="edition"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_edition",
        defaults={"name": "Can change edition"},
    )
    return permission


def give_curators_the_weekly_email(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _change_edition(apps)
    for group in Group.objects.filter(name__in=CURATOR_GROUPS):
        group.permissions.add(permission)


def take_it_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _change_edition(apps)
    for group in Group.objects.filter(name__in=CURATOR_GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_edition_reader_counts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # Wagtail's migrations make the Editors and Moderators groups.
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(give_curators_the_weekly_email, take_it_back)]
