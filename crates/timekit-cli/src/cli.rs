//! The command line: global options and one subcommand per Timekit operation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use timekit_model::Timestamp;

/// Where a request body comes from: a file, or standard input for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodySource {
    /// Read the body from standard input.
    Stdin,
    /// Read the body from this file.
    File(PathBuf),
}

impl BodySource {
    /// How the source is named in messages: the path, or `standard input`.
    pub fn describe(&self) -> String {
        match self {
            BodySource::Stdin => "standard input".to_owned(),
            BodySource::File(path) => format!("'{}'", path.display()),
        }
    }
}

impl From<&str> for BodySource {
    fn from(text: &str) -> Self {
        if text == "-" {
            BodySource::Stdin
        } else {
            BodySource::File(PathBuf::from(text))
        }
    }
}

/// Command-line client for the Timekit scheduling API v2.
///
/// Prints the `data` of each answer as JSON (pretty on a terminal, compact when piped).
/// Exit codes: 0 ok, 1 output not writable, 2 usage or bad input, 3 incorrect credentials,
/// 4 other API error, 5 transport error.
#[derive(Debug, Parser)]
#[command(name = "timekit", version, propagate_version = true)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: GlobalOptions,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command.
// `Debug` is written by hand (below) so the API key never appears in debug output.
#[derive(Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalOptions {
    /// API base URL.
    #[arg(
        long,
        global = true,
        env = "TIMEKIT_BASE_URL",
        default_value = "https://api.timekit.io/v2",
        value_name = "URL"
    )]
    pub base_url: String,

    /// API key (prefer the TIMEKIT_API_KEY environment variable: a flag shows up in `ps`).
    #[arg(
        long,
        global = true,
        env = "TIMEKIT_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<String>,

    /// Legacy resource-key auth instead of the API key: the app's slug (`Timekit-App`),
    /// with --resource-email and --resource-token.
    #[arg(long, global = true, env = "TIMEKIT_APP", value_name = "SLUG")]
    pub timekit_app: Option<String>,

    /// Legacy resource-key auth: the resource's e-mail.
    #[arg(
        long,
        global = true,
        env = "TIMEKIT_RESOURCE_EMAIL",
        value_name = "EMAIL"
    )]
    pub resource_email: Option<String>,

    /// Legacy resource-key auth: the resource's `api_token` (prefer the
    /// TIMEKIT_RESOURCE_TOKEN environment variable).
    #[arg(
        long,
        global = true,
        env = "TIMEKIT_RESOURCE_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub resource_token: Option<String>,

    /// Run against an embedded emulator started for this one command (no key needed;
    /// --base-url and --api-key are not used).
    #[arg(long, global = true)]
    pub emulator: bool,

    /// Print the whole response body instead of its `data`.
    #[arg(long, global = true)]
    pub raw: bool,
}

impl GlobalOptions {
    /// The legacy resource key `(app slug, e-mail, token)` when its three options are set.
    ///
    /// # Errors
    /// A message naming the missing options when only some are set. (Checked here, not by
    /// clap: clap's `requires` misjudges global options whose value comes from the
    /// environment.)
    pub fn resource_key(&self) -> Result<Option<(&str, &str, &str)>, String> {
        match (
            self.timekit_app.as_deref(),
            self.resource_email.as_deref(),
            self.resource_token.as_deref(),
        ) {
            (Some(app), Some(email), Some(token)) => Ok(Some((app, email, token))),
            (None, None, None) => Ok(None),
            (app, email, token) => {
                let missing: Vec<&str> = [
                    ("--timekit-app (TIMEKIT_APP)", app),
                    ("--resource-email (TIMEKIT_RESOURCE_EMAIL)", email),
                    ("--resource-token (TIMEKIT_RESOURCE_TOKEN)", token),
                ]
                .into_iter()
                .filter(|(_, value)| value.is_none())
                .map(|(name, _)| name)
                .collect();
                Err(format!(
                    "the resource key needs all three options; missing {}",
                    missing.join(", ")
                ))
            }
        }
    }
}

impl std::fmt::Debug for GlobalOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalOptions")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("timekit_app", &self.timekit_app)
            .field(
                "resource_email",
                &self.resource_email.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "resource_token",
                &self.resource_token.as_ref().map(|_| "<redacted>"),
            )
            .field("emulator", &self.emulator)
            .field("raw", &self.raw)
            .finish()
    }
}

/// The resource groups of the API.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The app the API key belongs to.
    #[command(subcommand)]
    App(AppCommand),
    /// Bookable resources (people, rooms, …).
    #[command(subcommand)]
    Resources(ResourcesCommand),
    /// Free slots of resources.
    #[command(subcommand)]
    Availability(AvailabilityCommand),
    /// Bookings and their state machine.
    #[command(subcommand)]
    Bookings(BookingsCommand),
    /// Projects (event types: resources, availability and booking defaults).
    #[command(subcommand)]
    Projects(ProjectsCommand),
    /// Locations (containers of projects, searchable by distance).
    #[command(subcommand)]
    Locations(LocationsCommand),
    /// Services (`/location/services`: similar projects across locations).
    #[command(subcommand)]
    Services(ServicesCommand),
    /// Calendars of resources (their events block availability).
    #[command(subcommand)]
    Calendars(CalendarsCommand),
    /// Events in calendars (busy time without a booking).
    #[command(subcommand)]
    Events(EventsCommand),
    /// FindTime, the legacy availability query (deprecated by Timekit: use `availability`).
    #[command(subcommand)]
    Findtime(FindtimeCommand),
    /// Credentials (tokens) of resources (legacy resource-key auth).
    #[command(subcommand)]
    Credentials(CredentialsCommand),
    /// Resource login (legacy): prints the resource's `api_token`.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Connected Google/Microsoft accounts (legacy; needs the resource key).
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Apps of the authenticated resource (`/apps`; needs the resource key).
    #[command(subcommand)]
    Apps(AppsCommand),
    /// E-mail templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Webhooks: booking state changes pushed to a URL, signed with the app's secret.
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
}

/// `timekit webhooks …`
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// GET /webhooks: the app's webhooks.
    List,
    /// POST /webhooks: send bookings of GRAPH entering STATE to URL.
    Create {
        /// Where deliveries go (absolute http(s) URL).
        #[arg(long)]
        url: String,
        /// Booking graph (`instant`, `confirm_decline`, …).
        #[arg(long)]
        graph: String,
        /// Booking state that triggers a delivery (`confirmed`, `cancelled`, …).
        #[arg(long)]
        state: String,
        /// Delivery method: POST or PUT.
        #[arg(long, default_value = "POST")]
        method: String,
    },
    /// DELETE /webhooks/{id}: delete a webhook.
    Delete {
        /// Webhook id.
        id: String,
    },
    /// Receive deliveries here: registers http://127.0.0.1:PORT/ (or --public-url), prints
    /// each verified booking as one JSON line, answers 401 to unverifiable ones, and deletes
    /// the registration on Ctrl-C or SIGTERM.
    Listen(ListenArgs),
}

/// `timekit webhooks listen …`
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Port to listen on at 127.0.0.1 (0: any free port).
    #[arg(long)]
    pub port: u16,
    /// Booking graph to watch.
    #[arg(long)]
    pub graph: String,
    /// Booking state that triggers a delivery.
    #[arg(long)]
    pub state: String,
    /// URL to register instead of http://127.0.0.1:PORT/ (a tunnel to this port).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Delivery method: POST or PUT.
    #[arg(long, default_value = "POST")]
    pub method: String,
}

/// `timekit app …`
#[derive(Debug, Subcommand)]
pub enum AppCommand {
    /// GET /app: the app the key belongs to.
    Get {
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// POST /app/invite: invite an existing Timekit resource by e-mail.
    Invite {
        /// The e-mail to invite (shorthand for a body `{"email": …}`).
        #[arg(long, conflicts_with = "body", required_unless_present = "body")]
        email: Option<String>,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: Option<BodySource>,
    },
}

/// `timekit resources …`
#[derive(Debug, Subcommand)]
pub enum ResourcesCommand {
    /// POST /resources: create a resource.
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// GET /resources: list resources.
    List {
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
    },
    /// GET /resources/{id}: one resource.
    Get {
        /// Resource id.
        id: String,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// PUT /resources/{id}: change a resource (partial update).
    Update {
        /// Resource id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /resources/{id}: delete a resource.
    Delete {
        /// Resource id.
        id: String,
    },
    /// GET /resources/timezone/{email}: the time zone and UTC offset of a resource.
    Timezone {
        /// The resource's e-mail.
        email: String,
    },
    /// POST /resources/resetpassword: send a resource a password-reset e-mail.
    ResetPassword {
        /// The resource's e-mail (shorthand for a body `{"email": …}`).
        #[arg(long, conflicts_with = "body", required_unless_present = "body")]
        email: Option<String>,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: Option<BodySource>,
    },
}

/// `timekit calendars …`
#[derive(Debug, Subcommand)]
pub enum CalendarsCommand {
    /// GET /calendars: list calendars.
    List {
        /// Related objects to embed (`include` query), e.g. `events`.
        #[arg(long)]
        include: Option<String>,
    },
    /// GET /calendars/{id}: one calendar.
    Get {
        /// Calendar id.
        id: String,
        /// Related objects to embed (`include` query), e.g. `events`.
        #[arg(long)]
        include: Option<String>,
    },
    /// POST /calendars: create a calendar (body `{"name", "resource_id", …}`).
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// PUT /calendars/{id}: change a calendar (partial update).
    Update {
        /// Calendar id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /calendars/{id}: delete a calendar.
    Delete {
        /// Calendar id.
        id: String,
    },
}

/// `timekit events …`
#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// GET /events: the events between two times.
    List {
        /// Only events from this RFC 3339 time on.
        #[arg(long)]
        start: Timestamp,
        /// Only events up to this RFC 3339 time.
        #[arg(long)]
        end: Timestamp,
        /// Only the events of this calendar (search `calendar.id:<id>`).
        #[arg(long, value_name = "ID")]
        calendar: Option<String>,
        /// Search criteria, `key:value` joined with `;`.
        #[arg(long)]
        search: Option<String>,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// GET /events/{id}: one event.
    Get {
        /// Event id.
        id: String,
    },
    /// POST /events: create an event (body `{"calendar_id", "start", "end", "what",
    /// "where", …}`); it blocks its resource's availability.
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// PUT /events/{id}: change an event (partial update).
    Update {
        /// Event id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /events/{id}: delete an event.
    Delete {
        /// Event id.
        id: String,
    },
}

/// `timekit findtime …` (deprecated by Timekit)
#[derive(Debug, Subcommand)]
pub enum FindtimeCommand {
    /// POST /findtime: mutual free time of resources (body `{"resource_ids", "future",
    /// "length", "filters", …}`).
    Query {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// POST /findtime/bulk: several queries at once (body `{"queries": […]}`); prints one
    /// list of slots per query.
    Bulk {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// POST /findtime/team: slots where any team member is free (body `{"users": […]}`).
    Team {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
}

/// `timekit credentials …`
#[derive(Debug, Subcommand)]
pub enum CredentialsCommand {
    /// GET /credentials: list credentials.
    List {
        /// Only the credentials of this resource (search `resource.id:<id>`).
        #[arg(long, value_name = "ID")]
        resource: Option<String>,
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
    },
    /// POST /credentials: create a credential (as the resource: use the resource key).
    Create {
        /// Create a widget client token (body `{"type": "client-token", "scopes": "widget"}`).
        #[arg(long, conflicts_with = "body", required_unless_present = "body")]
        widget: bool,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: Option<BodySource>,
    },
    /// DELETE /credentials/{id}: delete a credential.
    Delete {
        /// Credential id.
        id: String,
    },
}

/// `timekit auth …`
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// POST /auth: log a resource in (body `{"email", "password"}`, best from standard
    /// input); prints the resource with its `api_token`.
    Login {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
}

/// `timekit accounts …`
#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// GET /accounts: the connected calendar accounts.
    List,
    /// POST /accounts/sync: sync the Google account.
    SyncGoogle,
    /// POST /accounts/microsoft/sync: sync the Microsoft account.
    SyncMicrosoft,
}

/// `timekit apps …`
#[derive(Debug, Subcommand)]
pub enum AppsCommand {
    /// GET /apps: the resource's apps.
    List,
    /// POST /apps: create an app (body `{"name", "settings"?}`).
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// PUT /apps/{slug}: change an app's settings (body `{"settings": {…}}`).
    Update {
        /// App slug.
        slug: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /apps/{slug}: delete an app.
    Delete {
        /// App slug.
        slug: String,
    },
}

/// `timekit templates …`
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// GET /templates: list e-mail templates.
    List,
    /// GET /templates/{slug}: one e-mail template.
    Get {
        /// Template slug.
        slug: String,
    },
    /// PUT /templates/{slug}: change a template (body `{"subject"?, "body"?, "name"?}`).
    Update {
        /// Template slug.
        slug: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
}

/// `timekit availability …`
#[derive(Debug, Subcommand)]
pub enum AvailabilityCommand {
    /// POST /availability: find bookable slots.
    Query {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// POST /availability/dates: the dates with at least one free slot.
    Dates {
        /// Request body (the `availability query` body, e.g. only `project_id`): a JSON
        /// file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// POST /availability/count: how many slots are free.
    Count {
        /// Request body (the `availability query` body): a JSON file, or `-` for standard
        /// input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// POST /unavailable/slots: the slots that are not free.
    Unavailable {
        /// Request body (the `availability query` body): a JSON file, or `-` for standard
        /// input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
}

/// `timekit bookings …`
#[derive(Debug, Subcommand)]
pub enum BookingsCommand {
    /// POST /bookings: create a booking.
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// GET /bookings: list bookings.
    List {
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
        /// Ordering and time window.
        #[command(flatten)]
        order: BookingListOptions,
    },
    /// GET /bookings/{id}: one booking.
    Get {
        /// Booking id.
        id: String,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// PUT /bookings/{id}/{action}: apply an action (confirm, decline, cancel, complete, …).
    Action {
        /// Booking id.
        id: String,
        /// Action name.
        action: String,
        /// Action input, e.g. `{"cancel": {"message": "…"}}`: a JSON file, or `-` for
        /// standard input (default `{}`).
        #[arg(long, value_name = "FILE")]
        body: Option<BodySource>,
    },
    /// PUT /bookings/{id}: update the booking's meta data (body `{"meta": {…}}`).
    Meta {
        /// Booking id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// POST /bookings/bulk: create several bookings (body `{"bookings": […]}`).
    BulkCreate {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// PUT /bookings/bulk: apply actions to several bookings (body `{"bookings": […]}`).
    BulkUpdate {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /bookings/{id}: delete a booking in a final state.
    Delete {
        /// Booking id.
        id: String,
    },
    /// GET /bookings/groups: list group slots (classes customers take seats in).
    Groups {
        /// Only the group slots of this project (search `project.id:<id>`).
        #[arg(long, value_name = "ID")]
        project: Option<String>,
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
    },
    /// GET /bookings/groups/{id}: one group slot.
    Group {
        /// Group slot (`group_owner` booking) id.
        id: String,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// POST /bookings/reserve: hold a slot for a while (body `{"resource_id", "start",
    /// "end", "reservation_time": seconds, …}`).
    Reserve {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// PUT /bookings/reserve/extend: hold a reservation for a new time, counted from now.
    Extend {
        /// Reservation id (the id `bookings reserve` printed).
        reservation_id: String,
        /// How long to hold it, in seconds from now.
        #[arg(long)]
        seconds: u64,
    },
    /// POST /bookings/{id}/reschedule: move a booking (body `{"start", "end",
    /// "resource_id", "message"?}`); prints the booking at the new time, whose id may differ.
    Reschedule {
        /// Booking id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
}

/// `timekit projects …`
#[derive(Debug, Subcommand)]
pub enum ProjectsCommand {
    /// GET /projects: list projects.
    List {
        /// Only projects at this location (search `locations.uuid:<id>`).
        #[arg(long, value_name = "ID")]
        location: Option<String>,
        /// Only projects of this service (search `services.uuid:<id>`).
        #[arg(long, value_name = "ID")]
        service: Option<String>,
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
    },
    /// GET /projects/{id}: one project.
    Get {
        /// Project id.
        id: String,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// GET /projects/hosted/{slug}: the project of a hosted booking page (with its widget key).
    Hosted {
        /// The project's slug (`book.timekit.io/<slug>`).
        slug: String,
    },
    /// GET /projects/embed/{id}: the project of an embedded widget (with its widget key).
    Embed {
        /// Project id.
        id: String,
    },
    /// POST /projects: create a project.
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// PUT /projects/{id}: change a project (partial update).
    Update {
        /// Project id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /projects/{id}: delete a project.
    Delete {
        /// Project id.
        id: String,
    },
    /// The resources bookable in a project.
    #[command(subcommand)]
    Resources(ProjectResourcesCommand),
}

/// `timekit projects resources …`
#[derive(Debug, Subcommand)]
pub enum ProjectResourcesCommand {
    /// POST /projects/{id}/resources: add one resource to a project.
    Add {
        /// Project id.
        id: String,
        /// The resource to add.
        resource_id: String,
    },
    /// GET /projects/{id}/resources: the resources of a project.
    List {
        /// Project id.
        id: String,
    },
    /// PUT /projects/{id}/resources: make these resources the project's whole set (the body
    /// sent is the bare JSON array of ids).
    Replace {
        /// Project id.
        id: String,
        /// The new set of resource ids.
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        resource_ids: Vec<String>,
        /// Remove every resource from the project (sends `[]`).
        #[arg(long)]
        clear: bool,
    },
    /// DELETE /projects/{id}/resources/{resource_id}: take one resource out of a project.
    Remove {
        /// Project id.
        id: String,
        /// The resource to remove.
        resource_id: String,
    },
}

/// `timekit locations …`
#[derive(Debug, Subcommand)]
pub enum LocationsCommand {
    /// GET /locations: list locations.
    List {
        /// Only locations within a distance: `LATITUDE,LONGITUDE,DISTANCE` (search
        /// `distance:…;latitude:…;longitude:…`).
        #[arg(long, value_name = "LAT,LON,DISTANCE", value_parser = parse_near)]
        near: Option<Near>,
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
    },
    /// GET /locations/{id}: one location.
    Get {
        /// Location id.
        id: String,
        /// Related objects to embed (`include` query), e.g. `projects`.
        #[arg(long)]
        include: Option<String>,
    },
    /// POST /locations: create a location.
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// PUT /locations/{id}: change a location (partial update).
    Update {
        /// Location id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /locations/{id}: delete a location.
    Delete {
        /// Location id.
        id: String,
    },
}

/// `timekit services …`
#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// GET /location/services: list services.
    List {
        /// Paging and search.
        #[command(flatten)]
        list: ListOptions,
    },
    /// GET /location/services/{id}: one service.
    Get {
        /// Service id.
        id: String,
        /// Related objects to embed (`include` query), e.g. `locations`.
        #[arg(long)]
        include: Option<String>,
    },
    /// POST /location/services: create a service.
    Create {
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
        /// Related objects to embed (`include` query).
        #[arg(long)]
        include: Option<String>,
    },
    /// PUT /location/services/{id}: change a service (partial update).
    Update {
        /// Service id.
        id: String,
        /// Request body: a JSON file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: BodySource,
    },
    /// DELETE /location/services/{id}: delete a service.
    Delete {
        /// Service id.
        id: String,
    },
}

/// `--near LATITUDE,LONGITUDE,DISTANCE` of `locations list`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude of the centre.
    pub latitude: f64,
    /// Longitude of the centre.
    pub longitude: f64,
    /// Largest distance from the centre (the server's unit).
    pub distance: f64,
}

fn parse_near(text: &str) -> Result<Near, String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|part| part.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|err| format!("expected three numbers LAT,LON,DISTANCE: {err}"))?;
    match numbers[..] {
        [latitude, longitude, distance]
            if (-90.0..=90.0).contains(&latitude)
                && (-180.0..=180.0).contains(&longitude)
                && distance.is_finite()
                && distance >= 0.0 =>
        {
            Ok(Near {
                latitude,
                longitude,
                distance,
            })
        }
        [_, _, _] => Err(
            "latitude must be in -90..=90, longitude in -180..=180, distance finite and >= 0"
                .to_owned(),
        ),
        _ => Err("expected three numbers LAT,LON,DISTANCE".to_owned()),
    }
}

/// Paging and search of list commands.
#[derive(Debug, Clone, Default, Args)]
pub struct ListOptions {
    /// Page size.
    #[arg(long)]
    pub limit: Option<u64>,
    /// 1-based page to fetch (with --all: the first page to fetch).
    #[arg(long)]
    pub page: Option<u64>,
    /// Search criteria, `key:value` joined with `;`, e.g. `graph:instant;state:confirmed`.
    #[arg(long)]
    pub search: Option<String>,
    /// Related objects to embed (`include` query).
    #[arg(long)]
    pub include: Option<String>,
    /// Fetch every page and print one JSON array (progress on stderr).
    #[arg(long)]
    pub all: bool,
}

/// Ordering and time window of `bookings list`.
#[derive(Debug, Clone, Default, Args)]
pub struct BookingListOptions {
    /// Sort key (`orderBy`), e.g. `created_at`.
    #[arg(long)]
    pub order_by: Option<String>,
    /// Sort direction (`sortedBy`).
    #[arg(long, value_enum)]
    pub sorted_by: Option<SortDirection>,
    /// Only bookings from this RFC 3339 time on.
    #[arg(long)]
    pub start: Option<Timestamp>,
    /// Only bookings up to this RFC 3339 time.
    #[arg(long)]
    pub end: Option<Timestamp>,
}

/// `--sorted-by` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortDirection {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("timekit").chain(args.iter().copied()))
    }

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dash_means_standard_input_and_anything_else_a_file() {
        let cli = parse(&["bookings", "meta", "b1", "--body", "-"]).unwrap();
        let Command::Bookings(BookingsCommand::Meta { id, body }) = cli.command else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(id, "b1");
        assert_eq!(body, BodySource::Stdin);
        let cli = parse(&["resources", "create", "--body", "r.json"]).unwrap();
        let Command::Resources(ResourcesCommand::Create { body, .. }) = cli.command else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(body, BodySource::File(PathBuf::from("r.json")));
    }

    #[test]
    fn action_takes_id_and_action_and_an_optional_body() {
        let cli = parse(&["bookings", "action", "b1", "confirm"]).unwrap();
        let Command::Bookings(BookingsCommand::Action { id, action, body }) = cli.command else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(
            (id.as_str(), action.as_str(), body),
            ("b1", "confirm", None)
        );
    }

    #[test]
    fn list_options_use_kebab_case_flags() {
        let cli = parse(&[
            "bookings",
            "list",
            "--limit",
            "5",
            "--page",
            "2",
            "--search",
            "graph:instant",
            "--include",
            "attributes",
            "--order-by",
            "created_at",
            "--sorted-by",
            "asc",
            "--start",
            "2024-01-01T00:00:00Z",
            "--end",
            "2024-02-01T00:00:00+0100",
            "--all",
        ])
        .unwrap();
        let Command::Bookings(BookingsCommand::List { list, order }) = cli.command else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(list.limit, Some(5));
        assert_eq!(list.page, Some(2));
        assert_eq!(list.search.as_deref(), Some("graph:instant"));
        assert_eq!(order.order_by.as_deref(), Some("created_at"));
        assert_eq!(order.sorted_by, Some(SortDirection::Asc));
        assert_eq!(order.end.unwrap().to_string(), "2024-02-01T00:00:00+01:00");
        assert!(list.all);
    }

    #[test]
    fn bad_list_values_are_usage_errors() {
        for args in [
            &["bookings", "list", "--start", "tomorrow"][..],
            &["bookings", "list", "--sorted-by", "up"],
            &["bookings", "list", "--limit", "-1"],
            &["resources", "list", "--order-by", "name"],
        ] {
            assert_eq!(parse(args).unwrap_err().exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_api_key() {
        let cli = parse(&["--api-key", "test_api_key_secret_4711", "app", "get"]).unwrap();
        let debug = format!("{cli:?}");
        assert!(!debug.contains("secret_4711"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn global_options_may_follow_the_subcommand() {
        let cli = parse(&["app", "get", "--emulator", "--raw"]).unwrap();
        assert!(cli.global.emulator);
        assert!(cli.global.raw);
    }

    #[test]
    fn create_without_a_body_is_a_usage_error() {
        let err = parse(&["bookings", "create"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn invite_needs_an_email_or_a_body_but_not_both() {
        assert!(parse(&["app", "invite"]).is_err());
        assert!(parse(&["app", "invite", "--email", "a@b.c", "--body", "-"]).is_err());
        assert!(parse(&["app", "invite", "--email", "a@b.c"]).is_ok());
        assert!(parse(&["app", "invite", "--body", "-"]).is_ok());
    }

    fn leaves(command: &clap::Command, prefix: &str, into: &mut Vec<String>) {
        for sub in command.get_subcommands() {
            let path = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                leaves(sub, &format!("{path} "), into);
            } else {
                into.push(path);
            }
        }
    }

    #[test]
    fn every_operation_has_a_subcommand() {
        let mut pairs = Vec::new();
        leaves(&Cli::command(), "", &mut pairs);
        pairs.sort();
        let mut expected = vec![
            "app get",
            "app invite",
            "resources create",
            "resources list",
            "resources get",
            "resources update",
            "resources delete",
            "availability query",
            "availability dates",
            "availability count",
            "availability unavailable",
            "bookings create",
            "bookings list",
            "bookings get",
            "bookings action",
            "bookings meta",
            "bookings bulk-create",
            "bookings bulk-update",
            "bookings delete",
            "bookings groups",
            "bookings group",
            "bookings reserve",
            "bookings extend",
            "bookings reschedule",
            "projects list",
            "projects get",
            "projects hosted",
            "projects embed",
            "projects create",
            "projects update",
            "projects delete",
            "projects resources add",
            "projects resources list",
            "projects resources replace",
            "projects resources remove",
            "locations list",
            "locations get",
            "locations create",
            "locations update",
            "locations delete",
            "services list",
            "services get",
            "services create",
            "services update",
            "services delete",
            "resources timezone",
            "resources reset-password",
            "calendars list",
            "calendars get",
            "calendars create",
            "calendars update",
            "calendars delete",
            "events list",
            "events get",
            "events create",
            "events update",
            "events delete",
            "findtime query",
            "findtime bulk",
            "findtime team",
            "credentials list",
            "credentials create",
            "credentials delete",
            "auth login",
            "accounts list",
            "accounts sync-google",
            "accounts sync-microsoft",
            "apps list",
            "apps create",
            "apps update",
            "apps delete",
            "templates list",
            "templates get",
            "templates update",
            "webhooks list",
            "webhooks create",
            "webhooks delete",
            "webhooks listen",
        ];
        expected.sort_unstable();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn replace_needs_ids_or_clear_but_not_both() {
        assert!(parse(&["projects", "resources", "replace", "p1"]).is_err());
        assert!(parse(&["projects", "resources", "replace", "p1", "r1", "--clear"]).is_err());
        let cli = parse(&["projects", "resources", "replace", "p1", "r1", "r2"]).unwrap();
        let Command::Projects(ProjectsCommand::Resources(ProjectResourcesCommand::Replace {
            id,
            resource_ids,
            clear,
        })) = cli.command
        else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(
            (id.as_str(), resource_ids, clear),
            ("p1", vec!["r1".to_owned(), "r2".to_owned()], false)
        );
        assert!(parse(&["projects", "resources", "replace", "p1", "--clear"]).is_ok());
    }

    #[test]
    fn near_takes_three_numbers_in_range() {
        let cli = parse(&["locations", "list", "--near", "42.51,1.54,2"]).unwrap();
        let Command::Locations(LocationsCommand::List { near, .. }) = cli.command else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(
            near,
            Some(Near {
                latitude: 42.51,
                longitude: 1.54,
                distance: 2.0
            })
        );
        for bad in [
            "42.51,1.54",
            "a,b,c",
            "91,0,1",
            "0,181,1",
            "0,0,-1",
            "0,0,inf",
            "1,2,3,4",
        ] {
            let err = parse(&["locations", "list", "--near", bad]).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn one_of_widget_email_or_body_is_needed_but_not_both() {
        assert!(parse(&["credentials", "create"]).is_err());
        assert!(parse(&["credentials", "create", "--widget", "--body", "-"]).is_err());
        assert!(parse(&["credentials", "create", "--widget"]).is_ok());
        assert!(parse(&["credentials", "create", "--body", "-"]).is_ok());
        assert!(parse(&["resources", "reset-password"]).is_err());
        assert!(
            parse(&[
                "resources",
                "reset-password",
                "--email",
                "a@b.c",
                "--body",
                "-"
            ])
            .is_err()
        );
        assert!(parse(&["resources", "reset-password", "--email", "a@b.c"]).is_ok());
    }

    #[test]
    fn events_list_needs_a_window() {
        assert!(parse(&["events", "list", "--start", "2030-01-01T00:00:00Z"]).is_err());
        assert!(parse(&["events", "list", "--start", "soon", "--end", "later"]).is_err());
        let cli = parse(&[
            "events",
            "list",
            "--start",
            "2030-01-01T00:00:00Z",
            "--end",
            "2030-01-08T00:00:00Z",
            "--calendar",
            "c1",
        ])
        .unwrap();
        let Command::Events(EventsCommand::List { calendar, .. }) = cli.command else {
            panic!("wrong command: {:?}", cli.command);
        };
        assert_eq!(calendar.as_deref(), Some("c1"));
    }

    #[test]
    fn the_resource_key_comes_whole_and_never_shows_in_debug_output() {
        for partial in [
            &["--timekit-app", "my-app", "apps", "list"][..],
            &["--resource-email", "doc@example.com", "apps", "list"],
            &[
                "--timekit-app",
                "my-app",
                "--resource-token",
                "t",
                "apps",
                "list",
            ],
        ] {
            let err = parse(partial).unwrap().global.resource_key().unwrap_err();
            assert!(err.contains("missing --"), "{err}");
        }
        assert_eq!(
            parse(&["apps", "list"]).unwrap().global.resource_key(),
            Ok(None)
        );
        let cli = parse(&[
            "--timekit-app",
            "my-app",
            "--resource-email",
            "doc@example.com",
            "--resource-token",
            "resource_token_secret_4711",
            "apps",
            "list",
        ])
        .unwrap();
        let debug = format!("{cli:?}");
        assert!(!debug.contains("secret_4711"), "{debug}");
        assert!(!debug.contains("doc@example.com"), "{debug}");
        assert!(debug.contains("my-app"), "{debug}");
        assert_eq!(
            cli.global.resource_key(),
            Ok(Some((
                "my-app",
                "doc@example.com",
                "resource_token_secret_4711"
            )))
        );
    }

    #[test]
    fn extend_needs_whole_seconds() {
        assert!(parse(&["bookings", "extend", "res1", "--seconds", "600"]).is_ok());
        for bad in [
            &["bookings", "extend", "res1"][..],
            &["bookings", "extend", "res1", "--seconds", "-5"],
            &["bookings", "extend", "--seconds", "60"],
        ] {
            assert_eq!(parse(bad).unwrap_err().exit_code(), 2, "{bad:?}");
        }
    }
}
