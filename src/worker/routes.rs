//! The proxy's endpoints: the API's three, taken from the request types themselves, apart from
//! the operational ones ([`OpsRoute`]: health, the OpenAPI description, and in the edge tests'
//! build a panic route), so the API's steps only ever see an API endpoint.

use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};

/// An endpoint of the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// One of the API's endpoints: token, body, validation, the backend.
    Api(ApiRoute),
    /// An endpoint of the proxy's own, answered without a token.
    Ops(OpsRoute),
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
    /// `POST /_edge/panic`, which panics: only in a build with the feature `edge-test-panic`.
    #[cfg(feature = "edge-test-panic")]
    Panic,
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
        #[cfg(feature = "edge-test-panic")]
        Self::Panic,
    ];

    /// The path, exactly.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Healthz => "/healthz",
            Self::OpenApi => "/openapi.yaml",
            #[cfg(feature = "edge-test-panic")]
            Self::Panic => "/_edge/panic",
        }
    }

    /// The one method the endpoint takes (besides `OPTIONS`).
    pub const fn method(self) -> &'static str {
        match self {
            Self::Healthz | Self::OpenApi => "GET",
            #[cfg(feature = "edge-test-panic")]
            Self::Panic => "POST",
        }
    }
}

impl Route {
    /// The path, exactly; no trailing slash or prefix matching.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Api(route) => route.path(),
            Self::Ops(route) => route.path(),
        }
    }

    /// The one method the endpoint takes (besides `OPTIONS`).
    pub const fn method(self) -> &'static str {
        match self {
            Self::Api(route) => route.method(),
            Self::Ops(route) => route.method(),
        }
    }

    /// The `Allow` header of a 405.
    pub const fn allow(self) -> &'static str {
        match self.method().as_bytes() {
            b"PUT" => "PUT, OPTIONS",
            b"GET" => "GET, OPTIONS",
            _ => "POST, OPTIONS",
        }
    }
}

/// The endpoint at `path`, the API's first.
fn find(path: &str) -> Option<Route> {
    let api = ApiRoute::ALL.into_iter().map(Route::Api);
    let ops = OpsRoute::ALL.iter().copied().map(Route::Ops);
    api.chain(ops).find(|r| r.path() == path)
}

/// Matches `method` and `path`.
pub fn match_route(method: &str, path: &str) -> Matched {
    let Some(route) = find(path) else {
        return Matched::NotFound;
    };
    if method.eq_ignore_ascii_case("OPTIONS") {
        Matched::Preflight(route)
    } else if method == route.method() {
        Matched::Found(route)
    } else {
        Matched::WrongMethod(route)
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

    #[cfg(not(feature = "edge-test-panic"))]
    #[test]
    fn a_production_build_has_no_panic_route() {
        for method in ["POST", "GET", "OPTIONS"] {
            assert_eq!(match_route(method, "/_edge/panic"), Matched::NotFound);
        }
    }

    #[cfg(feature = "edge-test-panic")]
    #[test]
    fn the_edge_tests_build_has_the_panic_route() {
        assert_eq!(
            match_route("POST", "/_edge/panic"),
            Matched::Found(Route::Ops(OpsRoute::Panic))
        );
    }
}
