// libFuzzer target: arbitrary bytes as a watch response body, fed in chunks whose sizes come from
// the input itself. Must never crash; splitting must not change the decoded events.
#include "watcheventdecoder.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int step = 1 + data[0] % 17;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    cvc::WatchEventDecoder whole;
    QList<cvc::WatchEvent> a = whole.feed(input);
    a += whole.finish();

    cvc::WatchEventDecoder chunked;
    QList<cvc::WatchEvent> b;
    for (qsizetype i = 0; i < input.size(); i += step)
        b += chunked.feed(input.mid(i, step));
    b += chunked.finish();

    if (a.size() != b.size())
        std::abort();
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].type != b[i].type || a[i].object != b[i].object)
            std::abort();
    }
    return 0;
}
