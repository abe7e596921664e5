"""How each model the demo seeder writes is set up without the seeder (issue 15, "The rule from now on").

The seeder is a showcase, never the set-up path: every object it writes must be creatable and editable by the role
that owns it through a page and through the API, and — when it comes as a list — through an Excel import. Each
model with demo rows is here exactly once:

- `PATHS`: the ways its owner writes it — `page` (URL names of the pages that create it), `edit` (the pages that
  change or retire it, or a sentence saying why it is never changed), `api` (method and path of the operations that
  create it in the OpenAPI document), `imports` (slugs of import kinds, dangjian/core/imports/kinds.py), `listed`
  (it comes as a list, so an import is required) and `owner` (the role that sets it up);
- `REASONS`: why it needs no path of its own — `History` (the system's record of what happened), `Derived` (computed
  from other data), `System` (written by the system as a consequence of an action on a page), `Child` (written with
  its parent, through every path of the parent);
- `MISSING`: a model whose paths fall short of the rule, with what is missing. Its case in
  tests/demo/test_setup_paths.py is an expected failure (strict): when the gap is closed and its `PATHS` entry says
  so, the case passes and the strict xfail fails the run until the line here is removed.

Found by reading the code (urls.py, api, imports) at the time of writing; the test keeps it honest: every route
reverses, every operation is in the OpenAPI document, every import kind is registered and open to the owner.
"""

from __future__ import annotations

from dataclasses import dataclass

POST = "POST"


@dataclass(frozen=True)
class Paths:
    """The ways the owning role writes a model (see the module docstring)."""

    owner: str
    page: tuple[str, ...] = ()
    edit: tuple[str, ...] | str = ()
    api: tuple[tuple[str, str], ...] = ()
    imports: tuple[str, ...] = ()
    listed: bool = False


@dataclass(frozen=True)
class History:
    """Written by the system as the record of what happened; never set up by anyone."""

    why: str
    route: str = ""  # the page whose action writes it, when there is one


@dataclass(frozen=True)
class Derived:
    """Computed from other data; changing the inputs changes it."""

    why: str
    route: str = ""


@dataclass(frozen=True)
class System:
    """Written by the system as a consequence of an action taken on a page (or by a scheduled task)."""

    why: str
    route: str = ""


@dataclass(frozen=True)
class Child:
    """Written together with its parent through every path of the parent (the parent's page, API and import carry
    it), so it is complete exactly when the parent is."""

    parent: str
    why: str


PATHS: dict[str, Paths] = {
    # --- accounts (三员: the system administrator makes accounts, the security administrator grants roles)
    # Accounts are made in bulk from the people already registered or imported (the deliverable), not from
    # a spreadsheet of their own.
    "accounts.User": Paths(
        owner="system_admin",
        page=("accounts:create", "accounts:bulk_create"),
        edit=("accounts:link_person", "accounts:set_password", "accounts:set_active"),
        api=((POST, "/api/v1/accounts/bulk"),),
    ),
    "accounts.RoleAssignment": Paths(
        owner="security_admin",
        page=("accounts:role_assign", "accounts:role_bulk"),
        edit=("accounts:role_revoke",),
        api=((POST, "/api/v1/roles/bulk"),),
    ),
    # --- org
    "org.PartyOrg": Paths(
        owner="party_office",
        page=("org:create",),
        edit=("org:edit", "org:dissolve"),
        api=((POST, "/api/v1/orgs"),),
        imports=("orgs",),
        listed=True,
    ),
    "org.Unit": Paths(
        owner="party_office",
        page=("org:unit_create",),
        edit=("org:unit_edit",),
        api=((POST, "/api/v1/units"),),
        imports=("units",),
        listed=True,
    ),
    "org.CommitteeSeat": Paths(
        owner="party_office",
        page=("org:seats",),
        edit=("org:seat_end",),
        api=((POST, "/api/v1/orgs/{code}/seats"),),
        imports=("committee-seats",),
        listed=True,
    ),
    "org.Person": Paths(
        owner="party_office",
        page=("org:person_create",),
        edit=("org:person_edit", "org:person_status"),
        api=((POST, "/api/v1/people"),),
        imports=("people",),
        listed=True,
    ),
    # --- indicators
    "indicators.Indicator": Paths(
        owner="party_office",
        page=("indicators:create",),
        edit=("indicators:edit", "indicators:retire"),
        api=((POST, "/api/v1/indicators"),),
        imports=("indicators",),
        listed=True,
    ),
    "indicators.IndicatorValue": Paths(
        owner="team_leader",
        page=("indicators:entry",),
        edit=("indicators:entry",),
        api=((POST, "/api/v1/indicators/values"),),
        imports=("indicator-values",),
        listed=True,
    ),
    "indicators.Target": Paths(
        owner="party_office",
        page=("indicators:targets",),
        edit=("indicators:targets",),
        api=((POST, "/api/v1/indicators/{code}/targets"),),
        imports=("indicator-targets",),
        listed=True,
    ),
    # --- projects
    "projects.Project": Paths(
        owner="secretary",
        page=("projects:create",),
        edit=("projects:edit", "projects:transition"),
        api=((POST, "/api/v1/projects"),),
        imports=("projects",),
        listed=True,
    ),
    "projects.Goal": Paths(
        owner="secretary",
        page=("projects:create",),
        edit=("projects:edit",),
        api=((POST, "/api/v1/projects/{project_id}/goals"),),
        imports=("projects",),
    ),
    # the leaders and members are chosen on the project's edit page (they come from the owner's org)
    "projects.ProjectMember": Paths(
        owner="secretary",
        page=("projects:edit",),
        edit=("projects:edit",),
        api=((POST, "/api/v1/projects"),),
    ),
    "projects.Measure": Paths(
        owner="secretary",
        page=("projects:create",),
        edit=("projects:edit",),
        api=((POST, "/api/v1/projects/{project_id}/measures"),),
        imports=("projects",),
    ),
    "projects.SubPlan": Paths(
        owner="secretary",
        page=("projects:create",),
        edit=("projects:edit",),
        api=((POST, "/api/v1/projects/{project_id}/sub-plans"),),
        imports=("projects",),
    ),
    "projects.Task": Paths(
        owner="secretary",
        page=("projects:create",),
        edit=("projects:edit", "projects:task_report"),
        api=((POST, "/api/v1/projects/{project_id}/tasks"),),
        imports=("projects",),
    ),
    "projects.RuleRevision": Paths(
        owner="secretary",
        page=("projects:rule_add",),
        edit=("projects:rule_edit", "projects:rule_remove"),
        api=((POST, "/api/v1/projects/{project_id}/rule-revisions"),),
    ),
    # --- reviews and acceptance
    "reviews.ProjectReview": Paths(
        owner="secretary",
        page=("reviews:review",),
        edit=("reviews:review",),
        api=((POST, "/api/v1/projects/{project_id}/reviews"),),
    ),
    "acceptance.Panel": Paths(
        owner="party_office",
        page=("acceptance:create",),
        edit=("acceptance:configure",),
        api=((POST, "/api/v1/panels"),),
    ),
    "acceptance.PanelMember": Paths(
        owner="party_office",
        page=("acceptance:member_add",),
        edit=("acceptance:member_remove",),
        api=((POST, "/api/v1/panels/{panel_id}/members"),),
    ),
    "acceptance.Score": Paths(
        owner="panel_member",
        page=("acceptance:score",),
        edit=("acceptance:score",),
        api=((POST, "/api/v1/panels/{panel_id}/scores"),),
    ),
    # --- cost-reduction programmes
    "costs.Programme": Paths(
        owner="secretary",
        page=("costs:create",),
        edit=("costs:edit",),
        api=((POST, "/api/v1/costs/programmes"),),
    ),
    "costs.ProgrammeItem": Paths(
        owner="secretary",
        page=("costs:item_add",),
        edit=("costs:item_edit", "costs:item_remove"),
        api=((POST, "/api/v1/costs/programmes/{programme_id}/items"),),
        imports=("cost-items",),
        listed=True,
    ),
    # --- value accounting (卓越行动): the catalogue on one set-up page
    "value.PeerGroup": Paths(
        owner="party_office",
        page=("value:setup",),
        edit=("value:setup",),
        api=((POST, "/api/v1/value/groups"),),
    ),
    "value.Item": Paths(
        owner="party_office",
        page=("value:setup",),
        edit=("value:setup",),
        api=((POST, "/api/v1/value/items"),),
        imports=("value-catalogue",),
        listed=True,
    ),
    "value.ItemPrice": Paths(
        owner="party_office",
        page=("value:setup",),
        edit="a price is never changed: a new version holds from its own day (value:setup, the same API and import)",
        api=((POST, "/api/v1/value/items/{code}/prices"),),
        imports=("value-catalogue",),
        listed=True,
    ),
    "value.AccountingUnit": Paths(
        owner="party_office",
        page=("value:setup",),
        edit=("value:setup",),
        api=((POST, "/api/v1/value/units"),),
        imports=("value-enrolment",),
        listed=True,
    ),
    "value.DailyRecord": Paths(
        owner="team_leader",
        page=("value:entry",),
        edit=("value:entry", "value:record_confirm"),
        api=((POST, "/api/v1/value/records"),),
        imports=("value-records",),
        listed=True,
    ),
    "value.AnnualWinner": Paths(
        owner="party_office",
        page=("value:winners",),
        edit=("value:winners",),
        api=(("PUT", "/api/v1/value/winners/{year}"), (POST, "/api/v1/value/winners/{year}/compute")),
    ),
    # --- organisational life
    "meetings.Meeting": Paths(
        owner="secretary",
        page=("meetings:create",),
        edit=("meetings:edit", "meetings:delete"),
        api=((POST, "/api/v1/meetings"),),
    ),
    # --- concerns (我为群众办实事)
    "service.ServiceRequest": Paths(
        owner="employee",
        page=("service:submit",),
        edit=("service:transition",),
        api=((POST, "/api/v1/service/requests"),),
    ),
    "service.SlaPolicy": Paths(
        owner="party_office",
        page=("service:settings",),
        edit=("service:settings",),
        api=(("PUT", "/api/v1/service/deadlines/{category}"),),
    ),
    # the holidays come from the maintained calendar with one click ("standard"), or from a list (import or API)
    "service.CalendarDay": Paths(
        owner="party_office",
        page=("service:settings", "standard"),
        edit=("service:settings", "service:calendar_day_delete"),
        api=((POST, "/api/v1/service/calendar"),),
        imports=("calendar-days",),
        listed=True,
    ),
    # --- points and stars
    "points.PointsEntry": Paths(
        owner="member",
        page=("points:claim",),
        edit="the ledger is append-only: an entry is decided (points:decide) or reversed by another (points:reverse)",
        api=((POST, "/api/v1/points/entries"),),
    ),
    "points.Appeal": Paths(
        owner="member",
        page=("points:appeal",),
        edit="an appeal is decided, not changed (points:appeal_decide, POST /points/appeals/{appeal_id}/decision)",
        api=((POST, "/api/v1/points/appeals"),),
    ),
    "points.PointsRule": Paths(
        owner="party_office",
        page=("points:rule_create", "standard"),
        edit=("points:rule_version", "points:rule_retire"),
        api=((POST, "/api/v1/points/rules"),),
        imports=("points-rules",),
        listed=True,
    ),
    "points.AppraisalInput": Paths(
        owner="party_office",
        page=("points:appraisal",),
        edit=("points:appraisal",),
        api=((POST, "/api/v1/points/appraisal-inputs"),),
        imports=("appraisals",),
        listed=True,
    ),
    # a year's criteria, pass marks and veto items (its criteria are added, changed, reordered and retired with it)
    "points.BranchTemplate": Paths(
        owner="party_office",
        page=("points:branch_template",),
        edit=("points:branch_template",),
        api=(("PUT", "/api/v1/points/branch-templates/{year}"),),
    ),
    "points.BranchRating": Paths(
        owner="party_office",
        page=("points:branch_rate",),
        edit=("points:branch_rate",),
        api=((POST, "/api/v1/points/branch-ratings"),),
    ),
    # --- demonstration posts: the four registers (a post is ended, never deleted), challenges and applications
    "posts.ResponsibilityZone": Paths(
        owner="secretary",
        page=("posts:create",),
        edit=("posts:edit", "posts:end"),
        api=((POST, "/api/v1/posts/zones"),),
        imports=("post-zones",),
        listed=True,
    ),
    "posts.PioneerPost": Paths(
        owner="secretary",
        page=("posts:create",),
        edit=("posts:edit", "posts:end"),
        api=((POST, "/api/v1/posts/pioneers"),),
        imports=("post-pioneers",),
        listed=True,
    ),
    "posts.TaskForce": Paths(
        owner="secretary",
        page=("posts:create",),
        edit=("posts:edit", "posts:end"),
        api=((POST, "/api/v1/posts/taskforces"),),
        imports=("post-taskforces",),
        listed=True,
    ),
    "posts.Pairing": Paths(
        owner="secretary",
        page=("posts:create",),
        edit=("posts:edit", "posts:end"),
        api=((POST, "/api/v1/posts/pairings"),),
        imports=("post-pairings",),
        listed=True,
    ),
    "posts.PairingCheckIn": Paths(
        owner="member",
        page=("posts:pairing",),
        edit="a progress note is added, never changed",
        api=((POST, "/api/v1/posts/pairings/{post_id}/check-ins"),),
    ),
    # appointing a taker and accepting the result are its workflow, not an edit of what was posted
    "posts.OpenChallenge": Paths(
        owner="party_office",
        page=("posts:challenge_create",),
        edit=("posts:challenge_edit", "posts:challenge_cancel"),
        api=((POST, "/api/v1/posts/challenges"),),
    ),
    "posts.ChallengeApplication": Paths(
        owner="member",
        page=("posts:challenge_apply",),
        edit=("posts:application_edit", "posts:application_withdraw"),
        api=((POST, "/api/v1/posts/challenges/{challenge_id}/applications"),),
    ),
    # --- recruitment (发展党员): a file per person, its steps, the annual plans
    "recruitment.Dossier": Paths(
        owner="secretary",
        page=("recruitment:file_open",),
        edit=("recruitment:file", "recruitment:file_stop", "recruitment:file_extend"),
        api=((POST, "/api/v1/recruitment/files"),),
        imports=("recruitment-steps",),
        listed=True,
    ),
    "recruitment.StepRecord": Paths(
        owner="secretary",
        page=("recruitment:file",),
        edit="a step done is the record of what happened; a file wrongly kept is stopped and opened again",
        api=((POST, "/api/v1/recruitment/files/{file_id}/steps"),),
        imports=("recruitment-steps",),
        listed=True,
    ),
    "recruitment.Plan": Paths(
        owner="party_office",
        page=("recruitment:plans",),
        edit=("recruitment:plans",),
        api=(("PUT", "/api/v1/recruitment/plans"),),
        imports=("recruitment-plans",),
        listed=True,
    ),
    # --- party dues (affairs)
    "dues.DuesBase": Paths(
        owner="party_office",
        page=("dues:base_set",),
        edit=("dues:base_set", "dues:recalculate"),
        api=((POST, "/api/v1/dues/bases"),),
        imports=("dues-bases",),
        listed=True,
    ),
    # the sheet page collects a whole branch's month at once (ticks), the API takes a list of employee numbers
    "dues.DuesPayment": Paths(
        owner="secretary",
        page=("dues:collect",),
        edit=("dues:cancel",),
        api=((POST, "/api/v1/dues/payments"),),
    ),
    "dues.ArrearsReason": Paths(
        owner="secretary",
        page=("dues:reason",),
        edit="a reason is a dated note about a run of unpaid months: a later one is added, none is changed",
        api=((POST, "/api/v1/dues/reasons"),),
    ),
    "dues.Reconciliation": Paths(
        owner="secretary",
        page=("dues:reconcile",),
        edit="a closed month is the record of what the branch handed up; it is not reopened",
        api=((POST, "/api/v1/dues/reconciliations"),),
    ),
    # --- transfers: approving, sending the letter and confirming are a transfer's workflow, not an edit
    "transfers.Transfer": Paths(
        owner="secretary",
        page=("transfers:create",),
        edit=("transfers:step",),
        api=((POST, "/api/v1/transfers"),),
    ),
    "transfers.FloatingMember": Paths(
        owner="secretary",
        page=("transfers:floating_create",),
        edit=("transfers:floating_edit", "transfers:floating_end"),
        api=((POST, "/api/v1/transfers/floating"),),
    ),
    # --- channels: an account's addresses are account data (the system administrator's); preferences are one's own
    "channels.ChannelAddress": Paths(
        owner="system_admin",
        page=("channels:address_edit",),
        edit=("channels:address_edit",),
        api=(("PUT", "/api/v1/channels/addresses/{account_id}"),),
        imports=("channel-addresses",),
        listed=True,
    ),
    "channels.ChannelPreference": Paths(
        owner="member",
        page=("channels:preferences",),
        edit=("channels:preferences",),
        api=(("PUT", "/api/v1/channels/preferences"),),
    ),
    # --- assessment
    "assessment.KeyTask": Paths(
        owner="party_office",
        page=("assessment:keytask_create",),
        # closing and confirming (keytask_close, _decide) are its workflow; cancel takes it off the list (or back)
        edit=("assessment:keytask_edit", "assessment:keytask_cancel"),
        api=((POST, "/api/v1/keytasks"),),
        imports=("key-tasks",),
        listed=True,
    ),
    "assessment.Template": Paths(
        owner="party_office",
        page=("assessment:template_create", "standard"),
        edit=("assessment:template", "assessment:template_copy"),
        api=((POST, "/api/v1/assessment/templates"), (POST, "/api/v1/assessment/templates/{template_id}/copy")),
        imports=("assessment-items",),
    ),
    "assessment.Category": Paths(
        owner="party_office",
        page=("assessment:category_add",),
        edit=("assessment:category_change",),
        api=((POST, "/api/v1/assessment/templates/{template_id}/categories"),),
        imports=("assessment-items",),
    ),
    "assessment.Item": Paths(
        owner="party_office",
        page=("assessment:item_add",),
        edit=("assessment:item_edit", "assessment:item_change"),
        api=((POST, "/api/v1/assessment/templates/{template_id}/items"),),
        imports=("assessment-items",),
        listed=True,
    ),
    "assessment.Period": Paths(
        owner="party_office",
        page=("assessment:period_open",),
        edit=("assessment:period_lock", "assessment:period_unlock"),
        api=((POST, "/api/v1/assessment/periods"),),
    ),
    # lines are made for every item when the period opens; the branch scores them, reviewers deduct
    "assessment.Line": Paths(
        owner="secretary",
        page=("assessment:period_open",),
        edit=("assessment:line_save", "assessment:line_deduct"),
        api=(
            (POST, "/api/v1/assessment/periods"),
            (POST, "/api/v1/assessment/sheets/{sheet_id}/lines/{code}/self-assessment"),
            (POST, "/api/v1/assessment/sheets/{sheet_id}/lines/{code}/deduction"),
        ),
    ),
    "assessment.ProductionScore": Paths(
        owner="party_office",
        page=("assessment:production",),
        edit=("assessment:production",),
        api=((POST, "/api/v1/assessment/production-scores"),),
        imports=("production-scores",),
        listed=True,
    ),
    # --- talent (党群工作部 over the company; a secretary keeps the branch's)
    "talent.CompetencyModel": Paths(
        owner="party_office",
        page=("talent:model_create",),
        edit=("talent:model_edit", "talent:model_retire"),
        api=((POST, "/api/v1/talent/models"),),
    ),
    "talent.CompetencyItem": Paths(
        owner="party_office",
        page=("talent:item_add",),
        edit=("talent:item_edit", "talent:item_remove"),
        api=((POST, "/api/v1/talent/models/{model_id}/items"),),
        imports=("talent-items",),
        listed=True,
    ),
    "talent.Rating": Paths(
        owner="party_office", page=("talent:rate",), edit=("talent:rate",), api=((POST, "/api/v1/talent/ratings"),)
    ),
    "talent.PoolMember": Paths(
        owner="party_office",
        page=("talent:pool_add",),
        edit=("talent:pool_edit", "talent:pool_leave"),
        api=((POST, "/api/v1/talent/pool"),),
        imports=("talent-pool",),
        listed=True,
    ),
    "talent.Criterion": Paths(
        owner="party_office",
        page=("talent:criteria",),
        edit=("talent:criterion_edit", "talent:criterion_retire"),
        api=((POST, "/api/v1/talent/criteria"),),
    ),
    "talent.TrainingPlan": Paths(
        owner="party_office",
        page=("talent:plan_create",),
        edit=("talent:plan_edit", "talent:plan_evaluate", "talent:plan_end"),
        api=((POST, "/api/v1/talent/plans"),),
    ),
    "talent.Drill": Paths(
        owner="party_office",
        page=("talent:drill_create",),
        edit=("talent:drill_edit", "talent:drill_delete"),
        api=((POST, "/api/v1/drills"),),
    ),
    "talent.DrillAttendance": Paths(
        owner="party_office",
        page=("talent:drill_attendance",),
        edit=("talent:drill_attendance",),
        api=(("PUT", "/api/v1/drills/{drill_id}/attendance"),),
        imports=("talent-attendance",),
        listed=True,
    ),
    "talent.ContestResult": Paths(
        owner="party_office",
        page=("talent:contest_create",),
        edit=("talent:contest_edit", "talent:contest_delete"),
        api=((POST, "/api/v1/talent/contests"),),
    ),
    # --- handbook (党群工作部 keeps the procedures; a secretary the branch's duty lists)
    "handbook.Procedure": Paths(
        owner="party_office",
        page=("handbook:procedure_create", "handbook:standard_load"),
        edit=("handbook:procedure_publish", "handbook:procedure_retire"),
        api=((POST, "/api/v1/procedures"),),
    ),
    "handbook.ProcedureVersion": Paths(
        owner="party_office",
        page=("handbook:procedure_publish",),
        edit="a published version never changes: the next one is published beside it",
        api=((POST, "/api/v1/procedures/{procedure_id}/versions"),),
    ),
    "handbook.DutyList": Paths(
        owner="secretary",
        page=("handbook:duty_list_create",),
        edit=("handbook:duty_list_edit", "handbook:duty_list_retire"),
        api=((POST, "/api/v1/duties"),),
    ),
    "handbook.DutyItem": Paths(
        owner="secretary",
        page=("handbook:duty_item_add",),
        edit=("handbook:duty_item_edit", "handbook:duty_item_done", "handbook:duty_item_delete"),
        api=((POST, "/api/v1/duties/{list_id}/items"),),
        imports=("duty-items",),
        listed=True,
    ),
    # --- publicity (党群工作部 keeps the columns and runs the forums; an org drafts its articles)
    "publicity.Column": Paths(
        owner="party_office",
        page=("publicity:column_create",),
        edit=("publicity:column_edit", "publicity:column_retire"),
        api=((POST, "/api/v1/articles/columns"),),
        imports=("news-columns",),
        listed=True,
    ),
    "publicity.Article": Paths(
        owner="party_office",
        page=("publicity:article_create",),
        edit=("publicity:article_edit", "publicity:article_move"),
        api=((POST, "/api/v1/articles"),),
    ),
    "publicity.ForumSession": Paths(
        owner="party_office",
        page=("publicity:forum_create",),
        edit=("publicity:forum_edit", "publicity:forum_move"),
        api=((POST, "/api/v1/forums"),),
    ),
    "publicity.Presentation": Paths(
        owner="party_office",
        page=("publicity:presentation_create",),
        edit=("publicity:presentation_edit", "publicity:presentation_remove"),
        api=((POST, "/api/v1/forums/{session_id}/presentations"),),
        imports=("forum-presenters",),
        listed=True,
    ),
    # --- archive (党群工作部 keeps the categories and files what comes from outside)
    "archive.Category": Paths(
        owner="party_office",
        page=("archive:categories", "archive:categories_defaults"),
        edit=("archive:category_edit", "archive:category_retire"),
        api=((POST, "/api/v1/archive/categories"),),
    ),
    "archive.Item": Paths(
        owner="party_office",
        page=("archive:add", "archive:file"),
        edit=("archive:item", "archive:item_retire"),
        api=((POST, "/api/v1/archive/items"),),
        imports=("archive-paper",),
        listed=True,
    ),
    # --- indices and cockpit (党群工作部)
    "indices.WeightVersion": Paths(
        owner="party_office",
        page=("indices:weights_set",),
        edit=("indices:weights_retire",),
        api=((POST, "/api/v1/indices/weights"),),
    ),
    "cockpit.Threshold": Paths(
        owner="party_office",
        page=("cockpit:thresholds",),
        edit=("cockpit:thresholds", "cockpit:thresholds_defaults"),
        api=(("PUT", "/api/v1/cockpit/thresholds"),),
    ),
}

REASONS: dict[str, History | Derived | System | Child] = {
    "core.AuditLog": History("one row per change, written by every service in its transaction"),
    "core.Notification": System("reminders and notices the capabilities send; read on the notification list"),
    "channels.Delivery": System(
        "one row per notification and external channel, written by the delivery task", route="channels:deliveries"
    ),
    "org.StatusChange": History("a person's party-status history, one row per step", route="org:person_status"),
    "org.OrgUnitLink": Child("org.PartyOrg", "the units an org covers: the org form, `units` in the API, the import"),
    "projects.ProjectTransition": History("one lifecycle move of a project", route="projects:transition"),
    "reviews.GoalActual": Child("reviews.ProjectReview", "the actual of each goal: on the review page and in its API"),
    "acceptance.Criterion": Child(
        "acceptance.Panel", "the panel's criteria: set on its settings page and by PUT /panels/{panel_id}/criteria"
    ),
    "acceptance.ProjectResult": Derived(
        "computed from the scores and goal attainment when the panel submits; awards set on the results page",
        route="acceptance:awards",
    ),
    "costs.Measure": Child(
        "costs.ProgrammeItem",
        "an item's measures: written with the item (its page, API and import), and one by one through the API",
    ),
    "value.GroupItem": Child("value.PeerGroup", "a group's items: on the set-up page and in POST /value/groups"),
    "value.DailyLine": Child("value.DailyRecord", "a record's lines: on the entry page, in the API and the import"),
    "value.DayLock": System(
        "a day's ranking closed by the nightly task (value/tasks.py), or early by the office", route="value:lock"
    ),
    "meetings.Attendance": Child("meetings.Meeting", "the roster: on the meeting form and in the meeting API"),
    "meetings.FollowUp": Child("meetings.Meeting", "the actions decided: on the meeting form and in its API"),
    "service.ServiceTransition": History("one step of a concern", route="service:transition"),
    "points.AutoLink": Derived("the key of an automatic entry: written with it from the record it stands for"),
    "points.MemberStar": Derived("computed from the year's points and the appraisal input", route="points:stars"),
    "points.BranchCriterion": Child("points.BranchTemplate", "the criteria of the branch-star template"),
    "assessment.Sheet": System(
        "one per branch, opened by the system when the office opens a month; moved through its workflow",
        route="assessment:period_open",
    ),
    "handbook.ProcedureItem": Child("handbook.ProcedureVersion", "a version's checklist: written with the version"),
    "handbook.ProcedureUse": System(
        "the checklist a meeting or an election follows, ticked on the meeting's page", route="handbook:meeting_tick"
    ),
    "publicity.ForumVote": History("a member's vote in an open forum, cast once", route="publicity:forum_vote"),
    "indices.IndexValue": Derived(
        "computed each month from the capabilities' data (or on demand by the office)", route="indices:recompute"
    ),
}

MISSING: dict[str, str] = {}
