//! Projects, locations and services (timekit-api-more.md §4): the booking.js "event types"
//! and the appointments widget's location × service catalogue.
//!
//! Links are many-to-many and stored on one side only, so they cannot disagree: a project
//! lists its locations and services, a service lists its locations. Small by nature (an app
//! has tens of projects), so reads clone what they show.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::time::Stamp;

/// One project (a booking.js "widget"): settings that stand in for request fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Project {
    pub(crate) id: String,
    pub(crate) seq: u64,
    pub(crate) name: String,
    pub(crate) slug: String,
    /// Ids of the bookable resources, in the order they were added.
    pub(crate) resources: Vec<String>,
    pub(crate) locations: Vec<String>,
    pub(crate) services: Vec<String>,
    /// `availability`, `availability_constraints`, `booking`, `reminders`,
    /// `customer_fields`, `ui`, `meta` and the scalar settings, as validated JSON.
    pub(crate) settings: Map<String, Value>,
    /// Made by the emulator for a location × service pair (timekit-api-more.md §5.6).
    pub(crate) hidden: bool,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

impl Project {
    /// A settings object (`availability`, `booking`, …), if set.
    pub(crate) fn object(&self, key: &str) -> Option<&Map<String, Value>> {
        self.settings.get(key).and_then(Value::as_object)
    }
}

/// One location (a store, an office).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Location {
    pub(crate) id: String,
    pub(crate) seq: u64,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) latitude: Option<f64>,
    pub(crate) longitude: Option<f64>,
    pub(crate) use_custom_hours: bool,
    pub(crate) meta: Map<String, Value>,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

/// One service (`/location/services`): project-like settings shared across locations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Service {
    pub(crate) id: String,
    pub(crate) seq: u64,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) image_url: Option<String>,
    /// `availability`, `booking`, `meta` as validated JSON.
    pub(crate) settings: Map<String, Value>,
    pub(crate) locations: Vec<String>,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

/// Everything of the catalogue.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Catalog {
    pub(crate) projects: HashMap<String, Project>,
    pub(crate) locations: HashMap<String, Location>,
    pub(crate) services: HashMap<String, Service>,
    next_seq: u64,
}

impl Catalog {
    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub(crate) fn insert_project(&mut self, mut project: Project) {
        project.seq = self.take_seq();
        self.projects.insert(project.id.clone(), project);
    }

    pub(crate) fn insert_location(&mut self, mut location: Location) {
        location.seq = self.take_seq();
        self.locations.insert(location.id.clone(), location);
    }

    pub(crate) fn insert_service(&mut self, mut service: Service) {
        service.seq = self.take_seq();
        self.services.insert(service.id.clone(), service);
    }

    pub(crate) fn project_by_slug(&self, slug: &str) -> Option<&Project> {
        self.projects.values().find(|project| project.slug == slug)
    }

    /// `base`, or `base-2`, `base-3`, … : the first slug no project other than `except` has.
    pub(crate) fn free_slug(&self, base: &str, except: Option<&str>) -> String {
        let taken = |slug: &str| {
            self.projects
                .values()
                .any(|project| project.slug == slug && Some(project.id.as_str()) != except)
        };
        if !taken(base) {
            return base.to_owned();
        }
        (2u64..)
            .map(|n| format!("{base}-{n}"))
            .find(|slug| !taken(slug))
            .unwrap_or_else(|| base.to_owned())
    }

    /// Projects linked to location `id`, oldest first.
    pub(crate) fn projects_of_location(&self, id: &str) -> Vec<&Project> {
        let mut projects: Vec<&Project> = self
            .projects
            .values()
            .filter(|project| project.locations.iter().any(|l| l == id))
            .collect();
        projects.sort_by_key(|project| project.seq);
        projects
    }

    /// Services linked to location `id`, oldest first.
    pub(crate) fn services_of_location(&self, id: &str) -> Vec<&Service> {
        let mut services: Vec<&Service> = self
            .services
            .values()
            .filter(|service| service.locations.iter().any(|l| l == id))
            .collect();
        services.sort_by_key(|service| service.seq);
        services
    }

    /// Makes sure every location of service `id` has a project linking both (a hidden one
    /// when none exists), and copies the service's `availability` and `booking` into its
    /// hidden projects. `make` builds a new hidden project for (location, service).
    pub(crate) fn sync_hidden_projects(
        &mut self,
        service_id: &str,
        mut make: impl FnMut(&Location, &Service, &Catalog) -> Project,
    ) {
        let Some(service) = self.services.get(service_id).cloned() else {
            return;
        };
        for location_id in &service.locations {
            let linked = self.projects.values().any(|project| {
                project.locations.iter().any(|l| l == location_id)
                    && project.services.iter().any(|s| s == service_id)
            });
            if !linked {
                if let Some(location) = self.locations.get(location_id).cloned() {
                    let project = make(&location, &service, self);
                    self.insert_project(project);
                }
            }
        }
        // Hidden projects of this service whose location is no longer linked go away.
        self.projects.retain(|_, project| {
            !(project.hidden
                && project.services.iter().any(|s| s == service_id)
                && !project
                    .locations
                    .iter()
                    .all(|l| service.locations.contains(l)))
        });
        for project in self.projects.values_mut() {
            if project.hidden && project.services.iter().any(|s| s == service_id) {
                for key in ["availability", "booking"] {
                    match service.settings.get(key) {
                        Some(value) => project.settings.insert(key.to_owned(), value.clone()),
                        None => project.settings.remove(key),
                    };
                }
                project.updated_at = service.updated_at.clone();
            }
        }
    }

    /// Removes location `id` and every link to it; hidden projects of the location go too.
    pub(crate) fn remove_location(&mut self, id: &str) -> bool {
        if self.locations.remove(id).is_none() {
            return false;
        }
        self.projects
            .retain(|_, project| !(project.hidden && project.locations.iter().any(|l| l == id)));
        for project in self.projects.values_mut() {
            project.locations.retain(|l| l != id);
        }
        for service in self.services.values_mut() {
            service.locations.retain(|l| l != id);
        }
        true
    }

    /// Removes service `id`, its hidden projects, and every link to it.
    pub(crate) fn remove_service(&mut self, id: &str) -> bool {
        if self.services.remove(id).is_none() {
            return false;
        }
        self.projects
            .retain(|_, project| !(project.hidden && project.services.iter().any(|s| s == id)));
        for project in self.projects.values_mut() {
            project.services.retain(|s| s != id);
        }
        true
    }
}
