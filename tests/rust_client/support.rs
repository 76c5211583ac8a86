//! What the suite needs around the client: a client builder for the shared `wuts-local`
//! (`crate::wasm_backend`).

use wuts_status::client::{Client, ClientBuilder};

pub use crate::wasm_backend::*;

impl Backend {
    /// A builder for a client of this backend with `token`.
    pub fn client(&self, token: &str) -> ClientBuilder {
        Client::builder(&self.url, token)
    }
}
