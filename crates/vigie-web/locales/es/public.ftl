# vigie — español: los textos del portal público.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Ir al contenido
# Name of the main menu, read out by screen readers (not shown).
nav-label = Menú principal
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Idioma
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Explotación sexual
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Trabajo forzoso
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Actividades delictivas forzadas
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Mendicidad forzada
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Servidumbre doméstica
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Matrimonio forzado
# A form of exploitation: children made to work.
exploitation-child-labour = Trabajo infantil
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Extracción de órganos
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Adopción ilegal
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Explotación de la gestación subrogada
# Any other form of exploitation (label in tables of figures).
exploitation-other = Otras
# Sex of a person, label in a table of figures.
sex-female = Femenino
# Sex of a person, label in a table of figures.
sex-male = Masculino
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Otro
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = No consta
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Alojamiento seguro
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Atención médica urgente
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Apoyo psicológico
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Asesoramiento jurídico
# What a help service offers: interpreters.
service-kind-interpretation = Interpretación
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Derechos laborales
# What a help service offers: schooling for children.
service-kind-education = Escolarización de los niños
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Ayuda material
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Retorno y reintegración
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Presentar una denuncia ante la policía
# Kind of response of a measure of the action plan.
response-social-prevention = Prevención social
# Kind of response of a measure of the action plan.
response-youth-family = Apoyo a jóvenes y familias
# Kind of response of a measure of the action plan.
response-education = Educación
# Kind of response of a measure of the action plan.
response-housing = Vivienda
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Inclusión económica
# Kind of response of a measure of the action plan.
response-victim-support = Apoyo a las víctimas
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Sensibilización
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Barrera administrativa
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Prevención situacional
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Persecución del delito
# Progress of a measure of the action plan: not started.
measure-status-planned = Prevista
# Progress of a measure of the action plan: under way.
measure-status-running = En curso
# Progress of a measure of the action plan: completed.
measure-status-done = Finalizada
# Progress of a measure of the action plan: paused.
measure-status-suspended = Suspendida
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Cancelada
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } contra la trata
# Menu link to the home page.
public-home = Inicio
# Menu link to the page of statistics about trafficking in the city.
public-figures = Las cifras de la ciudad
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = El Convenio europeo
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = ¿Está en peligro ahora? Llame al 112 (gratis, desde cualquier teléfono, en muchos idiomas).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Sin cookies, sin rastreo, nada se carga desde otros sitios. La ayuda no depende de su situación administrativa.
# Main heading of the home page.
public-welcome = Trata y explotación: hay ayuda
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = La trata de seres humanos consiste en captar, trasladar o retener a personas para explotarlas: en la prostitución, en trabajos sin sueldo ni derechos, en la delincuencia, en la mendicidad, en el servicio doméstico, en un matrimonio forzado. También ocurre aquí. Esta web explica lo que hace la ciudad y dónde encontrar ayuda.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = La ayuda a las víctimas no depende de su situación administrativa ni de su disposición a declarar.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = cuántas personas han atendido los servicios de la ciudad y cómo se protege su identidad al publicar los datos
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = el Convenio del Consejo de Europa sobre la lucha contra la trata de seres humanos y los Estados vinculados por él
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Personas atendidas por los servicios de la ciudad como posibles víctimas de trata o de explotación (casos abiertos), según los registros de los propios servicios. Nada de lo que aparece aquí permite identificar a nadie.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = Para que nadie pueda ser identificado, no se publica ninguna cifra de 1 a { $max }, y con ellas se ocultan también otras cifras allí donde los totales u otras tablas permitirían deducirlas (comprobado mediante cálculo). El cero sí se publica.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = oculto
# Column heading in a table of figures: number of people.
public-count = Personas
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = Por año de apertura del caso
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = Por forma de explotación
# Note under the table by form of exploitation.
public-by-form-note = Una persona puede sufrir varias formas de explotación: la suma es mayor que el número de personas.
# Caption of a table of figures: people counted by sex.
public-by-sex = Por sexo
# Caption of a table of figures: adults and children.
public-by-age = Por grupo de edad
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = Una persona cuya edad no se conoce con seguridad se cuenta como menor, tal como pide el Convenio (art. 10).
# Row of a table: people aged 18 or more.
public-adults = Adultos
# Row of a table: people under 18.
public-minors = Menores
# Last row or column of a table: the total number of people.
public-total-people = Total de personas
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Total de menciones
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = Convenio del Consejo de Europa sobre la lucha contra la trata de seres humanos (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Adoptado el 3 de mayo de 2005, el Convenio está en vigor desde el 1 de febrero de 2008. Obliga a los Estados que lo han ratificado o se han adherido a él a prevenir la trata, proteger y asistir a las víctimas y perseguir a los tratantes; un grupo de expertos independientes, el GRETA, supervisa su aplicación.
# Heading on the Convention page: what the treaty promises victims.
public-promises = Lo que promete a las víctimas
# What Article 10 of the Convention promises, in plain words.
public-art10 = Identificación (art. 10): personas formadas identifican a las víctimas; nadie es expulsado del país antes de que termine la identificación; si no se sabe con seguridad la edad de una persona, se presume que es menor.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Vida privada (art. 11): se protegen la identidad y los datos personales de las víctimas.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Asistencia (art. 12): alojamiento seguro, ayuda psicológica y material, atención médica urgente, interpretación, asesoramiento e información, apoyo en los procedimientos, escolarización de los niños — con su consentimiento y sin que dependa de que declaren.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Periodo de restablecimiento y reflexión (art. 13): al menos 30 días para recuperarse y decidir si cooperar con las autoridades; durante ese tiempo no se ejecuta ninguna orden de expulsión.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Permiso de residencia (art. 14): un permiso renovable cuando la situación personal o el procedimiento lo requieran.
# Heading on the Convention page: how countries are checked.
public-greta = Seguimiento
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = El GRETA evalúa a cada Parte por rondas: la primera (desde 2010), sobre la aplicación general; la segunda (2014), sobre el impacto de las medidas; la tercera (desde 2018), sobre el acceso de las víctimas a la justicia y a vías de recurso; la cuarta (desde 2023), sobre la vulnerabilidad a la trata, también a través de las tecnologías de la información.
# Heading of the table of the countries bound by the Convention.
public-parties = Las Partes
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } Estados son Parte: los { $members } Estados miembros del Consejo de Europa y otros { $others } Estados por adhesión.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Las fechas que deben comprobarse en la tabla de la Oficina de Tratados del Consejo de Europa están señaladas; las fechas de entrada en vigor calculadas según el art. 42 (el primer día del mes siguiente a la expiración de un plazo de tres meses desde el depósito) se señalan como calculadas.
# Column heading: the country.
public-state = Estado
# Column heading: the date the country signed the treaty.
public-signature = Firma
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ratificación o adhesión
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Entrada en vigor
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = adhesión
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = calculada
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = por comprobar
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = No son Parte:
# Menu link and page title: the page listing services that help victims.
public-help = Pedir ayuda
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = los servicios que ayudan a las víctimas en la ciudad, sus idiomas, horarios y cómo contactar con ellos
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Ayuda, sea cual sea su situación
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Estos servicios ayudan a las personas explotadas o que han sido víctimas de trata: un lugar seguro donde quedarse, atención sanitaria, alguien con quien hablar, información sobre sus derechos. No necesita papeles y no tiene que ir a la policía. Llámelos o escríbales; hablan los idiomas indicados.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = La ciudad todavía no ha publicado sus servicios. Si está en peligro, llame al 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Idiomas
# Label in a help service's card: when it is open.
public-help-hours = Horario
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Contacto
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = Cómo es la explotación
# Menu link to the page of downloadable statistics (open data).
public-data = Datos abiertos
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = las mismas cifras en archivos (CSV y JSON) con sus definiciones, para que cualquiera pueda reutilizarlas
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Cada tabla de la página de cifras se puede descargar aquí en CSV o JSON, con sus definiciones, su periodo y las reglas aplicadas para proteger a las personas. Las direcciones no cambian. Un catálogo legible por máquina las recoge todas.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Catálogo de tablas (JSON)
# Label before the links to download a table as a file.
public-download = Descargar
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Tabla
# Label or column heading: the time span a table covers.
public-period = Periodo
# A time span. $from and $to are dates or years.
public-period-range = de { $from } a { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Personas por { $what } y año
# Inserted in "People by ... and year".
public-what-form = forma de explotación
# Inserted in "People by ... and year".
public-what-sex = sexo
# Inserted in "People by ... and year".
public-what-age = grupo de edad
# Last column of a table: all years together.
public-all-years = Todos los años
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Cuántas víctimas no ha atendido ningún servicio
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = Las listas de los organismos que atienden a víctimas recogen a { $known } personas distintas. Comparando estas listas (cuántas personas aparecen en una, dos o más de ellas), los estadísticos pueden estimar a cuántas no ha atendido ningún organismo. La estimación del total de víctimas, conocidas o no, es de unas { $estimate } (intervalo de confianza del 95 %: de { $low } a { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Estimación a partir de { $lists } listas de organismos ({ $period }), redondeada al múltiplo de { $round } más cercano.
# Shown when there is no estimate of the hidden number.
public-hidden-none = La ciudad todavía no ha publicado ninguna estimación.
# Heading of the map of the city's areas.
public-map = Hechos de delincuencia organizada por cada 1000 habitantes, por zona
# Note under the map: how small numbers are hidden on it.
public-map-note = Cuando una zona tiene demasiado pocos hechos para poder publicarlos, se agrupa con una zona vecina y ambas muestran la tasa del grupo.
# Column heading: a neighbourhood or district of the city.
public-area = Zona
# Column heading: number of incidents recorded.
public-incidents = Hechos
# Column heading: incidents for every 1,000 people living in the area.
public-rate = Por cada 1000 habitantes
# Shown instead of the map when there is nothing to show.
public-map-none = No hay hechos que mostrar.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = El plan de acción de la ciudad
# Sentence about the action plan. $n is a number.
public-plan-text = El plan tiene { $n } medidas: lo que hacen la ciudad y sus socios para prevenir, proteger y perseguir el delito.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Medidas según su avance
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Medidas por tipo de respuesta
# Column heading: number of measures of the action plan.
public-measures = Medidas
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Esta página todavía no está traducida a su idioma; aquí la tiene en inglés.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = En las listas de los organismos
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Total estimado
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Intervalo, límite inferior
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Intervalo, límite superior
# Last row of the table of incidents by area: the whole city.
public-all-areas = Toda la ciudad
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Publicado como
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Hechos registrados del { $from } al { $to }.
