from django.core.exceptions import PermissionDenied

from lims.accounts import permissions


def require_lab(user) -> None:
    if not permissions.can_view_lab_work(user):
        raise PermissionDenied


def require_manager(user) -> None:
    if not permissions.can_manage_instruments(user):
        raise PermissionDenied


def require_bench(user) -> None:
    if not permissions.can_record_results(user):
        raise PermissionDenied


def add_errors(form, error) -> None:
    """A service's ValidationError onto the form: by field where it names one of the form's fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def require_qc(user) -> None:
    if not permissions.can_record_qc(user):
        raise PermissionDenied
