"""Chinese everywhere (issue 11, item 5): every workbench page each demo role reaches from
its home page, every step form of every procedure, and the administrator's calendar,
rulebook and case admin pages are read for English words in what users see (visible text,
not attributes or code). Formats, rule IDs and codes are allowed (``visible_text.ALLOWED``).

The package's demo county is read (``loaded_demo``: its cases render real PDFs, so it is
loaded once for every test of ``tests/demo/county/``).
"""

import re
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone
from web.visible_text import english_in_context

from sanxiang.cases.forms import StepForm
from sanxiang.cases.models import Case
from sanxiang.cases.workflows import PROCEDURES
from sanxiang.demo.plan import ACCOUNT_ORDER
from sanxiang.org.models import User

pytestmark = pytest.mark.django_db

# Pages per role, and pages per URL shape (one case page is like the next).
PAGE_LIMIT = 80
PER_SHAPE = 2
# Downloads and actions are not pages to read.
SKIPPED = re.compile(r"\.(pdf|xlsx|docx|zip|csv|json|txt|wav|mp4)(\?|$)|/export|/download|"
                     r"/logout|/play|/file|/raw|/blob|/add/|/delete/|/history/|/password")
# The admin pages this project's own admin classes make readable.
ADMIN_PAGES = ("/admin/", "/admin/core/calendaryear/", "/admin/core/calendaryear/load/",
               "/admin/core/rulebookentry/", "/admin/cases/case/", "/admin/cases/steprecord/")


def crawl(client: Client, start: str, allowed) -> tuple[int, dict[str, set[str]], list[str]]:
    seen, queue, shapes = set(), [start], Counter()
    found: dict[str, set[str]] = {}
    broken = []
    pages = 0
    while queue and pages < PAGE_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        shapes[shape] += 1
        if shapes[shape] > PER_SHAPE:
            continue
        response = client.get(url)
        pages += 1
        if response.status_code >= 400:
            broken.append(f"{url} → {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for context in english_in_context(html, also_allowed=allowed):
            found.setdefault(context, set()).add(shape)
        for href in re.findall(r'href="(/workbench/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            if not SKIPPED.search(href) and href not in seen:
                queue.append(href)
    return pages, found, broken


@pytest.fixture
def demo(loaded_demo):
    """The package's demo county, which these tests only read."""
    return loaded_demo


def test_every_workbench_page_of_every_demo_role_is_chinese(demo, client_for):
    report, broken_links, crawled = [], [], {}
    # Account names (login IDs) are shown after people's names: data, not wording.
    usernames = frozenset(User.objects.values_list("username", flat=True))
    for _role, username in ACCOUNT_ORDER:
        # Privileged roles pass their second factor, as after a real two-step login.
        client = client_for(User.objects.get(username=username))
        pages, found, broken = crawl(client, "/workbench/", usernames)
        crawled[username] = pages
        report += [f"{username} {sorted(shapes)[0]}: …{text}…" for text, shapes in found.items()]
        broken_links += [f"{username}: {b}" for b in broken]
        if username == "admin":
            for url in ADMIN_PAGES:
                response = client.get(url)
                assert response.status_code == 200, url
                report += [f"admin {url}: …{text}…"
                           for text in english_in_context(response.content.decode(),
                                                          also_allowed=usernames)]
    print("pages crawled per role:", crawled)
    assert all(pages >= 5 for pages in crawled.values()), crawled
    assert not report, "English on pages:\n" + "\n".join(sorted(set(report))[:60])
    assert not broken_links, "Links that fail:\n" + "\n".join(broken_links[:30])


def test_every_step_form_of_every_procedure_is_chinese(demo):
    """Each step's form, built for a demo case of its procedure placed at that step (in
    memory only: nothing is saved), read as the case page shows it."""
    report = []
    for code, procedure in PROCEDURES.items():
        case = Case.objects.filter(procedure=code).first()
        if case is None:
            case = Case.objects.first()
            case.procedure = code
        for step in procedure.steps:
            case.current_step = step.code
            form = StepForm(case=case)
            html = "".join(
                f"<label>{field.label}</label>{field}<p>{field.help_text}</p>"
                for field in form.visible_fields())
            report += [f"{code}/{step.code}: …{text}…" for text in english_in_context(html)]
    assert not report, "English in step forms:\n" + "\n".join(sorted(set(report))[:60])


def test_the_checker_finds_english_and_allows_codes():
    html = ('<p>Served on <span class="code">91130139MA0F6</span> R-CASE-05 PDF 下载</p>'
            '<script>var late = 1;</script><input value="Hello">')
    assert [t.split()[0] for t in english_in_context(html, width=0)] == ["Served", "on"]
    assert timezone.localdate()  # the module imports settings: Django is set up
