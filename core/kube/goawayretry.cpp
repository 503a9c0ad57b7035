#include "goawayretry.h"

#include <QNetworkReply>

#include <algorithm>

namespace cvc {

namespace {
constexpr int MaxAttempts = 8;
constexpr int FirstDelayMs = 50;
constexpr int MaxDelayMs = 2000;
}

bool GoAwayRetry::wasRefused(const QNetworkReply *reply)
{
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        return false;
    // ProtocolUnknownError also means a scheme Qt cannot speak; ours are always http(s).
    const QString scheme = reply->url().scheme();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return false;
    return reply->error() == QNetworkReply::ContentReSendError || reply->error() == QNetworkReply::ProtocolUnknownError;
}

int GoAwayRetry::nextDelayMs()
{
    if (m_attempts >= MaxAttempts)
        return -1;
    return std::min(FirstDelayMs << m_attempts++, MaxDelayMs);
}

} // namespace cvc
