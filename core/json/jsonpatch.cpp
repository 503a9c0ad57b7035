#include "json/jsonpatch.h"

#include "json/gofmt.h"
#include "json/jsonpointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <functional>

namespace cvc {

namespace {

enum class Edit { Add, Remove, Replace };

// Array index of a token for `edit`: "-" (append) only for add; no leading zeros.
int arrayIndex(const QString &token, qsizetype size, Edit edit, QString *error)
{
    if (token == QLatin1String("-")) {
        if (edit == Edit::Add)
            return int(size);
        *error = QStringLiteral("\"-\" may only be used to add to an array");
        return -1;
    }
    bool ok = false;
    const int index = token.toInt(&ok);
    if (!ok || index < 0 || (token.size() > 1 && token.startsWith(QLatin1Char('0')))) {
        *error = QStringLiteral("invalid array index %1").arg(token);
        return -1;
    }
    const qsizetype limit = edit == Edit::Add ? size : size - 1;
    if (index > limit) {
        *error = QStringLiteral("array index %1 out of bounds (size %2)").arg(index).arg(size);
        return -1;
    }
    return index;
}

// Applies `edit` at tokens[depth..] below `node`. `removed` receives the old value for Remove.
bool editAt(QJsonValue &node, const QStringList &tokens, int depth, Edit edit,
            const QJsonValue &value, QJsonValue *removed, QString *error)
{
    const QString &token = tokens.at(depth);
    const bool last = depth == tokens.size() - 1;
    if (node.isObject()) {
        QJsonObject object = node.toObject();
        if (last) {
            if (edit != Edit::Add && !object.contains(token)) {
                *error = QStringLiteral("missing key \"%1\"").arg(token);
                return false;
            }
            if (removed)
                *removed = object.value(token);
            if (edit == Edit::Remove)
                object.remove(token);
            else
                object.insert(token, value);
        } else {
            if (!object.contains(token)) {
                *error = QStringLiteral("missing key \"%1\"").arg(token);
                return false;
            }
            QJsonValue child = object.value(token);
            if (!editAt(child, tokens, depth + 1, edit, value, removed, error))
                return false;
            object.insert(token, child);
        }
        node = object;
        return true;
    }
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        const int index = arrayIndex(token, array.size(), last ? edit : Edit::Replace, error);
        if (index < 0)
            return false;
        if (last) {
            if (edit == Edit::Add) {
                array.insert(index, value);
            } else {
                if (removed)
                    *removed = array.at(index);
                if (edit == Edit::Remove)
                    array.removeAt(index);
                else
                    array.replace(index, value);
            }
        } else {
            QJsonValue child = array.at(index);
            if (!editAt(child, tokens, depth + 1, edit, value, removed, error))
                return false;
            array.replace(index, child);
        }
        node = array;
        return true;
    }
    *error = QStringLiteral("cannot descend into a %1 at \"%2\"")
                 .arg(node.isNull() ? QStringLiteral("null") : QStringLiteral("scalar"), token);
    return false;
}

bool applyEdit(QJsonValue &document, const JsonPointer &pointer, Edit edit, const QJsonValue &value,
               QJsonValue *removed, QString *error)
{
    if (pointer.isRoot()) {
        if (edit == Edit::Remove) {
            *error = QStringLiteral("cannot remove the whole document");
            return false;
        }
        if (removed)
            *removed = document;
        document = value;
        return true;
    }
    return editAt(document, pointer.tokens(), 0, edit, value, removed, error);
}

// Length of a string as Go's encoding/json writes it (json.Marshal escapes <, > and & for HTML).
qint64 encodedStringLength(const QString &text)
{
    qint64 length = 2;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'"' || c == u'\\' || c == u'\n' || c == u'\r' || c == u'\t' || c == u'\b' || c == u'\f')
            length += 2;
        else if (c < 0x20 || c == u'<' || c == u'>' || c == u'&' || c == 0x2028 || c == 0x2029)
            length += 6;
        else if (c < 0x80)
            length += 1;
        else if (c < 0x800)
            length += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            length += 4, ++i;
        else
            length += 3;
    }
    return length;
}

// What one walk over a value learns: its serialized size (compact, as Go writes it) and how many
// levels of objects and arrays it has.
struct Measure
{
    qint64 bytes = 0;
    int depth = 0;
};

// Walks a value for Measure, never deeper than `levelsLeft` levels: past that it only reports a
// depth beyond the limit, so a hostile value cannot make this recurse without bound. Each visited
// value spends one unit of `budget`; false once the budget is gone.
bool measure(const QJsonValue &value, int levelsLeft, qint64 *budget, Measure *out)
{
    if (--*budget < 0)
        return false;
    switch (value.type()) {
    case QJsonValue::Null: out->bytes += 4; return true;
    case QJsonValue::Bool: out->bytes += value.toBool() ? 4 : 5; return true;
    case QJsonValue::Double: out->bytes += GoFormat::formatNumber(value.toDouble()).size(); return true;
    case QJsonValue::String: out->bytes += encodedStringLength(value.toString()); return true;
    case QJsonValue::Undefined: return true;
    case QJsonValue::Array:
    case QJsonValue::Object: break;
    }
    if (levelsLeft <= 0) {
        out->depth = JsonPatch::MaxDepth + 1;
        return true;
    }
    int deepest = 0;
    auto child = [&](const QJsonValue &item) {
        Measure m;
        if (!measure(item, levelsLeft - 1, budget, &m))
            return false;
        out->bytes += m.bytes;
        deepest = std::max(deepest, m.depth);
        return true;
    };
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        out->bytes += 2 + std::max<qsizetype>(array.size() - 1, 0);
        for (const QJsonValue &item : array) {
            if (!child(item))
                return false;
        }
    } else {
        const QJsonObject object = value.toObject();
        out->bytes += 2 + std::max<qsizetype>(object.size() - 1, 0);
        for (auto it = object.begin(); it != object.end(); ++it) {
            out->bytes += encodedStringLength(it.key()) + 1;
            if (!child(it.value()))
                return false;
        }
    }
    out->depth = std::min(deepest + 1, JsonPatch::MaxDepth + 1);
    return true;
}

JsonPatchResult failure(JsonPatchResult::Error kind, const QString &message)
{
    JsonPatchResult result;
    result.error = kind;
    result.message = message;
    return result;
}

} // namespace

JsonPatchResult JsonPatch::apply(const QJsonValue &document, const QByteArray &patchJson)
{
    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(patchJson, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure(JsonPatchResult::Error::InvalidPatch,
                       QStringLiteral("invalid JSON patch: %1 at offset %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!parsed.isArray())
        return failure(JsonPatchResult::Error::InvalidPatch,
                       QStringLiteral("invalid JSON patch: expected an array of operations"));
    return apply(document, QJsonValue(parsed.array()));
}

JsonPatchResult JsonPatch::apply(const QJsonValue &document, const QJsonValue &patch)
{
    if (!patch.isArray())
        return failure(JsonPatchResult::Error::InvalidPatch,
                       QStringLiteral("invalid JSON patch: expected an array of operations"));
    const QJsonArray operations = patch.toArray();
    if (operations.size() > MaxOperations) {
        JsonPatchResult result = failure(
            JsonPatchResult::Error::TooManyOperations,
            QStringLiteral("The allowed maximum operations in a JSON patch is %1, got %2")
                .arg(MaxOperations)
                .arg(operations.size()));
        result.operationCount = int(operations.size());
        return result;
    }

    QJsonValue current = document;
    qint64 copiedBytes = 0;
    qint64 budget = MaxInspectedValues;
    // A value placed at `pointer` puts its levels below the pointer's: the document stays readable
    // while pointer depth + value depth is within MaxDepth.
    auto fitsDepth = [&](const JsonPointer &pointer, const QJsonValue &value, Measure *m, QString *error) {
        const int levelsLeft = MaxDepth - int(std::min<qsizetype>(pointer.tokens().size(), MaxDepth));
        if (!measure(value, levelsLeft, &budget, m)) {
            *error = QStringLiteral("the patch inspects more than %1 values").arg(MaxInspectedValues);
            return false;
        }
        if (pointer.tokens().size() + m->depth > MaxDepth) {
            *error = QStringLiteral("the patched document would nest deeper than %1 levels").arg(MaxDepth);
            return false;
        }
        return true;
    };
    for (qsizetype i = 0; i < operations.size(); ++i) {
        const QString where = QStringLiteral("operation %1").arg(i);
        if (!operations.at(i).isObject())
            return failure(JsonPatchResult::Error::InvalidPatch,
                           where + QStringLiteral(": not an object"));
        const QJsonObject op = operations.at(i).toObject();
        const QString name = op.value(QLatin1String("op")).toString();
        if (!op.value(QLatin1String("path")).isString())
            return failure(JsonPatchResult::Error::InvalidPatch,
                           where + QStringLiteral(" (%1): missing \"path\"").arg(name));
        const QString pathText = op.value(QLatin1String("path")).toString();
        const std::optional<JsonPointer> path = JsonPointer::parse(pathText);
        if (!path)
            return failure(JsonPatchResult::Error::InvalidPatch,
                           where + QStringLiteral(": invalid path \"%1\"").arg(pathText));
        const bool needsValue = name == QLatin1String("add") || name == QLatin1String("replace")
                                || name == QLatin1String("test");
        const bool needsFrom = name == QLatin1String("move") || name == QLatin1String("copy");
        if (!needsValue && !needsFrom && name != QLatin1String("remove"))
            return failure(JsonPatchResult::Error::InvalidPatch,
                           where + QStringLiteral(": unknown op \"%1\"").arg(name));
        if (needsValue && !op.contains(QLatin1String("value")))
            return failure(JsonPatchResult::Error::InvalidPatch,
                           where + QStringLiteral(" (%1 %2): missing \"value\"").arg(name, pathText));
        std::optional<JsonPointer> from;
        if (needsFrom) {
            from = JsonPointer::parse(op.value(QLatin1String("from")).toString());
            if (!op.value(QLatin1String("from")).isString() || !from)
                return failure(JsonPatchResult::Error::InvalidPatch,
                               where + QStringLiteral(" (%1 %2): missing or invalid \"from\"")
                                           .arg(name, pathText));
        }

        QString error;
        bool ok = true;
        const QJsonValue value = op.value(QLatin1String("value"));
        Measure measured;
        if (name == QLatin1String("add")) {
            ok = fitsDepth(*path, value, &measured, &error)
                 && applyEdit(current, *path, Edit::Add, value, nullptr, &error);
        } else if (name == QLatin1String("remove")) {
            ok = applyEdit(current, *path, Edit::Remove, {}, nullptr, &error);
        } else if (name == QLatin1String("replace")) {
            ok = fitsDepth(*path, value, &measured, &error)
                 && applyEdit(current, *path, Edit::Replace, value, nullptr, &error);
        } else if (name == QLatin1String("test")) {
            const std::optional<QJsonValue> actual = path->resolve(current);
            if (!actual) {
                ok = false;
                error = QStringLiteral("missing value");
            } else if (*actual != value) {
                ok = false;
                error = QStringLiteral("test failed");
            }
        } else { // move, copy
            const std::optional<QJsonValue> source = from->resolve(current);
            if (!source) {
                ok = false;
                error = QStringLiteral("missing \"from\" value %1").arg(from->toString());
            } else if (name == QLatin1String("move")) {
                const QStringList &f = from->tokens();
                const QStringList &t = path->tokens();
                // A location cannot be moved into one of its own children (RFC 6902 4.4).
                if (t.size() > f.size() && t.mid(0, f.size()) == f) {
                    ok = false;
                    error = QStringLiteral("cannot move into a child of \"from\"");
                } else {
                    // Moving up or sideways cannot make the document deeper than it is.
                    ok = (t.size() <= f.size() || fitsDepth(*path, *source, &measured, &error))
                         && applyEdit(current, *from, Edit::Remove, {}, nullptr, &error)
                         && applyEdit(current, *path, Edit::Add, *source, nullptr, &error);
                }
            } else {
                ok = fitsDepth(*path, *source, &measured, &error);
                if (ok) {
                    copiedBytes += measured.bytes;
                    if (copiedBytes > MaxCopyBytes)
                        return failure(JsonPatchResult::Error::OperationFailed,
                                       QStringLiteral("Unable to complete the copy, the accumulated size increase of "
                                                      "copy is %1, exceeding the limit %2")
                                           .arg(copiedBytes)
                                           .arg(MaxCopyBytes));
                    ok = applyEdit(current, *path, Edit::Add, *source, nullptr, &error);
                }
            }
        }
        if (!ok)
            return failure(JsonPatchResult::Error::OperationFailed,
                           QStringLiteral("%1 operation at \"%2\" failed: %3").arg(name, pathText, error));
    }

    JsonPatchResult result;
    result.document = current;
    result.operationCount = int(operations.size());
    return result;
}

} // namespace cvc
