// libFuzzer target: KubeError::fromStatus, which reads every error body the API server (or
// anything claiming to be it) answers, and ERROR watch events. Input: two bytes of HTTP status
// (0 as for watch events, 200 as for a Status inside a 200), then the body as KubeClient reads it.
// Beyond "no crash":
//   - the HTTP status is the transport's, or the Status' code when there was none (watch events);
//   - round trip: the error written back as a Status body (as kube-apiserver writes one) reads
//     back as the same error;
//   - what a person sees (toString) says something for every HTTP error and carries every cause.
#include "kubeerror.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_kubeerror: %s\n", what);
    std::abort();
}

QJsonObject toStatus(const cvc::KubeError &e)
{
    QJsonObject details;
    if (!e.detailsName.isEmpty())
        details.insert(QStringLiteral("name"), e.detailsName);
    if (!e.detailsKind.isEmpty())
        details.insert(QStringLiteral("kind"), e.detailsKind);
    if (!e.detailsGroup.isEmpty())
        details.insert(QStringLiteral("group"), e.detailsGroup);
    if (!e.causes.isEmpty())
        details.insert(QStringLiteral("causes"), e.causes);
    if (e.retryAfterSeconds != -1)
        details.insert(QStringLiteral("retryAfterSeconds"), e.retryAfterSeconds);
    QJsonObject status{{QStringLiteral("kind"), QStringLiteral("Status")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("status"), QStringLiteral("Failure")},
                       {QStringLiteral("code"), e.httpStatus}};
    if (!e.reason.isEmpty())
        status.insert(QStringLiteral("reason"), e.reason);
    if (!e.message.isEmpty())
        status.insert(QStringLiteral("message"), e.message);
    if (!details.isEmpty())
        status.insert(QStringLiteral("details"), details);
    return status;
}

bool same(const cvc::KubeError &a, const cvc::KubeError &b)
{
    return a.httpStatus == b.httpStatus && a.reason == b.reason && a.message == b.message && a.causes == b.causes
        && a.detailsName == b.detailsName && a.detailsKind == b.detailsKind && a.detailsGroup == b.detailsGroup
        && a.retryAfterSeconds == b.retryAfterSeconds;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int httpStatus = (data[0] << 8 | data[1]) % 1000;
    const QJsonObject body =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2))).object();

    const cvc::KubeError e = cvc::KubeError::fromStatus(body, httpStatus);
    const bool isStatus = body.value(QLatin1String("kind")).toString() == QLatin1String("Status");
    const int expectedStatus =
        isStatus && (httpStatus == 0 || httpStatus == 200) ? body.value(QLatin1String("code")).toInt() : httpStatus;
    if (e.httpStatus != expectedStatus)
        fail("the HTTP status is neither the transport's nor, without one, the Status code");

    const cvc::KubeError again = cvc::KubeError::fromStatus(toStatus(e), e.httpStatus);
    if (!same(e, again))
        fail("the error written back as a Status reads back as another error");

    const QString text = e.toString();
    if (e.httpStatus != 0 && text.isEmpty())
        fail("an HTTP error prints as nothing");
    if (e.httpStatus != 0 && e.httpStatus != 401 && !e.message.isEmpty() && !text.contains(e.message))
        fail("the printed error lacks the server's message");
    for (const QJsonValue &cause : e.causes) {
        const QString message = cause.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty() && !text.contains(message))
            fail("the printed error lacks a cause");
    }
    return 0;
}
