from django.urls import path

from dangjian.publicity.views import articles, forums

app_name = "publicity"
urlpatterns = [
    path("", articles.news, name="news"),
    path("desk/", articles.desk, name="desk"),
    path("showcase/", articles.showcase_page, name="showcase"),
    path("articles/new/", articles.article_create, name="article_create"),
    path("articles/export/", articles.article_export, name="article_export"),
    path("articles/<int:pk>/", articles.article, name="article"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="article_edit"),
    path("articles/<int:pk>/move/", articles.article_move, name="article_move"),
    path("columns/", articles.columns, name="columns"),
    path("columns/new/", articles.column_create, name="column_create"),
    path("columns/<int:pk>/edit/", articles.column_edit, name="column_edit"),
    path("columns/<int:pk>/retire/", articles.column_retire, name="column_retire"),
    path("forums/", forums.forums, name="forums"),
    path("forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<int:pk>/", forums.forum, name="forum"),
    path("forums/<int:pk>/edit/", forums.forum_edit, name="forum_edit"),
    path("forums/<int:pk>/move/", forums.forum_move, name="forum_move"),
    path("forums/<int:pk>/vote/", forums.forum_vote, name="forum_vote"),
    path("forums/<int:pk>/export/", forums.forum_export, name="forum_export"),
    path("forums/<int:pk>/presenters/new/", forums.presentation_create, name="presentation_create"),
    path("forums/<int:pk>/presenters/<int:ppk>/edit/", forums.presentation_edit, name="presentation_edit"),
    path("forums/<int:pk>/presenters/<int:ppk>/remove/", forums.presentation_remove, name="presentation_remove"),
]
