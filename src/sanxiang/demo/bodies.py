"""The demo county's bodies: fixed tables, no randomness.

滹阳县 is fictional. It sits in 河北省石家庄市 under the region code 130139, which GB/T 2260
does not allocate (石家庄市's counties stop at 130133 赵县; 130171–130172 are development
zones, 130181–130184 county-level cities), so no real county's name or code is borrowed
and nothing in the demo can be mistaken for a real county's data.

Each row is one enforcement body (R-ORG-01). ``officers`` and ``reviewers`` size its
staff; three bodies are deliberately short of the 5% / at-least-one reviewer rule
(R-ORG-05) so the supervision screens have something to flag.
"""

from dataclasses import dataclass

PROVINCE = "河北省"
CITY = "石家庄市"
COUNTY = "滹阳县"
REGION_CODE = "130139"
# The county's one-character abbreviation in document numbers (滹交委〔2024〕3号).
ABBREVIATION = "滹"
CITY_AREA_CODE = "0311"
COUNTY_GOVERNMENT = "滹阳县人民政府"

TOWNS = ("滹阳镇", "柳林镇", "东王庄镇", "北宋镇", "南营乡", "西坡乡", "白石口乡")
WHOLE_COUNTY = "滹阳县全域"

# Enforcement categories (执法类别) the demo uses: (code, name). The org app's data
# migration creates the first twelve; the loader reuses a category when its code or name
# exists and creates only what is missing.
FIELDS: tuple[tuple[str, str], ...] = (
    ("AQSC", "安全生产"),
    ("YJGL", "应急管理"),
    ("SCJG", "市场监管"),
    ("STHJ", "生态环境"),
    ("CSGL", "城市管理"),
    ("JTYS", "交通运输"),
    ("NYNC", "农业农村"),
    ("ZRZY", "自然资源"),
    ("WSJK", "卫生健康"),
    ("WHSC", "文化市场"),
    ("ZJ", "住房城乡建设"),
    ("SL", "水利"),
    ("XFJY", "消防救援"),
    ("RLSB", "人力资源社会保障"),
    ("SFXZ", "司法行政"),
)

# Post schemes: (post, weight) for rank-and-file officers; leaders are listed per body.
BUREAU_POSTS = (
    ("股长", 8), ("副股长", 5), ("一级主任科员", 6), ("二级主任科员", 9), ("三级主任科员", 11),
    ("四级主任科员", 18), ("一级科员", 16), ("科员", 20),
)
TEAM_POSTS = (("中队长", 8), ("副中队长", 8), ("执法队员", 60), ("科员", 8))
TOWN_POSTS = (("副队长", 2), ("执法队员", 40), ("科员", 10))
FIRE_POSTS = (("防火监督员", 30), ("消防监督员", 20), ("参谋", 8))


@dataclass(frozen=True)
class BodyRow:
    key: str
    name: str
    short_name: str
    nature: str  # Body.Nature value
    subject_kind: str  # Body.SubjectKind value
    funding: str  # Body.Funding value
    staffing: int
    supervising_body: str
    field_codes: tuple[str, ...]
    duties: str
    address: str
    officers: int  # in service, reviewers included
    reviewers: int
    leaders: tuple[str, ...]  # posts of the certificate-holding leaders, first is the head
    posts: tuple[tuple[str, int], ...]
    # How officers' areas are drawn: "county" (全县), "towns" (one or two towns each),
    # or the name of a single town.
    area_scheme: str = "county"
    head_holds_certificate: bool = True
    entrusting_key: str = ""
    entrustment_agreement: str = ""
    # True for the reform-era bodies whose organization codes are MB… (编办-issued).
    new_style_code: bool = True
    officers_left: int = 0


BODIES: tuple[BodyRow, ...] = (
    BodyRow(
        key="emergency", name="滹阳县应急管理局", short_name="县应急局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=28,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("AQSC", "YJGL"),
        duties=(
            "负责全县安全生产综合监督管理和工矿商贸行业安全生产监督管理；依法对生产经营单位"
            "贯彻执行安全生产法律法规情况进行监督检查；组织实施危险化学品、烟花爆竹、非煤矿山"
            "等领域的行政检查、行政处罚和行政强制；负责自然灾害防治和应急救援的有关执法工作。"
        ),
        address="滹阳县府前街36号", officers=22, reviewers=2,
        leaders=("局长", "副局长", "副局长", "安全生产执法大队大队长"), posts=BUREAU_POSTS,
        officers_left=1,
    ),
    BodyRow(
        key="market", name="滹阳县市场监督管理局", short_name="县市场监管局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=96,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("SCJG",),
        duties=(
            "负责全县市场综合监督管理，承担市场主体登记注册、食品安全、药品医疗器械化妆品、"
            "特种设备、工业产品质量、计量标准、价格、广告、知识产权保护等领域的行政检查、"
            "行政处罚和行政强制；统筹推进“双随机、一公开”监管和信用监管。"
        ),
        address="滹阳县建设北路118号", officers=40, reviewers=3,
        leaders=("局长", "副局长", "副局长", "副局长", "综合行政执法大队大队长"),
        posts=(*BUREAU_POSTS, ("市场监督管理所所长", 6), ("执法队员", 14)),
        area_scheme="towns", officers_left=2,
    ),
    BodyRow(
        key="environment", name="石家庄市生态环境局滹阳县分局", short_name="县生态环境分局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=24,
        supervising_body="石家庄市生态环境局", field_codes=("STHJ",),
        duties=(
            "作为石家庄市生态环境局的派出机构，负责滹阳县行政区域内生态环境监督管理；"
            "依法查处大气、水、土壤、固体废物、噪声等环境违法行为，实施排污许可证后监管，"
            "组织开展生态环境保护综合行政执法。"
        ),
        address="滹阳县滹河大街52号", officers=18, reviewers=1,
        leaders=("分局局长", "副局长", "生态环境保护综合执法大队大队长"),
        posts=(*BUREAU_POSTS, ("执法队员", 20)),
    ),
    BodyRow(
        key="urban", name="滹阳县城市管理综合行政执法局", short_name="县城管执法局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=60,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("CSGL",),
        duties=(
            "负责县城规划区内市容环境卫生、城市绿化、市政公用设施、户外广告、占道经营、"
            "违法建设等方面的城市管理综合行政执法；集中行使住房城乡建设领域法律法规规章规定的"
            "全部或部分行政处罚权及相关行政检查、行政强制权。"
        ),
        address="滹阳县胜利东街9号", officers=30, reviewers=2,
        leaders=("局长", "副局长", "副局长", "执法大队大队长", "执法大队副大队长"),
        posts=(*TEAM_POSTS, ("四级主任科员", 6)), officers_left=1,
    ),
    BodyRow(
        key="transport", name="滹阳县交通运输局", short_name="县交通运输局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=22,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("JTYS",),
        duties=(
            "负责全县公路、水路、道路运输行业管理；依法实施道路运输经营、公路路政、"
            "交通工程建设质量安全等方面的行政许可、行政检查和行政处罚，并将部分行政处罚"
            "及相关行政检查、行政强制依法委托县交通运输综合执法大队实施。"
        ),
        address="滹阳县振兴路66号", officers=6, reviewers=1,
        leaders=("局长", "副局长"), posts=BUREAU_POSTS, new_style_code=False,
    ),
    BodyRow(
        key="transport_team", name="滹阳县交通运输综合执法大队", short_name="县交通执法大队",
        nature="institution", subject_kind="entrusted", funding="full", staffing=40,
        supervising_body="滹阳县交通运输局", field_codes=("JTYS",),
        duties=(
            "受县交通运输局委托，以委托机关名义对公路路政、道路运输、水路运输、"
            "交通工程质量安全等违法行为实施行政处罚以及与之相关的行政检查、行政强制；"
            "不得再委托其他组织或者个人实施。"
        ),
        address="滹阳县振兴路68号", officers=20, reviewers=2,
        leaders=("大队长", "副大队长", "副大队长"), posts=TEAM_POSTS,
        entrusting_key="transport",
        entrustment_agreement=f"《滹阳县交通运输局行政执法委托书》（{ABBREVIATION}交委〔2024〕3号）",
        officers_left=1,
    ),
    BodyRow(
        key="agriculture", name="滹阳县农业农村局", short_name="县农业农村局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=30,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("NYNC",),
        duties=(
            "负责种子、农药、肥料、兽药、饲料、农产品质量安全、动物防疫检疫、"
            "农业机械、渔业等方面的农业综合行政执法；组织查处农资制假售假等违法行为。"
        ),
        address="滹阳县育才路21号", officers=14, reviewers=1,
        leaders=("局长", "副局长", "农业综合行政执法大队大队长"),
        posts=(*BUREAU_POSTS, ("执法队员", 14)),
    ),
    BodyRow(
        key="resources", name="滹阳县自然资源和规划局", short_name="县自然资源和规划局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=26,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("ZRZY",),
        duties=(
            "负责全县土地、矿产、测绘地理信息、国土空间规划等方面的监督检查；"
            "依法查处非法占用土地、非法采矿、违法批地用地及违反城乡规划的行为。"
        ),
        address="滹阳县人民路88号", officers=14, reviewers=1,
        leaders=("局长", "副局长", "执法监察大队大队长"), posts=BUREAU_POSTS,
    ),
    BodyRow(
        key="health", name="滹阳县卫生健康局", short_name="县卫生健康局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=24,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("WSJK",),
        duties=(
            "负责医疗卫生、公共场所卫生、生活饮用水卫生、学校卫生、职业卫生、"
            "传染病防治等方面的监督检查和行政处罚；指导县卫生健康综合监督执法工作。"
        ),
        address="滹阳县和平路15号", officers=10, reviewers=1,
        leaders=("局长", "副局长"), posts=(*BUREAU_POSTS, ("卫生监督员", 14)),
    ),
    BodyRow(
        key="culture", name="滹阳县文化广电和旅游局", short_name="县文广旅局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=20,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("WHSC",),
        duties=(
            "负责文化、文物、出版、广播电视、电影、旅游等领域的文化市场综合行政执法；"
            "查处网吧、娱乐场所、演出、旅行社等经营活动中的违法行为。"
        ),
        # Short of reviewers (R-ORG-05): none at all.
        address="滹阳县文化路7号", officers=10, reviewers=0,
        leaders=("局长", "文化市场综合行政执法队队长"),
        posts=(*BUREAU_POSTS, ("执法队员", 12)),
    ),
    BodyRow(
        key="housing", name="滹阳县住房和城乡建设局", short_name="县住建局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=32,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("ZJ",),
        duties=(
            "负责建筑市场、建设工程质量安全、房地产市场、物业服务、燃气等方面的"
            "监督检查和行政处罚（划转城管执法局行使的事项除外）。"
        ),
        address="滹阳县建设南路40号", officers=10, reviewers=1,
        leaders=("局长", "副局长"), posts=BUREAU_POSTS, new_style_code=False,
    ),
    BodyRow(
        key="water", name="滹阳县水利局", short_name="县水利局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=18,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("SL",),
        duties=(
            "负责水资源、河道、水土保持、水利工程、地下水超采治理等方面的监督检查；"
            "依法查处非法取水、河道非法采砂、侵占水利工程等违法行为。"
        ),
        # Short of reviewers (R-ORG-05): none at all.
        address="滹阳县滹河大街101号", officers=8, reviewers=0,
        leaders=("局长", "水政监察大队大队长"), posts=(*BUREAU_POSTS, ("水政监察员", 12)),
        new_style_code=False,
    ),
    BodyRow(
        key="labour", name="滹阳县人力资源和社会保障局", short_name="县人社局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=26,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("RLSB",),
        duties=(
            "负责劳动保障监察，依法查处拖欠农民工工资、违反工时休假、"
            "未依法参加社会保险等违法行为；实施人力资源市场监督检查。"
        ),
        address="滹阳县人民路120号", officers=6, reviewers=1,
        leaders=("局长", "劳动保障监察大队大队长"), posts=BUREAU_POSTS, new_style_code=False,
    ),
    BodyRow(
        key="town", name="滹阳县柳林镇人民政府", short_name="柳林镇政府",
        nature="administrative", subject_kind="statutory", funding="full", staffing=52,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("CSGL", "ZRZY", "NYNC", "AQSC"),
        duties=(
            "依据《河北省乡镇和街道综合行政执法条例》及县人民政府赋权事项清单，"
            "在本镇行政区域内以镇人民政府名义相对集中行使城乡建设、市容环境、"
            "农业农村、自然资源、安全生产等领域的行政处罚权及相关行政检查、行政强制权。"
        ),
        # Short of reviewers (R-ORG-05): 22 officers need two.
        address="滹阳县柳林镇柳林大街1号", officers=22, reviewers=1,
        leaders=("副镇长", "综合行政执法队队长"), posts=TOWN_POSTS, area_scheme="柳林镇",
        new_style_code=False, officers_left=1,
    ),
    BodyRow(
        key="fire", name="滹阳县消防救援大队", short_name="县消防救援大队",
        nature="administrative", subject_kind="authorised", funding="full", staffing=34,
        supervising_body="石家庄市消防救援支队",
        field_codes=("XFJY",),
        duties=(
            "依据《中华人民共和国消防法》的授权，负责本县消防监督检查、火灾事故调查，"
            "依法对违反消防法律法规的行为实施行政处罚及临时查封等行政强制措施；"
            "对公众聚集场所投入使用、营业前消防安全检查作出决定。"
        ),
        address="滹阳县永安路3号", officers=10, reviewers=1,
        leaders=("大队长", "副大队长"), posts=FIRE_POSTS,
    ),
    BodyRow(
        key="justice", name="滹阳县司法局", short_name="县司法局",
        nature="administrative", subject_kind="statutory", funding="full", staffing=22,
        supervising_body=COUNTY_GOVERNMENT, field_codes=("SFXZ",),
        duties=(
            "承担县人民政府行政执法协调监督工作，负责行政执法证件管理和行政执法监督；"
            "依法对基层法律服务、人民调解、法律援助等工作实施监督检查和行政处罚。"
        ),
        address="滹阳县府前街20号", officers=4, reviewers=1,
        leaders=("局长",), posts=BUREAU_POSTS, new_style_code=False,
    ),
)

# The body whose presence means the demo county is already loaded.
MARKER_BODY = BODIES[0].name
