"""Talent development (人才分类培养) and drills (课后练兵、党员课堂).

- A competency model (岗位能力价值模型) per post: items, each with the level the post requires (1–5).
- Pools: the talent pool (优秀人才库), the mentor pool (导师库) and the trainee pool (学员库), each membership of one
  talent class (technical, management, operating); a person leaves a pool on a day and stays on its history.
- Ratings: a person's assessed level on a competency item (the latest counts), read against a post's required levels
  to say who is ready for which post.
- A training plan: a trainee, a mentor, goals and dates, optionally the post aimed at and the posts app's pairing
  (结对帮扶, never a second pairing table); evaluated against the company's published criteria (人才培养效果评价标准).
- A drill session or member lecture: topic, trainer, team (a production unit of kind team or shift crew), date,
  attendance with a test or practical score; attendance recorded once feeds points (event drill_attendance_settled).
- Skills contest results (技能竞赛): contest, level, person, rank and award.

Everything belongs to a party org and is scoped by its subtree: resource "talent", and "drill" for drills."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager

LEVELS = [(n, str(n)) for n in range(1, 6)]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class TalentClass(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    MANAGEMENT = "management", _("Management")
    OPERATING = "operating", _("Operating (skills)")


class Pool(models.TextChoices):
    TALENT = "talent", _("Talent pool")
    MENTOR = "mentor", _("Mentor pool")
    TRAINEE = "trainee", _("Trainee pool")


class Scoped(models.Model):
    """Owned by a party org; read and written over its subtree."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party org"))

    objects = ScopedManager()
    scope_resource = "talent"
    scope_path_field = "org__path"

    class Meta:
        abstract = True


class CompetencyModel(Scoped):
    """岗位能力价值模型: what a post (e.g. 电解工, 计算机站工程师) requires, item by item."""

    post = models.CharField(_("post"), max_length=100)
    talent_class = models.CharField(_("talent class"), max_length=12, choices=TalentClass.choices)
    description = models.TextField(_("description"), blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("competency model")
        verbose_name_plural = _("competency models")
        ordering = ["org__path", "post"]
        constraints = [models.UniqueConstraint(fields=["org", "post"], name="talent_one_model_per_post")]

    def __str__(self):
        return self.post


class CompetencyItem(models.Model):
    """One competency of a post's model, with the level (1–5) the post requires."""

    model = models.ForeignKey(CompetencyModel, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("competency"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    required_level = models.PositiveSmallIntegerField(_("required level"), choices=LEVELS, validators=LEVEL_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager()
    scope_resource = "talent"
    scope_path_field = "model__org__path"

    class Meta:
        verbose_name = _("competency item")
        verbose_name_plural = _("competency items")
        ordering = ["model", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["model", "name"], name="talent_item_name_once")]

    def __str__(self):
        return self.name


class PoolMember(Scoped):
    """A person in the talent, mentor or trainee pool for a talent class, from a day (until they leave)."""

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    pool = models.CharField(_("pool"), max_length=10, choices=Pool.choices)
    talent_class = models.CharField(_("talent class"), max_length=12, choices=TalentClass.choices)
    specialty = models.CharField(_("specialty"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        ordering = ["pool", "org__path", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "pool"], condition=Q(left_on__isnull=True), name="talent_once_per_pool"
            )
        ]

    def __str__(self):
        return f"{self.get_pool_display()} {self.person_id}"

    def clean(self):
        super().clean()
        for name in ("joined_on", "left_on"):
            day = getattr(self, name)
            if day and not 1950 <= day.year <= 2100:  # a mistyped year (0128) is refused, as the other apps do
                raise ValidationError({name: _("Give a date between 1950 and 2100.")})
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("One cannot leave a pool before joining it.")})


class Rating(Scoped):
    """A person's assessed level on a competency item; one per person and item (a new rating replaces it)."""

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    item = models.ForeignKey(CompetencyItem, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS, validators=LEVEL_VALIDATORS)
    rated_on = models.DateField(_("rated on"))

    class Meta:
        verbose_name = _("competency rating")
        verbose_name_plural = _("competency ratings")
        ordering = ["item", "person"]
        constraints = [models.UniqueConstraint(fields=["person", "item"], name="talent_one_rating")]


class Criterion(Scoped):
    """One published criterion of training evaluation (人才培养效果评价标准) with its weight in the total of 100."""

    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="talent_criterion_once")]

    def __str__(self):
        return self.name


class TrainingPlan(Scoped):
    """A trainee's plan with a mentor: goals, dates, the post aimed at, optionally the pairing it runs as; evaluated
    at the end against the criteria (each scored 0–100, weighted into a total and a result)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        EVALUATED = "evaluated", _("Evaluated")
        ENDED = "ended", _("Ended without evaluation")

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        QUALIFIED = "qualified", _("Qualified")
        UNQUALIFIED = "unqualified", _("Not qualified")

    trainee = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("trainee"))
    mentor = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("mentor"))
    target = models.ForeignKey(
        CompetencyModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("post aimed at"),
    )
    goals = models.TextField(_("goals"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    pairing = models.ForeignKey(
        "posts.Pairing", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pairing")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluation_note = models.TextField(_("evaluation"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return f"{self.trainee_id}←{self.mentor_id}"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A plan cannot end before it starts.")
        if self.trainee_id and self.trainee_id == self.mentor_id:
            errors["mentor"] = _("A trainee's mentor is someone else.")
        if errors:
            raise ValidationError(errors)


class Drill(Scoped):
    """A drill session after work (课后练兵) or a member lecture (党员课堂) of a team or an org."""

    class Kind(models.TextChoices):
        DRILL = "drill", _("Drill session")
        LECTURE = "lecture", _("Member lecture")

    class Check(models.TextChoices):
        NONE = "", _("No score")
        TEST = "test", _("Short test")
        PRACTICAL = "practical", _("Practical")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DRILL)
    topic = models.CharField(_("topic"), max_length=150)
    trainer = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("trainer")
    )
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    held_on = models.DateField(_("date"))
    scored_by = models.CharField(_("score by"), max_length=10, choices=Check.choices, blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    scope_resource = "drill"

    class Meta:
        verbose_name = _("drill session")
        verbose_name_plural = _("drill sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.topic

    def clean(self):
        super().clean()
        if self.unit_id and self.unit.kind not in ("team", "shift_crew"):
            raise ValidationError({"unit": _("A drill is held by a team or a shift crew.")})


class DrillAttendance(models.Model):
    """Who was at a drill (present or not) and their score; recorded once, it feeds points and the record."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    present = models.BooleanField(_("present"), default=True)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("drill attendance")
        verbose_name_plural = _("drill attendance")
        ordering = ["drill", "person__name"]
        constraints = [models.UniqueConstraint(fields=["drill", "person"], name="talent_attend_once")]

    def __str__(self):
        return f"{self.drill_id} {self.person_id}"


class ContestResult(Scoped):
    """A skills contest result (技能竞赛): contest, its level, the person, rank and award."""

    class Level(models.TextChoices):
        COMPANY = "company", _("Company")
        GROUP = "group", _("Group")
        PROVINCE = "province", _("Provincial")
        NATIONAL = "national", _("National")

    contest = models.CharField(_("contest"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.COMPANY)
    held_on = models.DateField(_("date"))
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    award = models.CharField(_("award"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("contest result")
        verbose_name_plural = _("contest results")
        ordering = ["-held_on", "contest", "rank"]
        constraints = [models.UniqueConstraint(fields=["contest", "held_on", "person"], name="talent_contest_once")]

    def __str__(self):
        return f"{self.contest} {self.person_id}"
