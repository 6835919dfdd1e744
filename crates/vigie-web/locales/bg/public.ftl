# vigie — български: текстовете на публичния портал.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Към съдържанието
# Name of the main menu, read out by screen readers (not shown).
nav-label = Основно меню
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Език
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Сексуална експлоатация
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Принудителен труд
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Принуждаване към престъпна дейност
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Принудителна просия
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Домашно робство
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Принудителен брак
# A form of exploitation: children made to work.
exploitation-child-labour = Детски труд
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Отнемане на органи
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Незаконно осиновяване
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Експлоатация чрез сурогатно майчинство
# Any other form of exploitation (label in tables of figures).
exploitation-other = Друго
# Sex of a person, label in a table of figures.
sex-female = Женски
# Sex of a person, label in a table of figures.
sex-male = Мъжки
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Друг
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = Не е посочен
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Безопасно настаняване
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Спешна медицинска помощ
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Психологическа помощ
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Правни консултации
# What a help service offers: interpreters.
service-kind-interpretation = Устен превод
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Трудови права
# What a help service offers: schooling for children.
service-kind-education = Образование за децата
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Материална помощ
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Завръщане и реинтеграция
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Подаване на сигнал в полицията
# Kind of response of a measure of the action plan.
response-social-prevention = Социална превенция
# Kind of response of a measure of the action plan.
response-youth-family = Подкрепа за младежи и семейства
# Kind of response of a measure of the action plan.
response-education = Образование
# Kind of response of a measure of the action plan.
response-housing = Жилищно настаняване
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Икономическо приобщаване
# Kind of response of a measure of the action plan.
response-victim-support = Подкрепа за жертвите
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Повишаване на осведомеността
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Административна бариера
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Ситуационна превенция
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Правоприлагане
# Progress of a measure of the action plan: not started.
measure-status-planned = Планирана
# Progress of a measure of the action plan: under way.
measure-status-running = В изпълнение
# Progress of a measure of the action plan: completed.
measure-status-done = Изпълнена
# Progress of a measure of the action plan: paused.
measure-status-suspended = Спряна
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Отменена
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } срещу трафика на хора
# Menu link to the home page.
public-home = Начало
# Menu link to the page of statistics about trafficking in the city.
public-figures = Данните за града
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = Европейската конвенция
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = В опасност ли сте в момента? Обадете се на 112 (безплатно, от всеки телефон, на много езици).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Без бисквитки, без проследяване, нищо не се зарежда от други сайтове. Помощта не зависи от статута Ви на пребиваване.
# Main heading of the home page.
public-welcome = Трафик на хора и експлоатация: има помощ
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = Трафик на хора означава хора да бъдат набирани, превозвани или задържани, за да бъдат експлоатирани: в проституция, в работа без заплащане и без права, в престъпна дейност, в просия, в чуждо домакинство, в принудителен брак. Това се случва и тук. Този сайт показва какво прави градът и къде можете да намерите помощ.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = Помощта за жертвите не зависи нито от статута им на пребиваване, нито от готовността им да свидетелстват.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = колко хора са срещнали службите на града и как се пази самоличността им при публикуването на данните
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = Конвенцията на Съвета на Европа за борба с трафика на хора и държавите, обвързани с нея
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Хора, с които службите на града са се срещнали като с възможни жертви на трафик или експлоатация (открити случаи), по собствените данни на службите. Нищо тук не позволява някой да бъде разпознат.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = За да не може никой да бъде разпознат, нито един брой от 1 до { $max } не се публикува, а заедно с тях се скриват и други бройки навсякъде, където сборовете или други таблици биха ги издали (проверено с изчисление). Нулата се публикува.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = скрито
# Column heading in a table of figures: number of people.
public-count = Хора
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = По година на откриване на случая
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = По форма на експлоатация
# Note under the table by form of exploitation.
public-by-form-note = Един човек може да бъде експлоатиран по няколко начина: сборът е по-голям от броя на хората.
# Caption of a table of figures: people counted by sex.
public-by-sex = По пол
# Caption of a table of figures: adults and children.
public-by-age = По възрастова група
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = Човек, чиято възраст не е сигурна, се брои за непълнолетен, както изисква Конвенцията (чл. 10).
# Row of a table: people aged 18 or more.
public-adults = Пълнолетни
# Row of a table: people under 18.
public-minors = Непълнолетни
# Last row or column of a table: the total number of people.
public-total-people = Всички хора
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Всички споменавания
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = Конвенция на Съвета на Европа за борба с трафика на хора (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Приета на 3 май 2005 г., Конвенцията е в сила от 1 февруари 2008 г. Тя задължава държавите, които са я ратифицирали или са се присъединили към нея, да предотвратяват трафика, да защитават и подпомагат жертвите и да преследват трафикантите, а прилагането ѝ се наблюдава от група независими експерти – GRETA.
# Heading on the Convention page: what the treaty promises victims.
public-promises = Какво обещава на жертвите
# What Article 10 of the Convention promises, in plain words.
public-art10 = Идентифициране (чл. 10): обучени хора идентифицират жертвите; никой не се извежда от страната, преди идентифицирането да е приключило; човек, чиято възраст не е сигурна, се смята за дете.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Личен живот (чл. 11): самоличността и личните данни на жертвите са защитени.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Подпомагане (чл. 12): безопасно настаняване, психологическа и материална помощ, спешна медицинска помощ, устен превод, съвети и информация, помощ в производствата, образование за децата — с тяхно съгласие и без условие да свидетелстват.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Период за възстановяване и размисъл (чл. 13): поне 30 дни, за да се възстанови човек и да реши дали да сътрудничи на властите; през това време не се изпълнява заповед за експулсиране.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Разрешение за пребиваване (чл. 14): разрешение, което може да се подновява, когато положението на човека или производството го налагат.
# Heading on the Convention page: how countries are checked.
public-greta = Мониторинг
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = GRETA оценява всяка Страна на кръгове: първият (от 2010 г.) – цялостното прилагане, вторият (2014 г.) – въздействието на мерките, третият (от 2018 г.) – достъпа на жертвите до правосъдие и средства за защита, четвъртият (от 2023 г.) – уязвимостта към трафик, включително чрез информационните технологии.
# Heading of the table of the countries bound by the Convention.
public-parties = Страните
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } държави са Страни: всичките { $members } държави членки на Съвета на Европа и още { $others } държави чрез присъединяване.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Датите, които трябва да се проверят в таблицата на Службата за договорите на Съвета на Европа, са отбелязани; датите на влизане в сила, изчислени по чл. 42 (първия ден от месеца след изтичането на три месеца от депозирането), са отбелязани като изчислени.
# Column heading: the country.
public-state = Държава
# Column heading: the date the country signed the treaty.
public-signature = Подписване
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ратификация или присъединяване
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Влизане в сила
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = присъединяване
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = изчислена
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = за проверка
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Не са Страни:
# Menu link and page title: the page listing services that help victims.
public-help = Потърсете помощ
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = службите, които помагат на жертвите в града, езиците, на които говорят, работното им време и как да се свържете с тях
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Помощ, независимо от статута Ви
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Тези служби помагат на хора, които са експлоатирани или са станали жертви на трафик: безопасно място за престой, медицинска помощ, човек, с когото да поговорите, съвети за Вашите права. Не Ви трябват документи и не е задължително да ходите в полицията. Обадете им се или им пишете; те говорят посочените езици.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = Градът все още не е публикувал своите служби. Ако сте в опасност, обадете се на 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Езици
# Label in a help service's card: when it is open.
public-help-hours = Работно време
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Контакт
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = Как изглежда експлоатацията
# Menu link to the page of downloadable statistics (open data).
public-data = Отворени данни
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = същите данни като файлове (CSV и JSON) с техните определения, които всеки може да използва повторно
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Всяка таблица от страницата с данните може да бъде изтеглена тук като CSV или JSON, с определенията, периода и правилата, прилагани за защита на хората. Адресите не се променят. Машинночетим каталог ги изброява всички.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Каталог на таблиците (JSON)
# Label before the links to download a table as a file.
public-download = Изтегляне
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Таблица
# Label or column heading: the time span a table covers.
public-period = Период
# A time span. $from and $to are dates or years.
public-period-range = от { $from } до { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Хора по { $what } и година
# Inserted in "People by ... and year".
public-what-form = форма на експлоатация
# Inserted in "People by ... and year".
public-what-sex = пол
# Inserted in "People by ... and year".
public-what-age = възрастова група
# Last column of a table: all years together.
public-all-years = Всички години
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Колко жертви не са стигнали до нито една служба
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = В списъците на институциите, които се срещат с жертви, са вписани { $known } различни души. Като сравняват тези списъци (колко души фигурират в един, два или повече от тях), статистиците могат да изчислят колко души не са стигнали до нито една институция. Оценката за всички жертви, известни или не, е около { $estimate } (95 % доверителен интервал: от { $low } до { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Оценено въз основа на { $lists } списъка на институции ({ $period }); закръглено до най-близкото кратно на { $round }.
# Shown when there is no estimate of the hidden number.
public-hidden-none = Градът все още не е публикувал оценка.
# Heading of the map of the city's areas.
public-map = Случаи на организирана престъпност на 1000 жители по райони
# Note under the map: how small numbers are hidden on it.
public-map-note = Когато в даден район има твърде малко случаи, за да бъдат публикувани, той се обединява със съседен район и за двата се показва стойността за групата.
# Column heading: a neighbourhood or district of the city.
public-area = Район
# Column heading: number of incidents recorded.
public-incidents = Случаи
# Column heading: incidents for every 1,000 people living in the area.
public-rate = На 1000 жители
# Shown instead of the map when there is nothing to show.
public-map-none = Няма случаи за показване.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = Планът за действие на града
# Sentence about the action plan. $n is a number.
public-plan-text = Планът съдържа { $n } мерки: какво правят градът и партньорите му, за да предотвратяват, да защитават и да преследват.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Мерки по етап на изпълнение
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Мерки по вид отговор
# Column heading: number of measures of the action plan.
public-measures = Мерки
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Тази страница все още не е преведена на Вашия език; ето я на английски.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = В списъците на институциите
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Оценен общ брой
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Интервал, долна граница
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Интервал, горна граница
# Last row of the table of incidents by area: the whole city.
public-all-areas = Целият град
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Публикувано като
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Случаи, регистрирани от { $from } до { $to }.
