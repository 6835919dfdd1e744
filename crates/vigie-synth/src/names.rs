//! Name pools for the hidden victim population: first names (female, male) and last names per nationality,
//! with the accents and diacritics that real records keep or lose. All names are common given names and
//! surnames; combinations are random and refer to no real person.

/// Female first names, male first names and last names of one nationality.
pub(crate) struct Pool {
    pub country: &'static str,
    /// Relative frequency of the nationality among victims.
    pub weight: f64,
    pub female: &'static [&'static str],
    pub male: &'static [&'static str],
    pub last: &'static [&'static str],
    /// Weights of the forms of exploitation, in the order of [`crate::victims::FORMS`].
    pub forms: [f64; 5],
}

pub(crate) const POOLS: [Pool; 11] = [
    Pool {
        country: "NG",
        weight: 0.16,
        female: &[
            "Blessing",
            "Joy",
            "Precious",
            "Favour",
            "Chioma",
            "Ngozi",
            "Adaeze",
            "Funmilayo",
            "Esther",
            "Gift",
            "Osas",
            "Mercy",
        ],
        male: &[
            "Chinedu",
            "Emeka",
            "Oluwaseun",
            "Tunde",
            "Ifeanyi",
            "Osaro",
            "Uche",
            "Segun",
        ],
        last: &[
            "Okafor",
            "Adeyemi",
            "Eze",
            "Okonkwo",
            "Obi",
            "Nwosu",
            "Ogunleye",
            "Osagie",
            "Igbinosa",
            "Omoregie",
            "Edosomwan",
            "Uwaifo",
        ],
        forms: [0.85, 0.03, 0.04, 0.03, 0.05],
    },
    Pool {
        country: "RO",
        weight: 0.15,
        female: &[
            "Ioana",
            "Mădălina",
            "Alexandra",
            "Elena",
            "Andreea",
            "Florentina",
            "Roxana",
            "Loredana",
            "Ștefania",
        ],
        male: &[
            "Ștefan", "Ionuț", "Mihai", "Andrei", "Florin", "Costel", "Marian", "Gheorghe",
        ],
        last: &[
            "Popescu",
            "Dumitrescu",
            "Rădulescu",
            "Stănescu",
            "Constantin",
            "Dobre",
            "Munteanu",
            "Lăcătuș",
            "Moldovan",
            "Țurcanu",
            "Căldăraru",
        ],
        forms: [0.35, 0.20, 0.20, 0.20, 0.05],
    },
    Pool {
        country: "BG",
        weight: 0.07,
        female: &["Maria", "Ivanka", "Desislava", "Gergana", "Radka", "Snezhana"],
        male: &["Georgi", "Ivan", "Dimitar", "Nikolay", "Stoyan", "Petar"],
        last: &[
            "Georgiev",
            "Ivanov",
            "Dimitrov",
            "Petrov",
            "Stoyanov",
            "Kostadinov",
            "Angelov",
            "Yordanov",
        ],
        forms: [0.40, 0.30, 0.10, 0.15, 0.05],
    },
    Pool {
        country: "AL",
        weight: 0.06,
        female: &[
            "Elira", "Anisa", "Blerina", "Eriola", "Jonida", "Fatjona", "Ornela",
        ],
        male: &["Ardit", "Besnik", "Gentian", "Erion", "Dritan", "Klodian"],
        last: &[
            "Hoxha", "Çela", "Shehu", "Dervishi", "Kola", "Marku", "Gjoka", "Lleshi",
        ],
        forms: [0.55, 0.10, 0.30, 0.0, 0.05],
    },
    Pool {
        country: "VN",
        weight: 0.07,
        female: &["Thị Lan", "Thị Hương", "Ngọc Anh", "Thu Trang", "Thị Mai"],
        male: &["Văn Minh", "Đức Anh", "Quang Huy", "Thành Long", "Văn Nam"],
        last: &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"],
        forms: [0.10, 0.50, 0.35, 0.0, 0.05],
    },
    Pool {
        country: "CN",
        weight: 0.06,
        female: &["Xiu Ying", "Li Na", "Mei", "Fang", "Yan", "Jing"],
        male: &["Wei", "Jun", "Hao", "Lei", "Qiang", "Jian"],
        last: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu",
        ],
        forms: [0.50, 0.35, 0.0, 0.0, 0.15],
    },
    Pool {
        country: "MA",
        weight: 0.08,
        female: &["Fatima Zahra", "Khadija", "Salma", "Imane", "Houda", "Nadia"],
        male: &[
            "Youssef", "Mohamed", "Amine", "Hamza", "Anas", "Ayoub", "Mehdi", "Ilyas",
        ],
        last: &[
            "El Amrani",
            "Benali",
            "Bennani",
            "El Idrissi",
            "Alaoui",
            "Tazi",
            "Chraïbi",
            "Ouahbi",
            "Berrada",
        ],
        forms: [0.15, 0.25, 0.50, 0.05, 0.05],
    },
    Pool {
        country: "BR",
        weight: 0.05,
        female: &[
            "Ana Luíza",
            "Fernanda",
            "Juliana",
            "Camila",
            "Letícia",
            "Patrícia",
        ],
        male: &["João", "Thiago", "Luiz", "Rafael", "Gabriel"],
        last: &[
            "Silva",
            "Santos",
            "Oliveira",
            "Souza",
            "Gonçalves",
            "Araújo",
            "Ribeiro",
            "Conceição",
        ],
        forms: [0.70, 0.10, 0.05, 0.0, 0.15],
    },
    Pool {
        country: "UA",
        weight: 0.05,
        female: &["Olena", "Iryna", "Nataliya", "Oksana", "Tetiana", "Yuliya"],
        male: &["Oleksandr", "Dmytro", "Andriy", "Serhiy", "Mykola", "Yuriy"],
        last: &[
            "Kovalenko",
            "Shevchenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
            "Boyko",
            "Lysenko",
        ],
        forms: [0.30, 0.55, 0.05, 0.0, 0.10],
    },
    Pool {
        country: "FR",
        weight: 0.17,
        female: &[
            "Léa", "Chloé", "Manon", "Inès", "Océane", "Émilie", "Lucie", "Maëlys",
        ],
        male: &[
            "Kévin", "Jérôme", "Lucas", "Théo", "Mathis", "Enzo", "Rayan", "Noah",
        ],
        last: &[
            "Martin",
            "Dubois",
            "Lefèvre",
            "Moreau",
            "Girard",
            "Rousseau",
            "Fournier",
            "Mercier",
            "Boyer",
            "Lemaître",
            "Bénard",
            "Chevalier",
        ],
        forms: [0.65, 0.05, 0.25, 0.0, 0.05],
    },
    Pool {
        country: "PY",
        weight: 0.04,
        female: &["María José", "Rocío", "Liz", "Fátima", "Mirna", "Gladys"],
        male: &["José", "Juan Carlos", "Rodrigo", "Osvaldo", "Nelson"],
        last: &[
            "González",
            "Benítez",
            "Giménez",
            "Ramírez",
            "Ortiz",
            "Martínez",
            "Báez",
            "Cáceres",
            "Villalba",
        ],
        forms: [0.30, 0.10, 0.0, 0.0, 0.60],
    },
];

/// Accented letters and their plain form, as a record system without accents would write them.
const PLAIN: &[(char, &str)] = &[
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('ă', "a"),
    ('ạ', "a"),
    ('ầ', "a"),
    ('ặ', "a"),
    ('ç', "c"),
    ('Ç', "C"),
    ('é', "e"),
    ('è', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ễ', "e"),
    ('É', "E"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ị', "i"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ọ', "o"),
    ('ơ', "o"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ũ', "u"),
    ('ư', "u"),
    ('ứ', "u"),
    ('ñ', "n"),
    ('ș', "s"),
    ('ş', "s"),
    ('Ș', "S"),
    ('ț', "t"),
    ('ţ', "t"),
    ('Ț', "T"),
    ('đ', "d"),
    ('Đ', "D"),
];

/// The name without accents or diacritics.
pub(crate) fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match PLAIN.iter().find(|(a, _)| *a == c) {
            Some((_, plain)) => out.push_str(plain),
            None => out.push(c),
        }
    }
    out
}

/// The feminine form of a last name where the language has one (Bulgarian `-ov`/`-ev` → `-ova`/`-eva`).
pub(crate) fn feminine(country: &str, last: &str) -> String {
    if country == "BG" && last.ends_with('v') {
        format!("{last}a")
    } else {
        last.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_plain_form() {
        for p in &POOLS {
            for n in p.female.iter().chain(p.male).chain(p.last) {
                let plain = strip_accents(n);
                assert!(plain.is_ascii(), "{n} -> {plain}");
            }
            assert!((p.forms.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{}", p.country);
        }
        assert_eq!(strip_accents("Ștefan Lăcătuș"), "Stefan Lacatus");
        assert_eq!(strip_accents("Nguyễn Đức"), "Nguyen Duc");
        assert_eq!(feminine("BG", "Ivanov"), "Ivanova");
    }
}
