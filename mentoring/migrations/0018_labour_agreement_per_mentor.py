"""The additional agreement of ст. 351.8 ТК РФ belongs to a mentor in a pair, not to the pair: after the
curator replaces the mentor, the new mentor signs their own and the old one's stays on record. The rows
recorded so far are the agreements of the pair's current mentor (the table is kept)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_mentor(apps, schema_editor):
    LabourAgreement = apps.get_model("mentoring", "LabourAgreement")
    for agreement in LabourAgreement.objects.select_related("pair").iterator():
        LabourAgreement.objects.filter(pk=agreement.pk).update(mentor_id=agreement.pair.mentor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0017_pair_approval_basis_from_audit"),
    ]

    operations = [
        migrations.AddField(
            model_name="labouragreement",
            name="mentor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="labour_agreements",
                to="mentoring.person",
                verbose_name="наставник",
            ),
        ),
        migrations.RunPython(fill_mentor, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="labouragreement",
            name="mentor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="labour_agreements",
                to="mentoring.person",
                verbose_name="наставник",
            ),
        ),
        migrations.AlterField(
            model_name="labouragreement",
            name="pair",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="labour_agreements",
                to="mentoring.pair",
                verbose_name="пара/группа",
            ),
        ),
        migrations.AddConstraint(
            model_name="labouragreement",
            constraint=models.UniqueConstraint(
                fields=("pair", "mentor"), name="labour_agreement_pair_mentor_unique"
            ),
        ),
    ]
