"""Request and response bodies of the REST API (they also make the OpenAPI schema at /docs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..ingest import MAX_TEXT_CHARS


class ArticleIn(BaseModel):
    """One article, as in the input contract (`newsevents extract` JSONL lines)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="the article text")
    id: str | None = Field(None, max_length=500, description="your id for the article")
    published: str | None = Field(None, max_length=64, description="ISO publication date")
    title: str | None = Field(None, max_length=5000)
    url: str | None = Field(None, max_length=5000)
    source: str | None = Field(None, max_length=500, description="publication name")

    @field_validator("text", "id", "published", "title", "url", "source")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        # JSON may carry lone surrogates ("\ud800"), which no database can store as UTF-8
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError("text is not valid Unicode (lone surrogate)") from exc
        return value


class StoredArticle(BaseModel):
    stored: bool = Field(description="false when the same article (text or URL) was already stored")
    article_id: int
    event_ids: list[int]
    events: int


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, all pages together")
    offset: int
    limit: int
    count: int = Field(description="events on this page")
    next: str | None = Field(description="query string of the next page, null on the last")
    events: list[dict[str, Any]] = Field(description="flat event rows, as `newsevents query -f json`")


class EventDetail(BaseModel):
    id: int
    article_id: int
    event: dict[str, Any] = Field(description="the contract Event, spans into the article text")
    row: dict[str, Any] = Field(description="the flat stored row")
    sources: list[dict[str, Any]] = Field(description="every reporting article with its evidence")
    date_mention: dict[str, Any] | None = Field(
        description="the time expression of the article that dates the event, when one does")


class Stats(BaseModel):
    total: int
    undated: int
    interval: str
    by_type: dict[str, int]
    by_country: list[dict[str, Any]]
    by_period: list[dict[str, Any]]


class MapPoints(BaseModel):
    types: list[str]
    points: list[list[Any]] = Field(description="[event id, latitude, longitude, index into types, date]")
    truncated: bool
    matching: int | None
