"""Realistic, fictional Chinese personal names for the demo county.

Surnames are weighted roughly by their frequency in Hebei (the north has more 张, 王, 李,
刘, 赵 and fewer 陈, 黄, 林 than the national table). Given names are drawn from pools of
characters common in the generations now in service (born 1965–2000), one or two
characters. A short list of well-known people's names is refused, so that a demo screen
never seems to accuse a real public figure of anything.
"""

import random

# (surname, relative weight). Weights are per mille, rounded; only their ratios matter.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("张", 98), ("王", 96), ("李", 92), ("刘", 72), ("赵", 46), ("杨", 34), ("高", 30),
    ("孙", 26), ("马", 24), ("郭", 22), ("田", 18), ("韩", 17), ("冯", 15), ("朱", 14),
    ("董", 14), ("徐", 13), ("陈", 13), ("宋", 12), ("崔", 12), ("吴", 11), ("周", 11),
    ("贾", 11), ("曹", 10), ("许", 10), ("梁", 10), ("郝", 10), ("孟", 9), ("胡", 9),
    ("杜", 9), ("史", 8), ("石", 8), ("范", 8), ("何", 7), ("邢", 7), ("袁", 7), ("谢", 7),
    ("魏", 7), ("吕", 6), ("安", 6), ("苏", 6), ("侯", 6), ("程", 6), ("申", 5), ("邓", 5),
    ("薛", 5), ("尹", 5), ("彭", 5), ("卢", 5), ("白", 5), ("霍", 5), ("牛", 5), ("段", 5),
    ("齐", 4), ("贺", 4), ("武", 4), ("谷", 4), ("付", 4), ("庞", 4), ("耿", 4), ("葛", 4),
    ("翟", 4), ("闫", 4), ("秦", 3), ("康", 3), ("常", 3), ("姚", 3), ("焦", 3), ("路", 3),
    ("黄", 3), ("于", 3), ("任", 3), ("邱", 2), ("温", 2), ("甄", 2), ("乔", 2), ("靳", 2),
    ("阎", 2), ("左", 2), ("岳", 2), ("陶", 2), ("解", 2), ("聂", 2), ("蔡", 2), ("鲍", 1),
)

# Characters for given names. Two-character names take one from FIRST and one from
# SECOND; one-character names take one from SOLO.
MALE_FIRST = (
    "建", "志", "国", "永", "海", "晓", "立", "春", "振", "文", "新", "宏", "俊", "明",
    "军", "伟", "亚", "卫", "金", "树", "宝", "红", "云", "占", "彦", "鹏", "浩", "子",
    "泽", "宇", "博", "嘉", "一", "思", "家", "瑞", "胜", "庆", "英", "利", "世", "学",
)
MALE_SECOND = (
    "军", "华", "强", "伟", "平", "明", "刚", "勇", "峰", "涛", "辉", "杰", "斌", "鹏",
    "飞", "磊", "超", "亮", "东", "林", "波", "宁", "龙", "生", "成", "忠", "民", "锋",
    "宇", "轩", "豪", "然", "阳", "晨", "凯", "旭", "帅", "川", "坤", "彬", "健", "森",
)
MALE_SOLO = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
    "华", "飞", "鑫", "波", "宁", "亮", "凯", "昊", "博", "帅",
)
FEMALE_FIRST = (
    "丽", "秀", "桂", "淑", "晓", "雅", "静", "春", "海", "红", "玉", "美", "慧", "欣",
    "佳", "梦", "思", "雨", "晨", "子", "诗", "若", "文", "亚", "彦", "新", "立", "艳",
)
FEMALE_SECOND = (
    "芳", "娜", "敏", "静", "丽", "艳", "霞", "娟", "英", "华", "燕", "玲", "萍", "红",
    "洁", "琳", "蕾", "婷", "雪", "倩", "颖", "璐", "瑶", "怡", "涵", "宁", "楠", "欣",
)
FEMALE_SOLO = (
    "芳", "娜", "敏", "静", "丽", "艳", "霞", "娟", "燕", "玲", "萍", "洁", "琳", "婷",
    "雪", "倩", "颖", "璐", "蕊", "帆",
)

# Names of well-known people that random draws could produce; never used.
REFUSED = frozenset({
    "刘翔", "李娜", "李宁", "王菲", "刘洋", "王楠", "孙杨", "王刚", "王强", "张勇", "李强",
    "王勇", "刘涛", "黄磊", "王毅", "张伟", "王伟", "李明", "赵薇", "孙俪", "杨幂", "李冰",
    "刘强", "郭晶晶", "张怡宁", "邓亚萍", "杨利伟", "张艺谋", "王力宏", "周杰伦", "刘德华",
    "刘国中", "王小洪", "李书磊", "陈文清", "王晓东", "李鸿忠", "张国清", "刘建军",
})


class NameMaker:
    """Draws unique names from one random stream; the same stream gives the same names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self._surnames = [s for s, _ in SURNAMES]
        self._weights = [w for _, w in SURNAMES]

    def person(self, *, female: bool | None = None) -> str:
        for _attempt in range(1000):
            is_female = self.rng.random() < 0.38 if female is None else female
            surname = self.rng.choices(self._surnames, weights=self._weights)[0]
            if self.rng.random() < 0.18:
                given = self.rng.choice(FEMALE_SOLO if is_female else MALE_SOLO)
            else:
                first = self.rng.choice(FEMALE_FIRST if is_female else MALE_FIRST)
                second = self.rng.choice(FEMALE_SECOND if is_female else MALE_SECOND)
                if first == second:
                    continue
                given = first + second
            name = surname + given
            if name in REFUSED or name in self.used:
                continue
            self.used.add(name)
            return name
        raise RuntimeError("the name pools are exhausted")
