"""The direct payment record and what hangs off it. One module per part; import from here."""

from .check_ins import AdviserTask, Recovery
from .checkups import CheckupEvidence, FinancialCheckup
from .documents import AgreementSignature, Document, DocumentVersion
from .imports import ImportRun
from .payments import BalanceSnapshot, Payment, Source
from .record import (
    AVOIDABLE_BY_DEFAULT,
    MONEY,
    NOT_NEGATIVE,
    CareGroup,
    Directorate,
    DirectPayment,
    FormatPreference,
    Recipient,
    RecipientQuerySet,
    Representative,
    RepresentativeQuerySet,
)

__all__ = [
    "AVOIDABLE_BY_DEFAULT",
    "MONEY",
    "NOT_NEGATIVE",
    "AdviserTask",
    "AgreementSignature",
    "BalanceSnapshot",
    "CareGroup",
    "CheckupEvidence",
    "DirectPayment",
    "Directorate",
    "Document",
    "DocumentVersion",
    "FinancialCheckup",
    "FormatPreference",
    "ImportRun",
    "Payment",
    "Recipient",
    "RecipientQuerySet",
    "Recovery",
    "Representative",
    "RepresentativeQuerySet",
    "Source",
]
