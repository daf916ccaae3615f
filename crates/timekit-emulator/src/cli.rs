//! Command-line arguments of the `timekit-emulator` binary, parsed by hand.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Usage text shown for `--help` and after argument errors.
pub(crate) const USAGE: &str = "\
Usage: timekit-emulator [--addr ADDR] [--api-key KEY] [--widget-key KEY] [--max-connections N]
                        [--rate-limits] [--daily-quota N] [--webhook-secret SECRET]
                        [--control on|off] [--control-token TOKEN] [--state PATH]

A local Timekit API v2 for tests and development.

Options:
  --addr ADDR      address to listen on (default 127.0.0.1:8787; port 0 picks a free one)
  --api-key KEY    API key clients must send as the Basic-auth password
                   (default: $TIMEKIT_API_KEY, else a generated test_api_key_… that is printed)
  --widget-key KEY the app's widget key: handed out as app_key by hosted and embedded
                   projects, accepted only on the routes booking.js calls
                   (default: a generated test_widget_key_…; must differ from the API key)
  --max-connections N
                   connections open at once; more are answered 503 at once (default 512)
  --rate-limits    apply Timekit's rate limits (default: off): test_api_key_… keys get
                   429 after a daily quota, other keys a 10-request bucket refilled at
                   600 a minute, 503 beyond it
  --daily-quota N  the test-key quota per rolling 24 hours (default 3000; implies
                   --rate-limits)
  --webhook-secret SECRET
                   the app's webhook secret: GET /v2/app answers it, and every webhook
                   delivery is signed with it (default: a generated whsec_…)
  --control on|off serve the control API under /__emulator/ (clock, faults, reset, seed,
                   request counters and log, webhook deliveries) and the read-only
                   dashboard at /__emulator/dashboard (default: on when --addr is a
                   loopback address, off otherwise)
  --control-token TOKEN
                   require this token on the control API, as 'Authorization: Bearer TOKEN'
                   or 'X-Emulator-Token: TOKEN'; the API key is never accepted there
                   (default: none)
  --state PATH     keep the store in this SQLite file (created when missing): every
                   write is saved before it is answered and survives a restart or a
                   killed process; a torn write at its end is dropped on start, with a
                   line saying so (default: none, the store lives in memory only)
  -h, --help       show this help
";

/// The default listening address.
pub(crate) const DEFAULT_ADDR: &str = "127.0.0.1:8787";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    Help,
    Run {
        addr: SocketAddr,
        api_key: Option<String>,
        /// `--widget-key`, when given.
        widget_key: Option<String>,
        /// `--webhook-secret`, when given.
        webhook_secret: Option<String>,
        /// `--max-connections`, when given.
        max_connections: Option<usize>,
        /// The daily quota when rate limits are on (`--rate-limits`, `--daily-quota`).
        rate_limits: Option<u32>,
        /// `--control on|off`, when given (default: on for a loopback address).
        control: Option<bool>,
        /// `--control-token`, when given.
        control_token: Option<String>,
        /// `--state`, when given.
        state: Option<PathBuf>,
    },
}

/// Parses the arguments (without the program name); `env_key` is `$TIMEKIT_API_KEY`.
pub(crate) fn parse<I>(args: I, env_key: Option<String>) -> Result<Command, String>
where
    I: IntoIterator<Item = String>,
{
    let mut addr: Option<String> = None;
    let mut api_key: Option<String> = None;
    let mut widget_key: Option<String> = None;
    let mut webhook_secret: Option<String> = None;
    let mut max_connections: Option<String> = None;
    let mut daily_quota: Option<String> = None;
    let mut control: Option<String> = None;
    let mut control_token: Option<String> = None;
    let mut state: Option<String> = None;
    let mut rate_limits = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--rate-limits" {
            rate_limits = true;
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let slot = match name.as_str() {
            "-h" | "--help" if inline.is_none() => return Ok(Command::Help),
            "--addr" => &mut addr,
            "--api-key" => &mut api_key,
            "--widget-key" => &mut widget_key,
            "--webhook-secret" => &mut webhook_secret,
            "--max-connections" => &mut max_connections,
            "--daily-quota" => &mut daily_quota,
            "--control" => &mut control,
            "--control-token" => &mut control_token,
            "--state" => &mut state,
            _ => return Err(format!("unknown argument '{arg}'")),
        };
        let value = match inline {
            Some(value) => value,
            None => args.next().ok_or_else(|| format!("{name} needs a value"))?,
        };
        if slot.replace(value).is_some() {
            return Err(format!("{name} given twice"));
        }
    }
    let addr_text = addr.unwrap_or_else(|| DEFAULT_ADDR.to_owned());
    let addr = addr_text
        .parse::<SocketAddr>()
        .map_err(|_| format!("--addr '{addr_text}' is not an address like 127.0.0.1:8787"))?;
    let api_key = api_key.or(env_key.filter(|key| !key.is_empty()));
    if api_key
        .as_deref()
        .is_some_and(|key| key.is_empty() || key.chars().any(char::is_whitespace))
    {
        return Err("--api-key must be non-empty and contain no whitespace".to_owned());
    }
    if widget_key
        .as_deref()
        .is_some_and(|key| key.is_empty() || key.chars().any(char::is_whitespace))
    {
        return Err("--widget-key must be non-empty and contain no whitespace".to_owned());
    }
    if webhook_secret.as_deref().is_some_and(str::is_empty) {
        return Err("--webhook-secret must be non-empty".to_owned());
    }
    if widget_key.is_some() && widget_key == api_key {
        return Err("--widget-key must differ from the API key".to_owned());
    }
    let max_connections = max_connections
        .map(|text| match text.parse::<usize>() {
            Ok(max) if max >= 1 => Ok(max),
            _ => Err(format!(
                "--max-connections '{text}' must be a whole number of at least 1"
            )),
        })
        .transpose()?;
    let daily_quota = daily_quota
        .map(|text| {
            text.parse::<u32>()
                .map_err(|_| format!("--daily-quota '{text}' must be a whole number"))
        })
        .transpose()?;
    let rate_limits = match (rate_limits, daily_quota) {
        (_, Some(quota)) => Some(quota),
        (true, None) => Some(timekit_emulator::DEFAULT_DAILY_QUOTA),
        (false, None) => None,
    };
    let control = control
        .map(|text| match text.as_str() {
            "on" => Ok(true),
            "off" => Ok(false),
            _ => Err(format!("--control '{text}' must be on or off")),
        })
        .transpose()?;
    if control_token
        .as_deref()
        .is_some_and(|token| token.is_empty() || token.chars().any(char::is_whitespace))
    {
        return Err("--control-token must be non-empty and contain no whitespace".to_owned());
    }
    if control_token.is_some() && control_token == api_key {
        return Err("--control-token must differ from the API key".to_owned());
    }
    Ok(Command::Run {
        addr,
        api_key,
        widget_key,
        webhook_secret,
        max_connections,
        rate_limits,
        control,
        control_token,
        state: match state {
            Some(path) if path.is_empty() => return Err("--state needs a file path".to_owned()),
            path => path.map(PathBuf::from),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str], env: Option<&str>) -> Result<Command, String> {
        parse(args.iter().map(|a| (*a).to_owned()), env.map(str::to_owned))
    }

    #[test]
    fn state_takes_a_path() {
        let Ok(Command::Run { state, .. }) = run(&["--state", "emulator.db"], None) else {
            panic!("--state PATH parses");
        };
        assert_eq!(state, Some(PathBuf::from("emulator.db")));
        assert!(run(&["--state="], None).is_err());
        assert!(run(&["--state"], None).is_err());
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(
            run(&[], None).unwrap(),
            Command::Run {
                addr: DEFAULT_ADDR.parse().unwrap(),
                api_key: None,
                widget_key: None,
                webhook_secret: None,
                max_connections: None,
                rate_limits: None,
                control: None,
                control_token: None,
                state: None,
            }
        );
        assert_eq!(
            run(&["--addr", "127.0.0.1:0", "--api-key=k1"], Some("env")).unwrap(),
            Command::Run {
                addr: "127.0.0.1:0".parse().unwrap(),
                api_key: Some("k1".into()),
                widget_key: None,
                webhook_secret: None,
                max_connections: None,
                rate_limits: None,
                control: None,
                control_token: None,
                state: None,
            }
        );
        assert_eq!(
            run(&[], Some("from_env")).unwrap(),
            Command::Run {
                addr: DEFAULT_ADDR.parse().unwrap(),
                api_key: Some("from_env".into()),
                widget_key: None,
                webhook_secret: None,
                max_connections: None,
                rate_limits: None,
                control: None,
                control_token: None,
                state: None,
            }
        );
        assert!(matches!(
            run(&["--widget-key", "test_widget_key_w1"], Some("k1")).unwrap(),
            Command::Run {
                widget_key: Some(key),
                api_key: Some(api),
                ..
            } if key == "test_widget_key_w1" && api == "k1"
        ));
        assert_eq!(run(&["--help"], None).unwrap(), Command::Help);
        assert!(matches!(
            run(&["--rate-limits"], None).unwrap(),
            Command::Run {
                rate_limits: Some(3_000),
                ..
            }
        ));
        assert!(matches!(
            run(&["--daily-quota=5"], None).unwrap(),
            Command::Run {
                rate_limits: Some(5),
                ..
            }
        ));
        assert!(matches!(
            run(&["--webhook-secret=whsec_demo"], None).unwrap(),
            Command::Run {
                webhook_secret: Some(secret),
                ..
            } if secret == "whsec_demo"
        ));
        assert!(matches!(
            run(&["--control", "off", "--control-token=ct1"], Some("k1")).unwrap(),
            Command::Run {
                control: Some(false),
                control_token: Some(token),
                state: None,
                ..
            } if token == "ct1"
        ));
        assert!(matches!(
            run(&["--control=on"], None).unwrap(),
            Command::Run {
                control: Some(true),
                ..
            }
        ));
        assert!(matches!(
            run(&["--max-connections", "8"], None).unwrap(),
            Command::Run {
                max_connections: Some(8),
                ..
            }
        ));
    }

    #[test]
    fn bad_arguments() {
        for args in [
            &["--port", "1"][..],
            &["--addr"],
            &["--addr", "localhost"],
            &["--addr", "1.2.3.4:1", "--addr", "1.2.3.4:2"],
            &["--api-key", ""],
            &["--widget-key", ""],
            &["--widget-key", "a b"],
            &["--widget-key", "same", "--api-key", "same"],
            &["--max-connections", "0"],
            &["--max-connections", "many"],
            &["--daily-quota", "-1"],
            &["--rate-limits=yes"],
            &["--webhook-secret", ""],
            &["--webhook-secret"],
            &["--control", "yes"],
            &["--control"],
            &["--control-token", ""],
            &["--control-token", "same", "--api-key", "same"],
            &["extra"],
        ] {
            assert!(run(args, None).is_err(), "{args:?}");
        }
    }
}
