# vigie — français : les textes du portail public.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Aller au contenu
# Name of the main menu, read out by screen readers (not shown).
nav-label = Menu principal
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Langue
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Exploitation sexuelle
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Travail forcé
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Criminalité forcée
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Mendicité forcée
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Servitude domestique
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Mariage forcé
# A form of exploitation: children made to work.
exploitation-child-labour = Travail des enfants
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Prélèvement d'organes
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Adoption illégale
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Exploitation de la gestation pour autrui
# Any other form of exploitation (label in tables of figures).
exploitation-other = Autre
# Sex of a person, label in a table of figures.
sex-female = Féminin
# Sex of a person, label in a table of figures.
sex-male = Masculin
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Autre
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = Non précisé
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Hébergement sécurisé (mise à l'abri)
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Soins médicaux d'urgence
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Soutien psychologique
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Conseil juridique
# What a help service offers: interpreters.
service-kind-interpretation = Interprétariat
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Droit du travail
# What a help service offers: schooling for children.
service-kind-education = Scolarisation des enfants
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Aide matérielle
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Retour et réinsertion
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Dépôt de plainte auprès de la police
# Kind of response of a measure of the action plan.
response-social-prevention = Prévention sociale
# Kind of response of a measure of the action plan.
response-youth-family = Jeunesse et familles
# Kind of response of a measure of the action plan.
response-education = Éducation
# Kind of response of a measure of the action plan.
response-housing = Logement
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Insertion économique
# Kind of response of a measure of the action plan.
response-victim-support = Aide aux victimes
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Sensibilisation
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Barrière administrative
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Prévention situationnelle
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Répression
# Progress of a measure of the action plan: not started.
measure-status-planned = Prévue
# Progress of a measure of the action plan: under way.
measure-status-running = En cours
# Progress of a measure of the action plan: completed.
measure-status-done = Terminée
# Progress of a measure of the action plan: paused.
measure-status-suspended = Suspendue
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Annulée
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } contre la traite
# Menu link to the home page.
public-home = Accueil
# Menu link to the page of statistics about trafficking in the city.
public-figures = Les chiffres de la ville
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = La Convention européenne
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = En danger maintenant ? Appelez le 112 (gratuit, depuis tout téléphone, en plusieurs langues).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Pas de cookies, pas de pistage, rien n’est chargé depuis d’autres sites. L’aide ne dépend pas de votre situation administrative.
# Main heading of the home page.
public-welcome = Traite et exploitation : l’aide existe
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = La traite des êtres humains, c’est recruter, transporter ou retenir des personnes pour les exploiter : dans la prostitution, dans un travail sans salaire ni droits, dans la délinquance, la mendicité, chez des particuliers, dans un mariage forcé. Cela arrive ici aussi. Ce site dit ce que fait la ville et où trouver de l’aide.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = L’aide aux victimes ne dépend ni de leur situation administrative, ni de leur volonté de témoigner.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = combien de personnes les services de la ville ont rencontrées, et comment leur identité est protégée à la publication
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = la Convention du Conseil de l’Europe sur la lutte contre la traite des êtres humains et les États qu’elle engage
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Personnes rencontrées par les services de la ville comme victimes possibles de traite ou d’exploitation (dossiers ouverts), d’après les dossiers des services. Rien ici n’identifie personne.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = Pour que personne ne puisse être identifié, aucun effectif de 1 à { $max } n’est publié, et d’autres effectifs sont masqués avec eux partout où des totaux ou d’autres tableaux les révéleraient (vérifié par le calcul). Zéro est publié.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = masqué
# Column heading in a table of figures: number of people.
public-count = Personnes
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = Par année d’ouverture du dossier
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = Par forme d’exploitation
# Note under the table by form of exploitation.
public-by-form-note = Une personne peut être exploitée de plusieurs façons : les effectifs dépassent le nombre de personnes.
# Caption of a table of figures: people counted by sex.
public-by-sex = Par sexe
# Caption of a table of figures: adults and children.
public-by-age = Par âge
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = Une personne dont l’âge est incertain est comptée comme mineure, comme le demande la Convention (art. 10).
# Row of a table: people aged 18 or more.
public-adults = Majeurs
# Row of a table: people under 18.
public-minors = Mineurs
# Last row or column of a table: the total number of people.
public-total-people = Toutes les personnes
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Toutes les mentions
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = La Convention du Conseil de l’Europe sur la lutte contre la traite des êtres humains (STCE n° 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Adoptée le 3 mai 2005, la Convention est en vigueur depuis le 1er février 2008. Elle engage les États qui l’ont ratifiée ou y ont adhéré à prévenir la traite, protéger et assister les victimes et poursuivre les trafiquants ; un groupe d’experts indépendants, le GRETA, en suit l’application.
# Heading on the Convention page: what the treaty promises victims.
public-promises = Ce qu’elle promet aux victimes
# What Article 10 of the Convention promises, in plain words.
public-art10 = Identification (art. 10) : des personnes formées identifient les victimes ; personne n’est éloigné du pays avant la fin de l’identification ; une personne dont l’âge est incertain est présumée mineure.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Vie privée (art. 11) : l’identité et les données personnelles des victimes sont protégées.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Assistance (art. 12) : hébergement sûr, aide psychologique et matérielle, soins médicaux d’urgence, interprétariat, conseil et information, aide dans les procédures, scolarité des enfants — avec leur consentement, et sans condition de témoigner.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Rétablissement et réflexion (art. 13) : au moins 30 jours pour se rétablir et décider de coopérer ou non avec les autorités, pendant lesquels aucune mesure d’éloignement n’est exécutée.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Titre de séjour (art. 14) : un titre renouvelable lorsque la situation de la personne ou la procédure l’exige.
# Heading on the Convention page: how countries are checked.
public-greta = Suivi
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = Le GRETA évalue chaque Partie par cycles : le premier (à partir de 2010) sur la mise en œuvre d’ensemble, le deuxième (2014) sur l’impact des mesures, le troisième (à partir de 2018) sur l’accès des victimes à la justice et aux recours, le quatrième (à partir de 2023) sur les vulnérabilités à la traite, y compris par les technologies de l’information.
# Heading of the table of the countries bound by the Convention.
public-parties = Les Parties
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } États sont Parties : les { $members } États membres du Conseil de l’Europe et { $others } autres États par adhésion.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Les dates à vérifier sur le tableau du Bureau des traités du Conseil de l’Europe sont signalées ; les dates d’entrée en vigueur calculées selon l’art. 42 (le premier jour du mois qui suit trois mois après le dépôt) sont signalées comme calculées.
# Column heading: the country.
public-state = État
# Column heading: the date the country signed the treaty.
public-signature = Signature
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ratification ou adhésion
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Entrée en vigueur
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = adhésion
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = calculée
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = à vérifier
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Ne sont pas Parties :
# Menu link and page title: the page listing services that help victims.
public-help = Trouver de l’aide
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = les services qui aident les victimes dans la ville, leurs langues, horaires et comment les joindre
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = De l’aide, quelle que soit votre situation
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Ces services aident les personnes exploitées ou victimes de traite : un lieu sûr où dormir, des soins, quelqu’un à qui parler, des conseils sur vos droits. Vous n’avez pas besoin de papiers, et vous n’êtes pas obligé d’aller à la police. Appelez-les ou écrivez-leur ; ils parlent les langues indiquées.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = La ville n’a pas encore indiqué ses services. En danger, appelez le 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Langues
# Label in a help service's card: when it is open.
public-help-hours = Horaires
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Contact
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = À quoi ressemble l’exploitation
# Menu link to the page of downloadable statistics (open data).
public-data = Données ouvertes
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = les mêmes chiffres en fichiers (CSV et JSON) avec leurs définitions, réutilisables par tous
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Chaque tableau de la page des chiffres se télécharge ici en CSV ou en JSON, avec ses définitions, sa période et les règles appliquées pour protéger les personnes. Les adresses ne changent pas. Un catalogue lisible par machine les recense toutes.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Catalogue des tableaux (JSON)
# Label before the links to download a table as a file.
public-download = Télécharger
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Tableau
# Label or column heading: the time span a table covers.
public-period = Période
# A time span. $from and $to are dates or years.
public-period-range = { $from } à { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Personnes par { $what } et par année
# Inserted in "People by ... and year".
public-what-form = forme d’exploitation
# Inserted in "People by ... and year".
public-what-sex = sexe
# Inserted in "People by ... and year".
public-what-age = tranche d’âge
# Last column of a table: all years together.
public-all-years = Toutes années
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Combien de victimes aucun service n’a rencontrées
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = Les listes des organismes qui rencontrent des victimes comptent { $known } personnes différentes. En comparant ces listes (combien de personnes figurent sur une, deux listes ou plus), les statisticiens estiment combien aucun organisme n’a rencontrées. L’estimation du nombre total de victimes, connues ou non, est d’environ { $estimate } (intervalle à 95 % : { $low } à { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Estimé à partir de { $lists } listes d’organismes ({ $period }) ; arrondi à { $round } près.
# Shown when there is no estimate of the hidden number.
public-hidden-none = La ville n’a pas encore publié d’estimation.
# Heading of the map of the city's areas.
public-map = Faits de criminalité organisée pour 1 000 habitants, par quartier
# Note under the map: how small numbers are hidden on it.
public-map-note = Quand un quartier compte trop peu de faits pour être publié, il est regroupé avec un quartier voisin et tous deux affichent le taux du groupe.
# Column heading: a neighbourhood or district of the city.
public-area = Quartier
# Column heading: number of incidents recorded.
public-incidents = Faits
# Column heading: incidents for every 1,000 people living in the area.
public-rate = Pour 1 000 habitants
# Shown instead of the map when there is nothing to show.
public-map-none = Aucun fait à afficher.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = Le plan d’action de la ville
# Sentence about the action plan. $n is a number.
public-plan-text = Le plan compte { $n } mesures : ce que la ville et ses partenaires font pour prévenir, protéger et poursuivre.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Mesures par avancement
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Mesures par type de réponse
# Column heading: number of measures of the action plan.
public-measures = Mesures
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Cette page n’est pas encore traduite dans votre langue ; la voici en anglais.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = Sur les listes des organismes
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Total estimé
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Intervalle, borne basse
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Intervalle, borne haute
# Last row of the table of incidents by area: the whole city.
public-all-areas = Toute la ville
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Publié comme
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Faits enregistrés du { $from } au { $to }.
