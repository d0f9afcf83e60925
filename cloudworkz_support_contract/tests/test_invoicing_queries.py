# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the monthly run costs in queries per agreement: 12 in a batch
(the benchmark's figure at 1,000 agreements), and an agreement more costs
no more than that."""

from datetime import date

from odoo.tests import tagged

from .common import SupportCommon

FEB_1 = date(2026, 2, 1)
# queries per agreement of the monthly run (tests/benchmarks)
PER_AGREEMENT = 12


@tagged("post_install", "-at_install")
class TestInvoicingQueries(SupportCommon):
    def agreements(self, count, tag):
        agreements = self.Contract
        for i in range(count):
            customer = self.env["res.partner"].create(
                {"name": f"{tag} {i}", "is_company": True}
            )
            agreement = self.make_agreement("first_line", customer=customer)
            self.register_users(agreement, self.make_contacts(1, customer))
            agreements |= agreement
        return agreements

    def queries(self, agreements, expected=None):
        """Queries of the monthly run's batches on these agreements, due for
        January; at most ``expected`` (assertQueryCount) when given."""
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        if expected is None:
            # the batches themselves (the job queue's jobs run the same ones)
            moves = self.run_batches(FEB_1)
        else:
            with self.assertQueryCount(__system__=expected):
                moves = self.run_batches(FEB_1)
        self.env.flush_all()
        self.env.cr.flush()
        count = self.env.cr.sql_log_count - before  # as assertQueryCount counts
        self.assertEqual(moves.partner_id, agreements.partner_id)
        self.assertEqual(set(moves.mapped("amount_untaxed")), {200.0})
        agreements.active = False  # out of the next run
        return count

    def test_queries_per_agreement(self):
        self.queries(self.agreements(2, "Warm"))  # the registry's caches
        ten = self.queries(self.agreements(10, "Tio"))
        # 20 agreements more cost at most 20 x 12 queries more
        thirty = self.queries(
            self.agreements(30, "Trettio"), expected=ten + 20 * PER_AGREEMENT
        )
        # 464 when written: a fixed part of about 100 queries and 12 per agreement
        self.assertLessEqual(thirty, 470, (ten, thirty))
