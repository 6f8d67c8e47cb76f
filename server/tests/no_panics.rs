//! No panic from outside input: every `unwrap`, `expect` and `panic!` in
//! the code a request can reach (outside test modules) is one of the
//! justified invariants below. A new one fails this test until it is
//! removed or justified here.
use std::path::Path;

/// (file, the text of the call) — each panics only if the program itself
/// is broken, never because of what a request contains.
const JUSTIFIED: &[(&str, &str, &str)] = &[
    (
        "domain/src/random.rs",
        "expect(\"the operating system's random number generator failed\")",
        "no kernel randomness: making predictable secrets would be worse",
    ),
    (
        "domain/src/admin/seal.rs",
        "expect(\"XChaCha20-Poly1305 encryption does not fail\")",
        "encryption with a 32-byte key and a 24-byte nonce is infallible",
    ),
    (
        "domain/src/admin/cookie.rs",
        "expect(\"HMAC takes keys of any length\")",
        "HMAC accepts every key length",
    ),
    (
        "domain/src/deliverables/link.rs",
        "expect(\"HMAC takes keys of any length\")",
        "HMAC accepts every key length",
    ),
    (
        "domain/src/accounts/password.rs",
        "expect(\"ARGON2_PARAMS are valid Argon2 parameters\")",
        "constant parameters, checked by a unit test",
    ),
    (
        "domain/src/analytics/mod.rs",
        "expect(\"BOT_MARKERS build an automaton\")",
        "a constant list of short patterns, built by every unit test of is_bot",
    ),
    (
        "domain/src/jakarta.rs",
        "expect(\"UTC+7 is a valid offset\")",
        "a constant offset",
    ),
    (
        "app/src/admin/editor.rs",
        "expect(\"FormData is available\")",
        "runs in the browser only, where FormData always exists",
    ),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn request_reachable_code_panics_only_on_justified_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for dir in ["app/src", "server/src", "domain/src"] {
        sources(&root.join(dir), &mut files);
    }
    let mut found = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Fixtures for tests only; never built into the binary.
        if rel == "domain/src/testing.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let code = line.trim_start();
            // Unit tests sit at the end of each file.
            if code.starts_with("#[cfg(test)]") || code.starts_with("#[cfg(all(test") {
                break;
            }
            if code.starts_with("//") {
                continue;
            }
            for needle in [".unwrap()", ".expect(", "panic!("] {
                if let Some(at) = code.find(needle) {
                    found.push((rel.clone(), code[at + 1..].to_owned()));
                }
            }
        }
    }
    let unjustified: Vec<_> = found
        .iter()
        .filter(|(file, call)| {
            !JUSTIFIED
                .iter()
                .any(|(f, c, _)| f == file && call.starts_with(c))
        })
        .collect();
    assert!(
        unjustified.is_empty(),
        "panics reachable from requests, not justified in tests/no_panics.rs: {unjustified:#?}"
    );
    // Every justification still names a real call (the list stays true).
    for (f, c, why) in JUSTIFIED {
        assert!(
            found
                .iter()
                .any(|(file, call)| file == f && call.starts_with(c)),
            "stale justification ({why}): {f}: {c}"
        );
    }
}
