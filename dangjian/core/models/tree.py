"""A tree stored as a materialised path, so a whole subtree is one indexed prefix query."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _


class TreeNode(models.Model):
    """Abstract node: `path` is the chain of ids from the root, e.g. "/1/7/42/"; a subtree is `path__startswith`."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(_("path"), max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    class Meta:
        abstract = True

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("A node cannot be placed under itself or one of its descendants.")})

    def save(self, *args, **kwargs):
        """Keeps `path` and `depth` right; a move rewrites the descendants' paths in one statement."""
        old_path, old_depth = self.path, self.depth
        super().save(*args, **kwargs)
        new_path = self.compute_path()
        if new_path == old_path:
            return
        manager = type(self)._base_manager
        self.path, self.depth = new_path, new_path.count("/") - 2
        manager.filter(pk=self.pk).update(path=self.path, depth=self.depth)
        if old_path:
            manager.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (self.depth - old_depth),
            )

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


def parent_path(path: str) -> str | None:
    """ "/1/7/42/" → "/1/7/": the path of a node's parent; None for a root."""
    parts = path.strip("/").split("/")
    return f"/{'/'.join(parts[:-1])}/" if len(parts) > 1 else None


def path_and_ancestors(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]: the node's own path and every path above it, outermost first."""
    parts = [part for part in path.strip("/").split("/") if part]
    return [f"/{'/'.join(parts[: n + 1])}/" for n in range(len(parts))]


def common_root(paths) -> str:
    """The longest path every one of `paths` lies under ("/" when they share no root): one indexed
    `path LIKE 'root%'` reads them all."""
    paths = list(paths)
    if not paths:
        return "/"
    prefix = os.path.commonprefix(paths)
    return prefix[: prefix.rfind("/") + 1] or "/"
