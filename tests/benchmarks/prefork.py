# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The monthly run as production meets it: a real ``odoo-bin`` in prefork
mode (``--workers=2 --max-cron-threads=1``) with Odoo's default limits
(60 s CPU, 120 s real per request and per cron job), on generated data with
one month due. Its cron worker runs OCA contract's own cron on the twin
contracts, then ours; then ours again through ``cloudworkz_support_queue``
with 1 and with 2 job workers. Reported: wall time until every agreement is
invoiced, agreements invoiced 0 or 2+ times, and cron workers killed.

Run by ``bash setup/bench.sh`` (sizes: CW_BENCH_PREFORK, default
1000,10000; empty to skip).
"""

import argparse
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench

ODOO_BIN = """#!/usr/bin/env python3
# odoo-bin: the prefork server re-executes this file for its gevent worker
import odoo

if __name__ == "__main__":
    odoo.cli.main()
"""
TIMEOUT = 4 * 3600
KILLS_WITHOUT_PROGRESS = 3


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``odoo-bin`` in prefork mode with default limits on ``db``."""

    def __init__(self, base_conf, db, workdir, queue_workers=0):
        self.db = db
        self.log = os.path.join(workdir, f"odoo-{time.time():.0f}.log")
        self.conf = os.path.join(workdir, "prefork.conf")
        self.bin = os.path.join(workdir, "odoo-bin")
        with open(self.bin, "w") as handle:
            handle.write(ODOO_BIN)
        options = dict(odoo.tools.config.options)
        lines = [
            "[options]",
            f"addons_path = {options['addons_path']}",
            f"data_dir = {options['data_dir']}",
            f"db_name = {db}",
            "dbfilter = ",
            "http_interface = 127.0.0.1",
            f"http_port = {free_port()}",
            f"gevent_port = {free_port()}",
            "workers = 2",
            "max_cron_threads = 1",
            "list_db = False",
            f"logfile = {self.log}",
            "log_level = info",
        ]
        if queue_workers:
            lines += [
                "server_wide_modules = base,web,queue_job",
                "",
                "[queue_job]",
                f"channels = root:{queue_workers},"
                f"root.cloudworkz_support:{queue_workers}",
            ]
        with open(self.conf, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, self.bin, "-c", self.conf],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)

    def job_seconds(self, name):
        """Seconds the cron worker spent in the scheduled action ``name``
        (its runs, added up), from Odoo's log."""
        if not os.path.exists(self.log):
            return 0.0
        with open(self.log, errors="replace") as handle:
            text = handle.read()
        return sum(
            float(seconds)
            for seconds in re.findall(
                r"Job done: `" + re.escape(name) + r"` \(([0-9.]+)s\)", text
            )
        )

    def kills(self):
        """Workers Odoo killed for passing a limit."""
        if not os.path.exists(self.log):
            return 0
        with open(self.log, errors="replace") as handle:
            text = handle.read()
        # Odoo may log one kill twice: count the workers
        return len(
            set(re.findall(r"Worker\w* \((\d+)\) (?:timeout|CPU time limit)", text))
        )


def set_crons(registry, active):
    """Only the crons in ``active`` (xmlids) run, at once."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        names = {
            "contract.contract_cron_for_invoice",
            "cloudworkz_support_contract.ir_cron_support_invoicing",
        }
        for xmlid in names:
            cron = env.ref(xmlid)
            cron.write(
                {
                    "active": xmlid in active,
                    "nextcall": dt.datetime.now() - dt.timedelta(minutes=1),
                }
            )


def count_invoiced(registry, agreement_ids, plain_ids):
    """(support agreements with a period, how many have two or more;
    plain contracts invoiced)."""
    with registry.cursor() as cr:
        cr.execute(
            "SELECT agreement_id, count(*) FROM cloudworkz_support_billing_period "
            "WHERE agreement_id = ANY(%s) GROUP BY agreement_id",
            (agreement_ids,),
        )
        counts = dict(cr.fetchall())
        cr.execute(
            "SELECT count(DISTINCT l.contract_id) FROM contract_line l "
            "WHERE l.contract_id = ANY(%s) AND l.last_date_invoiced IS NOT NULL",
            (plain_ids,),
        )
        plain = cr.fetchone()[0]
    return len(counts), sum(1 for c in counts.values() if c > 1), plain


def run(server, registry, done, total):
    """Wall seconds until ``done()`` reaches ``total``; or until the cron
    worker was killed three times with nothing done (a run in one
    transaction then starts from zero for ever), or the timeout."""
    start = time.monotonic()
    with server:
        while time.monotonic() - start < TIMEOUT:
            if done() >= total:
                break
            if server.kills() >= KILLS_WITHOUT_PROGRESS and not done():
                break
            time.sleep(2)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--queue", action="store_true", help="also with queue_job")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level", "warn"]
    )
    registry = odoo.registry(args.database)
    workdir = tempfile.mkdtemp(prefix="cw-prefork-")
    today = dt.date.today()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with registry.cursor() as cr:
        env = bench.env_for(cr)
        env["contract.contract"].search([("support_type", "!=", False)]).write(
            {"active": False}
        )
        t0 = time.perf_counter()
        agreements, plain = bench.generate(env, args.size, f"pf{args.size}", start)
        cr.commit()
        bench.analyze(cr)
        cr.commit()
        generation = time.perf_counter() - t0
        agreement_ids, plain_ids = agreements.ids, plain.ids
    rows = []

    def measure(label, crons, queue_workers=0, count=lambda: 0):
        set_crons(registry, crons)
        server = Server(args.config, args.database, workdir, queue_workers)
        seconds = run(server, registry, count, args.size)
        invoiced, twice, plain_done = count_invoiced(registry, agreement_ids, plain_ids)
        done = plain_done if "OCA" in label else invoiced
        if queue_workers:
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT EXTRACT(EPOCH FROM max(date_done) - min(date_started)) "
                    "FROM queue_job WHERE state = 'done'"
                )
                work = float(cr.fetchone()[0] or 0.0)
        else:
            work = server.job_seconds(
                "Generate Recurring Invoices from Contracts"
                if "OCA" in label
                else "Support Agreements: Monthly Invoicing"
            )
        rows.append(
            {
                "run": label,
                "n": args.size,
                "done": done,
                "twice": 0 if "OCA" in label else twice,
                "seconds": seconds,
                "work": work,
                "ms_per": 1000 * work / args.size,
                "kills": server.kills(),
            }
        )
        print(rows[-1], flush=True)

    measure(
        "OCA contract cron",
        {"contract.contract_cron_for_invoice"},
        count=lambda: count_invoiced(registry, agreement_ids, plain_ids)[2],
    )
    support = {"cloudworkz_support_contract.ir_cron_support_invoicing"}
    measure(
        "Support invoicing (cron)",
        support,
        count=lambda: count_invoiced(registry, agreement_ids, plain_ids)[0],
    )
    if args.queue:
        # the bridge, installed as an admin would (the cron now queues jobs)
        subprocess.run(
            [
                sys.executable,
                Server(args.config, args.database, workdir).bin,
                "-c",
                args.config,
                "-d",
                args.database,
                "-i",
                "cloudworkz_support_queue",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for workers in (1, 2):
            # undo the run: the same months are invoiced again by the jobs
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                periods = env["cloudworkz.support.billing.period"].search(
                    [("agreement_id", "in", agreement_ids)]
                )
                periods.invoice_id.button_cancel()  # re-opens the months
                env["cloudworkz.support.billing.period"].search(
                    [("agreement_id", "in", agreement_ids)]
                ).unlink()
                cr.execute("DELETE FROM queue_job")
                cr.commit()
                bench.analyze(cr)
                cr.commit()
            measure(
                f"Support invoicing (queue_job, {workers} job workers)",
                support,
                queue_workers=workers,
                count=lambda: count_invoiced(registry, agreement_ids, plain_ids)[0],
            )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["contract.contract"].browse(agreement_ids + plain_ids).write(
            {"active": False}
        )
    lines = [
        f"### Prefork server, {args.size} agreements (data generated in "
        f"{generation:.0f} s)",
        "",
        "| run | agreements | invoiced | invoiced twice | wall s (server start "
        "to last invoice) | work s | ms / agreement | workers killed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['run']} | {row['n']} | {row['done']} | {row['twice']} | "
            f"{row['seconds']:.0f} | {row['work']:.1f} | {row['ms_per']:.1f} | "
            f"{row['kills']} |"
        )
    oca = rows[0]["ms_per"]
    lines.append("")
    if rows[0]["done"] < args.size or not oca:
        lines.append(
            f"- OCA's cron did not finish: {rows[0]['done']} of {args.size} "
            f"invoiced, its worker killed {rows[0]['kills']} times (one "
            "transaction: each kill throws its work away)"
        )
    else:
        for row in rows[1:]:
            lines.append(f"- {row['run']}: {row['ms_per'] / oca:.2f} x OCA's time")
    print("\n".join(lines), flush=True)
    if args.out:
        with open(args.out, "a") as handle:
            handle.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
