"""The conclusion's services: `guards` (who may take the next step, and what must be true first),
`lifecycle` (prepare, review, sign, issue, return, withdraw) and `document` (the PDF). Import from here."""

from lims.conclusions.services.document import conclusion_render_pdf, conclusion_render_pending
from lims.conclusions.services.guards import (
    accreditation_blockers,
    content_blockers,
    issue_blockers,
    prepare_blockers,
    required_kinds,
    review_blockers,
    sign_blockers,
    testers,
)
from lims.conclusions.services.lifecycle import (
    conclusion_issue,
    conclusion_prepare,
    conclusion_return,
    conclusion_review,
    conclusion_sign,
    conclusion_withdraw,
)

__all__ = [
    "accreditation_blockers",
    "conclusion_issue",
    "conclusion_prepare",
    "conclusion_render_pdf",
    "conclusion_render_pending",
    "conclusion_return",
    "conclusion_review",
    "conclusion_sign",
    "conclusion_withdraw",
    "content_blockers",
    "issue_blockers",
    "prepare_blockers",
    "required_kinds",
    "review_blockers",
    "sign_blockers",
    "testers",
]
