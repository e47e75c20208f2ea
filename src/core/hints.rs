//! The likely fix of a pin that finds no cache, and of a kind spelt a little wrong: looked
//! up only when there is such a problem, so that a pod without one costs nothing more.

use serde_json::Value;

use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic};
use super::image_cache::is_cache_id;
use super::patch::PatchOperation;
use super::pointer::Pointer;
use super::sort;
use super::suggest::{distance, edits_allowed};
use super::workload::template_path;

/// How many other candidates a message names besides the one its fix uses.
const MAX_OTHERS: usize = 3;

const KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "ImageCache",
];

impl Catalogue {
    /// The caches a pin most likely meant, best first: the cache of that name, those whose
    /// id begins with the unmasked part of a masked pin, or those a few edits away; Ready
    /// ones before the others, then by id, so that the order of the list changes nothing.
    pub fn meant_by(&self, pin: &str) -> Vec<(&str, Option<&str>)> {
        let lower = pin.to_ascii_lowercase();
        let unmasked = pin
            .split('*')
            .next()
            .filter(|p| pin.contains('*') && p.len() > 4);
        let mut found: Vec<(usize, bool, &str, Option<&str>)> = Vec::new();
        for cache in self.caches() {
            let Some(id) = cache
                .id
                .as_deref()
                .filter(|id| is_cache_id(id) && *id != pin)
            else {
                continue;
            };
            let score = if cache.name.as_deref() == Some(pin) {
                Some(0)
            } else if let Some(prefix) = unmasked {
                id.starts_with(prefix).then_some(0)
            } else {
                distance(&lower, id, edits_allowed(id.len()))
            };
            if let Some(score) = score {
                let ready = cache.phase.as_deref() == Some("Ready");
                found.push((score, !ready, id, cache.name.as_deref()));
            }
        }
        sort::sort_by(&mut found, Ord::cmp);
        // Of caches sharing an id (lists of two clusters), the best one.
        found.dedup_by(|later, earlier| later.2 == earlier.2);
        found.into_iter().map(|(.., id, name)| (id, name)).collect()
    }

    /// Adds the likely cache, and the fix that pins it, to the diagnostics of a pin that
    /// finds no cache.
    pub(crate) fn hint_pins(&self, pin: &str, diags: &mut [Diagnostic]) {
        let problems = [Code::PinNotFound, Code::InvalidPin, Code::MaskedPin];
        let Some(d) = diags.iter_mut().find(|d| problems.contains(&d.code)) else {
            return;
        };
        let meant = self.meant_by(pin);
        let Some(&(id, name)) = meant.first() else {
            return;
        };
        let named = |(id, name): (&str, Option<&str>)| match name {
            Some(name) => format!("{id} ({name})"),
            None => id.to_owned(),
        };
        let others: Vec<String> = meant
            .iter()
            .skip(1)
            .take(MAX_OTHERS)
            .map(|m| named(*m))
            .collect();
        let or = match others.len() {
            0 => String::new(),
            _ => format!(", or {}", others.join(", ")),
        };
        d.message = format!(
            "{} Did you mean {}{or}?",
            d.message.trim_end(),
            named((id, name))
        );
        let path = Pointer::from_static(&d.path);
        *d = d.clone().with_fix(
            format!("pin {id}"),
            vec![PatchOperation::replace(&path, Value::from(id))],
        );
    }
}

/// The kind a kind spelt a little wrong meant, with the fix that writes it.
pub fn hint_kind(kind: &str, diag: Diagnostic) -> Diagnostic {
    let meant = KINDS.iter().copied().find(|known| {
        known.eq_ignore_ascii_case(kind)
            || distance(kind, known, edits_allowed(known.len())).is_some()
    });
    match meant {
        Some(known) if template_path(kind).is_none() && kind != "ImageCache" => {
            let mut d = diag.with_fix(
                format!("write kind: {known}"),
                vec![PatchOperation::replace(
                    &Pointer::from_static("/kind"),
                    Value::from(known),
                )],
            );
            d.message = format!("{}: did you mean {known}?", d.message);
            d
        }
        _ => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Settings;
    use rstest::rstest;
    use serde_json::json;

    fn catalogue() -> Catalogue {
        let cache = |name: &str, id: &str, phase: &str| {
            json!({"metadata": {"name": name}, "spec": {"images": ["nginx"]},
                   "status": {"imageCacheId": id, "phase": phase}})
        };
        Catalogue::from_json(
            &json!([
                cache("web-stack", "imc-bp1a2b3c4d5e6f7g8h9i", "Ready"),
                cache("nginx-cache", "imc-2ze5tm5gehgtiiga0001", "Ready"),
                cache("old", "imc-2ze5tm5gehgtiiga0002", "Creating"),
            ]),
            Settings::default(),
        )
        .unwrap()
    }

    #[rstest]
    #[case("web-stack", &["imc-bp1a2b3c4d5e6f7g8h9i"])]
    #[case("imc-2ze5tm5gehgtiiga****", &["imc-2ze5tm5gehgtiiga0001", "imc-2ze5tm5gehgtiiga0002"])]
    #[case("imc-2ze5tm5gehgtiiga0003", &["imc-2ze5tm5gehgtiiga0001", "imc-2ze5tm5gehgtiiga0002"])]
    #[case("IMC-BP1A2B3C4D5E6F7G8H9I", &["imc-bp1a2b3c4d5e6f7g8h9i"])]
    #[case("imc-****", &[])]
    #[case("imc-zzzzzzzzzzzzzzzzzzzz", &[])]
    fn pins_suggest_the_cache_meant(#[case] pin: &str, #[case] ids: &[&str]) {
        let c = catalogue();
        let got: Vec<&str> = c.meant_by(pin).into_iter().map(|(id, _)| id).collect();
        assert_eq!(got, ids);
    }

    #[rstest]
    #[case("Deploymnet", Some("Deployment"))]
    #[case("pod", Some("Pod"))]
    #[case("Imagecache", Some("ImageCache"))]
    #[case("Service", None)]
    fn kinds_suggest_the_kind_meant(#[case] kind: &str, #[case] meant: Option<&str>) {
        let d = hint_kind(kind, Diagnostic::new(Code::UnsupportedKind, "/kind", "x"));
        let got = d.fix.map(|f| f.patch[0].value.clone());
        assert_eq!(got, meant.map(Value::from));
    }
}
