import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lims.accounts import permissions


@login_required
def home(request):
    """Each role lands on its own work."""
    user = request.user
    if permissions.can_view_lab_work(user) or permissions.is_applicant(user):
        return redirect("intake:application_list")
    if permissions.is_control_officer(user):
        return redirect("conclusions:list")
    if user.is_superuser:
        return redirect("admin:index")
    return render(request, "core/no_role.html", status=403)


def query_without_page(request) -> str:
    """The request's query string without its page, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def server_error(request):
    """The handler of uncaught errors (`handler500`). When the database is not answering (restarting, or the
    network to it is down) the user is told so, in their language, with 503 and a time to retry; the page
    touches neither the database nor the session. Anything else is the plain 500 page."""
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return HttpResponseServerError(render_to_string("500.html"))
    message = _(
        "The database is not answering at the moment, so this request was not carried out. "
        "What you saw saved before is kept. Please try again in a minute."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponseServerError(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = "30"
    return response
