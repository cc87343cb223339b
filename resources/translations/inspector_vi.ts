<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Where to put the restored database</source>
        <translation>Chọn nơi đặt cơ sở dữ liệu được khôi phục</translation>
    </message>
    <message>
        <source>Inspector database (*.sqlite *.db);;All files (*)</source>
        <translation>Cơ sở dữ liệu Inspector (*.sqlite *.db);;Tất cả các tệp (*)</translation>
    </message>
    <message>
        <source>The backup was not restored</source>
        <translation>Không khôi phục được bản sao lưu</translation>
    </message>
    <message>
        <source>Today&apos;s automatic backup could not be made: %1

You can go on working; check the backup folder (File › Backups and restore…).</source>
        <translation>Không tạo được bản sao lưu tự động hôm nay: %1

Bạn vẫn làm việc bình thường; hãy kiểm tra thư mục sao lưu (Tệp › Sao lưu và khôi phục…).</translation>
    </message>
    <message>
        <source>The check of the history (nhật ký) found a problem: the data or the history was changed outside Inspector.

%1

%2 problem(s) in all. Run “inspector audit verify” for the full list, and compare with the anchor printed on the numbered minutes.</source>
        <translation>Kiểm tra nhật ký phát hiện vấn đề: dữ liệu hoặc nhật ký đã bị sửa bên ngoài Inspector.

%1

Tổng cộng %2 vấn đề. Hãy chạy “inspector audit verify” để xem đầy đủ, và đối chiếu với mã nhật ký in trên biên bản đã đánh số.</translation>
    </message>
    <message>
        <source>History check</source>
        <translation>Kiểm tra nhật ký</translation>
    </message>
    <message>
        <source>Automatic backup</source>
        <translation>Sao lưu tự động</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Backups and restore</source>
        <translation>Sao lưu và khôi phục</translation>
    </message>
    <message>
        <source>Inspector backs up the database at the first start of each day, before a checklist form is imported and before an upgrade. It keeps a backup of each of the last 7 days, 4 weeks and 12 months.</source>
        <translation>Inspector tự động sao lưu cơ sở dữ liệu vào lần mở đầu tiên mỗi ngày, trước khi nhập phiếu kiểm tra và trước khi nâng cấp. Ứng dụng giữ một bản cho mỗi ngày trong 7 ngày gần nhất, mỗi tuần trong 4 tuần và mỗi tháng trong 12 tháng.</translation>
    </message>
    <message>
        <source>Backup &amp;folder…</source>
        <translation>&amp;Thư mục sao lưu…</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Ngày giờ</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Sao lưu ngay</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Khôi phục…</translation>
    </message>
    <message>
        <source>&amp;Save a copy…</source>
        <translation>&amp;Lưu một bản sao…</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <source>Backup folder: %1</source>
        <translation>Thư mục sao lưu: %1</translation>
    </message>
    <message>
        <source>Backup made: %1</source>
        <translation>Đã sao lưu: %1</translation>
    </message>
    <message>
        <source>Restore the database from the backup of %1?

The current file is not deleted: it is kept as %2 in the folder %3. What was recorded after %1 will not be in the restored database (it stays in the kept file).</source>
        <translation>Khôi phục cơ sở dữ liệu từ bản sao lưu lúc %1?

Tệp hiện tại không bị xóa: tệp được giữ lại với tên %2 trong thư mục %3. Những gì ghi sau lúc %1 sẽ không có trong cơ sở dữ liệu được khôi phục (vẫn còn trong tệp được giữ lại).</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>The database was restored from the backup of %1.</source>
        <translation>Đã khôi phục cơ sở dữ liệu từ bản sao lưu lúc %1.</translation>
    </message>
    <message>
        <source>Save a copy of the database</source>
        <translation>Lưu một bản sao cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Inspector database (*.sqlite *.db);;All files (*)</source>
        <translation>Cơ sở dữ liệu Inspector (*.sqlite *.db);;Tất cả các tệp (*)</translation>
    </message>
    <message>
        <source>A copy of the database was saved as %1.</source>
        <translation>Đã lưu một bản sao cơ sở dữ liệu: %1.</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Thư mục sao lưu</translation>
    </message>
    <message>
        <source>Backups now go to %1.</source>
        <translation>Từ nay bản sao lưu được lưu vào %1.</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>hằng ngày</translation>
    </message>
    <message>
        <source>before an upgrade</source>
        <translation>trước nâng cấp</translation>
    </message>
    <message>
        <source>before importing a form</source>
        <translation>trước nhập phiếu</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>thủ công</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>trước khôi phục</translation>
    </message>
</context>
<context>
    <name>BodiesDialog</name>
    <message>
        <source>Inspecting bodies</source>
        <translation>Cơ quan kiểm tra</translation>
    </message>
    <message>
        <source>The body chosen for a round heads its minutes: parent body, name, minutes symbol, place name and signature titles. A body that no longer inspects keeps its rows with an end date.</source>
        <translation>Cơ quan được chọn cho đợt kiểm tra đứng tên trên biên bản: cơ quan chủ quản, tên cơ quan, ký hiệu biên bản, địa danh và chức danh ký. Cơ quan không còn kiểm tra được giữ lại với ngày kết thúc.</translation>
    </message>
    <message>
        <source>Inspecting body</source>
        <translation>Cơ quan kiểm tra</translation>
    </message>
    <message>
        <source>Minutes symbol</source>
        <translation>Ký hiệu biên bản</translation>
    </message>
    <message>
        <source>Place name</source>
        <translation>Địa danh</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Hiệu lực</translation>
    </message>
    <message>
        <source>&amp;New body…</source>
        <translation>Thêm &amp;cơ quan…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Sửa…</translation>
    </message>
    <message>
        <source>Only the administrator edits inspecting bodies.</source>
        <translation>Chỉ quản trị viên được sửa danh sách cơ quan kiểm tra.</translation>
    </message>
</context>
<context>
    <name>BodyDialog</name>
    <message>
        <source>Edit inspecting body</source>
        <translation>Sửa cơ quan kiểm tra</translation>
    </message>
    <message>
        <source>New inspecting body</source>
        <translation>Thêm cơ quan kiểm tra</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Tên cơ quan:</translation>
    </message>
    <message>
        <source>e.g. Sở Nội vụ</source>
        <translation>ví dụ: Sở Nội vụ</translation>
    </message>
    <message>
        <source>&amp;Parent body:</source>
        <translation>Cơ quan &amp;chủ quản:</translation>
    </message>
    <message>
        <source>e.g. Ủy ban nhân dân tỉnh Vĩnh Long</source>
        <translation>ví dụ: Ủy ban nhân dân tỉnh Vĩnh Long</translation>
    </message>
    <message>
        <source>P&amp;lace name (dated line):</source>
        <translation>Địa &amp;danh (dòng ngày tháng):</translation>
    </message>
    <message>
        <source>e.g. Vĩnh Long</source>
        <translation>ví dụ: Vĩnh Long</translation>
    </message>
    <message>
        <source>&amp;Minutes symbol:</source>
        <translation>&amp;Ký hiệu biên bản:</translation>
    </message>
    <message>
        <source>e.g. BB-SNV</source>
        <translation>ví dụ: BB-SNV</translation>
    </message>
    <message>
        <source>Signature title of the &amp;leader:</source>
        <translation>Chức danh ký của &amp;trưởng đoàn:</translation>
    </message>
    <message>
        <source>Signature title of the &amp;recorder:</source>
        <translation>Chức danh ký của &amp;thư ký:</translation>
    </message>
    <message>
        <source>(not in the catalogue)</source>
        <translation>(không có trong danh mục)</translation>
    </message>
    <message>
        <source>&amp;Unit in the catalogue:</source>
        <translation>Đơn &amp;vị trong danh mục:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>từ</translation>
    </message>
    <message>
        <source>until (last day)</source>
        <translation>đến (ngày cuối)</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Hiệu lực:</translation>
    </message>
    <message>
        <source>Decisions issued as:</source>
        <translation>Tên ban hành quyết định:</translation>
    </message>
</context>
<context>
    <name>CatalogText</name>
    <message>
        <source>Merger</source>
        <translation>Sáp nhập</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Chia tách</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Đổi tên</translation>
    </message>
    <message>
        <source>merged into %1</source>
        <translation>sáp nhập vào %1</translation>
    </message>
    <message>
        <source>split into %1</source>
        <translation>chia tách thành %1</translation>
    </message>
    <message>
        <source>renamed %1</source>
        <translation>đổi tên thành %1</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation>từ %1 đến %2</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>từ %1</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>đến %1</translation>
    </message>
    <message>
        <source>no end date</source>
        <translation>không thời hạn</translation>
    </message>
</context>
<context>
    <name>CatalogView</name>
    <message>
        <source>Unit / reception point</source>
        <translation>Cơ quan, đơn vị / Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Công chức</translation>
    </message>
    <message>
        <source>Valid: %1</source>
        <translation>Hiệu lực: %1</translation>
    </message>
    <message>
        <source>Continued by: %1</source>
        <translation>Đơn vị kế thừa: %1</translation>
    </message>
    <message>
        <source>Formed from: %1</source>
        <translation>Hình thành từ: %1</translation>
    </message>
    <message>
        <source>Search units and reception points (with or without diacritics)…</source>
        <translation>Tìm cơ quan, đơn vị, bộ phận một cửa (gõ có dấu hoặc không dấu)…</translation>
    </message>
    <message>
        <source>Show &amp;history</source>
        <translation>Hiện cả &amp;lịch sử</translation>
    </message>
    <message>
        <source>Also list the units and reception points that have ended (mergers, splits, renames), under the unit that continues them.</source>
        <translation>Liệt kê cả các đơn vị và Bộ phận Một cửa đã kết thúc (sáp nhập, chia tách, đổi tên), nằm dưới đơn vị kế thừa.</translation>
    </message>
    <message>
        <source>New &amp;unit…</source>
        <translation>Thêm đơn &amp;vị…</translation>
    </message>
    <message>
        <source>New reception &amp;point…</source>
        <translation>Thêm Bộ phận &amp;Một cửa…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Sửa…</translation>
    </message>
    <message>
        <source>Merger / split / rena&amp;me</source>
        <translation>Sáp nhập / chia tách / đổi &amp;tên</translation>
    </message>
    <message>
        <source>Record a &amp;merger…</source>
        <translation>Ghi nhận &amp;sáp nhập…</translation>
    </message>
    <message>
        <source>Record a &amp;split…</source>
        <translation>Ghi nhận &amp;chia tách…</translation>
    </message>
    <message>
        <source>Record a &amp;rename…</source>
        <translation>Ghi nhận đổi &amp;tên…</translation>
    </message>
    <message>
        <source>Inspecting &amp;bodies…</source>
        <translation>Cơ quan &amp;kiểm tra…</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>The administrator gave you this password: choose your own before you go on.</source>
        <translation>Mật khẩu này do quản trị cấp: hãy đặt mật khẩu của riêng bạn trước khi làm tiếp.</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>Mật khẩu &amp;hiện tại:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>Mật khẩu &amp;mới:</translation>
    </message>
    <message>
        <source>&amp;Repeat the new password:</source>
        <translation>&amp;Nhập lại mật khẩu mới:</translation>
    </message>
    <message>
        <source>At least 8 characters, not one character repeated, not the user name.</source>
        <translation>Ít nhất 8 ký tự, không phải một ký tự lặp lại, không trùng tên đăng nhập.</translation>
    </message>
    <message>
        <source>&amp;Change the password</source>
        <translation>Đổ&amp;i mật khẩu</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>Hai lần nhập mật khẩu mới không giống nhau.</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Sync conflicts</source>
        <translation>Xung đột đồng bộ</translation>
    </message>
    <message>
        <source>The same record was changed on the office server and on a laptop. Neither change was dropped: compare them and choose which one stays. The fields that differ are highlighted.</source>
        <translation>Cùng một bản ghi đã bị sửa cả trên máy chủ của cơ quan và trên một máy trạm. Không thay đổi nào bị bỏ: hãy so sánh và chọn bản được giữ. Các trường khác nhau được tô đậm.</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Phát hiện lúc</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Buổi kiểm tra</translation>
    </message>
    <message>
        <source>From the computer</source>
        <translation>Từ máy</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Trường</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>Trên máy chủ</translation>
    </message>
    <message>
        <source>From the laptop</source>
        <translation>Từ máy trạm</translation>
    </message>
    <message>
        <source>&amp;Keep the server&apos;s version</source>
        <translation>&amp;Giữ bản trên máy chủ</translation>
    </message>
    <message>
        <source>&amp;Take the laptop&apos;s version</source>
        <translation>&amp;Lấy bản từ máy trạm</translation>
    </message>
    <message>
        <source>No conflict waits: every sync so far agreed.</source>
        <translation>Không có xung đột nào chờ xử lý: mọi lần đồng bộ đến nay đều khớp.</translation>
    </message>
    <message>
        <source>Sync conflicts (%1 waiting)</source>
        <translation>Xung đột đồng bộ (%1 đang chờ)</translation>
    </message>
    <message>
        <source>%1 changed on the server and on %2</source>
        <translation>%1 bị sửa cả trên máy chủ và trên %2</translation>
    </message>
    <message>
        <source>The conflict was not settled</source>
        <translation>Chưa xử lý được xung đột</translation>
    </message>
</context>
<context>
    <name>Conversion</name>
    <message>
        <source>Encrypting the database</source>
        <translation>Đang mã hóa cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Inspector now encrypts the database and its backups, so that a lost laptop or a copied file gives nothing away. Everyone goes on signing in with the password they have.

Do not turn the computer off. Until the encrypted copy has been checked, the file stays as it was.</source>
        <translation>Inspector đang mã hóa cơ sở dữ liệu và các bản sao lưu, để máy bị mất hay tệp bị sao chép cũng không lộ dữ liệu. Mọi người vẫn đăng nhập bằng mật khẩu đang dùng.

Đừng tắt máy. Cho đến khi bản mã hóa được kiểm tra xong, tệp vẫn giữ nguyên như cũ.</translation>
    </message>
    <message>
        <source>The database is encrypted</source>
        <translation>Cơ sở dữ liệu đã được mã hóa</translation>
    </message>
    <message>
        <source>The database and its backups are now encrypted. Each user opens it with their own password; a lost laptop or a copied file gives nothing away.</source>
        <translation>Cơ sở dữ liệu và các bản sao lưu đã được mã hóa. Mỗi người dùng mở bằng mật khẩu của mình; máy bị mất hay tệp bị sao chép cũng không lộ dữ liệu.</translation>
    </message>
    <message>
        <source>The database was not encrypted</source>
        <translation>Cơ sở dữ liệu chưa được mã hóa</translation>
    </message>
    <message>
        <source>The database could not be encrypted: %1

It was left as it was, not encrypted, and you can go on working. Inspector tries again at the next start.</source>
        <translation>Không mã hóa được cơ sở dữ liệu: %1

Tệp được giữ nguyên như cũ, chưa mã hóa, và bạn vẫn làm việc tiếp được. Inspector sẽ thử lại ở lần khởi động sau.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Visits made</source>
        <translation>Buổi kiểm tra đã thực hiện</translation>
    </message>
    <message>
        <source>Announced / unannounced</source>
        <translation>Báo trước / không báo trước</translation>
    </message>
    <message>
        <source>Units covered</source>
        <translation>Đơn vị được kiểm tra</translation>
    </message>
    <message>
        <source>Items passed</source>
        <translation>Nội dung đạt</translation>
    </message>
    <message>
        <source>Recommendations done on time</source>
        <translation>Kiến nghị khắc phục đúng hạn</translation>
    </message>
    <message>
        <source>Done late</source>
        <translation>Khắc phục trễ hạn</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Click for the visits of the period</source>
        <translation>Bấm để xem các buổi kiểm tra trong kỳ</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Quý</translation>
    </message>
    <message>
        <source>Half year</source>
        <translation>Sáu tháng</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Năm</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Khoảng ngày</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Kỳ báo cáo:</translation>
    </message>
    <message>
        <source>Inspecting b&amp;ody:</source>
        <translation>&amp;Cơ quan kiểm tra:</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>Tất cả đơn vị</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Tỷ lệ</translation>
    </message>
    <message>
        <source>SIPAS criterion</source>
        <translation>Tiêu chí SIPAS</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Kỳ trước</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>Công chức</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Số lần bị nêu</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Buổi kiểm tra</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>Hài lòng</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>95% interval</source>
        <translation>Khoảng tin cậy 95%</translation>
    </message>
    <message>
        <source>Failed (team)</source>
        <translation>Không đạt (đoàn)</translation>
    </message>
    <message>
        <source>Reference satisfaction index (quick on-the-spot survey)</source>
        <translation>Chỉ số hài lòng tham khảo (khảo sát nhanh tại điểm)</translation>
    </message>
    <message>
        <source>Share of items failed per section</source>
        <translation>Tỷ lệ nội dung không đạt theo từng phần</translation>
    </message>
    <message>
        <source>Visits and items failed per visit, by quarter</source>
        <translation>Số buổi kiểm tra và số nội dung không đạt mỗi buổi, theo quý</translation>
    </message>
    <message>
        <source>Units × sections: share of items failed</source>
        <translation>Đơn vị × phần: tỷ lệ nội dung không đạt</translation>
    </message>
    <message>
        <source>Most frequent shortcomings</source>
        <translation>Tồn tại thường gặp nhất</translation>
    </message>
    <message>
        <source>Results per SIPAS criterion</source>
        <translation>Kết quả theo tiêu chí SIPAS</translation>
    </message>
    <message>
        <source>Staff with repeated findings</source>
        <translation>Công chức bị nêu nhiều lần</translation>
    </message>
    <message>
        <source>Double-click a row to open its visit.</source>
        <translation>Bấm đúp vào một dòng để mở buổi kiểm tra.</translation>
    </message>
    <message>
        <source>Close l&amp;ist</source>
        <translation>Đóng &amp;danh sách</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Reception point</source>
        <translation>Bộ phận một cửa</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Quarter %1</source>
        <translation>Quý %1</translation>
    </message>
    <message>
        <source>First half</source>
        <translation>Sáu tháng đầu năm</translation>
    </message>
    <message>
        <source>Second half</source>
        <translation>Sáu tháng cuối năm</translation>
    </message>
    <message>
        <source>All inspecting bodies</source>
        <translation>Tất cả cơ quan kiểm tra</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Đang tính…</translation>
    </message>
    <message>
        <source>The figures could not be computed: %1</source>
        <translation>Không tính được số liệu: %1</translation>
    </message>
    <message>
        <source>%1, compared with %2</source>
        <translation>%1, so với %2</translation>
    </message>
    <message>
        <source>Previous: %1</source>
        <translation>Kỳ trước: %1</translation>
    </message>
    <message>
        <source>%1 of %2 items assessed passed (Đạt / Đạt + Không đạt), in the %3 approved visits</source>
        <translation>%1 trên %2 nội dung được đánh giá đạt (Đạt / (Đạt + Không đạt)), trong %3 buổi kiểm tra đã duyệt</translation>
    </message>
    <message>
        <source>%1 recommendations of the period&apos;s visits; overdue on %2</source>
        <translation>%1 kiến nghị của các buổi kiểm tra trong kỳ; quá hạn tính đến %2</translation>
    </message>
    <message>
        <source>No survey responses in the period.</source>
        <translation>Không có phiếu khảo sát nào trong kỳ.</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>Chung</translation>
    </message>
    <message>
        <source>%1 questionnaires, %2 respondents.</source>
        <translation>%1 phiếu, %2 người trả lời.</translation>
    </message>
    <message>
        <source>Small sample: for reference only.</source>
        <translation>Cỡ mẫu nhỏ: chỉ để tham khảo.</translation>
    </message>
    <message>
        <source>%1 of %2 units, the most items failed first. A unit&apos;s name: its visits; a cell: its failed items.</source>
        <translation>%1 trên %2 đơn vị, đơn vị nhiều nội dung không đạt nhất lên trước. Bấm tên đơn vị: các buổi kiểm tra; bấm một ô: các nội dung không đạt.</translation>
    </message>
    <message numerus="yes">
        <source>Failed items — %1 — %2: %n item(s)</source>
        <translation>
            <numerusform>Nội dung không đạt — %1 — %2: %n nội dung</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatabaseDialog</name>
    <message>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>A &amp;file on this computer</source>
        <translation>Một &amp;tệp trên máy này</translation>
    </message>
    <message>
        <source>The office &amp;server (PostgreSQL)</source>
        <translation>&amp;Máy chủ của cơ quan (PostgreSQL)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>Inspector keeps all data in one database file on this computer. Choose an existing file, or a new file name to start an empty database. The file is backed up automatically before an upgrade.</source>
        <translation>Inspector lưu toàn bộ dữ liệu trong một tệp cơ sở dữ liệu trên máy này. Chọn một tệp đã có, hoặc đặt tên tệp mới để bắt đầu cơ sở dữ liệu trống. Tệp được tự động sao lưu trước mỗi lần nâng cấp.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Default location</source>
        <translation>Vị trí mặc định</translation>
    </message>
    <message>
        <source>Fill a new database with demo data (tỉnh Vĩnh Long today, the former Trà Vinh city as history)</source>
        <translation>Nạp dữ liệu mẫu vào cơ sở dữ liệu mới (tỉnh Vĩnh Long hiện nay, thành phố Trà Vinh cũ làm dữ liệu lịch sử)</translation>
    </message>
    <message>
        <source>At the office, every computer works on the same database on the office server (PostgreSQL). Ask the server&apos;s administrator for its address, the database, and the database user and password. The password is not saved on this computer: it is asked at each start.</source>
        <translation>Tại cơ quan, mọi máy cùng làm việc trên một cơ sở dữ liệu ở máy chủ của cơ quan (PostgreSQL). Hãy hỏi quản trị máy chủ địa chỉ, tên cơ sở dữ liệu, tài khoản và mật khẩu cơ sở dữ liệu. Mật khẩu không được lưu trên máy này: mỗi lần khởi động sẽ hỏi lại.</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Địa chỉ &amp;máy chủ:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Cổng:</translation>
    </message>
    <message>
        <source>Data&amp;base:</source>
        <translation>Cơ sở &amp;dữ liệu:</translation>
    </message>
    <message>
        <source>Database &amp;user:</source>
        <translation>&amp;Tài khoản cơ sở dữ liệu:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Mật &amp;khẩu:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Tệp cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Inspector database (*.sqlite *.db);;All files (*)</source>
        <translation>Cơ sở dữ liệu Inspector (*.sqlite *.db);;Tất cả các tệp (*)</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation>Hãy nhập địa chỉ máy chủ.</translation>
    </message>
    <message>
        <source>Enter the name of the database on the server.</source>
        <translation>Hãy nhập tên cơ sở dữ liệu trên máy chủ.</translation>
    </message>
    <message>
        <source>Enter the database user.</source>
        <translation>Hãy nhập tài khoản cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>Connected to %1: the database is ready for Inspector.</source>
        <translation>Đã kết nối tới %1: cơ sở dữ liệu sẵn sàng cho Inspector.</translation>
    </message>
    <message>
        <source>Connected to %1: the database was made by an older Inspector and is upgraded when it is opened (the administrator should back it up first with pg_dump).</source>
        <translation>Đã kết nối tới %1: cơ sở dữ liệu do phiên bản Inspector cũ hơn tạo, sẽ được nâng cấp khi mở (quản trị nên sao lưu trước bằng pg_dump).</translation>
    </message>
    <message>
        <source>Enter the path of a database file.</source>
        <translation>Hãy nhập đường dẫn tệp cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>This is a folder; enter a file name inside it.</source>
        <translation>Đây là một thư mục; hãy nhập tên tệp trong thư mục đó.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>This change was NOT saved.</source>
        <translation>Thay đổi này CHƯA được lưu.</translation>
    </message>
    <message>
        <source>The office server cannot be reached (the server is off or restarting, or the network is down).</source>
        <translation>Không kết nối được tới máy chủ của cơ quan (máy chủ tắt hoặc đang khởi động lại, hoặc mất mạng).</translation>
    </message>
    <message>
        <source>What is on screen stays; once the server is back, press Retry.</source>
        <translation>Những gì trên màn hình vẫn còn; khi máy chủ hoạt động trở lại, hãy bấm Thử lại.</translation>
    </message>
    <message>
        <source>The office server is busy: another computer is changing the same data.</source>
        <translation>Máy chủ của cơ quan đang bận: một máy khác đang sửa cùng dữ liệu.</translation>
    </message>
    <message>
        <source>Wait a moment, then press Retry.</source>
        <translation>Hãy chờ một lát rồi bấm Thử lại.</translation>
    </message>
    <message>
        <source>The database is busy: another Inspector window or computer is writing to the same file.</source>
        <translation>Cơ sở dữ liệu đang bận: một cửa sổ hoặc máy Inspector khác đang ghi vào cùng tệp.</translation>
    </message>
    <message>
        <source>Wait a moment or close the other session, then press Retry.</source>
        <translation>Hãy chờ một lát hoặc đóng phiên kia, rồi bấm Thử lại.</translation>
    </message>
    <message>
        <source>The disk is full.</source>
        <translation>Ổ đĩa đã đầy.</translation>
    </message>
    <message>
        <source>Free some space on the disk, then press Retry.</source>
        <translation>Hãy giải phóng dung lượng trên ổ đĩa, rồi bấm Thử lại.</translation>
    </message>
    <message>
        <source>The database file can no longer be written (it has become read-only).</source>
        <translation>Tệp cơ sở dữ liệu không còn ghi được (đã thành chỉ đọc).</translation>
    </message>
    <message>
        <source>Ask the administrator to restore write access, then press Retry.</source>
        <translation>Hãy nhờ quản trị cấp lại quyền ghi, rồi bấm Thử lại.</translation>
    </message>
    <message>
        <source>The database file is damaged.</source>
        <translation>Tệp cơ sở dữ liệu bị hỏng.</translation>
    </message>
    <message>
        <source>Close Inspector: at the next start it sets the file aside and offers the newest backup.</source>
        <translation>Hãy đóng Inspector: lần khởi động sau, ứng dụng sẽ để riêng tệp hỏng và đề nghị khôi phục bản sao lưu mới nhất.</translation>
    </message>
    <message>
        <source>The change conflicts with data another session has just saved.</source>
        <translation>Thay đổi xung đột với dữ liệu một phiên khác vừa lưu.</translation>
    </message>
    <message>
        <source>Press Retry; if it happens again, close and reopen the visit.</source>
        <translation>Hãy bấm Thử lại; nếu vẫn lỗi, hãy đóng rồi mở lại buổi kiểm tra.</translation>
    </message>
    <message>
        <source>Database error: %1.</source>
        <translation>Lỗi cơ sở dữ liệu: %1.</translation>
    </message>
    <message>
        <source>Press Retry.</source>
        <translation>Hãy bấm Thử lại.</translation>
    </message>
    <message>
        <source>File error: %1.</source>
        <translation>Lỗi tệp: %1.</translation>
    </message>
    <message>
        <source>Check the file or the disk, then press Retry.</source>
        <translation>Hãy kiểm tra tệp hoặc ổ đĩa, rồi bấm Thử lại.</translation>
    </message>
    <message>
        <source>Not enough memory to finish this action.</source>
        <translation>Không đủ bộ nhớ để hoàn tất thao tác này.</translation>
    </message>
    <message>
        <source>Close other programs, then press Retry.</source>
        <translation>Hãy đóng bớt các chương trình khác, rồi bấm Thử lại.</translation>
    </message>
    <message>
        <source>Unexpected error: %1.</source>
        <translation>Lỗi không mong đợi: %1.</translation>
    </message>
    <message>
        <source>Press Retry; if it happens again, tell the administrator.</source>
        <translation>Hãy bấm Thử lại; nếu vẫn lỗi, hãy báo quản trị.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Chưa lưu</translation>
    </message>
    <message>
        <source>Not possible</source>
        <translation>Không thực hiện được</translation>
    </message>
</context>
<context>
    <name>ExportPackageDialog</name>
    <message>
        <source>Export a data package</source>
        <translation>Xuất gói dữ liệu</translation>
    </message>
    <message>
        <source>The visits of a &amp;round:</source>
        <translation>Các buổi kiểm tra của một &amp;đợt:</translation>
    </message>
    <message numerus="yes">
        <source>The &amp;selected visits (%n)</source>
        <translation>
            <numerusform>Các buổi kiểm tra đã &amp;chọn (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Where to save the package</source>
        <translation>Nơi lưu gói dữ liệu</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Chọn…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Tệp:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Xuất</translation>
    </message>
    <message>
        <source>The package is signed with this database&apos;s key. The office receiving it checks the key&apos;s fingerprint with you by phone before its first import.</source>
        <translation>Gói được ký bằng khóa của cơ sở dữ liệu này. Cơ quan nhận gói đối chiếu dấu vân tay của khóa với bạn qua điện thoại trước lần nhập đầu tiên.</translation>
    </message>
    <message>
        <source>Save the data package</source>
        <translation>Lưu gói dữ liệu</translation>
    </message>
    <message>
        <source>Data packages (*%1)</source>
        <translation>Gói dữ liệu (*%1)</translation>
    </message>
    <message>
        <source>Choose where to save the package.</source>
        <translation>Hãy chọn nơi lưu gói.</translation>
    </message>
    <message>
        <source>There is no round to export.</source>
        <translation>Chưa có đợt kiểm tra nào để xuất.</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Chưa xuất được: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n visit(s) to %1. Key fingerprint: %2</source>
        <translation>
            <numerusform>Đã xuất %n buổi kiểm tra vào %1. Dấu vân tay của khóa: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FailureBar</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Thử lại</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>First start — the administrator&apos;s password</source>
        <translation>Lần đầu sử dụng — mật khẩu quản trị</translation>
    </message>
    <message>
        <source>This is the first start on this database: set the password of the administrator %1 (user name %2). The administrator then gives the other users their passwords and roles.</source>
        <translation>Đây là lần đầu sử dụng cơ sở dữ liệu này: hãy đặt mật khẩu cho quản trị viên %1 (tên đăng nhập %2). Sau đó quản trị viên cấp mật khẩu và vai trò cho những người dùng khác.</translation>
    </message>
    <message>
        <source>This database has no users yet: create the administrator&apos;s account. The administrator then creates the other users and gives them their passwords and roles.</source>
        <translation>Cơ sở dữ liệu này chưa có người dùng: hãy tạo tài khoản quản trị. Sau đó quản trị viên tạo những người dùng khác và cấp mật khẩu, vai trò cho họ.</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Tên đăng nhập:</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Họ và tên:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
    <message>
        <source>&amp;Repeat the password:</source>
        <translation>&amp;Nhập lại mật khẩu:</translation>
    </message>
    <message>
        <source>At least 8 characters, not one character repeated, not the user name.</source>
        <translation>Ít nhất 8 ký tự, không phải một ký tự lặp lại, không trùng tên đăng nhập.</translation>
    </message>
    <message>
        <source>Give the demo accounts (%1) this password too</source>
        <translation>Đặt mật khẩu này cho cả các tài khoản mẫu (%1)</translation>
    </message>
    <message>
        <source>For trying the app out. Otherwise these accounts cannot sign in until the administrator gives each a password.</source>
        <translation>Để dùng thử. Nếu không, các tài khoản này chưa đăng nhập được cho đến khi quản trị cấp mật khẩu cho từng người.</translation>
    </message>
    <message>
        <source>&amp;Set the password</source>
        <translation>Đặt &amp;mật khẩu</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Hai lần nhập mật khẩu không giống nhau.</translation>
    </message>
</context>
<context>
    <name>FormsDialog</name>
    <message>
        <source>Checklist forms</source>
        <translation>Phiếu kiểm tra</translation>
    </message>
    <message>
        <source>Forms in the database (newest version of each):</source>
        <translation>Các phiếu kiểm tra trong cơ sở dữ liệu (phiên bản mới nhất của mỗi phiếu):</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tên phiếu</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Số nội dung</translation>
    </message>
    <message>
        <source>These form files have problems and were not loaded (folder %1). Correct them and restart the app:</source>
        <translation>Các tệp phiếu sau có lỗi nên chưa được nạp (thư mục %1). Hãy sửa rồi khởi động lại ứng dụng:</translation>
    </message>
    <message>
        <source>Forms in use cite legal documents that are not in force. They were loaded; update the register or issue a new version of the form:</source>
        <translation>Phiếu đang dùng viện dẫn văn bản pháp luật đã hết hiệu lực. Phiếu vẫn được nạp; hãy cập nhật danh mục văn bản hoặc ban hành phiên bản mới của phiếu:</translation>
    </message>
    <message>
        <source>&amp;Import a form from a file…</source>
        <translation>&amp;Nhập phiếu từ tệp…</translation>
    </message>
    <message>
        <source>Only an administrator can import checklist forms.</source>
        <translation>Chỉ quản trị viên được nhập phiếu kiểm tra.</translation>
    </message>
    <message>
        <source>Import a checklist form</source>
        <translation>Nhập phiếu kiểm tra</translation>
    </message>
    <message>
        <source>Checklist forms (*.toml)</source>
        <translation>Phiếu kiểm tra (*.toml)</translation>
    </message>
    <message>
        <source>Form not imported</source>
        <translation>Chưa nhập được phiếu</translation>
    </message>
    <message>
        <source>The database could not be backed up before the import, so the form was not imported; nothing was changed.</source>
        <translation>Không sao lưu được cơ sở dữ liệu trước khi nhập, nên chưa nhập phiếu; không có gì thay đổi.</translation>
    </message>
    <message>
        <source>The file was not imported; nothing was changed.</source>
        <translation>Tệp không được nhập; dữ liệu không có gì thay đổi.</translation>
    </message>
    <message>
        <source>Form %1 version %2 is already in the database.</source>
        <translation>Phiếu %1 phiên bản %2 đã có trong cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>Form %1 version %2 was imported. New visits will use it.</source>
        <translation>Đã nhập phiếu %1 phiên bản %2. Các buổi kiểm tra mới sẽ dùng phiếu này.</translation>
    </message>
    <message>
        <source>Warning: the form cites legal documents that are not in force:</source>
        <translation>Cảnh báo: phiếu viện dẫn văn bản pháp luật đã hết hiệu lực:</translation>
    </message>
</context>
<context>
    <name>HeatMap</name>
    <message>
        <source>Share failed:</source>
        <translation>Tỷ lệ không đạt:</translation>
    </message>
    <message>
        <source>%1
%2 of %3 items failed (%4)
Click for its visits in the period</source>
        <translation>%1
%2 trên %3 nội dung không đạt (%4)
Bấm để xem các buổi kiểm tra trong kỳ</translation>
    </message>
    <message>
        <source>%1 — %2
%3 of %4 items failed (%5)</source>
        <translation>%1 — %2
%3 trên %4 nội dung không đạt (%5)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History</source>
        <translation>Lịch sử thay đổi</translation>
    </message>
    <message>
        <source>Nothing has been recorded yet.</source>
        <translation>Chưa có thay đổi nào được ghi lại.</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Trước</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Sau</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Nội dung</translation>
    </message>
</context>
<context>
    <name>ImportPackageDialog</name>
    <message>
        <source>Import a data package</source>
        <translation>Nhập gói dữ liệu</translation>
    </message>
    <message>
        <source>No package chosen</source>
        <translation>Chưa chọn gói</translation>
    </message>
    <message>
        <source>&amp;Choose a file…</source>
        <translation>&amp;Chọn tệp…</translation>
    </message>
    <message>
        <source>Hide rows identical to the data here</source>
        <translation>Ẩn các dòng giống hệt dữ liệu ở đây</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Nhập</translation>
    </message>
    <message>
        <source>A package from another office is checked whole (its signature, every part) and shown here first. Nothing changes until you press Import.</source>
        <translation>Gói từ cơ quan khác được kiểm tra toàn bộ (chữ ký, từng phần) và hiện ở đây trước. Không có gì thay đổi cho đến khi bạn bấm Nhập.</translation>
    </message>
    <message>
        <source>Choose a data package</source>
        <translation>Chọn gói dữ liệu</translation>
    </message>
    <message>
        <source>Data packages (*%1);;All files (*)</source>
        <translation>Gói dữ liệu (*%1);;Mọi tệp (*)</translation>
    </message>
    <message numerus="yes">
        <source>From %1, signed by %2 (fingerprint %3), made %4 UTC: %n visit(s).</source>
        <translation>
            <numerusform>Từ %1, ký bởi %2 (dấu vân tay %3), lập lúc %4 UTC: %n buổi kiểm tra.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 new, %2 changed, %3 conflicting (kept for the supervisor to settle), %4 identical rows.</source>
        <translation>%1 dòng mới, %2 dòng thay đổi, %3 dòng xung đột (giữ lại để lãnh đạo xử lý), %4 dòng giống hệt.</translation>
    </message>
    <message>
        <source>This package was refused: %1</source>
        <translation>Gói này bị từ chối: %1</translation>
    </message>
</context>
<context>
    <name>ItemPanel</name>
    <message>
        <source>Figures</source>
        <translation>Số liệu</translation>
    </message>
    <message>
        <source>What was found: facts, times, what was said (press N to write here, Esc to leave)</source>
        <translation>Ghi nhận: sự việc, thời điểm, lời nói (bấm N để ghi, Esc để thoát)</translation>
    </message>
    <message>
        <source>Staff concerned</source>
        <translation>Công chức liên quan</translation>
    </message>
    <message>
        <source>Someone else…</source>
        <translation>Người khác…</translation>
    </message>
    <message>
        <source>Photos (drop files here)</source>
        <translation>Ảnh minh chứng (kéo thả tệp vào đây)</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Thêm ảnh…</translation>
    </message>
    <message>
        <source>Remove selected photo</source>
        <translation>Bỏ ảnh đang chọn</translation>
    </message>
    <message>
        <source>◀  Previous (←)</source>
        <translation>◀  Nội dung trước (←)</translation>
    </message>
    <message>
        <source>Next (→ or Enter)  ▶</source>
        <translation>Nội dung tiếp (→ hoặc Enter)  ▶</translation>
    </message>
    <message>
        <source>Guidance: %1</source>
        <translation>Hướng dẫn: %1</translation>
    </message>
    <message>
        <source>Legal basis: %1</source>
        <translation>Căn cứ: %1</translation>
    </message>
    <message>
        <source>Severity: %1</source>
        <translation>Mức độ: %1</translation>
    </message>
    <message>
        <source>Reviewer&apos;s comments:</source>
        <translation>Ý kiến của người duyệt:</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Kết quả: %1</translation>
    </message>
    <message>
        <source>a note is required</source>
        <translation>cần ghi rõ tồn tại</translation>
    </message>
    <message>
        <source>a photo is required</source>
        <translation>cần ảnh minh chứng</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Photo %1</source>
        <translation>Ảnh %1</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>Lỗi không lường trước: %1</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Thêm ảnh</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>Ảnh (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tất cả các tệp (*)</translation>
    </message>
    <message>
        <source>%1 — unexpected error: %2</source>
        <translation>%1 — lỗi không lường trước: %2</translation>
    </message>
    <message>
        <source>Folders inside a dropped folder are not opened: %1. Drop them on their own.</source>
        <translation>Không mở các thư mục con trong thư mục được thả vào: %1. Hãy thả riêng từng thư mục đó.</translation>
    </message>
    <message>
        <source>At most %1 files are added at once; %2 more were not looked at.</source>
        <translation>Mỗi lần chỉ thêm tối đa %1 tệp; %2 tệp còn lại chưa được xem xét.</translation>
    </message>
    <message>
        <source>Added %1 photo(s).</source>
        <translation>Đã thêm %1 ảnh.</translation>
    </message>
    <message>
        <source>Could not add %1 file(s):</source>
        <translation>Không thêm được %1 tệp:</translation>
    </message>
    <message>
        <source>… and %1 more (see the details).</source>
        <translation>… và %1 tệp khác (xem phần chi tiết).</translation>
    </message>
    <message>
        <source>Adding photos</source>
        <translation>Thêm ảnh</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>End (inspector)</source>
        <translation>Kết thúc (kiểm tra viên)</translation>
    </message>
    <message>
        <source>End the survey (an inspector&apos;s password)</source>
        <translation>Kết thúc khảo sát (mật khẩu kiểm tra viên)</translation>
    </message>
    <message>
        <source>Your opinion about the service today</source>
        <translation>Ý kiến của ông/bà về việc phục vụ hôm nay</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Quay lại</translation>
    </message>
    <message>
        <source>Skip ▶</source>
        <translation>Bỏ qua ▶</translation>
    </message>
    <message>
        <source>Thank you!
Your answers have been recorded.</source>
        <translation>Xin cảm ơn!
Ý kiến của ông/bà đã được ghi nhận.</translation>
    </message>
    <message>
        <source>To end the survey, an inspector of this visit&apos;s team types their password.</source>
        <translation>Để kết thúc khảo sát, một thành viên đoàn kiểm tra của buổi này nhập mật khẩu.</translation>
    </message>
    <message>
        <source>Back to the survey</source>
        <translation>Quay lại khảo sát</translation>
    </message>
    <message>
        <source>End the survey</source>
        <translation>Kết thúc khảo sát</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Câu %1 / %2</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>Chưa lưu được câu trả lời: %1</translation>
    </message>
    <message>
        <source>Wrong password: the survey goes on.</source>
        <translation>Sai mật khẩu: khảo sát tiếp tục.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Province</source>
        <translation>Cấp tỉnh</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Cấp thành phố</translation>
    </message>
    <message>
        <source>Department or agency</source>
        <translation>Cơ quan chuyên môn, đơn vị</translation>
    </message>
    <message>
        <source>Ward</source>
        <translation>Phường</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Xã</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Công chức kiểm tra</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Trưởng đoàn, Trưởng phòng</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Văn thư</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Đạt</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Không áp dụng</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Chưa kiểm tra</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Đã lên lịch</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Đang kiểm tra</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Đã gửi duyệt</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Trả lại</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Đã duyệt</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Đã khóa</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>Nhẹ</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>Trung bình</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>Nghiêm trọng</translation>
    </message>
    <message>
        <source>Access to services</source>
        <translation>Tiếp cận dịch vụ</translation>
    </message>
    <message>
        <source>Administrative procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>Civil servants</source>
        <translation>Công chức</translation>
    </message>
    <message>
        <source>Service results</source>
        <translation>Kết quả dịch vụ</translation>
    </message>
    <message>
        <source>Feedback handling</source>
        <translation>Tiếp nhận, xử lý phản ánh, kiến nghị</translation>
    </message>
    <message>
        <source>Team leader</source>
        <translation>Trưởng đoàn</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <source>Secretary</source>
        <translation>Thư ký</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Chưa khắc phục</translation>
    </message>
    <message>
        <source>Reported done</source>
        <translation>Đơn vị báo đã khắc phục</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Đã xác minh</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đã kết thúc</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector — Civil-service inspection of one-stop reception points</source>
        <translation>Inspector — Kiểm tra công vụ tại Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Đang mở cơ sở dữ liệu…</translation>
    </message>
    <message>
        <source>&amp;Units</source>
        <translation>&amp;Đơn vị</translation>
    </message>
    <message>
        <source>&amp;Visits</source>
        <translation>&amp;Buổi kiểm tra</translation>
    </message>
    <message>
        <source>&amp;Rounds</source>
        <translation>Đợt &amp;kiểm tra</translation>
    </message>
    <message>
        <source>Revie&amp;w</source>
        <translation>&amp;Duyệt</translation>
    </message>
    <message>
        <source>Re&amp;mediation</source>
        <translation>Theo dõi &amp;khắc phục</translation>
    </message>
    <message>
        <source>Dash&amp;board</source>
        <translation>&amp;Tổng quan</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;Database…</source>
        <translation>Cơ sở &amp;dữ liệu…</translation>
    </message>
    <message>
        <source>&amp;Backups and restore…</source>
        <translation>&amp;Sao lưu và khôi phục…</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Đổi &amp;mật khẩu…</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Người dùng…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Đăng &amp;xuất</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Catalogue</source>
        <translation>&amp;Danh mục</translation>
    </message>
    <message>
        <source>Checklist &amp;forms…</source>
        <translation>&amp;Phiếu kiểm tra…</translation>
    </message>
    <message>
        <source>&amp;Find a unit</source>
        <translation>&amp;Tìm đơn vị</translation>
    </message>
    <message>
        <source>Inspecting &amp;bodies…</source>
        <translation>Cơ quan &amp;kiểm tra…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;About Inspector</source>
        <translation>&amp;Giới thiệu Inspector</translation>
    </message>
    <message>
        <source>Office server: %1</source>
        <translation>Máy chủ của cơ quan: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Cơ sở dữ liệu: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n checklist form(s) loaded</source>
        <translation>
            <numerusform>Đã nạp %n phiếu kiểm tra</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n form error(s)</source>
        <translation>
            <numerusform>%n lỗi trong tệp phiếu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n form warning(s)</source>
        <translation>
            <numerusform>%n cảnh báo về phiếu</numerusform>
        </translation>
    </message>
    <message>
        <source>The data is on the office server: its administrator backs it up (pg_dump); there are no backups to make or restore on this computer.</source>
        <translation>Dữ liệu nằm trên máy chủ của cơ quan: quản trị máy chủ sao lưu (pg_dump); trên máy này không có bản sao lưu để tạo hay khôi phục.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Chưa đăng nhập</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>Người dùng: %1 (%2)</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Đã đăng xuất.</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Đã đổi mật khẩu.</translation>
    </message>
    <message>
        <source>Cannot start the visit</source>
        <translation>Không bắt đầu được buổi kiểm tra</translation>
    </message>
    <message>
        <source>Start the visit</source>
        <translation>Bắt đầu kiểm tra</translation>
    </message>
    <message>
        <source>Start this planned visit now? The start time is recorded.</source>
        <translation>Bắt đầu buổi kiểm tra đã lên lịch này ngay bây giờ? Giờ bắt đầu sẽ được ghi lại.</translation>
    </message>
    <message>
        <source>About Inspector</source>
        <translation>Giới thiệu Inspector</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inspector&lt;/b&gt; %1&lt;br&gt;Civil-service inspection of one-stop reception points for the Office of Home Affairs.&lt;br&gt;Works offline; data is kept in a local database.</source>
        <translation>&lt;b&gt;Inspector&lt;/b&gt; %1&lt;br&gt;Kiểm tra công vụ tại Bộ phận Tiếp nhận và Trả kết quả, dành cho Phòng Nội vụ.&lt;br&gt;Làm việc không cần mạng; dữ liệu được lưu trong cơ sở dữ liệu trên máy.</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>E&amp;xport a data package…</source>
        <translation>&amp;Xuất gói dữ liệu…</translation>
    </message>
    <message>
        <source>I&amp;mport a data package…</source>
        <translation>&amp;Nhập gói dữ liệu…</translation>
    </message>
    <message>
        <source>S&amp;ynchronise with the server…</source>
        <translation>Đồng &amp;bộ với máy chủ…</translation>
    </message>
    <message>
        <source>Sync &amp;conflicts…</source>
        <translation>&amp;Xung đột đồng bộ…</translation>
    </message>
    <message numerus="yes">
        <source>%n sync conflict(s) to settle</source>
        <translation>
            <numerusform>%n xung đột đồng bộ cần xử lý</numerusform>
        </translation>
    </message>
    <message>
        <source>The backup was not restored</source>
        <translation>Không khôi phục được bản sao lưu</translation>
    </message>
    <message>
        <source>The database in use was opened again, unchanged.</source>
        <translation>Cơ sở dữ liệu đang dùng đã được mở lại, không thay đổi gì.</translation>
    </message>
    <message>
        <source>Restored from %1. The previous file was kept as %2.</source>
        <translation>Đã khôi phục từ %1. Tệp trước đó được giữ lại với tên %2.</translation>
    </message>
    <message>
        <source>The database cannot be opened</source>
        <translation>Không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Inspector will close; start it again to recover.</source>
        <translation>Inspector sẽ đóng; hãy mở lại ứng dụng để khôi phục.</translation>
    </message>
</context>
<context>
    <name>MinutesDialog</name>
    <message>
        <source>Minutes — %1</source>
        <translation>Biên bản — %1</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Lưu thành PDF…</translation>
    </message>
    <message>
        <source>&amp;Number and lock…</source>
        <translation>Đánh &amp;số và khóa…</translation>
    </message>
    <message>
        <source>Attach the &amp;signed copy…</source>
        <translation>Đính kèm bản đã &amp;ký…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message numerus="yes">
        <source>Include the reference satisfaction index of the on-the-spot survey (%n response(s))</source>
        <translation>
            <numerusform>In chỉ số hài lòng tham khảo của khảo sát nhanh tại điểm (%n phiếu)</numerusform>
        </translation>
    </message>
    <message>
        <source>Minutes no. %1 — locked. SHA-256 of the PDF: %2</source>
        <translation>Biên bản số %1 — đã khóa. Mã băm SHA-256 của tệp PDF: %2</translation>
    </message>
    <message>
        <source>Revision %1; the earlier revisions are kept as issued.</source>
        <translation>Lần ban hành %1; các lần ban hành trước vẫn được giữ nguyên như đã ban hành.</translation>
    </message>
    <message numerus="yes">
        <source>%n signed copy(ies) attached.</source>
        <translation>
            <numerusform>Đã đính kèm %n bản đã ký.</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft of revision %1 of minutes no. %2 (the visit was reopened).</source>
        <translation>Bản nháp lần ban hành %1 của biên bản số %2 (buổi kiểm tra đã được mở lại).</translation>
    </message>
    <message>
        <source>The clerk issues it under the same number; the revision already issued is kept.</source>
        <translation>Văn thư ban hành bản này với cùng số; bản đã ban hành trước vẫn được giữ nguyên.</translation>
    </message>
    <message>
        <source>The supervisor must approve the visit again before it is issued.</source>
        <translation>Người duyệt phải duyệt lại buổi kiểm tra trước khi ban hành.</translation>
    </message>
    <message>
        <source>Draft: not numbered yet. The clerk numbers the minutes, which locks the visit.</source>
        <translation>Dự thảo: chưa đánh số. Văn thư đánh số biên bản; khi đó buổi kiểm tra được khóa.</translation>
    </message>
    <message>
        <source>Draft: not numbered yet. The supervisor approves the visit first; then the clerk numbers the minutes, which locks the visit.</source>
        <translation>Bản nháp: chưa đánh số. Người duyệt duyệt buổi kiểm tra trước; sau đó văn thư đánh số biên bản, khi đó buổi kiểm tra được khóa.</translation>
    </message>
    <message>
        <source>Only the clerk numbers and locks the minutes.</source>
        <translation>Chỉ văn thư đánh số và khóa biên bản.</translation>
    </message>
    <message>
        <source>&amp;Issue revision %1…</source>
        <translation>&amp;Ban hành lần %1…</translation>
    </message>
    <message>
        <source>Revision %1 — issued %2</source>
        <translation>Lần ban hành %1 — ngày %2</translation>
    </message>
    <message>
        <source>Draft of revision %1</source>
        <translation>Bản nháp lần ban hành %1</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
    <message>
        <source>Save the minutes</source>
        <translation>Lưu biên bản</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Number and lock the minutes</source>
        <translation>Đánh số và khóa biên bản</translation>
    </message>
    <message>
        <source>Number of the minutes (…/%1). After this the visit can no longer be changed:</source>
        <translation>Số biên bản (…/%1). Sau bước này buổi kiểm tra không sửa được nữa:</translation>
    </message>
    <message>
        <source>Issue revision %1</source>
        <translation>Ban hành lần %1</translation>
    </message>
    <message>
        <source>Issue revision %1 of minutes no. %2? It replaces the earlier revision, which is kept as issued. After this the visit can no longer be changed.</source>
        <translation>Ban hành lần %1 của biên bản số %2? Bản này thay thế bản ban hành trước, bản đó vẫn được giữ nguyên như đã ban hành. Sau đó buổi kiểm tra không sửa được nữa.</translation>
    </message>
    <message>
        <source>Signed copy of the minutes</source>
        <translation>Bản biên bản đã ký</translation>
    </message>
    <message>
        <source>Photos or scans (*.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Ảnh chụp hoặc bản quét (*.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>Reset the password</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <source>A new password for %1. Hand it to them: they must choose their own at the next sign-in. A locked account is unlocked.</source>
        <translation>Mật khẩu mới cho %1. Hãy trao cho người đó: họ phải đặt mật khẩu riêng ở lần đăng nhập tới. Tài khoản đang bị tạm khóa sẽ được mở.</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>Mật khẩu &amp;mới:</translation>
    </message>
    <message>
        <source>&amp;Repeat the password:</source>
        <translation>&amp;Nhập lại mật khẩu:</translation>
    </message>
    <message>
        <source>&amp;Reset the password</source>
        <translation>Đặt &amp;lại mật khẩu</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Hai lần nhập mật khẩu không giống nhau.</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New user</source>
        <translation>Người dùng mới</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Tên đăng nhập:</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Họ và tên:</translation>
    </message>
    <message>
        <source>&amp;Position:</source>
        <translation>&amp;Chức vụ:</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>Vai trò:</translation>
    </message>
    <message>
        <source>First &amp;password:</source>
        <translation>Mật khẩu &amp;ban đầu:</translation>
    </message>
    <message>
        <source>&amp;Repeat the password:</source>
        <translation>&amp;Nhập lại mật khẩu:</translation>
    </message>
    <message>
        <source>Hand the first password to the user: they must choose their own at their first sign-in.</source>
        <translation>Hãy trao mật khẩu ban đầu cho người dùng: họ phải đặt mật khẩu riêng ở lần đăng nhập đầu tiên.</translation>
    </message>
    <message>
        <source>&amp;Create the user</source>
        <translation>&amp;Tạo người dùng</translation>
    </message>
    <message>
        <source>Give the user a first password.</source>
        <translation>Hãy đặt mật khẩu ban đầu cho người dùng.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Hai lần nhập mật khẩu không giống nhau.</translation>
    </message>
</context>
<context>
    <name>PaperDialog</name>
    <message>
        <source>Paper questionnaires</source>
        <translation>Phiếu khảo sát giấy</translation>
    </message>
    <message>
        <source>One row per paper sheet. Type 1–5 for each question (a context question: the option&apos;s number); the cursor moves on by itself. Backspace or 0 leaves a cell blank (not answered). Every cell is saved as you type. Point at a column&apos;s heading to read its question.</source>
        <translation>Mỗi dòng là một phiếu giấy. Gõ 1–5 cho mỗi câu (câu hỏi bối cảnh: số của phương án); con trỏ tự chuyển sang ô tiếp theo. Backspace hoặc 0 để trống ô (không trả lời). Mỗi ô được lưu ngay khi gõ. Đưa chuột lên tiêu đề cột để đọc câu hỏi.</translation>
    </message>
    <message>
        <source>%1 sheets entered.</source>
        <translation>Đã nhập %1 phiếu.</translation>
    </message>
</context>
<context>
    <name>PaperModel</name>
    <message>
        <source>Sheet</source>
        <translation>Phiếu số</translation>
    </message>
    <message>
        <source>1 to 5: very dissatisfied … very satisfied</source>
        <translation>1 đến 5: rất không hài lòng … rất hài lòng</translation>
    </message>
    <message>
        <source>%1 takes 1 to 5 (or nothing): %2 is refused.</source>
        <translation>Câu %1 nhận 1 đến 5 (hoặc để trống): không nhận %2.</translation>
    </message>
    <message>
        <source>%1 takes an option from 1 to %3 (or nothing): %2 is refused.</source>
        <translation>Câu %1 nhận phương án từ 1 đến %3 (hoặc để trống): không nhận %2.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Chưa lưu được: %1</translation>
    </message>
    <message>
        <source>Type one digit.</source>
        <translation>Hãy gõ một chữ số.</translation>
    </message>
    <message>
        <source>A sheet number is a whole number.</source>
        <translation>Số phiếu phải là số nguyên.</translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Chức vụ</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Thêm người</translation>
    </message>
    <message>
        <source>Remove the selected person</source>
        <translation>Bỏ người đang chọn</translation>
    </message>
</context>
<context>
    <name>PlanVisitsDialog</name>
    <message>
        <source>Plan visits</source>
        <translation>Lên lịch kiểm tra</translation>
    </message>
    <message>
        <source>Decision %1 dated %2; inspection period %3.</source>
        <translation>Quyết định số %1 ngày %2; thời gian kiểm tra %3.</translation>
    </message>
    <message>
        <source>Search units and reception points (with or without diacritics)…</source>
        <translation>Tìm cơ quan, đơn vị, bộ phận một cửa (gõ có dấu hoặc không dấu)…</translation>
    </message>
    <message>
        <source>Visit &amp;date:</source>
        <translation>&amp;Ngày kiểm tra:</translation>
    </message>
    <message>
        <source>Unit / reception point</source>
        <translation>Cơ quan, đơn vị / Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Already planned in this round</source>
        <translation>Đã lên lịch trong đợt này</translation>
    </message>
    <message numerus="yes">
        <source>%n reception point(s) chosen</source>
        <translation>
            <numerusform>Đã chọn %n Bộ phận Một cửa</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PointDialog</name>
    <message>
        <source>Edit reception point</source>
        <translation>Sửa Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>New reception point</source>
        <translation>Thêm Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>Đơn &amp;vị:</translation>
    </message>
    <message>
        <source>e.g. Trung tâm Phục vụ hành chính công phường Trà Vinh</source>
        <translation>ví dụ: Trung tâm Phục vụ hành chính công phường Trà Vinh</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Tên:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>Đị&amp;a chỉ:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>Điện &amp;thoại:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>từ</translation>
    </message>
    <message>
        <source>until (last day)</source>
        <translation>đến (ngày cuối)</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Hiệu lực:</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>New</source>
        <translation>Mới</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <source>Identical</source>
        <translation>Giống hệt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Nội dung</translation>
    </message>
</context>
<context>
    <name>RecommendationDialog</name>
    <message>
        <source>Recommendation</source>
        <translation>Kiến nghị</translation>
    </message>
    <message>
        <source>(general, not tied to one item)</source>
        <translation>(chung, không gắn với nội dung nào)</translation>
    </message>
    <message>
        <source>From finding:</source>
        <translation>Từ tồn tại:</translation>
    </message>
    <message>
        <source>e.g. Post the current set of procedures and remove the abolished ones</source>
        <translation>Ví dụ: Niêm yết bộ thủ tục hành chính hiện hành, gỡ bỏ các thủ tục đã bãi bỏ</translation>
    </message>
    <message>
        <source>Recommendation:</source>
        <translation>Kiến nghị:</translation>
    </message>
    <message>
        <source>Responsible unit:</source>
        <translation>Đơn vị thực hiện:</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>Thời hạn:</translation>
    </message>
    <message>
        <source>Remedy: %1</source>
        <translation>Khắc phục: %1</translation>
    </message>
    <message>
        <source>Write what the unit must do.</source>
        <translation>Hãy ghi việc đơn vị phải làm.</translation>
    </message>
</context>
<context>
    <name>RecoveredAdminDialog</name>
    <message>
        <source>A new password for an administrator</source>
        <translation>Mật khẩu mới cho quản trị</translation>
    </message>
    <message>
        <source>The database was opened with the recovery key. Choose an administrator and their new password; they then give the other users new passwords if needed.</source>
        <translation>Cơ sở dữ liệu đã được mở bằng mã khôi phục. Hãy chọn một quản trị và đặt mật khẩu mới; sau đó quản trị đặt lại mật khẩu cho người dùng khác nếu cần.</translation>
    </message>
    <message>
        <source>&amp;Administrator:</source>
        <translation>&amp;Quản trị:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>Mật khẩu &amp;mới:</translation>
    </message>
    <message>
        <source>&amp;Repeat the new password:</source>
        <translation>&amp;Nhập lại mật khẩu mới:</translation>
    </message>
    <message>
        <source>&amp;Set the password</source>
        <translation>Đặt &amp;mật khẩu</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Hai lần nhập mật khẩu không giống nhau.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Inspector — the database cannot be opened</source>
        <translation>Inspector — không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>The file was kept unchanged under the name %1 in the folder %2. Nothing was deleted.</source>
        <translation>Tệp được giữ nguyên vẹn với tên mới %1 trong thư mục %2. Không có gì bị xóa.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Lưu ý: %1</translation>
    </message>
    <message>
        <source>Newest good backup: %1, taken at %2.</source>
        <translation>Bản sao lưu tốt mới nhất: %1, lúc %2.</translation>
    </message>
    <message>
        <source>No usable backup of this database was found.</source>
        <translation>Không tìm thấy bản sao lưu dùng được của cơ sở dữ liệu này.</translation>
    </message>
    <message>
        <source>Restore the newest backup (%1)</source>
        <translation>Khôi phục bản sao lưu mới nhất (%1)</translation>
    </message>
    <message>
        <source>Restore the newest backup (%1) to another place…</source>
        <translation>Khôi phục bản sao lưu mới nhất (%1) vào chỗ khác…</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>Chọn tệp khác…</translation>
    </message>
    <message>
        <source>Create a new database</source>
        <translation>Tạo cơ sở dữ liệu mới</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>The database file is damaged</source>
        <translation>Tệp cơ sở dữ liệu bị hỏng</translation>
    </message>
    <message>
        <source>The database cannot be written</source>
        <translation>Không ghi được vào cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>The database is open in another Inspector</source>
        <translation>Cơ sở dữ liệu đang được mở ở một phiên Inspector khác</translation>
    </message>
    <message>
        <source>The database is on a network drive</source>
        <translation>Cơ sở dữ liệu nằm trên ổ mạng</translation>
    </message>
    <message>
        <source>The database comes from a newer version of Inspector</source>
        <translation>Cơ sở dữ liệu thuộc phiên bản Inspector mới hơn</translation>
    </message>
    <message>
        <source>The database file was not found</source>
        <translation>Không tìm thấy tệp cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>This file is not an Inspector database</source>
        <translation>Tệp này không phải cơ sở dữ liệu của Inspector</translation>
    </message>
    <message>
        <source>The database could not be backed up before its upgrade</source>
        <translation>Không sao lưu được cơ sở dữ liệu trước khi nâng cấp</translation>
    </message>
    <message>
        <source>The database cannot be opened</source>
        <translation>Không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Error reading %1: %2</source>
        <translation>Lỗi khi đọc %1: %2</translation>
    </message>
    <message>
        <source>The database %1 cannot be opened.</source>
        <translation>Không mở được cơ sở dữ liệu %1.</translation>
    </message>
    <message>
        <source>A specialist may recover more data from the damaged file.</source>
        <translation>Chuyên viên có thể cứu thêm dữ liệu từ tệp hỏng này.</translation>
    </message>
    <message>
        <source>Held by: %1. Close Inspector there, then press Try again.</source>
        <translation>Đang mở bởi: %1. Hãy đóng Inspector ở đó rồi bấm Thử lại.</translation>
    </message>
</context>
<context>
    <name>RecoveryEntryDialog</name>
    <message>
        <source>Open with the recovery key</source>
        <translation>Mở bằng mã khôi phục</translation>
    </message>
    <message>
        <source>When every administrator has forgotten their password, the recovery key printed at the first start opens the database; then an administrator chooses a new password.</source>
        <translation>Khi mọi quản trị đều quên mật khẩu, mã khôi phục đã in ở lần khởi động đầu tiên sẽ mở được cơ sở dữ liệu; sau đó một quản trị đặt mật khẩu mới.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>Recovery key — print it and keep it safe</source>
        <translation>Mã khôi phục — hãy in ra và cất giữ cẩn thận</translation>
    </message>
    <message>
        <source>The data of this database is encrypted: each user opens it with their own password. If every administrator forgets their password, this recovery key is the only way to open the data again.</source>
        <translation>Dữ liệu của cơ sở dữ liệu này được mã hóa: mỗi người dùng mở bằng mật khẩu của mình. Nếu mọi quản trị đều quên mật khẩu, mã khôi phục này là cách duy nhất để mở lại dữ liệu.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <source>Print it, or save it as a PDF and print that, then keep the paper locked away from the laptop and delete the saved PDF. Anyone who has this key and a copy of the file can read everything in it.</source>
        <translation>Hãy in ra (hoặc lưu thành tệp PDF rồi in), cất tờ giấy ở nơi có khóa, tách khỏi máy tính, và xóa tệp PDF đã lưu. Ai có mã này và một bản sao của tệp dữ liệu thì đọc được toàn bộ dữ liệu.</translation>
    </message>
    <message>
        <source>If every administrator password AND this recovery key are lost, the data is lost for good: no one can open it, not even the makers of Inspector.</source>
        <translation>Nếu quên mật khẩu của mọi quản trị VÀ mất mã khôi phục này, dữ liệu mất vĩnh viễn: không ai mở lại được, kể cả người làm ra Inspector.</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Lưu thành tệp P&amp;DF…</translation>
    </message>
    <message>
        <source>I have &amp;kept it</source>
        <translation>Tôi đã &amp;cất giữ</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>Lưu mã khôi phục</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>You have neither printed nor saved the recovery key, and it is not shown again. Close anyway?</source>
        <translation>Bạn chưa in cũng chưa lưu mã khôi phục, và mã này sẽ không hiện lại. Vẫn đóng?</translation>
    </message>
</context>
<context>
    <name>RemediationView</name>
    <message>
        <source>No deadline</source>
        <translation>Không có thời hạn</translation>
    </message>
    <message>
        <source>today</source>
        <translation>hôm nay</translation>
    </message>
    <message>
        <source>in %n day(s)</source>
        <translation>còn %n ngày</translation>
    </message>
    <message>
        <source>(not numbered)</source>
        <translation>(chưa đánh số)</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>Đơn vị:</translation>
    </message>
    <message>
        <source>Section:</source>
        <translation>Phần:</translation>
    </message>
    <message>
        <source>SIPAS:</source>
        <translation>SIPAS:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Tình trạng:</translation>
    </message>
    <message>
        <source>Due:</source>
        <translation>Thời hạn:</translation>
    </message>
    <message>
        <source>All criteria</source>
        <translation>Tất cả tiêu chí</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Mọi thời hạn</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Due within 7 days</source>
        <translation>Đến hạn trong 7 ngày</translation>
    </message>
    <message>
        <source>Due within 30 days</source>
        <translation>Đến hạn trong 30 ngày</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>Kiến nghị</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>Đơn vị thực hiện</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>SIPAS criterion</source>
        <translation>Tiêu chí SIPAS</translation>
    </message>
    <message>
        <source>overdue %n day(s)</source>
        <translation>quá hạn %n ngày</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Unit &amp;reported done…</source>
        <translation>Đơn vị &amp;báo đã khắc phục…</translation>
    </message>
    <message>
        <source>&amp;Not accepted…</source>
        <translation>&amp;Không chấp nhận…</translation>
    </message>
    <message>
        <source>&amp;Verify…</source>
        <translation>&amp;Xác minh…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Kết thúc</translation>
    </message>
    <message>
        <source>&amp;Extend deadline…</source>
        <translation>&amp;Gia hạn…</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Lịch sử…</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>Tất cả đơn vị</translation>
    </message>
    <message>
        <source>All sections</source>
        <translation>Tất cả các phần</translation>
    </message>
    <message numerus="yes">
        <source>%n recommendation(s)</source>
        <translation>
            <numerusform>%n kiến nghị</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a recommendation to see its steps.</source>
        <translation>Chọn một kiến nghị để xem các bước theo dõi.</translation>
    </message>
    <message>
        <source>Responsible unit: %1</source>
        <translation>Đơn vị thực hiện: %1</translation>
    </message>
    <message>
        <source>Minutes %1 of %2, %3</source>
        <translation>Biên bản %1 ngày %2, %3</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>Thời hạn: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Tình trạng: %1</translation>
    </message>
    <message>
        <source>Deadline in the minutes: %1</source>
        <translation>Thời hạn ghi trong biên bản: %1</translation>
    </message>
    <message>
        <source>Item %1 (section %2)</source>
        <translation>Nội dung %1 (phần %2)</translation>
    </message>
    <message>
        <source>Reported done on %1</source>
        <translation>Báo đã khắc phục ngày %1</translation>
    </message>
    <message>
        <source>Verified on %1</source>
        <translation>Xác minh ngày %1</translation>
    </message>
    <message>
        <source>Unit reported done</source>
        <translation>Đơn vị báo đã khắc phục</translation>
    </message>
    <message>
        <source>The unit&apos;s report that this recommendation was remedied, entered on its behalf, with its documents or photos.</source>
        <translation>Báo cáo của đơn vị rằng kiến nghị này đã được khắc phục, nhập thay đơn vị, kèm tài liệu hoặc ảnh.</translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation>Nội dung đã khắc phục:</translation>
    </message>
    <message>
        <source>Done on:</source>
        <translation>Ngày khắc phục:</translation>
    </message>
    <message>
        <source>Report not accepted</source>
        <translation>Không chấp nhận báo cáo</translation>
    </message>
    <message>
        <source>The recommendation becomes open again; the unit is told why.</source>
        <translation>Kiến nghị trở lại tình trạng chưa khắc phục; đơn vị được báo lý do.</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Lý do:</translation>
    </message>
    <message>
        <source>Verify the remedy</source>
        <translation>Xác minh việc khắc phục</translation>
    </message>
    <message>
        <source>Confirm that the shortcoming was remedied, on the evidence of the unit&apos;s report or of files attached here.</source>
        <translation>Xác nhận tồn tại đã được khắc phục, căn cứ báo cáo của đơn vị hoặc tài liệu đính kèm tại đây.</translation>
    </message>
    <message>
        <source>Grounds:</source>
        <translation>Căn cứ:</translation>
    </message>
    <message>
        <source>Verified on:</source>
        <translation>Ngày xác minh:</translation>
    </message>
    <message>
        <source>Extend the deadline</source>
        <translation>Gia hạn khắc phục</translation>
    </message>
    <message>
        <source>A later deadline, with its reason; the deadline set in the minutes is kept.</source>
        <translation>Thời hạn mới muộn hơn, kèm lý do; thời hạn ghi trong biên bản vẫn được giữ.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>&lt;b&gt;Review&lt;/b&gt;</source>
        <translation>&lt;b&gt;Duyệt&lt;/b&gt;</translation>
    </message>
    <message>
        <source>What the inspectors should check or fix on this item</source>
        <translation>Điều đoàn kiểm tra cần xem lại hoặc sửa ở nội dung này</translation>
    </message>
    <message>
        <source>Add comment on the item</source>
        <translation>Thêm ý kiến cho nội dung</translation>
    </message>
    <message>
        <source>Comment on the whole visit</source>
        <translation>Ý kiến chung cho cả buổi kiểm tra</translation>
    </message>
    <message>
        <source>On the conclusions, the recommendations, the visit as a whole</source>
        <translation>Về kết luận, kiến nghị, cả buổi kiểm tra</translation>
    </message>
    <message>
        <source>Add overall comment</source>
        <translation>Thêm ý kiến chung</translation>
    </message>
    <message>
        <source>Comments (this submission first):</source>
        <translation>Các ý kiến (lần gửi này trước):</translation>
    </message>
    <message>
        <source>Take back my comment</source>
        <translation>Rút lại ý kiến của tôi</translation>
    </message>
    <message>
        <source>&amp;Return…</source>
        <translation>&amp;Trả lại…</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Duyệt</translation>
    </message>
    <message>
        <source>Whole visit</source>
        <translation>Cả buổi</translation>
    </message>
    <message>
        <source>(submission %1)</source>
        <translation>(lần gửi %1)</translation>
    </message>
    <message>
        <source>Comment on item %1</source>
        <translation>Ý kiến về nội dung %1</translation>
    </message>
    <message>
        <source>Comment on an item (choose an item)</source>
        <translation>Ý kiến về một nội dung (hãy chọn nội dung)</translation>
    </message>
    <message>
        <source>Return the visit</source>
        <translation>Trả lại buổi kiểm tra</translation>
    </message>
    <message>
        <source>Why is the visit returned? Its inspectors see this with the comments on the items.</source>
        <translation>Lý do trả lại? Đoàn kiểm tra sẽ thấy lý do này cùng các ý kiến trên từng nội dung.</translation>
    </message>
    <message>
        <source>Approve the visit</source>
        <translation>Duyệt buổi kiểm tra</translation>
    </message>
    <message>
        <source>Approve this visit? Its findings can then no longer be changed, and the clerk can number the minutes.</source>
        <translation>Duyệt buổi kiểm tra này? Sau khi duyệt, kết quả không sửa được nữa và văn thư có thể đánh số biên bản.</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>Visits submitted for review, the longest waiting first. Open one to read it, comment on its items, then return it to its inspectors or approve it.</source>
        <translation>Các buổi kiểm tra đã gửi duyệt, buổi chờ lâu nhất ở trên. Mở một buổi để đọc, cho ý kiến từng nội dung, rồi trả lại đoàn kiểm tra hoặc duyệt.</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Gửi lúc</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Reception point</source>
        <translation>Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Đợt kiểm tra</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Lần gửi</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <source>First submission</source>
        <translation>Lần gửi đầu</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n ý kiến</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Open for review</source>
        <translation>&amp;Mở để duyệt</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) waiting for review</source>
        <translation>
            <numerusform>%n buổi kiểm tra chờ duyệt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoundDialog</name>
    <message>
        <source>New inspection round</source>
        <translation>Tạo đợt kiểm tra</translation>
    </message>
    <message>
        <source>Edit inspection round</source>
        <translation>Sửa đợt kiểm tra</translation>
    </message>
    <message>
        <source>e.g. Civil-service inspection at one-stop reception points, 2nd quarter</source>
        <translation>VD: Kiểm tra công vụ tại Bộ phận Một cửa quý II</translation>
    </message>
    <message>
        <source>Round &amp;name:</source>
        <translation>&amp;Tên đợt kiểm tra:</translation>
    </message>
    <message>
        <source>e.g. 15/QĐ-UBND</source>
        <translation>VD: 15/QĐ-UBND</translation>
    </message>
    <message>
        <source>dat&amp;ed</source>
        <translation>n&amp;gày</translation>
    </message>
    <message>
        <source>&amp;Decision number:</source>
        <translation>&amp;Số quyết định:</translation>
    </message>
    <message>
        <source>The body that inspects: its name, minutes symbol and place name head the minutes. Only bodies in force on the decision date are offered.</source>
        <translation>Cơ quan tiến hành kiểm tra: tên, ký hiệu biên bản và địa danh của cơ quan in ở đầu biên bản. Chỉ liệt kê các cơ quan còn hiệu lực vào ngày quyết định.</translation>
    </message>
    <message>
        <source>Inspecting &amp;body:</source>
        <translation>Cơ quan &amp;kiểm tra:</translation>
    </message>
    <message>
        <source>e.g. Sở Nội vụ tỉnh Vĩnh Long</source>
        <translation>ví dụ: Sở Nội vụ tỉnh Vĩnh Long</translation>
    </message>
    <message>
        <source>&amp;Issued by:</source>
        <translation>&amp;Cơ quan ban hành:</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>đế&amp;n</translation>
    </message>
    <message>
        <source>Inspection &amp;from:</source>
        <translation>Kiểm tra từ ngà&amp;y:</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
    <message>
        <source>Inspection team</source>
        <translation>Đoàn kiểm tra</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Chức vụ</translation>
    </message>
    <message>
        <source>Role in the team</source>
        <translation>Vai trò trong đoàn</translation>
    </message>
    <message>
        <source>&amp;Add member</source>
        <translation>Thê&amp;m thành viên</translation>
    </message>
    <message>
        <source>&amp;Remove member</source>
        <translation>&amp;Xóa thành viên</translation>
    </message>
    <message>
        <source>Choose a user of the app or type the name of someone from another agency.</source>
        <translation>Chọn người dùng của ứng dụng, hoặc gõ họ tên người của cơ quan khác.</translation>
    </message>
    <message>
        <source>(no inspecting body in force on this date)</source>
        <translation>(không có cơ quan kiểm tra còn hiệu lực vào ngày này)</translation>
    </message>
    <message>
        <source>(no inspecting bodies in the catalogue)</source>
        <translation>(danh mục chưa có cơ quan kiểm tra)</translation>
    </message>
    <message>
        <source>Choose a user or type a name</source>
        <translation>Chọn người dùng hoặc gõ họ tên</translation>
    </message>
    <message>
        <source>e.g. Specialist, Office of Home Affairs</source>
        <translation>VD: Chuyên viên Phòng Nội vụ</translation>
    </message>
</context>
<context>
    <name>RoundsView</name>
    <message>
        <source>&amp;New round…</source>
        <translation>Tạo đợt kiểm tra &amp;mới…</translation>
    </message>
    <message>
        <source>&amp;Plan visits…</source>
        <translation>&amp;Lên lịch kiểm tra…</translation>
    </message>
    <message>
        <source>&amp;Edit round…</source>
        <translation>&amp;Sửa đợt…</translation>
    </message>
    <message>
        <source>Double-click a round or press Enter on it to plan its visits.</source>
        <translation>Nhấp đúp vào một đợt (hoặc chọn rồi nhấn Enter) để lên lịch các buổi kiểm tra.</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Đợt kiểm tra</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Quyết định</translation>
    </message>
    <message>
        <source>Inspection period</source>
        <translation>Thời gian kiểm tra</translation>
    </message>
    <message>
        <source>Team leader</source>
        <translation>Trưởng đoàn</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Số buổi</translation>
    </message>
    <message>
        <source>%1 dated %2</source>
        <translation>%1 ngày %2</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator creates rounds and plans visits.</source>
        <translation>Chỉ lãnh đạo (người duyệt) hoặc quản trị được lập đợt kiểm tra và lên lịch.</translation>
    </message>
</context>
<context>
    <name>SectionBars</name>
    <message>
        <source>This period</source>
        <translation>Kỳ này</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>Kỳ trước</translation>
    </message>
    <message>
        <source>%1
%2 of %3 items failed (%4)
Previous period: %5
Click for the failed items</source>
        <translation>%1
%2 trên %3 nội dung không đạt (%4)
Kỳ trước: %5
Bấm để xem các nội dung không đạt</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — Inspector</source>
        <translation>Đăng nhập — Inspector</translation>
    </message>
    <message>
        <source>Sign in with your user name and password. Everything you do is recorded under your name.</source>
        <translation>Đăng nhập bằng tên đăng nhập và mật khẩu. Mọi việc bạn làm đều được ghi dưới tên bạn.</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>Hãy nhập tên đăng nhập.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Tên đăng nhập:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>Đăng &amp;nhập</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>New deadline:</source>
        <translation>Thời hạn mới:</translation>
    </message>
    <message>
        <source>Attach &amp;files…</source>
        <translation>Đính kèm &amp;tệp…</translation>
    </message>
    <message>
        <source>Photos (JPEG, PNG, WebP, HEIC) or PDF documents</source>
        <translation>Ảnh (JPEG, PNG, WebP, HEIC) hoặc tài liệu PDF</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Minh chứng:</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Minh chứng</translation>
    </message>
    <message>
        <source>Photos and PDF documents (*.jpg *.jpeg *.png *.webp *.heic *.pdf)</source>
        <translation>Ảnh và tài liệu PDF (*.jpg *.jpeg *.png *.webp *.heic *.pdf)</translation>
    </message>
    <message>
        <source>Please write the text.</source>
        <translation>Hãy nhập nội dung.</translation>
    </message>
</context>
<context>
    <name>SuccessionDialog</name>
    <message>
        <source>&amp;Change:</source>
        <translation>&amp;Thay đổi:</translation>
    </message>
    <message>
        <source>In &amp;force from:</source>
        <translation>&amp;Có hiệu lực từ:</translation>
    </message>
    <message>
        <source>&amp;New unit…</source>
        <translation>Thêm đơn &amp;vị…</translation>
    </message>
    <message>
        <source>The receiving unit was already there before this date (its start date is kept)</source>
        <translation>Đơn vị tiếp nhận đã có từ trước ngày này (giữ nguyên ngày bắt đầu của đơn vị)</translation>
    </message>
    <message>
        <source>Reception points that end, and the point that continues each (its open recommendations carry over):</source>
        <translation>Bộ phận Một cửa kết thúc và nơi kế thừa từng bộ phận (các kiến nghị chưa khắc phục được chuyển theo):</translation>
    </message>
    <message>
        <source>Reception point that ends</source>
        <translation>Bộ phận Một cửa kết thúc</translation>
    </message>
    <message>
        <source>Continued by</source>
        <translation>Nơi kế thừa</translation>
    </message>
    <message>
        <source>e.g. number and date of the resolution on the rearrangement</source>
        <translation>ví dụ: số, ngày nghị quyết về sắp xếp đơn vị hành chính</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
    <message>
        <source>Units that end (last day %1):</source>
        <translation>Đơn vị kết thúc (ngày cuối %1):</translation>
    </message>
    <message>
        <source>Units that continue them (from %1):</source>
        <translation>Đơn vị kế thừa (từ %1):</translation>
    </message>
    <message>
        <source>Record a merger</source>
        <translation>Ghi nhận sáp nhập</translation>
    </message>
    <message>
        <source>Record a split</source>
        <translation>Ghi nhận chia tách</translation>
    </message>
    <message>
        <source>Record a rename</source>
        <translation>Ghi nhận đổi tên</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>Tick the units that end and the units that continue them.</source>
        <translation>Đánh dấu các đơn vị kết thúc và các đơn vị kế thừa.</translation>
    </message>
    <message>
        <source>%1 end on %2 (their reception points too); %3 continue(s) them from %4.</source>
        <translation>%1 kết thúc ngày %2 (cả Bộ phận Một cửa của đơn vị); %3 kế thừa từ ngày %4.</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Summary, conclusions and recommendations</source>
        <translation>Tổng hợp, kết luận và kiến nghị</translation>
    </message>
    <message>
        <source>Findings (items that failed) — double-click to open</source>
        <translation>Tồn tại (các nội dung không đạt) — nhấp đúp để mở</translation>
    </message>
    <message>
        <source>Good points:</source>
        <translation>Ưu điểm:</translation>
    </message>
    <message>
        <source>Shortcomings:</source>
        <translation>Hạn chế, tồn tại:</translation>
    </message>
    <message>
        <source>Conclusions:</source>
        <translation>Kết luận:</translation>
    </message>
    <message>
        <source>Opinion of the inspected unit:</source>
        <translation>Ý kiến của đơn vị được kiểm tra:</translation>
    </message>
    <message>
        <source>Write again from the failed items</source>
        <translation>Lập lại từ các nội dung không đạt</translation>
    </message>
    <message>
        <source>Recommendations (what the unit must remedy, by when)</source>
        <translation>Kiến nghị (đơn vị phải khắc phục gì, thời hạn nào)</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>Nội dung kiến nghị</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>Đơn vị thực hiện</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Thêm…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>End of the visit:</source>
        <translation>Kết thúc buổi kiểm tra:</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Bây giờ</translation>
    </message>
    <message>
        <source>Before submitting</source>
        <translation>Trước khi gửi duyệt</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>Gửi duyệt</translation>
    </message>
    <message>
        <source>No item failed.</source>
        <translation>Không có nội dung nào không đạt.</translation>
    </message>
    <message>
        <source>Everything required is recorded; the visit can be submitted.</source>
        <translation>Đã ghi nhận đủ các nội dung bắt buộc; có thể gửi duyệt.</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Synchronise with the office server</source>
        <translation>Đồng bộ với máy chủ của cơ quan</translation>
    </message>
    <message>
        <source>Sends this computer&apos;s visits, answers, photos, recommendations and history to the office server, and brings back the catalogue, checklist forms, legal documents, rounds, users and open recommendations. A visit is edited on one computer at a time. If the connection drops, synchronise again: it carries on where it stopped.</source>
        <translation>Gửi các buổi kiểm tra, câu trả lời, ảnh, kiến nghị và nhật ký của máy này lên máy chủ của cơ quan, và nhận về danh mục, phiếu kiểm tra, văn bản pháp luật, đợt kiểm tra, người dùng và các kiến nghị chưa khắc phục. Mỗi buổi kiểm tra chỉ được sửa trên một máy tại một thời điểm. Nếu mất kết nối, hãy đồng bộ lại: việc đồng bộ tiếp tục từ chỗ đã dừng.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Máy chủ:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Mật &amp;khẩu:</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>Chưa bắt đầu.</translation>
    </message>
    <message>
        <source>&amp;Synchronise</source>
        <translation>Đồng &amp;bộ</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Dừng</translation>
    </message>
    <message>
        <source>Type the office server&apos;s address, for example postgresql://inspector@192.168.1.10:5432/inspector.</source>
        <translation>Hãy nhập địa chỉ máy chủ của cơ quan, ví dụ postgresql://inspector@192.168.1.10:5432/inspector.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Đang kết nối tới %1…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Đang dừng…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Synchronised with %1.</source>
        <translation>Đã đồng bộ với %1.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Đã dừng.</translation>
    </message>
    <message>
        <source>The sync was stopped. What was already sent is kept on the server and nothing is sent twice: synchronise again to carry on.</source>
        <translation>Việc đồng bộ đã dừng. Những gì đã gửi vẫn được giữ trên máy chủ và không gửi trùng: hãy đồng bộ lại để làm tiếp.</translation>
    </message>
    <message>
        <source>The sync did not finish.</source>
        <translation>Việc đồng bộ chưa hoàn tất.</translation>
    </message>
    <message>
        <source>Nothing on this computer was lost. Synchronise again once the server can be reached: it carries on where it stopped.</source>
        <translation>Không mất dữ liệu nào trên máy này. Hãy đồng bộ lại khi kết nối được máy chủ: việc đồng bộ tiếp tục từ chỗ đã dừng.</translation>
    </message>
    <message>
        <source>Received from the server: %1.</source>
        <translation>Đã nhận từ máy chủ: %1.</translation>
    </message>
    <message>
        <source>Sent to the server: %1.</source>
        <translation>Đã gửi lên máy chủ: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) and file(s) transferred.</source>
        <translation>
            <numerusform>Đã chuyển %n ảnh và tệp.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) handed back to the server.</source>
        <translation>
            <numerusform>Đã trả %n buổi kiểm tra về máy chủ.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) kept for the supervisor to settle: nothing was overwritten.</source>
        <translation>
            <numerusform>%n xung đột được giữ lại để lãnh đạo xử lý: không có gì bị ghi đè.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to synchronise: this computer and the server already agree.</source>
        <translation>Không có gì cần đồng bộ: máy này và máy chủ đã khớp nhau.</translation>
    </message>
</context>
<context>
    <name>SyncLabels</name>
    <message>
        <source>units</source>
        <translation>đơn vị</translation>
    </message>
    <message>
        <source>reception points</source>
        <translation>bộ phận một cửa</translation>
    </message>
    <message>
        <source>unit mergers</source>
        <translation>sáp nhập đơn vị</translation>
    </message>
    <message>
        <source>reception point mergers</source>
        <translation>sáp nhập bộ phận một cửa</translation>
    </message>
    <message>
        <source>inspecting bodies</source>
        <translation>cơ quan kiểm tra</translation>
    </message>
    <message>
        <source>legal documents</source>
        <translation>văn bản pháp luật</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>công chức</translation>
    </message>
    <message>
        <source>users</source>
        <translation>người dùng</translation>
    </message>
    <message>
        <source>user roles</source>
        <translation>vai trò người dùng</translation>
    </message>
    <message>
        <source>checklist forms</source>
        <translation>phiếu kiểm tra</translation>
    </message>
    <message>
        <source>form versions</source>
        <translation>phiên bản phiếu</translation>
    </message>
    <message>
        <source>rounds</source>
        <translation>đợt kiểm tra</translation>
    </message>
    <message>
        <source>round members</source>
        <translation>thành viên đoàn</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>buổi kiểm tra</translation>
    </message>
    <message>
        <source>representatives</source>
        <translation>đại diện đơn vị</translation>
    </message>
    <message>
        <source>answers</source>
        <translation>câu trả lời</translation>
    </message>
    <message>
        <source>files</source>
        <translation>tệp</translation>
    </message>
    <message>
        <source>photos and documents</source>
        <translation>ảnh và tài liệu</translation>
    </message>
    <message>
        <source>recommendations</source>
        <translation>kiến nghị</translation>
    </message>
    <message>
        <source>review comments</source>
        <translation>ý kiến duyệt</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>biên bản</translation>
    </message>
    <message>
        <source>history events</source>
        <translation>sự kiện nhật ký</translation>
    </message>
    <message>
        <source>staff concerned</source>
        <translation>công chức liên quan</translation>
    </message>
    <message>
        <source>survey responses</source>
        <translation>phiếu khảo sát</translation>
    </message>
    <message>
        <source>survey answers</source>
        <translation>câu trả lời khảo sát</translation>
    </message>
    <message>
        <source>Receiving: %1 %2</source>
        <translation>Đang nhận: %1 %2</translation>
    </message>
    <message>
        <source>Sending: %1 %2</source>
        <translation>Đang gửi: %1 %2</translation>
    </message>
    <message>
        <source>Photos and files %1</source>
        <translation>Ảnh và tệp %1</translation>
    </message>
    <message>
        <source>History %1</source>
        <translation>Nhật ký %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Số liệu</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Chú thích</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>Bắt đầu lúc</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>Kết thúc lúc</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Sửa lúc</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>Người sửa</translation>
    </message>
    <message>
        <source>Deleted at</source>
        <translation>Xóa lúc</translation>
    </message>
    <message>
        <source>Good points</source>
        <translation>Ưu điểm</translation>
    </message>
    <message>
        <source>Shortcomings</source>
        <translation>Tồn tại, hạn chế</translation>
    </message>
    <message>
        <source>Conclusions</source>
        <translation>Kết luận</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Nội dung kiểm tra</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <source>Checked out to</source>
        <translation>Đang làm trên máy</translation>
    </message>
    <message>
        <source>Failed items</source>
        <translation>Số nội dung không đạt</translation>
    </message>
    <message>
        <source>Checked items</source>
        <translation>Số nội dung đã kiểm tra</translation>
    </message>
    <message>
        <source>Answered at</source>
        <translation>Trả lời lúc</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>Người trả lời</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Chức vụ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Loại tệp</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Tên tệp</translation>
    </message>
    <message>
        <source>Taken at</source>
        <translation>Chụp lúc</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>Người viết</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>The unit&apos;s opinion</source>
        <translation>Ý kiến của đơn vị</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Visits made</source>
        <translation>Buổi kiểm tra đã thực hiện</translation>
    </message>
    <message>
        <source>Items failed per visit</source>
        <translation>Số nội dung không đạt mỗi buổi</translation>
    </message>
    <message>
        <source>%1: %2 visit(s), %3 item(s) failed, %4 per visit
Click for its visits</source>
        <translation>%1: %2 buổi kiểm tra, %3 nội dung không đạt, %4 mỗi buổi
Bấm để xem các buổi kiểm tra</translation>
    </message>
</context>
<context>
    <name>UnitDetails</name>
    <message>
        <source>Information</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <source>Belongs to:</source>
        <translation>Trực thuộc:</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Cấp:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Địa chỉ:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Điện thoại:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Hiệu lực:</translation>
    </message>
    <message>
        <source>Continued by:</source>
        <translation>Đơn vị kế thừa:</translation>
    </message>
    <message>
        <source>Formed from:</source>
        <translation>Hình thành từ:</translation>
    </message>
    <message>
        <source>Staff at the reception point</source>
        <translation>Công chức tại bộ phận một cửa</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Chức vụ</translation>
    </message>
    <message>
        <source>Start an unannounced visit here now</source>
        <translation>Kiểm tra đột xuất tại đây ngay bây giờ</translation>
    </message>
    <message>
        <source>Check the remedies of earlier findings here now</source>
        <translation>Kiểm tra việc khắc phục tại đây ngay bây giờ</translation>
    </message>
    <message>
        <source>Choose a unit or a reception point on the left.</source>
        <translation>Chọn một cơ quan, đơn vị hoặc bộ phận một cửa ở danh sách bên trái.</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <source>Edit unit</source>
        <translation>Sửa đơn vị</translation>
    </message>
    <message>
        <source>New unit</source>
        <translation>Thêm đơn vị</translation>
    </message>
    <message>
        <source>e.g. Ủy ban nhân dân phường Trà Vinh</source>
        <translation>ví dụ: Ủy ban nhân dân phường Trà Vinh</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Tên:</translation>
    </message>
    <message>
        <source>&amp;Short name:</source>
        <translation>Tên &amp;ngắn:</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Cấp:</translation>
    </message>
    <message>
        <source>(none: top level)</source>
        <translation>(không: cấp cao nhất)</translation>
    </message>
    <message>
        <source>&amp;Belongs to:</source>
        <translation>&amp;Trực thuộc:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>Đị&amp;a chỉ:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>từ</translation>
    </message>
    <message>
        <source>until (last day)</source>
        <translation>đến (ngày cuối)</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Hiệu lực:</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Sign in — Inspector</source>
        <translation>Đăng nhập — Inspector</translation>
    </message>
    <message>
        <source>This database is encrypted. Sign in with your user name and password to open it. Everything you do is recorded under your name.</source>
        <translation>Cơ sở dữ liệu này được mã hóa. Hãy đăng nhập bằng tên đăng nhập và mật khẩu để mở. Mọi thao tác của bạn được ghi lại dưới tên bạn.</translation>
    </message>
    <message>
        <source>Forgot every password?</source>
        <translation>Quên mật khẩu?</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>Hãy nhập tên đăng nhập.</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>&amp;New user…</source>
        <translation>Người dùng &amp;mới…</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>Đặt &amp;lại mật khẩu…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Ngừng hoạt động</translation>
    </message>
    <message>
        <source>Roles of the selected user</source>
        <translation>Vai trò của người dùng đang chọn</translation>
    </message>
    <message>
        <source>&amp;Save the roles</source>
        <translation>&amp;Lưu vai trò</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Đã ngừng hoạt động</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>Tạm khóa đến %1</translation>
    </message>
    <message>
        <source>No password yet</source>
        <translation>Chưa có mật khẩu</translation>
    </message>
    <message>
        <source>Active; must change the password</source>
        <translation>Đang hoạt động; phải đổi mật khẩu</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>&amp;Cho hoạt động lại</translation>
    </message>
</context>
<context>
    <name>VisitScreen</name>
    <message>
        <source>You are not an inspector of this visit&apos;s team: you can read it but not change it.</source>
        <translation>Bạn không có tên trong đoàn kiểm tra của buổi này: chỉ xem, không sửa được.</translation>
    </message>
    <message>
        <source>This visit is “%1”: it can be read but no longer changed.</source>
        <translation>Buổi kiểm tra đang ở trạng thái “%1”: chỉ xem, không sửa được nữa.</translation>
    </message>
    <message>
        <source>◀  Visits</source>
        <translation>◀  Danh sách</translation>
    </message>
    <message>
        <source>Unannounced visit</source>
        <translation>Kiểm tra đột xuất</translation>
    </message>
    <message>
        <source>Announced visit</source>
        <translation>Kiểm tra theo kế hoạch</translation>
    </message>
    <message>
        <source>No round</source>
        <translation>Không thuộc đợt kiểm tra</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Bắt đầu:</translation>
    </message>
    <message>
        <source>&amp;Minutes…</source>
        <translation>&amp;Biên bản…</translation>
    </message>
    <message>
        <source>&amp;Reopen…</source>
        <translation>&amp;Mở lại…</translation>
    </message>
    <message>
        <source>Send this approved or numbered visit back to its inspectors (administrator, with a written reason)</source>
        <translation>Gửi buổi kiểm tra đã duyệt hoặc đã đánh số trở lại đoàn kiểm tra (quản trị, phải ghi lý do)</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Lịch sử…</translation>
    </message>
    <message>
        <source>History of this visit…</source>
        <translation>Lịch sử của buổi kiểm tra…</translation>
    </message>
    <message>
        <source>History of this item…</source>
        <translation>Lịch sử của nội dung này…</translation>
    </message>
    <message>
        <source>&amp;Survey…</source>
        <translation>&amp;Khảo sát…</translation>
    </message>
    <message>
        <source>Kiosk mode: citizens answer on this screen…</source>
        <translation>Chế độ kiosk: người dân trả lời trên màn hình này…</translation>
    </message>
    <message>
        <source>Enter paper questionnaires…</source>
        <translation>Nhập phiếu khảo sát giấy…</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>Đoàn kiểm tra: %1</translation>
    </message>
    <message>
        <source>Team: (no round)</source>
        <translation>Đoàn kiểm tra: (chưa có đợt kiểm tra)</translation>
    </message>
    <message>
        <source>(nothing to verify)</source>
        <translation>(không có nội dung cần xác minh)</translation>
    </message>
    <message>
        <source>Summary and recommendations</source>
        <translation>Tổng hợp và kiến nghị</translation>
    </message>
    <message>
        <source>Part %1/%2: %3 · item %4/%5 · %6/%7 in all</source>
        <translation>Phần %1/%2: %3 · nội dung %4/%5 · %6/%7 của toàn phiếu</translation>
    </message>
    <message>
        <source>Staff member not in the list</source>
        <translation>Công chức chưa có trong danh sách</translation>
    </message>
    <message>
        <source>Name the staff member met at the counter; they are added to this reception point.</source>
        <translation>Ghi họ tên công chức gặp tại quầy; người này được thêm vào danh sách của Bộ phận Một cửa.</translation>
    </message>
    <message>
        <source>Shortcomings</source>
        <translation>Hạn chế, tồn tại</translation>
    </message>
    <message>
        <source>Replace the text written so far with a new draft from the failed items?</source>
        <translation>Thay nội dung đã viết bằng bản lập lại từ các nội dung không đạt?</translation>
    </message>
    <message>
        <source>Remove recommendation</source>
        <translation>Bỏ kiến nghị</translation>
    </message>
    <message>
        <source>Remove the selected recommendation?</source>
        <translation>Bỏ kiến nghị đang chọn?</translation>
    </message>
    <message numerus="yes">
        <source>The visit cannot be submitted yet: %n thing(s) to complete, listed below.</source>
        <translation>
            <numerusform>Chưa gửi duyệt được: còn %n việc cần hoàn thành, xem danh sách bên dưới.</numerusform>
        </translation>
    </message>
    <message>
        <source>Submitted for review. The visit can no longer be changed unless it is returned.</source>
        <translation>Đã gửi duyệt. Buổi kiểm tra không sửa được nữa, trừ khi bị trả lại.</translation>
    </message>
    <message>
        <source>Representatives of the inspected unit</source>
        <translation>Đại diện đơn vị được kiểm tra</translation>
    </message>
    <message>
        <source>Who represents the unit during the visit (name and position, as printed in the minutes).</source>
        <translation>Người đại diện đơn vị trong buổi kiểm tra (họ tên và chức vụ, như in trong biên bản).</translation>
    </message>
    <message>
        <source>Unit representatives (%1)…</source>
        <translation>Đại diện đơn vị (%1)…</translation>
    </message>
    <message>
        <source>History of the visit to %1</source>
        <translation>Lịch sử buổi kiểm tra tại %1</translation>
    </message>
    <message>
        <source>History of item %1: %2</source>
        <translation>Lịch sử nội dung %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Comments on %n item(s), marked in the list.</source>
        <translation>
            <numerusform>Có ý kiến trên %n nội dung, được đánh dấu trong danh sách.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reviewer&apos;s comments:</source>
        <translation>Ý kiến của người duyệt:</translation>
    </message>
    <message>
        <source>Reopen the visit</source>
        <translation>Mở lại buổi kiểm tra</translation>
    </message>
    <message>
        <source>Why is this visit reopened? The reason is kept in the history and shown to its inspectors. A numbered minutes keeps its number; the clerk issues the next revision, the one already issued is kept.</source>
        <translation>Lý do mở lại buổi kiểm tra? Lý do được lưu trong nhật ký và hiển thị cho đoàn kiểm tra. Biên bản đã đánh số giữ nguyên số; văn thư ban hành lần tiếp theo, bản đã ban hành vẫn được giữ.</translation>
    </message>
    <message>
        <source>Reopened: the visit is back with its inspectors.</source>
        <translation>Đã mở lại: buổi kiểm tra đã trở về đoàn kiểm tra.</translation>
    </message>
    <message>
        <source>⚠ Not saved</source>
        <translation>⚠ Chưa lưu</translation>
    </message>
    <message>
        <source>✓ Saved %1</source>
        <translation>✓ Đã lưu lúc %1</translation>
    </message>
    <message>
        <source>, %1 failed</source>
        <translation>, %1 không đạt</translation>
    </message>
</context>
<context>
    <name>VisitsView</name>
    <message>
        <source>All statuses</source>
        <translation>Tất cả trạng thái</translation>
    </message>
    <message>
        <source>Roun&amp;d:</source>
        <translation>Đợt kiểm t&amp;ra:</translation>
    </message>
    <message>
        <source>U&amp;nit:</source>
        <translation>Đơn &amp;vị:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>Trạng t&amp;hái:</translation>
    </message>
    <message>
        <source>Only &amp;between</source>
        <translation>Chỉ tr&amp;ong khoảng</translation>
    </message>
    <message>
        <source>and</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Reception point</source>
        <translation>Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Đợt kiểm tra</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Hình thức</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n ý kiến</numerusform>
        </translation>
    </message>
    <message>
        <source>All rounds</source>
        <translation>Tất cả các đợt</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>Tất cả đơn vị</translation>
    </message>
    <message>
        <source>%1 checked, %2 failed</source>
        <translation>%1 đã kiểm tra, %2 không đạt</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>Theo kế hoạch</translation>
    </message>
    <message>
        <source>Unannounced</source>
        <translation>Đột xuất</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%Ln buổi kiểm tra</numerusform>
        </translation>
    </message>
</context>
</TS>
