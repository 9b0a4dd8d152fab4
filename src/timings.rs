//! `ANNALS_TIMINGS=1 annals build …`: the wall time at which each stage of
//! a build ends, on stderr (for profiling; not part of the interface, and
//! nothing is printed without the variable).

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<&'static Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    START.get_or_init(|| std::env::var_os("ANNALS_TIMINGS").map(|_| Instant::now())).as_ref()
}

/// Starts the clock (the first call does; later ones only read it).
pub fn begin() {
    let _ = start();
}

/// Prints the time since [`begin`] and `what` just ended.
pub fn mark(what: &str) {
    if let Some(start) = start() {
        eprintln!("[{:7.3} s] {what}", start.elapsed().as_secs_f64());
    }
}
