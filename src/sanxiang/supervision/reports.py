"""PDFs of supervision (R-SUP-03, R-SUP-04), through ``core.pdf`` like every 文书.

A supervision document is rendered once, when it is issued, from its recorded facts; its
bytes are stored under their digest and the digest goes into the ledger with the issue, so
the PDF anyone downloads later is the one that was issued. The evaluation report of a
round is rendered on request while files are being evaluated, and frozen the same way when
the round is closed (``evaluation_actions.close_round``).
"""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.utils import timezone

from sanxiang.cases.documents import format_date, format_date_upper
from sanxiang.core import pdf
from sanxiang.supervision import evaluation

DOCUMENT_TITLES = {
    "opinion": "行政执法监督意见书",
    "suggestion": "行政执法监督建议书",
    "decision": "行政执法监督决定书",
    "circular": "行政执法监督通报",
}


def missing_elements(facts: dict) -> list[str]:
    """The required elements of a supervision document that are empty (refused then)."""
    names = {"issuer": "制发机关", "number": "文号", "body": "主送机关", "title": "标题",
             "content": "正文", "issued_on": "成文日期", "answer_due": "答复期限"}
    return [label for key, label in names.items() if not facts.get(key)]


def render_document(facts: dict) -> bytes:
    """``facts``: issuer, number, kind, body, title, content, issued_on, answer_due (dates),
    complaint (optional tracking number)."""
    context = {
        **facts, "heading": DOCUMENT_TITLES[facts["kind"]],
        "paragraphs": [p.strip() for p in facts["content"].splitlines() if p.strip()],
        "issued_on_upper": format_date_upper(facts["issued_on"]),
        "answer_due_text": format_date(facts["answer_due"]),
    }
    return pdf.render_pdf("supervision/pdf/document.html", context)


def document_response(document):
    from sanxiang.core import blobs

    return pdf.pdf_response(blobs.read_bytes(document.pdf_digest),
                            filename=f"{document.number}.pdf",
                            ascii_filename=f"supervision-{document.pk}.pdf", inline=True)


def evaluation_report(campaign, user) -> bytes:
    """The round's report: per body, files, average, grades; then every file scored.
    ``user`` None: the whole round (the report as issued when it is closed)."""
    from sanxiang.supervision.models import Evaluation

    scope = Evaluation.objects.all() if user is None else Evaluation.objects.visible_to(user)
    rows = (scope.filter(campaign=campaign)
            .select_related("case", "body", "evaluator").order_by("position"))
    grades = [g for g, _m in campaign.standard.grades] + [evaluation.FAIL_GRADE]
    bodies = list(rows.filter(state=Evaluation.State.DONE)
                  .values("body__name").order_by("body__name")
                  .annotate(n=Count("id"), average=Avg("score"),
                            **{f"g{i}": Count("id", filter=Q(grade=g))
                               for i, g in enumerate(grades)}))
    for row in bodies:
        row["grades"] = [row[f"g{i}"] for i in range(len(grades))]
        row["average"] = f"{row['average']:.1f}" if row["average"] is not None else "—"
    files = list(rows)
    for item in files:
        standard = campaign.standard.items
        item.findings = [
            (i["code"], i["text"], item.checks[i["code"]]["value"],
             item.checks[i["code"]].get("note") or "；".join(
                 item.checks[i["code"]].get("evidence") or []))
            for section in evaluation.SECTIONS for i in standard.get(section) or []
            if item.state == Evaluation.State.DONE and item.checks.get(i["code"])
            and item.checks[i["code"]]["value"] not in (False, "0")]
    context = {"campaign": campaign, "grades": grades, "bodies": bodies, "files": files,
               "today": format_date(timezone.localdate()),
               "done": sum(1 for f in files if f.state == Evaluation.State.DONE)}
    return pdf.render_pdf("supervision/pdf/evaluation_report.html", context)


def evaluation_report_response(campaign, user, *, issued: bool = False):
    """``issued``: the stored bytes of the closed round's report, as issued."""
    from sanxiang.core import blobs

    data = (blobs.read_bytes(campaign.report_digest) if issued
            else evaluation_report(campaign, user))
    return pdf.pdf_response(data,
                            filename=f"{campaign.title}评查报告.pdf",
                            ascii_filename=f"evaluation-report-{campaign.pk}.pdf",
                            inline=True)
