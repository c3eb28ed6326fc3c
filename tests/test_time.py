"""The time stage: TIMEX3 values for sentences written for these tests.

Each case: a sentence, its publication date, the expression, and the type and value it must get.
"""

import datetime as dt

import pytest

from newsevents.contract import Timex
from newsevents.time import DateRange, infer_document_date, tag_times, timex_range

TUE = dt.date(2016, 11, 29)  # a Tuesday, ISO week 48
SUN = dt.date(2016, 11, 27)  # a Sunday, ISO week 47
JAN = dt.date(2017, 1, 10)  # a Tuesday in January
LEAP = dt.date(2016, 3, 1)  # the day after a leap day
WEEK53 = dt.date(2021, 1, 2)  # a Saturday in ISO week 53 of 2020

CASES = [
    # weekdays: past tense is the last one (the publication day itself included), future the next
    ("The army recaptured the town on Monday.", TUE, "Monday", "DATE", "2016-11-28"),
    ("Rebels shelled the district on Tuesday.", TUE, "Tuesday", "DATE", "2016-11-29"),
    ("Gunmen attacked a convoy on Sunday.", TUE, "Sunday", "DATE", "2016-11-27"),
    ("Ministers will meet on Monday.", TUE, "Monday", "DATE", "2016-12-05"),
    ("The talks will resume on Thursday.", TUE, "Thursday", "DATE", "2016-12-01"),
    ("Police said last Friday that ten men were held.", TUE, "last Friday", "DATE", "2016-11-25"),
    ("The vote is due next Tuesday.", TUE, "next Tuesday", "DATE", "2016-12-06"),
    ("Protesters marched on Wednesday.", JAN, "Wednesday", "DATE", "2017-01-04"),
    ("The strike hit the market on Monday.", LEAP, "Monday", "DATE", "2016-02-29"),
    ("Troops withdrew on Friday morning.", TUE, "Friday morning", "DATE", "2016-11-25TMO"),
    ("Clashes broke out on Saturday night.", TUE, "Saturday night", "DATE", "2016-11-26TNI"),
    # deictic days
    ("Officials said today that the road was open.", TUE, "today", "DATE", "2016-11-29"),
    ("A bomb exploded yesterday in the market.", TUE, "yesterday", "DATE", "2016-11-28"),
    ("The council will vote tomorrow.", TUE, "tomorrow", "DATE", "2016-11-30"),
    ("The curfew starts tonight.", TUE, "tonight", "DATE", "2016-11-29TNI"),
    ("Shots were heard last night.", TUE, "last night", "DATE", "2016-11-28TNI"),
    ("A rally was held yesterday morning.", TUE, "yesterday morning", "DATE", "2016-11-28TMO"),
    ("A leap-day clash happened yesterday.", LEAP, "yesterday", "DATE", "2016-02-29"),
    # weeks and weekends
    ("Fighting escalated last week.", TUE, "last week", "DATE", "2016-W47"),
    ("The envoy arrives this week.", TUE, "this week", "DATE", "2016-W48"),
    ("Elections are planned for next week.", TUE, "next week", "DATE", "2016-W49"),
    ("Dozens were arrested over the weekend.", TUE, "the weekend", "DATE", "2016-W47-WE"),
    ("Clashes continued over the weekend.", SUN, "the weekend", "DATE", "2016-W47-WE"),
    ("Talks collapsed last weekend.", TUE, "last weekend", "DATE", "2016-W47-WE"),
    ("Protests are expected this weekend.", TUE, "this weekend", "DATE", "2016-W48-WE"),
    ("Schools reopened this week.", SUN, "this week", "DATE", "2016-W47"),
    ("The market was shelled last week.", WEEK53, "last week", "DATE", "2020-W52"),
    ("Talks are held this week.", WEEK53, "this week", "DATE", "2020-W53"),
    # months
    ("In September 2015 the town fell.", TUE, "September 2015", "DATE", "2015-09"),
    ("The group was founded in March.", TUE, "March", "DATE", "2016-03"),
    ("Elections will be held in March.", TUE, "March", "DATE", "2017-03"),
    ("Rebels lost the town last December.", JAN, "last December", "DATE", "2016-12"),
    ("Rebels lost the town last December.", TUE, "last December", "DATE", "2015-12"),
    ("Fighting flared earlier this month.", TUE, "this month", "DATE", "2016-11"),
    ("Prices rose last month.", JAN, "last month", "DATE", "2016-12"),
    ("The offensive began in early October.", TUE, "early October", "DATE", "2016-10"),
    ("A deal is due by late January.", TUE, "late January", "DATE", "2017-01"),
    ("The ceasefire of May 2014 held.", TUE, "May 2014", "DATE", "2014-05"),
    # full dates
    ("On 3 March 2016 rebels took the hill.", TUE, "3 March 2016", "DATE", "2016-03-03"),
    ("On March 3, 2016 rebels took the hill.", TUE, "March 3, 2016", "DATE", "2016-03-03"),
    ("On the 3rd of March 2016 rebels took the hill.", TUE, "3rd of March 2016", "DATE", "2016-03-03"),
    ("The report is dated 2016-03-03.", TUE, "2016-03-03", "DATE", "2016-03-03"),
    ("The report is dated 11/28/2016.", TUE, "11/28/2016", "DATE", "2016-11-28"),
    ("The report is dated 28/11/2016.", TUE, "28/11/2016", "DATE", "2016-11-28"),
    ("Rebels attacked on 14 November.", TUE, "14 November", "DATE", "2016-11-14"),
    ("Rebels attacked on November 14.", TUE, "November 14", "DATE", "2016-11-14"),
    ("Rebels attacked on 20 December.", JAN, "20 December", "DATE", "2016-12-20"),
    ("The summit will open on 5 January.", TUE, "5 January", "DATE", "2017-01-05"),
    ("The siege ended on 29 February 2016.", TUE, "29 February 2016", "DATE", "2016-02-29"),
    ("On Feb. 3, 2015 the dam broke.", TUE, "Feb. 3, 2015", "DATE", "2015-02-03"),
    # years, decades, centuries
    ("The war began in 2011.", TUE, "2011", "DATE", "2011"),
    ("Since 2012 the town has been besieged.", TUE, "2012", "DATE", "2012"),
    ("The 2014 offensive failed.", TUE, "2014", "DATE", "2014"),
    ("Growth slowed in mid-2015.", TUE, "mid-2015", "DATE", "2015"),
    ("The militia formed in the 1990s.", TUE, "the 1990s", "DATE", "199"),
    ("The militia formed in the late 1990s.", TUE, "the late 1990s", "DATE", "199"),
    ("The town was built in the 19th century.", TUE, "the 19th century", "DATE", "18"),
    ("Turnout fell last year.", TUE, "last year", "DATE", "2015"),
    ("Turnout fell last year.", JAN, "last year", "DATE", "2016"),
    ("Turnout may rise this year.", TUE, "this year", "DATE", "2016"),
    ("Elections are due next year.", TUE, "next year", "DATE", "2017"),
    # relative to now and to the story
    ("The town fell three years ago.", TUE, "three years ago", "DATE", "2013"),
    ("The town fell two months ago.", TUE, "two months ago", "DATE", "2016-09"),
    ("The town fell five days ago.", TUE, "five days ago", "DATE", "2016-11-24"),
    ("The town fell two weeks ago.", TUE, "two weeks ago", "DATE", "2016-W46"),
    ("The town fell a decade ago.", TUE, "a decade ago", "DATE", "200"),
    ("The town fell six years back.", TUE, "six years back", "DATE", "2010"),
    ("On 3 March 2015 rebels attacked. Two days later troops returned.", TUE, "Two days later", "DATE", "2015-03-05"),
    ("On 3 March 2015 rebels attacked. A week later troops returned.", TUE, "A week later", "DATE", "2015-W11"),
    # durations
    ("Warplanes bombed the east for two weeks.", TUE, "two weeks", "DURATION", "P2W"),
    ("The siege lasted three years.", TUE, "three years", "DURATION", "P3Y"),
    ("The curfew lasted 24 hours.", TUE, "24 hours", "DURATION", "PT24H"),
    ("The talks took 10 days.", TUE, "10 days", "DURATION", "P10D"),
    ("A three-day ceasefire began.", TUE, "three-day", "DURATION", "P3D"),
    ("The talks lasted several days.", TUE, "several days", "DURATION", "PXD"),
    ("Fighting has raged for years.", TUE, "years", "DURATION", "PXY"),
    ("Prices doubled over the past two weeks.", TUE, "the past two weeks", "DURATION", "P2W"),
    ("Crime fell in the last three years.", TUE, "the last three years", "DURATION", "P3Y"),
    ("The vote was held two and a half years after the war.", TUE, "two and a half years", "DURATION", "P2.5Y"),
    ("The hostages were held for a fortnight.", TUE, "a fortnight", "DURATION", "P2W"),
    ("The meeting lasted 45 minutes.", TUE, "45 minutes", "DURATION", "PT45M"),
    ("He spent a decade in exile.", TUE, "a decade", "DURATION", "P1DE"),
    # sets
    ("Protesters gather every Monday.", TUE, "every Monday", "SET", "XXXX-WXX-1"),
    ("Patrols pass every day.", TUE, "every day", "SET", "P1D"),
    ("The paper publishes the list daily.", TUE, "daily", "SET", "P1D"),
    ("The council meets each year.", TUE, "each year", "SET", "P1Y"),
    ("Convoys leave every two weeks.", TUE, "every two weeks", "SET", "P2W"),
    ("Fees are paid annually.", TUE, "annually", "SET", "P1Y"),
    # clock times
    ("The blast struck at 10 a.m.", TUE, "10 a.m.", "TIME", "2016-11-29T10:00"),
    ("The blast struck at 3:45 pm local time.", TUE, "3:45 pm local time", "TIME", "2016-11-29T15:45"),
    ("The curfew begins at midnight.", TUE, "midnight", "TIME", "2016-11-29T00:00"),
    ("The rally started at noon.", TUE, "noon", "TIME", "2016-11-29T12:00"),
    ("The blast struck at 12 a.m.", TUE, "12 a.m.", "TIME", "2016-11-29T00:00"),
    # seasons and quarters
    ("The offensive began last summer.", TUE, "last summer", "DATE", "2016-SU"),
    ("The offensive began last summer.", dt.date(2016, 4, 1), "last summer", "DATE", "2015-SU"),
    ("Talks resume this spring.", dt.date(2017, 2, 1), "this spring", "DATE", "2017-SP"),
    ("The town fell in the winter of 2015.", TUE, "the winter of 2015", "DATE", "2015-WI"),
    ("Profits rose in the third quarter of 2015.", TUE, "the third quarter of 2015", "DATE", "2015-Q3"),
    # present, past, future references
    ("The town is now under siege.", TUE, "now", "DATE", "PRESENT_REF"),
    ("Aid is currently blocked.", TUE, "currently", "DATE", "PRESENT_REF"),
    ("The group recently split.", TUE, "recently", "DATE", "PAST_REF"),
    ("Such raids were common in the past.", TUE, "in the past", "DATE", "PAST_REF"),
    ("Talks may resume in the future.", TUE, "the future", "DATE", "FUTURE_REF"),
    ("Inflation rose in recent years.", TUE, "in recent years", "DATE", "PAST_REF"),
    ("Output in the current quarter fell.", TUE, "current quarter", "DATE", "2016-Q4"),
    ("The current session of parliament ended.", TUE, "current", "DATE", "PRESENT_REF"),
]


@pytest.mark.parametrize("sentence, published, expression, type_, value", CASES)
def test_expression_value(nlp, sentence, published, expression, type_, value):
    times = tag_times(nlp(sentence), published)
    found = {t.text: t for t in times}
    assert expression in found, f"{expression!r} not found; got {[t.text for t in times]}"
    timex = found[expression]
    assert (timex.type, timex.value) == (type_, value)
    assert sentence[timex.span[0]:timex.span[1]] == expression


@pytest.mark.parametrize("sentence", [
    "The siege ended on 31 February 2016.",  # no such day
    "Rebels attacked on 30 February.",
    "The report is dated 13/13/2016.",
    "The clock showed 25:99 GMT.",
])
def test_impossible_dates_are_dropped_not_crashed(nlp, sentence):
    for timex in tag_times(nlp(sentence), TUE):
        assert not timex.value.startswith("2016-02-3")
        assert not timex.value.startswith("2016-13")


@pytest.mark.parametrize("sentence", [
    "He may be released soon after talks.",  # "May" the verb, not the month
    "Rebels march on the capital.",  # "march" the verb
    "The 2,000 troops marched; 1,500 people fled.",
    "About 1990 people were displaced.",
    "The Arab Spring spread.",
    "The fall of Aleppo shocked the world.",
])
def test_non_time_words_are_not_tagged(nlp, sentence):
    times = tag_times(nlp(sentence), TUE)
    assert all(t.value not in ("2016-05", "2016-03", "2016-FA", "2016-SP", "1990", "2000") for t in times), times


def test_unanchored_relative_expressions_are_left_open(nlp):
    values = {t.text: t.value for t in tag_times(nlp("Rebels attacked on Monday and fled in March."), None)}
    assert values == {"Monday": "XXXX-WXX-1", "March": "XXXX-03"}


def test_anchor_is_recorded(nlp):
    times = tag_times(nlp("On 3 March 2015 rebels attacked. Two days later troops returned on Monday."), TUE)
    anchors = {t.text: t.anchor for t in times}
    assert anchors["Two days later"] == "2015-03-03"
    assert anchors["Monday"] == "published"
    assert anchors["3 March 2015"] is None


@pytest.mark.parametrize("value, type_, expected", [
    ("2016-11-28", "DATE", DateRange(dt.date(2016, 11, 28), None, 1)),
    ("2016-11-28TMO", "DATE", DateRange(dt.date(2016, 11, 28), None, 1)),
    ("2016-W47", "DATE", DateRange(dt.date(2016, 11, 21), dt.date(2016, 11, 27), 2)),
    ("2016-W47-WE", "DATE", DateRange(dt.date(2016, 11, 26), dt.date(2016, 11, 27), 2)),
    ("2020-W53", "DATE", DateRange(dt.date(2020, 12, 28), dt.date(2021, 1, 3), 2)),
    ("2016-02", "DATE", DateRange(dt.date(2016, 2, 1), dt.date(2016, 2, 29), 3)),
    ("2016", "DATE", DateRange(dt.date(2016, 1, 1), dt.date(2016, 12, 31), 3)),
    ("2016-Q3", "DATE", DateRange(dt.date(2016, 7, 1), dt.date(2016, 9, 30), 3)),
    ("2016-WI", "DATE", DateRange(dt.date(2016, 12, 1), dt.date(2017, 2, 28), 3)),
    ("P2W", "DURATION", DateRange(dt.date(2016, 11, 15), dt.date(2016, 11, 29), 3)),
    ("P3D", "DURATION", DateRange(dt.date(2016, 11, 26), dt.date(2016, 11, 29), 2)),
    ("PRESENT_REF", "DATE", DateRange(TUE, None, 1)),
    ("PAST_REF", "DATE", None),
    ("XXXX-03", "DATE", None),
    ("2016-02-30", "DATE", None),
])
def test_timex_range_for_event_dates(value, type_, expected):
    assert timex_range(Timex("x", (0, 1), type_, value), TUE) == expected


@pytest.mark.parametrize("text, date, clue", [
    ("ALEPPO, Nov 29 2016 (Reuters) - Rebels shelled the city.", dt.date(2016, 11, 29), "dateline"),
    ("Wed 05 Apr 2017 Syria attack symptoms reported.", dt.date(2017, 4, 5), "dateline"),
    ("Rebels shelled the city on Tuesday (29 November) in their 2016 offensive.", dt.date(2016, 11, 29), "weekday-day-month"),
    ("Rebels shelled the city on Sunday, 3 March, a year after the 2019 truce.", dt.date(2019, 3, 3), "weekday-day-month"),
    ("Rebels shelled the city. The photo was taken in Aleppo, which the army lost on "
     "4 June 2014 and retook on 22 December 2016.", dt.date(2016, 12, 22), "explicit-date"),
])
def test_document_date_inference(text, date, clue):
    found = infer_document_date(text)
    assert (found.date, found.clue) == (date, clue)
    assert found.span is not None


def test_no_date_clue_gives_none():
    assert infer_document_date("Rebels shelled the city on Monday.") is None


@pytest.mark.parametrize("sentence", ["The blast struck at 1800 GMT.", "The curfew starts at 2100 hours.",
                                      "Troops moved in at 1945 local time."])
def test_military_clock_times_are_not_years(nlp, sentence):
    assert all(not t.value[:4].isdigit() or t.type == "TIME" for t in tag_times(nlp(sentence), TUE))
