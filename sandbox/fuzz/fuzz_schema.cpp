// libFuzzer target: a CRD version's openAPIV3Schema and an object written against it, through
// what kube-sandbox does with them: the structural check at CRD admission (patterns compiled
// with RE2, C9), then pruning, defaulting and validation on every write. Input: schema JSON,
// NUL, object JSON. Pruning and defaulting are idempotent, as they are in kube-apiserver, and
// every field error names a field or says something.
#include "apimachinery/schemadefaulter.h"
#include "apimachinery/schemapruner.h"
#include "apimachinery/schemavalidator.h"
#include "apimachinery/structuralschema.h"
#include "fuzzinput.h"

#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzInput input(data, size);
    const std::optional<QJsonValue> schemaValue = input.json(0);
    const std::optional<QJsonValue> objectValue = input.json(1);
    if (!schemaValue || !schemaValue->isObject())
        return 0;
    const QJsonObject schema = schemaValue->toObject();
    const cvc::sandbox::FieldErrorList structural =
        cvc::sandbox::StructuralSchema::validate(schema, QStringLiteral("spec.versions[0].schema.openAPIV3Schema"));
    for (const cvc::sandbox::FieldError &error : structural) {
        if (error.toString().isEmpty())
            fuzzFailure("an empty structural schema error");
    }
    if (!structural.isEmpty() || !objectValue || !objectValue->isObject())
        return 0;

    const cvc::sandbox::PruneResult pruned = cvc::sandbox::SchemaPruner::prune(objectValue->toObject(), schema);
    const cvc::sandbox::PruneResult prunedAgain = cvc::sandbox::SchemaPruner::prune(pruned.object, schema);
    if (prunedAgain.object != pruned.object || !prunedAgain.unknownFields.isEmpty())
        fuzzFailure("pruning a pruned object changed it");
    const QJsonObject defaulted = cvc::sandbox::SchemaDefaulter::apply(pruned.object, schema);
    if (cvc::sandbox::SchemaDefaulter::apply(defaulted, schema) != defaulted)
        fuzzFailure("defaulting a defaulted object changed it");
    for (const cvc::sandbox::FieldError &error : cvc::sandbox::SchemaValidator::validate(defaulted, schema)) {
        if (error.toString().isEmpty())
            fuzzFailure("an empty validation error");
    }
    return 0;
}
