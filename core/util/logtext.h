#pragma once

#include <QString>
#include <QStringView>

namespace cvc {

// Text that came from a client or a server (a request path, an error message, an object's name)
// made safe for a line-oriented log: it can neither start a forged log line nor drive the terminal.
// Control characters (C0, DEL, C1), the Unicode line and paragraph separators and the bidi
// embedding, override and isolate controls become visible escapes: \n, \r, \t, \xHH, \uHHHH.
// Everything else, backslashes included, stays as it was, so ordinary text reads unchanged.
namespace LogText {

QString escaped(QStringView text);

} // namespace LogText

} // namespace cvc
