# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The support agreement's buttons and the customer's statement of support
hours."""

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import (
    format_minutes,
    print_action,
)


class ContractContract(models.Model):
    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_support_preview_invoice(self):
        self.ensure_one()
        preview = self.env["cloudworkz.support.invoice.preview"].create(
            {"agreement_id": self.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Next Invoice Preview"),
            "res_model": preview._name,
            "res_id": preview.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_support_invoice_due(self):
        """Invoice the months of these agreements that are due today, as the
        monthly run would: for an accountant who does not want to wait."""
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only accountants can invoice agreements."))
        today = fields.Date.context_today(self)
        moves = self.env["account.move"]
        for agreement in self:
            # sudo: invoicing also moves the agreement's own bookkeeping
            # (next invoice date, invoiced periods), which accountants read
            # but may not edit by hand; the invoices stay theirs.
            moves |= (
                agreement.sudo()
                .with_company(agreement.company_id)
                ._support_invoice_due(today)
            )
        if not moves:
            raise UserError(_("Nothing is due on these agreements yet."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", moves.ids)]
        return action

    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        # Accountants and salespeople read agreements without editing them;
        # they send the customer's statement, and write in the chatter.
        access = super()._get_mail_message_access(res_ids, operation, model_name)
        if (
            operation == "create"
            and access == "write"
            and (model_name or self._name) == self._name
            # support agreements only, not the company's other contracts
            and all(
                agreement.support_type and agreement.contract_type == "sale"
                for agreement in self.browse(res_ids)
            )
            and (
                self.env.user.has_group("account.group_account_invoice")
                or self.env.user.has_group("sales_team.group_sale_salesman")
            )
        ):
            return "read"
        return access

    # ------------------------------------------------------------------
    # Customer statement of support hours
    # ------------------------------------------------------------------
    def _support_statement_months(self):
        """Support time of this agreement per month, as the customer
        statement shows it, read from the request ledger (nothing recounted
        or rounded again): per ticket and month the time logged, the part
        the agreement covers (not chargeable), and what the chargeable time
        bills (rounded once) split into paid from prepaid hours, invoiced
        and still to invoice, and what credit notes took back of what was
        invoiced before. Minutes; oldest month first:
        ``[{"month", "label", "lines": [{"ticket", ...figures}], "total"}]``.
        """
        self.ensure_one()
        # whoever may read the agreement may read its statement
        self.check_access_rights("read")
        self.check_access_rule("read")
        # sudo: the statement names the agreement's tickets and their time
        # for the customer; salespeople and accountants print it without
        # helpdesk rights.
        rms = (
            self.env["cloudworkz.support.request.month"]
            .sudo()
            .search([("agreement_id", "=", self.id), ("logged_minutes", ">", 0)])
            .sorted(lambda rm: (rm.month, rm.ticket_id.id))
        )
        keys = ("logged", "covered", "billed", "prepaid", "invoiced", "credited", "due")
        months = []
        for rm in rms:
            if not months or months[-1]["month"] != rm.month:
                months.append(
                    {
                        "month": rm.month,
                        "label": rm._month_label(),
                        "lines": [],
                        "total": dict.fromkeys(keys, 0.0),
                    }
                )
            line = {
                "ticket": rm.ticket_id,
                "logged": rm.logged_minutes,
                "covered": rm.logged_minutes - rm.chargeable_minutes,
                "billed": rm.billed_minutes,
                "prepaid": rm.prepaid_minutes,
                "invoiced": rm.invoiced_minutes,
                "credited": rm.credited_minutes,
                "due": rm.due_minutes,
            }
            months[-1]["lines"].append(line)
            for key in keys:
                months[-1]["total"][key] += line[key]
        return months

    def _support_statement_hours(self, minutes):
        """Minutes as the statement prints them (H:MM), nothing as a dash."""
        return format_minutes(minutes) if round(minutes) else "–"

    def action_support_print_statement(self):
        self.ensure_one()
        return print_action(
            self, "cloudworkz_support_contract.action_report_support_statement"
        )

    def action_support_send_statement(self):
        """The mail composer with the statement template: the customer's
        statement attached, the invoice contact as recipient."""
        self.ensure_one()
        self.check_access_rule("read")
        template = self.env.ref(
            "cloudworkz_support_contract.mail_template_support_statement"
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Statement"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_support_count_code(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Count Custom Code"),
            "res_model": "cloudworkz.support.code.count.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    def action_support_view_user_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cloudworkz_support_contract.action_support_user_request"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"search_default_to_decide": 1}
        return action

    def _support_is_it_key_user(self, partner, day=None):
        """Whether ``partner`` is an IT key user of this agreement on
        ``day`` (today)."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return partner in self.it_key_user_ids._active_on(day).partner_id

    def action_support_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("support_agreement_id", "=", self.id)]
        action["context"] = {
            "default_support_agreement_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
