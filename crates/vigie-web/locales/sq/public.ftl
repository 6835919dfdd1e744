# vigie — shqip: tekstet e portalit publik.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Kalo te përmbajtja
# Name of the main menu, read out by screen readers (not shown).
nav-label = Menyja kryesore
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Gjuha
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Shfrytëzim seksual
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Punë e detyruar
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Kryerje e detyruar e krimeve
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Lypje e detyruar
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Robëri shtëpiake
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Martesë e detyruar
# A form of exploitation: children made to work.
exploitation-child-labour = Punë e fëmijëve
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Heqje organesh
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Birësim i paligjshëm
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Shfrytëzim i amësisë zëvendësuese
# Any other form of exploitation (label in tables of figures).
exploitation-other = Tjetër
# Sex of a person, label in a table of figures.
sex-female = Femër
# Sex of a person, label in a table of figures.
sex-male = Mashkull
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Tjetër
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = E padeklaruar
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Strehim i sigurt
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Kujdes mjekësor urgjent
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Ndihmë psikologjike
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Këshillim ligjor
# What a help service offers: interpreters.
service-kind-interpretation = Përkthim gojor
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Të drejtat në punë
# What a help service offers: schooling for children.
service-kind-education = Arsimim për fëmijët
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Ndihmë materiale
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Kthim dhe riintegrim
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Bërja e kallëzimit në polici
# Kind of response of a measure of the action plan.
response-social-prevention = Parandalim social
# Kind of response of a measure of the action plan.
response-youth-family = Mbështetje për të rinjtë dhe familjet
# Kind of response of a measure of the action plan.
response-education = Arsim
# Kind of response of a measure of the action plan.
response-housing = Strehim
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Përfshirje ekonomike
# Kind of response of a measure of the action plan.
response-victim-support = Mbështetje për viktimat
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Ndërgjegjësim
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Pengesa administrative
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Parandalim situacional
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Zbatim i ligjit
# Progress of a measure of the action plan: not started.
measure-status-planned = E planifikuar
# Progress of a measure of the action plan: under way.
measure-status-running = Në zbatim
# Progress of a measure of the action plan: completed.
measure-status-done = E përfunduar
# Progress of a measure of the action plan: paused.
measure-status-suspended = E pezulluar
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = E anuluar
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } kundër trafikimit
# Menu link to the home page.
public-home = Kryefaqja
# Menu link to the page of statistics about trafficking in the city.
public-figures = Shifrat e qytetit
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = Konventa Evropiane
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = Jeni në rrezik tani? Telefononi 112 (falas, nga çdo telefon, në shumë gjuhë).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Pa cookies, pa gjurmim, asgjë e ngarkuar nga faqe të tjera. Ndihma nuk varet nga statusi juaj i qëndrimit.
# Main heading of the home page.
public-welcome = Trafikimi dhe shfrytëzimi: ka ndihmë
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = Trafikimi i qenieve njerëzore do të thotë të rekrutosh, të zhvendosësh ose të mbash njerëz për t'i shfrytëzuar: në prostitucion, në punë pa pagë ose pa të drejta, në krime, në lypje, në një shtëpi, në një martesë të detyruar. Kjo ndodh edhe këtu. Kjo faqe tregon se çfarë bën qyteti dhe ku mund të gjeni ndihmë.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = Ndihma për viktimat nuk varet nga statusi i tyre i qëndrimit, as nga gatishmëria e tyre për të dëshmuar.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = sa njerëz kanë takuar shërbimet e qytetit dhe si e mbron qyteti identitetin e tyre kur publikon shifrat
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = Konventa e Këshillit të Evropës për masat kundër trafikimit të qenieve njerëzore dhe shtetet që janë palë në të
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Njerëz që shërbimet e qytetit kanë takuar si viktima të mundshme të trafikimit ose të shfrytëzimit (raste të hapura), sipas regjistrave të vetë shërbimeve. Asgjë këtu nuk e identifikon askënd.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = Që askush të mos identifikohet, asnjë numër nga 1 deri në { $max } nuk publikohet, dhe bashkë me to fshihen edhe numra të tjerë kudo që totalet ose tabela të tjera do t'i zbulonin (kjo kontrollohet me llogaritje). Zeroja publikohet.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = i fshehur
# Column heading in a table of figures: number of people.
public-count = Persona
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = Sipas vitit të hapjes së rastit
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = Sipas formës së shfrytëzimit
# Note under the table by form of exploitation.
public-by-form-note = Një person mund të shfrytëzohet në disa mënyra: prandaj shuma e numrave është më e madhe se numri i personave.
# Caption of a table of figures: people counted by sex.
public-by-sex = Sipas gjinisë
# Caption of a table of figures: adults and children.
public-by-age = Sipas grupmoshës
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = Një person, mosha e të cilit nuk dihet me siguri, numërohet si i mitur, siç e kërkon Konventa (neni 10).
# Row of a table: people aged 18 or more.
public-adults = Të rritur
# Row of a table: people under 18.
public-minors = Të mitur
# Last row or column of a table: the total number of people.
public-total-people = Gjithsej persona
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Gjithsej shënime
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = Konventa e Këshillit të Evropës për masat kundër trafikimit të qenieve njerëzore (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = E miratuar më 3 maj 2005, Konventa është në fuqi që nga 1 shkurti 2008. Ajo i detyron shtetet që e kanë ratifikuar ose që kanë aderuar në të të parandalojnë trafikimin, të mbrojnë dhe të ndihmojnë viktimat dhe të ndjekin penalisht trafikantët; zbatimin e saj e monitoron një grup ekspertësh të pavarur, GRETA.
# Heading on the Convention page: what the treaty promises victims.
public-promises = Çfarë u premton viktimave
# What Article 10 of the Convention promises, in plain words.
public-art10 = Identifikimi (neni 10): persona të trajnuar i identifikojnë viktimat; askush nuk largohet nga vendi para se të përfundojë identifikimi; një person, mosha e të cilit nuk dihet me siguri, prezumohet se është fëmijë.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Jeta private (neni 11): identiteti dhe të dhënat personale të viktimave mbrohen.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Ndihma (neni 12): strehim i sigurt, ndihmë psikologjike dhe materiale, kujdes mjekësor urgjent, përkthim gojor, këshillim dhe informim, ndihmë gjatë procedurave, shkollim për fëmijët — me pëlqimin e tyre dhe pa kushtin që të dëshmojnë.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Rimëkëmbja dhe reflektimi (neni 13): të paktën 30 ditë për t'u rimëkëmbur dhe për të vendosur nëse do të bashkëpunojnë me autoritetet; gjatë kësaj kohe nuk zbatohet asnjë urdhër dëbimi.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Leja e qëndrimit (neni 14): një leje e rinovueshme kur e kërkon situata e personit ose procedurat.
# Heading on the Convention page: how countries are checked.
public-greta = Monitorimi
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = GRETA e vlerëson çdo Palë në raunde: i pari (nga 2010) për zbatimin në tërësi, i dyti (2014) për ndikimin e masave, i treti (nga 2018) për aksesin e viktimave në drejtësi dhe në mjete juridike, i katërti (nga 2023) për cenueshmërinë ndaj trafikimit, përfshirë përmes teknologjisë së informacionit.
# Heading of the table of the countries bound by the Convention.
public-parties = Palët
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } shtete janë Palë: { $members } shtetet anëtare të Këshillit të Evropës dhe { $others } shtete të tjera me aderim.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Datat që duhen verifikuar me tabelën e Zyrës së Traktateve të Këshillit të Evropës shënohen «për t'u verifikuar»; datat e hyrjes në fuqi të llogaritura sipas nenit 42 (dita e parë e muajit pas tre muajsh nga depozitimi) shënohen «e llogaritur».
# Column heading: the country.
public-state = Shteti
# Column heading: the date the country signed the treaty.
public-signature = Nënshkrimi
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ratifikimi ose aderimi
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Hyrja në fuqi
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = aderim
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = e llogaritur
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = për t'u verifikuar
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Nuk janë Palë:
# Menu link and page title: the page listing services that help victims.
public-help = Kërkoni ndihmë
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = shërbimet që ndihmojnë viktimat në qytet, gjuhët që flasin, oraret dhe si t'i kontaktoni
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Ndihmë, cilido qoftë statusi juaj
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Këto shërbime ndihmojnë njerëzit që shfrytëzohen ose që janë trafikuar: një vend i sigurt për të qëndruar, kujdes shëndetësor, dikë me të cilin të flisni, këshilla për të drejtat tuaja. Nuk keni nevojë për dokumente dhe nuk jeni të detyruar të shkoni në polici. Telefononi ose shkruajuni; ata flasin gjuhët që janë renditur.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = Qyteti nuk i ka renditur ende shërbimet e tij. Në rrezik, telefononi 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Gjuhët
# Label in a help service's card: when it is open.
public-help-hours = Orari
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Kontakti
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = Si duket shfrytëzimi
# Menu link to the page of downloadable statistics (open data).
public-data = Të dhëna të hapura
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = të njëjtat shifra në skedarë (CSV dhe JSON) me përkufizimet e tyre, që çdokush t'i ripërdorë
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Çdo tabelë e faqes së shifrave mund të shkarkohet këtu si CSV ose JSON, me përkufizimet, periudhën dhe rregullat e zbatuara për të mbrojtur njerëzit. Adresat nuk ndryshojnë. Një katalog i lexueshëm nga kompjuteri i rendit të gjitha.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Katalogu i tabelave (JSON)
# Label before the links to download a table as a file.
public-download = Shkarko
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Tabela
# Label or column heading: the time span a table covers.
public-period = Periudha
# A time span. $from and $to are dates or years.
public-period-range = nga { $from } deri në { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Persona sipas { $what } dhe vitit
# Inserted in "People by ... and year".
public-what-form = formës së shfrytëzimit
# Inserted in "People by ... and year".
public-what-sex = gjinisë
# Inserted in "People by ... and year".
public-what-age = grupmoshës
# Last column of a table: all years together.
public-all-years = Të gjitha vitet
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Sa viktima nuk i ka takuar asnjë shërbim
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = Listat e institucioneve që takojnë viktima përmbajnë { $known } persona të ndryshëm. Duke krahasuar këto lista (sa persona shfaqen në një, në dy ose në më shumë prej tyre), statisticienët mund të vlerësojnë sa persona nuk i ka takuar asnjë institucion. Vlerësimi i të gjitha viktimave, të njohura ose jo, është rreth { $estimate } (intervali 95 %: nga { $low } deri në { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Vlerësuar nga { $lists } lista institucionesh ({ $period }); rrumbullakuar në shumëfishin më të afërt të { $round }.
# Shown when there is no estimate of the hidden number.
public-hidden-none = Qyteti nuk ka publikuar ende një vlerësim.
# Heading of the map of the city's areas.
public-map = Incidente të krimit të organizuar për 1000 banorë, sipas zonës
# Note under the map: how small numbers are hidden on it.
public-map-note = Kur një zonë ka shumë pak incidente për t'u publikuar, ajo bashkohet me një zonë fqinje dhe të dyja tregojnë shkallën e grupit.
# Column heading: a neighbourhood or district of the city.
public-area = Zona
# Column heading: number of incidents recorded.
public-incidents = Incidente
# Column heading: incidents for every 1,000 people living in the area.
public-rate = Për 1000 banorë
# Shown instead of the map when there is nothing to show.
public-map-none = Nuk ka incidente për të treguar.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = Plani i veprimit i qytetit
# Sentence about the action plan. $n is a number.
public-plan-text = Plani ka { $n } masa: çfarë bëjnë qyteti dhe partnerët e tij për të parandaluar, për të mbrojtur dhe për të ndjekur penalisht.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Masat sipas ecurisë
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Masat sipas llojit të përgjigjes
# Column heading: number of measures of the action plan.
public-measures = Masa
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Kjo faqe nuk është përkthyer ende në gjuhën tuaj; ja ku është në anglisht.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = Në listat e institucioneve
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Totali i vlerësuar
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Intervali, kufiri i poshtëm
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Intervali, kufiri i sipërm
# Last row of the table of incidents by area: the whole city.
public-all-areas = I gjithë qyteti
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Publikuar si
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Incidente të regjistruara nga { $from } deri në { $to }.
