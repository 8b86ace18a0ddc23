"""Background sentences built from parts (opener + claim + tail), so that two articles
rarely share a whole sentence outside their own story, as in real coverage.

Slots {x1} {x2} {x3} are fresh numbers per article; the rest come from the story.
"""

from __future__ import annotations

from collections.abc import Mapping

OPENERS = (
    "据了解，", "记者注意到，", "另据介绍，", "与此同时，", "值得一提的是，", "此外，",
    "据{street}工作人员介绍，", "记者从{district}了解到，", "据相关负责人介绍，", "记者查阅资料发现，",
    "从目前情况看，", "据不完全统计，", "另外，", "同时，", "据悉，", "",
)  # fmt: skip
# Forum posts pass on what they heard rather than report it.
POST_OPENERS = ("听说", "据说", "社区群里说", "问了一下，", "", "好像", "看通知说", "有邻居说")
CLAIMS = (
    "{district}已将{noun}纳入今年的重点工作清单",
    "相关部门今年以来累计出动工作人员{x3}人次",
    "{street}组织网格员对辖区{x2}个小区进行了走访",
    "{unit}建立了问题台账，实行销号管理",
    "{city}今年在{noun}方面安排专项资金{x3}万元",
    "类似问题在{district}其他片区也有出现",
    "{unit}每月对各区县工作进展进行通报",
    "{street}设立了意见征集点，收集居民意见{x2}条",
    "上半年全市12345热线受理相关诉求{x3}件，按时办结率{pct}%",
    "{district}召开了专题协调会，研究解决办法",
    "周边{x1}个社区的居民代表参加了座谈",
    "{obj}周边常住居民约{x3}户",
    "相关工作已纳入{district}年度绩效考核",
    "{unit}会同{district}有关部门进行了实地调研",
    "今年前{x1}个月，{city}共办理{noun}相关事项{x3}件",
    "社区在公告栏和业主群同步公布了有关情况",
    "有人大代表在今年的代表大会上就{noun}提出了建议",
    "{unit}设立了专门的咨询电话，工作日均有专人接听",
    "{street}与辖区单位签订了共建协议",
    "第三方机构开展的满意度调查显示，群众满意率为{pct}%",
    "{district}将对{noun}情况开展回头看",
    "相关情况已报送{unit}备案",
    "{city}正在研究制定{noun}长效管理机制",
    "{district}今年共排查相关隐患{x2}处",
    "{street}已连续{x1}年开展类似的专项行动",
    "{unit}将适时邀请媒体和群众代表参与监督",
    "{obj}附近的{road}是片区主要通道，早晚人流量较大",
    "当地志愿者也参与到相关工作中，累计服务{x3}小时",
    "{district}此前曾就相关问题发布过通告",
    "{city}各区县的做法不尽相同，效果也有差异",
)  # fmt: skip
TAILS = (
    "。", "。", "。", "，下一步还将持续跟进。", "，具体进展将及时向社会公布。", "，并接受群众监督。",
    "，相关情况正在进一步核实。", "，有关工作仍在推进中。", "，后续将视情况作出调整。",
)  # fmt: skip

# Whole sentences that carry the tone of an article without naming its topic.
TONE_EXTRAS: Mapping[str, tuple[str, ...]] = {
    "neg": (
        "不少居民在业主群里转发了现场视频，讨论持续升温。",
        "有网友在评论区留言称，类似情况自己也遇到过。",
        "记者在现场停留的{x1}0分钟里，不断有居民前来诉说情况。",
        "居民们说，最担心的是问题一拖再拖，最后不了了之。",
        "有居民拿出手机，给记者看之前反映问题的通话记录。",
        "一些居民表示，已经联名写信反映情况。",
        "相关话题在本地网络平台的阅读量已超过{x3}万次。",
        "也有居民担心，天气转变后情况会更糟。",
    ),
    "pos": (
        "不少市民在朋友圈晒出照片，点赞声一片。",
        "附近居民自发送来了感谢信。",
        "相关视频在本地网络平台获得大量点赞。",
        "居民们说，这件事办到了大家的心坎上。",
        "不少外区市民也专程赶来体验。",
        "有网友留言称，希望这样的做法能够推广到更多地方。",
    ),
    "neu": (
        "有关事项的详细说明可在官方网站查询。",
        "相关安排自发布之日起施行。",
        "具体名单和时间安排将另行通知。",
        "对于市民关心的具体问题，有关部门将在后续发布会上逐一解答。",
        "此次调整涉及的范围和时间已在公告中列明。",
    ),
}
