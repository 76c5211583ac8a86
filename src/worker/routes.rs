//! The proxy's endpoints: the API's three, taken from the request types themselves, plus a
//! health check and a panic route that only tests switch on.

use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};

/// An endpoint of the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST /status/text`.
    Text,
    /// `POST /status/media`.
    Media,
    /// `PUT /status/privacy`.
    Privacy,
    /// `GET /healthz`.
    Healthz,
    /// `GET /openapi.yaml`: the OpenAPI description of these routes.
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

impl Route {
    /// The path, exactly; no trailing slash or prefix matching.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Text => TextStatus::PATH,
            Self::Media => MediaStatus::PATH,
            Self::Privacy => StatusPrivacy::PATH,
            Self::Healthz => "/healthz",
            Self::OpenApi => "/openapi.yaml",
            Self::Panic => "/_edge/panic",
        }
    }

    /// The one method the endpoint takes (besides `OPTIONS`).
    pub const fn method(self) -> &'static str {
        match self {
            Self::Text => TextStatus::METHOD,
            Self::Media => MediaStatus::METHOD,
            Self::Privacy => StatusPrivacy::METHOD,
            Self::Healthz | Self::OpenApi => "GET",
            Self::Panic => "POST",
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

const ROUTES: [Route; 6] = [
    Route::Text,
    Route::Media,
    Route::Privacy,
    Route::Healthz,
    Route::OpenApi,
    Route::Panic,
];

/// Matches `method` and `path`; the panic route exists only when `with_panic` is set.
pub fn match_route(method: &str, path: &str, with_panic: bool) -> Matched {
    let Some(route) = ROUTES
        .into_iter()
        .find(|r| r.path() == path && (with_panic || *r != Route::Panic))
    else {
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

    #[test]
    fn matches_exact_paths_and_methods() {
        assert_eq!(
            match_route("POST", "/status/text", false),
            Matched::Found(Route::Text)
        );
        assert_eq!(
            match_route("PUT", "/status/privacy", false),
            Matched::Found(Route::Privacy)
        );
        assert_eq!(
            match_route("GET", "/status/media", false),
            Matched::WrongMethod(Route::Media)
        );
        assert_eq!(
            match_route("OPTIONS", "/status/media", false),
            Matched::Preflight(Route::Media)
        );
        assert_eq!(
            match_route("POST", "/status/text/", false),
            Matched::NotFound
        );
        assert_eq!(Route::Privacy.allow(), "PUT, OPTIONS");
        assert_eq!(
            match_route("GET", "/openapi.yaml", false),
            Matched::Found(Route::OpenApi)
        );
        // Methods are case-sensitive, and one the proxy does not know is not read as GET.
        assert_eq!(
            match_route("QUERY", "/healthz", false),
            Matched::WrongMethod(Route::Healthz)
        );
        assert_eq!(
            match_route("post", "/status/text", false),
            Matched::WrongMethod(Route::Text)
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
            Matched::Found(Route::Panic)
        );
    }
}
