//! Releases: the models crate's version and changelog follow its API.
//!
//! The last release is recorded in the repository, in `release/` beside `specs/`:
//! `release/schema.json` is the schema the release was generated from (origins are not part
//! of the schema's JSON form, so line moves never touch it) with the release's version, and
//! `release/CHANGELOG.md` holds every release's entry, newest first.
//!
//! Regeneration is a pure function of what is checked in: it compares the pages' schema with
//! the snapshot ([`crate::api_diff`]) and gives the crate the lowest version that admits the
//! changes ([`Plan`]): the release's own when nothing changed, else the release's version
//! bumped by the diff's level (in 0.x: breaking → next minor, anything else → next patch).
//! It gives the generator the version and `CHANGELOG.md` (the released entries, with an
//! "Unreleased" section listing the changes since the release), which it writes with the
//! rest of the crate. `cargo xtask check`
//! fails when the version in `generated/Cargo.toml` does not admit the changes since the
//! release ([`check_version`]), before it compares files. `cargo xtask release` ([`cut`])
//! records a new release: the snapshot, and the changelog entry.
//!
//! The changelog's history lives in `release/` rather than only in `generated/` because
//! `generated/` is output: regen replaces it whole, so nothing may be kept there that regen
//! cannot rebuild from its inputs. A copy travels in the published crate, where its users
//! read it.

use crate::api_diff::{self, ApiDiff, Class, Level};
use codegen::schema::Schema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// The snapshot's file name in the release directory.
pub const SNAPSHOT: &str = "schema.json";
/// The changelog's file name, in the release directory and in the crate.
pub const CHANGELOG: &str = "CHANGELOG.md";
/// The version of a crate that has never been released.
pub const FIRST: Version = Version {
    major: 0,
    minor: 1,
    patch: 0,
};

/// A `MAJOR.MINOR.PATCH` version (no pre-release or build part: this project cuts none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(text: &str) -> Result<Version, String> {
        let bad = || format!("`{text}` is not a MAJOR.MINOR.PATCH version");
        let parts: Vec<&str> = text.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |s: &str| {
            // Leading zeros and signs are not SemVer.
            if s.is_empty() || (s.len() > 1 && s.starts_with('0')) {
                return Err(bad());
            }
            s.parse::<u64>().map_err(|_| bad())
        };
        Ok(Version {
            major: num(major)?,
            minor: num(minor)?,
            patch: num(patch)?,
        })
    }

    /// The next version for a change of `level`, as cargo reads versions: the first
    /// non-zero component is the major, so in 0.x a breaking change bumps the minor and
    /// anything else the patch; in 0.0.x every change bumps the patch, which is its major.
    pub fn next(self, level: Level) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        let v = |major, minor, patch| Version {
            major,
            minor,
            patch,
        };
        match (major, minor, level) {
            (0, 0, _) => v(0, 0, patch + 1),
            (0, _, Level::Major) => v(0, minor + 1, 0),
            (0, _, _) => v(0, minor, patch + 1),
            (_, _, Level::Major) => v(major + 1, 0, 0),
            (_, _, Level::Minor) => v(major, minor + 1, 0),
            (_, _, Level::Patch) => v(major, minor, patch + 1),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Version::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A release as `release/schema.json` records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Release {
    pub version: Version,
    pub schema: Schema,
}

/// What the release directory holds: the last release (none before the first) and the
/// changelog's released entries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub last: Option<Release>,
    pub changelog: String,
}

/// Reads the release directory; a missing directory or file is no release yet.
pub fn load(dir: &Path) -> Result<History, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    };
    let last = match read(SNAPSHOT)? {
        None => None,
        Some(text) => Some(serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a release snapshot: {e}",
                dir.join(SNAPSHOT).display(),
                e.line(),
                e.column()
            )
        })?),
    };
    Ok(History {
        last,
        changelog: read(CHANGELOG)?.unwrap_or_default(),
    })
}

/// The version the crate generated from `schema` must carry, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The last release's version; `None` before the first release.
    pub released: Option<Version>,
    /// The changes since the last release (none before the first).
    pub diff: ApiDiff,
    /// The lowest version that admits them.
    pub version: Version,
}

pub fn plan(history: &History, schema: &Schema) -> Result<Plan, String> {
    let Some(release) = &history.last else {
        return Ok(Plan {
            released: None,
            diff: ApiDiff::default(),
            version: FIRST,
        });
    };
    let diff = api_diff::diff_crates(&release.schema, schema)?;
    let version = if diff.is_empty() {
        release.version
    } else {
        release.version.next(diff.level())
    };
    Ok(Plan {
        released: Some(release.version),
        diff,
        version,
    })
}

/// Fails unless `version` admits the changes since the release: it is at least
/// [`Plan::version`] (a higher version is allowed: a release may bump more than it must).
pub fn check_version(version: &str, plan: &Plan) -> Result<(), String> {
    let have = Version::parse(version)?;
    if have >= plan.version {
        return Ok(());
    }
    let released = plan.released.unwrap_or(FIRST);
    let why = match plan.diff.class() {
        None => format!("the last release is {released}"),
        Some(class) => {
            let shown: Vec<String> = plan
                .diff
                .changes
                .iter()
                .filter(|c| c.class == class)
                .map(|c| format!("  {c}"))
                .collect();
            format!(
                "the public API changed since {released} ({}, semver: {}):\n{}",
                class.as_str(),
                plan.diff.level().as_str(),
                shown.join("\n")
            )
        }
    };
    Err(format!(
        "version {have} does not admit the changes: it must be at least {}; {why}",
        plan.version
    ))
}

/// The `version` of `[package]` in a manifest the generator wrote.
pub fn package_version(manifest: &str) -> Option<&str> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(rest) = line.strip_prefix("version") {
                let value = rest.trim_start().strip_prefix('=')?.trim();
                return value.strip_prefix('"')?.strip_suffix('"');
            }
        }
    }
    None
}

const CHANGELOG_TITLE: &str = "# Changelog\n";

const CHANGELOG_INTRO: &str = "\
Every release of `yandex-cloud-models`, newest first. The entries come from comparing the
release's API with the previous one (`cargo xtask diff`): breaking changes bump the minor
version while the crate is 0.x, anything else the patch.
";

/// The crate's `CHANGELOG.md`: the released entries, after an "Unreleased" section when
/// the API moved since the last release. The generator writes it with the crate
/// (`GenerateOptions::changelog`).
pub fn crate_changelog(plan: &Plan, history: &History) -> String {
    let mut out = format!("{CHANGELOG_TITLE}\n{CHANGELOG_INTRO}");
    match plan.released {
        None => out.push_str(&format!(
            "\n## Unreleased: {}\n\nNot released yet.\n",
            plan.version
        )),
        Some(_) if !plan.diff.is_empty() => {
            out.push_str(&format!("\n## Unreleased: {}\n", plan.version));
            out.push_str(&entry_body(&plan.diff));
        }
        Some(_) => {}
    }
    let released = entries(&history.changelog);
    if !released.is_empty() {
        out.push('\n');
        out.push_str(released);
    }
    out
}

/// The released entries of a changelog: everything from its first `## ` heading.
fn entries(changelog: &str) -> &str {
    if changelog.starts_with("## ") {
        return changelog;
    }
    changelog.find("\n## ").map_or("", |i| &changelog[i + 1..])
}

/// The lines of one entry: breaking and additive changes one by one, documentation changes
/// counted (a regenerated reference rewords many descriptions at once).
fn entry_body(diff: &ApiDiff) -> String {
    let mut out = String::new();
    for (class, heading) in [(Class::Breaking, "Breaking"), (Class::Additive, "Additive")] {
        let mut lines: Vec<&str> = diff
            .changes
            .iter()
            .filter(|c| c.class == class)
            .map(|c| c.what.as_str())
            .collect();
        lines.sort();
        lines.dedup();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {heading}\n\n"));
            for l in lines {
                out.push_str(&format!("- {l}\n"));
            }
        }
    }
    let docs = diff
        .changes
        .iter()
        .filter(|c| c.class == Class::Documentation)
        .count();
    if docs > 0 {
        out.push_str(&format!(
            "\n### Documentation\n\n- {docs} description(s) changed\n"
        ));
    }
    out
}

/// Records a release of the crate generated from `schema`: writes the snapshot and prepends
/// the changelog entry, in `dir`. The version is the lowest that admits the changes, or
/// `requested` when given and it admits them. Refuses a release that changes nothing.
pub fn cut(
    dir: &Path,
    schema: &Schema,
    date: &str,
    requested: Option<Version>,
) -> Result<Version, String> {
    let history = load(dir)?;
    let plan = plan(&history, schema)?;
    if let (Some(released), true) = (plan.released, plan.diff.is_empty()) {
        return Err(format!(
            "nothing changed since {released}: there is nothing to release"
        ));
    }
    let version = match requested {
        Some(v) => {
            check_version(&v.to_string(), &plan)?;
            if plan.released.is_some_and(|r| v <= r) {
                return Err(format!("version {v} is not above the last release"));
            }
            v
        }
        None => plan.version,
    };
    let mut entry = format!("## {version} ({date})\n");
    match plan.released {
        None => entry.push_str("\nThe first release.\n"),
        Some(_) => entry.push_str(&entry_body(&plan.diff)),
    }
    let released = entries(&history.changelog);
    let changelog = if released.is_empty() {
        format!("{CHANGELOG_TITLE}\n{entry}")
    } else {
        format!("{CHANGELOG_TITLE}\n{entry}\n{released}")
    };
    let snapshot = Release {
        version,
        schema: schema.clone(),
    };
    let json = serde_json::to_string_pretty(&snapshot).map_err(|e| e.to_string())? + "\n";
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in [(SNAPSHOT, json), (CHANGELOG, changelog)] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(version)
}

/// Today's date in UTC, `YYYY-MM-DD`, for the changelog.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_parse_strictly() {
        assert_eq!(v("0.12.3").to_string(), "0.12.3");
        for bad in [
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.x",
            "",
            "1.-2.3",
            "1.2.3-rc.1",
        ] {
            assert!(Version::parse(bad).is_err(), "{bad}");
        }
        assert!(v("0.10.0") > v("0.9.9"));
    }

    #[test]
    fn zero_x_bumps_the_minor_for_breaking_and_the_patch_otherwise() {
        assert_eq!(v("0.1.3").next(Level::Major), v("0.2.0"));
        assert_eq!(v("0.1.3").next(Level::Minor), v("0.1.4"));
        assert_eq!(v("0.1.3").next(Level::Patch), v("0.1.4"));
        assert_eq!(v("0.0.3").next(Level::Minor), v("0.0.4"));
        assert_eq!(v("1.2.3").next(Level::Major), v("2.0.0"));
        assert_eq!(v("1.2.3").next(Level::Minor), v("1.3.0"));
        assert_eq!(v("1.2.3").next(Level::Patch), v("1.2.4"));
    }

    #[test]
    fn the_package_version_is_read_in_package_only() {
        let toml = "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\n\
                    rt = { version = \"0.1.0\", path = \"../rt\" }\n";
        assert_eq!(package_version(toml), Some("0.1.0"));
        assert_eq!(package_version("[dependencies]\nversion = \"1\"\n"), None);
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(20_424), "2025-12-02");
    }

    #[test]
    fn changelog_entries_start_at_the_first_heading() {
        assert_eq!(
            entries("# Changelog\n\nintro\n\n## 0.1.0\n- a\n"),
            "## 0.1.0\n- a\n"
        );
        assert_eq!(entries("# Changelog\n"), "");
    }
}
