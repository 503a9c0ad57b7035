#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc {

// One entry of status.conditions, as metav1.Condition defines it.
struct Condition
{
    enum class Status { True, False, Unknown };

    QString type;
    Status status = Status::Unknown;
    QString reason;
    QString message;
    QString lastTransitionTime;               // RFC 3339, kept verbatim
    std::optional<qint64> observedGeneration;

    bool isTrue() const { return status == Status::True; }
    // "Reason: message", or whichever of the two there is: what a tooltip or a log line shows.
    QString describe() const;

    static QString statusText(Status status);   // "True", "False", "Unknown"
    static Condition fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const Condition &, const Condition &) = default;
};

} // namespace cvc
