"""manage.py import_reflections: Disqus and WordPress exports, matched to videos by URL."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alongside.core.models import ModerationStatus
from alongside.reflections.models import Reflection

pytestmark = pytest.mark.django_db

DISQUS_EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="t1"><link>https://old.example/2019/05/video-1/</link></thread>
  <thread dsq:id="t2"><link>https://old.example/gone/</link></thread>
  <post dsq:id="p1">
    <message><![CDATA[<p>So moving.</p><p>Thank you &amp; goodbye<br>for now</p>]]></message>
    <createdAt>2019-05-02T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Zoë O'Brien</name><email>zoe@example.org</email></author>
    <thread dsq:id="t1"/>
  </post>
  <post dsq:id="p2">
    <message><![CDATA[Agreed!]]></message>
    <createdAt>2019-05-02T11:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ben</name></author>
    <thread dsq:id="t1"/><parent dsq:id="p1"/>
  </post>
  <post dsq:id="p3">
    <message><![CDATA[Removed]]></message>
    <createdAt>2019-05-02T12:00:00Z</createdAt><isDeleted>true</isDeleted><isSpam>false</isSpam>
    <author><name>X</name></author><thread dsq:id="t1"/>
  </post>
  <post dsq:id="p4">
    <message><![CDATA[Nobody home]]></message>
    <createdAt>2019-05-02T12:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Y</name></author><thread dsq:id="t2"/>
  </post>
</disqus>"""

WXR_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item>
  <link>https://blog.example/videos/video-1/</link>
  <wp:comment>
    <wp:comment_id>7</wp:comment_id><wp:comment_author>李小龙</wp:comment_author>
    <wp:comment_author_email>li@example.cn</wp:comment_author_email>
    <wp:comment_author_IP>203.0.113.9</wp:comment_author_IP>
    <wp:comment_date_gmt>2020-01-01 09:30:00</wp:comment_date_gmt>
    <wp:comment_content><![CDATA[A quiet lesson.]]></wp:comment_content>
    <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
    <wp:comment_parent>0</wp:comment_parent>
  </wp:comment>
  <wp:comment>
    <wp:comment_id>8</wp:comment_id><wp:comment_author>Waiting</wp:comment_author>
    <wp:comment_author_email>w@example.org</wp:comment_author_email>
    <wp:comment_date_gmt>2020-01-02 09:30:00</wp:comment_date_gmt>
    <wp:comment_content><![CDATA[Not yet approved]]></wp:comment_content>
    <wp:comment_approved>0</wp:comment_approved><wp:comment_type></wp:comment_type>
    <wp:comment_parent>7</wp:comment_parent>
  </wp:comment>
  <wp:comment>
    <wp:comment_id>9</wp:comment_id><wp:comment_author>Pinger</wp:comment_author>
    <wp:comment_content><![CDATA[Linked from elsewhere]]></wp:comment_content>
    <wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
    <wp:comment_parent>0</wp:comment_parent>
  </wp:comment>
</item></channel></rss>"""


def run_import(tmp_path, export, fmt):
    path = tmp_path / f"export.{fmt}.xml"
    path.write_text(export, encoding="utf-8")
    output = StringIO()
    call_command("import_reflections", str(path), format=fmt, stdout=output)
    return output.getvalue()


def test_disqus_export_is_imported_once(tmp_path, make_video):
    video = make_video()  # its slug, video-1, matches the old URL's last segment
    output = run_import(tmp_path, DISQUS_EXPORT, "disqus")
    assert "Imported 2, skipped 0 (already imported or empty), unmatched 1" in output
    zoe, ben = Reflection.objects.order_by("created_at")
    assert (zoe.video, zoe.name, zoe.status) == (video, "Zoë O'Brien", ModerationStatus.PUBLISHED)
    assert zoe.text == "So moving.\n\nThank you & goodbye\nfor now"
    assert zoe.text_html == "<p>So moving.</p><p>Thank you &amp; goodbye<br>for now</p>"
    assert ben.parent == zoe and ben.email.endswith("@example.invalid")
    again = run_import(tmp_path, DISQUS_EXPORT, "disqus")
    assert "Imported 0, skipped 2" in again
    assert Reflection.objects.count() == 2


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_wordpress_export_keeps_approval_and_skips_pingbacks(tmp_path, make_video, version):
    make_video()
    export = WXR_EXPORT.replace("/export/1.2/", f"/export/{version}/")
    output = run_import(tmp_path, export, "wxr")
    assert "Imported 2, skipped 0" in output
    li, waiting = Reflection.objects.order_by("created_at")
    assert (li.name, li.status, li.ip_address) == (
        "李小龙",
        ModerationStatus.PUBLISHED,
        "203.0.113.9",
    )
    assert (waiting.status, waiting.parent) == (ModerationStatus.PENDING, li)


def test_an_unreadable_file_is_a_clear_error(tmp_path, db):
    path = tmp_path / "broken.xml"
    path.write_text("<disqus><post>", encoding="utf-8")
    with pytest.raises(CommandError, match="Could not read"):
        call_command("import_reflections", str(path), format="disqus")


WXR_WITHOUT_COMMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item><link>https://blog.example/videos/video-1/</link></item></channel></rss>"""


@pytest.mark.parametrize(
    "export, fmt, format_name",
    [
        (WXR_EXPORT, "disqus", "a Disqus export"),
        (DISQUS_EXPORT, "wxr", "a WordPress export"),
        (WXR_WITHOUT_COMMENTS, "wxr", "a WordPress export"),
    ],
)
def test_a_file_with_no_comments_says_so_and_fails(tmp_path, make_video, export, fmt, format_name):
    make_video()
    with pytest.raises(CommandError, match=f"Found no comments in .*Is it {format_name}"):
        run_import(tmp_path, export, fmt)
    assert not Reflection.objects.exists()
