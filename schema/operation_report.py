"""Notes which operation a request ran and its calculated cost in the request's report."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from resolvers.request_report import RequestReport


def report_of(context: object) -> RequestReport | None:
    """The request's report, if its context has one (a RequestContext does)."""
    report = getattr(context, "report", None)
    return report if isinstance(report, RequestReport) else None


class ReportOperation(SchemaExtension):
    """Records the operation's name and type once the operation is over, however it ended."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            context = self.execution_context
            report = report_of(context.context)
            if report is not None:
                try:
                    operation_type: str | None = context.operation_type.value
                except RuntimeError:
                    operation_type = None  # no document, or no operation of that name
                report.operation(context.operation_name, operation_type)
