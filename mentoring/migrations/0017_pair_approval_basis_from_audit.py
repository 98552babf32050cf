"""Pairs approved by a signed order before `Pair.approval_basis` existed: the order's name is in the audit
entry of the approval («pair.approved», changes["basis"])."""

from django.db import migrations


def fill_basis(apps, schema_editor):
    AuditEntry = apps.get_model("mentoring", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Pair = apps.get_model("mentoring", "Pair")
    pair_type = ContentType.objects.filter(app_label="mentoring", model="pair").first()
    if pair_type is None:
        return
    entries = AuditEntry.objects.filter(action="pair.approved", target_type=pair_type).order_by("id")
    for entry in entries.iterator():
        basis = (entry.changes or {}).get("basis") if isinstance(entry.changes, dict) else None
        if basis and entry.target_id:
            Pair.objects.filter(pk=entry.target_id, approval_basis="").update(approval_basis=str(basis)[:700])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("mentoring", "0016_pair_changes_and_plan_amendments"),
    ]

    operations = [migrations.RunPython(fill_basis, migrations.RunPython.noop)]
