# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo import _, api, fields, models
from odoo.tools import split_every

from odoo.addons.cloudworkz_support_contract.models.contract_contract import (
    INVOICING_BATCH,
)
from odoo.addons.queue_job.job import identity_exact

# Agreements per job: the scheduled run's own batch (100), so that a job
# invoices as the run's batch does (one create for its invoices), far
# inside the worker's time limits (about 3 s of work).
JOB_SIZE = INVOICING_BATCH
# Seconds of work per job, half of Odoo's default CPU limit per request:
# catch-ups (invoiced one by one) stop there and the rest goes on in a job
# of its own, so that no job is killed (and rolled back) at the limit.
JOB_BUDGET = 30.0


class ContractContract(models.Model):
    _inherit = "contract.contract"

    @api.model
    def _cron_support_invoicing(self, date_ref=None):
        """With the job queue, the scheduled action only queues the work:
        one job per batch of due agreements, on the channel
        ``root.cloudworkz_support``, which the job runners of every Odoo
        worker (on one machine or several) share. Returns the number of jobs
        queued. The same batch is never queued twice while it waits.
        Invoices to post and send are sent here, by the run after the one
        whose jobs created them."""
        date_ref = fields.Date.to_date(date_ref) or fields.Date.context_today(self)
        # Invoices the jobs created since the last run, to post and send
        # (company setting Monthly Invoices: Post and Send), each in a
        # transaction of its own: the jobs only create them.
        self.env["account.move"]._support_send_pending(date_ref)
        agreements = self._support_agreements_to_invoice(date_ref)
        day = fields.Date.to_string(date_ref)
        jobs = 0
        for ids in split_every(JOB_SIZE, agreements.ids):
            self.browse(ids).with_delay(
                description=_(
                    "Support invoicing of %(count)s agreements up to %(day)s",
                    count=len(ids),
                    day=day,
                ),
                identity_key=identity_exact,
            )._support_invoice_job(day)
            jobs += 1
        return jobs

    def _support_invoice_job(self, date_ref):
        """One job: invoice these agreements (each in its own savepoint, as
        the monthly run does). The unique month key keeps a retried or
        duplicated job from invoicing a month twice."""
        # agreements deleted since the job was queued are left out
        agreements = self.exists()
        day = fields.Date.to_date(date_ref)
        deadline = time.monotonic() + JOB_BUDGET
        moves = agreements.with_context(
            support_deadline=deadline
        )._support_invoice_batch(day)
        if time.monotonic() > deadline:
            # stopped early: those of its agreements still due, in a job of
            # their own (not those failed today: they wait for tomorrow)
            left = agreements & self._support_agreements_to_invoice(day)
            if left:
                left.with_delay(
                    description=_(
                        "Support invoicing of %(count)s agreements up to %(day)s",
                        count=len(left),
                        day=date_ref,
                    ),
                    identity_key=identity_exact,
                )._support_invoice_job(date_ref)
        return _("%(count)s invoices created", count=len(moves))
