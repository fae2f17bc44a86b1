from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from instruments.api import (
    InstrumentUploadStatusView,
    InstrumentUploadView,
    InstrumentViewSet,
    QcCheckViewSet,
    ResultImportViewSet,
)
from lims.accounts.views import TokenView
from lims.api import views
from lims.control.api import ControlCaseViewSet, SpecialRegistrationViewSet
from lims.gems.api import StoneViewSet
from lims.hallmarks.api import (
    AssayMarkViewSet,
    HallmarkCheckViewSet,
    HallmarkedArticleViewSet,
    HallmarkVerifyView,
    NameMarkViewSet,
)
from lims.rawgoods.api import MetalContentViewSet

router = DefaultRouter()
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("items", views.ItemViewSet, basename="item")
router.register("results", views.ResultViewSet, basename="result")
router.register("investment-assessments", views.InvestmentAssessmentViewSet, basename="investment-assessment")
router.register("metal-contents", MetalContentViewSet, basename="metal-content")
router.register("name-marks", NameMarkViewSet, basename="name-mark")
router.register("assay-marks", AssayMarkViewSet, basename="assay-mark")
router.register("hallmark-checks", HallmarkCheckViewSet, basename="hallmark-check")
router.register("hallmarked-articles", HallmarkedArticleViewSet, basename="hallmarked-article")
router.register("stones", StoneViewSet, basename="stone")
router.register("control-cases", ControlCaseViewSet, basename="control-case")
router.register("special-registrations", SpecialRegistrationViewSet, basename="special-registration")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("qc-checks", QcCheckViewSet, basename="qc-check")
router.register("result-imports", ResultImportViewSet, basename="result-import")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/token/", TokenView.as_view(), name="api-token"),
    path("v1/instrument-uploads/", InstrumentUploadView.as_view(), name="api-instrument-upload"),
    path(
        "v1/instrument-uploads/<int:pk>/",
        InstrumentUploadStatusView.as_view(),
        name="api-instrument-upload-status",
    ),
    path("v1/hallmark-verify/<str:code>/", HallmarkVerifyView.as_view(), name="api-hallmark-verify"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
