"""The six role groups and a base set of enforcement categories.

Reference data every installation needs before anyone can log in or register an officer.
Written with the historical models, as data migrations must be; the actions (and so the
ledger) start with the first change an administrator makes. The group names are frozen
here on purpose: a migration must not change meaning when ``roles.py`` changes later.
"""

from django.db import migrations

GROUP_NAMES = ["执法人员", "法制审核人员", "机关负责人", "公示员", "监督人员", "系统管理员"]

CATEGORIES = [
    ("AQSC", "安全生产"),
    ("SCJG", "市场监管"),
    ("CSGL", "城市管理"),
    ("STHJ", "生态环境"),
    ("JTYS", "交通运输"),
    ("ZRZY", "自然资源"),
    ("NYNC", "农业农村"),
    ("WHSC", "文化市场"),
    ("WSJK", "卫生健康"),
    ("ZJ", "住房城乡建设"),
    ("SL", "水利"),
    ("XFJY", "消防救援"),
    ("YJGL", "应急管理"),
    ("LYCY", "林业草原"),
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    EnforcementField = apps.get_model("org", "EnforcementField")
    for name in GROUP_NAMES:
        Group.objects.get_or_create(name=name)
    for code, name in CATEGORIES:
        if not EnforcementField.objects.filter(code=code).exists():
            EnforcementField.objects.get_or_create(name=name, defaults={"code": code})


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
