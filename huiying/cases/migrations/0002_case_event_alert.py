"""Link cases to their event and alert by foreign key instead of `event_key`.

`event_key` held the event's id as text (the event page opened cases with it). Each key
that names a stored event becomes `event`; a case opened from an alert also gets the
event's alert at the case's tier when there is one. A key that names no event is kept
in `event_title` so nothing a person typed is lost. Plain ORM reads and updates: the
same on SQLite and PostgreSQL. The old column is dropped by the next migration: on
PostgreSQL a table cannot be altered in the transaction that just updated its
deferred foreign keys."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Event = apps.get_model("events", "Event")
    Alert = apps.get_model("alerts", "Alert")
    for case in Case.objects.exclude(event_key="").iterator():
        key = case.event_key.strip()
        event = Event.objects.filter(pk=int(key)).first() if key.isdigit() else None
        if event is None:
            if not case.event_title:
                Case.objects.filter(pk=case.pk).update(event_title=key[:500])
            continue
        fields = {"event": event}
        if case.origin == "alert":
            alert = Alert.objects.filter(event=event, tier__lte=case.tier).order_by("-tier").first()
            fields["alert"] = alert
        if not case.event_title:
            fields["event_title"] = (event.title or "")[:500]
        Case.objects.filter(pk=case.pk).update(**fields)


def unlink(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.filter(event__isnull=False).iterator():
        Case.objects.filter(pk=case.pk).update(event_key=str(case.event_id))


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_eventtier_harm_scan"),
        ("cases", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="events.event",
                verbose_name="所属事件",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="alert",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="alerts.alert",
                verbose_name="来源预警",
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
