"""The default categories of party records (seed 004: every branch's records boxed by category in boxes of one
style and colour, with uniform side labels), loadable in one click on an empty install; the demo uses the same
function (services.categories_load_defaults). Codes are what the producing apps' sources file under."""

from __future__ import annotations

from dangjian.archive.models import Retention

# (code, name, retention, what it holds)
DEFAULTS = [
    ("ORG", "组织建设", Retention.PERMANENT, "支部设置、换届选举、委员分工"),
    ("LIFE", "组织生活", Retention.LONG, "三会一课、主题党日、组织生活会记录"),
    ("RECRUIT", "发展党员", Retention.PERMANENT, "入党申请至转正的全部材料"),
    ("TRANSFER", "组织关系", Retention.Y30, "组织关系介绍信、回执"),
    ("DUES", "党费收缴", Retention.Y30, "党费收缴、上缴台账"),
    ("PROJECT", "党建+X项目", Retention.LONG, "项目书、验收证书、汇编"),
    ("ASSESS", "考核评比", Retention.Y30, "考核表、评比结果"),
    ("PUBLICITY", "宣传思想", Retention.Y10, "宣传稿件、学习资料"),
    ("OTHER", "其他", Retention.Y10, "其他党建资料"),
]
