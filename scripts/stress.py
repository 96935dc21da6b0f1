"""Runs the timing-dependent tests (pytest marker ``stress``: a worker killed with SIGKILL mid-send) again
and again, each run a fresh pytest process as in `make test`, and reports passes and failures per test.

    python scripts/stress.py --runs 20 [-- extra pytest arguments]

Exits 1 when any run of any test failed or errored, or when a run selected no test at all; the output of
every failed run is kept and its path printed. A test skipped in a run (the Celery crash test without
REDIS_URL and a PostGIS DATABASE_URL) is counted as skipped, with the reason, neither passed nor failed."""

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]
# pytest's exit codes: 0 all passed, 1 some failed; anything else (2 interrupted, 3 internal error,
# 4 usage error, 5 no test collected) means the run did not test what it should.
TESTS_RAN = {0, 1}


def outcomes(junit_xml):
    """{test id: (outcome, message)} from one run's JUnit XML."""
    found = {}
    # The file is the one pytest just wrote for this run, not outside input.
    for case in ET.parse(junit_xml).getroot().iter("testcase"):  # noqa: S314
        test = f"{case.get('classname')}::{case.get('name')}"
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed", "error": "error", "skipped": "skipped"}[child.tag]
                message = " | ".join((child.get("message") or "").splitlines()[:3])
                break
        found[test] = (outcome, message)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--marker", default="stress", help="pytest marker expression of the tests to repeat")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    options = parser.parse_args()

    logs = Path(tempfile.mkdtemp(prefix="portal-stress-"))
    tally = collections.defaultdict(collections.Counter)
    reasons = {}
    broken_runs = []
    started = time.monotonic()
    for run in range(1, options.runs + 1):
        junit = logs / f"run-{run}.xml"
        command = [sys.executable, "-m", "pytest", "-m", options.marker, "-q", f"--junitxml={junit}"]
        command += options.pytest_args
        begun = time.monotonic()
        result = subprocess.run(command, cwd=BASE, capture_output=True, text=True)  # noqa: S603
        seconds = time.monotonic() - begun
        results = outcomes(junit) if junit.exists() else {}
        for test, (outcome, message) in results.items():
            tally[test][outcome] += 1
            if outcome != "passed" and message:
                reasons.setdefault((test, outcome), message)
        bad = [test for test, (outcome, _m) in results.items() if outcome in ("failed", "error")]
        if bad or result.returncode not in TESTS_RAN or not results:
            log = logs / f"run-{run}.log"
            log.write_text(result.stdout + result.stderr)
            broken_runs.append((run, result.returncode, log))
        summary = ", ".join(f"{n} {o}" for o, n in sorted(collections.Counter(o for o, _m in results.values()).items()))
        print(f"run {run}/{options.runs}: {summary or 'no test'} (pytest exit {result.returncode}, {seconds:.0f} s)")
        sys.stdout.flush()

    print(f"\n{options.runs} runs in {time.monotonic() - started:.0f} s, marker '{options.marker}':")
    for test in sorted(tally):
        counts = tally[test]
        failed = counts["failed"] + counts["error"]
        print(f"  {test}: {counts['passed']} passed, {failed} failed, {counts['skipped']} skipped")
        for outcome in ("failed", "error", "skipped"):
            if (test, outcome) in reasons:
                print(f"      first {outcome}: {reasons[(test, outcome)]}")
    if not tally:
        print("  no test matched: nothing was tested")
    for run, code, log in broken_runs:
        print(f"  run {run} (pytest exit {code}): output in {log}")
    failed = any(counts["failed"] or counts["error"] for counts in tally.values())
    if not broken_runs:
        shutil.rmtree(logs)
    return 1 if failed or broken_runs or not tally else 0


if __name__ == "__main__":
    sys.exit(main())
