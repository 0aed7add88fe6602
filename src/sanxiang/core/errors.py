class RuleViolation(Exception):
    """A statutory or platform rule refused an action.

    ``code`` is the rule's ID from REQUIREMENTS.md (``R-REV-02`` …) or a platform code;
    ``message`` is Chinese, written for the user who tried the action.
    """

    def __init__(self, code: str, message: str, **details):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = str(message)
        self.details = details


class PermissionDenied(RuleViolation):
    """The acting user may not perform this action."""

    def __init__(self, message: str, **details):
        super().__init__("PERMISSION", message, **details)
