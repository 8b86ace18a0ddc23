"""Synthetic Chinese news for near-duplicate tests: invented places, people and figures.

STORIES are bodies (paragraphs separated by blank lines). Site chrome is added by
`on_site`, and `variants` makes the kinds of republication the index must recognise.
"""

from __future__ import annotations

import random

import zhconv_rs

ELEVATOR = """清河市住房和城乡建设局近日印发《既有住宅加装电梯工作实施方案》，明确今年全市计划完成老旧小区加装电梯320部，比去年增加近一倍。方案提出，加装电梯须经本单元三分之二以上业主同意，对于低层住户的采光、噪音等顾虑，由社区牵头组织协商，必要时引入第三方评估。

在资金方面，市财政对每部电梯给予不超过15万元的补贴，各区可在此基础上追加补助，居民还可按规定提取住房公积金用于加装费用。已经完成加装的东湖街道春晖小区，居民普遍反映上下楼方便了许多，家住六楼的78岁居民周大爷说，以前一个月下不了几次楼，现在每天都能到楼下公园走一走。

市住建局相关负责人表示，今年将全面推行“一窗受理、并联审批”，审批时限由原来的45个工作日压缩至15个工作日，并建立电梯安装后的维保责任清单，明确产权人、物业和维保单位的职责，确保电梯用得上、用得好、用得安全。"""

CANTEEN = """为保障春季学期师生饮食安全，南屿县市场监督管理局会同县教育局，于3月4日至8日对全县47所中小学及幼儿园食堂开展了专项检查。检查组重点查看了食品原料进货查验记录、从业人员健康证明、餐具清洗消毒和留样制度落实情况，并对部分食品进行了快速检测。

检查发现，绝大多数学校食堂管理规范，“明厨亮灶”覆盖率达到百分之百，但也有6所学校存在留样记录不完整、个别冷藏设备温度不达标等问题。检查组当场下达整改通知书，要求相关学校在一周内完成整改，并将复查结果纳入年度考核。

县市场监管局食品安全科科长林小燕介绍，下一步将推行校长陪餐制度和家长委员会参与监督，每月至少开展一次随机抽查，同时在县政府网站公开检查结果，接受社会监督。"""

FLOOD = """受强降雨影响，6月18日凌晨至上午，西江市主城区普降大到暴雨，最大小时降雨量达到68毫米。截至当日11时，全市共有23处道路出现积水，其中建设路与滨江大道交叉口、火车站南广场地下通道积水最深处超过半米，部分车辆熄火被困，早高峰交通受到较大影响。

险情发生后，市城市管理局立即启动防汛四级应急响应，调集排水抢险人员260余人、移动泵车18台赶赴现场抽排积水，交警部门在积水路段设置警示标志并疏导交通。至当日下午两时，除两处低洼路段外，其余积水点已基本排除，未造成人员伤亡。

市气象台预计，未来三天全市仍有阵雨或雷阵雨，局部地区雨量较大。市防汛办提醒市民尽量减少外出，驾车途经积水路段时请绕行，切勿强行涉水通过，遇到险情可拨打城市管理服务热线求助。"""

MARKET = """备受关注的北关农贸市场提升改造工程日前完工，将于下周一恢复营业。改造后的市场总面积约4200平方米，设置摊位186个，按照果蔬、肉禽、水产、熟食等类别分区经营，并新建了公共卫生间和垃圾分类收集点。

据市场运营方介绍，改造期间，区商务局在附近设置了三处临时便民售卖点，基本保障了周边居民的日常采购。新市场引入了电子秤统一检定和农残快检室，消费者可以在服务台免费查询当天的检测结果，摊主也可以通过手机扫码支付摊位费。

不少附近居民表示，老市场地面湿滑、气味大，改造后环境明显改善。也有居民建议增加停车位，并延长早市营业时间。区商务局回应称，将结合居民意见，协调在市场西侧增设临时停车泊位40个。"""

# Two different stories from one district portal: same template, same place names.
GAS_CHECK = """为切实防范燃气安全事故，临江区近日组织区应急管理局、区住建局和各街道，对辖区内餐饮场所、老旧小区和农贸市场开展燃气安全专项排查整治。截至目前，临江区已检查餐饮经营单位1126家，发现并整改隐患312处，其中立即整改297处，限期整改15处。

在临江区望湖街道，检查人员逐户查看了燃气管道、阀门和报警装置，对使用不合格连接软管的商户现场进行更换，并向居民发放燃气安全宣传手册。对于拒不整改的3家经营单位，区市场监管局已依法暂停其燃气使用，待整改到位后方可恢复。

临江区应急管理局负责人表示，专项整治将持续到年底，区里将建立燃气安全隐患台账，实行销号管理，并通过入户宣传、短视频等方式提高群众的燃气安全意识。"""

FIRE_MEETING = """9月26日，临江区召开秋冬季森林防火工作会议，总结今年以来的防火工作，部署秋冬季森林防灭火任务。会议指出，临江区林地面积大，进入秋冬季后气候干燥，祭祀用火和农事用火增多，森林火险等级持续偏高，防火形势不容乐观。

会议要求，临江区各街道和区直有关部门要压实属地责任，在重点林区入口增设检查站，严格管控野外用火；望湖街道等林区面积较大的街道要组织专业扑火队伍开展实战演练，确保一旦发生火情能够打早、打小、打了。区应急管理局要加强值班值守，落实领导带班和二十四小时值班制度。

会上，区森林防火指挥部还与各街道签订了目标责任书，明确对因工作不力导致发生森林火灾的，将依规依纪严肃追究相关人员责任。"""

STORIES = {
    "elevator": ELEVATOR,
    "canteen": CANTEEN,
    "flood": FLOOD,
    "market": MARKET,
    "gas_check": GAS_CHECK,
    "fire_meeting": FIRE_MEETING,
}

# Site chrome: (header, footer). The district template is deliberately heavy and carries
# prose-like lines of its own, as real portals do.
DISTRICT = (
    """临江区人民政府门户网站
首页 | 政务公开 | 政务服务 | 互动交流 | 走进临江
当前位置：首页 > 政务动态 > 部门动态
来源：临江区人民政府办公室  发布时间：2024-10-08 09:30  浏览次数：2315
【字体：大 中 小】""",
    """【打印本页】 【关闭窗口】
扫一扫在手机打开当前页
欢迎关注“临江发布”微信公众号，及时获取临江区权威政务信息。
本网站所刊登的信息，未经授权，不得转载、摘编或利用其它方式使用。
主办：临江区人民政府办公室  承办：临江区大数据发展中心
地址：临江区人民路88号  联系电话：0000-82345678
网站标识码：3301990001  某ICP备00012345号""",
)
PORTAL = (
    """清河新闻网 > 本地 > 民生
来源：清河日报  作者：记者 王晓  通讯员 李明  2024-06-03 08:15""",
    """责任编辑：陈静
【打印】【关闭】
声明：本文转自清河日报，转载目的在于传递更多信息，并不代表本网赞同其观点。
相关新闻：
· 我市启动老旧小区改造三年行动
· 公积金提取政策再优化""",
)
TAIPEI = (
    """港灣新聞網 首頁 > 兩岸 > 社會
2024年06月03日 10:42  來源：綜合報道""",
    """延伸閱讀
分享至：Facebook | LINE | X
版權所有 © 港灣新聞網 未經許可不得轉載""",
)


def on_site(body: str, site: tuple[str, str]) -> str:
    return f"{site[0]}\n{body}\n{site[1]}"


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def to_traditional(text: str) -> str:
    return str(zhconv_rs.zhconv(text, "zh-hant"))


def to_full_width(text: str) -> str:
    """Digits and Latin letters to full-width, Chinese commas and colons to half-width."""
    table = {c: c + 0xFEE0 for c in range(0x21, 0x7F) if chr(c).isalnum()}
    table.update({ord("，"): ",", ord("："): ":", ord("；"): ";"})
    return text.translate(table)


def with_intro(body: str) -> str:
    intro = "编者按：近来不少读者来信关心这件事，本报记者进行了跟踪采访，现将有关情况整理如下，供大家参考。"
    return f"{intro}\n\n{body}"


def lead_only(body: str, count: int = 1) -> str:
    return "\n\n".join(paragraphs(body)[:count]) + "\n\n（点击阅读全文）"


def edited(body: str, edits: int, seed: int) -> str:
    """`edits` single-character substitutions, insertions or deletions in the prose."""
    rng = random.Random(seed)
    chars = list(body)
    filler = "的了在和是有也就都而及与着或"
    for _ in range(edits):
        at = rng.randrange(len(chars))
        while chars[at] == "\n":
            at = rng.randrange(len(chars))
        kind = rng.randrange(3)
        if kind == 0:
            chars[at] = rng.choice(filler)
        elif kind == 1:
            chars.insert(at, rng.choice(filler))
        else:
            del chars[at]
    return "".join(chars)


def variants(body: str, seed: int = 0) -> dict[str, str]:
    """Republications of one story, each with chrome from another site than DISTRICT."""
    return {
        "other_site": on_site(body, PORTAL),
        "bare": body,
        "traditional": on_site(to_traditional(body), TAIPEI),
        "full_width": on_site(to_full_width(body), PORTAL),
        "intro": on_site(with_intro(body), PORTAL),
        "lead": on_site(lead_only(body), TAIPEI),
        "lead_traditional": to_traditional(lead_only(body, 2)),
        "edit_1": on_site(edited(body, 1, seed), PORTAL),
        "edit_6": edited(body, 6, seed + 1),
        "edit_12": on_site(edited(body, 12, seed + 2), PORTAL),
    }
