from django.urls import include, path
from django.views.generic import RedirectView

from dangjian.api import api
from dangjian.shell import setup_views, standard_views
from dangjian.shell import views as shell_views

urlpatterns = [
    path("", shell_views.home, name="home"),
    # The set-up centre (基础设置): every app's set-up lines, read through the registry (shell/setup_centre.py).
    path("setup/", setup_views.setup_centre_page, name="setup"),
    # Its address when it was the org app's page, kept for bookmarks and printed guides.
    path("org/setup/", RedirectView.as_view(pattern_name="setup", permanent=True)),
    # One click for the standard catalogues of every capability (meeting rules, points, 双百分, holidays, go-live).
    path("setup/standard/", standard_views.standard_catalogues, name="standard"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("dangjian.accounts.urls")),
    path("org/", include("dangjian.org.urls")),
    path("indicators/", include("dangjian.indicators.urls")),
    path("projects/", include("dangjian.projects.projects.urls")),
    path("reviews/", include("dangjian.projects.reviews.urls")),
    path("acceptance/", include("dangjian.projects.acceptance.urls")),
    path("boards/", include("dangjian.projects.boards.urls")),
    path("costs/", include("dangjian.projects.costs.urls")),
    path("effects/", include("dangjian.projects.effects.urls")),
    path("value/", include("dangjian.value.urls")),
    path("meetings/", include("dangjian.meetings.urls")),
    path("service/", include("dangjian.service.urls")),
    path("points/", include("dangjian.points.urls")),
    path("posts/", include("dangjian.posts.urls")),
    path("recruitment/", include("dangjian.affairs.recruitment.urls")),
    path("dues/", include("dangjian.affairs.dues.urls")),
    path("transfers/", include("dangjian.affairs.transfers.urls")),
    path("talent/", include("dangjian.talent.urls")),
    path("assessment/", include("dangjian.assessment.urls")),
    path("channels/", include("dangjian.channels.urls")),
    path("handbook/", include("dangjian.handbook.urls")),
    path("archive/", include("dangjian.archive.urls")),
    path("indices/", include("dangjian.indices.urls")),
    path("drafts/", include("dangjian.drafts.urls")),
    path("burden/", include("dangjian.burden.urls")),
    path("core/", include("dangjian.core.urls")),
    path("publicity/", include("dangjian.publicity.urls")),
    path("cockpit/", include("dangjian.cockpit.urls")),
    path("api/v1/", api.urls),
]
# Uploaded files (MEDIA_ROOT) are never served by URL, not even under DEBUG: meeting attachments, concern photos, task
# evidence and compiled books are only sent by views that check the reader's permission and company.
