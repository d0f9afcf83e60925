# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The example month of the README's billing rules, computed by the code:
if this fails, the README tells the accountant something untrue."""

from datetime import date

from odoo import Command

from .common import ScenarioCase


class TestReadmeExample(ScenarioCase):
    def setUp(self):
        super().setUp()
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        self.env = env
        hour = env.ref("cloudworkz_support_contract.product_support_hour")
        pricelist = env["product.pricelist"].create(
            {
                "name": "Norrland pricelist",
                "currency_id": env.ref("base.SEK").id,
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
        self.customer = env["res.partner"].create(
            {
                "name": "Norrland Energi AB (README)",
                "is_company": True,
                "property_product_pricelist": pricelist.id,
            }
        )
        self.users = env["res.partner"].create(
            [{"name": f"User {i}", "parent_id": self.customer.id} for i in range(3)]
        )
        start = date(2026, 1, 16)
        self.agreement = env["contract.contract"].create(
            {
                "name": "First Line + Maintenance",
                "partner_id": self.customer.id,
                "support_type": "first_line_maintenance",
                "date_start": start,
                "support_contact_ids": [
                    Command.create({"partner_id": user.id, "date_registered": start})
                    for user in self.users
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
        env["cloudworkz.prepaid.pack"].create(
            {
                "partner_id": self.customer.id,
                "date_purchase": date(2026, 1, 2),
                "line_ids": [
                    Command.create(
                        {
                            "line_type": "purchase",
                            "minutes": 30,
                            "date": date(2026, 1, 2),
                        }
                    )
                ],
            }
        )
        project = env["project.project"].create(
            {"name": "Support", "allow_timesheets": True}
        )
        self.employee = env["hr.employee"].create({"name": "Agent"})

        def ticket(name, category, contact):
            return env["helpdesk.ticket"].create(
                {
                    "name": name,
                    "description": name,
                    "partner_id": contact.id,
                    "project_id": project.id,
                    "category_id": env.ref(f"cloudworkz_coverage.{category}").id,
                    "support_agreement_id": self.agreement.id,
                }
            )

        self.import_ticket = ticket(
            "Meter import", "category_data_import", self.users[0]
        )
        self.howto = ticket("How do I...", "category_user_support", self.users[1])

    def log(self, ticket, minutes, day):
        return self.env["account.analytic.line"].create(
            {
                "name": "work",
                "ticket_id": ticket.id,
                "project_id": ticket.project_id.id,
                "employee_id": self.employee.id,
                "unit_amount": minutes / 60.0,
                "date": day,
            }
        )

    def invoice_run(self, day):
        invoices = self.env["contract.contract"]._support_run_invoicing(day)
        return invoices.filtered(lambda m: m.support_agreement_id == self.agreement)

    def amounts(self, invoice):
        return [
            (line.name, line.quantity, line.price_subtotal)
            for line in invoice.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )
        ]

    def test_readme_example_month(self):
        self.log(self.import_ticket, 50, date(2026, 1, 20))
        self.log(self.howto, 25, date(2026, 1, 21))
        self.assertEqual(self.howto.coverage_state, "included")
        january = self.invoice_run(date(2026, 2, 1))
        lines = {
            round(subtotal, 2): (name, quantity)
            for name, quantity, subtotal in self.amounts(january)
        }
        self.assertEqual(sorted(lines), [309.68, 550.00, 836.13])
        self.assertIn("3 x 200.00 for 16 of 31 days", lines[309.68][0])
        self.assertIn("9 x 180.00 for 16 of 31 days", lines[836.13][0])
        time_name, time_quantity = lines[550.00]
        self.assertEqual(time_quantity, 0.5)
        self.assertIn(
            "Meter import, January 2026: 0:50 logged, 1:00 billed, "
            "0:30 paid from prepaid hours",
            time_name,
        )
        self.assertAlmostEqual(january.amount_untaxed, 1695.81, places=2)
        self.assertAlmostEqual(january.amount_tax, 423.95, places=2)
        self.assertAlmostEqual(january.amount_total, 2119.76, places=2)

        # 20 more minutes for 30 January, logged on 5 February
        self.log(self.import_ticket, 20, date(2026, 1, 30))
        february = self.invoice_run(date(2026, 3, 1))
        late = [
            (name, quantity, subtotal)
            for name, quantity, subtotal in self.amounts(february)
            if "Meter import" in name
        ]
        self.assertEqual(len(late), 1)
        name, quantity, subtotal = late[0]
        self.assertEqual((quantity, subtotal), (0.5, 550.00))
        self.assertIn("January 2026: 1:10 logged, 1:30 billed", name)
        rm = self.import_ticket.support_request_month_ids
        self.assertEqual(
            (rm.billed_minutes, rm.prepaid_minutes, rm.invoiced_minutes), (90, 30, 60)
        )
