#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Integration tests of vigie's store.
//!
//! Most tests are a conformance suite written against the [`vigie_store::Store`] trait: each case is an
//! `async fn(&dyn Store)` (or `async fn(Arc<dyn Store>)` when it spawns tasks) in one of the case modules, and
//! [`store_tests!`] runs every case against one backend. A new backend (PostgreSQL) adds one line at the bottom
//! of this file: `mod postgres { store_tests!(crate::common::postgres); }`. Tests that only make sense for
//! SQLite (triggers, files, raw SQL) are in [`sqlite`].

mod accounts;
mod audit;
mod cases;
mod common;
mod content;
mod exchange;
mod imports;
mod migrate;
mod networks;
mod pg;
mod plan;
mod reads;
mod sqlite;
mod tokens;

/// Every conformance case, run against the backend that `$open` (an `async fn() -> common::Fixture`) opens.
macro_rules! store_tests {
    ($open:path) => {
        store_tests!(@run $open;
            cases:
            imports::every_kind_is_imported_and_summarised,
            imports::rows_built_by_hand_are_imported,
            imports::reimporting_changes_nothing_but_is_recorded,
            imports::conflicting_areas_refuse_the_whole_file,
            imports::conflicting_incidents_refuse_the_whole_file,
            imports::conflicting_indicators_refuse_the_whole_file,
            imports::conflicting_agencies_refuse_the_whole_file,
            imports::unknown_references_are_refused,
            imports::incidents_without_area_are_located,
            imports::incidents_before_any_area_are_stored_without_area,
            imports::reimporting_incidents_after_the_areas_is_not_a_conflict,
            imports::bytes_that_are_not_utf8_are_refused,
            imports::stored_values_equal_parsed_values,
            imports::negative_zero_reimports_unchanged,
            reads::areas_are_read_back_whole,
            reads::indicator_values_and_periods,
            reads::incidents_filtered_newest_first,
            reads::incident_counts_by_each_grouping,
            accounts::users_are_created_and_audited,
            accounts::users_are_changed_and_audited,
            accounts::changing_a_user_ends_their_sessions,
            accounts::sessions_are_stored_touched_and_purged,
            accounts::login_failures_are_counted_cleared_and_purged,
            audit::every_write_appends_one_chained_entry,
            audit::the_data_version_moves_with_changes_only,
            cases::a_case_goes_from_intake_to_a_referral_accepted,
            cases::need_to_know_is_checked_on_every_read,
            cases::bad_requests_are_refused_and_change_nothing,
            cases::erasure_and_retention_leave_only_counts,
            cases::every_read_and_change_of_a_case_is_audited,
            cases::legal_help_notes_are_for_the_provider_alone,
            networks::networks_are_the_analysts_sealed_and_audited,
            networks::the_administrator_grants_network_analysis_to_a_role,
            plan::the_coordinator_owns_the_plan_and_partners_follow_their_measures,
            content::the_coordinator_edits_and_publishes_and_every_version_is_kept,
            exchange::partners_keys_and_packages_are_kept_sealed_and_audited,
            tokens::tokens_are_made_found_listed_revoked_and_audited,
            ;
            shared:
            audit::concurrent_writers_keep_the_chain,
        );
    };
    (@run $open:path;
        cases: $($(#[$cm:meta])* $cmod:ident::$case:ident,)* ;
        shared: $($(#[$sm:meta])* $smod:ident::$shared:ident,)*
    ) => {
        $(
            $(#[$cm])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let Some(fixture) = $open().await else { return };
                crate::$cmod::$case(fixture.store()).await;
            }
        )*
        $(
            $(#[$sm])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $shared() {
                let Some(fixture) = $open().await else { return };
                crate::$smod::$shared(fixture.store.clone()).await;
            }
        )*
    };
}

/// SQLite, in memory.
mod sqlite_memory {
    store_tests!(crate::common::memory);
}

/// SQLite, in a file (WAL, a writer and a pool of readers).
mod sqlite_file {
    store_tests!(crate::common::file);
}

/// PostgreSQL: a new database on the server of `VIGIE_TEST_POSTGRES` for each case.
mod postgres {
    store_tests!(crate::common::postgres);
}
