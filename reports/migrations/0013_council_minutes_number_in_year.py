# The minutes number is unique within an organisation and a calendar year: the year of the meeting is stored
# (one plain constraint on SQLite and PostgreSQL alike), filled from the date for the minutes already kept.

from django.db import migrations, models


def fill_year_and_part_duplicates(apps, schema_editor):
    """Store each minutes' year; where two minutes of a year share a number (the default used to count by the
    school year), the later one takes the next free number of that year so that the constraint holds."""
    CouncilMinutes = apps.get_model("reports", "CouncilMinutes")
    taken: dict[tuple[int, int], set[str]] = {}
    later = []
    for minutes in CouncilMinutes.objects.order_by("held_on", "pk"):
        minutes.year = minutes.held_on.year
        numbers = taken.setdefault((minutes.organisation_id, minutes.year), set())
        if minutes.number in numbers:
            later.append(minutes)
        else:
            numbers.add(minutes.number)
        minutes.save(update_fields=["year"])
    for minutes in later:
        numbers = taken[(minutes.organisation_id, minutes.year)]
        free = max((int(number) for number in numbers if number.isdecimal()), default=0) + 1
        while str(free) in numbers:
            free += 1
        minutes.number = str(free)
        numbers.add(minutes.number)
        minutes.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_order_frozen_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="councilminutes",
            name="year",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="год заседания"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_year_and_part_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="councilminutes",
            constraint=models.UniqueConstraint(
                fields=("organisation", "year", "number"), name="council_minutes_number_unique_in_year"
            ),
        ),
    ]
