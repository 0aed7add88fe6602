"""Build ``src/sanxiang/disclosure/data/health_words.txt``: the conditions the masker knows
by name (R-PUB-05, ADR 0054).

The words are jieba's dictionary (``jieba/dict.txt``, MIT; the same dictionary rjieba, a
dependency, compiles in but cannot list) filtered by medical morphology: a word that ends in
病, 症, 炎, 癌, 瘤, 疹, 障碍, 感染, 中毒, 损伤, 衰竭, 梗死/梗塞, 出血, 结石, 增生, 硬化 or
疗法, less parts of speech that are no condition (verbs, pronouns, most personal names) and
less the words listed below (categories, metaphors, crop and animal diseases, fragments).
No word was taken from an evaluation set.

    pip download jieba==0.42.1 --no-deps -d /tmp/j && tar xzf /tmp/j/jieba-0.42.1.tar.gz -C /tmp/j
    python benchmarks/health_vocabulary.py /tmp/j/jieba-0.42.1/jieba/dict.txt
"""

import sys
from pathlib import Path

OUT = (Path(__file__).resolve().parent.parent
       / "src/sanxiang/disclosure/data/health_words.txt")

def _words(text: str) -> list[str]:
    return text.split()


SUFFIXES = ("病", "症", "炎", "癌", "瘤", "疹", "障碍", "感染", "中毒", "损伤", "衰竭", "梗死",
            "梗塞", "出血", "结石", "增生", "硬化", "疗法")
# Parts of speech that name no condition (jieba's tags): verbs (看病, 治病), pronouns (该病),
# distinguishing words (无障碍); personal names (王永炎) unless kept below.
DROP_TAGS = {"v", "r", "b", "nr"}
KEEP_NAMES = set(_words("""阴道炎 静脉炎 子宫炎 包皮炎 强脊炎 帕金森病 海默病 克隆病 莱姆病 阿米巴病
高山病 克山病 库欣病 戈谢病 白塞病 雷诺病 鱼鳞病 黑素瘤 痲疯病 花柳病 乾眼病 瘙痒症 搔痒症
失认症"""))
# Categories (no one's condition in particular; 传染病防治 and 职业病危害 are the field's
# words), metaphors and ordinary words, fragments, crop, animal and laboratory diseases.
EXCLUDE = set(_words("""
疾病 病症 大病 重病 伤病 小病 急病 暴病 顽症 急症 旧病 老病 多发病 地方病 常见病 流行病 疫病
传染病 职业病 慢性病 急性病 遗传病 遗传疾病 系统疾病 常见疾病 危重病 难治病 危重症 急危重症
疑难病 疑难杂症 疑难病症 疑难重症 不治之症 绝症 世纪绝症 身患绝症 怪病 杂症 时症 时令病 百病
四百四病 包治百病 医病 疗病 治好病 因病 罹患重病 之症 氏症 体炎 管炎 膜炎 癌病 男性病 男性疾病
妇女病 妇人病 普通病 热带病 老年病 心身疾病 免疫病 难症 险症 死症 实症 崩症 主症 结症 血症
毛病 老毛病 出毛病 挑毛病 小毛病 坏毛病 弊病 通病 诟病 语病 心病 心头病 疑心病 相思病 思乡病
怀乡病 富贵病 都市病 电脑病 电视病 公害病 太空病 国利病 里加病 娘病 幼稚病 神经病 发神经病
对症 适应症 禁忌症 合并症 并发症 炎症 病毒感染
炎炎 建炎 景炎 宗炎 太炎 火炎 附势趋炎 避凉附炎 烈日炎炎 炎加炎 赤日炎炎 詹詹炎炎 赫赫炎炎
抗病 患病 生病 养病 染病 卧病 犯病 托病 装病 闹病 贫病 身心交病 体弱多病 年老多病 积劳成病
多愁善病 多愁多病 防病治病 除害灭病 膏盲之病 霜露之病 七年之病 切中时病 心腹之病 知耻知病
良药苦口利于病 生了病 患麻疹 暗病 厌物病 冷热病 心神病
消炎 透疹 发疹 无障碍 重重障碍 排除障碍 设置障碍 艺术感染 社会感染 深受感染 受到感染 未感染
抗感染 并行感染 共感染 超感染 交叉感染 慢性感染 无损伤 未受损伤 电解损伤 加工硬化 应变硬化
性骨折 性障碍 性肺炎 性肝炎 性神经症 性皮炎 性疾病 滤过性病 之病
根瘤 杂交瘤 转染瘤 荷瘤 结瘤 冠瘿瘤 叶瘤 固瘤 瘿瘤 毒瘤 致癌 抗癌 防癌 含致癌 抗肿瘤 治肿瘤
中医肿瘤 新疗法 治疗法 医疗法 药疗法 中医疗法 饥渴症 恐韩症 撒呓症
锈病 霜霉病 白粉病 叶斑病 青枯病 软腐病 赤霉病 稻瘟病 晚疫病 黑粉病 花叶病 褐斑病 菌核病
角斑病 根腐病 黄锈病 黑斑病 黑穗病 丛枝病 纹枯病 立枯病 稻热病 秆黑粉病 腥黑穗病 灰霉病
流胶病 根肿病 根线虫病 枯萎病 条锈病 条纹病 叶枯病 黄萎病 黄化病 轮纹病 缩叶病 斑枯病 干腐病
叶锈病 日灼病 霉病 粒病 气泡病 畜牧病 疯牛病 瘟病 球虫病 脓病 血枯病 粗腿病 蚕豆病
软化病 水候病 瘟疹 疫疹 高致病
"""))


def words(dict_txt: str) -> list[str]:
    out = set()
    for line in Path(dict_txt).read_text(encoding="utf-8").splitlines():
        word, _freq, tag = line.split()
        if not word.endswith(SUFFIXES) or word in SUFFIXES or word in EXCLUDE:
            continue
        if tag in DROP_TAGS and word not in KEEP_NAMES:
            continue
        if not all("\u4e00" <= char <= "\u9fff" for char in word):
            continue
        out.add(word)
    return sorted(out)


if __name__ == "__main__":
    found = words(sys.argv[1])
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("# Built by benchmarks/health_vocabulary.py from jieba's dict.txt (MIT); "
                   "see ADR 0054.\n" + "\n".join(found) + "\n", encoding="utf-8")
    print(len(found), "words ->", OUT)
