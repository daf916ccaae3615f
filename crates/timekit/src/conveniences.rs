//! One thin method per Timekit operation, each `self.call(Op::new(..))` run to its end
//! (through the call's own future, without the box that `IntoFuture` puts it in).
//!
//! They take the operation's required arguments only. For optional parameters (`include`,
//! `search`, `limit`, raw JSON bodies, the invite path), raw output or another retry policy,
//! build the operation and use [`Client::call`]; for every item of a list use
//! [`Client::paginate`].

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

/// Each method's errors are those of [`Client::call`] (`# Errors` there).
impl<T: Transport> Client<T> {
    /// `GET /app`: the app the API key belongs to.
    pub async fn get_app(&self) -> Result<App, Error> {
        self.call(GetApp::new()).run().await
    }

    /// `POST /app/invite`: adds an existing Timekit user (by e-mail) to this app. Returns the
    /// resource when Timekit sends one.
    pub async fn invite_to_app(&self, email: impl Into<String>) -> Result<Option<Resource>, Error> {
        self.call(InviteToApp::new(email)).run().await
    }

    /// `POST /resources`: creates a resource.
    pub async fn create_resource(&self, request: CreateResourceRequest) -> Result<Resource, Error> {
        self.call(CreateResource::new(request)).run().await
    }

    /// `GET /resources`: the first page of resources (see [`Client::paginate`] for all).
    pub async fn list_resources(&self) -> Result<Page<Resource>, Error> {
        self.call(ListResources::new()).run().await
    }

    /// `GET /resources/{id}`: one resource (an invalid id is [`Error::InvalidRequest`]).
    pub async fn get_resource(&self, id: impl Into<ResourceId>) -> Result<Resource, Error> {
        self.call(GetResource::new(id)).run().await
    }

    /// `PUT /resources/{id}`: updates a resource. Timekit usually answers 204, hence `None`.
    pub async fn update_resource(
        &self,
        id: impl Into<ResourceId>,
        request: UpdateResourceRequest,
    ) -> Result<Option<Resource>, Error> {
        self.call(UpdateResource::new(id, request)).run().await
    }

    /// `DELETE /resources/{id}`: deletes a resource.
    pub async fn delete_resource(&self, id: impl Into<ResourceId>) -> Result<(), Error> {
        self.call(DeleteResource::new(id)).run().await
    }

    /// `POST /availability`: the bookable slots for a query.
    pub async fn query_availability(
        &self,
        request: AvailabilityRequest,
    ) -> Result<Vec<Slot>, Error> {
        self.call(QueryAvailability::new(request)).run().await
    }

    /// `POST /bookings`: creates a booking. Never retried after it may have been sent:
    /// Timekit has no idempotency keys, so a repeat could book twice.
    pub async fn create_booking(&self, request: CreateBookingRequest) -> Result<Booking, Error> {
        self.call(CreateBooking::new(request)).run().await
    }

    /// `GET /bookings`: the first page of bookings (see [`Client::paginate`] for all, and
    /// [`ListBookings`] for search, order and date filters).
    pub async fn list_bookings(&self) -> Result<Page<Booking>, Error> {
        self.call(ListBookings::new()).run().await
    }

    /// `GET /bookings/{id}`: one booking (an invalid id is [`Error::InvalidRequest`]).
    pub async fn get_booking(&self, id: impl Into<BookingId>) -> Result<Booking, Error> {
        self.call(GetBooking::new(id)).run().await
    }

    /// `PUT /bookings/{id}/{action}`: moves a booking through its graph (confirm, decline,
    /// cancel, …); an action its state does not allow is [`Error::UnexpectedStatus`] (422).
    pub async fn apply_booking_action(
        &self,
        id: impl Into<BookingId>,
        action: BookingAction,
    ) -> Result<Booking, Error> {
        self.call(ApplyBookingAction::new(id, action)).run().await
    }

    /// `PUT /bookings/{id}` with `{"meta": …}`: merges keys into a booking's metadata.
    pub async fn update_booking_meta(
        &self,
        id: impl Into<BookingId>,
        meta: Map<String, Value>,
    ) -> Result<Booking, Error> {
        self.call(UpdateBookingMeta::new(id, meta)).run().await
    }

    /// `POST /bookings/bulk`: creates several bookings; each item succeeds or fails alone.
    pub async fn create_bookings_bulk(
        &self,
        request: CreateBookingsBulkRequest,
    ) -> Result<Vec<BulkItemResult>, Error> {
        self.call(CreateBookingsBulk::new(request)).run().await
    }

    /// `PUT /bookings/bulk`: applies actions to several bookings; each item succeeds or
    /// fails alone.
    pub async fn update_bookings_bulk(
        &self,
        request: UpdateBookingsBulkRequest,
    ) -> Result<Vec<BulkItemResult>, Error> {
        self.call(UpdateBookingsBulk::new(request)).run().await
    }

    /// `DELETE /bookings/{id}`: deletes a booking in a final state (Timekit refuses others:
    /// [`Error::UnexpectedStatus`]).
    pub async fn delete_booking(&self, id: impl Into<BookingId>) -> Result<(), Error> {
        self.call(DeleteBooking::new(id)).run().await
    }
}
