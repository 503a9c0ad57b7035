#include "historyrange.h"

namespace cvc {

namespace {
constexpr qint64 minute = 60 * 1000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;
} // namespace

QList<HistoryRange> allHistoryRanges()
{
    return {HistoryRange::Hour, HistoryRange::Day, HistoryRange::Week, HistoryRange::Month,
            HistoryRange::Year};
}

QString historyRangeLabel(HistoryRange range)
{
    switch (range) {
    case HistoryRange::Hour: return QStringLiteral("1h");
    case HistoryRange::Day: return QStringLiteral("24h");
    case HistoryRange::Week: return QStringLiteral("7d");
    case HistoryRange::Month: return QStringLiteral("30d");
    case HistoryRange::Year: return QStringLiteral("1y");
    }
    return {};
}

qint64 historyRangeSpanMs(HistoryRange range)
{
    switch (range) {
    case HistoryRange::Hour: return hour;
    case HistoryRange::Day: return day;
    case HistoryRange::Week: return 7 * day;
    case HistoryRange::Month: return 30 * day;
    case HistoryRange::Year: return 365 * day;
    }
    return day;
}

qint64 historyRangeBucketMs(HistoryRange range)
{
    // One point a minute for the last hour (the tick rate of a keyless plan), then coarser so a
    // year is 365 daily points rather than half a million samples.
    switch (range) {
    case HistoryRange::Hour: return minute;
    case HistoryRange::Day: return 10 * minute;
    case HistoryRange::Week: return hour;
    case HistoryRange::Month: return 6 * hour;
    case HistoryRange::Year: return day;
    }
    return hour;
}

} // namespace cvc
