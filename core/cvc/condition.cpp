#include "condition.h"

namespace cvc {

QString Condition::describe() const
{
    if (reason.isEmpty())
        return message;
    if (message.isEmpty())
        return reason;
    return reason + QStringLiteral(": ") + message;
}

QString Condition::statusText(Status status)
{
    switch (status) {
    case Status::True: return QStringLiteral("True");
    case Status::False: return QStringLiteral("False");
    case Status::Unknown: break;
    }
    return QStringLiteral("Unknown");
}

Condition Condition::fromJson(const QJsonObject &object)
{
    Condition c;
    c.type = object.value(QStringLiteral("type")).toString();
    const QString status = object.value(QStringLiteral("status")).toString();
    c.status = status == QLatin1String("True") ? Status::True
               : status == QLatin1String("False") ? Status::False
                                                  : Status::Unknown;
    c.reason = object.value(QStringLiteral("reason")).toString();
    c.message = object.value(QStringLiteral("message")).toString();
    c.lastTransitionTime = object.value(QStringLiteral("lastTransitionTime")).toString();
    const QJsonValue generation = object.value(QStringLiteral("observedGeneration"));
    if (generation.isDouble())
        c.observedGeneration = generation.toInteger();
    return c;
}

QJsonObject Condition::toJson() const
{
    QJsonObject o{
        {QStringLiteral("type"), type},
        {QStringLiteral("status"), statusText(status)},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("message"), message},
    };
    if (!lastTransitionTime.isEmpty())
        o.insert(QStringLiteral("lastTransitionTime"), lastTransitionTime);
    if (observedGeneration)
        o.insert(QStringLiteral("observedGeneration"), *observedGeneration);
    return o;
}

} // namespace cvc
