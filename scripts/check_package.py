#!/usr/bin/env python3
"""Checks of a generated tree's packaging that need Python's own tools
(tests/generate_package.rs runs them with .venv-gen's python).

    check_package.py agree TREE REQUIREMENTS_GEN
        The pins of the tree's locks (each context's layer/requirements.txt and
        requirements-dev.lock) satisfy the direct requirements they were
        compiled from (requirements.txt, requirements-dev.txt) and agree with
        ddgen's own test venv (scripts/requirements-gen.txt); no function
        lock holds boto3, botocore or anything else of boto3's closure (the
        Lambda runtime has them; the layer installs with --no-deps).
    check_package.py samconfig FILE...
        Each samconfig.toml parses (tomllib) and has a dev and a prod
        environment whose deploy passes its own Stage.
    check_package.py install LOCK...
        `pip install --dry-run --require-hashes` of each lock for every Python
        (3.11-3.13) and Linux architecture (x86_64, arm64) the functions build
        for, with --no-deps as the layer's Makefile; a lock named *dev* only
        for this machine's Python and platform, with its dependencies.
    check_package.py layer TREE
        Builds the first context's dependencies layer with its own Makefile
        (`make build-<Layer>`, this Python), then, as the Lambda runtime would
        run it: in a fresh venv that has only boto3 (the runtime's SDK, at the
        tree's requirements-dev.lock pins) and the layer on the path, `pip
        check` finds every requirement met and every context's handler
        modules import with the Tracer on, patching the runtime's botocore.
        The tree's model must name this machine's Python and architecture.
"""

import concurrent.futures
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

import yaml

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# What the Lambda runtime has: boto3's closure (scripts/lock-requirements.sh leaves it out of
# the function lock, and the layer's Makefile installs with --no-deps).
SDK = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}
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

    function_locks = sorted(tree.glob("contexts/*/layer/requirements.txt"))
    dev_lock = tree / "requirements-dev.lock"
    for lock in function_locks:
        satisfied(requirements(tree / "requirements.txt"), lock, "requirements.txt")
        sdk = SDK & set(pins(lock))
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
            cmd += ["--no-deps", "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
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


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))}:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    return r.stdout


def layer(tree):
    tree = pathlib.Path(tree)
    makefiles = sorted(tree.glob("contexts/*/layer/Makefile"))
    if not makefiles:
        return [f"{tree}: no contexts/*/layer/Makefile"]
    target = re.search(r"^(build-\w+):", makefiles[0].read_text(), re.M).group(1)
    dev = pins(tree / "requirements-dev.lock")
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        artifacts = work / "layer"
        run(["make", "-C", makefiles[0].parent, target, f"ARTIFACTS_DIR={artifacts}",
             f"PYTHON={sys.executable}"])
        venv = work / "runtime"
        run([sys.executable, "-m", "venv", venv])
        sdk = [f"{name}=={dev[name]}" for name in sorted(SDK) if name in dev]
        run([venv / "bin/pip", "install", "--quiet", "--disable-pip-version-check", *sdk])
        packages = artifacts / "python"
        errors = []
        bare = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(packages)}
        try:
            run([venv / "bin/pip", "check", "--disable-pip-version-check"], env=bare)
        except RuntimeError as e:
            errors.append(f"the layer and the runtime's SDK: {e}")
        probe = (
            "import importlib, sys\n"
            "for m in sys.argv[1:]: importlib.import_module(m)\n"
            "import botocore\n"
            "assert botocore.__file__.startswith(sys.prefix), botocore.__file__\n"
            "assert 'aws_xray_sdk.ext.botocore.patch' in sys.modules, 'botocore not patched'\n"
        )
        for template in sorted(tree.glob("contexts/*/template.yaml")):
            stack = yaml.safe_load(template.read_text())
            function = (stack.get("Globals") or {}).get("Function")
            if not function:
                continue
            src = template.parent / "src"
            env = dict(bare, PYTHONPATH=f"{packages}:{src}", LAMBDA_TASK_ROOT=str(src),
                       AWS_LAMBDA_FUNCTION_NAME="probe", AWS_DEFAULT_REGION="eu-west-1")
            for name in function["Environment"]["Variables"]:
                env[name] = f"https://example.com/{name.lower()}" if name.endswith("_URL") \
                    else f"arn:aws:sns:eu-west-1:123456789012:{name.lower()}"
            modules = sorted({
                r["Properties"]["Handler"].rsplit(".", 1)[0]
                for r in stack["Resources"].values()
                if r.get("Type") == "AWS::Serverless::Function"
            })
            try:
                run([venv / "bin/python", "-c", probe, *modules], env=env)
            except RuntimeError as e:
                errors.append(f"{template.parent.name}: {e}")
    return errors


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
    elif command == "layer" and len(args) == 1:
        errors = layer(*args)
    else:
        sys.exit(__doc__)
    for e in errors:
        print(e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
