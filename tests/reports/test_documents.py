import pytest
from django.core.management import call_command
from django.test import override_settings

from mentoring.models import AuditEntry, Pair, Role
from reports.documents import registry as documents
from reports.documents import services
from reports.documents.docx import docx_text
from reports.models import GeneratedDocument
from tests.conftest import make_person
from tests.reports.pdftools import page_count, pdf_text

APPROVED = Pair.Status.APPROVED


def url(organisation, tail):
    return f"/o/{organisation.slug}/documents/{tail}"


@pytest.mark.django_db
class TestSingleAgreement:
    @pytest.mark.real_pdf
    def test_curator_downloads_a_pairs_agreement(self, as_user, organisation, named_pair):
        response = as_user("curator").get(url(organisation, f"pair-agreement/{named_pair.pk}/pdf/"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert "Смирнов Дмитрий Олегович" in pdf_text(response.content)

    @pytest.mark.real_pdf
    def test_one_full_stop_and_a_woman_mentee(self, as_user, organisation, pair_factory):
        mentee = make_person(
            organisation,
            roles=[Role.TEACHER],
            last_name="Морозова",
            first_name="Анна",
            patronymic="Викторовна",
        )
        pair = pair_factory(mentees=[mentee], goal="Подготовиться к открытому уроку.")
        response = as_user("curator").get(url(organisation, f"pair-agreement/{pair.pk}/pdf/"))
        text = " ".join(pdf_text(response.content).split())
        assert "открытому уроку." in text and "уроку.." not in text
        assert "Наставляемая" in text and "Наставляемый Морозова" not in text
        word = docx_text(documents.get("pair-agreement").render_docx(organisation, {"pair": pair.pk}))
        assert "уроку.." not in word and "Наставляемая" in word

    def test_teacher_gets_only_their_own_pair(self, as_user, organisation, personas, pair_factory):
        own = pair_factory(mentees=[personas["teacher"]])
        other = pair_factory()
        client = as_user("teacher")
        assert client.get(url(organisation, f"pair-agreement/{own.pk}/pdf/")).status_code == 200
        assert client.get(url(organisation, f"pair-agreement/{other.pk}/pdf/")).status_code == 404

    @pytest.mark.parametrize(
        "tail", ["pair-agreement/pdf/", "pair-agreement/999999/pdf/", "pair-agreement/0/pdf/"]
    )
    def test_bad_or_missing_pair_is_404(self, as_user, organisation, tail):
        assert as_user("curator").get(url(organisation, tail)).status_code == 404

    def test_pair_of_another_organisation_is_404(
        self, as_user, organisation, neighbour_organisation, pair_factory
    ):
        foreign = pair_factory(organisation=neighbour_organisation)
        response = as_user("curator").get(url(organisation, f"pair-agreement/{foreign.pk}/pdf/"))
        assert response.status_code == 404

    def test_unknown_kind_is_404(self, as_user, organisation):
        assert as_user("curator").get(url(organisation, "nonsense/pdf/")).status_code == 404
        assert as_user("curator").get(url(organisation, "agreements-all/pdf/")).status_code == 404


@pytest.mark.django_db
class TestBackgroundDocument:
    @pytest.mark.real_pdf
    def test_all_agreements_in_one_file(self, as_user, organisation, personas, pair_factory):
        pairs = [pair_factory(status=APPROVED) for _ in range(3)]
        pair_factory()  # proposed: no agreement yet
        response = as_user("curator").post(url(organisation, "agreements-all/build/"))
        document = GeneratedDocument.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/files/{document.pk}/")
        # The test settings run tasks at once (ImmediateBackend).
        assert document.status == GeneratedDocument.Status.DONE and document.progress == 100
        assert document.task_id and document.finished_at and document.requested_by == personas["curator"].user
        data = as_user("curator").get(url(organisation, f"files/{document.pk}/download/"))
        content = b"".join(data.streaming_content)
        assert page_count(content) == 3
        text = pdf_text(content)
        for pair in pairs:
            assert pair.mentor.full_name in text
        assert AuditEntry.objects.filter(action="document.requested").count() == 1

    def test_page_polls_while_pending_and_offers_download_when_done(self, as_user, organisation, personas):
        document = GeneratedDocument.objects.create(
            organisation=organisation,
            kind="agreements-all",
            title="Все соглашения",
            progress=40,
            status=GeneratedDocument.Status.RUNNING,
        )
        client = as_user("curator")
        page = client.get(url(organisation, f"files/{document.pk}/")).content.decode()
        assert 'hx-trigger="every 1s"' in page and "40 %" in page
        fragment = client.get(
            url(organisation, f"files/{document.pk}/"), HTTP_HX_REQUEST="true"
        ).content.decode()
        assert fragment.lstrip().startswith('<div id="document-status"') and "<html" not in fragment
        assert client.get(url(organisation, f"files/{document.pk}/download/")).status_code == 404
        GeneratedDocument.objects.filter(pk=document.pk).update(status="done", progress=100)
        fragment = client.get(
            url(organisation, f"files/{document.pk}/"), HTTP_HX_REQUEST="true"
        ).content.decode()
        assert "every 1s" not in fragment and "download/" in fragment

    def test_a_second_request_while_pending_gets_the_first(self, organisation, personas, pair_factory):
        pair_factory(status=APPROVED)
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            first, created = services.document_request(
                organisation=organisation,
                kind_key="agreements-all",
                params={},
                actor=personas["curator"].user,
            )
            second, created_again = services.document_request(
                organisation=organisation,
                kind_key="agreements-all",
                params={},
                actor=personas["curator"].user,
            )
        assert created and not created_again and first.pk == second.pk
        assert GeneratedDocument.objects.count() == 1

    def test_nothing_to_build_is_told_at_once(self, as_user, organisation, pair_factory):
        pair_factory()  # only a proposed pair
        response = as_user("curator").post(url(organisation, "agreements-all/build/"), follow=True)
        assert "нет утверждённых пар" in response.content.decode()
        assert not GeneratedDocument.objects.exists()

    def test_a_failure_is_recorded_in_russian(self, organisation, personas, monkeypatch, pair_factory):
        pair_factory(status=APPROVED)

        def broken(cls, organisation, params):
            raise RuntimeError("boom")

        kind = documents.get("agreements-all")
        monkeypatch.setitem(
            documents._kinds, "agreements-all", type("Broken", (kind,), {"parts": classmethod(broken)})
        )
        document, _created = services.document_request(
            organisation=organisation, kind_key="agreements-all", params={}, actor=None
        )
        document.refresh_from_db()
        assert document.status == GeneratedDocument.Status.FAILED
        assert "Не удалось сформировать документ" in document.error and not document.file

    def test_get_is_not_allowed_for_build(self, as_user, organisation):
        assert as_user("curator").get(url(organisation, "agreements-all/build/")).status_code == 405

    def test_immediate_kind_cannot_be_queued(self, as_user, organisation):
        assert as_user("curator").post(url(organisation, "pair-agreement/build/")).status_code == 404


@pytest.mark.real_pdf
@pytest.mark.django_db(transaction=True)
def test_the_real_database_queue_and_worker(organisation, personas, pair_factory):
    """Enqueued into the database backend, the document waits; `db_worker` picks it up and builds it."""
    from django_tasks_db.models import DBTaskResult

    pairs = [pair_factory(status=APPROVED), pair_factory(status=APPROVED)]
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        document, _created = services.document_request(
            organisation=organisation, kind_key="agreements-all", params={}, actor=personas["curator"].user
        )
        document.refresh_from_db()
        assert document.status == GeneratedDocument.Status.QUEUED and document.progress == 0
        task = DBTaskResult.objects.get()
        assert str(task.id) == document.task_id and task.status == "READY"
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    document.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert document.status == GeneratedDocument.Status.DONE and document.progress == 100
    with document.file.open("rb") as handle:
        content = handle.read()
    # One page per agreement: the organisation's pairs with an agreement (other tests on this worker may have
    # left pairs of their own in it).
    assert page_count(content) == organisation.pairs.established().count() >= 2
    for pair in pairs:
        assert pair.mentor.full_name in pdf_text(content)


class TestDocumentClasses:
    def test_every_kind_is_described_completely(self):
        from django.template.loader import get_template

        kinds = documents.all_kinds()
        assert [kind.key for kind in kinds] == list(dict.fromkeys(kind.key for kind in kinds))
        assert {"roadmap", "pair-plan", "pair-agreement", "agreements-all", "order"} <= {k.key for k in kinds}
        for kind in kinds:
            assert documents.get(kind.key) is kind and str(kind.verbose_name).strip(), kind
            get_template(kind.template)
            if kind.background:
                assert str(kind.description).strip(), kind
            # Every kind has its Word copy, named like its PDF, and a Russian file name, not a slug.
            assert callable(kind.render_docx) and callable(kind.docx_filename)
            assert str(kind.file_title or kind.verbose_name)[0].isupper(), kind

    def test_a_second_kind_under_a_taken_key_is_refused(self):
        from reports.documents.base import Document

        other = type("Other", (Document,), {"key": "roadmap", "verbose_name": "Другая"})
        with pytest.raises(ValueError):
            documents.register(other)
        assert documents.get("roadmap") is not other

    @pytest.mark.django_db
    def test_the_order_is_not_served_by_the_generic_views(self, as_user, organisation, personas):
        from reports.models import Order
        from reports.orders import services as order_services

        draft = order_services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.INTRODUCE_MODEL
        )
        # A signed order's PDF is the one frozen at signing, and a teacher never sees a draft.
        for role in ("curator", "teacher"):
            assert as_user(role).get(url(organisation, f"order/{draft.pk}/pdf/")).status_code == 404
        assert as_user("curator").post(url(organisation, "order/build/")).status_code == 404
        assert not GeneratedDocument.objects.exists()
