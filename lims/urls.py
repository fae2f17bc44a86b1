from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lims.accounts.views import LoginView
from lims.core.views import home, server_error

urlpatterns = [
    path("", home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("applications/", include("lims.intake.urls")),
    path("assay/", include("lims.assay.urls")),
    path("conclusions/", include("lims.conclusions.urls")),
    path("raw-goods/", include("lims.rawgoods.urls")),
    path("gems/", include("lims.gems.urls")),
    path("hallmarks/", include("lims.hallmarks.urls")),
    path("notifications/", include("lims.notifications.urls")),
    path("control/", include("lims.control.urls")),
    path("instruments/", include("instruments.urls")),
    path("dashboard/", include("lims.dashboard.urls")),
    path("api/", include("lims.api.urls")),
    path("admin/", admin.site.urls),
]

handler500 = server_error
