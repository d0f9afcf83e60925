# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the monthly invoicing and of logging time, on generated data.

Run by ``bash setup/bench.sh``; not part of the test run. Every measured
run is rolled back, so the same data serves both sides of a comparison.

    python3 tests/benchmarks/bench.py -c CONF -d DB \
        --agreements 1000,5000 --history 100,1000,10000,100000
"""

import argparse
import datetime as dt
import os
import platform
import random
import time
import tracemalloc

import odoo
from odoo import SUPERUSER_ID, Command, api

JAN_15 = dt.date(2026, 1, 15)
FEB_1 = dt.date(2026, 2, 1)
TYPES = ["on_demand", "first_line", "maintenance", "first_line_maintenance"]
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def env_for(cr):
    return api.Environment(cr, SUPERUSER_ID, dict(CONTEXT))


def analyze(cr):
    # Without statistics Odoo 17's payment-state query stalls at scale.
    cr.execute("ANALYZE")


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------
def generate(env, count, tag, start=None):
    """``count`` agreements of the four types starting on ``start`` (1
    January 2026), each with its twin plain OCA contract holding the same
    fixed lines, due after the first month. Returns (agreements, plain)."""
    start = start or dt.date(2026, 1, 1)
    first_due = (start + dt.timedelta(days=32)).replace(day=1)
    mid = start + dt.timedelta(days=14)
    rng = random.Random(count)
    ref = env.ref
    # the draft path is what OCA's cron does too (the demo company posts
    # and sends)
    env.company.support_invoice_delivery = "draft"
    user_product = ref("cloudworkz_support_contract.product_first_line_user")
    block_product = ref("cloudworkz_support_contract.product_maintenance_block")
    hour_product = ref("cloudworkz_support_contract.product_support_hour")
    pack_product = ref("cloudworkz_prepaid_pack.product_pack_medium")
    charged = ref("cloudworkz_coverage.category_data_import")
    howto = ref("cloudworkz_coverage.category_user_support")
    project = env["project.project"].create(
        {"name": f"Bench {tag}", "allow_timesheets": True}
    )
    employee = env["hr.employee"].create({"name": f"Bench agent {tag}"})
    customers = env["res.partner"].create(
        [{"name": f"Bench {tag} {i}", "is_company": True} for i in range(count)]
    )
    contacts = env["res.partner"].create(
        [
            {"name": f"User {j} of {c.id}", "parent_id": c.id}
            for c in customers
            for j in range(3)
        ]
    )
    by_customer = {}
    for contact in contacts:
        by_customer.setdefault(contact.parent_id.id, []).append(contact)
    agreement_vals, plain_vals = [], []
    for i, customer in enumerate(customers):
        kind = TYPES[i % 4]
        users = by_customer[customer.id]
        vals = {
            "name": f"Agreement {tag} {i}",
            "partner_id": customer.id,
            "support_type": kind,
            "date_start": start,
        }
        lines = []
        if kind in ("first_line", "first_line_maintenance"):
            vals["support_contact_ids"] = [
                Command.create({"partner_id": u.id}) for u in users
            ]
            lines.append((user_product, len(users)))
        if kind in ("maintenance", "first_line_maintenance"):
            loc = rng.randint(500, 6000)
            vals["code_module_ids"] = [
                Command.create({"name": "custom_a", "lines_of_code": loc}),
                Command.create({"name": "custom_b", "lines_of_code": 250}),
            ]
            vals["support_contact_ids"] = vals.get("support_contact_ids", []) + [
                Command.create({"partner_id": users[0].id, "role": "it_key_user"})
            ]
            lines.append((block_product, -(-(loc + 250) // 100)))
        if kind == "on_demand":
            lines.append((hour_product, 2.0))  # what the twin bills for time
        agreement_vals.append(vals)
        plain_vals.append(
            {
                "name": f"Plain {tag} {i}",
                "partner_id": customer.id,
                "date_start": start,
                "recurring_invoicing_type": "post-paid",
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": product.name,
                            "quantity": qty,
                            "uom_id": product.uom_id.id,
                            "specific_price": product.lst_price,
                            "date_start": start,
                            "recurring_invoicing_type": "post-paid",
                            "recurring_next_date": first_due,
                        }
                    )
                    for product, qty in lines
                ],
            }
        )
    agreements = env["contract.contract"].create(agreement_vals)
    plain = env["contract.contract"].create(plain_vals)
    # a Medium pack for every On Demand customer
    packs = []
    for agreement in agreements.filtered(lambda a: a.support_type == "on_demand"):
        packs.append(
            {
                "partner_id": agreement.partner_id.id,
                "product_id": pack_product.id,
                "line_ids": [
                    Command.create(
                        {"line_type": "purchase", "minutes": 50 * 60, "date": mid}
                    )
                ],
            }
        )
    env["cloudworkz.prepaid.pack"].create(packs)
    # two tickets each: one chargeable, one how-to; two time lines each
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": f"{name} {agreement.id}",
                "description": "<p>bench</p>",
                "partner_id": by_customer[agreement.partner_id.id][0].id,
                "project_id": project.id,
                "category_id": category.id,
                "support_agreement_id": agreement.id,
            }
            for agreement in agreements
            for name, category in (("Import", charged), ("How to", howto))
        ]
    )
    env["account.analytic.line"].create(
        [
            {
                "name": "work",
                "ticket_id": ticket.id,
                "project_id": project.id,
                "employee_id": employee.id,
                "unit_amount": rng.choice([10, 20, 50, 125]) / 60.0,
                "date": mid + dt.timedelta(days=k),
            }
            for ticket in tickets
            for k in range(2)
        ]
    )
    return agreements, plain


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------
def measure(registry, func, memory):
    """Run ``func(env)`` in a transaction rolled back afterwards; return
    (seconds, queries, peak bytes or None, result size)."""
    with registry.cursor() as cr:
        env = env_for(cr)
        env.invalidate_all()
        start_queries = cr.sql_log_count
        if memory:
            tracemalloc.start()
        start = time.perf_counter()
        result = func(env)
        env.flush_all()
        seconds = time.perf_counter() - start
        peak = None
        if memory:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        queries = cr.sql_log_count - start_queries
        size = len(result)
        cr.rollback()
    return seconds, queries, peak, size


def same_invoices_bare(registry, run):
    """The values of the invoices ``run`` creates (rolled back), as a bare
    ``account.move.create`` takes them: header and product lines only."""
    with registry.cursor() as cr:
        env = env_for(cr)
        moves = run(env)
        vals = [
            {
                "move_type": move.move_type,
                "partner_id": move.partner_id.id,
                "journal_id": move.journal_id.id,
                "currency_id": move.currency_id.id,
                "invoice_date": move.invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "account_id": line.account_id.id,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                    for line in move.invoice_line_ids
                    if line.display_type == "product"
                ],
            }
            for move in moves
        ]
        cr.rollback()
    return vals


def bench_invoicing(registry, count, memory):
    tag = f"n{count}"
    with registry.cursor() as cr:
        env = env_for(cr)
        t0 = time.perf_counter()
        agreements, plain = generate(env, count, tag)
        cr.commit()
        analyze(cr)
        cr.commit()
        generation = time.perf_counter() - t0
        agreement_ids, plain_ids = agreements.ids, plain.ids

    def oca(env):
        last = env["account.move"].search([], order="id desc", limit=1).id or 0
        env["contract.contract"].cron_recurring_create_invoice(FEB_1)
        return env["account.move"].search([("id", ">", last)])

    def ours(env):
        # in one transaction, rolled back after: no batch commits here
        return (
            env["contract.contract"]
            .with_context(support_no_commit=True, support_batch_budget=1e9)
            ._support_run_invoicing(FEB_1)
        )

    # The limit: the same invoices (those our run makes, line for line)
    # created bare, with one batched account.move.create and nothing else.
    bare_vals = same_invoices_bare(registry, ours)

    def bare(env):
        return env["account.move"].create(bare_vals)

    rows = []
    for label, func, n in (
        ("OCA contract cron", oca, len(plain_ids)),
        ("Support invoicing", ours, len(agreement_ids)),
        ("Bare account.move.create (limit)", bare, len(agreement_ids)),
    ):
        seconds, queries, _peak, size = measure(registry, func, False)
        peak = measure(registry, func, True)[2] if memory else None
        rows.append(
            {
                "run": label,
                "n": n,
                "invoices": size,
                "seconds": seconds,
                "ms_per": 1000 * seconds / n,
                "queries_per": queries / n,
                "kib_per": peak / 1024 / n if peak is not None else None,
            }
        )
    # keep the next size's runs to their own agreements
    with registry.cursor() as cr:
        env_for(cr)["contract.contract"].browse(agreement_ids + plain_ids).write(
            {"active": False}
        )
    return generation, rows


def bench_logging(registry, histories):
    """Queries and time to log one line on a ticket of a customer with an
    agreement, coverage and a pack, as the customer's history grows; and on
    a ticket of a plain customer (no agreement, category or pack)."""
    with registry.cursor() as cr:
        env = env_for(cr)
        agreements, _plain = generate(env, 4, "log")
        agreement = agreements.filtered(lambda a: a.support_type == "on_demand")
        customer = agreement.partner_id
        env["cloudworkz.prepaid.pack"].create(
            {
                "partner_id": customer.id,
                "line_ids": [
                    Command.create(
                        {"line_type": "purchase", "minutes": 10**9, "date": JAN_15}
                    )
                ],
            }
        )
        plain_customer = env["res.partner"].create({"name": "Plain customer"})
        project = env["project.project"].create(
            {"name": "Bench log", "allow_timesheets": True}
        )
        employee = env["hr.employee"].create({"name": "Bench logger"})
        category = env.ref("cloudworkz_coverage.category_data_import")
        history_tickets = env["helpdesk.ticket"].create(
            [
                {
                    "name": f"History {i}",
                    "description": "<p>h</p>",
                    "partner_id": customer.id,
                    "project_id": project.id,
                    "category_id": category.id,
                    "support_agreement_id": agreement.id,
                }
                for i in range(100)
            ]
        )
        target = env["helpdesk.ticket"].create(
            {
                "name": "Measured",
                "description": "<p>m</p>",
                "partner_id": customer.id,
                "project_id": project.id,
                "category_id": category.id,
                "support_agreement_id": agreement.id,
            }
        )
        plain = env["helpdesk.ticket"].create(
            {
                "name": "Plain",
                "description": "<p>p</p>",
                "partner_id": plain_customer.id,
                "project_id": project.id,
            }
        )
        cr.commit()
        ids = {
            "project": project.id,
            "employee": employee.id,
            "history": history_tickets.ids,
            "target": target.id,
            "plain": plain.id,
        }

    def line(ticket_id, day, minutes=25):
        return {
            "name": "work",
            "ticket_id": ticket_id,
            "project_id": ids["project"],
            "employee_id": ids["employee"],
            "unit_amount": minutes / 60.0,
            "date": day,
        }

    rows = []
    done = 0
    for size in histories:
        with registry.cursor() as cr:
            env = env_for(cr)
            missing = size - done
            rng = random.Random(size)
            for chunk in range(0, missing, 5000):
                env["account.analytic.line"].create(
                    [
                        line(
                            rng.choice(ids["history"]),
                            dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(390)),
                            rng.choice([10, 20, 50]),
                        )
                        for _i in range(min(5000, missing - chunk))
                    ]
                )
                cr.commit()
            analyze(cr)
            cr.commit()
        done = size
        for label, ticket in (
            ("ticket with coverage and pack", "target"),
            ("plain ticket", "plain"),
        ):
            samples = [
                measure(
                    registry,
                    lambda env, t=ticket: env["account.analytic.line"].create(
                        line(ids[t], FEB_1)
                    ),
                    False,
                )
                for _i in range(10)
            ]
            rows.append(
                {
                    "history": size,
                    "line": label,
                    "queries": min(s[1] for s in samples),
                    "ms": 1000 * sorted(s[0] for s in samples)[len(samples) // 2],
                }
            )
    return rows


# ----------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    parser.add_argument("--agreements", default="1000,5000")
    parser.add_argument("--history", default="100,1000,10000,100000")
    parser.add_argument(
        "--memory-sizes",
        default=None,
        help="sizes whose peak memory is measured (a second, slower run); "
        "default: the first size only",
    )
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level", "warn"]
    )
    registry = odoo.registry(args.database)
    lines = [
        f"# Benchmarks {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"Machine: {platform.node()}, {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        "## Monthly invoicing (one period per agreement)",
        "",
        "| run | n | invoices | total s | ms / agreement | queries / agreement "
        "| peak KiB / agreement |",
        "|---|---|---|---|---|---|---|",
    ]
    ratios = []
    sizes = [int(x) for x in args.agreements.split(",") if x]
    memory_sizes = (
        [int(x) for x in args.memory_sizes.split(",") if x]
        if args.memory_sizes is not None
        else sizes[:1]
    )

    def save():
        if args.out:
            os.makedirs(os.path.dirname(args.out), exist_ok=True)
            with open(args.out, "w") as handle:
                handle.write("\n".join(lines) + "\n")

    for count in sizes:
        generation, rows = bench_invoicing(registry, count, count in memory_sizes)
        for row in rows:
            kib = f"{row['kib_per']:.1f}" if row["kib_per"] is not None else "-"
            lines.append(
                f"| {row['run']} | {row['n']} | {row['invoices']} | "
                f"{row['seconds']:.1f} | {row['ms_per']:.1f} | "
                f"{row['queries_per']:.1f} | {kib} |"
            )
        ratio = rows[1]["ms_per"] / rows[0]["ms_per"]
        ratios.append(
            (
                count,
                ratio,
                rows[1]["queries_per"],
                rows[0]["queries_per"],
                rows[1]["ms_per"] / rows[2]["ms_per"],
                rows[2]["queries_per"],
            )
        )
        lines.append(f"| (data generated in {generation:.0f} s) | | | | | | |")
        print("\n".join(lines[-4:]), flush=True)
        save()
    lines += [
        "",
        "| agreements | time ratio vs OCA (target <= 1.0) "
        "| queries / agreement (target <= OCA + 5) "
        "| time ratio vs bare create (the limit) | queries vs bare create |",
        "|---|---|---|---|---|",
    ]
    for count, ratio, queries, oca_queries, bare_ratio, bare_queries in ratios:
        time_verdict = "met" if ratio <= 1.0 else "missed"
        query_verdict = "met" if queries <= oca_queries + 5 else "missed"
        lines.append(
            f"| {count} | {ratio:.2f} ({time_verdict}) | {queries:.1f} vs "
            f"{oca_queries:.1f} ({query_verdict}) | {bare_ratio:.2f} "
            f"| {queries:.1f} vs {bare_queries:.1f} |"
        )
    histories = [int(x) for x in args.history.split(",") if x]
    if histories:
        rows = bench_logging(registry, histories)
        lines += [
            "",
            "## Logging one time line (median of 10, history of one customer)",
            "",
            "| history lines | line | queries | ms |",
            "|---|---|---|---|",
        ]
        for row in rows:
            lines.append(
                f"| {row['history']} | {row['line']} | {row['queries']} | "
                f"{row['ms']:.1f} |"
            )
        extra = [
            (a["history"], a["queries"] - b["queries"])
            for a, b in zip(rows[::2], rows[1::2], strict=True)
        ]
        lines += [
            "",
            "| history lines | queries above the plain line (target <= 8) |",
            "|---|---|",
        ]
        lines += [f"| {h} | {q} ({'met' if q <= 8 else 'missed'}) |" for h, q in extra]
    print("\n".join(lines))
    save()


if __name__ == "__main__":
    main()
