//! A placeholder cover for the AI simulator: a PNG drawn here (an RGB
//! gradient in the site's colours, shifted by a seed), so no image crate
//! is needed. PNG is three chunks: `IHDR`, one zlib `IDAT`, `IEND`, each
//! with its CRC-32.

/// A `width` × `height` PNG whose colours follow `seed`.
pub fn gradient(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let (w, h) = (width.clamp(1, 2048), height.clamp(1, 2048));
    // Deep space blue → violet, the hue nudged by the seed.
    let shift = (seed % 64) as u8;
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let t = (x * 255 / w.max(1)) as u8;
            let v = (y * 255 / h.max(1)) as u8;
            raw.extend_from_slice(&[
                15u8.saturating_add(t / 2).saturating_add(shift),
                10u8.saturating_add(v / 6),
                60u8.saturating_add(t / 3).saturating_add(v / 4),
            ]);
        }
    }
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = Crc32::default();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.finish().to_be_bytes());
}

/// CRC-32 (ISO-HDLC, as PNG uses), bit by bit: the images are small.
struct Crc32(u32);

impl Default for Crc32 {
    fn default() -> Self {
        Crc32(0xFFFF_FFFF)
    }
}

impl Crc32 {
    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u32::from(b);
            for _ in 0..8 {
                let mask = (self.0 & 1).wrapping_neg();
                self.0 = (self.0 >> 1) ^ (0xEDB8_8320 & mask);
            }
        }
    }

    fn finish(self) -> u32 {
        !self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        let mut c = Crc32::default();
        c.update(b"123456789");
        assert_eq!(c.finish(), 0xCBF4_3926);
    }

    #[test]
    fn a_png_the_upload_check_accepts() {
        let png = gradient(120, 63, 7);
        assert_eq!(
            domain::uploads::check_image("sampul.png", &png, 5 * 1024 * 1024),
            Ok(domain::uploads::ImageKind::Png)
        );
        // IHDR's CRC of a 1×1 RGB image, as any PNG encoder writes it.
        let one = gradient(1, 1, 0);
        assert_eq!(&one[29..33], &[0x90, 0x77, 0x53, 0xDE]);
    }
}
