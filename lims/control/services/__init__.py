"""The control case's services: `guards` (what must be true first, each reason naming its rule), `cases`
(opening, documents, conclusion, special registration), `kimberley` (the KP certificate, seals, receipt,
exchange data), `decisions` (receiving the documents, the act, refusal, exemption) and `document` (the
act's and the certificate's PDFs); `common` holds what they share. Import from here."""

from lims.control.services.cases import (
    case_open,
    check_upload,
    clean_lot,
    conclusion_attach,
    document_add,
    registration_record,
)
from lims.control.services.decisions import act_issue, act_refuse, case_exempt, case_receive_documents
from lims.control.services.document import control_render_documents
from lims.control.services.guards import (
    act_blockers,
    checklist,
    conclusion_problems,
    document_blockers,
    exemption_problems,
    receive_blockers,
)
from lims.control.services.kimberley import (
    authorized_body_name,
    certificate_record,
    exchange_data,
    seal_record,
)

__all__ = [
    "act_blockers",
    "act_issue",
    "act_refuse",
    "authorized_body_name",
    "case_exempt",
    "case_open",
    "case_receive_documents",
    "certificate_record",
    "check_upload",
    "checklist",
    "clean_lot",
    "conclusion_attach",
    "conclusion_problems",
    "control_render_documents",
    "document_add",
    "document_blockers",
    "exchange_data",
    "exemption_problems",
    "receive_blockers",
    "registration_record",
    "seal_record",
]
