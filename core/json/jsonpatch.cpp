#include "json/jsonpatch.h"

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
        if (name == QLatin1String("add")) {
            ok = applyEdit(current, *path, Edit::Add, value, nullptr, &error);
        } else if (name == QLatin1String("remove")) {
            ok = applyEdit(current, *path, Edit::Remove, {}, nullptr, &error);
        } else if (name == QLatin1String("replace")) {
            ok = applyEdit(current, *path, Edit::Replace, value, nullptr, &error);
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
                    ok = applyEdit(current, *from, Edit::Remove, {}, nullptr, &error)
                         && applyEdit(current, *path, Edit::Add, *source, nullptr, &error);
                }
            } else {
                ok = applyEdit(current, *path, Edit::Add, *source, nullptr, &error);
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
