# The constraint in a migration of its own: on PostgreSQL the ALTER TABLE must not share a transaction with the
# data migration's updates (0013).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0013_council_minutes_number_in_year"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="councilminutes",
            constraint=models.UniqueConstraint(
                fields=("organisation", "year", "number"), name="council_minutes_number_unique_in_year"
            ),
        ),
    ]
