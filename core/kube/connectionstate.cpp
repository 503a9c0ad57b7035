#include "connectionstate.h"

namespace cvc {

QString ConnectionState::phaseName() const
{
    switch (phase) {
    case Phase::Idle: return QStringLiteral("Idle");
    case Phase::Connecting: return QStringLiteral("Connecting");
    case Phase::Live: return QStringLiteral("Live");
    case Phase::Reconnecting: return QStringLiteral("Reconnecting");
    case Phase::Failed: return QStringLiteral("Failed");
    }
    return {};
}

QString ConnectionState::toString() const
{
    QString text = phaseName();
    if (since.isValid() && phase != Phase::Idle)
        text += QStringLiteral(" since ") + since.toUTC().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" UTC");
    if (!reason.isEmpty())
        text += QStringLiteral(": ") + reason;
    if (error && !reason.contains(error->message))
        text += QStringLiteral(" (") + error->toString() + QLatin1Char(')');
    return text;
}

} // namespace cvc
