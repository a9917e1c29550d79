//! Boards inside PNG pictures. An exported PNG carries its board file (the
//! same RON a `.ron` file holds, session included) in a compressed iTXt
//! chunk with the keyword [`KEYWORD`], written before the pixels, so that a
//! picture pasted into a chat or a wiki opens back as the editable board.
//!
//! Opening reads the chunk headers and that one text chunk only; the pixels
//! are not decoded. The text is inflated with a bound (a small chunk cannot
//! blow up into gigabytes) and then checked exactly as a `.ron` file is, so
//! a damaged or hostile embedded board gives the same errors.

use std::io::Cursor;
use std::path::Path;

use super::board_file::MAX_FILE_BYTES;
use super::error::LoadError;

/// The first bytes of every PNG file.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The iTXt keyword the board is stored under.
pub const KEYWORD: &str = "mlsd-board";

/// Pictures larger than this on a side are not decoded.
pub const MAX_IMAGE_SIDE: u32 = 16_384;

/// The most memory decoding one picture may take.
pub const MAX_IMAGE_ALLOC: u64 = 512 * 1024 * 1024;

/// Whether the bytes start like a PNG file.
#[must_use]
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// Encodes RGBA pixels (not premultiplied, row by row) as a PNG, with the
/// board file text `board` in an iTXt chunk when given.
///
/// # Errors
/// When the pixels do not fill `width` x `height` or encoding fails.
pub fn encode(
    width: u32,
    height: u32,
    rgba: &[u8],
    board: Option<&str>,
) -> Result<Vec<u8>, String> {
    if rgba.len() as u64 != u64::from(width) * u64::from(height) * 4 {
        return Err(format!(
            "{} bytes of pixels do not make a {width}x{height} picture",
            rgba.len()
        ));
    }
    let mut out = Vec::with_capacity(rgba.len() / 4 + board.map_or(0, str::len) / 4 + 1024);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        enc.add_text_chunk("Software".to_owned(), "MLSD Board".to_owned())
            .map_err(|e| e.to_string())?;
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        if let Some(text) = board {
            let mut chunk = png::text_metadata::ITXtChunk::new(KEYWORD, text);
            chunk.compressed = true;
            chunk.compress_text().map_err(|e| e.to_string())?;
            writer.write_text_chunk(&chunk).map_err(|e| e.to_string())?;
        }
        writer.write_image_data(rgba).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The board file bytes inside a PNG made by [`encode`] (not yet checked:
/// they go through the same checks as a `.ron` file); `path` names the
/// file in messages.
///
/// # Errors
/// [`LoadError::NoBoardInImage`] for a picture without a board,
/// [`LoadError::BadImage`] for a damaged PNG,
/// [`LoadError::InflatesTooLarge`] when the board inflates beyond the board
/// file size cap.
pub fn extract(bytes: &[u8], path: &Path) -> Result<Vec<u8>, LoadError> {
    let bad = |message: String| LoadError::BadImage {
        path: path.to_path_buf(),
        message,
    };
    // The png crate checks the header and the chunks before the pixels,
    // with its memory limit; text chunks are read below, by hand, so that
    // their bytes reach the board checks as they are.
    let limits = png::Limits {
        bytes: 64 * 1024 * 1024,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_ignore_text_chunk(true);
    decoder.read_info().map_err(|e| bad(e.to_string()))?;
    let Some((compressed, text)) = find_itxt(bytes, KEYWORD).map_err(bad)? else {
        return Err(LoadError::NoBoardInImage {
            path: path.to_path_buf(),
        });
    };
    if !compressed {
        return Ok(text.to_vec());
    }
    let cap = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    match fdeflate::decompress_to_vec_bounded(text, cap) {
        Ok(v) => Ok(v),
        Err(fdeflate::BoundedDecompressionError::OutputTooLarge { .. }) => {
            Err(LoadError::InflatesTooLarge {
                path: path.to_path_buf(),
                packed: text.len() as u64,
                cap: MAX_FILE_BYTES,
            })
        }
        Err(_) => Err(bad(
            "the board inside could not be unpacked (its compressed data is damaged)".to_owned(),
        )),
    }
}

/// The first iTXt chunk with `keyword`: whether its text is compressed, and
/// the text bytes.
fn find_itxt<'a>(bytes: &'a [u8], keyword: &str) -> Result<Option<(bool, &'a [u8])>, String> {
    let mut pos = SIGNATURE.len();
    while pos < bytes.len() {
        let header = bytes
            .get(pos..pos + 8)
            .ok_or("the file ends inside a chunk header")?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        let data_end = (pos + 8)
            .checked_add(len)
            .filter(|e| e.saturating_add(4) <= bytes.len())
            .ok_or("the file ends inside a chunk (it was cut short)")?;
        let data = &bytes[pos + 8..data_end];
        let crc = &bytes[data_end..data_end + 4];
        if kind == b"IEND" {
            break;
        }
        if kind == b"iTXt" && data.starts_with(keyword.as_bytes()) {
            let mut h = crc32fast::Hasher::new();
            h.update(kind);
            h.update(data);
            if h.finalize().to_be_bytes() != crc {
                return Err("the board inside is damaged (its checksum does not match)".to_owned());
            }
            let rest = &data[keyword.len()..];
            if rest.first() == Some(&0) {
                let rest = &rest[1..];
                let (&flag, rest) = rest.split_first().ok_or("the board chunk is cut short")?;
                let (_method, rest) = rest.split_first().ok_or("the board chunk is cut short")?;
                let lang_end = rest
                    .iter()
                    .position(|b| *b == 0)
                    .ok_or("the board chunk is damaged")?;
                let rest = &rest[lang_end + 1..];
                let tk_end = rest
                    .iter()
                    .position(|b| *b == 0)
                    .ok_or("the board chunk is damaged")?;
                return Ok(Some((flag == 1, &rest[tk_end + 1..])));
            }
        }
        pos = data_end + 4;
    }
    Ok(None)
}

/// Decodes a PNG's pixels with the `image` crate's limits (at most
/// [`MAX_IMAGE_SIDE`] on a side and [`MAX_IMAGE_ALLOC`] bytes), so a
/// decompression bomb is refused instead of filling memory.
///
/// # Errors
/// A message saying why the picture was refused or could not be read.
pub fn decode_image(bytes: &[u8]) -> Result<image::RgbaImage, String> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::Png);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    match reader.decode() {
        Ok(img) => Ok(img.to_rgba8()),
        Err(image::ImageError::Limits(e)) => Err(format!(
            "the picture is too large to open safely ({e}); pictures up to \
             {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} pixels are read"
        )),
        Err(e) => Err(format!("the picture could not be read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(w: u32, h: u32) -> Vec<u8> {
        (0..w * h * 4).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn board_text_round_trips_through_a_png() {
        let text = "(format: 1, board: (title: \"ünïcødé ✓\"))";
        let png = encode(3, 2, &pixels(3, 2), Some(text)).unwrap();
        assert!(is_png(&png));
        assert_eq!(extract(&png, Path::new("x.png")).unwrap(), text.as_bytes());
        let img = decode_image(&png).unwrap();
        assert_eq!(img.dimensions(), (3, 2));
        assert_eq!(img.as_raw(), &pixels(3, 2));
    }

    #[test]
    fn a_plain_png_says_there_is_no_board() {
        let png = encode(2, 2, &pixels(2, 2), None).unwrap();
        let err = extract(&png, Path::new("photo.png")).unwrap_err();
        assert!(matches!(err, LoadError::NoBoardInImage { .. }), "{err}");
        assert!(err.to_string().contains("photo.png"));
    }

    #[test]
    fn a_truncated_png_is_a_bad_image() {
        let png = encode(2, 2, &pixels(2, 2), Some("(format: 1)")).unwrap();
        let err = extract(&png[..20], Path::new("cut.png")).unwrap_err();
        assert!(matches!(err, LoadError::BadImage { .. }), "{err}");
    }

    #[test]
    fn wrong_pixel_count_is_refused() {
        assert!(encode(2, 2, &[0; 3], None).is_err());
    }
}
