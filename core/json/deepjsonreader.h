#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace cvc {

// Reads JSON that nests deeper than Qt's parser accepts (1024 levels, where kube-apiserver stores
// objects far deeper), so that one such object in a LIST or a watch stream cannot make the whole
// answer unreadable. rapidjson's iterative parser has no recursion and no depth limit; members
// are handed over as Qt values one by one, and only those that fit Qt's limit.
//
//   DeepJsonReader list(body);
//   for (int i = 0; i < list.arraySize(u"items"); ++i)
//       if (auto item = list.objectAt(u"items", i)) use(*item); else skip(list.identityAt(u"items", i));
class DeepJsonReader
{
public:
    // Qt's own limit (QJsonParseError::DeepNesting): what fits it converts, what does not is skipped.
    static constexpr int MaxQtDepth = 1024;
    // kube-apiserver's JSON decoder refuses deeper nesting (sigs.k8s.io/json, "exceeded max depth").
    static constexpr int KubeMaxDepth = 10000;

    explicit DeepJsonReader(const QByteArray &json);
    ~DeepJsonReader();
    DeepJsonReader(const DeepJsonReader &) = delete;
    DeepJsonReader &operator=(const DeepJsonReader &) = delete;

    // False when the text is not JSON or its top level is not an object.
    bool isValid() const;
    QString errorString() const;

    // The whole top-level object when it nests at most `maxDepth` levels (counted as Qt does);
    // Qt holds deeper values than its parser reads, so a server that stores what kube-apiserver
    // stores can use this where QJsonDocument::fromJson gives up. Converting recurses once per level.
    std::optional<QJsonObject> object(int maxDepth) const;
    // The top-level member `key`, converted when it fits Qt's depth limit; nullopt when absent or too deep.
    std::optional<QJsonValue> member(QStringView key) const;
    // The top-level members that fit, without `exceptKey` (e.g. a LIST without its items).
    QJsonObject membersExcept(QStringView exceptKey) const;
    // -1 when the top-level member `key` is not an array.
    int arraySize(QStringView key) const;
    // Element `index` of the top-level array `key` when it is an object that fits Qt's limit.
    std::optional<QJsonObject> objectAt(QStringView key, int index) const;
    // What identifies a Kubernetes object that could not be converted: apiVersion, kind and
    // metadata's name, namespace, uid and resourceVersion (strings only; read without conversion).
    QJsonObject identityAt(QStringView key, int index) const;
    // The same for the top-level member `key` itself (a watch event's "object").
    QJsonObject identityOf(QStringView key) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace cvc
