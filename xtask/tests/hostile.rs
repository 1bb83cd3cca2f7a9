//! Text from pages is data: a page full of hostile prose and names generates a crate whose
//! docs show that text and nothing else (no doc tests, no HTML, no attributes, no comment
//! that ends early), whose identifiers are valid Rust while the JSON names on the wire stay
//! as the page wrote them, and whose files all lie inside `--out`.
//!
//! The end-to-end test builds the generated crate with cargo (`cargo test` with its doc
//! tests, `cargo doc` with warnings denied) in its own target directory under the
//! workspace's `target/`, so only the first run compiles the crate's dependencies.

use page_reader::pipeline;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every description here tries to become something other than text.
const HOSTILE: &str = r##"# Test API, REST: Hostile.Get

Gets <script>alert("method")</script> a thing */ #[doc(hidden)]

## HTTP request

```
GET https://{{ api-host }}/test/v1/hostile/{type}
```

## Path parameters

#|
||Field | Description ||
|| type | **string**

Required field. <script>alert("path")</script> ||
|#

## Response {#yandex.cloud.test.v1.Hostile}

**HTTP Code: 200 - OK**

A message <script>document.write("x")</script> whose docs end a comment */ and open one /*

#![deny(warnings)]
#[cfg(any())]

    fn main() { panic!("an indented block became a doc test") }

#|
||Field | Description ||
|| type | **string**

<script>alert(1)</script> <img src=x onerror=alert(2)> <!-- comment --> </div> ||
|| self | **string**

An unbalanced ` backtick, then [a link](#yandex.cloud.test.v1.Hostile) and *emphasis
that never closes, and ``two ` more. ||
|| match | **string**

Example:

    assert!(false, "an indented block became a doc test");

Done. ||
|| async | **string**

```rust
panic!("a fenced block became a doc test");
```

```compile_fail
let x: u8 = 1;
```

```
unclosed fence: let y = panic!(); ||
|| crate | **string**

*/ pub fn injected() {} /* ||
|| super | **string**

#[doc(hidden)]
#![forbid(missing_docs)]
#[cfg(any())] "] #[doc = "x"] \" \\ ||
|| gen | **string**

- item

      fn in_item() { panic!("indented code in a list item") }

1. `# hidden line` and `#![attr]` in code spans ||
|| dyn | **string**

Line one.  
Line two with a hard break; a bare https://example.com/a_(b) URL; [[x]]; <https://a.b/c>; &lt;&amp;; <T as Trait>::f ||
|| loop | **string**

A control character {ESC}[31m, a right-to-left override {RLO} and a tab	here. ||
|| mode | **enum** (Mode)

Values that are not names:

- `MODE_UNSPECIFIED`
- `1C`: starts with a digit.
- `2_PHASE`: also.
- `SELF`: a keyword.
- `TYPE`: another.
- `UNKNOWN_VALUE`: the name of the variant for unknown values. ||
|#
"##;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(pages: &[(&str, &str)]) -> BTreeMap<String, String> {
    let inputs: Vec<(String, Vec<u8>)> = pages
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    let outcome = pipeline::run_on(&inputs, ("specs/overrides.yaml", None));
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    codegen::generate(&outcome.schema, &codegen::GenerateOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Characters a Rust literal may not hold as they are (rustc denies a direction override
/// in a literal) are put in here.
fn hostile_page() -> String {
    HOSTILE
        .replace("{ESC}", "\u{1b}")
        .replace("{RLO}", "\u{202e}")
}

fn hostile_files() -> BTreeMap<String, String> {
    generate(&[("specs/test/Hostile/get.md", &hostile_page())])
}

/// The generated file of package `yandex.cloud.test.v1`.
fn package_file(files: &BTreeMap<String, String>) -> &str {
    files
        .iter()
        .find(|(p, _)| p.ends_with("test/v1.rs"))
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no test/v1.rs in {:?}", files.keys()))
}

#[test]
fn prose_stays_inside_doc_comments() {
    let files = hostile_files();
    let text = package_file(&files);
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("///") || code.starts_with("//!") || code.starts_with("//") {
            // Inside a doc comment: nothing rustdoc reads as HTML, nothing that is markup.
            assert!(!line.contains("<script"), "raw HTML in docs: {line}");
            assert!(!line.contains("<img"), "raw HTML in docs: {line}");
            assert!(!line.contains("<!--"), "raw HTML in docs: {line}");
            continue;
        }
        // Outside comments, no page text at all.
        for page_text in [
            "alert",
            "injected",
            "panic!",
            "forbid(missing_docs)",
            "deny(warnings)",
        ] {
            assert!(!line.contains(page_text), "page text became code: {line}");
        }
    }
    // Docs are `///` lines only: no block comment a `*/` could end, no `#[doc = …]` whose
    // string could hold a line break.
    assert!(!text.contains("/**") && !text.contains("/*!"));
    assert!(!text.contains("#[doc =") && !text.contains("#![doc ="));
    // And the crate forbids unsafe code whatever the pages say.
    assert!(files["src/lib.rs"].contains("#![forbid(unsafe_code)]"));
    // The text is still there, escaped, for a reader.
    assert!(text.contains("/// &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x"));
    assert!(text.contains("/// */ pub fn injected() {} /*"));
    assert!(text.contains("/// \\#\\[doc(hidden)\\]"));
    assert!(text.contains("/// \\#!\\[forbid(missing_docs)\\]"));
    assert!(text.contains("a right-to-left override U+202E and"));
    // Code blocks from the page are `text` blocks, never Rust.
    assert!(!text.contains("```rust") && !text.contains("```compile_fail"));
    assert!(text.contains("```text"));
}

#[test]
fn keywords_and_digits_become_identifiers_and_json_names_stay() {
    let files = hostile_files();
    let text = package_file(&files);
    for (rust, json) in [
        ("pub r#type:", "type"),
        ("pub self_:", "self"),
        ("pub r#match:", "match"),
        ("pub r#async:", "async"),
        ("pub crate_:", "crate"),
        ("pub super_:", "super"),
        ("pub r#gen:", "gen"),
        ("pub r#dyn:", "dyn"),
        ("pub r#loop:", "loop"),
    ] {
        assert!(text.contains(rust), "no `{rust}` field");
        assert!(
            text.contains(&format!("\"{json}\"")),
            "wire name `{json}` lost"
        );
    }
    // Enum values: digit-leading, keyword-like and reserved names get valid variants; the
    // wire names are unchanged.
    for (variant, wire) in [
        ("V1c", "1C"),
        ("V2Phase", "2_PHASE"),
        ("Self_", "SELF"),
        ("Type", "TYPE"),
        ("UnknownValue_", "UNKNOWN_VALUE"),
    ] {
        assert!(text.contains(variant), "no variant `{variant}`");
        assert!(
            text.contains(&format!("\"{wire}\"")),
            "wire name `{wire}` lost"
        );
    }
}

/// Builds the generated crate: its own tests, its doc tests (none may come from page text)
/// and its docs with warnings denied; and checks the JSON names on the wire from Rust.
#[test]
fn generated_crate_builds_tests_and_documents_cleanly() {
    let files = hostile_files();
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("crate");
    xtask::output::write_atomically(&krate, &files).unwrap();
    // Same dependency versions as the workspace, so nothing new is resolved or fetched.
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::write(
        krate.join("tests/wire.rs"),
        r##"
use yandex_cloud_models::test::v1::{hostile::Mode, Hostile};
use yandex_cloud_models::wire;

#[test]
fn json_names_are_the_pages_names() {
    let json = r#"{"type":"a","self":"b","match":"c","async":"d","crate":"e","super":"f","gen":"g","dyn":"h","loop":"i","mode":"1C"}"#;
    let h: Hostile = wire::from_str(json).unwrap();
    assert_eq!(h.r#type.as_deref(), Some("a"));
    assert_eq!(h.self_.as_deref(), Some("b"));
    assert_eq!(h.crate_.as_deref(), Some("e"));
    assert_eq!(h.mode, Some(Mode::V1c));
    let back: serde_json::Value = serde_json::from_str(&wire::to_string(&h).unwrap()).unwrap();
    let want: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(back, want);
    assert_eq!(Mode::V2Phase.as_str(), "2_PHASE");
    assert_eq!("SELF".parse::<Mode>().unwrap(), Mode::Self_);
}
"##,
    )
    .unwrap();
    let target = root().join("target/hostile-crate");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = |args: &[&str], rustdocflags: &str| {
        let out = Command::new(&cargo)
            .args(args)
            .current_dir(&krate)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", rustdocflags)
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            out.status.success(),
            "cargo {args:?} failed:\n{stdout}\n{stderr}"
        );
        stdout
    };
    let tests = run(&["test", "--all-features"], "-D warnings");
    assert!(
        tests.contains("json_names_are_the_pages_names ... ok"),
        "{tests}"
    );
    // The library's tests, the wire test and the doc tests all ran.
    assert!(tests.matches("test result: ok.").count() >= 3, "{tests}");
    // Doc tests: whatever the crate's own docs hold, none comes from the package file.
    let doc_tests: Vec<&str> = tests
        .lines()
        .filter(|l| l.starts_with("test src/"))
        .collect();
    for t in &doc_tests {
        assert!(
            !t.contains("test/v1.rs"),
            "page text became a doc test: {t}"
        );
    }
    run(&["doc", "--no-deps", "--all-features"], "-D warnings");
}

/// A page whose names try to leave the output directory.
fn escaping_page(anchor: &str) -> String {
    format!(
        "# T, REST: Evil.Get\n\n## HTTP request\n\n```\nGET https://{{{{ api-host-mdb }}}}/x\n```\n\n## Response {{#{anchor}}}\n\n#|\n||Field | Description ||\n|| a | **[Y](#{anchor})** ||\n|#\n"
    )
}

#[test]
fn names_that_would_leave_out_are_errors_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("work/specs/evil");
    std::fs::create_dir_all(&specs).unwrap();
    for (i, anchor) in [
        "../../evil.X",
        "yandex.cloud/../../../x.v1.X",
        "/etc/passwd.X",
        "yandex.cloud.mdb.v1.X/../../Y",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(specs.join(format!("p{i}.md")), escaping_page(anchor)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--specs", "specs", "--out", "out"])
        .current_dir(dir.path().join("work"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    for (i, anchor) in [
        "../../evil.X",
        "yandex.cloud/../../../x.v1.X",
        "/etc/passwd.X",
    ]
    .iter()
    .enumerate()
    {
        let want = format!("specs/evil/p{i}.md:9:1: `{anchor}` is not a proto full name");
        assert!(stderr.contains(&want), "no `{want}` in:\n{stderr}");
    }
    // Nothing was written anywhere: the temporary directory holds only the pages.
    let mut all = Vec::new();
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                all.push(
                    p.strip_prefix(dir.path())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    all.sort();
    assert_eq!(
        all,
        [
            "work/specs/evil/p0.md",
            "work/specs/evil/p1.md",
            "work/specs/evil/p2.md",
            "work/specs/evil/p3.md"
        ]
    );
}

/// Package segments that are keywords, crate names or path-like words give modules and
/// file names made of sanitized identifiers only.
#[test]
fn file_paths_come_from_sanitized_package_names() {
    let files = generate(&[(
        "specs/test/Odd/get.md",
        &escaping_page("yandex.cloud.self.crate.type.std.con.v1.Odd"),
    )]);
    let package_files: Vec<&String> = files
        .keys()
        .filter(|p| p.contains("self") || p.contains("crate") || p.contains("type"))
        .collect();
    assert!(!package_files.is_empty(), "{:?}", files.keys());
    for path in files.keys() {
        let p = Path::new(path);
        assert!(
            p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{path}"
        );
        // Every component is an identifier (with `.rs`), never `self`, `crate` or `super`.
        for c in path.trim_end_matches(".rs").split('/') {
            assert!(
                c.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.' || ch == '-'),
                "{path}"
            );
            assert!(
                !["self", "crate", "super", ".", ".."].contains(&c),
                "{path}"
            );
        }
    }
    assert!(
        files.contains_key("src/self_/crate_/type/std_/con/v1.rs"),
        "{:?}",
        files.keys()
    );
}
