"""The small, documented vocabulary behind quantity extraction.

Chinese government prose is full of numerals that count nothing: slogans
(“两个确立”, 四个意识), programme names (十四五, 三年行动计划), ordinals, service
standards (一网通办, 一刻钟便民生活圈) and hotlines (12345). Most of them are caught
by *general rules* in ``quantity.py``:

- a lone ``一`` before a measure word is an article, not a count (一批, 一支队伍,
  一体化, 一刻钟, 最后一公里, 一网通办, 一日办结);
- a numeral followed by no measure word counts nothing (四风, 三公, 十四五, 二十大,
  六字文章, 五大商圈, 三级诊疗, 二环, 三期);
- digit-by-digit Chinese numerals (二〇三五, 东四三条) are years or names;
- numerals in parallel (一核两翼, 两纵两横, 三防四早九严格, 五位一体, 一店一策) or joined
  by ``+`` (1+4, 3+1产业体系) are names of schemes;
- short quoted phrases (“四个服务”, “3 个 100”) and 《titles》 are names;
- ``第``/``前``/``每``/``数`` before a number makes it an ordinal, a ranking, a rate
  denominator or a vague amount (第8项, 前三季度, 每3万人, 数十个);
- a small Chinese numeral + measure word + a two-character abstract word ending the
  phrase (四个意识、两个维护, 三条红线) is a slogan;
- a number + unit + 以上 that modifies a noun is a size class (5000万元以上项目);
- an Arabic number whose measure word the source lost (腾退居民1200) is kept with
  unit null, unless a year, date, enumerator, code or address shows around it.

What is left for this lexicon are the few phrases no rule can see: fixed phrases that
carry a real measure word (中央八项规定, 七个方面 report structure), service
standards written with digits (24小时便利店, 15分钟便民生活圈, hotlines), and the
vocabularies the rules need (measure words, qualifiers, words that follow a number
but are not units). Each list says why it exists. Entries are phrases seen across
Chinese government documents in general, never sentences of one document.
"""
from __future__ import annotations

# --- Measure words and units -------------------------------------------------------
# After an Arabic number any of these is the unit. Longest match wins, so compound
# units are listed whole (个百分点 before 个, 人次 before 人, 平方公里 before 公里).
UNITS: tuple[str, ...] = (
    # percentages and rates
    "%", "‰", "个百分点", "百分点", "倍",
    # compound counts: 检查企业3.2万家次, 抽检5000批次
    "人次", "家次", "户次", "车次", "辆次", "台次", "件次", "批次", "班次", "架次", "人天",
    # money (万/亿 are folded into the value, so 亿元 → 元)
    "元", "美元", "欧元", "港元", "日元",
    # length, area, volume, mass, energy
    "公里", "千米", "延米", "米", "平方公里", "平方千米", "平方米", "平米", "㎡", "亩", "公顷",
    "立方米", "方", "吨标准煤", "吨", "千克", "公斤", "斤", "克", "微克", "毫克",
    "升", "千瓦时", "千瓦", "兆瓦", "万千瓦", "度", "标箱", "标准箱",
    # time spans (a time limit is a target: 办理时限压缩至3天)
    "个工作日", "工作日", "个月", "小时", "分钟", "天", "周",
    # people
    "人次", "人", "名", "位", "户", "家",
    # things and places
    "个", "栋", "幢", "座", "套", "间", "张", "床", "项", "条", "处", "所", "场次", "场",
    "次", "台", "辆", "部", "片", "块", "棵", "株", "件", "只", "头", "份", "册", "篇",
    "批", "宗", "笔", "起", "例", "支", "类", "种", "门", "站", "层", "分",
    "盏", "根", "眼", "口", "节", "课时", "学时", "列", "班", "趟", "架次", "艘", "标段",
)

# Measure words accepted after a *Chinese* numeral. Narrower than ``UNITS``: Chinese
# numerals in this prose are mostly slogans and names, and words such as 分 (十分),
# 位 (五位一体), 级 (三级医院), 期 (二期), 种 (七种能力), 口/眼 (place names) read as
# measure words there far more often than they count work.
CN_UNITS: frozenset[str] = frozenset((
    "个", "家", "户", "栋", "幢", "座", "套", "间", "张", "项", "条", "处", "所", "场", "次",
    "台", "辆", "部", "片", "块", "件", "支", "批", "名", "人", "人次", "公里", "米", "平方米",
    "平方公里", "亩", "公顷", "吨", "元", "美元", "倍", "天", "小时", "个月", "个百分点", "百分点",
    "棵", "株",
))

# Units a later ``/`` can extend into a rate (吨/平方公里·月, 人/区, 微克/立方米).
RATE_DENOMINATORS: tuple[str, ...] = (
    "平方公里", "平方米", "立方米", "公里", "万人", "千人", "人", "户", "区", "年", "月", "日",
    "天", "小时", "亩", "吨",
)

# A unit character that begins a longer word is not a unit: ``30项目`` lost its
# measure word (unit stays null), ``5000家庭`` is not 5000 家.
FALSE_UNIT_WORDS: frozenset[str] = frozenset((
    "家庭", "家园", "项目", "人员", "人才", "人口", "人民", "人群", "名单", "名录", "场所",
    "场地", "场景", "条件", "条例", "处理", "处置", "台账", "台阶", "部门", "部署", "部分",
    "所有", "件事", "个体", "个人", "个性", "片区", "块地", "次数", "分类", "分局",
    "分之", "分析", "站点", "层级", "层次", "级别", "口袋", "门店", "门诊", "门户", "节点",
    "类型", "种类", "起来", "期间", "期限", "方面", "方案", "方式", "支持", "支付",
    "度假", "位置", "米粮", "条线", "间隔", "头部", "份额", "笔记", "例如", "位于", "天然",
    "天坛", "周边", "周年", "周期", "床位", "周岁",
))

# --- Words after a number that make it *not* a quantity ----------------------------
# Dates, ordinals, versions, phases, classes: 2023年, 10月, 28日, 53号院, 三期,
# 第二届, 二环, 4.0版, 5G, 3季度, 建党100周年, 三级医院, X大 (五大商圈).
NON_UNIT_FOLLOWERS: tuple[str, ...] = (
    "周年", "年", "月", "日", "号", "期", "届", "环", "版", "代", "型", "季度", "季",
    "时", "中全会", "大", "线", "路", "甲", "星", "寸", "楼", "轮", "手", "连冠",
    "千伏", "伏", "国道", "省道", "县道", "乡道", "强",  # voltage classes, road names, 世界500强
    "后",  # generations: 90后
    "岁", "周岁",  # ages: 3岁以下婴幼儿, 35周岁以上人群
)

# Words before a number that make it an ordinal, a ranking, a rate denominator or a
# period: 第8项, 前三季度, 每3万人 (only the numerator of a rate counts).
# 数十个 / 几十家 are vague, not counts.
NON_COUNT_PREFIXES: tuple[str, ...] = ("第", "前", "每", "数", "几", "No.", "NO.", "排名", "位居", "位列")

# A number + unit + 以上 that modifies a noun is a size class, not a target:
# 5000万元以上项目, 规模以上企业, 二级以上医院, 3A级以上景区.
THRESHOLD_NOUNS: tuple[str, ...] = (
    "项目", "企业", "的", "重大", "重点", "工业", "产业", "医院", "景区", "规模", "大型", "单位", "商户",
    "客户", "人才", "用户", "工程", "课题", "建设", "投资", "公司", "园区", "楼宇", "道路", "品牌",
)

# Address words: a number right after them is a house or lane number (胡同46, 3号楼).
ADDRESS_PREFIXES: tuple[str, ...] = ("胡同", "大街", "街", "路", "巷", "弄", "里", "号楼", "楼", "院", "村")

# --- Qualifiers ---------------------------------------------------------------------
# Printed word → contract qualifier. The contract lists 不少于 以上 左右 以内 不超过
# 不低于 力争; synonyms map to the nearest one (as the gold labels do: 至少 → 不少于,
# 大于等于 / ≥ → 不低于, 及以上 → 以上).
QUALIFIERS_BEFORE: dict[str, str] = {
    "不少于": "不少于", "不低于": "不低于", "不超过": "不超过", "不高于": "不超过",
    "不多于": "不超过", "不大于": "不超过", "不小于": "不低于", "至少": "不少于",
    "大于或等于": "不低于", "大于等于": "不低于", "≥": "不低于", ">=": "不低于",
    "小于或等于": "不超过", "小于等于": "不超过", "≤": "不超过", "<=": "不超过",
    "力争": "力争", "超过": "以上", "高于": "以上",
}
QUALIFIERS_AFTER: dict[str, str] = {
    "及以上": "以上", "以上": "以上", "左右": "左右", "以内": "以内", "之内": "以内",
    "以下": "以内", "内": "以内",
}

# --- Fixed phrases no general rule catches ------------------------------------------
# Each is a regular expression; a number inside a match is never a quantity. Every
# pattern must begin with a digit, a Chinese numeral, a Latin letter, 中 or a quote:
# quantity.py skips all other positions before trying them (``_MASK_FIRST``).
FIXED_PHRASES: tuple[str, ...] = (
    # Party discipline and political slogans carrying a real measure word.
    r"(?:中央)?八项规定", r"四个意识", r"四个自信", r"两个维护", r"两个确立", r"四个全面",
    r"四个服务", r"四个中心", r"两个一百年", r"三个代表", r"两个务必",
    r"三会一课", r"三重一大", r"两学一做", r"三严三实", r"六稳六保", r"六稳", r"六保",
    r"两不愁三保障", r"五位一体", r"四位一体", r"三位一体", r"一带一路", r"三大攻坚战",
    # The report's own structure, not work to do: 重点抓好八个方面工作, 主要做了七个方面工作.
    r"[一二两三四五六七八九十\d]+个?方面",
    # Sessions of a congress or party committee: 十二届十一次全会, 八届八次全会 (ordinals, not counts).
    r"[一二三四五六七八九十\d]+届[一二三四五六七八九十\d]+次",
    # A quoted slogan that begins with a Chinese numeral, however long:
    # “一个首要任务、三个主攻方向、两个根本”, “五大攻坚行动”.
    r"[“\"][一二两三四五六七八九十][^“”\"\d\n]{1,40}[”\"]",
    # Fractions and adverbs written with numerals: 三分之一 (a share, not 3 分), 十分重要.
    r"[一二两三四五六七八九十百\d.]+分之", r"十分", r"万分", r"百分百",
    # Round-the-clock service modes (24小时便利店, 7×24小时服务); only 24小时内 is a time limit.
    r"(?:7\s*[×xX*]\s*)?24\s*小时(?![内以之])",
    # Service-radius standards: 15分钟便民生活圈, 一刻钟健身圈, 半小时经济圈.
    r"[\d一二三四五六七八九十半]+\s*(?:分钟|小时|公里)(?:便民|生活|健身|服务|文化|阅读|就医|医疗|养老|经济|通勤|交通|社区)\S{0,4}?圈",
    # Investment-cycle slogan: 开工一批、投产一批、储备一批.
    r"三个一批",
    # Public hotlines and emergency numbers: 12345热线, 120急救.
    r"(?<!\d)(?:110|119|120|122|12345|12315|12319|12320|12348|12366|12369|96\d{3})(?!\d)"
    r"(?=\s*(?:热线|报警|急救|接警|指挥|平台|服务|话务|市民|接诉|呼叫))",
    # Named programmes and times of day.
    r"[一二三四五六七八九十\d]+年行动(?:计划|方案)?", r"[一二两三四五六七八九十]+大(?:类|重点|领域|行业|商圈|产业|工程|行动|板块)",
)
