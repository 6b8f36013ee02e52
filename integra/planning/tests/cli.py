"""Run one of planning's `integra report` specs the way the command does (argparse + run)."""

import argparse
import io
import json

from integra.planning.report_cli import REPORTS


def run_report(name: str, *args: str) -> str:
    parser = argparse.ArgumentParser(prog=f"integra report {name}", exit_on_error=False)
    REPORTS[name].add_arguments(parser)
    options = vars(parser.parse_args(list(args)))
    out = io.StringIO()
    REPORTS[name].run(options, out)
    return out.getvalue()


def report_json(name: str, *args: str) -> dict:
    return json.loads(run_report(name, *args, "--format", "json"))
