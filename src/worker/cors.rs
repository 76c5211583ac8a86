//! CORS for the browser widget: only the origins in `WUTS_ALLOWED_ORIGINS`, each echoed back by
//! name (never `*`), and `Vary: Origin` on every answer so caches keep them apart.
//!
//! The widget sends its token in `Authorization`, not in cookies, so the proxy never sends
//! `Access-Control-Allow-Credentials`: a page that tries to call with cookies is refused by
//! the browser, which is what a token API wants.

use super::config::EdgeConfig;
use super::reply::Reply;
use super::routes::Route;
use crate::envelope::ApiCode;

/// Request headers a page may send.
const ALLOW_HEADERS: &str = "authorization, content-type, x-request-id, idempotency-key";
/// Response headers a page may read.
const EXPOSE_HEADERS: &str = "x-request-id, retry-after, idempotency-replayed";
/// How long a browser may cache a preflight answer, in seconds.
const MAX_AGE: &str = "600";

/// Whether `origin` may call from a browser.
pub fn is_allowed(origin: &str, config: &EdgeConfig) -> bool {
    // `null` (sandboxed frames, files) is never allowed, even if configured by mistake.
    origin != "null" && config.allowed_origins.iter().any(|o| o == origin)
}

/// The CORS headers of an ordinary answer: `Vary` always, the rest for an allowed origin.
pub fn decorate(reply: Reply, origin: Option<&str>, config: &EdgeConfig) -> Reply {
    let reply = reply.header("vary", "Origin");
    match origin {
        Some(origin) if is_allowed(origin, config) => reply
            .header("access-control-allow-origin", origin)
            .header("access-control-expose-headers", EXPOSE_HEADERS),
        _ => reply,
    }
}

/// The answer to `OPTIONS` on an endpoint. An allowed origin asking for the endpoint's method
/// gets 204 with the grants; a refused origin gets a 403 envelope without them, so the browser
/// blocks the call and a developer reading the network panel sees why. `OPTIONS` without
/// `Origin` is not a preflight and just lists the methods.
pub fn preflight(
    route: Route,
    origin: Option<&str>,
    requested_method: Option<&str>,
    config: &EdgeConfig,
) -> Reply {
    let Some(origin) = origin else {
        return Reply::empty(204).header("allow", route.allow());
    };
    if !is_allowed(origin, config) {
        return Reply::error(
            ApiCode::Forbidden,
            "this origin may not call the API from a browser",
        );
    }
    match requested_method {
        Some(method) if route.takes(method) => Reply::empty(204)
            .header("access-control-allow-methods", route.methods())
            .header("access-control-allow-headers", ALLOW_HEADERS)
            .header("access-control-max-age", MAX_AGE),
        _ => Reply::error(
            ApiCode::MethodNotAllowed,
            &format!("{} takes {}", route.path(), route.methods()),
        )
        .header("allow", route.allow()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::routes::ApiRoute;

    fn config() -> EdgeConfig {
        EdgeConfig::from_lookup(|name| {
            (name == "WUTS_ALLOWED_ORIGINS").then(|| "https://widget.example, null".to_owned())
        })
    }

    #[test]
    fn echoes_allowed_origins_and_always_varies() {
        let c = config();
        let ok = decorate(Reply::empty(200), Some("https://widget.example"), &c);
        assert_eq!(
            ok.get_header("access-control-allow-origin"),
            Some("https://widget.example")
        );
        assert_eq!(ok.get_header("vary"), Some("Origin"));
        for origin in [Some("https://evil.example"), Some("null"), None] {
            let refused = decorate(Reply::empty(200), origin, &c);
            assert_eq!(refused.get_header("access-control-allow-origin"), None);
            assert_eq!(refused.get_header("vary"), Some("Origin"));
        }
    }

    #[test]
    fn preflights() {
        let c = config();
        let ok = preflight(
            Route::Api(ApiRoute::Text),
            Some("https://widget.example"),
            Some("POST"),
            &c,
        );
        assert_eq!(ok.status, 204);
        assert_eq!(ok.get_header("access-control-allow-methods"), Some("POST"));
        let refused = preflight(
            Route::Api(ApiRoute::Text),
            Some("https://evil.example"),
            Some("POST"),
            &c,
        );
        assert_eq!(refused.status, 403);
        let wrong = preflight(
            Route::Api(ApiRoute::Privacy),
            Some("https://widget.example"),
            Some("POST"),
            &c,
        );
        assert_eq!(wrong.status, 405);
    }
}
