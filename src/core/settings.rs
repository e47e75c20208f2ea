//! The settings of SPEC section 6: one set for every front end, camelCase, all optional.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::annotations::{PIN_CURRENT, PIN_OLDER};
use super::error::InputError;
use super::json::type_name;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// A pod with neither pin nor automatic annotation is matched automatically.
    pub auto_match_by_default: bool,
    /// The VPC and public endpoints of Alibaba Container Registry are one registry.
    pub acr_vpc_equivalence: bool,
    /// The instance's temporary storage before `eci-extra-ephemeral-storage`, in GiB.
    #[serde(rename = "temporaryStorageGiB")]
    pub temporary_storage_gib: u64,
    /// The patch pins the resolved cache on the pod.
    pub pin_resolved_cache: bool,
    /// Which pin annotation the patch writes.
    #[cfg_attr(
        feature = "npm",
        tsify(type = "\"k8s.aliyun.com/eci-image-snapshot-id\" | \"k8s.aliyun.com/eci-imc-id\"")
    )]
    pub pin_annotation: String,
    /// The patch sets `imagePullPolicy: IfNotPresent` on containers the resolved cache serves.
    pub set_if_not_present: bool,
    /// The patch also pins caches in workload templates.
    pub mutate_workloads: bool,
    /// A pin that cannot work is an error rather than a warning.
    pub reject_unusable_pin: bool,
    /// Policy only: what to do when listing the cluster's ImageCaches fails.
    pub on_lookup_failure: LookupFailure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum LookupFailure {
    Accept,
    Reject,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_match_by_default: false,
            acr_vpc_equivalence: true,
            temporary_storage_gib: 30,
            pin_resolved_cache: true,
            pin_annotation: PIN_OLDER.to_owned(),
            set_if_not_present: true,
            mutate_workloads: false,
            reject_unusable_pin: true,
            on_lookup_failure: LookupFailure::Accept,
        }
    }
}

const KEYS: &[&str] = &[
    "autoMatchByDefault",
    "acrVpcEquivalence",
    "temporaryStorageGiB",
    "pinResolvedCache",
    "pinAnnotation",
    "setIfNotPresent",
    "mutateWorkloads",
    "rejectUnusablePin",
    "onLookupFailure",
];

impl Settings {
    /// Reads settings from JSON, naming the key of every problem. `base` is the pointer of
    /// the settings object in the caller's input (`/settings`, or empty for the policy).
    pub fn from_json(value: &Value, base: &str) -> Result<Settings, InputError> {
        let mut settings = Settings::default();
        let object = match value {
            Value::Null => return Ok(settings),
            Value::Object(object) => object,
            other => {
                return Err(InputError::new(
                    base,
                    format!("settings must be an object, not {}", type_name(other)),
                ))
            }
        };
        for (key, value) in object {
            let path = format!("{base}/{}", super::pointer::escape(key));
            let flag = |v: &Value| {
                v.as_bool().ok_or_else(|| {
                    InputError::new(
                        &path,
                        format!("{key} must be true or false, not {}", type_name(v)),
                    )
                })
            };
            match key.as_str() {
                "autoMatchByDefault" => settings.auto_match_by_default = flag(value)?,
                "acrVpcEquivalence" => settings.acr_vpc_equivalence = flag(value)?,
                "pinResolvedCache" => settings.pin_resolved_cache = flag(value)?,
                "setIfNotPresent" => settings.set_if_not_present = flag(value)?,
                "mutateWorkloads" => settings.mutate_workloads = flag(value)?,
                "rejectUnusablePin" => settings.reject_unusable_pin = flag(value)?,
                "temporaryStorageGiB" => {
                    settings.temporary_storage_gib = value
                        .as_u64()
                        .filter(|n| (1..=32_768).contains(n))
                        .ok_or_else(|| {
                            InputError::new(
                                &path,
                                format!(
                                    "temporaryStorageGiB must be a whole number of GiB from 1 to 32768, not {value}"
                                ),
                            )
                        })?
                }
                "pinAnnotation" => {
                    settings.pin_annotation = match value.as_str() {
                        Some(name @ (PIN_OLDER | PIN_CURRENT)) => name.to_owned(),
                        _ => {
                            return Err(InputError::new(
                                &path,
                                format!("pinAnnotation must be \"{PIN_OLDER}\" or \"{PIN_CURRENT}\", not {value}"),
                            ))
                        }
                    }
                }
                "onLookupFailure" => {
                    settings.on_lookup_failure = match value.as_str() {
                        Some("accept") => LookupFailure::Accept,
                        Some("reject") => LookupFailure::Reject,
                        _ => {
                            return Err(InputError::new(
                                &path,
                                format!("onLookupFailure must be \"accept\" or \"reject\", not {value}"),
                            ))
                        }
                    }
                }
                _ => {
                    return Err(InputError::new(
                        &path,
                        format!("unknown setting \"{key}\"; the settings are {}", KEYS.join(", ")),
                    ))
                }
            }
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[test]
    fn absent_settings_are_the_defaults_of_the_spec() {
        let s = Settings::from_json(&json!({}), "/settings").unwrap();
        assert_eq!(s, Settings::default());
        assert!(!s.auto_match_by_default && s.acr_vpc_equivalence && s.pin_resolved_cache);
        assert_eq!(s.temporary_storage_gib, 30);
        assert_eq!(s.pin_annotation, "k8s.aliyun.com/eci-image-snapshot-id");
        assert!(s.set_if_not_present && !s.mutate_workloads && s.reject_unusable_pin);
        assert_eq!(s.on_lookup_failure, LookupFailure::Accept);
        assert_eq!(
            Settings::from_json(&Value::Null, "/settings").unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn every_key_is_read() {
        let s = Settings::from_json(
            &json!({
                "autoMatchByDefault": true, "acrVpcEquivalence": false, "temporaryStorageGiB": 50,
                "pinResolvedCache": false, "pinAnnotation": "k8s.aliyun.com/eci-imc-id",
                "setIfNotPresent": false, "mutateWorkloads": true, "rejectUnusablePin": false,
                "onLookupFailure": "reject"
            }),
            "/settings",
        )
        .unwrap();
        assert_eq!(
            s,
            Settings {
                auto_match_by_default: true,
                acr_vpc_equivalence: false,
                temporary_storage_gib: 50,
                pin_resolved_cache: false,
                pin_annotation: PIN_CURRENT.to_owned(),
                set_if_not_present: false,
                mutate_workloads: true,
                reject_unusable_pin: false,
                on_lookup_failure: LookupFailure::Reject,
            }
        );
        // Serialising gives back the same camelCase keys the reader takes.
        let back = serde_json::to_value(&s).unwrap();
        let keys: Vec<&str> = back
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = KEYS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }

    #[rstest]
    #[case(json!({"autoMatch": true}), "/settings/autoMatch", "unknown setting \"autoMatch\"")]
    #[case(json!({"autoMatchByDefault": "true"}), "/settings/autoMatchByDefault", "must be true or false, not a string")]
    #[case(json!({"temporaryStorageGiB": -1}), "/settings/temporaryStorageGiB", "from 1 to 32768")]
    #[case(json!({"temporaryStorageGiB": 30.5}), "/settings/temporaryStorageGiB", "whole number")]
    #[case(json!({"pinAnnotation": "imc"}), "/settings/pinAnnotation", "must be \"k8s.aliyun.com/eci-image-snapshot-id\"")]
    #[case(json!({"onLookupFailure": "ignore"}), "/settings/onLookupFailure", "\"accept\" or \"reject\"")]
    #[case(json!([]), "/settings", "settings must be an object, not an array")]
    fn wrong_settings_name_the_key(#[case] value: Value, #[case] path: &str, #[case] part: &str) {
        let err = Settings::from_json(&value, "/settings").unwrap_err();
        assert_eq!(err.path, path);
        assert!(err.message.contains(part), "{}", err.message);
    }
}
