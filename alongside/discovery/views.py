"""robots.txt: everything but the admin may be crawled; where the sitemap is."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from alongside.core.mail import absolute_url


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {absolute_url('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
