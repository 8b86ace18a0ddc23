"""Drop `event_key`: 0002 moved it to the `event` foreign key."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_event_alert")]

    operations = [migrations.RemoveField(model_name="case", name="event_key")]
