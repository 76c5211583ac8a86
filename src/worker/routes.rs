//! The proxy's endpoints: the API's three, taken from the request types themselves, apart from
//! the proxy's own schedules ([`ScheduleRoute`]) and the operational ones ([`OpsRoute`]:
//! health, the OpenAPI description, and in the edge tests' build a panic route), so the API's
//! steps only ever see an API endpoint.

use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};

/// An endpoint of the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// One of the API's endpoints: token, body, validation, the backend.
    Api(ApiRoute),
    /// The caller's schedules, kept by the proxy.
    Schedules(ScheduleRoute),
    /// An endpoint of the proxy's own, answered without a token.
    Ops(OpsRoute),
}

/// An endpoint of the schedules. Two paths, each with two methods; the `{id}` of a path is
/// [`schedule_id`]'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleRoute {
    /// `POST /schedules`.
    Create,
    /// `GET /schedules`.
    List,
    /// `GET /schedules/{id}`.
    Read,
    /// `DELETE /schedules/{id}`.
    Cancel,
}

impl ScheduleRoute {
    const ALL: [Self; 4] = [Self::Create, Self::List, Self::Read, Self::Cancel];

    /// The path, `{id}` standing for a schedule's id.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Create | Self::List => "/schedules",
            Self::Read | Self::Cancel => "/schedules/{id}",
        }
    }

    /// The one method of the endpoint.
    pub const fn method(self) -> &'static str {
        match self {
            Self::Create => "POST",
            Self::List | Self::Read => "GET",
            Self::Cancel => "DELETE",
        }
    }
}

/// The longest schedule id a path may hold.
const MAX_ID_LEN: usize = 64;

/// The `{id}` of a path `/schedules/{id}`: letters, digits, `-` and `_`, at most 64.
pub fn schedule_id(path: &str) -> Option<&str> {
    let id = path.strip_prefix("/schedules/")?;
    let fine = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    (!id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(fine)).then_some(id)
}

/// An endpoint of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiRoute {
    /// `POST /status/text`.
    Text,
    /// `POST /status/media`.
    Media,
    /// `PUT /status/privacy`.
    Privacy,
}

/// An operational endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpsRoute {
    /// `GET /healthz`.
    Healthz,
    /// `GET /openapi.yaml`: the OpenAPI description of the API.
    OpenApi,
    /// `POST /_edge/panic`, which panics: only in a build with the feature `edge-test`.
    #[cfg(feature = "edge-test")]
    Panic,
    /// `POST /_edge/fire-run`, which makes a schedule's run now, as its alarm does (and, made
    /// again, as an alarm delivered a second time does): only in a build with the feature
    /// `edge-test`.
    #[cfg(feature = "edge-test")]
    FireRun,
}

/// What a method and path amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// The endpoint, with its method.
    Found(Route),
    /// `OPTIONS` on an endpoint: CORS preflight.
    Preflight(Route),
    /// The endpoint exists, under another method.
    WrongMethod(Route),
    /// No endpoint at that path.
    NotFound,
}

impl ApiRoute {
    const ALL: [Self; 3] = [Self::Text, Self::Media, Self::Privacy];

    /// The path, exactly; no trailing slash or prefix matching.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Text => TextStatus::PATH,
            Self::Media => MediaStatus::PATH,
            Self::Privacy => StatusPrivacy::PATH,
        }
    }

    /// The one method the endpoint takes (besides `OPTIONS`).
    pub const fn method(self) -> &'static str {
        match self {
            Self::Text => TextStatus::METHOD,
            Self::Media => MediaStatus::METHOD,
            Self::Privacy => StatusPrivacy::METHOD,
        }
    }

    /// Whether the endpoint publishes, so that sending it twice posts twice; an
    /// `Idempotency-Key` counts only there.
    pub const fn publishes(self) -> bool {
        matches!(self, Self::Text | Self::Media)
    }
}

impl OpsRoute {
    const ALL: &'static [Self] = &[
        Self::Healthz,
        Self::OpenApi,
        #[cfg(feature = "edge-test")]
        Self::Panic,
        #[cfg(feature = "edge-test")]
        Self::FireRun,
    ];

    /// The path, exactly.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Healthz => "/healthz",
            Self::OpenApi => "/openapi.yaml",
            #[cfg(feature = "edge-test")]
            Self::Panic => "/_edge/panic",
            #[cfg(feature = "edge-test")]
            Self::FireRun => "/_edge/fire-run",
        }
    }

    /// The one method the endpoint takes (besides `OPTIONS`).
    pub const fn method(self) -> &'static str {
        match self {
            Self::Healthz | Self::OpenApi => "GET",
            #[cfg(feature = "edge-test")]
            Self::Panic | Self::FireRun => "POST",
        }
    }
}

impl Route {
    /// The path, exactly (`{id}` standing for a schedule's id); no trailing slash or prefix
    /// matching.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Api(route) => route.path(),
            Self::Schedules(route) => route.path(),
            Self::Ops(route) => route.path(),
        }
    }

    /// The one method the endpoint takes.
    pub const fn method(self) -> &'static str {
        match self {
            Self::Api(route) => route.method(),
            Self::Schedules(route) => route.method(),
            Self::Ops(route) => route.method(),
        }
    }

    /// The methods of the endpoint's path (besides `OPTIONS`), as `Allow` lists them.
    pub const fn methods(self) -> &'static str {
        match self {
            Self::Schedules(ScheduleRoute::Create | ScheduleRoute::List) => "GET, POST",
            Self::Schedules(ScheduleRoute::Read | ScheduleRoute::Cancel) => "GET, DELETE",
            _ => self.method(),
        }
    }

    /// Whether the endpoint's path takes `method`.
    pub fn takes(self, method: &str) -> bool {
        self.methods().split(", ").any(|m| m == method)
    }

    /// The `Allow` header of a 405.
    pub const fn allow(self) -> &'static str {
        match self.methods().as_bytes() {
            b"PUT" => "PUT, OPTIONS",
            b"GET" => "GET, OPTIONS",
            b"GET, POST" => "GET, POST, OPTIONS",
            b"GET, DELETE" => "GET, DELETE, OPTIONS",
            _ => "POST, OPTIONS",
        }
    }
}

/// Whether `path` is an instance of the endpoint path `pattern`.
fn path_matches(pattern: &str, path: &str) -> bool {
    match pattern {
        "/schedules/{id}" => schedule_id(path).is_some(),
        _ => pattern == path,
    }
}

/// The endpoints at `path`, the API's first.
fn at_path(path: &str) -> impl Iterator<Item = Route> + '_ {
    let api = ApiRoute::ALL.into_iter().map(Route::Api);
    let schedules = ScheduleRoute::ALL.into_iter().map(Route::Schedules);
    let ops = OpsRoute::ALL.iter().copied().map(Route::Ops);
    api.chain(schedules)
        .chain(ops)
        .filter(move |r| path_matches(r.path(), path))
}

/// Matches `method` and `path`.
pub fn match_route(method: &str, path: &str) -> Matched {
    let mut routes = at_path(path);
    let Some(first) = routes.next() else {
        return Matched::NotFound;
    };
    if method.eq_ignore_ascii_case("OPTIONS") {
        Matched::Preflight(first)
    } else if method == first.method() {
        Matched::Found(first)
    } else if let Some(route) = routes.find(|r| r.method() == method) {
        Matched::Found(route)
    } else {
        Matched::WrongMethod(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: Route = Route::Api(ApiRoute::Text);
    const MEDIA: Route = Route::Api(ApiRoute::Media);
    const PRIVACY: Route = Route::Api(ApiRoute::Privacy);

    #[test]
    fn matches_exact_paths_and_methods() {
        assert_eq!(match_route("POST", "/status/text"), Matched::Found(TEXT));
        assert_eq!(
            match_route("PUT", "/status/privacy"),
            Matched::Found(PRIVACY)
        );
        assert_eq!(
            match_route("GET", "/status/media"),
            Matched::WrongMethod(MEDIA)
        );
        assert_eq!(
            match_route("OPTIONS", "/status/media"),
            Matched::Preflight(MEDIA)
        );
        assert_eq!(match_route("POST", "/status/text/"), Matched::NotFound);
        assert_eq!(PRIVACY.allow(), "PUT, OPTIONS");
        assert_eq!(
            match_route("GET", "/openapi.yaml"),
            Matched::Found(Route::Ops(OpsRoute::OpenApi))
        );
        // Methods are case-sensitive, and one the proxy does not know is not read as GET.
        assert_eq!(
            match_route("QUERY", "/healthz"),
            Matched::WrongMethod(Route::Ops(OpsRoute::Healthz))
        );
        assert_eq!(
            match_route("post", "/status/text"),
            Matched::WrongMethod(TEXT)
        );
    }

    #[test]
    fn schedules_share_two_paths() {
        let route = |r| Matched::Found(Route::Schedules(r));
        assert_eq!(
            match_route("POST", "/schedules"),
            route(ScheduleRoute::Create)
        );
        assert_eq!(match_route("GET", "/schedules"), route(ScheduleRoute::List));
        assert_eq!(
            match_route("GET", "/schedules/s_1-a"),
            route(ScheduleRoute::Read)
        );
        assert_eq!(
            match_route("DELETE", "/schedules/abc"),
            route(ScheduleRoute::Cancel)
        );
        let Matched::WrongMethod(wrong) = match_route("PUT", "/schedules/abc") else {
            panic!("PUT /schedules/abc")
        };
        assert_eq!(wrong.allow(), "GET, DELETE, OPTIONS");
        assert!(wrong.takes("DELETE") && !wrong.takes("POST"));
        for path in [
            "/schedules/",
            "/schedules/a/b",
            "/schedules/a.b",
            &format!("/schedules/{}", "a".repeat(65)),
        ] {
            assert_eq!(match_route("GET", path), Matched::NotFound, "{path}");
        }
        assert_eq!(schedule_id("/schedules/abc"), Some("abc"));
    }

    #[cfg(not(feature = "edge-test"))]
    #[test]
    fn a_production_build_has_no_test_routes() {
        for method in ["POST", "GET", "OPTIONS"] {
            assert_eq!(match_route(method, "/_edge/panic"), Matched::NotFound);
            assert_eq!(match_route(method, "/_edge/fire-run"), Matched::NotFound);
        }
    }

    #[cfg(feature = "edge-test")]
    #[test]
    fn the_edge_tests_build_has_the_panic_route() {
        assert_eq!(
            match_route("POST", "/_edge/panic"),
            Matched::Found(Route::Ops(OpsRoute::Panic))
        );
    }
}
