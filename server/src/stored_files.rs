//! Files from storage (`domain::storage`) over HTTP: public uploads for
//! anyone, kept a year by browsers (every upload gets a new random name),
//! and private files as attachments with byte ranges, only behind the signed
//! routes (`deliverables`).
use crate::AppState;
use app::error::{AppError, ErrorCode};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use domain::storage::{Area, StorageError};

/// `GET /uploads/{folder}/{name}`: a product image, an avatar …
pub async fn upload(
    State(state): State<AppState>,
    Path((folder, name)): Path<(String, String)>,
) -> Response {
    if !matches!(folder.as_str(), "media" | "avatars") {
        return AppError::new(ErrorCode::NotFound).into_response();
    }
    let path = format!("{folder}/{name}");
    match state.server.storage.uploads.open(&path, None).await {
        Ok(file) => {
            let mime = mime_guess::from_path(&name).first_or_octet_stream();
            let mut res = Response::new(Body::from_stream(file.chunks));
            let headers = res.headers_mut();
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size));
            if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
                headers.insert(header::CONTENT_TYPE, v);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            res
        }
        Err(StorageError::NotFound) => AppError::new(ErrorCode::NotFound).into_response(),
        Err(e) => {
            tracing::error!(error = %e, %path, "reading an upload");
            AppError::new(ErrorCode::Internal).into_response()
        }
    }
}

/// The private file at `path` as the request asks: whole (200) or one byte
/// range (206; 416 when it lies outside the file). Several ranges are
/// answered with the whole file, as HTTP allows.
pub async fn ranged(
    area: &Area,
    path: &str,
    headers: &HeaderMap,
) -> Result<Response, StorageError> {
    let asked = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let Some(asked) = asked else {
        return Ok(whole(area.open(path, None).await?));
    };
    let size = area.size(path).await?.ok_or(StorageError::NotFound)?;
    match byte_range(asked, size) {
        Some(Some(range)) => {
            let (start, end) = (range.start, range.end);
            let file = area.open(path, Some(range)).await?;
            let mut res = Response::new(Body::from_stream(file.chunks));
            *res.status_mut() = StatusCode::PARTIAL_CONTENT;
            let h = res.headers_mut();
            h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{}/{size}", end - 1)) {
                h.insert(header::CONTENT_RANGE, v);
            }
            Ok(res)
        }
        Some(None) => {
            let mut res = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            Ok(res)
        }
        None => Ok(whole(area.open(path, None).await?)),
    }
}

fn whole(file: domain::storage::Opened) -> Response {
    let mut res = Response::new(Body::from_stream(file.chunks));
    let h = res.headers_mut();
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size));
    res
}

/// One `bytes=` range of a file of `size` bytes: `None` when the header is
/// not one range we read (the whole file is sent), `Some(None)` when it lies
/// outside the file, else the half-open range.
fn byte_range(header: &str, size: u64) -> Option<Option<std::ops::Range<u64>>> {
    let spec = header.strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.is_empty(), last.is_empty()) {
        // The last N bytes.
        (true, false) => {
            let n: u64 = last.parse().ok()?;
            (n > 0 && size > 0).then(|| size.saturating_sub(n)..size)
        }
        (false, true) => {
            let start: u64 = first.parse().ok()?;
            (start < size).then_some(start..size)
        }
        (false, false) => {
            let (start, end): (u64, u64) = (first.parse().ok()?, last.parse().ok()?);
            if end < start {
                return None;
            }
            (start < size).then(|| start..end.min(size - 1) + 1)
        }
        (true, true) => return None,
    };
    Some(range)
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn ranges_are_read_as_http_says() {
        assert_eq!(byte_range("bytes=0-9", 100), Some(Some(0..10)));
        assert_eq!(byte_range("bytes=90-", 100), Some(Some(90..100)));
        assert_eq!(byte_range("bytes=-10", 100), Some(Some(90..100)));
        assert_eq!(byte_range("bytes=-500", 100), Some(Some(0..100)));
        assert_eq!(byte_range("bytes=95-200", 100), Some(Some(95..100)));
        assert_eq!(byte_range("bytes=100-", 100), Some(None));
        assert_eq!(byte_range("bytes=0-1,5-6", 100), None);
        assert_eq!(byte_range("bytes=9-2", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
        assert_eq!(byte_range("bytes=-0", 100), Some(None));
    }
}
