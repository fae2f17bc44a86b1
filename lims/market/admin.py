"""Market data in the Django admin: prices and rates are edited here (through the audited services) and
imported from CSV; uploads are kept and only looked at.

Market data is reference data for every laboratory, so it follows the admin's own permissions: the system
administrator (superuser), or staff given the model permissions. Importing adds and corrects rows, so it
needs both the add and the change permission of the model.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lims.core.admin_mixins import ReadOnlyAdmin
from lims.market import csv_import, services
from lims.market.models import ExchangeRate, GoldPrice, MarketDataKind, MarketDataUpload

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # ten years of daily rates is about 100 KB


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return file


class MarketDataAdmin(admin.ModelAdmin):
    """Hand edits go through the audited services; the change list has an "Import CSV" page."""

    kind: str
    columns: tuple[str, ...]
    change_list_template = "market/change_list.html"
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["created_by"]
    date_hierarchy = "date"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv_view), name=name),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        # Importing inserts and corrects rows: both permissions (a superuser has all).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        services.market_record_save(actor=request.user, record=obj)

    def delete_model(self, request, obj):
        services.market_record_delete(actor=request.user, record=obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            services.market_record_delete(actor=request.user, record=record)

    def import_csv_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = None
        if request.method == "POST":
            form = CsvUploadForm(request.POST, request.FILES)
            if form.is_valid():
                file = form.cleaned_data["file"]
                upload = services.market_data_upload(
                    actor=request.user, kind=self.kind, file_name=file.name, content=file.read()
                )
                url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
                return redirect(f"{url}?upload={upload.pk}")
        else:
            form = CsvUploadForm()
            upload_id = request.GET.get("upload", "")
            if upload_id.isdigit():
                upload = (
                    MarketDataUpload.objects.select_related("uploaded_by")
                    .filter(pk=upload_id, kind=self.kind)
                    .first()
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(things)s from CSV") % {"things": self.opts.verbose_name_plural},
            "form": form,
            "upload": upload,
            "header": ",".join(self.columns),
        }
        return TemplateResponse(request, "market/import_csv.html", context)


@admin.register(GoldPrice)
class GoldPriceAdmin(MarketDataAdmin):
    kind = MarketDataKind.PRICES
    columns = csv_import.PRICE_COLUMNS
    list_display = ["date", "usd_per_troy_ounce", "source", "created_by", "created_at"]
    list_filter = ["source"]
    search_fields = ["date", "source"]
    fields = ["date", "usd_per_troy_ounce", "source", "created_by", "created_at"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(MarketDataAdmin):
    kind = MarketDataKind.RATES
    columns = csv_import.RATE_COLUMNS
    list_display = ["date", "currency", "kzt_per_unit", "source", "created_by", "created_at"]
    list_filter = ["currency", "source"]
    search_fields = ["date", "currency", "source"]
    fields = ["date", "currency", "kzt_per_unit", "source", "created_by", "created_at"]


@admin.register(MarketDataUpload)
class MarketDataUploadAdmin(ReadOnlyAdmin):
    list_display = [
        "uploaded_at",
        "kind",
        "file_name",
        "uploaded_by",
        "created",
        "updated",
        "rejected",
        "report",
    ]
    list_filter = ["kind"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["uploaded_by"]
    date_hierarchy = "uploaded_at"
    fields = ["kind", "file_name", "download", "sha256", "uploaded_by", "uploaded_at", "summary"]
    readonly_fields = fields

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="market_marketdataupload_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        upload = get_object_or_404(MarketDataUpload, pk=pk)
        if not self.has_view_permission(request, upload):
            raise PermissionDenied
        return FileResponse(upload.file.open("rb"), as_attachment=True, filename=upload.file_name)

    @admin.display(description=_("created"))
    def created(self, upload):
        return upload.summary.get("created")

    @admin.display(description=_("updated"))
    def updated(self, upload):
        return upload.summary.get("updated")

    @admin.display(description=_("rejected lines"))
    def rejected(self, upload):
        return len(upload.rejected)

    @admin.display(description=_("report"))
    def report(self, upload):
        model = "goldprice" if upload.kind == MarketDataKind.PRICES else "exchangerate"
        url = reverse(f"admin:market_{model}_import")
        return format_html('<a href="{}?upload={}">{}</a>', url, upload.pk, _("show"))

    @admin.display(description=_("file"))
    def download(self, upload):
        url = reverse("admin:market_marketdataupload_download", args=[upload.pk])
        return format_html('<a href="{}">{}</a>', url, upload.file_name)
