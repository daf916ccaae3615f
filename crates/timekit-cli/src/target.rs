//! Where requests go: the configured Timekit API, or an emulator embedded for one command.

use timekit::transport::HyperTransport;
use timekit::{Client, ClientBuilder};
use timekit_emulator::{Emulator, EmulatorHandle};

use crate::cli::GlobalOptions;
use crate::failure::{Failure, chain};

/// A client, and the embedded emulator it talks to when `--emulator` was given.
pub struct Target {
    /// The client every command runs through.
    pub client: Client<HyperTransport>,
    emulator: Option<EmulatorHandle>,
}

impl Target {
    /// Builds the client from the global options, starting an emulator for `--emulator`.
    ///
    /// # Errors
    /// [`Failure::BadInput`] for a missing key or unusable base URL; [`Failure::Transport`]
    /// when the emulator or the HTTP stack cannot start.
    pub async fn connect(options: &GlobalOptions) -> Result<Self, Failure> {
        if options.emulator {
            let emulator = Emulator::start().await.map_err(|err| {
                Failure::Transport(format!("cannot start the embedded emulator: {err}"))
            })?;
            let client = build_client(
                Client::builder().api_key(emulator.api_key()),
                emulator.base_url(),
            )?;
            return Ok(Self {
                client,
                emulator: Some(emulator),
            });
        }
        let builder = match (
            options.resource_key().map_err(Failure::BadInput)?,
            &options.api_key,
        ) {
            // Legacy resource key.
            (Some((app, email, token)), _) => Client::builder().resource_key(app, email, token),
            (None, Some(key)) => Client::builder().api_key(key.as_str()),
            (None, None) => {
                return Err(Failure::BadInput(
                    "no API key: set TIMEKIT_API_KEY or pass --api-key (or use --emulator)"
                        .to_owned(),
                ));
            }
        };
        let client = build_client(builder, &options.base_url)?;
        Ok(Self {
            client,
            emulator: None,
        })
    }

    /// Stops the embedded emulator, if any, and waits for it.
    pub async fn close(self) {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await;
        }
    }
}

fn build_client(builder: ClientBuilder, base_url: &str) -> Result<Client<HyperTransport>, Failure> {
    builder.base_url(base_url).build().map_err(|err| match err {
        timekit::ConfigError::Transport(_) => Failure::Transport(chain(&err)),
        _ => Failure::BadInput(chain(&err)),
    })
}
