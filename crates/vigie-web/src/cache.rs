//! Computed parts of pages (counts, maps, charts) kept until the data changes: the version is
//! `Store::data_version` (the audit log's newest entry: every change is audited), so a page never shows data older
//! than the last change. Entries of an older version are dropped when a newer one is stored; the number of entries
//! is bounded (keys may carry query parameters). One request computes a missing part while the others asking for
//! it wait for its result (a part may take a second to compute: a hundred requests computing it at once would
//! take the server down).

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use crate::AppState;
use crate::error::AppError;

/// The most entries kept at once.
const MAX_ENTRIES: usize = 512;

type Entry = (i64, Arc<dyn Any + Send + Sync>);

/// The kept parts, and a lock per part being computed.
#[derive(Default)]
pub struct Computed {
    kept: Mutex<HashMap<String, Entry>>,
    computing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Computed {
    fn get<T: Any + Send + Sync>(&self, key: &str, version: i64) -> Option<Arc<T>> {
        let map = self.kept.lock().ok()?;
        let (v, value) = map.get(key)?;
        if *v != version {
            return None;
        }
        value.clone().downcast::<T>().ok()
    }
}

/// The value for `key` at the current data version, computed by `f` when not kept.
pub async fn cached<T, F, Fut>(state: &AppState, key: String, f: F) -> Result<Arc<T>, AppError>
where
    T: Any + Send + Sync,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let version = state.store.data_version().await?;
    if let Some(t) = state.computed.get::<T>(&key, version) {
        return Ok(t);
    }
    // One computes; the others wait for it, then find the part kept.
    let lock = match state.computed.computing.lock() {
        Ok(mut m) => m.entry(key.clone()).or_default().clone(),
        Err(_) => Arc::default(),
    };
    let computing = lock.lock().await;
    if let Some(t) = state.computed.get::<T>(&key, version) {
        drop(computing);
        release(state, &key);
        return Ok(t);
    }
    let result = f().await.map(Arc::new);
    if let Ok(value) = &result
        && let Ok(mut map) = state.computed.kept.lock()
    {
        map.retain(|_, (v, _)| *v == version);
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(
            key.clone(),
            (version, value.clone() as Arc<dyn Any + Send + Sync>),
        );
    }
    drop(computing);
    release(state, &key);
    result
}

/// Forgets the lock of `key` when nobody else waits on it (only the map and the caller hold it), so that keys with
/// query parameters do not pile up.
fn release(state: &AppState, key: &str) {
    if let Ok(mut m) = state.computed.computing.lock()
        && m.get(key).is_some_and(|l| Arc::strong_count(l) <= 2)
    {
        m.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_part_asked_for_at_once_is_computed_once() {
        let store = vigie_store::SqlStore::in_memory().await.unwrap();
        let state = AppState::new(
            Arc::new(store),
            Arc::new(crate::clock::SystemClock),
            crate::WebConfig::default(),
        );
        let runs = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (state, runs) = (state.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                cached(&state, "part".into(), || async {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Ok(42_u32)
                })
                .await
                .map(|v| *v)
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), 42);
        }
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "computed once, the others waited for it"
        );
        // No lock is left behind once nobody waits.
        assert!(state.computed.computing.lock().unwrap().is_empty());
        // A failure is not kept: the next request computes again.
        let e = cached::<u32, _, _>(&state, "failing".into(), || async {
            Err(AppError::internal(crate::i18n::Lang::En))
        })
        .await;
        assert!(e.is_err());
        let ok = cached(&state, "failing".into(), || async { Ok(7_u32) })
            .await
            .unwrap();
        assert_eq!(*ok, 7);
    }
}
