# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Renewal that acts: reminder before the notice deadline, renewal at the
commitment end, notice in time and late, yearly price indexation."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user, tagged

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestRenewal(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "support_commitment_months": 12,
                "support_renewal_months": 12,
                "support_notice_months": 3,
                "support_renewal_reminder_days": 30,
                "support_indexation_percent": 0.0,
            }
        )
        cls.manager = new_test_user(
            cls.env, login="cw_account_manager", groups="sales_team.group_sale_salesman"
        )

    def agreement(self, start=date(2026, 1, 1), price=200.0, users=2):
        agreement = self.make_agreement(
            "first_line", start=start, user_id=self.manager.id
        )
        agreement.contract_line_ids.write(
            {"automatic_price": False, "price_unit": price}
        )
        self.register_users(agreement, self.make_contacts(users))
        return agreement

    def renew(self, day):
        return self.Contract._cron_support_renewals(today=day)

    def invoice_of(self, agreement, day):
        return self.run_invoicing(day).filtered(
            lambda m: m.support_agreement_id == agreement
        )

    def test_account_manager_reminded_before_the_notice_deadline(self):
        agreement = self.agreement()
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        self.assertEqual(agreement.support_notice_date, date(2026, 9, 30))
        self.renew(date(2026, 8, 30))
        self.assertFalse(agreement.activity_ids)
        self.renew(date(2026, 9, 1))
        activity = agreement.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.date_deadline, date(2026, 9, 30))
        self.assertIn("renews on 2027-01-01", activity.note)
        self.renew(date(2026, 9, 2))
        self.assertEqual(len(agreement.activity_ids), 1)

    def test_renews_by_itself_at_the_commitment_end(self):
        agreement = self.agreement()
        self.renew(date(2026, 12, 31))
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        self.renew(date(2027, 1, 1))
        self.assertEqual(agreement.support_commitment_end, date(2027, 12, 31))
        self.assertEqual(agreement.support_notice_date, date(2027, 9, 30))
        self.assertEqual(agreement.support_renewal_date, date(2028, 1, 1))
        self.assertIn(
            "renewed on 2027-01-01 until 2027-12-31",
            agreement.message_ids[0].body,
        )
        # a missed year catches up, once
        self.renew(date(2029, 2, 1))
        self.assertEqual(agreement.support_commitment_end, date(2029, 12, 31))
        self.renew(date(2029, 2, 2))
        self.assertEqual(agreement.support_commitment_end, date(2029, 12, 31))

    def test_notice_in_time_ends_it_at_the_commitment_end(self):
        agreement = self.agreement()
        notice = (
            self.env["cloudworkz.support.notice"]
            .with_user(self.manager)
            .create({"agreement_id": agreement.id, "received_on": date(2026, 9, 30)})
        )
        self.assertEqual(notice.earliest_end, date(2026, 12, 31))
        # registered two weeks late or more, it takes the account manager:
        # dated back, a late notice would read as in time
        with freeze_time("2026-10-20"):
            with self.assertRaisesText(
                AccessError, "is registered by an account manager"
            ):
                notice.action_confirm()
        self.assertFalse(agreement.date_end)
        with freeze_time("2026-10-02"):
            notice.action_confirm()
        self.assertEqual(agreement.date_end, date(2026, 12, 31))
        self.assertEqual(agreement.support_notice_received_on, date(2026, 9, 30))
        self.renew(date(2027, 1, 1))
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        self.assertTrue(self.invoice_of(agreement, date(2027, 1, 1)))
        self.assertFalse(self.invoice_of(agreement, date(2027, 2, 1)))

    def test_late_notice_is_refused_with_the_day_it_can_end(self):
        agreement = self.agreement()
        notice = (
            self.env["cloudworkz.support.notice"]
            .with_user(self.manager)
            .create(
                {
                    "agreement_id": agreement.id,
                    "received_on": date(2026, 10, 1),
                    "date_end": date(2026, 12, 31),
                }
            )
        )
        self.assertEqual(notice.earliest_end, date(2027, 12, 31))
        with freeze_time("2026-10-01"):
            with self.assertRaisesText(
                UserError, "can end on 2027-12-31 at the earliest"
            ):
                notice.action_confirm()
            self.assertFalse(agreement.date_end)
            notice.date_end = False
            notice.action_confirm()
        self.assertEqual(agreement.date_end, date(2027, 12, 31))
        # it renews once more, then ends
        self.renew(date(2027, 1, 1))
        self.assertEqual(agreement.support_commitment_end, date(2027, 12, 31))
        self.renew(date(2028, 1, 1))
        self.assertEqual(agreement.support_commitment_end, date(2027, 12, 31))

    def test_yearly_indexation_from_the_renewal_day(self):
        self.company.support_indexation_percent = 3.0
        # committed 16 January 2026 - 15 January 2027
        agreement = self.agreement(start=date(2026, 1, 16))
        self.assertEqual(
            agreement.support_indexation_preview,
            "First Line Support, per registered user and month: 200.00 → 206.00 "
            "from 2027-01-16",
        )
        self.renew(date(2026, 9, 20))
        self.assertIn("206.00", agreement.activity_ids.note)
        self.run_invoicing(date(2027, 1, 1))
        self.renew(date(2027, 1, 16))
        self.assertIn("Prices indexed by 3 %", agreement.message_ids[0].body)
        january = self.invoice_of(agreement, date(2027, 2, 1))
        # 1-15 January at 200: 2 x 200 x 15/31 = 193.55;
        # 16-31 January at 206: 2 x 206 x 16/31 = 212.65
        self.assertEqual(
            sorted(self.invoice_lines(january).mapped("price_subtotal")),
            [193.55, 212.65],
        )
        february = self.invoice_of(agreement, date(2027, 3, 1))
        self.assertEqual(self.invoice_lines(february).price_subtotal, 412.0)
        # the next renewal indexes the new price
        self.assertIn("206.00 → 212.18", agreement.support_indexation_preview)

    def test_duplicate_of_an_indexed_agreement_bills_one_price(self):
        """An agreement renewed with an indexed price, duplicated (for a
        sister company, say): every month of the copy bills one price."""
        self.company.support_indexation_percent = 3.0
        agreement = self.agreement()
        self.run_invoicing(date(2027, 1, 1))
        self.renew(date(2027, 1, 1))
        twin = agreement.copy({"name": "Twin"})
        self.register_users(twin, self.make_contacts(2))
        self.assertEqual(twin.contract_line_ids.support_new_price_ids.price_unit, 206.0)
        invoices = self.run_invoicing(date(2027, 3, 1)).filtered(
            lambda m: m.support_agreement_id == twin
        )
        self.assertEqual(len(invoices), 14)  # January 2026 - February 2027
        for invoice in invoices:
            price = 206.0 if invoice.support_period_start.year == 2027 else 200.0
            self.assertEqual(
                self.invoice_lines(invoice).mapped("price_subtotal"), [2 * price]
            )

    def test_notice_after_an_indexed_renewal(self):
        self.company.support_indexation_percent = 3.0
        agreement = self.agreement()
        self.run_invoicing(date(2027, 1, 1))
        self.renew(date(2027, 1, 1))
        self.assertEqual(len(agreement.contract_line_ids), 2)
        # notice in time for the end of the renewal period, given in June
        with freeze_time("2027-06-30"):
            agreement._support_register_notice(date(2027, 6, 30))
        self.assertEqual(agreement.date_end, date(2027, 12, 31))
        december = self.invoice_of(agreement, date(2028, 1, 1))
        # January-December 2027 at 206 each month, nothing at 200
        invoices = agreement.support_period_ids.filtered(
            lambda p: p.date_start.year == 2027
        ).invoice_id
        self.assertEqual(len(invoices), 12)
        self.assertEqual(
            set(self.invoice_lines(invoices).mapped("price_subtotal")), {412.0}
        )
        self.assertTrue(december)
        self.assertFalse(self.invoice_of(agreement, date(2028, 2, 1)))
        with self.assertRaisesText(UserError, "still to come"):
            self.agreement()._support_register_notice(date(2099, 1, 1))

    def test_indexation_late_after_the_month_was_invoiced(self):
        self.company.support_indexation_percent = 3.0
        agreement = self.agreement()
        self.run_invoicing(date(2027, 2, 1))  # January 2027 at 200
        self.renew(date(2027, 2, 3))
        self.assertIn("from 2027-02-01", agreement.message_ids[0].body)
        january, february = (
            agreement.support_period_ids.sorted("date_start")[-1].invoice_id,
            self.invoice_of(agreement, date(2027, 3, 1)),
        )
        self.assertEqual(self.invoice_lines(january).price_subtotal, 400.0)
        self.assertEqual(self.invoice_lines(february).price_subtotal, 412.0)

    def test_indexing_renewal_waits_for_the_months_before_it(self):
        self.company.support_indexation_percent = 3.0
        agreement = self.agreement()
        # nothing invoiced yet: the renewal of 1 January 2027 waits
        self.renew(date(2027, 1, 5))
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        self.run_invoicing(date(2027, 1, 5))  # January-December 2026
        self.renew(date(2027, 1, 6))
        self.assertEqual(agreement.support_commitment_end, date(2027, 12, 31))
        january = self.invoice_of(agreement, date(2027, 2, 1))
        self.assertEqual(self.invoice_lines(january).price_subtotal, 412.0)

    def test_pricelist_prices_are_not_indexed(self):
        self.company.support_indexation_percent = 3.0
        agreement = self.agreement()
        agreement.contract_line_ids.automatic_price = True
        self.assertFalse(agreement.support_indexation_preview)
        self.renew(date(2027, 1, 1))
        self.assertEqual(len(agreement.contract_line_ids), 1)
