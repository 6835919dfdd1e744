//! Computed parts of pages (counts, maps, charts) kept until the data changes: the version is
//! `Store::data_version` (the audit log's newest entry: every change is audited), so a page never shows data older
//! than the last change. Entries of an older version are dropped when a newer one is stored; the number of entries
//! is bounded (keys may carry query parameters).

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use crate::AppState;
use crate::error::AppError;

/// The most entries kept at once.
const MAX_ENTRIES: usize = 512;

type Entry = (i64, Arc<dyn Any + Send + Sync>);

/// The kept parts.
#[derive(Default)]
pub struct Computed(Mutex<HashMap<String, Entry>>);

/// The value for `key` at the current data version, computed by `f` when not kept.
pub async fn cached<T, F, Fut>(state: &AppState, key: String, f: F) -> Result<Arc<T>, AppError>
where
    T: Any + Send + Sync,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let version = state.store.data_version().await?;
    if let Ok(map) = state.computed.0.lock()
        && let Some((v, value)) = map.get(&key)
        && *v == version
        && let Ok(t) = value.clone().downcast::<T>()
    {
        return Ok(t);
    }
    let value = Arc::new(f().await?);
    if let Ok(mut map) = state.computed.0.lock() {
        map.retain(|_, (v, _)| *v == version);
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key, (version, value.clone() as Arc<dyn Any + Send + Sync>));
    }
    Ok(value)
}
