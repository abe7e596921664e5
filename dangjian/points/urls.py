from django.urls import path

from dangjian.points import views
from dangjian.points.views.policy import star_policy

app_name = "points"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("claim/", views.claim, name="claim"),
    path("entries/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("entries/<int:pk>/decide/", views.decide, name="decide"),
    path("entries/<int:pk>/reverse/", views.reverse_entry, name="reverse"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("queue/", views.queue, name="queue"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/version/", views.rule_version, name="rule_version"),
    path("rules/<int:pk>/retire/", views.rule_retire, name="rule_retire"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("stars/", views.stars, name="stars"),
    path("stars/appraisal/", views.appraisal, name="appraisal"),
    path("stars/policy/", star_policy, name="star_policy"),
    path("branches/", views.branches, name="branches"),
    path("branches/criteria/", views.branch_template, name="branch_template"),
    path("branches/<int:pk>/<int:year>/", views.branch_rate, name="branch_rate"),
    path("checks/", views.gaming_checks, name="gaming"),
]
