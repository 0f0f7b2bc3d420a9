"""Junk phrase families of Central and Eastern Europe (data/phrases/el, hu, ro, bg,
hr, sk .json): paraphrases beyond the listed examples are caught, and article
prose about the same topics (subscriptions, cookies, comments, newsletters,
sharing, reading, copying, JavaScript, advertising) is kept. hr.json also
covers Serbian and Bosnian written in Latin script, with or without diacritics."""

from __future__ import annotations

import pytest

from newsclean.clean.phrases import load_families, match_phrase

LANGS = ("el", "hu", "ro", "bg", "hr", "sk")

# Paraphrases not listed as examples: (line, reason, paywall).
JUNK: list[tuple[str, str, bool]] = [
    # el: upper case without accents, as Greek sites write headings
    ("Για να συνεχίσετε την ανάγνωση, γίνετε συνδρομητής", "paywall", True),
    ("Έχετε ήδη λογαριασμό; Συνδεθείτε", "paywall", True),
    ("Αυτό το περιεχόμενο είναι αποκλειστικά για συνδρομητές", "paywall", True),
    ("Ενεργοποιήστε τη JavaScript για να δείτε αυτό το περιεχόμενο", "javascript", True),
    ("Αφήστε το σχόλιό σας", "comment_form", False),
    ("Το email σας δεν θα δημοσιευθεί", "comment_form", False),
    ("ΔΙΑΒΑΣΤΕ ΑΚΟΜΗ: Πώς θα κινηθούν οι τιμές το καλοκαίρι", "related", False),
    ("Της Ελένης Καραγιάννη", "byline", False),
    ("Δημοσιεύτηκε: 05.04.2023 08:30", "byline", False),
    ("Ακολουθήστε μας στο Facebook", "share", False),
    ("Όλα τα δικαιώματα διατηρούνται", "copyright", False),
    ("Πολιτική cookies", "cookie", False),
    # hu
    ("A cikk folytatásához jelentkezzen be vagy fizessen elő!", "paywall", True),
    ("Van már előfizetése? Lépjen be", "paywall", True),
    ("Kérjük, kapcsolja be a JavaScriptet!", "javascript", True),
    ("Írjon hozzászólást!", "comment_form", False),
    ("Az e-mail címed nem lesz nyilvános.", "comment_form", False),
    ("Ezek is érdekelhetik", "related", False),
    ("Olvasd el ezt is: Drágul a benzin a jövő héten", "related", False),
    ("Szerző: Tóth Gábor", "byline", False),
    ("Megjelent: 2023. május 5. 08:30", "byline", False),
    ("Kövess minket az Instagramon!", "share", False),
    ("Minden jog fenntartva.", "copyright", False),
    ("Elfogadom", "cookie", False),
    # ro: with comma-below, cedilla and without diacritics
    ("Pentru a continua lectura, autentifică-te sau abonează-te", "paywall", True),
    ("Aveți deja cont? Conectați-vă", "paywall", True),
    ("Conţinutul este rezervat exclusiv abonaţilor", "paywall", True),
    ("Te rugăm să activezi JavaScript", "javascript", True),
    ("Lasă un comentariu", "comment_form", False),
    ("Adresa de email nu va fi publicata", "comment_form", False),
    ("CITESTE SI: Ce se schimbă la pensii din ianuarie", "related", False),
    ("Cele mai citite știri", "related", False),
    ("Scris de Andreea Dumitrescu", "byline", False),
    ("Actualizat: 5 mai 2023, 08:30", "byline", False),
    ("Urmărește-ne pe Facebook", "share", False),
    ("Toate drepturile sunt rezervate", "copyright", False),
    ("Site-ul nostru folosește cookie-uri", "cookie", False),
    # bg
    ("За да продължите да четете, моля, влезте в профила си", "paywall", True),
    ("Вече имате абонамент? Влезте", "paywall", True),
    ("Моля, включете JavaScript", "javascript", True),
    ("Напишете коментар", "comment_form", False),
    ("Вашият e-mail адрес няма да бъде публикуван", "comment_form", False),
    ("Вижте още: Цените на горивата падат", "related", False),
    ("Най-четени новини", "related", False),
    ("Автор: Петя Стоянова", "byline", False),
    ("Публикувана: 5 май 2023, 08:30", "byline", False),
    ("Последвайте ни във Facebook", "share", False),
    ("Всички права са запазени.", "copyright", False),
    ("Приемам", "cookie", False),
    # hr, sr and bs in Latin script
    ("Za čitanje cijelog članka prijavite se", "paywall", True),
    ("Već imate nalog? Prijavite se", "paywall", True),
    ("Ovaj sadržaj je dostupan samo pretplatnicima", "paywall", True),
    ("Molimo uključite JavaScript", "javascript", True),
    ("Napiši komentar", "comment_form", False),
    ("Vaša e-mail adresa neće biti objavljena.", "comment_form", False),
    ("Neophodna polja su označena *", "comment_form", False),
    ("PROČITAJTE TAKOĐE: Cijene goriva ponovo rastu", "related", False),
    ("Procitajte jos: Cijene goriva ponovo rastu", "related", False),
    ("Najčitanije vesti", "related", False),
    ("Piše: Milica Jovanović", "byline", False),
    ("Objavljeno: 5. 5. 2023. 08:30", "byline", False),
    ("Pratite nas na Facebooku", "share", False),
    ("Sva prava zadržana.", "copyright", False),
    ("Ovaj sajt koristi kolačiće", "cookie", False),
    # sk
    ("Na dočítanie článku sa prihláste", "paywall", True),
    ("Už ste predplatiteľ? Prihláste sa", "paywall", True),
    ("Obsah je dostupný len pre registrovaných", "paywall", True),
    ("Zapnite si JavaScript", "javascript", True),
    ("Napíšte komentár", "comment_form", False),
    ("Povinné údaje sú označené *", "comment_form", False),
    ("Prečítajte si aj: Ceny benzínu opäť rastú", "related", False),
    ("Najčítanejšie správy", "related", False),
    ("Autori: Zuzana Horváthová, Peter Kováč", "byline", False),
    ("Publikované: 5. mája 2023 08:30", "byline", False),
    ("Odkaz skopírovaný", "share", False),
    ("Všetky práva vyhradené.", "copyright", False),
    ("Prijať všetky", "cookie", False),
]


@pytest.mark.parametrize(("line", "reason", "paywall"), JUNK)
def test_paraphrased_junk_is_caught(line: str, reason: str, paywall: bool) -> None:
    hit = match_phrase(line)
    assert hit is not None, line
    assert (hit.reason, hit.paywall) == (reason, paywall), line


def test_paraphrases_are_not_listed_examples() -> None:
    examples = {e for f in load_families() for e in f.examples}
    assert not examples & {line for line, _, _ in JUNK}


# Article sentences written for this test: they talk about the same things.
PROSE = [
    # el
    "Η εταιρεία ανακοίνωσε ότι οι συνδρομητές της αυξήθηκαν κατά 20% μέσα στο έτος.",
    "Ο υπουργός αρνήθηκε να σχολιάσει τις πληροφορίες για την παραίτησή του.",
    "Η Αρχή διαπίστωσε ότι η ιστοσελίδα χρησιμοποιούσε cookies χωρίς τη συγκατάθεση των χρηστών.",
    "Διαβάστε τις οδηγίες προσεκτικά πριν συμπληρώσετε την αίτηση, είπε ο εκπρόσωπος.",
    "Η διαφήμιση στην τηλεόραση μειώθηκε σημαντικά το τελευταίο τρίμηνο.",
    "Οι προγραμματιστές λένε ότι η JavaScript παραμένει η πιο δημοφιλής γλώσσα.",
    "Της είπαν ότι η αντιγραφή του έργου απαγορεύεται από τον νόμο.",
    "Το newsletter της εφημερίδας στέλνεται κάθε πρωί σε 50.000 αναγνώστες.",
    # hu
    "A cég közölte, hogy az előfizetők száma húsz százalékkal nőtt tavaly.",
    "A miniszter nem kívánta kommentálni a lemondásáról szóló híreket.",
    "A hatóság megállapította, hogy a weboldal hozzájárulás nélkül használt sütiket.",
    "Az olvasók hozzászólásai alapján a szerkesztőség módosította a cikket.",
    "A hirdetések bevétele az idén jelentősen csökkent.",
    "A fejlesztők szerint a JavaScript továbbra is a legnépszerűbb programozási nyelv.",
    "Olvassa el a szerződést, mielőtt aláírja, tanácsolta az ügyvéd.",
    "A hírlevél minden reggel több mint ötvenezer olvasóhoz jut el.",
    "Ajánló-rendszert fejlesztett a cég a webáruházaknak.",
    # ro
    "Compania a anunțat că numărul abonaților a crescut cu 20% anul trecut.",
    "Ministrul a refuzat să comenteze informațiile despre demisia sa.",
    "Autoritatea a constatat că site-ul folosea cookie-uri fără acordul utilizatorilor.",
    "Publicitatea online a crescut cu 15% în primul trimestru.",
    "Programatorii spun că JavaScript rămâne cel mai folosit limbaj de pe web.",
    "De Crăciun, mii de turiști au ajuns în stațiunile montane.",
    "Vezi și tu cum arată noul pod peste Dunăre, a scris primarul pe Facebook.",
    "Pentru a continua investițiile, compania a cerut clienților să plătească abonament mai mare.",
    # bg
    "Компанията съобщи, че броят на абонатите ѝ е нараснал с 20 процента.",
    "Министърът отказа да коментира информацията за оставката си.",
    "Комисията установи, че сайтът използва бисквитки без съгласието на потребителите.",
    "Рекламата в интернет е нараснала с 15 процента през първото тримесечие.",
    "Прочетете внимателно условията, преди да подпишете договора, съветват експертите.",
    "Програмистите казват, че JavaScript остава най-използваният език в мрежата.",
    "От Министерството на финансите заявиха, че бюджетът ще бъде приет.",
    "Сподели с него, че ще се върне, каза майка му пред репортери.",
    # hr, sr, bs
    "Tvrtka je objavila da je broj pretplatnika porastao za petinu.",
    "Ministar je odbio komentirati navode o svojoj ostavci.",
    "Agencija je utvrdila da je portal koristio kolačiće bez pristanka korisnika.",
    "Za nastavak programa HRT traži veću pretplatu od građana.",
    "Taj sadržaj je samo za odrasle, upozorili su iz regulatorne agencije.",
    "Oglasi na internetu donijeli su medijima rekordne prihode.",
    "Programeri kažu da je JavaScript i dalje najkorišćeniji jezik na vebu.",
    "Pročitajte pažljivo uvjete prije potpisivanja ugovora, savjetuju stručnjaci.",
    # sk
    "Spoločnosť uviedla, že počet predplatiteľov vzrástol o pätinu.",
    "Minister odmietol komentovať špekulácie o svojej rezignácii.",
    "Úrad zistil, že web používal súbory cookies bez súhlasu používateľov.",
    "Reklama v televízii tento rok výrazne oslabila.",
    "Programátori tvrdia, že JavaScript zostáva najpoužívanejším jazykom.",
    "Čítajte pozorne zmluvu predtým, ako ju podpíšete, radí právnik.",
    "Autor knihy vyrastal v Košiciach a študoval v Bratislave.",
    "Zdieľať dáta s tretími stranami banka nesmie, rozhodol súd.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_about_the_same_topics_is_kept(line: str) -> None:
    assert match_phrase(line) is None, match_phrase(line)


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_covers_the_main_junk_kinds(lang: str) -> None:
    reasons = {f.reason for f in load_families() if f.lang == lang}
    assert reasons >= {
        "paywall", "javascript", "copy_protection", "comment_form", "comments", "cookie",
        "newsletter", "share", "related", "advertisement", "byline", "navigation",
        "copyright", "tags",
    }
