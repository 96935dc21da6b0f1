"""The audit trail moves to portal (portal/migrations/0011): the rows are copied into the portal table,
then the projects table is dropped. Backwards, the projects table comes back and the rows move back.

The copy is one INSERT ... SELECT: saving through the historical model would stamp ``created_at``
anew (auto_now_add). Ids are left to the target table, whose sequence then stays right on PostgreSQL;
nothing refers to an event by id, and the SELECT keeps their order."""

from django.db import migrations

COLUMNS = ("actor_id", "verb", "content_type_id", "object_id", "object_repr", "data", "created_at")


def _move(apps, schema_editor, source, target, *, delete):
    quote = schema_editor.quote_name
    source_table = quote(apps.get_model(*source)._meta.db_table)
    target_table = quote(apps.get_model(*target)._meta.db_table)
    columns = ", ".join(quote(column) for column in COLUMNS)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target_table} ({columns}) SELECT {columns} FROM {source_table} ORDER BY {quote('id')}"
        )
        if delete:
            cursor.execute(f"DELETE FROM {source_table}")


def to_portal(apps, schema_editor):
    _move(apps, schema_editor, ("projects", "AuditEvent"), ("portal", "AuditEvent"), delete=False)


def back_to_projects(apps, schema_editor):
    _move(apps, schema_editor, ("portal", "AuditEvent"), ("projects", "AuditEvent"), delete=True)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_proposal_withdrawn"),
        ("portal", "0011_audit_event"),
    ]

    operations = [
        migrations.RunPython(to_portal, back_to_projects),
        migrations.DeleteModel(name="AuditEvent"),
    ]
