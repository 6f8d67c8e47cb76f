//! What the assistant is told, in Indonesian: one system prompt for every
//! action, and one instruction per action built from the brief.
use super::{action::Action, action::Brief, wire::Message};

/// The system prompt of every request: the site's voice, Indonesian by
/// default, no invented facts, markdown without HTML.
pub const SYSTEM_PROMPT: &str = "Kamu adalah asisten penulis untuk Tiranyx, agensi digital di Indonesia. \
Tulis dalam bahasa Indonesia yang baik, hangat, dan mudah dipahami pemilik usaha kecil, kecuali diminta bahasa lain. \
Jangan mengarang fakta, angka, nama klien, atau kutipan; bila perlu data, tulis [lengkapi: …] agar admin mengisinya. \
Gunakan Markdown (subjudul ##, daftar, paragraf pendek) dan jangan pernah menulis HTML atau skrip. \
Jawab hanya dengan hasilnya, tanpa kata pengantar atau penutup dari kamu.";

/// The most tokens asked for, per action.
pub fn max_tokens(action: Action) -> u32 {
    match action {
        Action::Draft => 2000,
        Action::Rewrite | Action::Shorten => 1500,
        Action::Outline => 700,
        Action::Seo => 200,
        Action::Tags | Action::AltText | Action::Cover => 120,
    }
}

fn keywords(brief: &Brief) -> String {
    let k = brief.keywords.trim();
    if k.is_empty() {
        String::new()
    } else {
        format!(" Kata kunci: {k}.")
    }
}

fn kind(brief: &Brief) -> &str {
    match brief.kind.trim() {
        "" => "artikel",
        k => k,
    }
}

/// The user message for a text action (`existing_tags` for [`Action::Tags`]).
pub fn instruction(action: Action, brief: &Brief, existing_tags: &[String]) -> String {
    let title = brief.title.trim();
    let text = brief.text.trim();
    let kind = kind(brief);
    let kw = keywords(brief);
    match action {
        Action::Outline => format!(
            "Buat kerangka {kind} berjudul «{title}».{kw} Berikan 5–8 subjudul (##), \
             masing-masing dengan 2–3 poin singkat tentang isinya."
        ),
        Action::Draft => {
            let base = if text.is_empty() {
                String::new()
            } else {
                format!("\n\nIkuti kerangka atau catatan ini:\n{text}")
            };
            format!(
                "Tulis draf pertama {kind} berjudul «{title}».{kw} Panjang sekitar 600–900 kata: \
                 pembuka singkat, beberapa subjudul (##), dan penutup yang mengajak pembaca \
                 menghubungi Tiranyx.{base}"
            )
        }
        Action::Rewrite => format!(
            "Tulis ulang teks berikut agar lebih jelas dan enak dibaca tanpa mengubah maknanya. \
             Pertahankan format Markdown-nya.\n\nTeks:\n{text}"
        ),
        Action::Shorten => format!(
            "Persingkat teks berikut menjadi kira-kira separuh panjangnya tanpa membuang \
             informasi penting. Pertahankan format Markdown-nya.\n\nTeks:\n{text}"
        ),
        Action::Seo => format!(
            "Dari isi {kind} berikut, tulis judul SEO (paling banyak {} karakter) dan deskripsi \
             meta ({}–{} karakter) yang menarik di hasil pencarian Google. Jawab tepat dua baris:\n\
             JUDUL: …\nDESKRIPSI: …\n\nJudul sekarang: {title}\n\nIsi:\n{text}",
            super::suggest::SEO_TITLE_MAX,
            super::suggest::SEO_DESCRIPTION_MIN,
            super::suggest::SEO_DESCRIPTION_MAX,
        ),
        Action::Tags if existing_tags.is_empty() => format!(
            "Usulkan 3 sampai 5 tag singkat (huruf kecil) untuk {kind} berikut. Jawab dengan tag \
             dipisahkan koma, tanpa penjelasan.\n\nJudul: {title}\n\nIsi:\n{text}"
        ),
        Action::Tags => format!(
            "Pilih 3 sampai 5 tag yang paling cocok untuk {kind} berikut, hanya dari daftar ini: {}. \
             Jawab dengan tag dipisahkan koma, tanpa penjelasan.\n\nJudul: {title}\n\nIsi:\n{text}",
            existing_tags.join(", ")
        ),
        Action::AltText => format!(
            "Tulis teks alternatif (alt text) untuk gambar ini: satu kalimat, paling banyak {} \
             karakter, yang menjelaskan isi gambar bagi pengguna pembaca layar. Jangan diawali \
             \"Gambar\" atau \"Foto\". Konteks: gambar untuk {kind} berjudul «{title}».",
            super::suggest::ALT_TEXT_MAX
        ),
        Action::Cover => cover_prompt(brief),
    }
}

/// The image prompt of a cover: the topic, the site's look, no lettering
/// (generated text in images is unreadable).
pub fn cover_prompt(brief: &Brief) -> String {
    format!(
        "Ilustrasi sampul {} yang bersih dan modern tentang «{}».{} Gaya ilustrasi datar, \
         nuansa luar angkasa ungu dan biru tua, tanpa tulisan, tanpa logo.",
        kind(brief),
        brief.title.trim(),
        keywords(brief)
    )
}

/// The messages of a text action: the system prompt, then the instruction
/// (with the image as a `data:` URL for alt text).
pub fn messages(
    action: Action,
    brief: &Brief,
    existing_tags: &[String],
    image: Option<String>,
) -> Vec<Message> {
    let text = instruction(action, brief, existing_tags);
    let user = match image {
        Some(data_url) => Message::user_with_image(text, data_url),
        None => Message::user(text),
    };
    vec![Message::system(SYSTEM_PROMPT), user]
}
