from django.urls import path

app_name = "hallmarks"
urlpatterns: list = []
