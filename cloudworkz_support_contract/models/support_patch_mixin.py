# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from psycopg2 import IntegrityError, errors

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools import window_utc

_logger = logging.getLogger(__name__)

WEEKS = [
    ("1", "First"),
    ("2", "Second"),
    ("3", "Third"),
    ("4", "Fourth"),
    ("last", "Last"),
]
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class SupportPatchMixin(models.AbstractModel):
    """The monthly patch window of a Maintenance agreement and the tasks
    that carry it out."""

    _name = "cloudworkz.support.patch.mixin"
    _description = "Support Agreement Patch Window"

    patch_week = fields.Selection(WEEKS, default="2", help="Which week of the month.")
    patch_weekday = fields.Selection(WEEKDAYS, string="Patch Day", default="1")
    patch_hour = fields.Float(string="Patch Start", default=22.0)
    patch_duration = fields.Float(string="Patch Duration (h)", default=2.0)
    patch_tz = fields.Selection(
        _tz_get,
        string="Patch Time Zone",
        default=lambda self: self.env.user.tz or "Europe/Stockholm",
    )
    patch_notice_days = fields.Integer(
        string="Notice (days)",
        default=5,
        help="How many days before the window the customer is told.",
    )
    patch_user_id = fields.Many2one(
        comodel_name="res.users", string="Patch Responsible"
    )
    patch_project_id = fields.Many2one(
        comodel_name="project.project",
        default=lambda self: self.env.ref(
            "cloudworkz_support_contract.project_patch_windows",
            raise_if_not_found=False,
        ),
    )
    patch_last_month = fields.Date(
        string="Patch Windows Planned Until",
        readonly=True,
        copy=False,
        help="First day of the last month whose window was planned or logged as "
        "missed.",
    )
    patch_task_ids = fields.One2many(
        comodel_name="project.task",
        inverse_name="support_agreement_id",
        string="Maintenance Tasks",
    )
    patch_next_window = fields.Datetime(
        string="Next Patch Window", compute="_compute_patch_dates"
    )
    patch_last_date = fields.Datetime(
        string="Last Patched", compute="_compute_patch_dates"
    )
    odoo_version = fields.Char(
        string="Odoo Version in Production",
        help="E.g. 17.0. Upgrade-readiness tasks record the target version.",
    )

    @api.depends("patch_task_ids.patch_window_start", "patch_task_ids.state")
    def _compute_patch_dates(self):
        now = fields.Datetime.now()
        for record in self:
            patches = record.patch_task_ids.filtered(
                lambda t: t.support_task_kind == "patch" and t.patch_window_start
            )
            done = patches.filtered(lambda t: t.state == "1_done")
            coming = patches.filtered(
                lambda t: t.state not in ("1_done", "1_canceled")
                and t.patch_window_start >= now
            )
            record.patch_last_date = max(
                done.mapped("patch_window_start"), default=False
            )
            record.patch_next_window = min(
                coming.mapped("patch_window_start"), default=False
            )

    @api.constrains("patch_hour", "patch_duration", "patch_notice_days")
    def _check_patch_window(self):
        for record in self:
            if not 0 <= record.patch_hour < 24:
                raise ValidationError(
                    _("The patch window starts between 00:00 and 24:00.")
                )
            if record.patch_duration <= 0:
                raise ValidationError(_("The patch window lasts more than zero hours."))
            if record.patch_notice_days < 0:
                raise ValidationError(_("The notice cannot be negative."))

    def _patch_window(self, month):
        """(start, end) of this agreement's window in ``month``, naive UTC."""
        self.ensure_one()
        return window_utc(
            month.year,
            month.month,
            self.patch_week or "2",
            int(self.patch_weekday or 1),
            self.patch_hour,
            self.patch_duration,
            self.patch_tz,
        )

    def _patch_runs_in(self, month):
        """Whether the agreement is running during ``month``."""
        self.ensure_one()
        month_end = month + relativedelta(months=1, days=-1)
        return (
            not self.is_terminated
            and self.date_start
            and self.date_start <= month_end
            and (not self.date_end or self.date_end >= month)
        )

    @api.model
    def _patch_agreements_domain(self):
        return [
            ("support_has_maintenance", "=", True),
            ("is_terminated", "=", False),
            ("contract_type", "=", "sale"),
        ]

    @api.model
    def cron_patch_windows(self, now=None):
        """Plan this month's and next month's patch window of every running
        Maintenance agreement, once. Missed months are planned too, unless
        their window is over: that is logged on the agreement."""
        now = fields.Datetime.to_datetime(now) or fields.Datetime.now()
        last_month = now.date().replace(day=1) + relativedelta(months=1)
        tasks = self.env["project.task"]
        for agreement in self.search(self._patch_agreements_domain()):
            try:
                with self.env.cr.savepoint():
                    tasks |= agreement._patch_plan_until(last_month, now)
            except (IntegrityError, errors.SerializationFailure):
                # a second worker planned it at the same time (one task per
                # agreement and month is a unique key): nothing left to do
                _logger.info("Patch windows of %s planned elsewhere", agreement.id)
        return tasks

    def _patch_plan_until(self, last_month, now):
        self.ensure_one()
        Task = self.env["project.task"]
        start = self.date_start.replace(day=1)
        if self.patch_last_month:
            start = max(start, self.patch_last_month + relativedelta(months=1))
        tasks = Task
        month = start
        while month <= last_month:
            if self._patch_runs_in(month):
                window_start, window_end = self._patch_window(month)
                if window_end <= now:
                    self.message_post(
                        body=_(
                            "The patch window of %(month)s (%(start)s UTC) was over "
                            "before it could be planned.",
                            month=month.strftime("%Y-%m"),
                            start=window_start,
                        )
                    )
                elif not Task.search_count(
                    [
                        ("support_agreement_id", "=", self.id),
                        ("support_patch_month", "=", month),
                    ]
                ):
                    tasks |= Task.create(
                        self._patch_task_vals(month, window_start, window_end)
                    )
            self.patch_last_month = month
            month += relativedelta(months=1)
        return tasks

    def _patch_task_vals(self, month, window_start, window_end):
        self.ensure_one()
        label = month.strftime("%Y-%m")
        tag = self.env["project.tags"].search([("name", "=", label)], limit=1)
        if not tag:
            tag = self.env["project.tags"].create({"name": label})
        checklist = Markup("").join(
            Markup("<li>%s</li>") % escape(item) for item in self._patch_checklist()
        )
        return {
            "name": _(
                "Patch window %(month)s: %(customer)s",
                month=label,
                customer=self.partner_id.commercial_partner_id.name,
            ),
            "project_id": (self.patch_project_id or self._patch_default_project()).id,
            "partner_id": self.partner_id.id,
            "user_ids": [fields.Command.set(self.patch_user_id.ids)],
            "tag_ids": [fields.Command.set(tag.ids)],
            "support_agreement_id": self.id,
            "support_task_kind": "patch",
            "support_patch_month": month,
            "patch_window_start": window_start,
            "patch_window_end": window_end,
            "date_deadline": window_end,
            "description": Markup('<ul class="o_checklist">%s</ul>') % checklist,
            "company_id": self.company_id.id,
        }

    def _patch_checklist(self):
        return [
            _("Backup taken"),
            _("Patches applied and tested on staging"),
            _("Deployed to production"),
            _("Customer told"),
        ]

    def _patch_default_project(self):
        return self.env.ref("cloudworkz_support_contract.project_patch_windows")
