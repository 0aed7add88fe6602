"""A complaint's attachments are named as a reader can trust (R-SUP-02).

Probe 7 (ADR 0082): the public complaint form kept an attachment's name as sent, so a bidi
override made ``现场\\u202egpj.exe`` read as ``现场exe.jpg`` on the handling office's page
(evidence uploads clean their names since ADR 0051); the type was kept with any character.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanxiang.supervision import actions

pytestmark = pytest.mark.django_db


def test_complaint_attachment_name_and_type_cleaned_R_SUP_02(body_a):
    upload = SimpleUploadedFile("现场\u202egpj.exe", b"MZ-bytes", "image/jpeg\x00\u202e")
    complaint, _code = actions.file_complaint(
        body=body_a,
        kind="complaint",
        conduct="执法人员未出示证件。",
        anonymous=True,
        attachments=[upload],
    )
    stored = complaint.attachments[0]
    assert stored["name"] == "现场gpj.exe"
    assert stored["type"] == "image/jpeg"
