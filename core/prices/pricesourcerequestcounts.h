#pragma once

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

namespace cvc {

class PriceSourceResult;

// How many requests each price source was sent and what came back, by HTTP status ("200",
// "429", "503") or by what happened instead ("timeout", "error" for no HTTP answer), since the
// process started: what /metrics reports per source. Ticks that asked a source nothing (it knew
// none of the coins, or it was held after a failure) are not requests and are not counted.
class PriceSourceRequestCounts
{
public:
    struct Count
    {
        QString source;   // PriceSource::id()
        QString code;     // "200", "429", "timeout", "error"
        qint64 requests = 0;
    };

    void record(const QString &source, const PriceSourceResult &result);
    // Sorted by source, then code, so /metrics lists them the same way every time.
    QList<Count> counts() const;
    qint64 requests(const QString &source, const QString &code) const;

    static QString codeOf(const PriceSourceResult &result);

private:
    QMap<QPair<QString, QString>, qint64> m_counts;
};

} // namespace cvc
