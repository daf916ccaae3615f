//! Resident memory of this process, from `/proc/self/status` (Linux).

use std::fs;

/// The memory figures of one reading, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub rss: u64,
    /// `VmHWM`: the peak resident size ("high-water mark") since start or the last reset.
    pub peak: u64,
}

/// Reads `VmRSS` and `VmHWM` of this process; `None` when `/proc` is not available.
pub fn read() -> Option<Memory> {
    parse_status(&fs::read_to_string("/proc/self/status").ok()?)
}

/// Resets the peak (`VmHWM`) to the current resident size, so that a later reading shows the
/// peak of what ran in between rather than of everything before. Writing `5` to
/// `clear_refs` does exactly that (Linux ≥ 4.0). Returns whether it worked; when it did not,
/// a later peak can include earlier work and the growth figure is an upper bound.
pub fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Extracts `VmRSS` and `VmHWM` (given in kB) from the text of `/proc/<pid>/status`.
pub fn parse_status(status: &str) -> Option<Memory> {
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        let rest = line.get(name.len()..)?.trim_start_matches(':').trim();
        let kib: u64 = rest.split_whitespace().next()?.parse().ok()?;
        kib.checked_mul(1024)
    };
    Some(Memory {
        rss: field("VmRSS")?,
        peak: field("VmHWM")?,
    })
}

/// Bytes as MiB, for the report.
pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Name:\ttimekit-bench\nVmPeak:\t  900000 kB\nVmHWM:\t   20480 kB\n\
                          VmRSS:\t   10240 kB\nRssAnon:\t    8000 kB\n";

    #[test]
    fn parses_rss_and_peak_in_bytes() {
        assert_eq!(
            parse_status(SAMPLE),
            Some(Memory {
                rss: 10240 * 1024,
                peak: 20480 * 1024,
            })
        );
    }

    #[test]
    fn missing_fields_give_none() {
        assert_eq!(parse_status("Name:\tx\nVmRSS:\t1 kB\n"), None);
        assert_eq!(parse_status("VmHWM:\tlots kB\nVmRSS:\t1 kB\n"), None);
    }

    #[test]
    fn reads_this_process() {
        // Linux CI only; the bench itself tolerates a missing /proc.
        let memory = read().unwrap();
        assert!(memory.rss > 0);
        assert!(memory.peak >= memory.rss);
    }

    #[test]
    fn mib_converts() {
        assert_eq!(mib(3 * 1024 * 1024), 3.0);
    }
}
