from django.urls import path

from dangjian.reviews import views

app_name = "reviews"
urlpatterns = [
    path("project/<int:pk>/<int:year>/<int:month>/", views.review_page, name="review"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/<int:pk>/read/", views.reminder_read, name="reminder_read"),
]
