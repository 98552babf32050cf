# The minutes number is unique within an organisation and a calendar year: the year of the meeting is stored
# (one plain constraint on SQLite and PostgreSQL alike, added by 0014), filled from the date for the minutes
# already kept.

from django.db import migrations, models


def fill_year_and_part_duplicates(apps, schema_editor):
    """Store each minutes' year; where two minutes of a year share a number (the default used to count by the
    school year), the later one takes the next free number of that year so that the constraint holds."""
    CouncilMinutes = apps.get_model("reports", "CouncilMinutes")
    everything = list(CouncilMinutes.objects.order_by("held_on", "pk"))
    taken: dict[tuple[int, int], set[str]] = {}
    later = []
    for minutes in everything:
        minutes.year = minutes.held_on.year
        numbers = taken.setdefault((minutes.organisation_id, minutes.year), set())
        if minutes.number in numbers:
            later.append(minutes)
        else:
            numbers.add(minutes.number)
    for minutes in later:
        numbers = taken[(minutes.organisation_id, minutes.year)]
        free = max((int(number) for number in numbers if number.isdecimal()), default=0) + 1
        while str(free) in numbers:
            free += 1
        # Said where `migrate` runs: the paper copy of these minutes carries the old number.
        print(f"\n  Протокол педсовета от {minutes.held_on:%d.%m.%Y} (id {minutes.pk}): № {minutes.number} → № {free}")
        minutes.number = str(free)
        numbers.add(minutes.number)
    # Each row written once: a second update of a row in the same transaction would leave PostgreSQL's
    # deferred foreign-key checks pending when the constraint's ALTER TABLE runs (migration 0014).
    for minutes in everything:
        minutes.save(update_fields=["year", "number"])


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
    ]
