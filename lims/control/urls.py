from django.urls import path

from lims.control import views, views_statistics

app_name = "control"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("statistics/", views_statistics.statistics, name="statistics"),
    path("statistics/export.<str:fmt>", views_statistics.statistics_export, name="statistics_export"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("<int:pk>/conclusion/", views.conclusion_attach, name="conclusion_attach"),
    path("<int:pk>/registration/", views.registration_add, name="registration_add"),
    path("<int:pk>/kp-certificate/", views.certificate_record, name="certificate_record"),
    path("<int:pk>/seals/", views.seal_add, name="seal_add"),
    path("<int:pk>/receive/", views.receive, name="receive"),
    path("<int:pk>/act/", views.issue_act, name="issue_act"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/exempt/", views.exempt, name="exempt"),
    path("<int:pk>/files/", views.case_files, name="files"),
    path("<int:pk>/act.pdf", views.act_pdf, name="act_pdf"),
    path("<int:pk>/kp-certificate.pdf", views.kp_pdf, name="kp_pdf"),
    path("<int:pk>/kp-certificate.json", views.kp_json, name="kp_json"),
]
