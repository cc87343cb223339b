<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Cannot open the database</source>
        <translation>Không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Choose another database…</source>
        <translation>Chọn cơ sở dữ liệu khác…</translation>
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
        <source>Search units and reception points (with or without diacritics)…</source>
        <translation>Tìm cơ quan, đơn vị, bộ phận một cửa (gõ có dấu hoặc không dấu)…</translation>
    </message>
</context>
<context>
    <name>DatabaseDialog</name>
    <message>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
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
        <source>Fill a new database with demo data (units of Trà Vinh city)</source>
        <translation>Thêm dữ liệu mẫu vào cơ sở dữ liệu mới (các đơn vị của thành phố Trà Vinh)</translation>
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
        <source>Enter the path of a database file.</source>
        <translation>Hãy nhập đường dẫn tệp cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>This is a folder; enter a file name inside it.</source>
        <translation>Đây là một thư mục; hãy nhập tên tệp trong thư mục đó.</translation>
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
        <source>&amp;Import a form from a file…</source>
        <translation>&amp;Nhập phiếu từ tệp…</translation>
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
        <source>City department</source>
        <translation>Phòng, ban thành phố</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector — Civil-service inspection of one-stop reception points</source>
        <translation>Inspector — Kiểm tra công vụ tại Bộ phận Một cửa</translation>
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
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;About Inspector</source>
        <translation>&amp;Giới thiệu Inspector</translation>
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
        <source>Choose a unit or a reception point on the left.</source>
        <translation>Chọn một cơ quan, đơn vị hoặc bộ phận một cửa ở danh sách bên trái.</translation>
    </message>
</context>
</TS>
