"""Who may do what in random inspections; ``None`` as the user is the platform itself."""

from django.utils.translation import gettext as _

from sanxiang.core.errors import PermissionDenied
from sanxiang.org.roles import Role, has_role


def _of_body(user, body) -> bool:
    return user.is_superuser or user.body_id == body.pk or (
        user.officer_id is not None and user.officer.body_id == body.pk)


def may_manage_directory(user) -> bool:
    return user.is_superuser or has_role(user, Role.ADMIN, Role.HEAD)


def require_directory_manager(user) -> None:
    if user is not None and not may_manage_directory(user):
        raise PermissionDenied(_("Only administrators and heads may change the inspection "
                                 "directories."))


def may_run_tasks(user, body) -> bool:
    return user.is_superuser or (has_role(user, Role.HEAD, Role.ADMIN) and _of_body(user, body))


def require_task_manager(user, body) -> None:
    """Plans, tasks, lists and redraws: the head (or the administrator) of the body."""
    if user is not None and not may_run_tasks(user, body):
        raise PermissionDenied(_("Only the head of %(body)s may manage its inspection tasks.")
                               % {"body": body.name})


def require_seed_entry(user, body) -> None:
    if user is None or user.is_superuser:
        return
    if not (has_role(user, Role.HEAD, Role.OFFICER, Role.ADMIN) and _of_body(user, body)):
        raise PermissionDenied(_("Only staff of %(body)s may enter the seed of its draw.")
                               % {"body": body.name})


def require_result_recorder(user, assignment, body) -> None:
    """An inspector assigned to the object, or the head of the recording body."""
    if user is None or user.is_superuser:
        return
    if has_role(user, Role.HEAD) and _of_body(user, body):
        return
    if user.officer_id and assignment.assigned.filter(officer_id=user.officer_id).exists():
        return
    raise PermissionDenied(_("Only the inspectors assigned to this object, or the head of "
                             "%(body)s, may record its result.") % {"body": body.name})


def require_result_publisher(user, body) -> None:
    if user is None or user.is_superuser:
        return
    if not (has_role(user, Role.HEAD, Role.CLERK) and _of_body(user, body)):
        raise PermissionDenied(_("Only the publication clerk or the head of %(body)s may "
                                 "publish its inspection results.") % {"body": body.name})
