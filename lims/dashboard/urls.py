from django.urls import path

from lims.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("applications/", views.drill_down, name="drill"),
    path("export/<slug:chart>.<slug:fmt>", views.export, name="export"),
]
