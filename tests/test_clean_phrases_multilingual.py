"""Per-language junk families (data/phrases/<lang>.json): paraphrases beyond the
listed examples are caught, and article prose that merely mentions
subscriptions, cookies, comments or JavaScript is kept."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsclean.clean.phrases import load_families, match_phrase

_DIR = resources.files("newsclean.clean").joinpath("data").joinpath("phrases")
PER_LANG_FILES = sorted(f.name for f in _DIR.iterdir() if f.name.endswith(".json"))

# Paraphrases not listed as examples: (line, reason, paywall).
JUNK: list[tuple[str, str, bool]] = [
    ("Haberin tamamını okumak için lütfen üye olun.", "paywall", True),
    ("Zaten üye misiniz? Oturum açın", "paywall", True),
    (
        "Bu içeriği görüntülemek için lütfen tarayıcınızda JavaScript'i etkinleştirin.",
        "javascript",
        True,
    ),
    ("Uyarı: İçerik korunmaktadır.", "copy_protection", False),
    ("Yayın tarihi: 12.03.2021", "byline", False),
    ("Güncelleme: 14 Nisan 2023 09:12", "byline", False),
    ("Bunlar da ilginizi çekebilir", "related", False),
    ("كتب: ليلى حداد", "byline", False),
    ("هل أنت مشترك بالفعل؟ تسجيل الدخول", "paywall", True),
    ("يرجى تمكين جافا سكريبت لمشاهدة هذه الصفحة", "javascript", True),
    ("إقرأ أيضا", "related", False),
    ("이미 회원이신가요? 로그인하세요", "paywall", True),
    ("자바스크립트를 활성화하십시오", "javascript", True),
    ("박지훈 특파원", "byline", False),
    ("Щоб читати далі, оформіть передплату", "paywall", True),
    ("Читайте також", "related", False),
    ("Už jste předplatitel? Přihlaste se", "paywall", True),
    ("Zapněte si JavaScript", "javascript", True),
    ("Är du redan prenumerant? Logga in här", "paywall", True),
    ("Uppdaterad 2022-05-03 08:12", "byline", False),
    # Thai: no spaces between words, and SARA AM (U+0E33) is two characters in a
    # normalised line, in the patterns as written and in these lines
    ("กรุณาล็อกอินเพื่ออ่านบทความฉบับเต็ม", "paywall", True),
    ("มีบัญชีอยู่แล้ว ? ล็อกอิน", "paywall", True),
    ("โปรดอนุญาตให้ใช้ JavaScript บนเบราว์เซอร์", "javascript", True),
    ("ที่อยู่อีเมลของท่านจะไม่ถูกเผยแพร่", "comment_form", False),
    ("แบ่งปันบทความนี้ผ่าน LINE", "share", False),
    ("ข่าวอื่นๆ ในหมวดเศรษฐกิจ", "related", False),
    ("เรียบเรียงโดย : กองบรรณาธิการ", "byline", False),
    ("สงวนลิขสิทธิ์ © 2567 บริษัท ตัวอย่าง จำกัด", "copyright", False),
    # Hindi: nukta letters precomposed (U+095B) in one and decomposed in the other
    ("पूरी खबर पढ़ने के लिए लॉग इन करें", "paywall", True),
    ("पहले ही सदस्य हैं? साइन इन करें", "paywall", True),
    ("कृपया जावास्क्रिप्ट इनेबल करें", "javascript", True),
    ("\u095bरूर पढ़ें: बारिश से शहर में जलभराव", "related", False),
    ("ज\u093cरूर पढ़ें", "related", False),
    ("इस वेबसाइट पर कुकीज का इस्तेमाल होता है", "cookie", False),
    ("रिपोर्टर : सुनीता शर्मा", "byline", False),
]


@pytest.mark.parametrize(("line", "reason", "paywall"), JUNK)
def test_paraphrased_junk_is_caught(line: str, reason: str, paywall: bool) -> None:
    hit = match_phrase(line)
    assert hit is not None, line
    assert (hit.reason, hit.paywall) == (reason, paywall), line


# Article sentences written for this test: they talk about the same things.
PROSE = [
    # tr
    "Şirket, abone sayısının geçen yıl yüzde 20 arttığını açıkladı.",
    "Uzmanlar, çerez kullanımının sınırlanmasının reklam gelirlerini düşürdüğünü söyledi.",
    "Bakan, yorum yapmaktan kaçındı ve basın toplantısını erken bitirdi.",
    "Gazete, okurlarına haftalık bir bülten göndermeye başladığını duyurdu.",
    "Yazılımcılar, JavaScript'i devre dışı bırakan kullanıcıların sayısının azaldığını belirtti.",
    "İlgili bakanlık konuya ilişkin bir açıklama yapmadı.",
    "Reklam sektörü bu yıl büyük bir daralma yaşadı.",
    # ar
    "قال المسؤول إن عدد المشتركين في الخدمة ارتفع بنسبة عشرين في المئة.",
    "كتب الشاعر قصيدته الأولى عندما كان في العاشرة من عمره.",
    "وأكدت الشركة أن موقعها لا يجمع أي بيانات شخصية من الزوار.",
    "رفض الوزير التعليق على الأنباء التي تحدثت عن استقالته.",
    "أطلقت الصحيفة نشرة إخبارية جديدة تصل إلى القراء كل صباح.",
    "وشارك في المؤتمر أكثر من مئة باحث من عشرين دولة.",
    # ko
    "회사는 유료 구독자 수가 지난해보다 20% 늘었다고 밝혔다.",
    "개발자들은 자바스크립트를 사용하는 웹사이트가 늘고 있다고 말했다.",
    "장관은 관련 질문에 대해 댓글을 달지 않겠다고 말했다.",
    "이 신문은 독자들에게 주간 뉴스레터를 보내기 시작했다.",
    "정부는 웹사이트의 쿠키 사용 규제를 강화하기로 했다.",
    "광고 시장은 올해 크게 위축됐다.",
    # uk
    "Компанія повідомила, що кількість передплатників зросла на 20 відсотків.",
    "Міністр відмовився коментувати ситуацію та залишив зал.",
    "Сайт використовував файли cookie без згоди користувачів, встановив суд.",
    # cs
    "Společnost uvedla, že počet předplatitelů vzrostl o pětinu.",
    "Ministr odmítl komentovat spekulace o své rezignaci.",
    "Úřad zjistil, že web používal soubory cookies bez souhlasu.",
    # sv
    "Företaget uppger att antalet prenumeranter ökade med en femtedel.",
    "Ministern ville inte kommentera uppgifterna om sin avgång.",
    "Domstolen fann att webbplatsen använde kakor utan samtycke.",
    "Av de tillfrågade svarade hälften att de läser nyheter varje dag.",
    "Dela upp ansvaret, sa ministern till riksdagen.",
    # th
    "บริษัทระบุว่าจำนวนสมาชิกที่สมัครรับบริการรายเดือนเพิ่มขึ้นร้อยละยี่สิบเมื่อเทียบกับปีก่อน",
    "รัฐมนตรีปฏิเสธที่จะแสดงความคิดเห็นต่อข่าวลือเรื่องการลาออก และเดินออกจากห้องประชุมทันที",
    "ศาลพบว่าเว็บไซต์ดังกล่าวใช้คุกกี้เก็บข้อมูลผู้ใช้โดยไม่ได้รับความยินยอม",
    "ข่าวล่าสุดจากกรมอุตุนิยมวิทยาระบุว่าพายุจะเคลื่อนเข้าสู่ภาคตะวันออกในคืนนี้",
    "โดยเฉพาะผู้ที่ติดตามข่าวสารทางอีเมลจะได้รับการแจ้งเตือนก่อนใคร",
    "นักวิจัยเตือนว่าการคัดลอกผลงานโดยไม่อ้างอิงแหล่งที่มาเป็นปัญหาที่พบบ่อยในมหาวิทยาลัย",
    # hi
    "कंपनी ने बताया कि पिछले साल उसके सब्सक्राइबरों की संख्या बीस प्रतिशत बढ़ी।",
    "मंत्री ने इस्तीफे की खबरों पर टिप्पणी करने से इनकार कर दिया।",
    "अदालत ने पाया कि वेबसाइट बिना अनुमति के कुकीज़ का उपयोग कर रही थी।",
    "ताज़ा खबरों के अनुसार बाढ़ का पानी अब उतरने लगा है।",
    "यह भी पढ़ें कि सरकार ने किसानों के लिए क्या घोषणा की है, मंत्री ने कहा।",
    "उन्होंने कहा कि सामग्री सुरक्षित है या नहीं, इसकी जांच होगी।",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_about_the_same_topics_is_kept(line: str) -> None:
    assert match_phrase(line) is None, match_phrase(line)


@pytest.mark.parametrize("name", PER_LANG_FILES)
def test_per_language_file_holds_only_its_language(name: str) -> None:
    raw = json.loads(_DIR.joinpath(name).read_text("utf-8"))
    lang = name.removesuffix(".json")
    assert raw["families"]
    assert {f["lang"] for f in raw["families"]} == {lang}


def test_per_language_files_are_loaded() -> None:
    langs = {f.lang for f in load_families()}
    assert {n.removesuffix(".json") for n in PER_LANG_FILES} <= langs


# A byline says "Author: Name" or "Author Name"; prose about an author ("the
# author of the book ...") must stay, in the languages that share the word.
@pytest.mark.parametrize(
    "line",
    [
        "Автор книги розповів про своє дитинство у Львові.",
        "Autor knihy vyrůstal v Brně a studoval v Praze.",
    ],
)
def test_prose_starting_with_author_is_kept(line: str) -> None:
    assert match_phrase(line) is None
