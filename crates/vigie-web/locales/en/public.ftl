# vigie — English: the texts of the public portal.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Skip to content
# Name of the main menu, read out by screen readers (not shown).
nav-label = Main
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Language
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Sexual exploitation
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Forced labour
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Forced criminality
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Forced begging
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Domestic servitude
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Forced marriage
# A form of exploitation: children made to work.
exploitation-child-labour = Child labour
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Organ removal
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Illegal adoption
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Exploitation of surrogacy
# Any other form of exploitation (label in tables of figures).
exploitation-other = Other
# Sex of a person, label in a table of figures.
sex-female = Female
# Sex of a person, label in a table of figures.
sex-male = Male
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Other
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = Not stated
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Safe accommodation
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Emergency medical care
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Psychological help
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Legal counselling
# What a help service offers: interpreters.
service-kind-interpretation = Interpretation
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Labour rights
# What a help service offers: schooling for children.
service-kind-education = Education for children
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Material help
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Return and reintegration
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Filing a complaint with the police
# Kind of response of a measure of the action plan.
response-social-prevention = Social prevention
# Kind of response of a measure of the action plan.
response-youth-family = Youth and family support
# Kind of response of a measure of the action plan.
response-education = Education
# Kind of response of a measure of the action plan.
response-housing = Housing
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Economic inclusion
# Kind of response of a measure of the action plan.
response-victim-support = Victim support
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Awareness
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Administrative barrier
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Situational prevention
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Law enforcement
# Progress of a measure of the action plan: not started.
measure-status-planned = Planned
# Progress of a measure of the action plan: under way.
measure-status-running = Running
# Progress of a measure of the action plan: completed.
measure-status-done = Done
# Progress of a measure of the action plan: paused.
measure-status-suspended = Suspended
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Cancelled
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } against trafficking
# Menu link to the home page.
public-home = Home
# Menu link to the page of statistics about trafficking in the city.
public-figures = The city's figures
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = The European Convention
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = In danger now? Call 112 (free, from any phone, in many languages).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = No cookies, no tracking, nothing loaded from other sites. Help does not depend on your residence status.
# Main heading of the home page.
public-welcome = Trafficking and exploitation: help exists
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = Trafficking in human beings means recruiting, moving or holding people to exploit them: in prostitution, in work without pay or rights, in crime, in begging, in a household, in a forced marriage. It happens here too. This site says what the city does and where to find help.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = Help for victims does not depend on their residence status, nor on their willingness to testify.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = how many people the city's services met, and how it protects their identity when publishing
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = the Council of Europe Convention on Action against Trafficking in Human Beings and the states bound by it
# Introduction of the statistics page: what the numbers count.
public-figures-intro = People met by the city's services as possible victims of trafficking or exploitation (cases opened), from the services' own records. Nothing here identifies anyone.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = So that no one can be identified, no count from 1 to { $max } is published, and other counts are withheld with them wherever totals or other tables would reveal them (checked by calculation). Zero is published.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = withheld
# Column heading in a table of figures: number of people.
public-count = People
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = By year the case was opened
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = By form of exploitation
# Note under the table by form of exploitation.
public-by-form-note = A person may be exploited in several ways: the counts add up to more than the number of people.
# Caption of a table of figures: people counted by sex.
public-by-sex = By sex
# Caption of a table of figures: adults and children.
public-by-age = By age group
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = A person whose age is uncertain is counted as a minor, as the Convention asks (Art. 10).
# Row of a table: people aged 18 or more.
public-adults = Adults
# Row of a table: people under 18.
public-minors = Minors
# Last row or column of a table: the total number of people.
public-total-people = All people
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = All mentions
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = The Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Adopted on 3 May 2005, the Convention has been in force since 1 February 2008. It binds the states that ratified or acceded to it to prevent trafficking, protect and assist victims, and prosecute traffickers, and it is monitored by a group of independent experts, GRETA.
# Heading on the Convention page: what the treaty promises victims.
public-promises = What it promises victims
# What Article 10 of the Convention promises, in plain words.
public-art10 = Identification (Art. 10): trained people identify victims; nobody is removed from the country before identification is complete; a person whose age is uncertain is presumed to be a child.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Private life (Art. 11): victims' identity and personal data are protected.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Assistance (Art. 12): safe accommodation, psychological and material help, emergency medical care, interpretation, advice and information, help in proceedings, schooling for children — with their consent, and not conditional on testifying.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Recovery and reflection (Art. 13): at least 30 days to recover and decide whether to cooperate with the authorities, during which no expulsion order is enforced.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Residence permit (Art. 14): a renewable permit when the person's situation or the proceedings require it.
# Heading on the Convention page: how countries are checked.
public-greta = Monitoring
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = GRETA evaluates each Party in rounds: the first (from 2010) on the overall implementation, the second (2014) on the impact of measures, the third (from 2018) on victims' access to justice and remedies, the fourth (from 2023) on vulnerabilities to trafficking, including through information technology.
# Heading of the table of the countries bound by the Convention.
public-parties = The Parties
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } states are Parties: the { $members } member states of the Council of Europe and { $others } other states by accession.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Dates to be checked against the Council of Europe Treaty Office's chart are marked so; dates of entry into force computed under Art. 42 (the first day of the month after three months from the deposit) are marked computed.
# Column heading: the country.
public-state = State
# Column heading: the date the country signed the treaty.
public-signature = Signature
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ratification or accession
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Entry into force
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = accession
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = computed
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = to be checked
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Not Parties:
# Menu link and page title: the page listing services that help victims.
public-help = Get help
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = the services that help victims in the city, their languages, hours and how to reach them
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Help, whatever your status
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = These services help people who are exploited or were trafficked: a safe place to stay, health care, someone to talk to, advice on your rights. You do not need papers, and you do not have to go to the police. Call or write to them; they speak the languages listed.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = The city has not listed its services yet. In danger, call 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Languages
# Label in a help service's card: when it is open.
public-help-hours = Hours
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Contact
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = What exploitation looks like
# Menu link to the page of downloadable statistics (open data).
public-data = Open data
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = the same figures as files (CSV and JSON) with their definitions, for anyone to reuse
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Every table of the figures page can be downloaded here as CSV or JSON, with its definitions, its period and the rules applied to protect people. The addresses do not change. A machine-readable catalogue lists them all.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Catalogue of the tables (JSON)
# Label before the links to download a table as a file.
public-download = Download
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Table
# Label or column heading: the time span a table covers.
public-period = Period
# A time span. $from and $to are dates or years.
public-period-range = { $from } to { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = People by { $what } and year
# Inserted in "People by ... and year".
public-what-form = form of exploitation
# Inserted in "People by ... and year".
public-what-sex = sex
# Inserted in "People by ... and year".
public-what-age = age group
# Last column of a table: all years together.
public-all-years = All years
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = How many victims no service has met
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = The lists of the agencies that meet victims name { $known } different people. Comparing these lists (how many people appear on one, two or more of them) lets statisticians estimate how many no agency has met. The estimate of all victims, known or not, is about { $estimate } (95 % interval: { $low } to { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Estimated from { $lists } agency lists ({ $period }); rounded to the nearest { $round }.
# Shown when there is no estimate of the hidden number.
public-hidden-none = The city has not published an estimate yet.
# Heading of the map of the city's areas.
public-map = Organised-crime incidents per 1,000 inhabitants, by area
# Note under the map: how small numbers are hidden on it.
public-map-note = Where an area has too few incidents to publish, it is merged with a neighbouring area and both show the rate of the group.
# Column heading: a neighbourhood or district of the city.
public-area = Area
# Column heading: number of incidents recorded.
public-incidents = Incidents
# Column heading: incidents for every 1,000 people living in the area.
public-rate = Per 1,000 inhabitants
# Shown instead of the map when there is nothing to show.
public-map-none = No incidents to show.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = The city's action plan
# Sentence about the action plan. $n is a number.
public-plan-text = The plan has { $n } measures: what the city and its partners do to prevent, protect and prosecute.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Measures by progress
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Measures by kind of response
# Column heading: number of measures of the action plan.
public-measures = Measures
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = This page has not been translated into your language yet; here it is in English.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = On the agencies' lists
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Estimated total
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Interval, low end
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Interval, high end
# Last row of the table of incidents by area: the whole city.
public-all-areas = Whole city
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Published as
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Incidents recorded from { $from } to { $to }.
