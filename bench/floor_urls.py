"""The product's URLs plus two floor views for bench/bench_list.py, on the same server and middleware:
`bench/floor/` answers "ok" without touching the session or the database; `bench/floor/auth/` does the
least a logged-in page does (the session and the user read from the database), then answers "ok".
Bench-only (selected by bench/settings.py); never deployed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok")


@login_required
def floor_auth(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/auth/", floor_auth),
    path("", include("lims.urls")),
]
