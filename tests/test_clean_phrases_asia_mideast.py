"""Junk families of Indonesian, Vietnamese, Persian and Hebrew
(data/phrases/{id,vi,fa,he}.json): paraphrases beyond the listed examples are
caught, and article prose that merely mentions subscriptions, cookies,
comments, newsletters, sharing or JavaScript is kept."""

from __future__ import annotations

import pytest

from newsclean.clean.phrases import load_families, match_phrase

LANGS = ("id", "vi", "fa", "he")

# Paraphrases not listed as examples: (line, reason, paywall).
JUNK: list[tuple[str, str, bool]] = [
    # id
    ("Silakan login untuk melanjutkan membaca artikel ini", "paywall", True),
    ("Sudah jadi pelanggan? Silakan masuk", "paywall", True),
    ("Konten ini hanya untuk member", "paywall", True),
    ("Mohon aktifkan JavaScript pada peramban Anda", "javascript", True),
    ("Tulis komentar Anda", "comment_form", False),
    ("Alamat email kamu tidak akan ditampilkan", "comment_form", False),
    ("Kami menggunakan cookies agar situs berfungsi dengan baik", "cookie", False),
    ("Daftar ke newsletter harian kami", "newsletter", False),
    ("Bagikan artikel ini via WhatsApp", "share", False),
    ("Baca Juga: Banjir rendam ribuan rumah di Bekasi", "related", False),
    ("Berita Lainnya", "related", False),
    ("Editor: Budi Santoso", "byline", False),
    ("Dipublikasikan pada 5 Mei 2023, 14:30 WIB", "byline", False),
    ("Kebijakan Privasi", "navigation", False),
    ("Topik: Pemilu 2024", "tags", False),
    # vi
    ("Vui lòng đăng nhập để xem toàn bộ nội dung", "paywall", True),
    ("Bạn đã có tài khoản? Hãy đăng nhập", "paywall", True),
    ("Nội dung này dành riêng cho thành viên", "paywall", True),
    ("Hãy bật JavaScript trên trình duyệt", "javascript", True),
    ("Viết bình luận của bạn", "comment_form", False),
    ("Địa chỉ email của bạn sẽ không được công bố.", "comment_form", False),
    ("Website sử dụng cookie để phân tích lưu lượng truy cập", "cookie", False),
    ("Đăng ký nhận newsletter hàng tuần", "newsletter", False),
    ("Chia sẻ qua Zalo", "share", False),
    ("Bài viết liên quan: Giá vàng lập đỉnh mới", "related", False),
    ("Đọc nhiều nhất", "related", False),
    ("Phóng viên: Trần Thị Bình", "byline", False),
    ("Đăng ngày 05/03/2024 08:30", "byline", False),
    ("Chính sách bảo mật", "navigation", False),
    ("Thẻ: kinh tế, lạm phát", "tags", False),
    # fa: zero-width non-joiners dropped, Arabic yeh and kaf in place of the Persian ones
    ("برای خواندن متن کامل این خبر مشترک شوید", "paywall", True),
    ("قبلا عضو شده اید؟ وارد شوید", "paywall", True),
    ("این محتوا فقط مخصوص مشترکین است", "paywall", True),
    ("لطفا جاوا اسکریپت را فعال کنید", "javascript", True),
    ("نظر خود را بنویسید", "comment_form", False),
    ("آدرس ایمیل شما منتشر نخواهد شد", "comment_form", False),
    ("نشاني ايميل شما منتشر نخواهد شد", "comment_form", False),
    ("ما از کوکی‌ها برای بهبود تجربه شما استفاده می‌کنیم", "cookie", False),
    ("ثبت‌نام در خبرنامه", "newsletter", False),
    ("همچنین بخوانید: کاهش ارزش ریال در بازار ارز", "related", False),
    ("اخبار مرتبط", "related", False),
    ("خبرنگار: سارا محمدی", "byline", False),
    ("زمان تقریبی مطالعه: ۷ دقیقه", "byline", False),
    ("درباره ما", "navigation", False),
    ("کلیدواژه ها: انتخابات، مجلس", "tags", False),
    ("كپي لينك", "share", False),
    # he
    ("כדי להמשיך בקריאה יש להתחבר לאתר", "paywall", True),
    ("כבר מנוי? התחבר", "paywall", True),
    ("המאמר המלא זמין רק למנויים", "paywall", True),
    ("נא להפעיל JavaScript", "javascript", True),
    ("הוסיפו תגובה", "comment_form", False),
    ("כתובת האימייל שלך לא תפורסם", "comment_form", False),
    ("האתר עושה שימוש בקבצי cookies", "cookie", False),
    ("הצטרפו לדיוור שלנו", "newsletter", False),
    ("שתף בוואטסאפ", "share", False),
    ("קראו גם: המחאה נגד הרפורמה נמשכת", "related", False),
    ("כתבות קשורות", "related", False),
    ("נכתב על ידי רונית לוי", "byline", False),
    ("עדכון אחרון: 14:32", "byline", False),
    ("מדיניות הפרטיות", "navigation", False),
    ("תגיות: בריאות", "tags", False),
    ("תוכן ממומן", "advertisement", False),
]


@pytest.mark.parametrize(("line", "reason", "paywall"), JUNK)
def test_paraphrased_junk_is_caught(line: str, reason: str, paywall: bool) -> None:
    hit = match_phrase(line)
    assert hit is not None, line
    assert (hit.reason, hit.paywall) == (reason, paywall), line


# Article sentences written for this test: they talk about the same things.
PROSE = [
    # id
    "Jumlah pelanggan layanan streaming itu naik 20 persen tahun lalu, kata perusahaan.",
    "Pengadilan menemukan bahwa situs tersebut menggunakan cookie tanpa persetujuan pengguna.",
    "Menteri menolak memberikan komentar soal kabar pengunduran dirinya.",
    "Harian itu mulai mengirimkan newsletter mingguan kepada para pembacanya.",
    "Oleh karena itu, pemerintah akan menambah anggaran pendidikan.",
    "Baca juga buku-buku sejarah lokal, saran sang guru kepada murid-muridnya.",
    "Para pengembang mengatakan JavaScript kini dipakai di hampir semua situs web.",
    "Iklan rokok di televisi dilarang sejak tahun lalu.",
    "Hak cipta lagu tersebut kini dimiliki oleh label rekaman asal Jakarta.",
    "Bagikan pengalaman Anda, kata panitia kepada para peserta lomba.",
    "Terbit pada 12 Maret 2024, buku itu langsung laris di pasaran.",
    "Siswa dilarang menyalin jawaban teman saat ujian berlangsung.",
    # vi
    "Công ty cho biết số người đăng ký gói trả phí đã tăng 20% so với năm ngoái.",
    "Bộ trưởng từ chối bình luận về thông tin ông sắp từ chức.",
    "Tòa án kết luận trang web đã sử dụng cookie mà không có sự đồng ý của người dùng.",
    "Tờ báo bắt đầu gửi bản tin hàng tuần cho độc giả qua email.",
    "Xem thêm các số liệu trong báo cáo, ông nói với các đại biểu.",
    "Các lập trình viên cho rằng JavaScript vẫn là ngôn ngữ phổ biến nhất.",
    "Chia sẻ với phóng viên, bà Lan cho biết gia đình đã chuẩn bị từ sớm.",
    "Theo báo cáo của Bộ Tài chính, thu ngân sách tăng mạnh trong quý đầu năm.",
    "Quảng cáo trực tuyến chiếm phần lớn doanh thu của tờ báo.",
    "Trả lời báo chí, người phát ngôn khẳng định công ty không sao chép thiết kế.",
    # fa
    "شرکت اعلام کرد تعداد مشترکان این سرویس در سال گذشته ۲۰ درصد افزایش یافت.",
    "وزیر از اظهار نظر درباره شایعه استعفای خود خودداری کرد.",
    "دادگاه اعلام کرد این وب‌سایت بدون رضایت کاربران از کوکی استفاده می‌کرده است.",
    "این روزنامه از هفته آینده خبرنامه‌ای هفتگی برای خوانندگان ارسال می‌کند.",
    "برنامه‌نویسان می‌گویند جاوااسکریپت همچنان محبوب‌ترین زبان وب است.",
    "تبلیغات انتخاباتی از امروز آغاز شد.",
    "به اشتراک گذاشتن اطلاعات شخصی در شبکه‌های اجتماعی خطرناک است.",
    "کپی برداری از آثار هنری بدون اجازه جرم است.",
    "نظر شما درباره این طرح چیست؟ خبرنگار از رهگذران پرسید.",
    "تمام حقوق کارگران باید محفوظ بماند.",
    # he
    "החברה מסרה כי מספר המנויים לשירות עלה ב-20 אחוזים בשנה שעברה.",
    "השר סירב להגיב על הדיווחים בדבר התפטרותו.",
    "בית המשפט קבע כי האתר השתמש בעוגיות ללא הסכמת המשתמשים.",
    "העיתון החל לשלוח ניוזלטר שבועי לקוראיו.",
    "מפתחים אומרים כי JavaScript נותרה השפה הפופולרית ביותר ברשת.",
    'שתפו פעולה עם החוקרים, ביקש המפכ"ל מהציבור.',
    "מאת המשטרה נמסר כי החשוד נעצר בביתו.",
    "הפרסומת החדשה של החברה עוררה סערה ברשתות.",
    "קראו את הדוח המלא, אמרה השרה לחברי הוועדה.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_about_the_same_topics_is_kept(line: str) -> None:
    assert match_phrase(line) is None, match_phrase(line)


@pytest.mark.parametrize("lang", LANGS)
def test_language_tables_are_loaded(lang: str) -> None:
    reasons = {f.reason for f in load_families() if f.lang == lang}
    assert {"paywall", "javascript", "comment_form", "cookie", "newsletter", "share",
            "related", "byline", "navigation"} <= reasons


def test_persian_letters_in_either_spelling() -> None:
    # Persian yeh and kaf (U+06CC, U+06A9) or the Arabic ones (U+064A, U+0643),
    # with or without the zero-width non-joiner: the same line to the families.
    for line in ("دیدگاه‌ها بسته شده است", "ديدگاهها بسته شده است", "دیدگاه ها بسته شده است"):
        hit = match_phrase(line)
        assert hit is not None and hit.reason == "comment_form", line


def test_hebrew_byline_needs_a_short_name() -> None:
    assert match_phrase("מאת יוסי לוי | 12.03.2024") is not None
    assert match_phrase("מאת הוועדה נמסר כי הדיונים יימשכו גם בשבוע הבא") is None
