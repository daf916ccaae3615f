//! Projects, project resources, locations and services through the client over loopback
//! (`timekit-api-more.md` §5.1, §5.2, §5.5, §5.6; `docs/api-decisions.md`, "Projects and
//! flows (issue 15)"): create, read, update (204), delete (204), the hosted and embedded
//! entry points of booking.js, the many-to-many links and their searches, and the 404s that
//! name the model.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use futures_util::TryStreamExt as _;
use timekit::Error;
use timekit::model::{
    AvailabilityMode, AvailabilityRequest, CreateBookingRequest, CreateLocationRequest,
    CreateProjectRequest, CreateServiceRequest, ErrorBody, Graph, Location, Project,
    ProjectBooking, Resource, UpdateLocationRequest, UpdateProjectRequest, UpdateServiceRequest,
};
use timekit::ops::{
    AddProjectResource, CreateLocation, CreateProject, CreateService, DeleteLocation,
    DeleteProject, DeleteService, GetEmbeddedProject, GetHostedProject, GetLocation, GetProject,
    GetService, ListLocations, ListProjectResources, ListProjects, ListResources, ListServices,
    QueryAvailability, RemoveProjectResource, ReplaceProjectResources, UpdateLocation,
    UpdateProject, UpdateService,
};
use timekit_tests::{API_KEY, TestBed, at, customer, status_code};

/// An id no test creates.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The reference's own create body (§5.1.4), for `resources`: 30-minute instant haircuts.
fn haircuts(slug: &str, resources: &[&Resource]) -> CreateProjectRequest {
    let request = CreateProjectRequest::new("Haircut 30 min")
        .slug(slug)
        .availability(
            AvailabilityRequest::new(Vec::<String>::new())
                .mode(AvailabilityMode::RoundrobinRandom)
                .length("30 minutes"),
        )
        .booking(
            ProjectBooking::new(Graph::Instant)
                .what("Haircut")
                .location("Main St 1")
                .description(""),
        )
        .ui("display_name", "Main St Barbers")
        .meta("t_store_id", "145");
    resources.iter().fold(request, |request, resource| {
        request.resource(resource.id.clone())
    })
}

async fn create_project(bed: &TestBed, request: CreateProjectRequest) -> Project {
    bed.client
        .call(CreateProject::new(request))
        .await
        .unwrap_or_else(|err| panic!("create_project: {err}"))
}

async fn project_resource_names(bed: &TestBed, project: &Project) -> Vec<String> {
    bed.client
        .call(ListProjectResources::new(project.id.clone()))
        .await
        .unwrap()
        .into_iter()
        .map(|resource| resource.name)
        .collect()
}

/// Asserts a 404 whose body is `{"error": "Resource does not exist", "model": <model>}`.
#[track_caller]
fn assert_not_found(err: &Error, model: &str) {
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert_eq!(status_code(err), Some(404), "{err:?}");
    match err.api_failure().map(|failure| failure.error_body()) {
        Some(ErrorBody::Message {
            error, model: got, ..
        }) => {
            assert_eq!(error, "Resource does not exist", "{err:?}");
            assert_eq!(got.as_deref(), Some(model), "{err:?}");
        }
        other => panic!("not a message body naming {model}: {other:?}"),
    }
}

/// The field names of a 422 validation answer.
#[track_caller]
fn invalid_fields(err: &Error) -> Vec<String> {
    assert_eq!(status_code(err), Some(422), "{err:?}");
    err.api_failure()
        .and_then(|failure| failure.validation_errors())
        .unwrap_or_else(|| panic!("no validation errors: {err:?}"))
        .keys()
        .cloned()
        .collect()
}

#[tokio::test]
async fn project_create_read_update_delete() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "Europe/Copenhagen").await;
    let created = create_project(&bed, haircuts("haircut-30", &[&anna])).await;
    assert_eq!(created.name.as_deref(), Some("Haircut 30 min"));
    assert_eq!(created.slug.as_deref(), Some("haircut-30"));
    let booking = created.booking.as_ref().expect("booking settings");
    assert_eq!(booking.graph, Some(Graph::Instant));
    assert_eq!(booking.what.as_deref(), Some("Haircut"));

    let fetched = bed
        .client
        .call(GetProject::new(created.id.clone()))
        .await
        .unwrap();
    assert_eq!(fetched.id, created.id);
    assert_eq!(fetched.slug.as_deref(), Some("haircut-30"));
    assert_eq!(
        fetched
            .availability
            .as_ref()
            .and_then(|a| a.length.as_deref()),
        Some("30 minutes")
    );
    assert_eq!(
        fetched.ui.as_ref().unwrap()["display_name"],
        "Main St Barbers"
    );
    assert_eq!(fetched.meta.as_ref().unwrap()["t_store_id"], "145");

    // Update is partial and answers 204: the name changes, the slug and booking stay.
    bed.client
        .call(UpdateProject::new(
            created.id.clone(),
            UpdateProjectRequest::new().name("Haircut & beard"),
        ))
        .await
        .unwrap();
    let updated = bed
        .client
        .call(GetProject::new(created.id.clone()))
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Haircut & beard"));
    assert_eq!(updated.slug.as_deref(), Some("haircut-30"));
    assert_eq!(
        updated.booking.as_ref().and_then(|b| b.what.as_deref()),
        Some("Haircut")
    );

    let listed = bed.client.call(ListProjects::new()).await.unwrap();
    assert!(
        listed.data.iter().any(|project| project.id == created.id),
        "{listed:?}"
    );

    bed.client
        .call(DeleteProject::new(created.id.clone()))
        .await
        .unwrap();
    let err = bed
        .client
        .call(GetProject::new(created.id.clone()))
        .await
        .unwrap_err();
    assert_not_found(&err, "Project");
    // The resource is only referenced by the project: it stays.
    bed.client.get_resource(anna.id.clone()).await.unwrap();
}

#[tokio::test]
async fn hosted_and_embedded_projects_carry_the_widget_key() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let project = create_project(&bed, haircuts("main-st-haircuts", &[&anna])).await;

    let embedded = bed
        .client
        .call(GetEmbeddedProject::new(project.id.clone()))
        .await
        .unwrap();
    assert_eq!(embedded.id, project.id);
    assert!(
        embedded
            .app_key
            .as_deref()
            .is_some_and(|key| !key.is_empty()),
        "{embedded:?}"
    );

    // booking.js loads a hosted page before it knows any key (§5.2.1): a client with a key
    // the emulator does not know still gets the project, and learns the widget key from it.
    let stranger = bed.client_with_key("test_api_key_nobody_knows_this_one_000000");
    let err = stranger
        .call(GetProject::new(project.id.clone()))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(401), "{err:?}");
    let hosted = stranger
        .call(GetHostedProject::new("main-st-haircuts"))
        .await
        .unwrap();
    assert_eq!(hosted.id, project.id);
    assert_eq!(hosted.slug.as_deref(), Some("main-st-haircuts"));
    assert_eq!(hosted.app_key, embedded.app_key);
    assert_eq!(
        hosted.booking.as_ref().and_then(|b| b.graph.clone()),
        Some(Graph::Instant)
    );
}

/// booking.js reads `app_key` from the hosted project and sends it as its key from then on
/// (§3.2, §5.2.1, §7 A/B). The route is public, so what it hands out must be the app's
/// *widget* key — "omit nothing but secrets" — and that key must work on the widget routes
/// (embed, availability, create booking) and nowhere else.
#[tokio::test]
async fn the_hosted_page_hands_out_a_widget_key_not_the_api_key() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let project = create_project(&bed, haircuts("public-page", &[&anna])).await;
    let anonymous = bed.client_with_key("test_widget_key_not_configured_anywhere_0000");
    let hosted = anonymous
        .call(GetHostedProject::new("public-page"))
        .await
        .unwrap();
    let key = hosted.app_key.expect("the hosted project carries app_key");
    assert_ne!(
        key, API_KEY,
        "a public route handed out the app's secret API key"
    );

    let widget = bed.client_with_key(&key);
    widget
        .call(GetEmbeddedProject::new(project.id.clone()))
        .await
        .unwrap();
    let slots = widget
        .call(QueryAvailability::new(
            AvailabilityRequest::new(Vec::<String>::new())
                .project_id(project.id.clone())
                .from("2030-01-08T09:00:00Z")
                .to("2030-01-08T10:00:00Z"),
        ))
        .await
        .unwrap();
    assert_eq!(slots.len(), 2, "{slots:?}");
    widget
        .create_booking(
            CreateBookingRequest::new(
                anna.id.clone(),
                Graph::Instant,
                at("2030-01-08T09:00:00Z"),
                at("2030-01-08T09:30:00Z"),
            )
            .project_id(project.id.clone())
            .customer(customer("Jane Roe")),
        )
        .await
        .unwrap();
    let err = widget.call(ListResources::new()).await.unwrap_err();
    assert_eq!(status_code(&err), Some(401), "{err:?}");
    let err = widget
        .call(DeleteProject::new(project.id.clone()))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(401), "{err:?}");
}

#[tokio::test]
async fn the_new_lists_paginate() {
    let bed = TestBed::start().await;
    for n in 0..5 {
        create_project(&bed, haircuts(&format!("project-{n}"), &[])).await;
        bed.client
            .call(CreateLocation::new(CreateLocationRequest::new(format!(
                "Location {n}"
            ))))
            .await
            .unwrap();
        bed.client
            .call(CreateService::new(CreateServiceRequest::new(format!(
                "Service {n}"
            ))))
            .await
            .unwrap();
    }
    let first = bed.client.call(ListProjects::new().limit(2)).await.unwrap();
    assert_eq!(first.data.len(), 2);
    assert!(first.has_next(), "{first:?}");

    let projects: Vec<Project> = bed
        .client
        .paginate(ListProjects::new().limit(2))
        .try_collect()
        .await
        .unwrap();
    let mut slugs: Vec<String> = projects.into_iter().map(|p| p.slug.unwrap()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "project-0",
            "project-1",
            "project-2",
            "project-3",
            "project-4"
        ]
    );
    let locations: Vec<Location> = bed
        .client
        .paginate(ListLocations::new().limit(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(locations.len(), 5);
    let services: Vec<timekit::model::Service> = bed
        .client
        .paginate(ListServices::new().limit(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(services.len(), 5);
}

#[tokio::test]
async fn project_slugs_are_unique() {
    let bed = TestBed::start().await;
    create_project(&bed, haircuts("haircut-30", &[])).await;
    let err = bed
        .client
        .call(CreateProject::new(haircuts("haircut-30", &[])))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["slug"]);
}

#[tokio::test]
async fn project_resources_add_list_replace_remove() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let ben = bed.resource("Ben", "Europe/Berlin").await;
    let carl = bed.resource("Carl", "America/New_York").await;
    let project = create_project(&bed, haircuts("staff", &[&anna])).await;

    // The list answers full resources (id, name, timezone), not ids.
    let listed = bed
        .client
        .call(ListProjectResources::new(project.id.clone()))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, anna.id);
    assert_eq!(listed[0].timezone, "UTC");

    // Add answers the project (docs/api-decisions.md: 201 {"data": Project}).
    let answered = bed
        .client
        .call(AddProjectResource::new(project.id.clone(), ben.id.clone()))
        .await
        .unwrap();
    assert_eq!(answered.map(|p| p.id), Some(project.id.clone()));
    assert_eq!(
        project_resource_names(&bed, &project).await,
        ["Anna", "Ben"]
    );
    // Adding a member again adds no duplicate.
    bed.client
        .call(AddProjectResource::new(project.id.clone(), ben.id.clone()))
        .await
        .unwrap();
    assert_eq!(
        project_resource_names(&bed, &project).await,
        ["Anna", "Ben"]
    );

    // Replace sends the bare array and makes it the whole set, in its order.
    bed.client
        .call(ReplaceProjectResources::new(
            project.id.clone(),
            [carl.id.clone(), anna.id.clone()],
        ))
        .await
        .unwrap();
    assert_eq!(
        project_resource_names(&bed, &project).await,
        ["Carl", "Anna"]
    );

    bed.client
        .call(RemoveProjectResource::new(
            project.id.clone(),
            carl.id.clone(),
        ))
        .await
        .unwrap();
    assert_eq!(project_resource_names(&bed, &project).await, ["Anna"]);
    // Removing a resource that is not a member: 404 naming the resource.
    let err = bed
        .client
        .call(RemoveProjectResource::new(
            project.id.clone(),
            carl.id.clone(),
        ))
        .await
        .unwrap_err();
    assert_not_found(&err, "Resource");

    // An empty array clears the set.
    bed.client
        .call(ReplaceProjectResources::new(
            project.id.clone(),
            Vec::<String>::new(),
        ))
        .await
        .unwrap();
    assert!(project_resource_names(&bed, &project).await.is_empty());

    // Unknown resources are refused, and nothing changes.
    let err = bed
        .client
        .call(AddProjectResource::new(project.id.clone(), UNKNOWN_ID))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["resource_id"]);
    let err = bed
        .client
        .call(CreateProject::new(
            haircuts("ghosts", &[]).resource(UNKNOWN_ID),
        ))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["resources.0"]);
    assert!(project_resource_names(&bed, &project).await.is_empty());
}

async fn create_location(bed: &TestBed, request: CreateLocationRequest) -> Location {
    bed.client
        .call(CreateLocation::new(request))
        .await
        .unwrap_or_else(|err| panic!("create_location: {err}"))
}

#[tokio::test]
async fn locations_create_read_update_delete_and_link_projects() {
    let bed = TestBed::start().await;
    let project = create_project(&bed, haircuts("downtown", &[])).await;
    let other = create_project(&bed, haircuts("uptown", &[])).await;
    let location = create_location(
        &bed,
        CreateLocationRequest::new("Copenhagen Main St")
            .description("The first store")
            .coordinates(55.6761, 12.5683)
            .project(project.id.clone())
            .meta("t_store_city", "Copenhagen"),
    )
    .await;
    assert_eq!(location.name.as_deref(), Some("Copenhagen Main St"));
    assert_eq!(location.latitude, Some(55.6761));
    assert_eq!(location.longitude, Some(12.5683));
    assert_eq!(
        location.meta.as_ref().unwrap()["t_store_city"],
        "Copenhagen"
    );

    let with_projects = bed
        .client
        .call(GetLocation::new(location.id.clone()).include("projects"))
        .await
        .unwrap();
    let linked: Vec<_> = with_projects
        .projects
        .expect("include=projects")
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(linked, std::slice::from_ref(&project.id));

    // The project search the appointments widget uses finds exactly the linked project.
    let found = bed
        .client
        .call(ListProjects::new().location(location.id.clone()))
        .await
        .unwrap();
    let ids: Vec<_> = found.data.iter().map(|p| p.id.clone()).collect();
    assert_eq!(ids, std::slice::from_ref(&project.id));

    // Update (204): rename and link the other project instead.
    bed.client
        .call(UpdateLocation::new(
            location.id.clone(),
            UpdateLocationRequest::new()
                .name("Copenhagen Central")
                .projects([other.id.clone()]),
        ))
        .await
        .unwrap();
    let updated = bed
        .client
        .call(GetLocation::new(location.id.clone()))
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Copenhagen Central"));
    assert_eq!(updated.description.as_deref(), Some("The first store"));
    let found = bed
        .client
        .call(ListProjects::new().location(location.id.clone()))
        .await
        .unwrap();
    let ids: Vec<_> = found.data.iter().map(|p| p.id.clone()).collect();
    assert_eq!(ids, std::slice::from_ref(&other.id));

    let listed = bed.client.call(ListLocations::new()).await.unwrap();
    assert_eq!(listed.data.len(), 1);

    // Unknown projects are refused on create.
    let err = bed
        .client
        .call(CreateLocation::new(
            CreateLocationRequest::new("Nowhere").project(UNKNOWN_ID),
        ))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["projects.0"]);

    // Delete (204) drops the link, not the project.
    bed.client
        .call(DeleteLocation::new(location.id.clone()))
        .await
        .unwrap();
    let err = bed
        .client
        .call(GetLocation::new(location.id.clone()))
        .await
        .unwrap_err();
    assert_not_found(&err, "Location");
    bed.client
        .call(GetProject::new(other.id.clone()))
        .await
        .unwrap();
}

#[tokio::test]
async fn locations_search_by_distance() {
    let bed = TestBed::start().await;
    let copenhagen = create_location(
        &bed,
        CreateLocationRequest::new("Copenhagen").coordinates(55.6761, 12.5683),
    )
    .await;
    let malmo = create_location(
        &bed,
        CreateLocationRequest::new("Malmö").coordinates(55.6050, 13.0038),
    )
    .await;
    create_location(
        &bed,
        CreateLocationRequest::new("Aarhus").coordinates(56.1629, 10.2039),
    )
    .await;

    // From Copenhagen's town hall square: Malmö is about 28 km away, Aarhus about 157 km.
    let near = bed
        .client
        .call(ListLocations::new().near(55.6759, 12.5690, 50.0))
        .await
        .unwrap();
    let names: Vec<_> = near.data.iter().map(|l| l.name.clone().unwrap()).collect();
    assert_eq!(names, ["Copenhagen", "Malmö"], "nearest first");
    let distances: Vec<f64> = near.data.iter().map(|l| l.distance.unwrap()).collect();
    assert!(distances[0] < 1.0, "{distances:?}");
    assert!((25.0..32.0).contains(&distances[1]), "{distances:?}");
    assert_eq!(near.data[0].id, copenhagen.id);
    assert_eq!(near.data[1].id, malmo.id);

    let all = bed
        .client
        .call(ListLocations::new().near(55.6759, 12.5690, 500.0))
        .await
        .unwrap();
    assert_eq!(all.data.len(), 3);
}

#[tokio::test]
async fn services_create_read_update_delete_with_hidden_projects() {
    let bed = TestBed::start().await;
    let main_st = create_location(&bed, CreateLocationRequest::new("Main St")).await;
    let harbour = create_location(&bed, CreateLocationRequest::new("Harbour")).await;
    let service = bed
        .client
        .call(CreateService::new(
            CreateServiceRequest::new("Beard trim")
                .description("20 minutes with the clippers")
                .image_url("https://example.com/beard.png")
                .availability(AvailabilityRequest::new(Vec::<String>::new()).length("20 minutes"))
                .booking(ProjectBooking::new(Graph::Instant).what("Beard trim"))
                .location(main_st.id.clone())
                .location(harbour.id.clone()),
        ))
        .await
        .unwrap();
    assert_eq!(service.name.as_deref(), Some("Beard trim"));
    assert_eq!(
        service
            .availability
            .as_ref()
            .and_then(|a| a.length.as_deref()),
        Some("20 minutes")
    );

    let with_locations = bed
        .client
        .call(GetService::new(service.id.clone()).include("locations"))
        .await
        .unwrap();
    let mut linked: Vec<_> = with_locations
        .locations
        .expect("include=locations")
        .into_iter()
        .map(|l| l.name.unwrap())
        .collect();
    linked.sort();
    assert_eq!(linked, ["Harbour", "Main St"]);

    // One (hidden) project per location × service, found the way the appointments widget
    // looks for it (§7 E), with the service's settings.
    let for_pair = |location: &Location| {
        ListProjects::new()
            .location(location.id.clone())
            .service(service.id.clone())
    };
    let main_st_projects = bed.client.call(for_pair(&main_st)).await.unwrap();
    assert_eq!(main_st_projects.data.len(), 1, "{main_st_projects:?}");
    let hidden = &main_st_projects.data[0];
    assert_eq!(
        hidden
            .availability
            .as_ref()
            .and_then(|a| a.length.as_deref()),
        Some("20 minutes")
    );
    assert_eq!(
        bed.client
            .call(for_pair(&harbour))
            .await
            .unwrap()
            .data
            .len(),
        1
    );

    // A change of the service propagates to its location projects.
    bed.client
        .call(UpdateService::new(
            service.id.clone(),
            UpdateServiceRequest::new()
                .name("Beard trim deluxe")
                .availability(AvailabilityRequest::new(Vec::<String>::new()).length("40 minutes")),
        ))
        .await
        .unwrap();
    let updated = bed
        .client
        .call(GetService::new(service.id.clone()))
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Beard trim deluxe"));
    assert_eq!(
        updated.description.as_deref(),
        Some("20 minutes with the clippers")
    );
    let propagated = bed
        .client
        .call(GetProject::new(hidden.id.clone()))
        .await
        .unwrap();
    assert_eq!(
        propagated
            .availability
            .as_ref()
            .and_then(|a| a.length.as_deref()),
        Some("40 minutes")
    );

    // GET /locations?include=services, the appointments widget's first call.
    let locations = bed
        .client
        .call(ListLocations::new().include("services"))
        .await
        .unwrap();
    for location in &locations.data {
        let services = location.services.as_ref().expect("include=services");
        assert_eq!(services.len(), 1, "{location:?}");
        assert_eq!(services[0].id, service.id);
    }
    let services = bed.client.call(ListServices::new()).await.unwrap();
    assert_eq!(services.data.len(), 1);

    // Delete (204) takes the hidden projects with it.
    bed.client
        .call(DeleteService::new(service.id.clone()))
        .await
        .unwrap();
    let err = bed
        .client
        .call(GetService::new(service.id.clone()))
        .await
        .unwrap_err();
    assert_not_found(&err, "Service");
    let err = bed
        .client
        .call(GetProject::new(hidden.id.clone()))
        .await
        .unwrap_err();
    assert_not_found(&err, "Project");
}

#[tokio::test]
async fn unknown_ids_are_404_with_the_model_named() {
    let bed = TestBed::start().await;
    let client = &bed.client;
    let cases: Vec<(Error, &str, &str)> = vec![
        (
            client.call(GetProject::new(UNKNOWN_ID)).await.unwrap_err(),
            "Project",
            "get project",
        ),
        (
            client
                .call(UpdateProject::new(
                    UNKNOWN_ID,
                    UpdateProjectRequest::new().name("x"),
                ))
                .await
                .unwrap_err(),
            "Project",
            "update project",
        ),
        (
            client
                .call(DeleteProject::new(UNKNOWN_ID))
                .await
                .unwrap_err(),
            "Project",
            "delete project",
        ),
        (
            client
                .call(ListProjectResources::new(UNKNOWN_ID))
                .await
                .unwrap_err(),
            "Project",
            "list project resources",
        ),
        (
            client
                .call(ReplaceProjectResources::new(
                    UNKNOWN_ID,
                    Vec::<String>::new(),
                ))
                .await
                .unwrap_err(),
            "Project",
            "replace project resources",
        ),
        (
            client
                .call(GetEmbeddedProject::new(UNKNOWN_ID))
                .await
                .unwrap_err(),
            "Widget",
            "embed (booking.js's mock)",
        ),
        (
            client
                .call(GetHostedProject::new("no-such-slug"))
                .await
                .unwrap_err(),
            "Widget",
            "hosted",
        ),
        (
            client.call(GetLocation::new(UNKNOWN_ID)).await.unwrap_err(),
            "Location",
            "get location",
        ),
        (
            client
                .call(UpdateLocation::new(
                    UNKNOWN_ID,
                    UpdateLocationRequest::new(),
                ))
                .await
                .unwrap_err(),
            "Location",
            "update location",
        ),
        (
            client
                .call(DeleteLocation::new(UNKNOWN_ID))
                .await
                .unwrap_err(),
            "Location",
            "delete location",
        ),
        (
            client.call(GetService::new(UNKNOWN_ID)).await.unwrap_err(),
            "Service",
            "get service",
        ),
        (
            client
                .call(UpdateService::new(UNKNOWN_ID, UpdateServiceRequest::new()))
                .await
                .unwrap_err(),
            "Service",
            "update service",
        ),
        (
            client
                .call(DeleteService::new(UNKNOWN_ID))
                .await
                .unwrap_err(),
            "Service",
            "delete service",
        ),
    ];
    for (err, model, case) in &cases {
        assert_eq!(status_code(err), Some(404), "{case}: {err:?}");
        assert_not_found(err, model);
    }
}
