//! CPU time of this process's threads, from `/proc/self/task/*/schedstat` (Linux).
//!
//! Throughput alone cannot say which side was the bottleneck; the server threads' CPU time
//! per request can (a server busy only part of the time was not).

use std::fs;

/// Nanoseconds of CPU time used so far by this process's threads whose name starts with
/// `prefix`; `None` when `/proc` cannot be read.
pub fn threads_cpu_ns(prefix: &str) -> Option<u64> {
    let mut total = 0u64;
    for task in fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path();
        let Ok(name) = fs::read_to_string(path.join("comm")) else {
            continue; // the thread ended meanwhile
        };
        if !name.trim_end().starts_with(prefix) {
            continue;
        }
        if let Some(ns) = fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|text| parse_schedstat(&text))
        {
            total = total.saturating_add(ns);
        }
    }
    Some(total)
}

/// The first field of a `schedstat` line: time spent on a CPU, in nanoseconds.
pub fn parse_schedstat(text: &str) -> Option<u64> {
    text.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_running_time() {
        assert_eq!(parse_schedstat("339207237 184037 23\n"), Some(339_207_237));
        assert_eq!(parse_schedstat(""), None);
        assert_eq!(parse_schedstat("x 1 2"), None);
    }

    #[test]
    fn counts_only_the_named_threads() {
        let busy = std::thread::Builder::new()
            .name("cpu-test-busy".to_owned())
            .spawn(|| {
                let started = std::time::Instant::now();
                let mut spins = 0u64;
                while started.elapsed() < std::time::Duration::from_millis(30) {
                    spins = std::hint::black_box(spins + 1);
                }
                threads_cpu_ns("cpu-test-busy")
            })
            .unwrap()
            .join()
            .unwrap()
            .unwrap();
        assert!(busy >= 5_000_000, "{busy} ns");
        assert_eq!(threads_cpu_ns("no-such-thread-name"), Some(0));
    }
}
