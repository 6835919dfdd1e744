# vigie — tiếng Việt: các văn bản của cổng thông tin công cộng.
#
# Translators: every message has a note (the comment above it) saying where it appears. The portal is read
# by the general public, including people who may be victims: use plain, warm words. Keep { $name } arguments
# as they are. A city may override any message with its own .ftl files (serve --locales DIR).

# Link at the very top of every page, for keyboard and screen-reader users: jumps to the main text.
skip-to-content = Chuyển đến nội dung chính
# Name of the main menu, read out by screen readers (not shown).
nav-label = Menu chính
# Name of the list of languages at the top of every page, read out by screen readers.
language-label = Ngôn ngữ
# A form of exploitation (label in tables of figures).
exploitation-sexual-exploitation = Bóc lột tình dục
# A form of exploitation: work under threat or without pay (label in tables of figures).
exploitation-forced-labour = Lao động cưỡng bức
# A form of exploitation: people forced to commit crimes, e.g. young people made to sell drugs.
exploitation-forced-criminality = Cưỡng ép phạm tội
# A form of exploitation: people forced to beg for someone else.
exploitation-forced-begging = Cưỡng ép ăn xin
# A form of exploitation: a person kept as an unpaid servant in a household.
exploitation-domestic-servitude = Nô lệ giúp việc gia đình
# A form of exploitation: a marriage without free consent.
exploitation-forced-marriage = Cưỡng ép kết hôn
# A form of exploitation: children made to work.
exploitation-child-labour = Lao động trẻ em
# A form of exploitation: trafficking for the removal of organs.
exploitation-organ-removal = Lấy bộ phận cơ thể người
# A form of exploitation: children sold for adoption.
exploitation-illegal-adoption = Nhận con nuôi trái phép
# A form of exploitation: women forced to carry a child for others.
exploitation-surrogacy-exploitation = Bóc lột mang thai hộ
# Any other form of exploitation (label in tables of figures).
exploitation-other = Khác
# Sex of a person, label in a table of figures.
sex-female = Nữ
# Sex of a person, label in a table of figures.
sex-male = Nam
# Sex of a person (neither female nor male), label in a table of figures.
sex-other = Khác
# Sex of a person that was not recorded, label in a table of figures.
sex-unknown = Không ghi rõ
# What a help service offers: a safe place to live (shown under the service's name on the help page).
service-kind-safe-accommodation = Chỗ ở an toàn
# What a help service offers: urgent medical care.
service-kind-emergency-medical = Chăm sóc y tế khẩn cấp
# What a help service offers: someone to talk to, counselling.
service-kind-psychological = Hỗ trợ tâm lý
# What a help service offers: advice from lawyers on one's rights.
service-kind-legal-counselling = Tư vấn pháp lý
# What a help service offers: interpreters.
service-kind-interpretation = Phiên dịch
# What a help service offers: help with wages, contracts and working conditions.
service-kind-labour-rights = Quyền lợi người lao động
# What a help service offers: schooling for children.
service-kind-education = Giáo dục cho trẻ em
# What a help service offers: food, clothes, money for basic needs.
service-kind-material-help = Hỗ trợ vật chất
# What a help service offers: help to go back home safely and start again there.
service-kind-return-reintegration = Hồi hương và tái hòa nhập
# What a help service offers: help to report the crime to the police.
service-kind-complaint-to-police = Trình báo với cảnh sát
# Kind of response of a measure of the action plan.
response-social-prevention = Phòng ngừa xã hội
# Kind of response of a measure of the action plan.
response-youth-family = Hỗ trợ thanh thiếu niên và gia đình
# Kind of response of a measure of the action plan.
response-education = Giáo dục
# Kind of response of a measure of the action plan.
response-housing = Nhà ở
# Kind of response of a measure of the action plan: jobs and training.
response-economic-inclusion = Hòa nhập kinh tế
# Kind of response of a measure of the action plan.
response-victim-support = Hỗ trợ nạn nhân
# Kind of response of a measure of the action plan: informing the public.
response-awareness = Nâng cao nhận thức
# Kind of response of a measure of the action plan: closing the legal businesses that criminals use (licences, inspections).
response-administrative-barrier = Rào cản hành chính
# Kind of response of a measure of the action plan: lighting, design of public places.
response-situational-prevention = Phòng ngừa tình huống
# Kind of response of a measure of the action plan: police and courts.
response-law-enforcement = Thực thi pháp luật
# Progress of a measure of the action plan: not started.
measure-status-planned = Đã lên kế hoạch
# Progress of a measure of the action plan: under way.
measure-status-running = Đang thực hiện
# Progress of a measure of the action plan: completed.
measure-status-done = Đã hoàn thành
# Progress of a measure of the action plan: paused.
measure-status-suspended = Tạm dừng
# Progress of a measure of the action plan: stopped for good.
measure-status-cancelled = Đã hủy
# Name of the whole public site, shown at the top of every page and in the browser tab. $city is the name of the city.
public-site = { $city } chống mua bán người
# Menu link to the home page.
public-home = Trang chủ
# Menu link to the page of statistics about trafficking in the city.
public-figures = Số liệu của thành phố
# Menu link to the page about the Council of Europe treaty against human trafficking.
public-convention = Công ước châu Âu
# Banner at the top of every page, for someone in danger. 112 is the European emergency number; keep it.
public-emergency = Bạn đang gặp nguy hiểm? Hãy gọi 112 (miễn phí, từ mọi điện thoại, bằng nhiều ngôn ngữ).
# Footer of every page: the site sets no cookies and loads nothing from other sites.
public-footer = Không cookie, không theo dõi, không tải gì từ trang web khác. Sự giúp đỡ không phụ thuộc vào tình trạng cư trú của bạn.
# Main heading of the home page.
public-welcome = Mua bán người và bóc lột: luôn có người giúp đỡ
# First paragraph of the home page: what trafficking is, in plain words for the general public.
public-intro = Mua bán người là tuyển mộ, đưa đi hoặc giữ người khác để bóc lột họ: bắt bán dâm, bắt làm việc không lương hoặc không có quyền lợi gì, bắt phạm tội, bắt ăn xin, bắt làm người ở trong nhà, hoặc ép kết hôn. Điều này cũng xảy ra ở đây. Trang web này cho biết thành phố đang làm gì và bạn có thể tìm sự giúp đỡ ở đâu.
# A promise shown in bold on the home and help pages: help is given to everyone, with or without papers.
public-status-blind = Sự giúp đỡ dành cho nạn nhân không phụ thuộc vào tình trạng cư trú của họ, cũng không phụ thuộc vào việc họ có sẵn sàng làm chứng hay không.
# Short description under the link to the statistics page on the home page (starts in lower case).
public-figures-help = số người mà các cơ quan của thành phố đã tiếp nhận, và cách thành phố bảo vệ danh tính của họ khi công bố số liệu
# Short description under the link to the Convention page on the home page (starts in lower case).
public-convention-help = Công ước của Ủy hội châu Âu về hành động chống mua bán người và các quốc gia bị ràng buộc bởi Công ước
# Introduction of the statistics page: what the numbers count.
public-figures-intro = Những người mà các cơ quan của thành phố đã tiếp nhận với tư cách là nạn nhân có thể của mua bán người hoặc bóc lột (hồ sơ đã mở), theo sổ sách của chính các cơ quan đó. Không có thông tin nào ở đây cho phép nhận ra bất kỳ ai.
# How the statistics page hides small numbers so that nobody can be recognised. $max is a number such as 4 (counts from 1 to $max are never shown).
public-rules = Để không ai có thể bị nhận ra, không con số nào từ 1 đến { $max } được công bố, và một số con số khác cũng được ẩn theo ở bất cứ chỗ nào mà các tổng số hoặc các bảng khác có thể làm lộ ra chúng (đã kiểm tra bằng tính toán). Số 0 vẫn được công bố.
# Shown in a table instead of a number that is hidden to protect people.
public-withheld = ẩn
# Column heading in a table of figures: number of people.
public-count = Số người
# Caption of a table of figures: people counted by the year their case was opened.
public-by-year = Theo năm mở hồ sơ
# Caption of a table of figures: people counted by form of exploitation.
public-by-form = Theo hình thức bóc lột
# Note under the table by form of exploitation.
public-by-form-note = Một người có thể bị bóc lột theo nhiều cách: vì vậy tổng các con số lớn hơn số người.
# Caption of a table of figures: people counted by sex.
public-by-sex = Theo giới tính
# Caption of a table of figures: adults and children.
public-by-age = Theo nhóm tuổi
# Note under the table by age group. Art. 10 is an article of the Convention.
public-by-age-note = Người chưa xác định được chắc chắn tuổi được tính là người chưa thành niên, theo yêu cầu của Công ước (Điều 10).
# Row of a table: people aged 18 or more.
public-adults = Người trưởng thành
# Row of a table: people under 18.
public-minors = Người chưa thành niên
# Last row or column of a table: the total number of people.
public-total-people = Tổng số người
# Last row of the table by form of exploitation: the total of the counts (a person may be counted under several forms).
public-total-mentions = Tổng số lần ghi nhận
# Main heading of the Convention page: the official name of the treaty. Use the official title in your language if there is one.
public-convention-title = Công ước của Ủy hội châu Âu về hành động chống mua bán người (CETS No. 197)
# Introduction of the Convention page. GRETA is the name of the expert group; keep it.
public-convention-intro = Được thông qua ngày 3 tháng 5 năm 2005, Công ước có hiệu lực từ ngày 1 tháng 2 năm 2008. Công ước ràng buộc các quốc gia đã phê chuẩn hoặc gia nhập phải phòng ngừa mua bán người, bảo vệ và hỗ trợ nạn nhân, truy tố kẻ mua bán người; việc thực hiện Công ước được một nhóm chuyên gia độc lập, GRETA, giám sát.
# Heading on the Convention page: what the treaty promises victims.
public-promises = Những điều Công ước cam kết với nạn nhân
# What Article 10 of the Convention promises, in plain words.
public-art10 = Xác định nạn nhân (Điều 10): những người đã được đào tạo sẽ xác định nạn nhân; không ai bị đưa ra khỏi đất nước trước khi việc xác định hoàn tất; người chưa rõ tuổi được coi là trẻ em.
# What Article 11 of the Convention promises, in plain words.
public-art11 = Đời sống riêng tư (Điều 11): danh tính và dữ liệu cá nhân của nạn nhân được bảo vệ.
# What Article 12 of the Convention promises, in plain words.
public-art12 = Hỗ trợ (Điều 12): chỗ ở an toàn, hỗ trợ tâm lý và vật chất, chăm sóc y tế khẩn cấp, phiên dịch, tư vấn và thông tin, hỗ trợ trong thủ tục tố tụng, cho trẻ em đi học — khi nạn nhân đồng ý, và không đặt điều kiện phải làm chứng.
# What Article 13 of the Convention promises, in plain words.
public-art13 = Phục hồi và suy nghĩ (Điều 13): ít nhất 30 ngày để phục hồi và quyết định có hợp tác với cơ quan chức năng hay không; trong thời gian này, không lệnh trục xuất nào được thi hành.
# What Article 14 of the Convention promises, in plain words.
public-art14 = Giấy phép cư trú (Điều 14): một giấy phép có thể gia hạn khi hoàn cảnh của người đó hoặc thủ tục tố tụng đòi hỏi.
# Heading on the Convention page: how countries are checked.
public-greta = Giám sát
# How GRETA (keep the name) checks countries, round by round.
public-greta-text = GRETA đánh giá từng Bên theo từng vòng: vòng thứ nhất (từ 2010) về việc thực hiện chung, vòng thứ hai (2014) về tác động của các biện pháp, vòng thứ ba (từ 2018) về khả năng nạn nhân tiếp cận công lý và được bồi thường, khắc phục, vòng thứ tư (từ 2023) về những yếu tố khiến con người dễ bị mua bán, kể cả qua công nghệ thông tin.
# Heading of the table of the countries bound by the Convention.
public-parties = Các Bên tham gia
# Sentence above the table of countries. $n, $members and $others are numbers.
public-parties-count = { $n } quốc gia là Bên tham gia: { $members } quốc gia thành viên của Ủy hội châu Âu và { $others } quốc gia khác theo hình thức gia nhập.
# Note above the table of countries: some dates are marked as still to be checked, some as computed.
public-dates-note = Những ngày cần đối chiếu với bảng của Văn phòng Điều ước của Ủy hội châu Âu được ghi chú “cần kiểm tra”; những ngày có hiệu lực được tính theo Điều 42 (ngày đầu tiên của tháng tiếp theo sau ba tháng kể từ ngày nộp lưu chiểu) được ghi chú “tự tính”.
# Column heading: the country.
public-state = Quốc gia
# Column heading: the date the country signed the treaty.
public-signature = Ký
# Column heading: the date the country ratified or joined the treaty.
public-ratification = Phê chuẩn hoặc gia nhập
# Column heading: the date the treaty started to bind the country.
public-entry-into-force = Có hiệu lực
# Small mark beside a date: the country joined the treaty without having signed it first.
public-accession = gia nhập
# Small mark in brackets beside a date that was calculated, not copied from the official list.
public-computed = tự tính
# Small mark in brackets beside a date that has not been confirmed yet.
public-to-check = cần kiểm tra
# Start of a list of countries that signed but are not bound by the treaty. Ends with a colon.
public-not-parties = Không phải Bên tham gia:
# Menu link and page title: the page listing services that help victims.
public-help = Tìm sự giúp đỡ
# Short description under the link to the help page on the home page (starts in lower case).
public-help-help = các cơ quan giúp đỡ nạn nhân trong thành phố, ngôn ngữ họ sử dụng, giờ làm việc và cách liên hệ
# Main heading of the help page: help is for everyone, with or without papers.
public-help-title = Được giúp đỡ, dù tình trạng cư trú của bạn thế nào
# Introduction of the help page, speaking directly to a possible victim. Use the familiar or polite form that a help service would use.
public-help-intro = Các cơ quan này giúp đỡ những người đang bị bóc lột hoặc đã bị mua bán: nơi ở an toàn, chăm sóc sức khỏe, người để bạn tâm sự, tư vấn về quyền của bạn. Bạn không cần giấy tờ, và không bắt buộc phải đến cảnh sát. Hãy gọi điện hoặc viết cho họ; họ nói được các ngôn ngữ được liệt kê.
# Shown on the help page when the city has listed no service. 112 is the European emergency number; keep it.
public-help-none = Thành phố chưa đăng danh sách các cơ quan hỗ trợ. Nếu gặp nguy hiểm, hãy gọi 112.
# Label in a help service's card: the languages its staff speak.
public-help-languages = Ngôn ngữ
# Label in a help service's card: when it is open.
public-help-hours = Giờ làm việc
# Label in a help service's card: its phone number or e-mail.
public-help-contact = Liên hệ
# Heading on the home page above the links to the pages about each form of exploitation.
public-forms = Nhận biết các hình thức bóc lột
# Menu link to the page of downloadable statistics (open data).
public-data = Dữ liệu mở
# Short description under the link to the open data page on the home page (starts in lower case).
public-data-help = cùng những số liệu đó dưới dạng tệp (CSV và JSON) kèm định nghĩa, để ai cũng có thể sử dụng lại
# Introduction of the open data page. CSV and JSON are file formats; keep them.
public-data-intro = Mọi bảng của trang số liệu đều có thể tải về tại đây dưới dạng CSV hoặc JSON, kèm định nghĩa, khoảng thời gian và các quy tắc đã áp dụng để bảo vệ mọi người. Các địa chỉ không thay đổi. Một danh mục máy đọc được liệt kê tất cả các bảng.
# Link to the machine-readable list of all downloadable tables.
public-data-catalogue = Danh mục các bảng (JSON)
# Label before the links to download a table as a file.
public-download = Tải về
# Column heading on the open data page: the name of a downloadable table.
public-dataset = Bảng
# Label or column heading: the time span a table covers.
public-period = Khoảng thời gian
# A time span. $from and $to are dates or years.
public-period-range = { $from } đến { $to }
# Caption of a table of figures with years as columns. $what is "form of exploitation", "sex" or "age group" (the texts below).
public-people-by = Số người theo { $what } và năm
# Inserted in "People by ... and year".
public-what-form = hình thức bóc lột
# Inserted in "People by ... and year".
public-what-sex = giới tính
# Inserted in "People by ... and year".
public-what-age = nhóm tuổi
# Last column of a table: all years together.
public-all-years = Tất cả các năm
# Heading on the statistics page: the estimate of victims nobody knows about.
public-hidden = Có bao nhiêu nạn nhân chưa được cơ quan nào tiếp nhận
# Explains the estimate of the hidden number of victims. $known (people on at least one agency's list), $estimate, $low and $high are numbers.
public-hidden-text = Danh sách của các cơ quan tiếp nhận nạn nhân có tên { $known } người khác nhau. Bằng cách so sánh các danh sách này (bao nhiêu người có tên trong một, hai hay nhiều danh sách), các nhà thống kê có thể ước tính số người chưa được cơ quan nào tiếp nhận. Ước tính tổng số nạn nhân, dù đã biết hay chưa, là khoảng { $estimate } người (khoảng tin cậy 95%: từ { $low } đến { $high }).
# Note under the estimate. $lists and $round are numbers; $period is a time span.
public-hidden-method = Ước tính từ { $lists } danh sách của các cơ quan ({ $period }); làm tròn đến bội số gần nhất của { $round }.
# Shown when there is no estimate of the hidden number.
public-hidden-none = Thành phố chưa công bố ước tính nào.
# Heading of the map of the city's areas.
public-map = Số vụ việc tội phạm có tổ chức trên 1.000 dân, theo khu vực
# Note under the map: how small numbers are hidden on it.
public-map-note = Khi một khu vực có quá ít vụ việc để công bố, khu vực đó được gộp với một khu vực lân cận và cả hai hiển thị tỷ lệ chung của nhóm.
# Column heading: a neighbourhood or district of the city.
public-area = Khu vực
# Column heading: number of incidents recorded.
public-incidents = Số vụ việc
# Column heading: incidents for every 1,000 people living in the area.
public-rate = Trên 1.000 dân
# Shown instead of the map when there is nothing to show.
public-map-none = Không có vụ việc nào để hiển thị.
# Heading on the statistics page: the city's plan against organised crime and trafficking.
public-plan = Kế hoạch hành động của thành phố
# Sentence about the action plan. $n is a number.
public-plan-text = Kế hoạch có { $n } biện pháp: những việc thành phố và các đối tác làm để phòng ngừa, bảo vệ và truy tố.
# Caption of a table: how many measures are planned, running, done.
public-plan-status = Các biện pháp theo tiến độ
# Caption of a table: how many measures of each kind (prevention, victim support ...).
public-plan-kind = Các biện pháp theo loại ứng phó
# Column heading: number of measures of the action plan.
public-measures = Số biện pháp
# Shown at the top of a page that is not yet in the reader's language.
public-not-translated = Trang này chưa được dịch sang ngôn ngữ của bạn; dưới đây là bản tiếng Anh.
# Row of the table of the hidden-number estimate: people on at least one agency's list.
public-hidden-known = Có tên trong danh sách của các cơ quan
# Row of the table of the hidden-number estimate: the estimated total of victims, known or not.
public-hidden-estimate = Tổng số ước tính
# Row of the table of the hidden-number estimate: the lower end of the 95 % interval.
public-hidden-low = Khoảng tin cậy, cận dưới
# Row of the table of the hidden-number estimate: the upper end of the 95 % interval.
public-hidden-high = Khoảng tin cậy, cận trên
# Last row of the table of incidents by area: the whole city.
public-all-areas = Toàn thành phố
# Column heading in the table of incidents by area: the area or merged group of areas whose figures are shown.
public-published-as = Công bố dưới tên
# Sentence under the heading of the map. $from and $to are dates.
public-map-period = Các vụ việc được ghi nhận từ { $from } đến { $to }.
