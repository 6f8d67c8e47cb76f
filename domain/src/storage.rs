//! Where files live, through the `object_store` crate: uploads (public
//! media and avatars, `UPLOADS_DIR`) and private files (product files and
//! service order files, `PRIVATE_FILES_DIR`) are local folders by default;
//! with `STORAGE_URL=s3://bucket[/prefix]` both live in an S3-compatible
//! bucket (under `uploads/` and `private/`), which every instance shares.
//! S3 settings come from the standard `AWS_*` variables.
use bytes::Bytes;
use object_store::{
    local::LocalFileSystem, path::Path as StorePath, prefix::PrefixStore, GetOptions, GetRange,
    ObjectStore, ObjectStoreExt, PutPayload,
};
use secrecy::{ExposeSecret, SecretString};
use std::{ops::Range, sync::Arc};

/// One storage area (uploads or private files).
#[derive(Clone)]
pub struct Area {
    store: Arc<dyn ObjectStore>,
    /// "the local folder …" or "s3://bucket/prefix", for logs and errors.
    label: String,
}

impl std::fmt::Debug for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Both areas.
#[derive(Clone, Debug)]
pub struct Storage {
    pub uploads: Area,
    pub private: Area,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("file not found")]
    NotFound,
    #[error("storage: {0}")]
    Failed(String),
}

impl From<object_store::Error> for StorageError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => StorageError::NotFound,
            e => StorageError::Failed(e.to_string()),
        }
    }
}

impl From<StorageError> for crate::DomainError {
    fn from(e: StorageError) -> Self {
        crate::DomainError::Internal(e.to_string())
    }
}

/// An opened file: the part asked for, as a stream of chunks (a large
/// download is never held in memory whole), and the file's whole size.
pub struct Opened {
    pub chunks: futures::stream::BoxStream<'static, Result<Bytes, StorageError>>,
    pub size: u64,
}

impl Storage {
    /// From the configuration: S3 when `STORAGE_URL` is set, else the two
    /// local folders (created when missing).
    pub fn from_config(config: &crate::Config) -> Result<Self, StorageError> {
        match &config.storage_url {
            Some(url) => Self::s3(url, &config.storage_options),
            None => Ok(Storage {
                uploads: Area::local(&config.uploads_dir)?,
                private: Area::local(&config.private_files_dir)?,
            }),
        }
    }

    /// An S3-compatible bucket (`s3://bucket[/prefix]`); `options` are the
    /// `AWS_*` settings, named in lower case (`aws_endpoint` …).
    pub fn s3(url: &str, options: &[(String, SecretString)]) -> Result<Self, StorageError> {
        // A bucket that does not answer fails a request within seconds
        // (`/readyz`), not after the default three minutes of retries.
        let retry = object_store::RetryConfig {
            max_retries: 3,
            retry_timeout: std::time::Duration::from_secs(10),
            ..Default::default()
        };
        let client = object_store::ClientOptions::new()
            .with_connect_timeout(std::time::Duration::from_secs(5))
            .with_timeout(std::time::Duration::from_secs(300));
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_url(url)
            .with_retry(retry)
            .with_client_options(client);
        for (key, value) in options {
            let key = key
                .parse::<object_store::aws::AmazonS3ConfigKey>()
                .map_err(|e| StorageError::Failed(e.to_string()))?;
            builder = builder.with_config(key, value.expose_secret());
        }
        let store: Arc<dyn ObjectStore> = Arc::new(builder.build()?);
        // `with_url` takes the bucket only; a path after it is our prefix.
        let base = url
            .trim_start_matches("s3://")
            .split_once('/')
            .map(|(_, p)| p.trim_matches('/'))
            .unwrap_or_default()
            .to_owned();
        let area = |name: &str| {
            let prefix = if base.is_empty() {
                name.to_owned()
            } else {
                format!("{base}/{name}")
            };
            Area {
                store: Arc::new(PrefixStore::new(store.clone(), prefix.as_str())),
                label: format!(
                    "s3://{}/{name}",
                    url.trim_start_matches("s3://").trim_end_matches('/')
                ),
            }
        };
        Ok(Storage {
            uploads: area("uploads"),
            private: area("private"),
        })
    }

    /// Whether both areas answer (`/readyz`).
    pub async fn check(&self) -> Result<(), StorageError> {
        for area in [&self.uploads, &self.private] {
            match area.store.head(&StorePath::from(".ready-probe")).await {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

impl Area {
    /// A local folder (created when missing).
    pub fn local(dir: &std::path::Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError::Failed(format!("creating {}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Area {
            store: Arc::new(store),
            label: format!("the local folder {}", dir.display()),
        })
    }

    /// Writes `bytes` at `path` (`media/abc.png`). Local files are written
    /// to a temporary name first, so a half-written file is never served.
    pub async fn put(&self, path: &str, bytes: impl Into<Bytes>) -> Result<(), StorageError> {
        let payload = PutPayload::from(bytes.into());
        self.store.put(&location(path)?, payload).await?;
        Ok(())
    }

    /// The whole file.
    pub async fn get(&self, path: &str) -> Result<Bytes, StorageError> {
        Ok(self.store.get(&location(path)?).await?.bytes().await?)
    }

    /// The file, or the part `range` of it (within its size).
    pub async fn open(
        &self,
        path: &str,
        range: Option<Range<u64>>,
    ) -> Result<Opened, StorageError> {
        use futures::TryStreamExt;
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..Default::default()
        };
        let result = self.store.get_opts(&location(path)?, options).await?;
        let size = result.meta.size;
        Ok(Opened {
            chunks: Box::pin(result.into_stream().map_err(StorageError::from)),
            size,
        })
    }

    /// The file's size, if it exists.
    pub async fn size(&self, path: &str) -> Result<Option<u64>, StorageError> {
        match self.store.head(&location(path)?).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes the file; a missing one is not an error.
    pub async fn delete(&self, path: &str) -> Result<(), StorageError> {
        match self.store.delete(&location(path)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// A storage path from names we made: no empty, `.` or `..` part.
fn location(path: &str) -> Result<StorePath, StorageError> {
    let ours = !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.starts_with('.'));
    if !ours {
        return Err(StorageError::NotFound);
    }
    StorePath::parse(path).map_err(|_| StorageError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn local_files_round_trip_and_paths_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let area = Area::local(dir.path()).unwrap();
        area.put("media/a.txt", b"halo dunia".to_vec())
            .await
            .unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("media/a.txt")).unwrap(),
            b"halo dunia"
        );
        assert_eq!(&area.get("media/a.txt").await.unwrap()[..], b"halo dunia");
        let part = area.open("media/a.txt", Some(2..6)).await.unwrap();
        let size = part.size;
        let bytes: Vec<Bytes> = futures::TryStreamExt::try_collect(part.chunks)
            .await
            .unwrap();
        assert_eq!((bytes.concat(), size), (b"lo d".to_vec(), 10));
        assert_eq!(area.size("media/a.txt").await.unwrap(), Some(10));
        area.delete("media/a.txt").await.unwrap();
        area.delete("media/a.txt").await.unwrap();
        assert_eq!(area.size("media/a.txt").await.unwrap(), None);
        assert!(matches!(
            area.get("media/a.txt").await,
            Err(StorageError::NotFound)
        ));
        for bad in [
            "",
            "../x",
            "media/../x",
            "/etc/passwd",
            "media//x",
            ".hidden",
        ] {
            assert!(
                matches!(area.get(bad).await, Err(StorageError::NotFound)),
                "{bad}"
            );
        }
    }
}
