"""factory_boy factories for database objects. Workflow records are made through services (see `make_*`)."""

from datetime import date
from decimal import Decimal

import factory

from lims.accounts.models import Organization, Role, User
from lims.assay import samples
from lims.assay.forms import clean_raw
from lims.assay.models import Method
from lims.assay.services import result_record, result_verify
from lims.core.choices import ExpertiseKind, Metal
from lims.intake.identifiers import complete
from lims.intake.models import Applicant, ApplicantKind, ItemCategory, Purpose
from lims.intake.services import ItemData, application_register

PASSWORD = "correct-horse-battery-9"


def _bin(n: int) -> str:
    # Legal-entity BINs: YYMM = 2001, then a serial; skip the rare prefixes no valid number can end.
    while True:
        try:
            return complete(f"2001400{n:04d}")
        except ValueError:
            n += 5000


def _iin(n: int) -> str:
    while True:
        try:
            return complete(f"900101300{n:02d}")
        except ValueError:
            n += 1


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Laboratory {n}")
    short_code = factory.Sequence(lambda n: f"L{n:02d}")
    bin = factory.Sequence(_bin)
    accreditation_number = factory.Sequence(lambda n: f"KZ.T.02.{n:04d}")
    accredited_from = date(2020, 1, 1)
    accredited_until = date(2099, 12, 31)
    scope = factory.LazyFunction(lambda: [ExpertiseKind.METAL_ASSAY, ExpertiseKind.GEM_IDENTIFICATION])


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    kind = ApplicantKind.LEGAL_ENTITY
    name = factory.Sequence(lambda n: f"Zerger LLP {n}")
    identifier = factory.Sequence(lambda n: _bin(n + 3000))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.TECHNICIAN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def jewelry(
    fineness: str = "585", mass: str = "3.250", metal: str = Metal.GOLD, category=ItemCategory.JEWELRY
):
    return ItemData(category, "Gold ring", Decimal(mass), 1, metal, Decimal(fineness))


def make_application(technician, applicant, n_items: int = 1, purpose=Purpose.VOLUNTARY, **kwargs):
    return application_register(
        actor=technician,
        applicant=applicant,
        purpose=purpose,
        items=[jewelry() for _ in range(n_items)],
        **kwargs,
    )


def second_person(user):
    """A colleague of `user` who may verify their results (created when the test has none)."""
    colleague = (
        User.objects.filter(organization_id=user.organization_id, role__in=[Role.TECHNICIAN, Role.MANAGER])
        .exclude(pk=user.pk)
        .order_by("pk")
        .first()
    )
    return colleague or UserFactory(organization_id=user.organization_id)


def record_verified(technician, item, fineness="585.4", *, verifier=None):
    """A fire-assay result from raw measurements, verified by a second person."""
    result = result_record(
        actor=technician,
        item=item,
        method=Method.FIRE_ASSAY,
        raw=clean_raw(Method.FIRE_ASSAY, samples.fire_assay(Decimal(fineness))),
    )
    return result_verify(actor=verifier or second_person(technician), result=result)


def make_tested_application(technician, applicant, n_items: int = 1, *, verifier=None, **kwargs):
    application = make_application(technician, applicant, n_items, **kwargs)
    verifier = verifier or second_person(technician)
    for item in application.items.all():
        record_verified(technician, item, verifier=verifier)
    application.refresh_from_db()
    return application


def stone(description: str = "Red stone", mass: str = "0.400", category=ItemCategory.PRECIOUS_STONE):
    return ItemData(category, description, Decimal(mass), 1)


class DeliveryFactory(factory.django.DjangoModelFactory):
    """A recorded e-mail (for pages and admin); real sends go through `notifications.services.email_queue`."""

    class Meta:
        model = "notifications.Delivery"

    organization = factory.SubFactory(OrganizationFactory)
    kind = "deadline_overdue"
    recipient_name = factory.Sequence(lambda n: f"Recipient {n}")
    recipient_email = factory.Sequence(lambda n: f"recipient{n}@example.kz")
    subject = "Synama: 1 application is overdue"
    body = "ALM-2026-A00001"
    status = "sent"
    attempts = 1


def head_of(user):
    """The head of laboratory of `user`'s organization (created when the test has none)."""
    head = User.objects.filter(organization_id=user.organization_id, role=Role.MANAGER).order_by("pk").first()
    return head or UserFactory(organization_id=user.organization_id, role=Role.MANAGER)


def issue(application, *, signer=None, preparer=None, reviewer=None, languages="kk-ru", amendment_reason=""):
    """Take the application's conclusion through prepare → review → sign → issue with the real services:
    prepared by a technician of the organization, reviewed by a colleague, signed and issued by the head."""
    from lims.conclusions.demo import issue_conclusion

    preparer = (
        preparer
        or User.objects.filter(organization_id=application.organization_id, role=Role.TECHNICIAN)
        .order_by("pk")
        .first()
    )
    signer = signer or head_of(preparer)
    reviewer = reviewer or second_person(preparer)
    return issue_conclusion(
        application,
        preparer=preparer,
        reviewer=reviewer,
        signer=signer,
        languages=languages,
        amendment_reason=amendment_reason,
    )


# --- State control ------------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n% test document\n%%EOF\n"


def upload(name: str = "contract.pdf", content: bytes = PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def issued_import_conclusion(technician, applicant, n_items: int = 3, purpose=Purpose.IMPORT):
    """A real conclusion, issued through the lifecycle, for `n_items` gold rings of `applicant`."""
    return issue(make_tested_application(technician, applicant, n_items, purpose=purpose))


def diamond_conclusion(technician, applicant, masses_g=("24.100",), purpose=Purpose.EXPORT):
    """Rough diamonds identified as natural (with evidence) and their conclusion issued."""
    from lims.control.demo import rough_diamond_application

    application = rough_diamond_application(
        technician=technician, applicant=applicant, purpose=purpose, masses_g=[Decimal(m) for m in masses_g]
    )
    return issue(application)


def open_case(officer, applicant, **overrides):
    """A jewelry import of 3 pieces from Italy, unless told otherwise."""
    from lims.control.services import case_open

    data = {
        "direction": "import",
        "category": "jewelry",
        "hs_code": "7113.19",
        "partner_country": "IT",
        "description": "Gold rings",
        "quantity": Decimal("3"),
        "unit": "pcs",
        "value": Decimal("18400.00"),
    } | overrides
    return case_open(actor=officer, applicant=applicant, **data)


def register_special(officer, applicant, issued_on=None, valid_until=None, number="SR-0001"):
    from lims.control.services import registration_record

    return registration_record(
        actor=officer,
        applicant=applicant,
        number=number,
        issued_on=issued_on or date(2020, 1, 1),
        valid_until=valid_until,
    )
