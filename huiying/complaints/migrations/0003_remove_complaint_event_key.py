"""Drop `event_key`: 0002 moved it to the `event` foreign key."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_complaint_event")]

    operations = [migrations.RemoveField(model_name="complaint", name="event_key")]
