from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
