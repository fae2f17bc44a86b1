from django.urls import path

from lims.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.delivery_list, name="list"),
    path("<int:pk>/retry/", views.delivery_retry, name="retry"),
]
