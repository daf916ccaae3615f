//! One thin method per Timekit operation, each `self.execute(Op::new(..))`.
//!
//! They take the operation's required arguments only. For optional parameters (`include`,
//! `search`, `limit`, raw JSON bodies, the invite path) build the operation and call
//! [`Client::execute`]; for every item of a list use [`Client::paginate`].

use serde_json::{Map, Value};
use timekit_model::availability::AvailabilityRequest;
use timekit_model::slot::Slot;
use timekit_model::{
    App, Booking, BookingAction, BookingId, BulkItemResult, CreateBookingRequest,
    CreateBookingsBulkRequest, CreateResourceRequest, Page, Resource, ResourceId,
    UpdateBookingsBulkRequest, UpdateResourceRequest,
};
use timekit_ops::{
    ApplyBookingAction, CreateBooking, CreateBookingsBulk, CreateResource, DeleteBooking,
    DeleteResource, GetApp, GetBooking, GetResource, InviteToApp, ListBookings, ListResources,
    QueryAvailability, UpdateBookingMeta, UpdateBookingsBulk, UpdateResource,
};
use timekit_transport::Transport;

use crate::client::Client;
use crate::error::Error;

/// The error contract of every method below: see [`Client::execute`].
impl<T: Transport> Client<T> {
    /// `GET /app`: the app the API key belongs to.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn get_app(&self) -> Result<App, Error> {
        self.execute(GetApp::new()).await
    }

    /// `POST /app/invite`: adds an existing Timekit user (by e-mail) to this app. Returns the
    /// resource when Timekit sends one.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn invite_to_app(&self, email: impl Into<String>) -> Result<Option<Resource>, Error> {
        self.execute(InviteToApp::new(email)).await
    }

    /// `POST /resources`: creates a resource.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn create_resource(&self, request: CreateResourceRequest) -> Result<Resource, Error> {
        self.execute(CreateResource::new(request)).await
    }

    /// `GET /resources`: the first page of resources (see [`Client::paginate`] for all).
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn list_resources(&self) -> Result<Page<Resource>, Error> {
        self.execute(ListResources::new()).await
    }

    /// `GET /resources/{id}`: one resource.
    ///
    /// # Errors
    /// As [`Client::execute`]; an invalid id is [`Error::InvalidRequest`].
    pub async fn get_resource(&self, id: impl Into<ResourceId>) -> Result<Resource, Error> {
        self.execute(GetResource::new(id)).await
    }

    /// `PUT /resources/{id}`: updates a resource. Timekit usually answers 204, hence `None`.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn update_resource(
        &self,
        id: impl Into<ResourceId>,
        request: UpdateResourceRequest,
    ) -> Result<Option<Resource>, Error> {
        self.execute(UpdateResource::new(id, request)).await
    }

    /// `DELETE /resources/{id}`: deletes a resource.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn delete_resource(&self, id: impl Into<ResourceId>) -> Result<(), Error> {
        self.execute(DeleteResource::new(id)).await
    }

    /// `POST /availability`: the bookable slots for a query.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn query_availability(
        &self,
        request: AvailabilityRequest,
    ) -> Result<Vec<Slot>, Error> {
        self.execute(QueryAvailability::new(request)).await
    }

    /// `POST /bookings`: creates a booking. Never retried after it may have been sent:
    /// Timekit has no idempotency keys, so a repeat could book twice.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn create_booking(&self, request: CreateBookingRequest) -> Result<Booking, Error> {
        self.execute(CreateBooking::new(request)).await
    }

    /// `GET /bookings`: the first page of bookings (see [`Client::paginate`] for all, and
    /// [`ListBookings`] for search, order and date filters).
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn list_bookings(&self) -> Result<Page<Booking>, Error> {
        self.execute(ListBookings::new()).await
    }

    /// `GET /bookings/{id}`: one booking.
    ///
    /// # Errors
    /// As [`Client::execute`]; an invalid id is [`Error::InvalidRequest`].
    pub async fn get_booking(&self, id: impl Into<BookingId>) -> Result<Booking, Error> {
        self.execute(GetBooking::new(id)).await
    }

    /// `PUT /bookings/{id}/{action}`: moves a booking through its graph (confirm, decline,
    /// cancel, …).
    ///
    /// # Errors
    /// As [`Client::execute`]; an action the booking's state does not allow is an
    /// [`Error::UnexpectedStatus`] (422).
    pub async fn apply_booking_action(
        &self,
        id: impl Into<BookingId>,
        action: BookingAction,
    ) -> Result<Booking, Error> {
        self.execute(ApplyBookingAction::new(id, action)).await
    }

    /// `PUT /bookings/{id}` with `{"meta": …}`: merges keys into a booking's metadata.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn update_booking_meta(
        &self,
        id: impl Into<BookingId>,
        meta: Map<String, Value>,
    ) -> Result<Booking, Error> {
        self.execute(UpdateBookingMeta::new(id, meta)).await
    }

    /// `POST /bookings/bulk`: creates several bookings; each item succeeds or fails alone.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn create_bookings_bulk(
        &self,
        request: CreateBookingsBulkRequest,
    ) -> Result<Vec<BulkItemResult>, Error> {
        self.execute(CreateBookingsBulk::new(request)).await
    }

    /// `PUT /bookings/bulk`: applies actions to several bookings; each item succeeds or
    /// fails alone.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn update_bookings_bulk(
        &self,
        request: UpdateBookingsBulkRequest,
    ) -> Result<Vec<BulkItemResult>, Error> {
        self.execute(UpdateBookingsBulk::new(request)).await
    }

    /// `DELETE /bookings/{id}`: deletes a booking in a final state.
    ///
    /// # Errors
    /// As [`Client::execute`]; a booking not yet in a final state is refused by Timekit
    /// ([`Error::UnexpectedStatus`]).
    pub async fn delete_booking(&self, id: impl Into<BookingId>) -> Result<(), Error> {
        self.execute(DeleteBooking::new(id)).await
    }
}
