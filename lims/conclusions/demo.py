"""Taking an application's conclusion through its whole lifecycle in one call: for the demo data and tests.
Each step is the real service, with its guards and audit events."""

from lims.conclusions.models import Conclusion, DocumentLanguages
from lims.conclusions.services import (
    conclusion_issue,
    conclusion_prepare,
    conclusion_review,
    conclusion_sign,
)


def issue_conclusion(
    application, *, preparer, reviewer, signer, languages=DocumentLanguages.KK_RU, amendment_reason=""
) -> Conclusion:
    conclusion = conclusion_prepare(
        actor=preparer, application=application, languages=languages, amendment_reason=amendment_reason
    )
    conclusion = conclusion_review(actor=reviewer, conclusion=conclusion)
    conclusion = conclusion_sign(actor=signer, conclusion=conclusion)
    return conclusion_issue(actor=signer, conclusion=conclusion)
