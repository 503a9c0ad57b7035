#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace cvc {

// The spans a history chart can show. Each has a bucket width so that every range
// yields at most a few hundred points, whatever the sample rate was.
enum class HistoryRange { Hour, Day, Week, Month, Year };

QList<HistoryRange> allHistoryRanges();
QString historyRangeLabel(HistoryRange range);   // "1h", "24h", "7d", "30d", "1y"
qint64 historyRangeSpanMs(HistoryRange range);
qint64 historyRangeBucketMs(HistoryRange range);

struct HistoryPoint
{
    QDateTime time;
    double value = 0;
};

} // namespace cvc
