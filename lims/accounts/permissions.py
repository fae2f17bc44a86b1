"""Who may do what: one small predicate per capability, the reason in its docstring.

Object scoping (which organization's or applicant's records a user sees) lives in the selectors; these
predicates answer only whether the role may attempt the action at all.
"""

from lims.accounts.models import Role

LAB_ROLES = frozenset({Role.TECHNICIAN, Role.MANAGER, Role.ORG_ADMIN})


def _role(user) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def can_view_lab_work(user) -> bool:
    """Staff of an organization see its applications, items and results."""
    return _role(user) in LAB_ROLES and user.organization_id is not None


def can_register(user) -> bool:
    """Technicians register applications and items; the head of laboratory may stand in."""
    return _role(user) in {Role.TECHNICIAN, Role.MANAGER} and user.organization_id is not None


def can_record_results(user) -> bool:
    """Technicians record measurements; the head of laboratory may stand in."""
    return _role(user) in {Role.TECHNICIAN, Role.MANAGER} and user.organization_id is not None


def can_issue_conclusion(user) -> bool:
    """Only the head of laboratory signs and issues conclusions."""
    return _role(user) == Role.MANAGER and user.organization_id is not None


def is_applicant(user) -> bool:
    """Applicants see only their own applications and conclusions."""
    return _role(user) == Role.APPLICANT and user.applicant_id is not None


def is_control_officer(user) -> bool:
    """Control officers of the authorized body read issued conclusions across organizations."""
    return _role(user) == Role.CONTROL_OFFICER


def can_manage_instruments(user) -> bool:
    """The head of laboratory and the organization's administrator keep the instrument register: instruments,
    calibration records, reference materials and instrument tokens. Technicians record QC checks."""
    return _role(user) in {Role.MANAGER, Role.ORG_ADMIN} and user.organization_id is not None


def can_record_qc(user) -> bool:
    """QC checks are measurements: technicians record them, and so may the keepers of the register."""
    return can_record_results(user) or can_manage_instruments(user)


def can_view_dashboard(user) -> bool:
    """The head of laboratory and the organization's administrator watch their laboratory's turnaround,
    backlog, workload and quality; the system administrator watches every organization's."""
    return (_role(user) in {Role.MANAGER, Role.ORG_ADMIN} and user.organization_id is not None) or bool(
        getattr(user, "is_authenticated", False) and user.is_superuser
    )
