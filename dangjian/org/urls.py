from django.urls import path

from dangjian.org import views

app_name = "org"
urlpatterns = [
    path("", views.org_tree, name="tree"),
    path("new/", views.org_create, name="create"),
    path("<int:pk>/", views.org_detail, name="detail"),
    path("<int:pk>/tree/", views.org_tree_node, name="tree_node"),
    path("<int:pk>/edit/", views.org_edit, name="edit"),
    path("<int:pk>/dissolve/", views.org_dissolve, name="dissolve"),
    path("<int:pk>/seats/", views.org_seats, name="seats"),
    path("<int:pk>/seats/<int:seat_pk>/end/", views.org_seat_end, name="seat_end"),
    path("health/", views.org_health, name="health"),
    path("terms/", views.org_terms, name="terms"),
    path("people/", views.people_list, name="people"),
    path("people/export/", views.people_export, name="people_export"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/status/", views.person_status, name="person_status"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/tree/", views.unit_tree_node, name="unit_tree_node"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
]
