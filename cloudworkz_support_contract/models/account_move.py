# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from markupsafe import Markup
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import check_bookkeeping, month_label, run_in_batches

_logger = logging.getLogger(__name__)

# the scheduled action that goes on when a run's time budget is spent
INVOICING_CRON = "cloudworkz_support_contract.ir_cron_support_invoicing"
# Written by the monthly run and the corrections of its invoices only
# (see tools/guard.py).
BOOKKEEPING_FIELDS = (
    "support_agreement_id",
    "support_period_start",
    "support_period_end",
    "support_send_pending",
    "support_send_error",
    "support_send_failed_on",
    "support_credited",
)


class AccountMove(models.Model):
    _inherit = "account.move"

    support_agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The support agreement whose monthly run created this invoice.",
    )
    support_period_start = fields.Date(
        string="Period from",
        readonly=True,
        copy=False,
        help="First day of the month (or of the agreement, when it started "
        "later in the month) this invoice bills.",
    )
    support_period_end = fields.Date(
        string="Period to",
        readonly=True,
        copy=False,
        help="Last day of the month (or of the agreement, when it ended "
        "earlier in the month) this invoice bills.",
    )
    support_send_pending = fields.Boolean(
        string="To Post and Send",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The monthly run posts this invoice and emails it to the "
        "customer's invoice contact (company setting Monthly Invoices: Post "
        "and Send by Email). Set when the run creates it; the run leaves it "
        "alone once it is sent.",
    )
    support_send_error = fields.Text(
        string="Sending Error",
        readonly=True,
        copy=False,
        help="Why the monthly run could not post and send this invoice. The "
        "invoice stays a draft; the next day's run tries again.",
    )
    support_send_failed_on = fields.Date(
        readonly=True,
        copy=False,
        help="Day of the run that last failed to send this invoice: that "
        "day's runs leave it alone, the next day's tries again.",
    )
    support_credited = fields.Boolean(
        string="Credited in Full",
        readonly=True,
        copy=False,
        tracking=True,
        help="Posted credit notes reverse this support invoice in full: what "
        "it billed went back to the agreement, and the next run invoices it "
        "again, once.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, BOOKKEEPING_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], BOOKKEEPING_FIELDS)
        return super().write(vals)

    def message_post(self, **kwargs):
        notes = self.env.context.get("support_origin_notes")
        if (
            notes is None
            or len(self) != 1
            or set(kwargs) != {"body"}
            or self.id in notes
        ):
            return super().message_post(**kwargs)
        # OCA's "created by contract" note (only a body) on an invoice a
        # support agreement has just created: kept, to be logged with the
        # batch's others at once (contract.contract._add_contract_origin)
        notes[self.id] = kwargs["body"]
        return self.env["mail.message"]

    def _support_reopen(self, reason=None):
        """Give back what these invoices billed: their months are invoiced
        again by the next run (fees, time and usage), once."""
        # sudo: the invoice may be cancelled or credited by an accountant
        # who cannot write other users' timesheets or the billing periods;
        # releasing what it billed is part of the correction.
        lines = self.sudo().line_ids
        lines.support_timesheet_ids.write({"support_invoice_line_id": False})
        lines.support_usage_ids.write({"invoice_line_id": False})
        periods = (
            self.env["cloudworkz.support.billing.period"]
            .sudo()
            .search([("invoice_id", "in", self.ids)])
        )
        for period in periods:
            period.agreement_id.message_post(
                body=Markup("<p>%s</p>")
                % (
                    reason
                    or _(
                        "%(month)s re-opened: %(invoice)s was cancelled. The "
                        "next run invoices that month again.",
                        month=period._month_label(),
                        invoice=period.invoice_id.display_name,
                    )
                )
            )
        periods.unlink()

    def button_cancel(self):
        self._support_check_credit_kept()
        res = super().button_cancel()
        self.filtered(lambda m: m.state == "cancel")._support_reopen()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_support_reopen(self):
        self._support_reopen()

    def button_draft(self):
        self._support_check_credit_kept()
        released = self.filtered(
            lambda m: m.state == "cancel" and m.support_agreement_id
        )
        if released:
            raise UserError(
                _(
                    "%(invoice)s was cancelled and what it billed went back to "
                    "the agreement for the next invoice: it cannot be reset to "
                    "draft.",
                    invoice=released[0].display_name,
                )
            )
        return super().button_draft()

    # ------------------------------------------------------------------
    # Credit notes: a full one re-opens what it credits
    # ------------------------------------------------------------------
    def _support_credit_notes(self):
        """Posted credit notes of this support invoice."""
        self.ensure_one()
        return self.reversal_move_id.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_refund"
        )

    def _support_is_credited_in_full(self):
        self.ensure_one()
        credited = sum(self._support_credit_notes().mapped("amount_total"))
        return self.currency_id.compare_amounts(credited, self.amount_total) >= 0

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        originals = posted.filtered(
            lambda m: m.move_type == "out_refund"
            and m.reversed_entry_id.support_agreement_id
            and not m.reversed_entry_id.support_credited
        ).reversed_entry_id
        for invoice in originals:
            invoice._support_credited()
        return posted

    def _support_credited(self):
        """A credit note of this support invoice was posted: in full, the
        invoice gives back what it billed (as a cancellation does); in part,
        its month stays invoiced, and the agreement says so."""
        self.ensure_one()
        agreement = self.sudo().support_agreement_id
        credit_notes = self._support_credit_notes()
        if not self._support_is_credited_in_full():
            agreement.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "%(credit)s credits %(amount)s of %(invoice)s (%(total)s): "
                    "a part only, so what that invoice billed stays invoiced "
                    "and no later run bills it again.",
                    credit=", ".join(credit_notes.mapped("display_name")),
                    amount=agreement._support_format_amount(
                        sum(credit_notes.mapped("amount_total"))
                    ),
                    invoice=self.display_name,
                    total=agreement._support_format_amount(self.amount_total),
                )
            )
            return
        # sudo: the credit note is the accountant's; what it releases is the
        # agreement's own bookkeeping
        self.sudo().support_credited = True
        periods = (
            self.env["cloudworkz.support.billing.period"]
            .sudo()
            .search([("invoice_id", "=", self.id)])
        )
        reason = _(
            "%(month)s re-opened: %(invoice)s was credited in full by "
            "%(credit)s. The next run invoices that month again.",
            month=", ".join(period._month_label() for period in periods)
            or _("Its time and usage"),
            invoice=self.display_name,
            credit=", ".join(credit_notes.mapped("display_name")),
        )
        if not periods:
            agreement.message_post(body=Markup("<p>%s</p>") % reason)
        self._support_reopen(reason)

    def _support_check_credit_kept(self):
        """A credit note that re-opened a month stays, and so does the
        invoice it credited: the month may have been invoiced again since."""
        kept = self.filtered(
            lambda m: m.move_type == "out_refund"
            and m.state == "posted"
            and m.reversed_entry_id.support_credited
        )
        if kept:
            raise UserError(
                _(
                    "%(credit)s credited %(invoice)s in full and re-opened what "
                    "it billed for the next invoice: it cannot be cancelled or "
                    "reset to draft. Invoice the customer again instead.",
                    credit=kept[0].display_name,
                    invoice=kept[0].reversed_entry_id.display_name,
                )
            )
        credited = self.filtered("support_credited")
        if credited:
            raise UserError(
                _(
                    "%(invoice)s was credited in full and what it billed went "
                    "back to the agreement for the next invoice: it cannot be "
                    "reset to draft or cancelled.",
                    invoice=credited[0].display_name,
                )
            )

    def _support_billing_links(self):
        """What this support invoice billed, line by line in the invoice's
        order: [(line, request-month, minutes, hour price, time, usage)],
        and its invoiced months."""
        self.ensure_one()
        lines = [
            (
                line,
                line.support_request_month_id,
                line.support_billed_minutes,
                line.support_hour_price,
                line.support_timesheet_ids,
                line.support_usage_ids,
            )
            for line in self.invoice_line_ids.sorted(
                lambda line: (line.sequence, line.id)
            )
        ]
        periods = self.env["cloudworkz.support.billing.period"].search(
            [("invoice_id", "=", self.id)]
        )
        return lines, [(p.agreement_id, p.date_start, p.date_end) for p in periods]

    def _support_take_over(self, original, links):
        """This new invoice bills what ``original`` billed (*Reverse and
        Create Invoice*): its months, time and usage, line for line."""
        self.ensure_one()
        lines, periods = links
        self.write(
            {
                "support_agreement_id": original.support_agreement_id.id,
                "support_period_start": original.support_period_start,
                "support_period_end": original.support_period_end,
            }
        )
        new_lines = self.invoice_line_ids.sorted(lambda line: (line.sequence, line.id))
        for new_line, (_line, rm, minutes, price, timesheets, usages) in zip(
            new_lines, lines, strict=False
        ):
            if rm:
                new_line.write(
                    {
                        "support_request_month_id": rm.id,
                        "support_billed_minutes": minutes,
                        "support_hour_price": price,
                    }
                )
            if timesheets:
                timesheets.write({"support_invoice_line_id": new_line.id})
            if usages:
                usages.write({"invoice_line_id": new_line.id})
        Period = self.env["cloudworkz.support.billing.period"]
        for agreement, date_start, date_end in periods:
            Period.create(
                {
                    "agreement_id": agreement.id,
                    "date_start": date_start,
                    "date_end": date_end,
                    "invoice_id": self.id,
                }
            )
            agreement.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "%(month)s is now billed by %(invoice)s, which replaces "
                    "%(original)s (reversed and invoiced again).",
                    month=month_label(self.env, date_start),
                    invoice=self.display_name,
                    original=original.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Post and send (company setting Monthly Invoices: Post and Send)
    # ------------------------------------------------------------------
    @api.model
    def _support_invoices_to_send(self, date_ref):
        """Invoices of the monthly run still to post and send, oldest first;
        those whose sending failed on ``date_ref`` wait for the next day."""
        companies = (
            self.env["res.company"]
            .sudo()  # sudo: the run reads every company's setting
            .search([("support_invoice_delivery", "=", "post_send")])
        )
        if not companies:
            return self.browse()
        return self.search(
            [
                ("support_send_pending", "=", True),
                ("is_move_sent", "=", False),
                ("state", "!=", "cancel"),
                ("company_id", "in", companies.ids),
                "|",
                ("support_send_failed_on", "=", False),
                ("support_send_failed_on", "!=", date_ref),
            ],
            order="id",
        )

    @api.model
    def _support_send_pending(self, date_ref, budget=None):
        """Post and send the run's invoices that are waiting, each in a
        transaction of its own (committed in production): one that fails
        stays a draft, says why in its chatter and waits for the next day,
        the others go on. Returns (invoices sent, whether all were done)."""
        # what earlier work left to settle must not wait on a savepoint that
        # may roll back (a rollback forgets the pending settlements); sudo:
        # the ledger follows every change whoever made it, as at commit
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()
        moves = self._support_invoices_to_send(date_ref)
        sent_ids = []
        kwargs = {"batch_size": 1}
        if budget is not None:
            kwargs["budget"] = budget
        _done, finished = run_in_batches(
            # one invoice per committed batch, whatever the caller's batch
            # size: a mail sent after the commit is never sent again
            moves.with_context(support_batch_size=1),
            lambda batch: sent_ids.extend(batch._support_post_and_send(date_ref).ids),
            INVOICING_CRON,
            **kwargs,
        )
        return self.browse(sent_ids), finished

    def _support_post_and_send(self, date_ref=None):
        """Post and send these invoices one by one, each in a savepoint:
        posting, the PDF and the mail are done together or not at all.
        Returns the invoices sent."""
        sent = self.browse()
        for move in self:
            try:
                with self.env.cr.savepoint():
                    move.with_company(move.company_id)._support_post_and_send_one()
            except (errors.LockNotAvailable, errors.SerializationFailure):
                # another worker is sending it, or has just sent it
                _logger.info("%s is being sent elsewhere", move.display_name)
            except Exception as error:  # pylint: disable=broad-except
                if str(error) == "CPU time limit exceeded.":
                    raise  # Odoo's worker limit, not this invoice's failure
                _logger.warning(
                    "Sending %s failed: %s", move.display_name, error, exc_info=True
                )
                move._support_report_send_error(error, date_ref)
            else:
                sent |= move
        return sent

    def _support_post_and_send_one(self):
        """Post this invoice, render its PDF and email it, with the PDF, to
        its customer (the agreement's invoice contact), with Odoo's Send &
        Print (account.move.send) as from the invoice's Send button."""
        self.ensure_one()
        # One sender per invoice: a second worker fails here (or, when the
        # first one has committed since, on its snapshot) and leaves it.
        self.env.cr.execute(
            "SELECT is_move_sent FROM account_move WHERE id = %s FOR UPDATE NOWAIT",
            [self.id],
        )
        if self.env.cr.fetchone()[0]:
            self.support_send_pending = False
            return
        if not self.partner_id.email:
            raise UserError(
                _(
                    "%(partner)s has no email address: the invoice could not be "
                    "sent. Add one, or send the invoice by hand.",
                    partner=self.partner_id.display_name,
                )
            )
        if self.state == "draft":
            self.action_post()
        template = self.env.ref("account.email_template_edi_invoice")
        author = self.invoice_user_id.partner_id or self.company_id.partner_id
        self.send_and_print_values = {
            "mail_template_id": template.id,
            "sp_partner_id": author.id,
            "sp_user_id": self.invoice_user_id.id or self.env.uid,
            "download": False,
            "send_mail": True,
        }
        self.env["account.move.send"]._process_send_and_print(self)
        if not self.is_move_sent or not self.invoice_pdf_report_id:
            # Send & Print reported an error of its own (e.g. an electronic
            # invoice format) in the chatter instead of raising
            raise UserError(
                _(
                    "%(invoice)s: its PDF could not be created, see the messages "
                    "above.",
                    invoice=self.display_name,
                )
            )
        self.write(
            {
                "support_send_pending": False,
                "support_send_error": False,
                "support_send_failed_on": False,
            }
        )

    def _support_report_send_error(self, error, date_ref=None):
        self.ensure_one()
        message = getattr(error, "args", None) and str(error.args[0]) or str(error)
        with self.env.cr.savepoint():
            self.write(
                {
                    "support_send_error": message,
                    "support_send_failed_on": date_ref
                    or fields.Date.context_today(self),
                }
            )
            self.message_post(
                body=Markup("<p>%s</p><pre>%s</pre>")
                % (
                    _(
                        "The monthly run could not post and send this invoice. "
                        "Nothing was posted or sent; the next day's run tries "
                        "again:"
                    ),
                    message,
                )
            )
