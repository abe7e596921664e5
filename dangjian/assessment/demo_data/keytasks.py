"""The demo's key-task list (重点工作任务清单): seed 004's 汉钢轧钢厂 has 4 branches and 95 annual key tasks closed out
one by one (销号) and ranked monthly. 旗能电铝 has no rolling mill; its potline system — the four 电解车间 branches
under 铝业分公司党委 (QNDL-DJ1…DJ4), one workshop and one branch each — is the demo's 4-branch plant: the same
24 tasks for each workshop (23 for 电解四车间), 95 in all, due across the year, several on the last day of a month.

(category, title with {ws} for the workshop, month due, day due — 31 means the month's last day, deliverable)."""

TASKS = [
    ("party", "{ws}党支部修订完善支部工作制度10项", 1, 31, "制度汇编"),
    ("party", "{ws}党支部按“十有六上墻”标准完善阵地建设", 2, 28, "阵地验收记录"),
    ("safety", "{ws}开展春季安全大检查并整改闭环", 3, 31, "隐患整改台账"),
    ("cost", "{ws}电流效率较上年提升0.2个百分点", 3, 31, "月度指标报表"),
    ("party", "{ws}党员积分制（星级党员）一季度积分公示", 4, 10, "积分公示表"),
    ("workforce", "{ws}开展天车工、多功能机组操作技能比武", 4, 30, "比武成绩表"),
    ("equipment", "{ws}完成电解槽大修计划节点", 5, 31, "大修验收单"),
    ("cost", "{ws}吨铝直流电耗降低50千瓦时", 6, 30, "能耗分析报告"),
    ("party", "{ws}党支部“七一”表彰推荐和主题党日", 6, 30, "推荐材料"),
    ("safety", "{ws}夏季防暑降温和防汛专项检查", 7, 15, "检查记录"),
    ("quality", "{ws}原铝99.70%以上品级率达到98%", 7, 31, "质量月报"),
    ("workforce", "{ws}党员攻坚小组完成阳极效应系数攻关", 8, 31, "攻关总结"),
    ("party", "{ws}党建+X项目半年评估和汇报", 8, 31, "评估报告"),
    ("cost", "{ws}备件材料费较预算降低10%", 9, 30, "费用台账"),
    ("equipment", "{ws}槽控机程序优化上线", 9, 30, "上线确认单"),
    ("party", "{ws}党员责任区、先锋岗挂牌和承诺践诺", 10, 15, "承诺书"),
    ("safety", "{ws}冬季“四防”专项检查", 10, 31, "检查记录"),
    ("workforce", "{ws}导师带徒结对考核", 11, 15, "考核表"),
    ("cost", "{ws}降本增效56项专项指标年度兑现测算", 11, 30, "测算表"),
    ("quality", "{ws}铝液铁含量控制在0.12%以下", 11, 30, "化验统计"),
    ("party", "{ws}组织生活会和民主评议党员", 12, 20, "会议记录"),
    ("party", "{ws}党建资料按类别装盒归档", 12, 25, "档案目录"),
    ("production", "{ws}全年原铝产量计划完成", 12, 31, "年度产量报表"),
    ("party", "{ws}党支部年度工作总结和述职", 12, 31, "述职报告"),
]
WORKSHOPS = [
    ("QNDL-DJ1", "电解一车间"),
    ("QNDL-DJ2", "电解二车间"),
    ("QNDL-DJ3", "电解三车间"),
    ("QNDL-DJ4", "电解四车间"),
]
