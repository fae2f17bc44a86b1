"""Who may do what with marks and hallmarks: one small predicate per capability, the reason in its
docstring (in the style of `lims.accounts.permissions`, whose helpers these build on).

Object scoping (which items a user sees) stays in the selectors; these answer whether the role may attempt
the action at all, and, for a name mark, whether it is the user's organization's.
"""

from lims.accounts.models import Role
from lims.accounts.permissions import _role, can_record_results, can_view_lab_work, is_control_officer

REGISTRARS = frozenset({Role.MANAGER, Role.ORG_ADMIN})


def can_read_registries(user) -> bool:
    """Staff of every laboratory read both registries (a mark checked at one laboratory must match a mark
    registered at another), and so do control officers; applicants do not."""
    return can_view_lab_work(user) or is_control_officer(user)


def can_register_name_mark(user) -> bool:
    """The head of laboratory or the organization administrator registers producers' name marks with their
    organization (Law art.6 p.5-5); technicians only read the registry."""
    return _role(user) in REGISTRARS and user.organization_id is not None


def can_change_name_mark_status(user, name_mark) -> bool:
    """Only the organization a mark is registered with suspends, revokes or reinstates it."""
    return can_register_name_mark(user) and name_mark.organization_id == user.organization_id


def can_check_hallmarks(user) -> bool:
    """Technicians verify hallmark authenticity as part of expertise; the head of laboratory may stand in."""
    return can_record_results(user)


def can_hallmark(user) -> bool:
    """Technicians record the hallmarking of assayed articles; the head of laboratory may stand in."""
    return can_record_results(user)


def can_see_producer_contact(user, name_mark) -> bool:
    """A producer's e-mail, and an individual producer's IIN (personal data), are for the organization the
    mark is registered with and for control officers (who send the notices of desk control, rule R13); a
    legal entity's BIN is public and shown to every reader of the registry."""
    return is_control_officer(user) or (
        can_view_lab_work(user) and name_mark.organization_id == user.organization_id
    )
