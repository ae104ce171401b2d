#!/usr/bin/env python3
"""Translate SAM templates to plain CloudFormation with aws-sam-translator.

    sam_translate.py IN.yaml OUT.json [IN.yaml OUT.json ...]

cfn-lint checks SAM templates only partly; the tests lint the translation
too (tests/generate_sam.rs). Needs .venv-lint (scripts/setup-tools.sh).
No AWS access: the managed-policy loader is a stub (the generated templates
name no managed policy through SAM `Policies`). Local paths are replaced the
way `sam package` replaces them after uploading: a function's (or `Globals`')
`CodeUri` and a layer's `ContentUri` become `s3://` URIs, a nested
application's `Location` an S3 URL.
"""

import json
import os
import sys

import yaml
from samtranslator.translator.transform import transform

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


class NoManagedPolicies:
    """ManagedPolicyLoader stand-in: the templates use no SAM policy names."""

    def load(self):
        return {}


PACKAGE_BUCKET = "ddgen-package-bucket"


def package_code(props, key="CodeUri"):
    """A local `CodeUri` (of a function or of `Globals.Function`) or a layer's
    `ContentUri` becomes an S3 URI."""
    if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
        props[key] = f"s3://{PACKAGE_BUCKET}/{props[key].strip('/')}.zip"


def package(template):
    """Stand in for `sam package`: local artefact paths become S3 locations."""
    package_code((template.get("Globals") or {}).get("Function") or {})
    for resource in (template.get("Resources") or {}).values():
        props = resource.get("Properties") or {}
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function":
            package_code(props)
        if kind == "AWS::Serverless::LayerVersion":
            package_code(props, "ContentUri")
        if kind == "AWS::Serverless::Application" and isinstance(props.get("Location"), str):
            if not props["Location"].startswith("https://"):
                props["Location"] = f"https://{PACKAGE_BUCKET}.s3.amazonaws.com/{props['Location']}"
    return template


def translate(src, dst):
    with open(src, encoding="utf-8") as f:
        template = package(yaml.safe_load(f))
    out = transform(template, {}, NoManagedPolicies())
    with open(dst, "w", encoding="utf-8") as f:
        # Characters as UTF-8, not `\uXXXX`: cfn-lint's JSON reader rejects
        # the surrogate-pair escapes `json` writes for characters beyond the
        # BMP (an emoji in a doc comment, now in the API's DefinitionBody).
        json.dump(out, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")


def main(argv):
    if len(argv) < 2 or len(argv) % 2:
        sys.exit(__doc__)
    failed = False
    for src, dst in zip(argv[::2], argv[1::2]):
        try:
            translate(src, dst)
        except Exception as e:  # report every template, then fail
            failed = True
            causes = getattr(e, "causes", None) or []
            print(f"{src}: {e}", file=sys.stderr)
            for cause in causes:
                print(f"  - {getattr(cause, 'message', cause)}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
