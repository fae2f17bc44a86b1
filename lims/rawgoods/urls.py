from django.urls import path

from lims.rawgoods import views

app_name = "rawgoods"
urlpatterns = [
    path("items/<int:item_pk>/content/", views.content_enter, name="content"),
]
