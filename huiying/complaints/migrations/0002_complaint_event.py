"""Link complaints to their event by foreign key instead of the unused `event_key`.

A key that is an event's id (none was ever written, but a hand edit may have) becomes
the link. Plain ORM reads and updates: the same on SQLite and PostgreSQL. The old
column is dropped by the next migration: on PostgreSQL a table cannot be altered in the
transaction that just updated its deferred foreign keys."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Event = apps.get_model("events", "Event")
    for pk, key in Complaint.objects.exclude(event_key="").values_list("pk", "event_key"):
        key = key.strip()
        if key.isdigit() and Event.objects.filter(pk=int(key)).exists():
            Complaint.objects.filter(pk=pk).update(event_id=int(key))


def unlink(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for pk, event_id in Complaint.objects.filter(event__isnull=False).values_list("pk", "event_id"):
        Complaint.objects.filter(pk=pk).update(event_key=str(event_id))


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="complaints",
                to="events.event",
                verbose_name="所属事件",
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
