"""The standard procedures an empty install loads with one click (and the demo through the same service): the
三会一课 指导书 of seed 002 (会前准备，会中学习、汇报、讨论、总结、定人定责，会后落实) for each meeting type, the 党课,
the 组织生活会, the 换届 (terms: 3 years for a branch, 5 for a committee — 支部工作条例) and 发展党员 (5 stages, 25
steps, 发展党员工作细则 2014). Steps are (phase, text, who, check, days from the term end). Chinese: they are the
company's own text, edited by the office in its words."""

from __future__ import annotations

from dangjian.handbook.models import ProcedureKind

K = ProcedureKind

_MEETING_CORE = [
    ("before", "确定会议主题，报上级党组织备案", "书记", "agenda", None),
    ("before", "提前通知参会人员，准备学习材料", "组织委员", "recorded_prepared", None),
    ("during", "签到，统计应到、实到、请假人数", "组织委员", "attendance", None),
    ("during", "集体学习", "书记", "recorded_studied", None),
    ("during", "汇报工作", "支委", "", None),
    ("during", "交流研讨，研讨结合工作", "全体党员", "recorded_discussed", None),
    ("during", "总结，定人定责", "书记", "actions", None),
    ("after", "整理会议记录", "记录人", "minutes", None),
    ("after", "落实会议决定，按期销号", "责任人", "actions_done", None),
]

STANDARD: list[tuple[str, str, list[tuple[str, str, str, str, int | None]]]] = [
    (
        K.GENERAL_ASSEMBLY,
        "支部党员大会标准化指导书",
        [
            ("before", "支委会研究确定议题，提前3天通知全体党员", "书记", "agenda", None),
            ("before", "准备会议材料和表决事项", "组织委员", "recorded_prepared", None),
            ("during", "签到，报告应到、实到人数", "组织委员", "attendance", None),
            ("during", "表决事项须有表决权的党员过半数到会", "书记", "quorum", None),
            ("during", "集体学习", "书记", "recorded_studied", None),
            ("during", "支委会报告工作，党员审议", "支委", "", None),
            ("during", "讨论议题，逐项表决", "全体党员", "recorded_discussed", None),
            ("during", "总结，定人定责", "书记", "actions", None),
            ("after", "整理会议记录，签到表存档", "记录人", "minutes", None),
            ("after", "落实会议决定，按期销号", "责任人", "actions_done", None),
        ],
    ),
    (K.COMMITTEE, "支委会标准化指导书", _MEETING_CORE),
    (
        K.GROUP,
        "党小组会标准化指导书",
        [
            ("before", "商定学习内容，通知横大班党员", "党小组长", "agenda", None),
            ("during", "签到", "党小组长", "attendance", None),
            ("during", "学习、汇报当班工作与党员责任区情况", "党员", "recorded_studied", None),
            ("during", "研讨生产难题，定人定责", "党小组长", "actions", None),
            ("after", "记录报支部", "党小组长", "minutes", None),
        ],
    ),
    (
        K.THEMED_DAY,
        "主题党日标准化指导书",
        [
            ("before", "确定主题，结合生产难题制定方案", "书记", "agenda", None),
            ("during", "签到", "组织委员", "attendance", None),
            ("during", "开展主题活动", "全体党员", "", None),
            ("after", "记录活动情况", "宣传委员", "minutes", None),
        ],
    ),
    (
        K.LECTURE,
        "党课标准化指导书",
        [
            ("before", "确定授课人和题目（书记每年至少讲一次）", "书记", "lecturer", None),
            ("before", "备课，课件报上级党组织审核", "授课人", "recorded_prepared", None),
            ("during", "签到", "组织委员", "attendance", None),
            ("during", "授课，交流研讨", "授课人", "recorded_discussed", None),
            ("after", "课件、签到表存档", "组织委员", "attachment", None),
            ("after", "整理记录", "记录人", "minutes", None),
        ],
    ),
    (
        K.REVIEW,
        "组织生活会标准化指导书",
        [
            ("before", "制定方案报上级党组织", "书记", "agenda", None),
            ("before", "开展谈心谈话，征求意见", "支委", "", None),
            ("before", "撰写对照检查材料", "全体党员", "recorded_prepared", None),
            ("during", "签到", "组织委员", "attendance", None),
            ("during", "书记代表支委会检视问题，党员逐一发言，开展批评和自我批评", "书记", "recorded_discussed", None),
            ("during", "制定整改措施，定人定责", "书记", "actions", None),
            ("after", "会议情况报上级党组织", "书记", "minutes", None),
            ("after", "整改落实，按期销号", "责任人", "actions_done", None),
        ],
    ),
    (
        K.ELECTION,
        "党支部换届选举工作流程",
        [
            ("before", "向上级党组织提出换届请示", "书记", "", -90),
            ("before", "上级党组织批复同意", "组织委员", "", -60),
            ("before", "推荐、酝酿支部委员候选人预备人选", "支委会", "", -45),
            ("before", "候选人预备人选报上级党组织审查", "书记", "", -30),
            ("during", "召开党员大会，差额选举支部委员会", "书记", "election_assembly", 0),
            ("after", "支委会选举书记、副书记，报上级党组织审批", "新任书记", "", 15),
            ("after", "登记新一届任期", "党群工作部", "term_renewed", 30),
        ],
    ),
    (
        K.RECRUITMENT,
        "发展党员工作流程",
        [
            ("before", "入党申请人年满18岁，一个月内派人谈话", "书记", "", None),
            ("before", "确定入党积极分子，每半年考察一次", "支委会", "", None),
            ("during", "培养教育满一年，确定发展对象，两名正式党员作入党介绍人", "支委会", "", None),
            ("during", "集中培训不少于3天（24学时），政治审查", "组织委员", "", None),
            ("during", "支部党员大会讨论接收预备党员", "书记", "", None),
            ("after", "上级党委3个月内审批", "党群工作部", "", None),
            ("after", "预备期一年，期满讨论转正", "支委会", "", None),
        ],
    ),
]
