"""The models of the app, for Django and for `from reports.models import …`: each is defined in its domain's
package — orders and their register in `orders`, documents built in the background in `documents`, the
minutes of the pedagogical council in `council`, the bank of practices in `municipal`."""

from reports.council.models import CouncilMinutes, MinutesItem
from reports.documents.models import DocumentSectionWording, GeneratedDocument
from reports.municipal.models import MonitoringRound, MonitoringSubmission, Practice, ReportCollection
from reports.orders.models import MentorNomination, Order, OrderCounter, OrderRegister, OrderWording

__all__ = [
    "CouncilMinutes",
    "DocumentSectionWording",
    "GeneratedDocument",
    "MentorNomination",
    "MinutesItem",
    "MonitoringRound",
    "MonitoringSubmission",
    "Order",
    "OrderCounter",
    "OrderRegister",
    "OrderWording",
    "Practice",
    "ReportCollection",
]
