//! Broken input: every case the issue lists gives `path:line:col: message` errors (checked
//! here against the exact text), all errors of a run are reported together, the command
//! exits non-zero, and nothing under `--out` is written or changed.

use page_reader::pipeline;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A tidy page: a path parameter, and a response message with a string, an int64 and a
/// nested message, all in the format of the real pages.
const PAGE: &str = "\
# Test API, REST: Thing.Get

Returns a thing.

## HTTP request

```
GET https://{{ api-host }}/test/v1/things/{thingId}
```

## Path parameters

#|
||Field | Description ||
|| thingId | **string**

Required field. ID of the thing. ||
|#

## Response {#yandex.cloud.test.v1.Thing}

**HTTP Code: 200 - OK**

A thing.

#|
||Field | Description ||
|| id | **string**

ID of the thing. ||
|| size | **string** (int64)

Size in bytes. ||
|| part | **[Part](#yandex.cloud.test.v1.Part)**

Its part. ||
|#

## Part {#yandex.cloud.test.v1.Part}

#|
||Field | Description ||
|| name | **string**

Name of the part. ||
|#
";

/// The diagnostics of a run over `pages` (name, bytes), each as `path:line:col: message`
/// (errors only; warnings are not what these cases are about).
fn errors(pages: &[(&str, &[u8])]) -> Vec<String> {
    let inputs: Vec<(String, Vec<u8>)> = pages
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let outcome = pipeline::run_on(&inputs, ("specs/overrides.yaml", None));
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.col, d.message))
        .collect()
}

fn one(bytes: &[u8]) -> Vec<String> {
    errors(&[("specs/test/Thing/get.md", bytes)])
}

/// `PAGE` with the first `from` replaced by `to`.
fn edit(from: &str, to: &str) -> Vec<u8> {
    assert!(PAGE.contains(from), "{from}");
    PAGE.replacen(from, to, 1).into_bytes()
}

const NAME: &str = "specs/test/Thing/get.md";

#[test]
fn the_tidy_page_has_no_errors() {
    // Every case below breaks this page in one place; the page itself is fine.
    assert_eq!(one(PAGE.as_bytes()), Vec::<String>::new());
}

#[test]
fn table_without_its_closing_bar_hash() {
    // The next heading comes while the table is still open.
    assert_eq!(
        one(&edit("|#\n\n## Part", "\n## Part")),
        [format!(
            "{NAME}:38:1: the table opened at line 26 is not closed with `|#` before this line"
        )]
    );
    // The page ends while the table is open.
    let cut = PAGE.trim_end().strip_suffix("|#").unwrap();
    assert_eq!(
        one(cut.as_bytes()),
        [format!(
            "{NAME}:41:1: table is not closed with `|#` (the page ends after its last row)"
        )]
    );
}

#[test]
fn row_without_its_closing_bars() {
    // The next row opens while this one is open.
    assert_eq!(
        one(&edit("Size in bytes. ||", "Size in bytes.")),
        [format!("{NAME}:31:1: table row is not closed with `||`")]
    );
    // The table ends while the row is open.
    assert_eq!(
        one(&edit("Name of the part. ||", "Name of the part.")),
        [format!(
            "{NAME}:43:1: table row is not closed with `||` before the table's `|#`"
        )]
    );
}

#[test]
fn type_annotation_the_grammar_does_not_know() {
    assert_eq!(
        one(&edit("**string** (int64)", "**strnig** (int64)")),
        [format!(
            "{NAME}:31:13: unknown type `strnig` in a type annotation"
        )]
    );
    assert_eq!(
        one(&edit("**string** (int64)", "**string** (int65)")),
        [format!(
            "{NAME}:31:11: unknown format `int65` for this type"
        )]
    );
    assert_eq!(
        one(&edit("**string** (int64)", "**object** (list<**string**>)")),
        [format!(
            "{NAME}:31:23: expected `map<` in an object's detail (only maps are known)"
        )]
    );
}

#[test]
fn link_to_an_anchor_defined_nowhere() {
    assert_eq!(
        one(&edit(
            "## Part {#yandex.cloud.test.v1.Part}",
            "## Other {#yandex.cloud.test.v1.Other}"
        )),
        [format!("{NAME}:34:1: field `part` links to `#yandex.cloud.test.v1.Part`, an anchor defined on no page")]
    );
}

#[test]
fn broken_yaml_in_the_front_matter() {
    let page = format!("---\neditable: false\napiPlayground:\n  - url: [unclosed\n---\n\n{PAGE}");
    assert_eq!(
        one(page.as_bytes()),
        [format!(
            "{NAME}:5:1: front matter is not valid YAML: did not find expected ',' or ']' at line 5 column 1, while parsing a flow sequence at line 4 column 10"
        )]
    );
    // Front matter that never closes (a page cut off inside it).
    assert_eq!(
        one(b"---\neditable: false\n"),
        [format!(
            "{NAME}:1:1: front matter opened with `---` is never closed"
        )]
    );
}

#[test]
fn empty_page() {
    let expected = [format!("{NAME}:1:1: the page is empty")];
    assert_eq!(one(b""), expected);
    assert_eq!(one(b"\n  \n\t\n"), expected);
    assert_eq!(one(b"\xef\xbb\xbf\r\n"), expected);
}

#[test]
fn invalid_utf8() {
    let mut bytes = edit("Size in bytes.", "Size in bytes\u{e9}.");
    // `é` is C3 A9; a lone C3 followed by `.` is not UTF-8.
    let at = bytes.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap();
    bytes.remove(at + 1);
    assert_eq!(
        one(&bytes),
        [format!("{NAME}:33:14: the page is not valid UTF-8")]
    );
    // A byte-order mark does not shift the column.
    assert_eq!(
        one(b"\xef\xbb\xbfab\xff"),
        [format!("{NAME}:1:3: the page is not valid UTF-8")]
    );
}

#[test]
fn nul_bytes() {
    assert_eq!(
        one(&edit("Size in bytes.", "Size\0 in bytes.")),
        [format!("{NAME}:33:5: the page contains a NUL byte")]
    );
}

#[test]
fn page_cut_off_in_the_middle() {
    let real =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/spqr/Cluster/get.md"))
            .unwrap();
    // Inside a row of the response table.
    assert_eq!(
        errors(&[("specs/spqr/Cluster/get.md", &real[..9000])]),
        ["specs/spqr/Cluster/get.md:218:1: table is not closed with `|#` (the page ends inside the row at line 288)"]
    );
    // Inside the JSON sample.
    assert_eq!(
        errors(&[("specs/spqr/Cluster/get.md", &real[..1500])]),
        ["specs/spqr/Cluster/get.md:51:1: code block is not closed (the page ends inside it)"]
    );
    // Inside a multi-byte character.
    let page = edit("Size in bytes.", "Size in bytes \u{e9}");
    let cut = page.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap() + 1;
    assert_eq!(
        one(&page[..cut]),
        [format!("{NAME}:33:15: the page is not valid UTF-8")]
    );
}

#[test]
fn two_pages_with_conflicting_field_types() {
    let list = PAGE
        .replace("Thing.Get", "Thing.List")
        .replace("**string** (int64)", "**integer** (int32)");
    let outcome = pipeline::run_on(
        &[
            (NAME.to_string(), PAGE.as_bytes().to_vec()),
            ("specs/test/Thing/list.md".to_string(), list.into_bytes()),
        ],
        ("specs/overrides.yaml", None),
    );
    let errors: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        errors,
        [format!(
            "specs/test/Thing/list.md:31:1: error: field `size` of yandex.cloud.test.v1.Thing is int32 here but int64 at {NAME}:31\n  note: other definition: {NAME}:31"
        )]
    );
}

#[test]
fn two_fields_with_one_rust_name() {
    assert_eq!(
        one(&edit(
            "|| id | **string**",
            "|| folderId | **string**\n\nA. ||\n|| folder_id | **string**\n\nB. ||\n|| id | **string**"
        )),
        [format!("{NAME}:31:1: fields `folderId` and `folder_id` would both be the Rust field `folder_id`")]
    );
}

/// Services repeat pages of the same method (every service's reference repeats
/// `Operation.Get`): the same call documented twice is one method; pages that disagree on
/// it are an error naming both.
#[test]
fn two_pages_of_one_method() {
    let run = |copy: &str| {
        let outcome = pipeline::run_on(
            &[
                (NAME.to_string(), PAGE.as_bytes().to_vec()),
                (
                    "specs/test/Thing/get-copy.md".to_string(),
                    copy.as_bytes().to_vec(),
                ),
            ],
            ("specs/overrides.yaml", None),
        );
        let errors: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
        (errors, outcome.schema.methods.len())
    };
    assert_eq!(run(PAGE), (vec![], 1));
    let moved = PAGE.replace("/test/v1/things/{thingId}", "/test/v2/things/{thingId}");
    assert_eq!(
        run(&moved).0,
        [format!(
            "specs/test/Thing/get-copy.md:1:1: error: method Thing.Get of yandex.cloud.test.v1 is documented at {NAME}:1 too, with another URL\n  note: {NAME}:1 says `GET https://{{{{ api-host }}}}/test/v1/things/{{thingId}}`\n  note: specs/test/Thing/get-copy.md:1 says `GET https://{{{{ api-host }}}}/test/v2/things/{{thingId}}`"
        )]
    );
}

#[test]
fn all_errors_of_a_run_are_reported() {
    let bad_type = edit("**string** (int64)", "**strnig** (int64)");
    let nul = edit("Size in bytes.", "Size\0 in bytes.");
    let list = PAGE
        .replace("Thing.Get", "Thing.List")
        .replace("|| size |", "|| kind | **number** (bytes) ||\n|| size |");
    // One page, four broken places: two rows without `||` (the path parameter's and the
    // response's `id`), an unknown type in a table after them, a code block that never
    // closes.
    let several = PAGE
        .replace("Thing.Get", "Thing.Delete")
        .replace("ID of the thing. ||", "ID of the thing.")
        .replace(
            "Name of the part. ||",
            "Name of the part. ||\n|| kind | **strnig** ||",
        )
        + "\n```\nnever closed\n";
    let moved = PAGE.replace("/test/v1/", "/test/v2/");
    let errors = errors(&[
        ("specs/test/Thing/a.md", &bad_type),
        ("specs/test/Thing/b.md", &nul),
        ("specs/test/Thing/c.md", b""),
        ("specs/test/Thing/d.md", list.as_bytes()),
        ("specs/test/Thing/e.md", moved.as_bytes()),
        ("specs/test/Thing/f.md", several.as_bytes()),
    ]);
    assert_eq!(
        errors,
        [
            "specs/test/Thing/a.md:31:13: unknown type `strnig` in a type annotation",
            "specs/test/Thing/b.md:33:5: the page contains a NUL byte",
            "specs/test/Thing/c.md:1:1: the page is empty",
            "specs/test/Thing/d.md:31:11: unknown format `bytes` for this type",
            "specs/test/Thing/e.md:1:1: method Thing.Get of yandex.cloud.test.v1 is documented at specs/test/Thing/a.md:1 too, with another URL",
            "specs/test/Thing/f.md:15:1: table row is not closed with `||` before the table's `|#`",
            "specs/test/Thing/f.md:28:1: table row is not closed with `||`",
            "specs/test/Thing/f.md:46:13: unknown type `strnig` in a type annotation",
            "specs/test/Thing/f.md:49:1: code block is not closed (the page ends inside it)",
        ]
    );
}

/// A specs directory with `pages` (path under `specs/` → bytes).
fn specs_dir(pages: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in pages {
        let path = dir.path().join("specs").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Every file under `dir` with its bytes (hidden files included).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn xtask(args: &[&str], cwd: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn failed_regen_leaves_out_byte_identical() {
    let bad = edit("**string** (int64)", "**strnig** (int64)");
    let dir = specs_dir(&[("test/Thing/get.md", &bad), ("test/Thing/list.md", b"\n")]);
    // An existing crate (of any content) under --out, and a file beside it.
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"keep\"\n").unwrap();
    std::fs::write(out.join("src/lib.rs"), "// old\n").unwrap();
    let before = snapshot(dir.path());

    let (ok, stderr) = xtask(&["regen", "--specs", "specs", "--out", "out"], dir.path());
    assert!(!ok, "regen succeeded on broken pages:\n{stderr}");
    // Both errors, each with its place and the offending line shown.
    assert!(
        stderr
            .contains("specs/test/Thing/get.md:31:13: unknown type `strnig` in a type annotation"),
        "{stderr}"
    );
    assert!(stderr.contains("|| size | **strnig** (int64)"), "{stderr}");
    assert!(
        stderr.contains("specs/test/Thing/list.md:1:1: the page is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 error(s); nothing was written"),
        "{stderr}"
    );
    // Nothing under the directory changed: no file written, none left beside it.
    assert_eq!(snapshot(dir.path()), before);

    // `--out` that does not exist yet is not created either.
    let (ok, _) = xtask(&["regen", "--specs", "specs", "--out", "fresh"], dir.path());
    assert!(!ok);
    assert!(!dir.path().join("fresh").exists());
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn check_and_schema_fail_on_broken_pages_too() {
    let dir = specs_dir(&[(
        "test/Thing/get.md",
        &edit("Size in bytes. ||", "Size in bytes."),
    )]);
    for cmd in ["check", "schema"] {
        let (ok, stderr) = xtask(&[cmd, "--specs", "specs"], dir.path());
        assert!(!ok, "{cmd}");
        assert!(
            stderr.contains("specs/test/Thing/get.md:31:1: table row is not closed with `||`"),
            "{cmd}: {stderr}"
        );
    }
}

#[test]
fn two_fields_with_one_rust_name_on_two_pages() {
    // Each page alone is fine; merged, `Thing` has `folderId` and `folder_id`.
    let get = edit(
        "|| id | **string**",
        "|| folderId | **string**\n\nA. ||\n|| id | **string**",
    );
    let list = PAGE.replace("Thing.Get", "Thing.List").replace(
        "|| id | **string**",
        "|| folder_id | **string**\n\nB. ||\n|| id | **string**",
    );
    let dir = specs_dir(&[
        ("test/Thing/get.md", &get),
        ("test/Thing/list.md", list.as_bytes()),
    ]);
    let (ok, stderr) = xtask(&["regen", "--specs", "specs", "--out", "out"], dir.path());
    assert!(!ok, "{stderr}");
    // The merge knows both places and names them.
    assert!(
        stderr.contains("specs/test/Thing/list.md:28:1: fields `folderId` and `folder_id` of yandex.cloud.test.v1.Thing would both be the Rust field `folder_id`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: `folderId` is documented at specs/test/Thing/get.md:28"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn anchor_that_is_no_proto_name() {
    // Found by the fuzzer: a mutated anchor with no package passed the parser and was
    // refused by the emitters without a place.
    assert_eq!(
        one(&edit(
            "## Response {#yandex.cloud.test.v1.Thing}",
            "## Response {#Listyandex.cloud.test.v1.Thing}"
        )),
        [format!("{NAME}:20:1: `Listyandex.cloud.test.v1.Thing` is not a proto full name: dot-separated ASCII identifiers: a package (not `yandex.cloud` alone), then an upper-case type name")]
    );
    assert_eq!(
        one(&edit("**[Part](#yandex.cloud.test.v1.Part)**", "**[Part](#../../evil.Part)**")),
        [format!("{NAME}:34:11: `../../evil.Part` is not a proto full name: dot-separated ASCII identifiers: a package (not `yandex.cloud` alone), then an upper-case type name")]
    );
}
