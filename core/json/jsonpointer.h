#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace cvc {

// JSON Pointer, RFC 6901: "/a/b~1c/0" names a location in a document.
class JsonPointer
{
public:
    // Splits and unescapes (`~1` → `/`, `~0` → `~`). Returns std::nullopt when the text is not a
    // pointer (non-empty without a leading '/', or a `~` not followed by 0 or 1).
    static std::optional<JsonPointer> parse(const QString &text);

    const QStringList &tokens() const { return m_tokens; }
    bool isRoot() const { return m_tokens.isEmpty(); }
    QString toString() const;

    // The value at this pointer, or std::nullopt when a step is missing.
    std::optional<QJsonValue> resolve(const QJsonValue &document) const;

    // Escapes one reference token (`~` → `~0`, `/` → `~1`).
    static QString escapeToken(const QString &token);

private:
    QStringList m_tokens;
};

} // namespace cvc
