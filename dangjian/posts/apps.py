from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "dangjian.posts"
    label = "posts"
    verbose_name = _("Demonstration posts")
