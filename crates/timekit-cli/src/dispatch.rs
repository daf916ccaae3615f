//! Runs a parsed command: builds its operation, calls it raw, selects what to print; and
//! [`operation_commands`], which subcommand runs which operation.
//!
//! Every command goes through the client's raw calls, so what is printed is what the server
//! sent (its `data`, or the whole body with `--raw`), never a re-serialised model.

use timekit::ops::{
    AddProjectResource, ApplyBookingAction, CountAvailability, CreateBooking, CreateBookingsBulk,
    CreateLocation, CreateProject, CreateResource, CreateService, DeleteBooking, DeleteLocation,
    DeleteProject, DeleteResource, DeleteService, ExtendReservation, GetApp, GetBooking,
    GetEmbeddedProject, GetGroupBooking, GetHostedProject, GetLocation, GetProject, GetResource,
    GetService, InviteToApp, ListBookings, ListGroupBookings, ListLocations, ListProjectResources,
    ListProjects, ListResources, ListServices, Paginated, QueryAvailability,
    QueryAvailabilityDates, QueryUnavailableSlots, RemoveProjectResource, ReplaceProjectResources,
    RescheduleBooking, ReserveBooking, SortOrder, UpdateBookingMeta, UpdateBookingsBulk,
    UpdateLocation, UpdateProject, UpdateResource, UpdateService,
};
use timekit::ops::{
    Authenticate, CreateApp, CreateCalendar, CreateCredential, CreateEvent, DeleteApp,
    DeleteCalendar, DeleteCredential, DeleteEvent, FindTime, FindTimeBulk, FindTimeTeam,
    GetCalendar, GetEmailTemplate, GetEvent, GetResourceTimezone, ListAccounts, ListApps,
    ListCalendars, ListCredentials, ListEmailTemplates, ListEvents, ResetResourcePassword,
    SyncGoogleAccount, SyncMicrosoftAccount, UpdateApp, UpdateCalendar, UpdateEmailTemplate,
    UpdateEvent,
};
use timekit::ops::{CreateWebhook, DeleteWebhook, ListWebhooks};
use timekit::{Client, Operation, Transport};
use timekit_model::{
    BookingAction, CreateCredentialRequest, CreateWebhookRequest, ResetResourcePasswordRequest,
};

use crate::all_pages;
use crate::body::{Outgoing, read_json, read_json_or_empty};
use crate::cli::{
    AccountsCommand, AppCommand, AppsCommand, AuthCommand, AvailabilityCommand, BookingListOptions,
    BookingsCommand, CalendarsCommand, Command, CredentialsCommand, EventsCommand, FindtimeCommand,
    ListOptions, LocationsCommand, ProjectResourcesCommand, ProjectsCommand, ResourcesCommand,
    ServicesCommand, SortDirection, TemplatesCommand, WebhooksCommand,
};
use crate::failure::Failure;
use crate::output;

/// Applies `--limit`, `--page`, `--search` and `--include` to a list operation (every list
/// operation has these four setters).
macro_rules! list_query {
    ($op:expr, $list:expr) => {{
        let list: ListOptions = $list;
        let op = with($op, list.limit, |op, limit| op.limit(limit));
        let op = with(op, list.page, |op, page| op.page(page));
        let op = with(op, list.search, |op, search| op.search(search));
        with(op, list.include, |op, include| op.include(include))
    }};
}

/// Runs `command` and returns the JSON to print, or `None` when the answer has no body.
///
/// # Errors
/// [`Failure`] for unreadable bodies and every failed call.
pub async fn execute<T: Transport + 'static>(
    client: &Client<T>,
    command: Command,
    raw: bool,
) -> Result<Option<Vec<u8>>, Failure> {
    let call = Runner { client, raw };
    match command {
        Command::App(command) => app(call, command).await,
        Command::Resources(command) => resources(call, command).await,
        Command::Availability(command) => availability(call, command).await,
        Command::Bookings(command) => bookings(call, command).await,
        Command::Projects(command) => projects(call, command).await,
        Command::Locations(command) => locations(call, command).await,
        Command::Services(command) => services(call, command).await,
        Command::Calendars(command) => calendars(call, command).await,
        Command::Events(command) => events(call, command).await,
        Command::Findtime(command) => findtime(call, command).await,
        Command::Credentials(command) => credentials(call, command).await,
        Command::Auth(AuthCommand::Login { body }) => {
            call.one(Authenticate::from_json(read_json(&body)?)).await
        }
        Command::Accounts(command) => match command {
            AccountsCommand::List => call.one(ListAccounts::new()).await,
            AccountsCommand::SyncGoogle => call.one(SyncGoogleAccount::new()).await,
            AccountsCommand::SyncMicrosoft => call.one(SyncMicrosoftAccount::new()).await,
        },
        Command::Apps(command) => apps(call, command).await,
        Command::Templates(command) => match command {
            TemplatesCommand::List => call.one(ListEmailTemplates::new()).await,
            TemplatesCommand::Get { slug } => call.one(GetEmailTemplate::new(slug)).await,
            TemplatesCommand::Update { slug, body } => {
                call.one(UpdateEmailTemplate::from_json(slug, read_json(&body)?))
                    .await
            }
        },
        Command::Webhooks(command) => webhooks(call, command).await,
    }
}

async fn webhooks<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: WebhooksCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        WebhooksCommand::List => call.one(ListWebhooks::new()).await,
        WebhooksCommand::Create {
            url,
            graph,
            state,
            method,
        } => {
            let request =
                CreateWebhookRequest::new(url, graph.as_str().into(), state.as_str().into());
            call.one(CreateWebhook::new(request.method(method))).await
        }
        WebhooksCommand::Delete { id } => call.one(DeleteWebhook::new(id)).await,
        // Long-running: `crate::listen` runs it, before dispatch.
        WebhooksCommand::Listen(_) => Err(Failure::BadInput(
            "`webhooks listen` runs only as a command".to_owned(),
        )),
    }
}

async fn calendars<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: CalendarsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        CalendarsCommand::List { include } => {
            call.one(with(ListCalendars::new(), include, ListCalendars::include))
                .await
        }
        CalendarsCommand::Get { id, include } => {
            call.one(with(GetCalendar::new(id), include, GetCalendar::include))
                .await
        }
        CalendarsCommand::Create { body } => {
            call.one(CreateCalendar::from_json(read_json(&body)?)).await
        }
        CalendarsCommand::Update { id, body } => {
            call.one(UpdateCalendar::from_json(id, read_json(&body)?))
                .await
        }
        CalendarsCommand::Delete { id } => call.one(DeleteCalendar::new(id)).await,
    }
}

async fn events<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: EventsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        EventsCommand::List {
            start,
            end,
            calendar,
            search,
            include,
        } => {
            let op = with(ListEvents::new(start, end), calendar, ListEvents::calendar);
            let op = with(op, search, ListEvents::search);
            call.one(with(op, include, ListEvents::include)).await
        }
        EventsCommand::Get { id } => call.one(GetEvent::new(id)).await,
        EventsCommand::Create { body } => call.one(CreateEvent::from_json(read_json(&body)?)).await,
        EventsCommand::Update { id, body } => {
            call.one(UpdateEvent::from_json(id, read_json(&body)?))
                .await
        }
        EventsCommand::Delete { id } => call.one(DeleteEvent::new(id)).await,
    }
}

async fn findtime<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: FindtimeCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        FindtimeCommand::Query { body } => call.one(FindTime::from_json(read_json(&body)?)).await,
        FindtimeCommand::Bulk { body } => {
            call.one(FindTimeBulk::from_json(read_json(&body)?)).await
        }
        FindtimeCommand::Team { body } => {
            call.one(FindTimeTeam::from_json(read_json(&body)?)).await
        }
    }
}

async fn credentials<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: CredentialsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        CredentialsCommand::List { resource, list } => {
            let all = list.all;
            let op = with(ListCredentials::new(), resource, ListCredentials::resource);
            call.list(list_query!(op, list), all).await
        }
        CredentialsCommand::Create { widget, body } => {
            let op = match body {
                Some(body) if !widget => CreateCredential::from_json(read_json(&body)?),
                _ => CreateCredential::new(CreateCredentialRequest::widget_client_token()),
            };
            call.one(op).await
        }
        CredentialsCommand::Delete { id } => call.one(DeleteCredential::new(id)).await,
    }
}

async fn apps<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: AppsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        AppsCommand::List => call.one(ListApps::new()).await,
        AppsCommand::Create { body } => call.one(CreateApp::from_json(read_json(&body)?)).await,
        AppsCommand::Update { slug, body } => {
            call.one(UpdateApp::from_json(slug, read_json(&body)?))
                .await
        }
        AppsCommand::Delete { slug } => call.one(DeleteApp::new(slug)).await,
    }
}

async fn availability<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: AvailabilityCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        AvailabilityCommand::Query { body } => {
            call.one(QueryAvailability::from_json(read_json(&body)?))
                .await
        }
        AvailabilityCommand::Dates { body } => {
            call.one(QueryAvailabilityDates::from_json(read_json(&body)?))
                .await
        }
        AvailabilityCommand::Count { body } => {
            call.one(CountAvailability::from_json(read_json(&body)?))
                .await
        }
        AvailabilityCommand::Unavailable { body } => {
            call.one(QueryUnavailableSlots::from_json(read_json(&body)?))
                .await
        }
    }
}

async fn app<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: AppCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        AppCommand::Get { include } => {
            call.one(with(GetApp::new(), include, GetApp::include))
                .await
        }
        AppCommand::Invite { email, body } => {
            let op = match (email, body) {
                (Some(email), _) => InviteToApp::new(email),
                (None, Some(body)) => InviteToApp::from_json(read_json(&body)?),
                (None, None) => {
                    return Err(Failure::BadInput(
                        "app invite needs --email or --body".to_owned(),
                    ));
                }
            };
            call.one(op).await
        }
    }
}

async fn resources<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: ResourcesCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        ResourcesCommand::Create { body, include } => {
            let op = CreateResource::from_json(read_json(&body)?);
            call.one(with(op, include, CreateResource::include)).await
        }
        ResourcesCommand::List { list } => {
            let all = list.all;
            call.list(list_resources(list), all).await
        }
        ResourcesCommand::Get { id, include } => {
            call.one(with(GetResource::new(id), include, GetResource::include))
                .await
        }
        ResourcesCommand::Update { id, body } => {
            call.one(UpdateResource::from_json(id, read_json(&body)?))
                .await
        }
        ResourcesCommand::Delete { id } => call.one(DeleteResource::new(id)).await,
        ResourcesCommand::Timezone { email } => call.one(GetResourceTimezone::new(email)).await,
        ResourcesCommand::ResetPassword { email, body } => {
            let op = match (email, body) {
                (Some(email), _) => {
                    ResetResourcePassword::new(ResetResourcePasswordRequest::new(email))
                }
                (None, Some(body)) => ResetResourcePassword::from_json(read_json(&body)?),
                (None, None) => {
                    return Err(Failure::BadInput(
                        "resources reset-password needs --email or --body".to_owned(),
                    ));
                }
            };
            call.one(op).await
        }
    }
}

async fn bookings<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: BookingsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        BookingsCommand::Create { body, include } => {
            let op = CreateBooking::from_json(read_json(&body)?);
            call.one(with(op, include, CreateBooking::include)).await
        }
        BookingsCommand::List { list, order } => {
            let all = list.all;
            call.list(list_bookings(list, order), all).await
        }
        BookingsCommand::Get { id, include } => {
            call.one(with(GetBooking::new(id), include, GetBooking::include))
                .await
        }
        BookingsCommand::Action { id, action, body } => {
            let input = read_json_or_empty(body.as_ref())?;
            call.one(ApplyBookingAction::from_json(
                id,
                BookingAction::from_name(&action),
                input,
            ))
            .await
        }
        BookingsCommand::Meta { id, body } => {
            call.one(UpdateBookingMeta::from_json(id, read_json(&body)?))
                .await
        }
        BookingsCommand::BulkCreate { body } => {
            call.one(CreateBookingsBulk::from_json(read_json(&body)?))
                .await
        }
        BookingsCommand::BulkUpdate { body } => {
            call.one(UpdateBookingsBulk::from_json(read_json(&body)?))
                .await
        }
        BookingsCommand::Delete { id } => call.one(DeleteBooking::new(id)).await,
        BookingsCommand::Groups { project, list } => {
            let all = list.all;
            let op = with(
                ListGroupBookings::new(),
                project,
                ListGroupBookings::project,
            );
            call.list(list_query!(op, list), all).await
        }
        BookingsCommand::Group { id, include } => {
            call.one(with(
                GetGroupBooking::new(id),
                include,
                GetGroupBooking::include,
            ))
            .await
        }
        BookingsCommand::Reserve { body, include } => {
            let op = ReserveBooking::from_json(read_json(&body)?);
            call.one(with(op, include, ReserveBooking::include)).await
        }
        BookingsCommand::Extend {
            reservation_id,
            seconds,
        } => {
            call.one(ExtendReservation::new(reservation_id, seconds))
                .await
        }
        BookingsCommand::Reschedule { id, body, include } => {
            let op = RescheduleBooking::from_json(id, read_json(&body)?);
            call.one(with(op, include, RescheduleBooking::include))
                .await
        }
    }
}

async fn projects<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: ProjectsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        ProjectsCommand::List {
            location,
            service,
            list,
        } => {
            let all = list.all;
            let op = with(ListProjects::new(), location, ListProjects::location);
            let op = with(op, service, ListProjects::service);
            call.list(list_query!(op, list), all).await
        }
        ProjectsCommand::Get { id, include } => {
            call.one(with(GetProject::new(id), include, GetProject::include))
                .await
        }
        ProjectsCommand::Hosted { slug } => call.one(GetHostedProject::new(slug)).await,
        ProjectsCommand::Embed { id } => call.one(GetEmbeddedProject::new(id)).await,
        ProjectsCommand::Create { body, include } => {
            let op = CreateProject::from_json(read_json(&body)?);
            call.one(with(op, include, CreateProject::include)).await
        }
        ProjectsCommand::Update { id, body } => {
            call.one(UpdateProject::from_json(id, read_json(&body)?))
                .await
        }
        ProjectsCommand::Delete { id } => call.one(DeleteProject::new(id)).await,
        ProjectsCommand::Resources(command) => match command {
            ProjectResourcesCommand::Add { id, resource_id } => {
                call.one(AddProjectResource::new(id, resource_id)).await
            }
            ProjectResourcesCommand::List { id } => call.one(ListProjectResources::new(id)).await,
            // `--clear` and ids exclude each other (clap), so no ids means `--clear`.
            ProjectResourcesCommand::Replace {
                id, resource_ids, ..
            } => {
                call.one(ReplaceProjectResources::new(id, resource_ids))
                    .await
            }
            ProjectResourcesCommand::Remove { id, resource_id } => {
                call.one(RemoveProjectResource::new(id, resource_id)).await
            }
        },
    }
}

async fn locations<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: LocationsCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        LocationsCommand::List { near, list } => {
            let all = list.all;
            let op = match near {
                Some(near) => {
                    ListLocations::new().near(near.latitude, near.longitude, near.distance)
                }
                None => ListLocations::new(),
            };
            call.list(list_query!(op, list), all).await
        }
        LocationsCommand::Get { id, include } => {
            call.one(with(GetLocation::new(id), include, GetLocation::include))
                .await
        }
        LocationsCommand::Create { body, include } => {
            let op = CreateLocation::from_json(read_json(&body)?);
            call.one(with(op, include, CreateLocation::include)).await
        }
        LocationsCommand::Update { id, body } => {
            call.one(UpdateLocation::from_json(id, read_json(&body)?))
                .await
        }
        LocationsCommand::Delete { id } => call.one(DeleteLocation::new(id)).await,
    }
}

async fn services<T: Transport + 'static>(
    call: Runner<'_, T>,
    command: ServicesCommand,
) -> Result<Option<Vec<u8>>, Failure> {
    match command {
        ServicesCommand::List { list } => {
            let all = list.all;
            let op = ListServices::new();
            call.list(list_query!(op, list), all).await
        }
        ServicesCommand::Get { id, include } => {
            call.one(with(GetService::new(id), include, GetService::include))
                .await
        }
        ServicesCommand::Create { body, include } => {
            let op = CreateService::from_json(read_json(&body)?);
            call.one(with(op, include, CreateService::include)).await
        }
        ServicesCommand::Update { id, body } => {
            call.one(UpdateService::from_json(id, read_json(&body)?))
                .await
        }
        ServicesCommand::Delete { id } => call.one(DeleteService::new(id)).await,
    }
}

fn list_resources(list: ListOptions) -> ListResources {
    let op = with(ListResources::new(), list.limit, ListResources::limit);
    let op = with(op, list.page, ListResources::page);
    let op = with(op, list.search, ListResources::search);
    with(op, list.include, ListResources::include)
}

fn list_bookings(list: ListOptions, order: BookingListOptions) -> ListBookings {
    let op = with(ListBookings::new(), list.limit, ListBookings::limit);
    let op = with(op, list.page, ListBookings::page);
    let op = with(op, list.search, ListBookings::search);
    let op = with(op, list.include, ListBookings::include);
    let op = with(op, order.order_by, ListBookings::order_by);
    let op = with(op, order.sorted_by.map(sort_order), ListBookings::sorted_by);
    let op = with(op, order.start, ListBookings::start);
    with(op, order.end, ListBookings::end)
}

fn sort_order(direction: SortDirection) -> SortOrder {
    match direction {
        SortDirection::Asc => SortOrder::Asc,
        SortDirection::Desc => SortOrder::Desc,
    }
}

/// Applies an optional setting to an operation.
fn with<O, V>(op: O, value: Option<V>, set: impl FnOnce(O, V) -> O) -> O {
    match value {
        Some(value) => set(op, value),
        None => op,
    }
}

/// One command's way to the server.
struct Runner<'a, T> {
    client: &'a Client<T>,
    raw: bool,
}

impl<T: Transport + 'static> Runner<'_, T> {
    /// One request; prints its `data` (or the whole body with `--raw`).
    async fn one<O: Operation + Send>(&self, op: O) -> Result<Option<Vec<u8>>, Failure> {
        let outgoing = Outgoing::check(&op)?;
        let response = self
            .client
            .call(op)
            .raw()
            .await
            .map_err(|error| outgoing.explain(error))?;
        output::select(&response, self.raw)
    }

    /// One page, or with `all` every page from the requested one on, joined into one array.
    async fn list<P>(&self, op: P, all: bool) -> Result<Option<Vec<u8>>, Failure>
    where
        P: Paginated + Send + 'static,
    {
        if !all {
            return self.one(op).await;
        }
        Ok(Some(all_pages::collect(self.client, op, self.raw).await?))
    }
}

/// Every subcommand that runs an operation, as typed (`"bookings get"`), with the
/// operation's [`Operation::NAME`] (`"get_booking"`).
///
/// The names come from the operation types that the dispatcher runs for each subcommand; a
/// test checks that the subcommands are exactly the leaves of the command tree, and that
/// each one sends its operation's method and path.
pub fn operation_commands() -> Vec<(String, &'static str)> {
    [
        ("app get", GetApp::NAME),
        ("app invite", InviteToApp::NAME),
        ("resources create", CreateResource::NAME),
        ("resources list", ListResources::NAME),
        ("resources get", GetResource::NAME),
        ("resources update", UpdateResource::NAME),
        ("resources delete", DeleteResource::NAME),
        ("availability query", QueryAvailability::NAME),
        ("bookings create", CreateBooking::NAME),
        ("bookings list", ListBookings::NAME),
        ("bookings get", GetBooking::NAME),
        ("bookings action", ApplyBookingAction::NAME),
        ("bookings meta", UpdateBookingMeta::NAME),
        ("bookings bulk-create", CreateBookingsBulk::NAME),
        ("bookings bulk-update", UpdateBookingsBulk::NAME),
        ("bookings delete", DeleteBooking::NAME),
        ("bookings groups", ListGroupBookings::NAME),
        ("bookings group", GetGroupBooking::NAME),
        ("bookings reserve", ReserveBooking::NAME),
        ("bookings extend", ExtendReservation::NAME),
        ("bookings reschedule", RescheduleBooking::NAME),
        ("availability dates", QueryAvailabilityDates::NAME),
        ("availability count", CountAvailability::NAME),
        ("availability unavailable", QueryUnavailableSlots::NAME),
        ("projects list", ListProjects::NAME),
        ("projects get", GetProject::NAME),
        ("projects hosted", GetHostedProject::NAME),
        ("projects embed", GetEmbeddedProject::NAME),
        ("projects create", CreateProject::NAME),
        ("projects update", UpdateProject::NAME),
        ("projects delete", DeleteProject::NAME),
        ("projects resources add", AddProjectResource::NAME),
        ("projects resources list", ListProjectResources::NAME),
        ("projects resources replace", ReplaceProjectResources::NAME),
        ("projects resources remove", RemoveProjectResource::NAME),
        ("locations list", ListLocations::NAME),
        ("locations get", GetLocation::NAME),
        ("locations create", CreateLocation::NAME),
        ("locations update", UpdateLocation::NAME),
        ("locations delete", DeleteLocation::NAME),
        ("services list", ListServices::NAME),
        ("services get", GetService::NAME),
        ("services create", CreateService::NAME),
        ("services update", UpdateService::NAME),
        ("services delete", DeleteService::NAME),
        ("resources timezone", GetResourceTimezone::NAME),
        ("resources reset-password", ResetResourcePassword::NAME),
        ("calendars list", ListCalendars::NAME),
        ("calendars get", GetCalendar::NAME),
        ("calendars create", CreateCalendar::NAME),
        ("calendars update", UpdateCalendar::NAME),
        ("calendars delete", DeleteCalendar::NAME),
        ("events list", ListEvents::NAME),
        ("events get", GetEvent::NAME),
        ("events create", CreateEvent::NAME),
        ("events update", UpdateEvent::NAME),
        ("events delete", DeleteEvent::NAME),
        ("findtime query", FindTime::NAME),
        ("findtime bulk", FindTimeBulk::NAME),
        ("findtime team", FindTimeTeam::NAME),
        ("credentials list", ListCredentials::NAME),
        ("credentials create", CreateCredential::NAME),
        ("credentials delete", DeleteCredential::NAME),
        ("auth login", Authenticate::NAME),
        ("accounts list", ListAccounts::NAME),
        ("accounts sync-google", SyncGoogleAccount::NAME),
        ("accounts sync-microsoft", SyncMicrosoftAccount::NAME),
        ("apps list", ListApps::NAME),
        ("apps create", CreateApp::NAME),
        ("apps update", UpdateApp::NAME),
        ("apps delete", DeleteApp::NAME),
        ("templates list", ListEmailTemplates::NAME),
        ("templates get", GetEmailTemplate::NAME),
        ("templates update", UpdateEmailTemplate::NAME),
        ("webhooks list", ListWebhooks::NAME),
        ("webhooks create", CreateWebhook::NAME),
        ("webhooks delete", DeleteWebhook::NAME),
    ]
    .into_iter()
    .map(|(command, name)| (command.to_owned(), name))
    .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::{Arc, Mutex};

    use clap::{CommandFactory as _, Parser as _};
    use timekit::RetryPolicy;
    use timekit::transport::test_util::{json_response, transport_fn};

    use super::*;
    use crate::cli::Cli;

    /// Every leaf of the command tree, as typed (`"bookings get"`).
    fn leaves(command: &clap::Command, prefix: &str, into: &mut BTreeSet<String>) {
        for sub in command.get_subcommands() {
            let path = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                leaves(sub, &format!("{path} "), into);
            } else {
                into.insert(path);
            }
        }
    }

    #[test]
    fn the_table_lists_exactly_the_leaf_subcommands() {
        let mut tree = BTreeSet::new();
        leaves(&Cli::command(), "", &mut tree);
        // The one subcommand that is not a single operation (it runs three, and a server).
        assert!(tree.remove("webhooks listen"));
        let table: Vec<String> = operation_commands()
            .into_iter()
            .map(|(command, _)| command)
            .collect();
        let listed: BTreeSet<String> = table.iter().cloned().collect();
        assert_eq!(listed.len(), table.len(), "a subcommand is listed twice");
        assert_eq!(listed, tree);
        let names: BTreeSet<&str> = operation_commands().iter().map(|(_, name)| *name).collect();
        assert_eq!(
            names.len(),
            table.len(),
            "two subcommands run one operation"
        );
    }

    /// The arguments that make `command` valid: its required positionals and options.
    fn arguments(command: &str, body: &str) -> Vec<String> {
        let root = Cli::command();
        let mut leaf = &root;
        for word in command.split(' ') {
            leaf = leaf.find_subcommand(word).unwrap();
        }
        let mut args = Vec::new();
        for arg in leaf.get_arguments().filter(|arg| arg.is_required_set()) {
            match arg.get_long() {
                Some("seconds") => args.extend(["--seconds".to_owned(), "600".to_owned()]),
                Some(long @ ("start" | "end")) => {
                    args.extend([format!("--{long}"), "2030-01-01T00:00:00Z".to_owned()]);
                }
                Some(long) => args.extend([format!("--{long}"), body.to_owned()]),
                None if arg.get_id() == "action" => args.push("confirm".to_owned()),
                None => args.push("id-1".to_owned()),
            }
        }
        match command {
            "app invite" => args.extend(["--email".to_owned(), "jane@example.com".to_owned()]),
            "projects resources replace" => args.push("resource-1".to_owned()),
            "resources reset-password" => {
                args.extend(["--email".to_owned(), "jane@example.com".to_owned()]);
            }
            "credentials create" => args.push("--widget".to_owned()),
            _ => {}
        }
        args
    }

    /// Whether `path` (below the base) has the shape of `template`.
    fn fits(path: &str, template: &str) -> bool {
        let (path, template): (Vec<&str>, Vec<&str>) =
            (path.split('/').collect(), template.split('/').collect());
        path.len() == template.len()
            && path.iter().zip(&template).all(|(segment, expected)| {
                segment == expected || (expected.starts_with('{') && !segment.is_empty())
            })
    }

    #[test]
    fn every_subcommand_sends_its_operations_method_and_path() {
        let body =
            std::env::temp_dir().join(format!("timekit-cli-dispatch-{}.json", std::process::id()));
        std::fs::write(&body, "{}").unwrap();
        let body_arg = body.to_string_lossy().into_owned();
        let operations = timekit_ops::operations();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        for (command, name) in operation_commands() {
            let info = operations.iter().find(|op| op.name == name).unwrap();
            let sent = Arc::new(Mutex::new(Vec::new()));
            let record = Arc::clone(&sent);
            let transport = transport_fn(move |request| {
                record
                    .lock()
                    .unwrap()
                    .push((request.method().clone(), request.uri().path().to_owned()));
                Ok(json_response(200, r#"{"data": {}}"#))
            });
            let client = Client::builder()
                .api_key("test_api_key_dispatch")
                .base_url("https://api.timekit.invalid/v2")
                .retry_policy(RetryPolicy::none())
                .transport(transport)
                .build()
                .unwrap();
            let mut argv = vec!["timekit".to_owned()];
            argv.extend(command.split(' ').map(str::to_owned));
            argv.extend(arguments(&command, &body_arg));
            let cli = Cli::try_parse_from(&argv).unwrap_or_else(|err| panic!("{argv:?}: {err}"));
            runtime
                .block_on(execute(&client, cli.command, false))
                .unwrap_or_else(|err| panic!("{command}: {err}"));
            let sent = sent.lock().unwrap().clone();
            assert_eq!(sent.len(), 1, "{command}");
            let (method, path) = &sent[0];
            assert_eq!(method, info.method, "{command}");
            let below_base = path.strip_prefix("/v2").unwrap();
            assert!(
                fits(below_base, info.path_template),
                "{command}: {path} is not {}",
                info.path_template
            );
        }
        let _ = std::fs::remove_file(body);
    }
}
