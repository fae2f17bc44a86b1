"""REST API of state control of import and export (Decree No. 356, Rules I and II; Law art.6-7): control
cases with their documents, expertise conclusion, Kimberley Process certificate and seals, then the act, its
refusal or the ground on which control does not apply; and the applicants' documents of special registration
(R11). Scoped exactly like the pages: the same selectors, the same services. Control officers act;
applicants read their own cases; laboratory staff see none.

Wired in `lims/api/urls.py` with
    router.register("control-cases", ControlCaseViewSet, basename="control-case")
    router.register("special-registrations", SpecialRegistrationViewSet, basename="special-registration")
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from lims.accounts import permissions
from lims.api.base import ModelSerializer
from lims.api.views import service_call
from lims.conclusions.selectors import conclusions_for
from lims.control import services
from lims.control.models import (
    CaseStatus,
    ControlCase,
    ControlDocument,
    Direction,
    DocumentKind,
    DocumentLanguage,
    ExemptionGround,
    GoodsCategory,
    SealState,
    SpecialRegistration,
)
from lims.control.selectors import cases_for
from lims.control.services.guards import certificate_of
from lims.intake.models import Applicant

# --- Permissions --------------------------------------------------------------------------------------------


class ControlOfficerActs(BasePermission):
    """Reading is scoped by `cases_for`; every change is a control officer's (applicants get 403)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or permissions.is_control_officer(request.user)


class IsControlOfficer(BasePermission):
    def has_permission(self, request, view):
        return permissions.is_control_officer(request.user)


# --- Fields -------------------------------------------------------------------------------------------------


class ApplicantField(serializers.SlugRelatedField):
    """An applicant by IIN/BIN (12 digits)."""

    default_error_messages = {
        "does_not_exist": _("No applicant has the IIN/BIN {value}: register the applicant first."),
        "invalid": _("Enter the applicant's IIN/BIN."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "identifier")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Applicant.objects.all())
        kwargs.setdefault("help_text", _("The applicant's IIN/BIN."))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip() if isinstance(data, str) else data)


class DecimalStringField(serializers.DecimalField):
    """An exact amount: a decimal string ("12.50") or an integer, never a binary floating-point number."""

    default_error_messages = {
        "float": _('Send the amount as a decimal string, e.g. "12.50", not as a floating-point number.'),
    }

    def to_internal_value(self, data):
        if isinstance(data, float):
            self.fail("float")
        return super().to_internal_value(data)


# --- Output -------------------------------------------------------------------------------------------------


class ControlDocumentSerializer(ModelSerializer):
    class Meta:
        model = ControlDocument
        fields = ["id", "kind", "original_name", "sha256", "size", "language", "reference"]
        read_only_fields = fields


class CheckSerializer(serializers.Serializer):
    """One line of the documents checklist (R5, R11; R7-R9 for rough diamonds)."""

    label = serializers.CharField()
    ok = serializers.BooleanField()
    applies = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class ExchangeLineSerializer(serializers.Serializer):
    hs_code = serializers.CharField()
    carats = serializers.DecimalField(max_digits=12, decimal_places=2)
    value_usd = serializers.DecimalField(max_digits=14, decimal_places=2)


class ExchangeSealSerializer(serializers.Serializer):
    number = serializers.CharField()
    state = serializers.ChoiceField(choices=SealState.choices)


class KimberleyExchangeSerializer(serializers.Serializer):
    """The certificate as structured data for electronic exchange (KPCS Annex I; R8): amounts as exact
    decimal strings. Documents `services.exchange_data`, which the responses return as is."""

    schema = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField(allow_null=True)
    direction = serializers.ChoiceField(choices=Direction.choices)
    issuing_country = serializers.CharField()
    issuing_authority = serializers.CharField()
    country_of_origin = serializers.CharField()
    exporter = serializers.CharField()
    importer = serializers.CharField()
    date_of_issue = serializers.DateField(allow_null=True)
    date_of_expiry = serializers.DateField(allow_null=True)
    number_of_parcels = serializers.IntegerField()
    carat_weight = serializers.DecimalField(max_digits=14, decimal_places=2)
    value_usd = serializers.DecimalField(max_digits=16, decimal_places=2)
    lines = ExchangeLineSerializer(many=True)
    seals = ExchangeSealSerializer(many=True)
    state_control_act = serializers.CharField(allow_null=True)
    receipt_confirmed_at = serializers.DateTimeField(allow_null=True)


class ControlCaseSerializer(ModelSerializer):
    """A control case; on write (opening a case) only the lot's data and the applicant's IIN/BIN."""

    applicant = ApplicantField()
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    conclusion = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text=_("The attached expertise conclusion's number.")
    )
    checklist = serializers.SerializerMethodField()
    documents = ControlDocumentSerializer(many=True, read_only=True)
    kp_certificate = serializers.SerializerMethodField()

    class Meta:
        model = ControlCase
        fields = [
            "id",
            "number",
            "applicant",
            "applicant_name",
            "direction",
            "category",
            "hs_code",
            "partner_country",
            "description",
            "quantity",
            "unit",
            "value",
            "currency",
            "customs_post",
            "conclusion",
            "status",
            "documents_received_at",
            "act_due_at",
            "act_number",
            "decided_at",
            "refusal_reason",
            "exemption_ground",
            "checklist",
            "documents",
            "kp_certificate",
        ]
        read_only_fields = [
            "id",
            "number",
            "status",
            "documents_received_at",
            "act_due_at",
            "act_number",
            "decided_at",
            "refusal_reason",
            "exemption_ground",
        ]
        # The services check the lot against the rules, with the rules' messages.
        validators: list = []

    @extend_schema_field(CheckSerializer(many=True))
    def get_checklist(self, case) -> list[dict]:
        today = self.context.setdefault("today", timezone.localdate())
        return [CheckSerializer(check).data for check in services.checklist(case, today)]

    @extend_schema_field(KimberleyExchangeSerializer(allow_null=True))
    def get_kp_certificate(self, case) -> dict | None:
        certificate = certificate_of(case)
        return services.exchange_data(certificate) if certificate else None


# --- Input --------------------------------------------------------------------------------------------------


class DocumentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.ChoiceField(
        choices=DocumentLanguage.choices, required=False, default=DocumentLanguage.RUSSIAN
    )
    certified_by_position = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A certified translation: the position of the person who certified it."),
    )
    certified_on = serializers.DateField(required=False, allow_null=True, default=None)
    signed = serializers.BooleanField(required=False, default=False)
    sealed = serializers.BooleanField(required=False, default=False)


class ConclusionInputSerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=40, help_text=_("The conclusion's number, e.g. ALM-2026-C00001.")
    )


class KimberleyLineInputSerializer(serializers.Serializer):
    hs_code = serializers.CharField(max_length=16, help_text=_("7102.10, 7102.21 or 7102.31."))
    carats = DecimalStringField(max_digits=12, decimal_places=2)
    value_usd = DecimalStringField(max_digits=14, decimal_places=2)


class KimberleyCertificateInputSerializer(serializers.Serializer):
    """On import the exporting state's certificate as presented (number and dates may be missing: the
    refusal cites what is); on export the data of Kazakhstan's certificate, numbered with the act."""

    number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    issuing_country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    issuing_authority = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    authority_email = serializers.EmailField(required=False, allow_blank=True, default="")
    origin = serializers.CharField(max_length=8, help_text=_("ISO 3166-1 code, or “mixed”."))
    exporter = serializers.CharField(max_length=300)
    importer = serializers.CharField(max_length=300)
    parcels = serializers.IntegerField(min_value=1)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    lines = KimberleyLineInputSerializer(many=True)


class SealInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    state = serializers.ChoiceField(choices=SealState.choices, required=False, default=SealState.INTACT)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RefusalInputSerializer(serializers.Serializer):
    # Optional here so that the service answers with the rule's own message.
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExemptionInputSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=ExemptionGround.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- Control cases ------------------------------------------------------------------------------------------


class ControlCaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))
    category = django_filters.ChoiceFilter(choices=GoodsCategory.choices, label=_("Goods"))
    applicant = django_filters.CharFilter(field_name="applicant__identifier", label=_("IIN / BIN"))

    class Meta:
        model = ControlCase
        fields = ["status", "direction", "category", "applicant"]


class ControlCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Control cases, each with its documents checklist. Control officers see and act on every case;
    applicants read their own (and their KP certificate's exchange data); laboratory staff see none."""

    serializer_class = ControlCaseSerializer
    filterset_class = ControlCaseFilter
    permission_classes = [IsAuthenticated, ControlOfficerActs]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            cases_for(self.request.user)
            .select_related("conclusion__application", "kp_certificate")
            .prefetch_related(
                "documents",
                "applicant__special_registrations",
                "kp_certificate__lines",
                "kp_certificate__seals",
            )
            .order_by("-opened_at", "-id")
        )

    def _case(self, case: ControlCase, code=status.HTTP_200_OK) -> Response:
        """The case as it is now (the services return it without the related rows the output shows)."""
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=code)

    @extend_schema(request=ControlCaseSerializer, responses={201: ControlCaseSerializer})
    def create(self, request):
        """Open the case of one lot (R5); the lot is checked against the rules (HS code and the Kimberley
        Process, a partner country outside the EAEU, the unit)."""
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = service_call(services.case_open, actor=request.user, **payload.validated_data)
        return self._case(case, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": DocumentInputSerializer}, responses={201: ControlCaseSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """Keep a document as handed over, with its SHA-256 (R5): the contract or another proof of intent,
        and the applicant's certified translation of a contract in neither Kazakh nor Russian."""
        case = self.get_object()
        payload = DocumentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        service_call(services.document_add, actor=request.user, case=case, **payload.validated_data)
        return self._case(case, status.HTTP_201_CREATED)

    @extend_schema(request=ConclusionInputSerializer, responses=ControlCaseSerializer)
    @action(detail=True, methods=["post"])
    def conclusion(self, request, pk=None):
        """Attach the expertise conclusion by its number (R5 b); refused when it does not fit the lot."""
        case = self.get_object()
        payload = ConclusionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        number = payload.validated_data["number"]
        conclusion = conclusions_for(request.user).filter(number__iexact=number).first()
        if conclusion is None:
            raise exceptions.ValidationError(
                {"number": [_("No issued conclusion has the number %(number)s.") % {"number": number}]}
            )
        service_call(services.conclusion_attach, actor=request.user, case=case, conclusion=conclusion)
        return self._case(case)

    @extend_schema(methods=["GET"], request=None, responses=KimberleyExchangeSerializer)
    @extend_schema(
        methods=["POST"],
        request=KimberleyCertificateInputSerializer,
        responses={200: ControlCaseSerializer, 201: ControlCaseSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="kp-certificate", parser_classes=[JSONParser])
    def kp_certificate(self, request, pk=None):
        """GET: the Kimberley Process certificate as structured data for electronic exchange (R8). POST:
        record it (R7 on import; R9 on export, numbered with the act); recording again replaces it while
        the documents are open (200)."""
        case = self.get_object()
        if request.method not in SAFE_METHODS:
            return self._record_certificate(request, case)
        certificate = certificate_of(case)
        if certificate is None:
            raise exceptions.NotFound(_("No Kimberley Process certificate is recorded for this case."))
        return Response(services.exchange_data(certificate))

    def _record_certificate(self, request, case: ControlCase) -> Response:
        payload = KimberleyCertificateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        lines = [(line["hs_code"], line["carats"], line["value_usd"]) for line in data.pop("lines")]
        existed = certificate_of(case) is not None
        service_call(services.certificate_record, actor=request.user, case=case, lines=lines, **data)
        return self._case(case, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(request=SealInputSerializer, responses={201: ControlCaseSerializer})
    @action(detail=True, methods=["post"])
    def seals(self, request, pk=None):
        """A tamper-evident container's seal with its state (R8); the certificate comes first."""
        case = self.get_object()
        payload = SealInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        service_call(services.seal_record, actor=request.user, case=case, **payload.validated_data)
        return self._case(case, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ControlCaseSerializer)
    @action(detail=True, methods=["post"], url_path="receive-documents")
    def receive_documents(self, request, pk=None):
        """The documents are complete: the act is due within one working day (R6). Refused with every
        reason the checklist gives."""
        case = service_call(services.case_receive_documents, actor=request.user, case=self.get_object())
        return self._case(case)

    @extend_schema(request=None, responses=ControlCaseSerializer)
    @action(detail=True, methods=["post"], url_path="issue-act")
    def issue_act(self, request, pk=None):
        """Issue the state control act (R6): the lot is released for customs declaration. The documents
        are checked again on the day (a KP certificate may have expired, R7)."""
        case = service_call(services.act_issue, actor=request.user, case=self.get_object())
        return self._case(case)

    @extend_schema(request=RefusalInputSerializer, responses=ControlCaseSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """Refuse the act, with the reason."""
        case = self.get_object()
        payload = RefusalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = service_call(services.act_refuse, actor=request.user, case=case, **payload.validated_data)
        return self._case(case)

    @extend_schema(request=ExemptionInputSerializer, responses=ControlCaseSerializer)
    @action(detail=True, methods=["post"])
    def exempt(self, request, pk=None):
        """State control does not apply (R12): the ground is recorded."""
        case = self.get_object()
        payload = ExemptionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = service_call(services.case_exempt, actor=request.user, case=case, **payload.validated_data)
        return self._case(case)


# --- Special registration (R11) -----------------------------------------------------------------------------


class SpecialRegistrationSerializer(ModelSerializer):
    applicant = ApplicantField()
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    file = serializers.FileField(required=False, allow_null=True, default=None)

    class Meta:
        model = SpecialRegistration
        fields = [
            "id",
            "applicant",
            "applicant_name",
            "number",
            "issued_on",
            "valid_until",
            "file",
            "sha256",
            "recorded_at",
        ]
        read_only_fields = ["id", "sha256", "recorded_at"]
        # The service refuses a number recorded twice, with its own message.
        validators: list = []


class SpecialRegistrationFilter(django_filters.FilterSet):
    applicant = django_filters.CharFilter(field_name="applicant__identifier", label=_("IIN / BIN"))

    class Meta:
        model = SpecialRegistration
        fields = ["applicant"]


class SpecialRegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The applicants' documents of special registration (R11), as presented to the control officer:
    control officers only."""

    serializer_class = SpecialRegistrationSerializer
    filterset_class = SpecialRegistrationFilter
    permission_classes = [IsAuthenticated, IsControlOfficer]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return SpecialRegistration.objects.select_related("applicant").order_by(
            "applicant__name", "-issued_on", "-id"
        )

    @extend_schema(request=SpecialRegistrationSerializer, responses={201: SpecialRegistrationSerializer})
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = service_call(
            services.registration_record, actor=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)
