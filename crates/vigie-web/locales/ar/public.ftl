# vigie — العربية: نصوص البوابة العامة.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = الانتقال إلى المحتوى
# Name of the main menu, read out by screen readers (not shown).
nav-label = القائمة الرئيسية
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = اللغة
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = الاستغلال الجنسي
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = العمل القسري
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = الإكراه على ارتكاب الجرائم
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = التسول القسري
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = الاستعباد المنزلي
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = الزواج القسري
# A form of exploitation: children made to work.
exploitation-child-labour = عمل الأطفال
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = نزع الأعضاء
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = التبني غير القانوني
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = الاستغلال في تأجير الأرحام
# Any other form of exploitation (label in tables of figures).
exploitation-other = أشكال أخرى
# Sex of a person, label in a table of figures.
sex-female = أنثى
# Sex of a person, label in a table of figures.
sex-male = ذكر
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = آخر
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = غير مذكور
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = سكن آمن
# What a help service offers: urgent medical care.
service-kind-emergency-medical = رعاية طبية طارئة
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = دعم نفسي
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = استشارة قانونية
# What a help service offers: interpreters.
service-kind-interpretation = ترجمة شفهية
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = حقوق العمال
# What a help service offers: schooling for children.
service-kind-education = تعليم الأطفال
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = مساعدة مادية
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = العودة وإعادة الإدماج
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = تقديم شكوى إلى الشرطة
# Kind of response of a measure of the action plan.
response-social-prevention = الوقاية الاجتماعية
# Kind of response of a measure of the action plan.
response-youth-family = دعم الشباب والأسرة
# Kind of response of a measure of the action plan.
response-education = التعليم
# Kind of response of a measure of the action plan.
response-housing = السكن
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = الإدماج الاقتصادي
# Kind of response of a measure of the action plan.
response-victim-support = دعم الضحايا
# Kind of response of a measure of the action plan: informing the public.
response-awareness = التوعية
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = العوائق الإدارية
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = الوقاية الظرفية
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = إنفاذ القانون
# Progress of a measure of the action plan: not started.
measure-status-planned = مخطط له
# Progress of a measure of the action plan: under way.
measure-status-running = قيد التنفيذ
# Progress of a measure of the action plan: completed.
measure-status-done = منجَز
# Progress of a measure of the action plan: paused.
measure-status-suspended = معلَّق
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = ملغى
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } ضد الاتجار بالبشر
# Menu link to the home page.
public-home = الرئيسية
# Menu link to the page of statistics about trafficking in the city.
public-figures = أرقام المدينة
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = الاتفاقية الأوروبية
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = في خطر الآن؟ اتصلوا بالرقم 112 (مجانًا، من أي هاتف، وبلغات عديدة).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = لا ملفات تعريف ارتباط (كوكيز)، ولا تتبُّع، ولا شيء يُحمَّل من مواقع أخرى. المساعدة لا تتوقف على وضع إقامتكم.
# Main heading of the home page.
public-welcome = الاتجار بالبشر والاستغلال: المساعدة موجودة
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = الاتجار بالبشر هو تجنيد أشخاص أو نقلهم أو احتجازهم من أجل استغلالهم: في الدعارة، أو في العمل دون أجر أو حقوق، أو في الجريمة، أو في التسول، أو في خدمة المنازل، أو في زواج قسري. وهو يحدث هنا أيضًا. يعرض هذا الموقع ما تقوم به المدينة، وأين يمكن الحصول على المساعدة.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = مساعدة الضحايا لا تتوقف على وضع إقامتهم، ولا على استعدادهم للإدلاء بالشهادة.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = عدد الأشخاص الذين التقت بهم خدمات المدينة، وكيف تحمي المدينة هويتهم عند نشر الأرقام
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = اتفاقية مجلس أوروبا بشأن مكافحة الاتجار بالبشر، والدول الملتزمة بها
# Introduction of the statistics page: what the numbers count.
public-figures-intro = أشخاص التقت بهم خدمات المدينة بوصفهم ضحايا محتملين للاتجار أو الاستغلال (حالات مفتوحة)، استنادًا إلى سجلات هذه الخدمات نفسها. لا شيء هنا يكشف هوية أي شخص.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = حتى لا يمكن التعرُّف على أي شخص، لا يُنشر أي عدد من 1 إلى { $max }، وتُحجب معها أعداد أخرى حيثما يمكن أن تكشفها المجاميع أو جداول أخرى (ويُتحقَّق من ذلك بالحساب). أما الصفر فيُنشر.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = محجوب
# Column heading in a table of figures: number of people.
public-count = الأشخاص
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = حسب سنة فتح الحالة
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = حسب شكل الاستغلال
# Note under the table by form of exploitation.
public-by-form-note = قد يتعرض الشخص الواحد للاستغلال بأكثر من شكل: لذلك يزيد مجموع الأعداد على عدد الأشخاص.
# Caption of a table of figures: people counted by sex.
public-by-sex = حسب الجنس
# Caption of a table of figures: adults and children.
public-by-age = حسب الفئة العمرية
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = يُحتسب الشخص الذي لا يُعرف عمره على وجه اليقين قاصرًا، كما تطلب الاتفاقية (المادة 10).
# Row of a table: people aged 18 or more.
public-adults = البالغون
# Row of a table: people under 18.
public-minors = القاصرون
# Last row or column of a table: the total number of people.
public-total-people = جميع الأشخاص
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = مجموع الأشكال المسجَّلة
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = اتفاقية مجلس أوروبا بشأن مكافحة الاتجار بالبشر (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = اعتُمدت الاتفاقية في 3 مايو/أيار 2005، وهي نافذة منذ 1 فبراير/شباط 2008. وتُلزم الدول التي صادقت عليها أو انضمت إليها بمنع الاتجار بالبشر، وحماية الضحايا ومساعدتهم، وملاحقة المتاجرين بالبشر قضائيًا، ويتولى رصد تنفيذها فريق من الخبراء المستقلين هو فريق GRETA.
# Heading on the Convention page: what the treaty promises victims.
public-promises = ما تَعِد به الضحايا
# What Article 10 of the Convention promises, in plain words.
public-art10 = تحديد هوية الضحايا (المادة 10): يتولى أشخاص مدرَّبون تحديد هوية الضحايا؛ ولا يُبعَد أي شخص من البلد قبل اكتمال تحديد هويته؛ ويُفترض أن الشخص الذي لا يُعرف عمره على وجه اليقين طفل.
# What Article 11 of the Convention promises, in plain words.
public-art11 = الحياة الخاصة (المادة 11): تُحمى هوية الضحايا وبياناتهم الشخصية.
# What Article 12 of the Convention promises, in plain words.
public-art12 = المساعدة (المادة 12): سكن آمن، ومساعدة نفسية ومادية، ورعاية طبية طارئة، وترجمة شفهية، واستشارة ومعلومات، ومساعدة في الإجراءات القضائية، وتعليم للأطفال — بموافقة الضحايا، ودون اشتراط الإدلاء بالشهادة.
# What Article 13 of the Convention promises, in plain words.
public-art13 = التعافي والتفكير (المادة 13): مهلة لا تقل عن 30 يومًا للتعافي واتخاذ قرار بشأن التعاون مع السلطات، ولا يُنفَّذ خلالها أي قرار بالترحيل.
# What Article 14 of the Convention promises, in plain words.
public-art14 = تصريح الإقامة (المادة 14): تصريح قابل للتجديد عندما يقتضي ذلك وضع الشخص أو الإجراءات القضائية.
# Heading on the Convention page: how countries are checked.
public-greta = الرصد
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = يقيِّم فريق GRETA كل طرف على جولات: الأولى (منذ 2010) بشأن التنفيذ العام، والثانية (2014) بشأن أثر التدابير، والثالثة (منذ 2018) بشأن وصول الضحايا إلى العدالة وسبل الانتصاف، والرابعة (منذ 2023) بشأن مواطن الضعف أمام الاتجار بالبشر، بما في ذلك عبر تكنولوجيا المعلومات.
# Heading of the table of the countries bound by the Convention.
public-parties = الدول الأطراف
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = عدد الدول الأطراف: { $n }، وهي الدول الأعضاء في مجلس أوروبا (وعددها { $members })، إضافة إلى دول أخرى انضمت إلى الاتفاقية (وعددها { $others }).
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = التواريخ التي يجب التحقق منها بمقارنتها بجدول مكتب المعاهدات في مجلس أوروبا مُعلَّمة بعبارة «قيد التحقق»؛ وتواريخ بدء النفاذ المحسوبة وفقًا للمادة 42 (اليوم الأول من الشهر التالي لانقضاء ثلاثة أشهر على تاريخ الإيداع) مُعلَّمة بكلمة «محسوب».
# Column heading: the country.
public-state = الدولة
# Column heading: the date the country signed the treaty.
public-signature = التوقيع
# Column heading: the date the country ratified or joined the treaty.
public-ratification = التصديق أو الانضمام
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = بدء النفاذ
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = انضمام
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = محسوب
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = قيد التحقق
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = دول ليست أطرافًا:
# Menu link and page title: the page listing services that help victims.
public-help = الحصول على المساعدة
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = الخدمات التي تساعد الضحايا في المدينة، واللغات التي تتحدثها، وأوقات عملها، وكيفية التواصل معها
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = المساعدة متاحة، مهما كان وضعكم
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = تساعد هذه الخدمات الأشخاص الذين يتعرضون للاستغلال أو الذين وقعوا ضحايا للاتجار بالبشر: مكان آمن للإقامة، ورعاية صحية، وشخص تتحدثون إليه، ونصائح بشأن حقوقكم. لا تحتاجون إلى أوراق، ولستم مضطرين إلى الذهاب إلى الشرطة. اتصلوا بهم أو راسلوهم؛ فهم يتحدثون اللغات المذكورة.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = لم تنشر المدينة قائمة خدماتها بعد. في حالة الخطر، اتصلوا بالرقم 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = اللغات
# Label in a help service's card: when it is open.
public-help-hours = أوقات العمل
# Label in a help service's card: its phone number or e-mail.
public-help-contact = التواصل
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = كيف يبدو الاستغلال
# Menu link to the page of downloadable statistics (open data).
public-data = البيانات المفتوحة
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = الأرقام نفسها في ملفات (CSV وJSON) مع تعريفاتها، ليعيد أي شخص استخدامها
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = يمكن هنا تنزيل كل جدول من صفحة الأرقام بصيغة CSV أو JSON، مع تعريفاته وفترته والقواعد المطبَّقة لحماية الأشخاص. العناوين لا تتغير. ويسرد فهرسٌ قابل للقراءة آليًا جميع الجداول.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = فهرس الجداول (JSON)
# Label before the links to download a table as a file.
public-download = تنزيل
# Column heading on the open data page: the name of a downloadable table.
public-dataset = الجدول
# Label or column heading: the time span a table covers.
public-period = الفترة
# A time span. $from and $to are dates or years.
public-period-range = من { $from } إلى { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = الأشخاص حسب { $what } والسنة
# Inserted in "People by ... and year".
public-what-form = شكل الاستغلال
# Inserted in "People by ... and year".
public-what-sex = الجنس
# Inserted in "People by ... and year".
public-what-age = الفئة العمرية
# Last column of a table: all years together.
public-all-years = جميع السنوات
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = كم عدد الضحايا الذين لم تلتقِ بهم أي خدمة
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = عدد الأشخاص المختلفين المدرَجين في قوائم الجهات التي تلتقي بالضحايا: { $known }. وتتيح مقارنة هذه القوائم (كم شخصًا يظهر في قائمة واحدة أو اثنتين أو أكثر) للإحصائيين تقدير عدد من لم تلتقِ بهم أي جهة. ويبلغ التقدير لعدد الضحايا جميعًا، المعروفين وغير المعروفين، نحو { $estimate } (مجال الثقة 95%: من { $low } إلى { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = تقدير مبني على قوائم الجهات (عددها { $lists }، الفترة: { $period })، ومقرَّب إلى أقرب مضاعف للعدد { $round }.
# Shown when there is no estimate of the hidden number.
public-hidden-none = لم تنشر المدينة تقديرًا بعد.
# Heading of the map of the city's areas.
public-map = حوادث الجريمة المنظمة لكل 1000 نسمة، حسب المنطقة
# Note under the map: how small numbers are hidden on it.
public-map-note = حين يكون عدد الحوادث في منطقة ما أقل من أن يُنشر، تُدمج مع منطقة مجاورة، وتعرض المنطقتان المعدل المشترك للمجموعة.
# Column heading: a neighbourhood or district of the city.
public-area = المنطقة
# Column heading: number of incidents recorded.
public-incidents = الحوادث
# Column heading: incidents for every 1,000 people living in the area.
public-rate = لكل 1000 نسمة
# Shown instead of the map when there is nothing to show.
public-map-none = لا توجد حوادث لعرضها.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = خطة عمل المدينة
# Sentence about the action plan. $n is a number.
public-plan-text = عدد تدابير الخطة: { $n }. وهي ما تقوم به المدينة وشركاؤها للوقاية والحماية والملاحقة القضائية.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = التدابير حسب مرحلة التنفيذ
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = التدابير حسب نوع الاستجابة
# Column heading: number of measures of the action plan.
public-measures = التدابير
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = لم تُترجم هذه الصفحة إلى لغتكم بعد؛ إليكم نصها باللغة الإنجليزية.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = المدرَجون في قوائم الجهات
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = المجموع المقدَّر
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = مجال الثقة، الحد الأدنى
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = مجال الثقة، الحد الأعلى
# Last row of the table of incidents by area: the whole city.
public-all-areas = المدينة كلها
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = تُنشر باسم
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = الحوادث المسجَّلة من { $from } إلى { $to }.
