# vigie — română: textele portalului public.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Salt la conținut
# Name of the main menu, read out by screen readers (not shown).
nav-label = Meniu principal
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Limba
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Exploatare sexuală
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Muncă forțată
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Obligarea la comiterea de infracțiuni
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Cerșetorie forțată
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Servitute domestică
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Căsătorie forțată
# A form of exploitation: children made to work.
exploitation-child-labour = Munca copiilor
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Prelevare de organe
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Adopție ilegală
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Exploatare prin maternitate surogat
# Any other form of exploitation (label in tables of figures).
exploitation-other = Altele
# Sex of a person, label in a table of figures.
sex-female = Feminin
# Sex of a person, label in a table of figures.
sex-male = Masculin
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Altul
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = Nespecificat
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Cazare în siguranță
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Îngrijiri medicale de urgență
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Sprijin psihologic
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Consiliere juridică
# What a help service offers: interpreters.
service-kind-interpretation = Interpretariat
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Drepturile lucrătorilor
# What a help service offers: schooling for children.
service-kind-education = Școlarizarea copiilor
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Ajutor material
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Întoarcere și reintegrare
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Depunerea unei plângeri la poliție
# Kind of response of a measure of the action plan.
response-social-prevention = Prevenire socială
# Kind of response of a measure of the action plan.
response-youth-family = Sprijin pentru tineri și familii
# Kind of response of a measure of the action plan.
response-education = Educație
# Kind of response of a measure of the action plan.
response-housing = Locuințe
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Incluziune economică
# Kind of response of a measure of the action plan.
response-victim-support = Sprijin pentru victime
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Conștientizare
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Barieră administrativă
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Prevenire situațională
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Aplicarea legii
# Progress of a measure of the action plan: not started.
measure-status-planned = Planificată
# Progress of a measure of the action plan: under way.
measure-status-running = În desfășurare
# Progress of a measure of the action plan: completed.
measure-status-done = Finalizată
# Progress of a measure of the action plan: paused.
measure-status-suspended = Suspendată
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Anulată
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } împotriva traficului de persoane
# Menu link to the home page.
public-home = Acasă
# Menu link to the page of statistics about trafficking in the city.
public-figures = Cifrele orașului
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = Convenția europeană
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = Sunteți în pericol chiar acum? Sunați la 112 (gratuit, de pe orice telefon, în multe limbi).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Fără cookie-uri, fără urmărire, nu se încarcă nimic de pe alte site-uri. Ajutorul nu depinde de statutul dumneavoastră de ședere.
# Main heading of the home page.
public-welcome = Trafic de persoane și exploatare: există ajutor
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = Traficul de persoane înseamnă recrutarea, transportul sau reținerea unor oameni pentru a-i exploata: prin prostituție, prin muncă fără plată și fără drepturi, prin infracțiuni, prin cerșetorie, într-o gospodărie, într-o căsătorie forțată. Se întâmplă și aici. Acest site arată ce face orașul și unde găsiți ajutor.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = Ajutorul pentru victime nu depinde de statutul lor de ședere și nici de dorința lor de a depune mărturie.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = câte persoane au întâlnit serviciile orașului și cum le este protejată identitatea atunci când cifrele sunt publicate
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = Convenția Consiliului Europei privind lupta împotriva traficului de ființe umane și statele pe care le obligă
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Persoane întâlnite de serviciile orașului ca posibile victime ale traficului sau ale exploatării (cazuri deschise), după evidențele proprii ale serviciilor. Nimic de aici nu permite identificarea cuiva.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = Pentru ca nimeni să nu poată fi identificat, niciun număr de la 1 la { $max } nu este publicat, iar alte numere sunt ascunse împreună cu acestea oriunde totalurile sau alte tabele le-ar dezvălui (lucru verificat prin calcul). Zero se publică.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = nepublicat
# Column heading in a table of figures: number of people.
public-count = Persoane
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = După anul deschiderii cazului
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = După forma de exploatare
# Note under the table by form of exploitation.
public-by-form-note = O persoană poate fi exploatată în mai multe feluri: totalul depășește numărul de persoane.
# Caption of a table of figures: people counted by sex.
public-by-sex = După sex
# Caption of a table of figures: adults and children.
public-by-age = După grupa de vârstă
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = O persoană a cărei vârstă nu este sigură este socotită minoră, așa cum cere Convenția (art. 10).
# Row of a table: people aged 18 or more.
public-adults = Adulți
# Row of a table: people under 18.
public-minors = Minori
# Last row or column of a table: the total number of people.
public-total-people = Toate persoanele
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Toate mențiunile
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = Convenția Consiliului Europei privind lupta împotriva traficului de ființe umane (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Adoptată la 3 mai 2005, Convenția este în vigoare din 1 februarie 2008. Ea obligă statele care au ratificat-o sau au aderat la ea să prevină traficul, să protejeze și să asiste victimele și să-i urmărească penal pe traficanți; aplicarea ei este monitorizată de un grup de experți independenți, GRETA.
# Heading on the Convention page: what the treaty promises victims.
public-promises = Ce le promite victimelor
# What Article 10 of the Convention promises, in plain words.
public-art10 = Identificarea (art. 10): persoane instruite identifică victimele; nimeni nu este îndepărtat din țară înainte de încheierea identificării; o persoană a cărei vârstă nu este sigură este considerată copil.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Viața privată (art. 11): identitatea și datele personale ale victimelor sunt protejate.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Asistența (art. 12): cazare sigură, ajutor psihologic și material, îngrijiri medicale de urgență, interpretariat, consiliere și informare, sprijin în proceduri, școlarizarea copiilor — cu acordul lor și fără condiția de a depune mărturie.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Perioada de recuperare și de reflecție (art. 13): cel puțin 30 de zile pentru a se reface și a decide dacă va coopera cu autoritățile, timp în care nicio măsură de expulzare nu este pusă în executare.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Permisul de ședere (art. 14): un permis care poate fi reînnoit, atunci când situația persoanei sau procedura o impune.
# Heading on the Convention page: how countries are checked.
public-greta = Monitorizare
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = GRETA evaluează fiecare Parte în runde succesive: prima (din 2010) privind aplicarea de ansamblu, a doua (2014) privind impactul măsurilor, a treia (din 2018) privind accesul victimelor la justiție și la căi de atac, a patra (din 2023) privind vulnerabilitățile la trafic, inclusiv prin intermediul tehnologiei informației.
# Heading of the table of the countries bound by the Convention.
public-parties = Părțile
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = State Părți: { $n } — toate statele membre ale Consiliului Europei ({ $members }) și alte state, prin aderare ({ $others }).
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Datele care trebuie verificate în tabelul Biroului Tratatelor al Consiliului Europei sunt marcate ca atare; datele de intrare în vigoare calculate conform art. 42 (prima zi a lunii care urmează expirării unei perioade de trei luni de la depunere) sunt marcate „calculată”.
# Column heading: the country.
public-state = Stat
# Column heading: the date the country signed the treaty.
public-signature = Semnare
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ratificare sau aderare
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Intrare în vigoare
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = aderare
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = calculată
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = de verificat
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Nu sunt Părți:
# Menu link and page title: the page listing services that help victims.
public-help = Cereți ajutor
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = serviciile care ajută victimele în oraș, limbile în care vorbesc, programul și cum le puteți contacta
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Ajutor, indiferent de statutul dumneavoastră
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Aceste servicii ajută persoanele care sunt exploatate sau care au fost victime ale traficului: un loc sigur unde să stați, îngrijiri medicale, cineva cu care să vorbiți, sfaturi despre drepturile dumneavoastră. Nu aveți nevoie de acte și nu trebuie să mergeți la poliție. Sunați-i sau scrieți-le; vorbesc limbile indicate.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = Orașul nu și-a publicat încă serviciile. Dacă sunteți în pericol, sunați la 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Limbi
# Label in a help service's card: when it is open.
public-help-hours = Program
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Contact
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = Cum arată exploatarea
# Menu link to the page of downloadable statistics (open data).
public-data = Date deschise
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = aceleași cifre sub formă de fișiere (CSV și JSON), cu definițiile lor, pe care le poate refolosi oricine
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Fiecare tabel de pe pagina cu cifre poate fi descărcat aici în format CSV sau JSON, cu definițiile lui, perioada acoperită și regulile aplicate pentru protejarea persoanelor. Adresele nu se schimbă. Un catalog care poate fi citit automat le enumeră pe toate.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Catalogul tabelelor (JSON)
# Label before the links to download a table as a file.
public-download = Descărcare
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Tabel
# Label or column heading: the time span a table covers.
public-period = Perioadă
# A time span. $from and $to are dates or years.
public-period-range = între { $from } și { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Persoane după { $what } și an
# Inserted in "People by ... and year".
public-what-form = forma de exploatare
# Inserted in "People by ... and year".
public-what-sex = sex
# Inserted in "People by ... and year".
public-what-age = grupa de vârstă
# Last column of a table: all years together.
public-all-years = Toți anii
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Câte victime nu au ajuns la niciun serviciu
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = Persoane diferite de pe listele instituțiilor care întâlnesc victime: { $known }. Comparând aceste liste (câte persoane apar pe una, pe două sau pe mai multe dintre ele), statisticienii pot estima câte persoane nu au ajuns la nicio instituție. Numărul total estimat de victime, cunoscute sau nu, este de aproximativ { $estimate } (interval de încredere de 95 %: între { $low } și { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Estimare pe baza listelor de la { $lists } instituții ({ $period }); rotunjită la cel mai apropiat multiplu de { $round }.
# Shown when there is no estimate of the hidden number.
public-hidden-none = Orașul nu a publicat încă o estimare.
# Heading of the map of the city's areas.
public-map = Incidente de criminalitate organizată la 1.000 de locuitori, pe zone
# Note under the map: how small numbers are hidden on it.
public-map-note = Acolo unde o zonă are prea puține incidente pentru a putea fi publicate, ea este grupată cu o zonă vecină și ambele afișează rata grupului.
# Column heading: a neighbourhood or district of the city.
public-area = Zonă
# Column heading: number of incidents recorded.
public-incidents = Incidente
# Column heading: incidents for every 1,000 people living in the area.
public-rate = La 1.000 de locuitori
# Shown instead of the map when there is nothing to show.
public-map-none = Niciun incident de afișat.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = Planul de acțiune al orașului
# Sentence about the action plan. $n is a number.
public-plan-text = Numărul de măsuri din plan: { $n }. Ele descriu ce fac orașul și partenerii săi pentru prevenire, protecție și urmărire penală.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Măsuri după stadiu
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Măsuri după tipul de răspuns
# Column heading: number of measures of the action plan.
public-measures = Măsuri
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Această pagină nu a fost încă tradusă în limba dumneavoastră; mai jos o găsiți în engleză.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = Pe listele instituțiilor
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Total estimat
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Interval, limita inferioară
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Interval, limita superioară
# Last row of the table of incidents by area: the whole city.
public-all-areas = Întregul oraș
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Publicat ca
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Incidente înregistrate între { $from } și { $to }.
