"""The moderation workflow with the portal's roles: the Secretariat approves or asks for changes.

Wagtail's own migrations create the "Moderators approval" workflow on the root page with a group
approval task for its "Moderators" group, which the portal never fills: pages submitted for
moderation stayed locked with nobody able to act. Every group approval task held by "Moderators" is
given to the Secretariat instead, and the empty "Moderators" group goes. Wagtail's "Editors" group
(add and change pages, no publishing) are the writers who submit. The Secretariat's rights on the
workflow list are in portal/signals.py (permissions exist only once migrate has created them)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    for task in GroupApprovalTask.objects.filter(groups=moderators):
        task.groups.remove(moderators)
        task.groups.add(secretariat)
    if not moderators.user_set.exists():
        moderators.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_publish_scheduled_beat"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
