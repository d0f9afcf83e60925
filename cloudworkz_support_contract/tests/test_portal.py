# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's own view of their agreement on the portal, and the
registered user requests of their IT key users."""

import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalAgreements(PortalCommon):
    def test_portal_user_sees_only_own_agreements(self):
        Contract = self.env["contract.contract"]
        self.assertEqual(Contract.with_user(self.key_user).search([]), self.agreement)
        self.assertEqual(
            Contract.with_user(self.other_user).search([]), self.other_agreement
        )
        with self.assertRaises(AccessError):
            self.other_agreement.with_user(self.key_user).read(["name"])
        # My Agreements lists the customer's agreement, not the other one
        response, tree = self.get_page("/my/contracts", "cw_portal_key")
        links = self.texts(tree, "//a[hasclass('tr_contract_link')]")
        self.assertEqual(links, [self.agreement.name])
        row = self.texts(tree, "//tbody/tr")[0]
        self.assertIn("First Line + Maintenance", row)
        self.assertIn(self.date_text(self.agreement.support_commitment_end), row)
        # the other customer's page sends them back to their account
        response = self.url_open(f"/my/contracts/{self.other_agreement.id}")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn(self.other_agreement.name, response.text)

    def test_agreement_page_shows_the_agreement(self):
        agreement = self.agreement
        tree = self.agreement_page("cw_portal_plain")
        terms = " ".join(self.texts(tree, "//table[hasclass('o_support_terms')]"))
        self.assertIn("First Line + Maintenance", terms)
        for day in (
            agreement.support_commitment_end,
            agreement.support_notice_date,
            agreement.support_renewal_date,
        ):
            self.assertTrue(day)
            self.assertIn(self.date_text(day), terms)
        # current users only: one removed yesterday is gone
        users = self.texts(
            tree, "//table[hasclass('o_support_registered_users')]/tbody/tr"
        )
        self.assertEqual(len(users), 2)
        self.assertIn("Karin Nyckel karin@kund.example", users[0])
        self.assertIn("Pelle Vanlig pelle@kund.example", users[1])
        key_users = self.texts(
            tree, "//table[hasclass('o_support_it_key_users')]/tbody/tr"
        )
        self.assertEqual(len(key_users), 1)
        self.assertIn("Karin Nyckel", key_users[0])
        self.assertFalse(tree.xpath("//p[hasclass('o_support_users_sold')]"))
        # the users sold, which the preview bills, are told
        self.env["cloudworkz.support.seat"].create(
            {
                "agreement_id": agreement.id,
                "date_start": agreement.date_start,
                "quantity": 5,
            }
        )
        tree = self.agreement_page("cw_portal_plain")
        self.assertIn(
            "Users sold: 5",
            " ".join(self.texts(tree, "//p[hasclass('o_support_users_sold')]")),
        )
        # custom code: modules, lines, total and measured date
        code = self.texts(tree, "//table[hasclass('o_support_code')]//tr")
        self.assertIn("kund_sale 850", code[1])
        self.assertIn("kund_stock 320", code[2])
        self.assertIn("Total 1,170 12 blocks of 100 lines", code[3])
        self.assertIn(self.date_text(agreement.code_measured_on), code[3])
        # the next invoice, as the backend's preview computes it
        preview = self.backend_preview()
        self.assertEqual(preview.date_start, agreement.date_start)
        self.assertTrue(preview.amount_untaxed)
        [total] = self.texts(tree, "//th[hasclass('o_support_preview_total')]")
        self.assertEqual(self.amount(total), preview.amount_untaxed)
        lines = self.texts(tree, "//table[hasclass('o_support_preview')]/tbody/tr")
        self.assertEqual(len(lines), len(preview.line_ids))
        # the contract lines' quantities are not shown for an agreement
        self.assertFalse(tree.xpath("//div[@id='item_details']"))

    def test_removed_user_is_not_current(self):
        contact = self.agreement.registered_user_ids.filtered(
            lambda c: c.partner_id == self.plain_contact
        )
        contact.date_removed = self.agreement.date_start
        if self.today == self.agreement.date_start:
            self.skipTest("removed today still counts today")
        tree = self.agreement_page("cw_portal_key")
        users = self.texts(
            tree, "//table[hasclass('o_support_registered_users')]/tbody/tr"
        )
        self.assertEqual(len(users), 1)
        self.assertNotIn("Pelle Vanlig", users[0])


@tagged("post_install", "-at_install")
class TestPortalUserRequests(PortalCommon):
    def post_request(self, login, data, agreement=None):
        """Send a request from the agreement's page, as ``login``."""
        agreement = agreement or self.agreement
        token = self.csrf_token(login, f"/my/contracts/{agreement.id}")
        return self.url_open(
            f"/my/contracts/{agreement.id}/user_request",
            data=dict(data, csrf_token=token),
        )

    def csrf_token(self, login, url="/my"):
        response = self.get_page(url, login)[0]
        return re.search(r'csrf_token: "([^"]+)"', response.text).group(1)

    def requests(self):
        return self.env["cloudworkz.support.user.request"].search(
            [("agreement_id", "=", self.agreement.id)]
        )

    def user_line(self, preview):
        return preview.line_ids.filtered(
            lambda line: line.product_id == self.user_product
        )

    def test_key_user_asks_and_account_manager_approves(self):
        before = self.backend_preview()
        self.assertEqual(self.user_line(before).quantity, 2.0)
        tree = self.agreement_page("cw_portal_key")
        self.assertTrue(tree.xpath("//form[@name='support_user_add']"))
        response = self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Nina Ny", "email": "Nina@Kund.example"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your request was sent to your account manager.", response.text)
        req = self.requests()
        self.assertEqual(len(req), 1)
        self.assertEqual(req.requester_id, self.key_contact)
        self.assertEqual(req.state, "requested")
        self.assertEqual(req.display_name, "Add Nina Ny")
        # the account manager has it to decide
        self.assertEqual(req.activity_ids.user_id, self.account_manager)
        self.assertEqual(self.agreement.support_user_request_count, 1)
        # nothing changes before the approval
        self.assertEqual(self.agreement.registered_user_count, 2)

        req.with_user(self.account_manager).action_approve()
        self.assertEqual(req.state, "approved")
        self.assertEqual(req.decided_by_id, self.account_manager)
        self.assertFalse(req.activity_ids)
        contact = req.contact_id
        self.assertEqual(contact.partner_id.name, "Nina Ny")
        self.assertEqual(contact.partner_id.email, "nina@kund.example")
        self.assertEqual(contact.partner_id.parent_id, self.customer)
        self.assertEqual(contact.role, "registered_user")
        self.assertEqual(contact.date_registered, self.today)
        self.assertEqual(self.agreement.registered_user_count, 3)
        # the month bills one user more
        after = self.backend_preview()
        self.assertEqual(after.date_start, before.date_start)
        self.assertEqual(self.user_line(after).quantity, 3.0)
        price = self.user_line(before).price_unit
        self.assertAlmostEqual(
            after.amount_untaxed, before.amount_untaxed + price, places=2
        )
        # and the customer sees the new user and the decision
        tree = self.agreement_page("cw_portal_key")
        users = self.texts(
            tree, "//table[hasclass('o_support_registered_users')]/tbody/tr"
        )
        self.assertTrue(any("Nina Ny" in user for user in users))
        [row] = self.texts(
            tree, "//table[hasclass('o_support_user_requests')]/tbody/tr"
        )
        self.assertIn("Add Nina Ny", row)
        self.assertIn("Approved", row)

    def test_existing_contact_is_registered_not_duplicated(self):
        existing = self.make_contacts(1)
        existing.email = "olle@kund.example"
        self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Olle", "email": "OLLE@kund.example"},
        )
        self.requests().with_user(self.salesman).action_approve()
        self.assertEqual(self.requests().contact_id.partner_id, existing)

    def test_key_user_asks_to_remove_a_user(self):
        contact = self.agreement.registered_user_ids.filtered(
            lambda c: c.partner_id == self.plain_contact
        )
        self.post_request(
            "cw_portal_key", {"request_type": "remove", "contact_id": str(contact.id)}
        )
        req = self.requests()
        self.assertEqual(req.contact_id, contact)
        self.assertEqual(req.display_name, "Remove Pelle Vanlig")
        req.with_user(self.salesman).action_approve()
        self.assertEqual(contact.date_removed, self.today)
        with self.assertRaises(UserError):
            req.with_user(self.account_manager).action_approve()

    def test_refused_request_changes_nothing(self):
        self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Nina Ny", "email": "nina@kund.example"},
        )
        req = self.requests()
        req.with_user(self.account_manager).write(
            {"refusal_reason": "Nina is a consultant, not your employee."}
        )
        req.with_user(self.account_manager).action_refuse()
        self.assertEqual(req.state, "refused")
        self.assertEqual(len(self.agreement.registered_user_ids), 2)
        tree = self.agreement_page("cw_portal_key")
        [row] = self.texts(
            tree, "//table[hasclass('o_support_user_requests')]/tbody/tr"
        )
        self.assertIn("Refused", row)
        self.assertIn("Nina is a consultant", row)

    def test_bad_requests_are_explained(self):
        response = self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Nina Ny", "email": "not an email"},
        )
        self.assertIn("is not a valid email address", response.text)
        response = self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Pelle", "email": "pelle@kund.example"},
        )
        self.assertIn("is already a registered user", response.text)
        self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Nina Ny", "email": "nina@kund.example"},
        )
        response = self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Nina", "email": "NINA@kund.example"},
        )
        self.assertIn("was already requested", response.text)
        # another customer's contact cannot be removed from this agreement
        other = self.other_agreement.registered_user_ids
        response = self.post_request(
            "cw_portal_key", {"request_type": "remove", "contact_id": str(other.id)}
        )
        self.assertIn("Only a current registered user", response.text)
        self.assertEqual(len(self.requests()), 1)

    def test_non_key_user_is_refused(self):
        tree = self.agreement_page("cw_portal_plain")
        self.assertFalse(tree.xpath("//form[@name='support_user_add']"))
        self.assertFalse(tree.xpath("//div[@id='support_user_requests']"))
        response = self.post_request(
            "cw_portal_plain",
            {"request_type": "add", "name": "Nina Ny", "email": "nina@kund.example"},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.requests())
        # nor on the other customer's agreement by its non-key user
        response = self.post_request(
            "cw_portal_other",
            {"request_type": "add", "name": "Nina Ny", "email": "nina@kund.example"},
            agreement=self.other_agreement,
        )
        self.assertEqual(response.status_code, 403)
        # nor for an agreement of another customer, whoever asks
        token = self.csrf_token("cw_portal_key")
        response = self.url_open(
            f"/my/contracts/{self.other_agreement.id}/user_request",
            data={
                "request_type": "add",
                "name": "Nina Ny",
                "email": "nina@kund.example",
                "csrf_token": token,
            },
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(
            self.env["cloudworkz.support.user.request"].search(
                [("agreement_id", "=", self.other_agreement.id)]
            )
        )

    def test_only_deciders_approve(self):
        self.post_request(
            "cw_portal_key",
            {"request_type": "add", "name": "Nina Ny", "email": "nina@kund.example"},
        )
        req = self.requests()
        with self.assertRaises(AccessError):
            req.with_user(self.agent).action_approve()
        with self.assertRaises(AccessError):
            req.with_user(self.key_user).action_approve()
        self.assertEqual(req.state, "requested")
        # a request for an agreement without First Line is refused at once
        maintenance = self.make_agreement("maintenance", start=self.today)
        with self.assertRaises(ValidationError):
            self.env["cloudworkz.support.user.request"].create(
                {
                    "agreement_id": maintenance.id,
                    "requester_id": self.key_contact.id,
                    "request_type": "add",
                    "user_name": "Nina",
                    "user_email": "nina@kund.example",
                }
            )
