#!/usr/bin/env python3
"""Run `sam validate --lint` on many templates in one process.

    sam_validate.py REGION TEMPLATE.yaml [TEMPLATE.yaml ...]

Each template goes through the SAM CLI's own `validate` command (its click
entry point, exactly as `sam validate --lint -t TEMPLATE --region REGION`
runs it), so the check is the CLI's; one process for all of them saves the
CLI's start-up (seconds) per template, and the templates are shared out over
the machine's cores. Prints `TEMPLATE: OK` or the CLI's
output; exits 1 when any template fails. Needs .venv-sam
(scripts/setup-tools.sh). No AWS access: `--lint` only runs cfn-lint.
"""

import os
import sys
from concurrent.futures import ProcessPoolExecutor

os.environ["SAM_CLI_TELEMETRY"] = "0"

from click.testing import CliRunner  # noqa: E402
from samcli.cli.main import cli  # noqa: E402


def validate(job):
    """`sam validate --lint` on one template: (ok, report)."""
    region, template = job
    result = CliRunner().invoke(
        cli, ["validate", "--lint", "-t", template, "--region", region]
    )
    if result.exit_code == 0 and "is a valid SAM Template" in result.output:
        return True, f"{template}: OK"
    detail = result.output
    if result.exception and not isinstance(result.exception, SystemExit):
        detail += repr(result.exception)
    return False, f"{template}: FAILED\n{detail}"


def main(argv):
    region, templates = argv[0], argv[1:]
    jobs = [(region, t) for t in templates]
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    failed = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for ok, report in pool.map(validate, jobs):
            failed += not ok
            print(report)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
