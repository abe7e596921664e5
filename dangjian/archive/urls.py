from django.urls import path

from dangjian.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
    path("file/", views.file_year, name="file"),
    path("labels/", views.labels, name="labels"),
    path("export/", views.export, name="export"),
    path("search/", views.search, name="search"),
    path("add/", views.add, name="add"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/file/", views.item_file, name="item_file"),
    path("items/<int:pk>/retire/", views.item_retire, name="item_retire"),
    path("zips/", views.zip_request, name="zip_request"),
    path("zips/<int:pk>/", views.zip_detail, name="zip"),
    path("zips/<int:pk>/file/", views.zip_file, name="zip_file"),
    path("categories/", views.categories, name="categories"),
    path("categories/defaults/", views.categories_defaults, name="categories_defaults"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/retire/", views.category_retire, name="category_retire"),
]
