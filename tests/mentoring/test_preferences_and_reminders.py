import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from mentoring.models import AuditEntry, Preference
from mentoring.organisations import reminders
from mentoring.organisations.reminders import Reminder
from mentoring.programme import services


@pytest.mark.django_db
class TestPreferences:
    def test_replace_keeps_the_order_and_drops_repeats(self, organisation, personas):
        chooser = personas["teacher"]
        services.preferences_replace(
            organisation=organisation,
            chooser=chooser,
            chosen=[personas["curator"], personas["director"], personas["curator"]],
            source=Preference.Source.SURVEY,
        )
        ranked = list(
            Preference.objects.filter(chooser=chooser).order_by("rank").values_list("chosen", "rank")
        )
        assert ranked == [(personas["curator"].pk, 1), (personas["director"].pk, 2)]
        services.preferences_replace(
            organisation=organisation,
            chooser=chooser,
            chosen=[personas["admin"]],
            source=Preference.Source.CURATOR,
        )
        assert list(Preference.objects.filter(chooser=chooser).values_list("chosen", flat=True)) == [
            personas["admin"].pk
        ]
        assert AuditEntry.objects.filter(action="preferences.replaced").count() == 2

    @pytest.mark.parametrize("chosen_name", ["teacher", "outsider"])
    def test_self_and_other_organisation_are_refused_and_nothing_changes(
        self, organisation, personas, chosen_name
    ):
        chooser = personas["teacher"]
        services.preferences_replace(
            organisation=organisation,
            chooser=chooser,
            chosen=[personas["curator"]],
            source=Preference.Source.CURATOR,
        )
        with pytest.raises(ValidationError):
            services.preferences_replace(
                organisation=organisation,
                chooser=chooser,
                chosen=[personas[chosen_name]],
                source=Preference.Source.CURATOR,
            )
        assert list(Preference.objects.values_list("chosen", flat=True)) == [personas["curator"].pk]


@pytest.mark.django_db
def test_send_reminders_is_safe_to_run_twice(monkeypatch):
    def provider(*, today):
        yield Reminder(
            key=f"test:{today}", email="teacher@example.com", subject="Встреча", body="Пора встретиться"
        )
        yield Reminder(key=f"nomail:{today}", email="", subject="-", body="-")

    monkeypatch.setattr(reminders, "_providers", [provider])
    call_command("send_reminders", "--date", "2026-11-21")
    call_command("send_reminders", "--date", "2026-11-21")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["teacher@example.com"]
    sent, skipped = reminders.send_due_reminders(today=datetime.date(2026, 11, 22))
    assert (sent, skipped) == (1, 1)
