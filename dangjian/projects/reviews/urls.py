from django.urls import path

from dangjian.projects.reviews import views

app_name = "reviews"
urlpatterns = [
    path("rag/", views.rag_list, name="rag"),
    path("project/<int:pk>/<int:year>/<int:month>/", views.review_page, name="review"),
]
