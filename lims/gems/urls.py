from django.urls import path

app_name = "gems"
urlpatterns: list = []
