#pragma once

#include "json/yamlconverter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

// Small helpers shared by the apimachinery tests.
namespace testjson {

// Parses JSON text (any value) or dies: test fixtures are written by hand.
inline QJsonValue parse(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("{\"v\":" + text.toUtf8() + "}", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON (%s): %s", qPrintable(error.errorString()), qPrintable(text));
    return doc.object().value(QStringLiteral("v"));
}

inline QJsonObject object(const QString &text)
{
    return parse(text).toObject();
}

// Parses YAML written in the test (one document).
inline QJsonObject yaml(const QByteArray &text)
{
    const cvc::YamlDocuments docs = cvc::YamlConverter::parseDocuments(text);
    if (!docs.ok() || docs.documents.size() != 1)
        qFatal("bad test YAML: %s", qPrintable(docs.error));
    return docs.documents.first().toObject();
}

// The project's CRD (crds/cryptovaluecalculators.yaml).
inline QJsonObject cvcCrd()
{
    QFile file(QStringLiteral(CVC_SOURCE_DIR "/crds/cryptovaluecalculators.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the CRD");
    return yaml(file.readAll());
}

inline QJsonObject cvcVersion()
{
    return cvcCrd().value(QStringLiteral("spec")).toObject().value(QStringLiteral("versions")).toArray().at(0).toObject();
}

inline QJsonObject cvcSchema()
{
    return cvcVersion().value(QStringLiteral("schema")).toObject().value(QStringLiteral("openAPIV3Schema")).toObject();
}

} // namespace testjson
