#pragma once

// One fuzz input carrying several texts (a path and a document, a document and a patch, …):
// the parts are separated by NUL bytes, which no JSON, YAML or selector text contains.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size)
        : m_parts(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)).split('\0'))
    {
    }

    // The i-th part, empty when the input has fewer.
    QByteArray part(int i) const { return m_parts.value(i); }

    // A part as a JSON value (any JSON value; `{"v":…}` wrapping keeps Qt's parser happy with
    // scalars), or nothing when it is not JSON.
    std::optional<QJsonValue> json(int i) const
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson("{\"v\":" + part(i) + "}", &error);
        if (error.error != QJsonParseError::NoError)
            return std::nullopt;
        return document.object().value(QStringLiteral("v"));
    }

private:
    QList<QByteArray> m_parts;
};

// An oracle failed: say which, then abort so libFuzzer keeps the input.
[[noreturn]] inline void fuzzFailure(const char *what)
{
    std::fprintf(stderr, "oracle failed: %s\n", what);
    std::abort();
}
