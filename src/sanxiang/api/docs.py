"""The Swagger UI page at /api/docs, served from our own static files.

Ninja's default page loads Swagger UI from a CDN unless ``ninja`` is an installed app; the
platform wants neither a third-party host nor inline script (core/middleware.py), so the
page is our template over the vendored swagger-ui-dist in ``api/static/api/vendor/swagger-ui``.
"""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    template = "api/docs.html"
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "defaultModelsExpandDepth": 0,
        "displayRequestDuration": True,
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})
