from django.urls import path

from instruments.views import imports, materials, register

app_name = "instruments"
urlpatterns = [
    path("", register.instrument_list, name="list"),
    path("new/", register.instrument_create, name="create"),
    path("<int:pk>/", register.instrument_detail, name="detail"),
    path("<int:pk>/edit/", register.instrument_edit, name="edit"),
    path("<int:pk>/status/", register.status_change, name="status"),
    path("<int:pk>/calibrations/", register.calibration_add, name="calibration_add"),
    path("<int:pk>/qc-checks/", register.qc_add, name="qc_add"),
    path("<int:pk>/tokens/", register.token_create, name="token_create"),
    path("<int:pk>/tokens/<int:token_pk>/revoke/", register.token_revoke, name="token_revoke"),
    path("reference-materials/", materials.material_list, name="materials"),
    path("reference-materials/new/", materials.material_create, name="material_create"),
    path("reference-materials/<int:pk>/", materials.material_detail, name="material_detail"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/", imports.import_create, name="import_create"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", imports.import_status, name="import_status"),
    path("imports/<int:pk>/record/", imports.import_record, name="import_record"),
    path("imports/<int:pk>/file/", imports.import_file, name="import_file"),
]
