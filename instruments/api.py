"""REST API of the instrument register and result files, scoped like the pages (a laboratory's staff see its
own), plus the one endpoint an instrument's PC uses: `POST /api/v1/instrument-uploads/` with the header
`Authorization: Instrument <key>` and a multipart `file` (and optionally `format`). The key reaches nothing
else; the file waits for a technician, who records its results in their own name.

Wired in `lims/api/urls.py`.
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from instruments import gate, problems, services
from instruments.models import ImportFormat, ImportRow, Instrument, InstrumentToken, QcCheck, ResultImport
from instruments.selectors import certified_values_for, imports_for, instruments_for
from instruments.services.register import token_for_key
from lims.accounts import permissions
from lims.api.base import ModelSerializer
from lims.api.views import service_call

# --- The instrument PC's key --------------------------------------------------------------------------------


class InstrumentTokenAuthentication(BaseAuthentication):
    keyword = "Instrument"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Write the header as: Authorization: Instrument <key>."))
        token = token_for_key(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This instrument key is unknown or revoked."))
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return self.keyword


class InstrumentTokenScheme(OpenApiAuthenticationExtension):
    target_class = InstrumentTokenAuthentication
    name = "instrumentKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Instrument <key>"}


class HasInstrumentToken(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, InstrumentToken)


class LabStaff(BasePermission):
    def has_permission(self, request, view):
        return permissions.can_view_lab_work(request.user)


# --- Serializers --------------------------------------------------------------------------------------------


class InstrumentSerializer(ModelSerializer):
    calibrated_until = serializers.DateField(read_only=True, allow_null=True)
    last_qc_passed = serializers.BooleanField(read_only=True, allow_null=True)
    usable = serializers.SerializerMethodField()
    blockers = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "id",
            "name",
            "type",
            "make",
            "model",
            "serial_number",
            "location",
            "uses",
            "status",
            "status_reason",
            "calibrated_until",
            "last_qc_passed",
            "usable",
            "blockers",
        ]

    def get_blockers(self, instrument) -> list[str]:
        return gate.usage_blockers(instrument)

    def get_usable(self, instrument) -> bool:
        return not gate.usage_blockers(instrument)


class QcCheckSerializer(ModelSerializer):
    class Meta:
        model = QcCheck
        fields = [
            "id",
            "instrument",
            "certified_value",
            "measured",
            "certified",
            "tolerance",
            "deviation",
            "passed",
            "performed_at",
            "notes",
        ]
        read_only_fields = ["certified", "tolerance", "deviation", "passed"]
        extra_kwargs = {"performed_at": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["instrument"].queryset = instruments_for(request.user)
            self.fields["certified_value"].queryset = certified_values_for(request.user)

    def validate_measured(self, value):
        if isinstance(self.initial_data.get("measured"), float):
            raise serializers.ValidationError(_("Give the value as a decimal string, not a number."))
        return value


class ResultImportSerializer(ModelSerializer):
    errors = serializers.SerializerMethodField()

    class Meta:
        model = ResultImport
        fields = [
            "id",
            "instrument",
            "format",
            "file_name",
            "file_size",
            "file_sha256",
            "uploaded_at",
            "status",
            "progress",
            "errors",
            "rows_imported",
            "rows_rejected",
            "rows_skipped",
            "results_created",
            "finished_at",
        ]

    def get_errors(self, result_import) -> list[str]:
        return problems.import_errors(result_import)


class ImportUploadSerializer(serializers.Serializer):
    instrument = serializers.PrimaryKeyRelatedField(queryset=Instrument.objects.none(), required=False)
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False, allow_blank=True)
    file = serializers.FileField()


class ImportRowSerializer(ModelSerializer):
    reason = serializers.SerializerMethodField()
    lab_number = serializers.CharField(source="item.lab_number", read_only=True, allow_null=True)

    class Meta:
        model = ImportRow
        fields = ["line", "sample", "outcome", "code", "reason", "values", "item", "lab_number", "result"]

    def get_reason(self, row) -> str:
        return problems.row_message(row.code, row.params) if row.code else ""


# --- Views --------------------------------------------------------------------------------------------------


class InstrumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The laboratory's instruments with whether each may be used today and, if not, why."""

    serializer_class = InstrumentSerializer
    permission_classes = [LabStaff]
    filterset_fields = ["type", "status"]

    def get_queryset(self):
        return gate.with_state(instruments_for(self.request.user)).order_by("name", "id")


class QcCheckViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = QcCheckSerializer
    permission_classes = [LabStaff]
    filterset_fields = ["instrument", "certified_value", "passed"]

    def get_queryset(self):
        return QcCheck.objects.filter(instrument__in=instruments_for(self.request.user)).order_by(
            "-performed_at", "-id"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = service_call(
            services.qc_check_record,
            actor=self.request.user,
            instrument=data["instrument"],
            certified_value=data["certified_value"],
            measured=data["measured"],
            performed_at=data.get("performed_at") or timezone.now(),
            notes=data.get("notes", ""),
        )


class ResultImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Result files: upload one (multipart), follow its status and progress, read every line's outcome."""

    serializer_class = ResultImportSerializer
    permission_classes = [LabStaff]
    filterset_fields = ["instrument", "status"]
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return imports_for(self.request.user)

    @extend_schema(request=ImportUploadSerializer, responses={202: ResultImportSerializer})
    def create(self, request):
        if not permissions.can_record_results(request.user):  # refused before the file is read
            raise exceptions.PermissionDenied(_("You may not import results for this instrument."))
        payload = ImportUploadSerializer(data=request.data)
        payload.fields["instrument"].queryset = instruments_for(request.user)
        payload.is_valid(raise_exception=True)
        if "instrument" not in payload.validated_data:
            raise exceptions.ValidationError({"instrument": [_("Say which instrument made the file.")]})
        result_import = service_call(
            services.import_receive,
            actor=request.user,
            instrument=payload.validated_data["instrument"],
            file=payload.validated_data["file"],
            format=payload.validated_data.get("format", ""),
        )
        return Response(self.get_serializer(result_import).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=ImportRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rows(self, request, pk=None):
        rows = self.get_object().rows.select_related("item")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ImportRowSerializer(page, many=True).data)

    @extend_schema(request=None, responses=ResultImportSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record, in your name, the results of a file posted by an instrument's PC."""
        result_import = service_call(
            services.import_apply, actor=request.user, result_import=self.get_object()
        )
        return Response(self.get_serializer(result_import).data, status=status.HTTP_202_ACCEPTED)


class InstrumentUploadView(APIView):
    """An instrument's PC posts a result file with its key; the answer names the import to follow."""

    authentication_classes = [InstrumentTokenAuthentication]
    permission_classes = [HasInstrumentToken]
    parser_classes = [MultiPartParser]

    @extend_schema(request=ImportUploadSerializer, responses={202: ResultImportSerializer})
    def post(self, request):
        payload = ImportUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token = request.auth
        result_import = service_call(
            services.import_receive,
            token=token,
            instrument=token.instrument,
            file=payload.validated_data["file"],
            format=payload.validated_data.get("format", ""),
        )
        return Response(ResultImportSerializer(result_import).data, status=status.HTTP_202_ACCEPTED)


class InstrumentUploadStatusView(APIView):
    """The PC follows a file it posted (its own instrument's files only)."""

    authentication_classes = [InstrumentTokenAuthentication]
    permission_classes = [HasInstrumentToken]

    @extend_schema(responses=ResultImportSerializer)
    def get(self, request, pk: int):
        result_import = get_object_or_404(ResultImport, pk=pk, instrument_id=request.auth.instrument_id)
        return Response(ResultImportSerializer(result_import).data)
