// libFuzzer target: the labelSelector and fieldSelector query parameters of every list and
// watch. Input: selector text, NUL, labels as a JSON object (optional). Parsing ends in a
// selector or an error message; matching never fails.
#include "apimachinery/fieldselector.h"
#include "apimachinery/labelselector.h"
#include "fuzzinput.h"

#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzInput input(data, size);
    const QString text = QString::fromUtf8(input.part(0));
    const QJsonObject labels = input.json(1).value_or(QJsonValue()).toObject();
    const QJsonObject object{{QStringLiteral("metadata"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("n")},
                                          {QStringLiteral("namespace"), QStringLiteral("default")},
                                          {QStringLiteral("labels"), labels}}},
                             {QStringLiteral("involvedObject"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("Pod")}}},
                             {QStringLiteral("reason"), QStringLiteral("Started")}};

    QString error;
    const std::optional<cvc::sandbox::LabelSelector> label = cvc::sandbox::LabelSelector::parse(text, &error);
    if (label) {
        label->matches(labels);
        label->matchesObject(object);
    } else if (error.isEmpty()) {
        fuzzFailure("a refused label selector has no error message");
    }

    for (const auto &fields : {cvc::sandbox::FieldSelector::customResourceFields(), cvc::sandbox::FieldSelector::eventFields()}) {
        error.clear();
        const std::optional<cvc::sandbox::FieldSelector> field = cvc::sandbox::FieldSelector::parse(text, fields, &error);
        if (field)
            field->matches(object);
        else if (error.isEmpty())
            fuzzFailure("a refused field selector has no error message");
    }
    return 0;
}
