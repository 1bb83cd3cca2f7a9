//! Oneofs.
//!
//! A oneof is one Rust enum, but on the wire each member is a key of its own, so a message
//! can arrive with two members set; that is an error naming both, rather than a silent
//! choice of one. A member written as `null` is treated as absent and changes nothing.

use serde::de;

/// Implemented by generated oneof enums.
#[doc(hidden)]
pub trait Oneof {
    /// JSON name of the member this value holds.
    fn json_name(&self) -> &'static str;
}

/// Sets a oneof slot. If it already holds a different member, fails with an error naming
/// both members: "`weeklyMaintenanceWindow` and `anytime` are members of one oneof; at
/// most one may be set" (the member already set comes first). The same member appearing
/// again replaces the earlier value, like any repeated key. If `new` is `None` (null on
/// the wire), the slot is left unchanged.
pub fn set_oneof<O: Oneof, E: de::Error>(slot: &mut Option<O>, new: Option<O>) -> Result<(), E> {
    let Some(new) = new else {
        return Ok(());
    };
    if let Some(old) = slot {
        if old.json_name() != new.json_name() {
            return Err(E::custom(format_args!(
                "`{}` and `{}` are members of one oneof; at most one may be set",
                old.json_name(),
                new.json_name()
            )));
        }
    }
    *slot = Some(new);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn oneof_conflict_names_both_members() {
        let err =
            from_str::<Cluster>(r#"{"weeklyMaintenanceWindow": {"name": "MON"}, "anytime": {}}"#)
                .unwrap_err();
        assert_eq!(err.path(), ".");
        assert_eq!(
            err.message(),
            "`weeklyMaintenanceWindow` and `anytime` are members of one oneof; \
             at most one may be set at line 1 column 59"
        );
        let err = from_value::<Cluster>(
            json!({"parent": {"anytime": {}, "weeklyMaintenanceWindow": {}}}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "parent: `anytime` and `weeklyMaintenanceWindow` are members of one oneof; \
             at most one may be set"
        );
        // A null member leaves the slot as it was.
        let c: Cluster =
            from_str(r#"{"anytime": {"name": "a"}, "weeklyMaintenanceWindow": null}"#).unwrap();
        assert!(matches!(c.policy, Some(Policy::Anytime(_))));
    }

    #[test]
    fn set_oneof_directly() {
        let mut slot = None;
        set_oneof::<_, serde_json::Error>(&mut slot, Some(Policy::Anytime(Host::default())))
            .unwrap();
        set_oneof::<_, serde_json::Error>(&mut slot, None).unwrap();
        assert!(matches!(slot, Some(Policy::Anytime(_))));
        let named = Host {
            name: Some("second".into()),
            ..Host::default()
        };
        set_oneof::<_, serde_json::Error>(&mut slot, Some(Policy::Anytime(named.clone()))).unwrap();
        assert_eq!(slot, Some(Policy::Anytime(named)));
        let err =
            set_oneof::<_, serde_json::Error>(&mut slot, Some(Policy::Weekly(Host::default())))
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`anytime` and `weeklyMaintenanceWindow` are members of one oneof; at most one may be set"
        );
    }
}
