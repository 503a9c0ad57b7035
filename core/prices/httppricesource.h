#pragma once

#include "pricesource.h"

#include <QByteArray>
#include <QPointer>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;

namespace cvc {

// The shared half of the keyless HTTP sources: one GET per fetch on the source's root, with a
// transfer timeout, classified into a PriceSourceResult (429 with its Retry-After, other statuses,
// network errors, timeouts). Subclasses only say which URL prices the coins and how to read the
// body, in a pure parser of their own.
class HttpPriceSource : public PriceSource
{
    Q_OBJECT
public:
    HttpPriceSource(const QUrl &root, std::chrono::milliseconds timeout, QObject *parent = nullptr);
    ~HttpPriceSource() override;

    QUrl root() const { return m_root; }
    QString configurationError() const override;
    void fetch(const QStringList &coins, QObject *context, Callback done) override;

    // What an error body says, cut to a line of printable text: never a page of HTML in a status.
    static QString errorExcerpt(const QByteArray &body);

protected:
    // The one GET that prices coins; an invalid URL when none of the coins can be asked.
    virtual QUrl requestUrl(const QStringList &coins) const = 0;
    virtual PriceSourceResult parse(const QByteArray &body, const QStringList &coins,
                                    const QDateTime &fetchedAt) const = 0;

private:
    QUrl m_root;
    std::chrono::milliseconds m_timeout;
    QNetworkAccessManager *m_manager;
};

} // namespace cvc
