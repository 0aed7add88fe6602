"""One thing the case file lacks: the rule it breaks, the step, a Chinese message.

Its own module so that the checks of other apps (``review.completeness``) can make findings
for ``records.casefile.completeness`` without importing the case file back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    rule: str
    step: str
    message: str
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "step": self.step, "message": self.message,
                "details": self.details}
