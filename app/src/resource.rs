//! The one way the hydrated areas load data: a Leptos `Resource` whose value
//! travels from the server to the browser as JSON.
//!
//! Leptos' default resource codec decodes from `&str` while server
//! functions decode their results from bytes, and serde_json compiles one
//! deserializer per type *per reader*: every result type was in the wasm
//! twice (14 % of its code was `deserialize_struct`). [`Json`] decodes
//! resources from bytes too, so each type's deserializer is compiled once.
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON, decoded from bytes like server function results.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(encoded.as_bytes())
    }
}

/// A resource of the hydrated areas.
pub type Resource<T> = leptos::prelude::Resource<T, Json>;

/// Loads `fetcher(source())` on the server, sends the value with the page
/// and reloads it in the browser whenever `source` changes.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
