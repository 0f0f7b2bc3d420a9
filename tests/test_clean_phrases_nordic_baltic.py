"""Nordic and Baltic junk families (data/phrases/{da,no,fi,et,lv,lt}.json):
paraphrases beyond the listed examples are caught, and article prose that
merely mentions subscriptions, cookies, comments, newsletters, sharing,
reading, copying, JavaScript or advertisements is kept."""

from __future__ import annotations

import pytest

from newsclean.clean.phrases import load_families, match_phrase

LANGS = ("da", "no", "fi", "et", "lv", "lt")

# Paraphrases not listed as examples: (line, reason, paywall).
JUNK: dict[str, list[tuple[str, str, bool]]] = {
    "da": [
        ("Allerede abonnent? Log ind her", "paywall", True),
        ("Artiklen er forbeholdt abonnenter", "paywall", True),
        ("Køb abonnement og læs videre", "paywall", True),
        ("Du skal aktivere JavaScript for at bruge siden", "javascript", True),
        ("Kontrollerer, om forbindelsen er sikker", "javascript", True),
        ("Efterlad en kommentar", "comment_form", False),
        ("Din e-mail vil ikke blive vist", "comment_form", False),
        ("Accepter alle cookies", "cookie", False),
        ("Skriv dig op til vores nyhedsbrev", "newsletter", False),
        ("Del artiklen på LinkedIn", "share", False),
        ("Læs også: Regionen lukker to skadestuer", "related", False),
        ("Skrevet af Peter Madsen", "byline", False),
        ("Opdateret 3. jan. 2024 kl. 14.02", "byline", False),
        ("Forrige artikel", "navigation", False),
        ("Sponsoreret", "advertisement", False),
    ],
    "no": [
        ("Allerede abonnent? Logg inn her", "paywall", True),
        ("Denne saken er kun for abonnenter", "paywall", True),
        ("Kjøp abonnement og les videre", "paywall", True),
        ("Aktiver JavaScript for å se innholdet", "javascript", True),
        ("Legg igjen et svar", "comment_form", False),
        ("Din e-postadresse blir ikke publisert.", "comment_form", False),
        ("Dette nettstedet bruker informasjonskapsler", "cookie", False),
        ("Abonner på nyhetsbrevet vårt", "newsletter", False),
        ("Del via e-post", "share", False),
        ("Les også: Kommunen stenger to skoler", "related", False),
        ("Skrevet av Ingrid Berg", "byline", False),
        ("Sist oppdatert 4. feb. 2024 kl. 09.30", "byline", False),
        ("Hopp til innhold", "navigation", False),
        ("Alle rettigheter reservert", "copyright", False),
    ],
    "fi": [
        ("Olet jo tilaaja? Kirjaudu", "paywall", True),
        ("Juttu on vain tilaajille", "paywall", True),
        ("Tilaa ja lue koko artikkeli", "paywall", True),
        ("Otathan JavaScriptin käyttöön", "javascript", True),
        ("Tarkistetaan, onko sivuston yhteys suojattu", "javascript", True),
        ("Kirjoita kommentti", "comment_form", False),
        ("Hyväksy kaikki", "cookie", False),
        ("Tämä sivusto käyttää evästeitä", "cookie", False),
        ("Liity uutiskirjeen tilaajaksi", "newsletter", False),
        ("Jaa WhatsAppissa", "share", False),
        ("Lue myös: Kaupunki sulkee kaksi koulua", "related", False),
        ("Kirjoittaja: Anna Laine", "byline", False),
        ("Julkaistu 3. tammikuuta 2024", "byline", False),
        ("Siirry pääsisältöön", "navigation", False),
        ("Maksettu yhteistyö", "advertisement", False),
    ],
    "et": [
        ("Olete juba tellija? Logige sisse", "paywall", True),
        ("Artikkel on mõeldud ainult tellijatele", "paywall", True),
        ("Loo lugemiseks logi sisse", "paywall", True),
        ("Palun lubage JavaScript", "javascript", True),
        ("Kirjuta kommentaar", "comment_form", False),
        ("Teie e-posti aadressi ei avaldata.", "comment_form", False),
        ("See veebileht kasutab küpsiseid", "cookie", False),
        ("Liitu meie uudiskirjaga", "newsletter", False),
        ("Jaga artiklit", "share", False),
        ("Loe lisaks: Linn sulgeb kaks kooli", "related", False),
        ("Autor Kadri Mets", "byline", False),
        ("Avaldatud 3. jaanuar 2024 kell 14:02", "byline", False),
        ("Tagasi üles", "navigation", False),
        ("Kõik õigused reserveeritud", "copyright", False),
    ],
    "lv": [
        ("Esi jau abonents? Pieslēdzies", "paywall", True),
        ("Raksta turpinājums pieejams abonentiem", "paywall", True),
        ("Lai izlasītu visu rakstu, pieslēdzies", "paywall", True),
        ("Ieslēdziet JavaScript savā pārlūkā", "javascript", True),
        ("Pievienot komentāru", "comment_form", False),
        ("Tava e-pasta adrese netiks publicēta.", "comment_form", False),
        ("Šī vietne izmanto sīkdatnes", "cookie", False),
        ("Piesakies mūsu jaunumu vēstulei", "newsletter", False),
        ("Kopīgot", "share", False),
        ("Lasiet arī: Pilsēta slēgs divas skolas", "related", False),
        ("Autore: Ilze Liepiņa", "byline", False),
        ("Publicēts 3. janvārī, 14:02", "byline", False),
        ("Uz augšu", "navigation", False),
        ("Sponsorēts saturs", "advertisement", False),
    ],
    "lt": [
        ("Jau turite prenumeratą? Prisijunkite", "paywall", True),
        ("Straipsnio tęsinys prieinamas tik prenumeratoriams", "paywall", True),
        ("Kad galėtumėte skaityti toliau, prisijunkite", "paywall", True),
        ("Įjunkite JavaScript", "javascript", True),
        ("Palikite komentarą", "comment_form", False),
        ("El. pašto adresas nebus skelbiamas", "comment_form", False),
        ("Ši svetainė naudoja slapukus", "cookie", False),
        ("Užsisakykite naujienlaiškį", "newsletter", False),
        ("Pasidalinkite", "share", False),
        ("Skaitykite taip pat: Miestas uždaro dvi mokyklas", "related", False),
        ("Autorė: Eglė Vaitkutė", "byline", False),
        ("Atnaujinta 2024-01-03 14:02", "byline", False),
        ("Kitas straipsnis", "navigation", False),
        ("Visos teisės saugomos", "copyright", False),
    ],
}

# Article sentences written for this test: they talk about the same things,
# several of them open with the words the labels open with.
PROSE: dict[str, list[str]] = {
    "da": [
        "Avisen oplyser, at antallet af abonnenter steg med en femtedel sidste år.",
        "Ministeren ville ikke kommentere oplysningerne om sin afgang.",
        "Retten fandt, at hjemmesiden brugte cookies uden samtykke fra de besøgende.",
        "Del af forklaringen er, at færre unge læser trykte aviser.",
        "Af de adspurgte svarede halvdelen, at de læser nyheder hver dag.",
        "Læs også gerne betingelserne, før du skriver under, råder forbrugerrådet.",
        "Svar fra kommunen kom først efter tre uger.",
        "Annoncer for spil må ikke rettes mod børn, fastslår Spillemyndigheden.",
        "Publiceret i 1998 blev romanen hurtigt en bestseller i hele Norden.",
        "Forlaget sender et nyhedsbrev til sine læsere hver fredag.",
        "Indholdet er beskyttet af ophavsretsloven, understreger advokaten.",
        "Mange vælger at aktivere cookies uden at læse betingelserne.",
        "Opdater din browser og dit styresystem jævnligt, lyder rådet fra politiet.",
    ],
    "no": [
        "Avisen opplyser at antallet abonnenter økte med en femtedel i fjor.",
        "Statsministeren ville ikke kommentere opplysningene om sin avgang.",
        "Retten fant at nettstedet brukte informasjonskapsler uten samtykke.",
        "Av de spurte svarte halvparten at de leser nyheter hver dag.",
        "Del av forklaringen er at færre unge leser papiraviser.",
        "Les også vilkårene før du signerer, råder Forbrukerrådet.",
        "Reklame for pengespill er forbudt rettet mot barn i Norge.",
        "Publisert i 1998 ble romanen raskt en bestselger i hele Norden.",
        "Svar fra kommunen kom først etter tre uker.",
        "Innholdet er beskyttet av opphavsrett, understreker advokaten.",
        "Mange velger å aktivere informasjonskapsler uten å lese vilkårene.",
    ],
    "fi": [
        "Lehden mukaan tilaajien määrä kasvoi viime vuonna viidenneksellä.",
        "Ministeri ei halunnut kommentoida tietoja erostaan.",
        "Tuomioistuin totesi, että sivusto käytti evästeitä ilman suostumusta.",
        "Jaa kahtia, sanoi opettaja ja ojensi leivän lapsille.",
        "Lue myös sopimusehdot huolellisesti, neuvoo kuluttajaneuvonta.",
        "Julkaistu vuonna 1998, romaani nousi nopeasti myyntilistojen kärkeen.",
        "Mainos oli näkyvästi esillä kaupungin keskustassa koko kesän.",
        "Kustantamo lähettää uutiskirjeen lukijoilleen joka perjantai.",
        "Vastaa kysymykseen rehellisesti, toimittaja pyysi.",
        "Palvelun sisältö on tilaajille maksuton ensimmäisen kuukauden ajan.",
        "Yli kymmenentuhatta lukijaa tilaa uutiskirjeen joka viikko.",
        "Sisältö on suojattu tekijänoikeuslailla, muistutti asianajaja.",
        "Lasku tulee jatkossa suoraan sähköpostiisi, kertoo yhtiö.",
    ],
    "et": [
        "Ajalehe teatel kasvas tellijate arv eelmisel aastal viiendiku võrra.",
        "Minister keeldus oma lahkumise kohta käivaid andmeid kommenteerimast.",
        "Kohus leidis, et veebileht kasutas küpsiseid ilma nõusolekuta.",
        "Jaga oma kogemusi, palus korraldaja konverentsil osalejaid.",
        "Loe ka lepingu tingimusi enne allkirjastamist, soovitab tarbijakaitse.",
        "Reklaam oli kogu suve linna keskel hästi näha.",
        "Autor Jaan Kross kirjutas romaani pagulasena Saksamaal.",
        "Kirjastus saadab lugejatele uudiskirja igal reedel.",
        "Ravimite levitamine ilma loata on keelatud, rõhutas amet.",
        "Sisu on kaitstud autoriõigusega, rõhutas kohus.",
        "Veebilehe sisu on tellijatele tasuta esimese kuu jooksul.",
        "Ajalehed jõuavad lugejate postkasti juba kella kuueks hommikul.",
    ],
    "lv": [
        "Laikraksts ziņo, ka abonentu skaits pagājušajā gadā pieauga par piekto daļu.",
        "Ministrs atteicās komentēt ziņas par savu atkāpšanos.",
        "Tiesa konstatēja, ka vietne izmantoja sīkdatnes bez lietotāju piekrišanas.",
        "Lasi arī līguma noteikumus, iesaka patērētāju tiesību aizsardzības centrs.",
        "Reklāma bija labi redzama pilsētas centrā visu vasaru.",
        "Izdevniecība katru piektdienu sūta lasītājiem jaunumu vēstuli.",
        "Publicēts 1998. gadā, romāns ātri kļuva populārs visā Baltijā.",
        "Atbildēt uz jautājumiem deputāti atteicās.",
        "Ieroču izmantošana bez atļaujas ir aizliegta, atgādina policija.",
        "Lietotājs atļauj sīkdatnes, ja piekrīt vietnes noteikumiem.",
        "Saturs ir pieejams abonentiem bez maksas līdz mēneša beigām.",
    ],
    "lt": [
        "Dienraščio duomenimis, prenumeratorių skaičius pernai išaugo penktadaliu.",
        "Ministras atsisakė komentuoti žinias apie savo atsistatydinimą.",
        "Teismas nustatė, kad svetainė naudojo slapukus be lankytojų sutikimo.",
        "Taip pat skaitykite sutarties sąlygas, pataria vartotojų teisių gynėjai.",
        "Reklama buvo gerai matoma miesto centre visą vasarą.",
        "Leidykla kiekvieną penktadienį siunčia skaitytojams naujienlaiškį.",
        "Atsakyti į klausimus politikai atsisakė.",
        "Parengė planą savivaldybė, o vyriausybė jį patvirtino.",
        "Skelbti asmens duomenis be sutikimo draudžiama, primena inspekcija.",
        "Norėdami skaityti laikraštį, gyventojai turi jį prenumeruoti.",
        "Turinys prieinamas prenumeratoriams nemokamai iki mėnesio pabaigos.",
    ],
}

JUNK_CASES = [(lang, *case) for lang in LANGS for case in JUNK[lang]]
PROSE_CASES = [(lang, line) for lang in LANGS for line in PROSE[lang]]


@pytest.mark.parametrize(("lang", "line", "reason", "paywall"), JUNK_CASES)
def test_paraphrased_junk_is_caught(lang: str, line: str, reason: str, paywall: bool) -> None:
    hit = match_phrase(line)
    assert hit is not None, line
    assert (hit.reason, hit.paywall) == (reason, paywall), (lang, line, hit)


@pytest.mark.parametrize(("lang", "line"), PROSE_CASES)
def test_prose_about_the_same_topics_is_kept(lang: str, line: str) -> None:
    assert match_phrase(line) is None, (lang, match_phrase(line))


def test_paraphrases_are_not_listed_examples() -> None:
    examples = {e for f in load_families() for e in f.examples}
    assert not [line for _, line, _, _ in JUNK_CASES if line in examples]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_enough_cases(lang: str) -> None:
    assert len(JUNK[lang]) >= 8 and len(PROSE[lang]) >= 6


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_covers_the_main_junk_kinds(lang: str) -> None:
    reasons = {f.reason for f in load_families() if f.lang == lang}
    assert reasons >= {"paywall", "javascript", "comment_form", "comments", "cookie",
                       "newsletter", "share", "related", "advertisement", "byline",
                       "navigation", "copyright", "copy_protection"}


@pytest.mark.parametrize(
    "line",
    [
        # a capitalised name must follow a byline word, and nothing but a short tail
        "Af Danmarks 98 kommuner har 40 indført forbuddet.",
        "Av Norges 357 kommuner har 40 innført forbudet.",
        "Teksti on saatavilla myös ruotsiksi.",
        "Autors Rūdolfs Blaumanis dzimis 1863. gadā un rakstīja stāstus un lugas.",
        # a date word that opens a sentence about something else
        "Opdateret udgave af bogen udkommer til foråret.",
        "Päivitetty ohjeistus julkaistaan ensi viikolla.",
    ],
)
def test_byline_words_in_prose_are_kept(line: str) -> None:
    assert match_phrase(line) is None, match_phrase(line)


@pytest.mark.parametrize("line", ["del", "Menu"])
def test_words_of_other_languages_are_not_danish_labels(line: str) -> None:
    # Python's "del" in a code listing, an English "Menu" heading
    hit = match_phrase(line)
    assert hit is None or hit.lang not in LANGS
