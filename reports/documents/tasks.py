"""Background tasks (django-tasks): the database backend stores the queue, `manage.py db_worker` runs it."""

from django_tasks import task


@task()
def build_generated_document(document_id: int) -> str:
    from reports.documents.services import document_build

    document = document_build(document_id=document_id)
    return document.status if document else "missing"
