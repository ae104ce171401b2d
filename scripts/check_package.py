#!/usr/bin/env python3
"""Checks of a generated tree's packaging that need Python's own tools
(tests/generate_package.rs runs them with .venv-gen's python).

    check_package.py agree TREE REQUIREMENTS_GEN
        The pins of the tree's locks (each context's src/requirements.txt and
        requirements-dev.lock) satisfy the direct requirements they were
        compiled from (requirements.txt, requirements-dev.txt) and agree with
        ddgen's own test venv (scripts/requirements-gen.txt); no function
        lock holds boto3, botocore or s3transfer.
    check_package.py samconfig FILE...
        Each samconfig.toml parses (tomllib) and has a dev and a prod
        environment whose deploy passes its own Stage.
    check_package.py install LOCK...
        `pip install --dry-run --require-hashes` of each lock for every Python
        (3.11-3.13) and Linux architecture (x86_64, arm64) the functions build
        for; a lock named *dev* only for this machine's Python and platform.
"""

import concurrent.futures
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

SDK = {"boto3", "botocore", "s3transfer"}
# Powertools Tracer's X-Ray SDK requires botocore, so pip puts botocore (never boto3 or
# s3transfer) into a function whose lock holds aws-xray-sdk (docs/generation.md,
# "Packaging and stages": the known cost of the Tracer, and the way out).
TRACER_NEEDS = {"aws-xray-sdk": {"botocore"}}
PYTHONS = ["3.11", "3.12", "3.13"]
PLATFORMS = ["manylinux2014_x86_64", "manylinux2014_aarch64"]


def requirements(path, seen=None):
    """The direct requirements of a requirements file, following `-r`."""
    out = []
    for line in pathlib.Path(path).read_text().splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            out += requirements(pathlib.Path(path).parent / line[3:].strip())
            continue
        out.append(Requirement(line))
    return out


def pins(path):
    """name → version of a lock (`name==version \\` lines, markers dropped)."""
    found = {}
    for line in pathlib.Path(path).read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if m:
            found[canonicalize_name(m.group(1))] = m.group(2)
    return found


def agree(tree, requirements_gen):
    tree = pathlib.Path(tree)
    errors = []

    def satisfied(reqs, lock, where):
        locked = pins(lock)
        for r in reqs:
            v = locked.get(canonicalize_name(r.name))
            if v is None:
                errors.append(f"{where}: {r.name} is not in {lock}")
            elif not r.specifier.contains(v, prereleases=True):
                errors.append(f"{where}: {lock} pins {r.name}=={v}, outside {r.specifier}")

    function_locks = sorted(tree.glob("contexts/*/src/requirements.txt"))
    dev_lock = tree / "requirements-dev.lock"
    for lock in function_locks:
        satisfied(requirements(tree / "requirements.txt"), lock, "requirements.txt")
        pinned = set(pins(lock))
        allowed = set().union(*(v for k, v in TRACER_NEEDS.items() if k in pinned))
        sdk = (SDK - allowed) & pinned
        if sdk:
            errors.append(f"{lock}: vendors {sorted(sdk)} (the Lambda runtime has them)")
        if pins(lock) != pins(function_locks[0]):
            errors.append(f"{lock} differs from {function_locks[0]}")
    satisfied(requirements(tree / "requirements-dev.txt"), dev_lock, "requirements-dev.txt")
    dev = pins(dev_lock)
    for lock in function_locks[:1]:
        for name, v in pins(lock).items():
            if dev.get(name) != v:
                errors.append(f"{name}: {lock} pins {v}, requirements-dev.lock {dev.get(name)}")
    # ddgen's own venv tests the generated code with what the tree installs.
    for r in requirements(requirements_gen):
        v = dev.get(canonicalize_name(r.name))
        if v is not None and not r.specifier.contains(v, prereleases=True):
            errors.append(f"{requirements_gen}: {r} but requirements-dev.lock pins {v}")
    return errors


def samconfig(paths):
    errors = []
    for path in paths:
        with open(path, "rb") as f:
            config = tomllib.load(f)
        for stage in ["dev", "prod"]:
            deploy = config.get(stage, {}).get("deploy", {}).get("parameters", {})
            overrides = deploy.get("parameter_overrides", "")
            if f'Stage="{stage}"' not in overrides:
                errors.append(f"{path}: [{stage}.deploy.parameters] does not deploy Stage={stage}")
            if not deploy.get("stack_name", "").endswith(f"-{stage}"):
                errors.append(f"{path}: {stage}'s stack_name {deploy.get('stack_name')!r}")
        if config.get("version") != 0.1:
            errors.append(f"{path}: version {config.get('version')!r}")
    return errors


def dry_run(lock, python, platform):
    with tempfile.TemporaryDirectory() as target:
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--dry-run", "--ignore-installed", "--require-hashes", "-r", str(lock)]
        if python:
            cmd += ["--only-binary=:all:", "--implementation", "cp", "--python-version", python,
                    "--platform", platform, "--target", target]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            return f"{lock} for Python {python or 'here'} {platform or ''}:\n{r.stderr[-2000:]}"
    return None


def install(locks):
    jobs = []
    for lock in locks:
        if "dev" in pathlib.Path(lock).name:
            jobs.append((lock, None, None))
        else:
            jobs += [(lock, py, plat) for py in PYTHONS for plat in PLATFORMS]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        return [e for e in pool.map(lambda j: dry_run(*j), jobs) if e]


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, args = argv[0], argv[1:]
    if command == "agree" and len(args) == 2:
        errors = agree(*args)
    elif command == "samconfig":
        errors = samconfig(args)
    elif command == "install":
        errors = install(args)
    else:
        sys.exit(__doc__)
    for e in errors:
        print(e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
