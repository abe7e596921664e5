from django.urls import path

from dangjian.posts import views

app_name = "posts"
urlpatterns = [
    path("", views.registers, name="registers"),
    path("holders/", views.holders, name="holders"),
    path("pairings/<int:pk>/", views.pairing, name="pairing"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<int:pk>/", views.challenge, name="challenge"),
    path("challenges/<int:pk>/apply/", views.challenge_apply, name="challenge_apply"),
    path("challenges/<int:pk>/appoint/", views.challenge_appoint, name="challenge_appoint"),
    path("challenges/<int:pk>/accept/", views.challenge_accept, name="challenge_accept"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/cancel/", views.challenge_cancel, name="challenge_cancel"),
    path("challenges/<int:pk>/application/", views.application_edit, name="application_edit"),
    path("challenges/<int:pk>/application/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("<str:kind>/", views.register, name="register"),
    path("<str:kind>/new/", views.create, name="create"),
    path("<str:kind>/<int:pk>/edit/", views.edit, name="edit"),
    path("<str:kind>/<int:pk>/end/", views.end, name="end"),
]
