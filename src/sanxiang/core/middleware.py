from django.conf import settings

# Pages use only their own scripts, styles and images; nothing inline, nothing third-party.
DEFAULT_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "SANXIANG_CSP", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # Every page, the admin's included: Django's admin (5.x) loads its scripts from
        # files and sets styles through the DOM, so the same policy holds there.
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
