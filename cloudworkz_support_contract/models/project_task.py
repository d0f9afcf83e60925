# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models

from ..tools import run_in_batches


class ProjectTask(models.Model):
    _inherit = "project.task"

    support_agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        index="btree_not_null",
        ondelete="restrict",
        domain=[("support_has_maintenance", "=", True)],
    )
    support_task_kind = fields.Selection(
        selection=[("patch", "Patch window"), ("upgrade", "Upgrade readiness")],
        string="Maintenance Task",
        help="Time logged on these tasks is covered by the Maintenance agreement.",
    )
    support_patch_month = fields.Date(string="Patch Month", readonly=True, copy=False)
    support_upgrade_version = fields.Char(string="Target Version", copy=False)
    patch_window_start = fields.Datetime(string="Window Start")
    patch_window_end = fields.Datetime(string="Window End")
    patch_notice_sent = fields.Boolean(string="Customer Notified", copy=False)
    patch_summary_sent = fields.Boolean(string="Summary Sent", copy=False)

    _sql_constraints = [
        (
            "support_patch_month_uniq",
            "unique(support_agreement_id, support_patch_month)",
            "An agreement has one patch window per month.",
        ),
        (
            "support_upgrade_version_uniq",
            "unique(support_agreement_id, support_upgrade_version)",
            "An agreement has one upgrade-readiness task per target version.",
        ),
    ]

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "1_done":
            self.filtered(
                lambda t: t.support_task_kind == "patch" and not t.patch_summary_sent
            )._patch_send("cloudworkz_support_contract.mail_template_patch_done")
        return res

    def _patch_send(self, template_xmlid, flag="patch_summary_sent"):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        for task in self:
            task[flag] = True
            if template:
                task.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=task.support_agreement_id.partner_id.ids,
                )

    @api.model
    def _cron_patch_notices(self, now=None):
        """Scheduled action: the notices, in committed batches. Returns the
        number of customers told (XML-RPC safe)."""
        return len(self._patch_notices_run(now))

    @api.model
    def _patch_notices_run(self, now=None):
        """Tell each customer of its coming patch window, once, when the
        agreement's notice period starts. Returns the tasks notified."""
        now = fields.Datetime.to_datetime(now) or fields.Datetime.now()
        tasks = self.search(
            [
                ("support_task_kind", "=", "patch"),
                ("support_agreement_id.active", "=", True),
                ("patch_notice_sent", "=", False),
                ("patch_window_start", ">", now),
                ("state", "not in", ("1_done", "1_canceled")),
            ]
        )
        due = tasks.filtered(
            lambda t: t.patch_window_start
            - timedelta(days=t._patch_window().notice_days)
            <= now
        )
        run_in_batches(
            due,
            lambda batch: batch._patch_send(
                "cloudworkz_support_contract.mail_template_patch_notice",
                flag="patch_notice_sent",
            ),
            "cloudworkz_support_contract.ir_cron_patch_notices",
        )
        return due

    def _patch_window(self):
        self.ensure_one()
        return self.support_agreement_id.patch_window_ids[:1]

    def _patch_local_window(self):
        """The window as the customer reads it, in the window's zone."""
        self.ensure_one()
        tz = self._patch_window().tz or "UTC"
        start = fields.Datetime.context_timestamp(
            self.with_context(tz=tz), self.patch_window_start
        )
        end = fields.Datetime.context_timestamp(
            self.with_context(tz=tz), self.patch_window_end
        )
        return _(
            "%(day)s %(start)s–%(end)s (%(tz)s)",
            day=start.strftime("%Y-%m-%d"),
            start=start.strftime("%H:%M"),
            end=end.strftime("%H:%M"),
            tz=tz,
        )
