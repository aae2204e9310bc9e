"""Every page type renders, is creatable by a curator in the admin, and only where it belongs."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from alongside.discovery.models import HomePage
from alongside.videos.models import Topic, VideoIndexPage, VideoPage
from alongside.videos.providers import Provider


def video_form_data(topic, **overrides):
    data = nested_form_data(
        {
            "title": "The Finish Line",
            "slug": "the-finish-line",
            "summary": "A runner, a torn hamstring and a father in the stands.",
            "source_url": "https://youtu.be/kZlXWp6vFdE",
            "duration": "3:05",
            "story": rich_text("<p>He came to Barcelona ready.</p>"),
            "read_text": "Read about Derek Redmond",
            "read_url": "https://en.wikipedia.org/wiki/Derek_Redmond",
            "learn_text": "What resilience means",
            "learn_url": "https://en.wikipedia.org/wiki/Psychological_resilience",
            "act_title": "Stand by someone today",
            "act_explanation": "Tell one person who is struggling that you are with them.",
            "pledges_open": "on",
            "pledge_follow_up_days": "7",
        }
        | overrides
    )
    data["topics"] = [topic.pk]  # a plain multiple-choice field, not a nested formset
    return data


class TestPageTree(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = root.add_child(instance=HomePage(title="Alongside", slug="alongside-home"))
        cls.index = cls.home.add_child(instance=VideoIndexPage(title="All videos", slug="videos"))
        cls.topic = Topic.objects.create(name="Kindness", slug="kindness")

    def setUp(self):
        self.login()

    def test_pages_only_go_where_they_belong(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {VideoIndexPage})
        self.assertAllowedParentPageTypes(VideoIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(VideoIndexPage, {VideoPage})
        self.assertAllowedParentPageTypes(VideoPage, {VideoIndexPage})
        self.assertAllowedSubpageTypes(VideoPage, set())
        self.assertCanNotCreateAt(HomePage, VideoPage)
        self.assertCanNotCreateAt(Page, VideoPage)

    def test_curator_creates_a_home_page_under_the_root(self):
        data = nested_form_data({"title": "Another home", "slug": "home-2", "tagline": "Hi"})
        HomePage.objects.all().delete()  # only one home page may exist
        self.assertCanCreate(Page.get_first_root_node(), HomePage, data)

    def test_curator_creates_a_video_index_page(self):
        VideoIndexPage.objects.all().delete()
        data = nested_form_data({"title": "Videos", "slug": "videos", "intro": "All of them."})
        self.assertCanCreate(self.home, VideoIndexPage, data)

    def test_curator_creates_a_video_page_and_its_source_is_recognised(self):
        self.assertCanCreate(self.index, VideoPage, video_form_data(self.topic))
        video = VideoPage.objects.get(slug="the-finish-line")
        assert (video.provider, video.provider_video_id) == (Provider.YOUTUBE, "kZlXWp6vFdE")
        assert video.duration_display == "3:05"
        assert list(video.topics.all()) == [self.topic]

    def duration_input(self, page) -> str:
        """The duration input of the page's edit form, as the curator's browser gets it."""
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        return re.search(r"<input[^>]*id=\"id_duration\"[^>]*>", html).group(0)

    def test_a_length_typed_as_minutes_and_seconds_reads_the_same_after_saving(self):
        self.create_video_page(duration="4:35")
        video = VideoPage.objects.get(slug="the-finish-line")
        assert video.duration == timedelta(minutes=4, seconds=35)
        assert 'value="4:35"' in self.duration_input(video)
        self.client.post(
            f"/admin/pages/{video.pk}/edit/", video_form_data(self.topic, duration="1:02:10")
        )
        video.refresh_from_db()
        assert video.duration == timedelta(hours=1, minutes=2, seconds=10)
        assert 'value="1:02:10"' in self.duration_input(video)

    def test_a_length_in_another_form_is_explained_next_to_the_field_and_kept(self):
        for typed in ("4.35", "4:75", "four minutes", "1:60:00"):
            response = self.create_video_page(duration=typed)
            html = response.content.decode()
            # the duration field, from its wrapper to its input: the message is right there
            field = html.split('data-contentpath="duration"', 1)[1].split("</div>\n    </div>")[0]
            assert "Write the length as minutes:seconds, for example 4:35" in field, typed
            assert f'value="{typed}" aria-invalid="true"' in field
        assert not VideoPage.objects.exists()

    def test_curator_adds_a_topic_from_the_admin_menu(self):
        response = self.client.post(
            "/admin/snippets/videos/topic/add/",
            {"name": "Courage", "slug": "courage", "description": "Brave acts."},
        )
        assert response.status_code == 302
        assert Topic.objects.filter(slug="courage", name="Courage").exists()
        listing = self.client.get("/admin/snippets/videos/topic/")
        self.assertContains(listing, "Courage")

    def create_video_page(self, **overrides):
        url = f"/admin/pages/add/videos/videopage/{self.index.pk}/"
        return self.client.post(url, video_form_data(self.topic, **overrides))

    def test_an_unsupported_url_is_explained_in_the_admin_form(self):
        response = self.create_video_page(source_url="https://dailymotion.com/video/x7u5")
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "Only YouTube and Vimeo links are supported" in errors["source_url"][0]
        self.assertContains(response, "Only YouTube and Vimeo links are supported")
        assert not VideoPage.objects.exists()

    def test_a_malformed_youtube_url_is_explained_in_the_admin_form(self):
        response = self.create_video_page(source_url="https://www.youtube.com/watch?v=nope")
        self.assertContains(response, "does not point to a single video")
        assert not VideoPage.objects.exists()

    def test_a_video_needs_a_link_or_a_file(self):
        response = self.create_video_page(source_url="")
        self.assertContains(response, "Give a YouTube or Vimeo link, or upload a video file.")
        assert not VideoPage.objects.exists()

    def test_a_full_version_label_needs_its_link(self):
        response = self.create_video_page(alternate_label="Watch the full race")
        self.assertContains(response, "Add the link this label points to.")


@pytest.mark.django_db
class TestPagesRender:
    def test_home_page_features_the_newest_video_and_lists_the_rest(self, client, make_video):
        make_video("Older", days_ago=7)
        make_video("Newest", days_ago=0)
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["featured_video"].title == "Newest"
        assert [v.title for v in response.context["recent_videos"]] == ["Older"]
        assert b"Video of the week" in response.content

    def test_home_page_without_videos_says_so(self, client, video_index):
        assert b"The first video is on its way." in client.get("/").content

    def test_video_page_shows_story_actions_and_player(self, client, make_video, topic):
        video = make_video("The Finish Line", topics=[topic])
        response = client.get(video.url)
        html = response.content.decode()
        assert response.status_code == 200
        for text in (
            "He came to Barcelona ready.",
            "Read about Derek Redmond",
            "What resilience means",
            "Stand by someone today",
            "Tell one person who is struggling that you are with them.",
            'href="https://www.youtube.com/watch?v=kZlXWp6vFdE"',
            'href="/videos/topics/kindness/"',
            "3:05",
        ):
            assert text in html

    def test_alternate_source_and_credit_are_shown(self, client, make_video):
        video = make_video(
            alternate_url="https://example.org/full-race",
            alternate_label="Watch the full race",
            credit="Olympic Broadcasting",
        )
        html = client.get(video.url).content.decode()
        assert '<a href="https://example.org/full-race">Watch the full race</a>' in html
        assert "Video: Olympic Broadcasting" in html

    def test_uploaded_file_plays_in_a_video_element_that_preloads_nothing(self, client, make_video):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        document = get_document_model().objects.create(
            title="race", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="race.mp4")
        )
        video = make_video(source_url="", video_file=document)
        html = client.get(video.url).content.decode()
        assert '<video class="player__video" controls preload="none"' in html
        assert document.url in html

    def test_related_videos_share_topics_first_then_recency(self, client, make_video, topic):
        other_topic = Topic.objects.create(name="Courage", slug="courage")
        video = make_video("Main", topics=[topic])
        make_video("Unrelated new", topics=[other_topic], days_ago=0)
        related_old = make_video("Related old", topics=[topic], days_ago=30)
        make_video("Unrelated older", days_ago=10)
        draft = make_video("Draft", topics=[topic])
        draft.unpublish()
        titles = [v.title for v in client.get(video.url).context["related_videos"]]
        assert titles == [related_old.title, "Unrelated new", "Unrelated older"]

    def test_index_lists_videos_newest_first_and_paginates(self, client, make_video):
        for days in range(14):
            make_video(f"Week {days}", days_ago=days, with_thumbnail=False)
        first = client.get("/videos/")
        assert [v.title for v in first.context["videos"]][:2] == ["Week 0", "Week 1"]
        assert len(first.context["videos"]) == 12
        assert b'href="?page=2"' in first.content
        second = client.get("/videos/?page=2")
        assert [v.title for v in second.context["videos"]] == ["Week 12", "Week 13"]
        assert client.get("/videos/?page=3").status_code == 404
        assert client.get("/videos/?page=abc").status_code == 404

    def test_topic_page_lists_only_that_topic(self, client, make_video, topic):
        make_video("Kind one", topics=[topic])
        make_video("Other one")
        response = client.get("/videos/topics/kindness/")
        assert response.status_code == 200
        assert [v.title for v in response.context["videos"]] == ["Kind one"]
        assert b"<h1>Kindness</h1>" in response.content
        assert client.get("/videos/topics/no-such-topic/").status_code == 404


def test_admin_user_is_created_once_with_a_printed_password(db, capsys):
    from django.core.management import call_command

    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "Created the admin user 'admin' with the password" in first
    password = first.split("the password ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    assert capsys.readouterr().out == ""
    assert get_user_model().objects.count() == 1
