from django.urls import path

from dangjian.projects.effects import views

app_name = "effects"
urlpatterns = [
    path("project/<int:pk>/", views.project_effects, name="project"),
]
