//! The proxy's endpoints: the API's three, taken from the request types themselves, apart from
//! the operational ones ([`OpsRoute`]: health, the OpenAPI description, and a panic route that
//! only tests switch on), so the API's steps only ever see an API endpoint.

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
    /// `POST /_edge/panic`, only when `WUTS_EDGE_TEST_PANIC` is set.
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
    const ALL: [Self; 3] = [Self::Healthz, Self::OpenApi, Self::Panic];

    /// The path, exactly.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Healthz => "/healthz",
            Self::OpenApi => "/openapi.yaml",
            Self::Panic => "/_edge/panic",
        }
    }

    /// The one method the endpoint takes (besides `OPTIONS`).
    pub const fn method(self) -> &'static str {
        match self {
            Self::Healthz | Self::OpenApi => "GET",
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
fn find(path: &str, with_panic: bool) -> Option<Route> {
    let api = ApiRoute::ALL.into_iter().map(Route::Api);
    let ops = OpsRoute::ALL
        .into_iter()
        .filter(|r| with_panic || *r != OpsRoute::Panic)
        .map(Route::Ops);
    api.chain(ops).find(|r| r.path() == path)
}

/// Matches `method` and `path`; the panic route exists only when `with_panic` is set.
pub fn match_route(method: &str, path: &str, with_panic: bool) -> Matched {
    let Some(route) = find(path, with_panic) else {
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
        assert_eq!(
            match_route("POST", "/status/text", false),
            Matched::Found(TEXT)
        );
        assert_eq!(
            match_route("PUT", "/status/privacy", false),
            Matched::Found(PRIVACY)
        );
        assert_eq!(
            match_route("GET", "/status/media", false),
            Matched::WrongMethod(MEDIA)
        );
        assert_eq!(
            match_route("OPTIONS", "/status/media", false),
            Matched::Preflight(MEDIA)
        );
        assert_eq!(
            match_route("POST", "/status/text/", false),
            Matched::NotFound
        );
        assert_eq!(PRIVACY.allow(), "PUT, OPTIONS");
        assert_eq!(
            match_route("GET", "/openapi.yaml", false),
            Matched::Found(Route::Ops(OpsRoute::OpenApi))
        );
        // Methods are case-sensitive, and one the proxy does not know is not read as GET.
        assert_eq!(
            match_route("QUERY", "/healthz", false),
            Matched::WrongMethod(Route::Ops(OpsRoute::Healthz))
        );
        assert_eq!(
            match_route("post", "/status/text", false),
            Matched::WrongMethod(TEXT)
        );
    }

    #[test]
    fn the_panic_route_is_off_unless_asked_for() {
        assert_eq!(
            match_route("POST", "/_edge/panic", false),
            Matched::NotFound
        );
        assert_eq!(
            match_route("POST", "/_edge/panic", true),
            Matched::Found(Route::Ops(OpsRoute::Panic))
        );
    }
}
