#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cvc::sandbox {

// What kubectl 1.20's OpenAPI reader (kube-openapi pkg/util/proto/document.go as vendored by
// kubectl 1.20, NewOpenAPIData/ParseSchema) refuses: one bad definition and kubectl can neither
// validate nor explain anything. Returns "<path>: <reason>" per violation, empty when kubectl
// would accept the whole document.
class SwaggerChecker
{
public:
    static QStringList problems(const QJsonObject &swagger);
};

} // namespace cvc::sandbox
