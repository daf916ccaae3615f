//! Runs a parsed command: builds its operation, executes it raw, selects what to print.
//!
//! Every command goes through the client's raw execution, so what is printed is what the
//! server sent (its `data`, or the whole body with `--raw`), never a re-serialised model.

use timekit::ops::{
    ApplyBookingAction, CreateBooking, CreateBookingsBulk, CreateResource, DeleteBooking,
    DeleteResource, GetApp, GetBooking, GetResource, InviteToApp, ListBookings, ListResources,
    Paginated, QueryAvailability, SortOrder, UpdateBookingMeta, UpdateBookingsBulk, UpdateResource,
};
use timekit::{Client, Operation, Transport};
use timekit_model::BookingAction;

use crate::all_pages;
use crate::body::{read_json, read_json_or_empty};
use crate::cli::{
    AppCommand, AvailabilityCommand, BookingListOptions, BookingsCommand, Command, ListOptions,
    ResourcesCommand, SortDirection,
};
use crate::failure::Failure;
use crate::output;

/// Runs `command` and returns the JSON to print, or `None` when the answer has no body.
///
/// # Errors
/// [`Failure`] for unreadable bodies and every failed call.
pub async fn execute<T: Transport>(
    client: &Client<T>,
    command: Command,
    raw: bool,
) -> Result<Option<Vec<u8>>, Failure> {
    let call = Call { client, raw };
    match command {
        Command::App(command) => app(call, command).await,
        Command::Resources(command) => resources(call, command).await,
        Command::Availability(AvailabilityCommand::Query { body }) => {
            call.one(QueryAvailability::from_json(read_json(&body)?))
                .await
        }
        Command::Bookings(command) => bookings(call, command).await,
    }
}

async fn app<T: Transport>(
    call: Call<'_, T>,
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

async fn resources<T: Transport>(
    call: Call<'_, T>,
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
    }
}

async fn bookings<T: Transport>(
    call: Call<'_, T>,
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
struct Call<'a, T> {
    client: &'a Client<T>,
    raw: bool,
}

impl<T: Transport> Call<'_, T> {
    /// One request; prints its `data` (or the whole body with `--raw`).
    async fn one<O: Operation>(&self, op: O) -> Result<Option<Vec<u8>>, Failure> {
        let response = self.client.execute_raw(op).await?;
        Ok(output::select(&response.body, self.raw))
    }

    /// One page, or with `all` every page from the requested one on, joined into one array.
    async fn list<P: Paginated>(&self, op: P, all: bool) -> Result<Option<Vec<u8>>, Failure> {
        if !all {
            return self.one(op).await;
        }
        let first_page = op.page();
        let joined = all_pages::collect(first_page, self.raw, async |page| {
            let response = self.client.execute_raw(op.with_page(page)).await?;
            Ok(response.body.to_vec())
        })
        .await?;
        Ok(Some(joined))
    }
}
