# vigie — 简体中文：公共门户网站的文字。
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = 跳到主要内容
# Name of the main menu, read out by screen readers (not shown).
nav-label = 主导航
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = 语言
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = 性剥削
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = 强迫劳动
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = 强迫犯罪
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = 强迫乞讨
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = 家庭奴役
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = 强迫婚姻
# A form of exploitation: children made to work.
exploitation-child-labour = 童工
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = 摘取器官
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = 非法收养
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = 代孕剥削
# Any other form of exploitation (label in tables of figures).
exploitation-other = 其他
# Sex of a person, label in a table of figures.
sex-female = 女
# Sex of a person, label in a table of figures.
sex-male = 男
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = 其他
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = 未说明
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = 安全住所
# What a help service offers: urgent medical care.
service-kind-emergency-medical = 紧急医疗
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = 心理帮助
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = 法律咨询
# What a help service offers: interpreters.
service-kind-interpretation = 口译
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = 劳动权益
# What a help service offers: schooling for children.
service-kind-education = 儿童教育
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = 物质援助
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = 返乡与重新融入社会
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = 向警方报案
# Kind of response of a measure of the action plan.
response-social-prevention = 社会预防
# Kind of response of a measure of the action plan.
response-youth-family = 青少年与家庭支持
# Kind of response of a measure of the action plan.
response-education = 教育
# Kind of response of a measure of the action plan.
response-housing = 住房
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = 经济融入
# Kind of response of a measure of the action plan.
response-victim-support = 受害者支持
# Kind of response of a measure of the action plan: informing the public.
response-awareness = 公众宣传
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = 行政屏障
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = 情境预防
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = 执法
# Progress of a measure of the action plan: not started.
measure-status-planned = 计划中
# Progress of a measure of the action plan: under way.
measure-status-running = 进行中
# Progress of a measure of the action plan: completed.
measure-status-done = 已完成
# Progress of a measure of the action plan: paused.
measure-status-suspended = 已暂停
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = 已取消
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city }打击人口贩运
# Menu link to the home page.
public-home = 首页
# Menu link to the page of statistics about trafficking in the city.
public-figures = 本市数据
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = 欧洲公约
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = 现在有危险？请拨打 112（免费，任何电话都能拨打，可使用多种语言）。
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = 本网站不使用 Cookie，不跟踪访问者，不从其他网站加载任何内容。能否获得帮助与您的居留身份无关。
# Main heading of the home page.
public-welcome = 人口贩运与剥削：您可以得到帮助
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = 人口贩运是指招募、转移或控制他人，以便剥削他们：逼迫他们卖淫，让他们做没有工资、没有权利的工作，逼迫他们犯罪、乞讨，把他们困在家中做佣人，或强迫他们结婚。这种事在这里也会发生。本网站介绍本市正在做什么，以及在哪里可以得到帮助。
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = 对受害者的帮助不取决于其居留身份，也不取决于其是否愿意作证。
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = 本市各服务机构接触过多少人，以及本市在公布数据时如何保护他们的身份
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = 《欧洲委员会打击贩运人口行动公约》及受其约束的国家
# Introduction of the statistics page: what the numbers count.
public-figures-intro = 本市各服务机构接触过的、可能是人口贩运或剥削受害者的人数（已建立的个案），数据来自各机构自己的记录。这里的任何内容都无法识别出具体的人。
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = 为确保任何人都无法被识别，从 1 到 { $max } 的数字一律不公布；凡是通过合计或其他表格可以推算出这些数字的地方，其他相关数字也一并不公布（经过计算核查）。零会公布。
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = 不公布
# Column heading in a table of figures: number of people.
public-count = 人数
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = 按个案建立年份
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = 按剥削形式
# Note under the table by form of exploitation.
public-by-form-note = 一个人可能遭受多种形式的剥削：因此各项数字之和大于人数。
# Caption of a table of figures: people counted by sex.
public-by-sex = 按性别
# Caption of a table of figures: adults and children.
public-by-age = 按年龄组
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = 年龄不确定的人按未成年人计算，这是公约的要求（第10条）。
# Row of a table: people aged 18 or more.
public-adults = 成年人
# Row of a table: people under 18.
public-minors = 未成年人
# Last row or column of a table: the total number of people.
public-total-people = 总人数
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = 各形式合计
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = 《欧洲委员会打击贩运人口行动公约》（CETS No. 197）
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = 该公约于2005年5月3日通过，自2008年2月1日起生效。公约要求已批准或加入公约的国家预防人口贩运、保护和援助受害者、起诉贩运者，并由独立专家组 GRETA 监督公约的实施。
# Heading on the Convention page: what the treaty promises victims.
public-promises = 公约对受害者的承诺
# What Article 10 of the Convention promises, in plain words.
public-art10 = 身份识别（第10条）：由受过培训的人员识别受害者；在识别程序完成之前，任何人都不会被遣送出境；年龄不确定的人被推定为儿童。
# What Article 11 of the Convention promises, in plain words.
public-art11 = 私生活（第11条）：受害者的身份和个人数据受到保护。
# What Article 12 of the Convention promises, in plain words.
public-art12 = 援助（第12条）：安全住所、心理和物质援助、紧急医疗、口译、咨询和信息、在诉讼程序中提供帮助、让儿童上学——须经本人同意，且不以作证为条件。
# What Article 13 of the Convention promises, in plain words.
public-art13 = 恢复和反思期（第13条）：至少30天，用于恢复身心，并决定是否与当局合作；在此期间不执行任何驱逐令。
# What Article 14 of the Convention promises, in plain words.
public-art14 = 居留许可（第14条）：在个人情况或诉讼程序需要时，发放可续期的居留许可。
# Heading on the Convention page: how countries are checked.
public-greta = 监督
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = GRETA 分轮对每个缔约方进行评估：第一轮（自2010年起）评估公约的总体实施情况，第二轮（2014年）评估各项措施的效果，第三轮（自2018年起）评估受害者诉诸司法和获得救济的情况，第四轮（自2023年起）评估人们易遭人口贩运的脆弱因素，包括与信息技术有关的因素。
# Heading of the table of the countries bound by the Convention.
public-parties = 缔约方
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = 共有 { $n } 个国家是缔约方：欧洲委员会的 { $members } 个成员国，以及通过加入成为缔约方的 { $others } 个其他国家。
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = 需要与欧洲委员会条约办公室的一览表核对的日期标为“待核实”；根据第42条（自交存之日起满三个月后的下一个月的第一天）计算得出的生效日期标为“推算”。
# Column heading: the country.
public-state = 国家
# Column heading: the date the country signed the treaty.
public-signature = 签署
# Column heading: the date the country ratified or joined the treaty.
public-ratification = 批准或加入
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = 生效
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = 加入
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = 推算
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = 待核实
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = 非缔约方：
# Menu link and page title: the page listing services that help victims.
public-help = 获取帮助
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = 本市帮助受害者的服务机构、使用的语言、开放时间及联系方式
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = 无论您的身份如何，都能得到帮助
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = 这些服务机构帮助正在遭受剥削或曾被贩运的人：提供安全的住处、医疗照顾、可以倾诉的人，以及关于您的权利的建议。您不需要任何证件，也不必去警察局。请给他们打电话或写信；他们会说所列出的语言。
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = 本市尚未列出服务机构。如遇危险，请拨打 112。
# Label in a help service's card: the languages its staff speak.
public-help-languages = 语言
# Label in a help service's card: when it is open.
public-help-hours = 开放时间
# Label in a help service's card: its phone number or e-mail.
public-help-contact = 联系方式
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = 剥削有哪些表现
# Menu link to the page of downloadable statistics (open data).
public-data = 开放数据
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = 以文件形式（CSV 和 JSON）提供同样的数据及其定义，任何人都可以再利用
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = 数据页面上的每张表格都可以在这里以 CSV 或 JSON 格式下载，并附有定义、时间范围以及为保护个人而采用的规则。下载地址不会改变。一份机器可读的目录列出了所有表格。
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = 表格目录（JSON）
# Label before the links to download a table as a file.
public-download = 下载
# Column heading on the open data page: the name of a downloadable table.
public-dataset = 表格
# Label or column heading: the time span a table covers.
public-period = 时间范围
# A time span. $from and $to are dates or years.
public-period-range = { $from } 至 { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = 按{ $what }和年份统计的人数
# Inserted in "People by ... and year".
public-what-form = 剥削形式
# Inserted in "People by ... and year".
public-what-sex = 性别
# Inserted in "People by ... and year".
public-what-age = 年龄组
# Last column of a table: all years together.
public-all-years = 所有年份
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = 有多少受害者从未被任何服务机构接触过
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = 接触受害者的各机构的名单上共有 { $known } 个不同的人。通过比较这些名单（有多少人出现在一份、两份或更多份名单上），统计人员可以估算出有多少人从未被任何机构接触过。所有受害者（无论是否已知）的估计人数约为 { $estimate } 人（95% 置信区间：{ $low } 至 { $high }）。
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = 根据 { $lists } 个机构的名单估算（{ $period }）；四舍五入到 { $round } 的最接近倍数。
# Shown when there is no estimate of the hidden number.
public-hidden-none = 本市尚未公布估计数。
# Heading of the map of the city's areas.
public-map = 各区域每1000名居民的有组织犯罪事件数
# Note under the map: how small numbers are hidden on it.
public-map-note = 如果某个区域的事件太少而不能公布，该区域会与一个相邻区域合并，两者都显示合并后的比率。
# Column heading: a neighbourhood or district of the city.
public-area = 区域
# Column heading: number of incidents recorded.
public-incidents = 事件数
# Column heading: incidents for every 1,000 people living in the area.
public-rate = 每1000名居民
# Shown instead of the map when there is nothing to show.
public-map-none = 没有可显示的事件。
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = 本市行动计划
# Sentence about the action plan. $n is a number.
public-plan-text = 该计划共有 { $n } 项措施：即本市及其合作伙伴为预防、保护和起诉而采取的行动。
# Caption of a table: how many measures are planned, running, done.
public-plan-status = 按进展统计的措施
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = 按应对类型统计的措施
# Column heading: number of measures of the action plan.
public-measures = 措施数
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = 本页面尚未翻译成您的语言；以下是英文版本。
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = 列在各机构名单上
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = 估计总数
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = 置信区间下限
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = 置信区间上限
# Last row of the table of incidents by area: the whole city.
public-all-areas = 全市
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = 公布区域
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = { $from } 至 { $to } 期间记录的事件。
