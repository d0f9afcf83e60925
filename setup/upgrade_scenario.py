#!/usr/bin/env python3
# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Four months of support, a month at a time, for setup/upgrade_check.sh.

``--months 1-3`` builds the customers (First Line + Maintenance with users
and code, On Demand with a prepaid pack) and works and invoices January to
March; ``--months 4`` goes on with April. Each month logs time, corrects
some (a line moved to another day of the month, time logged late for a month already
invoiced, a user registered) and runs the monthly invoicing on the first
of the next month, as the scheduled action does. ``--dump FILE`` writes
every invoice line, ledger row and pack balance as JSON, to compare a
database upgraded between two months with one that ran all four on the
same version.

Only the public data model of the addons is used, so that the same script
runs against the version before a change and after it.
"""

import argparse
import json
from datetime import date

import odoo
from odoo import SUPERUSER_ID, Command, api

TAG = "(upgrade check)"


def ref(env, xmlid):
    return env.ref(xmlid)


def setup(env):
    hour = ref(env, "cloudworkz_support_contract.product_support_hour")
    pricelist = env["product.pricelist"].create(
        {
            "name": f"Pricelist {TAG}",
            "currency_id": ref(env, "base.SEK").id,
            "item_ids": [
                Command.create(
                    {
                        "applied_on": "0_product_variant",
                        "product_id": hour.id,
                        "compute_price": "fixed",
                        "fixed_price": 1100.0,
                    }
                )
            ],
        }
    )
    norrland = env["res.partner"].create(
        {
            "name": f"Norrland Energi AB {TAG}",
            "is_company": True,
            "property_product_pricelist": pricelist.id,
        }
    )
    users = env["res.partner"].create(
        [{"name": f"User {i}", "parent_id": norrland.id} for i in range(3)]
    )
    start = date(2026, 1, 16)
    env["contract.contract"].create(
        {
            "name": "First Line + Maintenance",
            "partner_id": norrland.id,
            "support_type": "first_line_maintenance",
            "date_start": start,
            "support_contact_ids": [
                Command.create({"partner_id": user.id, "date_registered": start})
                for user in users
            ],
            "code_module_ids": [
                Command.create(
                    {
                        "name": "norrland_meter_import",
                        "lines_of_code": 850,
                        "date_measured": start,
                    }
                )
            ],
        }
    )
    bohus = env["res.partner"].create(
        {"name": f"Bohus Plast AB {TAG}", "is_company": True}
    )
    env["contract.contract"].create(
        {
            "name": "On Demand",
            "partner_id": bohus.id,
            "support_type": "on_demand",
            "date_start": date(2026, 1, 1),
        }
    )
    env["cloudworkz.prepaid.pack"].create(
        {
            "partner_id": bohus.id,
            "date_purchase": date(2026, 1, 2),
            "line_ids": [
                Command.create(
                    {"line_type": "purchase", "minutes": 300, "date": date(2026, 1, 2)}
                )
            ],
        }
    )
    env["project.project"].create({"name": f"Support {TAG}", "allow_timesheets": True})
    env["hr.employee"].create({"name": f"Agent {TAG}"})


def records(env):
    partner = env["res.partner"]
    return {
        "norrland": partner.search([("name", "=", f"Norrland Energi AB {TAG}")]),
        "bohus": partner.search([("name", "=", f"Bohus Plast AB {TAG}")]),
        "project": env["project.project"].search([("name", "=", f"Support {TAG}")]),
        "employee": env["hr.employee"].search([("name", "=", f"Agent {TAG}")]),
    }


def ticket(env, rec, customer, name, category):
    agreement = env["contract.contract"].search(
        [("partner_id", "=", rec[customer].id), ("support_type", "!=", False)]
    )
    contact = rec[customer].child_ids[:1] or rec[customer]
    return env["helpdesk.ticket"].create(
        {
            "name": name,
            "description": name,
            "partner_id": contact.id,
            "project_id": rec["project"].id,
            "category_id": ref(env, f"cloudworkz_coverage.{category}").id,
            "support_agreement_id": agreement.id,
        }
    )


def log(env, rec, ticket, minutes, day, name="work"):
    return env["account.analytic.line"].create(
        {
            "name": name,
            "ticket_id": ticket.id,
            "project_id": ticket.project_id.id,
            "employee_id": rec["employee"].id,
            "unit_amount": minutes / 60.0,
            "date": day,
        }
    )


def work(env, month):
    """What happens in ``month`` (1-4 of 2026), then its invoicing."""
    rec = records(env)
    day = date(2026, month, 20)
    imp = ticket(env, rec, "norrland", f"Import {month}", "category_data_import")
    log(env, rec, imp, 50, day)
    howto = ticket(env, rec, "norrland", f"How to {month}", "category_user_support")
    log(env, rec, howto, 30, day)
    od = ticket(env, rec, "bohus", f"Bohus request {month}", "category_data_import")
    log(env, rec, od, 95, day)
    log(env, rec, od, 10, date(2026, month, 21), name="short follow-up")
    if month == 2:
        # a fourth user registered mid-month
        agreement = imp.support_agreement_id
        new_user = env["res.partner"].create(
            {"name": "User 3", "parent_id": rec["norrland"].id}
        )
        agreement.write(
            {
                "support_contact_ids": [
                    Command.create(
                        {
                            "partner_id": new_user.id,
                            "date_registered": date(2026, 2, 10),
                        }
                    )
                ]
            }
        )
    if month >= 2:
        # time logged late for last month (invoiced already)
        late = env["helpdesk.ticket"].search([("name", "=", f"Import {month - 1}")])
        log(env, rec, late, 40, date(2026, month - 1, 28), name="late")
        # a line of this month moved by the agent to another day (the
        # invoiced ones of last month are locked)
        moved = env["account.analytic.line"].search(
            [
                ("name", "=", "short follow-up"),
                ("date", "=", date(2026, month, 21)),
            ]
        )
        moved.write({"date": date(2026, month, 2)})
    env.flush_all()
    env["contract.contract"]._cron_support_invoicing(date(2026, month + 1, 1))


def dump(env):
    rec = records(env)
    customers = rec["norrland"] | rec["bohus"]
    moves = env["account.move"].search(
        [("partner_id", "child_of", customers.ids)], order="invoice_date, id"
    )
    agreements = env["contract.contract"].search(
        [("partner_id", "in", customers.ids)], order="name"
    )
    failed = agreements.filtered("support_invoicing_error")
    if failed:
        raise SystemExit(
            "invoicing failed: "
            + "; ".join(f"{a.name}: {a.support_invoicing_error}" for a in failed)
        )
    dates = [
        [
            agreement.name,
            str(agreement.last_date_invoiced),
            str(agreement.recurring_next_date),
            str(agreement.support_next_invoice_date),
            [
                [line.name, str(line.last_date_invoiced), str(line.recurring_next_date)]
                for line in agreement.contract_line_ids.sorted("name")
            ],
            [
                [str(period.date_start), period.invoice_id.amount_total]
                for period in agreement.support_period_ids.sorted("date_start")
            ],
        ]
        for agreement in agreements
    ]
    invoices = [
        {
            "customer": move.commercial_partner_id.name,
            "date": str(move.invoice_date),
            "state": move.state,
            "type": move.move_type,
            "untaxed": move.amount_untaxed,
            "total": move.amount_total,
            "lines": [
                [
                    line.display_type,
                    line.name,
                    line.quantity,
                    line.price_unit,
                    line.price_subtotal,
                    sorted(line.support_timesheet_ids.mapped("name"))
                    if "support_timesheet_ids" in line._fields
                    else None,
                ]
                for line in move.invoice_line_ids.sorted(
                    lambda aml: (aml.sequence, aml.id)
                )
            ],
        }
        for move in moves
    ]
    ledger = [
        [
            rm.ticket_id.name,
            str(rm.month),
            rm.logged_minutes,
            rm.chargeable_minutes,
            rm.billed_minutes,
            rm.prepaid_minutes,
            rm.invoiced_minutes,
            rm.credited_minutes,
            rm.due_minutes,
            rm.state,
        ]
        for rm in env["cloudworkz.support.request.month"]
        .search([("partner_id", "child_of", customers.ids)])
        .sorted(lambda rm: (rm.ticket_id.name, rm.month))
    ]
    packs = [
        [
            pack.partner_id.name,
            pack.minutes_bought,
            pack.minutes_consumed,
            pack.balance_minutes,
            [
                [line.line_type, line.minutes, str(line.date)]
                for line in pack.line_ids.sorted(lambda pl: (pl.date, pl.minutes))
            ],
        ]
        for pack in env["cloudworkz.prepaid.pack"].search(
            [("partner_id", "in", customers.ids)], order="id"
        )
    ]
    return {"agreements": dates, "invoices": invoices, "ledger": ledger, "packs": packs}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--months", help="e.g. 1-3 or 4")
    parser.add_argument("--dump")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    if args.months:
        first, _sep, last = args.months.partition("-")
        months = range(int(first), int(last or first) + 1)
        for month in months:
            with registry.cursor() as cr:
                env = api.Environment(
                    cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"}
                )
                if month == 1:
                    setup(env)
                work(env, month)
                cr.commit()
    if args.dump:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            with open(args.dump, "w") as handle:
                json.dump(dump(env), handle, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
