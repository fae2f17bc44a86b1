from django.urls import path

from lims.assay.views import application_worksheet
from lims.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("new/", views.application_create, name="application_create"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/items/", views.items_add, name="items_add"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("<int:pk>/labels.pdf", views.application_labels, name="application_labels"),
    path("<int:pk>/audit/", views.application_audit, name="application_audit"),
    path("<int:pk>/results/", application_worksheet, name="results_enter"),
]
