"""The statistics tables as the pages show them: row and column keys with their display labels, in
source order, and the headline figures.

Kept apart from the string catalogue (generator/render/strings/): these labels are the report
forms' own wording, part of the domain description, not user-interface text.
"""

from __future__ import annotations

HEADLINE_KEYS = (
    "proactive_items",
    "requests_received",
    "requests_granted",
    "requests_partially_granted",
    "requests_completed",
    "reviews",
    "lawsuits",
)
HEADLINE_LABELS = {
    "proactive_items": "主动公开信息数",
    "requests_received": "收到申请数",
    "requests_granted": "予以公开",
    "requests_partially_granted": "部分公开",
    "requests_completed": "办理完结（总计）",
    "reviews": "行政复议",
    "lawsuits": "行政诉讼",
}

# Section 三: the seven columns, and the rows in source order with their labels.
REQUEST_COLUMNS = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
# (key or None for a label-only group row, label, indent level)
REQUEST_ROWS = (
    ("new_received", "一、本年新收政府信息公开申请数量", 0),
    ("carried_over", "二、上年结转政府信息公开申请数量", 0),
    (None, "三、本年度办理结果", 0),
    ("granted", "（一）予以公开", 1),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    (None, "（三）不予公开", 1),
    ("denied_state_secret", "1.属于国家秘密", 2),
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", 2),
    ("denied_security_stability", "3.危及“三安全一稳定”", 2),
    ("denied_third_party_rights", "4.保护第三方合法权益", 2),
    ("denied_internal_affairs", "5.属于三类内部事务信息", 2),
    ("denied_process_information", "6.属于四类过程性信息", 2),
    ("denied_enforcement_files", "7.属于行政执法案卷", 2),
    ("denied_administrative_query", "8.属于行政查询事项", 2),
    (None, "（四）无法提供", 1),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", 2),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", 2),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", 2),
    (None, "（五）不予处理", 1),
    ("not_processed_complaint", "1.信访举报投诉类申请", 2),
    ("not_processed_repeated", "2.重复申请", 2),
    ("not_processed_publication", "3.要求提供公开出版物", 2),
    ("not_processed_excessive", "4.无正当理由大量反复申请", 2),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", 2),
    (None, "（六）其他处理", 1),
    ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_other", "3.其他", 2),
    ("other", "（六）其他处理", 1),
    ("total", "（七）总计", 1),
    ("carried_forward", "四、结转下年度继续办理", 0),
)

REVIEW_COLUMNS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
REVIEW_ROWS = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼：未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼：复议后起诉"),
)

# Section 二, per era: a list of sub-tables (caption, columns, rows).
PROACTIVE_TABLES = {
    "2021": (
        ("第二十条第（一）项", (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
         (("regulations", "规章"), ("normative_documents", "行政规范性文件"))),
        ("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
        ("第二十条第（六）项", (("decisions", "本年处理决定数量"),),
         (("punishment", "行政处罚"), ("coercion", "行政强制"))),
        ("第二十条第（八）项", (("amount_10k_yuan", "本年收费金额（单位：万元）"),),
         (("fees", "行政事业性收费"),)),
    ),
    "2019": (
        ("第二十条第（一）项", (("made", "本年新制作数量"), ("published", "本年新公开数量"),
                              ("total_published", "对外公开总数量")),
         (("regulations", "规章"), ("normative_documents", "规范性文件"))),
        ("第二十条第（五）项", (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
         (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
        ("第二十条第（六）项", (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
         (("punishment", "行政处罚"), ("coercion", "行政强制"))),
        ("第二十条第（八）项", (("previous", "上一年项目数量"), ("change", "本年增/减")),
         (("fees", "行政事业性收费"),)),
        ("第二十条第（九）项", (("projects", "采购项目数量"), ("amount", "采购总金额")),
         (("procurement", "政府集中采购"),)),
    ),
}

