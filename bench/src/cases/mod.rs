//! The six cases of issue 9 and the two of issue 17, one file each.

pub mod availability;
pub mod client_overhead;
pub mod decode;
pub mod emulator_throughput;
pub mod ops_build;
pub mod pagination;
pub mod responsiveness;
pub mod state_file;
pub mod store_scaling;

use tokio::runtime::Handle;

use crate::fixtures::{self, BookingBodies};
use crate::options::Scale;

/// What the cases share: where servers run, how big the run is, and the booking bodies
/// (fetched from an emulator once, on first use).
#[derive(Debug)]
pub struct Context {
    /// The runtime servers and emulators run on (one worker thread: one core), separate
    /// from the client runtime that drives the measurements on the main thread.
    pub server: Handle,
    /// The sizes of this run.
    pub scale: Scale,
    bodies: Option<BookingBodies>,
}

impl Context {
    /// A context whose servers run on `server`.
    pub fn new(server: Handle, scale: Scale) -> Self {
        Context {
            server,
            scale,
            bodies: None,
        }
    }

    /// The one-booking and 1,000-booking bodies, fetched from an emulator the first time.
    ///
    /// # Errors
    /// When the emulator cannot be started or read.
    pub async fn bodies(&mut self) -> Result<BookingBodies, String> {
        if let Some(bodies) = &self.bodies {
            return Ok(bodies.clone());
        }
        let bodies = fixtures::booking_bodies(&self.server).await?;
        self.bodies = Some(bodies.clone());
        Ok(bodies)
    }
}
