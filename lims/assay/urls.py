from django.urls import path

from lims.assay import views

app_name = "assay"
urlpatterns = [
    path("worksheet/", views.batch_worksheet, name="batch_worksheet"),
    path("items/<int:pk>/preview/", views.preview, name="preview"),
    path("items/<int:pk>/fields/", views.raw_fields, name="raw_fields"),
    path("items/<int:pk>/balance/", views.balance_fill, name="balance_fill"),
    path("items/<int:pk>/investment/", views.investment, name="investment"),
    path("results/<int:pk>/verify/", views.verify, name="verify"),
    path("results/<int:pk>/invalidate/", views.invalidate, name="invalidate"),
]
