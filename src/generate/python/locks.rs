//! The pinned, hashed dependency locks of the generated tree: each context's
//! `layer/requirements.txt` (what `sam build` installs into the context's
//! dependencies layer, `sam/layer.rs`) and
//! the root `requirements-dev.lock` (what the tests and linters install).
//!
//! ddgen resolves nothing at generation time (no network, the same output on
//! every machine): the locks are data it ships, compiled from the direct
//! requirements in `templates/python/project/requirements*.txt` by
//! `scripts/lock-requirements.sh` (one universal resolution for Python
//! 3.11–3.13 on Linux x86_64 and arm64, every file's SHA-256). boto3,
//! botocore and the rest of boto3's closure are never in the function lock:
//! the Lambda runtime has them, and the layer installs with `--no-deps`.

use crate::generate::OWNED_HEADER;

/// `templates/python/project/locks/function.txt`.
pub const FUNCTION: &str = include_str!("../../../templates/python/project/locks/function.txt");
/// `templates/python/project/locks/dev.txt`.
pub const DEV: &str = include_str!("../../../templates/python/project/locks/dev.txt");

/// A context's `layer/requirements.txt`: the function lock.
pub fn function() -> String {
    with_header(
        "What `sam build` installs into this context's dependencies layer (Makefile), pinned\n\
         # and hashed (pip checks every file's SHA-256), with --no-deps: boto3, botocore and\n\
         # their dependencies are not here, the Lambda runtime has them. The direct\n\
         # requirements are the root requirements.txt.",
        FUNCTION,
    )
}

/// The root `requirements-dev.lock`: the development lock.
pub fn dev() -> String {
    with_header(
        "What the tests and linters need, pinned and hashed:\n\
         # `pip install --require-hashes -r requirements-dev.lock`. The direct requirements\n\
         # are requirements-dev.txt; this is their full closure for Python 3.11 to 3.13.",
        DEV,
    )
}

fn with_header(what: &str, lock: &str) -> String {
    format!("# {OWNED_HEADER}\n# {what}\n{lock}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a lock pins: `name==version`, lower case, without markers.
    fn pins(lock: &str) -> Vec<String> {
        lock.lines()
            .filter(|l| !l.starts_with(['#', ' ']) && l.contains("=="))
            .map(|l| l.split([' ', ';']).next().unwrap().to_ascii_lowercase())
            .collect()
    }

    /// The package names a lock pins.
    fn pinned(lock: &str) -> Vec<String> {
        pins(lock)
            .into_iter()
            .map(|p| p.split("==").next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_function_lock_has_no_sdk_and_every_pin_is_hashed() {
        let names = pinned(FUNCTION);
        assert!(names.contains(&"pydantic".to_string()), "{names:?}");
        // What the Lambda runtime has: boto3's closure (scripts/lock-requirements.sh).
        for sdk in ["boto3", "botocore", "s3transfer", "jmespath", "urllib3"] {
            assert!(
                !names.contains(&sdk.to_string()),
                "{sdk} in the function lock"
            );
        }
        assert!(names.contains(&"aws-xray-sdk".to_string()), "{names:?}");
        for lock in [FUNCTION, DEV] {
            let pins = lock
                .lines()
                .filter(|l| !l.starts_with(['#', ' ']) && l.contains("=="))
                .count();
            let hashed = lock
                .split('\n')
                .collect::<Vec<_>>()
                .windows(2)
                .filter(|w| {
                    !w[0].starts_with(['#', ' '])
                        && w[0].contains("==")
                        && w[1].trim_start().starts_with("--hash=sha256:")
                })
                .count();
            assert_eq!(pins, hashed, "every pin is followed by its hashes");
        }
    }

    #[test]
    fn the_dev_lock_pins_boto3_and_holds_the_function_lock() {
        assert!(pinned(DEV).contains(&"boto3".to_string()));
        let dev = pins(DEV);
        for pin in pins(FUNCTION) {
            assert!(
                dev.contains(&pin),
                "{pin}: the dev lock pins another version or none"
            );
        }
        assert!(function().starts_with(&format!("# {OWNED_HEADER}\n")));
    }
}
