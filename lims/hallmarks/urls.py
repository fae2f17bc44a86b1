from django.urls import path

from lims.hallmarks import views

app_name = "hallmarks"
urlpatterns = [
    path("name-marks/", views.name_mark_list, name="name_mark_list"),
    path("name-marks/new/", views.name_mark_register, name="name_mark_register"),
    path("name-marks/<int:pk>/", views.name_mark_detail, name="name_mark_detail"),
    path("name-marks/<int:pk>/status/", views.name_mark_status, name="name_mark_status"),
    path("name-marks/<int:pk>/image/", views.name_mark_image, name="name_mark_image"),
    path("assay-marks/", views.assay_mark_list, name="assay_mark_list"),
    path("assay-marks/<int:pk>/image/", views.assay_mark_image, name="assay_mark_image"),
    path("items/<int:item_pk>/check/", views.item_check, name="item_check"),
    path("applications/<int:pk>/hallmarking/", views.hallmarking, name="hallmarking"),
    path("applications/<int:pk>/articles/", views.articles, name="articles"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
