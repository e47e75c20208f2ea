//! Misuse of the input itself, as opposed to problems inside the manifests (those are
//! diagnostics in the report).

use serde::Serialize;

/// Misuse of the input, naming the field by its JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl InputError {
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}
