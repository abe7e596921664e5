from django.urls import path

from dangjian.drafts import views

app_name = "drafts"
urlpatterns = [
    path("", views.draft, name="draft"),
    path("docx/", views.docx, name="docx"),
]
