//! The operational endpoints: `GET /healthz`, `GET /openapi.yaml` and the edge tests' panic
//! route. They take no token, read no body and never reach the backend.

use super::reply::Reply;
use super::routes::OpsRoute;

/// The OpenAPI description of the proxy, served at `GET /openapi.yaml`.
const OPENAPI: &str = include_str!("../../openapi/openapi.yaml");

/// The answer of an operational endpoint.
pub fn answer(route: OpsRoute) -> Reply {
    match route {
        OpsRoute::Healthz => Reply::json(200, r#"{"success":true,"status":"ok"}"#),
        OpsRoute::OpenApi => {
            Reply::json(200, OPENAPI).header("content-type", "application/yaml; charset=utf-8")
        }
        #[cfg(feature = "edge-test")]
        OpsRoute::Panic => {
            // Only in the edge tests' build: it proves a panic does not poison the isolate for
            // the requests after it.
            #[allow(clippy::panic)]
            {
                panic!("test panic requested through /_edge/panic");
            }
        }
        // Answered with the caller's Durable Object (`super::schedules::rewind`).
        #[cfg(feature = "edge-test")]
        OpsRoute::FireRun => Reply::error(crate::envelope::ApiCode::NotFound, "no such endpoint"),
    }
}
