#pragma once

#include "condition.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QStringList>

namespace cvc {

// status.conditions: at most one condition per type (a list-map keyed by type).
class Conditions
{
public:
    Conditions() = default;
    explicit Conditions(QList<Condition> conditions) : m_conditions(std::move(conditions)) {}

    // The first condition of `type` (the API allows one per type); nullptr when there is none.
    const Condition *find(QStringView type) const;
    bool isTrue(QStringView type) const;

    // Sets condition `type`, keeping its lastTransitionTime while its status stays the same
    // (the Kubernetes convention: the time says when the status last flipped).
    void set(const QString &type, Condition::Status status, const QString &reason, const QString &message,
             qint64 observedGeneration, const QDateTime &now);

    // `first` in that order, then every other type as it was: a fixed order keeps the array
    // stable, so the same status compares equal from one reconcile to the next.
    Conditions ordered(const QStringList &first) const;

    const QList<Condition> &list() const { return m_conditions; }
    bool isEmpty() const { return m_conditions.isEmpty(); }

    static Conditions fromJson(const QJsonArray &array);
    QJsonArray toJson() const;

    friend bool operator==(const Conditions &, const Conditions &) = default;

private:
    QList<Condition> m_conditions;
};

} // namespace cvc
