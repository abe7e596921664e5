from django.urls import path

from dangjian.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # Before <code>/: "kiosk" is a page, not an indicator code.
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/tiles/", views.kiosk_tiles, name="kiosk_tiles"),
    path("new/", views.indicator_create, name="create"),
    path("<str:code>/", views.indicator_page, name="detail"),
    path("<str:code>/edit/", views.indicator_edit, name="edit"),
    path("<str:code>/retire/", views.indicator_retire, name="retire"),
    path("<str:code>/export/series/", views.series_export, name="export_series"),
    path("<str:code>/export/table/", views.table_export, name="export_table"),
    path("<str:code>/entry/", views.value_entry, name="entry"),
    path("<str:code>/targets/", views.targets, name="targets"),
]
