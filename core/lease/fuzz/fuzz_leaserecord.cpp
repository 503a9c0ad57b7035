// libFuzzer target: LeaseRecord::fromLease, which reads the Lease every candidate polls. Input: the
// Lease as JSON. Beyond "no crash":
//   - round trip: the record written back (toLease) reads back as the same record, and writing
//     that again gives the same Lease;
//   - the times it reads are valid or absent, never something toLease cannot write;
//   - its time parser agrees with KubeTime (the project's RFC 3339 reader) wherever KubeTime reads
//     the text, to the millisecond (Qt rounds a finer fraction, KubeTime cuts it).
#include "json/kubetime.h"
#include "lease/leaserecord.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz_leaserecord: %s %s\n", what, qPrintable(detail));
    std::abort();
}

void checkTime(const QJsonValue &value)
{
    const QString text = value.toString();
    const QDateTime parsed = cvc::LeaseRecord::parseTime(text);
    const std::optional<QDateTime> kube = cvc::KubeTime::parse(text);
    if (kube && (!parsed.isValid() || std::abs(parsed.msecsTo(*kube)) > 1))
        fail("LeaseRecord and KubeTime read the same time differently", text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonObject lease =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size))).object();
    const cvc::LeaseRecord record = cvc::LeaseRecord::fromLease(lease);
    const QJsonObject spec = lease.value(QLatin1String("spec")).toObject();
    checkTime(spec.value(QLatin1String("acquireTime")));
    checkTime(spec.value(QLatin1String("renewTime")));

    const QJsonObject written = record.toLease(QStringLiteral("cvc-system"), QStringLiteral("cvc-operator"));
    const cvc::LeaseRecord again = cvc::LeaseRecord::fromLease(written);
    if (!again.sameAs(record) || again.resourceVersion != record.resourceVersion) {
        std::fprintf(stderr, "%s\n", QJsonDocument(written).toJson().constData());
        fail("the record written back reads back as another");
    }
    if (again.toLease(QStringLiteral("cvc-system"), QStringLiteral("cvc-operator")) != written)
        fail("writing the record twice gives two Leases");
    return 0;
}
