#include "faultinjector.h"

#include "objectstore.h"
#include "watchhub.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>

namespace cvc::sandbox {

namespace {

const QString TargetKey = QStringLiteral("target");
const QString TargetShape = QStringLiteral("target must be {\"user\":\"NAME\"} or {\"userAgent\":\"PREFIX\"}");

} // namespace

bool FaultInjector::Target::matches(const Client &client) const
{
    return user.isEmpty() ? client.userAgent.startsWith(userAgentPrefix) : client.user == user;
}

QJsonObject FaultInjector::Target::toJson() const
{
    return user.isEmpty() ? QJsonObject{{QStringLiteral("userAgent"), userAgentPrefix}}
                          : QJsonObject{{QStringLiteral("user"), user}};
}

FaultInjector::FaultInjector(WatchHub *hub, ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_store(store)
{
}

bool FaultInjector::parseTarget(const QJsonValue &value, Target *target, QString *error)
{
    const QJsonObject object = value.toObject();
    if (!value.isObject() || object.size() != 1) {
        *error = TargetShape;
        return false;
    }
    const QString text = object.begin().value().toString();
    if (text.isEmpty()) {
        *error = TargetShape + QStringLiteral(" with a non-empty string");
        return false;
    }
    if (object.contains(QStringLiteral("user"))) {
        target->user = text;
    } else if (object.contains(QStringLiteral("userAgent"))) {
        target->userAgentPrefix = text;
    } else {
        *error = TargetShape;
        return false;
    }
    return true;
}

bool FaultInjector::parseSettings(const QJsonObject &request, const Settings &current, Settings *updated, QString *error)
{
    const double ratio = request.value(QStringLiteral("failRatio")).toDouble(current.failRatio);
    if (ratio < 0.0 || ratio > 1.0) {
        *error = QStringLiteral("failRatio must be between 0 and 1");
        return false;
    }
    const int status = request.value(QStringLiteral("failStatus")).toInt(current.failStatus);
    if (status != 500 && status != 503 && status != 429 && status != 502 && status != 504) {
        *error = QStringLiteral("failStatus must be one of 429, 500, 502, 503, 504");
        return false;
    }
    const int retryAfter = request.value(QStringLiteral("retryAfterSeconds")).toInt(current.retryAfterSeconds);
    const int latency = request.value(QStringLiteral("latencyMs")).toInt(current.latencyMs);
    if (retryAfter < 0 || latency < 0 || latency > 60000) {
        *error = QStringLiteral("retryAfterSeconds must be >= 0 and latencyMs between 0 and 60000");
        return false;
    }
    *updated = current;
    if (request.contains(QStringLiteral("failRatio"))) {
        updated->failRatio = ratio;
        updated->failDebt = 0.0;
    }
    updated->failStatus = status;
    updated->retryAfterSeconds = retryAfter;
    updated->latencyMs = latency;
    return true;
}

bool FaultInjector::apply(const QJsonObject &request, QString *error)
{
    static const QSet<QString> known = {QStringLiteral("dropWatches"), QStringLiteral("failRatio"),
                                        QStringLiteral("failStatus"),  QStringLiteral("retryAfterSeconds"),
                                        QStringLiteral("latencyMs"),   QStringLiteral("compact"),
                                        QStringLiteral("reset"),       QStringLiteral("goAway"),
                                        TargetKey};
    for (auto it = request.begin(); it != request.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = QStringLiteral("unknown fault \"%1\"; known: dropWatches, failRatio, failStatus, "
                                    "retryAfterSeconds, latencyMs, compact, reset, goAway, target")
                         .arg(it.key());
            return false;
        }
    }
    const bool reset = request.value(QStringLiteral("reset")).toBool();
    const bool compact = request.value(QStringLiteral("compact")).toBool();
    const bool dropWatches = request.value(QStringLiteral("dropWatches")).toBool();
    const bool goAway = request.value(QStringLiteral("goAway")).toBool();

    if (request.contains(TargetKey)) {
        Target target;
        if (!parseTarget(request.value(TargetKey), &target, error))
            return false;
        if (compact || dropWatches || goAway) {
            *error = QStringLiteral("dropWatches, goAway and compact act on every client; send them without a target");
            return false;
        }
        qsizetype index = 0;
        while (index < m_targeted.size() && !(m_targeted.at(index).target == target))
            ++index;
        const bool existing = index < m_targeted.size();
        Settings updated;
        if (!parseSettings(request, reset || !existing ? Settings() : m_targeted.at(index).settings, &updated, error))
            return false;
        const bool onlyReset = reset && request.size() == 2;   // {"target":…,"reset":true}
        if (onlyReset) {
            if (existing)
                m_targeted.removeAt(index);
        } else if (existing) {
            m_targeted[index].settings = updated;
        } else {
            m_targeted.append({target, updated});
        }
        return true;
    }

    Settings updated;
    if (!parseSettings(request, reset ? Settings() : m_global, &updated, error))
        return false;
    m_global = updated;
    if (reset)
        m_targeted.clear();
    if (compact)
        m_hub->compact(m_store->resourceVersion());
    if (dropWatches)
        m_hub->dropAllWatches();
    // A restarting kube-apiserver ends its watches and sends GOAWAY on every h2 connection.
    if (goAway || dropWatches)
        Q_EMIT goAwayRequested();
    return true;
}

QJsonObject FaultInjector::toJson(const Settings &settings)
{
    return QJsonObject{{QStringLiteral("failRatio"), settings.failRatio},
                       {QStringLiteral("failStatus"), settings.failStatus},
                       {QStringLiteral("retryAfterSeconds"), settings.retryAfterSeconds},
                       {QStringLiteral("latencyMs"), settings.latencyMs}};
}

QJsonObject FaultInjector::settings() const
{
    QJsonObject out = toJson(m_global);
    out.insert(QStringLiteral("injectedFailures"), m_injectedFailures);
    out.insert(QStringLiteral("watchHistoryFloor"), QString::number(m_hub->floorResourceVersion()));
    QJsonArray targets;
    for (const TargetedSettings &targeted : m_targeted) {
        QJsonObject entry = toJson(targeted.settings);
        entry.insert(TargetKey, targeted.target.toJson());
        entry.insert(QStringLiteral("injectedFailures"), targeted.settings.injectedFailures);
        targets.append(entry);
    }
    out.insert(QStringLiteral("targets"), targets);
    return out;
}

qsizetype FaultInjector::targetIndexFor(const Client &client) const
{
    for (qsizetype i = 0; i < m_targeted.size(); ++i) {
        if (m_targeted.at(i).target.matches(client))
            return i;
    }
    return -1;
}

int FaultInjector::latencyMs(const Client &client) const
{
    const qsizetype index = targetIndexFor(client);
    return index < 0 ? m_global.latencyMs : m_targeted.at(index).settings.latencyMs;
}

bool FaultInjector::shouldFail(const Client &client, int *status, int *retryAfterSeconds)
{
    const qsizetype index = targetIndexFor(client);
    Settings &settings = index < 0 ? m_global : m_targeted[index].settings;
    if (settings.failRatio <= 0.0)
        return false;
    // A running debt rather than a dice roll: the share of failures is exact over a few requests,
    // so tests asserting "about 30 %" are not flaky; a random start avoids a fixed pattern.
    if (settings.failDebt == 0.0)
        settings.failDebt = QRandomGenerator::global()->generateDouble() * settings.failRatio;
    settings.failDebt += settings.failRatio;
    if (settings.failDebt < 1.0)
        return false;
    settings.failDebt -= 1.0;
    ++settings.injectedFailures;
    ++m_injectedFailures;
    *status = settings.failStatus;
    *retryAfterSeconds = settings.retryAfterSeconds;
    return true;
}

} // namespace cvc::sandbox
