//! The AI simulator's writing: deterministic Indonesian text made from
//! the instruction `domain::ai::prompts` wrote (the action is read from
//! its first words, the title from «…»), so the same request always gets
//! the same answer and tests can assert on it.

/// The answer to the last user message of a chat request.
pub fn answer(instruction: &str) -> String {
    let title = between(instruction, '«', '»').unwrap_or("topik ini");
    let text = instruction
        .split_once("Teks:\n")
        .or_else(|| instruction.split_once("Isi:\n"))
        .map_or("", |(_, t)| t.trim());
    let first = instruction.trim_start();
    if first.starts_with("Buat kerangka") {
        outline(title)
    } else if first.starts_with("Tulis draf pertama") {
        draft(title)
    } else if first.starts_with("Tulis ulang") {
        format!(
            "Dengan kata lain: {}",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    } else if first.starts_with("Persingkat") {
        let words: Vec<&str> = text.split_whitespace().collect();
        let half = words.len().div_ceil(2).max(1);
        format!(
            "{}.",
            words[..half.min(words.len())]
                .join(" ")
                .trim_end_matches('.')
        )
    } else if first.starts_with("Dari isi") {
        let title = instruction
            .split_once("Judul sekarang: ")
            .and_then(|(_, rest)| rest.lines().next())
            .unwrap_or("Artikel");
        format!(
            "JUDUL: {title} | Tiranyx\nDESKRIPSI: Pelajari {} bersama Tiranyx: panduan praktis untuk UMKM Indonesia, lengkap dengan langkah, contoh, dan tips yang bisa langsung dipakai hari ini.",
            title.to_lowercase()
        )
    } else if first.starts_with("Pilih") {
        let list = instruction
            .split_once("hanya dari daftar ini: ")
            .and_then(|(_, rest)| rest.split_once(". "))
            .map_or("", |(list, _)| list);
        list.split(", ").take(3).collect::<Vec<_>>().join(", ")
    } else if first.starts_with("Usulkan") {
        "umkm, pemasaran digital, website".to_owned()
    } else if first.starts_with("Tulis teks alternatif") {
        format!("Ilustrasi bernuansa ungu dan biru tua untuk tulisan «{title}».")
    } else {
        "Maaf, simulator tidak mengenali permintaan ini.".to_owned()
    }
}

fn between(s: &str, open: char, close: char) -> Option<&str> {
    let start = s.find(open)? + open.len_utf8();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

fn outline(title: &str) -> String {
    format!(
        "## Mengapa {title} penting\n\n- Masalah yang dihadapi pemilik usaha\n- Peluang yang sering terlewat\n\n\
         ## Langkah pertama\n\n- Tentukan tujuan yang terukur\n- Siapkan data awal [lengkapi: angka penjualan]\n\n\
         ## Kesalahan yang sering terjadi\n\n- Terburu-buru tanpa rencana\n- Tidak mengukur hasil\n\n\
         ## Penutup\n\n- Ringkasan manfaat\n- Ajakan berdiskusi dengan Tiranyx"
    )
}

fn draft(title: &str) -> String {
    format!(
        "Banyak pemilik usaha bertanya tentang {title}. Tulisan ini merangkum hal yang perlu kamu ketahui, \
         langkah demi langkah.\n\n## Mengapa ini penting\n\nPelanggan kini mencari informasi secara daring \
         sebelum membeli. Usaha yang hadir dengan jelas lebih mudah dipercaya.\n\n## Langkah yang bisa kamu \
         mulai hari ini\n\n1. Tentukan tujuan yang terukur.\n2. Kenali pelanggan utamamu.\n3. Ukur hasilnya \
         setiap bulan [lengkapi: angka target].\n\n## Penutup\n\nButuh bantuan menerapkannya? Hubungi tim \
         Tiranyx untuk konsultasi gratis."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_follow_the_instruction() {
        let a = answer("Buat kerangka artikel berjudul «SEO Lokal». Kata kunci: umkm.");
        assert!(a.starts_with("## Mengapa SEO Lokal penting"), "{a}");
        assert_eq!(
            a,
            answer("Buat kerangka artikel berjudul «SEO Lokal». Kata kunci: umkm.")
        );
        let t = answer("Pilih 3 sampai 5 tag yang paling cocok untuk artikel berikut, hanya dari daftar ini: seo, umkm, web, lain. Jawab …");
        assert_eq!(t, "seo, umkm, web");
        assert_eq!(
            answer("Persingkat teks berikut …\n\nTeks:\nsatu dua tiga empat"),
            "satu dua."
        );
    }
}
