# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import convert_file

from .common import CoverageCommon

OD, FL, MNT, FLM = "on_demand", "first_line", "maintenance", "first_line_maintenance"

# SPEC.md's table of the service models: (category, agreement type) ->
# (outcome, words of the reason the agent reads)
SPEC_TABLE = [
    ("user_support", OD, "chargeable", "On Demand, user how-to support is charged"),
    ("user_support", FL, "included", "Included: First Line, registered user"),
    ("user_support", MNT, "chargeable", "not included in Maintenance"),
    ("code_maintenance", OD, "chargeable", "On Demand"),
    ("code_maintenance", FL, "chargeable", "not included in First Line"),
    ("code_maintenance", MNT, "included", "Maintenance covers code maintenance"),
    ("monthly_patching", OD, "chargeable", "On Demand"),
    ("monthly_patching", FL, "chargeable", "not included in First Line"),
    ("monthly_patching", MNT, "included", "Maintenance covers monthly patching"),
    ("upgrade_readiness", OD, "chargeable", "On Demand"),
    ("upgrade_readiness", FL, "chargeable", "not included in First Line"),
    ("upgrade_readiness", MNT, "included", "Maintenance covers upgrade readiness"),
    ("bug_support", OD, "chargeable", "On Demand"),
    ("bug_support", FL, "guidance", "fixing is not included"),
    ("bug_support", MNT, "included", "Maintenance covers bug support"),
    ("tech_advice", OD, "chargeable", "On Demand"),
    ("tech_advice", FL, "chargeable", "not included in First Line"),
    ("tech_advice", MNT, "included", "Included: Maintenance, IT key user"),
    ("tech_bug_analysis", MNT, "included", "IT key user"),
    ("tech_bug_registration", MNT, "included", "IT key user"),
    ("tech_patch_deployment", MNT, "included", "IT key user"),
]
ALWAYS_CHARGED = [
    "consulting",
    "infrastructure",
    "data_import",
    "new_functionality",
    "pay_per_transaction",
    "external_applications",
    "analysis_no_error",
    "project_management",
    "training",
    "programming",
    "business_processes",
    "database_conversion",
    "backup_restore",
]
TECH_EXCLUSIONS = [
    "excl_new_functionality",
    "excl_internal_processes",
    "excl_data_import",
    "excl_database_corrections",
    "excl_poor_data_quality",
    "excl_end_user_training",
    "excl_user_errors",
    "excl_connected_systems",
    "excl_mail_dns",
    "excl_pc_hardware",
]


@tagged("post_install", "-at_install")
class TestCoverageRules(CoverageCommon):
    def assertCoverage(self, ticket, state, words):
        self.assertEqual(ticket.coverage_state, state, ticket.coverage_reason)
        self.assertIn(words, ticket.coverage_reason)

    def test_spec_table(self):
        for category, support_type, state, words in SPEC_TABLE:
            with self.subTest(category=category, agreement=support_type):
                self.assertCoverage(self.ticket(support_type, category), state, words)

    def test_always_charged_whatever_the_agreement(self):
        self.assertEqual(len(ALWAYS_CHARGED), 13)
        for category in ALWAYS_CHARGED:
            for support_type in (OD, FL, MNT, FLM):
                with self.subTest(category=category, agreement=support_type):
                    self.assertCoverage(
                        self.ticket(support_type, category),
                        "chargeable",
                        "is always charged separately",
                    )
        ticket = self.ticket(FLM, "data_import")
        self.assertEqual(
            ticket.coverage_reason,
            "Chargeable: data import is always charged separately.",
        )
        ppt = self.category("pay_per_transaction")
        self.assertFalse(ppt.time_based)

    def test_technical_support_exclusions(self):
        self.assertEqual(len(TECH_EXCLUSIONS), 10)
        for category in TECH_EXCLUSIONS:
            with self.subTest(category=category):
                self.assertCoverage(
                    self.ticket(MNT, category),
                    "chargeable",
                    "is not included in technical support",
                )

    def test_first_line_covers_registered_users_only(self):
        ticket = self.ticket(FL, "user_support", contact=self.stranger[FL])
        self.assertCoverage(
            ticket,
            "chargeable",
            "this contact is not a registered user on the First Line agreement",
        )
        # registering the contact makes the same ticket included
        self.register_users(self.agreements[FL], self.stranger[FL])
        self.assertCoverage(ticket, "included", "registered user")

    def test_maintenance_technical_support_for_it_key_users_only(self):
        ticket = self.ticket(MNT, "tech_advice", contact=self.stranger[MNT])
        self.assertCoverage(
            ticket,
            "chargeable",
            "this contact is not an IT key user on the Maintenance agreement",
        )
        # bug support under Maintenance is not limited to key users
        self.assertCoverage(
            self.ticket(MNT, "bug_support", contact=self.stranger[MNT]),
            "included",
            "Maintenance covers bug support",
        )

    def test_combined_agreement_takes_the_best(self):
        self.assertCoverage(self.ticket(FLM, "user_support"), "included", "First Line")
        # guidance under First Line, full lifecycle under Maintenance
        self.assertCoverage(self.ticket(FLM, "bug_support"), "included", "Maintenance")
        self.assertCoverage(self.ticket(FLM, "monthly_patching"), "included", "")
        # a registered user who is not an IT key user
        contact = self.stranger[FLM]
        self.register_users(self.agreements[FLM], contact)
        self.assertCoverage(
            self.ticket(FLM, "tech_advice", contact=contact),
            "chargeable",
            "not an IT key user",
        )
        self.assertCoverage(
            self.ticket(FLM, "user_support", contact=contact), "included", ""
        )

    def test_no_agreement_is_on_demand(self):
        customer = self.env["res.partner"].create({"name": "Ny Kund AB"})
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Hello",
                "description": "<p>Hello</p>",
                "partner_id": customer.id,
                "category_id": self.category("user_support").id,
            }
        )
        self.assertFalse(ticket.support_agreement_id)
        self.assertCoverage(ticket, "chargeable", "no support agreement")

    def test_ticket_without_category_is_flagged(self):
        ticket = self.ticket(FL, None)
        self.assertCoverage(ticket, "undetermined", "No category")

    def test_override_by_manager_only(self):
        ticket = self.ticket(FL, "data_import").with_context(tracking_disable=False)
        agent, manager = self.agent, self.helpdesk_manager
        with self.assertRaises(AccessError):
            ticket.with_user(agent).write(
                {"coverage_override": "included", "coverage_override_reason": "Nice"}
            )
        with self.assertRaises(UserError):
            ticket.with_user(manager).write({"coverage_override": "included"})
        self.assertEqual(ticket.coverage_state, "chargeable")
        ticket.with_user(manager).write(
            {
                "coverage_override": "included",
                "coverage_override_reason": "Goodwill: first import after go-live",
            }
        )
        self.assertCoverage(ticket, "included", "Goodwill: first import after go-live")
        self.assertEqual(ticket.coverage_computed_state, "chargeable")
        ticket.flush_recordset()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = ticket.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("coverage_override", tracked)
        self.assertIn("coverage_state", tracked)
        # removing the override brings the computed coverage back
        ticket.with_user(manager).coverage_override = False
        self.assertEqual(ticket.coverage_state, "chargeable")
        self.assertFalse(ticket.coverage_override_reason)

    def test_guidance_split_into_chargeable_fix(self):
        ticket = self.ticket(FL, "bug_support", name="Report crashes")
        self.assertCoverage(ticket, "guidance", "fixing is not included")
        action = ticket.action_coverage_split_fix()
        fix = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(fix.coverage_fix_of_id, ticket)
        self.assertEqual(ticket.coverage_fix_ids, fix)
        self.assertEqual(fix.support_agreement_id, ticket.support_agreement_id)
        self.assertEqual(fix.partner_id, ticket.partner_id)
        self.assertCoverage(fix, "chargeable", ticket.number)
        self.assertEqual(ticket.coverage_state, "guidance")
        with self.assertRaises(UserError):
            fix.action_coverage_split_fix()

    def test_catalogue_edits_survive_an_upgrade(self):
        category = self.category("user_support")
        category.write(
            {"coverage_maintenance": "included", "exclusion_reason": "edited"}
        )
        renamed = self.category("consulting")
        renamed.name = "Management consulting"
        # what an upgrade of the addon does with its data file
        convert_file(
            self.env,
            "cloudworkz_coverage",
            "data/helpdesk_ticket_category_data.xml",
            {},
            mode="update",
            noupdate=False,
        )
        self.env.invalidate_all()
        self.assertEqual(category.coverage_maintenance, "included")
        self.assertEqual(renamed.name, "Management consulting")
        self.assertCoverage(self.ticket(MNT, "user_support"), "included", "")
