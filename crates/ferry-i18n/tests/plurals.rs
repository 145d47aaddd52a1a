//! Plurals are Fluent's, by each language's rules: "1 fichier, 2 fichiers";
//! Korean counts without a plural ("파일 1개"); numbers inside messages as
//! each language writes them.

use ferry_i18n::{Locale, tr};

fn form_of(locale: Locale, count: usize) -> String {
    ferry_i18n::isolate_this_thread(locale);
    tr!("cli-form-of", count = count, files = "a.jpg")
}

#[test]
fn each_language_counts_by_its_own_rules() {
    assert_eq!(form_of(Locale::English, 1), "a form of 1 file (a.jpg)");
    assert_eq!(form_of(Locale::English, 2), "a form of 2 files (a.jpg)");
    assert_eq!(
        form_of(Locale::French, 1),
        "un formulaire de 1 fichier (a.jpg)"
    );
    assert_eq!(
        form_of(Locale::French, 2),
        "un formulaire de 2 fichiers (a.jpg)"
    );
    // French takes 0 and 1 as singular, English only 1.
    assert_eq!(
        form_of(Locale::French, 0),
        "un formulaire de 0 fichier (a.jpg)"
    );
    assert_eq!(form_of(Locale::English, 0), "a form of 0 files (a.jpg)");
    assert_eq!(form_of(Locale::Korean, 1), "파일 1개의 양식 (a.jpg)");
    assert_eq!(form_of(Locale::Korean, 3), "파일 3개의 양식 (a.jpg)");
}

#[test]
fn the_language_chosen_is_spoken_until_another_is() {
    ferry_i18n::isolate_this_thread(Locale::French);
    assert_eq!(tr!("status-paused"), "en pause");
    ferry_i18n::select(Locale::Korean);
    assert_eq!(tr!("status-paused"), "일시 정지됨");
    assert_eq!(ferry_i18n::current(), Locale::Korean);
}

#[test]
fn machine_words_stay_english_inside_english() {
    ferry_i18n::isolate_this_thread(Locale::French);
    assert_eq!(tr!("status-completed"), "terminé");
    assert_eq!(ferry_i18n::english(|| tr!("status-completed")), "completed");
    assert_eq!(tr!("status-completed"), "terminé");
}

#[test]
fn the_pseudo_locale_brackets_and_accents_messages_but_not_their_data() {
    ferry_i18n::isolate_this_thread(Locale::English);
    ferry_i18n::select_pseudo();
    let words = tr!("cli-saved", path = "/tmp/report.pdf");
    assert!(words.starts_with("[såvëd /tmp/report.pdf"), "{words}");
    assert!(words.ends_with("·]"), "{words}");
}
