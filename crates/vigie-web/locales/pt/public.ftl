# vigie — português: os textos do portal público.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Ir para o conteúdo
# Name of the main menu, read out by screen readers (not shown).
nav-label = Menu principal
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Idioma
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Exploração sexual
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Trabalho forçado
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Atividades criminosas forçadas
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Mendicidade forçada
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Servidão doméstica
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Casamento forçado
# A form of exploitation: children made to work.
exploitation-child-labour = Trabalho infantil
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Extração de órgãos
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Adoção ilegal
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Exploração da gestação de substituição
# Any other form of exploitation (label in tables of figures).
exploitation-other = Outras
# Sex of a person, label in a table of figures.
sex-female = Feminino
# Sex of a person, label in a table of figures.
sex-male = Masculino
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Outro
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = Não indicado
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Alojamento seguro
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Cuidados médicos urgentes
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Apoio psicológico
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Aconselhamento jurídico
# What a help service offers: interpreters.
service-kind-interpretation = Interpretação
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Direitos laborais
# What a help service offers: schooling for children.
service-kind-education = Escolarização das crianças
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Apoio material
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Regresso e reintegração
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Apresentar queixa na polícia
# Kind of response of a measure of the action plan.
response-social-prevention = Prevenção social
# Kind of response of a measure of the action plan.
response-youth-family = Apoio aos jovens e às famílias
# Kind of response of a measure of the action plan.
response-education = Educação
# Kind of response of a measure of the action plan.
response-housing = Habitação
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Inclusão económica
# Kind of response of a measure of the action plan.
response-victim-support = Apoio às vítimas
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Sensibilização
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Barreira administrativa
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Prevenção situacional
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Ação policial e judicial
# Progress of a measure of the action plan: not started.
measure-status-planned = Prevista
# Progress of a measure of the action plan: under way.
measure-status-running = Em curso
# Progress of a measure of the action plan: completed.
measure-status-done = Concluída
# Progress of a measure of the action plan: paused.
measure-status-suspended = Suspensa
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Cancelada
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } contra o tráfico de seres humanos
# Menu link to the home page.
public-home = Início
# Menu link to the page of statistics about trafficking in the city.
public-figures = Os números da cidade
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = A Convenção Europeia
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = Em perigo agora? Ligue 112 (gratuito, de qualquer telefone, em várias línguas).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Sem cookies, sem rastreio, nada é carregado de outros sites. A ajuda não depende da sua situação de residência.
# Main heading of the home page.
public-welcome = Tráfico de seres humanos e exploração: há ajuda
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = O tráfico de seres humanos consiste em recrutar, transportar ou manter pessoas para as explorar: na prostituição, em trabalho sem salário nem direitos, na prática de crimes, na mendicidade, numa casa particular, num casamento forçado. Também acontece aqui. Este site mostra o que a cidade faz e onde encontrar ajuda.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = A ajuda às vítimas não depende da sua situação de residência, nem da sua disponibilidade para testemunhar.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = quantas pessoas os serviços da cidade acompanharam e como a sua identidade é protegida quando os números são publicados
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = a Convenção do Conselho da Europa relativa à Luta contra o Tráfico de Seres Humanos e os Estados a ela vinculados
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Pessoas acompanhadas pelos serviços da cidade como possíveis vítimas de tráfico ou de exploração (casos abertos), segundo os registos dos próprios serviços. Nada aqui permite identificar ninguém.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = Para que ninguém possa ser identificado, nenhuma contagem de 1 a { $max } é publicada, e outras contagens são ocultadas com elas sempre que os totais ou outras tabelas as pudessem revelar (verificado por cálculo). O zero é publicado.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = oculto
# Column heading in a table of figures: number of people.
public-count = Pessoas
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = Por ano de abertura do caso
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = Por forma de exploração
# Note under the table by form of exploitation.
public-by-form-note = Uma pessoa pode ser explorada de várias formas: a soma é superior ao número de pessoas.
# Caption of a table of figures: people counted by sex.
public-by-sex = Por sexo
# Caption of a table of figures: adults and children.
public-by-age = Por grupo etário
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = Uma pessoa cuja idade é incerta é contada como menor, como pede a Convenção (art. 10.º).
# Row of a table: people aged 18 or more.
public-adults = Adultos
# Row of a table: people under 18.
public-minors = Menores
# Last row or column of a table: the total number of people.
public-total-people = Total de pessoas
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Total de menções
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = Convenção do Conselho da Europa relativa à Luta contra o Tráfico de Seres Humanos (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Adotada a 3 de maio de 2005, a Convenção está em vigor desde 1 de fevereiro de 2008. Obriga os Estados que a ratificaram ou a ela aderiram a prevenir o tráfico, a proteger e assistir as vítimas e a levar os traficantes a tribunal; a sua aplicação é acompanhada por um grupo de peritos independentes, o GRETA.
# Heading on the Convention page: what the treaty promises victims.
public-promises = O que promete às vítimas
# What Article 10 of the Convention promises, in plain words.
public-art10 = Identificação (art. 10.º): pessoas com formação identificam as vítimas; ninguém é afastado do país antes de a identificação estar concluída; uma pessoa cuja idade é incerta presume-se criança.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Vida privada (art. 11.º): a identidade e os dados pessoais das vítimas são protegidos.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Assistência (art. 12.º): alojamento seguro, apoio psicológico e material, cuidados médicos urgentes, interpretação, aconselhamento e informação, apoio nos processos, escolarização das crianças — com o seu consentimento e sem depender de testemunharem.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Período de restabelecimento e de reflexão (art. 13.º): pelo menos 30 dias para recuperar e decidir se coopera com as autoridades, durante os quais nenhuma medida de afastamento é executada.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Autorização de residência (art. 14.º): uma autorização renovável, quando a situação pessoal ou o processo o exijam.
# Heading on the Convention page: how countries are checked.
public-greta = Monitorização
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = O GRETA avalia cada Parte por rondas: a primeira (a partir de 2010) sobre a aplicação geral, a segunda (2014) sobre o impacto das medidas, a terceira (a partir de 2018) sobre o acesso das vítimas à justiça e a vias de recurso, a quarta (a partir de 2023) sobre as vulnerabilidades ao tráfico, incluindo através das tecnologias da informação.
# Heading of the table of the countries bound by the Convention.
public-parties = As Partes
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } Estados são Partes: os { $members } Estados-membros do Conselho da Europa e mais { $others } Estados por adesão.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = As datas a confirmar na tabela do Gabinete dos Tratados do Conselho da Europa estão assinaladas; as datas de entrada em vigor calculadas nos termos do art. 42.º (o primeiro dia do mês seguinte ao termo de um período de três meses após o depósito) estão assinaladas como calculadas.
# Column heading: the country.
public-state = Estado
# Column heading: the date the country signed the treaty.
public-signature = Assinatura
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Ratificação ou adesão
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Entrada em vigor
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = adesão
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = calculada
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = a confirmar
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Não são Partes:
# Menu link and page title: the page listing services that help victims.
public-help = Pedir ajuda
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = os serviços que ajudam as vítimas na cidade, as línguas que falam, os horários e como os contactar
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Ajuda, seja qual for a sua situação
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Estes serviços ajudam pessoas que são exploradas ou que foram vítimas de tráfico: um lugar seguro para ficar, cuidados de saúde, alguém com quem falar, informação sobre os seus direitos. Não precisa de documentos e não tem de ir à polícia. Ligue-lhes ou escreva-lhes; falam as línguas indicadas.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = A cidade ainda não indicou os seus serviços. Se estiver em perigo, ligue 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Línguas
# Label in a help service's card: when it is open.
public-help-hours = Horário
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Contacto
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = Como é a exploração
# Menu link to the page of downloadable statistics (open data).
public-data = Dados abertos
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = os mesmos números em ficheiros (CSV e JSON), com as suas definições, que qualquer pessoa pode reutilizar
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Cada tabela da página dos números pode ser descarregada aqui em CSV ou JSON, com as suas definições, o seu período e as regras aplicadas para proteger as pessoas. Os endereços não mudam. Um catálogo legível por máquina lista-os a todos.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Catálogo das tabelas (JSON)
# Label before the links to download a table as a file.
public-download = Descarregar
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Tabela
# Label or column heading: the time span a table covers.
public-period = Período
# A time span. $from and $to are dates or years.
public-period-range = de { $from } a { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Pessoas por { $what } e ano
# Inserted in "People by ... and year".
public-what-form = forma de exploração
# Inserted in "People by ... and year".
public-what-sex = sexo
# Inserted in "People by ... and year".
public-what-age = grupo etário
# Last column of a table: all years together.
public-all-years = Todos os anos
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Quantas vítimas não chegaram a nenhum serviço
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = As listas dos organismos que acompanham vítimas incluem { $known } pessoas diferentes. Comparando estas listas (quantas pessoas aparecem numa, duas ou mais delas), os estatísticos conseguem estimar quantas não chegaram a nenhum organismo. A estimativa do total de vítimas, conhecidas ou não, é de cerca de { $estimate } (intervalo de confiança de 95 %: de { $low } a { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Estimativa a partir de { $lists } listas de organismos ({ $period }), arredondada ao múltiplo de { $round } mais próximo.
# Shown when there is no estimate of the hidden number.
public-hidden-none = A cidade ainda não publicou uma estimativa.
# Heading of the map of the city's areas.
public-map = Ocorrências de criminalidade organizada por 1000 habitantes, por zona
# Note under the map: how small numbers are hidden on it.
public-map-note = Quando uma zona tem demasiado poucas ocorrências para poderem ser publicadas, é agrupada com uma zona vizinha e ambas mostram a taxa do grupo.
# Column heading: a neighbourhood or district of the city.
public-area = Zona
# Column heading: number of incidents recorded.
public-incidents = Ocorrências
# Column heading: incidents for every 1,000 people living in the area.
public-rate = Por 1000 habitantes
# Shown instead of the map when there is nothing to show.
public-map-none = Não há ocorrências a mostrar.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = O plano de ação da cidade
# Sentence about the action plan. $n is a number.
public-plan-text = O plano tem { $n } medidas: o que a cidade e os seus parceiros fazem para prevenir, proteger e levar os culpados à justiça.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Medidas por estado de execução
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Medidas por tipo de resposta
# Column heading: number of measures of the action plan.
public-measures = Medidas
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Esta página ainda não foi traduzida para a sua língua; aqui está em inglês.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = Nas listas dos organismos
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Total estimado
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Intervalo, limite inferior
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Intervalo, limite superior
# Last row of the table of incidents by area: the whole city.
public-all-areas = Toda a cidade
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Publicado como
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Ocorrências registadas de { $from } a { $to }.
