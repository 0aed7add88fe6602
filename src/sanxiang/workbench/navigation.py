"""The workbench menu: what each role sees.

Only what works is listed; a role whose own pages are not built yet still gets the home
page, which lists that user's tasks.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.org.roles import Role, has_role


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    # The menu entry shows when the user has one of these roles; empty means everyone.
    roles: tuple[str, ...] = ()
    # url_name values that mark this entry as the current one.
    also_current: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ENTRIES = (
    Entry(_("Home"), "workbench:home"),
    Entry(_("Cases"), "cases:list", roles=(Role.OFFICER, Role.HEAD, Role.REVIEWER,
                                          Role.SUPERVISOR), also_current=("list", "detail", "new")),
    Entry(_("Legal review"), "review:queue",
          roles=(Role.REVIEWER, Role.HEAD, Role.SUPERVISOR, Role.ADMIN),
          also_current=("queue", "submission", "submit", "discussion")),
    Entry(_("Review statistics"), "review:statistics",
          roles=(Role.HEAD, Role.SUPERVISOR, Role.ADMIN), also_current=("statistics",)),
    Entry(_("Publication of decisions"), "disclosure:queue",
          roles=(Role.CLERK, Role.HEAD, Role.SUPERVISOR)),
    Entry(_("Publication overview"), "disclosure_reports:board",
          roles=(Role.CLERK, Role.HEAD, Role.SUPERVISOR, Role.ADMIN)),
    Entry(_("Random inspections"), "inspections:home"),
    Entry(_("Supervision"), "supervision:dashboard",
          roles=(Role.SUPERVISOR, Role.HEAD, Role.ADMIN), also_current=("dashboard",)),
    Entry(_("Bodies"), "workbench:body_list", also_current=("body_detail",)),
    Entry(_("Officers"), "workbench:officer_list", also_current=("officer_detail",)),
    Entry(_("Reviewer ratio"), "workbench:reviewer_ratio",
          roles=(Role.ADMIN, Role.HEAD, Role.SUPERVISOR, Role.REVIEWER)),
    Entry(_("Access log"), "records:custody_log",
          roles=(Role.ADMIN, Role.HEAD, Role.SUPERVISOR), also_current=("custody_log",)),
    Entry(_("Import"), "workbench:import", roles=(Role.ADMIN,)),
    Entry(_("Published lists"), "catalog:manage", roles=(Role.ADMIN, Role.CLERK)),
)


def entries_for(user) -> list[Entry]:
    shown = []
    for entry in ENTRIES:
        if not entry.roles or user.is_superuser or has_role(user, *entry.roles):
            shown.append(entry)
    return shown


def section_of(user, namespace: str, url_name: str) -> Entry | None:
    """The menu entry a page belongs to: its own, or the one of its app that lists it as
    current (a case page belongs to 案件)."""
    for entry in entries_for(user):
        entry_namespace, _sep, entry_name = entry.url_name.partition(":")
        if entry_namespace != namespace:
            continue
        if entry_name == url_name or url_name in entry.also_current:
            return entry
    if namespace in SECTIONLESS:
        return None
    for entry in entries_for(user):  # any other page of the app: its first menu entry
        if entry.url_name.partition(":")[0] == namespace:
            return entry
    return None


# Namespaces whose pages belong to more than one menu entry (a case's evidence, the
# register): only the pages the entries name get a section.
SECTIONLESS = frozenset({"workbench", "records"})
