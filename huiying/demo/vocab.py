"""Word pools for the synthetic 青川市: places, outlets, site boilerplate and the generic
sentences shared by all topics. Every name here is invented. Sentences are str.format
templates over the slots a story fills in (see corpus._story_slots).

No personal names anywhere: people appear as 居民, 家长, 一位老人, or by position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Register = Literal["news", "post"]
Tones = Mapping[str, tuple[str, ...]]  # by tone: pos / neg / neu

CITY = "青川市"
DISTRICTS = ("鼓楼区", "江滨区", "城北区", "青山区", "高新区", "云溪县", "白沙县")
STREETS = (
    "东门街道", "西湖街道", "南塘街道", "北站街道", "滨江街道", "文昌街道", "桂园街道",
    "青石街道", "金沙街道", "望江街道", "龙泉镇", "白鹭镇", "柳营街道", "新桥街道",
)  # fmt: skip
# 堃, 喆 and 镕 lie outside GB2312: the GB18030 feed must carry them intact.
COMMUNITIES = (
    "桂花苑小区", "翠竹园小区", "纺织厂宿舍", "电力新村", "堃园小区", "喆园小区", "阳光花园",
    "锦绣家园", "滨江一品", "建设新村", "粮食局宿舍", "幸福里小区", "金色港湾", "梧桐苑",
    "南湖春晓", "机床厂家属院", "文昌雅苑", "青石佳苑", "丽景花园", "和平新村",
)  # fmt: skip
SHEQU = (
    "东门社区", "桂园社区", "青石社区", "望江社区", "文昌社区", "滨江社区", "柳营社区",
    "新桥社区", "南塘社区", "金沙社区",
)  # fmt: skip
ROADS = (
    "滨江路", "人民路", "解放路", "文昌路", "建设大道", "青年路", "镕金路", "五一路",
    "环城北路", "新华街", "工业大道", "学府路", "桂园路", "青川大道", "沿河西路", "火车站路",
)  # fmt: skip
SCHOOL_NAMES = (
    "实验小学", "第二实验小学", "中心小学", "第三中学", "第五中学", "外国语学校", "育才小学",
    "第一初级中学", "青川路小学", "实验幼儿园",
)  # fmt: skip
HOSPITALS = (
    "青川市第一人民医院", "青川市中心医院", "青川市中医院", "青川市妇幼保健院",
    "青川市第二人民医院", "青川市儿童医院",
)  # fmt: skip
FACILITIES = (
    "城市书房", "口袋公园", "社区食堂", "全民健身中心", "滨江绿道", "图书馆分馆",
    "社区养老服务中心", "婴幼儿托育中心", "智慧停车场", "公共卫生间",
)  # fmt: skip
PROJECTS = (
    "老旧小区改造", "雨污分流改造", "背街小巷整治", "农贸市场升级", "便民菜市场建设",
    "小区停车位扩容", "社区嵌入式养老", "城市绿道贯通",
)  # fmt: skip
BUSINESSES = ("健身会所", "教育培训机构", "美容美发店", "游泳馆", "洗车店", "儿童乐园")
HONOURS = (
    "全国文明城市创建先进集体", "省级优秀志愿服务组织", "全省政务服务窗口标兵",
    "全市“最美抗洪志愿者”", "省级平安校园", "全省青年文明号",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    domain: str  # reserved .example names: never a real site
    register: Register
    script: Literal["hans", "hant"]
    templated: bool  # wraps its own articles in site boilerplate


OUTLETS = (
    Outlet("青川日报", "www.qcdaily.example", "news", "hans", False),
    Outlet("青川晚报", "www.qcwb.example", "news", "hans", False),
    Outlet("青川新闻网", "news.qingchuan.example", "news", "hans", True),
    Outlet("青川广播电视台", "www.qctv.example", "news", "hans", False),
    Outlet("青川市人民政府网", "www.gov.qingchuan.example", "news", "hans", True),
    Outlet("江滨发布", "jb.qingchuan.example", "news", "hans", True),
    Outlet("鼓楼区融媒体中心", "gl.qingchuan.example", "news", "hans", True),
    Outlet("青川论坛", "bbs.qingchuan.example", "post", "hans", False),
    Outlet("青川生活圈", "life.qingchuan.example", "post", "hans", False),
    Outlet("青川鄉訊網", "www.qcxiangxun.example", "news", "hant", True),
    Outlet("青川同鄉論壇", "forum.qcxiangxun.example", "post", "hant", False),
)

# (header, footer) of site templates. Slots: outlet, ts, editor, views.
BOILERPLATES = (
    ("来源：{outlet}　　发布时间：{ts}　　【字体：大 中 小】", "责任编辑：{editor}\n【打印本页】【关闭窗口】"),
    ("{outlet} > 新闻中心 > 本地要闻", "（来源：{outlet}）\n分享到：微信 微博 QQ空间"),
    ("首页 | 要闻 | 民生 | 政务公开\n发布时间：{ts}　浏览次数：{views}", "免责声明：本网转载内容仅供参考，不代表本网观点。\n【打印】【关闭】"),
    ("{ts}　来源：{outlet}", "版权所有：{outlet}　未经授权不得转载\n扫一扫在手机打开当前页"),
    ("【{outlet}讯】", "（本报全媒体记者）\n责编：{editor}　审核：{editor}"),
    ("当前位置：首页 > 民生关注 > 正文\n{ts}　{outlet}", "【我要纠错】【打印】【关闭】\n相关链接：{outlet} 政务服务网 12345热线"),
)  # fmt: skip
# Forum pages: a repost onto a forum gets these instead of a news site's.
POST_BOILERPLATES = (
    ("楼主：{outlet}网友　发表于 {ts}", "回复　收藏　分享\n本帖最后编辑于 {ts}"),
    ("{outlet} › 本地热议 › 正文\n发表于 {ts}　查看：{views}", "—— 来自{outlet}手机版"),
    ("【转帖】发表于 {ts}", "以上内容转自网络，版权归原作者所有。\n回复　点赞（{views}）"),
)
EDITORS = ("编辑部", "网络部", "新媒体部", "QC01", "QC07", "QC12", "融媒中心", "值班编辑")

REPOST_INTROS = (
    "编者按：近期，不少市民关注{noun}相关问题，现将有关报道转载如下。",
    "【导读】{title}",
    "转自“{source}”微信公众号，内容有删节。",
    "网友热议：这件事你怎么看？欢迎在评论区留言。",
    "本文转载自{source}，仅供参考，如有侵权请联系删除。",
    "关注青川身边事，点击上方蓝字关注我们。",
    "【民生关注】{district}这件事，牵动不少人的心。",
)
REPOST_TITLE_FORMS = ("{t}", "{t}", "{t}", "转发：{t}", "【关注】{t}", "{t}｜{source}", "刚刚，{t}")

# Leads open a news article; {noun} is the topic, {obj} the concrete place or thing.
LEADS: Tones = {
    "neg": (
        "近日，{place}的{noun}问题引起不少市民关注。",
        "“这个问题拖了太久了。”{date}，{district}{street}的居民向本报反映{obj}的情况。",
        "记者近日接到多位市民来电，反映{place}存在的问题。",
        "{date}，有网友在本地论坛发帖，称{obj}的情况已持续多日，引发大量跟帖。",
        "连日来，{street}{obj}附近的居民和商户对一件事意见很大。",
    ),
    "pos": (
        "记者{date}从{unit}获悉，{district}{noun}工作取得新进展。",
        "{date}，{place}迎来了一件让居民高兴的事。",
        "好消息！{district}{noun}又有新动作。",
        "近日，{unit}传来喜讯，{obj}相关工作获得各方肯定。",
        "走进{district}{street}，{obj}的变化让人眼前一亮。",
    ),
    "neu": (
        "{date}，{unit}发布通知，就{noun}有关事项作出说明。",
        "记者从{unit}了解到，{city}{noun}相关安排已经明确。",
        "为做好{noun}相关工作，{unit}近日印发工作方案。",
        "{date}，{city}召开新闻发布会，{unit}相关负责人介绍了{noun}有关情况。",
        "市民关心的{noun}问题有了新安排，{unit}{date}对外公布具体办法。",
    ),
}
POST_OPENERS: Tones = {
    "neg": (
        "家住{place}附近，实在忍不住上来说两句。",
        "求助帖：{obj}这个问题到底有没有人管？",
        "有没有{street}的邻居，最近是不是也遇到这事了？",
        "吐槽一下{obj}，已经好几天了。",
    ),
    "pos": (
        "给{unit}点个赞！",
        "今天路过{obj}，忍不住拍了几张照片分享给大家。",
        "说件暖心的事，{place}。",
        "终于等到了！{obj}的事有结果了。",
    ),
    "neu": (
        "转发一下，{noun}的新规定，有需要的朋友看看。",
        "请问各位，{noun}的事情该找哪个部门？",
        "整理了一下{noun}的办理流程，供大家参考。",
        "刚看到{unit}的通知，跟大家说一声。",
    ),
}
POST_CLOSERS: Tones = {
    "neg": (
        "希望有关部门能管一管！",
        "已经打了12345热线，看看多久能有回复。",
        "大家帮忙顶一下，让更多人看到。",
        "不知道还要等多久，真的很无奈。",
    ),
    "pos": ("点赞！", "这样的好事希望多一些。", "住在这里越来越有幸福感了。", "感谢所有参与的工作人员！"),
    "neu": ("有知道的朋友麻烦回复一下，谢谢。", "以上信息仅供参考，以官方通知为准。", "大家互相转告一下。"),
}  # fmt: skip
POST_TITLES: Tones = {
    "neg": ("{obj}的{noun}问题，有人管吗？", "吐槽：{place}", "求助！{obj}的事拖了好久", "{street}的邻居们，{obj}这事咋办"),
    "pos": ("给{obj}点赞", "{place}，这次真不错", "实拍{obj}，变化太大了"),
    "neu": ("{noun}怎么办理？整理了一份流程", "请教：{noun}找哪个部门", "{unit}最新通知（{noun}）"),
}  # fmt: skip

RESPONSES: Tones = {
    "neg": (
        "对此，{unit}回应称，已关注到相关情况，正在组织核查。",
        "{unit}工作人员表示，将督促责任单位在{days}个工作日内拿出整改方案。",
        "{street}方面表示，已将居民诉求登记在册，并向上级部门反映。",
        "截至记者发稿时，相关部门尚未给出明确答复。",
    ),
    "pos": (
        "{unit}相关负责人表示，下一步将总结经验，在全市推广。",
        "{district}有关负责人说，这些变化离不开居民的理解和支持。",
    ),
    "neu": (
        "{unit}表示，具体实施细则将另行公布。",
        "如有疑问，可拨打12345热线咨询，或到{district}政务服务中心现场咨询。",
    ),
}
CLOSINGS: Tones = {
    "neg": (
        "本报将继续关注事态进展。",
        "居民们希望，问题能早日得到解决。",
        "对于后续处理情况，本报将持续跟进。",
        "这件事何时能有结果，居民们还在等。",
    ),
    "pos": (
        "居民们纷纷表示，实实在在的变化看得见、摸得着。",
        "一件件民生实事，正在让城市变得更有温度。",
        "{unit}表示，将继续把好事办好、实事办实。",
    ),
    "neu": (
        "{unit}提醒广大市民，以官方发布的信息为准。",
        "相关通知全文可在{unit}官网查阅。",
        "更多信息可关注{unit}官方微信公众号。",
    ),
}

# Replacement characters for light edits of reposts.
EDIT_CHARS = "的了在是和也都就并及其将已对与该等"
