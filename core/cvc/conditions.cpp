#include "conditions.h"

namespace cvc {

const Condition *Conditions::find(QStringView type) const
{
    for (const Condition &c : m_conditions) {
        if (c.type == type)
            return &c;
    }
    return nullptr;
}

bool Conditions::isTrue(QStringView type) const
{
    const Condition *c = find(type);
    return c && c->isTrue();
}

void Conditions::set(const QString &type, Condition::Status status, const QString &reason, const QString &message,
                     qint64 observedGeneration, const QDateTime &now)
{
    Condition next;
    next.type = type;
    next.status = status;
    next.reason = reason;
    next.message = message;
    next.observedGeneration = observedGeneration;
    next.lastTransitionTime = now.toUTC().toString(Qt::ISODate);
    bool placed = false;
    for (Condition &c : m_conditions) {
        if (c.type != type)
            continue;
        if (c.status == status && !c.lastTransitionTime.isEmpty())
            next.lastTransitionTime = c.lastTransitionTime;
        c = next;
        placed = true;
    }
    if (!placed)
        m_conditions.append(next);
}

Conditions Conditions::ordered(const QStringList &first) const
{
    QList<Condition> out;
    out.reserve(m_conditions.size());
    for (const QString &type : first) {
        for (const Condition &c : m_conditions) {
            if (c.type == type)
                out.append(c);
        }
    }
    for (const Condition &c : m_conditions) {
        if (!first.contains(c.type))
            out.append(c);
    }
    return Conditions(std::move(out));
}

Conditions Conditions::fromJson(const QJsonArray &array)
{
    QList<Condition> list;
    list.reserve(array.size());
    for (const QJsonValue &v : array)
        list.append(Condition::fromJson(v.toObject()));
    return Conditions(std::move(list));
}

QJsonArray Conditions::toJson() const
{
    QJsonArray array;
    for (const Condition &c : m_conditions)
        array.append(c.toJson());
    return array;
}

} // namespace cvc
