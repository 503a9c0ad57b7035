// Swagger 2.0 JSON → gnostic openapi.v2.Document bytes: decoded again by protoc itself (what any
// protobuf reader sees), by the generated class read back into JSON (nothing lost, nothing
// invented), the Any.yaml text kube-openapi's reader unmarshals, and the reporting of keys with
// no place in the messages.
#include "gnosticjson.h"
#include "OpenAPIv2.pb.h"
#include "openapi/swaggerbuilder.h"
#include "openapi/swaggerprotoencoder.h"
#include "testresources.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace cvc::sandbox;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(QByteArray(text), &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("fixture: %s at %d", qPrintable(error.errorString()), error.offset);
    return o;
}

// Every message of openapi.v2 at least once (data/everything.json).
QJsonObject everything()
{
    QFile file(QStringLiteral(CVC_SOURCE_DIR "/sandbox/openapi/tests/data/everything.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return json(file.readAll().constData());
}

// `protoc --decode=openapi.v2.Document` of the bytes, in protobuf text format.
QString protocDecode(const QByteArray &bytes, QString *error)
{
    QProcess protoc;
    protoc.start(qEnvironmentVariable("CVC_PROTOC", QStringLiteral("protoc")),
                 {QStringLiteral("--decode=openapi.v2.Document"), QStringLiteral("-I"), qEnvironmentVariable("CVC_GNOSTIC_OPENAPIV2_DIR"),
                  QStringLiteral("-I"), qEnvironmentVariable("CVC_PROTOBUF_INCLUDE_DIR"), QStringLiteral("OpenAPIv2.proto")});
    protoc.write(bytes);
    protoc.closeWriteChannel();
    if (!protoc.waitForFinished(30000) || protoc.exitCode() != 0)
        *error = QString::fromUtf8(protoc.readAllStandardError()) + protoc.errorString();
    return QString::fromUtf8(protoc.readAllStandardOutput());
}

QJsonValue roundTrip(const QByteArray &bytes)
{
    openapi::v2::Document document;
    if (!document.ParseFromString(bytes.toStdString()))
        return QStringLiteral("<not a Document>");
    return testing::GnosticJson::toJson(document);
}

// The first place where two JSON values differ, for a readable failure.
QString difference(const QJsonValue &a, const QJsonValue &b, const QString &path = QStringLiteral("$"))
{
    if (a == b)
        return {};
    if (a.isObject() && b.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        QStringList keys = x.keys() + y.keys();
        keys.removeDuplicates();
        for (const QString &key : keys) {
            const QString d = difference(x.value(key), y.value(key), path + QLatin1Char('.') + key);
            if (!d.isEmpty())
                return d;
        }
    }
    if (a.isArray() && b.isArray() && a.toArray().size() == b.toArray().size()) {
        for (qsizetype i = 0; i < a.toArray().size(); ++i) {
            const QString d = difference(a.toArray().at(i), b.toArray().at(i), path + QStringLiteral("[%1]").arg(i));
            if (!d.isEmpty())
                return d;
        }
    }
    auto text = [](const QJsonValue &v) {
        return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    };
    return path + QStringLiteral(": ") + text(a) + QStringLiteral(" became ") + text(b);
}

} // namespace

class TestSwaggerProtoEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void protocDecodesTheMessages();
    void everyMessageRoundTrips();
    void servedDocumentRoundTrips();
    void extensionsAsKubeOpenApiReadsThem();
    void reportsWhatHasNoPlace();
};

void TestSwaggerProtoEncoder::protocDecodesTheMessages()
{
    const QJsonObject doc = json(R"({"swagger":"2.0","info":{"title":"Kubernetes","version":"v1.32.0"},
        "paths":{"/api/v1/namespaces/{name}":{"patch":{"operationId":"patchCoreV1Namespace",
          "consumes":["application/merge-patch+json"],
          "parameters":[{"name":"dryRun","in":"query","type":"string","uniqueItems":true},{"$ref":"#/parameters/body"}],
          "responses":{"200":{"description":"OK","schema":{"$ref":"#/definitions/N"}}},
          "x-kubernetes-group-version-kind":{"group":"","kind":"Namespace","version":"v1"}}}},
        "definitions":{"N":{"type":"object","required":["spec"],
          "properties":{"spec":{"additionalProperties":{"type":"string"},"type":"object"},
                        "finalizers":{"items":{"type":"string"},"type":"array","x-kubernetes-patch-strategy":"merge"}}}}})");
    QString error;
    const QString text = protocDecode(SwaggerProtoEncoder::encode(doc), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString expected = QStringLiteral(R"(swagger: "2.0"
info {
  title: "Kubernetes"
  version: "v1.32.0"
}
paths {
  path {
    name: "/api/v1/namespaces/{name}"
    value {
      patch {
        operation_id: "patchCoreV1Namespace"
        consumes: "application/merge-patch+json"
        parameters {
          parameter {
            non_body_parameter {
              query_parameter_sub_schema {
                in: "query"
                name: "dryRun"
                type: "string"
                unique_items: true
              }
            }
          }
        }
        parameters {
          json_reference {
            _ref: "#/parameters/body"
          }
        }
        responses {
          response_code {
            name: "200"
            value {
              response {
                description: "OK"
                schema {
                  schema {
                    _ref: "#/definitions/N"
                  }
                }
              }
            }
          }
        }
        vendor_extension {
          name: "x-kubernetes-group-version-kind"
          value {
            yaml: "group: \"\"\nkind: Namespace\nversion: v1\n"
          }
        }
      }
    }
  }
}
definitions {
  additional_properties {
    name: "N"
    value {
      required: "spec"
      type {
        value: "object"
      }
      properties {
        additional_properties {
          name: "finalizers"
          value {
            type {
              value: "array"
            }
            items {
              schema {
                type {
                  value: "string"
                }
              }
            }
            vendor_extension {
              name: "x-kubernetes-patch-strategy"
              value {
                yaml: "merge\n"
              }
            }
          }
        }
        additional_properties {
          name: "spec"
          value {
            additional_properties {
              schema {
                type {
                  value: "string"
                }
              }
            }
            type {
              value: "object"
            }
          }
        }
      }
    }
  }
}
)");
    QCOMPARE(text, expected);
}

void TestSwaggerProtoEncoder::everyMessageRoundTrips()
{
    const QJsonObject doc = everything();
    QStringList problems;
    const QByteArray bytes = SwaggerProtoEncoder::encode(doc, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
    const QJsonValue back = roundTrip(bytes);
    QVERIFY2(back == QJsonValue(doc), qPrintable(difference(doc, back)));
    QString error;
    const QString text = protocDecode(bytes, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const char *field : {"oauth2_access_code_security", "form_data_parameter_sub_schema", "header_parameter_sub_schema",
                              "path_parameter_sub_schema", "file_schema", "all_of", "terms_of_service", "xml {"})
        QVERIFY2(text.contains(QLatin1String(field)), field);
}

// `value` without the `"minimum": 0` members proto3 cannot carry.
QJsonObject withoutZeroMinimum(const QJsonObject &value)
{
    QJsonObject out;
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (it.key() == QLatin1String("minimum") && it.value().isDouble() && it.value().toDouble() == 0)
            continue;
        if (it.value().isObject()) {
            out.insert(it.key(), withoutZeroMinimum(it.value().toObject()));
        } else if (it.value().isArray()) {
            QJsonArray items;
            for (const QJsonValue &item : it.value().toArray())
                items.append(item.isObject() ? QJsonValue(withoutZeroMinimum(item.toObject())) : item);
            out.insert(it.key(), items);
        } else {
            out.insert(it.key(), it.value());
        }
    }
    return out;
}

// What /openapi/v2 serves: every definition, path and extension survives the protobuf form.
void TestSwaggerProtoEncoder::servedDocumentRoundTrips()
{
    const QJsonObject doc = SwaggerBuilder::build(testing::builtinResources()
                                                      + testing::crdResources(testing::crdObject(testing::projectCrdPath())),
                                                  QStringLiteral("v1.32.0"));
    const QByteArray bytes = SwaggerProtoEncoder::encode(doc);
    const QJsonValue back = roundTrip(bytes);
    // gnostic's Schema.minimum is a proto3 double: 0 is its default and is not on the wire, so
    // kube's protobuf form loses `minimum: 0` (spec.costBasis) exactly as this one does.
    const QJsonObject expected = withoutZeroMinimum(doc);
    QVERIFY2(back == QJsonValue(expected), qPrintable(difference(expected, back)));
    QString error;
    const QString text = protocDecode(bytes, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(text.contains(QLatin1String("name: \"tools.crypto.v1.CryptoValueCalculator\"")));
    QVERIFY(text.contains(QLatin1String("_ref: \"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\"")));
    const qsizetype start = text.indexOf(QLatin1String("\ndefinitions {\n"));
    const QString definitions = text.mid(start, text.indexOf(QLatin1String("\n}\n"), start) - start);
    QCOMPARE(definitions.count(QLatin1String("\n  additional_properties {\n    name: ")),
             doc.value(QStringLiteral("definitions")).toObject().size());
}

// kube-openapi's VendorExtensionToMap yaml-unmarshals Any.yaml; kubectl then needs a list of maps
// with string group/version/kind (an empty group must stay a string, "") and plain strings for
// the patch strategy and merge key.
void TestSwaggerProtoEncoder::extensionsAsKubeOpenApiReadsThem()
{
    const QJsonObject doc = SwaggerBuilder::build(testing::builtinResources(), QStringLiteral("v1.32.0"));
    openapi::v2::Document document;
    QVERIFY(document.ParseFromString(SwaggerProtoEncoder::encode(doc).toStdString()));
    QMap<QString, QString> configMap;
    QMap<QString, QString> ownerReferences;
    for (const auto &named : document.definitions().additional_properties()) {
        if (named.name() == "io.k8s.api.core.v1.ConfigMap") {
            for (const auto &ext : named.value().vendor_extension())
                configMap.insert(QString::fromStdString(ext.name()), QString::fromStdString(ext.value().yaml()));
        }
        if (named.name() == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") {
            for (const auto &property : named.value().properties().additional_properties()) {
                if (property.name() != "ownerReferences")
                    continue;
                for (const auto &ext : property.value().vendor_extension())
                    ownerReferences.insert(QString::fromStdString(ext.name()), QString::fromStdString(ext.value().yaml()));
            }
        }
    }
    QCOMPARE(configMap.value("x-kubernetes-group-version-kind"), QStringLiteral("- group: \"\"\n  kind: ConfigMap\n  version: v1\n"));
    QCOMPARE(ownerReferences.value("x-kubernetes-patch-strategy"), QStringLiteral("merge\n"));
    QCOMPARE(ownerReferences.value("x-kubernetes-patch-merge-key"), QStringLiteral("uid\n"));
    QCOMPARE(ownerReferences.value("x-kubernetes-list-map-keys"), QStringLiteral("- uid\n"));
}

void TestSwaggerProtoEncoder::reportsWhatHasNoPlace()
{
    QStringList problems;
    SwaggerProtoEncoder::encode(json(R"({"swagger":"2.0","openapi":"3.0.0","definitions":{"A":{"type":"object",
        "properties":{"x":{"type":"string","nullable":true}}}},"paths":{"/a":{"get":{"requestBody":{}}}}})"),
                                &problems);
    QCOMPARE(problems, (QStringList{"definitions/A/properties/x/nullable: no such field in openapi.v2, skipped",
                                    "openapi: no such field in openapi.v2, skipped",
                                    "paths//a/get/requestBody: no such field in openapi.v2, skipped"}));
}

QTEST_GUILESS_MAIN(TestSwaggerProtoEncoder)
#include "tst_swaggerprotoencoder.moc"
