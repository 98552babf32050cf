"""The models of the app, for Django and for `from reports.models import …`: each is defined in its domain's
package — orders and their register in `orders`, documents built in the background in `documents`, the bank
of practices in `municipal`."""

from reports.documents.models import DocumentSectionWording, GeneratedDocument
from reports.municipal.models import MonitoringRound, MonitoringSubmission, Practice, ReportCollection
from reports.orders.models import MentorNomination, Order, OrderCounter, OrderRegister, OrderWording

__all__ = [
    "DocumentSectionWording",
    "GeneratedDocument",
    "MentorNomination",
    "MonitoringRound",
    "MonitoringSubmission",
    "Order",
    "OrderCounter",
    "OrderRegister",
    "OrderWording",
    "Practice",
    "ReportCollection",
]
