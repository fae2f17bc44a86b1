"""The project's URLs with the content viewset registered, as lims/api/urls.py will register it."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from lims.rawgoods.api import MetalContentViewSet
from lims.urls import urlpatterns as project_urlpatterns

router = DefaultRouter()
router.register("metal-contents", MetalContentViewSet, basename="metal-content")

urlpatterns = [path("api/v1/", include(router.urls)), *project_urlpatterns]
