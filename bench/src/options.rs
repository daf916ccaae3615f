//! Command-line options and the sizes of each case.

use std::fmt;

/// The cases of issue 9 (numbered as there), then issue 17's. They run in the order of
/// [`Case::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// 1. `timekit::Client` vs raw hyper-util: sequential latency and concurrent throughput.
    ClientOverhead,
    /// 2. A 1,000-booking page into `Page<Booking>` vs into `serde_json::Value`.
    Decode,
    /// 3. 100,000 bookings through `Client::paginate`: items/s and peak RSS growth.
    Pagination,
    /// 4. Emulator `GET /bookings/{id}` vs a hello-world hyper server at 64 connections.
    EmulatorThroughput,
    /// 5. The availability engine at 2,000 and 4,000 bookings per resource.
    Availability,
    /// 6. Clean release build of `timekit-ops` alone, and that it has no hyper.
    OpsBuild,
    /// Issue 17: time per created blocking booking at 1,000 and 200,000 stored (and 1,000 and
    /// 20,000 on one resource), and resident memory per stored booking.
    StoreScaling,
    /// Issue 17: `GET /app` latency while 1,000-booking bulk creates and worst-case searches
    /// run.
    Responsiveness,
    /// Issue 18: creation time with `--state` vs in memory, and restart time on a state file
    /// of 100,000 bookings.
    StateFile,
}

impl Case {
    /// Every case, in running order: the pure-CPU cases first, on a fresh heap (decoding into
    /// `Value` slows down by a third on a heap fragmented by the network cases, which
    /// would flatter the typed decoder); issue 17's store case before the pagination case,
    /// whose 100,000-booking store, once freed, would be reused by the growing store and hide
    /// its memory (RSS per stored booking read 0.51 KiB after it, 1.17 KiB on its own); the
    /// pagination case after the other network cases, the load and state-file cases after
    /// it; the build last, as it uses every core.
    pub const ALL: [Case; 9] = [
        Case::Decode,
        Case::Availability,
        Case::ClientOverhead,
        Case::EmulatorThroughput,
        Case::StoreScaling,
        Case::Pagination,
        Case::Responsiveness,
        Case::StateFile,
        Case::OpsBuild,
    ];

    /// The name used on the command line, in the table and in `results.json`.
    pub fn name(self) -> &'static str {
        match self {
            Case::ClientOverhead => "client_overhead",
            Case::Decode => "decode",
            Case::Pagination => "pagination",
            Case::EmulatorThroughput => "emulator_throughput",
            Case::Availability => "availability",
            Case::OpsBuild => "ops_build",
            Case::StoreScaling => "store_scaling",
            Case::Responsiveness => "responsiveness",
            Case::StateFile => "state_file",
        }
    }

    fn from_name(name: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|case| case.name() == name)
    }
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many requests, iterations and bookings each case uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Unmeasured requests per client before the latency and throughput runs.
    pub warmup_requests: usize,
    /// Sequential requests per client, measured one by one.
    pub latency_requests: usize,
    /// Sequential requests per client in one round; the clients alternate round by round.
    pub latency_round: usize,
    /// Rounds of every throughput comparison, alternating the two sides.
    pub throughput_rounds: usize,
    /// Requests per client per throughput round, spread over the concurrent workers.
    pub throughput_requests: usize,
    /// Requests in flight at once in the throughput runs.
    pub concurrency: usize,
    /// Decodes of the 1,000-booking page per decoder.
    pub decode_iterations: usize,
    /// Bookings streamed through `paginate`.
    pub pagination_bookings: usize,
    /// Bookings per page in the pagination run.
    pub page_size: usize,
    /// Runs of each availability size (the median is reported).
    pub availability_runs: usize,
    /// Bookings per resource of the smaller availability input (the larger has twice as many).
    pub availability_bookings: usize,
    /// Bookings stored, spread over 1,000 resources, at the large creation measurement (the
    /// small one is at 1,000).
    pub store_bookings: usize,
    /// Bookings of the one resource at the large single-resource creation measurement (the
    /// small one is at 1,000).
    pub store_single_resource_bookings: usize,
    /// Bookings created over HTTP, one at a time, per creation measurement.
    pub store_creates: usize,
    /// 1,000-booking bulk creates sent while `GET /app` is probed.
    pub load_bulks: usize,
}

impl Scale {
    /// The sizes the issue asks for; under a minute of measuring on two cores.
    pub const FULL: Scale = Scale {
        warmup_requests: 2_000,
        latency_requests: 20_000,
        latency_round: 250,
        throughput_rounds: 30,
        throughput_requests: 10_000,
        concurrency: 64,
        decode_iterations: 200,
        pagination_bookings: 100_000,
        page_size: 1_000,
        availability_runs: 31,
        availability_bookings: 2_000,
        store_bookings: 200_000,
        store_single_resource_bookings: 20_000,
        store_creates: 1_000,
        load_bulks: 30,
    };

    /// A smoke run: same code paths, a tenth of the work or less. Its figures are noisy.
    pub const QUICK: Scale = Scale {
        warmup_requests: 200,
        latency_requests: 2_000,
        latency_round: 250,
        throughput_rounds: 4,
        throughput_requests: 2_000,
        concurrency: 64,
        decode_iterations: 5,
        pagination_bookings: 10_000,
        page_size: 1_000,
        availability_runs: 3,
        availability_bookings: 2_000,
        store_bookings: 20_000,
        store_single_resource_bookings: 5_000,
        store_creates: 200,
        load_bulks: 3,
    };
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `--quick` or `BENCH_QUICK=1`: the smaller [`Scale::QUICK`].
    pub quick: bool,
    /// The cases to run, in running order.
    pub cases: Vec<Case>,
}

impl Options {
    /// The sizes of this run.
    pub fn scale(&self) -> Scale {
        if self.quick {
            Scale::QUICK
        } else {
            Scale::FULL
        }
    }
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run the benchmark.
    Run(Options),
    /// Print the usage text.
    Help,
}

/// The usage text.
pub const USAGE: &str = "\
usage: cargo xtask bench [--quick] [--skip-build] [--build] [--only CASE[,CASE…]]

  --quick        smoke run with smaller counts (also BENCH_QUICK=1); skips the build case
  --skip-build   skip the clean `timekit-ops` build (case ops_build)
  --build        run the build case even in a quick run
  --only CASES   run only these cases: client_overhead, decode, pagination,
                 emulator_throughput, availability, store_scaling, responsiveness,
                 ops_build

Figures go to stdout and to target/bench/results.json.";

/// Reads the arguments (without the program name) and the value of `BENCH_QUICK`.
///
/// `BENCH_QUICK=1` (or `true`) means a quick run, and a quick run skips the build case
/// unless `--build` is given: the clean build alone takes longer than all other quick cases.
///
/// # Errors
/// A message naming the unknown argument or case.
pub fn parse<I, S>(args: I, bench_quick: Option<&str>) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut quick = matches!(bench_quick.map(str::trim), Some("1" | "true"));
    let mut skip_build = false;
    let mut force_build = false;
    let mut only: Option<Vec<Case>> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_ref() {
            "--quick" => quick = true,
            "--skip-build" => skip_build = true,
            "--build" => force_build = true,
            "--only" => {
                let list = args.next().ok_or("--only needs a list of cases")?;
                let mut cases = Vec::new();
                for name in list
                    .as_ref()
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                {
                    cases.push(
                        Case::from_name(name).ok_or_else(|| format!("unknown case {name:?}"))?,
                    );
                }
                only = Some(cases);
            }
            "-h" | "--help" => return Ok(Command::Help),
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    let run_build = !skip_build && (force_build || !quick);
    let cases = Case::ALL
        .into_iter()
        .filter(|case| only.as_ref().is_none_or(|only| only.contains(case)))
        .filter(|case| *case != Case::OpsBuild || run_build)
        .collect();
    Ok(Command::Run(Options { quick, cases }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str], bench_quick: Option<&str>) -> Options {
        match parse(args, bench_quick).unwrap() {
            Command::Run(options) => options,
            Command::Help => panic!("expected a run"),
        }
    }

    #[test]
    fn default_runs_every_case_at_full_scale() {
        let options = run(&[], None);
        assert_eq!(options.cases, Case::ALL.to_vec());
        assert!(!options.quick);
        assert_eq!(options.scale(), Scale::FULL);
    }

    #[test]
    fn skip_build_drops_only_the_build_case() {
        let options = run(&["--skip-build"], None);
        assert!(!options.cases.contains(&Case::OpsBuild));
        assert_eq!(options.cases.len(), Case::ALL.len() - 1);
    }

    #[test]
    fn bench_quick_env_means_quick_without_build() {
        let options = run(&[], Some("1"));
        assert!(options.quick);
        assert_eq!(options.scale(), Scale::QUICK);
        assert!(!options.cases.contains(&Case::OpsBuild));
        assert!(!run(&[], Some("0")).quick);
    }

    #[test]
    fn build_flag_overrides_quick_but_not_skip_build() {
        assert!(
            run(&["--quick", "--build"], None)
                .cases
                .contains(&Case::OpsBuild)
        );
        assert!(
            !run(&["--build", "--skip-build"], None)
                .cases
                .contains(&Case::OpsBuild)
        );
    }

    #[test]
    fn only_keeps_running_order() {
        let options = run(&["--only", "availability,decode"], None);
        assert_eq!(options.cases, vec![Case::Decode, Case::Availability]);
    }

    #[test]
    fn unknown_input_is_an_error() {
        assert!(parse(["--fast"], None).is_err());
        assert!(parse(["--only", "nope"], None).is_err());
        assert!(parse(["--only"], None).is_err());
        assert_eq!(parse(["--help"], None).unwrap(), Command::Help);
    }

    #[test]
    fn quick_scale_is_smaller_everywhere_it_counts() {
        let (full, quick) = (Scale::FULL, Scale::QUICK);
        assert!(quick.latency_requests < full.latency_requests);
        assert!(quick.pagination_bookings < full.pagination_bookings);
        assert!(quick.decode_iterations < full.decode_iterations);
        assert!(quick.throughput_rounds < full.throughput_rounds);
        assert!(quick.store_bookings < full.store_bookings);
        assert!(quick.load_bulks < full.load_bulks);
        assert_eq!(full.pagination_bookings / full.page_size, 100);
        // Issue 17's sizes.
        assert_eq!(full.store_bookings, 200_000);
        assert_eq!(full.store_single_resource_bookings, 20_000);
        assert_eq!(full.concurrency, 64);
    }
}
