"""The issued conclusions of `bench/generate.py`'s closed applications, as the product would have issued
them: one per application whose status is issued, with the citations of its results and the audit event
of its issue, written with COPY. Imported by generate.py after the turnaround rows; never in tests.

- Times: from the application's turnaround row (the product keeps them in step): issued when the
  application was closed, signed when the turnaround says (or just before the issue where the generated
  hours put the signing later the same day), prepared and reviewed shortly after the results' verification
  and before the signing.
- People: prepared by a technician of the organization, reviewed by another member of its staff, signed and
  issued by its head of laboratory (`permissions.can_issue_conclusion`).
- Numbers: per organization and the local year of the issue, gapless in order of issue after any the
  product has issued already (the demo's), in the format of `conclusion_issue`; verification code and
  token from the model's own defaults (`new_verification_id`, `new_verification_token`).
- Content: what `lims.conclusions.content.snapshot` freezes at review, built from the rows (every item
  with its verified results; the generator writes no stones, hallmark checks, investment assessments or
  raw-goods content, so those lists are empty), fingerprinted by its `content_digest`.
- PDF: none; the status stays pending (queued), the only state before rendering, so `make run` or
  `manage.py render_pending_pdfs` on this database would render every one of them: don't.

The triggers on conclusions and results fire on UPDATE and DELETE only, so COPY (INSERT) passes them; the
conclusions go before their citations (foreign key).
"""

import hashlib
import json
import time
from datetime import timedelta

CHUNK = 10_000  # applications per round of queries and COPYs: bounded memory at any scale

CONCLUSION_COLUMNS = [
    "id",
    "application_id",
    "organization_id",
    "status",
    "languages",
    "amendment_reason",
    "content",
    "content_sha256",
    "prepared_by_id",
    "prepared_at",
    "reviewed_by_id",
    "reviewed_at",
    "signed_by_id",
    "signed_at",
    "issued_by_id",
    "issued_at",
    "withdrawal_reason",
    "returned_reason",
    "year",
    "sequence",
    "number",
    "short_code",
    "verification_token",
    "pdf",
    "pdf_sha256",
    "pdf_status",
    "pdf_progress",
    "pdf_error",
]
AUDIT_COLUMNS = [
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "application_id",
    "before",
    "after",
    "reason",
]

APPLICATIONS = """
    SELECT a.id, a.number, a.organization_id, a.applicant_id, a.purpose, a.received_at,
           t.verified_at, t.signed_at, t.issued_at
    FROM intake_application a JOIN dashboard_turnaround t ON t.application_id = a.id
    WHERE a.id >= %s AND a.status = %s ORDER BY a.id"""
# The findings `content.items_with_findings` cites: verified results of decisive methods, in its order.
FINDINGS = """
    SELECT i.application_id, i.id, i.lab_number, i.category, i.description, i.quantity, i.gross_mass_g,
           i.declared_metal, i.declared_fineness, r.id, r.metal, r.method, r.fineness, r.conforms,
           r.assignable_standard, r.is_precious_article
    FROM intake_item i JOIN intake_application a ON a.id = i.application_id
    LEFT JOIN assay_result r ON r.item_id = i.id AND r.status = %s AND r.method <> %s
    WHERE a.id BETWEEN %s AND %s AND a.status = %s
    ORDER BY i.application_id, i.sequence, i.id, r.metal, r.method, r.id"""


def _people(organization_ids):
    """Per organization: who prepares (its technicians), who reviews whose draft (another technician, else
    another member of the staff) and who signs and issues (its heads of laboratory)."""
    from lims.accounts import permissions
    from lims.accounts.models import Role, User

    people = {}
    for org in organization_ids:
        users = list(User.objects.filter(organization_id=org, is_active=True).order_by("pk"))
        staff = [user.pk for user in users if permissions.can_record_results(user)]
        heads = [user.pk for user in users if permissions.can_issue_conclusion(user)]
        preparers = [user.pk for user in users if user.role == Role.TECHNICIAN and user.pk in staff] or staff
        if not heads or len(staff) < 2:
            raise RuntimeError(f"organization {org} needs a head of laboratory and two staff to issue")
        reviewers = {
            preparer: [user for user in preparers if user != preparer] or [u for u in staff if u != preparer]
            for preparer in preparers
        }
        people[org] = (preparers, reviewers, heads)
    return people


def _applicants(cursor) -> dict:
    cursor.execute("SELECT id, name, kind, identifier, address FROM intake_applicant")
    return {
        pk: {"name": name, "kind": kind, "identifier": identifier, "address": address}
        for pk, name, kind, identifier, address in cursor.fetchall()
    }


def _organizations() -> dict:
    from lims.accounts.models import Organization

    return {
        org.pk: (
            org.short_code,
            {
                "name": org.name,
                "bin": org.bin,
                "address": org.address,
                "accreditation_number": org.accreditation_number,
                "accredited_from": org.accredited_from.isoformat(),
                "accredited_until": org.accredited_until.isoformat(),
            },
        )
        for org in Organization.objects.all()
    }


def _first_sequences(cursor) -> dict:
    """The last number already taken per (organization, year): by the product's counter or its rows."""
    cursor.execute(
        "SELECT organization_id, year, MAX(last_value) FROM ("
        " SELECT organization_id, year, last_value FROM core_numbersequence WHERE kind = 'conclusion'"
        " UNION ALL SELECT organization_id, year, sequence FROM conclusions_conclusion"
        " WHERE sequence IS NOT NULL) taken GROUP BY 1, 2"
    )
    return {(org, year): last for org, year, last in cursor.fetchall()}


def _moments(verified, signed, issued):
    """Prepared ≤ reviewed ≤ signed ≤ issued, issued when the turnaround says."""
    signed = min(signed, issued - timedelta(minutes=5))
    reviewed = min(verified + timedelta(minutes=45), signed - timedelta(minutes=20))
    prepared = min(verified + timedelta(minutes=20), reviewed - timedelta(minutes=25))
    return prepared, reviewed, signed, issued


def _findings(cursor, first: int, last: int) -> dict:
    """Per application of ids first..last: its items as `content.snapshot` writes them, in order."""
    from lims.assay.models import Method, ResultStatus
    from lims.conclusions.content import _text
    from lims.intake.models import ApplicationStatus

    cursor.execute(FINDINGS, [ResultStatus.VERIFIED, Method.XRF, first, last, ApplicationStatus.ISSUED])
    items, current = {}, None
    for row in cursor.fetchall():
        application_id, item_id, lab_number, category, description, quantity, mass, metal, declared = row[:9]
        result_id, result_metal, method, fineness, conforms, standard, precious = row[9:]
        if current is None or current[0] != item_id:
            item = {
                "lab_number": lab_number,
                "category": category,
                "description": description,
                "quantity": quantity,
                "gross_mass_g": _text(mass),
                "declared_metal": metal,
                "declared_fineness": _text(declared),
                "results": [],
                "stones": [],
                "hallmarks": [],
                "investment": [],
                "content": [],
            }
            current = (item_id, item)
            items.setdefault(application_id, []).append(item)
        if result_id is not None:
            current[1]["results"].append(
                {
                    "id": result_id,
                    "metal": result_metal,
                    "method": method,
                    "fineness": _text(fineness),
                    "conforms": conforms,
                    "assignable_standard": _text(standard),
                    "is_precious_article": precious,
                }
            )
    return items


def generate_conclusions(cursor, first_application_id: int, copy) -> tuple[int, int, int]:
    """Write the conclusions of the issued applications from `first_application_id` on, their citations and
    audit events; `copy(cursor, table, columns, rows)` is generate.py's COPY. Returns the three counts."""
    from django.utils import timezone

    from lims.conclusions.content import VERSION, _local_date, cited_result_ids, content_digest
    from lims.conclusions.models import (
        Conclusion,
        ConclusionStatus,
        DocumentLanguages,
        PdfStatus,
        new_verification_token,
    )
    from lims.conclusions.services.guards import KIND_BY_CATEGORY
    from lims.hallmarks.codes import new_verification_id
    from lims.intake.models import ApplicationStatus

    started = time.perf_counter()
    raw = cursor.cursor
    cursor.execute(APPLICATIONS, [first_application_id, ApplicationStatus.ISSUED])
    applications = cursor.fetchall()
    if not applications:
        return 0, 0, 0
    organizations, applicants = _organizations(), _applicants(cursor)
    people = _people({row[2] for row in applications})
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM conclusions_conclusion")
    base = cursor.fetchone()[0] + 1
    cursor.execute("SELECT short_code FROM conclusions_conclusion")
    codes = {code for (code,) in cursor.fetchall()}

    # Numbers in order of issue per organization and local year, after those already taken.
    moments = [_moments(*row[6:9]) for row in applications]
    years = [timezone.localtime(issued).year for *_, issued in moments]
    last = _first_sequences(cursor)
    numbered = {}
    for k in sorted(range(len(applications)), key=lambda k: (moments[k][3], applications[k][0])):
        key = (applications[k][2], years[k])
        last[key] = numbered[k] = last.get(key, 0) + 1

    label, action = Conclusion._meta.label, "conclusion.issue"
    before = json.dumps({"status": ConclusionStatus.SIGNED})
    counts = [0, 0, 0]
    for start in range(0, len(applications), CHUNK):
        chunk = range(start, min(start + CHUNK, len(applications)))
        findings = _findings(cursor, applications[chunk[0]][0], applications[chunk[-1]][0])
        conclusions, citations, events = [], [], []
        for k in chunk:
            pk, application_number, org, applicant, purpose, received_at = applications[k][:6]
            code, organization = organizations[org]
            items = findings.get(pk, [])
            content = {
                "version": VERSION,
                "application": {
                    "number": application_number,
                    "purpose": purpose,
                    "received_on": _local_date(received_at),
                },
                "applicant": applicants[applicant],
                "organization": organization,
                "kinds": sorted({KIND_BY_CATEGORY[item["category"]] for item in items}),
                "items": items,
            }
            preparers, reviewers, heads = people[org]
            preparer = preparers[pk % len(preparers)]
            reviewer = reviewers[preparer][pk % len(reviewers[preparer])]
            head = heads[pk % len(heads)]
            prepared, reviewed, signed, issued = moments[k]
            # The canonical form `content_digest` hashes, written once (jsonb stores it as parsed).
            canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            digest = hashlib.sha256(canonical.encode()).hexdigest()
            if k == 0 and digest != content_digest(content):
                raise RuntimeError("the product's content digest has changed; follow it here")
            number = f"{code}-{years[k]}-C{numbered[k]:05d}"  # as conclusion_issue numbers it
            while (short_code := new_verification_id()) in codes:
                pass
            codes.add(short_code)
            conclusion_id = base + k
            conclusions.append(
                (
                    conclusion_id,
                    pk,
                    org,
                    ConclusionStatus.ISSUED,
                    DocumentLanguages.KK_RU,
                    "",
                    canonical,
                    digest,
                    preparer,
                    prepared,
                    reviewer,
                    reviewed,
                    head,
                    signed,
                    head,
                    issued,
                    "",
                    "",
                    years[k],
                    numbered[k],
                    number,
                    short_code,
                    new_verification_token(),
                    "",
                    "",
                    PdfStatus.PENDING,
                    0,
                    "",
                )
            )
            citations.extend((conclusion_id, result) for result in cited_result_ids(content))
            after = {"status": ConclusionStatus.ISSUED, "number": number, "supersedes": None}
            events.append(
                (issued, head, action, label, conclusion_id, number, pk, before, json.dumps(after), "")
            )
        counts[0] += copy(raw, "conclusions_conclusion", CONCLUSION_COLUMNS, conclusions)
        counts[1] += copy(raw, "conclusions_citation", ["conclusion_id", "result_id"], citations)
        counts[2] += copy(raw, "core_auditevent", AUDIT_COLUMNS, events)
    print(
        f"conclusions: {counts[0]}, citations: {counts[1]}, audit events: {counts[2]} "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return tuple(counts)
