# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Creating the invoices of support agreements: one month, the due months,
late items, and the nightly run in committed batches with its lock and
its errors."""

import logging
import time

from markupsafe import Markup
from psycopg2 import IntegrityError, errors

from odoo import Command, _, api, fields, models

from ..tools import (
    BUDGET,
    CallMemo,
    month_end,
    next_month,
    run_in_batches,
)
from .contract_contract import (
    INVOICING_BATCH,
    INVOICING_LOCK,
    PERIOD_KEY,
    _support_reraise_limits,
)

_logger = logging.getLogger(__name__)


def _bills_something(line_vals):
    """Whether these invoice line values bill anything: a product line,
    not only sections and notes (an invoice of nothing is not made)."""
    return any(vals.get("display_type", "product") == "product" for vals in line_vals)


class ContractContract(models.Model):
    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

    def _support_prepare_month_invoice(self, month, invoice_date, items=None):
        """Values of the invoice of ``month``; creates and changes nothing.
        The preview shows exactly this. ``items``: its request-months and
        usage, when read already (``_support_items_to_invoice``)."""
        self.ensure_one()
        agreement = self.with_context(lang=self._support_invoice_lang())
        rms, usages = items or (None, None)
        if items:
            # read for the whole batch: in the customer's language here
            rms, usages = rms.with_env(agreement.env), usages.with_env(agreement.env)
        last_day = month_end(month)
        invoice_vals = agreement._prepare_invoice(invoice_date)
        line_vals = agreement._support_prepare_fee_lines(month, invoice_date)
        line_vals += agreement._support_prepare_time_lines(last_day, invoice_date, rms)
        line_vals += agreement._support_prepare_usage_lines(
            last_day, invoice_date, usages
        )
        invoice_vals["support_agreement_id"] = self.id
        invoice_vals["invoice_line_ids"] = [Command.create(v) for v in line_vals]
        invoice_vals["support_period_start"] = max(month, self.date_start)
        invoice_vals["support_period_end"] = min(last_day, self.date_end or last_day)
        self._support_delivery_vals(invoice_vals)
        return invoice_vals

    def _support_delivery_vals(self, invoice_vals):
        """Mark the invoice for posting and sending when the company wants
        it so (Monthly Invoices: Post and Send): the run does it after the
        invoices are created, each in a transaction of its own."""
        if self.company_id.support_invoice_delivery == "post_send":
            invoice_vals["support_send_pending"] = True

    def _support_invoice_month(self, month):
        """Invoice ``month`` of this agreement: at most one invoice, dated the
        first of the next month. A month with nothing to invoice is still
        recorded, so that it is never looked at again."""
        self.ensure_one()
        return self._support_invoice_one_month_each({self: month})

    def _support_with_one_month_due(self, date_ref):
        """Those of these agreements with exactly one month due on
        ``date_ref`` and months left after it: the monthly run's usual case."""
        single = self.browse()
        for agreement in self:
            months = agreement._support_due_months(date_ref)
            if len(months) == 1 and not (
                agreement.date_end and agreement.date_end <= month_end(months[0])
            ):
                single |= agreement
        return single

    def _support_invoice_one_month_each(self, months):
        """Invoice one month of each of these agreements ({agreement:
        month}, one company), each invoice dated the first of the next
        month, for one agreement or a whole batch alike: their time and
        usage read at once, OCA's dates moved on, then the invoices made by
        ``_support_create_invoices``."""
        self = self.with_context(support_price_memo=CallMemo())
        # in this environment, read together (one prefetch for all)
        agreements = self.browse([agreement.id for agreement in months])
        months = dict(zip(agreements, months.values(), strict=True))
        items = self._support_items_to_invoice(
            {agreement: month_end(month) for agreement, month in months.items()}
        )
        prepared = [
            (
                agreement,
                month,
                agreement._support_prepare_month_invoice(
                    month, next_month(month), items[agreement]
                ),
            )
            for agreement, month in months.items()
        ]
        # OCA's dates first: the month's period ends the agreement's next
        # invoice date, which OCA's line constraints check against them.
        self._support_advance_fee_lines(months)
        return self._support_create_invoices(prepared)

    def _support_create_invoices(self, prepared):
        """The one way support invoices are created, from their values
        ``[(agreement, month or None for late items, values)]``: one
        ``create`` for all (as OCA's ``_recurring_create_invoice``), each
        month recorded (with its invoice, or none when it bills nothing),
        then OCA's steps after creating. The unique (agreement, month) key
        refuses a second invoice for the same month: a batch then goes one
        by one."""
        billed = [
            (agreement, month, vals)
            for agreement, month, vals in prepared
            if _bills_something(
                line for _command, _id, line in vals["invoice_line_ids"]
            )
        ]
        moves = self.env["account.move"].create([vals for _a, _m, vals in billed])
        invoice_of = {
            (agreement, month): move
            for (agreement, month, _vals), move in zip(billed, moves, strict=True)
        }
        periods = [
            {
                "agreement_id": agreement.id,
                "date_start": month,
                "date_end": month_end(month),
                "invoice_id": invoice_of.get((agreement, month), moves.browse()).id,
            }
            for agreement, month, _vals in prepared
            if month
        ]
        if periods:
            self.env["cloudworkz.support.billing.period"].create(periods)
        if moves:
            self._support_after_create(moves)
        return moves

    def _support_after_create(self, moves):
        """OCA's steps after creating a contract's invoices: the "created by
        contract" note and the agreement's followers of its invoices. The
        invoices just created are those it looks for (``_get_related_invoices``
        reads them from the context instead of searching each agreement's)."""
        agreements = self.with_context(support_created_invoices=tuple(moves.ids))
        agreements._add_contract_origin(moves)
        agreements._invoice_followers(moves)

    @api.model
    def _add_contract_origin(self, invoices):
        """OCA's "created by contract" note, logged for all the invoices of
        support agreements at once: OCA's own step writes each note, which
        ``account.move.message_post`` keeps for the batch."""
        support = self.filtered("support_type")
        super(ContractContract, self - support)._add_contract_origin(invoices)
        if not support:
            return
        notes = CallMemo()
        super(
            ContractContract, support.with_context(support_origin_notes=notes)
        )._add_contract_origin(invoices.with_context(support_origin_notes=notes))
        if notes:
            invoices.browse(list(notes))._message_log_batch(bodies=notes)

    def _support_advance_fee_lines(self, months):
        """OCA's dates after invoicing ``months`` ({agreement: month}): the
        agreement's last invoiced date, then each fee line's (OCA's
        ``_update_recurring_next_date``, for all lines at once)."""
        agreements_by_day = {}
        lines = self.env["contract.line"]
        for agreement, month in months.items():
            last_day = month_end(month)
            if (
                not agreement.last_date_invoiced
                or agreement.last_date_invoiced < last_day
            ):
                day = min(last_day, agreement.date_end or last_day)
                agreements_by_day.setdefault(day, self.browse())
                agreements_by_day[day] |= agreement
            for line in agreement.contract_line_ids:
                # a line that starts later (a price indexed at renewal) has
                # nothing invoiced yet
                if line.display_type or (
                    line.date_start and line.date_start > last_day
                ):
                    continue
                day = min(last_day, line.date_end or last_day)
                if not line.last_date_invoiced or line.last_date_invoiced < day:
                    lines |= line
        for day, agreements in agreements_by_day.items():
            agreements.last_date_invoiced = day
        lines._update_recurring_next_date()

    def _support_invoice_late_items(self, date_ref):
        """An agreement whose months are all invoiced still bills time logged
        late for them, and usage: on an invoice of its own."""
        self.ensure_one()
        invoice_vals = self._support_prepare_late_invoice(date_ref)
        if not invoice_vals:
            return self.env["account.move"]
        return self._support_create_invoices([(self, None, invoice_vals)])

    def _support_prepare_late_invoice(self, date_ref):
        """Values of the late-items invoice of ``date_ref`` (None when there
        is nothing to bill). The preview shows exactly this."""
        self.ensure_one()
        agreement = self.with_context(lang=self._support_invoice_lang())
        last_day = month_end(self.date_end or date_ref)
        line_vals = agreement._support_prepare_time_lines(last_day, date_ref)
        line_vals += agreement._support_prepare_usage_lines(last_day, date_ref)
        if not _bills_something(line_vals):
            return None
        invoice_vals = agreement._prepare_invoice(date_ref)
        invoice_vals["support_agreement_id"] = self.id
        invoice_vals["invoice_line_ids"] = [Command.create(v) for v in line_vals]
        self._support_delivery_vals(invoice_vals)
        return invoice_vals

    def _support_invoice_due(self, date_ref):
        """Invoice every month due on ``date_ref``, oldest first, each in a
        savepoint: a failing month stops this agreement only, keeping the
        months invoiced before it. Then what was logged late for an agreement
        with no month left."""
        self.ensure_one()
        moves = self.env["account.move"]
        for month in self._support_due_months(date_ref):
            with self.env.cr.savepoint():
                moves |= self._support_invoice_month(month)
        if not self._support_next_month():
            with self.env.cr.savepoint():
                moves |= self._support_invoice_late_items(date_ref)
        return moves

    @api.model
    def _support_agreements_to_invoice(self, date_ref):
        """The agreements a run up to ``date_ref`` invoices (the scheduled
        action's and the job queue's): a month due, or time logged late
        after the last one; not those that failed on that day."""
        due = self.search(
            [
                ("support_type", "!=", False),
                ("contract_type", "=", "sale"),
                ("support_next_invoice_date", "<=", date_ref),
            ],
            order="id",
        )
        # agreements with no month left, and something logged late
        late = (
            self.env["cloudworkz.support.request.month"]
            .search(
                [
                    ("due_minutes", ">", 0),
                    ("agreement_id.support_type", "!=", False),
                    ("agreement_id.support_next_invoice_date", "=", False),
                ]
            )
            .agreement_id
        )
        late |= (
            self.env["cloudworkz.support.usage"]
            .search(
                [
                    ("invoice_line_id", "=", False),
                    ("agreement_id.support_next_invoice_date", "=", False),
                    ("date", "<", date_ref),
                ]
            )
            .agreement_id
        )
        agreements = due | late.filtered(lambda a: a.contract_type == "sale")
        # one that failed today waits for tomorrow's run (or Invoice Due
        # Months on it): a run does not retry it batch after batch
        return agreements.filtered(
            lambda a: a.support_invoicing_failed_on != date_ref
        ).sorted("id")

    @api.model
    def _cron_support_invoicing(self, date_ref=None):
        """Scheduled action: invoice every support agreement up to
        ``date_ref`` (today), in batches that commit on their own, and go on
        in the next run when the time budget is spent. Returns the number
        of invoices created (an XML-RPC client gets a plain number)."""
        return len(self._support_run_invoicing(date_ref))

    @api.model
    def _support_run_invoicing(self, date_ref=None):
        """Invoice every support agreement up to ``date_ref``; returns the
        invoices created.

        Missed months are caught up, one invoice each. An agreement that
        fails is reported on itself and does not stop the others.
        """
        date_ref = fields.Date.to_date(date_ref) or fields.Date.context_today(self)
        # One run at a time: a second worker (or a click on the cron's "Run
        # manually" while it runs) leaves at once instead of queueing behind
        # the first one's row locks. A session lock, since the run commits;
        # it goes with the connection of a killed worker. The unique month
        # key stays the guard.
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s)", (INVOICING_LOCK,))
        if not self.env.cr.fetchone()[0]:
            _logger.info("Support invoicing already running elsewhere: skipped")
            return self.env["account.move"]
        move_ids = []
        started = time.monotonic()
        try:
            _done, finished = run_in_batches(
                self._support_agreements_to_invoice(date_ref),
                lambda batch: move_ids.extend(
                    batch._support_invoice_batch(date_ref).ids
                ),
                "cloudworkz_support_contract.ir_cron_support_invoicing",
                batch_size=INVOICING_BATCH,
            )
            if finished:
                # Post and send (where a company wants it), in what is left
                # of the time budget; a run that stopped early has triggered
                # the next one, which sends.
                self.env["account.move"]._support_send_pending(
                    date_ref, budget=max(1.0, BUDGET - (time.monotonic() - started))
                )
        except BaseException:
            # the unlock below must run in a live transaction
            self.env.cr.rollback()
            raise
        finally:
            self.env.cr.execute("SELECT pg_advisory_unlock(%s)", (INVOICING_LOCK,))
        return self.env["account.move"].browse(move_ids)

    def _support_invoice_batch(self, date_ref):
        """Invoice these agreements. The usual case (one month due) is done
        for the whole batch at once, in one savepoint; should that fail,
        or for catch-ups and ended agreements, each agreement on its own:
        one that fails is reported on itself and the others go on."""
        moves = self.env["account.move"]
        single = self._support_with_one_month_due(date_ref)
        one_by_one = self - single
        for company in single.company_id:
            mine = single.filtered(lambda a, c=company: a.company_id == c)
            try:
                with self.env.cr.savepoint():
                    mine = mine.with_company(company)
                    moves |= mine._support_invoice_one_month_each(
                        {
                            agreement: agreement._support_due_months(date_ref)[0]
                            for agreement in mine
                        }
                    )
            except Exception as error:  # pylint: disable=broad-except
                _support_reraise_limits(error)
                # one of them fails: the others must not wait for it
                _logger.info("Batch invoicing failed, invoicing one by one")
                one_by_one |= mine
            else:
                mine.filtered(
                    lambda a: a.support_invoicing_error or a.support_invoicing_failed_on
                ).write(
                    {
                        "support_invoicing_error": False,
                        "support_invoicing_failed_on": False,
                    }
                )
        deadline = self.env.context.get("support_deadline")
        for done, agreement in enumerate(one_by_one):
            if done and deadline and time.monotonic() > deadline:
                break  # still due: the next run goes on with it
            agreement = agreement.with_company(agreement.company_id)
            try:
                moves |= agreement._support_invoice_due(date_ref)
            except errors.SerializationFailure:
                # another transaction invoiced this month first
                _logger.info("%s was invoiced elsewhere", agreement.display_name)
            except errors.DeadlockDetected:
                # time logged for the same customer at this very moment (it
                # locks packs before ledger rows): still due, the next run
                _logger.info("%s left for the next run", agreement.display_name)
            except IntegrityError as error:
                if error.diag.constraint_name == PERIOD_KEY:
                    _logger.info("%s was invoiced elsewhere", agreement.display_name)
                else:
                    agreement._support_report_invoicing_error(error, date_ref)
            except Exception as error:  # pylint: disable=broad-except
                _support_reraise_limits(error)
                # Reported on the agreement; tomorrow's run tries again.
                _logger.exception("Invoicing of %s failed", agreement.display_name)
                agreement._support_report_invoicing_error(error, date_ref)
            else:
                if agreement.support_invoicing_error:
                    agreement.write(
                        {
                            "support_invoicing_error": False,
                            "support_invoicing_failed_on": False,
                        }
                    )
        return moves

    def _support_report_invoicing_error(self, error, date_ref=None):
        self.ensure_one()
        message = getattr(error, "args", None) and str(error.args[0]) or str(error)
        with self.env.cr.savepoint():
            self.support_invoicing_error = message
            self.support_invoicing_failed_on = date_ref
            self.message_post(
                body=Markup("<p>%s</p><pre>%s</pre>")
                % (_("Monthly invoicing failed for this agreement:"), message)
            )
