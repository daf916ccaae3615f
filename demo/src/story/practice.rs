//! Connecting to the app and creating the two resources, in two time zones.

use timekit::Client;
use timekit::model::CreateResourceRequest;
use timekit::model::constraint::{Constraint, Hours};

use super::Place;
use crate::failure::{During as _, Failure};
use crate::transcript::{Transcript, fields};

/// `GET /app`: which app the key belongs to.
pub async fn connect(client: &Client, out: &mut Transcript) -> Result<(), Failure> {
    let app = client.get_app().await.during("get_app")?;
    let name = app.name().unwrap_or(app.slug.as_str()).to_owned();
    let mode = match app.test_mode {
        Some(true) => "test mode",
        Some(false) => "live mode",
        None => "mode not reported",
    };
    out.row("get_app", "connected", &format!("app \"{name}\" ({mode})"));
    Ok(())
}

/// `POST /resources` twice: the therapist in Copenhagen and the studio in New York, each
/// open on weekdays in its own local hours.
pub async fn open(client: &Client, out: &mut Transcript) -> Result<(Place, Place), Failure> {
    let therapist = create(
        client,
        out,
        ("Dr. Ida Holm", "Europe/Copenhagen", "Copenhagen"),
        (9, 17),
    )
    .await?;
    let studio = create(
        client,
        out,
        ("Studio Hudson", "America/New_York", "New York"),
        (8, 18),
    )
    .await?;
    Ok((therapist, studio))
}

async fn create(
    client: &Client,
    out: &mut Transcript,
    (name, zone, city): (&str, &str, &'static str),
    (open, close): (u8, u8),
) -> Result<Place, Failure> {
    let request = CreateResourceRequest::new(name, zone)
        .constraint(Constraint::AllowHours(Hours::new(open, close)))
        .constraint(Constraint::BlockWeekends)
        .meta("demo", "timekit-rs");
    let resource = client
        .create_resource(request)
        .await
        .during(format!("create_resource {name}"))?;
    let hours = format!("Mon–Fri {open:02}:00–{close:02}:00 local");
    out.row(
        "create_resource",
        "created",
        &fields(&[(&resource.name, 15), (&resource.timezone, 19), (&hours, 0)]),
    );
    Place::new(resource, city)
}
