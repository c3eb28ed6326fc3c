"""The time stage: TIMEX3 tagging and normalisation, document dates, and date ranges for events."""

from .docdate import DocumentDate, infer_document_date
from .tagger import tag_times
from .values import DateRange, timex_range

__all__ = ["DateRange", "DocumentDate", "infer_document_date", "tag_times", "timex_range"]
