from django.urls import path

from lims.conclusions import views

app_name = "conclusions"
urlpatterns = [
    path("", views.conclusion_list, name="list"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/status/", views.pdf_status, name="pdf_status"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
