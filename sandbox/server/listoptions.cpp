#include "listoptions.h"

#include "apimachinery/queryboolean.h"
#include "apimachinery/statuserror.h"
#include "apirequest.h"

namespace cvc::sandbox {

namespace {

StatusError listOptionsInvalid(const FieldError &error)
{
    return StatusError::invalid(QStringLiteral("ListOptions"), QStringLiteral("meta.k8s.io"), QString(), {error});
}

} // namespace

std::optional<ListOptions> ListOptions::fromRequest(const ApiRequest &request, std::optional<StatusError> *error)
{
    ListOptions options;
    options.watch = request.queryFlag(QStringLiteral("watch"));
    options.allowWatchBookmarks = request.queryFlag(QStringLiteral("allowWatchBookmarks"));
    if (const auto initial = request.query(QStringLiteral("sendInitialEvents"))) {
        const auto parsed = QueryBoolean::parseGoBool(*initial);
        if (!parsed) {
            *error = StatusError::badRequest(QStringLiteral("sendInitialEvents: invalid boolean value \"%1\"").arg(*initial));
            return std::nullopt;
        }
        options.sendInitialEvents = *parsed;
    }
    const QString rv = request.queryValue(QStringLiteral("resourceVersion"));
    if (!rv.isEmpty()) {
        bool ok = false;
        options.resourceVersion = rv.toLongLong(&ok);
        if (!ok || options.resourceVersion < 0) {
            *error = StatusError::badRequest(QStringLiteral("invalid resource version: %1").arg(rv));
            return std::nullopt;
        }
        options.hasResourceVersion = true;
    }
    if (const auto timeout = request.query(QStringLiteral("timeoutSeconds"))) {
        bool ok = false;
        const int seconds = timeout->toInt(&ok);
        if (!ok || seconds < 0) {
            *error = StatusError::badRequest(QStringLiteral("timeoutSeconds: invalid value \"%1\"").arg(*timeout));
            return std::nullopt;
        }
        if (seconds > 0)
            options.timeoutSeconds = seconds;
    }
    if (const auto limit = request.query(QStringLiteral("limit")); limit && !limit->isEmpty()) {
        bool ok = false;
        options.limit = limit->toLongLong(&ok);
        if (options.limit < 0 || !ok) {
            *error = StatusError::badRequest(QStringLiteral("limit: invalid value \"%1\": must be a non-negative integer").arg(*limit));
            return std::nullopt;
        }
    }
    options.continueToken = request.queryValue(QStringLiteral("continue"));
    options.resourceVersionMatch = request.queryValue(QStringLiteral("resourceVersionMatch"));
    const QString &match = options.resourceVersionMatch;
    if (!match.isEmpty() && match != QLatin1String("Exact") && match != QLatin1String("NotOlderThan")) {
        *error = listOptionsInvalid(FieldError::notSupported(QStringLiteral("resourceVersionMatch"), match,
                                                             {QStringLiteral("Exact"), QStringLiteral("NotOlderThan")}));
        return std::nullopt;
    }
    if (options.watch) {
        const bool initialEvents = options.sendInitialEvents.value_or(false);
        if (options.sendInitialEvents.has_value()) {
            if (match != QLatin1String("NotOlderThan")) {
                *error = listOptionsInvalid(FieldError::forbidden(
                    QStringLiteral("resourceVersionMatch"),
                    QStringLiteral("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")));
                return std::nullopt;
            }
            if (initialEvents && !options.allowWatchBookmarks) {
                *error = listOptionsInvalid(FieldError::forbidden(
                    QStringLiteral("allowWatchBookmarks"), QStringLiteral("allowWatchBookmarks must be set when sendInitialEvents is set")));
                return std::nullopt;
            }
        } else if (!match.isEmpty()) {
            *error = listOptionsInvalid(FieldError::forbidden(
                QStringLiteral("resourceVersionMatch"),
                QStringLiteral("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")));
            return std::nullopt;
        }
        return options;
    }
    // Every broken rule at once, in ValidateListOptions' order (one 422 with a cause each).
    FieldErrorList errors;
    if (!match.isEmpty() && !options.hasResourceVersion)
        errors.append(FieldError::forbidden(QStringLiteral("resourceVersionMatch"),
                                            QStringLiteral("resourceVersionMatch is forbidden unless resourceVersion is provided")));
    // A continue token carries its own resourceVersion; a match rule could only contradict it.
    if (!match.isEmpty() && !options.continueToken.isEmpty())
        errors.append(FieldError::forbidden(QStringLiteral("resourceVersionMatch"),
                                            QStringLiteral("resourceVersionMatch is forbidden when continue is provided")));
    if (match == QLatin1String("Exact") && options.hasResourceVersion && options.resourceVersion == 0)
        errors.append(FieldError::forbidden(QStringLiteral("resourceVersionMatch"),
                                            QStringLiteral("resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")));
    if (options.sendInitialEvents.has_value())
        errors.append(FieldError::forbidden(QStringLiteral("sendInitialEvents"), QStringLiteral("sendInitialEvents is forbidden for list")));
    if (!errors.isEmpty()) {
        *error = StatusError::invalid(QStringLiteral("ListOptions"), QStringLiteral("meta.k8s.io"), QString(), errors);
        return std::nullopt;
    }
    return options;
}

} // namespace cvc::sandbox
