// libFuzzer target: JSONPath as CRD printer columns and kubectl templates use it.
// Input: path text, NUL, JSON document. Parsing must end in a path or a short error (never a
// stack overflow, C3); evaluation must stay within its visit budget.
#include "fuzzinput.h"
#include "json/jsonpath.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzInput input(data, size);
    const QString text = QString::fromUtf8(input.part(0));
    QString error;
    const std::optional<cvc::JsonPath> path = cvc::JsonPath::parse(text, &error);
    if (!path) {
        if (error.isEmpty())
            fuzzFailure("a refused path has no error message");
        if (error.size() > 1000)
            fuzzFailure("an error message quotes the whole path");
        return 0;
    }
    const QJsonValue document = input.json(1).value_or(
        QJsonDocument::fromJson(R"({"spec":{"a":[1,{"b":"x"},[true,null]]},"items":[{"x":1},{"x":2}]})").object());
    const QList<QJsonValue> values = path->evaluate(document);
    if (values.size() > cvc::JsonPath::MaxVisitedValues)
        fuzzFailure("evaluation went past its budget");
    path->first(document);
    path->render(document);
    return 0;
}
