"""Word and Excel documents for ``test_unseen.py``, written as an office would type them.

They are kept as data (paragraphs and table rows) and built into real .docx/.xlsx
files by ``factories.documents`` when a test runs.
"""
from __future__ import annotations

from factories.documents import Table

# A county's decomposition table in Word: a lead-official column, lead and co-unit
# columns, a deadline column, and sub-heading rows typed into the 序号 or task cell.
COUNTY_PLAN_DOCX = [
    "附件",
    "清河县2024年政府工作报告重点工作任务分解表",
    Table([
        ["序号", "工作任务", "县级责任领导", "牵头单位", "责任单位", "完成时限"],
        ["一、全力推动产业转型升级", "", "", "", "", ""],
        ["1", "实施工业技改项目40个，完成技改投资35亿元。", "李某某", "县工业和信息化局", "县发展改革局、各乡镇人民政府", "2024年12月底前"],
        ["2", "新培育省级“专精特新”中小企业8家以上。", "李某某", "县工业和信息化局", "县科技局", "2024年11月底前"],
        ["", "（二）扎实推进乡村振兴", "", "", "", ""],
        ["3", "粮食播种面积稳定在52万亩以上，粮食产量达到4.1亿斤。", "王某某", "县农业农村局", "各乡镇人民政府", "2024年10月底前"],
        ["4", "新建高标准农田3.5万亩。", "王某某", "县农业农村局", "县自然资源局\n县财政局", "2024年12月底前"],
        ["三", "持续增进民生福祉", "", "", "", ""],
        ["5", "城镇新增就业3200人，城镇登记失业率控制在4%以内。", "赵某某", "县人力资源社会保障局", "各乡镇人民政府、县就业服务中心", "全年"],
        ["6", "改造提升农村公路85公里，新建村级综合服务中心12个。", "赵某某", "县交通运输局", "各乡镇人民政府", "2024年12月底前"],
    ]),
    "注：牵头单位负责统筹推进，每季度末5日前将进展情况报县政府督查室。",
]

# A district's monthly progress sheet in Excel: no 序号 column, a 类别 column merged over
# its rows, a units header with a note in brackets, and a next-steps column.
MONTHLY_XLSX = [
    "2024年4月份重点工作推进情况",
    Table([
        ["类别", "工作事项", "责任单位（牵头单位列首位）", "4月份工作进展", "下步工作计划", "备注"],
        ["经济发展", "全年新增市场主体8000户，引进亿元以上项目20个。", "区市场监管局、区投资促进局",
         "4月新增市场主体712户，累计2650户；签约亿元以上项目3个。", "持续开展招商推介活动。", ""],
        ["经济发展", "完成社会消费品零售总额增长6%。", "区商务局", "1-4月社会消费品零售总额同比增长5.1%。",
         "举办消费季活动。", ""],
        ["社会民生", "新增普惠性托位300个，改造提升社区卫生服务站10个。", "区卫生健康委\n各街道办事处",
         "（1）新增托位120个；（2）已完成5个卫生服务站改造。", "加快施工进度。", ""],
        ["社会民生", "开展职业技能培训5000人次。", "区人力资源和社会保障局", "累计培训1860人次。", "", "序时推进"],
    ], merge_columns=(0,)),
]

# A city bureau's half-year sheet in Excel: a 填报单位 line above the header, spaced
# header words, deadlines typed as real dates, a status column, a heading row.
HALF_YEAR_XLSX = [
    "附件2",
    "2024年市政府重点工作任务进展情况表（截至6月30日）",
    "填报单位（盖章）：市住房和城乡建设局          填报时间：2024年7月5日",
    Table([
        ["序 号", "重点工作任务", "责 任 单 位", "完成时限", "进展情况（截至6月30日）", "完成状态"],
        ["1", "新开工保障性租赁住房5000套，筹集人才公寓1000套。", "市住房城乡建设局\n各区人民政府", "DATE:2024-12-31",
         "1.已开工保障性租赁住房3120套，开工率62.4%；\n2.筹集人才公寓560套。", "推进中"],
        ["2", "完成老旧小区改造150个，加装电梯300部。", "市住房城乡建设局、市财政局", "DATE:2024-11-30",
         "已开工改造老旧小区132个，加装电梯开工186部。", "推进中"],
        ["3", "创建省级绿色建筑示范项目3个。", "市住房城乡建设局", "DATE:2024-06-30",
         "已获批省级绿色建筑示范项目3个。", "已完成"],
    ]),
]


def write_sheet(path, items) -> object:
    """An .xlsx typed by hand: captions in column A, the table below; ``DATE:`` cells are
    real Excel dates (what a date-formatted 完成时限 column holds)."""
    import datetime as dt

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    row_no = 1
    for item in items:
        rows = [[item]] if isinstance(item, str) else item.rows
        for row in rows:
            for c, value in enumerate(row, start=1):
                if value.startswith("DATE:"):
                    cell = sheet.cell(row_no, c, dt.datetime.fromisoformat(value[5:]))
                    cell.number_format = "yyyy/m/d"
                else:
                    sheet.cell(row_no, c, int(value) if value.isdigit() else value)
            row_no += 1
    workbook.save(path)
    return path

# A town's quarterly report in Word: a goal column beside the task column, the period
# printed in the progress header, units of a town (镇人民政府, 派出所, 社区居委会).
TOWN_QUARTER_DOCX = [
    "柳河镇2024年重点工作任务一季度推进情况",
    Table([
        ["序号", "重点任务", "工作目标", "责任单位", "2024年一季度进展情况"],
        ["1", "推进农村人居环境整治", "完成农村户厕改造500座，创建美丽庭院200户。", "镇农业综合服务中心\n各村民委员会",
         "已完成户厕改造126座；创建美丽庭院45户。"],
        ["2", "加强社会治安综合治理", "全年刑事案件发案率下降5%以上。", "县公安局柳河派出所、镇综治中心",
         "一季度刑事案件同比下降7.2%。"],
        ["3", "实施城镇燃气管网改造", "改造老旧燃气管道8公里。", "镇人民政府、县住房和城乡建设局",
         "完成设计招标，计划4月开工。"],
    ]),
]

# A district's plan in Word whose narrow columns wrap the header words onto a second header
# row (牵头 over 单位, 完成 over 时限); the cells under 序号 and 重点任务 are left blank.
WRAPPED_HEADER_DOCX = [
    "附件",
    "云泽市临江区2025年重点工作任务分解表",
    Table([
        ["序号", "重点任务", "牵头", "配合", "完成"],
        ["", "", "单位", "单位", "时限"],
        ["1", "完成临江老街片区城市更新一期，改造房屋420户。", "区住房城乡建设局", "区文化旅游局、滨江街道办事处",
         "2025年12月底前"],
        ["2", "建成区级城市运行管理服务平台。", "区城市管理局", "区大数据中心", "2025年9月底前"],
        ["3", "新增托育机构托位260个，建成普惠托育点6个。", "区卫生健康局", "区教育局\n区妇联", "2025年10月底前"],
    ]),
]

# The same table typed with each wrapped header word in one cell over two lines (牵头\n单位).
WRAPPED_CELLS_XLSX = WRAPPED_HEADER_DOCX[:2] + [Table([
    ["\n".join(filter(None, pair)) for pair in zip(*WRAPPED_HEADER_DOCX[2].rows[:2])],
    *WRAPPED_HEADER_DOCX[2].rows[2:],
])]

# A city bureau's half-year report in Word whose 序号 column numbers the tasks 一、二、…;
# the groups are rows typed into the number cell alone (一、交通基础设施建设).
CN_NUMBERED_DOCX = [
    "云泽市交通运输局2025年重点任务上半年推进情况",
    Table([
        ["序号", "重点任务", "责任单位", "完成时限", "上半年进展情况"],
        ["一、交通基础设施建设", "", "", "", ""],
        ["一、", "建成城市快速路东环段12公里。", "市交通建设投资集团", "2025年12月底前",
         "完成路基工程75%，桥梁下部结构全部完工。"],
        ["二、", "改造农村公路危桥18座。", "市公路事业发展中心\n各区县交通运输局", "2025年10月底前",
         "已完工11座，其余7座正在施工。"],
        ["二、公共交通服务提升", "", "", "", ""],
        ["三、", "新开通城市公交线路8条，更新新能源公交车150辆。", "市公交集团", "2025年12月底前",
         "1.已开通线路3条；2.已更新车辆62辆。"],
        ["四、", "整治出租汽车违规经营行为。", "市交通综合执法支队", "", "上半年查处违规经营案件214起。"],
    ]),
]
