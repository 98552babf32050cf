"""Background tasks of orders (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def build_signed_order_pdf(order_id: int) -> str:
    from reports.orders.services import order_pdf_build

    order = order_pdf_build(order_id=order_id)
    if order is None:
        return "missing"
    return "stored" if order.pdf else "failed"
