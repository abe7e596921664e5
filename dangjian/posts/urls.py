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
    path("<str:kind>/", views.register, name="register"),
    path("<str:kind>/new/", views.create, name="create"),
]
