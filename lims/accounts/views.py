"""Logging in, with failed attempts rate-limited (`lims.accounts.throttling`)."""

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lims.accounts.throttling import login_blocked, login_failed


def _too_many() -> str:
    return _("Too many failed attempts to log in. Wait a quarter of an hour and try again.")


class LoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        if login_blocked(request):
            # The password is not even checked: an unbound form, the username kept.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            context = self.get_context_data(form=form, blocked=_too_many())
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failed(self.request)
        return super().form_invalid(form)


class TokenView(ObtainAuthToken):
    """The API's token for a username and password, under the same budget of failed attempts."""

    def post(self, request, *args, **kwargs):
        if login_blocked(request._request):
            return Response({"detail": _too_many()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            login_failed(request._request)
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
