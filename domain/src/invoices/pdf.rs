//! One invoice as a one-page A4 PDF.
//!
//! The objects (catalog, page, fonts, cross-reference table) are written with
//! `pdf-writer`; the page's drawing operators are written here, so that text
//! is shown as literal strings (see [`Canvas`]). Text is set in DejaVu Sans
//! and DejaVu Sans Bold, embedded whole as simple TrueType fonts with
//! WinAnsiEncoding: every byte of a string is one glyph, and `Widths` gives
//! the advance of each code from 32 to 255, read from the font with
//! `ttf-parser`. The same advances measure text for the layout, so a line
//! that is measured to fit does fit. Characters WinAnsiEncoding cannot carry
//! (CJK, emoji …) are shown as `?`.
//!
//! The output depends only on the [`InvoiceDocument`]: no current time, and
//! the file ID is a digest of the page, so the same invoice is the same file.
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};
use money::Amount;
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, TextStr};
use sha2::{Digest, Sha256};

use crate::jakarta;

/// Who sells: from the site settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seller {
    pub name: String,
    /// May hold line breaks; at most three lines are shown.
    pub address: String,
    pub email: String,
    pub whatsapp: String,
}

/// Everything an invoice shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDocument {
    /// "INV/2026/000123".
    pub number: String,
    pub order_code: String,
    pub seller: Seller,
    pub buyer_name: String,
    pub buyer_email: String,
    pub item_name: String,
    pub amount: Amount,
    /// "Midtrans" or "PayPal".
    pub payment_method: String,
    pub ordered_at: DateTime<Utc>,
    pub paid_at: DateTime<Utc>,
}

// --- Page geometry (PDF points, origin bottom left) ----------------------

/// A4.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = PAGE_W - MARGIN;
const CONTENT_W: f32 = RIGHT - LEFT;
/// Width of each of the two columns of facts.
const COLUMN_W: f32 = (CONTENT_W - 28.0) / 2.0;
/// Where the right column of facts starts.
const RIGHT_COLUMN: f32 = RIGHT - COLUMN_W;
/// Room kept for the amount in the item table.
const AMOUNT_W: f32 = 150.0;
/// Inner padding of the item table's cells.
const CELL_PAD: f32 = 10.0;
/// The width an item description may take (the rest is the amount column).
const DESCRIPTION_W: f32 = CONTENT_W - 2.0 * CELL_PAD - AMOUNT_W;

type Rgb = (f32, f32, f32);
const INK: Rgb = (0.10, 0.12, 0.17);
const MUTED: Rgb = (0.42, 0.45, 0.52);
const BRAND: Rgb = (0.20, 0.22, 0.55);
const RULE: Rgb = (0.85, 0.87, 0.91);
const SHADE: Rgb = (0.95, 0.96, 0.98);
const PAID: Rgb = (0.05, 0.55, 0.30);

// --- Fonts -----------------------------------------------------------------

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two faces the invoice uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The name in the page's resources.
    fn resource(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    fn metrics(self) -> &'static Metrics {
        match self {
            Font::Regular => &REGULAR,
            Font::Bold => &BOLD,
        }
    }
}

static REGULAR: LazyLock<Metrics> =
    LazyLock::new(|| Metrics::read(REGULAR_TTF, "DejaVuSans", false));
static BOLD: LazyLock<Metrics> = LazyLock::new(|| Metrics::read(BOLD_TTF, "DejaVuSans-Bold", true));

/// What the PDF needs to know about an embedded font, in glyph space
/// (1000 units per em), and the font file itself, deflated once.
struct Metrics {
    postscript_name: &'static str,
    /// Advance of each code 32..=255 under WinAnsiEncoding.
    widths: [f32; 224],
    ascent: f32,
    descent: f32,
    cap_height: f32,
    bbox: [f32; 4],
    italic_angle: f32,
    weight: u16,
    /// The TTF, zlib-compressed: it is most of the file's size.
    deflated: Vec<u8>,
}

impl Metrics {
    fn read(ttf: &'static [u8], postscript_name: &'static str, bold: bool) -> Metrics {
        let deflated = miniz_oxide::deflate::compress_to_vec_zlib(ttf, 6);
        let Ok(face) = ttf_parser::Face::parse(ttf, 0) else {
            // Only if the file in the binary is broken (a unit test reads
            // both): keep rendering with a typical sans-serif advance
            // rather than fail an invoice.
            tracing::error!(font = postscript_name, "embedded font unreadable");
            return Metrics {
                postscript_name,
                widths: [if bold { 640.0 } else { 580.0 }; 224],
                ascent: 930.0,
                descent: -240.0,
                cap_height: 730.0,
                bbox: [-1000.0, -400.0, 2000.0, 1000.0],
                italic_angle: 0.0,
                weight: if bold { 700 } else { 400 },
                deflated,
            };
        };
        let scale = 1000.0 / f32::from(face.units_per_em().max(1));
        let mut widths = [0.0; 224];
        for (code, width) in (32u8..=255).zip(widths.iter_mut()) {
            let advance = win_ansi_char(code)
                .and_then(|c| face.glyph_index(c))
                .and_then(|g| face.glyph_hor_advance(g));
            *width = advance.map_or(0.0, |a| (f32::from(a) * scale).round());
        }
        let b = face.global_bounding_box();
        Metrics {
            postscript_name,
            widths,
            ascent: (f32::from(face.ascender()) * scale).round(),
            descent: (f32::from(face.descender()) * scale).round(),
            cap_height: (f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
                .round(),
            bbox: [
                (f32::from(b.x_min) * scale).round(),
                (f32::from(b.y_min) * scale).round(),
                (f32::from(b.x_max) * scale).round(),
                (f32::from(b.y_max) * scale).round(),
            ],
            italic_angle: face.italic_angle(),
            weight: face.weight().to_number(),
            deflated,
        }
    }

    fn width_of_code(&self, code: u8) -> f32 {
        code.checked_sub(32)
            .and_then(|i| self.widths.get(usize::from(i)))
            .copied()
            .unwrap_or(0.0)
    }
}

// --- WinAnsiEncoding ---------------------------------------------------------

/// Codes 0x80..=0x9F of WinAnsiEncoding (PDF 32000-1, annex D); `None` is
/// unassigned. 0xA0..=0xFF are Latin-1.
const WIN_ANSI_80: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// The character a WinAnsiEncoding code shows.
fn win_ansi_char(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(char::from(code)),
        0x80..=0x9F => WIN_ANSI_80[usize::from(code - 0x80)],
        _ => None,
    }
}

/// The WinAnsiEncoding code of `c`, if it has one.
fn win_ansi_code(c: char) -> Option<u8> {
    match u32::from(c) {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => (0x80u8..=0x9F).find(|&code| win_ansi_char(code) == Some(c)),
    }
}

/// `text` as the bytes the fonts show: white space becomes a space, and
/// what WinAnsiEncoding cannot carry becomes `?` (one per character).
fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            if c.is_whitespace() {
                b' '
            } else {
                win_ansi_code(c).unwrap_or(b'?')
            }
        })
        .collect()
}

/// The text a shown byte string stands for.
fn decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| win_ansi_char(b).unwrap_or('?'))
        .collect()
}

/// How wide `text` is, in points, set in `font` at `size`: the sum of the
/// advances the PDF's `Widths` give its glyphs (no kerning is applied, in
/// the PDF or here).
fn text_width(text: &str, font: Font, size: f32) -> f32 {
    let metrics = font.metrics();
    let units: f32 = encode(text)
        .into_iter()
        .map(|b| metrics.width_of_code(b))
        .sum();
    units * size / 1000.0
}

// --- Fitting text ------------------------------------------------------------

const ELLIPSIS: char = '\u{2026}';

/// `text` on one line no wider than `max`: whole if it fits, otherwise cut
/// and ended with "…".
fn fit(text: &str, font: Font, size: f32, max: f32) -> String {
    let text = one_line(text);
    if text_width(&text, font, size) <= max {
        return text;
    }
    let mut cut: String = text;
    while !cut.is_empty() {
        cut.pop();
        let trimmed = cut.trim_end();
        let candidate = format!("{trimmed}{ELLIPSIS}");
        if text_width(&candidate, font, size) <= max {
            return candidate;
        }
    }
    String::new()
}

/// White space runs (line breaks too) as single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` broken into at most `max_lines` lines no wider than `max`, at
/// spaces where it can, inside a word too long for a line; the last line
/// ends with "…" if text was left over.
fn wrap(text: &str, font: Font, size: f32, max: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&joined, font, size) <= max {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word starts a line; break it where it does not fit.
        for c in word.chars() {
            line.push(c);
            if text_width(&line, font, size) > max {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        let keep = max_lines.max(1);
        let rest = lines.split_off(keep - 1).join(" ");
        // What is left is wider than one line (the wrap was greedy), so
        // `fit` cuts it and adds the ellipsis.
        lines.push(fit(&rest, font, size, max));
    }
    lines
}

// --- The page's content stream ------------------------------------------------

/// Writes the page's drawing operators. Text goes in as literal strings,
/// `(…)`, with `\(`, `\)`, `\\` and octal escapes for bytes outside
/// printable ASCII (pdf-writer would write those as hex strings), so the
/// shown text can be read in the raw file.
struct Canvas {
    ops: Vec<u8>,
    /// Inside `q … cm … Q` (the stamp): coordinates are not the page's.
    transformed: bool,
    /// Each text drawn in page coordinates: the text, where it starts and
    /// ends. Tests check it stays between the margins.
    placed: Vec<(String, f32, f32)>,
}

/// A number as a PDF operand: at most two decimals, no trailing zeros.
fn num(value: f32) -> String {
    let s = format!("{value:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            ops: Vec::new(),
            transformed: false,
            placed: Vec::new(),
        }
    }

    fn op(&mut self, operands: &[f32], operator: &str) {
        for v in operands {
            self.ops.extend_from_slice(num(*v).as_bytes());
            self.ops.push(b' ');
        }
        self.ops.extend_from_slice(operator.as_bytes());
        self.ops.push(b'\n');
    }

    fn fill_color(&mut self, (r, g, b): Rgb) {
        self.op(&[r, g, b], "rg");
    }

    fn stroke_color(&mut self, (r, g, b): Rgb) {
        self.op(&[r, g, b], "RG");
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.fill_color(color);
        self.op(&[x, y, w, h], "re");
        self.op(&[], "f");
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb) {
        self.stroke_color(color);
        self.op(&[width], "w");
        self.op(&[from.0, from.1], "m");
        self.op(&[to.0, to.1], "l");
        self.op(&[], "S");
    }

    /// `text` with its baseline starting at (`x`, `y`). The caller has
    /// fitted it.
    fn text(&mut self, font: Font, size: f32, color: Rgb, x: f32, y: f32, text: &str) {
        if !self.transformed {
            let right = x + text_width(text, font, size);
            self.placed.push((text.to_owned(), x, right));
        }
        self.fill_color(color);
        self.op(&[], "BT");
        self.ops.push(b'/');
        self.ops.extend_from_slice(font.resource());
        self.ops.push(b' ');
        self.op(&[size], "Tf");
        self.op(&[x, y], "Td");
        self.literal(&encode(text));
        self.ops.extend_from_slice(b" Tj\n");
        self.op(&[], "ET");
    }

    /// `text` ending at `right`.
    fn text_right(&mut self, font: Font, size: f32, color: Rgb, right: f32, y: f32, text: &str) {
        let x = right - text_width(text, font, size);
        self.text(font, size, color, x, y, text);
    }

    /// `text` centred on `centre`.
    fn text_centred(&mut self, font: Font, size: f32, color: Rgb, centre: f32, y: f32, text: &str) {
        let x = centre - text_width(text, font, size) / 2.0;
        self.text(font, size, color, x, y, text);
    }

    fn literal(&mut self, bytes: &[u8]) {
        self.ops.push(b'(');
        for &b in bytes {
            match b {
                b'(' | b')' | b'\\' => {
                    self.ops.push(b'\\');
                    self.ops.push(b);
                }
                0x20..=0x7E => self.ops.push(b),
                _ => self.ops.extend_from_slice(format!("\\{b:03o}").as_bytes()),
            }
        }
        self.ops.push(b')');
    }
}

// --- Layout --------------------------------------------------------------------

/// The page's content stream.
fn draw(doc: &InvoiceDocument) -> Vec<u8> {
    layout(doc).ops
}

fn layout(doc: &InvoiceDocument) -> Canvas {
    let mut c = Canvas::new();
    let top = PAGE_H - MARGIN;

    // Seller, top left; the heading, top right.
    let heading = "FAKTUR";
    let heading_size = 24.0;
    let heading_w = text_width(heading, Font::Bold, heading_size);
    let seller_w = CONTENT_W - heading_w - 40.0;
    let mut y = top - 12.0;
    c.text(
        Font::Bold,
        15.0,
        INK,
        LEFT,
        y,
        &fit(&doc.seller.name, Font::Bold, 15.0, seller_w),
    );
    c.text_right(Font::Bold, heading_size, BRAND, RIGHT, y - 5.0, heading);
    c.text_right(
        Font::Regular,
        9.5,
        MUTED,
        RIGHT,
        y - 22.0,
        &fit(&doc.number, Font::Regular, 9.5, heading_w + 30.0),
    );
    y -= 17.0;
    let mut address = Vec::new();
    for paragraph in doc.seller.address.lines() {
        if !paragraph.trim().is_empty() {
            address.extend(wrap(paragraph, Font::Regular, 9.0, seller_w, 3));
        }
    }
    if address.len() > 3 {
        let rest = address.split_off(2).join(" ");
        address.push(fit(&rest, Font::Regular, 9.0, seller_w));
    }
    let contact = [
        doc.seller.email.trim().to_owned(),
        if doc.seller.whatsapp.trim().is_empty() {
            String::new()
        } else {
            format!("WhatsApp {}", doc.seller.whatsapp.trim())
        },
    ];
    for line in address.iter().chain(contact.iter()) {
        if line.is_empty() {
            continue;
        }
        c.text(
            Font::Regular,
            9.0,
            MUTED,
            LEFT,
            y,
            &fit(line, Font::Regular, 9.0, seller_w),
        );
        y -= 12.5;
    }
    y = y.min(top - 52.0) - 6.0;
    c.line((LEFT, y), (RIGHT, y), 1.5, BRAND);

    // Two columns of facts: the buyer and the payment on the left, the
    // numbers and dates on the right.
    let facts_top = y - 28.0;
    let mut left_y = facts_top;
    c.text(Font::Bold, 8.0, MUTED, LEFT, left_y, "Ditagihkan kepada");
    left_y -= 17.0;
    for line in wrap(&doc.buyer_name, Font::Bold, 11.5, COLUMN_W, 2) {
        c.text(Font::Bold, 11.5, INK, LEFT, left_y, &line);
        left_y -= 15.0;
    }
    c.text(
        Font::Regular,
        9.5,
        INK,
        LEFT,
        left_y,
        &fit(&doc.buyer_email, Font::Regular, 9.5, COLUMN_W),
    );
    left_y -= 26.0;
    c.text(Font::Bold, 8.0, MUTED, LEFT, left_y, "Metode pembayaran");
    left_y -= 16.0;
    c.text(
        Font::Regular,
        10.0,
        INK,
        LEFT,
        left_y,
        &fit(&doc.payment_method, Font::Regular, 10.0, COLUMN_W),
    );

    let facts = [
        ("Nomor faktur", doc.number.clone()),
        ("Kode pesanan", doc.order_code.clone()),
        ("Tanggal pesanan", jakarta::waktu(doc.ordered_at)),
        ("Tanggal bayar", jakarta::waktu(doc.paid_at)),
    ];
    let mut right_y = facts_top;
    for (label, value) in &facts {
        c.text(Font::Regular, 9.0, MUTED, RIGHT_COLUMN, right_y, label);
        let label_w = text_width(label, Font::Regular, 9.0);
        let value = fit(value, Font::Regular, 9.5, COLUMN_W - label_w - 12.0);
        c.text_right(Font::Regular, 9.5, INK, RIGHT, right_y, &value);
        right_y -= 8.0;
        c.line((RIGHT_COLUMN, right_y), (RIGHT, right_y), 0.5, RULE);
        right_y -= 13.0;
    }

    // The item table: one row.
    let mut y = left_y.min(right_y) - 34.0;
    let header_h = 22.0;
    c.fill_rect(LEFT, y - header_h, CONTENT_W, header_h, SHADE);
    c.text(
        Font::Bold,
        8.5,
        MUTED,
        LEFT + CELL_PAD,
        y - 14.5,
        "Deskripsi",
    );
    c.text_right(Font::Bold, 8.5, MUTED, RIGHT - CELL_PAD, y - 14.5, "Jumlah");
    y -= header_h + 20.0;
    let amount = doc.amount.display();
    c.text_right(
        Font::Regular,
        10.5,
        INK,
        RIGHT - CELL_PAD,
        y,
        &fit(&amount, Font::Regular, 10.5, AMOUNT_W - CELL_PAD),
    );
    for line in wrap(&doc.item_name, Font::Regular, 10.5, DESCRIPTION_W, 3) {
        c.text(Font::Regular, 10.5, INK, LEFT + CELL_PAD, y, &line);
        y -= 14.5;
    }
    y -= 6.0;
    c.line((LEFT, y), (RIGHT, y), 0.75, RULE);

    // The total, right aligned, and the paid stamp on the left.
    let box_w = 230.0;
    let box_h = 40.0;
    let box_top = y - 16.0;
    c.fill_rect(RIGHT - box_w, box_top - box_h, box_w, box_h, SHADE);
    c.fill_rect(RIGHT - box_w, box_top - box_h, 3.0, box_h, BRAND);
    let total_base = box_top - 25.0;
    c.text(
        Font::Bold,
        10.5,
        INK,
        RIGHT - box_w + 16.0,
        total_base,
        "Total",
    );
    c.text_right(
        Font::Bold,
        15.0,
        INK,
        RIGHT - CELL_PAD,
        total_base,
        &fit(&amount, Font::Bold, 15.0, box_w - 80.0),
    );
    c.text_right(
        Font::Regular,
        8.0,
        MUTED,
        RIGHT - CELL_PAD,
        box_top - box_h - 14.0,
        &fit(
            &format!(
                "Dibayar penuh dalam {} melalui {}",
                doc.amount.currency(),
                one_line(&doc.payment_method)
            ),
            Font::Regular,
            8.0,
            box_w,
        ),
    );
    stamp(
        &mut c,
        LEFT + 84.0,
        box_top - box_h / 2.0 - 6.0,
        doc.paid_at,
    );

    // Footer.
    let footer_y = MARGIN + 22.0;
    c.line((LEFT, footer_y + 14.0), (RIGHT, footer_y + 14.0), 0.5, RULE);
    c.text(
        Font::Regular,
        8.0,
        MUTED,
        LEFT,
        footer_y,
        "Faktur ini dibuat secara elektronik dan sah tanpa tanda tangan. Terima kasih atas pembelian Anda.",
    );
    let mut questions = String::from("Pertanyaan tentang faktur ini: ");
    questions.push_str(doc.seller.email.trim());
    if !doc.seller.whatsapp.trim().is_empty() {
        questions.push_str(" \u{00B7} WhatsApp ");
        questions.push_str(doc.seller.whatsapp.trim());
    }
    c.text(
        Font::Regular,
        8.0,
        MUTED,
        LEFT,
        footer_y - 12.0,
        &fit(&questions, Font::Regular, 8.0, CONTENT_W),
    );
    c
}

/// The "LUNAS" (paid) stamp, centred on (`cx`, `cy`), turned a little.
fn stamp(c: &mut Canvas, cx: f32, cy: f32, paid_at: DateTime<Utc>) {
    let (w, h) = (150.0, 52.0);
    let angle = 8.0f32.to_radians();
    let (sin, cos) = angle.sin_cos();
    c.op(&[], "q");
    c.op(&[cos, sin, -sin, cos, cx, cy], "cm");
    c.transformed = true;
    c.stroke_color(PAID);
    c.op(&[2.0], "w");
    c.op(&[-w / 2.0, -h / 2.0, w, h], "re");
    c.op(&[], "S");
    c.op(&[0.6], "w");
    c.op(&[-w / 2.0 + 4.0, -h / 2.0 + 4.0, w - 8.0, h - 8.0], "re");
    c.op(&[], "S");
    c.text_centred(Font::Bold, 22.0, PAID, 0.0, -3.0, "LUNAS");
    c.text_centred(
        Font::Bold,
        6.5,
        PAID,
        0.0,
        -15.5,
        &jakarta::tanggal(paid_at).to_uppercase(),
    );
    c.op(&[], "Q");
    c.transformed = false;
}

// --- The file --------------------------------------------------------------------

/// The invoice as a PDF file.
///
/// Cannot fail, and depends only on `doc`: the same invoice gives the same
/// bytes.
pub fn render(doc: &InvoiceDocument) -> Vec<u8> {
    let catalog_id = Ref::new(1);
    let pages_id = Ref::new(2);
    let page_id = Ref::new(3);
    let content_id = Ref::new(4);
    let info_id = Ref::new(5);
    let fonts = [(Font::Regular, 10), (Font::Bold, 20)];

    let content = draw(doc);
    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(pages_id);
    pdf.pages(pages_id).kids([page_id]).count(1);
    {
        let mut page = pdf.page(page_id);
        page.parent(pages_id)
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .contents(content_id);
        let mut resources = page.resources();
        let mut font_names = resources.fonts();
        for (font, id) in fonts {
            font_names.pair(Name(font.resource()), Ref::new(id));
        }
    }
    // The content stream stays uncompressed: it is a few kilobytes, and
    // plain text lets tests (here, the server's, the browser's) read what
    // the invoice says straight from the file.
    pdf.stream(content_id, &content);

    for (font, id) in fonts {
        embed_font(&mut pdf, font, id);
    }

    let title = format!("Faktur {}", doc.number);
    let paid = doc.paid_at;
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&title))
        .author(TextStr(&doc.seller.name))
        .producer(TextStr("Tiranyx"))
        .creation_date(pdf_date(paid));
    info.finish();

    // The file ID is a digest of what the page shows, not a random number
    // or the time, so rendering is repeatable.
    let digest = Sha256::digest(&content);
    let id = digest.get(..16).unwrap_or(&digest[..]).to_vec();
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// The font dictionary (`id`), its descriptor (`id + 1`) and the embedded
/// TrueType file (`id + 2`).
fn embed_font(pdf: &mut Pdf, font: Font, id: i32) {
    let metrics = font.metrics();
    let font_id = Ref::new(id);
    let descriptor_id = Ref::new(id + 1);
    let file_id = Ref::new(id + 2);
    let base_font = Name(metrics.postscript_name.as_bytes());
    {
        // pdf-writer has no TrueType font writer: the dictionary by hand.
        let mut dict = pdf.indirect(font_id).dict();
        dict.pair(Name(b"Type"), Name(b"Font"));
        dict.pair(Name(b"Subtype"), Name(b"TrueType"));
        dict.pair(Name(b"BaseFont"), base_font);
        dict.pair(Name(b"FirstChar"), 32);
        dict.pair(Name(b"LastChar"), 255);
        dict.insert(Name(b"Widths"))
            .array()
            .items(metrics.widths.iter().copied());
        dict.pair(Name(b"FontDescriptor"), descriptor_id);
        dict.pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"));
    }
    let [x0, y0, x1, y1] = metrics.bbox;
    pdf.font_descriptor(descriptor_id)
        .name(base_font)
        .flags(pdf_writer::types::FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(metrics.italic_angle)
        .ascent(metrics.ascent)
        .descent(metrics.descent)
        .cap_height(metrics.cap_height)
        // The usual estimate from the weight class (TrueType has no stem
        // width); viewers barely use it for embedded fonts.
        .stem_v(10.0 + 0.244 * (f32::from(metrics.weight) - 50.0))
        .font_file2(file_id);
    let ttf = match font {
        Font::Regular => REGULAR_TTF,
        Font::Bold => BOLD_TTF,
    };
    let mut file = pdf.stream(file_id, &metrics.deflated);
    file.filter(Filter::FlateDecode);
    file.pair(
        Name(b"Length1"),
        i32::try_from(ttf.len()).unwrap_or(i32::MAX),
    );
    file.finish();
}

fn pdf_date(t: DateTime<Utc>) -> Date {
    let part = |v: u32| u8::try_from(v).unwrap_or(0);
    Date::new(u16::try_from(t.year()).unwrap_or(2000))
        .month(part(t.month()))
        .day(part(t.day()))
        .hour(part(t.hour()))
        .minute(part(t.minute()))
        .second(part(t.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

// --- Reading a PDF back --------------------------------------------------------

/// The text strings the page shows, in order: the operand of each `Tj`,
/// `'` and `"`, and the strings of each `TJ` joined, decoded from
/// WinAnsiEncoding.
///
/// It reads the file as a viewer does: `startxref` → the cross-reference
/// table and trailer → `/Root` → `/Pages` → each page's `/Contents`, then
/// scans the content stream's operators. Meant for tests of `render`'s
/// output (literal and hex strings, uncompressed or Flate streams); anything
/// it cannot follow gives an empty list.
pub fn text_of(pdf: &[u8]) -> Vec<String> {
    let Some(file) = reader::File::open(pdf) else {
        return Vec::new();
    };
    let Some(pages) = file.trailer_ref(b"Root").and_then(|root| {
        file.object(root)
            .and_then(|catalog| catalog.get(b"Pages").and_then(reader::Obj::as_ref))
    }) else {
        return Vec::new();
    };
    let mut contents = Vec::new();
    file.collect_contents(pages, 0, &mut contents);
    let mut shown = Vec::new();
    for stream in contents {
        reader::shown_strings(&stream, &mut shown);
    }
    shown.into_iter().map(|bytes| decode(&bytes)).collect()
}

mod reader {
    //! Just enough of a PDF reader for [`super::text_of`].

    /// A PDF object (streams are read separately, by their dictionary).
    #[derive(Debug, Clone, PartialEq)]
    pub enum Obj {
        Null,
        Bool(bool),
        Num(f64),
        Str(Vec<u8>),
        Name(Vec<u8>),
        Array(Vec<Obj>),
        Dict(Vec<(Vec<u8>, Obj)>),
        Ref(u32),
        /// An operator in a content stream (`Tj`), or a keyword.
        Op(Vec<u8>),
    }

    impl Obj {
        pub fn get(&self, key: &[u8]) -> Option<&Obj> {
            match self {
                Obj::Dict(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }

        pub fn as_ref(&self) -> Option<u32> {
            match self {
                Obj::Ref(n) => Some(*n),
                _ => None,
            }
        }

        fn as_usize(&self) -> Option<usize> {
            match self {
                Obj::Num(n) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as usize),
                _ => None,
            }
        }
    }

    fn is_white(b: u8) -> bool {
        matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
    }

    fn is_delimiter(b: u8) -> bool {
        matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
    }

    /// Reads objects from bytes, one after another.
    pub struct Lexer<'a> {
        data: &'a [u8],
        pub pos: usize,
    }

    impl<'a> Lexer<'a> {
        pub fn new(data: &'a [u8], pos: usize) -> Lexer<'a> {
            Lexer { data, pos }
        }

        fn peek(&self) -> Option<u8> {
            self.data.get(self.pos).copied()
        }

        fn skip_space(&mut self) {
            while let Some(b) = self.peek() {
                if is_white(b) {
                    self.pos += 1;
                } else if b == b'%' {
                    while let Some(b) = self.peek() {
                        if b == b'\n' || b == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                } else {
                    break;
                }
            }
        }

        fn regular_run(&mut self) -> &'a [u8] {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if is_white(b) || is_delimiter(b) {
                    break;
                }
                self.pos += 1;
            }
            self.data.get(start..self.pos).unwrap_or_default()
        }

        /// The next object, or `None` at the end or on a syntax error.
        /// `depth` bounds nesting.
        pub fn object(&mut self, depth: usize) -> Option<Obj> {
            if depth > 32 {
                return None;
            }
            self.skip_space();
            let b = self.peek()?;
            match b {
                b'(' => self.literal().map(Obj::Str),
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    let mut pairs = Vec::new();
                    loop {
                        self.skip_space();
                        if self.data.get(self.pos..self.pos + 2) == Some(b">>") {
                            self.pos += 2;
                            return Some(Obj::Dict(pairs));
                        }
                        let Obj::Name(key) = self.object(depth + 1)? else {
                            return None;
                        };
                        let value = self.value(depth + 1)?;
                        pairs.push((key, value));
                    }
                }
                b'<' => self.hex().map(Obj::Str),
                b'[' => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        self.skip_space();
                        if self.peek()? == b']' {
                            self.pos += 1;
                            return Some(Obj::Array(items));
                        }
                        items.push(self.value(depth + 1)?);
                    }
                }
                b'/' => {
                    self.pos += 1;
                    Some(Obj::Name(self.regular_run().to_vec()))
                }
                b')' | b'>' | b']' | b'{' | b'}' => {
                    self.pos += 1;
                    Some(Obj::Op(vec![b]))
                }
                _ => {
                    let word = self.regular_run();
                    if word.is_empty() {
                        return None;
                    }
                    Some(match word {
                        b"true" => Obj::Bool(true),
                        b"false" => Obj::Bool(false),
                        b"null" => Obj::Null,
                        _ => match std::str::from_utf8(word).ok().and_then(|s| s.parse().ok()) {
                            Some(n) => Obj::Num(n),
                            None => Obj::Op(word.to_vec()),
                        },
                    })
                }
            }
        }

        /// An object inside an array or dictionary, where `n g R` is a
        /// reference.
        fn value(&mut self, depth: usize) -> Option<Obj> {
            let first = self.object(depth)?;
            let Obj::Num(n) = first else {
                return Some(first);
            };
            let back = self.pos;
            let is_ref = matches!(self.object(depth), Some(Obj::Num(_)))
                && matches!(self.object(depth), Some(Obj::Op(ref op)) if op == b"R");
            if is_ref && n >= 0.0 && n.fract() == 0.0 {
                return Some(Obj::Ref(n as u32));
            }
            self.pos = back;
            Some(first)
        }

        /// `(…)` with its escapes: `\n \r \t \b \f \( \) \\`, one to three
        /// octal digits, a backslash before a line break (continuation),
        /// and balanced parentheses inside.
        fn literal(&mut self) -> Option<Vec<u8>> {
            self.pos += 1;
            let mut out = Vec::new();
            let mut depth = 0usize;
            loop {
                let b = self.peek()?;
                self.pos += 1;
                match b {
                    b'\\' => {
                        let e = self.peek()?;
                        self.pos += 1;
                        match e {
                            b'n' => out.push(b'\n'),
                            b'r' => out.push(b'\r'),
                            b't' => out.push(b'\t'),
                            b'b' => out.push(b'\x08'),
                            b'f' => out.push(b'\x0c'),
                            b'0'..=b'7' => {
                                let mut value = u32::from(e - b'0');
                                for _ in 0..2 {
                                    match self.peek() {
                                        Some(d @ b'0'..=b'7') => {
                                            value = value * 8 + u32::from(d - b'0');
                                            self.pos += 1;
                                        }
                                        _ => break,
                                    }
                                }
                                out.push((value & 0xFF) as u8);
                            }
                            b'\r' => {
                                if self.peek() == Some(b'\n') {
                                    self.pos += 1;
                                }
                            }
                            b'\n' => {}
                            other => out.push(other),
                        }
                    }
                    b'(' => {
                        depth += 1;
                        out.push(b);
                    }
                    b')' if depth == 0 => return Some(out),
                    b')' => {
                        depth -= 1;
                        out.push(b);
                    }
                    _ => out.push(b),
                }
            }
        }

        /// `<48 65 6C>`; an odd last digit counts as followed by 0.
        fn hex(&mut self) -> Option<Vec<u8>> {
            self.pos += 1;
            let mut digits = Vec::new();
            loop {
                let b = self.peek()?;
                self.pos += 1;
                match b {
                    b'>' => break,
                    _ if is_white(b) => {}
                    _ => digits.push(char::from(b).to_digit(16)? as u8),
                }
            }
            Some(
                digits
                    .chunks(2)
                    .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
                    .collect(),
            )
        }
    }

    /// A parsed PDF file: its bytes and where each object starts.
    pub struct File<'a> {
        data: &'a [u8],
        offsets: Vec<Option<usize>>,
        trailer: Obj,
    }

    impl<'a> File<'a> {
        /// Reads the cross-reference table `startxref` points to, and the
        /// trailer after it.
        pub fn open(data: &'a [u8]) -> Option<File<'a>> {
            let at = data.windows(9).rposition(|w| w == b"startxref")?;
            let mut lexer = Lexer::new(data, at + 9);
            let xref = lexer.object(0)?.as_usize()?;
            let mut lexer = Lexer::new(data, xref);
            if lexer.object(0)? != Obj::Op(b"xref".to_vec()) {
                return None;
            }
            let mut offsets: Vec<Option<usize>> = Vec::new();
            loop {
                match lexer.object(0)? {
                    Obj::Op(word) if word == b"trailer" => break,
                    Obj::Num(first) => {
                        let first = first as usize;
                        let count = lexer.object(0)?.as_usize()?;
                        if first + count > 1_000_000 {
                            return None;
                        }
                        if offsets.len() < first + count {
                            offsets.resize(first + count, None);
                        }
                        for n in first..first + count {
                            let offset = lexer.object(0)?.as_usize()?;
                            let _generation = lexer.object(0)?;
                            let in_use = lexer.object(0)? == Obj::Op(b"n".to_vec());
                            if let Some(slot) = offsets.get_mut(n) {
                                *slot = in_use.then_some(offset);
                            }
                        }
                    }
                    _ => return None,
                }
            }
            let trailer = lexer.object(0)?;
            Some(File {
                data,
                offsets,
                trailer,
            })
        }

        pub fn trailer_ref(&self, key: &[u8]) -> Option<u32> {
            self.trailer.get(key)?.as_ref()
        }

        /// Object `n`, and where its body ended (for a stream's data).
        fn object_at(&self, n: u32) -> Option<(Obj, usize)> {
            let offset = (*self.offsets.get(n as usize)?)?;
            let mut lexer = Lexer::new(self.data, offset);
            if lexer.object(0)?.as_usize()? != n as usize {
                return None;
            }
            let _generation = lexer.object(0)?;
            if lexer.object(0)? != Obj::Op(b"obj".to_vec()) {
                return None;
            }
            let obj = lexer.value(0)?;
            Some((obj, lexer.pos))
        }

        pub fn object(&self, n: u32) -> Option<Obj> {
            self.object_at(n).map(|(obj, _)| obj)
        }

        /// The data of stream object `n`, decompressed if it is Flate.
        fn stream(&self, n: u32) -> Option<Vec<u8>> {
            let (dict, end) = self.object_at(n)?;
            let mut lexer = Lexer::new(self.data, end);
            if lexer.object(0)? != Obj::Op(b"stream".to_vec()) {
                return None;
            }
            let mut start = lexer.pos;
            if self.data.get(start) == Some(&b'\r') {
                start += 1;
            }
            if self.data.get(start) == Some(&b'\n') {
                start += 1;
            }
            let length = match dict.get(b"Length")? {
                Obj::Ref(r) => self.object(*r)?.as_usize()?,
                direct => direct.as_usize()?,
            };
            let raw = self.data.get(start..start.checked_add(length)?)?;
            match dict.get(b"Filter") {
                None => Some(raw.to_vec()),
                Some(Obj::Name(f)) if f == b"FlateDecode" => {
                    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(raw, 1 << 24).ok()
                }
                Some(_) => None,
            }
        }

        /// The content streams of the pages under node `n`, in page order.
        pub fn collect_contents(&self, n: u32, depth: usize, out: &mut Vec<Vec<u8>>) {
            if depth > 16 {
                return;
            }
            let Some(node) = self.object(n) else {
                return;
            };
            match node.get(b"Type") {
                Some(Obj::Name(t)) if t == b"Pages" => {
                    if let Some(Obj::Array(kids)) = node.get(b"Kids") {
                        for kid in kids.iter().filter_map(Obj::as_ref) {
                            self.collect_contents(kid, depth + 1, out);
                        }
                    }
                }
                Some(Obj::Name(t)) if t == b"Page" => {
                    let refs: Vec<u32> = match node.get(b"Contents") {
                        Some(Obj::Ref(r)) => vec![*r],
                        Some(Obj::Array(items)) => items.iter().filter_map(Obj::as_ref).collect(),
                        _ => Vec::new(),
                    };
                    let mut page = Vec::new();
                    for r in refs {
                        if let Some(data) = self.stream(r) {
                            page.extend_from_slice(&data);
                            page.push(b'\n');
                        }
                    }
                    out.push(page);
                }
                _ => {}
            }
        }
    }

    /// The strings the text-showing operators of `content` show.
    pub fn shown_strings(content: &[u8], out: &mut Vec<Vec<u8>>) {
        let mut lexer = Lexer::new(content, 0);
        let mut operands: Vec<Obj> = Vec::new();
        while let Some(obj) = lexer.object(0) {
            let Obj::Op(op) = obj else {
                operands.push(obj);
                continue;
            };
            match op.as_slice() {
                b"Tj" | b"'" | b"\"" => {
                    if let Some(Obj::Str(s)) = operands.last() {
                        out.push(s.clone());
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Array(items)) = operands.last() {
                        let mut joined = Vec::new();
                        for item in items {
                            if let Obj::Str(s) = item {
                                joined.extend_from_slice(s);
                            }
                        }
                        out.push(joined);
                    }
                }
                _ => {}
            }
            operands.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn seller() -> Seller {
        Seller {
            name: "Tiranyx Digital".into(),
            address: "Jl. Sudirman No. 1\nJakarta Pusat 10220".into(),
            email: "halo@tiranyx.id".into(),
            whatsapp: "+62 812 3456 7890".into(),
        }
    }

    fn midtrans() -> InvoiceDocument {
        InvoiceDocument {
            number: "INV/2026/000123".into(),
            order_code: "TRX-7H3K9Q".into(),
            seller: seller(),
            buyer_name: "Budi Santoso".into(),
            buyer_email: "budi@example.com".into(),
            item_name: "Template Website Company Profile".into(),
            amount: Amount::Idr(249_000),
            payment_method: "Midtrans".into(),
            // 23:30 WIB on 4 November; paid 00:15 WIB on 5 November.
            ordered_at: utc("2026-11-04T16:30:00Z"),
            paid_at: utc("2026-11-04T17:15:00Z"),
        }
    }

    fn paypal() -> InvoiceDocument {
        InvoiceDocument {
            number: "INV/2026/000124".into(),
            order_code: "TRX-PP0042".into(),
            buyer_name: "Jane Doe".into(),
            buyer_email: "jane@example.org".into(),
            item_name: "E-book: Belajar Rust untuk Web".into(),
            amount: Amount::UsdCents(1_900),
            payment_method: "PayPal".into(),
            ordered_at: utc("2026-03-01T02:00:00Z"),
            paid_at: utc("2026-03-01T02:05:00Z"),
            ..midtrans()
        }
    }

    fn check_file(pdf: &[u8]) {
        assert!(pdf.starts_with(b"%PDF-"), "no PDF header");
        assert!(
            pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "no %%EOF at the end"
        );
    }

    #[test]
    fn the_bundled_fonts_are_read() {
        for font in [Font::Regular, Font::Bold] {
            let m = font.metrics();
            // Every assigned WinAnsi code has a glyph in DejaVu Sans.
            for code in 32u8..=255 {
                if win_ansi_char(code).is_some() {
                    assert!(m.width_of_code(code) > 0.0, "no glyph for code {code}");
                }
            }
            assert!(m.ascent > 0.0 && m.descent < 0.0 && m.cap_height > 0.0);
        }
        // DejaVu Sans: space 318, "M" 863 in 1000 units.
        assert_eq!(REGULAR.width_of_code(b' '), 318.0);
        assert_eq!(REGULAR.width_of_code(b'M'), 863.0);
        assert!(BOLD.width_of_code(b'M') > REGULAR.width_of_code(b'M'));
    }

    #[test]
    fn a_midtrans_invoice_says_what_was_paid_in_rupiah() {
        let doc = midtrans();
        let pdf = render(&doc);
        check_file(&pdf);
        let text = text_of(&pdf);
        for expected in [
            "FAKTUR",
            "INV/2026/000123",
            "TRX-7H3K9Q",
            "Tiranyx Digital",
            "Jl. Sudirman No. 1",
            "Jakarta Pusat 10220",
            "halo@tiranyx.id",
            "WhatsApp +62 812 3456 7890",
            "Nomor faktur",
            "Kode pesanan",
            "Tanggal pesanan",
            "Tanggal bayar",
            "Ditagihkan kepada",
            "Budi Santoso",
            "budi@example.com",
            "Metode pembayaran",
            "Midtrans",
            "Deskripsi",
            "Jumlah",
            "Template Website Company Profile",
            "Total",
            "Rp 249.000",
            "LUNAS",
            // The dates on the Jakarta clock: paid after midnight WIB.
            "4 November 2026 23:30 WIB",
            "5 November 2026 00:15 WIB",
            "5 NOVEMBER 2026",
            "Dibayar penuh dalam IDR melalui Midtrans",
        ] {
            assert!(
                text.iter().any(|t| t == expected),
                "{expected:?} not shown; text: {text:#?}"
            );
        }
        // The content stream is plain: the text is in the file as written.
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("(LUNAS) Tj") && raw.contains("(Rp 249.000) Tj"));
        // The total appears in the row and in the total box.
        assert_eq!(text.iter().filter(|t| *t == "Rp 249.000").count(), 2);
    }

    #[test]
    fn a_paypal_invoice_is_in_us_dollars() {
        let pdf = render(&paypal());
        check_file(&pdf);
        let text = text_of(&pdf);
        for expected in [
            "INV/2026/000124",
            "Jane Doe",
            "E-book: Belajar Rust untuk Web",
            "US$19.00",
            "PayPal",
            "LUNAS",
            "1 Maret 2026 09:00 WIB",
            "1 Maret 2026 09:05 WIB",
            "Dibayar penuh dalam USD melalui PayPal",
        ] {
            assert!(
                text.iter().any(|t| t == expected),
                "{expected:?} not shown; text: {text:#?}"
            );
        }
        assert!(!text.iter().any(|t| t.contains("Rp ")));
    }

    /// Every string is drawn between the margins (measured with the
    /// fonts' advances, as placed); the item's lines fit their column.
    #[test]
    fn long_names_stay_on_the_page() {
        let long = "Paket Lengkap ".repeat(30) + &"Supercalifragilisticexpialidocious".repeat(8);
        let doc = InvoiceDocument {
            item_name: long.clone(),
            buyer_name: "Nama Pembeli Yang Sangat Panjang Sekali ".repeat(10),
            buyer_email: format!("{}@example.com", "a".repeat(300)),
            seller: Seller {
                name: "PT Tiranyx Digital Kreatif Nusantara Sejahtera Abadi ".repeat(5),
                address: "Jalan yang panjang sekali ".repeat(40),
                email: format!("{}@tiranyx.id", "halo".repeat(40)),
                whatsapp: "+62 812 3456 7890 ".repeat(10),
            },
            order_code: "X".repeat(200),
            payment_method: "Midtrans ".repeat(50),
            ..midtrans()
        };
        let canvas = layout(&doc);
        assert!(canvas.placed.len() > 20);
        for (text, x, right) in &canvas.placed {
            assert!(
                *x >= LEFT - 0.01 && *right <= RIGHT + 0.01,
                "off the page: {text:?} from {x} to {right}"
            );
        }
        let pdf = render(&doc);
        check_file(&pdf);
        let text = text_of(&pdf);
        for line in &text {
            assert!(
                text_width(line, Font::Regular, 8.0) <= CONTENT_W,
                "{line:?}"
            );
        }
        // The row's amount is drawn first, then the item's lines.
        let row = text.iter().position(|t| t == "Rp 249.000").unwrap();
        let item_lines: Vec<&String> = text[row + 1..].iter().take(3).collect();
        assert!(item_lines[0].starts_with("Paket Lengkap"));
        assert!(!text[row + 4].starts_with("Paket") && !text[row + 4].contains("Lengkap"));
        assert_eq!(item_lines.len(), 3, "{item_lines:#?}");
        for line in &item_lines {
            assert!(text_width(line, Font::Regular, 10.5) <= DESCRIPTION_W);
        }
        assert!(item_lines[2].ends_with(ELLIPSIS));
        assert!(text
            .iter()
            .any(|t| t.starts_with("XXX") && t.ends_with(ELLIPSIS)));
        // The amount and the stamp are still there.
        assert!(text.iter().any(|t| t == "LUNAS"));
        assert!(text.iter().any(|t| t == "Rp 249.000"));
    }

    #[test]
    fn characters_outside_the_font_encoding_become_question_marks() {
        let doc = InvoiceDocument {
            buyer_name: "Zoë Ñandú 漢字".into(),
            item_name: "Kursus “Rust” — Level 1 😀".into(),
            ..midtrans()
        };
        let pdf = render(&doc);
        check_file(&pdf);
        let text = text_of(&pdf);
        assert!(text.iter().any(|t| t == "Zoë Ñandú ??"), "text: {text:#?}");
        assert!(text.iter().any(|t| t == "Kursus “Rust” — Level 1 ?"));
        // Written as octal escapes in a literal string, not as hex.
        let content = String::from_utf8_lossy(&pdf);
        assert!(content.contains(r"(Zo\353 \321and\372 ??) Tj"));
    }

    #[test]
    fn the_same_invoice_gives_the_same_bytes() {
        assert_eq!(render(&midtrans()), render(&midtrans()));
        assert_ne!(render(&midtrans()), render(&paypal()));
    }

    #[test]
    fn literal_strings_escape_delimiters_and_read_back() {
        let mut c = Canvas::new();
        c.literal(&encode(r"a(b)c\d é"));
        assert_eq!(c.ops, br"(a\(b\)c\\d \351)".to_vec());
        let mut shown = Vec::new();
        let mut content = c.ops.clone();
        content.extend_from_slice(b" Tj [(x) -20 (y\\051)] TJ <48 69> Tj (\\101\\102C) '");
        reader::shown_strings(&content, &mut shown);
        let shown: Vec<String> = shown.iter().map(|s| decode(s)).collect();
        assert_eq!(shown, [r"a(b)c\d é", "xy)", "Hi", "ABC"]);
    }

    #[test]
    fn text_of_follows_the_cross_reference_table() {
        // Garbage, or a file whose xref points nowhere, gives nothing.
        assert!(text_of(b"not a pdf").is_empty());
        let mut pdf = render(&midtrans());
        let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
        pdf.truncate(at);
        pdf.extend_from_slice(b"startxref\n3\n%%EOF");
        assert!(text_of(&pdf).is_empty());
    }

    #[test]
    fn wrapping_and_fitting() {
        let lines = wrap("satu dua tiga empat lima", Font::Regular, 10.0, 60.0, 5);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "satu dua tiga empat lima");
        for l in &lines {
            assert!(text_width(l, Font::Regular, 10.0) <= 60.0);
        }
        assert_eq!(fit("pendek", Font::Regular, 10.0, 200.0), "pendek");
        let cut = fit(&"panjang ".repeat(20), Font::Regular, 10.0, 100.0);
        assert!(cut.ends_with(ELLIPSIS) && text_width(&cut, Font::Regular, 10.0) <= 100.0);
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.001), "0");
    }

    /// Writes `/tmp/invoice-sample.pdf` to look at:
    /// `cargo test -p domain --lib invoices -- --ignored`.
    #[test]
    #[ignore = "writes a file for a person to look at"]
    fn write_sample() {
        std::fs::write("/tmp/invoice-sample.pdf", render(&midtrans())).unwrap();
        std::fs::write("/tmp/invoice-sample-usd.pdf", render(&paypal())).unwrap();
        let long = InvoiceDocument {
            item_name: "Paket Lengkap Website Toko Online + Hosting 1 Tahun + Domain .id + \
                        Pelatihan Admin "
                .repeat(4),
            buyer_name: "Zoë Ñandú 漢字 Wijayakusuma Purnamasari Kartikasari Hadiningrat".into(),
            ..paypal()
        };
        std::fs::write("/tmp/invoice-sample-long.pdf", render(&long)).unwrap();
    }
}
