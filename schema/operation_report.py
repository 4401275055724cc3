"""Notes which operation a request ran and its calculated cost in the request's report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress

from strawberry.extensions import SchemaExtension

from resolvers.request_report import RequestReport


def report_of(context: object) -> RequestReport | None:
    """The request's report, if its context has one (a RequestContext does)."""
    report = getattr(context, "report", None)
    return report if isinstance(report, RequestReport) else None


def report_operation(context: object, name: str | None, operation_type: str) -> None:
    """Note the operation's name and type (`query`, `mutation`, ...) in the request's report."""
    report = report_of(context)
    if report is not None:
        report.operation(name, operation_type)


class ReportOperation(SchemaExtension):
    """Records the operation's name and type once the operation is over, however it ended."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            context = self.execution_context
            # No document, or no operation of the name the client sent (RuntimeError): that
            # name is only the client's text (it could be anything), so not kept.
            with suppress(RuntimeError):
                report_operation(
                    context.context, context.operation_name, context.operation_type.value
                )
