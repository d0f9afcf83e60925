# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Printing a statement where the server may have no wkhtmltopdf."""


def pdf_available(env):
    """Whether this server can print PDFs (wkhtmltopdf installed)."""
    return env["ir.actions.report"].get_wkhtmltopdf_state() in ("ok", "upgrade")


def print_action(records, report_xmlid):
    """The action printing ``records`` with the report: a PDF, or the same
    report as a web page when this server cannot print PDFs."""
    action = records.env.ref(report_xmlid).report_action(records)
    if not pdf_available(records.env):
        action["report_type"] = "qweb-html"
    return action
