"""Hand-written name and place lists per country, for fictional workshop people and partners.

Given names and family names are common ones, combined at random, so every person is a
fictional combination; no list holds the name of a public figure, and family names that are
widely associated with known people were left out on purpose. Towns are real places, so the
data feels familiar to participants from the country; every organisation built from them is
marked fictional in its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.model.enums import Subregion


@dataclass(frozen=True)
class NamePool:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    religious_title: str  # how a local religious leader is addressed


_MAGHREB = NamePool(
    male=("Youssef", "Karim", "Mehdi", "Amine", "Hamza", "Bilal", "Nabil", "Sofiane", "Yassine"),
    female=("Salma", "Imane", "Khadija", "Nadia", "Samira", "Houda", "Meriem", "Rim", "Asma"),
    family=("Benaissa", "Haddad", "Mansouri", "Cherif", "Amrani", "Belkacem", "Tazi", "Ouali"),
    religious_title="Imam",
)
_SAHEL = NamePool(
    male=("Moussa", "Amadou", "Issa", "Boubacar", "Seydou", "Souleymane", "Idrissa", "Oumar"),
    female=("Aminata", "Fatoumata", "Mariam", "Awa", "Kadiatou", "Hawa", "Rokia", "Aissata"),
    family=("Diarra", "Kanouté", "Ouédraogo", "Sawadogo", "Dicko", "Coulibaly", "Sidibé", "Guindo"),
    religious_title="Imam",
)
_CHAD = NamePool(
    male=("Mahamat", "Abakar", "Hassan", "Ousmane", "Adoum", "Brahim", "Djibrine", "Saleh"),
    female=("Achta", "Zenaba", "Fatimé", "Halimé", "Amina", "Kaltouma", "Mariam", "Hawaye"),
    family=("Abdelkerim", "Mahamoud", "Haroun", "Issakha", "Moussa", "Adoum", "Hassaballah"),
    religious_title="Imam",
)
_MAURITANIA = NamePool(
    male=("Mohamed Lemine", "Sidi", "Cheikh", "Ahmedou", "El Moctar", "Brahim", "Yahya"),
    female=("Mariem", "Aichetou", "Khadijetou", "Vatimetou", "Lalla", "Zeinebou", "Toutou"),
    family=("Ould Sidi", "Ould Ahmed", "Mint Salem", "Ould Brahim", "Ba", "Sy", "Kane"),
    religious_title="Imam",
)
_SOMALI = NamePool(
    male=("Abdirahman", "Mohamed", "Ahmed", "Abdullahi", "Hassan", "Farah", "Yusuf", "Abdikarim"),
    female=("Hodan", "Faadumo", "Sahra", "Ayaan", "Hawa", "Nimco", "Ubah", "Ifrah"),
    family=("Warsame", "Jama", "Dirie", "Abdi", "Elmi", "Nur", "Osman", "Aden"),
    religious_title="Sheikh",
)
_ETHIOPIAN = NamePool(
    male=("Dawit", "Tesfaye", "Abebe", "Mulugeta", "Yonas", "Henok", "Kedir", "Jemal"),
    female=("Selam", "Hiwot", "Meron", "Tigist", "Saba", "Rahel", "Zeyneb", "Mekdes"),
    family=("Wolde", "Tadesse", "Gebre", "Hailu", "Mohammed", "Alemu", "Kebede", "Abdella"),
    religious_title="Imam",
)
_ERITREAN = NamePool(
    male=("Yohannes", "Tesfalem", "Idris", "Saleh", "Filmon", "Mussie", "Ibrahim", "Amanuel"),
    female=("Senait", "Helen", "Amna", "Luwam", "Fiori", "Halima", "Yordanos", "Ruta"),
    family=("Tesfay", "Ghebremedhin", "Mahmud", "Kidane", "Habte", "Osman", "Berhane"),
    religious_title="Imam",
)
_EAST_AFRICAN = NamePool(
    male=("Brian", "Kevin", "Juma", "Hassan", "Omari", "Baraka", "Dennis", "Salim", "Joseph"),
    female=("Mercy", "Aisha", "Zawadi", "Grace", "Halima", "Neema", "Faith", "Mwanaisha"),
    family=("Otieno", "Mwangi", "Ochieng", "Mohamed", "Mwakilema", "Okello", "Nakato", "Salim"),
    religious_title="Sheikh",
)
_SUDANESE = NamePool(
    male=("Osman", "Elfadil", "Tarig", "Mutasim", "Hatim", "Abubakr", "Khalid", "Mustafa"),
    female=("Sara", "Nuha", "Hiba", "Rayan", "Amira", "Samah", "Tasneem", "Wala"),
    family=("Elamin", "Abdelrahim", "Elhassan", "Babiker", "Mohamed Nour", "Idris", "Yousif"),
    religious_title="Imam",
)
_SOUTH_SUDANESE = NamePool(
    male=("Deng", "Garang", "Lual", "Majok", "Kuol", "Akol", "Wani", "Ladu"),
    female=("Nyandeng", "Achol", "Ayen", "Adut", "Nyakuoth", "Abuk", "Poni", "Kiden"),
    family=("Deng", "Malual", "Chol", "Akech", "Lado", "Jok", "Mayen", "Lomoro"),
    religious_title="Pastor",
)
_UGANDAN = NamePool(
    male=("Ssemakula", "Musa", "Ronald", "Ibrahim", "Moses", "Hamid", "Isaac", "Yasin"),
    female=("Nakato", "Sarah", "Aisha", "Babirye", "Prossy", "Zaituni", "Harriet", "Shamim"),
    family=("Mugisha", "Kato", "Nsubuga", "Lubega", "Ssali", "Mukasa", "Kizza", "Wasswa"),
    religious_title="Sheikh",
)
_INDONESIAN = NamePool(
    male=("Agus", "Budi", "Rizky", "Fajar", "Hendra", "Arif", "Dedi", "Yusuf", "Irfan"),
    female=("Siti", "Dewi", "Nur", "Rina", "Fitri", "Ayu", "Lestari", "Wulan", "Indah"),
    family=("Pratama", "Hidayat", "Setiawan", "Nugroho", "Saputra", "Rahman", "Wibowo"),
    religious_title="Ustaz",
)
_MALAY = NamePool(
    male=("Ahmad", "Faizal", "Hafiz", "Syafiq", "Azlan", "Khairul", "Zulkifli", "Amirul"),
    female=("Nurul", "Siti", "Farah", "Aisyah", "Nadia", "Zarina", "Hidayah", "Liyana"),
    family=("bin Ismail", "bin Hassan", "binti Osman", "bin Rahim", "binti Yusof", "bin Salleh"),
    religious_title="Ustaz",
)
_PHILIPPINE = NamePool(
    male=("Jamal", "Rashid", "Farhan", "Nasser", "Michael", "Samsudin", "Alnor", "Jerome"),
    female=("Aida", "Norhaya", "Jamila", "Maria", "Sittie", "Johaira", "Rosalie", "Hasmin"),
    family=("Santos", "Usman", "Sarip", "Reyes", "Abdulla", "Tomas"),
    religious_title="Imam",
)
_THAI_SOUTH = NamePool(
    male=("Abdullah", "Ismail", "Sulaiman", "Somchai", "Muhammad", "Anuwat", "Hamdan"),
    female=("Rohana", "Fatimah", "Suriya", "Kamariah", "Nurhayati", "Pimchanok", "Salmah"),
    family=("Sama-ae", "Doloh", "Mama", "Yusoh", "Che-ma", "Latae", "Waemusa"),
    religious_title="Imam",
)
_SINGAPORE = NamePool(
    male=("Muhammad Firdaus", "Daniel", "Rizwan", "Haziq", "Wei Ming", "Suresh", "Irfan"),
    female=("Nur Aisyah", "Mei Ling", "Priya", "Hanisah", "Farhana", "Sharifah", "Rachel"),
    family=("Tan", "Abdul Rahman", "Lim", "Kumar", "Salleh", "Ng", "Ismail"),
    religious_title="Ustaz",
)

# Every country of DOMAIN.md: (name pool, towns, subregion).
COUNTRY_DATA: dict[str, tuple[NamePool, tuple[str, ...]]] = {
    "DZ": (_MAGHREB, ("Blida", "Sétif", "Batna", "Tlemcen", "Médéa")),
    "BF": (_SAHEL, ("Ouahigouya", "Kaya", "Dori", "Koudougou", "Fada N'Gourma")),
    "TD": (_CHAD, ("Abéché", "Mongo", "Bol", "Moundou", "Ati")),
    "LY": (_MAGHREB, ("Misrata", "Zawiya", "Sabha", "Derna", "Gharyan")),
    "ML": (_SAHEL, ("Mopti", "Ségou", "Sévaré", "Tombouctou", "Kayes")),
    "MR": (_MAURITANIA, ("Nouadhibou", "Kiffa", "Rosso", "Atar", "Néma")),
    "MA": (_MAGHREB, ("Salé", "Tétouan", "Meknès", "Oujda", "Fès")),
    "NE": (_SAHEL, ("Tillabéri", "Maradi", "Zinder", "Diffa", "Dosso")),
    "TN": (_MAGHREB, ("Sousse", "Kairouan", "Bizerte", "Kasserine", "Gafsa")),
    "DJ": (_SOMALI, ("Ali Sabieh", "Tadjourah", "Dikhil", "Obock", "Arta")),
    "ER": (_ERITREAN, ("Keren", "Mendefera", "Massawa", "Barentu", "Dekemhare")),
    "ET": (_ETHIOPIAN, ("Dire Dawa", "Jijiga", "Harar", "Dessie", "Adama")),
    "KE": (_EAST_AFRICAN, ("Mombasa", "Garissa", "Lamu", "Kwale", "Isiolo")),
    "SO": (_SOMALI, ("Baidoa", "Kismayo", "Beledweyne", "Galkayo", "Jowhar")),
    "SS": (_SOUTH_SUDANESE, ("Wau", "Yei", "Bor", "Torit", "Rumbek")),
    "SD": (_SUDANESE, ("Kassala", "Wad Madani", "Port Sudan", "El Obeid", "Atbara")),
    "UG": (_UGANDAN, ("Jinja", "Mbale", "Masaka", "Kasese", "Arua")),
    "TZ": (_EAST_AFRICAN, ("Tanga", "Morogoro", "Mtwara", "Pemba", "Kigoma")),
    "ID": (_INDONESIAN, ("Poso", "Lamongan", "Solo", "Bima", "Makassar")),
    "MY": (_MALAY, ("Kota Bharu", "Ipoh", "Johor Bahru", "Kuantan", "Alor Setar")),
    "PH": (_PHILIPPINE, ("Marawi", "Cotabato", "Jolo", "Zamboanga", "Iligan")),
    "SG": (_SINGAPORE, ("Tampines", "Woodlands", "Jurong West", "Bedok", "Geylang")),
    "TH": (_THAI_SOUTH, ("Pattani", "Yala", "Narathiwat", "Songkhla", "Hat Yai")),
}

# Where most workshop cases live (three per subregion); the others get a few each.
HUB_COUNTRIES: dict[Subregion, tuple[str, ...]] = {
    Subregion.SAHEL_MAGHREB: ("ML", "NE", "TN"),
    Subregion.GREATER_HORN: ("KE", "SO", "ET"),
    Subregion.SOUTHEAST_ASIA: ("ID", "PH", "MY"),
}
