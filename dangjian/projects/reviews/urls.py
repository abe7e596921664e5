from django.urls import path

from dangjian.projects.reviews import views

app_name = "reviews"
urlpatterns = [
    path("project/<int:pk>/<int:year>/<int:month>/", views.review_page, name="review"),
]
