"""Two entries of every kind of list, as a clerk would type them (text cells)."""

SAFETY = "《中华人民共和国安全生产法》"

SAMPLES = {
    "items": [
        {"category": "行政处罚", "code": "AQ-CF-001",
         "name": "对生产经营单位未按规定设置安全生产管理机构的行政处罚",
         "legal_bases": f"{SAFETY}第九十七条第一项", "unit": "执法大队",
         "time_limit": "立案之日起九十日内", "time_limit_days": "90", "field": "安全生产"},
        {"category": "行政检查", "code": "AQ-JC-001", "name": "安全生产监督检查",
         "legal_bases": f"{SAFETY}第六十五条", "unit": "执法大队", "time_limit": "",
         "time_limit_days": "", "field": ""},
    ],
    "benchmarks": [
        {"item_code": "AQ-CF-001", "violation": "未按规定设置安全生产管理机构", "level": "一般",
         "circumstances": "责令限期改正，逾期未改正", "penalty_kinds": "罚款",
         "fine_min": "100000", "fine_max": "150000", "penalty": "",
         "legal_bases": f"{SAFETY}第九十七条第一项"},
        {"item_code": "AQ-CF-001", "violation": "未按规定设置安全生产管理机构", "level": "严重",
         "circumstances": "逾期未改正且拒不配合", "penalty_kinds": "罚款、责令停产停业",
         "fine_min": "150000", "fine_max": "200000", "penalty": "责令停产停业整顿",
         "legal_bases": f"{SAFETY}第九十七条第一项"},
    ],
    "leniency": [
        {"list_kind": "首违不罚", "item_code": "AQ-CF-001",
         "violation": "未按规定设置安全生产管理机构",
         "conditions": "首次违法、危害后果轻微并及时改正",
         "legal_bases": "《中华人民共和国行政处罚法》第三十三条第一款"},
        {"list_kind": "轻微不罚", "item_code": "AQ-CF-001", "violation": "安全生产管理人员配备不足",
         "conditions": "违法行为轻微并及时改正，没有造成危害后果",
         "legal_bases": "《中华人民共和国行政处罚法》第三十三条第一款"},
    ],
    "guides": [
        {"item_code": "AQ-JC-001", "item_name": "安全生产监督检查",
         "legal_bases": f"{SAFETY}第六十五条",
         "unit": "执法大队", "materials": "无需提交材料", "process": "检查—记录—处理",
         "time_limit": "现场完成", "supervision": "县司法局", "remedies": "行政复议、行政诉讼",
         "hours": "工作日 8:30-17:30", "address": "滹阳县人民路1号", "phone": "0311-8000001"},
        {"item_code": "AQ-CF-001", "item_name": "安全生产行政处罚",
         "legal_bases": f"{SAFETY}第九十七条",
         "unit": "执法大队", "materials": "无", "process": "立案—调查—告知—决定—送达",
         "time_limit": "九十日", "supervision": "", "remedies": "", "hours": "", "address": "",
         "phone": ""},
    ],
    "inspections": [
        {"code": "SJ-001", "subject": "对生产经营单位安全生产情况的检查",
         "legal_bases": f"{SAFETY}第六十五条",
         "inspected": "辖区内工贸企业", "content": "安全生产责任制落实情况", "method": "现场检查",
         "ratio": "5", "frequency": "每年一次"},
        {"code": "SJ-002", "subject": "对危险化学品经营单位的检查",
         "legal_bases": "《危险化学品安全管理条例》第六条", "inspected": "危险化学品经营单位",
         "content": "经营许可和储存条件", "method": "现场检查、书面检查", "ratio": "10.5",
         "frequency": "每半年一次"},
    ],
    "recordings": [
        {"procedure": "penalty_general", "step": "investigate", "level": "需要音像记录",
         "description": "现场检查、调查取证"},
        {"procedure": "coercion", "step": "seize", "level": "需要全程不间断音像记录",
         "description": "查封、扣押场所设施财物"},
    ],
    "supervision": [
        {"channel_kind": "行政复议", "name": "申请行政复议", "authority": "滹阳县人民政府",
         "phone": "0311-8000002", "address": "滹阳县政府路1号", "url": "https://example.org/fy",
         "time_limit": "知道行政行为之日起六十日内"},
        {"channel_kind": "投诉举报", "name": "12345政务服务便民热线", "authority": "滹阳县人民政府",
         "phone": "12345", "address": "", "url": "", "time_limit": ""},
    ],
    "review": [
        {"criterion_kind": "罚款数额达到标准", "party_kind": "自然人", "amount": "10000",
         "penalty_kind": "", "flag": "", "description": "对公民处以一万元以上罚款"},
        {"criterion_kind": "处罚种类", "party_kind": "", "amount": "",
         "penalty_kind": "吊销许可证件", "flag": "", "description": "吊销许可证件"},
    ],
}
# The collective discussion criteria list (R-CASE-17) has the review catalogue's shape.
SAMPLES["discussion"] = SAMPLES["review"]
